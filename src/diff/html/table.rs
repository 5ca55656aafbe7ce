//! One view of an op list as a `<table>`: a row per line (inline) or per aligned pair of lines
//! (split), a gutter of line numbers, folds, issue marks and their messages.
//!
//! Not the page around it (sections, heads, stats: the parent module) and not the line
//! structure (`rows`). Start at [`table`].
//!
//! ```text
//! table.pa-diff-table.pa-diff-table-inline|pa-diff-table-split
//!   tbody
//!     tr.pa-diff-row.pa-diff-row-{unchanged|added|removed|changed}
//!       inline: td.pa-diff-num (before) td.pa-diff-num (after) td.pa-diff-line
//!       split:  td.pa-diff-num td.pa-diff-line.pa-diff-before td.pa-diff-num td.pa-diff-line.pa-diff-after
//!     tr.pa-diff-fold [data-lines]                   unchanged lines folded away
//!     tr.pa-diff-annotation.pa-diff-issue-{severity} [data-code]   an issue's message, after
//!                                                    the row where the issue starts
//! ```
//!
//! Every row has the same cells, so the columns line up without `colspan`; the gutter cells are
//! left out when line numbers are off. In a text cell, `del.pa-diff-del` and `ins.pa-diff-ins`
//! mark changed words, `mark.pa-diff-issue` issues, and an empty `del`/`ins` with the extra class
//! `pa-diff-eol` a line break that only one side has (in a changed row).

use std::fmt::Write as _;

use super::escape;
use super::marks::{code_name, severity_name, Marks};
use super::rows::{inline_rows, pieces, split_rows, visible, Piece, RowKind};
use super::RenderOptions;
use crate::diff::Layout;
use crate::protocol::{DiffOp, OpKind, ValidationIssue};

/// What to draw and where it sits.
pub(super) struct View<'a> {
    pub ops: &'a [DiffOp],
    pub layout: Layout,
    /// The line numbers of the first line of each side (before, after).
    pub first_line: (u32, u32),
    /// Where the after side starts in the after text, in UTF-16 units; `None` when unknown, and
    /// then no issue is shown in this view.
    pub after_base: Option<u32>,
    /// Fold unchanged lines beyond `context`.
    pub fold: bool,
    /// Show the issues that start past the end of this view's text too (the whole text: an issue
    /// at or past its end still belongs to it).
    pub issues_past_end: bool,
}

/// What folding and annotations need to know of one row.
struct RowInfo {
    kind: RowKind,
    /// UTF-16 range of the row's after text in the after text; `None` for a removed row.
    after: Option<std::ops::Range<u32>>,
}

/// Appends the table for `view`.
pub(super) fn table<'o>(
    out: &mut String,
    view: &View<'_>,
    options: &RenderOptions,
    all_marks: &mut Marks<'o>,
) {
    let pieces = pieces(view.ops);
    let base = view.after_base.unwrap_or(0);
    let mut no_marks = Marks::default();
    let marks = match view.after_base {
        Some(_) => all_marks,
        None => &mut no_marks,
    };
    let end = if view.issues_past_end {
        u32::MAX
    } else {
        base.saturating_add(pieces.after_len)
    };
    let issues: Vec<&ValidationIssue> = marks.starting_in(base..end).to_vec();
    marks.seek(base);
    let absolute = |r: std::ops::Range<usize>| {
        base.saturating_add(pieces.after_at(r.start))..base.saturating_add(pieces.after_at(r.end))
    };
    let line_numbers = options.line_numbers;
    match view.layout {
        Layout::Inline => {
            let rows = inline_rows(&pieces.list, view.first_line);
            let infos: Vec<RowInfo> = rows
                .iter()
                .map(|r| RowInfo {
                    kind: r.kind,
                    after: (r.kind != RowKind::Removed).then(|| absolute(r.pieces.clone())),
                })
                .collect();
            let shown = shown(&infos, view.fold, options.context, marks);
            out.push_str("<table class=\"pa-diff-table pa-diff-table-inline\"><tbody>");
            let mut writer = RowWriter::new(out, view.layout, line_numbers, &issues);
            for ((row, info), show) in rows.iter().zip(&infos).zip(shown) {
                if !show {
                    writer.hidden += 1;
                    continue;
                }
                writer.fold(&options.labels.folded);
                let cells = &mut *writer.out;
                cells.push_str("<tr class=\"");
                cells.push_str(row.kind.class());
                cells.push_str("\">");
                if line_numbers {
                    gutter(cells, row.before);
                    gutter(cells, row.after);
                }
                cells.push_str("<td class=\"pa-diff-line\">");
                let row_pieces = pieces.list.get(row.pieces.clone()).unwrap_or_default();
                inline_cell(cells, row_pieces, row.kind, base, marks);
                cells.push_str("</td></tr>");
                writer.annotate(info);
            }
            writer.finish(&options.labels.folded);
        }
        Layout::Split => {
            let rows = split_rows(&pieces.list, view.first_line);
            let infos: Vec<RowInfo> = rows
                .iter()
                .map(|r| RowInfo {
                    kind: r.kind,
                    after: r.after.as_ref().map(|l| absolute(l.pieces.clone())),
                })
                .collect();
            let shown = shown(&infos, view.fold, options.context, marks);
            out.push_str("<table class=\"pa-diff-table pa-diff-table-split\"><tbody>");
            let mut writer = RowWriter::new(out, view.layout, line_numbers, &issues);
            for ((row, info), show) in rows.iter().zip(&infos).zip(shown) {
                if !show {
                    writer.hidden += 1;
                    continue;
                }
                writer.fold(&options.labels.folded);
                let cells = &mut *writer.out;
                cells.push_str("<tr class=\"");
                cells.push_str(row.kind.class());
                cells.push_str("\">");
                if line_numbers {
                    gutter(cells, row.before.as_ref().map(|l| l.number));
                }
                match &row.before {
                    Some(line) => {
                        cells.push_str("<td class=\"pa-diff-line pa-diff-before\">");
                        let line_pieces = pieces.list.get(line.pieces.clone()).unwrap_or_default();
                        before_cell(cells, line_pieces, row.kind);
                    }
                    None => {
                        cells.push_str("<td class=\"pa-diff-line pa-diff-before pa-diff-empty\">")
                    }
                }
                cells.push_str("</td>");
                if line_numbers {
                    gutter(cells, row.after.as_ref().map(|l| l.number));
                }
                match &row.after {
                    Some(line) => {
                        cells.push_str("<td class=\"pa-diff-line pa-diff-after\">");
                        let line_pieces = pieces.list.get(line.pieces.clone()).unwrap_or_default();
                        after_cell(cells, line_pieces, row.kind, base, marks);
                    }
                    None => {
                        cells.push_str("<td class=\"pa-diff-line pa-diff-after pa-diff-empty\">")
                    }
                }
                cells.push_str("</td></tr>");
                writer.annotate(info);
            }
            writer.finish(&options.labels.folded);
        }
    }
    out.push_str("</tbody></table>");
}

