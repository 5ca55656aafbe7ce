//! Cutting prompt text into the tokens the word diff compares.
//!
//! A token is one of: a tag that looks well-formed (`<goal>`, `</goal>`, `<rule name="x">`,
//! `<br/>`), a run of word characters, a run of whitespace, or one other grapheme cluster
//! (punctuation, an emoji, a CJK ideograph). Tokens are consecutive slices of the input: joined in
//! order they give the input back, which is what makes the diff invariant hold.
//!
//! This is not an XML parser: a `<` that does not open a tag-looking run up to the next `>` is just
//! punctuation, and nothing here decides whether a document is well-formed (that is
//! `crate::validate::outline`). Start at [`word_tokens`]; [`line_tokens`] is the coarse fallback.
//!
//! Grapheme clusters are never split (`unicode-segmentation`): an emoji with a skin tone, a ZWJ
//! family, a letter with combining marks each stay in one token, so an op never holds half a
//! character.

use unicode_segmentation::UnicodeSegmentation;

/// Cuts `text` into word-level tokens. Linear in the length of `text`.
pub(crate) fn word_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len() / 3 + 1);
    let mut pos = 0;
    while let Some(rest) = text.get(pos..) {
        if rest.is_empty() {
            break;
        }
        let len = next_token_len(rest);
        // `next_token_len` returns a non-zero length on a char boundary for a non-empty `rest`;
        // the fallback keeps the loop finite even if that were ever not so.
        let Some(token) = rest.get(..len).filter(|t| !t.is_empty()) else {
            tokens.push(rest);
            break;
        };
        tokens.push(token);
        pos += len;
    }
    tokens
}

/// The first word token of `text` (`""` for an empty text): what [`word_tokens`] would give
/// first, without cutting the rest.
pub(crate) fn first_token(text: &str) -> &str {
    if text.is_empty() {
        return text;
    }
    text.get(..next_token_len(text)).unwrap_or(text)
}

/// Cuts `text` into lines, each with its `\n` (a `\r\n` stays with its line).
pub(crate) fn line_tokens(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Whether a token is only whitespace (such tokens are not counted in the stats).
pub(crate) fn is_blank(token: &str) -> bool {
    token.chars().all(char::is_whitespace)
}

/// How many word tokens in `text` are not whitespace.
pub(crate) fn count_words(text: &str) -> usize {
    word_tokens(text)
        .into_iter()
        .filter(|t| !is_blank(t))
        .count()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    /// Stands alone: punctuation, symbols, emoji, ideographs.
    Single,
}

/// The length in bytes of the token at the start of a non-empty `rest`.
fn next_token_len(rest: &str) -> usize {
    if rest.starts_with('<') {
        if let Some(len) = tag_len(rest.as_bytes()) {
            // A combining mark right after the `>` belongs to the `>`'s grapheme cluster; the tag
            // then is not a token of its own, so no cluster is ever cut.
            let closes_cleanly = rest
                .get(len - 1..)
                .and_then(|tail| tail.graphemes(true).next())
                .is_some_and(|g| g.len() == 1);
            if closes_cleanly {
                return len;
            }
        }
    }
    ascii_token_len(rest.as_bytes()).unwrap_or_else(|| grapheme_token_len(rest))
}

/// The fast path for ASCII text, which is most of any prompt: one byte is one character is one
/// grapheme cluster, so no segmentation is needed. It answers only when what follows the token
/// is ASCII too (or nothing): a non-ASCII character there could be a combining mark that belongs
/// to the token's last character, and then the grapheme path decides.
fn ascii_token_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.first()?;
    if !first.is_ascii() {
        return None;
    }
    let class = ascii_class(first);
    let mut end = 1;
    if class != Class::Single {
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii() || ascii_class(b) != class {
                break;
            }
            end += 1;
        }
    }
    match bytes.get(end) {
        Some(b) if !b.is_ascii() => None,
        _ => Some(end),
    }
}

/// [`classify`] for one ASCII byte.
fn ascii_class(b: u8) -> Class {
    match b {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Class::Space,
        b'_' => Class::Word,
        b if b.is_ascii_alphanumeric() => Class::Word,
        _ => Class::Single,
    }
}

/// The length of the token at the start of `rest`, by grapheme clusters.
fn grapheme_token_len(rest: &str) -> usize {
    let mut graphemes = rest.grapheme_indices(true);
    let Some((_, first)) = graphemes.next() else {
        return rest.len();
    };
    let class = classify(first);
    let mut end = first.len();
    if class != Class::Single {
        for (at, grapheme) in graphemes {
            if classify(grapheme) != class {
                break;
            }
            end = at + grapheme.len();
        }
    }
    end
}

