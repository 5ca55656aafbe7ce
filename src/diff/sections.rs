//! Section alignment: which root child of `before` is which root child of `after`, and what
//! happened to each (added, removed, modified, moved, unchanged).
//!
//! Works on the [`ElementSpan`]s of the shared parse (`crate::validate::outline`); it parses
//! nothing itself and knows nothing of HTML. Start at [`align`]; [`paths`] names the sections.
//!
//! The steps, in order:
//! 1. keyed sections (a `name` or `id` attribute) match by tag and key, in order when a key
//!    repeats;
//! 2. unkeyed sections of one tag are aligned by their text with a sequence diff, so one inserted
//!    `<rule>` is one `added`; where a run of removed texts meets a run of inserted ones, they pair
//!    up as `modified` (by similarity when the runs differ in length);
//! 3. among matched sections, a heaviest common subsequence of before order and after order (by
//!    text length, so a small section is the one that moved) stays put; the rest are `moved`.

use std::collections::hash_map::DefaultHasher;
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use similar::DiffTag;

use super::seq::{diff_tokens, slot, Interner, Method};
use super::tokenise::{is_blank, word_tokens};
use crate::protocol::ChangeKind;
use crate::validate::{ElementSpan, SectionKey};

/// One side of the diff: its text and its root's children.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    pub(crate) text: &'a str,
    /// The root element's tag; `""` for an empty side (it has no sections to name).
    pub(crate) root: &'a str,
    pub(crate) sections: &'a [ElementSpan],
}

impl<'a> Side<'a> {
    pub(crate) fn section_text(&self, index: usize) -> &'a str {
        self.sections
            .get(index)
            .and_then(|s| self.text.get(s.span.clone()))
            .unwrap_or_default()
    }

    /// The byte range of section `index` in `text`.
    pub(crate) fn section_span(&self, index: usize) -> Option<std::ops::Range<usize>> {
        self.sections.get(index).map(|s| s.span.clone())
    }
}

/// One row of the alignment: a section index on either side or both, and what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Aligned {
    pub(crate) before: Option<usize>,
    pub(crate) after: Option<usize>,
    pub(crate) change: ChangeKind,
}

/// Aligns the sections of two sides.
///
/// The rows come in `after` order; a removed section comes right after the `after` position of
/// the nearest section before it (in `before`) that was matched and did not move, or first when
/// there is none. So a removed section shows where it was, among its old neighbours.
pub(crate) fn align(before: &Side, after: &Side) -> Vec<Aligned> {
    let mut matched_after: Vec<Option<usize>> = vec![None; before.sections.len()];
    let mut matched_before: Vec<Option<usize>> = vec![None; after.sections.len()];
    let mut pair = |b: usize, a: usize| {
        if let Some(slot) = matched_after.get_mut(b) {
            *slot = Some(a);
        }
        if let Some(slot) = matched_before.get_mut(a) {
            *slot = Some(b);
        }
    };
    for (b, a) in match_keyed(before, after) {
        pair(b, a);
    }
    for (b, a) in match_unkeyed(before, after) {
        pair(b, a);
    }

    let stays = stationary(before, &matched_after);

    // Removed sections with their anchor: 1 + the after index of the last stationary section
    // before them, 0 when there is none. The stationary sections increase in both orders, so the
    // anchors never decrease along `before`: this list is sorted by (anchor, before index).
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut anchor = 0;
    for (b, a) in matched_after.iter().enumerate() {
        match a {
            Some(a) if stays.get(b).copied().unwrap_or(false) => anchor = a + 1,
            Some(_) => {}
            None => removed.push((anchor, b)),
        }
    }
    let mut removed = removed.into_iter().peekable();
    let mut rows = Vec::with_capacity(matched_before.len() + removed.len());
    // The removed sections anchored at `at` (after the after section `at - 1`).
    let mut push_removed = |rows: &mut Vec<Aligned>, at: usize| {
        while let Some((_, b)) = removed.next_if(|&(anchor, _)| anchor == at) {
            rows.push(Aligned {
                before: Some(b),
                after: None,
                change: ChangeKind::Removed,
            });
        }
    };
    push_removed(&mut rows, 0);
    for (a, b) in matched_before.iter().enumerate() {
        let change = match b {
            None => ChangeKind::Added,
            Some(b) if !stays.get(*b).copied().unwrap_or(false) => ChangeKind::Moved,
            Some(b) if before.section_text(*b) == after.section_text(a) => ChangeKind::Unchanged,
            Some(_) => ChangeKind::Modified,
        };
        rows.push(Aligned {
            before: *b,
            after: Some(a),
            change,
        });
        push_removed(&mut rows, a + 1);
    }
    rows
}