/// Which rows to show.
fn shown(infos: &[RowInfo], fold: bool, context: usize, marks: &Marks<'_>) -> Vec<bool> {
    if !fold {
        return vec![true; infos.len()];
    }
    let interesting: Vec<bool> = infos
        .iter()
        .map(|r| {
            r.kind != RowKind::Unchanged
                || r.after.as_ref().is_some_and(|a| marks.overlaps(a.clone()))
        })
        .collect();
    visible(&interesting, context)
}

/// Writes the rows that are not line rows: folds and annotations.
struct RowWriter<'o, 'i> {
    out: &'o mut String,
    layout: Layout,
    line_numbers: bool,
    issues: &'i [&'i ValidationIssue],
    /// The next issue to annotate.
    next_issue: usize,
    /// Rows hidden since the last shown one.
    hidden: usize,
}

impl<'o, 'i> RowWriter<'o, 'i> {
    fn new(
        out: &'o mut String,
        layout: Layout,
        line_numbers: bool,
        issues: &'i [&'i ValidationIssue],
    ) -> Self {
        RowWriter {
            out,
            layout,
            line_numbers,
            issues,
            next_issue: 0,
            hidden: 0,
        }
    }

    /// Cells before the text cell that carries the content: gutters and, in split, the empty
    /// before side.
    fn lead_cells(&mut self, before_side: bool) {
        let empty_num = "<td class=\"pa-diff-num\"></td>";
        match self.layout {
            Layout::Inline => {
                if self.line_numbers {
                    self.out.push_str(empty_num);
                    self.out.push_str(empty_num);
                }
            }
            Layout::Split => {
                if self.line_numbers {
                    self.out.push_str(empty_num);
                }
                if !before_side {
                    self.out
                        .push_str("<td class=\"pa-diff-line pa-diff-before pa-diff-empty\"></td>");
                    if self.line_numbers {
                        self.out.push_str(empty_num);
                    }
                }
            }
        }
    }

    /// Cells after the content cell, to complete the row.
    fn trail_cells(&mut self, before_side: bool) {
        if self.layout == Layout::Split && before_side {
            if self.line_numbers {
                self.out.push_str("<td class=\"pa-diff-num\"></td>");
            }
            self.out
                .push_str("<td class=\"pa-diff-line pa-diff-after pa-diff-empty\"></td>");
        }
    }

    /// The fold row for the rows hidden so far, if any.
    fn fold(&mut self, label: &str) {
        if self.hidden == 0 {
            return;
        }
        let _ = write!(
            self.out,
            "<tr class=\"pa-diff-fold\" data-lines=\"{}\">",
            self.hidden
        );
        self.lead_cells(true);
        let _ = write!(
            self.out,
            "<td class=\"pa-diff-line pa-diff-fold-text\">{} ",
            self.hidden
        );
        escape(self.out, label);
        self.out.push_str("</td>");
        self.trail_cells(true);
        self.out.push_str("</tr>");
        self.hidden = 0;
    }

    /// The messages of the issues that start before the end of the row just written.
    fn annotate(&mut self, row: &RowInfo) {
        let Some(after) = &row.after else { return };
        while let Some(issue) = self.issues.get(self.next_issue) {
            if issue.start >= after.end {
                break;
            }
            self.annotation(issue);
            self.next_issue += 1;
        }
    }

    fn annotation(&mut self, issue: &ValidationIssue) {
        let _ = write!(
            self.out,
            "<tr class=\"pa-diff-annotation pa-diff-issue-{}\" data-code=\"{}\">",
            severity_name(issue.severity),
            code_name(issue.code)
        );
        self.lead_cells(false);
        self.out
            .push_str("<td class=\"pa-diff-line pa-diff-message\">");
        escape(self.out, &issue.message);
        self.out.push_str("</td></tr>");
    }

    /// The last fold, and the issues no row took.
    fn finish(&mut self, label: &str) {
        self.fold(label);
        while let Some(issue) = self.issues.get(self.next_issue) {
            self.annotation(issue);
            self.next_issue += 1;
        }
    }
}

