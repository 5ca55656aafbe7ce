//! Applying a draft section by section (API.md §4 *Applying a draft*, `mergeDraft`): from a
//! [`PromptDiff`] and a decision per section path, the merged text and the word-level edits that
//! turn the before text into it.
//!
//! It works from the diff alone: the before and after texts are the diff's whole-text ops
//! joined, each side is parsed again (`crate::validate::outline`) to find its root and the text
//! between sections, and every section row is checked against that parse through its
//! `beforeRange` / `afterRange`, so a diff that does not hold together is refused, never merged
//! into something broken. It does not diff sections again: a modified section's edits are its
//! own ops. Start at [`merge_draft`]; `super::edits` turns the pieces into edits.
//!
//! How the result is laid out. Each side is `head` (up to the end of the root's start tag),
//! then for each section its `lead` (the text since the previous section: whitespace, comments)
//! and the section itself, then `trail` (after the last section) and `tail` (the root's end tag
//! and what follows). The sections that are `unchanged` or `modified` keep their order on both
//! sides (that is what not `moved` means) and cut both sides into the same number of regions.
//! In each region the result holds the `before` sections that are kept (a rejected removal, a
//! rejected move) in before order, then the `after` sections that are taken (an accepted
//! addition, an accepted move) in after order; a section brings its lead from the side its text
//! comes from. See [`merge_draft`] for the frame (head, trail, tail).
//!
//! Cost: linear in the two texts (a parse of each, one UTF-16 index each, one pass to build),
//! plus sorting the sections and the decisions (`O(n log n)`) and word diffs of the text
//! between sections where it changed.

use std::fmt;
use std::ops::Range;

use super::edits::EditBuilder;
use super::ops::{diff_text, Limits};
use super::seq::Interner;
use crate::position::LineIndex;
use crate::protocol::{ChangeKind, MergeResult, OpKind, PromptDiff, SectionChange, TextRange};
use crate::validate::outline;

/// Which sections of a draft to take: a decision per section path, and a default for the paths
/// not named (API.md: the key `'*'`; the default default is to take the draft's version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decisions {
    default: bool,
    /// In the order given; a path given twice counts with its last decision.
    paths: Vec<(String, bool)>,
}

impl Default for Decisions {
    /// Take everything: the default default of API.md.
    fn default() -> Self {
        Decisions::all(true)
    }
}

impl Decisions {
    /// The same decision for every section: `true` takes the draft (`after`), `false` keeps the
    /// current prompt (`before`).
    pub fn all(accept: bool) -> Self {
        Decisions {
            default: accept,
            paths: Vec::new(),
        }
    }

    /// From the JSON the editor passes (`null` for none): an object of booleans. `Err` names the
    /// first key whose value is not a boolean, or is `""` when `decisions` is not an object.
    pub fn from_value(decisions: &crate::json::Value) -> Result<Self, String> {
        use crate::json::Value;
        match decisions {
            Value::Null => Ok(Decisions::default()),
            Value::Object(map) => {
                let mut entries = Vec::with_capacity(map.len());
                for (path, take) in map.iter() {
                    let Value::Bool(take) = take else {
                        return Err(path.clone());
                    };
                    entries.push((path.clone(), *take));
                }
                Ok(Decisions::from_entries(entries))
            }
            _ => Err(String::new()),
        }
    }

    /// From `decisions` as the JS object gives them: each key a section path, and the key `"*"`
    /// the default for the paths not named. A path given twice keeps its last decision.
    pub fn from_entries<I: IntoIterator<Item = (String, bool)>>(entries: I) -> Self {
        let mut default = true;
        let mut paths: Vec<(String, bool)> = Vec::new();
        for (path, accept) in entries {
            if path == "*" {
                default = accept;
            } else {
                paths.push((path, accept));
            }
        }
        Decisions { default, paths }
    }

    /// The decision for paths that are not named.
    pub fn default_decision(&self) -> bool {
        self.default
    }

    /// The decision for `path`. Linear in the number of named paths; [`merge_draft`] looks
    /// them up by interned path instead.
    pub fn get(&self, path: &str) -> bool {
        self.paths
            .iter()
            .rev()
            .find(|(p, _)| p == path)
            .map_or(self.default, |(_, accept)| *accept)
    }

    /// The named paths (not `"*"`), in the order given.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(|(p, _)| p.as_str())
    }
}

