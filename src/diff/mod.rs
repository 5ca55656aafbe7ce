//! The structural prompt diff and its HTML rendering (API.md §4 *Diff*).
//!
//! Start at [`diff_prompts`] (two texts in) or [`diff_outlines`] (two texts and their parses in,
//! so a draft that validation already parsed is not parsed again), then [`render_diff_html`];
//! [`merge_draft`] applies a diff's draft section by section.
//!
//! This module does not parse XML: it uses the one shared parse, `crate::validate::outline`. It
//! knows nothing of JavaScript. The files, by purpose:
//!
//! - `tokenise`: prompt text to word (or line) tokens, never splitting a grapheme cluster;
//! - `ops`: the text diff of two strings as merged `equal`/`delete`/`insert` ops;
//! - `sections`: the section alignment (which root child is which, and what happened to it) and
//!   the sections' paths, built on three algorithms, one per file:
//!   - `pairing`: pairing root children across the two sides (keys, equal texts, similarity);
//!   - `increasing`: the heaviest increasing subsequence, which says what stayed and what moved;
//!   - `assignment`: the order-keeping best assignment of a run of removed sections to a run of
//!     inserted ones;
//! - `seq`: the one sequence diff (Myers and an LCS table on interned token ids, giving the ops of
//!   the `similar` crate it replaced) behind `ops`, `pairing` and `unified`;
//! - `unified`: the `--- before` / `+++ after` line diff;
//! - `merge`: applying a draft section by section (`mergeDraft`), with `edits`, which turns the
//!   kept and inserted pieces into sorted, word-level edits;
//! - `html`: the inline and split HTML fragments.

mod assignment;
mod edits;
mod html;
mod increasing;
mod merge;
mod ops;
mod pairing;
mod sections;
mod seq;
mod tokenise;
mod unified;

use crate::position::LineIndex;
use crate::protocol::diff::Granularity;
use crate::protocol::{
    ChangeKind, DiffOp, DiffStats, OpKind, PromptDiff, SectionChange, TextRange,
};
use crate::validate::{outline, Outline};

pub use merge::{merge_draft, Decisions, DiffFault, MergeError};
use ops::{diff_text, single, Limits};
use sections::{align, paths, Side};

pub use html::{Labels, OptionError, RenderOptions};

/// Diffs two prompts: parses both, then [`diff_outlines`].
pub fn diff_prompts(before: &str, after: &str) -> PromptDiff {
    let before_outline = outline(before);
    let after_outline = outline(after);
    diff_outlines(before, &before_outline, after, &after_outline)
}

/// Diffs two prompts whose parses are at hand (`outline(before)`, `outline(after)`).
///
/// The diff is structural when each side is well-formed or empty (only whitespace, which counts
/// as a prompt with no sections); otherwise `structural` is false, `sections` is empty and only
/// the whole-text ops say what changed.
///
/// `sections` lists every root child of either side in `after` order; a removed section comes
/// right after the nearest section that preceded it in `before`, was matched and did not move
/// (first when there is none), so it shows where it was.
///
/// Matching: by tag and `name`/`id` key; unkeyed sections of one tag are aligned by their text,
/// then equal texts match wherever they moved, then removed and inserted runs at the same place
/// pair up as `modified`, then leftovers sharing at least half their words pair up (moved and
/// edited). Matched sections off the heaviest common subsequence of the two orders (weighted by
/// length, so the small section is the one that moved) are `moved`.
///
/// Ops, for the whole text and every section: a line diff, then a word diff inside each changed
/// run of lines, minimal at word level (API.md §4). The common start and end of a change always
/// stay `equal`; a changed middle that is both large and mostly rewritten stays one deletion and
/// one insertion, and `granularity` is then `Line`; nothing here reads a clock, so this is safe
/// on wasm.
pub fn diff_outlines(
    before: &str,
    before_outline: &Outline,
    after: &str,
    after_outline: &Outline,
) -> PromptDiff {
    diff_with_limits(
        before,
        before_outline,
        after,
        after_outline,
        Limits::default(),
    )
}

fn diff_with_limits(
    before: &str,
    before_outline: &Outline,
    after: &str,
    after_outline: &Outline,
    limits: Limits,
) -> PromptDiff {
    let (ops, mut granularity) = diff_text(before, after, limits);
    let mut stats = DiffStats {
        inserted: count_words(&ops, OpKind::Insert),
        deleted: count_words(&ops, OpKind::Delete),
        ..DiffStats::default()
    };
    let (Some(before_side), Some(after_side)) =
        (side(before, before_outline), side(after, after_outline))
    else {
        return PromptDiff {
            structural: false,
            ops,
            sections: Vec::new(),
            stats,
            unified: unified::unified(before, after),
            granularity,
        };
    };

    let before_paths = paths(&before_side);
    let after_paths = paths(&after_side);
    let before_index = LineIndex::new(before);
    let after_index = LineIndex::new(after);
    let mut changes = Vec::new();
    for row in align(&before_side, &after_side) {
        let before_text = row.before.map(|b| before_side.section_text(b));
        let after_text = row.after.map(|a| after_side.section_text(a));
        let path = match (row.after, row.before) {
            (Some(a), _) => after_paths.get(a),
            (None, Some(b)) => before_paths.get(b),
            (None, None) => None,
        };
        let tag = row
            .after
            .and_then(|a| after_side.sections.get(a))
            .or_else(|| row.before.and_then(|b| before_side.sections.get(b)))
            .map(|s| s.tag.clone())
            .unwrap_or_default();
        let section_ops = match (before_text, after_text) {
            (Some(b), Some(a)) => {
                let (section_ops, g) = diff_text(b, a, limits);
                if g == Granularity::Line {
                    granularity = Granularity::Line;
                }
                section_ops
            }
            (None, Some(a)) => single(OpKind::Insert, a),
            (Some(b), None) => single(OpKind::Delete, b),
            (None, None) => Vec::new(),
        };
        match row.change {
            ChangeKind::Added => stats.added += 1,
            ChangeKind::Removed => stats.removed += 1,
            ChangeKind::Modified => stats.modified += 1,
            ChangeKind::Moved => stats.moved += 1,
            ChangeKind::Unchanged => {}
        }
        changes.push(SectionChange {
            path: path.cloned().unwrap_or_default(),
            tag,
            change: row.change,
            before: before_text.map(str::to_owned),
            after: after_text.map(str::to_owned),
            ops: section_ops,
            before_range: row
                .before
                .and_then(|b| before_side.section_span(b))
                .map(|span| range(&before_index, span)),
            after_range: row
                .after
                .and_then(|a| after_side.section_span(a))
                .map(|span| range(&after_index, span)),
        });
    }
    PromptDiff {
        structural: true,
        ops,
        sections: changes,
        stats,
        unified: unified::unified(before, after),
        granularity,
    }
}

