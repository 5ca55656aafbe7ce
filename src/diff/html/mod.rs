//! The HTML rendering of a [`PromptDiff`]: an inline or a side-by-side (split) fragment for the
//! editor, styled by `pkg-template/prompt-assist.css`, with the options of API.md §4 *Render
//! options* ([`RenderOptions`]).
//!
//! Not the diff itself (`super::diff_outlines`) and not a template engine: a handful of fixed
//! tags written by hand. Start at [`render`]; the files, by purpose:
//!
//! - `options`: [`RenderOptions`] and [`Labels`], every word the renderer writes;
//! - `rows`: the ops cut into lines, and the lines paired into rows (inline or split), folding;
//! - `table`: one op list as a table of rows with a gutter, folds and issue messages;
//! - `marks`: validation issues as marks on the after side.
//!
//! Safety rule: every piece of text that is not the renderer's own (op text, section paths,
//! labels, issue messages) goes through [`escape`], which replaces all of `& < > " '`, so none of
//! it can open an element or an attribute. The attributes emitted are `class`, `data-*` and
//! `type="button"`; their values are fixed words, numbers, or escaped text.
//!
//! The shape, all classes under the `pa-diff` prefix:
//!
//! ```text
//! div.pa-diff.pa-diff-inline|pa-diff-split [data-structural] [data-granularity]
//!   p.pa-diff-stats            counts (span.pa-diff-stat per figure, span.pa-diff-stat-words)
//!   p.pa-diff-note             only for a line-granularity fallback or no changes
//!   section.pa-diff-section.pa-diff-{change} [data-change] [data-path]   one per changed section
//!     div.pa-diff-head         span.pa-diff-badge + code.pa-diff-path
//!                              [+ span.pa-diff-actions: button.pa-diff-action.pa-diff-accept|reject
//!                                 [data-action="accept"|"reject"] [data-path]]
//!     table.pa-diff-table      the section's lines (see `table`), unchanged ones folded
//!   details.pa-diff-section.pa-diff-unchanged   unchanged sections, collapsed to one line (a
//!                              section instead, open, when an issue falls in it)
//!   details.pa-diff-whole      structural diffs: the whole-text ops (also shows changes outside
//!                              sections, such as the root's attributes), collapsed (open, as a
//!                              section, when an issue falls outside every section)
//!   section.pa-diff-whole      non-structural diffs: the whole-text ops, open; with actions,
//!                              its buttons have data-path="*"
//! ```

mod marks;
mod options;
mod rows;
mod table;

use std::fmt::Write as _;

pub use options::{Labels, OptionError, RenderOptions};

use super::Layout;
use crate::protocol::diff::Granularity;
use crate::protocol::{ChangeKind, DiffOp, OpKind, PromptDiff, SectionChange};
use marks::Marks;
use table::{table, View};

