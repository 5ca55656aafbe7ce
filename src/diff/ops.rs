//! The text diff of two strings as a list of [`DiffOp`]s: word tokens, `similar`'s Myers, and a
//! coarser line diff when words would cost too much.
//!
//! This knows nothing of XML sections; `super::sections` calls it once per section pair and once
//! for the whole text. Start at [`diff_text`].
//!
//! The ops obey the invariant of API.md §4: the `equal` and `delete` texts joined give `before`,
//! the `equal` and `insert` texts give `after`. Adjacent ops of one kind are merged, and between two
//! `equal`s there is at most one `delete` followed by at most one `insert`.
//!
//! No deadline: `similar` is built without `std`, so it never calls `Instant::now()` (which panics
//! on wasm32-unknown-unknown). Its default Myers bounds its own search (a git-style cost limit); on
//! top of that, [`Limits`] decides up front when a word diff would be too big and switches to
//! lines.

use std::collections::HashMap;

use similar::{capture_diff_slices, Algorithm};

use super::tokenise::{line_tokens, word_tokens};
use crate::protocol::diff::Granularity;
use crate::protocol::{DiffOp, OpKind};

/// When a word diff is given up for a line diff.
///
/// Myers costs about `(n + m) · d` for `n + m` tokens of which `d` differ. After the common prefix
/// and suffix are cut off, `d` is estimated from below by the tokens that one side has more often
/// than the other. When both the size and that estimate are large, words are too expensive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Below this many differing-region tokens (both sides together), always diff words.
    pub(crate) word_tokens: usize,
    /// Above `word_tokens`, still diff words while the estimated differing tokens stay below this.
    pub(crate) word_changes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            word_tokens: 400_000,
            word_changes: 100_000,
        }
    }
}

/// Diffs `before` against `after` by words, or by lines when [`Limits`] says words cost too much.
pub(crate) fn diff_text(before: &str, after: &str, limits: Limits) -> (Vec<DiffOp>, Granularity) {
    if before == after {
        return (equal_only(before), Granularity::Word);
    }
    let old = word_tokens(before);
    let new = word_tokens(after);
    let (prefix, suffix) = common_ends(&old, &new);
    let old_mid = old.get(prefix..old.len() - suffix).unwrap_or_default();
    let new_mid = new.get(prefix..new.len() - suffix).unwrap_or_default();
    let size = old_mid.len() + new_mid.len();
    if size > limits.word_tokens && changed_lower_bound(old_mid, new_mid) > limits.word_changes {
        let old = line_tokens(before);
        let new = line_tokens(after);
        return (diff_tokens(&old, &new), Granularity::Line);
    }
    (diff_tokens(&old, &new), Granularity::Word)
}

/// One `equal` op of `text`, or none when it is empty.
pub(crate) fn equal_only(text: &str) -> Vec<DiffOp> {
    single(OpKind::Equal, text)
}

/// One op of `kind` holding `text`, or none when it is empty (an op never has empty text).
pub(crate) fn single(kind: OpKind, text: &str) -> Vec<DiffOp> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![DiffOp {
            op: kind,
            text: text.to_owned(),
        }]
    }
}

/// The lengths of the common prefix and (not overlapping it) the common suffix.
fn common_ends(old: &[&str], new: &[&str]) -> (usize, usize) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let old_rest = old.get(prefix..).unwrap_or_default();
    let new_rest = new.get(prefix..).unwrap_or_default();
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix, suffix)
}

/// A lower bound on the tokens a diff must delete or insert: per distinct token, how many more
/// times one side has it than the other.
fn changed_lower_bound(old: &[&str], new: &[&str]) -> usize {
    let mut counts: HashMap<&str, isize> = HashMap::new();
    for token in old {
        *counts.entry(token).or_default() += 1;
    }
    for token in new {
        *counts.entry(token).or_default() -= 1;
    }
    counts.values().map(|c| c.unsigned_abs()).sum()
}

/// Diffs two token sequences (each joins to its text) and turns the result into text ops.
fn diff_tokens<'t>(old: &[&'t str], new: &[&'t str]) -> Vec<DiffOp> {
    // Interning makes every comparison inside Myers an integer compare.
    let mut ids: HashMap<&'t str, u32> = HashMap::new();
    let mut intern = |tokens: &[&'t str]| -> Vec<u32> {
        tokens
            .iter()
            .map(|&t| {
                let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                *ids.entry(t).or_insert(next)
            })
            .collect()
    };
    let old_ids = intern(old);
    let new_ids = intern(new);
    let mut builder = OpsBuilder::default();
    for op in capture_diff_slices(Algorithm::Myers, &old_ids, &new_ids) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => builder.push(OpKind::Equal, old.get(old_range)),
            similar::DiffTag::Delete => builder.push(OpKind::Delete, old.get(old_range)),
            similar::DiffTag::Insert => builder.push(OpKind::Insert, new.get(new_range)),
            similar::DiffTag::Replace => {
                builder.push(OpKind::Delete, old.get(old_range));
                builder.push(OpKind::Insert, new.get(new_range));
            }
        }
    }
    builder.finish()
}