fn classify(grapheme: &str) -> Class {
    match grapheme.chars().next() {
        Some(c) if c.is_whitespace() => Class::Space,
        // Scripts written without spaces would otherwise make a whole sentence one "word".
        Some(c) if is_ideographic(c) => Class::Single,
        Some(c) if c.is_alphanumeric() || c == '_' => Class::Word,
        _ => Class::Single,
    }
}

fn is_ideographic(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF) // CJK Extensions B and later
}

/// The length of a tag-looking run at the start of `bytes` (which starts with `<`): `<name …>`,
/// `</name …>` or `<name …/>`, with quoted attribute values and no `<` anywhere inside (XML
/// forbids it, even in attribute values).
///
/// Because the scan stops at the next `<`, every byte is looked at by at most one failed scan, so
/// tokenising stays linear even on text like `<a "<a "<a "`.
fn tag_len(bytes: &[u8]) -> Option<usize> {
    let mut at = 1;
    if bytes.get(at) == Some(&b'/') {
        at += 1;
    }
    let first = *bytes.get(at)?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':' || first >= 0x80) {
        return None;
    }
    let mut quote: Option<u8> = None;
    while let Some(&b) = bytes.get(at) {
        match (quote, b) {
            (_, b'<') => return None,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(at + 1),
            (None, _) => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_words_spaces_and_punctuation_are_separate() {
        assert_eq!(
            word_tokens(r#"<rule name="x">Be brief, ok?</rule>"#),
            vec![
                r#"<rule name="x">"#,
                "Be",
                " ",
                "brief",
                ",",
                " ",
                "ok",
                "?",
                "</rule>"
            ]
        );
    }

    #[test]
    fn a_lone_angle_bracket_is_punctuation() {
        assert_eq!(word_tokens("a < b"), vec!["a", " ", "<", " ", "b"]);
        assert_eq!(word_tokens("<a <b>"), vec!["<", "a", " ", "<b>"]);
        assert_eq!(word_tokens("<1>"), vec!["<", "1", ">"]);
        assert_eq!(
            word_tokens(r#"<a x="<">"#),
            vec!["<", "a", " ", "x", "=", "\"", "<", "\"", ">"]
        );
    }

    #[test]
    fn quoted_gt_stays_inside_the_tag() {
        assert_eq!(word_tokens(r#"<a x=">">!"#), vec![r#"<a x=">">"#, "!"]);
    }

    #[test]
    fn grapheme_clusters_stay_whole() {
        let thumbs = "\u{1F44D}\u{1F3FD}";
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let text = format!("ok{thumbs}{family} cafe\u{301}\r\n");
        assert_eq!(
            word_tokens(&text),
            vec!["ok", thumbs, family, " ", "cafe\u{301}", "\r\n"]
        );
    }

    #[test]
    fn a_combining_mark_after_a_tag_is_not_cut_off() {
        assert_eq!(word_tokens("<b>\u{301}x"), vec!["<", "b", ">\u{301}", "x"]);
    }

    #[test]
    fn ideographs_are_single_tokens() {
        assert_eq!(word_tokens("提示词"), vec!["提", "示", "词"]);
    }

    #[test]
    fn tokens_join_back_to_the_input() {
        for text in [
            "",
            "<",
            "</",
            "<a",
            "a\u{301}<b\u{301}>x",
            "  \t\n",
            "\u{301}x",
        ] {
            assert_eq!(word_tokens(text).concat(), text);
        }
    }

    /// The tokens by grapheme clusters alone, without the ASCII fast path.
    fn slow_tokens(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let rest = &text[pos..];
            let len = match rest
                .starts_with('<')
                .then(|| tag_len(rest.as_bytes()))
                .flatten()
            {
                Some(len) if rest[len - 1..].graphemes(true).next().unwrap().len() == 1 => len,
                _ => grapheme_token_len(rest),
            };
            out.push(&rest[..len]);
            pos += len;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_fast_path_changes_nothing(
            text in "([a-z_0-9 \t\r\n.,<>/=\"'!]|e\u{301}|\u{1F44D}\u{1F3FD}|é|\u{200D}|\u{301}|<a x=\"1\">|提){0,40}"
        ) {
            proptest::prop_assert_eq!(word_tokens(&text), slow_tokens(&text));
        }
    }

    #[test]
    fn first_token_is_the_first_of_word_tokens() {
        for text in ["", "  a", "\r\nb", "<b>\u{301}x", "abc def", "\u{301}"] {
            assert_eq!(
                first_token(text),
                word_tokens(text).first().copied().unwrap_or("")
            );
        }
    }

    #[test]
    fn lines_keep_their_endings() {
        assert_eq!(line_tokens("a\r\nb\nc"), vec!["a\r\n", "b\n", "c"]);
        assert!(line_tokens("").is_empty());
    }
}
