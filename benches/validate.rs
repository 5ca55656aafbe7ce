//! `validate_draft` on realistic prompts of 100 KB to 1 MB, with many `@references` (some
//! unknown, so suggestions run too), checking that the time grows linearly.
//!
//! Run with `cargo bench --bench validate`. A plain `main` timed with `std::time::Instant` (this
//! is native only; `Instant` panics on `wasm32-unknown-unknown`). Exits non-zero when the
//! scaling exponent log(t1M / t100K) / log(10) is far from linear.

use std::hint::black_box;
use std::time::{Duration, Instant};

use prompt_assist::json::Value;
use prompt_assist::validate::validate_draft;
use serde_json::json;

fn context() -> Value {
    let mut fields: Vec<String> = (0..200).map(|i| format!("field{i}")).collect();
    fields.push("firstName".into());
    fields.push("propertyName".into());
    Value::from(json!({
        "firstName": "Alex",
        "propertyName": "Maple Court",
        "Lead fields": fields,
        "contact": { "email": "a@b.c", "phone": "1", "Address": ["city", "zip"] },
    }))
}

/// A prompt of about `bytes` bytes: sections with text, attributes, CDATA, comments, emoji and
/// CJK, and a reference every few words.
fn prompt(bytes: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<prompt>\n  <role>Leasing assistant 😀 日本</role>\n",
    );
    let mut i = 0usize;
    while xml.len() < bytes {
        xml.push_str(&format!(
            "  <rule name=\"r{i}\">Greet @firstName at @propertyName, mail @contact.email or leo@example.com; \
             field @field{} and @frstName{} (unknown) — 日本語 😀 text text text.</rule>\n\
             \x20 <example id=\"e{i}\" to=\"@contact.phone\"><![CDATA[@contact.city <b>]]><!-- @skip --> ok</example>\n",
            i % 200,
            i % 7
        ));
        i += 1;
    }
    xml.push_str("</prompt>\n");
    xml
}

/// Times one validation, returning the counts too so the work cannot be optimised away.
fn once(xml: &str, context: &Value) -> (Duration, usize, usize) {
    let started = Instant::now();
    let v = black_box(validate_draft(black_box(xml), Some(context)));
    (started.elapsed(), v.variables.len(), v.issues.len())
}

/// Rounds over all sizes, keeping each size's best time: interleaving the sizes keeps a burst
/// of load on a shared machine from landing on one size only.
const ROUNDS: usize = 25;

fn main() {
    let context = context();
    let sizes = [100_000, 250_000, 500_000, 1_000_000];
    let prompts: Vec<String> = sizes.iter().map(|&size| prompt(size)).collect();
    let mut best = vec![(Duration::MAX, 0, 0); prompts.len()];
    for _ in 0..ROUNDS {
        for (xml, best) in prompts.iter().zip(best.iter_mut()) {
            let (t, refs, issues) = once(xml, &context);
            if t < best.0 {
                *best = (t, refs, issues);
            }
        }
    }
    println!(
        "{:>10} {:>10} {:>10} {:>8} {:>10}",
        "bytes", "refs", "issues", "ms", "MB/s"
    );
    for (xml, &(t, refs, issues)) in prompts.iter().zip(&best) {
        println!(
            "{:>10} {:>10} {:>10} {:>8.2} {:>10.1}",
            xml.len(),
            refs,
            issues,
            t.as_secs_f64() * 1e3,
            xml.len() as f64 / t.as_secs_f64() / 1e6
        );
    }
    let seconds = |i: usize| best.get(i).map_or(f64::NAN, |b| b.0.as_secs_f64());
    let exponent = (seconds(3) / seconds(0)).ln() / 10f64.ln();
    println!("scaling exponent log(t1M/t100K)/log(10) = {exponent:.3} (1.0 is linear)");
    // The fixed cost per call (normalising the context, small allocations) weighs most at
    // 100 KB; the exponent between 250 KB and 1 MB shows the per-byte cost alone.
    let upper = (seconds(3) / seconds(1)).ln() / 4f64.ln();
    println!("scaling exponent log(t1M/t250K)/log(4) = {upper:.3}");
    if exponent > 1.3 {
        eprintln!("not linear: exponent {exponent:.3} > 1.3");
        std::process::exit(1);
    }
}
