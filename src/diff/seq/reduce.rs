//! Before Myers' search on large inputs: setting aside the tokens that cannot anchor the diff
//! (they do not occur on the other side) and, among those, the frequent ones that only confuse
//! it (git xdiff's `xdl_cleanup_records`, as `similar` 3.x does it). `O(n + m)` time and space,
//! plus the distinct-token count for two tables.
//!
//! The search then runs over the kept tokens only, and [`Reduced::map_back`] turns its equal
//! runs into anchors in the full sequences: what lies between two anchors is deleted and
//! inserted. Not the search itself (`super::myers`).

use std::ops::Range;

use super::DiffOp;

/// Both sides need at least this many tokens (after the common ends) for a reduction.
const MIN_LEN: usize = 512;
/// And this many cells `n · m`.
const MIN_WORK: usize = 128 * 1024;
/// How many tokens next to the ends are probed for a small shift before scanning.
const BOUNDARY_PROBE: usize = 8;
/// How far a frequent token looks to each side for unmatched neighbours.
const SCAN_WINDOW: usize = 100;
/// A frequent token goes when fewer than one in this many of its neighbourhood are frequent.
const CONFUSING_RATIO: usize = 4;
/// The ceiling of the frequency from which a matched token is "frequent".
const MAX_FREQUENCY: usize = 1024;

/// The kept tokens of each side and where each one is in the full sequence.
pub(super) struct Reduced {
    /// The kept old tokens.
    pub(super) old: Vec<u32>,
    /// The position of each kept old token.
    old_at: Vec<usize>,
    /// The kept new tokens.
    pub(super) new: Vec<u32>,
    /// The position of each kept new token.
    new_at: Vec<usize>,
}

/// What to do with one token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    /// It does not occur on the other side.
    Discard,
    /// It occurs on the other side, not often.
    Keep,
    /// It occurs often on the other side: kept unless it sits among discarded tokens.
    Investigate,
}

/// The kept tokens of `old[old_range]` and `new[new_range]` (their common ends already cut off),
/// when the ranges are large and something is set aside; `None` to search them as they are.
pub(super) fn reduce(
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
    distinct: usize,
) -> Option<Reduced> {
    let (a, b) = (old.get(old_range.clone())?, new.get(new_range.clone())?);
    if !worth_scanning(a, b) {
        return None;
    }
    let mut old_counts = vec![0usize; distinct];
    let mut new_counts = vec![0usize; distinct];
    for &t in a {
        if let Some(c) = old_counts.get_mut(t as usize) {
            *c += 1;
        }
    }
    for &t in b {
        if old_counts.get(t as usize).is_some_and(|&c| c > 0) {
            if let Some(c) = new_counts.get_mut(t as usize) {
                *c += 1;
            }
        }
    }
    let (old_kept, old_at) = keep(a, old_range.start, &new_counts);
    let (new_kept, new_at) = keep(b, new_range.start, &old_counts);
    if old_kept.len() == a.len() && new_kept.len() == b.len() {
        return None;
    }
    Some(Reduced {
        old: old_kept,
        old_at,
        new: new_kept,
        new_at,
    })
}

/// Whether the ranges are large enough, and not merely shifted at an end by a few tokens (a
/// header added to a long text should not pay for the counting).
fn worth_scanning(a: &[u32], b: &[u32]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n < MIN_LEN || m < MIN_LEN || n.saturating_mul(m) < MIN_WORK {
        return false;
    }
    let (a_last, b_last) = (n - 1, m - 1);
    if a.first() == b.first() || a.last() == b.last() {
        return false;
    }
    let probe = n.min(m).min(BOUNDARY_PROBE + 1);
    !(1..probe).any(|skip| {
        b.get(skip) == a.first()
            || b.first() == a.get(skip)
            || b.get(b_last - skip) == a.get(a_last)
            || b.get(b_last) == a.get(a_last - skip)
    })
}