/// Renders `diff` as an HTML fragment.
pub(crate) fn render(diff: &PromptDiff, options: &RenderOptions) -> String {
    let size: usize = diff.ops.iter().map(|o| o.text.len()).sum::<usize>()
        + diff
            .sections
            .iter()
            .flat_map(|s| &s.ops)
            .map(|o| o.text.len())
            .sum::<usize>();
    let mut out = String::with_capacity(size + size / 2 + 512);
    let layout_class = match options.layout {
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
    let labels = &options.labels;
    stats(&mut out, diff, options);
    let changed = diff.ops.iter().any(|o| o.op != OpKind::Equal);
    if !changed {
        note(&mut out, &labels.no_changes);
    }
    if diff.granularity == Granularity::Line {
        note(&mut out, &labels.line_by_line);
    }
    let mut marks = Marks::new(&options.issues);
    let whole = View {
        ops: &diff.ops,
        layout: options.layout,
        first_line: (1, 1),
        after_base: Some(0),
        fold: true,
        issues_past_end: true,
    };
    if diff.structural {
        let places = places(diff);
        for (section, place) in diff.sections.iter().zip(&places) {
            section_html(&mut out, section, place, options, &mut marks);
        }
        if changed {
            // Open when an issue lies outside every section: nowhere else would show it.
            let open = outside_sections(&places, &options.issues);
            out.push_str(if open {
                "<section class=\"pa-diff-whole\"><div class=\"pa-diff-head\">"
            } else {
                "<details class=\"pa-diff-whole\"><summary class=\"pa-diff-head\">"
            });
            escape(&mut out, &labels.whole_text);
            out.push_str(if open { "</div>" } else { "</summary>" });
            table(&mut out, &whole, options, &mut marks);
            out.push_str(if open { "</section>" } else { "</details>" });
        }
    } else {
        out.push_str("<section class=\"pa-diff-whole\"><div class=\"pa-diff-head\">");
        escape(&mut out, &labels.text_diff);
        if options.actions && changed {
            // Without sections, a draft is taken or kept whole: `mergeDraft`'s `'*'`.
            actions(&mut out, "*", options);
        }
        out.push_str("</div>");
        table(&mut out, &whole, options, &mut marks);
        out.push_str("</section>");
    }
    out.push_str("</div>");
    out
}

fn note(out: &mut String, text: &str) {
    out.push_str("<p class=\"pa-diff-note\">");
    escape(out, text);
    out.push_str("</p>");
}

fn stats(out: &mut String, diff: &PromptDiff, options: &RenderOptions) {
    let s = &diff.stats;
    let labels = &options.labels;
    out.push_str("<p class=\"pa-diff-stats\">");
    let _ = write!(
        out,
        "<span class=\"pa-diff-stat pa-diff-stat-inserted\" data-count=\"{0}\">+{0}</span>\
         <span class=\"pa-diff-stat pa-diff-stat-deleted\" data-count=\"{1}\">\u{2212}{1}</span>\
         <span class=\"pa-diff-stat-words\">",
        s.inserted, s.deleted
    );
    escape(out, &labels.words);
    out.push_str("</span>");
    // Section counts mean nothing for a text diff; it shows only the word counts.
    if diff.structural {
        for (name, value, label) in [
            ("added", s.added, &labels.added),
            ("removed", s.removed, &labels.removed),
            ("modified", s.modified, &labels.modified),
            ("moved", s.moved, &labels.moved),
        ] {
            let _ = write!(
                out,
                "<span class=\"pa-diff-stat pa-diff-stat-{name}\" data-count=\"{value}\">{value} "
            );
            escape(out, label);
            out.push_str("</span>");
        }
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

fn change_label(change: ChangeKind, options: &RenderOptions) -> &str {
    let labels = &options.labels;
    match change {
        ChangeKind::Added => &labels.added,
        ChangeKind::Removed => &labels.removed,
        ChangeKind::Modified => &labels.modified,
        ChangeKind::Moved => &labels.moved,
        ChangeKind::Unchanged => &labels.unchanged,
    }
}

/// Where a section sits in the two prompts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Place {
    /// Line numbers of its first line in the before and after texts.
    first_line: (u32, u32),
    /// Its UTF-16 range in the after text, when known.
    after: Option<(u32, u32)>,
}

/// The place of every section: from its `beforeRange` and `afterRange`, the line numbers of its
/// first lines in the two prompts (found in one pass over the whole-text ops per side) and its
/// span in the after text. A section without ranges (a diff from an older version) is numbered
/// from 1 and shows no issue.
fn places(diff: &PromptDiff) -> Vec<Place> {
    let starts = |side: fn(&SectionChange) -> Option<u32>, skip: OpKind| {
        lines_at(&diff.ops, skip, diff.sections.iter().map(side))
    };
    let before_lines = starts(|s| s.before_range.map(|r| r.start), OpKind::Insert);
    let after_lines = starts(|s| s.after_range.map(|r| r.start), OpKind::Delete);
    diff.sections
        .iter()
        .zip(before_lines.into_iter().zip(after_lines))
        .map(|(section, first_line)| Place {
            first_line,
            after: section.after_range.map(|r| (r.start, r.end)),
        })
        .collect()
}

/// For each UTF-16 offset (or none) into one side's text (the ops that are not `skip`), the
/// 1-based number of the line it is on; 1 for none. One pass over the text, whatever the order
/// of the offsets. Line breaks are those of `rows`: `\n`, `\r\n` and a lone `\r`.
fn lines_at(ops: &[DiffOp], skip: OpKind, offsets: impl Iterator<Item = Option<u32>>) -> Vec<u32> {
    let offsets: Vec<Option<u32>> = offsets.collect();
    // (offset, index) as one sortable `u64` (see `marks`).
    let mut queries: Vec<u64> = offsets
        .iter()
        .zip(0u64..)
        .filter_map(|(o, i)| Some(u64::from((*o)?) << 32 | i))
        .collect();
    queries.sort_unstable();
    let mut lines = vec![1u32; offsets.len()];
    let mut pending = queries.iter().peekable();
    let (mut pos, mut line, mut after_cr) = (0u32, 1u32, false);
    // Answers every query at or before `pos` with the current line.
    let mut answer =
        |pos: u32, line: u32, pending: &mut std::iter::Peekable<std::slice::Iter<'_, u64>>| {
            while let Some(&&q) = pending.peek() {
                if q >> 32 > u64::from(pos) {
                    break;
                }
                if let Some(slot) = usize::try_from(q & 0xFFFF_FFFF)
                    .ok()
                    .and_then(|i| lines.get_mut(i))
                {
                    *slot = line;
                }
                pending.next();
            }
        };
    for op in ops.iter().filter(|o| o.op != skip) {
        let bytes = op.text.as_bytes();
        let mut from = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            pos = pos.saturating_add(rows::utf16_len(op.text.get(from..at).unwrap_or_default()));
            answer(pos, line, &mut pending);
            if at > from {
                after_cr = false;
            }
            let cr = bytes.get(at) == Some(&b'\r');
            if cr || !after_cr {
                line = line.saturating_add(1);
            }
            after_cr = cr;
            pos = pos.saturating_add(1);
            from = at + 1;
        }
        let rest = op.text.get(from..).unwrap_or_default();
        if !rest.is_empty() {
            after_cr = false;
        }
        pos = pos.saturating_add(rows::utf16_len(rest));
    }
    answer(u32::MAX, line, &mut pending);
    lines
}

