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

/// What happened to one root child between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionChange {
    pub path: String,
    pub tag: String,
    pub change: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
    pub ops: Vec<DiffOp>,
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

/// The diff of two prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptDiff {
    /// False when either side is not well-formed XML: `ops` is then a plain text diff.
    pub structural: bool,
    pub ops: Vec<DiffOp>,
    pub sections: Vec<SectionChange>,
    pub stats: DiffStats,
    pub unified: String,
}
