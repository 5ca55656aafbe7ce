//! `@variable` references and the variable context (API.md §4 *Variables*).
//!
//! Three things live here: the reference grammar ([`references`], [`name_prefix`]), the
//! normalisation of a `variableContext` into a sorted set of names ([`VariableSet`]), and the
//! "did you mean" suggestion for an unknown name ([`VariableSet::suggest`]). It knows nothing of
//! XML: `crate::validate` decides which regions of a prompt are searched.
//!
//! Start at [`find_variables`] (any text) or [`VariableSet::from_context`].
//!
//! # The grammar
//!
//! `@` then one or more segments `[A-Za-z_][A-Za-z0-9_]*` joined by `.`. The `@` does not start
//! a reference when the character before it is a letter or digit of any script
//! ([`char::is_alphanumeric`]), `_`, `.`, `+` or `-`, so e-mail addresses are not references. A
//! dot that is not followed by a segment is not part of the name (`@name.` is `name`, `@a..b`
//! is `a`). The search runs over raw source text: an `@` written as `&#64;` in XML is not one.
//!
//! "Character" means what a reader sees, a grapheme cluster ([`blocked_before`], [`name_at`]):
//! a combining mark, joiner or variation selector belongs to the letter before it, on either
//! side of the name, so a decomposed `zoë@example.com` is no more a reference than the
//! precomposed one, and `@Zoë` is `@Zo` however the `ë` is written.
//!
//! # The context
//!
//! Scalars are names, arrays are groups of names (strings, or objects' `name`), objects are
//! scopes that prefix their names with `scope.`; a leading `@` on a key or name is ignored;
//! names the grammar cannot express are left out. Scopes deeper than [`MAX_SCOPE_DEPTH`] are
//! ignored, so no context can exhaust the stack. A context that is not a JSON object is treated
//! as no context at all: it lists no names, and nothing is reported unknown against it.

use std::collections::HashMap;
use std::ops::Range;

use crate::json::{Map, Value};

use crate::position::LineIndex;
use crate::protocol::VariableRef;

pub mod complete;
#[cfg(any(test, not(feature = "full")))]
mod grapheme;
#[cfg(any(test, not(feature = "full")))]
mod grapheme_table;

/// Grapheme cluster boundaries. The full module links unicode-segmentation for the diff's
/// tokens anyway, and asks it; the lite module (no `full`) has [`grapheme`], a smaller table
/// that its tests hold to unicode-segmentation's answers.
#[cfg(feature = "full")]
mod clusters {
    use unicode_segmentation::GraphemeCursor;

    /// Whether `first` directly followed by `second` is one cluster, with nothing before.
    pub(super) fn joins(first: char, second: char) -> bool {
        let mut buf = [0u8; 8];
        let split = first.len_utf8();
        let len = split + second.len_utf8();
        if let Some(head) = buf.get_mut(..split) {
            first.encode_utf8(head);
        }
        if let Some(tail) = buf.get_mut(split..len) {
            second.encode_utf8(tail);
        }
        let Some(pair) = buf.get(..len).and_then(|b| std::str::from_utf8(b).ok()) else {
            return false;
        };
        GraphemeCursor::new(split, len, true).is_boundary(pair, 0) == Ok(false)
    }

    /// The boundary before byte `at` of `text`, if any.
    pub(super) fn prev_boundary(text: &str, at: usize) -> Option<usize> {
        GraphemeCursor::new(at, text.len(), true)
            .prev_boundary(text, 0)
            .ok()
            .flatten()
    }

