//! What the caller can choose about the HTML: [`RenderOptions`] (API.md §4 *Render options*) and
//! the [`Labels`], every word the renderer writes.
//!
//! Plain data with English defaults. Not the JS decoding of the options (that is
//! `crate::wasm::offline`), and no rendering: see the parent module.

use serde::Deserialize;

use crate::diff::Layout;
use crate::protocol::ValidationIssue;

/// How [`render_diff_html`](crate::diff::render_diff_html) draws a diff. `Default` is the
/// contract's defaults: inline, line numbers, 3 lines of context, no buttons, no issues, English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// One column with the changes interleaved, or two aligned columns.
    pub layout: Layout,
    /// Before and after line numbers (1-based, in the whole prompt when the diff says where each
    /// section sits) in a gutter.
    pub line_numbers: bool,
    /// Unchanged lines kept on each side of a change inside a changed section and in the text
    /// views; the rest are folded into one row. `usize::MAX` never folds.
    pub context: usize,
    /// An Accept and a Reject button per changed section (`data-action`, `data-path`).
    pub actions: bool,
    /// Marked on the after side, positions in UTF-16 code units of the after text.
    pub issues: Vec<ValidationIssue>,
    /// The words the renderer writes.
    pub labels: Labels,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            layout: Layout::Inline,
            line_numbers: true,
            context: 3,
            actions: false,
            issues: Vec::new(),
            labels: Labels::default(),
        }
    }
}

impl From<Layout> for RenderOptions {
    /// The defaults with this layout.
    fn from(layout: Layout) -> Self {
        RenderOptions {
            layout,
            ..RenderOptions::default()
        }
    }
}

impl From<&RenderOptions> for RenderOptions {
    /// A copy, so that one set of options can render several diffs.
    fn from(options: &RenderOptions) -> Self {
        options.clone()
    }
}

/// Every word the renderer writes, each replaceable (for another language, or other words).
///
/// The first eight are the contract's (`labels` in API.md §4); the last five are the renderer's
/// other sentences, added so that nothing it writes is fixed. Deserialises from a partial object
/// with camelCase keys: a key left out keeps its English default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Labels {
    /// Badge of an added section, and the count of added sections in the stats.
    pub added: String,
    /// Badge of a removed section, and its count.
    pub removed: String,
    /// Badge of a modified section, and its count.
    pub modified: String,
    /// Badge of a moved section, and its count.
    pub moved: String,
    /// Badge of an unchanged section.
    pub unchanged: String,
    /// The button that takes the draft's version of a section.
    pub accept: String,
    /// The button that keeps the current version of a section.
    pub reject: String,
    /// After the inserted and deleted word counts: "+4 −2 words".
    pub words: String,
    /// After the number of lines a fold hides: "12 unchanged lines".
    pub folded: String,
    /// The note shown when the two prompts are equal.
    pub no_changes: String,
    /// The note shown when the diff fell back to whole lines (`granularity: 'line'`).
    pub line_by_line: String,
    /// The heading of the whole-text view under a structural diff.
    pub whole_text: String,
    /// The heading of the text diff shown when a side is not well-formed XML.
    pub text_diff: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            added: "added".into(),
            removed: "removed".into(),
            modified: "modified".into(),
            moved: "moved".into(),
            unchanged: "unchanged".into(),
            accept: "Accept".into(),
            reject: "Reject".into(),
            words: "words".into(),
            folded: "unchanged lines".into(),
            no_changes: "No changes.".into(),
            line_by_line: "Compared line by line: the texts are large and very different.".into(),
            whole_text: "Whole text".into(),
            text_diff: "Text diff (not well-formed XML)".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_object_keeps_the_other_defaults() {
        let labels: Labels =
            serde_json::from_str(r#"{"accept":"Übernehmen","noChanges":"—"}"#).expect("labels");
        assert_eq!(labels.accept, "Übernehmen");
        assert_eq!(labels.no_changes, "—");
        assert_eq!(labels.reject, Labels::default().reject);
    }

    #[test]
    fn a_label_that_is_not_a_string_is_refused() {
        assert!(serde_json::from_str::<Labels>(r#"{"accept":5}"#).is_err());
    }
}
