//! What happens to a raw edit script before it is used, as `similar`'s (3.x) `Compact` and
//! `Replace` hooks do it:
//! - [`compact`] slides each deletion, then each insertion, up and then down over the equal
//!   tokens around it, where the tokens it moves over are the same, so that changes an equal run
//!   separates only by chance join up (a deletion slides only to join another deletion). Diffy's
//!   compaction, by Brandon Williams. The ops live in a gap buffer, so every edit next to the
//!   cursor is `O(1)` and a pass is `O(ops + tokens slid)`;
//! - [`merge_replaces`] joins each run of equal ops into one, and the deletions and insertions
//!   between two of them into one replace (or one delete, or one insert). `O(ops)`.

use super::{common_prefix, common_suffix, part, DiffOp, DiffTag};

/// Compacts `ops`, the edit script of `old` against `new`, in place.
pub(super) fn compact(old: &[u32], new: &[u32], ops: &mut Vec<DiffOp>) {
    let mut buffer = GapBuffer {
        front: Vec::with_capacity(ops.len()),
        back: std::mem::take(ops),
    };
    buffer.back.reverse();
    let slide = Slide { old, new };
    for tag in [DiffTag::Delete, DiffTag::Insert] {
        let mut at = 0;
        buffer.seek(0);
        while let Some(op) = buffer.get(at) {
            if op.tag == tag {
                at = slide.up(&mut buffer, at);
                at = slide.down(&mut buffer, at);
            }
            at += 1;
            buffer.seek(at);
        }
    }
    buffer.front.extend(buffer.back.drain(..).rev());
    *ops = buffer.front;
    normalise(ops);
}

/// The ops as two stacks that meet at the cursor: `front` in order, `back` reversed (the op right
/// after the gap is its last element).
struct GapBuffer {
    front: Vec<DiffOp>,
    back: Vec<DiffOp>,
}

impl GapBuffer {
    fn len(&self) -> usize {
        self.front.len() + self.back.len()
    }

    /// Moves the gap to just before op `at`.
    fn seek(&mut self, at: usize) {
        let at = at.min(self.len());
        while self.front.len() > at {
            self.back.extend(self.front.pop());
        }
        while self.front.len() < at {
            self.front.extend(self.back.pop());
        }
    }

    fn slot(&mut self, at: usize) -> Option<&mut DiffOp> {
        match at.checked_sub(self.front.len()) {
            None => self.front.get_mut(at),
            Some(behind) => {
                let index = self.back.len().checked_sub(behind + 1)?;
                self.back.get_mut(index)
            }
        }
    }

    fn get(&self, at: usize) -> Option<DiffOp> {
        match at.checked_sub(self.front.len()) {
            None => self.front.get(at).copied(),
            Some(behind) => {
                let index = self.back.len().checked_sub(behind + 1)?;
                self.back.get(index).copied()
            }
        }
    }

    fn tag(&self, at: Option<usize>) -> Option<DiffTag> {
        at.and_then(|at| self.get(at)).map(|op| op.tag)
    }

    fn edit(&mut self, at: usize, f: impl FnOnce(&mut DiffOp)) {
        if let Some(op) = self.slot(at) {
            f(op);
        }
    }

    fn insert(&mut self, at: usize, op: DiffOp) {
        self.seek(at);
        self.front.push(op);
    }

    fn remove(&mut self, at: usize) {
        self.seek(at);
        self.back.pop();
    }

    fn is_empty_at(&self, at: usize) -> bool {
        self.get(at)
            .is_some_and(|op| op.old_len == 0 && op.new_len == 0)
    }

    /// Swaps an insertion and a deletion at `left` and `left + 1`, keeping the positions of the
    /// empty side of each continuous.
    fn swap(&mut self, left: usize) {
        let (Some(l), Some(r)) = (self.get(left), self.get(left + 1)) else {
            return;
        };
        let (old_start, new_start) = (l.old_index, l.new_index);
        let (old_end, new_end) = (r.old_range().end, r.new_range().end);
        let place = |op: &mut DiffOp, old: usize, new: usize| match op.tag {
            DiffTag::Insert => op.old_index = old,
            DiffTag::Delete => op.new_index = new,
            _ => {}
        };
        self.edit(left, |op| {
            *op = r;
            place(op, old_start, new_start);
        });
        self.edit(left + 1, |op| {
            *op = l;
            place(op, old_end, new_end);
        });
    }
}

