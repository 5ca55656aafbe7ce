//! Shared helpers for the integration tests: loading the fixture streams of
//! `tests/fixtures/streams/`, running a session over chosen chunks, and comparing the result with a
//! fixture's hand-written `*.expected.json`.
//!
//! An expectations file holds `{"events": [...], "snapshot": {...}}` in the JSON shape of API.md
//! §3, and optionally `"options": {"currentPrompt", "variableContext", "maxLineBytes"}` (the session
//! options the stream is meant to run with) and a free-form `"comment"`. Two things are compared
//! loosely, because the contract does not fix them or another module owns them:
//!
//! - `message` of `warning` and `error` events (and of `snapshot.error` / `snapshot.warnings`): when
//!   the expected object has no `message`, the actual one must be a non-empty string, nothing more.
//! - `validation` and `diff` of `draft-ready` events and of `snapshot.draft`: when the expected
//!   object leaves them out, the actual one must have both keys, holding objects.
//!
//! Everything else, `null`s and absent keys included, must match exactly.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::{Path, PathBuf};

use prompt_assist::protocol::AssistantEvent;
use prompt_assist::session::{Session, SessionOptions, SessionSnapshot};
use serde_json::Value;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/streams")
}

/// The names (file stems) of every `*.ndjson` fixture, sorted.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("read the fixtures directory")
        .map(|entry| entry.expect("read a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ndjson"))
        .map(|path| {
            path.file_stem()
                .expect("a file stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// One fixture stream with its expectations.
pub struct Fixture {
    pub name: String,
    pub bytes: Vec<u8>,
    pub expected: Value,
}

impl Fixture {
    pub fn load(name: &str) -> Fixture {
        let dir = fixtures_dir();
        let bytes = std::fs::read(dir.join(format!("{name}.ndjson")))
            .unwrap_or_else(|e| panic!("read {name}.ndjson: {e}"));
        let text = std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
            .unwrap_or_else(|e| panic!("read {name}.expected.json: {e}"));
        let expected: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("parse {name}.expected.json: {e}"));
        assert!(
            expected["events"].is_array() && expected["snapshot"].is_object(),
            "{name}.expected.json needs `events` and `snapshot`"
        );
        Fixture {
            name: name.to_owned(),
            bytes,
            expected,
        }
    }

    /// The session options from the expectations' `options`, defaults otherwise.
    pub fn options(&self) -> SessionOptions {
        options_from(&self.expected["options"])
    }

    /// Runs the session over the stream cut at `cuts` (sorted byte offsets).
    pub fn run(&self, cuts: &[usize]) -> (Vec<AssistantEvent>, SessionSnapshot) {
        run_cut(&self.bytes, cuts, self.options())
    }
}

/// Session options from a JSON `SessionOptions` object (absent or `null`: the defaults).
pub fn options_from(value: &Value) -> SessionOptions {
    let mut options = SessionOptions::default();
    if let Some(prompt) = value.get("currentPrompt") {
        options.current_prompt = prompt
            .as_str()
            .expect("currentPrompt is a string")
            .to_owned();
    }
    if let Some(context) = value.get("variableContext") {
        options.variable_context = Some(context.into());
    }
    if let Some(max) = value.get("maxLineBytes") {
        options.max_line_bytes = max.as_u64().expect("maxLineBytes is a number") as usize;
    }
    options
}

/// Feeds `pieces` one by one, then finishes; returns every event produced, in order.
pub fn run_pieces<'a>(
    pieces: impl IntoIterator<Item = &'a [u8]>,
    options: SessionOptions,
) -> (Vec<AssistantEvent>, SessionSnapshot) {
    let mut session = Session::new(options);
    let mut events = Vec::new();
    for piece in pieces {
        events.extend(session.push(piece));
    }
    events.extend(session.finish());
    (events, session.snapshot().clone())
}

/// Feeds `bytes` cut at the given offsets (sorted, each at most `bytes.len()`).
pub fn run_cut(
    bytes: &[u8],
    cuts: &[usize],
    options: SessionOptions,
) -> (Vec<AssistantEvent>, SessionSnapshot) {
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for &cut in cuts {
        pieces.push(&bytes[start..cut]);
        start = cut;
    }
    pieces.push(&bytes[start..]);
    run_pieces(pieces, options)
}

/// Like [`run_cut`], through the JSON batch path the JS binding takes (`Session::push_json`):
/// the events as the editor parses them, and the snapshot.
pub fn run_json_cut(bytes: &[u8], cuts: &[usize], options: SessionOptions) -> (Vec<Value>, Value) {
    let mut session = Session::new(options.clone());
    let mut batch = prompt_assist::session::JsonBatch::default();
    let mut start = 0;
    for &cut in cuts.iter().chain([bytes.len()].iter()) {
        session.push_json(&bytes[start..cut], &mut batch);
        start = cut;
    }
    let mut events = match parse_wire(&batch.take()) {
        Value::Array(events) => events,
        other => panic!("not an array: {other}"),
    };
    // The split form (`AssistantSession.push`), taken after every push as the binding does,
    // and read as pkg-template/session.js reads it, gives the same events.
    let mut session = Session::new(options);
    let mut batch = prompt_assist::session::JsonBatch::split();
    let mut split = Vec::new();
    let mut ops = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain([bytes.len()].iter()) {
        session.push_json(&bytes[start..cut], &mut batch);
        let text = batch.take_split(&mut ops);
        split.extend(read_split(&text, &ops));
        start = cut;
    }
    assert_eq!(split, events, "the split batch differs from the JSON batch");
    events.extend(events_json(&session.finish()));
    (events, snapshot_json(session.snapshot()))
}

/// The split batch's events, read as pkg-template/session.js reads them: `ops[0]` is the UTF-16
/// length of the delta texts (the JSON array follows), then one word per event,
/// `units << 2 | kind` (0 the next JSON event, 1 an assistant delta, 2 a reasoning delta).
fn read_split(text: &str, ops: &[u32]) -> Vec<Value> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let slice =
        |from: usize, to: usize| String::from_utf16(&units[from..to]).expect("whole characters");
    let text_units = ops[0] as usize;
    let mut json = Vec::new();
    if units.len() > text_units {
        match parse_wire(&slice(text_units, units.len())) {
            Value::Array(events) => json = events,
            other => panic!("not an array: {other}"),
        }
    }
    let mut json = json.into_iter();
    let mut at = 0;
    let mut out = Vec::new();
    for &op in &ops[1..] {
        let kind = op & 3;
        if kind == 0 {
            out.push(json.next().expect("a JSON event per JSON word"));
            continue;
        }
        let end = at + (op >> 2) as usize;
        let ty = if kind == 1 {
            "assistant-delta"
        } else {
            "reasoning-delta"
        };
        out.push(serde_json::json!({ "type": ty, "delta": slice(at, end) }));
        at = end;
    }
    assert_eq!(at, text_units, "the words cover the texts");
    assert!(json.next().is_none(), "every JSON event has its word");
    out
}

