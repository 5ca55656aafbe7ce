//! Native benchmark of `diff_prompts` + `render_diff_html` on realistic prompt pairs of about
//! 10 KB, 100 KB and 1 MB: `after` has about 2% of its words edited (replaced, inserted or
//! deleted, scattered), one section moved and one section added.
//!
//! Run with `cargo bench --bench diff`. Prints the best of a few runs per size and the scaling
//! exponent from 100 KB to 1 MB, `log10(t(1 MB) / t(100 KB))` (1.0 is linear); then the diff
//! alone of a 20 KB prompt of about 140 sections (the size a draft has), and `merge_draft` with
//! every other section taken at each size. Not a criterion
//! bench on purpose: a plain `fn main` with `std::time::Instant` needs no extra dependency.

use std::time::{Duration, Instant};

use prompt_assist::diff::{diff_prompts, merge_draft, render_diff_html, Decisions, Layout};

const WORDS: &[&str] = &[
    "the",
    "lead",
    "tour",
    "apartment",
    "resident",
    "price",
    "never",
    "always",
    "ask",
    "for",
    "their",
    "move-in",
    "date",
    "budget",
    "and",
    "pets",
    "be",
    "brief",
    "friendly",
    "offer",
    "a",
    "time",
    "slot",
    "confirm",
    "@firstName",
    "@propertyName",
    "schedule",
    "follow",
    "up",
    "within",
    "one",
    "day",
    "do",
    "not",
    "promise",
    "discounts",
    "amenities",
    "include",
    "pool",
    "gym",
    "parking",
    "laundry",
    "answer",
    "questions",
    "about",
    "lease",
    "terms",
    "politely",
];

/// A small deterministic generator (xorshift64*), so every run diffs the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.word());
        }
        s.push('.');
        s
    }
}

/// Section bodies (tag, text) adding up to about `bytes`.
fn sections(rng: &mut Rng, bytes: usize) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "role".to_string(),
            "Leasing assistant for @propertyName.".to_string(),
        ),
        ("goal".to_string(), "Convert leads into tours.".to_string()),
    ];
    let mut total = 0;
    let mut n = 0;
    while total < bytes {
        let tag = match n % 5 {
            0..=2 => "rule",
            3 => "example",
            _ => "context",
        };
        let sentences = 1 + rng.below(if tag == "rule" { 2 } else { 6 });
        let text: Vec<String> = (0..sentences)
            .map(|_| {
                let len = 6 + rng.below(12);
                rng.sentence(len)
            })
            .collect();
        let text = text.join(" ");
        total += text.len() + 2 * tag.len() + 8;
        out.push((tag.to_string(), text));
        n += 1;
    }
    out
}

fn render(sections: &[(String, String)]) -> String {
    let mut s = String::from("<prompt>\n");
    for (tag, text) in sections {
        s.push_str(&format!("  <{tag}>{text}</{tag}>\n"));
    }
    s.push_str("</prompt>\n");
    s
}

/// Edits about 2% of the words, moves one section and adds one.
fn edit(rng: &mut Rng, before: &[(String, String)]) -> Vec<(String, String)> {
    let mut after: Vec<(String, String)> = before
        .iter()
        .map(|(tag, text)| {
            let edited: Vec<String> = text
                .split(' ')
                .filter_map(|w| match rng.below(150) {
                    0 => Some(rng.word().to_string()),
                    1 => None,
                    2 => Some(format!("{w} {}", rng.word())),
                    _ => Some(w.to_string()),
                })
                .collect();
            (tag.clone(), edited.join(" "))
        })
        .collect();
    let from = after.len() / 5;
    let moved = after.remove(from);
    let to = after.len() * 4 / 5;
    after.insert(to, moved);
    let added = after.len() / 2;
    after.insert(
        added,
        (
            "rule".to_string(),
            "Always offer a virtual tour as well.".to_string(),
        ),
    );
    after
}