    /// Whether byte `at` of `text` is a cluster boundary.
    pub(super) fn is_boundary(text: &str, at: usize) -> bool {
        GraphemeCursor::new(at, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(true)
    }
}
#[cfg(not(feature = "full"))]
use grapheme as clusters;

pub use complete::complete_variables;

/// Scopes nested deeper than this (the context object itself is level 1) are ignored.
pub const MAX_SCOPE_DEPTH: usize = 64;

/// Edit-distance computations one validated document may spend on suggestions (see
/// [`VariableSet::suggest_within`]). A few hundred typos against a context of hundreds of names
/// fit easily; a megabyte of distinct unknown names does not make validation quadratic.
pub const SUGGESTION_BUDGET: usize = 200_000;

/// The names a variable context makes available, sorted and de-duplicated. Empty for a context
/// that is not a JSON object.
pub fn variable_names(variable_context: &Value) -> Vec<String> {
    VariableSet::from_context(variable_context)
        .map(VariableSet::into_names)
        .unwrap_or_default()
}

/// Every `@name` reference in `text` (the whole text: this does not know about XML comments),
/// with positions in UTF-16 code units. `known` is `None` when no context is given, or when the
/// context is not a JSON object.
pub fn find_variables(text: &str, variable_context: Option<&Value>) -> Vec<VariableRef> {
    let variables = variable_context.and_then(VariableSet::from_context);
    let index = LineIndex::new(text);
    references(text, 0..text.len())
        .into_iter()
        .map(|span| variable_ref(&index, span, variables.as_ref()))
        .collect()
}

/// Describes the reference at byte span `span` (which covers `@name`) of the indexed text.
pub fn variable_ref(
    index: &LineIndex<'_>,
    span: Range<usize>,
    variables: Option<&VariableSet>,
) -> VariableRef {
    let name = index
        .text()
        .get(span.start + 1..span.end)
        .unwrap_or_default();
    let at = index.span(span);
    VariableRef {
        name: name.to_owned(),
        start: at.start,
        end: at.end,
        line: at.line,
        column: at.column,
        known: variables.map(|set| set.contains(name)),
    }
}

fn is_segment_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_segment_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The length in bytes of the longest variable name at the start of `text` (0 when there is
/// none). A dot counts only when a segment follows it.
pub fn name_prefix(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut at = 0;
    loop {
        if !bytes.get(at).copied().is_some_and(is_segment_start) {
            return end;
        }
        at += 1;
        while bytes.get(at).copied().is_some_and(is_segment_char) {
            at += 1;
        }
        end = at;
        if bytes.get(at) != Some(&b'.') {
            return end;
        }
        at += 1;
    }
}

/// Whether the whole of `name` is a variable name the grammar can express.
pub fn is_variable_name(name: &str) -> bool {
    !name.is_empty() && name_prefix(name) == name.len()
}

/// Whether a character before `@` keeps it from starting a reference.
#[inline]
fn blocks_reference(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')
}

/// Whether `first` directly followed by `second` is one grapheme cluster. With a plain letter
/// on the other side this asks the segmentation tables what a character is: `joins(c, 'a')` for
/// a prepended sign (U+0600 ARABIC NUMBER SIGN), `joins('a', c)` for a character that extends
/// the one before it (a combining mark, ZWJ, a variation selector, an emoji modifier).
fn joins(first: char, second: char) -> bool {
    clusters::joins(first, second)
}

/// Whether the whole character before byte `at` keeps an `@` there from starting a reference.
///
/// "Whole character" is the grapheme cluster, as a reader sees it: combining marks, joiners,
/// variation selectors and emoji modifiers belong to the character before them, so
/// `zoe\u{308}@example.com` (a decomposed `ë`) is an e-mail address like `zoë@example.com`.
/// The cluster blocks when its base does: the first character that is not a prepended sign, a
/// letter or digit with all its marks, or `_`, `.`, `+`, `-`. An emoji sequence, a mark on a
/// space, or a mark on nothing (at the start of a line) does not block.
#[inline]
pub fn blocked_before(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&last) = at.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return false;
    };
    // An ASCII character is a cluster of its own unless a (non-ASCII) prepended sign comes
    // before it; CR LF is one cluster but neither blocks. So ASCII after ASCII needs no tables.
    let ascii_before = at
        .checked_sub(2)
        .and_then(|i| bytes.get(i))
        .is_none_or(u8::is_ascii);
    if last.is_ascii() && ascii_before {
        return blocks_reference(char::from(last));
    }
    let Some(last) = text.get(..at).and_then(|before| before.chars().next_back()) else {
        return false;
    };
    // The whole text is the chunk, so no context is ever missing; be safe anyway.
    let start = clusters::prev_boundary(text, at).unwrap_or(at - last.len_utf8());
    let Some(cluster) = text.get(start..at) else {
        return false;
    };
    match cluster.chars().find(|&c| !joins(c, 'a')) {
        // A cluster that starts with a mark has no base letter.
        Some(base) => !joins('a', base) && blocks_reference(base),
        None => false,
    }
}

