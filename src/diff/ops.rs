//! The text diff of two strings as a list of [`DiffOp`]s: lines first, then words inside each
//! changed run of lines, with Myers (`super::seq`); the changed middle of a run too large and too
//! different stays as one deletion and one insertion.
//!
//! This knows nothing of XML sections; `super::diff_outlines` calls it once for the whole text and
//! once per matched section pair. Start at [`diff_text`].
//!
//! The ops obey the invariant of API.md §4: the `equal` and `delete` texts joined give `before`,
//! the `equal` and `insert` texts give `after`. Adjacent ops of one kind are merged, and between two
//! `equal`s there is at most one `delete` followed by at most one `insert`.
//!
//! They are also minimal at word level (API.md §4), which rests on three things here:
//! - the word pass aligns the *non-blank* tokens only ([`push_token_diff`]), with an exact
//!   longest common subsequence, so no change (a `delete` and `insert` between two `equal`s)
//!   holds a word on both sides; whitespace is placed afterwards, between the matched words.
//!   Aligning every token instead let a run of shared spaces tie with a run of shared words, and
//!   `diff('red green blue cyan plum gold', 'amber teal navy red green blue')` kept the five
//!   spaces and threw the three words away;
//! - common leading and trailing lines, and then common leading and trailing tokens of each
//!   changed run, are `equal` before any size guard is looked at, so a huge change never turns
//!   its unchanged start and end into delete-and-insert;
//! - the one cleanup that joins two changes over the text between them ([`absorb_short_equalities`])
//!   only does so over punctuation and whitespace, for small changes, and never when the joined
//!   change would hold the same two-word run on both sides.
//!
//! Bounding the cost without a clock: `super::seq` never calls `Instant::now()` (which panics on
//! wasm32-unknown-unknown) and has no deadline. Instead:
//! - the line pass is cheap (few, mostly distinct tokens) and cuts the text into the runs of lines
//!   that changed, so the word pass only sees those; an edit here and there in a 1 MB prompt costs
//!   words around the edits, not Myers over the whole text;
//! - a changed run whose middle (common ends cut off) has more than [`Limits::word_tokens`] tokens
//!   is word-diffed only when its two sides share most of their short word sequences
//!   ([`shared_ratio`]); otherwise Myers would spend `(n + m) · d` with a large `d` to find
//!   little, and that middle stays one deletion and one insertion, reported as
//!   [`Granularity::Line`].

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::seq::{self, diff_tokens, DiffTag, Method};
use super::tokenise::{first_token, is_blank, line_tokens, word_tokens};
use crate::protocol::diff::Granularity;
use crate::protocol::{DiffOp, OpKind};

/// When a changed run of lines is not worth a word diff.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limits {
    /// Up to this many word tokens (both sides, common ends cut off), always diff words.
    pub(crate) word_tokens: usize,
    /// Above `word_tokens`, diff words only when at least this share of the two sides' word
    /// 4-grams is common to both.
    pub(crate) min_shared: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            word_tokens: 20_000,
            min_shared: 0.5,
        }
    }
}

