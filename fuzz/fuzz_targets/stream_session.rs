//! The framer plus the session, fed arbitrary bytes in arbitrary chunkings.
//! Invariant: the events and the snapshot do not depend on where the chunks were cut.
//!
//! The input is the raw stream, so the fixture streams seed the corpus as they are; the cuts come
//! from a small PRNG seeded by the input, and every other input uses a tiny line limit so that
//! `line-too-long` is exercised as often as ordinary lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::session::{Session, SessionOptions};

fn options(max_line_bytes: usize) -> SessionOptions {
    SessionOptions {
        current_prompt: "<prompt><role>Leasing assistant</role><rule>Be brief.</rule></prompt>"
            .into(),
        variable_context: Some(
            serde_json::json!({"firstName": "Alex", "contact": {"email": "a@b.c"}}).into(),
        ),
        max_line_bytes,
        secret: None,
    }
}

fuzz_target!(|stream: &[u8]| {
    let mut seed = stream.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    }) | 1;
    let limit = if seed % 2 == 0 { 48 } else { 8 * 1024 * 1024 };

    let mut whole = Session::new(options(limit));
    let mut expected = whole.push(stream);
    expected.extend(whole.finish());

    let mut chunked = Session::new(options(limit));
    let mut got = Vec::new();
    let mut rest = stream;
    while !rest.is_empty() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 9) as usize; // 0..=8 bytes: empty chunks too
        let (head, tail) = rest.split_at(n.min(rest.len()));
        got.extend(chunked.push(head));
        rest = tail;
    }
    got.extend(chunked.finish());

    assert_eq!(got, expected);
    assert_eq!(chunked.snapshot(), whole.snapshot());
    assert!(whole.snapshot().phase.is_terminal());
});
