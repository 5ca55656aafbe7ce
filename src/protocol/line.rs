//! Decoding one server line into a [`ServerEvent`] (API.md §3).
//!
//! [`decode_line`] is the hot path of the whole package: it runs once per line of every stream.
//! It reads a line in one pass into the handful of fields any known event type uses, each kept as
//! the raw JSON text of its value (borrowed from the line): no map, no per-key allocation, and no
//! string is unescaped. A string field becomes a [`JsonText`], its literal exactly as it came, so
//! lone surrogates reach the editor as `JSON.parse` would give them. Only a line of an unknown
//! type is scanned a second time, to hold it to the limits of the whole object its `unknown`
//! event carries. [`fast_delta`] recognises the most common line of all without the general
//! decoding.
//!
//! It is not the framer (`crate::stream`) and keeps no state.

use crate::json::{self, Scanner, MAX_DEPTH};

use super::events::{
    ErrorCode, ErrorEvent, ErrorSource, LineProblem, Mode, ServerEvent, SetupRequired, Status,
};
use super::text::{JsonObject, JsonText};

/// The message of a server `error` line that carries neither `message` nor `error`.
pub const GENERIC_SERVER_ERROR: &str =
    "The assistant reported an error without saying what it was.";

/// Which delta a [`fast_delta`] line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeltaKind {
    /// `assistant-delta`.
    Assistant,
    /// `reasoning-delta`.
    Reasoning,
}

/// The hot path's shortcut: a line that is exactly `{"type":"assistant-delta","delta":"…"}` (or
/// `reasoning-delta`), the shape a server's `JSON.stringify` writes for nearly every line of an
/// answer, with a valid JSON string. Returns the kind and the string literal (quotes included).
/// Anything else, however slightly different (spaces, other keys, another order, an invalid
/// escape), is `None` and goes through [`decode_line`], which gives the same event.
pub fn fast_delta(line: &str) -> Option<(DeltaKind, &str)> {
    const ASSISTANT: &str = "{\"type\":\"assistant-delta\",\"delta\":";
    const REASONING: &str = "{\"type\":\"reasoning-delta\",\"delta\":";
    let (kind, start) = if line.starts_with(ASSISTANT) {
        (DeltaKind::Assistant, ASSISTANT.len())
    } else if line.starts_with(REASONING) {
        (DeltaKind::Reasoning, REASONING.len())
    } else {
        return None;
    };
    if line.as_bytes().get(start) != Some(&b'"') {
        return None;
    }
    let literal = Scanner::at(line, start).string_raw().ok()?;
    (line.get(literal.end..) == Some("}")).then(|| (kind, line.get(literal).unwrap_or_default()))
}

/// Decodes one complete, non-blank line of the stream.
///
/// The line is read once, by `crate::json`'s scanner, into the raw text of the few fields any
/// known type uses; every other value is checked and skipped without being built, at any depth.
/// Unknown fields are ignored; when a key repeats, the last value wins (as in `JSON.parse`); an
/// optional field that is `null` counts as absent. A `\uXXXX` escape of a lone UTF-16 surrogate is
/// valid JSON and is kept as it is.
pub fn decode_line(line: &str) -> Result<ServerEvent, LineProblem> {
    let fields = Fields::read(line)?;
    fields.into_event(line)
}

/// The fields any known event type reads, as raw JSON text. `None` means the key was absent.
#[derive(Debug, Default)]
struct Fields<'a> {
    ty: Option<&'a str>,
    mode: Option<&'a str>,
    label: Option<&'a str>,
    section: Option<&'a str>,
    message: Option<&'a str>,
    delta: Option<&'a str>,
    prompt: Option<&'a str>,
    reason: Option<&'a str>,
    provider: Option<&'a str>,
    code: Option<&'a str>,
    error: Option<&'a str>,
}

