//! The framer does linear work: a line of 8 MiB (the default limit) fed one byte at a time must
//! go through in the normal test run. A framer that rescanned its buffer for each chunk would do
//! about 3.5 × 10¹³ byte steps here and never finish.

use prompt_assist::protocol::AssistantEvent;
use prompt_assist::session::Session;
use prompt_assist::stream::{Frame, LineFramer, DEFAULT_MAX_LINE_BYTES};

const HEAD: &[u8] = b"{\"type\":\"assistant-delta\",\"delta\":\"";
const TAIL: &[u8] = b"\"}";

/// A valid `assistant-delta` line of exactly `len` bytes, without its newline.
fn delta_line_of(len: usize) -> Vec<u8> {
    let (head, tail) = (HEAD, TAIL);
    let mut line = Vec::with_capacity(len + 1);
    line.extend_from_slice(head);
    line.resize(len - tail.len(), b'a');
    line.extend_from_slice(tail);
    assert_eq!(line.len(), len);
    line
}

#[test]
fn an_8_mib_line_in_1_byte_chunks_through_the_session() {
    let mut stream = delta_line_of(DEFAULT_MAX_LINE_BYTES);
    stream.extend_from_slice(b"\r\n{\"type\":\"done\"}\n");
    let mut session = Session::default();
    let mut events = Vec::new();
    for byte in stream.chunks(1) {
        session.push_into(byte, &mut events);
    }
    events.extend(session.finish());
    assert_eq!(events.len(), 2, "the delta and done");
    let AssistantEvent::AssistantDelta { delta } = &events[0] else {
        panic!("not a delta: {:?}", events[0].type_name())
    };
    assert_eq!(
        delta.to_str_lossy().len(),
        DEFAULT_MAX_LINE_BYTES - HEAD.len() - TAIL.len()
    );
    assert!(delta.to_str_lossy().bytes().all(|b| b == b'a'));
    assert!(matches!(events[1], AssistantEvent::Done));
}

#[test]
fn a_line_past_8_mib_in_1_byte_chunks_is_dropped_as_it_arrives() {
    let mut stream = delta_line_of(DEFAULT_MAX_LINE_BYTES + 1);
    stream.push(b'\n');
    let mut framer = LineFramer::default();
    let mut frames = Vec::new();
    for (i, byte) in stream.chunks(1).enumerate() {
        framer.push(byte, |frame| frames.push((i, format!("{frame:?}"))));
    }
    framer.finish(|frame| frames.push((usize::MAX, format!("{frame:?}"))));
    assert_eq!(frames.len(), 1, "{frames:?}");
    // Reported as soon as the limit is passed, not at the end of the line.
    assert_eq!(frames[0].0, DEFAULT_MAX_LINE_BYTES);
    assert!(frames[0].1.contains("LineTooLong"), "{frames:?}");
}

#[test]
fn many_short_lines_in_1_byte_chunks() {
    let line = b"{\"type\":\"assistant-delta\",\"delta\":\"hi\"}\n";
    let stream = line.repeat(50_000);
    let mut framer = LineFramer::default();
    let mut lines = 0;
    for byte in stream.chunks(1) {
        framer.push(byte, |frame| {
            assert!(matches!(frame, Frame::Line { .. }));
            lines += 1;
        });
    }
    assert_eq!(lines, 50_000);
}

/// Validation does linear work in the number of text runs and references: a 3 MB draft of
/// 100,000 sections, each a run of text with an unknown variable, must go through in the normal
/// test run. A check that searched the rest of the text once per run (as the `]]>` check once
/// did, when the text held no `]]>`) would do about 2 × 10¹¹ byte steps here.
#[test]
fn a_draft_of_100_000_text_runs_with_an_issue_each() {
    let sections: String = (0..100_000)
        .map(|i| format!("<r>{i} @x{i}</r>\n"))
        .collect();
    let draft = format!("<prompt>\n{sections}</prompt>");
    assert!(draft.len() < prompt_assist::validate::MAX_PROMPT_BYTES);
    let context = serde_json::json!({ "firstName": "Alex" });
    let validation = prompt_assist::validate::validate_draft(&draft, Some(&context));
    assert!(validation.well_formed);
    assert_eq!(validation.issues.len(), 100_000);
    assert_eq!(validation.variables.len(), 100_000);
}
