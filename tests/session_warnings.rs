//! One focused test per warning code (`malformed-line`, `invalid-event`, `line-too-long`,
//! `invalid-utf8`, `unexpected-event`) and for the `incomplete-stream` error, plus the framing edge
//! cases of API.md §3: line limits, `\r\n` across chunks, the BOM, physical line numbers, deep
//! nesting.

mod common;

use common::{events_json, run_pieces, snapshot_json};
use prompt_assist::protocol::{AssistantEvent, WarningCode};
use prompt_assist::session::{Session, SessionOptions};
use prompt_assist::stream::DEFAULT_MAX_LINE_BYTES;
use serde_json::{json, Value};

const DONE: &str = "{\"type\":\"done\"}\n";

fn options(max_line_bytes: usize) -> SessionOptions {
    SessionOptions {
        max_line_bytes,
        ..Default::default()
    }
}

/// Runs the chunks through a session and returns the events as JSON, without warning and error
/// messages (the contract does not fix their text; they are checked to be non-empty here).
fn run(chunks: &[&[u8]], options: SessionOptions) -> Vec<Value> {
    let (events, snapshot) = run_pieces(chunks.iter().copied(), options);
    let snapshot = snapshot_json(&snapshot);
    let mut events = events_json(&events);
    common::check_invariants("inline stream", &events, &snapshot);
    for event in &mut events {
        if event["type"] == "warning" || event["type"] == "error" {
            let message = event
                .as_object_mut()
                .and_then(|o| o.remove("message"))
                .expect("a message");
            assert!(!message.as_str().expect("a string").is_empty());
        }
    }
    events
}

fn run_str(stream: &str) -> Vec<Value> {
    run(&[stream.as_bytes()], SessionOptions::default())
}

fn warning(code: &str, line: u64) -> Value {
    json!({"type": "warning", "code": code, "line": line})
}

fn delta(text: &str) -> Value {
    json!({"type": "assistant-delta", "delta": text})
}

fn done() -> Value {
    json!({"type": "done"})
}

fn incomplete() -> Value {
    json!({"type": "error", "source": "protocol", "code": "incomplete-stream"})
}

fn delta_line(text: &str) -> String {
    format!("{}\n", json!({"type": "assistant-delta", "delta": text}))
}

// malformed-line --------------------------------------------------------------------------------

#[test]
fn malformed_line_for_text_non_objects_and_missing_type() {
    let stream = [
        "hello there\n",
        "[{\"type\":\"done\"}]\n",
        "3.14\n",
        "{\"delta\":\"no type\"}\n",
        "{\"type\":[\"done\"]}\n",
        "{\"type\":\"assistant-delta\",\"delta\":\"ok\"}\n",
        DONE,
    ]
    .concat();
    assert_eq!(
        run_str(&stream),
        vec![
            warning("malformed-line", 1),
            warning("malformed-line", 2),
            warning("malformed-line", 3),
            warning("malformed-line", 4),
            warning("malformed-line", 5),
            delta("ok"),
            done()
        ]
    );
}

#[test]
fn malformed_line_does_not_stop_the_stream_or_count_as_terminal() {
    assert_eq!(
        run_str("{\"type\":\"done\""),
        vec![warning("malformed-line", 1), incomplete()]
    );
}

/// A 100,000-deep nested array is a warning, with no stack overflow, and the next line parses.
#[test]
fn deeply_nested_line_is_malformed_without_overflowing_the_stack() {
    let depth = 100_000;
    let deep_array = format!("{}{}\n", "[".repeat(depth), "]".repeat(depth));
    let deep_object = format!(
        "{{\"type\":\"status\",\"label\":{}{}}}\n",
        "{\"a\":".repeat(depth),
        "}".repeat(depth)
    );
    let unclosed = format!("{}\n", "[".repeat(depth));
    let stream = [
        deep_array.as_str(),
        &deep_object,
        &unclosed,
        &delta_line("still here"),
        DONE,
    ]
    .concat();
    // Run on a 1 MiB stack, the default stack of a wasm module: a recursive descent of 100,000
    // levels would overflow it many times over, even in a release build.
    let events = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || run_str(&stream))
        .expect("spawn")
        .join()
        .expect("no stack overflow");
    assert_eq!(events.len(), 5);
    assert_eq!(events[0], warning("malformed-line", 1));
    // The contract does not say whether a too-deep value inside a known type is malformed or an
    // invalid event; it must be one warning, and the stream must go on.
    assert_eq!(events[1]["type"], "warning");
    assert_eq!(events[1]["line"], 2);
    assert_eq!(events[2], warning("malformed-line", 3));
    assert_eq!(events[3..], [delta("still here"), done()]);
}

// invalid-event ---------------------------------------------------------------------------------