/// The length of the name at `start` (the byte after an `@`) within `limit`, ending on a whole
/// character: a name whose last letter carries a mark (`@Zoe\u{308}`) ends before that letter,
/// as `@Zoë` does, since the letter as written is not `[A-Za-z0-9_]`.
pub fn name_at(text: &str, start: usize, limit: usize) -> usize {
    let rest = text.get(start..limit).unwrap_or_default();
    let len = name_prefix(rest);
    let end = start + len;
    // Only a non-ASCII character can extend the name's last (ASCII) character.
    if len == 0 || text.as_bytes().get(end).is_none_or(u8::is_ascii) {
        return len;
    }
    if clusters::is_boundary(text, end) {
        return len;
    }
    // Drop the last character; what precedes it is ASCII followed by ASCII, so the shorter name
    // (a dot it would end in is dropped by the grammar) ends on a boundary.
    name_prefix(rest.get(..len - 1).unwrap_or_default())
}

/// The byte spans (`@` included) of the references inside `region` of `text`. The character
/// before an `@` is looked up in the whole text, so a region that starts right after a letter
/// behaves as the source reads.
pub fn references(text: &str, region: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    references_into(text, region, &mut out);
    out
}

/// Like [`references`], appending to `out`.
pub fn references_into(text: &str, region: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(haystack) = text.as_bytes().get(region.clone()) else {
        return;
    };
    for found in memchr::memchr_iter(b'@', haystack) {
        let at = region.start + found;
        if blocked_before(text, at) {
            continue;
        }
        let len = name_at(text, at + 1, region.end);
        if len > 0 {
            out.push(at..at + 1 + len);
        }
    }
}

/// The names a variable context makes available, prepared once for many lookups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariableSet {
    /// Sorted, de-duplicated.
    names: Vec<String>,
    /// Lower-cased name → index in `names` of the first name with that spelling.
    folded: HashMap<String, usize>,
    /// `by_len[n]`: indices (ascending) of the names of `n` bytes, each with its lower-cased
    /// spelling, so a suggestion only looks at names of about the right length.
    by_len: Vec<Vec<(usize, String)>>,
}

impl VariableSet {
    /// Normalises a `variableContext` (see the module docs). `None` when it is not a JSON
    /// object.
    pub fn from_context(context: &Value) -> Option<VariableSet> {
        let Value::Object(map) = context else {
            return None;
        };
        let mut names = Vec::new();
        collect_scope(map, "", 1, &mut names);
        Some(VariableSet::from_names(names))
    }