/// What one raw value is.
enum Field<'a> {
    /// A string literal, quotes included.
    Str(&'a str),
    Null,
    /// Any other JSON value; what kind, for the message.
    Other(&'static str),
}

fn classify(raw: &str) -> Field<'_> {
    match raw.as_bytes().first() {
        Some(b'"') => Field::Str(raw),
        Some(b'n') => Field::Null,
        Some(b't' | b'f') => Field::Other("a boolean"),
        Some(b'[') => Field::Other("an array"),
        Some(b'{') => Field::Other("an object"),
        _ => Field::Other("a number"),
    }
}

/// Why the line is not JSON, for the warning.
fn not_json(error: json::Error) -> LineProblem {
    LineProblem::NotJson(error.to_string())
}

/// The known event types, as their `type` literals.
const KNOWN: [&str; 8] = [
    "mode",
    "status",
    "assistant-delta",
    "reasoning-delta",
    "draft-ready",
    "ai-setup-required",
    "error",
    "done",
];

impl<'a> Fields<'a> {
    /// Reads the line: an object, each known key's raw value kept (the last one when a key
    /// repeats), every other value checked and skipped.
    fn read(line: &'a str) -> Result<Self, LineProblem> {
        let mut scanner = Scanner::new(line);
        match scanner.skip_ws() {
            Some(b'{') => {}
            // An array or a string is JSON of another kind: not an event.
            Some(b'[' | b'"') => return Err(LineProblem::NotAnObject),
            // A number or a literal (`5`, `null`), or not JSON at all (`nope`).
            _ => {
                return Err(match json::parse(line) {
                    Ok(_) => LineProblem::NotAnObject,
                    Err(error) => not_json(error),
                })
            }
        }
        scanner.expect(b'{', "\"{\"").map_err(not_json)?;
        let mut fields = Fields::default();
        let mut first = true;
        while let Some(key) = scanner.next_key(first).map_err(not_json)? {
            first = false;
            let value = scanner.skip_value(1, None).map_err(not_json)?;
            let key = line.get(key).unwrap_or_default();
            // Keys are compared as the strings they spell (`"d\u0065lta"` is `delta`).
            let name = if key.contains('\\') {
                std::borrow::Cow::Owned(json::parse::decode(key))
            } else {
                std::borrow::Cow::Borrowed(
                    key.get(1..key.len().saturating_sub(1)).unwrap_or_default(),
                )
            };
            let slot = match &*name {
                "type" => &mut fields.ty,
                "mode" => &mut fields.mode,
                "label" => &mut fields.label,
                "section" => &mut fields.section,
                "message" => &mut fields.message,
                "delta" => &mut fields.delta,
                "prompt" => &mut fields.prompt,
                "reason" => &mut fields.reason,
                "provider" => &mut fields.provider,
                "code" => &mut fields.code,
                "error" => &mut fields.error,
                _ => continue,
            };
            *slot = line.get(value);
        }
        scanner.end().map_err(not_json)?;
        Ok(fields)
    }

