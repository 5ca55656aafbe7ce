//! From ops to table rows: the line structure of a diff, for both layouts.
//!
//! Not HTML (that is `table`), and not a diff: the ops are taken as they are. Start at
//! [`pieces`], then [`inline_rows`] or [`split_rows`], then [`visible`] for folding.
//!
//! The ops are first cut at line breaks into [`Piece`]s: text without a break, or one break. A
//! break is `\n`, `\r\n` or a lone `\r` (as in `crate::position` and in editors), counted per side:
//! when a `\r` and its `\n` fall in two ops of different kinds (a deleted `\r` before an equal
//! `\n`), the before side has one break at the `\r` and the after side one at the `\n`. So a
//! break records which sides' lines it ends.
//!
//! - Inline: a row runs to the next break of either side, so every piece is shown exactly once, in
//!   op order. A row shows the before line number the first time that line appears, and likewise
//!   after.
//! - Split: each side is cut into its own lines, and the lines are paired as a side-by-side code
//!   review pairs them. A break that ends both sides (an equal newline) is an anchor: it closes the
//!   lines before it on both sides. Between two anchors, an equal run of text with a non-space
//!   character links the before line and the after line it lies on; links are taken in order when
//!   both lines are still free, lines between two taken links face each other in order, and what
//!   is left over faces an empty cell. So a line with an insertion faces its counterpart, and a
//!   whole inserted line faces an empty row, however the word diff slid its ops.
//!
//! Everything is one pass over the pieces (links are at most one per piece), so linear in the
//! size of the diff.

use std::ops::Range;

use crate::protocol::{DiffOp, OpKind};

/// A run of one op's text with no line break in it, or one line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece<'a> {
    pub kind: OpKind,
    /// The text; empty for a break.
    pub text: &'a str,
    /// For a break: whether it ends the current before line.
    pub ends_before: bool,
    /// For a break: whether it ends the current after line.
    pub ends_after: bool,
    /// UTF-16 code units of the after side before this piece, counted from the start of the ops.
    pub after_at: u32,
}

impl Piece<'_> {
    pub fn is_break(&self) -> bool {
        self.ends_before || self.ends_after
    }

    /// Whether the piece belongs to the before side's lines.
    fn on_before(&self) -> bool {
        if self.is_break() {
            self.ends_before
        } else {
            self.kind != OpKind::Insert
        }
    }

    /// Whether the piece belongs to the after side's lines.
    fn on_after(&self) -> bool {
        if self.is_break() {
            self.ends_after
        } else {
            self.kind != OpKind::Delete
        }
    }

    /// Equal text with something other than white space: it ties a before line to an after line.
    fn links(&self) -> bool {
        self.kind == OpKind::Equal && !self.is_break() && !is_blank(self.text)
    }
}

fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// UTF-16 units that one byte of UTF-8 contributes (see `crate::position`).
fn units(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |sum, &b| {
        sum.saturating_add(u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0))
    })
}

/// The UTF-16 length of `text`.
pub(super) fn utf16_len(text: &str) -> u32 {
    units(text.as_bytes())
}

/// The ops cut into pieces, and the UTF-16 length of their after side.
#[derive(Debug, Default)]
pub(super) struct Pieces<'a> {
    pub list: Vec<Piece<'a>>,
    pub after_len: u32,
}

impl Pieces<'_> {
    /// UTF-16 offset on the after side where piece `at` starts (the after length past the end).
    pub fn after_at(&self, at: usize) -> u32 {
        self.list.get(at).map_or(self.after_len, |p| p.after_at)
    }
}

