//! [`JsonText`]: a string as the stream carries it, which is what `JSON.parse` gives the editor.
//!
//! The server's strings are JS strings: sequences of UTF-16 code units that may hold a lone
//! surrogate, as a JS server that cuts a delta inside an emoji sends (`"hi \ud83d"`, then
//! `"\ude00 there"`). A Rust `String` cannot hold a lone surrogate, so a string from the stream is
//! kept as its JSON string literal, escapes and all, and crosses to JS as JSON again: the editor
//! gets exactly what `JSON.parse` of the line would give (API.md §3, "Strings come out as
//! `JSON.parse` gives them"). Two such literals joined are the literal of the joined JS string,
//! so the snapshot's `assistantText` joins the halves of a split pair as JS concatenation would.
//!
//! This is a data shape with its codec; no state. Where the text is needed as Rust text (a
//! draft to validate, a message to build) [`JsonText::to_str_lossy`] reads each lone surrogate
//! as U+FFFD, as every string argument of the package is read (API.md §4).

use crate::json::parse::Units;
use crate::json::write::{escape_into, push_unicode_escape};
use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string as a JSON string literal (with its quotes): what `JSON.parse` reads, lone
/// surrogates included. Equality is equality of the strings `JSON.parse` would give, not of the
/// spellings (`"\u0041"` equals `"A"`).
#[derive(Clone)]
pub struct JsonText {
    /// Always a valid JSON string literal, quotes included.
    literal: String,
}

impl JsonText {
    /// The empty string.
    pub fn empty() -> Self {
        JsonText {
            literal: String::from("\"\""),
        }
    }

    /// `text` as a literal: `"`, `\` and control characters escaped, the rest as is.
    pub fn new(text: &str) -> Self {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        escape_into(text, &mut literal);
        literal.push('"');
        JsonText { literal }
    }

    /// Wraps a literal the caller has already checked to be a valid JSON string literal (the
    /// line decoder, which has serde_json's word for it).
    pub(crate) fn from_literal(literal: &str) -> Self {
        JsonText {
            literal: literal.to_owned(),
        }
    }

    /// The literal, quotes included: valid JSON, ready to be written out as it is.
    pub fn as_json(&self) -> &str {
        &self.literal
    }

    /// The literal without its quotes.
    pub fn body(&self) -> &str {
        let inner = self.literal.strip_prefix('"').unwrap_or(&self.literal);
        inner.strip_suffix('"').unwrap_or(inner)
    }

    /// Whether the literal holds any escape (else its body is the text itself).
    pub fn has_escapes(&self) -> bool {
        memchr::memchr(b'\\', self.body().as_bytes()).is_some()
    }

    /// Whether the string is empty (the literal is `""`).
    pub fn is_empty(&self) -> bool {
        self.literal.len() <= 2
    }

    /// The text as Rust text: each lone surrogate reads as U+FFFD. Borrowed when the literal has
    /// no escapes.
    pub fn to_str_lossy(&self) -> Cow<'_, str> {
        let body = self.body();
        if !self.has_escapes() {
            return Cow::Borrowed(body);
        }
        Cow::Owned(crate::json::parse::decode_body(body))
    }

    /// The UTF-16 code units of the text: exactly the JS string.
    pub fn utf16(&self) -> impl Iterator<Item = u16> + '_ {
        Units::new(self.body())
    }

    /// Appends `other`: the result is the literal of the two JS strings joined, so two halves
    /// of a surrogate pair become the pair.
    pub fn push(&mut self, other: &JsonText) {
        self.literal.pop();
        self.literal.push_str(other.body());
        self.literal.push('"');
    }

    /// Appends the text of `literal`, a JSON string literal the caller has checked (quotes
    /// included). Only the session uses it (cargo feature `full`).
    #[cfg(feature = "full")]
    pub(crate) fn push_literal(&mut self, literal: &str) {
        let body = literal.strip_prefix('"').unwrap_or(literal);
        let body = body.strip_suffix('"').unwrap_or(body);
        self.literal.pop();
        self.literal.push_str(body);
        self.literal.push('"');
    }

    /// Appends Rust text.
    pub fn push_str(&mut self, text: &str) {
        self.literal.pop();
        escape_into(text, &mut self.literal);
        self.literal.push('"');
    }

    /// The literal of the JS string made of `units`: lone surrogates as `\uXXXX` escapes,
    /// everything else as [`JsonText::new`] writes it.
    pub fn from_utf16(units: &[u16]) -> Self {
        let mut literal = String::with_capacity(units.len() + 2);
        literal.push('"');
        let mut buf = [0u8; 4];
        for c in char::decode_utf16(units.iter().copied()) {
            match c {
                Ok(c) => escape_into(c.encode_utf8(&mut buf), &mut literal),
                Err(e) => push_unicode_escape(&mut literal, e.unpaired_surrogate()),
            }
        }
        literal.push('"');
        JsonText { literal }
    }
}

