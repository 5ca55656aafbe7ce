//! The mode state machine of API.md §3: phases, terminal events, what is replaced by an
//! `unexpected-event` warning and never applied, and the snapshot's fields.

mod common;

use common::{events_json, snapshot_json};
use prompt_assist::protocol::AssistantEvent;
use prompt_assist::session::{Phase, Session, SessionOptions};
use serde_json::{json, Value};

fn line(value: Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(&value).expect("json");
    bytes.push(b'\n');
    bytes
}

fn push(session: &mut Session, value: Value) -> Vec<Value> {
    events_json(&session.push(&line(value)))
}

fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e["type"].as_str().expect("type") {
            "warning" => format!("warning:{}", e["code"].as_str().expect("code")),
            other => other.to_owned(),
        })
        .collect()
}

fn draft(prompt: &str) -> Value {
    json!({"type": "draft-ready", "prompt": prompt})
}

const PROMPT: &str = "<prompt><role>Leasing assistant</role><goal>Convert leads into tours for @propertyName.</goal></prompt>";

#[test]
fn waiting_until_the_first_event_then_streaming() {
    let mut session = Session::default();
    assert_eq!(session.snapshot().phase, Phase::Waiting);
    // Bytes that complete no line produce nothing and change nothing.
    assert!(session.push(b"{\"type\":\"assistant-").is_empty());
    assert!(session.push(b"").is_empty());
    assert_eq!(session.snapshot().phase, Phase::Waiting);
    assert_eq!(session.snapshot().events, 0);
    let events = session.push(b"delta\",\"delta\":\"Hi\"}\n{\"type\":\"status\"}");
    assert_eq!(types(&events_json(&events)), ["assistant-delta"]);
    assert_eq!(session.snapshot().phase, Phase::Streaming);
    // The snapshot of a fresh session, in JSON.
    assert_eq!(
        snapshot_json(Session::default().snapshot()),
        json!({
            "phase": "waiting", "mode": null, "status": null, "assistantText": "",
            "reasoningText": "", "draft": null, "error": null, "setup": null,
            "warnings": [], "events": 0
        })
    );
}

#[test]
fn a_warning_is_an_event_and_starts_streaming() {
    let mut session = Session::default();
    let events = session.push(b"oops\n");
    assert_eq!(types(&events_json(&events)), ["warning:malformed-line"]);
    assert_eq!(session.snapshot().phase, Phase::Streaming);
    assert_eq!(session.snapshot().events, 1);
}

#[test]
fn done_ends_the_stream() {
    let mut session = Session::default();
    push(&mut session, json!({"type": "mode", "mode": "chat"}));
    assert_eq!(
        types(&push(&mut session, json!({"type": "done"}))),
        ["done"]
    );
    assert_eq!(session.snapshot().phase, Phase::Done);
    assert!(
        session.finish().is_empty(),
        "no incomplete-stream after done"
    );
    assert_eq!(session.snapshot().phase, Phase::Done);
}

#[test]
fn done_after_error_is_passed_on_quietly_and_the_phase_stays_error() {
    let mut session = Session::default();
    let events = push(
        &mut session,
        json!({"type": "error", "error": "boom", "code": "model-error"}),
    );
    assert_eq!(
        events,
        [json!({"type": "error", "source": "server", "code": "model-error", "message": "boom"})]
    );
    assert_eq!(session.snapshot().phase, Phase::Error);
    assert_eq!(
        types(&push(&mut session, json!({"type": "done"}))),
        ["done"]
    );
    assert_eq!(session.snapshot().phase, Phase::Error);
    assert!(session.snapshot().warnings.is_empty());
    assert_eq!(session.snapshot().events, 2);
    // A second done passes quietly too (API.md puts no limit on it); anything else after it
    // is unexpected.
    assert_eq!(
        types(&push(&mut session, json!({"type": "done"}))),
        ["done"]
    );
    assert!(session.snapshot().warnings.is_empty());
    assert_eq!(
        types(&push(
            &mut session,
            json!({"type": "assistant-delta", "delta": "late"})
        )),
        ["warning:unexpected-event"]
    );
    assert!(session.finish().is_empty());
    assert_eq!(session.snapshot().phase, Phase::Error);
    assert_eq!(
        session
            .snapshot()
            .error
            .as_ref()
            .map(|e| e.code.to_string()),
        Some("model-error".to_owned())
    );
}

