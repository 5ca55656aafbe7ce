//! The one sequence diff of the crate: two slices of tokens in, interned to `u32` ids, ops out.
//!
//! Every diff here (lines and words in `super::ops`, section texts in `super::pairing`, lines in
//! `super::unified`) interns its tokens with an [`Interner`] and calls [`diff_tokens`], so the
//! algorithms are compiled once, for `[u32]`, and every comparison inside them is an integer
//! compare. Interning keeps the equality relation of the tokens, and the algorithms depend only
//! on it, so the ops are the ones the tokens themselves would give.
//!
//! The algorithms are ours, one per file; their output is the one of the `similar` crate (3.x)
//! that the crate used before, op for op (the proptests below compare them on generated input):
//! - `myers`: Myers' divide-and-conquer diff, linear space, `O((n + m) · d)` time, with the
//!   exactness-keeping shortcuts and the bounded search of `similar`'s `Myers` (git xdiff's
//!   policy), so a hard input costs a bounded search instead of a quadratic one;
//! - `reduce`: before Myers, the tokens that cannot or should not anchor the diff (no match on
//!   the other side; frequent ones among such) are set aside, `O(n + m)`;
//! - `lcs`: the exact longest common subsequence by table, `O(n · m)` time and space, for small
//!   inputs; also the small-side exact diff Myers falls back to;
//! - `compact`: sliding changes so that they join up, then merging a delete next to an insert
//!   into a replace, `O(ops)` amortised.
//!
//! No deadline and no clock: `Instant::now()` panics on `wasm32-unknown-unknown`. Start at
//! [`diff_tokens`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

mod compact;
mod lcs;
mod myers;
mod reduce;

/// Which algorithm [`diff_tokens`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Myers with `similar`'s heuristics: `O((n + m) · d)`.
    Myers,
    /// The exact LCS table: `O(n · m)` cells, for small inputs only.
    Lcs,
}

/// What an op does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiffTag {
    /// The tokens are on both sides.
    Equal,
    /// The old tokens are removed.
    Delete,
    /// The new tokens are added.
    Insert,
    /// The old tokens are removed and the new ones added in their place.
    Replace,
}

/// One op of a sequence diff: a tag and the token ranges it covers on each side. An `Equal` op
/// has two ranges of one length; a `Delete` has an empty new range at the position of the
/// deletion in the new sequence, an `Insert` an empty old range (as `similar`'s `DiffOp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DiffOp {
    /// What the op does.
    pub(crate) tag: DiffTag,
    /// The first old token the op covers (or the position, when it covers none).
    pub(crate) old_index: usize,
    /// How many old tokens it covers.
    pub(crate) old_len: usize,
    /// The first new token the op covers (or the position, when it covers none).
    pub(crate) new_index: usize,
    /// How many new tokens it covers.
    pub(crate) new_len: usize,
}

impl DiffOp {
    /// `len` tokens equal on both sides.
    pub(crate) fn equal(old_index: usize, new_index: usize, len: usize) -> DiffOp {
        DiffOp {
            tag: DiffTag::Equal,
            old_index,
            old_len: len,
            new_index,
            new_len: len,
        }
    }

    /// `old_len` old tokens removed, at `new_index` in the new sequence.
    pub(crate) fn delete(old_index: usize, old_len: usize, new_index: usize) -> DiffOp {
        DiffOp {
            tag: DiffTag::Delete,
            old_index,
            old_len,
            new_index,
            new_len: 0,
        }
    }

    /// `new_len` new tokens added, at `old_index` in the old sequence.
    pub(crate) fn insert(old_index: usize, new_index: usize, new_len: usize) -> DiffOp {
        DiffOp {
            tag: DiffTag::Insert,
            old_index,
            old_len: 0,
            new_index,
            new_len,
        }
    }

    /// The old tokens the op covers.
    pub(crate) fn old_range(&self) -> Range<usize> {
        self.old_index..self.old_index + self.old_len
    }

    /// The new tokens the op covers.
    pub(crate) fn new_range(&self) -> Range<usize> {
        self.new_index..self.new_index + self.new_len
    }

    /// The tag and both ranges, as `similar`'s `DiffOp::as_tag_tuple` gives them.
    pub(crate) fn as_tag_tuple(&self) -> (DiffTag, Range<usize>, Range<usize>) {
        (self.tag, self.old_range(), self.new_range())
    }
}

