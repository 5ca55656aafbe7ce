//! `@variable` completion at a cursor (API.md §4 *Completion*), in CodeMirror 6's
//! `CompletionResult` shape.
//!
//! Where: the cursor must be inside or right after a reference position, an `@` that the
//! reference grammar accepts (the same rule as [`find_variables`](super::find_variables): not
//! after a letter, so not inside `leo@example.com`) followed by a partial name. XML matters in
//! one way: not inside a comment, a processing instruction or a tag's markup; text, CDATA and
//! attribute values are fine, as for the references `validateDraft` counts. That is decided by
//! a lexical scan ([`place_at`]) that also works on the half-typed, not yet well-formed drafts
//! an editor holds, which is why this module does not use the validator's parse.
//!
//! What: the names and scopes one level below what was typed. After `@co`, the top-level
//! names and the scopes that lead to deeper ones (`contact.`, a `namespace` option); after
//! `@contact.`, only the names and scopes inside `contact`. Ranked: names starting with the
//! typed segment (case-insensitive) first, then names containing it, then close misspellings
//! (the suggestion rule, [`misspelling_distance`]); at most [`MAX_OPTIONS`].
//!
//! Start at [`complete_variables`] (UTF-16 positions, for JS) or [`complete_at`] (bytes).

use std::cmp::Ordering;

use crate::json::Value;

use super::{blocked_before, misspelling_distance, name_at, VariableSet};
use crate::position::{byte_offset, LineIndex};
use crate::protocol::validation::{CompletionKind, CompletionOption, VariableCompletion};

/// At most this many options, the best ones (CodeMirror renders 100 by default).
pub const MAX_OPTIONS: usize = 100;

/// A `detail` preview is at most this many characters of the value, then `…`.
pub const DETAIL_CHARS: usize = 32;

/// A completion in UTF-8 byte offsets. See [`VariableCompletion`] for the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The byte after the `@`.
    pub from: usize,
    /// The end of the name being replaced.
    pub to: usize,
    /// Ranked best first.
    pub options: Vec<CompletionOption>,
}

/// The completion at UTF-16 offset `offset` of `text` (a JS string position), with UTF-16
/// `from` and `to`; `None` where no completion applies (see the module docs). An offset past
/// the end is the end; one between the halves of a surrogate pair is the pair's start.
pub fn complete_variables(
    text: &str,
    offset: usize,
    variable_context: &Value,
) -> Option<VariableCompletion> {
    let at = byte_offset(text, offset);
    let found = complete_at(text, at, variable_context)?;
    let index = LineIndex::new(text);
    Some(VariableCompletion {
        from: index.utf16_offset(found.from),
        to: index.utf16_offset(found.to),
        options: found.options,
        filter: false,
    })
}

/// The completion at byte offset `cursor` of `text`, in bytes. `None` where no completion
/// applies.
pub fn complete_at(text: &str, cursor: usize, variable_context: &Value) -> Option<Completion> {
    let bytes = text.as_bytes();
    if !text.is_char_boundary(cursor) {
        return None;
    }
    // The run of name characters the cursor is in or after, and the `@` before it.
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.');
    let before = bytes.get(..cursor)?;
    let from = cursor
        - before
            .iter()
            .rev()
            .take_while(|&&b| is_name_byte(b))
            .count();
    let at = from.checked_sub(1)?;
    if bytes.get(at) != Some(&b'@') || blocked_before(text, at) {
        return None;
    }
    let typed = text.get(from..cursor)?;
    if !is_partial_name(typed) {
        return None;
    }
    if place_at(text, at) != Place::Content {
        return None;
    }
    // Replace the whole name the cursor is in, not only what is before the cursor.
    let to = cursor.max(from + name_at(text, from, text.len()));
    let (scope, segment) = match typed.rsplit_once('.') {
        Some((scope, segment)) => (Some(scope), segment),
        None => (None, typed),
    };
    Some(Completion {
        from,
        to,
        options: options(variable_context, scope, segment),
    })
}

/// Whether `typed` can grow into a name: segments joined by dots, the last one possibly empty
/// (`""`, `co`, `contact.`, `contact.em`), and never `1x`, `.x` or `a..b`.
fn is_partial_name(typed: &str) -> bool {
    typed.split('.').enumerate().all(|(i, segment)| {
        let last = i == typed.split('.').count() - 1;
        let mut b = segment.bytes();
        match b.next() {
            None => last,
            Some(first) => {
                (first.is_ascii_alphabetic() || first == b'_')
                    && b.all(|b| b.is_ascii_alphanumeric() || b == b'_')
            }
        }
    })
}