/// The whole input in one piece, then `finish`.
pub fn run_whole(bytes: &[u8], options: SessionOptions) -> (Vec<AssistantEvent>, SessionSnapshot) {
    run_pieces([bytes], options)
}

/// The events as the editor receives them: the JSON `crate::protocol::wire` writes, parsed
/// (a lone surrogate, which a `serde_json::Value` cannot hold, read as U+FFFD).
pub fn events_json(events: &[AssistantEvent]) -> Vec<Value> {
    match parse_wire(&prompt_assist::protocol::wire::events_json(events)) {
        Value::Array(events) => events,
        other => panic!("not an array: {other}"),
    }
}

/// The snapshot as the editor receives it.
pub fn snapshot_json(snapshot: &SessionSnapshot) -> Value {
    parse_wire(&snapshot.to_json())
}

fn parse_wire(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|_| {
        let repaired = prompt_assist::protocol::line::replace_lone_surrogates(json)
            .expect("valid JSON but for lone surrogates");
        serde_json::from_str(&repaired).expect("the wire JSON parses")
    })
}

/// Compares a run with the fixture's expectations (see the module docs for what is loose), and
/// checks the invariants every run must keep.
pub fn assert_matches_expected(
    fixture: &Fixture,
    events: &[AssistantEvent],
    snapshot: &SessionSnapshot,
) {
    let name = &fixture.name;
    let mut actual_events = events_json(events);
    let mut actual_snapshot = snapshot_json(snapshot);
    check_invariants(name, &actual_events, &actual_snapshot);

    let expected_events = fixture.expected["events"].as_array().expect("events");
    for (i, actual) in actual_events.iter_mut().enumerate() {
        let expected = expected_events.get(i).unwrap_or(&Value::Null);
        loosen_event(actual, expected, &format!("{name}: event {i}"));
    }
    let expected_snapshot = &fixture.expected["snapshot"];
    loosen_snapshot(&mut actual_snapshot, expected_snapshot, name);

    if actual_events != *expected_events {
        let first = actual_events
            .iter()
            .zip(expected_events)
            .position(|(a, e)| a != e)
            .unwrap_or(actual_events.len().min(expected_events.len()));
        panic!(
            "{name}: events differ (first difference at index {first}; {} actual, {} expected)\n\
             actual:   {}\nexpected: {}\n\nall actual events:\n{}",
            actual_events.len(),
            expected_events.len(),
            actual_events
                .get(first)
                .map_or("-".into(), Value::to_string),
            expected_events
                .get(first)
                .map_or("-".into(), Value::to_string),
            actual_events
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    if actual_snapshot != *expected_snapshot {
        panic!(
            "{name}: snapshot differs\nactual:\n{}\nexpected:\n{}",
            serde_json::to_string_pretty(&actual_snapshot).expect("json"),
            serde_json::to_string_pretty(expected_snapshot).expect("json"),
        );
    }
}

/// Makes `actual` comparable with `expected` where the comparison is loose, after checking that
/// the loose parts are present and well-typed.
fn loosen_event(actual: &mut Value, expected: &Value, context: &str) {
    let Some(object) = actual.as_object_mut() else {
        panic!("{context}: not an object: {actual}");
    };
    let kind = object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    match kind.as_str() {
        "draft-ready" => loosen_draft(object, expected, context),
        "warning" | "error" => loosen_message(object, expected, context),
        _ => {}
    }
}

fn loosen_draft(object: &mut serde_json::Map<String, Value>, expected: &Value, context: &str) {
    for key in ["validation", "diff"] {
        assert!(
            object.get(key).is_some_and(Value::is_object),
            "{context}: draft has no `{key}` object"
        );
        if expected.get(key).is_none() {
            object.remove(key);
        }
    }
}

fn loosen_message(object: &mut serde_json::Map<String, Value>, expected: &Value, context: &str) {
    assert!(
        object
            .get("message")
            .and_then(Value::as_str)
            .is_some_and(|m| !m.trim().is_empty()),
        "{context}: `message` must be a non-empty string"
    );
    if expected.get("message").is_none() {
        object.remove("message");
    }
}

fn loosen_snapshot(actual: &mut Value, expected: &Value, name: &str) {
    if let Some(draft) = actual.get_mut("draft").and_then(Value::as_object_mut) {
        loosen_draft(
            draft,
            &expected["draft"],
            &format!("{name}: snapshot.draft"),
        );
    }
    if let Some(error) = actual.get_mut("error").and_then(Value::as_object_mut) {
        loosen_message(
            error,
            &expected["error"],
            &format!("{name}: snapshot.error"),
        );
    }
    if let Some(warnings) = actual.get_mut("warnings").and_then(Value::as_array_mut) {
        for (i, warning) in warnings.iter_mut().enumerate() {
            let expected = expected["warnings"].get(i).unwrap_or(&Value::Null);
            let warning = warning.as_object_mut().expect("a warning object");
            loosen_message(
                warning,
                expected,
                &format!("{name}: snapshot.warnings[{i}]"),
            );
        }
    }
}

/// What holds for every run, whatever the stream.
pub fn check_invariants(name: &str, events: &[Value], snapshot: &Value) {
    // `events` counts every event produced.
    assert_eq!(
        snapshot["events"].as_u64(),
        Some(events.len() as u64),
        "{name}: snapshot.events must count every event"
    );
    // The snapshot's warnings are exactly the warning events, in order.
    let warning_events: Vec<&Value> = events.iter().filter(|e| e["type"] == "warning").collect();
    let snapshot_warnings: Vec<&Value> = snapshot["warnings"]
        .as_array()
        .expect("snapshot.warnings is an array")
        .iter()
        .collect();
    assert_eq!(
        snapshot_warnings, warning_events,
        "{name}: snapshot.warnings"
    );
    // Optional fields are absent, never null.
    for (i, event) in events.iter().enumerate() {
        let checked = without_foreign_parts(event);
        assert!(!has_null(&checked), "{name}: event {i} has a null: {event}");
    }
    for key in ["status", "error", "setup", "draft"] {
        let value = &snapshot[key];
        assert!(
            value.is_null() || !has_null(&without_foreign_parts(value)),
            "{name}: snapshot.{key} has a null inside: {value}"
        );
    }
    // At most one terminal error or setup event is produced, and never both.
    let errors = events.iter().filter(|e| e["type"] == "error").count();
    let setups = events
        .iter()
        .filter(|e| e["type"] == "ai-setup-required")
        .count();
    assert!(
        errors + setups <= 1,
        "{name}: more than one terminal failure"
    );
    // Terminal phase after finish.
    let phase = snapshot["phase"].as_str().expect("phase");
    assert!(
        ["done", "error", "setup-required"].contains(&phase),
        "{name}: phase after finish is {phase}"
    );
}

/// `value` without the parts in which `null` is a legitimate value: an unknown event's `data` (the
/// raw line), and a draft's `validation` and `diff` (`known: null`, `before: null`...).
fn without_foreign_parts(value: &Value) -> Value {
    let mut value = value.clone();
    if let Some(object) = value.as_object_mut() {
        for key in ["data", "validation", "diff"] {
            object.remove(key);
        }
    }
    value
}

fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}
