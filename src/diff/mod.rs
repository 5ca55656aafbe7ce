//! The prompt diff (API.md §4 *Diff*). Not yet built: the diff issue fills this in.

use crate::protocol::PromptDiff;

/// Diffs two prompts.
pub fn diff_prompts(_before: &str, _after: &str) -> PromptDiff {
    PromptDiff::default()
}
