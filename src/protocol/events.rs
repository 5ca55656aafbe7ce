//! The events the package hands to the editor (API.md §3), and how one server line becomes one.
//!
//! [`AssistantEvent`] is the output shape: it serialises to exactly the JSON objects the
//! TypeScript union describes. [`ServerEvent`] is what a well-formed server line decodes to, before
//! the session attaches validation and diff to a draft. [`decode_line`] turns one complete line of
//! text into a [`ServerEvent`] or a [`LineProblem`]; it never fails in any other way.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::diff::PromptDiff;
use super::validation::DraftValidation;

/// The assistant's mode for one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Chat,
    Clarify,
    Draft,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Chat => "chat",
            Mode::Clarify => "clarify",
            Mode::Draft => "draft",
        }
    }
}

/// The fields of a `status` event; also `SessionSnapshot.status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An `ai-setup-required` event: the server has no usable model for this user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequired {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Where an `error` event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorSource {
    Server,
    Http,
    Network,
    Timeout,
    Protocol,
    Request,
}

/// An `error` event. Every failure ends a stream with exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEvent {
    pub source: ErrorSource,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl ErrorEvent {
    pub fn new(source: ErrorSource, code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorEvent {
            source,
            code: code.into(),
            message: message.into(),
            status: None,
            retry_after_ms: None,
        }
    }
}

/// The code of a `warning` event. Warnings never stop a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    MalformedLine,
    InvalidEvent,
    LineTooLong,
    InvalidUtf8,
    UnexpectedEvent,
}

/// A `warning` event: a line or an event was dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    /// The 1-based physical line of the stream the warning is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// A `draft-ready` event with the draft checked against the session's variable context and
/// diffed against its current prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftReady {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub validation: DraftValidation,
    pub diff: PromptDiff,
}

/// One event as the editor sees it (API.md §3 `AssistantEvent`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AssistantEvent {
    Mode {
        mode: Mode,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    Status(Status),
    AssistantDelta {
        delta: String,
    },
    ReasoningDelta {
        delta: String,
    },
    DraftReady(Box<DraftReady>),
    AiSetupRequired(SetupRequired),
    Error(ErrorEvent),
    Done,
    Warning(Warning),
    Unknown {
        #[serde(rename = "rawType")]
        raw_type: String,
        data: Map<String, Value>,
    },
}

impl AssistantEvent {
    /// The `type` tag, as it appears on the wire.
    pub fn type_name(&self) -> &str {
        match self {
            AssistantEvent::Mode { .. } => "mode",
            AssistantEvent::Status(_) => "status",
            AssistantEvent::AssistantDelta { .. } => "assistant-delta",
            AssistantEvent::ReasoningDelta { .. } => "reasoning-delta",
            AssistantEvent::DraftReady(_) => "draft-ready",
            AssistantEvent::AiSetupRequired(_) => "ai-setup-required",
            AssistantEvent::Error(_) => "error",
            AssistantEvent::Done => "done",
            AssistantEvent::Warning(_) => "warning",
            AssistantEvent::Unknown { raw_type, .. } => raw_type,
        }
    }
}

/// A server line that decoded cleanly. `DraftReady` still lacks its validation and diff: the
/// session adds them.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerEvent {
    Mode {
        mode: Mode,
        label: Option<String>,
    },
    Status(Status),
    AssistantDelta(String),
    ReasoningDelta(String),
    DraftReady {
        prompt: String,
        section: Option<String>,
    },
    AiSetupRequired(SetupRequired),
    /// A server `error` line, already mapped to the event shape.
    Error(ErrorEvent),
    Done,
    Unknown {
        raw_type: String,
        data: Map<String, Value>,
    },
}