/// Diffs `before` against `after`: by lines, then by words inside every changed run of lines
/// unless [`Limits`] says that run costs too much.
pub(crate) fn diff_text(before: &str, after: &str, limits: Limits) -> (Vec<DiffOp>, Granularity) {
    if before == after {
        return (equal_only(before), Granularity::Word);
    }
    let all_old_lines = line_tokens(before);
    let all_new_lines = line_tokens(after);
    // Common first and last lines are equal whatever the line diff would make of them.
    let (head, tail) = common_ends(&all_old_lines, &all_new_lines);
    let old_lines = all_old_lines
        .get(head..all_old_lines.len() - tail)
        .unwrap_or_default();
    let new_lines = all_new_lines
        .get(head..all_new_lines.len() - tail)
        .unwrap_or_default();
    let head_bytes: usize = all_old_lines.iter().take(head).map(|l| l.len()).sum();
    let old_tail_bytes: usize = all_old_lines.iter().rev().take(tail).map(|l| l.len()).sum();
    let new_tail_bytes: usize = all_new_lines.iter().rev().take(tail).map(|l| l.len()).sum();
    let before_mid = before
        .get(head_bytes..before.len() - old_tail_bytes)
        .unwrap_or_default();
    let after_mid = after
        .get(head_bytes..after.len() - new_tail_bytes)
        .unwrap_or_default();

    let mut granularity = Granularity::Word;
    let mut builder = OpsBuilder::default();
    builder.push_text(OpKind::Equal, before.get(..head_bytes).unwrap_or_default());
    // A changed run: the lines between two equal stretches, as byte ranges of each side.
    let mut run: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let mut flush = |run: &mut Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
                     builder: &mut OpsBuilder| {
        if let Some((old, new)) = run.take() {
            let old = before_mid.get(old).unwrap_or_default();
            let new = after_mid.get(new).unwrap_or_default();
            if diff_words(old, new, limits, builder) == Granularity::Line {
                granularity = Granularity::Line;
            }
        }
    };
    let old_offsets = offsets(old_lines);
    let new_offsets = offsets(new_lines);
    let byte_range = |offsets: &[usize], lines: std::ops::Range<usize>| {
        let start = offsets.get(lines.start).copied().unwrap_or(0);
        let end = offsets.get(lines.end).copied().unwrap_or(start);
        start..end
    };
    for op in intern_and_diff(old_lines, new_lines) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_bytes = byte_range(&old_offsets, old_range);
        let new_bytes = byte_range(&new_offsets, new_range);
        if tag == DiffTag::Equal {
            flush(&mut run, &mut builder);
            builder.push_text(OpKind::Equal, before_mid.get(old_bytes).unwrap_or_default());
        } else {
            run = Some(match run.take() {
                Some((old, new)) => (old.start..old_bytes.end, new.start..new_bytes.end),
                None => (old_bytes, new_bytes),
            });
        }
    }
    flush(&mut run, &mut builder);
    builder.push_text(
        OpKind::Equal,
        before
            .get(before.len() - old_tail_bytes..)
            .unwrap_or_default(),
    );
    let mut ops = builder.finish();
    slide_to_word_starts(&mut ops);
    (absorb_short_equalities(ops), granularity)
}

/// Moves a pure insertion or deletion that starts with a space to start at the word after it,
/// when the equal text after it starts with the same space: `into<ins> booked</ins> tours`
/// becomes `into <ins>booked </ins>tours`. The same texts, read more easily. (Trimming the common
/// end of a run takes its space away from the change; this gives it back.)
fn slide_to_word_starts(ops: &mut [DiffOp]) {
    for i in 1..ops.len().saturating_sub(1) {
        let [before, change, after] = match ops.get_mut(i - 1..=i + 1) {
            Some([a, b, c]) => [a, b, c],
            _ => continue,
        };
        if before.op != OpKind::Equal || change.op == OpKind::Equal || after.op != OpKind::Equal {
            continue;
        }
        let space = first_token(&change.text);
        let slides = is_blank(space)
            && !space.is_empty()
            && space.len() < change.text.len()
            && first_token(&after.text) == space
            && !change.text.ends_with(char::is_whitespace)
            && !before.text.ends_with(char::is_whitespace);
        if !slides {
            continue;
        }
        let space = space.to_owned();
        before.text.push_str(&space);
        change.text.drain(..space.len());
        change.text.push_str(&space);
        after.text.drain(..space.len());
    }
}

/// The byte offset where each token starts, and the total length at the end.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::with_capacity(tokens.len() + 1);
    out.push(0);
    for token in tokens {
        at += token.len();
        out.push(at);
    }
    out
}

