//! Myers' diff (*An O(ND) Difference Algorithm and Its Variations*, 1986), the linear-space
//! divide-and-conquer form: find the middle snake of a shortest edit path by searching from both
//! corners at once, then diff the two halves. `O((n + m) · d)` time for `d` differences,
//! `O(n + m)` space (two diagonal vectors, reused by every level of the recursion).
//!
//! The policy around the search is `similar`'s (3.x), so the ops are the ones the crate got
//! from `similar` before; each step says what it costs:
//! - common leading and trailing tokens are cut off at every level, `O(n + m)`;
//! - before the first search, tokens that cannot match, and frequent ones among them, are set
//!   aside (`super::reduce`), so a mostly rewritten text searches only its anchors;
//! - when one side is at least twice the other, an anchor of 96+ equal tokens after a skip of
//!   at most 4 tokens of the longer side is taken at once ([`Search::front_anchor`]), `O(n + m)`;
//! - a side of at most 64 tokens against one of 512 or more is diffed exactly by table
//!   (`super::lcs::small_side`), `O(n · m)` with `n ≤ 64`;
//! - the top-level search is bounded, as git's xdiff bounds it: past 256 differences a snake of
//!   20+ tokens that made enough progress is taken as the split, and past
//!   `max(√(n + m), 256)` differences the furthest-reaching point is, so a hard input costs
//!   `O((n + m) · √(n + m))` and not `O((n + m)²)`. The result is then not always minimal.
//!   Once an exact middle snake is found, both halves are searched exactly.
//!
//! Start at [`diff`].

use std::ops::Range;

use super::{common_prefix, common_suffix, lcs, part, reduce, DiffOp};

/// Past this many differences, a long snake with enough progress is a good enough split.
const GOOD_SPLIT_MIN_COST: usize = 256;
/// The length from which a snake counts as long.
const GOOD_SPLIT_MIN_SNAKE: usize = 20;
/// A good split must have advanced more than this many tokens per difference.
const GOOD_SPLIT_PROGRESS: usize = 4;
/// The search limit is `max(√(n + m), this)` differences.
const MIN_MAX_COST: usize = 256;
/// How many tokens of the longer side the front anchor may skip.
const ANCHOR_MAX_SKIP: usize = 4;
/// How many equal tokens make a front anchor; eight times as many end the look for a better one.
const ANCHOR_MIN_COMMON: usize = 96;

/// Appends the ops of `old` against `new` (ids all below `distinct`) to `ops`: the raw edit
/// script, before compaction.
pub(super) fn diff(old: &[u32], new: &[u32], distinct: usize, ops: &mut Vec<DiffOp>) {
    let (prefix, suffix) = common_ends(old, new);
    let old_mid = prefix..old.len() - suffix;
    let new_mid = prefix..new.len() - suffix;
    let Some(reduced) = reduce::reduce(old, old_mid.clone(), new, new_mid.clone(), distinct) else {
        diff_trimmed(old, new, prefix, suffix, ops);
        return;
    };
    if prefix > 0 {
        ops.push(DiffOp::equal(0, 0, prefix));
    }
    // The search runs over the kept tokens only; its equal runs are the anchors, and what lies
    // between two anchors on each side is deleted and inserted.
    let mut inner = Vec::new();
    let (inner_prefix, inner_suffix) = common_ends(&reduced.old, &reduced.new);
    diff_trimmed(
        &reduced.old,
        &reduced.new,
        inner_prefix,
        inner_suffix,
        &mut inner,
    );
    reduced.map_back(&inner, old_mid, new_mid, ops);
    if suffix > 0 {
        ops.push(DiffOp::equal(
            old.len() - suffix,
            new.len() - suffix,
            suffix,
        ));
    }
}

/// How many tokens `old` and `new` have in common at the start, and then at the end.
fn common_ends(old: &[u32], new: &[u32]) -> (usize, usize) {
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(
        old.get(prefix..).unwrap_or_default(),
        new.get(prefix..).unwrap_or_default(),
    );
    (prefix, suffix)
}