/// Collects token runs into merged ops. Between two `equal`s all deleted text comes first, then
/// all inserted text, so a change is always one `delete` and/or one `insert`.
#[derive(Default)]
pub(crate) struct OpsBuilder {
    ops: Vec<DiffOp>,
    deleted: String,
    inserted: String,
}

impl OpsBuilder {
    fn push(&mut self, kind: OpKind, tokens: Option<&[&str]>) {
        for token in tokens.unwrap_or_default() {
            self.push_text(kind, token);
        }
    }

    pub(crate) fn push_text(&mut self, kind: OpKind, text: &str) {
        match kind {
            OpKind::Delete => self.deleted.push_str(text),
            OpKind::Insert => self.inserted.push_str(text),
            OpKind::Equal => {
                if text.is_empty() {
                    return;
                }
                self.flush_changes();
                match self.ops.last_mut() {
                    Some(last) if last.op == OpKind::Equal => last.text.push_str(text),
                    _ => self.ops.push(DiffOp {
                        op: OpKind::Equal,
                        text: text.to_owned(),
                    }),
                }
            }
        }
    }

    fn flush_changes(&mut self) {
        if !self.deleted.is_empty() {
            self.ops.push(DiffOp {
                op: OpKind::Delete,
                text: std::mem::take(&mut self.deleted),
            });
        }
        if !self.inserted.is_empty() {
            self.ops.push(DiffOp {
                op: OpKind::Insert,
                text: std::mem::take(&mut self.inserted),
            });
        }
    }

    pub(crate) fn finish(mut self) -> Vec<DiffOp> {
        self.flush_changes();
        self.ops
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(ops: &[DiffOp], skip: OpKind) -> String {
        ops.iter()
            .filter(|o| o.op != skip)
            .map(|o| o.text.as_str())
            .collect()
    }

    fn check(before: &str, after: &str, limits: Limits) -> (Vec<DiffOp>, Granularity) {
        let (ops, granularity) = diff_text(before, after, limits);
        assert_eq!(side(&ops, OpKind::Insert), before);
        assert_eq!(side(&ops, OpKind::Delete), after);
        for pair in ops.windows(2) {
            if let [a, b] = pair {
                assert_ne!(a.op, b.op, "adjacent ops of one kind: {ops:?}");
                assert!(!(a.op == OpKind::Insert && b.op == OpKind::Delete));
            }
        }
        assert!(ops.iter().all(|o| !o.text.is_empty()));
        (ops, granularity)
    }

    #[test]
    fn word_edit() {
        let (ops, g) = check("Be brief.", "Be very brief.", Limits::default());
        assert_eq!(g, Granularity::Word);
        assert_eq!(
            ops,
            vec![
                DiffOp {
                    op: OpKind::Equal,
                    text: "Be ".into()
                },
                DiffOp {
                    op: OpKind::Insert,
                    text: "very ".into()
                },
                DiffOp {
                    op: OpKind::Equal,
                    text: "brief.".into()
                },
            ]
        );
    }

    #[test]
    fn empty_sides() {
        assert!(check("", "", Limits::default()).0.is_empty());
        assert_eq!(check("", "x", Limits::default()).0.len(), 1);
        assert_eq!(check("x", "", Limits::default()).0.len(), 1);
    }

    #[test]
    fn large_and_different_falls_back_to_lines() {
        let limits = Limits {
            word_tokens: 10,
            word_changes: 5,
        };
        let before = "one two three four five six\nseven eight\n";
        let after = "alpha beta gamma delta epsilon zeta\nseven eight\n";
        let (ops, g) = check(before, after, limits);
        assert_eq!(g, Granularity::Line);
        assert_eq!(ops.len(), 3, "{ops:?}");
        // Small or similar inputs stay on words under the same limits.
        assert_eq!(check("a b", "a c", limits).1, Granularity::Word);
        let similar_after = "one two three four five SIX\nseven eight\n";
        assert_eq!(check(before, similar_after, limits).1, Granularity::Word);
    }
}