/// Why [`merge_draft`] refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// A decision names a path that is not in `diff.sections` (JS: a `RangeError`).
    UnknownPath {
        /// The path as given.
        path: String,
    },
    /// A decision names a path on a diff that is not structural, where only `'*'` may be given
    /// (JS: a `RangeError`).
    NotStructural {
        /// The path as given.
        path: String,
    },
    /// The diff does not hold together (it was not made by `diffPrompts`, or was changed since):
    /// what is wrong, and in which section when it is one (JS: a `TypeError`).
    InconsistentDiff {
        /// The section's path, when the fault is in one.
        path: Option<String>,
        /// What is wrong.
        fault: DiffFault,
    },
}

/// What is wrong with a diff that [`merge_draft`] cannot use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFault {
    /// `structural` is true, but a side is neither well-formed XML nor blank.
    NotWellFormed,
    /// A section on a side has no range for it.
    MissingRange,
    /// A section's range is not where the parse of that side puts a section, or does not hold
    /// the section's text.
    RangeDoesNotFit,
    /// The sides a section is on do not fit its change (an `added` one with a before side…).
    SidesDoNotFitChange,
    /// A section's ops do not join to its before and after texts.
    OpsDoNotJoin,
    /// The sections that did not move are not in the same order on both sides.
    StationaryOutOfOrder,
}

