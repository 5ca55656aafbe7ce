//! The exact longest common subsequence by dynamic programming: a table of the LCS length of
//! every pair of suffixes, then one walk from the front that follows it. `O(n · m)` time and
//! cells, so only for small inputs:
//! - [`diff`], the whole diff (`Method::Lcs`), which `super::super::ops` picks up to 16,384
//!   cells, where it beats Myers' set-up;
//! - [`small_side`], the fallback Myers takes for a side of at most 64 tokens against 512 or
//!   more, where the table is narrow (one byte a cell) and Myers' `d` would be large.
//!
//! The walks break ties as `similar`'s (3.x) LCS and small-side diff do, so the ops are theirs.
//! (`similar`'s LCS also replaces two near-disjoint sides of 512+ tokens wholesale without a
//! table; this one is exact at every size, and the two agree at the sizes `ops` uses.)

use std::ops::Range;

use super::{common_prefix, common_suffix, DiffOp};

/// The narrow side of [`small_side`] has at most this many tokens (so a length fits a `u8`).
const SMALL_MAX: usize = 64;
/// The wide side of [`small_side`] has at least this many tokens.
const SMALL_MIN_LARGE: usize = 512;
/// And the table at most this many cells.
const SMALL_MAX_CELLS: usize = 64_000_000;

/// Appends the ops of `old` against `new` to `ops`: common ends, then one token at a time.
pub(super) fn diff(old: &[u32], new: &[u32], ops: &mut Vec<DiffOp>) {
    let (n, m) = (old.len(), new.len());
    if n == 0 && m == 0 {
        return;
    } else if m == 0 {
        ops.push(DiffOp::delete(0, n, 0));
        return;
    } else if n == 0 {
        ops.push(DiffOp::insert(0, 0, m));
        return;
    }
    let prefix = common_prefix(old, new);
    if prefix == n && n == m {
        ops.push(DiffOp::equal(0, 0, n));
        return;
    }
    let suffix = common_suffix(
        old.get(prefix..).unwrap_or_default(),
        new.get(prefix..).unwrap_or_default(),
    );
    let a = old.get(prefix..n - suffix).unwrap_or_default();
    let b = new.get(prefix..m - suffix).unwrap_or_default();
    if prefix > 0 {
        ops.push(DiffOp::equal(0, 0, prefix));
    }
    let (mut i, mut j) = (0, 0);
    if !a.is_empty() && !b.is_empty() {
        // lcs[j * width + i]: the LCS length of a[i..] and b[j..].
        let width = a.len() + 1;
        let mut lcs = vec![0u32; width * (b.len() + 1)];
        for (j, &y) in b.iter().enumerate().rev() {
            for (i, &x) in a.iter().enumerate().rev() {
                let cell = if x == y {
                    at(&lcs, (j + 1) * width + i + 1) + 1
                } else {
                    at(&lcs, (j + 1) * width + i).max(at(&lcs, j * width + i + 1))
                };
                if let Some(c) = lcs.get_mut(j * width + i) {
                    *c = cell;
                }
            }
        }
        while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
            let (o, w) = (prefix + i, prefix + j);
            if x == y {
                ops.push(DiffOp::equal(o, w, 1));
                (i, j) = (i + 1, j + 1);
            } else if at(&lcs, j * width + i + 1) >= at(&lcs, (j + 1) * width + i) {
                ops.push(DiffOp::delete(o, 1, w));
                i += 1;
            } else {
                ops.push(DiffOp::insert(o, w, 1));
                j += 1;
            }
        }
    }
    if i < a.len() {
        ops.push(DiffOp::delete(prefix + i, a.len() - i, prefix + j));
        i = a.len();
    }
    if j < b.len() {
        ops.push(DiffOp::insert(prefix + i, prefix + j, b.len() - j));
    }
    if suffix > 0 {
        ops.push(DiffOp::equal(n - suffix, m - suffix, suffix));
    }
}

/// A table cell (0 outside the table, which the walks never read).
fn at<T: Copy + Default>(table: &[T], index: usize) -> T {
    table.get(index).copied().unwrap_or_default()
}