fn time_it(before: &str, after: &str) -> (Duration, usize, usize) {
    let mut best = Duration::MAX;
    let mut html_len = 0;
    let mut sections = 0;
    let runs = if before.len() > 500_000 { 3 } else { 7 };
    for _ in 0..runs {
        let start = Instant::now();
        let diff = diff_prompts(before, after);
        let html = render_diff_html(&diff, Layout::Inline);
        let elapsed = start.elapsed();
        best = best.min(elapsed);
        html_len = html.len();
        sections = diff.sections.len();
        std::hint::black_box(html);
    }
    (best, html_len, sections)
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut times = Vec::new();
    for (label, bytes) in [("10 KB", 10_000), ("100 KB", 100_000), ("1 MB", 1_000_000)] {
        let before_sections = sections(&mut rng, bytes);
        let after_sections = edit(&mut rng, &before_sections);
        let before = render(&before_sections);
        let after = render(&after_sections);
        let (t, html_len, sections) = time_it(&before, &after);
        println!(
            "{label:>6}: {:>8} bytes -> {:>9.2} ms  ({sections} sections, {html_len} bytes of HTML)",
            before.len(),
            t.as_secs_f64() * 1e3
        );
        times.push(t.as_secs_f64());
    }
    if let [_, t100k, t1m] = times[..] {
        println!(
            "scaling 100 KB -> 1 MB: log10(t1M/t100K) = {:.2} (1.00 is linear)",
            (t1m / t100k).log10()
        );
    }
    // The same kind of 1 MB pair written on one line: no line structure to cut the word diff.
    let before_sections = sections(&mut rng, 1_000_000);
    let after_sections = edit(&mut rng, &before_sections);
    let before = render(&before_sections).replace('\n', "");
    let after = render(&after_sections).replace('\n', "");
    let (t, _, _) = time_it(&before, &after);
    println!("1 MB on one line: {:.2} ms", t.as_secs_f64() * 1e3);
    // The worst case for a word diff: two unrelated 1 MB prompts (the cost bound's fallback).
    let before = render(&sections(&mut rng, 1_000_000));
    let after = render(&sections(&mut rng, 1_000_000));
    let start = Instant::now();
    let diff = diff_prompts(&before, &after);
    let html = render_diff_html(&diff, Layout::Split);
    println!(
        "unrelated 1 MB pair: {:.2} ms (granularity {:?}, {} bytes of HTML)",
        start.elapsed().as_secs_f64() * 1e3,
        diff.granularity,
        html.len()
    );

    // The diff alone at the size of a real draft, and merging with half the sections taken.
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let before_sections = sections(&mut rng, 20_000);
    let after_sections = edit(&mut rng, &before_sections);
    let (before, after) = (render(&before_sections), render(&after_sections));
    let best = best_of(15, || {
        std::hint::black_box(diff_prompts(&before, &after));
    });
    println!(
        "20 KB draft ({} sections), diff only: {:.3} ms",
        after_sections.len(),
        best * 1e3
    );
    for (label, bytes) in [("20 KB", 20_000), ("100 KB", 100_000), ("1 MB", 1_000_000)] {
        let before_sections = sections(&mut rng, bytes);
        let after_sections = edit(&mut rng, &before_sections);
        let (before, after) = (render(&before_sections), render(&after_sections));
        let diff = diff_prompts(&before, &after);
        let decisions = Decisions::from_entries(
            diff.sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.path.clone(), i % 2 == 0)),
        );
        let mut edits = 0;
        let best = best_of(if bytes > 500_000 { 3 } else { 9 }, || {
            let merged = merge_draft(&diff, &decisions).expect("a diff of this crate merges");
            edits = merged.edits.len();
            std::hint::black_box(merged);
        });
        println!(
            "mergeDraft {label:>6}, every other section taken: {:.3} ms ({edits} edits)",
            best * 1e3
        );
    }
}

/// The best time of `runs` runs of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
