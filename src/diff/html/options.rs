//! What the caller can choose about the HTML: [`RenderOptions`] (API.md §4 *Render options*) and
//! the [`Labels`], every word the renderer writes.
//!
//! Plain data with English defaults, and [`RenderOptions::from_value`], which reads them from the
//! JSON the editor passes. No rendering: see the parent module.

use std::fmt;

use crate::diff::Layout;
use crate::json::{Map, Value};
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// An option of the wrong kind: which, and what it must be (a `TypeError` in JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionError {
    /// The option's name, without `options.`.
    pub option: &'static str,
    /// What it must be, as a phrase (`a boolean`, `"inline" or "split"`...).
    pub expected: &'static str,
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"options.{}\" must be {}.", self.option, self.expected)
    }
}

impl RenderOptions {
    /// Reads `RenderOptions` as the editor passes them (API.md §4): every field optional, `null`
    /// the same as absent, unknown fields ignored, a field of the wrong kind an [`OptionError`].
    /// `context` is a whole number >= 0 (`Infinity`, which JSON cannot carry, is the binding's
    /// to turn into `usize::MAX`).
    pub fn from_value(options: &Value) -> Result<RenderOptions, OptionError> {
        let empty = Map::new();
        let o = match options {
            Value::Null => &empty,
            Value::Object(o) => o,
            _ => {
                return Err(OptionError {
                    option: "",
                    expected: "an object",
                })
            }
        };
        let field = |name: &str| o.get(name).filter(|v| !v.is_null());
        let wrong = |option, expected| OptionError { option, expected };
        let mut out = RenderOptions::default();
        if let Some(v) = field("layout") {
            out.layout = match v.as_str() {
                Some("inline") => Layout::Inline,
                Some("split") => Layout::Split,
                _ => return Err(wrong("layout", "\"inline\" or \"split\"")),
            };
        }
        if let Some(v) = field("lineNumbers") {
            out.line_numbers = v.as_bool().ok_or(wrong("lineNumbers", "a boolean"))?;
        }
        if let Some(v) = field("context") {
            let whole = v
                .as_number()
                .filter(|n| n.as_str().bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.floor_u64());
            let whole = whole.ok_or(wrong(
                "context",
                "a whole number of lines, 0 or more (or Infinity, never fold)",
            ))?;
            out.context = usize::try_from(whole).unwrap_or(usize::MAX);
        }
        if let Some(v) = field("actions") {
            out.actions = v.as_bool().ok_or(wrong("actions", "a boolean"))?;
        }
        if let Some(v) = field("issues") {
            let issues = v.as_array().and_then(|items| {
                items
                    .iter()
                    .map(crate::protocol::read::validation_issue)
                    .collect::<Option<Vec<_>>>()
            });
            out.issues = issues.ok_or(wrong(
                "issues",
                "an array of ValidationIssue objects (as validateDraft returns them)",
            ))?;
        }
        if let Some(v) = field("labels") {
            out.labels = Labels::from_value(v)
                .ok_or(wrong("labels", "an object whose values are strings"))?;
        }
        Ok(out)
    }
}

impl Labels {
    /// A partial object with camelCase keys: a key left out (or `null`) keeps its English
    /// default; unknown keys are ignored; `None` when a value is not a string.
    pub fn from_value(v: &Value) -> Option<Labels> {
        let o = v.as_object()?;
        let mut labels = Labels::default();
        let Labels {
            added,
            removed,
            modified,
            moved,
            unchanged,
            accept,
            reject,
            words,
            folded,
            no_changes,
            line_by_line,
            whole_text,
            text_diff,
        } = &mut labels;
        for (key, slot) in [
            ("added", added),
            ("removed", removed),
            ("modified", modified),
            ("moved", moved),
            ("unchanged", unchanged),
            ("accept", accept),
            ("reject", reject),
            ("words", words),
            ("folded", folded),
            ("noChanges", no_changes),
            ("lineByLine", line_by_line),
            ("wholeText", whole_text),
            ("textDiff", text_diff),
        ] {
            match o.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => *slot = s.clone(),
                Some(_) => return None,
            }
        }
        Some(labels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn a_partial_object_keeps_the_other_defaults() {
        let labels =
            Labels::from_value(&parse(r#"{"accept":"Übernehmen","noChanges":"—"}"#).unwrap())
                .expect("labels");
        assert_eq!(labels.accept, "Übernehmen");
        assert_eq!(labels.no_changes, "—");
        assert_eq!(labels.reject, Labels::default().reject);
    }

    #[test]
    fn a_label_that_is_not_a_string_is_refused() {
        assert!(Labels::from_value(&parse(r#"{"accept":5}"#).unwrap()).is_none());
    }

    #[test]
    fn options_are_read_with_their_defaults_and_refused_by_name() {
        let o = RenderOptions::from_value(
            &parse(r#"{"layout":"split","lineNumbers":false,"context":0,"actions":true,"labels":null,"x":1}"#)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            (o.layout, o.line_numbers, o.context, o.actions),
            (Layout::Split, false, 0, true)
        );
        assert_eq!(
            RenderOptions::from_value(&Value::Null),
            Ok(RenderOptions::default())
        );
        for (bad, option) in [
            (r#"{"layout":"sideways"}"#, "layout"),
            (r#"{"lineNumbers":1}"#, "lineNumbers"),
            (r#"{"context":-1}"#, "context"),
            (r#"{"context":1.5}"#, "context"),
            (r#"{"actions":"yes"}"#, "actions"),
            (r#"{"issues":[{}]}"#, "issues"),
            (r#"{"labels":{"added":1}}"#, "labels"),
        ] {
            assert_eq!(
                RenderOptions::from_value(&parse(bad).unwrap()).map_err(|e| e.option),
                Err(option),
                "{bad}"
            );
        }
    }
}
