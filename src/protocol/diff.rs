//! The shapes that the prompt diff returns (API.md §4 *Diff*). Pure data: `crate::diff` computes
//! them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpKind {
    Equal,
    Insert,
    Delete,
}

/// A run of text that is equal on both sides, only in `after` (insert) or only in `before`
/// (delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOp {
    pub op: OpKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    Moved,
    Unchanged,
}

/// Where a piece of text sits in a whole text, in UTF-16 code units (JS string positions):
/// `start` inclusive, `end` exclusive, so `whole.slice(start, end)` is the piece.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

/// What happened to one root child between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionChange {
    pub path: String,
    pub tag: String,
    pub change: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffStats {
    pub inserted: u32,
    pub deleted: u32,
    pub added: u32,
    pub removed: u32,
    pub modified: u32,
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
    #[default]
    Word,
    Line,
}

/// The diff of two prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptDiff {
    /// False when either side is not well-formed XML: `ops` is then a plain text diff.
    pub structural: bool,
    pub ops: Vec<DiffOp>,
    pub sections: Vec<SectionChange>,
    pub stats: DiffStats,
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
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// A draft applied section by section (`mergeDraft`, API.md §4 *Applying a draft*): the merged
/// text, and the edits that turn the before text into it (sorted, not overlapping, positions in
/// the before text, so applying them last first gives `text`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeResult {
    pub text: String,
    pub edits: Vec<TextEdit>,
}
