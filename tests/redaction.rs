//! The bearer token never comes out of a stream (API.md §5; issue 10, item 1), shown as a
//! property: a stream of every event type, with the token placed in any string position (values,
//! keys of an unknown event at any depth, its type, spelled plainly or with `\u` escapes), runs
//! through a session whose secret is the token. No string of any event or of the snapshot
//! contains it, nor does the join of the deltas; and everything else comes out as it does from
//! the same stream with each token replaced by `[redacted]` and no secret at all.

use prompt_assist::protocol::wire::events_json;
use prompt_assist::protocol::AssistantEvent;
use prompt_assist::session::{Session, SessionOptions, SessionSnapshot, REDACTED};
use proptest::prelude::*;
use serde_json::Value;

/// One string of the stream: pieces of text, some of them the token.
#[derive(Debug, Clone)]
struct Text {
    pieces: Vec<Piece>,
    /// Spell every character as a `\uXXXX` escape.
    escaped: bool,
}

#[derive(Debug, Clone)]
enum Piece {
    Plain(String),
    Token,
}

impl Text {
    fn value(&self, token: &str) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Plain(s) => s.as_str(),
                Piece::Token => token,
            })
            .collect()
    }

    /// The JSON literal as the server would send it.
    fn literal(&self, token: &str) -> String {
        let value = self.value(token);
        if !self.escaped {
            return serde_json::to_string(&value).unwrap();
        }
        let mut out = String::from("\"");
        for unit in value.encode_utf16() {
            out.push_str(&format!("\\u{unit:04x}"));
        }
        out.push('"');
        out
    }
}

/// A JSON value of an unknown event's data.
#[derive(Debug, Clone)]
enum Data {
    Str(Text),
    Num(u32),
    List(Vec<Data>),
    Map(Vec<(Text, Data)>),
}

impl Data {
    fn json(&self, token: &str) -> String {
        match self {
            Data::Str(t) => t.literal(token),
            Data::Num(n) => n.to_string(),
            Data::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|d| d.json(token))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Data::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}:{}", k.literal(token), v.json(token)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

/// One line of the stream, by event type.
#[derive(Debug, Clone)]
enum Line {
    Mode(Option<Text>),
    Status([Option<Text>; 3]),
    Delta(bool, Text),
    Draft(Text, Option<Text>),
    Setup([Option<Text>; 4]),
    Error([Option<Text>; 3]),
    Unknown(Text, Vec<(Text, Data)>),
    /// A `mode` with a value no mode has: its warning quotes it.
    BadMode(Text),
}

fn field(out: &mut String, key: &str, text: &Option<Text>, token: &str) {
    if let Some(t) = text {
        out.push_str(&format!(",\"{key}\":{}", t.literal(token)));
    }
}

impl Line {
    fn json(&self, token: &str) -> String {
        let mut out = String::new();
        match self {
            Line::Mode(label) => {
                out.push_str("{\"type\":\"mode\",\"mode\":\"draft\"");
                field(&mut out, "label", label, token);
            }
            Line::Status([a, b, c]) => {
                out.push_str("{\"type\":\"status\"");
                field(&mut out, "label", a, token);
                field(&mut out, "section", b, token);
                field(&mut out, "message", c, token);
            }
            Line::Delta(reasoning, t) => {
                let ty = if *reasoning {
                    "reasoning-delta"
                } else {
                    "assistant-delta"
                };
                out.push_str(&format!(
                    "{{\"type\":\"{ty}\",\"delta\":{}",
                    t.literal(token)
                ));
            }
            Line::Draft(goal, section) => {
                let prompt = Text {
                    pieces: [
                        vec![Piece::Plain("<prompt><goal>".into())],
                        goal.pieces.clone(),
                        vec![Piece::Plain("</goal></prompt>".into())],
                    ]
                    .concat(),
                    escaped: goal.escaped,
                };
                out.push_str(&format!(
                    "{{\"type\":\"draft-ready\",\"prompt\":{}",
                    prompt.literal(token)
                ));
                field(&mut out, "section", section, token);
            }
            Line::Setup([a, b, c, d]) => {
                out.push_str("{\"type\":\"ai-setup-required\"");
                field(&mut out, "reason", a, token);
                field(&mut out, "provider", b, token);
                field(&mut out, "message", c, token);
                field(&mut out, "code", d, token);
            }
            Line::Error([a, b, c]) => {
                out.push_str("{\"type\":\"error\"");
                field(&mut out, "error", a, token);
                field(&mut out, "message", b, token);
                field(&mut out, "code", c, token);
            }
            Line::Unknown(ty, entries) => {
                out.push_str(&format!("{{\"type\":{}", ty.literal(token)));
                for (k, v) in entries {
                    out.push_str(&format!(",{}:{}", k.literal(token), v.json(token)));
                }
            }
            Line::BadMode(t) => {
                out.push_str(&format!(
                    "{{\"type\":\"mode\",\"mode\":{}",
                    t.literal(token)
                ));
            }
        }
        out.push_str("}\n");
        out
    }
}

fn text() -> impl Strategy<Value = Text> {
    let piece = prop_oneof![
        3 => "[a-z <>&\"\\\\é😀\n]{0,6}".prop_map(Piece::Plain),
        1 => Just(Piece::Token),
    ];
    (prop::collection::vec(piece, 0..4), any::<bool>())
        .prop_map(|(pieces, escaped)| Text { pieces, escaped })
}

/// An unknown type: never one of the known names (it always has an `x-` or the token in it).
fn unknown_type() -> impl Strategy<Value = Text> {
    text().prop_map(|mut t| {
        t.pieces.insert(0, Piece::Plain("x-".into()));
        t
    })
}

fn data() -> impl Strategy<Value = Data> {
    let leaf = prop_oneof![text().prop_map(Data::Str), (0u32..100).prop_map(Data::Num)];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Data::List),
            prop::collection::vec((text(), inner), 0..3).prop_map(Data::Map),
        ]
    })
}