/// Word-diffs one changed run into `builder`. The common leading and trailing tokens are always
/// `equal`; the middle between them is word-diffed unless it is too large and too different for
/// words, and then it is one deletion and one insertion and the answer is [`Granularity::Line`].
fn diff_words(old: &str, new: &str, limits: Limits, builder: &mut OpsBuilder) -> Granularity {
    if old.is_empty() || new.is_empty() {
        builder.push_text(OpKind::Delete, old);
        builder.push_text(OpKind::Insert, new);
        return Granularity::Word;
    }
    let old_tokens = word_tokens(old);
    let new_tokens = word_tokens(new);
    let (prefix, suffix) = common_ends(&old_tokens, &new_tokens);
    let old_mid = old_tokens
        .get(prefix..old_tokens.len() - suffix)
        .unwrap_or_default();
    let new_mid = new_tokens
        .get(prefix..new_tokens.len() - suffix)
        .unwrap_or_default();
    builder.push(OpKind::Equal, old_tokens.get(..prefix));
    let granularity = if old_mid.is_empty() || new_mid.is_empty() {
        // A pure insertion or deletion: nothing to align, whatever its size.
        builder.push(OpKind::Delete, Some(old_mid));
        builder.push(OpKind::Insert, Some(new_mid));
        Granularity::Word
    } else if old_mid.len() + new_mid.len() > limits.word_tokens
        && shared_ratio(old_mid, new_mid) < limits.min_shared
    {
        builder.push(OpKind::Delete, Some(old_mid));
        builder.push(OpKind::Insert, Some(new_mid));
        Granularity::Line
    } else {
        push_token_diff(old_mid, new_mid, builder);
        Granularity::Word
    };
    builder.push(OpKind::Equal, old_tokens.get(old_tokens.len() - suffix..));
    granularity
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

/// The share of word 4-grams (runs of four non-blank tokens) that the two sides have in common:
/// near 1 for a text and its lightly edited copy (an edit spoils only the few 4-grams around it),
/// near 0 for unrelated texts, even ones with the same vocabulary. Linear time.
fn shared_ratio(old: &[&str], new: &[&str]) -> f64 {
    const N: usize = 4;
    fn grams(tokens: &[&str]) -> Vec<u64> {
        let hashes: Vec<u64> = tokens
            .iter()
            .filter(|t| !is_blank(t))
            .map(|t| {
                let mut h = DefaultHasher::new();
                t.hash(&mut h);
                h.finish()
            })
            .collect();
        hashes
            .windows(N)
            .map(|w| {
                let mut h = DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .collect()
    }
    let (old, new) = (grams(old), grams(new));
    if old.is_empty() || new.is_empty() {
        return if old.len() == new.len() { 1.0 } else { 0.0 };
    }
    // Sorted copies for lookups (a hash set would add one more map type to the wasm).
    let sorted = |grams: &[u64]| {
        let mut set = grams.to_vec();
        set.sort_unstable();
        set
    };
    let (old_set, new_set) = (sorted(&old), sorted(&new));
    let shared = old
        .iter()
        .filter(|g| new_set.binary_search(g).is_ok())
        .count()
        + new
            .iter()
            .filter(|g| old_set.binary_search(g).is_ok())
            .count();
    shared as f64 / (old.len() + new.len()) as f64
}

/// Up to this many `n · m` cells, diff with the LCS table instead of Myers.
const SMALL_LCS_CELLS: usize = 16_384;

/// Interns two token sequences (every comparison inside the diff becomes an integer compare) and
/// diffs them.
fn intern_and_diff(old: &[&str], new: &[&str]) -> Vec<seq::DiffOp> {
    // For small inputs the plain LCS table is exact and, without Myers' set-up, several times
    // faster; it costs `n · m` cells, so it is kept to small ones.
    let method = if old.len().saturating_mul(new.len()) <= SMALL_LCS_CELLS {
        Method::Lcs
    } else {
        Method::Myers
    };
    diff_tokens(old, new, method)
}

/// Diffs two token sequences (each joins to its text) into `builder`.
///
/// Only the non-blank tokens are aligned (a longest common subsequence: `super::seq`'s LCS table,
/// or its Myers, exact but on large and very different inputs, where its search is bounded). The
/// whitespace between two matched words is then `equal` where it is the same on both sides;
/// between matched words that have changes around them, the common leading and trailing tokens
/// of the gap stay `equal` and the rest is deleted and inserted. So a change never holds, on both sides, a word that could have been
/// kept: the alignment would have kept it.
fn push_token_diff(old: &[&str], new: &[&str], builder: &mut OpsBuilder) {
    let words = |tokens: &[&str]| -> Vec<usize> {
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !is_blank(t))
            .map(|(i, _)| i)
            .collect()
    };
    let (old_words, new_words) = (words(old), words(new));
    fn pick<'t>(tokens: &[&'t str], at: &[usize]) -> Vec<&'t str> {
        at.iter().filter_map(|&i| tokens.get(i).copied()).collect()
    }
    let (old_w, new_w) = (pick(old, &old_words), pick(new, &new_words));
    // Tokens of each side consumed so far.
    let (mut at_old, mut at_new) = (0, 0);
    for op in intern_and_diff(&old_w, &new_w) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            continue;
        }
        for (o, n) in old_range.zip(new_range) {
            let (Some(&o), Some(&n)) = (old_words.get(o), new_words.get(n)) else {
                continue;
            };
            push_gap(
                old.get(at_old..o).unwrap_or_default(),
                new.get(at_new..n).unwrap_or_default(),
                builder,
            );
            builder.push(OpKind::Equal, old.get(o..=o));
            (at_old, at_new) = (o + 1, n + 1);
        }
    }
    push_gap(
        old.get(at_old..).unwrap_or_default(),
        new.get(at_new..).unwrap_or_default(),
        builder,
    );
}

