//! Decoding one server line into a [`ServerEvent`] (API.md §3).
//!
//! [`decode_line`] is the hot path of the whole package: it runs once per line of every stream.
//! It reads a line in one pass into the handful of fields any known event type uses, borrowing
//! strings from the line where JSON allows it, with no map and no per-key allocation. Only a line
//! of an unknown type is parsed a second time, into the whole object its `unknown` event carries.
//!
//! It is not the framer (`crate::stream`) and keeps no state.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::events::{
    ErrorEvent, ErrorSource, LineProblem, Mode, ServerEvent, SetupRequired, Status,
};

/// The message of a server `error` line that carries neither `message` nor `error`.
pub const GENERIC_SERVER_ERROR: &str = "the assistant reported an error";

/// Decodes one complete, non-blank line of the stream.
///
/// Unknown fields are ignored; when a key repeats, the last value wins (as in `JSON.parse`); an
/// optional field that is `null` counts as absent. serde_json's recursion limit (128) keeps a
/// deeply nested line from overflowing the stack: it is reported as malformed. A `\uXXXX` escape
/// of a lone UTF-16 surrogate, which serde_json refuses, reads as U+FFFD.
pub fn decode_line(line: &str) -> Result<ServerEvent, LineProblem> {
    match serde_json::from_str::<Fields<'_>>(line) {
        Ok(fields) => fields.into_event(line),
        Err(error) => decode_repaired(line, error),
    }
}

/// The error path: retry once with lone surrogate escapes replaced. Kept out of line so the
/// normal path's stack frame stays small during the 128-level parse.
#[inline(never)]
fn decode_repaired(line: &str, error: serde_json::Error) -> Result<ServerEvent, LineProblem> {
    let malformed = || LineProblem::Malformed(error.to_string());
    let repaired = replace_lone_surrogates(line).ok_or_else(malformed)?;
    match serde_json::from_str::<Fields<'_>>(&repaired) {
        Ok(fields) => fields.into_event(&repaired),
        Err(_) => Err(malformed()),
    }
}

/// What one field of the line held.
#[derive(Debug)]
enum Field<'a> {
    Str(Cow<'a, str>),
    Null,
    /// Any other JSON value; what kind, for the message.
    Other(&'static str),
}

/// The fields any known event type reads. `None` means the key was absent.
#[derive(Debug, Default)]
struct Fields<'a> {
    ty: Option<Field<'a>>,
    mode: Option<Field<'a>>,
    label: Option<Field<'a>>,
    section: Option<Field<'a>>,
    message: Option<Field<'a>>,
    delta: Option<Field<'a>>,
    prompt: Option<Field<'a>>,
    reason: Option<Field<'a>>,
    provider: Option<Field<'a>>,
    code: Option<Field<'a>>,
    error: Option<Field<'a>>,
}

impl<'a> Fields<'a> {
    fn into_event(self, line: &str) -> Result<ServerEvent, LineProblem> {
        let event_type = match self.ty {
            Some(Field::Str(t)) => t,
            Some(Field::Null) => return Err(malformed("`type` must be a string, found null")),
            Some(Field::Other(kind)) => {
                return Err(malformed(&format!("`type` must be a string, found {kind}")))
            }
            None => return Err(malformed("the object has no `type`")),
        };
        let invalid = |reason: String| LineProblem::InvalidEvent {
            event_type: event_type.to_string(),
            reason,
        };
        let optional =
            |name: &str, field: Option<Field<'_>>| -> Result<Option<String>, LineProblem> {
                match field {
                    None | Some(Field::Null) => Ok(None),
                    Some(Field::Str(s)) => Ok(Some(s.into_owned())),
                    Some(Field::Other(kind)) => {
                        Err(invalid(format!("`{name}` must be a string, found {kind}")))
                    }
                }
            };
        let required = |name: &str, field: Option<Field<'_>>| -> Result<String, LineProblem> {
            optional(name, field)?.ok_or_else(|| invalid(format!("`{name}` is missing")))
        };
        let event = match &*event_type {
            "mode" => {
                let mode = match required("mode", self.mode)?.as_str() {
                    "chat" => Mode::Chat,
                    "clarify" => Mode::Clarify,
                    "draft" => Mode::Draft,
                    other => {
                        return Err(invalid(format!(
                            "`mode` must be `chat`, `clarify` or `draft`, found `{other}`"
                        )))
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
                ServerEvent::Error(ErrorEvent::new(
                    ErrorSource::Server,
                    code.unwrap_or_else(|| "server-error".to_owned()),
                    message
                        .or(error)
                        .unwrap_or_else(|| GENERIC_SERVER_ERROR.to_owned()),
                ))
            }
            "done" => ServerEvent::Done,
            _ => ServerEvent::Unknown {
                raw_type: event_type.into_owned(),
                data: whole_object(line)?,
            },
        };
        Ok(event)
    }
}

