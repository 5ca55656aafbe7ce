//! The shapes that the prompt diff returns (API.md §4 *Diff*). Pure data: `crate::diff` computes
//! them.

use serde::{Deserialize, Serialize};

/// What a [`DiffOp`] does: `'equal' | 'insert' | 'delete'` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpKind {
    /// The text is on both sides.
    Equal,
    /// The text is only in `after`.
    Insert,
    /// The text is only in `before`.
    Delete,
}

/// A run of text that is equal on both sides, only in `after` (insert) or only in `before`
/// (delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOp {
    /// Which of the three the run is.
    pub op: OpKind,
    /// The run's text.
    pub text: String,
}

/// What happened to a section: `'added' | 'removed' | 'modified' | 'moved' | 'unchanged'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Only in `after`.
    Added,
    /// Only in `before`.
    Removed,
    /// On both sides, in the same place relative to the others, with other text.
    Modified,
    /// On both sides, its place relative to the others changed (its text may have too).
    Moved,
    /// On both sides, same place, same text.
    Unchanged,
}

/// Where a piece of text sits in a whole text, in UTF-16 code units (JS string positions):
/// `start` inclusive, `end` exclusive, so `whole.slice(start, end)` is the piece.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRange {
    /// The first unit of the piece.
    pub start: u32,
    /// The unit after the piece's last.
    pub end: u32,
}

/// What happened to one root child between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionChange {
    /// The section's path, e.g. `/prompt/goal`, `/prompt/rule[2]`, `/prompt/rule[@name="x"]`;
    /// its `after` path when it is on both sides.
    pub path: String,
    /// The element's tag name.
    pub tag: String,
    /// What happened to it.
    pub change: ChangeKind,
    /// The element's source text in the before text; `None` (JSON `null`) when not there.
    pub before: Option<String>,
    /// The element's source text in the after text; `None` (JSON `null`) when not there.
    pub after: Option<String>,
    /// The word-level diff of `before` to `after` (a missing side read as `""`).
    pub ops: Vec<DiffOp>,
    /// Where `before` sits in the before text (UTF-16 units); `None` (JSON `null`) when the
    /// section is not on that side. Read as `None` when absent, so that a diff built elsewhere
    /// without it still renders.
    #[serde(rename = "beforeRange", default)]
    pub before_range: Option<TextRange>,
    /// Where `after` sits in the after text (UTF-16 units); `None` when not on that side.
    #[serde(rename = "afterRange", default)]
    pub after_range: Option<TextRange>,
}

/// The counts of a [`PromptDiff`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffStats {
    /// Non-whitespace tokens in the `insert` ops of the whole-text diff.
    pub inserted: u32,
    /// Non-whitespace tokens in the `delete` ops of the whole-text diff.
    pub deleted: u32,
    /// Sections `added`.
    pub added: u32,
    /// Sections `removed`.
    pub removed: u32,
    /// Sections `modified`.
    pub modified: u32,
    /// Sections `moved`.
    pub moved: u32,
}

/// How finely the text was cut before diffing.
///
/// `Word` is the normal case. For very large, very different texts the word diff would cost too
/// much, so the changed middle (its common start and end still cut off as equal) stays one
/// deletion and one insertion, and the diff says so (`PromptDiff::granularity`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Granularity {
    /// Cut into words (and the spaces and punctuation between them).
    #[default]
    Word,
    /// Cut into lines, or left as one deletion and one insertion.
    Line,
}

/// The diff of two prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptDiff {
    /// False when either side is not well-formed XML: `ops` is then a plain text diff.
    pub structural: bool,
    /// The word-level diff of the whole text.
    pub ops: Vec<DiffOp>,
    /// One per root child of either side; empty when not `structural`.
    pub sections: Vec<SectionChange>,
    /// The counts.
    pub stats: DiffStats,
    /// The unified line diff (`--- before` / `+++ after`, 3 lines of context); empty when the
    /// texts are equal.
    pub unified: String,
    /// `Line` when any op list in this diff (the whole text's or a section's) was computed on
    /// lines instead of words because the inputs were too large and too different; see
    /// [`Granularity`]. Serialised as `'word' | 'line'`. An addition to API.md §4.
    #[serde(default)]
    pub granularity: Granularity,
}

/// One replacement in a text, in UTF-16 code units of that text (JS string positions): the
/// units `from..to` (`from` inclusive, `to` exclusive) are replaced by `insert`. `from == to` is
/// a pure insertion, an empty `insert` a pure deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    /// The first unit replaced.
    pub from: u32,
    /// The unit after the last one replaced.
    pub to: u32,
    /// The text put in their place.
    pub insert: String,
}

/// A draft applied section by section (`mergeDraft`, API.md §4 *Applying a draft*): the merged
/// text, and the edits that turn the before text into it (sorted, not overlapping, positions in
/// the before text, so applying them last first gives `text`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeResult {
    /// The merged text.
    pub text: String,
    /// The edits from the before text to `text`.
    pub edits: Vec<TextEdit>,
}
