//! The one sequence diff of the crate: two slices of `u32` token ids in, `similar`'s ops out.
//!
//! Every diff here (lines and words in `super::ops`, section texts in `super::pairing`, lines in
//! `super::unified`) interns its tokens with an [`Interner`] and calls [`diff_ids`], so `similar`'s
//! generic algorithms are compiled once, for `[u32]` and one hook type, instead of once per token
//! type and per `Algorithm` variant (that was most of the wasm module). Interning keeps the
//! equality relation of the tokens, and `similar`'s Myers and LCS depend only on it, so the ops are
//! the ones the tokens themselves would give.
//!
//! The hook chain is the one of `similar::capture_diff_slices` (compaction, then replace
//! detection, then capture), without a deadline: nothing here reads a clock.

use std::collections::HashMap;

use similar::algorithms::{lcs, myers, Capture, Compact, Replace};
pub(crate) use similar::DiffOp;

/// Which of `similar`'s algorithms [`diff_ids`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Myers with `similar`'s heuristics: `O((n + m) · d)`.
    Myers,
    /// The exact LCS table: `O(n · m)` cells, for small inputs only.
    Lcs,
}

/// Gives every distinct token a `u32` id, in order of first appearance.
#[derive(Default)]
pub(crate) struct Interner<'t> {
    ids: HashMap<&'t str, u32>,
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

/// Interns both token sequences with one [`Interner`] and diffs them.
pub(crate) fn diff_tokens<'t>(old: &[&'t str], new: &[&'t str], method: Method) -> Vec<DiffOp> {
    let mut interner = Interner::default();
    let old_ids = interner.ids(old);
    let new_ids = interner.ids(new);
    diff_ids(&old_ids, &new_ids, method)
}

/// Diffs two id sequences: compacted ops, a delete next to an insert merged into a replace.
pub(crate) fn diff_ids(old: &[u32], new: &[u32], method: Method) -> Vec<DiffOp> {
    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    let done = match method {
        Method::Myers => myers::diff(&mut hook, old, 0..old.len(), new, 0..new.len()),
        Method::Lcs => lcs::diff(&mut hook, old, 0..old.len(), new, 0..new.len()),
    };
    // `Capture` cannot fail: its error type is `Infallible`.
    match done {
        Ok(()) => {}
        Err(never) => match never {},
    }
    hook.into_inner().into_inner().into_ops()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use similar::{capture_diff_slices, Algorithm};

    fn tokens(ids: &[u8]) -> Vec<String> {
        ids.iter().map(|i| format!("t{i}")).collect()
    }

    proptest! {
        /// The interned diff gives the ops `similar` gives on the tokens themselves.
        #[test]
        fn same_ops_as_similar_on_the_tokens(
            old in proptest::collection::vec(0u8..6, 0..60),
            new in proptest::collection::vec(0u8..6, 0..60),
        ) {
            let (old, new) = (tokens(&old), tokens(&new));
            let old: Vec<&str> = old.iter().map(String::as_str).collect();
            let new: Vec<&str> = new.iter().map(String::as_str).collect();
            prop_assert_eq!(
                diff_tokens(&old, &new, Method::Myers),
                capture_diff_slices(Algorithm::Myers, &old, &new)
            );
            prop_assert_eq!(
                diff_tokens(&old, &new, Method::Lcs),
                capture_diff_slices(Algorithm::Lcs, &old, &new)
            );
        }
    }
}