/// A multiplicative hasher for the interner (the one of rustc's `FxHasher`): tokens are short
/// and many, and SipHash's resistance to chosen collisions buys nothing here, where the only
/// input that could be chosen is the user's own prompt, slowing the user's own tab.
#[derive(Default)]
pub(crate) struct TokenHasher {
    hash: u64,
}

impl TokenHasher {
    /// The odd constant of rustc's `FxHasher` (from the golden ratio).
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word.iter_mut().zip(rest).for_each(|(w, b)| *w = *b);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Gives every distinct token a `u32` id, in order of first appearance.
#[derive(Default)]
pub(crate) struct Interner<'t> {
    ids: HashMap<&'t str, u32, BuildHasherDefault<TokenHasher>>,
}

impl<'t> Interner<'t> {
    /// The ids of `tokens`; a token seen before (in any call) keeps its id.
    pub(crate) fn ids(&mut self, tokens: &[&'t str]) -> Vec<u32> {
        tokens.iter().map(|&t| self.id(t)).collect()
    }

    /// The id of `token`: the number of distinct tokens seen before it, when it is new.
    pub(crate) fn id(&mut self, token: &'t str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(token).or_insert(next)
    }

    /// The id of `token` if it was seen, without adding it.
    pub(crate) fn get(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The number of distinct tokens seen so far (every id is below it).
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A `Vec` slot by interned id (a small dense map, so no second hash map type is compiled).
pub(crate) fn slot<T: Default>(slots: &mut Vec<T>, id: u32) -> Option<&mut T> {
    let index = usize::try_from(id).ok()?;
    if slots.len() <= index {
        slots.resize_with(index + 1, T::default);
    }
    slots.get_mut(index)
}

/// Interns both token sequences with one [`Interner`] and diffs them: compacted ops, a delete
/// next to an insert merged into a replace.
pub(crate) fn diff_tokens<'t>(old: &[&'t str], new: &[&'t str], method: Method) -> Vec<DiffOp> {
    let mut interner = Interner::default();
    let old_ids = interner.ids(old);
    let new_ids = interner.ids(new);
    diff_ids(&old_ids, &new_ids, interner.len(), method)
}

/// Diffs two id sequences whose ids are all below `distinct`.
fn diff_ids(old: &[u32], new: &[u32], distinct: usize, method: Method) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    match method {
        Method::Myers => myers::diff(old, new, distinct, &mut ops),
        Method::Lcs => lcs::diff(old, new, &mut ops),
    }
    compact::compact(old, new, &mut ops);
    compact::merge_replaces(&ops)
}

/// How many tokens at the start of `old` and `new` are equal.
fn common_prefix(old: &[u32], new: &[u32]) -> usize {
    old.iter().zip(new).take_while(|(a, b)| a == b).count()
}

/// How many tokens at the end of `old` and `new` are equal.
fn common_suffix(old: &[u32], new: &[u32]) -> usize {
    old.iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
}

/// The tokens of `range` in `tokens` (none for a range outside them).
fn part(tokens: &[u32], range: Range<usize>) -> &[u32] {
    tokens.get(range).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use similar::{capture_diff_slices, Algorithm};

    fn tokens(ids: &[u32]) -> Vec<String> {
        ids.iter().map(|i| format!("t{i}")).collect()
    }

    /// `similar`'s ops, as ours are written.
    fn similar_ops(old: &[&str], new: &[&str], algorithm: Algorithm) -> Vec<DiffOp> {
        capture_diff_slices(algorithm, old, new)
            .iter()
            .map(|op| {
                let (tag, o, n) = op.as_tag_tuple();
                let tag = match tag {
                    similar::DiffTag::Equal => DiffTag::Equal,
                    similar::DiffTag::Delete => DiffTag::Delete,
                    similar::DiffTag::Insert => DiffTag::Insert,
                    similar::DiffTag::Replace => DiffTag::Replace,
                };
                DiffOp {
                    tag,
                    old_index: o.start,
                    old_len: o.len(),
                    new_index: n.start,
                    new_len: n.len(),
                }
            })
            .collect()
    }

    fn check(old: &[u32], new: &[u32], lcs: bool) -> Result<(), TestCaseError> {
        let (old, new) = (tokens(old), tokens(new));
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        prop_assert_eq!(
            diff_tokens(&old, &new, Method::Myers),
            similar_ops(&old, &new, Algorithm::Myers),
            "Myers"
        );
        if lcs {
            prop_assert_eq!(
                diff_tokens(&old, &new, Method::Lcs),
                similar_ops(&old, &new, Algorithm::Lcs),
                "LCS"
            );
        }
        Ok(())
    }

    /// `old` with a few runs of tokens replaced, inserted or deleted (the shape of an edit).
    fn edited(
        old: Vec<u32>,
        distinct: u32,
        edits: std::ops::Range<usize>,
    ) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
        let len = old.len().max(1);
        proptest::collection::vec(
            (
                0..len,
                0usize..4,
                proptest::collection::vec(0..distinct, 0..4),
            ),
            edits,
        )
        .prop_map(move |mut edits| {
            edits.sort_by_key(|e| std::cmp::Reverse(e.0));
            let mut new = old.clone();
            for (at, cut, put) in edits {
                let at = at.min(new.len());
                let end = (at + cut).min(new.len());
                new.splice(at..end, put);
            }
            (old.clone(), new)
        })
    }

