//! The pieces of the XML 1.0 grammar that quick-xml does not check, each a small pure function
//! over text: the `Char` and `Name` tables, references, and the XML declaration's
//! pseudo-attributes. (`]]>` in character data is found by the parser, in one pass.)
//!
//! It is not the parser (`super::outline` drives quick-xml and calls these) and holds no state.
//! Each function says which production it implements and why quick-xml's own handling is not
//! enough; `tests/validate_wellformedness.rs` has the rows that show it.

use std::ops::Range;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::BytesRef;

use super::error::{html_entity_instead, XmlError};

/// XML 1.0 [3] `S`: space, tab, CR, LF. (Not NBSP, not NEL, not U+2028.)
pub fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether the whole of `s` is [`is_xml_space`].
pub fn is_xml_space_str(s: &str) -> bool {
    s.bytes().all(is_xml_space)
}

/// XML 1.0 [2] `Char`.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML 1.0 [4] `NameStartChar`.
pub fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 [4a] `NameChar`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// XML 1.0 [5] `Name`. quick-xml checks no names at all (its only name tables are private to its
/// serializer), so `<1a>`, `<a 1b='x'>` and `<?1pi?>` would pass without this.
pub fn is_xml_name(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Most names are ASCII, where the tables come down to a few byte tests.
    if bytes.is_ascii() {
        return bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b':'))
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.'));
    }
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// The first character XML does not allow anywhere ([2]: controls other than tab, LF and CR;
/// U+FFFE and U+FFFF), in one linear pass before the parse. quick-xml reads them as text.
pub fn first_illegal_char(text: &str) -> Option<usize> {
    let control = text
        .bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8: found from their rare first byte
    // with memchr (`str::find` with two chars decodes every character, a tenth of a push).
    let bytes = text.as_bytes();
    let nonchar = memchr::memchr_iter(0xEF, bytes).find(|&at| {
        bytes.get(at + 1) == Some(&0xBF) && matches!(bytes.get(at + 2), Some(0xBE | 0xBF))
    });
    match (control, nonchar) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Checks one reference, given the text between `&` and `;` (XML 1.0 [66]-[68]): one of the
/// five predefined entities, or a character reference to a character [2] allows.
///
/// quick-xml parses the number (`BytesRef::resolve_char_ref`) and knows the five entities
/// (`resolve_predefined_entity`); the Legal Character check is ours, because quick-xml refuses
/// only `&#0;` and lets `&#1;` or `&#xFFFE;` through.
pub fn check_reference(name: &str) -> Result<(), XmlError> {
    if name.starts_with('#') {
        return match BytesRef::new(name).resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(()),
            _ => Err(XmlError::InvalidCharReference {
                reference: format!("&{name};"),
            }),
        };
    }
    if resolve_predefined_entity(name).is_some() {
        return Ok(());
    }
    if !is_xml_name(name) {
        // `Q&A; …` or `a & b;`: a lone `&` in prose that happens to meet a `;` later.
        return Err(XmlError::BareAmpersand);
    }
    Err(XmlError::UnknownEntity {
        name: name.to_owned(),
        instead: html_entity_instead(name),
    })
}

/// The references in an attribute value (raw source text): each `&` must start a reference
/// that [`check_reference`] accepts. On a problem, the error and its span relative to `value`.
///
/// quick-xml's `escape::unescape` would find the same problems but reports no position for a
/// bad character reference and lets `&#1;` through, so the scan is ours; decoding a value that
/// passed uses `unescape`.
pub fn check_value_references(value: &str) -> Result<(), (XmlError, Range<usize>)> {
    let bytes = value.as_bytes();
    let mut from = 0;
    while let Some(amp) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b'&', rest))
    {
        let amp = from + amp;
        let Some(semi) = bytes
            .get(amp + 1..)
            .and_then(|rest| memchr::memchr(b';', rest))
        else {
            return Err((XmlError::BareAmpersand, amp..amp + 1));
        };
        let end = amp + 1 + semi + 1;
        let name = value.get(amp + 1..end - 1).unwrap_or_default();
        if let Err(error) = check_reference(name) {
            let span = if error == XmlError::BareAmpersand {
                amp..amp + 1
            } else {
                amp..end
            };
            return Err((error, span));
        }
        from = end;
    }
    Ok(())
}

/// The pseudo-attributes of an XML declaration, in the order they must come.
const DECL_NAMES: [&str; 3] = ["version", "encoding", "standalone"];