/// Cuts `ops` at line breaks. Empty pieces are never made.
pub(super) fn pieces(ops: &[DiffOp]) -> Pieces<'_> {
    let mut list = Vec::with_capacity(ops.len() * 2);
    let mut after = 0u32;
    // Whether the last character of each side (before, after) was a `\r`.
    let mut cr = (false, false);
    for (kind, text) in slid(ops) {
        let on_before = kind != OpKind::Insert;
        let on_after = kind != OpKind::Delete;
        let mut rest = text;
        while !rest.is_empty() {
            let cut = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
            if cut > 0 {
                // `cut` is at an ASCII byte or the end: a character boundary.
                let Some((text, tail)) = rest.split_at_checked(cut) else {
                    break;
                };
                list.push(Piece {
                    kind,
                    text,
                    ends_before: false,
                    ends_after: false,
                    after_at: after,
                });
                if on_after {
                    after = after.saturating_add(utf16_len(text));
                    cr.1 = false;
                }
                if on_before {
                    cr.0 = false;
                }
                rest = tail;
                continue;
            }
            let is_cr = rest.starts_with('\r');
            // A `\n` right after a `\r` on the same side is part of that side's `\r\n` break.
            let ends_before = on_before && (is_cr || !cr.0);
            let ends_after = on_after && (is_cr || !cr.1);
            if ends_before || ends_after {
                list.push(Piece {
                    kind,
                    text: "",
                    ends_before,
                    ends_after,
                    after_at: after,
                });
            }
            if on_before {
                cr.0 = is_cr;
            }
            if on_after {
                cr.1 = is_cr;
                after = after.saturating_add(1);
            }
            rest = rest.get(1..).unwrap_or_default();
        }
    }
    Pieces {
        list,
        after_len: after,
    }
}

/// The ops as (kind, text) runs, with each whole-line insertion or deletion moved to start at a
/// line start.
///
/// A word diff may slide an inserted line past the next line's indentation: equal `"a\n  "`,
/// insert `"<x/>\n  "`, equal `"<y/>"`. The texts are the same if the run starts at the line
/// start instead (equal `"a\n"`, insert `"  <x/>\n"`, equal `"  <y/>"`), and only then does the
/// inserted line show as one added line and the next as unchanged. So when the equal text before
/// an insertion or deletion ends with `t` after its last line break, and the run ends with a line
/// break followed by `t`, the run moves back by `t`. The texts of both sides are unchanged:
/// this only chooses among equivalent op lists, for display.
fn slid(ops: &[DiffOp]) -> Vec<(OpKind, &str)> {
    let mut runs: Vec<(OpKind, &str)> = Vec::with_capacity(ops.len() + 2);
    for op in ops {
        let text = op.text.as_str();
        let slide = match runs.last() {
            Some(&(OpKind::Equal, equal)) if op.op != OpKind::Equal => {
                let tail = equal
                    .rfind('\n')
                    .map_or(equal, |nl| equal.get(nl + 1..).unwrap_or(""));
                let head_len = text.len().saturating_sub(tail.len());
                let fits = !tail.is_empty()
                    && (equal.len() > tail.len() || runs.len() == 1)
                    && text.ends_with(tail)
                    && text.get(..head_len).is_some_and(|h| h.ends_with('\n'));
                fits.then_some((tail, head_len))
            }
            _ => None,
        };
        match slide {
            Some((tail, head_len)) => {
                if let Some(last) = runs.last_mut() {
                    last.1 = last.1.get(..last.1.len() - tail.len()).unwrap_or(last.1);
                    if last.1.is_empty() {
                        runs.pop();
                    }
                }
                let (head, moved) = text.split_at_checked(head_len).unwrap_or((text, ""));
                runs.push((op.op, tail));
                runs.push((op.op, head));
                runs.push((OpKind::Equal, moved));
            }
            None => runs.push((op.op, text)),
        }
    }
    runs
}

/// What a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    /// The same line on both sides.
    Unchanged,
    /// Only in after.
    Added,
    /// Only in before.
    Removed,
    /// On both sides, with a change.
    Changed,
}

impl RowKind {
    pub fn class(self) -> &'static str {
        match self {
            RowKind::Unchanged => "pa-diff-row pa-diff-row-unchanged",
            RowKind::Added => "pa-diff-row pa-diff-row-added",
            RowKind::Removed => "pa-diff-row pa-diff-row-removed",
            RowKind::Changed => "pa-diff-row pa-diff-row-changed",
        }
    }
}