/// Diffs `old` against `new` whose first `prefix` and last `suffix` tokens are known equal.
fn diff_trimmed(old: &[u32], new: &[u32], prefix: usize, suffix: usize, ops: &mut Vec<DiffOp>) {
    if prefix > 0 {
        ops.push(DiffOp::equal(0, 0, prefix));
    }
    let old_mid = prefix..old.len().saturating_sub(suffix).max(prefix);
    let new_mid = prefix..new.len().saturating_sub(suffix).max(prefix);
    if old_mid.is_empty() && new_mid.is_empty() {
        // Nothing changed between the ends.
    } else if old_mid.is_empty() {
        ops.push(DiffOp::insert(old_mid.start, new_mid.start, new_mid.len()));
    } else if new_mid.is_empty() {
        ops.push(DiffOp::delete(old_mid.start, old_mid.len(), new_mid.start));
    } else {
        let max_d = max_d(old_mid.len(), new_mid.len());
        let mut search = Search {
            old,
            new,
            forward: Diagonals::new(max_d),
            backward: Diagonals::new(max_d),
        };
        search.conquer(old_mid, new_mid, Mode::Bounded, ops);
    }
    if suffix > 0 {
        ops.push(DiffOp::equal(
            old.len() - suffix,
            new.len() - suffix,
            suffix,
        ));
    }
}

/// How far a middle-snake search may go before it settles for a good split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// With the search limits (the top level, and the side of a heuristic split still open).
    Bounded,
    /// To the exact middle snake.
    Exact,
}

/// Where a range pair is cut in two, and how each half is then searched.
#[derive(Debug, Clone, Copy)]
struct Split {
    /// Where the old range is cut.
    old: usize,
    /// Where the new range is cut.
    new: usize,
    /// How the half before the cut is searched.
    left: Mode,
    /// How the half after it is searched.
    right: Mode,
}

/// A split point found before the exact middle snake, relative to the searched ranges.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The point in the old range.
    old: usize,
    /// The point in the new range.
    new: usize,
    /// How far the point is along its search, in tokens of both sides.
    progress: usize,
    /// Found searching forward (the left half is then exact) or backward.
    forward: bool,
}

impl Candidate {
    /// The split at this point, in absolute positions: the half already searched to it is
    /// exact, the other half is still bounded.
    fn split(self, old_start: usize, new_start: usize) -> Split {
        let (left, right) = if self.forward {
            (Mode::Exact, Mode::Bounded)
        } else {
            (Mode::Bounded, Mode::Exact)
        };
        Split {
            old: old_start + self.old,
            new: new_start + self.new,
            left,
            right,
        }
    }
}

/// Keeps `candidate` in `best` if it made more progress.
fn keep_best(best: &mut Option<Candidate>, candidate: Candidate) {
    if best.is_none_or(|b| candidate.progress > b.progress) {
        *best = Some(candidate);
    }
}

/// The furthest x of each diagonal `k = x - y`, for `k` in `-max_d..max_d`.
struct Diagonals {
    /// The index of diagonal 0.
    offset: isize,
    /// The x of each diagonal.
    x: Vec<usize>,
}

impl Diagonals {
    fn new(max_d: usize) -> Self {
        Diagonals {
            offset: isize::try_from(max_d).unwrap_or(isize::MAX),
            x: vec![0; 2 * max_d],
        }
    }

    fn get(&self, k: isize) -> usize {
        // Every diagonal read was written earlier in the same search (Myers' lemma), and all are
        // within the bounds the vector was sized for; 0 is never read.
        usize::try_from(k + self.offset)
            .ok()
            .and_then(|i| self.x.get(i))
            .copied()
            .unwrap_or(0)
    }

    fn set(&mut self, k: isize, x: usize) {
        if let Some(slot) = usize::try_from(k + self.offset)
            .ok()
            .and_then(|i| self.x.get_mut(i))
        {
            *slot = x;
        }
    }
}

/// The most differences a search of `n` against `m` tokens needs to meet in the middle, plus one.
fn max_d(n: usize, m: usize) -> usize {
    (n + m).div_ceil(2) + 1
}

/// Whether `(x, y)` is a split point that leaves both halves smaller than the whole.
fn is_interior(x: usize, y: usize, n: usize, m: usize) -> bool {
    x <= n && y <= m && (x, y) != (0, 0) && (x, y) != (n, m)
}

/// The point of diagonal `k` inside the `n × m` grid nearest to `x`, if the diagonal crosses it.
fn clamp_to_grid(x: usize, k: isize, n: usize, m: usize) -> Option<(usize, usize)> {
    if k < 0 && k.unsigned_abs() > m {
        return None;
    }
    let lo = usize::try_from(k).unwrap_or(0);
    let hi = if k >= 0 {
        n.min(m.saturating_add(k.unsigned_abs()))
    } else {
        n.min(m.saturating_sub(k.unsigned_abs()))
    };
    if lo > hi {
        return None;
    }
    let x = x.clamp(lo, hi);
    Some((x, x.wrapping_sub(k as usize)))
}