/// Why a complete line did not decode to a [`ServerEvent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// Not JSON, not an object, or no string `type`: a `malformed-line` warning.
    Malformed(String),
    /// A known `type` with missing or mistyped fields: an `invalid-event` warning.
    InvalidEvent { event_type: String, reason: String },
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineProblem::Malformed(reason) => write!(f, "line is not an event object: {reason}"),
            LineProblem::InvalidEvent { event_type, reason } => {
                write!(f, "`{event_type}` event ignored: {reason}")
            }
        }
    }
}

/// The message of a server `error` line that carries neither `message` nor `error`.
pub const GENERIC_SERVER_ERROR: &str = "the assistant reported an error";

#[derive(Deserialize)]
struct ModeLine {
    mode: Mode,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct DeltaLine {
    delta: String,
}

#[derive(Deserialize)]
struct DraftLine {
    prompt: String,
    #[serde(default)]
    section: Option<String>,
}

#[derive(Deserialize)]
struct ErrorLine {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

/// Decodes one complete, non-blank line of the stream.
///
/// Unknown fields are ignored; an optional field that is `null` counts as absent. serde_json's
/// recursion limit (128) keeps a deeply nested line from overflowing the stack: it is reported as
/// malformed.
pub fn decode_line(line: &str) -> Result<ServerEvent, LineProblem> {
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(error) => parse_repaired(line, error)?,
    };
    let Value::Object(map) = value else {
        return Err(LineProblem::Malformed(format!(
            "expected a JSON object, found {}",
            kind_of(&value)
        )));
    };
    let event_type = match map.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => {
            return Err(LineProblem::Malformed(format!(
                "`type` must be a string, found {}",
                kind_of(other)
            )))
        }
        None => return Err(LineProblem::Malformed("the object has no `type`".into())),
    };
    decode_object(event_type, map)
}

fn decode_object(event_type: String, map: Map<String, Value>) -> Result<ServerEvent, LineProblem> {
    fn fields<T: serde::de::DeserializeOwned>(
        event_type: &str,
        map: Map<String, Value>,
    ) -> Result<T, LineProblem> {
        serde_json::from_value(Value::Object(map)).map_err(|e| LineProblem::InvalidEvent {
            event_type: event_type.to_owned(),
            reason: e.to_string(),
        })
    }
    let event = match event_type.as_str() {
        "mode" => {
            let line: ModeLine = fields(&event_type, map)?;
            ServerEvent::Mode {
                mode: line.mode,
                label: line.label,
            }
        }
        "status" => ServerEvent::Status(fields(&event_type, map)?),
        "assistant-delta" => {
            ServerEvent::AssistantDelta(fields::<DeltaLine>(&event_type, map)?.delta)
        }
        "reasoning-delta" => {
            ServerEvent::ReasoningDelta(fields::<DeltaLine>(&event_type, map)?.delta)
        }
        "draft-ready" => {
            let line: DraftLine = fields(&event_type, map)?;
            ServerEvent::DraftReady {
                prompt: line.prompt,
                section: line.section,
            }
        }
        "ai-setup-required" => ServerEvent::AiSetupRequired(fields(&event_type, map)?),
        "error" => {
            let line: ErrorLine = fields(&event_type, map)?;
            ServerEvent::Error(ErrorEvent::new(
                ErrorSource::Server,
                line.code.unwrap_or_else(|| "server-error".to_owned()),
                line.message
                    .or(line.error)
                    .unwrap_or_else(|| GENERIC_SERVER_ERROR.to_owned()),
            ))
        }
        "done" => ServerEvent::Done,
        _ => ServerEvent::Unknown {
            raw_type: event_type,
            data: map,
        },
    };
    Ok(event)
}

