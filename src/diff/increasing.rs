//! The heaviest increasing subsequence: of items in one order, each with a distinct key (its
//! position in the other order) and a weight, the subsequence whose keys increase and whose
//! weights sum highest.
//!
//! Section alignment uses it to decide which matched sections stayed in place: the items are the
//! matched sections in `before` order, keyed by their `after` position and weighted by their text
//! length, so of two swapped sections the small one is the one that moved. This file knows
//! nothing of sections. Start at [`heaviest_increasing`].
//!
//! Cost: `O(n log k)` time and `O(n + k)` memory for `n` items with keys below `k` (a Fenwick tree
//! of prefix maxima over the keys).

/// Marks the items of the heaviest subsequence whose keys strictly increase. `items` are
/// `(key, weight)` in sequence order; the answer has one flag per item. Among subsequences of
/// equal weight the one found first wins (deterministic, not otherwise specified).
pub(crate) fn heaviest_increasing(items: &[(usize, u64)]) -> Vec<bool> {
    let n_keys = items.iter().map(|&(key, _)| key + 1).max().unwrap_or(0);
    // tree[i] holds (best weight, item index) over the keys of a Fenwick range ending at i - 1.
    let mut tree: Vec<(u64, Option<usize>)> = vec![(0, None); n_keys + 1];
    // For each item: the item before it in the best chain that ends at it.
    let mut previous: Vec<Option<usize>> = vec![None; items.len()];
    let mut overall: (u64, Option<usize>) = (0, None);
    for (index, &(key, weight)) in items.iter().enumerate() {
        // The best chain ending at a key below `key`.
        let mut best: (u64, Option<usize>) = (0, None);
        let mut i = key;
        while i > 0 {
            if let Some(&candidate) = tree.get(i) {
                if candidate.0 > best.0 {
                    best = candidate;
                }
            }
            i &= i - 1;
        }
        let here = (best.0.saturating_add(weight), Some(index));
        if let Some(slot) = previous.get_mut(index) {
            *slot = best.1;
        }
        if here.0 > overall.0 {
            overall = here;
        }
        let mut i = key + 1;
        while i <= n_keys {
            if let Some(slot) = tree.get_mut(i) {
                if here.0 > slot.0 {
                    *slot = here;
                }
            }
            i += i & i.wrapping_neg();
        }
    }
    let mut chosen = vec![false; items.len()];
    let mut cursor = overall.1;
    while let Some(index) = cursor {
        match chosen.get_mut(index) {
            Some(flag) if !*flag => *flag = true,
            _ => break,
        }
        cursor = previous.get(index).copied().flatten();
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The weight of the heaviest strictly increasing subsequence, over every subset.
    fn brute_force(items: &[(usize, u64)]) -> u64 {
        (0u32..1 << items.len())
            .filter_map(|mask| {
                let picked: Vec<&(usize, u64)> = items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, item)| item)
                    .collect();
                let increasing = picked.windows(2).all(|w| w[0].0 < w[1].0);
                increasing.then(|| picked.iter().map(|item| item.1).sum())
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn a_swap_keeps_the_heavier_item() {
        assert_eq!(heaviest_increasing(&[(1, 5), (0, 1)]), [true, false]);
        assert_eq!(heaviest_increasing(&[(1, 1), (0, 5)]), [false, true]);
        assert!(heaviest_increasing(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn matches_the_brute_force_weight(
            (keys, weights) in (0usize..11).prop_flat_map(|n| (
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                prop::collection::vec(1u64..20, n),
            ))
        ) {
            let items: Vec<(usize, u64)> = keys.into_iter().zip(weights).collect();
            let chosen = heaviest_increasing(&items);
            let picked: Vec<(usize, u64)> = items
                .iter()
                .zip(&chosen)
                .filter(|(_, &c)| c)
                .map(|(item, _)| *item)
                .collect();
            prop_assert!(picked.windows(2).all(|w| w[0].0 < w[1].0), "not increasing");
            prop_assert_eq!(picked.iter().map(|i| i.1).sum::<u64>(), brute_force(&items));
        }
    }
}
