//! Helpers shared by the `diff_*` integration tests: the invariant checks of API.md §4 *Diff*.

#![allow(dead_code)] // each test binary uses a different subset

pub mod gen;

use prompt_assist::diff::diff_prompts;
use prompt_assist::protocol::{ChangeKind, DiffOp, OpKind, PromptDiff, TextRange};
use unicode_segmentation::UnicodeSegmentation;

/// Diffs and checks every invariant; returns the diff for more specific assertions.
pub fn checked_diff(before: &str, after: &str) -> PromptDiff {
    let diff = diff_prompts(before, after);
    check(&diff, before, after);
    diff
}

/// The text of the ops that are not `skip`.
pub fn side(ops: &[DiffOp], skip: OpKind) -> String {
    ops.iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

/// Checks one op list against its two texts.
pub fn check_ops(ops: &[DiffOp], before: &str, after: &str, what: &str) {
    assert_eq!(
        side(ops, OpKind::Insert),
        before,
        "{what}: equal+delete != before"
    );
    assert_eq!(
        side(ops, OpKind::Delete),
        after,
        "{what}: equal+insert != after"
    );
    assert!(ops.iter().all(|o| !o.text.is_empty()), "{what}: empty op");
    for pair in ops.windows(2) {
        assert_ne!(pair[0].op, pair[1].op, "{what}: unmerged ops {ops:?}");
    }
    // No op boundary inside a grapheme cluster, on either side.
    for (text, skip) in [(before, OpKind::Insert), (after, OpKind::Delete)] {
        let boundaries: std::collections::HashSet<usize> = text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut at = 0;
        for op in ops.iter().filter(|o| o.op != skip) {
            at += op.text.len();
            assert!(
                boundaries.contains(&at),
                "{what}: op ends inside a grapheme cluster at byte {at}: {ops:?}"
            );
        }
    }
}

/// `whole.slice(range.start, range.end)` as JS computes it (UTF-16 units), or `None` when the
/// range is out of bounds or cuts a surrogate pair.
pub fn js_slice(whole: &str, range: TextRange) -> Option<String> {
    let units: Vec<u16> = whole.encode_utf16().collect();
    let piece = units.get(range.start as usize..range.end as usize)?;
    String::from_utf16(piece).ok()
}

/// API.md §4: a section's range is `null` exactly when its side is, and otherwise slices its
/// text out of the whole text in UTF-16 units; on each side the ranges are in text order and do
/// not overlap.
pub fn check_ranges(diff: &PromptDiff, before: &str, after: &str) {
    for s in &diff.sections {
        for (text, range, whole, side) in [
            (&s.before, s.before_range, before, "before"),
            (&s.after, s.after_range, after, "after"),
        ] {
            assert_eq!(text.is_some(), range.is_some(), "{side} of {s:?}");
            if let (Some(text), Some(range)) = (text, range) {
                assert_eq!(
                    js_slice(whole, range).as_deref(),
                    Some(text.as_str()),
                    "{side} range of {}",
                    s.path
                );
            }
        }
    }
    for pick in [
        |s: &prompt_assist::protocol::SectionChange| s.before_range,
        |s: &prompt_assist::protocol::SectionChange| s.after_range,
    ] {
        let mut ranges: Vec<TextRange> = diff.sections.iter().filter_map(pick).collect();
        ranges.sort_by_key(|r| r.start);
        for pair in ranges.windows(2) {
            assert!(pair[0].end <= pair[1].start, "overlapping ranges {pair:?}");
        }
    }
}

/// Every invariant of a diff: whole-text ops, each section's ops and ranges, stats, shape.
pub fn check(diff: &PromptDiff, before: &str, after: &str) {
    check_ops(&diff.ops, before, after, "whole text");
    check_ranges(diff, before, after);
    for s in &diff.sections {
        let b = s.before.as_deref().unwrap_or("");
        let a = s.after.as_deref().unwrap_or("");
        check_ops(&s.ops, b, a, &s.path);
        match s.change {
            ChangeKind::Added => assert!(s.before.is_none() && s.after.is_some(), "{s:?}"),
            ChangeKind::Removed => assert!(s.before.is_some() && s.after.is_none(), "{s:?}"),
            ChangeKind::Unchanged => assert_eq!(s.before, s.after, "{s:?}"),
            ChangeKind::Modified => {
                assert!(s.before.is_some() && s.after.is_some() && s.before != s.after)
            }
            ChangeKind::Moved => assert!(s.before.is_some() && s.after.is_some()),
        }
        assert!(s.path.starts_with('/'), "{s:?}");
        assert!(s.path.contains(&format!("/{}", s.tag)), "{s:?}");
        if let Some(b) = &s.before {
            assert!(before.contains(b.as_str()));
        }
        if let Some(a) = &s.after {
            assert!(after.contains(a.as_str()));
        }
    }
    if !diff.structural {
        assert!(diff.sections.is_empty());
    }
    let count = |k: ChangeKind| diff.sections.iter().filter(|s| s.change == k).count() as u32;
    assert_eq!(diff.stats.added, count(ChangeKind::Added));
    assert_eq!(diff.stats.removed, count(ChangeKind::Removed));
    assert_eq!(diff.stats.modified, count(ChangeKind::Modified));
    assert_eq!(diff.stats.moved, count(ChangeKind::Moved));
    // Each side's sections appear once, in that side's text order.
    let mut afters: Vec<&str> = diff
        .sections
        .iter()
        .filter_map(|s| s.after.as_deref())
        .collect();
    let mut at = 0;
    for a in afters.drain(..) {
        let found = after[at..].find(a).map(|i| i + at);
        assert!(found.is_some(), "after sections out of order at {a:?}");
        at = found.unwrap_or(at) + a.len();
    }
    assert_eq!(diff.unified.is_empty(), before == after);
    if before == after {
        assert_eq!(diff.stats.inserted + diff.stats.deleted, 0);
    }
}

/// The non-blank word tokens of `text`, as the diff cuts them (a reference written apart from
/// the crate's tokeniser): a tag `<…>` is one token, a run of letters, digits and `_` (with
/// their combining marks) is one, and any other grapheme cluster (punctuation, an emoji, an
/// ideograph) is one; whitespace separates and is not a token.
pub fn words(text: &str) -> Vec<&str> {
    let is_ideograph = |c: char| matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF);
    let is_word = |g: &str| {
        g.chars()
            .next()
            .is_some_and(|c| (c.is_alphanumeric() || c == '_') && !is_ideograph(c))
    };
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut skip_to = 0;
    for (at, g) in text.grapheme_indices(true) {
        if at < skip_to {
            continue;
        }
        if is_word(g) {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(start) = word_start.take() {
            out.push(&text[start..at]);
        }
        if g.chars().all(char::is_whitespace) {
            continue;
        }
        if g == "<" {
            let rest = &text[at..];
            let close = rest.find('>');
            let reopen = rest[1..].find('<').map(|i| i + 1);
            let named = rest[1..]
                .trim_start_matches('/')
                .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == ':');
            if let (Some(close), true) = (close, named) {
                if reopen.is_none_or(|r| r > close) {
                    out.push(&rest[..=close]);
                    skip_to = at + close + 1;
                    continue;
                }
            }
        }
        out.push(g);
    }
    if let Some(start) = word_start {
        out.push(&text[start..]);
    }
    out
}

