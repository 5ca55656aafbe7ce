//! Section pairing: which root child of `before` is which root child of `after`, before anything
//! is said about moves.
//!
//! Works on the sections of the shared parse through [`Side`]; it parses nothing and knows
//! nothing of ops or HTML. Start at [`pair_sections`]. The steps, in order:
//! 1. keyed sections (a `name` or `id` attribute) pair by tag and key, the n-th with the n-th
//!    when a key repeats on a side ([`match_keyed`]);
//! 2. unkeyed sections, tag by tag ([`match_unkeyed`]): a sequence diff of their texts pairs the
//!    equal ones in place; of the rest, equal texts pair wherever they are (a reorder is a move,
//!    never a delete-and-insert); where a run of removed texts meets a run of inserted ones they
//!    pair up as edited (in order when the runs are as long, else by the order-keeping assignment
//!    of `super::assignment`); what is still left pairs across runs, most similar first, when at
//!    least half their words are shared ([`pair_similar`]).
//!
//! Cost, for `n` sections with `t` bytes of text in all: interning and the keyed queues
//! `O(n + t)`; the sequence diff of one tag's texts `O((n + m) · d)` (Myers on interned texts,
//! `d` the number of differing sections); the word bags `O(t log t)`. The two steps that compare
//! every removed section of a run with every inserted one (the assignment and the similarity
//! pairing) cost `O(k · m)` comparisons, each linear in the two texts; they run only while
//! [`pairing_work`] is at most [`MAX_PAIRING_WORK`], and otherwise the run pairs in order (or not
//! at all, for the similarity step). Memory is linear but for the assignment's `k · m` grid,
//! under the same bound.

use std::collections::hash_map::DefaultHasher;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use super::assignment::monotone_best_assignment;
use super::sections::Side;
use super::seq::{diff_tokens, slot, DiffTag, Interner, Method};
use super::tokenise::{is_blank, word_tokens};
use crate::validate::{ElementSpan, SectionKey};

/// The pairs `(before index, after index)` of sections that are one section on both sides.
/// Every index occurs in at most one pair.
pub(crate) fn pair_sections(before: &Side, after: &Side) -> Vec<(usize, usize)> {
    let mut pairs = match_keyed(before, after);
    pairs.extend(match_unkeyed(before, after));
    pairs
}

/// Keyed sections: same tag and key; when a key repeats on a side, the n-th meets the n-th.
fn match_keyed<'a>(before: &Side<'a>, after: &Side<'a>) -> Vec<(usize, usize)> {
    // By the id of the key's value: the queues of that value, one per tag and kind of key.
    type Queues = Vec<((u32, bool), VecDeque<usize>)>;
    let mut strings = Interner::default();
    let mut key_of = |section: &'a ElementSpan| {
        let (is_name, value) = match section.key.as_ref()? {
            SectionKey::Name(value) => (true, value.as_str()),
            SectionKey::Id(value) => (false, value.as_str()),
        };
        Some((
            strings.id(value),
            (strings.id(section.tag.as_str()), is_name),
        ))
    };
    let mut waiting: Vec<Queues> = Vec::new();
    for (b, section) in before.sections.iter().enumerate() {
        let Some((value, tag_and_kind)) = key_of(section) else {
            continue;
        };
        if let Some(queues) = slot(&mut waiting, value) {
            match queues.iter_mut().find(|(k, _)| *k == tag_and_kind) {
                Some((_, queue)) => queue.push_back(b),
                None => queues.push((tag_and_kind, VecDeque::from([b]))),
            }
        }
    }
    let mut pairs = Vec::new();
    for (a, section) in after.sections.iter().enumerate() {
        let Some((value, tag_and_kind)) = key_of(section) else {
            continue;
        };
        if let Some(b) = waiting
            .get_mut(value as usize)
            .and_then(|queues| queues.iter_mut().find(|(k, _)| *k == tag_and_kind))
            .and_then(|(_, queue)| queue.pop_front())
        {
            pairs.push((b, a));
        }
    }
    pairs
}