/// The path of every section of a side, per API.md §4: `/{root}/{tag}` when the tag is alone,
/// `/{root}/{tag}[n]` among same-tag siblings, `/{root}/{tag}[@name="x"]` when keyed.
pub(crate) fn paths(side: &Side) -> Vec<String> {
    let mut tags = Interner::default();
    let ids: Vec<u32> = side
        .sections
        .iter()
        .map(|section| tags.id(section.tag.as_str()))
        .collect();
    let mut totals: Vec<usize> = vec![0; tags.len()];
    for &id in &ids {
        if let Some(total) = slot(&mut totals, id) {
            *total += 1;
        }
    }
    let mut seen: Vec<usize> = vec![0; tags.len()];
    side.sections
        .iter()
        .zip(ids)
        .map(|(section, tag_id)| {
            let tag = section.tag.as_str();
            let total = slot(&mut totals, tag_id).map_or(1, |total| *total);
            let nth = slot(&mut seen, tag_id).map_or(1, |nth| {
                *nth += 1;
                *nth
            });
            let root = side.root;
            match &section.key {
                Some(SectionKey::Name(name)) => format!("/{root}/{tag}[@name=\"{name}\"]"),
                Some(SectionKey::Id(id)) => format!("/{root}/{tag}[@id=\"{id}\"]"),
                None if total > 1 => {
                    format!("/{root}/{tag}[{nth}]")
                }
                None => format!("/{root}/{tag}"),
            }
        })
        .collect()
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
    let mut pairs = Vec::new();
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
                        pairs.push((b, a));
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
        let mut taken_before: Vec<usize> = Vec::new();
        let mut taken_after: Vec<usize> = Vec::new();
        for (_, inserted) in &runs {
            for &a in inserted {
                let id = texts.id(after.section_text(a));
                if let Some(b) = waiting
                    .get_mut(id as usize)
                    .and_then(|queue| queue.pop_front())
                {
                    pairs.push((b, a));
                    taken_before.push(b);
                    taken_after.push(a);
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
                .filter(|b| !taken_before.contains(b))
                .collect();
            let inserted: Vec<usize> = inserted
                .iter()
                .copied()
                .filter(|a| !taken_after.contains(a))
                .collect();
            let before_count = pairs.len();
            pair_run(before, after, &removed, &inserted, &mut pairs);
            let paired = pairs.get(before_count..).unwrap_or_default();
            left_before.extend(
                removed
                    .iter()
                    .filter(|b| !paired.iter().any(|p| p.0 == **b)),
            );
            left_after.extend(
                inserted
                    .iter()
                    .filter(|a| !paired.iter().any(|p| p.1 == **a)),
            );
        }

        // 4. Moved and edited.
        pair_similar(before, after, &left_before, &left_after, &mut pairs);
    }
    pairs
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
    pairs: &mut Vec<(usize, usize)>,
) {
    if removed.is_empty() || inserted.is_empty() {
        return;
    }
    if pairing_work(before, after, removed, inserted) > MAX_PAIRING_WORK {
        return;
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
}

/// Beyond this many similarity comparisons in one run, pair in order instead.
const MAX_PAIRING_WORK: usize = 4_000_000;

/// What comparing every removed section with every inserted one costs: each side's text length
/// times the other side's count.
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
    pairs: &mut Vec<(usize, usize)>,
) {
    if removed.is_empty() || inserted.is_empty() {
        return;
    }
    let (k, m) = (removed.len(), inserted.len());
    if k == m || pairing_work(before, after, removed, inserted) > MAX_PAIRING_WORK {
        pairs.extend(removed.iter().copied().zip(inserted.iter().copied()));
        return;
    }
    let old_bags = word_bags(before, removed);
    let new_bags = word_bags(after, inserted);
    let shorter_is_old = k < m;
    let (short, long) = if shorter_is_old {
        (&old_bags, &new_bags)
    } else {
        (&new_bags, &old_bags)
    };
    for (s, l) in monotone_best_assignment(short, long) {
        let (o, n) = if shorter_is_old { (s, l) } else { (l, s) };
        if let (Some(&b), Some(&a)) = (removed.get(o), inserted.get(n)) {
            pairs.push((b, a));
        }
    }
}

/// Assigns every item of `short` to a distinct item of `long`, keeping order, maximising the sum
/// of similarities. Dynamic programming over `short.len() × long.len()`.
fn monotone_best_assignment(short: &[Vec<u64>], long: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let (s, l) = (short.len(), long.len());
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
            let sim = match (short.get(i - 1), long.get(j - 1)) {
                (Some(x), Some(y)) => similarity(x, y),
                _ => 0.0,
            };
            let take = best
                .get((i - 1) * width + j - 1)
                .copied()
                .unwrap_or(f64::NEG_INFINITY)
                + sim;
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

/// The sorted hashes of a text's non-blank word tokens.
/// The [`word_bag`] of each of `sections` on `side`.
fn word_bags(side: &Side, sections: &[usize]) -> Vec<Vec<u64>> {
    sections
        .iter()
        .map(|&i| word_bag(side.section_text(i)))
        .collect()
}

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

/// Which matched `before` sections keep their place: the heaviest subsequence of matched
/// sections that is increasing in both orders, weighted by text length. `O(n log n)` with a
/// Fenwick tree of prefix maxima over `after` positions.
fn stationary(before: &Side, matched_after: &[Option<usize>]) -> Vec<bool> {
    let n_after = matched_after.iter().flatten().max().map_or(0, |&a| a + 1);
    // tree[i] holds (best weight, before index) over a range of after positions ending at i-1.
    let mut tree: Vec<(u64, Option<usize>)> = vec![(0, None); n_after + 1];
    let mut best_at: Vec<(u64, Option<usize>)> = vec![(0, None); matched_after.len()];
    let mut overall: (u64, Option<usize>) = (0, None);
    for (b, a) in matched_after.iter().enumerate() {
        let Some(a) = *a else { continue };
        // Best chain ending at an after position below `a`.
        let mut prev: (u64, Option<usize>) = (0, None);
        let mut i = a;
        while i > 0 {
            if let Some(&candidate) = tree.get(i) {
                if candidate.0 > prev.0 {
                    prev = candidate;
                }
            }
            i &= i - 1;
        }
        let weight = before.section_text(b).len() as u64 + 1;
        let here = (prev.0 + weight, Some(b));
        if let Some(slot) = best_at.get_mut(b) {
            *slot = (here.0, prev.1);
        }
        if here.0 > overall.0 {
            overall = here;
        }
        let mut i = a + 1;
        while i <= n_after {
            if let Some(slot) = tree.get_mut(i) {
                if here.0 > slot.0 {
                    *slot = here;
                }
            }
            i += i & i.wrapping_neg();
        }
    }
    let mut stays = vec![false; matched_after.len()];
    let mut cursor = overall.1;
    while let Some(b) = cursor {
        match stays.get_mut(b) {
            Some(slot) if !*slot => *slot = true,
            _ => break,
        }
        cursor = best_at.get(b).and_then(|&(_, prev)| prev);
    }
    stays
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::SectionKey;

    /// Lays out `<prompt>` with the given sections (tag, key, content) and parses it.
    fn side_of(sections: &[(&str, Option<SectionKey>, &str)]) -> (String, Vec<ElementSpan>) {
        let mut text = String::from("<prompt>");
        for (tag, key, content) in sections {
            let attr = match key {
                Some(SectionKey::Name(n)) => format!(" name=\"{n}\""),
                Some(SectionKey::Id(n)) => format!(" id=\"{n}\""),
                None => String::new(),
            };
            text.push_str(&format!("<{tag}{attr}>{content}</{tag}>"));
        }
        text.push_str("</prompt>");
        let parsed = crate::validate::outline(&text);
        assert!(parsed.well_formed, "{text}");
        (text, parsed.sections)
    }

    fn changes(
        before: &[(&str, Option<SectionKey>, &str)],
        after: &[(&str, Option<SectionKey>, &str)],
    ) -> Vec<(Option<usize>, Option<usize>, ChangeKind)> {
        let (bt, bs) = side_of(before);
        let (at, as_) = side_of(after);
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
        align(&b, &a)
            .into_iter()
            .map(|r| (r.before, r.after, r.change))
            .collect()
    }

    fn rules(texts: &[&'static str]) -> Vec<(&'static str, Option<SectionKey>, &'static str)> {
        texts.iter().map(|t| ("rule", None, *t)).collect()
    }

    use ChangeKind::*;

    #[test]
    fn one_rule_inserted_among_five_is_one_added() {
        let got = changes(
            &rules(&["a", "b", "c", "d", "e"]),
            &rules(&["a", "b", "x", "c", "d", "e"]),
        );
        assert_eq!(
            got,
            vec![
                (Some(0), Some(0), Unchanged),
                (Some(1), Some(1), Unchanged),
                (None, Some(2), Added),
                (Some(2), Some(3), Unchanged),
                (Some(3), Some(4), Unchanged),
                (Some(4), Some(5), Unchanged),
            ]
        );
    }

    #[test]
    fn an_edit_next_to_an_insert_pairs_by_similarity() {
        let got = changes(
            &rules(&["keep it short", "never promise prices"]),
            &rules(&[
                "keep it short",
                "brand new rule",
                "never promise any prices",
            ]),
        );
        assert_eq!(
            got,
            vec![
                (Some(0), Some(0), Unchanged),
                (None, Some(1), Added),
                (Some(1), Some(2), Modified),
            ]
        );
    }

    #[test]
    fn swap_moves_the_smaller_section() {
        let got = changes(
            &[("role", None, "a long role text"), ("goal", None, "g")],
            &[("goal", None, "g"), ("role", None, "a long role text")],
        );
        assert_eq!(
            got,
            vec![(Some(1), Some(0), Moved), (Some(0), Some(1), Unchanged)]
        );
    }

    #[test]
    fn removed_sections_sit_where_they_were() {
        let got = changes(
            &rules(&["a", "gone", "b"]),
            &[
                ("rule", None, "a"),
                ("rule", None, "b"),
                ("goal", None, "new"),
            ],
        );
        assert_eq!(
            got,
            vec![
                (Some(0), Some(0), Unchanged),
                (Some(1), None, Removed),
                (Some(2), Some(1), Unchanged),
                (None, Some(2), Added),
            ]
        );
    }

    #[test]
    fn keyed_sections_match_by_key_not_position() {
        let name = |n: &str| Some(SectionKey::Name(n.to_string()));
        let got = changes(
            &[("rule", name("a"), "one"), ("rule", name("b"), "two")],
            &[("rule", name("b"), "two!"), ("rule", name("c"), "three")],
        );
        assert_eq!(
            got,
            vec![
                (Some(0), None, Removed),
                (Some(1), Some(0), Modified),
                (None, Some(1), Added),
            ]
        );
    }

    #[test]
    fn paths_follow_the_contract() {
        let (text, spans) = side_of(&[
            ("role", None, "r"),
            ("rule", None, "a"),
            ("rule", Some(SectionKey::Name("x".into())), "b"),
            ("rule", None, "c"),
            ("example", Some(SectionKey::Id("e1".into())), "e"),
        ]);
        let side = Side {
            text: &text,
            root: "prompt",
            sections: &spans,
        };
        assert_eq!(
            paths(&side),
            vec![
                "/prompt/role",
                "/prompt/rule[1]",
                "/prompt/rule[@name=\"x\"]",
                "/prompt/rule[3]",
                "/prompt/example[@id=\"e1\"]",
            ]
        );
    }

    #[test]
    fn best_assignment_keeps_order() {
        let a = vec![1u64, 2, 3];
        let b = vec![7u64, 8];
        let c = vec![1u64, 2];
        assert_eq!(
            monotone_best_assignment(std::slice::from_ref(&a), &[b.clone(), c.clone()]),
            vec![(0, 1)]
        );
        assert_eq!(
            monotone_best_assignment(&[b.clone(), a], &[b, vec![], c]),
            vec![(0, 0), (1, 2)]
        );
    }
}
