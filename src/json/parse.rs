//! Reading JSON: [`parse`] builds a [`Value`]; the [`Scanner`] checks a value and gives back its
//! raw text without building anything, which is what the stream's line decoder needs.
//!
//! RFC 8259's grammar, with these limits: nesting up to [`MAX_DEPTH`], and (on request) no
//! number past the double range. A `\u` escape of a lone surrogate is valid JSON: the scanner
//! accepts it as it is, and [`parse`] reads it as U+FFFD. Recursion is bounded by the depth
//! limit, so a deeply nested input is an error, never a stack overflow.

use std::fmt;
use std::ops::Range;

use super::{Map, Number, Value, MAX_DEPTH};

/// Why the text is not JSON the package accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text ended inside a value.
    Eof,
    /// A character where the grammar needs something else; what it needs.
    Expected(&'static str),
    /// A `\` followed by something JSON does not allow.
    InvalidEscape,
    /// A raw control character (U+0000 to U+001F) inside a string.
    ControlCharacter,
    /// A number that does not follow JSON's grammar.
    InvalidNumber,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A number past the double range (`JSON.parse` would read it as `Infinity`).
    NumberOutOfRange,
    /// Something after the value.
    TrailingCharacters,
}

/// A JSON error and the byte offset where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    /// What was wrong.
    pub kind: ErrorKind,
    /// The byte offset in the text where it was found.
    pub offset: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            ErrorKind::Eof => write!(f, "it ends in the middle of a value"),
            ErrorKind::Expected(what) => write!(f, "{what} was expected at byte {at}"),
            ErrorKind::InvalidEscape => write!(f, "an invalid escape at byte {at}"),
            ErrorKind::ControlCharacter => {
                write!(f, "a control character inside a string at byte {at}")
            }
            ErrorKind::InvalidNumber => write!(f, "an invalid number at byte {at}"),
            ErrorKind::TooDeep => write!(
                f,
                "it is nested more than {MAX_DEPTH} levels deep (at byte {at})"
            ),
            ErrorKind::NumberOutOfRange => {
                write!(f, "a number past the double range at byte {at}")
            }
            ErrorKind::TrailingCharacters => write!(f, "something follows the value at byte {at}"),
        }
    }
}

/// Parses `text` as one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut scanner = Scanner::new(text);
    let value = scanner.value(0)?;
    scanner.end()?;
    Ok(value)
}

