//! Building a merged text out of kept pieces of the before text and new text, and the edits
//! that turn the before text into it.
//!
//! The merge (`super::merge`) says, piece by piece in the order of the result, either "keep
//! these bytes of the before text" or "insert this text". Kept pieces come in increasing order of
//! position, so whatever lies between two of them (skipped before text, and the text inserted
//! there) is one edit. Edits therefore come out sorted, never overlap, never touch (two edits
//! with nothing kept between them are one), and never cut a kept piece. This file knows nothing
//! of sections or XML. Start at [`EditBuilder`].
//!
//! Cost: linear in the before text and the inserted text (one pass, then one UTF-16 index).

use std::ops::Range;

use crate::position::LineIndex;
use crate::protocol::{DiffOp, MergeResult, OpKind, TextEdit};

/// Collects kept ranges and insertions in result order; see the module docs.
pub(super) struct EditBuilder<'a> {
    before: &'a str,
    text: String,
    /// The end of the last kept range: where the edit being collected starts.
    cursor: usize,
    /// What the edit being collected inserts.
    pending: String,
    /// Edits in byte offsets of `before`.
    edits: Vec<(Range<usize>, String)>,
}

impl<'a> EditBuilder<'a> {
    pub(super) fn new(before: &'a str) -> Self {
        EditBuilder {
            before,
            text: String::with_capacity(before.len()),
            cursor: 0,
            pending: String::new(),
            edits: Vec::new(),
        }
    }

    /// Keeps `range` of the before text. Ranges must come in increasing order and on character
    /// boundaries, as the merge gives them; one that does not (it cannot happen with a diff that
    /// passed the merge's checks) is copied as inserted text, so the result is still right.
    pub(super) fn keep(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let Some(piece) = self.before.get(range.clone()) else {
            return;
        };
        if range.start < self.cursor {
            self.insert(piece);
            return;
        }
        self.flush(range.start);
        self.text.push_str(piece);
        self.cursor = range.end;
    }

    /// Inserts `text` here.
    pub(super) fn insert(&mut self, text: &str) {
        self.text.push_str(text);
        self.pending.push_str(text);
    }

    /// Applies word ops whose `equal` and `delete` texts are the before text from `start` on:
    /// `equal` is kept, `delete` skipped, `insert` inserted.
    pub(super) fn apply_ops(&mut self, start: usize, ops: &[DiffOp]) {
        let mut at = start;
        for op in ops {
            match op.op {
                OpKind::Equal => {
                    self.keep(at..at + op.text.len());
                    at += op.text.len();
                }
                OpKind::Delete => at += op.text.len(),
                OpKind::Insert => self.insert(&op.text),
            }
        }
    }

    /// Ends the edit being collected at `end` (where the next kept range starts), if there is
    /// one: something skipped or something inserted.
    fn flush(&mut self, end: usize) {
        if end > self.cursor || !self.pending.is_empty() {
            self.edits
                .push((self.cursor..end, std::mem::take(&mut self.pending)));
        }
    }

    /// The merged text and its edits, positions converted to UTF-16 units of the before text.
    pub(super) fn finish(mut self) -> MergeResult {
        self.flush(self.before.len());
        let index = LineIndex::new(self.before);
        let edits = self
            .edits
            .into_iter()
            .map(|(range, insert)| TextEdit {
                from: index.utf16_offset(range.start),
                to: index.utf16_offset(range.end),
                insert,
            })
            .collect();
        MergeResult {
            text: self.text,
            edits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(from: u32, to: u32, insert: &str) -> TextEdit {
        TextEdit {
            from,
            to,
            insert: insert.into(),
        }
    }

    #[test]
    fn what_lies_between_kept_pieces_is_one_edit() {
        let mut b = EditBuilder::new("one two three");
        b.keep(0..4);
        b.insert("2");
        b.insert("!");
        b.keep(7..13);
        let r = b.finish();
        assert_eq!(r.text, "one 2! three");
        assert_eq!(r.edits, vec![edit(4, 7, "2!")]);
    }

    #[test]
    fn keeping_everything_is_no_edit_and_nothing_kept_is_one() {
        let mut b = EditBuilder::new("abc");
        b.keep(0..1);
        b.keep(1..3);
        assert!(b.finish().edits.is_empty());
        let mut b = EditBuilder::new("abc");
        b.insert("x");
        let r = b.finish();
        assert_eq!((r.text.as_str(), r.edits), ("x", vec![edit(0, 3, "x")]));
    }

    #[test]
    fn positions_are_utf16_units() {
        // The emoji is four bytes and two units: bytes 6..8 (" b") are units 4..6.
        let mut b = EditBuilder::new("\u{1F600} a b");
        b.keep(0..6);
        b.insert("c");
        let r = b.finish();
        assert_eq!(r.text, "\u{1F600} ac");
        assert_eq!(r.edits, vec![edit(4, 6, "c")]);
    }

    #[test]
    fn a_range_out_of_order_is_copied_not_lost() {
        let mut b = EditBuilder::new("abcd");
        b.keep(2..4);
        b.keep(0..1);
        let r = b.finish();
        assert_eq!(r.text, "cda");
        assert_eq!(r.edits, vec![edit(0, 2, ""), edit(4, 4, "a")]);
    }
}