#[test]
fn done_after_setup_required_is_passed_on_quietly() {
    let mut session = Session::default();
    let setup = json!({"type": "ai-setup-required", "reason": "no-key", "provider": "anthropic"});
    let events = push(&mut session, setup.clone());
    assert_eq!(events, vec![setup.clone()]);
    assert_eq!(session.snapshot().phase, Phase::SetupRequired);
    assert_eq!(
        types(&push(&mut session, json!({"type": "done"}))),
        ["done"]
    );
    assert_eq!(session.snapshot().phase, Phase::SetupRequired);
    assert!(session.finish().is_empty());
    let snapshot = snapshot_json(session.snapshot());
    assert_eq!(snapshot["setup"], setup);
    assert_eq!(snapshot["error"], Value::Null);
    assert_eq!(snapshot["warnings"], json!([]));
}

#[test]
fn events_after_a_terminal_one_are_replaced_and_not_applied() {
    for terminal in [
        json!({"type": "done"}),
        json!({"type": "error"}),
        json!({"type": "ai-setup-required"}),
    ] {
        let mut session = Session::default();
        push(
            &mut session,
            json!({"type": "assistant-delta", "delta": "Hi"}),
        );
        push(
            &mut session,
            json!({"type": "status", "label": "Reading your prompt"}),
        );
        push(&mut session, terminal.clone());
        let phase = session.snapshot().phase;
        let before = session.snapshot().clone();
        let late = [
            json!({"type": "assistant-delta", "delta": " there"}),
            json!({"type": "reasoning-delta", "delta": "hmm"}),
            json!({"type": "status", "label": "Late"}),
            json!({"type": "mode", "mode": "draft"}),
            draft(PROMPT),
            json!({"type": "error", "message": "late"}),
            json!({"type": "ai-setup-required"}),
            json!({"type": "usage", "tokens": 3}),
        ];
        for (i, event) in late.iter().enumerate() {
            let events = push(&mut session, event.clone());
            assert_eq!(
                types(&events),
                ["warning:unexpected-event"],
                "{terminal} then {event}"
            );
            assert_eq!(events[0]["line"], 4 + i as u64);
        }
        let after = session.snapshot();
        assert_eq!(after.phase, phase);
        assert_eq!(after.assistant_text, "Hi");
        assert_eq!(after.reasoning_text, "");
        assert_eq!(after.status, before.status);
        assert_eq!(after.mode, None);
        assert_eq!(after.draft, None);
        assert_eq!(after.error, before.error);
        assert_eq!(after.setup, before.setup);
        assert_eq!(after.warnings.len(), late.len());
        assert_eq!(after.events, before.events + late.len() as u64);
    }
}

#[test]
fn a_draft_in_chat_or_clarify_mode_is_replaced() {
    for mode in ["chat", "clarify"] {
        let mut session = Session::default();
        push(&mut session, json!({"type": "mode", "mode": mode}));
        let events = push(&mut session, draft(PROMPT));
        assert_eq!(types(&events), ["warning:unexpected-event"], "{mode}");
        assert_eq!(events[0]["line"], 2);
        assert_eq!(session.snapshot().draft, None, "{mode}");
    }
}

#[test]
fn a_draft_in_draft_mode_or_with_no_mode_is_applied_and_the_latest_wins() {
    for mode in [Some("draft"), None] {
        let mut session = Session::default();
        if let Some(mode) = mode {
            push(&mut session, json!({"type": "mode", "mode": mode}));
        }
        let first = push(
            &mut session,
            json!({"type": "draft-ready", "prompt": PROMPT, "section": "goal"}),
        );
        assert_eq!(types(&first), ["draft-ready"]);
        assert_eq!(first[0]["prompt"], PROMPT);
        assert_eq!(first[0]["section"], "goal");
        assert!(first[0]["validation"].is_object() && first[0]["diff"].is_object());
        let second_prompt = PROMPT.replace("tours", "booked tours");
        let second = push(&mut session, draft(&second_prompt));
        assert!(second[0].get("section").is_none(), "absent, not null");
        let snapshot = snapshot_json(session.snapshot());
        assert_eq!(snapshot["draft"]["prompt"], second_prompt.as_str());
        assert!(snapshot["draft"].get("section").is_none());
        assert_eq!(snapshot["draft"]["validation"], second[0]["validation"]);
        assert_eq!(snapshot["draft"]["diff"], second[0]["diff"]);
        assert_eq!(snapshot["mode"], json!(mode));
    }
}