/// Unkeyed sections, tag by tag:
/// 1. a sequence diff of their texts aligns the equal ones in place;
/// 2. of the rest, equal texts match wherever they are (a reorder is a move, never a
///    delete-and-insert);
/// 3. what is still left pairs up where a removed run meets an inserted run (`modified`);
/// 4. what is left after that pairs across runs when similar enough (moved and edited).
fn match_unkeyed(before: &Side, after: &Side) -> Vec<(usize, usize)> {
    // Tag ids in order of first appearance (before, then after), so tags are taken in that order.
    let mut tags = Interner::default();
    let mut by_tag: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (b, tag) in unkeyed(before.sections) {
        if let Some((olds, _)) = slot(&mut by_tag, tags.id(tag)) {
            olds.push(b);
        }
    }
    for (a, tag) in unkeyed(after.sections) {
        if let Some((_, news)) = slot(&mut by_tag, tags.id(tag)) {
            news.push(a);
        }
    }
    let mut taken = Taken::new(before.sections.len(), after.sections.len());
    for (olds, news) in &by_tag {
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        let old_texts: Vec<&str> = olds.iter().map(|&b| before.section_text(b)).collect();
        let new_texts: Vec<&str> = news.iter().map(|&a| after.section_text(a)).collect();

        // 1. In place. The runs between equal stretches are kept for step 3.
        let mut runs: Vec<(Vec<usize>, Vec<usize>)> = vec![Default::default()];
        for op in diff_tokens(&old_texts, &new_texts, Method::Myers) {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for (o, n) in old_range.zip(new_range) {
                    if let (Some(&b), Some(&a)) = (olds.get(o), news.get(n)) {
                        taken.take(b, a);
                    }
                }
                runs.push(Default::default());
            } else if let Some((removed, inserted)) = runs.last_mut() {
                removed.extend(old_range.filter_map(|o| olds.get(o).copied()));
                inserted.extend(new_range.filter_map(|n| news.get(n).copied()));
            }
        }

        // 2. Equal texts anywhere.
        let mut texts = Interner::default();
        let mut waiting: Vec<VecDeque<usize>> = Vec::new();
        for (removed, _) in &runs {
            for &b in removed {
                if let Some(queue) = slot(&mut waiting, texts.id(before.section_text(b))) {
                    queue.push_back(b);
                }
            }
        }
        for (_, inserted) in &runs {
            for &a in inserted {
                let id = texts.id(after.section_text(a));
                if let Some(b) = waiting
                    .get_mut(id as usize)
                    .and_then(|queue| queue.pop_front())
                {
                    taken.take(b, a);
                }
            }
        }

        // 3. Runs that meet, pairing what is left in them.
        let mut left_before: Vec<usize> = Vec::new();
        let mut left_after: Vec<usize> = Vec::new();
        for (removed, inserted) in &runs {
            let removed: Vec<usize> = removed
                .iter()
                .copied()
                .filter(|&b| taken.is_free_before(b))
                .collect();
            let inserted: Vec<usize> = inserted
                .iter()
                .copied()
                .filter(|&a| taken.is_free_after(a))
                .collect();
            for (b, a) in pair_run(before, after, &removed, &inserted) {
                taken.take(b, a);
            }
            left_before.extend(removed.into_iter().filter(|&b| taken.is_free_before(b)));
            left_after.extend(inserted.into_iter().filter(|&a| taken.is_free_after(a)));
        }

        // 4. Moved and edited.
        for (b, a) in pair_similar(before, after, &left_before, &left_after) {
            taken.take(b, a);
        }
    }
    taken.pairs
}

/// The pairs made so far, and which section of each side is in one (a flag per section, so
/// asking is constant time).
struct Taken {
    before: Vec<bool>,
    after: Vec<bool>,
    pairs: Vec<(usize, usize)>,
}

impl Taken {
    fn new(before: usize, after: usize) -> Self {
        Taken {
            before: vec![false; before],
            after: vec![false; after],
            pairs: Vec::new(),
        }
    }