impl MergeError {
    /// A short kebab-case name of the error, for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            MergeError::UnknownPath { .. } => "unknown-path",
            MergeError::NotStructural { .. } => "not-structural",
            MergeError::InconsistentDiff { .. } => "inconsistent-diff",
        }
    }
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::UnknownPath { path } => write!(
                f,
                "\"{path}\" is not the path of a section in this diff; use a `path` from `diff.sections`, or '*'"
            ),
            MergeError::NotStructural { path } => write!(
                f,
                "this diff is not structural (a side is not well-formed XML), so it has no sections: only '*' may be given, not \"{path}\""
            ),
            MergeError::InconsistentDiff { path, fault } => {
                let what = match fault {
                    DiffFault::NotWellFormed => "a side is not well-formed XML although `structural` is true",
                    DiffFault::MissingRange => "a section has no `beforeRange` or `afterRange` for a side it is on",
                    DiffFault::RangeDoesNotFit => "a section's range does not hold that section in its text",
                    DiffFault::SidesDoNotFitChange => "a section's `before` and `after` do not fit its `change`",
                    DiffFault::OpsDoNotJoin => "a section's `ops` do not join to its `before` and `after`",
                    DiffFault::StationaryOutOfOrder => "the sections that did not move are not in the same order on both sides",
                };
                write!(f, "`diff` must be a `PromptDiff` as `diffPrompts` returns it: {what}")?;
                if let Some(path) = path {
                    write!(f, " (section \"{path}\")")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for MergeError {}

/// Applies the draft of `diff` as `decisions` say (API.md §4 *Applying a draft*).
///
/// A section's decision is `true` to take its `after` (an added section is inserted, a removed
/// one deleted, a modified one changed, a moved one moved) and `false` to keep its `before`.
/// **A moved section that is rejected stays where it was with its before text**: the move and its
/// edits are one decision, as the section has one path.
///
/// Text outside the sections that changed (the root's start and end tags with their attributes,
/// what precedes and follows the root, the text between the last section and the root's end
/// tag, and the whitespace and comments before `unchanged` sections) is the frame. It comes from
/// `after` when every changed section is taken, from `before` when every one is kept, and
/// otherwise from the side the default (`'*'`) takes (from the other side when that one has no
/// root element that can hold a section: it is blank, or `<prompt/>`). With no changed section
/// at all, the default decides. The text just before a changed section (its indentation, a
/// comment above it) goes with the section.
///
/// Every decision `true`: `text` is the diff's after text; every decision `false`: the before
/// text, with no edits. Otherwise each section's text is exactly its before or its after, and
/// when both sides are well-formed so is `text`. `edits` are sorted, do not overlap, and applied
/// last first to the before text give `text`; a section kept as it was is never inside one, and
/// a modified section's edits are its word ops.
///
/// When the diff is not structural, only the default may be given: all (`text` = after, edits
/// from the whole-text ops) or nothing.
///
/// # Errors
/// [`MergeError::UnknownPath`] and [`MergeError::NotStructural`] for decisions that do not fit
/// the diff; [`MergeError::InconsistentDiff`] for a diff that does not hold together.
pub fn merge_draft(diff: &PromptDiff, decisions: &Decisions) -> Result<MergeResult, MergeError> {
    // Each section path interned, and the decision for each id: lookups in constant time.
    let mut known = Interner::default();
    for s in &diff.sections {
        known.id(&s.path);
    }
    let mut by_id: Vec<Option<bool>> = vec![None; known.len()];
    for (path, take) in &decisions.paths {
        if !diff.structural {
            return Err(MergeError::NotStructural { path: path.clone() });
        }
        match known.get(path).and_then(|id| by_id.get_mut(id as usize)) {
            Some(slot) => *slot = Some(*take),
            None => return Err(MergeError::UnknownPath { path: path.clone() }),
        }
    }
    let decide = |path: &str| {
        known
            .get(path)
            .and_then(|id| by_id.get(id as usize).copied().flatten())
            .unwrap_or(decisions.default)
    };
    let before: String = joined(diff, OpKind::Insert);
    let after: String = joined(diff, OpKind::Delete);
    if !diff.structural {
        let mut out = EditBuilder::new(&before);
        if decisions.default_decision() {
            out.apply_ops(0, &diff.ops);
        } else {
            out.keep(0..before.len());
        }
        return Ok(out.finish());
    }
    Merge::new(diff, decisions.default, &decide, &before, &after)?.build()
}

/// The text of every op that is not `skip`: the before text when skipping inserts.
fn joined(diff: &PromptDiff, skip: OpKind) -> String {
    diff.ops
        .iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

fn fault(path: Option<&str>, fault: DiffFault) -> MergeError {
    MergeError::InconsistentDiff {
        path: path.map(str::to_owned),
        fault,
    }
}

/// One side cut into its pieces (see the module docs), in byte offsets.
struct Layout<'t> {
    text: &'t str,
    head: Range<usize>,
    sections: Vec<Range<usize>>,
    leads: Vec<Range<usize>>,
    trail: Range<usize>,
    tail: Range<usize>,
    /// Whether the root can hold sections: it has an end tag (not blank, not `<prompt/>`).
    holds_sections: bool,
}

impl<'t> Layout<'t> {
    fn new(text: &'t str) -> Result<Self, MergeError> {
        let end = text.len();
        if text.chars().all(char::is_whitespace) {
            return Ok(Layout {
                text,
                head: 0..end,
                sections: Vec::new(),
                leads: Vec::new(),
                trail: end..end,
                tail: end..end,
                holds_sections: false,
            });
        }
        let parsed = outline(text);
        let root = match (&parsed.root, parsed.well_formed) {
            (Some(root), true) => root,
            _ => return Err(fault(None, DiffFault::NotWellFormed)),
        };
        let content = root.content.clone();
        let mut leads = Vec::with_capacity(parsed.sections.len());
        let mut previous = content.start;
        for section in &parsed.sections {
            leads.push(previous..section.span.start);
            previous = section.span.end;
        }
        Ok(Layout {
            text,
            head: 0..content.start,
            sections: parsed.sections.iter().map(|s| s.span.clone()).collect(),
            leads,
            trail: previous..content.end,
            tail: content.end..end,
            holds_sections: root.start_tag != root.span,
        })
    }

    fn piece(&self, range: &Range<usize>) -> &'t str {
        self.text.get(range.clone()).unwrap_or_default()
    }

    fn lead(&self, section: usize) -> Range<usize> {
        self.leads.get(section).cloned().unwrap_or(0..0)
    }

    fn span(&self, section: usize) -> Range<usize> {
        self.sections.get(section).cloned().unwrap_or(0..0)
    }
}

/// A section row of the diff, placed on each side.
struct Row<'d> {
    change: &'d SectionChange,
    /// Its index among the sections of each side.
    before: Option<usize>,
    after: Option<usize>,
    /// Take the after version (for an unchanged section: take the after frame around it).
    take: bool,
}

/// Everything the merge needs, checked.
struct Merge<'a> {
    before: Layout<'a>,
    after: Layout<'a>,
    rows: Vec<Row<'a>>,
    /// Whether head, trail and tail come from `after`.
    frame_after: bool,
}