#[test]
fn invalid_event_for_missing_or_mistyped_fields() {
    let stream = [
        "{\"type\":\"assistant-delta\",\"delta\":5}\n",
        "{\"type\":\"reasoning-delta\"}\n",
        "{\"type\":\"mode\",\"mode\":\"banana\"}\n",
        "{\"type\":\"mode\"}\n",
        "{\"type\":\"draft-ready\"}\n",
        "{\"type\":\"status\",\"message\":{\"text\":\"hi\"}}\n",
        "{\"type\":\"error\",\"message\":false}\n",
        "{\"type\":\"ai-setup-required\",\"code\":401}\n",
        "{\"type\":\"mode\",\"mode\":\"chat\"}\n",
        DONE,
    ]
    .concat();
    let events = run_str(&stream);
    let expected: Vec<Value> = (1..=8)
        .map(|line| warning("invalid-event", line))
        .chain([json!({"type": "mode", "mode": "chat"}), done()])
        .collect();
    assert_eq!(events, expected);
}

#[test]
fn invalid_event_is_otherwise_ignored() {
    let (events, snapshot) = run_pieces(
        [&b"{\"type\":\"mode\",\"mode\":\"Draft\"}\n{\"type\":\"error\",\"code\":1}\n"[..]],
        SessionOptions::default(),
    );
    assert_eq!(events.len(), 3, "two warnings and incomplete-stream");
    assert_eq!(snapshot.mode, None);
    assert_eq!(
        snapshot.error.as_ref().map(|e| e.code.to_string()),
        Some("incomplete-stream".to_owned())
    );
}

// line-too-long ---------------------------------------------------------------------------------

#[test]
fn line_too_long_then_a_good_line_with_a_small_limit() {
    let long = delta_line(&"x".repeat(100));
    let stream = [long.as_str(), &delta_line("ok"), DONE].concat();
    let events = run(&[stream.as_bytes()], options(64));
    assert_eq!(
        events,
        vec![warning("line-too-long", 1), delta("ok"), done()]
    );
    // The same in 1-byte chunks, and in 5-byte chunks.
    for size in [1, 5] {
        let chunks: Vec<&[u8]> = stream.as_bytes().chunks(size).collect();
        assert_eq!(run(&chunks, options(64)), events, "chunks of {size}");
    }
}

#[test]
fn a_line_of_exactly_the_limit_is_fine_with_lf_and_crlf() {
    let line = "{\"type\":\"assistant-delta\",\"delta\":\"abc\"}";
    let limit = line.len();
    for ending in ["\n", "\r\n"] {
        let stream = format!("{line}{ending}{line}{ending}{{\"type\":\"done\"}}{ending}");
        let events = run(&[stream.as_bytes()], options(limit));
        assert_eq!(
            events,
            vec![delta("abc"), delta("abc"), done()],
            "{ending:?}"
        );
        let chunks: Vec<&[u8]> = stream.as_bytes().chunks(1).collect();
        assert_eq!(
            run(&chunks, options(limit)),
            events,
            "{ending:?}, 1-byte chunks"
        );
    }
    // At the end of input, without a line ending, too.
    let events = run(&[line.as_bytes()], options(limit));
    assert_eq!(events, vec![delta("abc"), incomplete()]);
    // One byte more is too long, whatever the line ending.
    let longer = "{\"type\":\"assistant-delta\",\"delta\":\"abcd\"}";
    for ending in ["\n", "\r\n", ""] {
        let stream = format!("{longer}{ending}");
        let events = run(&[stream.as_bytes()], options(limit));
        assert_eq!(
            events,
            vec![warning("line-too-long", 1), incomplete()],
            "{ending:?}"
        );
    }
}

/// A `\r` that is not before the `\n` is content, and counts towards the limit.
#[test]
fn a_lone_cr_inside_a_line_counts_towards_the_limit() {
    let stream = "abcd\r\r\nab\rc\n";
    let events = run(&[stream.as_bytes()], options(4));
    assert_eq!(
        events,
        vec![
            warning("line-too-long", 1),
            warning("malformed-line", 2),
            incomplete()
        ]
    );
}

/// The default limit is 8 MiB: a ~9 MiB line fed in 4 KB chunks is dropped, and the next line
/// parses.
#[test]
fn line_too_long_with_the_default_limit_in_4k_chunks() {
    let big = delta_line(&"é".repeat(9 * 1024 * 1024 / 2));
    assert!(big.len() > DEFAULT_MAX_LINE_BYTES);
    let stream = [big.as_str(), &delta_line("after"), DONE].concat();
    let mut session = Session::default();
    let mut events = Vec::new();
    for chunk in stream.as_bytes().chunks(4096) {
        events.extend(session.push(chunk));
    }
    events.extend(session.finish());
    let events = events_json(&events);
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["type"], "warning");
    assert_eq!(events[0]["code"], "line-too-long");
    assert_eq!(events[0]["line"], 1);
    assert_eq!(events[1..], [delta("after"), done()]);
}