#[test]
fn a_second_mode_passes_when_equal_and_is_replaced_when_different() {
    let mut session = Session::default();
    push(
        &mut session,
        json!({"type": "mode", "mode": "draft", "label": "Drafting"}),
    );
    assert_eq!(
        push(
            &mut session,
            json!({"type": "mode", "mode": "draft", "label": "Still drafting"})
        ),
        [json!({"type": "mode", "mode": "draft", "label": "Still drafting"})]
    );
    for other in ["chat", "clarify"] {
        let events = push(&mut session, json!({"type": "mode", "mode": other}));
        assert_eq!(types(&events), ["warning:unexpected-event"]);
    }
    assert_eq!(snapshot_json(session.snapshot())["mode"], "draft");
    // Still in draft mode: a draft is applied.
    assert_eq!(types(&push(&mut session, draft(PROMPT))), ["draft-ready"]);
}

#[test]
fn events_counts_every_event_produced() {
    let mut session = Session::default();
    let mut produced = 0;
    for bytes in [
        &line(json!({"type": "mode", "mode": "chat"}))[..],
        b"junk\n",
        &line(json!({"type": "assistant-delta", "delta": 1})),
        &line(json!({"type": "unknown-thing"})),
        &line(draft(PROMPT)),
        b"\xFF\n",
        b"\n\n",
    ] {
        produced += session.push(bytes).len();
    }
    produced += session.finish().len();
    assert_eq!(produced, 7);
    assert_eq!(session.snapshot().events, 7);
    assert_eq!(session.snapshot().warnings.len(), 4);
}

#[test]
fn optional_fields_are_absent_never_null() {
    let mut session = Session::default();
    let events = [
        push(
            &mut session,
            json!({"type": "mode", "mode": "draft", "label": null}),
        ),
        push(
            &mut session,
            json!({"type": "status", "label": null, "section": null, "message": null}),
        ),
        push(&mut session, json!({"type": "status", "section": "goal"})),
        push(
            &mut session,
            json!({"type": "draft-ready", "prompt": PROMPT, "section": null}),
        ),
        push(
            &mut session,
            json!({"type": "ai-setup-required", "reason": null, "code": "x"}),
        ),
    ]
    .concat();
    assert_eq!(events[0], json!({"type": "mode", "mode": "draft"}));
    assert_eq!(events[1], json!({"type": "status"}));
    assert_eq!(events[2], json!({"type": "status", "section": "goal"}));
    assert!(events[3].get("section").is_none());
    assert_eq!(events[4], json!({"type": "ai-setup-required", "code": "x"}));
    let snapshot = snapshot_json(session.snapshot());
    assert_eq!(snapshot["status"], json!({"section": "goal"}));
    assert_eq!(
        snapshot["setup"],
        json!({"type": "ai-setup-required", "code": "x"})
    );
    // A server error carries no status or retryAfterMs.
    let mut session = Session::default();
    let events = push(
        &mut session,
        json!({"type": "error", "message": "m", "status": 500}),
    );
    assert_eq!(
        events,
        [json!({"type": "error", "source": "server", "code": "server-error", "message": "m"})]
    );
}

#[test]
fn server_error_mapping() {
    let cases = [
        (json!({"type": "error"}), "server-error", None),
        (
            json!({"type": "error", "error": "e"}),
            "server-error",
            Some("e"),
        ),
        (
            json!({"type": "error", "message": "m", "error": "e"}),
            "server-error",
            Some("m"),
        ),
        (
            json!({"type": "error", "code": "quota", "message": "m"}),
            "quota",
            Some("m"),
        ),
        (
            json!({"type": "error", "code": null, "message": null, "error": "e"}),
            "server-error",
            Some("e"),
        ),
    ];
    for (line, code, message) in cases {
        let mut session = Session::default();
        let events = push(&mut session, line.clone());
        assert_eq!(events.len(), 1, "{line}");
        assert_eq!(events[0]["source"], "server", "{line}");
        assert_eq!(events[0]["code"], code, "{line}");
        let actual = events[0]["message"].as_str().expect("a message");
        match message {
            Some(message) => assert_eq!(actual, message, "{line}"),
            None => assert!(!actual.is_empty(), "a generic message"),
        }
        assert_eq!(snapshot_json(session.snapshot())["error"], {
            let mut e = events[0].clone();
            e["type"] = json!("error");
            e
        });
    }
}