/// Which op gives the old tokens and which the new ones when a change slides over the equal run
/// beside it: an insertion (`this`) is compared with the run's old side, a deletion with its new
/// side. Returns `(old side, new side)`; `up` and `down` share it.
fn sides<'o>(this: &'o DiffOp, equal: &'o DiffOp) -> (&'o DiffOp, &'o DiffOp) {
    if this.tag == DiffTag::Insert {
        (equal, this)
    } else {
        (this, equal)
    }
}

/// How an op's ranges move: `at` shifts both starts, `len` the length of the side(s) it covers.
fn adjust(op: &mut DiffOp, at: isize, len: isize) {
    let add = |v: usize, by: isize| v.saturating_add_signed(by);
    op.old_index = add(op.old_index, at);
    op.new_index = add(op.new_index, at);
    if op.tag != DiffTag::Insert {
        op.old_len = add(op.old_len, len);
    }
    if op.tag != DiffTag::Delete {
        op.new_len = add(op.new_len, len);
    }
}

/// The sequences the slides compare.
struct Slide<'a> {
    old: &'a [u32],
    new: &'a [u32],
}

impl Slide<'_> {
    /// Slides the change at `at` up over the equal tokens before it, merging it with the changes
    /// it meets; returns where it ends.
    fn up(&self, ops: &mut GapBuffer, mut at: usize) -> usize {
        while let Some(prev) = at.checked_sub(1).and_then(|p| ops.get(p)) {
            let Some(this) = ops.get(at) else {
                break;
            };
            match (this.tag, prev.tag) {
                (DiffTag::Insert | DiffTag::Delete, DiffTag::Equal) => {
                    // A deletion only slides to join another deletion.
                    if this.tag == DiffTag::Delete
                        && ops.tag(at.checked_sub(2)) != Some(DiffTag::Delete)
                    {
                        break;
                    }
                    let (old, new) = sides(&this, &prev);
                    let shift = common_suffix(
                        part(self.old, old.old_range()),
                        part(self.new, new.new_range()),
                    );
                    if shift > 0 {
                        let s = shift as isize;
                        if ops.tag(Some(at + 1)) == Some(DiffTag::Equal) {
                            ops.edit(at + 1, |op| adjust(op, -s, s));
                        } else {
                            let (old_end, new_end) = (old.old_range().end, new.new_range().end);
                            ops.insert(
                                at + 1,
                                DiffOp::equal(old_end - shift, new_end - shift, shift),
                            );
                        }
                        ops.edit(at, |op| adjust(op, -s, 0));
                        ops.edit(at - 1, |op| adjust(op, 0, -s));
                        if ops.is_empty_at(at - 1) {
                            ops.remove(at - 1);
                            at -= 1;
                        }
                    } else if ops.is_empty_at(at - 1) {
                        ops.remove(at - 1);
                        at -= 1;
                    } else {
                        break;
                    }
                }
                (DiffTag::Insert, DiffTag::Delete) | (DiffTag::Delete, DiffTag::Insert) => {
                    ops.swap(at - 1);
                    at -= 1;
                }
                (DiffTag::Insert, DiffTag::Insert) | (DiffTag::Delete, DiffTag::Delete) => {
                    let grow = (this.old_len + this.new_len) as isize;
                    ops.edit(at - 1, |op| adjust(op, 0, grow));
                    ops.remove(at);
                    at -= 1;
                }
                _ => break,
            }
        }
        at
    }

    /// Slides the change at `at` down over the equal tokens after it, merging it with the
    /// changes it meets; returns where it ends.
    fn down(&self, ops: &mut GapBuffer, mut at: usize) -> usize {
        while let Some(next) = ops.get(at + 1) {
            let Some(this) = ops.get(at) else {
                break;
            };
            match (this.tag, next.tag) {
                (DiffTag::Insert | DiffTag::Delete, DiffTag::Equal) => {
                    if this.tag == DiffTag::Delete && ops.tag(Some(at + 2)) != Some(DiffTag::Delete)
                    {
                        break;
                    }
                    let (old, new) = sides(&this, &next);
                    let shift = common_prefix(
                        part(self.old, old.old_range()),
                        part(self.new, new.new_range()),
                    );
                    if shift > 0 {
                        let s = shift as isize;
                        if ops.tag(at.checked_sub(1)) == Some(DiffTag::Equal) {
                            ops.edit(at - 1, |op| adjust(op, 0, s));
                        } else {
                            ops.insert(at, DiffOp::equal(old.old_index, this.new_index, shift));
                            at += 1;
                        }
                        ops.edit(at, |op| adjust(op, s, 0));
                        ops.edit(at + 1, |op| adjust(op, s, -s));
                        if ops.is_empty_at(at + 1) {
                            ops.remove(at + 1);
                        }
                    } else if ops.is_empty_at(at + 1) {
                        ops.remove(at + 1);
                    } else {
                        break;
                    }
                }
                (DiffTag::Insert, DiffTag::Delete) | (DiffTag::Delete, DiffTag::Insert) => {
                    ops.swap(at);
                    at += 1;
                }
                (DiffTag::Insert, DiffTag::Insert) | (DiffTag::Delete, DiffTag::Delete) => {
                    let grow = (next.old_len + next.new_len) as isize;
                    ops.edit(at, |op| adjust(op, 0, grow));
                    ops.remove(at + 1);
                }
                _ => break,
            }
        }
        at
    }
}