/// The tokens of `side` to keep, given how often each occurs on the other side, and their
/// positions (`start` is the position of `side[0]`).
fn keep(side: &[u32], start: usize, other_counts: &[usize]) -> (Vec<u32>, Vec<usize>) {
    let frequent = side.len().isqrt().clamp(1, MAX_FREQUENCY);
    let actions: Vec<Action> = side
        .iter()
        .map(
            |&t| match other_counts.get(t as usize).copied().unwrap_or(0) {
                0 => Action::Discard,
                c if c < frequent => Action::Keep,
                _ => Action::Investigate,
            },
        )
        .collect();
    let mut kept = Vec::new();
    let mut at = Vec::new();
    for (i, (&t, &action)) in side.iter().zip(&actions).enumerate() {
        let keep = match action {
            Action::Discard => false,
            Action::Keep => true,
            Action::Investigate => !is_confusing(&actions, i),
        };
        if keep {
            kept.push(t);
            at.push(start + i);
        }
    }
    (kept, at)
}

/// Whether the frequent token at `i` sits among unmatched ones: up to [`SCAN_WINDOW`] tokens on
/// each side, up to the nearest kept one, hold discarded tokens on both sides and few frequent.
fn is_confusing(actions: &[Action], i: usize) -> bool {
    let count = |run: &mut dyn Iterator<Item = &Action>| {
        let (mut discards, mut frequent) = (0usize, 0usize);
        for action in run.take(SCAN_WINDOW) {
            match action {
                Action::Discard => discards += 1,
                Action::Investigate => frequent += 1,
                Action::Keep => break,
            }
        }
        (discards, frequent)
    };
    let (left_discards, left_frequent) =
        count(&mut actions.get(..i).unwrap_or_default().iter().rev());
    if left_discards == 0 {
        return false;
    }
    let (right_discards, right_frequent) =
        count(&mut actions.get(i + 1..).unwrap_or_default().iter());
    if right_discards == 0 {
        return false;
    }
    let frequent = left_frequent + right_frequent + 1;
    frequent.saturating_mul(CONFUSING_RATIO) < frequent + left_discards + right_discards
}

impl Reduced {
    /// Writes the ops of the full ranges from `inner`, the ops of the kept tokens: each run of
    /// kept tokens equal on both sides is cut where it is not contiguous in the full sequences,
    /// and the tokens between two such anchors are deleted, then inserted.
    pub(super) fn map_back(
        &self,
        inner: &[DiffOp],
        old_range: Range<usize>,
        new_range: Range<usize>,
        ops: &mut Vec<DiffOp>,
    ) {
        let mut cursor = (old_range.start, new_range.start);
        let gaps = |cursor: &mut (usize, usize), to: (usize, usize), ops: &mut Vec<DiffOp>| {
            if cursor.0 < to.0 {
                ops.push(DiffOp::delete(cursor.0, to.0 - cursor.0, cursor.1));
                cursor.0 = to.0;
            }
            if cursor.1 < to.1 {
                ops.push(DiffOp::insert(cursor.0, cursor.1, to.1 - cursor.1));
                cursor.1 = to.1;
            }
        };
        for op in inner.iter().filter(|op| op.tag == super::DiffTag::Equal) {
            let old_at = self.old_at.get(op.old_range()).unwrap_or_default();
            let new_at = self.new_at.get(op.new_range()).unwrap_or_default();
            let mut pairs = old_at.iter().zip(new_at).peekable();
            while let Some((&o, &n)) = pairs.next() {
                gaps(&mut cursor, (o, n), ops);
                let mut len = 1;
                while pairs
                    .next_if(|&(&o2, &n2)| o2 == o + len && n2 == n + len)
                    .is_some()
                {
                    len += 1;
                }
                ops.push(DiffOp::equal(o, n, len));
                cursor = (o + len, n + len);
            }
        }
        gaps(&mut cursor, (old_range.end, new_range.end), ops);
    }
}
