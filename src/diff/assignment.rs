//! The order-keeping assignment: every item of a short list gets a distinct item of a long
//! list, in order (the i-th short item's partner comes before the (i+1)-th's), so that the sum
//! of the pairs' scores is highest.
//!
//! Section alignment uses it where a run of removed sections meets a longer (or shorter) run of
//! inserted ones at the same place: which of them are the edited versions of which. This file
//! knows nothing of sections; the score is given. Start at [`monotone_best_assignment`].
//!
//! Cost: `O(s · l)` time and memory for `s` short and `l` long items (dynamic programming over
//! the grid), plus `s · l` calls of the score. The caller bounds `s · l` (see
//! `super::pairing::MAX_PAIRING_WORK`).

/// Pairs every short item `i` with a long item, in increasing order of both, maximising the sum
/// of `score(i, j)`. Returns the pairs `(i, j)` in order; empty when `short > long` (no such
/// assignment) or either is empty.
pub(crate) fn monotone_best_assignment(
    short: usize,
    long: usize,
    score: impl Fn(usize, usize) -> f64,
) -> Vec<(usize, usize)> {
    if short == 0 || short > long {
        return Vec::new();
    }
    let (s, l) = (short, long);
    let width = l + 1;
    // best[i * width + j]: the best score placing the first i short items among the first j long.
    let mut best = vec![f64::NEG_INFINITY; (s + 1) * width];
    let mut took = vec![false; (s + 1) * width];
    for j in 0..=l {
        if let Some(cell) = best.get_mut(j) {
            *cell = 0.0;
        }
    }
    for i in 1..=s {
        for j in i..=l {
            let skip = best
                .get(i * width + j - 1)
                .copied()
                .unwrap_or(f64::NEG_INFINITY);
            let take = best
                .get((i - 1) * width + j - 1)
                .copied()
                .unwrap_or(f64::NEG_INFINITY)
                + score(i - 1, j - 1);
            let (value, took_it) = if take >= skip {
                (take, true)
            } else {
                (skip, false)
            };
            if let Some(cell) = best.get_mut(i * width + j) {
                *cell = value;
            }
            if let Some(cell) = took.get_mut(i * width + j) {
                *cell = took_it;
            }
        }
    }
    let mut out = Vec::with_capacity(s);
    let (mut i, mut j) = (s, l);
    while i > 0 && j > 0 {
        if took.get(i * width + j).copied().unwrap_or(true) {
            out.push((i - 1, j - 1));
            i -= 1;
        }
        j -= 1;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The best total over every order-keeping assignment (every increasing choice of `short`
    /// positions among `long`).
    fn brute_force(short: usize, long: usize, score: &dyn Fn(usize, usize) -> f64) -> f64 {
        fn go(
            i: usize,
            from: usize,
            short: usize,
            long: usize,
            score: &dyn Fn(usize, usize) -> f64,
        ) -> f64 {
            if i == short {
                return 0.0;
            }
            (from..long)
                .filter(|j| long - j >= short - i)
                .map(|j| score(i, j) + go(i + 1, j + 1, short, long, score))
                .fold(f64::NEG_INFINITY, f64::max)
        }
        go(0, 0, short, long, score)
    }

    #[test]
    fn keeps_order_and_picks_the_best() {
        let table = [[0.1, 0.9, 0.0], [0.8, 0.0, 0.7]];
        let score = |i: usize, j: usize| table[i][j];
        assert_eq!(monotone_best_assignment(2, 3, score), vec![(0, 1), (1, 2)]);
        assert_eq!(monotone_best_assignment(1, 3, score), vec![(0, 1)]);
        assert!(monotone_best_assignment(0, 3, score).is_empty());
        assert!(monotone_best_assignment(3, 2, score).is_empty());
    }

    proptest! {
        #[test]
        fn matches_the_brute_force_total(
            (short, long, scores) in (1usize..5, 0usize..4).prop_flat_map(|(s, extra)| {
                let l = s + extra;
                (Just(s), Just(l), prop::collection::vec(0u8..10, s * l))
            })
        ) {
            let score = |i: usize, j: usize| f64::from(scores[i * long + j]) / 10.0;
            let pairs = monotone_best_assignment(short, long, score);
            prop_assert_eq!(pairs.len(), short);
            prop_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
            prop_assert!(pairs.iter().enumerate().all(|(k, p)| p.0 == k && p.1 < long));
            let total: f64 = pairs.iter().map(|&(i, j)| score(i, j)).sum();
            let best = brute_force(short, long, &score);
            prop_assert!((total - best).abs() < 1e-9, "{} vs {}", total, best);
        }
    }
}