/// The tokens between two matched words (or an end): common leading and trailing tokens
/// `equal`, the rest deleted and inserted.
fn push_gap(old: &[&str], new: &[&str], builder: &mut OpsBuilder) {
    let (prefix, suffix) = common_ends(old, new);
    builder.push(OpKind::Equal, old.get(..prefix));
    builder.push(OpKind::Delete, old.get(prefix..old.len() - suffix));
    builder.push(OpKind::Insert, new.get(prefix..new.len() - suffix));
    builder.push(OpKind::Equal, old.get(old.len() - suffix..));
}

/// Folds an `equal` op into the changes around it when it is only spaces and punctuation and no
/// longer than the change on either side (a narrower form of diff-match-patch's semantic
/// cleanup): `<del>.</rule> <example>Q</del> <del>A</del>` reads better as one deletion than as
/// fragments held together by a space. The invariant is kept: the equal text goes into both the
/// deleted and the inserted text.
///
/// What it may not do is undo the alignment: a shared word is never folded, the joined change
/// stays small ([`ABSORB_MAX_BYTES`] a side), and a fold that would put the same run of two
/// words into both the deleted and the inserted text (a word of the change before meeting its
/// twin in the change after) is not made ([`shares_word_pair`]). Each check looks at at most
/// `2 · ABSORB_MAX_BYTES` bytes, so the pass stays linear.
fn absorb_short_equalities(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    // Segments alternate between an equal text and a change (deleted, inserted).
    enum Segment {
        Equal(String),
        Change(String, String),
    }
    let mut segments: Vec<Segment> = Vec::with_capacity(ops.len());
    for op in ops {
        match (op.op, segments.last_mut()) {
            (OpKind::Equal, _) => segments.push(Segment::Equal(op.text)),
            (OpKind::Delete, Some(Segment::Change(del, _))) => del.push_str(&op.text),
            (OpKind::Insert, Some(Segment::Change(_, ins))) => ins.push_str(&op.text),
            (OpKind::Delete, _) => segments.push(Segment::Change(op.text, String::new())),
            (OpKind::Insert, _) => segments.push(Segment::Change(String::new(), op.text)),
        }
    }
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut rest = segments.into_iter().peekable();
    while let Some(segment) = rest.next() {
        let absorb = match (&segment, out.last(), rest.peek()) {
            (Segment::Equal(eq), Some(Segment::Change(d1, i1)), Some(Segment::Change(d2, i2))) => {
                eq.len() <= d1.len().max(i1.len())
                    && eq.len() <= d2.len().max(i2.len())
                    && !eq.chars().any(char::is_alphanumeric)
                    && d1.len() + eq.len() + d2.len() <= ABSORB_MAX_BYTES
                    && i1.len() + eq.len() + i2.len() <= ABSORB_MAX_BYTES
                    && !shares_word_pair(&joined(d1, eq, d2), &joined(i1, eq, i2))
            }
            _ => false,
        };
        match (absorb, segment, out.last_mut()) {
            (true, Segment::Equal(eq), Some(Segment::Change(del, ins))) => {
                if let Some(Segment::Change(d2, i2)) = rest.next() {
                    del.push_str(&eq);
                    del.push_str(&d2);
                    ins.push_str(&eq);
                    ins.push_str(&i2);
                }
            }
            (_, segment, _) => out.push(segment),
        }
    }
    let mut builder = OpsBuilder::default();
    for segment in out {
        match segment {
            Segment::Equal(text) => builder.push_text(OpKind::Equal, &text),
            Segment::Change(del, ins) => {
                builder.push_text(OpKind::Delete, &del);
                builder.push_text(OpKind::Insert, &ins);
            }
        }
    }
    builder.finish()
}