impl<'a> Merge<'a> {
    fn new(
        diff: &'a PromptDiff,
        default: bool,
        decide: &dyn Fn(&str) -> bool,
        before_text: &'a str,
        after_text: &'a str,
    ) -> Result<Self, MergeError> {
        let before = Layout::new(before_text)?;
        let after = Layout::new(after_text)?;
        let mut rows: Vec<Row> = diff
            .sections
            .iter()
            .map(|change| Row {
                change,
                before: None,
                after: None,
                take: decide(&change.path),
            })
            .collect();
        place(&mut rows, &before, true)?;
        place(&mut rows, &after, false)?;
        for row in &rows {
            let fits = match row.change.change {
                ChangeKind::Added => row.before.is_none() && row.after.is_some(),
                ChangeKind::Removed => row.before.is_some() && row.after.is_none(),
                _ => row.before.is_some() && row.after.is_some(),
            };
            if !fits {
                return Err(fault(
                    Some(&row.change.path),
                    DiffFault::SidesDoNotFitChange,
                ));
            }
        }

        let changed = || {
            rows.iter()
                .filter(|r| r.change.change != ChangeKind::Unchanged)
        };
        let all_taken = changed().all(|r| r.take);
        let none_taken = changed().all(|r| !r.take);
        let frame_after = match (changed().next().is_some(), all_taken, none_taken) {
            (false, _, _) => default,
            (true, true, _) => true,
            (true, _, true) => false,
            // Mixed: some section is kept from each side that has a changed one. A side whose
            // root cannot hold a section (blank, `<prompt/>`) has none, so the sections kept all
            // come from the other side, whose root then frames them.
            _ if default => after.holds_sections,
            _ => !before.holds_sections,
        };
        for row in &mut rows {
            if row.change.change == ChangeKind::Unchanged {
                row.take = frame_after;
            }
        }
        Ok(Merge {
            before,
            after,
            rows,
            frame_after,
        })
    }

    fn build(self) -> Result<MergeResult, MergeError> {
        let Merge {
            before,
            after,
            rows,
            frame_after,
        } = self;
        // Row of each section, per side.
        let mut row_of_before = vec![usize::MAX; before.sections.len()];
        let mut row_of_after = vec![usize::MAX; after.sections.len()];
        for (r, row) in rows.iter().enumerate() {
            if let Some(slot) = row.before.and_then(|b| row_of_before.get_mut(b)) {
                *slot = r;
            }
            if let Some(slot) = row.after.and_then(|a| row_of_after.get_mut(a)) {
                *slot = r;
            }
        }
        let stays = |r: usize| {
            rows.get(r).is_some_and(|row| {
                matches!(
                    row.change.change,
                    ChangeKind::Unchanged | ChangeKind::Modified
                )
            })
        };
        // The stationary sections in before order, and the other sections of each side by
        // region (region k lies before the k-th stationary section).
        let mut stationary: Vec<usize> = Vec::new();
        let mut before_regions: Vec<Vec<usize>> = vec![Vec::new()];
        for &r in &row_of_before {
            if stays(r) {
                stationary.push(r);
                before_regions.push(Vec::new());
            } else if let Some(region) = before_regions.last_mut() {
                region.push(r);
            }
        }
        let mut after_regions: Vec<Vec<usize>> = vec![Vec::new()];
        let mut k = 0;
        for &r in &row_of_after {
            if stays(r) {
                if stationary.get(k) != Some(&r) {
                    let path = rows.get(r).map(|row| row.change.path.as_str());
                    return Err(fault(path, DiffFault::StationaryOutOfOrder));
                }
                k += 1;
                after_regions.push(Vec::new());
            } else if let Some(region) = after_regions.last_mut() {
                region.push(r);
            }
        }

        let mut out = EditBuilder::new(before.text);
        let frame = |out: &mut EditBuilder, b: &Range<usize>, a: &Range<usize>| {
            if frame_after {
                replace(out, &before, b, after.piece(a));
            } else {
                out.keep(b.clone());
            }
        };
        frame(&mut out, &before.head, &after.head);
        for (k, (in_before, in_after)) in before_regions.iter().zip(&after_regions).enumerate() {
            for row in in_before.iter().filter_map(|&r| rows.get(r)) {
                // A removal or a move that is rejected: the section stays where it was.
                if let (false, Some(b)) = (row.take, row.before) {
                    out.keep(before.lead(b));
                    out.keep(before.span(b));
                }
            }
            for row in in_after.iter().filter_map(|&r| rows.get(r)) {
                // An addition or a move that is taken: the section comes in at its new place.
                if let (true, Some(a)) = (row.take, row.after) {
                    out.insert(after.piece(&after.lead(a)));
                    out.insert(after.piece(&after.span(a)));
                }
            }
            let Some(row) = stationary.get(k).and_then(|&r| rows.get(r)) else {
                continue;
            };
            let (Some(b), Some(a)) = (row.before, row.after) else {
                continue;
            };
            if !row.take {
                out.keep(before.lead(b));
                out.keep(before.span(b));
                continue;
            }
            replace(
                &mut out,
                &before,
                &before.lead(b),
                after.piece(&after.lead(a)),
            );
            if row.change.change == ChangeKind::Unchanged {
                out.keep(before.span(b));
            } else {
                check_ops(row.change)?;
                out.apply_ops(before.span(b).start, &row.change.ops);
            }
        }
        frame(&mut out, &before.trail, &after.trail);
        frame(&mut out, &before.tail, &after.tail);
        Ok(out.finish())
    }
}