/// Whether some issue starts outside every section's after range (with at least one range
/// known: without any, issues are shown in the whole text only, which is then open).
fn outside_sections(places: &[Place], issues: &[crate::protocol::ValidationIssue]) -> bool {
    // (start, end) as one sortable `u64`: the sort the diff already has (see `marks`).
    let mut ranges: Vec<u64> = places
        .iter()
        .filter_map(|p| p.after)
        .map(|(start, end)| u64::from(start) << 32 | u64::from(end))
        .collect();
    ranges.sort_unstable();
    issues.iter().any(|issue| {
        let at = ranges.partition_point(|&r| (r >> 32) <= u64::from(issue.start));
        at.checked_sub(1)
            .and_then(|i| ranges.get(i))
            .is_none_or(|&r| u64::from(issue.start) >= r & 0xFFFF_FFFF)
    })
}

fn section_html(
    out: &mut String,
    section: &SectionChange,
    place: &Place,
    options: &RenderOptions,
    marks: &mut Marks<'_>,
) {
    let change = change_name(section.change);
    let unchanged = section.change == ChangeKind::Unchanged;
    let view = View {
        ops: &section.ops,
        // The same text on both sides: one column is enough, whatever the layout.
        layout: if unchanged {
            Layout::Inline
        } else {
            options.layout
        },
        first_line: place.first_line,
        after_base: place.after.map(|(start, _)| start),
        fold: !unchanged,
        issues_past_end: false,
    };
    // An unchanged section is collapsed, unless an issue falls in it.
    let collapsed = unchanged
        && place
            .after
            .is_none_or(|(start, end)| marks.starting_in(start..end).is_empty());
    let (open_tag, close_tag, head, head_end) = if collapsed {
        (
            "<details",
            "</details>",
            "<summary class=\"pa-diff-head\">",
            "</summary>",
        )
    } else {
        (
            "<section",
            "</section>",
            "<div class=\"pa-diff-head\">",
            "</div>",
        )
    };
    let _ = write!(
        out,
        "{open_tag} class=\"pa-diff-section pa-diff-{change}\" data-change=\"{change}\" data-path=\""
    );
    escape(out, &section.path);
    out.push_str("\">");
    out.push_str(head);
    out.push_str("<span class=\"pa-diff-badge\">");
    escape(out, change_label(section.change, options));
    out.push_str("</span> <code class=\"pa-diff-path\">");
    escape(out, &section.path);
    out.push_str("</code>");
    if options.actions && !unchanged {
        actions(out, &section.path, options);
    }
    out.push_str(head_end);
    table(out, &view, options, marks);
    out.push_str(close_tag);
}

/// The Accept and Reject buttons of one section; the page wires them to `mergeDraft`.
fn actions(out: &mut String, path: &str, options: &RenderOptions) {
    out.push_str("<span class=\"pa-diff-actions\">");
    for (action, label) in [
        ("accept", &options.labels.accept),
        ("reject", &options.labels.reject),
    ] {
        let _ = write!(
            out,
            "<button type=\"button\" class=\"pa-diff-action pa-diff-{action}\" data-action=\"{action}\" data-path=\""
        );
        escape(out, path);
        out.push_str("\">");
        escape(out, label);
        out.push_str("</button>");
    }
    out.push_str("</span>");
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
    fn line_numbers_at_utf16_offsets_in_any_order() {
        let op = |op, text: &str| DiffOp {
            op,
            text: text.into(),
        };
        // Before: "a😀\r\nb\rc\nd", after: "a😀\r\nX\nb\rc\nd".
        let ops = [
            op(OpKind::Equal, "a😀\r\n"),
            op(OpKind::Insert, "X\n"),
            op(OpKind::Equal, "b\rc\nd"),
        ];
        let at = |skip, offsets: &[Option<u32>]| lines_at(&ops, skip, offsets.iter().copied());
        // Before: a=0, 😀=1..3, \r=3, \n=4, b=5, \r=6, c=7, \n=8, d=9.
        assert_eq!(
            at(
                OpKind::Insert,
                &[Some(9), None, Some(0), Some(5), Some(3), Some(7), Some(40)]
            ),
            [4, 1, 1, 2, 1, 3, 4]
        );
        // After: X=5, \n=6, b=7.
        assert_eq!(at(OpKind::Delete, &[Some(7), Some(5)]), [3, 2]);
    }

    #[test]
    fn escapes_all_five() {
        let mut out = String::new();
        escape(&mut out, "a&b<c>d\"e'f\u{1F44D}");
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&#39;f\u{1F44D}");
    }
}