fn line() -> impl Strategy<Value = Line> {
    let opt = || prop::option::of(text());
    prop_oneof![
        1 => opt().prop_map(Line::Mode),
        1 => (opt(), opt(), opt()).prop_map(|(a, b, c)| Line::Status([a, b, c])),
        3 => (any::<bool>(), text()).prop_map(|(r, t)| Line::Delta(r, t)),
        1 => (text(), opt()).prop_map(|(g, s)| Line::Draft(g, s)),
        1 => (opt(), opt(), opt(), opt()).prop_map(|(a, b, c, d)| Line::Setup([a, b, c, d])),
        1 => (opt(), opt(), opt()).prop_map(|(a, b, c)| Line::Error([a, b, c])),
        1 => (unknown_type(), prop::collection::vec((text(), data()), 0..3))
            .prop_map(|(t, e)| Line::Unknown(t, e)),
        1 => text().prop_map(Line::BadMode),
    ]
}

fn run(stream: &str, secret: Option<&str>) -> (Vec<AssistantEvent>, SessionSnapshot) {
    let mut session = Session::new(SessionOptions {
        secret: secret.map(str::to_owned),
        ..SessionOptions::default()
    });
    let mut events = session.push(stream.as_bytes());
    events.extend(session.finish());
    (events, session.snapshot().clone())
}

/// Every string in a JSON value, keys included.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