    proptest! {
        /// Our ops are `similar`'s, on small random inputs (where any pair is likely).
        #[test]
        fn same_ops_as_similar_on_small_inputs(
            old in proptest::collection::vec(0u32..6, 0..60),
            new in proptest::collection::vec(0u32..6, 0..60),
        ) {
            check(&old, &new, true)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Long inputs with a few edits, and long unrelated ones, where the search shortcuts,
        /// the reduction and the bounded search come into play.
        #[test]
        fn same_ops_as_similar_on_long_inputs(
            (old, new) in prop_oneof![
                Just(4u32), Just(40), Just(2000), Just(100_000)
            ]
            .prop_flat_map(|distinct| {
                let long = proptest::collection::vec(0..distinct, 300..1500);
                prop_oneof![
                    long.clone().prop_flat_map(move |old| edited(old, distinct, 0..40)),
                    (long.clone(), long),
                ]
            })
        ) {
            check(&old, &new, false)?;
        }

        /// One side much longer than the other: the front anchor and the small-side table.
        #[test]
        fn same_ops_as_similar_on_lopsided_inputs(
            small in proptest::collection::vec(0u32..50, 1..70),
            large in proptest::collection::vec(0u32..50, 500..1200),
            shared in 0usize..300,
            flip: bool,
        ) {
            let mut large = large;
            let at = shared.min(large.len());
            large.splice(at..at, small.iter().copied());
            if flip {
                check(&large, &small, false)?;
            } else {
                check(&small, &large, false)?;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// A long run shifted by a few tokens at the front of a much longer side: the front
        /// anchor.
        #[test]
        fn same_ops_as_similar_on_front_shifted_inputs(
            run in proptest::collection::vec(0u32..30, 96..400),
            head in proptest::collection::vec(100u32..110, 1..6),
            old_tail in proptest::collection::vec(0u32..30, 0..50),
            new_tail in proptest::collection::vec(0u32..40, 300..900),
            flip: bool,
        ) {
            let old: Vec<u32> = run.iter().chain(&old_tail).copied().collect();
            let new: Vec<u32> = head.iter().chain(&run).chain(&new_tail).copied().collect();
            if flip {
                check(&new, &old, false)?;
            } else {
                check(&old, &new, false)?;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]
        /// Over 66,049 tokens in all the search limit passes 256 differences, and a long snake
        /// with enough progress becomes the split before the limit is reached.
        #[test]
        fn same_ops_as_similar_on_very_long_inputs(
            (old, new) in proptest::collection::vec(0u32..1000, 34_000..36_000)
                .prop_flat_map(|old| edited(old, 1000, 250..500))
        ) {
            check(&old, &new, false)?;
        }
    }

    #[test]
    fn cases() {
        let (a, b): (Vec<u32>, Vec<u32>) = ((0..1024).collect(), (2048..3072).collect());
        check(&a, &b, false).unwrap();
        let mut new: Vec<u32> = (10_000..11_024).collect();
        new[512] = a[256];
        check(&a, &new, false).unwrap();
        let prefix: Vec<u32> = (0..200).collect();
        let mut longer = vec![7, 8];
        longer.extend(&prefix);
        longer.extend(5000..5300);
        check(&prefix, &longer, false).unwrap();
        check(&[], &[], true).unwrap();
        check(&[1], &[], true).unwrap();
        check(&[], &[1, 2], true).unwrap();
    }

    #[test]
    fn token_hasher_spreads_short_tokens() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let build = BuildHasherDefault::<TokenHasher>::default();
        let hashes: std::collections::BTreeSet<u64> = (0..10_000)
            .map(|i| build.hash_one(format!("w{i}").as_str()))
            .collect();
        assert_eq!(hashes.len(), 10_000);
        assert_ne!(build.hash_one("ab"), build.hash_one("ba"));
    }
}