/// Gives each deletion the new position and each insertion the old position where it happens,
/// from the ops before it.
fn normalise(ops: &mut [DiffOp]) {
    let Some(first) = ops.first() else {
        return;
    };
    let (mut old, mut new) = (first.old_index, first.new_index);
    for op in ops {
        match op.tag {
            DiffTag::Delete => op.new_index = new,
            DiffTag::Insert => op.old_index = old,
            DiffTag::Equal | DiffTag::Replace => {}
        }
        old = op.old_range().end;
        new = op.new_range().end;
    }
}

/// The ops with each run of equal ops joined, and the changes between two equal runs joined into
/// one replace, delete or insert.
pub(super) fn merge_replaces(ops: &[DiffOp]) -> Vec<DiffOp> {
    let mut out = Vec::with_capacity(ops.len());
    let mut equal: Option<DiffOp> = None;
    let mut deleted: Option<DiffOp> = None;
    let mut inserted: Option<DiffOp> = None;
    let flush_changes = |out: &mut Vec<DiffOp>,
                         deleted: &mut Option<DiffOp>,
                         inserted: &mut Option<DiffOp>| {
        match (deleted.take(), inserted.take()) {
            (Some(d), Some(i)) => out.push(DiffOp {
                tag: DiffTag::Replace,
                old_index: d.old_index,
                old_len: d.old_len,
                new_index: i.new_index,
                new_len: i.new_len,
            }),
            (Some(one), None) | (None, Some(one)) => out.push(one),
            (None, None) => {}
        }
    };
    for &op in ops {
        match op.tag {
            DiffTag::Equal => {
                flush_changes(&mut out, &mut deleted, &mut inserted);
                match &mut equal {
                    Some(e) => {
                        e.old_len += op.old_len;
                        e.new_len += op.new_len;
                    }
                    None => equal = Some(op),
                }
            }
            DiffTag::Delete | DiffTag::Insert => {
                out.extend(equal.take());
                let run = if op.tag == DiffTag::Delete {
                    &mut deleted
                } else {
                    &mut inserted
                };
                match run {
                    Some(r) => {
                        r.old_len += op.old_len;
                        r.new_len += op.new_len;
                    }
                    None => *run = Some(op),
                }
            }
            // Compaction never writes a replace.
            DiffTag::Replace => {
                out.extend(equal.take());
                out.push(op);
            }
        }
    }
    out.extend(equal.take());
    flush_changes(&mut out, &mut deleted, &mut inserted);
    out
}