    fn into_event(self, line: &str) -> Result<ServerEvent, LineProblem> {
        let field = |raw: Option<&'a str>| raw.map(classify);
        let type_text = match field(self.ty) {
            Some(Field::Str(t)) => JsonText::from_literal(t),
            Some(Field::Null) => return Err(LineProblem::TypeNotString { found: "null" }),
            Some(Field::Other(found)) => return Err(LineProblem::TypeNotString { found }),
            None => return Err(LineProblem::NoType),
        };
        // The common case compares the literal's body; an escaped spelling of a known type
        // (`"d\u006fne"`) is still that type.
        let event_type = if type_text.has_escapes() {
            let text = type_text.to_str_lossy();
            KNOWN.iter().copied().find(|k| **k == *text)
        } else {
            KNOWN.iter().copied().find(|k| *k == type_text.body())
        };
        let Some(event_type) = event_type else {
            return unknown(type_text, line);
        };
        let optional =
            |name: &'static str, raw: Option<&'a str>| -> Result<Option<JsonText>, LineProblem> {
                match field(raw) {
                    None | Some(Field::Null) => Ok(None),
                    Some(Field::Str(s)) => Ok(Some(JsonText::from_literal(s))),
                    Some(Field::Other(found)) => Err(LineProblem::WrongFieldType {
                        event_type,
                        field: name,
                        found,
                    }),
                }
            };
        let required = |name: &'static str, raw: Option<&'a str>| {
            optional(name, raw)?.ok_or(LineProblem::MissingField {
                event_type,
                field: name,
            })
        };
        let event = match event_type {
            "mode" => {
                let text = required("mode", self.mode)?;
                let mode = match &*text.to_str_lossy() {
                    "chat" => Mode::Chat,
                    "clarify" => Mode::Clarify,
                    "draft" => Mode::Draft,
                    other => {
                        return Err(LineProblem::UnknownMode {
                            found: other.to_owned(),
                        })
                    }
                };
                ServerEvent::Mode {
                    mode,
                    label: optional("label", self.label)?,
                }
            }
            "status" => ServerEvent::Status(Status {
                label: optional("label", self.label)?,
                section: optional("section", self.section)?,
                message: optional("message", self.message)?,
            }),
            "assistant-delta" => ServerEvent::AssistantDelta(required("delta", self.delta)?),
            "reasoning-delta" => ServerEvent::ReasoningDelta(required("delta", self.delta)?),
            "draft-ready" => ServerEvent::DraftReady {
                prompt: required("prompt", self.prompt)?,
                section: optional("section", self.section)?,
            },
            "ai-setup-required" => ServerEvent::AiSetupRequired(SetupRequired {
                reason: optional("reason", self.reason)?,
                provider: optional("provider", self.provider)?,
                message: optional("message", self.message)?,
                code: optional("code", self.code)?,
            }),
            "error" => {
                let error = optional("error", self.error)?;
                let message = optional("message", self.message)?;
                let code = optional("code", self.code)?;
                ServerEvent::Error(ErrorEvent {
                    source: ErrorSource::Server,
                    code: code.map_or(ErrorCode::ServerError, ErrorCode::from_server),
                    message: message
                        .or(error)
                        .unwrap_or_else(|| JsonText::new(GENERIC_SERVER_ERROR)),
                    status: None,
                    retry_after_ms: None,
                })
            }
            _ => ServerEvent::Done,
        };
        Ok(event)
    }
}

/// An `unknown` event: the whole line is its data, written out as it came. It is checked once
/// more on this rare path against the limits of everything else the package parses as a whole:
/// nesting up to 128 levels, numbers within the double range (`JSON.parse` would read one past it
/// as `Infinity`, which cannot go back into JSON).
#[inline(never)]
fn unknown(raw_type: JsonText, line: &str) -> Result<ServerEvent, LineProblem> {
    let mut scanner = Scanner::new(line);
    scanner.reject_overflow = true;
    scanner.skip_value(0, Some(MAX_DEPTH)).map_err(not_json)?;
    Ok(ServerEvent::Unknown {
        raw_type,
        data: JsonObject::from_json(line),
    })
}

