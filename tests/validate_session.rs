//! Every `draft-ready` a session passes on carries the draft's validation against the session's
//! `variableContext` (API.md §3, §4).

use prompt_assist::protocol::{AssistantEvent, DraftValidation, IssueCode};
use prompt_assist::session::{replay, Session, SessionOptions};
use serde_json::json;

fn stream(prompt: &str) -> String {
    let draft = json!({ "type": "draft-ready", "prompt": prompt });
    format!("{{\"type\":\"mode\",\"mode\":\"draft\"}}\n{draft}\n{{\"type\":\"done\"}}\n")
}

fn drafts(events: &[AssistantEvent]) -> Vec<&DraftValidation> {
    events
        .iter()
        .filter_map(|e| match e {
            AssistantEvent::DraftReady(d) => Some(&d.validation),
            _ => None,
        })
        .collect()
}

fn options() -> SessionOptions {
    SessionOptions {
        variable_context: Some(
            json!({
                "firstName": "Alex",
                "Property fields": ["propertyName"],
            })
            .into(),
        ),
        ..SessionOptions::default()
    }
}

#[test]
fn draft_ready_carries_unknown_variable_and_its_suggestion() {
    let ndjson = stream("<prompt>\n  <goal>Greet @firstname at @propertyName.</goal>\n</prompt>");
    let mut session = Session::new(options());
    // Fed in small chunks: the draft line arrives split.
    let mut events = Vec::new();
    for chunk in ndjson.as_bytes().chunks(7) {
        events.extend(session.push(chunk));
    }
    events.extend(session.finish());

    let validations = drafts(&events);
    assert_eq!(validations.len(), 1);
    let v = validations[0];
    assert!(v.well_formed && !v.ok);
    let unknown: Vec<_> = v
        .issues
        .iter()
        .filter(|i| i.code == IssueCode::UnknownVariable)
        .collect();
    assert_eq!(unknown.len(), 1, "{:#?}", v.issues);
    assert_eq!(unknown[0].variable.as_deref(), Some("firstname"));
    assert_eq!(unknown[0].suggestion.as_deref(), Some("firstName"));
    assert_eq!((unknown[0].line, unknown[0].column), (2, 15));
    let known: Vec<_> = v
        .variables
        .iter()
        .map(|r| (r.name.as_str(), r.known))
        .collect();
    assert_eq!(
        known,
        [("firstname", Some(false)), ("propertyName", Some(true))]
    );
    assert_eq!(v.sections, ["goal"]);

    // The snapshot holds the same validation.
    let snapshot = session.snapshot();
    assert_eq!(snapshot.draft.as_ref().map(|d| &d.validation), Some(v));

    // And it serialises with the contract's names.
    let value = serde_json::to_value(v).unwrap();
    assert_eq!(value["wellFormed"], json!(true));
    assert_eq!(value["issues"][0]["code"], json!("unknown-variable"));
    assert_eq!(value["issues"][0]["severity"], json!("error"));
    assert_eq!(value["issues"][0]["suggestion"], json!("firstName"));
}

#[test]
fn every_draft_is_validated_against_the_same_context() {
    let mut ndjson = stream("<prompt><goal>@firstName</goal></prompt>");
    ndjson = ndjson.replace("{\"type\":\"done\"}\n", "");
    ndjson.push_str(
        &json!({ "type": "draft-ready", "prompt": "<prompt><goal>@nope</goal>" }).to_string(),
    );
    ndjson.push_str("\n{\"type\":\"done\"}\n");
    let (events, _) = replay(ndjson.as_bytes(), options());
    let v = drafts(&events);
    assert_eq!(v.len(), 2);
    assert!(v[0].ok && v[0].issues.is_empty());
    assert!(!v[1].well_formed);
    let codes: Vec<_> = v[1].issues.iter().map(|i| i.code).collect();
    assert_eq!(codes, [IssueCode::XmlSyntax, IssueCode::UnknownVariable]);
}

#[test]
fn without_a_context_known_is_null() {
    let (events, _) = replay(
        stream("<prompt><goal>@firstname</goal></prompt>").as_bytes(),
        SessionOptions::default(),
    );
    let v = drafts(&events)[0];
    assert!(v.ok);
    assert_eq!(v.variables[0].known, None);
    let value = serde_json::to_value(&v.variables[0]).unwrap();
    assert_eq!(value["known"], serde_json::Value::Null);
}
