//! The HTML rendering of a [`PromptDiff`]: an inline or a side-by-side (split) fragment for the
//! editor, styled by `pkg-template/prompt-assist.css`.
//!
//! Not the diff itself (`super::diff_outlines`) and not a template engine: a handful of fixed
//! tags written by hand. Start at [`render`].
//!
//! Safety rule: every piece of prompt text (op text, section paths and tags) goes through
//! [`escape`], which replaces all of `& < > " '`, so no prompt can open an element or an
//! attribute. The only attributes emitted are `class` and `data-*`, and their values are either
//! fixed words or escaped text.
//!
//! The shape, all classes under the `pa-diff` prefix:
//!
//! ```text
//! div.pa-diff.pa-diff-inline|pa-diff-split [data-structural] [data-granularity]
//!   p.pa-diff-stats            counts (span.pa-diff-stat per figure)
//!   p.pa-diff-note             only for a line-granularity fallback or no changes
//!   section.pa-diff-section.pa-diff-{change} [data-change] [data-path]   one per changed section
//!     div.pa-diff-head         span.pa-diff-badge + code.pa-diff-path
//!     pre.pa-diff-text         inline: text with del.pa-diff-del / ins.pa-diff-ins
//!     div.pa-diff-columns      split: pre.pa-diff-text.pa-diff-before + pre…pa-diff-after
//!   details.pa-diff-section.pa-diff-unchanged   unchanged sections, collapsed to one line
//!   details.pa-diff-whole      structural diffs: the whole-text ops (also shows changes outside
//!                              sections, such as the root's attributes), collapsed
//!   section.pa-diff-whole      non-structural diffs: the whole-text ops, open
//! ```

use std::fmt::Write as _;

use super::Layout;
use crate::protocol::diff::Granularity;
use crate::protocol::{ChangeKind, DiffOp, OpKind, PromptDiff};

/// Renders `diff` as an HTML fragment.
pub(crate) fn render(diff: &PromptDiff, layout: Layout) -> String {
    let size: usize = diff.ops.iter().map(|o| o.text.len()).sum::<usize>()
        + diff
            .sections
            .iter()
            .flat_map(|s| &s.ops)
            .map(|o| o.text.len())
            .sum::<usize>();
    let mut out = String::with_capacity(size + size / 4 + 512);
    let layout_class = match layout {
        Layout::Inline => "pa-diff-inline",
        Layout::Split => "pa-diff-split",
    };
    let granularity = match diff.granularity {
        Granularity::Word => "word",
        Granularity::Line => "line",
    };
    let _ = write!(
        out,
        "<div class=\"pa-diff {layout_class}\" data-structural=\"{}\" data-granularity=\"{granularity}\">",
        diff.structural
    );
    stats(&mut out, diff);
    let changed = diff.ops.iter().any(|o| o.op != OpKind::Equal);
    if !changed {
        out.push_str("<p class=\"pa-diff-note\">No changes.</p>");
    }
    if diff.granularity == Granularity::Line {
        out.push_str(
            "<p class=\"pa-diff-note\">Compared line by line: the texts are large and very \
             different.</p>",
        );
    }
    if diff.structural {
        for section in &diff.sections {
            section_html(&mut out, section, layout);
        }
        if changed {
            out.push_str(
                "<details class=\"pa-diff-whole\"><summary class=\"pa-diff-head\">Whole text</summary>",
            );
            ops_html(&mut out, &diff.ops, layout);
            out.push_str("</details>");
        }
    } else {
        out.push_str(
            "<section class=\"pa-diff-whole\"><div class=\"pa-diff-head\">Text diff (not \
             well-formed XML)</div>",
        );
        ops_html(&mut out, &diff.ops, layout);
        out.push_str("</section>");
    }
    out.push_str("</div>");
    out
}

