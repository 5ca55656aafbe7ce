//! Section alignment: which root child of `before` is which root child of `after`, and what
//! happened to each (added, removed, modified, moved, unchanged); and the sections' paths.
//!
//! Works on the [`ElementSpan`]s of the shared parse (`crate::validate::outline`); it parses
//! nothing itself and knows nothing of HTML. Start at [`align`]; [`paths`] names the sections.
//!
//! The steps, each an algorithm in its own file:
//! 1. pairing (`super::pairing`): keyed sections by tag and key, unkeyed ones by their texts;
//! 2. moves (`super::increasing`): among paired sections, the heaviest subsequence that is in
//!    the same order on both sides (weighted by text length, so a small section is the one that
//!    moved) stays put; the rest are `moved`;
//! 3. here: the rows in `after` order, each removed section placed after its nearest earlier
//!    neighbour that stayed.
//!
//! Cost of this file: `O(n)` for `n` sections, plus the pairing and `O(n log n)` for the moves;
//! paths are `O(n)` with interned tags.

use super::increasing::heaviest_increasing;
use super::pairing::pair_sections;
use super::seq::{slot, Interner};
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
    for (b, a) in pair_sections(before, after) {
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

/// Which matched `before` sections keep their place: the heaviest subsequence of matched
/// sections that is increasing in both orders, weighted by text length (plus one, so an empty
/// section still counts).
fn stationary(before: &Side, matched_after: &[Option<usize>]) -> Vec<bool> {
    let matched: Vec<(usize, (usize, u64))> = matched_after
        .iter()
        .enumerate()
        .filter_map(|(b, a)| Some((b, ((*a)?, before.section_text(b).len() as u64 + 1))))
        .collect();
    let items: Vec<(usize, u64)> = matched.iter().map(|&(_, item)| item).collect();
    let mut stays = vec![false; matched_after.len()];
    for ((b, _), chosen) in matched.iter().zip(heaviest_increasing(&items)) {
        if let Some(flag) = stays.get_mut(*b) {
            *flag = chosen;
        }
    }
    stays
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::validate::SectionKey;

    /// Lays out `<prompt>` with the given sections (tag, key, content) and parses it.
    pub(in crate::diff) fn side_of(
        sections: &[(&str, Option<SectionKey>, &str)],
    ) -> (String, Vec<ElementSpan>) {
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
}