/// The whole line as an object, for an `unknown` event: the second parse, on the rare path.
#[inline(never)]
fn whole_object(line: &str) -> Result<Map<String, Value>, LineProblem> {
    serde_json::from_str(line).map_err(|e| malformed(&e.to_string()))
}

fn malformed(reason: &str) -> LineProblem {
    LineProblem::Malformed(reason.to_owned())
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for FieldsVisitor<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields<'a>, M::Error> {
                let mut fields = Fields::default();
                while let Some(key) = map.next_key::<Key>()? {
                    let slot = match key {
                        Key::Type => &mut fields.ty,
                        Key::Mode => &mut fields.mode,
                        Key::Label => &mut fields.label,
                        Key::Section => &mut fields.section,
                        Key::Message => &mut fields.message,
                        Key::Delta => &mut fields.delta,
                        Key::Prompt => &mut fields.prompt,
                        Key::Reason => &mut fields.reason,
                        Key::Provider => &mut fields.provider,
                        Key::Code => &mut fields.code,
                        Key::Error => &mut fields.error,
                        Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value::<Field<'a>>()?);
                }
                Ok(fields)
            }
        }
        // `deserialize_map`, not `deserialize_struct`: a JSON array must not fill the fields.
        deserializer.deserialize_map(FieldsVisitor(std::marker::PhantomData))
    }
}

/// A key of the line object, as far as decoding cares.
enum Key {
    Type,
    Mode,
    Label,
    Section,
    Message,
    Delta,
    Prompt,
    Reason,
    Provider,
    Code,
    Error,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "type" => Key::Type,
                    "mode" => Key::Mode,
                    "label" => Key::Label,
                    "section" => Key::Section,
                    "message" => Key::Message,
                    "delta" => Key::Delta,
                    "prompt" => Key::Prompt,
                    "reason" => Key::Reason,
                    "provider" => Key::Provider,
                    "code" => Key::Code,
                    "error" => Key::Error,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for FieldVisitor<'a> {
            type Value = Field<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Field<'a>, E> {
                Ok(Field::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<'a>, E> {
                Ok(Field::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Field<'a>, E> {
                Ok(Field::Str(Cow::Owned(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Field<'a>, E> {
                Ok(Field::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Field<'a>, E> {
                Ok(Field::Null)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Field<'a>, E> {
                Ok(Field::Other("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Field<'a>, E> {
                Ok(Field::Other("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Field<'a>, E> {
                Ok(Field::Other("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Field<'a>, E> {
                Ok(Field::Other("a number"))
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Field<'a>, S::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Field::Other("an array"))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Field<'a>, M::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Field::Other("an object"))
            }
        }
        deserializer.deserialize_any(FieldVisitor(std::marker::PhantomData))
    }
}

/// `line` with every `\uXXXX` escape of a lone UTF-16 surrogate inside a JSON string replaced by
/// `\uFFFD`, or `None` when there is none. Escaped backslashes (`\\ud83d`) and proper pairs
/// (`\ud83d\ude00`) are left alone. Only called on a line serde_json rejected, so it costs
/// nothing on the normal path.
pub(crate) fn replace_lone_surrogates(line: &str) -> Option<String> {
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
            Err(LineProblem::InvalidEvent { .. })
        ));
    }
}
