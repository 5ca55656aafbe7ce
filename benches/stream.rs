//! Native throughput of the stream path: `cargo bench --bench stream`.
//!
//! Builds a ~16 MB realistic answer stream (mostly small assistant and reasoning deltas with
//! accented letters, emoji and CJK, some status lines, a few draft-ready events with ~5 KB
//! prompts, a few junk lines), feeds it in 4 KB chunks, and prints MB/s for the line framer alone
//! and for the whole session (framing, JSON decoding, the state machine, draft checks). No
//! criterion: a plain `main` timed with `std::time::Instant`, native only (`Instant` panics on
//! `wasm32-unknown-unknown`).
//!
//! `cargo test --all-targets` also runs this binary, without the `--bench` flag that
//! `cargo bench` passes: it then runs once over a 256 KB stream, as a smoke test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use prompt_assist::session::Session;
use prompt_assist::stream::{Frame, LineFramer};

const BENCH_BYTES: usize = 16 * 1024 * 1024;
const SMOKE_BYTES: usize = 256 * 1024;
const CHUNK: usize = 4096;

/// A small deterministic generator, so every run measures the same bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() as usize) % items.len();
        items.get(i).copied().unwrap_or_default()
    }
}

const WORDS: &[&str] = &[
    "the ",
    "lead ",
    "tour ",
    "prompt ",
    "goal ",
    "résumé ",
    "café ",
    "naïve ",
    "🎉 ",
    "✍️ ",
    "日本語 ",
    "対応 ",
    "@firstName ",
    "@propertyName ",
    "section ",
    "rule ",
    "warm ",
    "brief ",
    "schedule ",
    "follow-up ",
    "\"quoted\" ",
    "tab\t",
    "line\\n",
    "Zoë ",
    "👩🏽‍💻 ",
];

const STATUS: &[&str] = &[
    "Reading your prompt",
    "Checking variables",
    "Planning changes",
    "Writing the draft",
];

const JUNK: &[&str] = &[
    ": keep-alive",
    "<html><body>502 Bad Gateway</body></html>",
    "[1,2,3]",
    "{\"type\":\"assistant-delta\",\"delta\":5}",
    "{\"type\":\"usage\",\"inputTokens\":1200}",
];

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn draft_prompt(rng: &mut Lcg) -> String {
    let mut prompt = String::from(
        "<prompt>\n  <role>Leasing assistant for @propertyName</role>\n  <goal>Convert leads into tours.</goal>\n  <rules>\n",
    );
    while prompt.len() < 5 * 1024 {
        prompt.push_str("    <rule>");
        for _ in 0..12 {
            prompt.push_str(rng.pick(&WORDS[..WORDS.len() - 3]));
        }
        prompt.push_str("</rule>\n");
    }
    prompt.push_str("  </rules>\n</prompt>");
    prompt
}

/// The stream, and how many lines of each kind it has.
fn build_stream(target_bytes: usize) -> (Vec<u8>, [usize; 4]) {
    let mut rng = Lcg(0x5eed);
    let mut out = String::with_capacity(target_bytes + 64 * 1024);
    out.push_str("{\"type\":\"mode\",\"mode\":\"draft\",\"label\":\"Drafting\"}\n");
    let mut n = 0u64;
    // deltas, status, drafts, junk
    let mut kinds = [0usize, 1, 1, 0];
    out.push_str("{\"type\":\"status\",\"label\":\"Reading your prompt\"}\n");
    let prompt = json_string(&draft_prompt(&mut rng));
    out.push_str(&format!(
        "{{\"type\":\"draft-ready\",\"prompt\":{prompt}}}\n"
    ));
    while out.len() < target_bytes {
        n += 1;
        let roll = rng.next() % 1000;
        if roll < 8 {
            kinds[1] += 1;
            let label = rng.pick(STATUS);
            out.push_str(&format!(
                "{{\"type\":\"status\",\"label\":\"{label}\",\"section\":\"rules\"}}\n"
            ));
        } else if roll < 9 && n % 25 == 0 {
            kinds[2] += 1;
            let prompt = json_string(&draft_prompt(&mut rng));
            out.push_str(&format!(
                "{{\"type\":\"draft-ready\",\"prompt\":{prompt},\"section\":\"rules\"}}\n"
            ));
        } else if roll < 10 {
            kinds[3] += 1;
            out.push_str(rng.pick(JUNK));
            out.push('\n');
        } else {
            kinds[0] += 1;
            let kind = if roll < 300 {
                "reasoning-delta"
            } else {
                "assistant-delta"
            };
            let mut delta = String::new();
            for _ in 0..(1 + rng.next() % 4) {
                delta.push_str(rng.pick(WORDS));
            }
            out.push_str(&format!(
                "{{\"type\":\"{kind}\",\"delta\":{}}}\n",
                json_string(&delta)
            ));
        }
    }
    out.push_str("{\"type\":\"done\"}\n");
    (out.into_bytes(), kinds)
}

fn measure(name: &str, bytes: usize, runs: usize, mut run: impl FnMut() -> u64) -> u64 {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut items = 0;
    for _ in 0..runs {
        let start = Instant::now();
        items = black_box(run());
        times.push(start.elapsed());
    }
    times.sort();
    let mb = bytes as f64 / 1e6;
    let best = times.first().copied().unwrap_or_default().as_secs_f64();
    let median = times
        .get(runs / 2)
        .copied()
        .unwrap_or_default()
        .as_secs_f64();
    println!(
        "{name:<8} {:>8.1} MB/s median, {:>8.1} MB/s best ({items} items, {runs} runs)",
        mb / median,
        mb / best,
    );
    items
}

fn main() {
    let bench = std::env::args().any(|arg| arg == "--bench");
    let (target, runs) = if bench {
        (BENCH_BYTES, 7)
    } else {
        (SMOKE_BYTES, 1)
    };
    let (stream, [deltas, status, drafts, junk]) = build_stream(target);
    println!(
        "stream: {:.1} MB: {deltas} deltas, {status} status, {drafts} drafts of ~5 KB, {junk} junk \
         lines; fed in {CHUNK}-byte chunks",
        stream.len() as f64 / 1e6
    );

    let lines = measure("framer", stream.len(), runs, || {
        let mut framer = LineFramer::default();
        let mut count = 0u64;
        let mut sink = |frame: Frame<'_>| {
            if let Frame::Line { text, .. } = frame {
                black_box(text);
            }
            count += 1;
        };
        for chunk in stream.chunks(CHUNK) {
            framer.push(black_box(chunk), &mut sink);
        }
        framer.finish(&mut sink);
        count
    });

    let events = measure("session", stream.len(), runs, || {
        let mut session = Session::default();
        let mut out = Vec::new();
        let mut count = 0u64;
        for chunk in stream.chunks(CHUNK) {
            session.push_into(black_box(chunk), &mut out);
            count += out.len() as u64;
            out.clear();
        }
        count += session.finish().len() as u64;
        black_box(session.snapshot());
        count
    });
    // One event per line: every line is an event or a warning, and nothing is cut.
    let expected = deltas + status + drafts + junk + 2; // + mode + done
    assert_eq!(
        (lines, events),
        (expected as u64, expected as u64),
        "lines, events"
    );
}