/// The changes of an op list: each run of `delete`/`insert` between two `equal`s, as (deleted
/// text, inserted text).
pub fn hunks(ops: &[DiffOp]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for op in ops {
        match op.op {
            OpKind::Equal => open = false,
            kind => {
                if !open {
                    out.push(Default::default());
                    open = true;
                }
                if let Some((del, ins)) = out.last_mut() {
                    if kind == OpKind::Delete {
                        del.push_str(&op.text);
                    } else {
                        ins.push_str(&op.text);
                    }
                }
            }
        }
    }
    out
}

/// A run of two words that a change both deletes and inserts, if there is one: the fault that
/// API.md §4 rules out ("a run of two or more words that both sides share, in the same order, is
/// never reported as deleted and inserted again").
pub fn shared_run_in_a_change(ops: &[DiffOp]) -> Option<(String, String, String)> {
    for (del, ins) in hunks(ops) {
        let pairs = |t: &str| -> Vec<(String, String)> {
            words(t)
                .windows(2)
                .map(|w| (w[0].to_string(), w[1].to_string()))
                .collect()
        };
        let ins_pairs = pairs(&ins);
        if let Some((a, b)) = pairs(&del).into_iter().find(|p| ins_pairs.contains(p)) {
            return Some((format!("{a} {b}"), del, ins));
        }
    }
    None
}