/// Where a position is, lexically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Text, CDATA or an attribute value: where references count.
    Content,
    /// A comment, a processing instruction, a DOCTYPE, or a tag outside its attribute values.
    Markup,
}

/// Where byte `at` of `text` is: a scan from the start that knows comments, CDATA, processing
/// instructions, `<!…>` declarations and tags with quoted values, and nothing else. A `<` that
/// cannot start a tag (`1 < 2`) is text, as it is to a reader; markup left open runs to the end.
pub fn place_at(text: &str, at: usize) -> Place {
    let bytes = text.as_bytes();
    let find = |from: usize, needle: &str| {
        text.get(from..)
            .and_then(|rest| rest.find(needle))
            .map(|i| from + i)
    };
    let mut from = 0;
    loop {
        let Some(lt) = bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'<', rest))
            .map(|i| from + i)
        else {
            return Place::Content;
        };
        if lt >= at {
            return Place::Content;
        }
        let rest = bytes.get(lt..).unwrap_or_default();
        // Each arm: (where the markup's content starts, its end marker, the place inside).
        let (open, close, inside): (usize, &str, Place) = if rest.starts_with(b"<!--") {
            (4, "-->", Place::Markup)
        } else if rest.starts_with(b"<![CDATA[") {
            (9, "]]>", Place::Content)
        } else if rest.starts_with(b"<?") {
            (2, "?>", Place::Markup)
        } else if rest.starts_with(b"<!") {
            (2, ">", Place::Markup)
        } else if rest
            .get(1)
            .is_some_and(|&b| b == b'/' || starts_name(text, lt + 1))
        {
            match tag_end(bytes, lt, at) {
                TagEnd::Closed(end) => {
                    from = end;
                    continue;
                }
                TagEnd::Contains(place) => return place,
            }
        } else {
            // A bare `<` in prose.
            from = lt + 1;
            continue;
        };
        match find(lt + open, close) {
            // `at` is inside (or the markup never ends).
            Some(end) if end + close.len() > at => return inside,
            None => return inside,
            Some(end) => from = end + close.len(),
        }
    }
}

/// Whether a name can start at byte `at` (a letter, `_` or `:`, of any script).
fn starts_name(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '_' | ':'))
}

enum TagEnd {
    /// The tag ends before `at`, here (after its `>`).
    Closed(usize),
    /// `at` is inside the tag (or the tag never ends).
    Contains(Place),
}

/// Reads the tag that starts at `lt` as far as `at`: quotes toggle attribute values, `>` outside
/// them ends the tag.
fn tag_end(bytes: &[u8], lt: usize, at: usize) -> TagEnd {
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(lt + 1) {
        if i >= at {
            let place = if quote.is_some() {
                Place::Content
            } else {
                Place::Markup
            };
            return TagEnd::Contains(place);
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'') => quote = Some(b),
            None if b == b'>' => return TagEnd::Closed(i + 1),
            None => {}
        }
    }
    TagEnd::Contains(Place::Markup)
}

/// How well an option matches what was typed; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Starts with it, ignoring case.
    Prefix,
    /// Contains it, ignoring case (at this byte).
    Contains(usize),
    /// A close misspelling, at this distance.
    Misspelled(usize),
}

/// The ranked options one level below `scope` that match `segment`.
fn options(context: &Value, scope: Option<&str>, segment: &str) -> Vec<CompletionOption> {
    let Some(set) = VariableSet::from_context(context) else {
        return Vec::new();
    };
    let prefix = scope.map(|s| format!("{s}."));
    let typed = segment.to_ascii_lowercase();
    let mut found: Vec<(Rank, CompletionOption)> = Vec::new();
    let mut last_namespace: Option<String> = None;
    // Names are sorted, so the names of one scope are adjacent and each namespace is met in
    // one run.
    for name in set.names() {
        let Some(below) = (match &prefix {
            Some(p) => name.strip_prefix(p.as_str()),
            None => Some(name.as_str()),
        }) else {
            continue;
        };
        let (segment_name, label, kind) = match below.split_once('.') {
            Some((head, _)) => {
                let label = format!("{}{head}.", prefix.as_deref().unwrap_or_default());
                if last_namespace.as_deref() == Some(label.as_str()) {
                    continue;
                }
                last_namespace = Some(label.clone());
                (head, label, CompletionKind::Namespace)
            }
            None => (below, name.clone(), CompletionKind::Variable),
        };
        let Some(rank) = rank(&typed, segment_name) else {
            continue;
        };
        // Keep the best MAX_OPTIONS in order as they come: among equal ranks alphabetically,
        // ignoring case (then by case, so the order is total). A bounded insertion rather than
        // a sort: each sort instantiation costs about a kilobyte of wasm.
        let at = found.partition_point(|(r, o)| {
            r.cmp(&rank)
                .then_with(|| cmp_ignoring_case(&o.label, &label))
                .is_lt()
        });
        if at < MAX_OPTIONS {
            let option = CompletionOption {
                label,
                kind,
                detail: None,
            };
            found.insert(at, (rank, option));
            found.truncate(MAX_OPTIONS);
        }
    }
    found
        .into_iter()
        .map(|(_, mut option)| {
            if option.kind == CompletionKind::Variable {
                option.detail = value_of(context, &option.label).and_then(preview);
            }
            option
        })
        .collect()
}