fn is_delta(event: &Value) -> bool {
    matches!(
        event["type"].as_str(),
        Some("assistant-delta" | "reasoning-delta")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_token_never_comes_out_and_everything_else_does(
        token in "[A-Za-z0-9_.~+/=-]{8,32}",
        lines in prop::collection::vec(line(), 1..12),
    ) {
        let stream: String = lines.iter().map(|l| l.json(&token)).collect();
        let (events, snapshot) = run(&stream, Some(&token));
        let out: Value = serde_json::from_str(&events_json(&events)).unwrap();
        let snap: Value = serde_json::from_str(&snapshot.to_json()).unwrap();
        let mut all = Vec::new();
        strings(&out, &mut all);
        strings(&snap, &mut all);
        for s in &all {
            prop_assert!(!s.contains(&token), "the token came out in {s:?}");
        }

        // The same stream with every token replaced, read with no secret at all.
        let expected_stream: String = lines.iter().map(|l| l.json(REDACTED)).collect();
        let (expected, expected_snapshot) = run(&expected_stream, None);
        let expected: Value = serde_json::from_str(&events_json(&expected)).unwrap();
        let others = |v: &Value| -> Vec<Value> {
            v.as_array().unwrap().iter().filter(|e| !is_delta(e)).cloned().collect()
        };
        prop_assert_eq!(others(&out), others(&expected));
        let expected_snap: Value = serde_json::from_str(&expected_snapshot.to_json()).unwrap();
        let mut snap = snap;
        let mut expected_snap = expected_snap;
        // Events are counted, and a held-back delta end may come out as one more delta.
        snap["events"] = Value::Null;
        expected_snap["events"] = Value::Null;
        prop_assert_eq!(snap, expected_snap);
    }

    /// A token cut across deltas, at any points: no delta and no join shows it, and the text
    /// around it comes out whole.
    #[test]
    fn a_token_split_across_deltas_never_comes_out(
        token in "[A-Za-z0-9_-]{8,24}",
        before in "[a-z ]{0,10}",
        after in "[a-z ]{0,10}",
        cuts in prop::collection::vec(0usize..60, 1..4),
    ) {
        let text = format!("{before}{token}{after}");
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut pieces = Vec::new();
        let mut at = 0;
        for cut in cuts.into_iter().chain([text.len()]) {
            pieces.push(&text[at..cut]);
            at = cut;
        }
        let stream: String = pieces
            .iter()
            .map(|p| format!("{{\"type\":\"assistant-delta\",\"delta\":{}}}\n", serde_json::to_string(p).unwrap()))
            .chain(["{\"type\":\"done\"}\n".to_owned()])
            .collect();
        let (events, snapshot) = run(&stream, Some(&token));
        let mut joined = String::new();
        for event in &events {
            if let AssistantEvent::AssistantDelta { delta } = event {
                let delta = delta.to_str_lossy();
                prop_assert!(!delta.contains(&token));
                joined.push_str(&delta);
            }
        }
        prop_assert!(!joined.contains(&token), "{joined:?}");
        prop_assert_eq!(snapshot.assistant_text.to_str_lossy(), joined.as_str());
        prop_assert!(joined.starts_with(&before) && joined.ends_with(&after), "{joined:?}");
        prop_assert!(joined.contains(REDACTED));
        prop_assert!(matches!(events.last(), Some(AssistantEvent::Done)));
    }
}

/// The rows: an echoed token in an error's code, a setup's code, and an unknown event's
/// nested values under keys such as `type`, `mode` and `code`, and its type.
#[test]
fn the_reported_fields() {
    let token = "tok_S3CRET-abc.123";
    let rows = [
        (
            format!("{{\"type\":\"error\",\"code\":\"{token}\",\"message\":\"bad\"}}\n"),
            "\"code\":\"[redacted]\"",
        ),
        (
            format!("{{\"type\":\"ai-setup-required\",\"code\":\"{token}\"}}\n"),
            "\"code\":\"[redacted]\"",
        ),
        (
            format!(
                "{{\"type\":\"x-echo\",\"nested\":{{\"type\":\"{token}\",\"mode\":\"{token}\",\"code\":[\"{token}\"],\"{token}\":1}}}}\n"
            ),
            "\"nested\":{\"type\":\"[redacted]\",\"mode\":\"[redacted]\",\"code\":[\"[redacted]\"],\"[redacted]\":1}",
        ),
        (
            format!("{{\"type\":\"{token}\"}}\n"),
            "\"rawType\":\"[redacted]\"",
        ),
    ];
    for (line, scrubbed) in rows {
        let (events, snapshot) = run(&line, Some(token));
        let json = events_json(&events) + &snapshot.to_json();
        assert!(!json.contains(token), "{json}");
        assert!(json.contains(scrubbed), "{line}: {json}");
    }
}