/// One diff's search state: both sequences and the two diagonal vectors.
struct Search<'a> {
    /// The old sequence.
    old: &'a [u32],
    /// The new sequence.
    new: &'a [u32],
    /// The furthest x reached on each diagonal from the top left corner.
    forward: Diagonals,
    /// The furthest distance reached on each diagonal from the bottom right corner.
    backward: Diagonals,
}

impl Search<'_> {
    /// Diffs `old` against `new` (ranges of the sequences) into `ops`.
    fn conquer(
        &mut self,
        mut old: Range<usize>,
        mut new: Range<usize>,
        mode: Mode,
        ops: &mut Vec<DiffOp>,
    ) {
        let prefix = common_prefix(part(self.old, old.clone()), part(self.new, new.clone()));
        if prefix > 0 {
            ops.push(DiffOp::equal(old.start, new.start, prefix));
        }
        old.start += prefix;
        new.start += prefix;
        let suffix = common_suffix(part(self.old, old.clone()), part(self.new, new.clone()));
        old.end -= suffix;
        new.end -= suffix;
        let suffix_at = (old.end, new.end);

        while !old.is_empty() && !new.is_empty() {
            let before = (old.start, new.start);
            self.front_anchor(&mut old, &mut new, ops);
            if (old.start, new.start) == before {
                break;
            }
        }

        if old.is_empty() && new.is_empty() {
            // Nothing left between the ends.
        } else if new.is_empty() {
            ops.push(DiffOp::delete(old.start, old.len(), new.start));
        } else if old.is_empty() {
            ops.push(DiffOp::insert(old.start, new.start, new.len()));
        } else if lcs::small_side(self.old, old.clone(), self.new, new.clone(), ops) {
            // The small side's table wrote the ops.
        } else if let Some(split) = self.middle_snake(old.clone(), new.clone(), mode) {
            self.conquer(old.start..split.old, new.start..split.new, split.left, ops);
            self.conquer(split.old..old.end, split.new..new.end, split.right, ops);
        } else {
            ops.push(DiffOp::delete(old.start, old.len(), new.start));
            ops.push(DiffOp::insert(old.start, new.start, new.len()));
        }

        if suffix > 0 {
            ops.push(DiffOp::equal(suffix_at.0, suffix_at.1, suffix));
        }
    }

    /// When one side is at least twice as long as the other (a large insertion or deletion at
    /// the front), skips up to [`ANCHOR_MAX_SKIP`] tokens of the longer side if that lines up a
    /// run of at least [`ANCHOR_MIN_COMMON`] equal tokens, and writes the skip and the run.
    /// Only the longer side is skipped, which keeps the result minimal on repetitive input.
    fn front_anchor(&self, old: &mut Range<usize>, new: &mut Range<usize>, ops: &mut Vec<DiffOp>) {
        let (n, m) = (old.len(), new.len());
        if n <= ANCHOR_MIN_COMMON || m <= ANCHOR_MIN_COMMON || n.max(m) < n.min(m).saturating_mul(2)
        {
            return;
        }
        let skip_new = m > n;
        let max_skip = n.max(m).saturating_sub(1).min(ANCHOR_MAX_SKIP);
        // The longest run wins; among equal runs, the smallest skip.
        let mut best: Option<(usize, usize)> = None;
        for skip in 1..=max_skip {
            let (o, w) = if skip_new { (0, skip) } else { (skip, 0) };
            let common = common_prefix(
                part(self.old, old.start + o..old.end),
                part(self.new, new.start + w..new.end),
            );
            if common < ANCHOR_MIN_COMMON {
                continue;
            }
            if best.is_none_or(|(_, c)| common > c) {
                best = Some((skip, common));
            }
            if common >= ANCHOR_MIN_COMMON * 8 {
                break;
            }
        }
        let Some((skip, common)) = best else {
            return;
        };
        let (o, w) = if skip_new {
            ops.push(DiffOp::insert(old.start, new.start, skip));
            (0, skip)
        } else {
            ops.push(DiffOp::delete(old.start, skip, new.start));
            (skip, 0)
        };
        ops.push(DiffOp::equal(old.start + o, new.start + w, common));
        old.start += o + common;
        new.start += w + common;
    }

    /// The split of `old` against `new`: the start of the middle snake of a shortest edit path
    /// (both halves then exact), or in [`Mode::Bounded`] a good or the furthest point once the
    /// search grows expensive. `None` when the bounded search found no interior point.
    fn middle_snake(&mut self, old: Range<usize>, new: Range<usize>, mode: Mode) -> Option<Split> {
        let (a, b) = (part(self.old, old.clone()), part(self.new, new.clone()));
        let (n, m) = (a.len(), b.len());
        let delta = n as isize - m as isize;
        let odd = delta & 1 == 1;
        self.forward.set(1, 0);
        self.backward.set(1, 0);
        let bounded = mode == Mode::Bounded;
        let max_cost = if bounded {
            (n + m).isqrt().max(MIN_MAX_COST)
        } else {
            usize::MAX
        };

        for d in 0..max_d(n, m) {
            let di = d as isize;
            let mut good = None;
            let mut forward_best = None;
            let mut backward_best = None;
            let track_limit = bounded && d >= max_cost;
            let track_good = bounded && d > GOOD_SPLIT_MIN_COST;

            let mut k = di;
            while k >= -di {
                let v = &self.forward;
                let x0 = if k == -di || (k != di && v.get(k - 1) < v.get(k + 1)) {
                    v.get(k + 1)
                } else {
                    v.get(k - 1) + 1
                };
                let y0 = x0.wrapping_sub(k as usize);
                let mut x = x0;
                if x < n && y0 < m {
                    x += common_prefix(
                        a.get(x..).unwrap_or_default(),
                        b.get(y0..).unwrap_or_default(),
                    );
                }
                self.forward.set(k, x);
                if odd && (k - delta).abs() < di && x + self.backward.get(delta - k) >= n {
                    return Some(Split {
                        old: old.start + x0,
                        new: new.start + y0,
                        left: Mode::Exact,
                        right: Mode::Exact,
                    });
                }
                if track_limit {
                    if let Some((so, sn)) = clamp_to_grid(x, k, n, m) {
                        if is_interior(so, sn, n, m) {
                            keep_best(
                                &mut forward_best,
                                Candidate {
                                    old: so,
                                    new: sn,
                                    progress: so + sn,
                                    forward: true,
                                },
                            );
                        }
                    }
                }
                // As in `similar`, the progress counts x after the snake and y before it.
                if track_good && x - x0 >= GOOD_SPLIT_MIN_SNAKE && x < n && y0 < m {
                    let progress = (x + y0).saturating_sub(k.unsigned_abs());
                    if progress > GOOD_SPLIT_PROGRESS * d && is_interior(x0, y0, n, m) {
                        keep_best(
                            &mut good,
                            Candidate {
                                old: x0,
                                new: y0,
                                progress,
                                forward: true,
                            },
                        );
                    }
                }
                k -= 2;
            }

            let mut k = di;
            while k >= -di {
                let v = &self.backward;
                let x0 = if k == -di || (k != di && v.get(k - 1) < v.get(k + 1)) {
                    v.get(k + 1)
                } else {
                    v.get(k - 1) + 1
                };
                let mut y = x0.wrapping_sub(k as usize);
                let mut x = x0;
                if x < n && y < m {
                    let advance = common_suffix(
                        a.get(..n - x).unwrap_or_default(),
                        b.get(..m - y).unwrap_or_default(),
                    );
                    x += advance;
                    y += advance;
                }
                self.backward.set(k, x);
                if !odd && (k - delta).abs() <= di && x + self.forward.get(delta - k) >= n {
                    return Some(Split {
                        old: old.start + n.saturating_sub(x),
                        new: new.start + m.saturating_sub(y),
                        left: Mode::Exact,
                        right: Mode::Exact,
                    });
                }
                if track_limit {
                    if let Some((to_old, to_new)) = clamp_to_grid(x, k, n, m) {
                        let (so, sn) = (n - to_old, m - to_new);
                        if is_interior(so, sn, n, m) {
                            keep_best(
                                &mut backward_best,
                                Candidate {
                                    old: so,
                                    new: sn,
                                    progress: to_old + to_new,
                                    forward: false,
                                },
                            );
                        }
                    }
                }
                if track_good && x - x0 >= GOOD_SPLIT_MIN_SNAKE && x <= n && y <= m {
                    let (so, sn) = (n - x, m - y);
                    let progress = (x + y).saturating_sub(k.unsigned_abs());
                    if so > 0 && sn > 0 && progress > GOOD_SPLIT_PROGRESS * d {
                        keep_best(
                            &mut good,
                            Candidate {
                                old: so,
                                new: sn,
                                progress,
                                forward: false,
                            },
                        );
                    }
                }
                k -= 2;
            }

            if let Some(good) = good {
                return Some(good.split(old.start, new.start));
            }
            if d >= max_cost {
                let best = match (forward_best, backward_best) {
                    (Some(f), Some(b)) => {
                        if f.progress > b.progress {
                            f
                        } else {
                            b
                        }
                    }
                    (Some(one), None) | (None, Some(one)) => one,
                    (None, None) => return None,
                };
                return Some(best.split(old.start, new.start));
            }
        }
        None
    }
}