/// One row of the inline layout: consecutive pieces up to and including a break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InlineRow {
    pub pieces: Range<usize>,
    pub kind: RowKind,
    /// The before line number, on the first row that shows part of that line.
    pub before: Option<u32>,
    /// The after line number, likewise.
    pub after: Option<u32>,
}

/// Classifies the pieces of one inline row. A break that ends one side only counts as a change
/// on that side.
fn inline_kind(pieces: &[Piece<'_>]) -> RowKind {
    let (mut del, mut ins, mut eq) = (false, false, false);
    for p in pieces {
        match (p.ends_before, p.ends_after) {
            (true, true) => eq = true,
            (true, false) => del = true,
            (false, true) => ins = true,
            (false, false) => match p.kind {
                OpKind::Equal => eq |= !is_blank(p.text),
                OpKind::Insert => ins = true,
                OpKind::Delete => del = true,
            },
        }
    }
    match (del, ins, eq) {
        (false, false, _) => RowKind::Unchanged,
        (false, true, false) => RowKind::Added,
        (true, false, false) => RowKind::Removed,
        _ => RowKind::Changed,
    }
}

/// The rows of the inline layout. Line numbers start at `first` (before, after).
pub(super) fn inline_rows(pieces: &[Piece<'_>], first: (u32, u32)) -> Vec<InlineRow> {
    let mut rows = Vec::new();
    let (mut before, mut after) = first;
    let (mut before_shown, mut after_shown) = (false, false);
    let mut start = 0;
    for (i, p) in pieces.iter().enumerate() {
        if !p.is_break() && i + 1 != pieces.len() {
            continue;
        }
        let range = start..i + 1;
        let kind = inline_kind(pieces.get(range.clone()).unwrap_or_default());
        let show_before = kind != RowKind::Added && !before_shown;
        let show_after = kind != RowKind::Removed && !after_shown;
        before_shown |= show_before;
        after_shown |= show_after;
        rows.push(InlineRow {
            pieces: range,
            kind,
            before: show_before.then_some(before),
            after: show_after.then_some(after),
        });
        if p.ends_before {
            before = before.saturating_add(1);
            before_shown = false;
        }
        if p.ends_after {
            after = after.saturating_add(1);
            after_shown = false;
        }
        start = i + 1;
    }
    rows
}

/// One side's line in the split layout: from its first piece to its break (or the end). The
/// range also holds the other side's pieces in between, which that side skips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub pieces: Range<usize>,
    pub number: u32,
}

/// One row of the split layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SplitRow {
    pub before: Option<Line>,
    pub after: Option<Line>,
    pub kind: RowKind,
}

/// The lines of each side between two anchors, and the links between them.
#[derive(Default)]
struct Chunk {
    before: Vec<Line>,
    after: Vec<Line>,
    /// (before line, after line) indices into this chunk, in order.
    links: Vec<(usize, usize)>,
}