// invalid-utf8 ----------------------------------------------------------------------------------

#[test]
fn invalid_utf8_drops_the_line() {
    let stream: Vec<u8> = [
        &b"{\"type\":\"assistant-delta\",\"delta\":\"caf\xE9\"}\n"[..],
        b"\xC0\xAF\n",
        b"{\"type\":\"assistant-delta\",\"delta\":\"\xED\xA0\x80\"}\n", // a UTF-16 surrogate
        b"{\"type\":\"assistant-delta\",\"delta\":\"caf\xC3\xA9\"}\n",
        b"{\"type\":\"done\"}\n",
    ]
    .concat();
    let expected = vec![
        warning("invalid-utf8", 1),
        warning("invalid-utf8", 2),
        warning("invalid-utf8", 3),
        delta("café"),
        done(),
    ];
    assert_eq!(run(&[&stream], SessionOptions::default()), expected);
    let chunks: Vec<&[u8]> = stream.chunks(1).collect();
    assert_eq!(run(&chunks, SessionOptions::default()), expected);
}

#[test]
fn a_character_cut_at_the_end_of_input_is_invalid_utf8() {
    let stream = b"{\"type\":\"done\"}\n\xF0\x9F\x8E";
    assert_eq!(
        run(&[stream], SessionOptions::default()),
        vec![done(), warning("invalid-utf8", 2)]
    );
}

// unexpected-event ------------------------------------------------------------------------------

#[test]
fn unexpected_event_after_done_and_for_conflicting_mode_and_drafts() {
    let draft =
        "{\"type\":\"draft-ready\",\"prompt\":\"<prompt><goal>Book tours.</goal></prompt>\"}\n";
    let stream = [
        "{\"type\":\"mode\",\"mode\":\"clarify\"}\n",
        "{\"type\":\"mode\",\"mode\":\"chat\"}\n",
        draft,
        DONE,
        &delta_line("late"),
        DONE,
    ]
    .concat();
    assert_eq!(
        run_str(&stream),
        vec![
            json!({"type": "mode", "mode": "clarify"}),
            warning("unexpected-event", 2),
            warning("unexpected-event", 3),
            done(),
            warning("unexpected-event", 5),
            warning("unexpected-event", 6),
        ]
    );
}

// incomplete-stream -----------------------------------------------------------------------------

#[test]
fn incomplete_stream_when_the_input_ends_without_a_terminal_event() {
    assert_eq!(run_str(""), vec![incomplete()]);
    assert_eq!(run_str("\n \n"), vec![incomplete()]);
    assert_eq!(run_str(&delta_line("hi")), vec![delta("hi"), incomplete()]);
    // The last line counts even without a final newline, so this one is complete.
    assert_eq!(run_str("{\"type\":\"done\"}"), vec![done()]);
    // A server error or ai-setup-required ends the stream too.
    assert_eq!(run_str("{\"type\":\"error\"}\n").len(), 1);
    assert_eq!(
        run_str("{\"type\":\"ai-setup-required\"}"),
        vec![json!({"type": "ai-setup-required"})]
    );
}

#[test]
fn incomplete_stream_is_produced_once_and_ends_the_session() {
    let mut session = Session::default();
    assert!(session
        .push(b"{\"type\":\"mode\",\"mode\":\"chat\"}")
        .is_empty());
    let events = session.finish();
    assert_eq!(events.len(), 2, "{events:?}");
    let AssistantEvent::Error(error) = &events[1] else {
        panic!("not an error: {events:?}")
    };
    assert_eq!(error.code, "incomplete-stream");
    assert!(session.finish().is_empty());
    let snapshot = snapshot_json(session.snapshot());
    assert_eq!(snapshot["phase"], "error");
    assert_eq!(snapshot["error"]["type"], "error");
    assert_eq!(snapshot["error"]["source"], "protocol");
    assert_eq!(snapshot["error"]["code"], "incomplete-stream");
    assert_eq!(snapshot["events"], 2);
}

// Framing ---------------------------------------------------------------------------------------