/// `a`, `b` and `c` as one string (without `concat`'s generic code, which costs wasm bytes).
fn joined(a: &str, b: &str, c: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len() + c.len());
    out.push_str(a);
    out.push_str(b);
    out.push_str(c);
    out
}

/// The largest deleted or inserted text, in bytes, that [`absorb_short_equalities`] makes by
/// joining changes. Folding is for small fragments; past this the fragments are readable alone.
const ABSORB_MAX_BYTES: usize = 256;

/// Whether two texts have a pair of consecutive non-blank tokens in common (the same two words,
/// whatever whitespace is between them). Pairs are compared by hash: a collision can only make
/// the answer "yes", which just leaves two changes unfolded.
fn shares_word_pair(deleted: &str, inserted: &str) -> bool {
    fn pairs(text: &str) -> Vec<u64> {
        let words: Vec<&str> = word_tokens(text)
            .into_iter()
            .filter(|t| !is_blank(t))
            .collect();
        let mut pairs: Vec<u64> = words
            .windows(2)
            .map(|pair| {
                let mut h = DefaultHasher::new();
                pair.hash(&mut h);
                h.finish()
            })
            .collect();
        pairs.sort_unstable();
        pairs
    }
    let (deleted, inserted) = (pairs(deleted), pairs(inserted));
    deleted.iter().any(|p| inserted.binary_search(p).is_ok())
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
    fn short_equalities_between_changes_are_absorbed() {
        let (ops, _) = check("a. b c", "x, y z", Limits::default());
        // Not `del a, eq ., …`: the single characters between changes fold into them.
        assert_eq!(ops.len(), 2, "{ops:?}");
        // A long equal run between changes stays.
        let (ops, _) = check(
            "one shared middle part two",
            "uno shared middle part dos",
            Limits::default(),
        );
        assert_eq!(ops.len(), 5, "{ops:?}");
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
            min_shared: 0.5,
        };
        let before = "keep this line\none two three four five six\nseven eight\n";
        let after = "keep this line\nalpha beta gamma delta epsilon zeta\nseven eight\n";
        let (ops, g) = check(before, after, limits);
        assert_eq!(g, Granularity::Line);
        assert_eq!(ops.len(), 4, "{ops:?}");
        // The changed middle is one deletion and one insertion; the line break both lines end
        // with is unchanged text at the end of the change, so it stays `equal` (API.md §4 since
        // 0.2: a large change never turns its unchanged start or end into delete-and-insert).
        assert_eq!(ops[1].text, "one two three four five six");
        // Small or similar runs stay on words under the same limits.
        assert_eq!(check("a b", "a c", limits).1, Granularity::Word);
        let similar_after = "keep this line\none two three four five SIX\nseven eight\n";
        assert_eq!(check(before, similar_after, limits).1, Granularity::Word);
        let (ops, g) = check(
            "one two three four five six seven eight nine ten",
            "one two three four five six seven eight nine TEN",
            limits,
        );
        assert_eq!((g, ops.len()), (Granularity::Word, 3));
    }

    #[test]
    fn only_changed_lines_are_word_diffed() {
        let (ops, _) = check("a b\nc d\ne f\n", "a b\nc x\ne f\n", Limits::default());
        let texts: Vec<&str> = ops.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(texts, ["a b\nc ", "d", "x", "\ne f\n"]);
    }

    fn op(kind: OpKind, text: &str) -> DiffOp {
        DiffOp {
            op: kind,
            text: text.into(),
        }
    }

    #[test]
    fn a_fold_that_would_delete_and_insert_a_shared_pair_is_not_made() {
        use OpKind::*;
        let apart = vec![
            op(Delete, "x y z"),
            op(Insert, "q"),
            op(Equal, "."),
            op(Delete, "p"),
            op(Insert, "x y"),
        ];
        assert_eq!(absorb_short_equalities(apart.clone()), apart);
        // The same shape without the shared pair folds.
        let folded = absorb_short_equalities(vec![
            op(Delete, "x w z"),
            op(Insert, "q"),
            op(Equal, "."),
            op(Delete, "p"),
            op(Insert, "x y"),
        ]);
        assert_eq!(folded, vec![op(Delete, "x w z.p"), op(Insert, "q.x y")]);
        // And a fold never grows a change past the bound.
        let long = "w ".repeat(ABSORB_MAX_BYTES);
        let kept = vec![
            op(Delete, &long),
            op(Insert, "q"),
            op(Equal, "."),
            op(Delete, "p"),
            op(Insert, "r"),
        ];
        assert_eq!(absorb_short_equalities(kept.clone()), kept);
    }

    #[test]
    fn a_space_moves_to_the_end_of_an_insertion() {
        let (ops, _) = check("into tours", "into booked tours", Limits::default());
        assert_eq!(
            ops,
            vec![
                op(OpKind::Equal, "into "),
                op(OpKind::Insert, "booked "),
                op(OpKind::Equal, "tours")
            ]
        );
    }

    proptest::proptest! {
        /// Under limits so small that every middle falls back, the common words at both ends
        /// still stay `equal`: the guard only ever sees the middle.
        #[test]
        fn the_fallback_keeps_the_common_ends(
            head in "([a-z]{1,5} ){0,4}",
            // Empty, or long enough (four words) for the 4-gram ratio to say "unrelated".
            old_mid in "(([A-M]{1,5} ){4,6})?",
            new_mid in "(([N-Z]{1,5} ){4,6})?",
            tail in "( [a-z]{1,5}){0,4}",
        ) {
            let limits = Limits { word_tokens: 1, min_shared: 0.5 };
            let before = format!("{head}{old_mid}end{tail}");
            let after = format!("{head}{new_mid}end{tail}");
            let (ops, granularity) = check(&before, &after, limits);
            if !old_mid.is_empty() && !new_mid.is_empty() {
                proptest::prop_assert_eq!(granularity, Granularity::Line);
            }
            let lead = ops.first().filter(|o| o.op == OpKind::Equal).map_or(0, |o| o.text.len());
            let trail = ops.last().filter(|o| o.op == OpKind::Equal).map_or(0, |o| o.text.len());
            proptest::prop_assert!(lead >= head.len() || before == after, "{:?}", ops);
            proptest::prop_assert!(trail >= "end".len() + tail.len(), "{:?}", ops);
        }
    }

    #[test]
    fn shared_ratio_tells_edits_from_rewrites() {
        let text = "the quick brown fox jumps over the lazy dog and runs far away";
        let edited = text.replace("lazy", "sleepy");
        let words = |t: &str| {
            word_tokens(t)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let ratio = |a: &str, b: &str| {
            let (a, b) = (words(a), words(b));
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let b: Vec<&str> = b.iter().map(String::as_str).collect();
            shared_ratio(&a, &b)
        };
        assert!(ratio(text, &edited) > 0.5);
        let shuffled = "dog lazy the over jumps fox brown quick the away far runs and";
        assert!(ratio(text, shuffled) < 0.2);
    }
}