/// When one of `old[old_range]` and `new[new_range]` has at most [`SMALL_MAX`] tokens and the
/// other at least [`SMALL_MIN_LARGE`], appends their exact ops to `ops` and says so.
pub(super) fn small_side(
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
    ops: &mut Vec<DiffOp>,
) -> bool {
    let (n, m) = (old_range.len(), new_range.len());
    let (small, large) = (n.min(m), n.max(m));
    if small == 0
        || small > SMALL_MAX
        || large < SMALL_MIN_LARGE
        || n.saturating_mul(m) > SMALL_MAX_CELLS
    {
        return false;
    }
    let (Some(a), Some(b)) = (old.get(old_range.clone()), new.get(new_range.clone())) else {
        return false;
    };
    let starts = (old_range.start, new_range.start);
    if n <= m {
        Table::new(a, b, true, starts).walk(ops);
    } else {
        Table::new(b, a, false, starts).walk(ops);
    }
    true
}

/// The small side's table: rows for the narrow side, columns for the wide one.
struct Table<'a> {
    rows: &'a [u32],
    cols: &'a [u32],
    /// `lcs[i * width + j]`: the LCS length of `rows[i..]` and `cols[j..]`.
    lcs: Vec<u8>,
    width: usize,
    /// Whether the rows are the old side.
    rows_are_old: bool,
    /// Where the old and the new range start.
    starts: (usize, usize),
}

impl<'a> Table<'a> {
    fn new(rows: &'a [u32], cols: &'a [u32], rows_are_old: bool, starts: (usize, usize)) -> Self {
        let width = cols.len() + 1;
        let mut lcs = vec![0u8; width * (rows.len() + 1)];
        for (i, &x) in rows.iter().enumerate().rev() {
            for (j, &y) in cols.iter().enumerate().rev() {
                let cell = if x == y {
                    at(&lcs, (i + 1) * width + j + 1).saturating_add(1)
                } else {
                    at(&lcs, (i + 1) * width + j).max(at(&lcs, i * width + j + 1))
                };
                if let Some(c) = lcs.get_mut(i * width + j) {
                    *c = cell;
                }
            }
        }
        Table {
            rows,
            cols,
            lcs,
            width,
            rows_are_old,
            starts,
        }
    }

    fn cell(&self, i: usize, j: usize) -> u8 {
        at(&self.lcs, i * self.width + j)
    }

    /// Whether `rows[i]` and `cols[j]` match on a longest common subsequence.
    fn matches(&self, i: usize, j: usize) -> bool {
        self.rows
            .get(i)
            .is_some_and(|x| self.cols.get(j) == Some(x))
            && self.cell(i, j) == self.cell(i + 1, j + 1).saturating_add(1)
    }

    /// Whether skipping `rows[i]` keeps a longest common subsequence (preferred on a tie).
    fn skip_row(&self, i: usize, j: usize) -> bool {
        self.cell(i + 1, j) >= self.cell(i, j + 1)
    }

    /// An op over `rows_len` tokens of the rows from `i` and `cols_len` of the columns from `j`
    /// (one of them 0 unless both are equal).
    fn op(&self, i: usize, rows_len: usize, j: usize, cols_len: usize) -> DiffOp {
        let (o, w) = self.starts;
        match (self.rows_are_old, rows_len, cols_len) {
            (true, r, 0) => DiffOp::delete(o + i, r, w + j),
            (true, 0, c) => DiffOp::insert(o + i, w + j, c),
            (true, r, _) => DiffOp::equal(o + i, w + j, r),
            (false, r, 0) => DiffOp::insert(o + j, w + i, r),
            (false, 0, c) => DiffOp::delete(o + j, c, w + i),
            (false, r, _) => DiffOp::equal(o + j, w + i, r),
        }
    }

    /// The walk from the front: runs of matches, then runs of skipped rows (ties) or columns.
    fn walk(&self, ops: &mut Vec<DiffOp>) {
        let (n, m) = (self.rows.len(), self.cols.len());
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            let (i0, j0) = (i, j);
            if self.matches(i, j) {
                while i < n && j < m && self.matches(i, j) {
                    (i, j) = (i + 1, j + 1);
                }
                ops.push(self.op(i0, i - i0, j0, j - j0));
            } else if self.skip_row(i, j) {
                while i < n && !self.matches(i, j) && self.skip_row(i, j) {
                    i += 1;
                }
                ops.push(self.op(i0, i - i0, j, 0));
            } else {
                while j < m && !self.matches(i, j) && !self.skip_row(i, j) {
                    j += 1;
                }
                ops.push(self.op(i, 0, j0, j - j0));
            }
        }
        if i < n {
            ops.push(self.op(i, n - i, j, 0));
        }
        if j < m {
            ops.push(self.op(i, 0, j, m - j));
        }
    }
}