/// The rows of the split layout. Line numbers start at `first` (before, after).
pub(super) fn split_rows(pieces: &[Piece<'_>], first: (u32, u32)) -> Vec<SplitRow> {
    let mut rows = Vec::new();
    let mut chunk = Chunk::default();
    let (mut before, mut after) = first;
    let (mut before_start, mut after_start) = (None, None);
    for (i, p) in pieces.iter().enumerate() {
        if p.on_before() && before_start.is_none() {
            before_start = Some(i);
        }
        if p.on_after() && after_start.is_none() {
            after_start = Some(i);
        }
        if p.links() {
            chunk.links.push((chunk.before.len(), chunk.after.len()));
        }
        if p.ends_before {
            let start = before_start.take().unwrap_or(i);
            chunk.before.push(Line {
                pieces: start..i + 1,
                number: before,
            });
            before = before.saturating_add(1);
        }
        if p.ends_after {
            let start = after_start.take().unwrap_or(i);
            chunk.after.push(Line {
                pieces: start..i + 1,
                number: after,
            });
            after = after.saturating_add(1);
        }
        if p.ends_before && p.ends_after {
            // The anchor itself ties the two lines it ends.
            if let (Some(b), Some(a)) = (
                chunk.before.len().checked_sub(1),
                chunk.after.len().checked_sub(1),
            ) {
                chunk.links.push((b, a));
            }
            pair(std::mem::take(&mut chunk), pieces, &mut rows);
        }
    }
    // The last line of each side, when the text does not end with a break.
    if let Some(start) = before_start {
        chunk.before.push(Line {
            pieces: start..pieces.len(),
            number: before,
        });
    }
    if let Some(start) = after_start {
        chunk.after.push(Line {
            pieces: start..pieces.len(),
            number: after,
        });
    }
    pair(chunk, pieces, &mut rows);
    rows
}

/// Pairs one chunk's lines into rows (see the module docs).
fn pair(chunk: Chunk, pieces: &[Piece<'_>], rows: &mut Vec<SplitRow>) {
    let Chunk {
        before,
        after,
        links,
    } = chunk;
    let mut before = before.into_iter();
    let mut after = after.into_iter();
    // The next line of each side not yet in a row.
    let (mut free_before, mut free_after) = (0, 0);
    for (b, a) in links {
        // Links are in order on both sides; one whose line is taken is skipped.
        let (Some(skip_before), Some(skip_after)) =
            (b.checked_sub(free_before), a.checked_sub(free_after))
        else {
            continue;
        };
        face_in_order(
            &mut before,
            skip_before,
            &mut after,
            skip_after,
            pieces,
            rows,
        );
        push_row(before.next(), after.next(), pieces, rows);
        free_before = b + 1;
        free_after = a + 1;
    }
    face_in_order(
        &mut before,
        usize::MAX,
        &mut after,
        usize::MAX,
        pieces,
        rows,
    );
}

/// The next `n_before` and `n_after` lines face each other in order; the longer side's extra
/// lines face empty cells.
fn face_in_order(
    before: &mut impl Iterator<Item = Line>,
    n_before: usize,
    after: &mut impl Iterator<Item = Line>,
    n_after: usize,
    pieces: &[Piece<'_>],
    rows: &mut Vec<SplitRow>,
) {
    let mut before = before.take(n_before);
    let mut after = after.take(n_after);
    loop {
        let (b, a) = (before.next(), after.next());
        if b.is_none() && a.is_none() {
            break;
        }
        push_row(b, a, pieces, rows);
    }
}

fn push_row(
    before: Option<Line>,
    after: Option<Line>,
    pieces: &[Piece<'_>],
    rows: &mut Vec<SplitRow>,
) {
    let kind = match (&before, &after) {
        (Some(b), Some(a)) if same_line(pieces, b, a) => RowKind::Unchanged,
        (Some(_), Some(_)) => RowKind::Changed,
        (Some(_), None) => RowKind::Removed,
        (None, _) => RowKind::Added,
    };
    if before.is_some() || after.is_some() {
        rows.push(SplitRow {
            before,
            after,
            kind,
        });
    }
}

/// Whether two lines read the same: the same text, and each ends with a break or neither does.
/// Usually they are the very same equal pieces; when a diff moved an equal run of text across an
/// insertion (indentation, say), the texts still match and the row shows as unchanged.
fn same_line(pieces: &[Piece<'_>], before: &Line, after: &Line) -> bool {
    let of = |line: &Line| pieces.get(line.pieces.clone()).unwrap_or_default();
    let (b, a) = (of(before), of(after));
    if before.pieces == after.pieces {
        return b.iter().all(|p| p.kind == OpKind::Equal);
    }
    let ends = |line: &[Piece<'_>], side: fn(&Piece<'_>) -> bool| {
        line.last().is_some_and(|p| p.is_break() && side(p))
    };
    ends(b, |p| p.ends_before) == ends(a, |p| p.ends_after)
        && b.iter()
            .filter(|p| !p.is_break() && p.kind != OpKind::Insert)
            .flat_map(|p| p.text.chars())
            .eq(a
                .iter()
                .filter(|p| !p.is_break() && p.kind != OpKind::Delete)
                .flat_map(|p| p.text.chars()))
}

/// Which rows to show: every row within `context` rows of an interesting one (a change or an
/// issue). A hidden run of a single row is shown instead, since its fold row would take the
/// same room. Without any interesting row, everything is shown: a fold needs a change to fold
/// around.
pub(super) fn visible(interesting: &[bool], context: usize) -> Vec<bool> {
    let n = interesting.len();
    if !interesting.contains(&true) {
        return vec![true; n];
    }
    // Distance to the nearest interesting row, from both directions.
    let mut distance = vec![usize::MAX; n];
    let mut last = None;
    for (i, (&hit, d)) in interesting.iter().zip(distance.iter_mut()).enumerate() {
        if hit {
            last = Some(i);
        }
        if let Some(l) = last {
            *d = i - l;
        }
    }
    let mut next = None;
    for (i, (&hit, d)) in interesting
        .iter()
        .zip(distance.iter_mut())
        .enumerate()
        .rev()
    {
        if hit {
            next = Some(i);
        }
        if let Some(x) = next {
            *d = (*d).min(x - i);
        }
    }
    let mut show: Vec<bool> = distance.iter().map(|&d| d <= context).collect();
    // A lone hidden row between shown ones (or at an end) is shown.
    for i in 0..n {
        let hidden = |j: Option<usize>| j.and_then(|j| show.get(j)).is_some_and(|s| !s);
        if hidden(Some(i)) && !hidden(i.checked_sub(1)) && !hidden(i.checked_add(1)) {
            if let Some(s) = show.get_mut(i) {
                *s = true;
            }
        }
    }
    show
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(op: OpKind, text: &str) -> DiffOp {
        DiffOp {
            op,
            text: text.into(),
        }
    }
    use OpKind::{Delete as D, Equal as E, Insert as I};

    /// Each row as `before | after` with `-`/`+` marks on changed text; `.` for no line.
    fn split_view(ops: &[DiffOp]) -> Vec<String> {
        let p = pieces(ops);
        split_rows(&p.list, (1, 1))
            .iter()
            .map(|row| {
                let side = |line: &Option<Line>, keep: OpKind, on: fn(&Piece<'_>) -> bool| {
                    line.as_ref().map_or(".".to_string(), |l| {
                        let mut s = format!("{}:", l.number);
                        for p in &p.list[l.pieces.clone()] {
                            if on(p) && !p.is_break() {
                                if p.kind == keep {
                                    s.push_str(&format!("[{}]", p.text));
                                } else {
                                    s.push_str(p.text);
                                }
                            }
                        }
                        s.replace("][", "")
                    })
                };
                format!(
                    "{:?} {} | {}",
                    row.kind,
                    side(&row.before, D, |p| p.on_before()),
                    side(&row.after, I, |p| p.on_after())
                )
            })
            .collect()
    }

    #[test]
    fn breaks_count_per_side() {
        // A deleted `\r` before an equal `\n`: before has `\r\n`, after has `\n`; one break each.
        let ops = [op(E, "a"), op(D, "\r"), op(E, "\nb")];
        let p = pieces(&ops);
        let breaks: Vec<_> = p
            .list
            .iter()
            .filter(|p| p.is_break())
            .map(|p| (p.kind, p.ends_before, p.ends_after))
            .collect();
        assert_eq!(breaks, [(D, true, false), (E, false, true)]);
        assert_eq!(p.after_len, 3);
        // `\r\n` inside one op is one break; a lone `\r` is one too.
        let ops = [op(E, "a\r\nb\rc\n")];
        let p = pieces(&ops);
        assert_eq!(p.list.iter().filter(|p| p.is_break()).count(), 3);
        assert_eq!(p.after_len, 7);
    }

    #[test]
    fn after_offsets_are_utf16() {
        let ops = [op(E, "😀 "), op(D, "x"), op(I, "é\n"), op(E, "z")];
        let p = pieces(&ops);
        let at: Vec<_> = p.list.iter().map(|p| (p.text, p.after_at)).collect();
        assert_eq!(at, [("😀 ", 0), ("x", 3), ("é", 3), ("", 4), ("z", 5)]);
    }

    #[test]
    fn split_pairs_lines_like_a_code_review() {
        // Row by row: (ops, expected rows).
        let cases: &[(&[DiffOp], &[&str])] = &[
            // A changed word: the line faces its counterpart.
            (
                &[op(E, "a\nb "), op(D, "x"), op(I, "y"), op(E, " c\nd")],
                &[
                    "Unchanged 1:a | 1:a",
                    "Changed 2:b [x] c | 2:b [y] c",
                    "Unchanged 3:d | 3:d",
                ],
            ),
            // An inserted line faces an empty row, even when the diff slid the insertion to
            // start after the next line's indentation.
            (
                &[op(E, "a\n  "), op(I, "<x/>\n  "), op(E, "<y/>\n")],
                &[
                    "Unchanged 1:a | 1:a",
                    "Added . | 2:[  <x/>]",
                    "Unchanged 2:  <y/> | 3:  <y/>",
                ],
            ),
            // A removed line faces an empty row.
            (
                &[op(E, "a\n"), op(D, "gone\n"), op(E, "b")],
                &[
                    "Unchanged 1:a | 1:a",
                    "Removed 2:[gone] | .",
                    "Unchanged 3:b | 2:b",
                ],
            ),
            // Rewritten lines with nothing in common face each other in order, except that the
            // lines ending at a shared line break face each other.
            (
                &[op(D, "p\nq"), op(I, "r\ns\nt"), op(E, "\n")],
                &[
                    "Changed 1:[p] | 1:[r]",
                    "Added . | 2:[s]",
                    "Changed 2:[q] | 3:[t]",
                ],
            ),
            (
                &[op(D, "p\nq\n"), op(I, "r\ns\nt\n")],
                &[
                    "Changed 1:[p] | 1:[r]",
                    "Changed 2:[q] | 2:[s]",
                    "Added . | 3:[t]",
                ],
            ),
            // A line split in two: the first half faces the line, the second an empty row.
            (
                &[op(E, "one"), op(D, " "), op(I, "\n"), op(E, "two")],
                &["Changed 1:one[ ]two | 1:one", "Added . | 2:two"],
            ),
            // An inserted line before a changed one: the change still faces its counterpart.
            (
                &[op(I, "new\n"), op(D, "x"), op(I, "y"), op(E, "\n")],
                &["Added . | 1:[new]", "Changed 1:[x] | 2:[y]"],
            ),
            // Only an insertion (an added section).
            (
                &[op(I, "<a>\n</a>")],
                &["Added . | 1:[<a>]", "Added . | 2:[</a>]"],
            ),
        ];
        for (ops, expected) in cases {
            assert_eq!(split_view(ops), *expected, "{ops:?}");
        }
    }

    #[test]
    fn inline_rows_number_each_line_once() {
        let ops = [
            op(E, "a\n  "),
            op(I, "<x/>\n  "),
            op(E, "<y/> "),
            op(D, "p"),
            op(E, "\n"),
        ];
        let p = pieces(&ops);
        let rows: Vec<_> = inline_rows(&p.list, (10, 20))
            .into_iter()
            .map(|r| (r.kind, r.before, r.after))
            .collect();
        assert_eq!(
            rows,
            [
                (RowKind::Unchanged, Some(10), Some(20)),
                (RowKind::Added, None, Some(21)),
                (RowKind::Changed, Some(11), Some(22)),
            ]
        );
    }

    #[test]
    fn folding_keeps_context_and_never_folds_one_row() {
        let f = |s: &str, context| -> String {
            let hits: Vec<bool> = s.chars().map(|c| c == 'x').collect();
            visible(&hits, context)
                .iter()
                .map(|&v| if v { 'v' } else { '-' })
                .collect()
        };
        assert_eq!(f("....x.....", 1), "---vvv----");
        assert_eq!(f("..x..x..", 0), "--x--x--".replace('x', "v"));
        // A single hidden row between two shown ones is shown.
        assert_eq!(f("x...x", 1), "vvvvv");
        assert_eq!(f(".x", 0), "vv");
        assert_eq!(f(".....", 0), "vvvvv");
        assert_eq!(f("x.......", usize::MAX), "vvvvvvvv");
    }
}