    /// A set of exactly these names; those the grammar cannot express are left out.
    pub fn from_names<I, S>(names: I) -> VariableSet
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut names: Vec<String> = names
            .into_iter()
            .map(Into::into)
            .filter(|n| is_variable_name(n))
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut folded = HashMap::with_capacity(names.len());
        let mut by_len: Vec<Vec<(usize, String)>> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let lower = name.to_ascii_lowercase();
            if by_len.len() <= name.len() {
                by_len.resize_with(name.len() + 1, Vec::new);
            }
            if let Some(bucket) = by_len.get_mut(name.len()) {
                bucket.push((i, lower.clone()));
            }
            folded.entry(lower).or_insert(i);
        }
        VariableSet {
            names,
            folded,
            by_len,
        }
    }

    /// Sorted and de-duplicated.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The names, sorted and de-duplicated.
    pub fn into_names(self) -> Vec<String> {
        self.names
    }

    /// Whether `name` (without its `@`) is in the context.
    pub fn contains(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|probe| probe.as_str().cmp(name))
            .is_ok()
    }

    /// The known name that `name` most likely meant, if any:
    ///
    /// 1. a name that differs only in case (`firstname` → `firstName`);
    /// 2. else the closest name by optimal-string-alignment distance (an adjacent swap is one
    ///    edit), compared without case, within a third of `name`'s length (at least 1, at most
    ///    3) and sharing at least one character position with it;
    /// 3. else nothing.
    ///
    /// Ties go to the smaller case-sensitive distance, then to the first name in sorted order,
    /// so the answer never depends on the context's key order.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let mut unlimited = usize::MAX;
        self.suggest_within(name, &mut unlimited)
    }

    /// [`suggest`](Self::suggest) with a budget of edit-distance computations, shared by the
    /// calls of one document so that many distinct unknown names against a large context stay
    /// cheap. When the names of a plausible length outnumber what is left of the budget, the
    /// fuzzy step is skipped entirely (case slips are still found): the answer is then `None`,
    /// never a worse name.
    pub fn suggest_within(&self, name: &str, budget: &mut usize) -> Option<&str> {
        let folded = name.to_ascii_lowercase();
        if let Some(&i) = self.folded.get(&folded) {
            return self.names.get(i).map(String::as_str);
        }
        // Names are ASCII, so bytes are characters.
        let len = name.len();
        let limit = misspelling_limit(len);
        let buckets = self
            .by_len
            .get(len.saturating_sub(limit)..(len + limit + 1).min(self.by_len.len()))
            .unwrap_or_default();
        let candidates: usize = buckets.iter().map(Vec::len).sum();
        if candidates > *budget {
            return None;
        }
        *budget -= candidates;
        let mut best: Option<(usize, usize, usize)> = None;
        for &(i, ref lower) in buckets.iter().flatten() {
            let Some(distance) = misspelling_distance(&folded, lower) else {
                continue;
            };
            let exact = self.names.get(i).map_or(usize::MAX, |candidate| {
                strsim::osa_distance(name, candidate)
            });
            let key = (distance, exact, i);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.and_then(|(_, _, i)| self.names.get(i))
            .map(String::as_str)
    }
}

/// How many edits a misspelling of a name of `len` characters may have: a third of its length,
/// at least 1 and at most 3.
fn misspelling_limit(len: usize) -> usize {
    (len / 3).clamp(1, 3)
}

/// The optimal-string-alignment distance (an adjacent swap is one edit) between two lower-cased
/// names when `typed` is a close misspelling of `known`: within `misspelling_limit` of
/// `typed`'s length and sharing at least one character position. The rule behind
/// [`VariableSet::suggest`] and the misspelled options of completion.
pub fn misspelling_distance(typed: &str, known: &str) -> Option<usize> {
    let distance = strsim::osa_distance(typed, known);
    let close =
        distance <= misspelling_limit(typed.len()) && distance < typed.len().max(known.len());
    close.then_some(distance)
}