/// Reads JSON text left to right. See the module docs.
pub struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// Numbers past the double range are errors.
    pub reject_overflow: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner that starts reading `text` at its start.
    pub fn new(text: &'a str) -> Self {
        Scanner::at(text, 0)
    }

    /// A scanner that starts reading `text` at byte `offset`.
    pub fn at(text: &'a str, offset: usize) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            at: offset,
            reject_overflow: false,
        }
    }

    fn error(&self, kind: ErrorKind) -> Error {
        Error {
            kind,
            offset: self.at,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips whitespace; the next byte, if any.
    pub fn skip_ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
        self.peek()
    }

    /// Skips whitespace and expects `byte`.
    pub fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), Error> {
        match self.skip_ws() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err(self.error(ErrorKind::Expected(what))),
            None => Err(self.error(ErrorKind::Eof)),
        }
    }

    /// Only whitespace is left.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.skip_ws() {
            None => Ok(()),
            Some(_) => Err(self.error(ErrorKind::TrailingCharacters)),
        }
    }

    /// In an object, after `{` or a value: the next key's raw literal (quotes included), or
    /// `None` at `}`. `first` says whether this is the first entry (no `,` before it).
    pub fn next_key(&mut self, first: bool) -> Result<Option<Range<usize>>, Error> {
        match self.skip_ws() {
            Some(b'}') => {
                self.at += 1;
                return Ok(None);
            }
            Some(b',') if !first => self.at += 1,
            Some(_) if first => {}
            Some(_) => return Err(self.error(ErrorKind::Expected("\",\" or \"}\""))),
            None => return Err(self.error(ErrorKind::Eof)),
        }
        if self.skip_ws() != Some(b'"') {
            return Err(self.error(ErrorKind::Expected("a key (a string)")));
        }
        let key = self.string_raw()?;
        self.expect(b':', "\":\"")?;
        Ok(Some(key))
    }

    /// Checks the next value and returns where its raw text is. It keeps its own stack instead
    /// of recursing, so any depth is safe; `limit` (when `Some`) is the deepest nesting allowed,
    /// counting the containers already open around the value (`depth`).
    pub fn skip_value(
        &mut self,
        depth: usize,
        limit: Option<usize>,
    ) -> Result<Range<usize>, Error> {
        let start = match self.skip_ws() {
            Some(_) => self.at,
            None => return Err(self.error(ErrorKind::Eof)),
        };
        // The containers open inside this value: `[` or `{`.
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value starts here.
            match self.skip_ws() {
                Some(b'"') => {
                    self.string_raw()?;
                }
                Some(bracket @ (b'{' | b'[')) => {
                    if limit.is_some_and(|max| depth + open.len() >= max) {
                        return Err(self.error(ErrorKind::TooDeep));
                    }
                    self.at += 1;
                    let close = if bracket == b'{' { b'}' } else { b']' };
                    if self.skip_ws() == Some(close) {
                        self.at += 1;
                    } else {
                        open.push(bracket);
                        if bracket == b'{' {
                            self.key_and_colon()?;
                        }
                        continue;
                    }
                }
                Some(_) => {
                    self.scalar()?;
                }
                None => return Err(self.error(ErrorKind::Eof)),
            }
            // A value ended: close what it ends, or go on to the next element.
            loop {
                let Some(&bracket) = open.last() else {
                    return Ok(start..self.at);
                };
                let (close, expected) = if bracket == b'{' {
                    (b'}', "\",\" or \"}\"")
                } else {
                    (b']', "\",\" or \"]\"")
                };
                match self.skip_ws() {
                    Some(b',') => {
                        self.at += 1;
                        if bracket == b'{' {
                            self.key_and_colon()?;
                        }
                        break;
                    }
                    Some(b) if b == close => {
                        self.at += 1;
                        open.pop();
                    }
                    Some(_) => return Err(self.error(ErrorKind::Expected(expected))),
                    None => return Err(self.error(ErrorKind::Eof)),
                }
            }
        }
    }

    /// An object's key and its `:`.
    fn key_and_colon(&mut self) -> Result<(), Error> {
        match self.skip_ws() {
            Some(b'"') => {
                self.string_raw()?;
            }
            Some(_) => return Err(self.error(ErrorKind::Expected("a key (a string)"))),
            None => return Err(self.error(ErrorKind::Eof)),
        }
        self.expect(b':', "\":\"")
    }

    /// Opens an array or object at `depth`.
    fn enter(&mut self, depth: usize) -> Result<(), Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error(ErrorKind::TooDeep));
        }
        self.at += 1;
        Ok(())
    }

    /// In an array, after `[` or a value: whether another item follows.
    fn next_item(&mut self, first: bool) -> Result<bool, Error> {
        match self.skip_ws() {
            Some(b']') => {
                self.at += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.at += 1;
                Ok(true)
            }
            Some(_) if first => Ok(true),
            Some(_) => Err(self.error(ErrorKind::Expected("\",\" or \"]\""))),
            None => Err(self.error(ErrorKind::Eof)),
        }
    }

    /// `true`, `false`, `null` or a number.
    fn scalar(&mut self) -> Result<Value, Error> {
        for (word, value) in [
            (&b"true"[..], Value::Bool(true)),
            (b"false", Value::Bool(false)),
            (b"null", Value::Null),
        ] {
            if self.bytes.get(self.at..self.at + word.len()) == Some(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        let start = self.at;
        self.number()?;
        let text = self.text.get(start..self.at).unwrap_or_default();
        let number = Number::from_checked(text);
        if self.reject_overflow && number.overflows_f64() {
            return Err(Error {
                kind: ErrorKind::NumberOutOfRange,
                offset: start,
            });
        }
        Ok(Value::Number(number))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<(), Error> {
        let invalid = |s: &Self| s.error(ErrorKind::InvalidNumber);
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.error(ErrorKind::Expected("a value"))),
            None => return Err(self.error(ErrorKind::Eof)),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(invalid(self));
            }
            self.digits();
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// Checks a string literal starting at `"`; returns its range, quotes included.
    pub fn string_raw(&mut self) -> Result<Range<usize>, Error> {
        let start = self.at;
        self.at += 1;
        loop {
            // Runs of ordinary bytes first: the common case is long text without escapes.
            let rest = self.bytes.get(self.at..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            self.at += run;
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(start..self.at);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape()?;
                }
                Some(_) => return Err(self.error(ErrorKind::ControlCharacter)),
                None => return Err(self.error(ErrorKind::Eof)),
            }
        }
    }

    /// After `\`: one escape; a `\u` escape's code unit.
    fn escape(&mut self) -> Result<Option<u16>, Error> {
        let unit = match self.peek() {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => None,
            Some(b'u') => {
                let hex = self
                    .text
                    .get(self.at + 1..self.at + 5)
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                    .ok_or_else(|| self.error(ErrorKind::InvalidEscape))?;
                self.at += 4;
                Some(hex)
            }
            Some(_) => return Err(self.error(ErrorKind::InvalidEscape)),
            None => return Err(self.error(ErrorKind::Eof)),
        };
        self.at += 1;
        Ok(unit)
    }

    /// A full value, built.
    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        match self.skip_ws() {
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'{') => {
                self.enter(depth)?;
                let mut entries: Vec<(String, Value)> = Vec::new();
                let mut seen: Option<std::collections::HashMap<String, usize>> = None;
                let mut first = true;
                while let Some(key) = self.next_key(first)? {
                    first = false;
                    let key = decode(self.text.get(key).unwrap_or("\"\""));
                    let value = self.value(depth + 1)?;
                    // A repeated key keeps its first place and takes the last value. A short
                    // object is searched in place; a long one gets an index, so that a huge
                    // object stays linear.
                    let found = match &seen {
                        Some(index) => index.get(&key).copied(),
                        None => entries.iter().position(|(k, _)| *k == key),
                    };
                    match found.and_then(|i| entries.get_mut(i)) {
                        Some(slot) => slot.1 = value,
                        None => {
                            if let Some(index) = &mut seen {
                                index.insert(key.clone(), entries.len());
                            }
                            entries.push((key, value));
                            if seen.is_none() && entries.len() > 16 {
                                seen = Some(
                                    entries
                                        .iter()
                                        .enumerate()
                                        .map(|(i, (k, _))| (k.clone(), i))
                                        .collect(),
                                );
                            }
                        }
                    }
                }
                Ok(Value::Object(Map::from_unique(entries)))
            }
            Some(b'[') => {
                self.enter(depth)?;
                let mut items = Vec::new();
                let mut first = true;
                while self.next_item(first)? {
                    first = false;
                    items.push(self.value(depth + 1)?);
                }
                Ok(Value::Array(items))
            }
            Some(_) => self.scalar(),
            None => Err(self.error(ErrorKind::Eof)),
        }
    }

    /// A string literal, decoded.
    fn string(&mut self) -> Result<String, Error> {
        let range = self.string_raw()?;
        Ok(decode(self.text.get(range).unwrap_or("\"\"")))
    }
}