/// A gutter cell with a line number, or empty.
fn gutter(out: &mut String, number: Option<u32>) {
    match number {
        Some(n) => {
            let _ = write!(out, "<td class=\"pa-diff-num\">{n}</td>");
        }
        None => out.push_str("<td class=\"pa-diff-num\"></td>"),
    }
}

const EOL_INS: &str = "<ins class=\"pa-diff-ins pa-diff-eol\"></ins>";
const EOL_DEL: &str = "<del class=\"pa-diff-del pa-diff-eol\"></del>";

/// Which of `<ins>`/`<del>` is open, so that consecutive pieces of one kind share one element.
struct Wrap<'s> {
    out: &'s mut String,
    open: OpKind,
}

impl<'s> Wrap<'s> {
    fn new(out: &'s mut String) -> Self {
        Wrap {
            out,
            open: OpKind::Equal,
        }
    }

    /// Makes `kind` the open one: closes the other, opens this (`Equal` is bare text).
    fn set(&mut self, kind: OpKind) {
        if kind == self.open {
            return;
        }
        self.close();
        self.out.push_str(match kind {
            OpKind::Insert => "<ins class=\"pa-diff-ins\">",
            OpKind::Delete => "<del class=\"pa-diff-del\">",
            OpKind::Equal => "",
        });
        self.open = kind;
    }

    fn close(&mut self) {
        self.out.push_str(match self.open {
            OpKind::Insert => "</ins>",
            OpKind::Delete => "</del>",
            OpKind::Equal => "",
        });
        self.open = OpKind::Equal;
    }
}

/// The text of one inline row: every piece in op order.
fn inline_cell(
    out: &mut String,
    pieces: &[Piece<'_>],
    kind: RowKind,
    base: u32,
    marks: &mut Marks<'_>,
) {
    let mut w = Wrap::new(out);
    for p in pieces {
        if p.is_break() {
            w.close();
            if kind == RowKind::Changed {
                match (p.ends_before, p.ends_after) {
                    (true, false) => w.out.push_str(EOL_DEL),
                    (false, true) => w.out.push_str(EOL_INS),
                    _ => {}
                }
            }
            continue;
        }
        w.set(p.kind);
        match p.kind {
            OpKind::Delete => escape(w.out, p.text),
            OpKind::Equal | OpKind::Insert => {
                marks.write(w.out, p.text, base.saturating_add(p.after_at))
            }
        }
    }
    w.close();
}

/// The before side of one split line. In an unchanged row, deleted text (text that the diff
/// moved, whose twin is on the other side) is shown bare.
fn before_cell(out: &mut String, pieces: &[Piece<'_>], kind: RowKind) {
    let mut w = Wrap::new(out);
    for p in pieces {
        if p.is_break() {
            w.close();
            if kind == RowKind::Changed && p.ends_before && !p.ends_after {
                w.out.push_str(EOL_DEL);
            }
            continue;
        }
        if p.kind == OpKind::Insert {
            continue;
        }
        w.set(if kind == RowKind::Unchanged {
            OpKind::Equal
        } else {
            p.kind
        });
        escape(w.out, p.text);
    }
    w.close();
}

/// The after side of one split line, likewise.
fn after_cell(
    out: &mut String,
    pieces: &[Piece<'_>],
    kind: RowKind,
    base: u32,
    marks: &mut Marks<'_>,
) {
    let mut w = Wrap::new(out);
    for p in pieces {
        if p.is_break() {
            w.close();
            if kind == RowKind::Changed && p.ends_after && !p.ends_before {
                w.out.push_str(EOL_INS);
            }
            continue;
        }
        if p.kind == OpKind::Delete {
            continue;
        }
        w.set(if kind == RowKind::Unchanged {
            OpKind::Equal
        } else {
            p.kind
        });
        marks.write(w.out, p.text, base.saturating_add(p.after_at));
    }
    w.close();
}