#[test]
fn unknown_data_is_the_whole_line_object() {
    let mut session = Session::default();
    let raw = json!({"type": "tool-call", "id": 7, "nested": {"a": [1, null, "x"]}, "type2": null});
    assert_eq!(
        push(&mut session, raw.clone()),
        [json!({"type": "unknown", "rawType": "tool-call", "data": raw})]
    );
    assert_eq!(session.snapshot().phase, Phase::Streaming);
    // An unknown type with a known-looking shape is still passed on as unknown.
    let events = push(&mut session, json!({"type": "Done"}));
    assert_eq!(events[0]["type"], "unknown");
    assert_eq!(events[0]["rawType"], "Done");
}

#[test]
fn snapshot_status_is_the_latest_status_event() {
    let mut session = Session::default();
    push(
        &mut session,
        json!({"type": "status", "label": "Reading your prompt", "section": "goal", "message": "m"}),
    );
    push(
        &mut session,
        json!({"type": "assistant-delta", "delta": "x"}),
    );
    push(
        &mut session,
        json!({"type": "status", "label": "Writing the draft"}),
    );
    // The latest event's fields, not a merge with the earlier one.
    assert_eq!(
        snapshot_json(session.snapshot())["status"],
        json!({"label": "Writing the draft"})
    );
    // A dropped status line does not change it.
    push(&mut session, json!({"type": "status", "label": 3}));
    assert_eq!(
        snapshot_json(session.snapshot())["status"],
        json!({"label": "Writing the draft"})
    );
}

#[test]
fn texts_are_all_deltas_in_order() {
    let mut session = Session::default();
    for (kind, delta) in [
        ("assistant-delta", "Bonjour "),
        ("reasoning-delta", "思考"),
        ("assistant-delta", "🎉"),
        ("assistant-delta", ""),
        ("reasoning-delta", "…"),
    ] {
        push(&mut session, json!({"type": kind, "delta": delta}));
    }
    assert_eq!(session.snapshot().assistant_text, "Bonjour 🎉");
    assert_eq!(session.snapshot().reasoning_text, "思考…");
    assert_eq!(session.snapshot().events, 5);
}

#[test]
fn abort_ends_without_incomplete_stream() {
    let mut session = Session::default();
    push(
        &mut session,
        json!({"type": "assistant-delta", "delta": "x"}),
    );
    assert!(session.abort());
    assert_eq!(session.snapshot().phase, Phase::Aborted);
    assert!(session.finish().is_empty());
    assert_eq!(session.snapshot().phase, Phase::Aborted);
    assert!(!session.abort());
    // A finished session cannot be aborted.
    let mut session = Session::default();
    push(&mut session, json!({"type": "done"}));
    assert!(!session.abort());
    assert_eq!(session.snapshot().phase, Phase::Done);
}

#[test]
fn push_returns_the_events_completed_by_that_chunk() {
    let mut session = Session::new(SessionOptions::default());
    assert!(session
        .push(b"{\"type\":\"assistant-delta\",\"de")
        .is_empty());
    let events = session.push(b"lta\":\"a\"}\n{\"type\":\"assistant-delta\",\"delta\":\"b\"}\n{");
    assert_eq!(events.len(), 2);
    let events = session.push(b"\"type\":\"done\"}");
    assert!(
        events.is_empty(),
        "the line is not complete until a newline or finish"
    );
    let events = session.finish();
    assert!(matches!(events.as_slice(), [AssistantEvent::Done]));
}

/// A JS server that cuts a delta between the two halves of an emoji sends each half as a lone
/// surrogate escape. That is valid JSON, so it is not a malformed line: each delta carries its
/// half exactly as `JSON.parse` gives it, and the snapshot's text joins the halves into the
/// emoji, as JS string concatenation would (API.md §3, issue 10 item 8).
#[test]
fn a_delta_cut_inside_a_surrogate_pair_is_not_dropped() {
    let mut session = Session::default();
    let events = session.push(
        b"{\"type\":\"assistant-delta\",\"delta\":\"Great \\ud83c\"}\n\
          {\"type\":\"assistant-delta\",\"delta\":\"\\udf89 news\"}\n\
          {\"type\":\"assistant-delta\",\"delta\":\" \\ud83c\\udf89\"}\n",
    );
    assert_eq!(types(&events_json(&events)), ["assistant-delta"; 3]);
    let AssistantEvent::AssistantDelta { delta } = &events[0] else {
        panic!("not a delta")
    };
    assert_eq!(
        delta.utf16().last(),
        Some(0xD83C),
        "the lone high half, as sent"
    );
    assert_eq!(session.snapshot().assistant_text, "Great 🎉 news 🎉");
    assert!(session.snapshot().warnings.is_empty());
}