/// The text of a checked string literal (quotes included): escapes decoded, each lone surrogate
/// read as U+FFFD.
pub fn decode(literal: &str) -> String {
    decode_body(
        literal
            .get(1..literal.len().saturating_sub(1))
            .unwrap_or_default(),
    )
}

/// The text of a checked string literal's body (no quotes): escapes decoded, each lone
/// surrogate read as U+FFFD.
pub fn decode_body(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    if decode_into(body, &mut text) {
        return text;
    }
    char::decode_utf16(Units::new(body))
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

/// Appends the text of a checked string literal's body (no quotes) to `out`, escapes decoded.
/// Returns `false`, with `out` as it was, when the body holds a lone surrogate (`\uD800`),
/// which UTF-8 cannot carry. The runs between escapes are copied whole.
pub fn decode_into(body: &str, out: &mut String) -> bool {
    let start = out.len();
    let mut rest = body;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let escape = rest.get(at + 1..).unwrap_or_default();
        let (c, used) = match escape.as_bytes().first() {
            Some(b'n') => ('\n', 1),
            Some(b'r') => ('\r', 1),
            Some(b't') => ('\t', 1),
            Some(b'b') => ('\u{8}', 1),
            Some(b'f') => ('\u{C}', 1),
            Some(b'u') => {
                let unit = |from: usize| {
                    escape
                        .get(from..from + 4)
                        .and_then(|hex| u16::from_str_radix(hex, 16).ok())
                };
                let high = unit(1).unwrap_or(0);
                let pair = escape
                    .get(5..7)
                    .filter(|&u| u == "\\u")
                    .and_then(|_| unit(7))
                    .filter(|low| (0xDC00..0xE000).contains(low));
                match (char::from_u32(u32::from(high)), pair) {
                    (Some(c), _) => (c, 5),
                    (None, Some(low)) if (0xD800..0xDC00).contains(&high) => {
                        let c = 0x10000
                            + ((u32::from(high) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        (char::from_u32(c).unwrap_or('\u{FFFD}'), 11)
                    }
                    _ => {
                        out.truncate(start);
                        return false;
                    }
                }
            }
            Some(&other) => (char::from(other), 1),
            None => break,
        };
        out.push(c);
        rest = escape.get(used..).unwrap_or_default();
    }
    out.push_str(rest);
    true
}

/// The UTF-16 code units of a checked string body: exactly the JS string, lone surrogates
/// included (anything else is read as literally as possible, never panicking).
pub struct Units<'a> {
    rest: std::str::Chars<'a>,
    /// The low half of a character above U+FFFF, still to be yielded.
    pending: Option<u16>,
}

impl<'a> Units<'a> {
    /// The units of `body`, a string literal's text without its quotes.
    pub fn new(body: &'a str) -> Self {
        Units {
            rest: body.chars(),
            pending: None,
        }
    }
}

impl Iterator for Units<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if let Some(unit) = self.pending.take() {
            return Some(unit);
        }
        let c = match self.rest.next()? {
            '\\' => match self.rest.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\u{8}',
                'f' => '\u{C}',
                'u' => {
                    let mut unit = 0u16;
                    for _ in 0..4 {
                        let digit = self.rest.next().and_then(|c| c.to_digit(16)).unwrap_or(0);
                        unit = (unit << 4) | digit as u16;
                    }
                    return Some(unit);
                }
                other => other, // `"`, `\`, `/`
            },
            c => c,
        };
        let mut pair = [0u16; 2];
        let units = c.encode_utf16(&mut pair);
        if let [high, low] = units {
            self.pending = Some(*low);
            return Some(*high);
        }
        units.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `decode_into` over a checked literal's body: its text, or `false` for a lone surrogate.
    fn decoded(literal: &str) -> Option<String> {
        let mut scanner = Scanner::new(literal);
        let range = scanner.string_raw().expect("a valid literal");
        let body = &literal[range.start + 1..range.end - 1];
        let mut out = String::from("kept");
        let ok = decode_into(body, &mut out);
        if !ok {
            assert_eq!(out, "kept", "out is left as it was");
            return None;
        }
        Some(out["kept".len()..].to_owned())
    }

    #[test]
    fn decode_into_reads_every_escape_and_refuses_lone_surrogates() {
        for (literal, text) in [
            (r#""plain é 😀""#, Some("plain é 😀")),
            (r#""a\nb\r\t\b\f\"\\\/""#, Some("a\nb\r\t\u{8}\u{C}\"\\/")),
            (r#""\u00e9\u4e2d\ud83d\ude00x""#, Some("é中😀x")),
            (r#""\uD83D\uDE00""#, Some("😀")),
            (r#""\ud83d""#, None),
            (r#""x\ude00""#, None),
            (r#""\ud83dx""#, None),
            (r#""\ud83d\u0041""#, None),
            (r#""\ud83d\ud83d""#, None),
            (r#""\\u0041""#, Some("\\u0041")),
        ] {
            assert_eq!(decoded(literal).as_deref(), text, "{literal}");
        }
    }

    proptest! {
        /// Any text, written as JSON by serde_json (which escapes controls, quotes and
        /// backslashes), decodes to itself; so does every escape written as `\uXXXX`.
        #[test]
        fn decode_into_gives_back_any_text(text in "\\PC*|[\\x00-\\x20\"\\\\/😀é]*") {
            let literal = serde_json::to_string(&text).unwrap();
            prop_assert_eq!(decoded(&literal), Some(text.clone()));
            let escaped: String = text.encode_utf16().map(|u| format!("\\u{u:04x}")).collect();
            prop_assert_eq!(decoded(&format!("\"{escaped}\"")), Some(text));
        }
    }

    #[test]
    fn parses_what_json_parse_parses() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}, "a": "last"} "#)
            .unwrap();
        assert_eq!(v.get("a"), Some(&Value::String("last".into())));
        assert_eq!(v.as_object().map(Map::len), Some(2));
        assert_eq!(
            v.as_object().unwrap().keys().next().map(String::as_str),
            Some("a")
        );
        let items = parse(r#"[1, -2.5e3, "x\n\u00e9\ud83d\ude00", "\ud83d!"]"#).unwrap();
        let items = items.as_array().unwrap();
        assert_eq!(items[0].as_number().map(Number::as_str), Some("1"));
        assert_eq!(items[1].as_number().map(Number::as_str), Some("-2.5e3"));
        assert_eq!(items[2].as_str(), Some("x\né😀"));
        assert_eq!(
            items[3].as_str(),
            Some("\u{FFFD}!"),
            "a lone surrogate reads as U+FFFD"
        );
        assert_eq!(parse(r#"{"a":1}"#).unwrap().to_json(), r#"{"a":1}"#);
        assert_eq!(
            parse(r#"{"k":"q\"\\/"}"#).unwrap().to_json(),
            r#"{"k":"q\"\\/"}"#
        );
    }

    #[test]
    fn refuses_what_json_refuses() {
        let cases: [(&str, ErrorKind); 14] = [
            ("", ErrorKind::Eof),
            ("{", ErrorKind::Eof),
            ("[1,]", ErrorKind::Expected("a value")),
            ("{\"a\" 1}", ErrorKind::Expected("\":\"")),
            ("{1:2}", ErrorKind::Expected("a key (a string)")),
            ("\"a\\x\"", ErrorKind::InvalidEscape),
            ("\"a\\u12\"", ErrorKind::InvalidEscape),
            ("\"a\u{1}\"", ErrorKind::ControlCharacter),
            ("01", ErrorKind::TrailingCharacters),
            ("1.", ErrorKind::InvalidNumber),
            ("1e", ErrorKind::InvalidNumber),
            ("-", ErrorKind::Eof),
            ("tru", ErrorKind::Expected("a value")),
            ("{} x", ErrorKind::TrailingCharacters),
        ];
        for (text, kind) in cases {
            assert_eq!(parse(text).map_err(|e| e.kind), Err(kind), "{text:?}");
        }
    }

    #[test]
    fn depth_is_limited_without_overflowing_the_stack() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&deep).map_err(|e| e.kind), Err(ErrorKind::TooDeep));
        let huge = "[".repeat(200_000);
        let result = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || parse(&huge).map_err(|e| e.kind))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result, Err(ErrorKind::TooDeep));
    }

    #[test]
    fn the_scanner_checks_and_locates_raw_values() {
        let text = r#"{"type":"x","\ud83d":[1,{"b":"\u00e9"}],"n":1e400}"#;
        let mut s = Scanner::new(text);
        s.expect(b'{', "{").unwrap();
        let mut seen = Vec::new();
        let mut first = true;
        while let Some(key) = s.next_key(first).unwrap() {
            first = false;
            let value = s.skip_value(1, Some(MAX_DEPTH)).unwrap();
            seen.push((&text[key], &text[value]));
        }
        s.end().unwrap();
        assert_eq!(
            seen,
            [
                (r#""type""#, r#""x""#),
                (r#""\ud83d""#, r#"[1,{"b":"\u00e9"}]"#),
                (r#""n""#, "1e400")
            ]
        );
        let mut strict = Scanner::new("[1e400]");
        strict.reject_overflow = true;
        assert_eq!(
            strict.skip_value(0, None).map_err(|e| e.kind),
            Err(ErrorKind::NumberOutOfRange)
        );
        // Any depth without a limit, on a small stack; the limit when there is one.
        let deep = format!("{}1{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        let result = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let mut s = Scanner::new(&deep);
                let free = s.skip_value(0, None).map(|r| r.len());
                let mut s = Scanner::new(&deep);
                (free, s.skip_value(0, Some(MAX_DEPTH)).map_err(|e| e.kind))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result.0, Ok(100_000 * 8 + 1));
        assert_eq!(result.1, Err(ErrorKind::TooDeep));
        for bad in [
            "[1,]",
            "{\"a\":}",
            "[1 2]",
            "{\"a\" 1}",
            "[",
            "{\"a\":1,}",
            "[}",
        ] {
            assert!(Scanner::new(bad).skip_value(0, None).is_err(), "{bad}");
        }
        for good in [
            "[]",
            "{}",
            "[[],{}]",
            "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
        ] {
            assert_eq!(
                Scanner::new(good).skip_value(0, None).map(|r| r.len()),
                Ok(good.len()),
                "{good}"
            );
        }
    }

    #[test]
    fn many_keys_stay_linear_and_keep_json_parse_semantics() {
        let text = format!(
            "{{{}, \"k5\": \"again\"}}",
            (0..20_000)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let map = parse(&text).unwrap();
        let map = map.as_object().unwrap();
        assert_eq!(map.len(), 20_000);
        assert_eq!(map.get("k5").and_then(Value::as_str), Some("again"));
        assert_eq!(map.keys().nth(5).map(String::as_str), Some("k5"));
    }
}