/// The slow path of [`decode_line`] for a line serde_json rejected.
///
/// JSON lets a string hold a lone UTF-16 surrogate (`"\ud83d"`), and a JS server that cuts a delta
/// between the two halves of an emoji sends exactly that. A Rust string cannot hold one, and
/// serde_json rejects the line; rather than drop the text as malformed, such an escape reads as
/// U+FFFD, as a lossy UTF-16 decoder would. Kept out of line so that `decode_line`'s frame stays
/// small (serde_json recurses up to 128 levels below it).
#[cold]
#[inline(never)]
fn parse_repaired(line: &str, error: serde_json::Error) -> Result<Value, LineProblem> {
    let malformed = || LineProblem::Malformed(error.to_string());
    let repaired = replace_lone_surrogates(line).ok_or_else(malformed)?;
    serde_json::from_str(&repaired).map_err(|_| malformed())
}

/// `line` with every `\uXXXX` escape of a lone UTF-16 surrogate inside a JSON string replaced by
/// `\uFFFD`, or `None` when there is none. Escaped backslashes (`\\ud83d`) and proper pairs
/// (`\ud83d\ude00`) are left alone. Only called on a line serde_json rejected, so it costs
/// nothing on the normal path.
fn replace_lone_surrogates(line: &str) -> Option<String> {
    fn code_unit(bytes: &[u8], at: usize) -> Option<u16> {
        let digits = bytes.get(at..at.checked_add(4)?)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }
    let is_high = |unit: u16| (0xD800..0xDC00).contains(&unit);
    let is_low = |unit: u16| (0xDC00..0xE000).contains(&unit);

    let bytes = line.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // `line[..copied]` is already in `out`
    let mut in_string = false;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match (in_string, byte) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => match (bytes.get(i + 1), code_unit(bytes, i + 2)) {
                (Some(b'u'), Some(unit)) => {
                    let pair = is_high(unit)
                        && bytes.get(i + 6..i + 8) == Some(b"\\u")
                        && code_unit(bytes, i + 8).is_some_and(is_low);
                    if pair {
                        i += 11;
                    } else if is_high(unit) || is_low(unit) {
                        // Every index here is at an ASCII byte, so a char boundary.
                        let repaired = out.get_or_insert_with(|| String::with_capacity(line.len()));
                        repaired.push_str(line.get(copied..i)?);
                        repaired.push_str("\\uFFFD");
                        copied = i + 6;
                        i += 5;
                    } else {
                        i += 5;
                    }
                }
                _ => i += 1, // a two-byte escape: skip the escaped byte
            },
            _ => {}
        }
        i += 1;
    }
    let mut repaired = out?;
    repaired.push_str(line.get(copied..)?);
    Some(repaired)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_every_known_type() {
        assert_eq!(
            decode_line(r#"{"type":"mode","mode":"draft","label":"Drafting"}"#),
            Ok(ServerEvent::Mode {
                mode: Mode::Draft,
                label: Some("Drafting".into())
            })
        );
        assert_eq!(
            decode_line(r#"{"type":"assistant-delta","delta":"Hi","extra":1}"#),
            Ok(ServerEvent::AssistantDelta("Hi".into()))
        );
        assert_eq!(decode_line(r#"{"type":"done"}"#), Ok(ServerEvent::Done));
        assert_eq!(
            decode_line(r#"{"type":"status","label":null,"section":"goal"}"#),
            Ok(ServerEvent::Status(Status {
                label: None,
                section: Some("goal".into()),
                message: None
            }))
        );
    }

    #[test]
    fn maps_server_errors() {
        let ServerEvent::Error(e) = decode_line(r#"{"type":"error","error":"boom"}"#).unwrap()
        else {
            panic!("not an error")
        };
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("server-error", "boom")
        );
        let ServerEvent::Error(e) =
            decode_line(r#"{"type":"error","error":"x","message":"m","code":"quota"}"#).unwrap()
        else {
            panic!("not an error")
        };
        assert_eq!((e.code.as_str(), e.message.as_str()), ("quota", "m"));
        let ServerEvent::Error(e) = decode_line(r#"{"type":"error"}"#).unwrap() else {
            panic!("not an error")
        };
        assert_eq!(e.message, GENERIC_SERVER_ERROR);
        assert_eq!(e.source, ErrorSource::Server);
    }

    #[test]
    fn reports_malformed_and_invalid_lines() {
        for line in ["nope", "[1,2]", "5", r#"{"mode":"chat"}"#, r#"{"type":5}"#] {
            assert!(
                matches!(decode_line(line), Err(LineProblem::Malformed(_))),
                "{line}"
            );
        }
        for line in [
            r#"{"type":"assistant-delta","delta":5}"#,
            r#"{"type":"assistant-delta"}"#,
            r#"{"type":"mode","mode":"banana"}"#,
            r#"{"type":"draft-ready","prompt":null}"#,
            r#"{"type":"status","label":7}"#,
        ] {
            assert!(
                matches!(decode_line(line), Err(LineProblem::InvalidEvent { .. })),
                "{line}"
            );
        }
    }

    #[test]
    fn lone_surrogate_escapes_read_as_replacement_characters() {
        let delta = |line: &str| match decode_line(line) {
            Ok(ServerEvent::AssistantDelta(d)) => d,
            other => panic!("{line}: {other:?}"),
        };
        let line = |delta: &str| format!(r#"{{"type":"assistant-delta","delta":"{delta}"}}"#);
        assert_eq!(delta(&line(r"\ud83d")), "\u{fffd}");
        assert_eq!(delta(&line(r"\uDE00 and")), "\u{fffd} and");
        assert_eq!(delta(&line(r"a\ud83d\ud83d\ude00b")), "a\u{fffd}\u{1f600}b");
        assert_eq!(delta(&line(r"\ud83d\n\ude00")), "\u{fffd}\n\u{fffd}");
        assert_eq!(delta(&line(r"é\\\ud83d")), "é\\\u{fffd}");
        // Not an escape: an escaped backslash followed by text.
        assert_eq!(replace_lone_surrogates(&line(r"\\ud83d")), None);
        // Still malformed when something else is wrong too.
        assert!(matches!(
            decode_line(r#"{"type":"assistant-delta","delta":"\ud83d"#),
            Err(LineProblem::Malformed(_))
        ));
        assert!(matches!(
            decode_line(r#"{"type":"x","n":1e400}"#),
            Err(LineProblem::Malformed(_))
        ));
    }

    #[test]
    fn unknown_types_keep_the_whole_object() {
        let line = r#"{"type":"tool-call","name":"x","n":[1]}"#;
        let ServerEvent::Unknown { raw_type, data } = decode_line(line).unwrap() else {
            panic!("not unknown")
        };
        assert_eq!(raw_type, "tool-call");
        assert_eq!(
            Value::Object(data),
            json!({"type":"tool-call","name":"x","n":[1]})
        );
    }

    #[test]
    fn events_serialise_to_the_contract_shape() {
        let ev = AssistantEvent::Unknown {
            raw_type: "x".into(),
            data: Map::new(),
        };
        assert_eq!(
            serde_json::to_value(&ev).unwrap(),
            json!({"type":"unknown","rawType":"x","data":{}})
        );
        let mut err = ErrorEvent::new(ErrorSource::Http, "rate-limited", "slow down");
        err.status = Some(429);
        err.retry_after_ms = Some(2000);
        assert_eq!(
            serde_json::to_value(AssistantEvent::Error(err)).unwrap(),
            json!({"type":"error","source":"http","code":"rate-limited","message":"slow down","status":429,"retryAfterMs":2000})
        );
        assert_eq!(
            serde_json::to_value(AssistantEvent::Mode {
                mode: Mode::Chat,
                label: None
            })
            .unwrap(),
            json!({"type":"mode","mode":"chat"})
        );
        assert_eq!(
            serde_json::to_value(AssistantEvent::AiSetupRequired(SetupRequired::default()))
                .unwrap(),
            json!({"type":"ai-setup-required"})
        );
    }
}