#[test]
fn cr_and_lf_in_different_chunks() {
    let expected = vec![delta("a"), delta("b"), done()];
    let chunks: [&[u8]; 5] = [
        b"{\"type\":\"assistant-delta\",\"delta\":\"a\"}\r",
        b"\n{\"type\":\"assistant-delta\",\"delta\":\"b\"}\r",
        b"\n",
        b"{\"type\":\"done\"}\r",
        b"\n",
    ];
    assert_eq!(run(&chunks, SessionOptions::default()), expected);
    // A `\r` alone at the end of a chunk, with the `\n` two chunks later (an empty one between).
    let chunks: [&[u8]; 5] = [
        b"{\"type\":\"assistant-delta\",\"delta\":\"a\"}\r",
        b"",
        b"\n{\"type\":\"assistant-delta\",\"delta\":\"b\"}\r\n",
        b"{\"type\":\"done\"}\r",
        b"",
    ];
    assert_eq!(run(&chunks, SessionOptions::default()), expected);
}

#[test]
fn bom_split_across_chunks_is_skipped() {
    let stream = [&b"\xEF\xBB\xBF"[..], DONE.as_bytes()].concat();
    for a in 0..=stream.len() {
        for b in a..=stream.len() {
            let chunks = [&stream[..a], &stream[a..b], &stream[b..]];
            assert_eq!(
                run(&chunks, SessionOptions::default()),
                vec![done()],
                "cut at {a}, {b}"
            );
        }
    }
    // Byte by byte.
    let chunks: Vec<&[u8]> = stream.chunks(1).collect();
    assert_eq!(run(&chunks, SessionOptions::default()), vec![done()]);
    // A stream that is only a BOM is empty.
    assert_eq!(
        run(&[b"\xEF\xBB", b"\xBF"], SessionOptions::default()),
        vec![incomplete()]
    );
}

/// A BOM anywhere but at the very start is a byte of its line: the line then starts with U+FEFF,
/// which is not JSON, so it is a malformed line.
#[test]
fn bom_not_at_the_start_is_part_of_the_line() {
    let stream = [
        &b"{\"type\":\"mode\",\"mode\":\"chat\"}\n"[..],
        b"\xEF\xBB\xBF{\"type\":\"done\"}\n",
        b"{\"type\":\"assistant-delta\",\"delta\":\"\xEF\xBB\xBF\"}\n",
    ]
    .concat();
    let events = run(&[&stream], SessionOptions::default());
    assert_eq!(
        events,
        vec![
            json!({"type": "mode", "mode": "chat"}),
            warning("malformed-line", 2),
            delta("\u{feff}"),
            incomplete()
        ]
    );
    // Two BOMs at the start: only the first is skipped.
    let stream = [&b"\xEF\xBB\xBF\xEF\xBB\xBF"[..], DONE.as_bytes()].concat();
    assert_eq!(
        run(&[&stream], SessionOptions::default()),
        vec![warning("malformed-line", 1), incomplete()]
    );
    // A BOM after a blank first line is not at the very start either.
    let stream = [&b"\n\xEF\xBB\xBF"[..], DONE.as_bytes()].concat();
    assert_eq!(
        run(&[&stream], SessionOptions::default()),
        vec![warning("malformed-line", 2), incomplete()]
    );
}

#[test]
fn line_numbers_are_physical_and_count_blank_lines() {
    let stream = "\n\r\n \t \n{bad\n\n{\"type\":\"mode\",\"mode\":\"x\"}\r\n\t\n[]";
    assert_eq!(
        run_str(stream),
        vec![
            warning("malformed-line", 4),
            warning("invalid-event", 6),
            warning("malformed-line", 8),
            incomplete()
        ]
    );
    // After a BOM, the first line is still line 1.
    assert_eq!(
        run(&[b"\xEF\xBB\xBFnope"], SessionOptions::default()),
        vec![warning("malformed-line", 1), incomplete()]
    );
}

/// Every warning code is reachable and serialises to its kebab-case name.
#[test]
fn warning_codes_serialise_to_the_contract_names() {
    let codes = [
        (WarningCode::MalformedLine, "malformed-line"),
        (WarningCode::InvalidEvent, "invalid-event"),
        (WarningCode::LineTooLong, "line-too-long"),
        (WarningCode::InvalidUtf8, "invalid-utf8"),
        (WarningCode::UnexpectedEvent, "unexpected-event"),
    ];
    for (code, name) in codes {
        assert_eq!(serde_json::to_value(code).expect("json"), json!(name));
    }
}

/// The limit applies to every line, also to a stream that ends inside what could have been a BOM
/// (those bytes are then the only line): with or without a final `\n` the result is the same.
#[test]
fn a_partial_bom_at_the_end_of_input_is_held_to_the_limit() {
    for stream in [&b"\xEF\xBB"[..], b"\xEF\xBB\n"] {
        assert_eq!(
            run(&[stream], options(1)),
            vec![warning("line-too-long", 1), incomplete()],
            "{stream:?}"
        );
        assert_eq!(
            run(&[stream], options(2)),
            vec![warning("invalid-utf8", 1), incomplete()],
            "{stream:?}"
        );
    }
}