impl PartialEq for JsonText {
    fn eq(&self, other: &Self) -> bool {
        self.literal == other.literal || self.utf16().eq(other.utf16())
    }
}

impl Eq for JsonText {}

impl PartialEq<str> for JsonText {
    fn eq(&self, other: &str) -> bool {
        self.utf16().eq(other.encode_utf16())
    }
}

impl PartialEq<&str> for JsonText {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for JsonText {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl PartialEq<JsonText> for &str {
    fn eq(&self, other: &JsonText) -> bool {
        *other == **self
    }
}

impl Default for JsonText {
    fn default() -> Self {
        JsonText::empty()
    }
}

impl From<&str> for JsonText {
    fn from(text: &str) -> Self {
        JsonText::new(text)
    }
}

impl From<String> for JsonText {
    fn from(text: String) -> Self {
        JsonText::new(&text)
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.literal)
    }
}

impl fmt::Display for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

/// As a plain string, lone surrogates read as U+FFFD: for serde formats other than the wire
/// (`crate::protocol::wire` writes the literal itself).
impl Serialize for JsonText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_str_lossy())
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Ok(JsonText::new(&text))
    }
}

/// A JSON object exactly as a line carried it: an unknown event's `data` (API.md §3,
/// "`unknown.data` is the whole line object"). Written out as it came, so `JSON.parse` gives the
/// editor what it would have given for the line itself; equality is of the parsed values.
#[derive(Clone)]
pub struct JsonObject {
    /// Always valid JSON text of an object.
    json: String,
}

impl JsonObject {
    /// Wraps the text of an object the caller has already parsed.
    pub(crate) fn from_json(json: &str) -> Self {
        JsonObject {
            json: json.to_owned(),
        }
    }

    /// The object's JSON text, as it came.
    pub fn as_json(&self) -> &str {
        &self.json
    }

    /// The object as a `serde_json` value, each lone surrogate read as U+FFFD. `None` only for
    /// text serde_json refuses (nesting past its limit).
    pub fn to_value(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.json).ok().or_else(|| {
            let repaired = crate::protocol::line::replace_lone_surrogates(&self.json)?;
            serde_json::from_str(&repaired).ok()
        })
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for JsonObject {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        JsonObject {
            json: serde_json::Value::Object(map).to_string(),
        }
    }
}

impl PartialEq for JsonObject {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json || self.to_value() == other.to_value()
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.json)
    }
}

/// As its parsed value, lone surrogates read as U+FFFD: for serde formats other than the wire.
impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value()
            .unwrap_or(serde_json::Value::Null)
            .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(serde_json::Map::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(literal: &str) -> JsonText {
        JsonText::from_literal(literal)
    }

    #[test]
    fn escapes_what_json_needs_and_round_trips() {
        let text = "a\"b\\c\nd\u{1}e\u{7f}é😀";
        let json = JsonText::new(text);
        assert_eq!(json.as_json(), "\"a\\\"b\\\\c\\nd\\u0001e\u{7f}é😀\"");
        assert_eq!(
            serde_json::from_str::<String>(json.as_json()).unwrap(),
            text
        );
        assert_eq!(json.to_str_lossy(), text);
        assert_eq!(json, text);
    }

    #[test]
    fn keeps_lone_surrogates_and_joins_halves() {
        let mut a = parsed(r#""hi \ud83d""#);
        let b = parsed(r#""\uDE00 there""#);
        assert_eq!(a.to_str_lossy(), "hi \u{fffd}");
        assert_eq!(a.utf16().last(), Some(0xD83D));
        a.push(&b);
        assert_eq!(a.to_str_lossy(), "hi 😀 there");
        assert_eq!(a, "hi 😀 there");
    }

    #[test]
    fn equality_is_of_the_strings_not_the_spellings() {
        assert_eq!(parsed(r#""\u0041\/""#), parsed(r#""A/""#));
        assert_ne!(parsed(r#""\ud83d""#), parsed(r#""\ufffd""#));
        assert_eq!(
            JsonText::from_utf16(&[0x61, 0xD83D, 0x62]).as_json(),
            "\"a\\ud83db\""
        );
        assert_eq!(
            JsonText::from_utf16(&"é😀".encode_utf16().collect::<Vec<_>>()),
            "é😀"
        );
    }
}