/// Checks the text between `<?xml` and `?>` (XML 1.0 [23]-[26], [32], [80]-[81]):
/// `S version Eq VersionNum (S encoding Eq EncName)? (S standalone Eq ('yes' | 'no'))? S?`, each
/// value in single or double quotes. On a problem, the error and its span relative to `content`.
///
/// quick-xml's `BytesDecl` only checks that `version` comes first: it accepts `version='2.0'`,
/// pseudo-attributes with no whitespace between them, unknown, repeated or reordered ones, and
/// any encoding or standalone value.
pub fn check_xml_decl(content: &str) -> Result<(), (XmlError, Range<usize>)> {
    let bytes = content.as_bytes();
    let skip_space = |mut at: usize| {
        while bytes.get(at).copied().is_some_and(is_xml_space) {
            at += 1;
        }
        at
    };
    let mut next = 0; // index into DECL_NAMES of the first name still allowed
    let mut at = 0;
    loop {
        let space_start = at;
        at = skip_space(at);
        if at >= bytes.len() {
            if next == 0 {
                return Err((XmlError::DeclarationWithoutVersion, 0..content.len()));
            }
            return Ok(());
        }
        let name_start = at;
        while bytes
            .get(at)
            .is_some_and(|&b| b != b'=' && !is_xml_space(b))
        {
            at += 1;
        }
        let name = content.get(name_start..at).unwrap_or_default();
        let name_span = name_start..at;
        let syntax = || {
            Err((
                XmlError::DeclarationSyntax {
                    name: name.to_owned(),
                },
                name_span.clone(),
            ))
        };
        let Some(index) = DECL_NAMES.iter().position(|&n| n == name) else {
            let error = if next == 0 {
                XmlError::DeclarationWithoutVersion
            } else {
                XmlError::UnknownDeclarationAttribute {
                    name: name.to_owned(),
                }
            };
            return Err((error, name_span));
        };
        if next == 0 && index != 0 {
            return Err((XmlError::DeclarationWithoutVersion, name_span));
        }
        if index < next {
            let error = XmlError::DeclarationOrder {
                name: name.to_owned(),
            };
            return Err((error, name_span));
        }
        if space_start == name_start {
            return syntax();
        }
        next = index + 1;
        at = skip_space(at);
        if bytes.get(at) != Some(&b'=') {
            return syntax();
        }
        at = skip_space(at + 1);
        let Some(&quote @ (b'"' | b'\'')) = bytes.get(at) else {
            return syntax();
        };
        let value_start = at + 1;
        let Some(len) = bytes
            .get(value_start..)
            .and_then(|rest| memchr::memchr(quote, rest))
        else {
            return syntax();
        };
        let value_span = value_start..value_start + len;
        let value = content.get(value_span.clone()).unwrap_or_default();
        let valid = match index {
            // [26] VersionNum ::= '1.' [0-9]+
            0 => value.strip_prefix("1.").is_some_and(|minor| {
                !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())
            }),
            // [81] EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
            1 => {
                let mut b = value.bytes();
                b.next().is_some_and(|b| b.is_ascii_alphabetic())
                    && b.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            // [32] SDDecl: 'yes' | 'no'
            _ => matches!(value, "yes" | "no"),
        };
        if !valid {
            let error = XmlError::DeclarationValue {
                name: name.to_owned(),
                value: value.to_owned(),
            };
            return Err((error, value_span));
        }
        at = value_span.end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        assert_eq!(first_illegal_char("ab\u{FFFE}c\u{1}"), Some(2));
        assert_eq!(first_illegal_char("a\u{EFBF}\u{FFFD}\t\r\n"), None);
        assert_eq!(first_illegal_char("\u{FFFD}\u{EFBF}\u{FFFF}"), Some(6));
        assert!(is_xml_name("x:a-b.c_1") && is_xml_name("日本") && !is_xml_name("-a"));
        assert!(!is_xml_name(""));
        // The ASCII fast path agrees with the tables.
        for b in 0u8..0x80 {
            let c = char::from(b);
            let one = c.to_string();
            let two = format!("a{c}");
            assert_eq!(is_xml_name(&one), is_name_start_char(c), "{c:?}");
            assert_eq!(is_xml_name(&two), is_name_char(c), "{c:?}");
        }
    }

    #[test]
    fn references() {
        for ok in [
            "amp", "lt", "gt", "apos", "quot", "#65", "#x41", "#x10FFFF", "#9",
        ] {
            assert_eq!(check_reference(ok), Ok(()), "{ok}");
        }
        for bad in [
            "#0", "#1", "#xFFFE", "#xD800", "#X41", "#x", "#", "#-1", "#x110000",
        ] {
            assert!(
                matches!(
                    check_reference(bad),
                    Err(XmlError::InvalidCharReference { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            check_reference("nbsp"),
            Err(XmlError::UnknownEntity {
                name: "nbsp".into(),
                instead: Some("&#160;")
            })
        );
        assert_eq!(check_reference("A b"), Err(XmlError::BareAmpersand));
        assert_eq!(check_value_references("a&amp;b"), Ok(()));
        assert_eq!(
            check_value_references("Q&A"),
            Err((XmlError::BareAmpersand, 1..2))
        );
        assert_eq!(
            check_value_references("x &amp; &x;"),
            Err((
                XmlError::UnknownEntity {
                    name: "x".into(),
                    instead: None
                },
                8..11
            ))
        );
    }
}