/// Replaces `range` of the before text by `new`, word by word (a diff of the two), so the
/// parts that are the same are kept.
fn replace(out: &mut EditBuilder, before: &Layout, range: &Range<usize>, new: &str) {
    let old = before.piece(range);
    if old == new {
        out.keep(range.clone());
    } else {
        let (ops, _) = diff_text(old, new, Limits::default());
        out.apply_ops(range.start, &ops);
    }
}

/// Checks that a section's ops join to its two texts.
fn check_ops(change: &SectionChange) -> Result<(), MergeError> {
    let side = |skip: OpKind| -> String {
        change
            .ops
            .iter()
            .filter(|o| o.op != skip)
            .map(|o| o.text.as_str())
            .collect()
    };
    let fits = change.before.as_deref() == Some(side(OpKind::Insert).as_str())
        && change.after.as_deref() == Some(side(OpKind::Delete).as_str());
    if fits {
        Ok(())
    } else {
        Err(fault(Some(&change.path), DiffFault::OpsDoNotJoin))
    }
}

/// Finds each row's section on one side: each row on the side has the range of one of the
/// side's sections (its span in UTF-16 units) and exactly its source text, and every section of
/// the side is one row's.
fn place(rows: &mut [Row], layout: &Layout, is_before: bool) -> Result<(), MergeError> {
    fn side_of<'d>(row: &Row<'d>, is_before: bool) -> (Option<TextRange>, Option<&'d str>) {
        if is_before {
            (row.change.before_range, row.change.before.as_deref())
        } else {
            (row.change.after_range, row.change.after.as_deref())
        }
    }
    // Where each section of the side starts and ends, in UTF-16 units: increasing, so a row's
    // range finds its section by binary search (no sort).
    let index = LineIndex::new(layout.text);
    let ranges: Vec<TextRange> = layout
        .sections
        .iter()
        .map(|span| TextRange {
            start: index.utf16_offset(span.start),
            end: index.utf16_offset(span.end),
        })
        .collect();
    let mut placed = vec![false; ranges.len()];
    for row in rows.iter_mut() {
        let (range, text) = side_of(row, is_before);
        let path = Some(row.change.path.as_str());
        let (range, text) = match (range, text) {
            (Some(range), Some(text)) => (range, text),
            (None, None) => continue,
            (None, Some(_)) => return Err(fault(path, DiffFault::MissingRange)),
            (Some(_), None) => return Err(fault(path, DiffFault::SidesDoNotFitChange)),
        };
        let section = ranges
            .binary_search_by(|r| r.start.cmp(&range.start))
            .map_err(|_| fault(path, DiffFault::RangeDoesNotFit))?;
        let fits = ranges.get(section) == Some(&range)
            && text == layout.piece(&layout.span(section))
            && placed.get(section) == Some(&false);
        if !fits {
            return Err(fault(path, DiffFault::RangeDoesNotFit));
        }
        if let Some(flag) = placed.get_mut(section) {
            *flag = true;
        }
        if is_before {
            row.before = Some(section);
        } else {
            row.after = Some(section);
        }
    }
    // Every section of the side is some row's.
    if placed.contains(&false) {
        return Err(fault(None, DiffFault::RangeDoesNotFit));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_like_the_js_object() {
        let d = Decisions::from_entries([
            ("/prompt/goal".to_string(), false),
            ("*".to_string(), false),
            ("/prompt/role".to_string(), true),
            ("/prompt/goal".to_string(), true),
        ]);
        assert!(!d.default_decision());
        assert!(d.get("/prompt/goal"), "the last of a repeated path wins");
        assert!(d.get("/prompt/role"));
        assert!(!d.get("/prompt/rule"));
        assert_eq!(
            d.paths().collect::<Vec<_>>(),
            ["/prompt/goal", "/prompt/role", "/prompt/goal"]
        );
        assert!(Decisions::default().get("/anything"));
    }

    #[test]
    fn errors_have_codes() {
        let e = MergeError::UnknownPath { path: "x".into() };
        assert_eq!(e.code(), "unknown-path");
        assert!(e.to_string().contains("\"x\""));
    }
}