fn stats(out: &mut String, diff: &PromptDiff) {
    let s = &diff.stats;
    out.push_str("<p class=\"pa-diff-stats\">");
    let words = |n: u32| if n == 1 { "word" } else { "words" };
    let figures = [
        ("inserted", s.inserted, "+", words(s.inserted)),
        ("deleted", s.deleted, "\u{2212}", words(s.deleted)),
        ("added", s.added, "", "added"),
        ("removed", s.removed, "", "removed"),
        ("modified", s.modified, "", "modified"),
        ("moved", s.moved, "", "moved"),
    ];
    for (name, value, sign, label) in figures {
        // Section counts mean nothing for a text diff; it shows only the word counts.
        if sign.is_empty() && !diff.structural {
            continue;
        }
        let _ = write!(
            out,
            "<span class=\"pa-diff-stat pa-diff-stat-{name}\" data-count=\"{value}\">{sign}{value} {label}</span>"
        );
    }
    out.push_str("</p>");
}

fn change_name(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Modified => "modified",
        ChangeKind::Moved => "moved",
        ChangeKind::Unchanged => "unchanged",
    }
}

fn section_html(out: &mut String, section: &crate::protocol::SectionChange, layout: Layout) {
    let change = change_name(section.change);
    if section.change == ChangeKind::Unchanged {
        out.push_str("<details class=\"pa-diff-section pa-diff-unchanged\" data-change=\"unchanged\" data-path=\"");
        escape(out, &section.path);
        out.push_str("\"><summary class=\"pa-diff-head\"><span class=\"pa-diff-badge\">unchanged</span> <code class=\"pa-diff-path\">");
        escape(out, &section.path);
        out.push_str("</code></summary>");
        // The same text on both sides: one column is enough, whatever the layout.
        ops_html(out, &section.ops, Layout::Inline);
        out.push_str("</details>");
        return;
    }
    let _ = write!(
        out,
        "<section class=\"pa-diff-section pa-diff-{change}\" data-change=\"{change}\" data-path=\""
    );
    escape(out, &section.path);
    let _ = write!(
        out,
        "\"><div class=\"pa-diff-head\"><span class=\"pa-diff-badge\">{change}</span> <code class=\"pa-diff-path\">"
    );
    escape(out, &section.path);
    out.push_str("</code></div>");
    ops_html(out, &section.ops, layout);
    out.push_str("</section>");
}

fn ops_html(out: &mut String, ops: &[DiffOp], layout: Layout) {
    match layout {
        Layout::Inline => {
            out.push_str("<pre class=\"pa-diff-text\">");
            for op in ops {
                op_html(out, op);
            }
            out.push_str("</pre>");
        }
        Layout::Split => {
            out.push_str(
                "<div class=\"pa-diff-columns\"><pre class=\"pa-diff-text pa-diff-before\">",
            );
            for op in ops.iter().filter(|o| o.op != OpKind::Insert) {
                op_html(out, op);
            }
            out.push_str("</pre><pre class=\"pa-diff-text pa-diff-after\">");
            for op in ops.iter().filter(|o| o.op != OpKind::Delete) {
                op_html(out, op);
            }
            out.push_str("</pre></div>");
        }
    }
}

fn op_html(out: &mut String, op: &DiffOp) {
    let (open, close) = match op.op {
        OpKind::Equal => ("", ""),
        OpKind::Insert => ("<ins class=\"pa-diff-ins\">", "</ins>"),
        OpKind::Delete => ("<del class=\"pa-diff-del\">", "</del>"),
    };
    out.push_str(open);
    escape(out, &op.text);
    out.push_str(close);
}

/// Appends `text` with `& < > " '` replaced by character references.
pub(crate) fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        let reference = match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            Some('>') => "&gt;",
            Some('"') => "&quot;",
            _ => "&#39;",
        };
        out.push_str(reference);
        rest = chars.as_str();
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five() {
        let mut out = String::new();
        escape(&mut out, "a&b<c>d\"e'f\u{1F44D}");
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&#39;f\u{1F44D}");
    }
}