/// `line` with every `\uXXXX` escape of a lone UTF-16 surrogate inside a JSON string replaced by
/// `\uFFFD`, or `None` when there is none. Escaped backslashes (`\\ud83d`) and proper pairs
/// (`\ud83d\ude00`) are left alone. For readers that refuse lone surrogates (serde_json, in
/// tests).
pub fn replace_lone_surrogates(line: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::events::{ErrorSource, LineProblem, Mode, ServerEvent, Status};
    use crate::protocol::WarningCode;
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
            decode_line(r#"{"type":"d\u006fne"}"#),
            Ok(ServerEvent::Done)
        );
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
        assert_eq!(e.code, ErrorCode::ServerError);
        assert_eq!(e.message, "boom");
        let ServerEvent::Error(e) =
            decode_line(r#"{"type":"error","error":"x","message":"m","code":"quota"}"#).unwrap()
        else {
            panic!("not an error")
        };
        assert_eq!(e.code, ErrorCode::Server("quota".into()));
        assert_eq!(e.message, "m");
        let ServerEvent::Error(e) = decode_line(r#"{"type":"error"}"#).unwrap() else {
            panic!("not an error")
        };
        assert_eq!(e.message, GENERIC_SERVER_ERROR);
        assert_eq!(e.source, ErrorSource::Server);
    }

    #[test]
    fn reports_malformed_and_invalid_lines() {
        let cases: [(&str, LineProblem); 5] = [
            ("[1,2]", LineProblem::NotAnObject),
            ("5", LineProblem::NotAnObject),
            (r#"{"mode":"chat"}"#, LineProblem::NoType),
            (
                r#"{"type":5}"#,
                LineProblem::TypeNotString { found: "a number" },
            ),
            (
                r#"{"type":null}"#,
                LineProblem::TypeNotString { found: "null" },
            ),
        ];
        for (line, problem) in cases {
            assert_eq!(decode_line(line), Err(problem), "{line}");
        }
        for line in ["nope", "{\"type\":\"done\"", "{\"type\":\"done\"} x"] {
            let problem = decode_line(line).unwrap_err();
            assert!(matches!(problem, LineProblem::NotJson(_)), "{line}");
            assert_eq!(problem.code(), WarningCode::MalformedLine);
        }
        let invalid = [
            (
                r#"{"type":"assistant-delta","delta":5}"#,
                LineProblem::WrongFieldType {
                    event_type: "assistant-delta",
                    field: "delta",
                    found: "a number",
                },
            ),
            (
                r#"{"type":"assistant-delta"}"#,
                LineProblem::MissingField {
                    event_type: "assistant-delta",
                    field: "delta",
                },
            ),
            (
                r#"{"type":"mode","mode":"banana"}"#,
                LineProblem::UnknownMode {
                    found: "banana".into(),
                },
            ),
            (
                r#"{"type":"draft-ready","prompt":null}"#,
                LineProblem::MissingField {
                    event_type: "draft-ready",
                    field: "prompt",
                },
            ),
            (
                r#"{"type":"status","label":7}"#,
                LineProblem::WrongFieldType {
                    event_type: "status",
                    field: "label",
                    found: "a number",
                },
            ),
        ];
        for (line, problem) in invalid {
            assert_eq!(problem.code(), WarningCode::InvalidEvent);
            assert_eq!(decode_line(line), Err(problem), "{line}");
        }
    }

    /// API.md §3: strings come out as `JSON.parse` gives them, lone surrogates included.
    #[test]
    fn lone_surrogate_escapes_are_kept_as_they_came() {
        let delta = |line: &str| match decode_line(line) {
            Ok(ServerEvent::AssistantDelta(d)) => d,
            other => panic!("{line}: {other:?}"),
        };
        let line = |delta: &str| format!(r#"{{"type":"assistant-delta","delta":"{delta}"}}"#);
        for body in [
            r"\ud83d",
            r"\uDE00 and",
            r"a\ud83d\ud83d\ude00b",
            r"\ud83d\n\ude00",
            r"é\\\ud83d",
        ] {
            assert_eq!(delta(&line(body)).as_json(), format!("\"{body}\""));
        }
        assert_eq!(
            delta(&line(r"\ud83d")).utf16().collect::<Vec<_>>(),
            [0xD83D]
        );
        // A lone surrogate in a key is valid JSON too.
        let keyed = r#"{"type":"assistant-delta","\udc00":1,"delta":"x\ud800"}"#;
        assert_eq!(delta(keyed).as_json(), r#""x\ud800""#);
        let ServerEvent::Unknown { data, .. } =
            decode_line(r#"{"type":"x","\ud83d":"\ude00"}"#).unwrap()
        else {
            panic!("not unknown")
        };
        assert_eq!(data.as_json(), r#"{"type":"x","\ud83d":"\ude00"}"#);
        // Not an escape: an escaped backslash followed by text.
        assert_eq!(replace_lone_surrogates(&line(r"\\ud83d")), None);
        // Still malformed when something else is wrong too.
        assert!(matches!(
            decode_line(r#"{"type":"assistant-delta","delta":"\ud83d"#),
            Err(LineProblem::NotJson(_))
        ));
        assert!(matches!(
            decode_line(r#"{"type":"x","n":1e400}"#),
            Err(LineProblem::NotJson(_))
        ));
    }

    /// The shortcut and the full decoder agree on every line, shortcut or not.
    #[test]
    fn the_fast_delta_agrees_with_decode_line() {
        // (line, whether the shortcut takes it)
        let lines = [
            (r#"{"type":"assistant-delta","delta":"Hi"}"#, true),
            (r#"{"type":"reasoning-delta","delta":""}"#, true),
            (
                r#"{"type":"assistant-delta","delta":"a\"b\\c\n\u00e9\ud83d"}"#,
                true,
            ),
            (r#"{"type":"assistant-delta","delta":"é😀 \/"}"#, true),
            // Not the shortcut's shape: decoded in full, with the same outcome.
            (r#"{"type": "assistant-delta","delta":"Hi"}"#, false),
            (r#"{"delta":"Hi","type":"assistant-delta"}"#, false),
            (r#"{"type":"assistant-delta","delta":"Hi","x":1}"#, false),
            // Invalid: never the shortcut.
            ("{\"type\":\"assistant-delta\",\"delta\":\"a\u{1}\"}", false),
            (r#"{"type":"assistant-delta","delta":"a\x"}"#, false),
            (r#"{"type":"assistant-delta","delta":"a\u12"}"#, false),
            (r#"{"type":"assistant-delta","delta":"a"b"}"#, false),
            (r#"{"type":"assistant-delta","delta":"a\"}"#, false),
        ];
        for (line, fast) in lines {
            let decoded = decode_line(line);
            match fast_delta(line) {
                Some((kind, literal)) => {
                    assert!(fast, "{line}: taken by the shortcut");
                    let text = JsonText::from_literal(literal);
                    let expected = match kind {
                        DeltaKind::Assistant => ServerEvent::AssistantDelta(text),
                        DeltaKind::Reasoning => ServerEvent::ReasoningDelta(text),
                    };
                    assert_eq!(decoded, Ok(expected), "{line}");
                    assert!(line.ends_with(&format!("{literal}}}")), "{line}");
                }
                None => assert!(!fast, "{line}: missed by the shortcut"),
            }
        }
    }

    #[test]
    fn unknown_types_keep_the_whole_object() {
        let line = r#"{"type":"tool-call","name":"x","n":[1]}"#;
        let ServerEvent::Unknown { raw_type, data } = decode_line(line).unwrap() else {
            panic!("not unknown")
        };
        assert_eq!(raw_type, "tool-call");
        assert_eq!(data.as_json(), line);
        assert_eq!(
            data.to_value(),
            Some(json!({"type":"tool-call","name":"x","n":[1]}))
        );
    }

    #[test]
    fn repeated_keys_keep_the_last_value() {
        assert_eq!(
            decode_line(r#"{"type":"assistant-delta","delta":5,"delta":"ok"}"#),
            Ok(ServerEvent::AssistantDelta("ok".into()))
        );
        assert_eq!(
            decode_line(r#"{"type":"x","type":"done"}"#),
            Ok(ServerEvent::Done)
        );
    }

    #[test]
    fn escaped_strings_and_nested_unknown_fields() {
        assert_eq!(
            decode_line(
                r#"{"type":"assistant-delta","meta":{"a":[1,{"b":null}]},"delta":"a\n\u00e9"}"#
            ),
            Ok(ServerEvent::AssistantDelta("a\n\u{e9}".into()))
        );
        assert!(matches!(
            decode_line(r#"{"type":"assistant-delta","delta":["x"]}"#),
            Err(LineProblem::WrongFieldType { .. })
        ));
    }
}
