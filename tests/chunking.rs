//! Chunking never changes the result (API.md §3 *Framing*): for every fixture stream, any way of
//! cutting its bytes into chunks gives exactly the events and the snapshot of the one-piece run.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{
    events_json, fixture_names, run_cut, run_json_cut, run_pieces, run_whole, snapshot_json,
    Fixture,
};
use proptest::prelude::*;
use proptest::sample::Index;

fn fixtures() -> Vec<Fixture> {
    let fixtures: Vec<Fixture> = fixture_names().iter().map(|n| Fixture::load(n)).collect();
    assert!(fixtures.len() >= 19, "fixtures missing");
    fixtures
}

#[test]
fn every_single_split_point() {
    for fixture in fixtures() {
        let whole = fixture.run(&[]);
        for cut in 0..=fixture.bytes.len() {
            let split = fixture.run(&[cut]);
            assert_eq!(
                split.0, whole.0,
                "{}: events, cut at byte {cut}",
                fixture.name
            );
            assert_eq!(
                split.1, whole.1,
                "{}: snapshot, cut at byte {cut}",
                fixture.name
            );
            // The JSON batch path of the binding gives the same, cut anywhere.
            let json = run_json_cut(&fixture.bytes, &[cut], fixture.options());
            assert_eq!(
                json.0,
                events_json(&whole.0),
                "{}: JSON path, cut at {cut}",
                fixture.name
            );
            assert_eq!(
                json.1,
                snapshot_json(&whole.1),
                "{}: JSON path snapshot, cut at {cut}",
                fixture.name
            );
        }
    }
}

#[test]
fn one_byte_chunks() {
    for fixture in fixtures() {
        let whole = fixture.run(&[]);
        let bytes = run_pieces(fixture.bytes.chunks(1), fixture.options());
        assert_eq!(bytes, whole, "{}", fixture.name);
    }
}

/// Empty chunks in between change nothing either.
#[test]
fn empty_chunks_in_between() {
    for fixture in fixtures() {
        let whole = fixture.run(&[]);
        let pieces = fixture
            .bytes
            .chunks(7)
            .flat_map(|c| [&[][..], c, &[][..]])
            .collect::<Vec<_>>();
        assert_eq!(
            run_pieces(pieces, fixture.options()),
            whole,
            "{}",
            fixture.name
        );
    }
}

/// With a small line limit, lines get dropped as too long, and where the chunks were cut still
/// does not matter (the framer drops a long line while it arrives, or when it is complete).
#[test]
fn every_single_split_point_with_a_small_line_limit() {
    for fixture in fixtures() {
        for limit in [0, 1, 3, 40, 60] {
            let mut options = fixture.options();
            options.max_line_bytes = limit;
            let whole = run_whole(&fixture.bytes, options.clone());
            for cut in 0..=fixture.bytes.len() {
                let split = run_cut(&fixture.bytes, &[cut], options.clone());
                assert_eq!(
                    split, whole,
                    "{}: limit {limit}, cut at {cut}",
                    fixture.name
                );
            }
        }
    }
}

fn cuts_from(indices: &[Index], len: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = indices.iter().map(|i| i.index(len + 1)).collect();
    cuts.sort_unstable();
    cuts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_pieces(which in any::<Index>(), indices in prop::collection::vec(any::<Index>(), 0..40)) {
        let fixtures = fixtures();
        let fixture = which.get(&fixtures);
        let cuts = cuts_from(&indices, fixture.bytes.len());
        let whole = fixture.run(&[]);
        let pieces = fixture.run(&cuts);
        prop_assert_eq!(&pieces.0, &whole.0, "{}: cuts {:?}", fixture.name, cuts);
        prop_assert_eq!(&pieces.1, &whole.1, "{}: cuts {:?}", fixture.name, cuts);
    }

    #[test]
    fn random_pieces_with_a_random_limit(
        which in any::<Index>(),
        indices in prop::collection::vec(any::<Index>(), 0..40),
        limit in 0usize..300,
    ) {
        let fixtures = fixtures();
        let fixture = which.get(&fixtures);
        let mut options = fixture.options();
        options.max_line_bytes = limit;
        let cuts = cuts_from(&indices, fixture.bytes.len());
        let whole = run_whole(&fixture.bytes, options.clone());
        let pieces = run_cut(&fixture.bytes, &cuts, options);
        prop_assert_eq!(pieces, whole, "{}: limit {}, cuts {:?}", fixture.name, limit, cuts);
    }

    /// Random bytes built from the pieces the framer cares about (newlines, `\r`, BOM bytes,
    /// multi-byte characters, JSON): still independent of the chunking.
    #[test]
    fn random_streams(
        parts in prop::collection::vec(prop::sample::select(vec![
            &b"\n"[..], b"\r", b"\r\n", b"\xEF\xBB\xBF", b"\xEF", b"\xBB", b" ", b"\t",
            b"\xC3\xA9", b"\xF0\x9F\x8E\x89", b"\xE2\x80\xA8", b"\xFF",
            br#"{"type":"assistant-delta","delta":"hi"}"#, br#"{"type":"mode","mode":"draft"}"#,
            br#"{"type":"done"}"#, br#"{"type":"error"}"#, br#"{"type":"x"}"#, b"{", b"}",
            br#"{"type":"draft-ready","prompt":"<prompt/>"}"#,
            br#"{"type":"reasoning-delta","delta":"a\"\u00e9\ud83d"}"#,
            br#"{"type":"assistant-delta","delta":"bad\x"}"#,
            br#"{"type":"assistant-delta","delta":"x","delta":5}"#,
        ]), 0..30),
        indices in prop::collection::vec(any::<Index>(), 0..12),
        limit in prop::sample::select(vec![0usize, 2, 3, 16, 45, 1000]),
    ) {
        let bytes: Vec<u8> = parts.concat();
        let options = prompt_assist::session::SessionOptions {
            max_line_bytes: limit,
            ..Default::default()
        };
        let cuts = cuts_from(&indices, bytes.len());
        let whole = run_whole(&bytes, options.clone());
        let pieces = run_cut(&bytes, &cuts, options.clone());
        prop_assert_eq!(&pieces, &whole, "bytes {:?}, cuts {:?}", String::from_utf8_lossy(&bytes), cuts);
        let json = run_json_cut(&bytes, &cuts, options);
        prop_assert_eq!(json.0, events_json(&whole.0), "JSON path: bytes {:?}", String::from_utf8_lossy(&bytes));
        prop_assert_eq!(json.1, snapshot_json(&whole.1));
    }
}
