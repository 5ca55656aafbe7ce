//! The prompt diff (API.md §4 *Diff*). Not yet built: the diff issue fills this in.

use crate::protocol::PromptDiff;

/// Diffs two prompts.
pub fn diff_prompts(_before: &str, _after: &str) -> PromptDiff {
    PromptDiff::default()
}

/// How [`render_diff_html`] lays a diff out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    Inline,
    Split,
}

/// Renders a diff as an HTML fragment in which all prompt text is escaped.
pub fn render_diff_html(_diff: &PromptDiff, _layout: Layout) -> String {
    String::new()
}