/// The scalar value a name has in the context, found by walking its scopes (a key may carry a
/// leading `@`). A name from a group, or one whose key holds a dot, has none.
fn value_of<'v>(context: &'v Value, name: &str) -> Option<&'v Value> {
    let mut value = context;
    for segment in name.split('.') {
        let Value::Object(map) = value else {
            return None;
        };
        value = map
            .get(segment)
            .or_else(|| map.get(format!("@{segment}").as_str()))?;
    }
    (!value.is_object() && !value.is_array()).then_some(value)
}

fn cmp_ignoring_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|b| b.to_ascii_lowercase())
        .cmp(b.bytes().map(|b| b.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

/// How `candidate` (one segment) matches `typed` (lower-cased), if at all.
fn rank(typed: &str, candidate: &str) -> Option<Rank> {
    let lower = candidate.to_ascii_lowercase();
    if lower.starts_with(typed) {
        return Some(Rank::Prefix);
    }
    if let Some(at) = lower.find(typed) {
        return Some(Rank::Contains(at));
    }
    // A misspelling of what is being typed: against as much of the name as was typed (from
    // three letters on: one edit in two letters matches half the alphabet), or against the
    // whole name when the typing is done.
    let head = lower.get(..typed.len()).filter(|_| typed.len() >= 3);
    head.into_iter()
        .chain([lower.as_str()])
        .filter_map(|known| misspelling_distance(typed, known))
        .min()
        .map(Rank::Misspelled)
}

/// A short preview of a scalar value: a string's first [`DETAIL_CHARS`] characters with runs of
/// whitespace as one space (then `…`), a number or boolean as JSON writes it; none for `null`.
fn preview(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Array(_) | Value::Object(_) => return None,
    };
    if text.is_empty() {
        return None;
    }
    Some(match text.char_indices().nth(DETAIL_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names() {
        for ok in [
            "",
            "a",
            "co",
            "contact.",
            "contact.em",
            "a.b.c",
            "_x",
            "a1.",
        ] {
            assert!(is_partial_name(ok), "{ok:?}");
        }
        for bad in ["1", ".", ".a", "a..b", "a.1", "é"] {
            assert!(!is_partial_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn places() {
        let place = |text: &str| place_at(text, text.find('@').unwrap());
        for text in [
            "x @a",
            "<p>x @a</p>",
            "<p a='@a'>",
            "<p a=\"x @a\">",
            "<p><![CDATA[ @a ]]>",
            "<!-- c --> @a",
            "<?pi x?>@a",
            "1 < 2 @a",
            "<p a='>'>@a",
        ] {
            assert_eq!(place(text), Place::Content, "{text}");
        }
        for text in [
            "<!-- @a -->",
            "<!-- @a",
            "<?pi @a?>",
            "<p @a>",
            "<p x='1' @a",
            "</p @a>",
            "<!DOCTYPE @a>",
        ] {
            assert_eq!(place(text), Place::Markup, "{text}");
        }
    }

    #[test]
    fn previews() {
        assert_eq!(preview(&Value::from("Alex")), Some("Alex".to_owned()));
        assert_eq!(preview(&Value::from(" a \n\t b ")), Some("a b".to_owned()));
        let long = "x".repeat(40);
        assert_eq!(
            preview(&Value::from(long)),
            Some(format!("{}…", "x".repeat(DETAIL_CHARS)))
        );
        assert_eq!(
            preview(&Value::from(serde_json::json!(3.5))),
            Some("3.5".to_owned())
        );
        assert_eq!(preview(&Value::from(true)), Some("true".to_owned()));
        assert_eq!(preview(&Value::Null), None);
        assert_eq!(preview(&Value::from("")), None);
    }
}