/// The side as the section alignment sees it, or `None` when it is not usable XML.
fn side<'a>(text: &'a str, parsed: &'a Outline) -> Option<Side<'a>> {
    if text.chars().all(char::is_whitespace) {
        return Some(Side {
            text,
            root: "",
            sections: &[],
        });
    }
    if !parsed.well_formed {
        return None;
    }
    Some(Side {
        text,
        root: parsed.root.as_ref().map_or("", |r| r.tag.as_str()),
        sections: &parsed.sections,
    })
}

/// A byte range of an indexed text as UTF-16 units.
fn range(index: &LineIndex, span: std::ops::Range<usize>) -> TextRange {
    TextRange {
        start: index.utf16_offset(span.start),
        end: index.utf16_offset(span.end),
    }
}

fn count_words(ops: &[DiffOp], kind: OpKind) -> u32 {
    let total: usize = ops
        .iter()
        .filter(|o| o.op == kind)
        .map(|o| tokenise::count_words(&o.text))
        .sum();
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// How [`render_diff_html`] lays a diff out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// One column: deletions and insertions interleaved in the text.
    #[default]
    Inline,
    /// Two columns: `before` with its deletions, `after` with its insertions.
    Split,
}

/// Renders a diff as an HTML fragment in which all prompt text is escaped.
///
/// `options` is a [`RenderOptions`], or just a [`Layout`] for the other defaults. Changed
/// sections are tables of lines with `<del>`/`<ins>` marks, unchanged lines beyond the context
/// folded; unchanged sections are collapsed to a one-line `<details>`; a non-structural diff shows
/// the whole-text ops. Only `class`, `data-*` and `type="button"` attributes are emitted, all
/// classes under the `pa-diff` prefix (see `pkg-template/prompt-assist.css`).
pub fn render_diff_html(diff: &PromptDiff, options: impl Into<RenderOptions>) -> String {
    html::render(diff, &options.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(before: &str, after: &str) -> PromptDiff {
        diff_outlines(before, &outline(before), after, &outline(after))
    }

    #[test]
    fn modified_goal() {
        let d = diff(
            "<prompt><role>R</role><goal>Convert leads.</goal></prompt>",
            "<prompt><role>R</role><goal>Convert leads into tours.</goal></prompt>",
        );
        assert!(d.structural);
        let kinds: Vec<_> = d
            .sections
            .iter()
            .map(|s| (s.path.as_str(), s.change))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("/prompt/role", ChangeKind::Unchanged),
                ("/prompt/goal", ChangeKind::Modified)
            ]
        );
        assert_eq!(d.stats.inserted, 2);
        assert_eq!(d.stats.modified, 1);
        assert!(d
            .unified
            .starts_with("--- before\n+++ after\n@@ -1 +1 @@\n"));
    }

    #[test]
    fn empty_before_adds_every_section() {
        let after = "<prompt><role>R</role><rule>a</rule><rule>b</rule></prompt>";
        let d = diff_outlines("  \n", &Outline::default(), after, &outline(after));
        assert!(d.structural);
        assert_eq!(d.stats.added, 3);
        let paths: Vec<_> = d.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/prompt/role", "/prompt/rule[1]", "/prompt/rule[2]"]
        );
        assert_eq!(
            d.sections[1].ops,
            vec![DiffOp {
                op: OpKind::Insert,
                text: "<rule>a</rule>".into()
            }]
        );
    }

    #[test]
    fn not_well_formed_is_a_text_diff() {
        let before = "<prompt><goal>x</goal></prompt>";
        let d = diff_outlines(
            before,
            &outline(before),
            "<prompt><goal>",
            &Outline::default(),
        );
        assert!(!d.structural);
        assert!(d.sections.is_empty());
        assert_eq!(d.stats.deleted, 3);
    }

    #[test]
    fn line_fallback_is_reported() {
        let before = "<prompt><goal>one two three four</goal></prompt>";
        let after = "<prompt><goal>five six seven eight</goal></prompt>";
        let limits = Limits {
            word_tokens: 4,
            min_shared: 0.5,
        };
        let d = diff_with_limits(before, &outline(before), after, &outline(after), limits);
        assert_eq!(d.granularity, Granularity::Line);
        let d = diff(before, after);
        assert_eq!(d.granularity, Granularity::Word);
    }
}