    fn take(&mut self, b: usize, a: usize) {
        if let Some(flag) = self.before.get_mut(b) {
            *flag = true;
        }
        if let Some(flag) = self.after.get_mut(a) {
            *flag = true;
        }
        self.pairs.push((b, a));
    }

    fn is_free_before(&self, b: usize) -> bool {
        !self.before.get(b).copied().unwrap_or(true)
    }

    fn is_free_after(&self, a: usize) -> bool {
        !self.after.get(a).copied().unwrap_or(true)
    }
}

/// The unkeyed sections of a side, with their tags.
fn unkeyed(sections: &[ElementSpan]) -> Vec<(usize, &str)> {
    sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.key.is_none())
        .map(|(i, s)| (i, s.tag.as_str()))
        .collect()
}

/// The similarity from which two leftover sections in different places count as one section,
/// moved and edited.
const MOVED_SIMILARITY: f64 = 0.5;

/// Pairs leftover sections across runs, most similar first, when at least [`MOVED_SIMILARITY`].
fn pair_similar(
    before: &Side,
    after: &Side,
    removed: &[usize],
    inserted: &[usize],
) -> Vec<(usize, usize)> {
    if removed.is_empty()
        || inserted.is_empty()
        || pairing_work(before, after, removed, inserted) > MAX_PAIRING_WORK
    {
        return Vec::new();
    }
    let old_bags = word_bags(before, removed);
    let new_bags = word_bags(after, inserted);
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, x) in old_bags.iter().enumerate() {
        for (j, y) in new_bags.iter().enumerate() {
            let sim = similarity(x, y);
            if sim >= MOVED_SIMILARITY {
                candidates.push((sim, i, j));
            }
        }
    }
    // Most similar first; ties in document order.
    // The (i, j) tie-break is unique, so an unstable sort gives the one order.
    candidates.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut used_old = vec![false; removed.len()];
    let mut used_new = vec![false; inserted.len()];
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        let free =
            !used_old.get(i).copied().unwrap_or(true) && !used_new.get(j).copied().unwrap_or(true);
        if let (true, Some(&b), Some(&a)) = (free, removed.get(i), inserted.get(j)) {
            pairs.push((b, a));
            if let Some(u) = used_old.get_mut(i) {
                *u = true;
            }
            if let Some(u) = used_new.get_mut(j) {
                *u = true;
            }
        }
    }
    pairs
}

/// Beyond this much [`pairing_work`] in one run, pair in order instead.
pub(crate) const MAX_PAIRING_WORK: usize = 4_000_000;

/// What comparing every removed section with every inserted one costs: each side's text length
/// times the other side's count. At least `removed.len() · inserted.len()` for non-empty texts.
fn pairing_work(before: &Side, after: &Side, removed: &[usize], inserted: &[usize]) -> usize {
    let total = |side: &Side, sections: &[usize]| {
        sections
            .iter()
            .map(|&i| side.section_text(i).len())
            .sum::<usize>()
    };
    total(before, removed)
        .saturating_mul(inserted.len())
        .saturating_add(total(after, inserted).saturating_mul(removed.len()))
}

/// Pairs a run of removed sections with the run of inserted ones at the same place. Equal
/// lengths pair in order; otherwise each section of the shorter run is given, in order, the
/// section of the longer run that maximises the total similarity.
fn pair_run(
    before: &Side,
    after: &Side,
    removed: &[usize],
    inserted: &[usize],
) -> Vec<(usize, usize)> {
    if removed.is_empty() || inserted.is_empty() {
        return Vec::new();
    }
    let (k, m) = (removed.len(), inserted.len());
    if k == m || pairing_work(before, after, removed, inserted) > MAX_PAIRING_WORK {
        return removed
            .iter()
            .copied()
            .zip(inserted.iter().copied())
            .collect();
    }
    let old_bags = word_bags(before, removed);
    let new_bags = word_bags(after, inserted);
    let shorter_is_old = k < m;
    let (short, long) = if shorter_is_old {
        (&old_bags, &new_bags)
    } else {
        (&new_bags, &old_bags)
    };
    let score = |s: usize, l: usize| match (short.get(s), long.get(l)) {
        (Some(x), Some(y)) => similarity(x, y),
        _ => 0.0,
    };
    monotone_best_assignment(short.len(), long.len(), score)
        .into_iter()
        .filter_map(|(s, l)| {
            let (o, n) = if shorter_is_old { (s, l) } else { (l, s) };
            Some((*removed.get(o)?, *inserted.get(n)?))
        })
        .collect()
}