fn scoped(prefix: &str, name: &str) -> String {
    let name = name.strip_prefix('@').unwrap_or(name);
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Adds the names of one scope (the context itself is the scope with an empty prefix).
fn collect_scope(map: &Map, prefix: &str, depth: usize, out: &mut Vec<String>) {
    for (key, value) in map {
        match value {
            Value::Object(inner) => {
                let scope = scoped(prefix, key);
                // A scope the grammar cannot name cannot hold a nameable variable either.
                if depth < MAX_SCOPE_DEPTH && is_variable_name(&scope) {
                    collect_scope(inner, &scope, depth + 1, out);
                }
            }
            Value::Array(items) => {
                // A group: its label (`key`) is not part of any name.
                for item in items {
                    let name = match item {
                        Value::String(name) => name,
                        Value::Object(object) => match object.get("name") {
                            Some(Value::String(name)) => name,
                            _ => continue,
                        },
                        _ => continue,
                    };
                    out.push(scoped(prefix, name));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                out.push(scoped(prefix, key));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's `json!`, as this crate's value.
    macro_rules! json {
        ($($t:tt)*) => { Value::from(serde_json::json!($($t)*)) };
    }

    fn names_in(text: &str) -> Vec<&str> {
        names_in_region(text, 0..text.len())
    }

    fn names_in_region(text: &str, region: Range<usize>) -> Vec<&str> {
        references(text, region)
            .into_iter()
            .map(|r| &text[r.start + 1..r.end])
            .collect()
    }

    #[test]
    fn grammar() {
        assert_eq!(names_in("@a.b. @c..d @_x1 @1x @"), ["a.b", "c", "_x1"]);
        assert_eq!(
            names_in("leo@x.com zoë@x 日本@x x_@y x.@y x+@y x-@y (@ok)"),
            ["ok"]
        );
        assert_eq!(names_in("@@a"), ["a"]);
        assert_eq!(name_prefix("ab.c.1"), 4);
        assert!(is_variable_name("a.b") && !is_variable_name("a.") && !is_variable_name("a b"));
    }

    #[test]
    fn regions_look_at_the_source_before_them() {
        let text = "x@a";
        assert!(references(text, 1..3).is_empty());
        let text = "\"@a.b\"";
        assert_eq!(names_in_region(text, 1..5), ["a.b"]);
        // The region ends the name.
        assert_eq!(names_in_region("@abc", 0..3), ["ab"]);
    }

    #[test]
    fn context_shapes() {
        let context = json!({
            "firstName": "Alex",
            "@age": 3,
            "ok": true,
            "none": null,
            "Contact fields": ["email", "@phone", {"name": "@fax"}, {"label": "x"}, 5, "bad name"],
            "contact": {"firstName": "A", "Fields": ["email"], "deep": {"x": 1}},
            "@scope": {"@a": 1},
            "bad scope": {"x": 1},
            "a.b": 1,
            "trailing.": 1,
            "": 1,
        });
        assert_eq!(
            variable_names(&context),
            [
                "a.b",
                "age",
                "contact.deep.x",
                "contact.email",
                "contact.firstName",
                "email",
                "fax",
                "firstName",
                "none",
                "ok",
                "phone",
                "scope.a",
            ]
        );
        assert!(variable_names(&json!(["a"])).is_empty());
        assert!(variable_names(&json!("a")).is_empty());
        assert!(VariableSet::from_context(&json!(null)).is_none());
    }

    #[test]
    fn deep_contexts_are_cut_off() {
        let nest = |levels: usize| {
            let mut value = json!({"leaf": 1});
            for _ in 1..levels {
                let mut scope = Map::new();
                scope.insert("s".to_owned(), value);
                value = Value::Object(scope);
            }
            value
        };
        // serde_json's own recursion limit does not apply to values built in code.
        assert!(variable_names(&nest(200)).is_empty());
        assert_eq!(variable_names(&nest(MAX_SCOPE_DEPTH)).len(), 1);
        assert!(variable_names(&nest(MAX_SCOPE_DEPTH + 1)).is_empty());
    }

    #[test]
    fn suggestions() {
        let set = VariableSet::from_names([
            "firstName",
            "FirstName",
            "lastName",
            "email",
            "contact.email",
            "ab",
            "x",
        ]);
        assert_eq!(set.suggest("firstname"), Some("FirstName"));
        assert_eq!(set.suggest("frstName"), Some("firstName"));
        assert_eq!(set.suggest("fristName"), Some("firstName"));
        assert_eq!(set.suggest("emial"), Some("email"));
        assert_eq!(set.suggest("contact.emal"), Some("contact.email"));
        assert_eq!(set.suggest("phone"), None);
        assert_eq!(set.suggest("y"), None);
        assert_eq!(set.suggest("a"), Some("ab"));
        assert_eq!(set.suggest("zzzzzzzzzName"), None);
    }

    #[test]
    fn the_budget_skips_fuzzy_matching_but_not_case_slips() {
        let set = VariableSet::from_names(["firstName", "lastName", "fistName"]);
        let mut budget = 3;
        assert_eq!(
            set.suggest_within("frstName", &mut budget),
            Some("firstName")
        );
        assert_eq!(budget, 0);
        assert_eq!(set.suggest_within("frstName", &mut budget), None);
        assert_eq!(
            set.suggest_within("FIRSTNAME", &mut budget),
            Some("firstName")
        );
        let mut budget = 2;
        assert_eq!(set.suggest_within("frstName", &mut budget), None);
        assert_eq!(budget, 2);
    }
}