/// The [`word_bag`] of each of `sections` on `side`.
fn word_bags(side: &Side, sections: &[usize]) -> Vec<Vec<u64>> {
    sections
        .iter()
        .map(|&i| word_bag(side.section_text(i)))
        .collect()
}

/// The sorted hashes of a text's non-blank word tokens.
fn word_bag(text: &str) -> Vec<u64> {
    let mut bag: Vec<u64> = word_tokens(text)
        .into_iter()
        .filter(|t| !is_blank(t))
        .map(|t| {
            let mut hasher = DefaultHasher::new();
            t.hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    bag.sort_unstable();
    bag
}

/// Dice similarity of two sorted bags: 1 for the same words, 0 for none in common.
fn similarity(x: &[u64], y: &[u64]) -> f64 {
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(a), Some(b)) = (x.get(i), y.get(j)) {
        match a.cmp(b) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f64 / (x.len() + y.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::sections::tests::side_of;
    use proptest::prelude::*;

    type Spec = (&'static str, Option<SectionKey>, String);

    fn spec() -> impl Strategy<Value = Spec> {
        (
            prop::sample::select(vec!["rule", "rule", "goal", "example"]),
            prop::option::weighted(
                0.4,
                prop_oneof![
                    prop::sample::select(vec!["a", "b"]).prop_map(|k| SectionKey::Name(k.into())),
                    prop::sample::select(vec!["a", "b"]).prop_map(|k| SectionKey::Id(k.into())),
                ],
            ),
            prop::sample::select(vec![
                "keep it short",
                "keep it very short",
                "never promise prices",
                "x",
                "",
            ])
            .prop_map(String::from),
        )
    }

    fn as_refs(specs: &[Spec]) -> Vec<(&str, Option<SectionKey>, &str)> {
        specs
            .iter()
            .map(|(t, k, c)| (*t, k.clone(), c.as_str()))
            .collect()
    }

    type Parsed = (Vec<ElementSpan>, Vec<ElementSpan>, Vec<(usize, usize)>);

    /// Both sides parsed, and the pairs `pair_sections` gives for them.
    fn pairs_of(before: &[Spec], after: &[Spec]) -> Parsed {
        let (bt, bs) = side_of(&as_refs(before));
        let (at, as_) = side_of(&as_refs(after));
        let b = Side {
            text: &bt,
            root: "prompt",
            sections: &bs,
        };
        let a = Side {
            text: &at,
            root: "prompt",
            sections: &as_,
        };
        let pairs = pair_sections(&b, &a);
        (bs, as_, pairs)
    }

    /// The keyed pairing by the definition: each keyed `after` section, in order, takes the first
    /// `before` section not yet taken with the same tag and the same key.
    fn keyed_by_definition(before: &[ElementSpan], after: &[ElementSpan]) -> Vec<(usize, usize)> {
        let mut used = vec![false; before.len()];
        let mut pairs = Vec::new();
        for (a, s) in after.iter().enumerate() {
            if s.key.is_none() {
                continue;
            }
            if let Some(b) = (0..before.len())
                .find(|&b| !used[b] && before[b].tag == s.tag && before[b].key == s.key)
            {
                used[b] = true;
                pairs.push((b, a));
            }
        }
        pairs
    }

    /// The similarity pairing by the definition: repeatedly the most similar free pair (first
    /// in document order on a tie), while it reaches the threshold.
    fn similar_by_definition(sims: &[Vec<f64>]) -> Vec<(usize, usize)> {
        let rows = sims.len();
        let cols = sims.first().map_or(0, Vec::len);
        let (mut used_r, mut used_c) = (vec![false; rows], vec![false; cols]);
        let mut pairs = Vec::new();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for i in 0..rows {
                for j in 0..cols {
                    let s = sims[i][j];
                    if used_r[i] || used_c[j] || s < MOVED_SIMILARITY {
                        continue;
                    }
                    if best.is_none_or(|(bs, _, _)| s > bs) {
                        best = Some((s, i, j));
                    }
                }
            }
            let Some((_, i, j)) = best else { break };
            used_r[i] = true;
            used_c[j] = true;
            pairs.push((i, j));
        }
        pairs.sort_unstable();
        pairs
    }

    proptest! {
        #[test]
        fn keyed_pairs_are_the_definition(
            before in prop::collection::vec(spec(), 0..8),
            after in prop::collection::vec(spec(), 0..8),
        ) {
            let (bs, as_, pairs) = pairs_of(&before, &after);
            let mut keyed: Vec<(usize, usize)> =
                pairs.iter().copied().filter(|&(b, _)| bs[b].key.is_some()).collect();
            keyed.sort_unstable_by_key(|&(_, a)| a);
            prop_assert_eq!(keyed, keyed_by_definition(&bs, &as_));
        }

        #[test]
        fn every_pairing_is_one_to_one_within_a_tag(
            before in prop::collection::vec(spec(), 0..8),
            after in prop::collection::vec(spec(), 0..8),
        ) {
            let (bs, as_, pairs) = pairs_of(&before, &after);
            let mut seen_b = vec![false; bs.len()];
            let mut seen_a = vec![false; as_.len()];
            for &(b, a) in &pairs {
                prop_assert!(!seen_b[b] && !seen_a[a], "paired twice: {:?}", pairs);
                seen_b[b] = true;
                seen_a[a] = true;
                prop_assert_eq!(&bs[b].tag, &as_[a].tag);
                prop_assert_eq!(&bs[b].key, &as_[a].key);
            }
        }

        #[test]
        fn a_reorder_pairs_every_section_with_its_own_text(
            (before, after) in prop::collection::vec(spec(), 0..8)
                .prop_flat_map(|b| (Just(b.clone()), Just(b).prop_shuffle())),
        ) {
            // The same sections, shuffled: every one is paired, an unkeyed one with one of equal
            // text (a keyed one with one of its key: a repeated key pairs in order, by design).
            let (bs, as_, pairs) = pairs_of(&before, &after);
            prop_assert_eq!(pairs.len(), bs.len());
            for &(b, a) in &pairs {
                prop_assert_eq!(&bs[b].tag, &as_[a].tag);
                prop_assert_eq!(&bs[b].key, &as_[a].key);
                if bs[b].key.is_none() {
                    prop_assert_eq!(&before[b], &after[a]);
                }
            }
        }

        #[test]
        fn similarity_pairing_is_the_definition(
            removed in prop::collection::vec(prop::collection::vec(0u8..6, 0..6), 0..6),
            inserted in prop::collection::vec(prop::collection::vec(0u8..6, 0..6), 0..6),
        ) {
            let text = |words: &Vec<u8>| -> String {
                words.iter().map(|w| format!("w{w} ")).collect()
            };
            let before: Vec<Spec> = removed.iter().map(|w| ("rule", None, text(w))).collect();
            let after: Vec<Spec> = inserted.iter().map(|w| ("rule", None, text(w))).collect();
            let (bt, bs) = side_of(&as_refs(&before));
            let (at, as_) = side_of(&as_refs(&after));
            let b = Side { text: &bt, root: "prompt", sections: &bs };
            let a = Side { text: &at, root: "prompt", sections: &as_ };
            let rs: Vec<usize> = (0..bs.len()).collect();
            let is: Vec<usize> = (0..as_.len()).collect();
            let mut got = pair_similar(&b, &a, &rs, &is);
            got.sort_unstable();
            let (ob, nb) = (word_bags(&b, &rs), word_bags(&a, &is));
            let sims: Vec<Vec<f64>> = ob
                .iter()
                .map(|x| nb.iter().map(|y| similarity(x, y)).collect())
                .collect();
            prop_assert_eq!(got, similar_by_definition(&sims));
        }
    }
}
