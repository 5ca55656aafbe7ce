//! What the structural diff reports (API.md §4 *Diff*): each change kind, section matching,
//! moves, paths, empty sides, and the text fallback for a malformed side.

mod diff_common;

use diff_common::checked_diff;
use prompt_assist::protocol::{ChangeKind, DiffOp, OpKind, PromptDiff};

use ChangeKind::*;

fn prompt(sections: &[&str]) -> String {
    format!("<prompt>\n  {}\n</prompt>\n", sections.join("\n  "))
}

/// `(path, change)` of every section, in output order.
fn kinds(diff: &PromptDiff) -> Vec<(&str, ChangeKind)> {
    diff.sections
        .iter()
        .map(|s| (s.path.as_str(), s.change))
        .collect()
}

const ROLE: &str = "<role>Leasing assistant</role>";
const GOAL: &str = "<goal>Convert leads into tours.</goal>";

fn rules(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| format!("<rule>{t}</rule>")).collect()
}

#[test]
fn identical_prompts_are_all_unchanged() {
    let p = prompt(&[ROLE, GOAL]);
    let diff = checked_diff(&p, &p);
    assert!(diff.structural);
    assert_eq!(
        kinds(&diff),
        [("/prompt/role", Unchanged), ("/prompt/goal", Unchanged)]
    );
    assert_eq!(diff.unified, "");
    assert_eq!(
        diff.ops,
        [DiffOp {
            op: OpKind::Equal,
            text: p.clone()
        }]
    );
    assert_eq!(diff.sections[0].ops.len(), 1);
    assert_eq!(diff.stats, Default::default());
}

#[test]
fn a_changed_section_is_modified_with_word_ops() {
    let before = prompt(&[ROLE, GOAL]);
    let after = prompt(&[ROLE, "<goal>Convert leads into booked tours.</goal>"]);
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [("/prompt/role", Unchanged), ("/prompt/goal", Modified)]
    );
    let goal = &diff.sections[1];
    assert_eq!(goal.tag, "goal");
    assert_eq!(goal.before.as_deref(), Some(GOAL));
    let inserted: Vec<&str> = goal
        .ops
        .iter()
        .filter(|o| o.op == OpKind::Insert)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(inserted, ["booked "]);
    assert_eq!((diff.stats.inserted, diff.stats.deleted), (1, 0));
    assert_eq!(diff.stats.modified, 1);
}

#[test]
fn added_and_removed_sections() {
    let before = prompt(&[ROLE, GOAL]);
    let after = prompt(&[ROLE, "<tone>Warm.</tone>"]);
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [
            ("/prompt/role", Unchanged),
            ("/prompt/goal", Removed),
            ("/prompt/tone", Added)
        ]
    );
    assert_eq!(
        diff.sections[1].ops,
        [DiffOp {
            op: OpKind::Delete,
            text: GOAL.into()
        }]
    );
    assert_eq!(
        diff.sections[2].ops,
        [DiffOp {
            op: OpKind::Insert,
            text: "<tone>Warm.</tone>".into()
        }]
    );
    assert_eq!((diff.stats.added, diff.stats.removed), (1, 1));
}

#[test]
fn inserting_one_rule_among_five_is_one_added() {
    let five = rules(&["One.", "Two.", "Three.", "Four.", "Five."]);
    let mut six = five.clone();
    six.insert(2, "<rule>New.</rule>".into());
    let before = prompt(&five.iter().map(String::as_str).collect::<Vec<_>>());
    let after = prompt(&six.iter().map(String::as_str).collect::<Vec<_>>());
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [
            ("/prompt/rule[1]", Unchanged),
            ("/prompt/rule[2]", Unchanged),
            ("/prompt/rule[3]", Added),
            ("/prompt/rule[4]", Unchanged),
            ("/prompt/rule[5]", Unchanged),
            ("/prompt/rule[6]", Unchanged),
        ]
    );
    // A section present on both sides uses its `after` path: "Three." was rule[3], is rule[4].
    assert_eq!(
        diff.sections[3].before.as_deref(),
        Some("<rule>Three.</rule>")
    );
    assert_eq!(diff.stats.added, 1);
    assert_eq!(
        diff.stats.modified + diff.stats.moved + diff.stats.removed,
        0
    );
}

#[test]
fn deleting_one_rule_and_editing_its_neighbour() {
    let before_rules = rules(&["Be brief.", "Never promise prices.", "Ask for a date."]);
    let after_rules = rules(&["Be brief.", "Ask for a move-in date."]);
    let before = prompt(&before_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let after = prompt(&after_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let diff = checked_diff(&before, &after);
    // The removed rule is paired by similarity, not by position: "Ask for a date." is the one
    // that was edited.
    assert_eq!(
        kinds(&diff),
        [
            ("/prompt/rule[1]", Unchanged),
            ("/prompt/rule[2]", Removed),
            ("/prompt/rule[2]", Modified),
        ]
    );
    assert_eq!(
        diff.sections[1].before.as_deref(),
        Some("<rule>Never promise prices.</rule>")
    );
}

#[test]
fn a_pure_reorder_is_only_moved_and_unchanged() {
    let before = prompt(&[ROLE, GOAL, "<tone>Warm.</tone>", "<format>Short.</format>"]);
    let after = prompt(&["<format>Short.</format>", ROLE, GOAL, "<tone>Warm.</tone>"]);
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [
            ("/prompt/format", Moved),
            ("/prompt/role", Unchanged),
            ("/prompt/goal", Unchanged),
            ("/prompt/tone", Unchanged),
        ]
    );
    assert_eq!(diff.stats.moved, 1);
    assert_eq!(
        diff.stats.added + diff.stats.removed + diff.stats.modified,
        0
    );
    // A moved, unedited section's ops are one `equal`.
    assert_eq!(diff.sections[0].ops.len(), 1);
    assert_eq!(diff.sections[0].ops[0].op, OpKind::Equal);
}

#[test]
fn reordering_same_tag_rules_is_moved_not_modified() {
    let before_rules = rules(&["Alpha rule.", "Beta rule.", "Gamma rule.", "Delta rule."]);
    let after_rules = rules(&["Alpha rule.", "Gamma rule.", "Delta rule.", "Beta rule."]);
    let before = prompt(&before_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let after = prompt(&after_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let diff = checked_diff(&before, &after);
    let changes: Vec<ChangeKind> = diff.sections.iter().map(|s| s.change).collect();
    assert_eq!(changes, [Unchanged, Unchanged, Unchanged, Moved]);
    assert_eq!(
        diff.sections[3].after.as_deref(),
        Some("<rule>Beta rule.</rule>")
    );
}

#[test]
fn a_moved_section_that_was_also_edited_is_moved_with_ops() {
    let before = prompt(&[ROLE, GOAL, "<tone>Warm.</tone>"]);
    let after = prompt(&["<tone>Warm and upbeat.</tone>", ROLE, GOAL]);
    let diff = checked_diff(&before, &after);
    // The edited section cannot be matched by content equality, but as the only `tone` it is
    // still the same section.
    assert_eq!(kinds(&diff)[0], ("/prompt/tone", Moved));
    let ops = &diff.sections[0].ops;
    assert!(ops
        .iter()
        .any(|o| o.op == OpKind::Insert && o.text.contains("upbeat")));
}

#[test]
fn keyed_rule_with_changed_content_is_modified_in_place() {
    let before = prompt(&[
        r#"<rule name="pricing">Never promise prices.</rule>"#,
        r#"<rule name="tone">Be warm.</rule>"#,
    ]);
    let after = prompt(&[
        r#"<rule name="pricing">Never quote prices or discounts.</rule>"#,
        r#"<rule name="tone">Be warm.</rule>"#,
    ]);
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [
            (r#"/prompt/rule[@name="pricing"]"#, Modified),
            (r#"/prompt/rule[@name="tone"]"#, Unchanged),
        ]
    );
}

#[test]
fn keyed_sections_match_by_key_even_when_swapped_and_edited() {
    let before = prompt(&[
        r#"<example id="a">First example.</example>"#,
        r#"<example id="b">Second example.</example>"#,
    ]);
    let after = prompt(&[
        r#"<example id="b">Second example, edited.</example>"#,
        r#"<example id="a">First example.</example>"#,
    ]);
    let diff = checked_diff(&before, &after);
    let got = kinds(&diff);
    assert_eq!(got.len(), 2);
    assert!(
        got.contains(&(r#"/prompt/example[@id="a"]"#, Unchanged))
            || got.contains(&(r#"/prompt/example[@id="a"]"#, Moved))
    );
    assert_eq!(diff.stats.moved, 1);
    assert_eq!(diff.stats.added + diff.stats.removed, 0);
}

#[test]
fn an_attribute_change_shows_in_the_ops() {
    let before = prompt(&[r#"<goal lang="en">Tours.</goal>"#]);
    let after = prompt(&[r#"<goal lang="fr">Tours.</goal>"#]);
    let diff = checked_diff(&before, &after);
    assert_eq!(kinds(&diff), [("/prompt/goal", Modified)]);
    let ops = &diff.sections[0].ops;
    assert_eq!(ops[0].op, OpKind::Delete);
    assert_eq!(ops[0].text, r#"<goal lang="en">"#);
    assert_eq!(ops[1].text, r#"<goal lang="fr">"#);
}

#[test]
fn paths_count_same_tag_siblings_per_side() {
    let before = prompt(&[ROLE, "<rule>A.</rule>"]);
    let after = prompt(&[
        ROLE,
        "<rule>A.</rule>",
        "<rule>B.</rule>",
        r#"<rule id="x">C.</rule>"#,
    ]);
    let diff = checked_diff(&before, &after);
    assert_eq!(
        kinds(&diff),
        [
            ("/prompt/role", Unchanged),
            ("/prompt/rule[1]", Unchanged),
            ("/prompt/rule[2]", Added),
            (r#"/prompt/rule[@id="x"]"#, Added),
        ]
    );
    // The other way round, the removed ones keep their `before` paths: there `rule` is alone.
    let back = checked_diff(&after, &before);
    assert_eq!(
        kinds(&back),
        [
            ("/prompt/role", Unchanged),
            ("/prompt/rule", Unchanged),
            ("/prompt/rule[2]", Removed),
            (r#"/prompt/rule[@id="x"]"#, Removed),
        ]
    );
}

#[test]
fn the_root_name_is_part_of_the_path() {
    let diff = checked_diff(
        "<system><goal>A</goal></system>",
        "<system><goal>B</goal></system>",
    );
    assert_eq!(kinds(&diff), [("/system/goal", Modified)]);
}

#[test]
fn an_empty_side_makes_every_section_added_or_removed() {
    let p = prompt(&[ROLE, GOAL, "<rule>A.</rule>", "<rule>B.</rule>"]);
    for empty in ["", "  \r\n\t"] {
        let diff = checked_diff(empty, &p);
        assert!(diff.structural);
        assert_eq!(
            kinds(&diff),
            [
                ("/prompt/role", Added),
                ("/prompt/goal", Added),
                ("/prompt/rule[1]", Added),
                ("/prompt/rule[2]", Added),
            ]
        );
        for s in &diff.sections {
            assert_eq!(s.ops.len(), 1);
            assert_eq!(s.ops[0].op, OpKind::Insert);
            assert_eq!(Some(s.ops[0].text.as_str()), s.after.as_deref());
        }
        let diff = checked_diff(&p, empty);
        assert!(diff.structural);
        assert!(diff.sections.iter().all(|s| s.change == Removed));
        assert_eq!(diff.stats.removed, 4);
        assert!(diff
            .sections
            .iter()
            .all(|s| s.ops.len() == 1 && s.ops[0].op == OpKind::Delete));
    }
    let diff = checked_diff("", "");
    assert!(diff.structural && diff.sections.is_empty() && diff.ops.is_empty());
}

#[test]
fn a_malformed_side_gives_the_text_fallback() {
    let good = prompt(&[ROLE, GOAL]);
    let bad = good.replace("</goal>", "");
    for (before, after) in [(&good, &bad), (&bad, &good)] {
        let diff = checked_diff(before, after);
        assert!(!diff.structural);
        assert!(diff.sections.is_empty());
        assert_eq!(
            diff.stats.added + diff.stats.removed + diff.stats.modified,
            0
        );
        let changed: Vec<&str> = diff
            .ops
            .iter()
            .filter(|o| o.op != OpKind::Equal)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(changed, ["</goal>"]);
    }
    // Junk that is not XML at all, against an empty side: still a text diff.
    let diff = checked_diff("", "just some words");
    assert!(!diff.structural);
    assert_eq!(diff.stats.inserted, 3);
}

#[test]
fn stats_count_non_whitespace_tokens_of_the_whole_text_diff() {
    let before = prompt(&["<goal>Convert leads.</goal>"]);
    let after = prompt(&["<goal>Convert qualified leads, today!</goal>"]);
    let diff = checked_diff(&before, &after);
    // Inserted: "qualified", ",", "today", "!"; deleted: "." (spaces are not counted).
    assert_eq!(diff.stats.inserted, 4);
    assert_eq!(diff.stats.deleted, 1);
}

#[test]
fn unified_has_the_standard_shape() {
    let before = "<prompt>\n<role>R</role>\n<goal>G</goal>\n</prompt>";
    let after = "<prompt>\n<role>R</role>\n<goal>G2</goal>\n</prompt>";
    let diff = checked_diff(before, after);
    assert_eq!(
        diff.unified,
        "--- before\n+++ after\n@@ -1,4 +1,4 @@\n <prompt>\n <role>R</role>\n-<goal>G</goal>\n+<goal>G2</goal>\n </prompt>\n\\ No newline at end of file\n"
    );
}

mod reorder {
    use super::*;
    use proptest::prelude::*;

    fn sections() -> impl Strategy<Value = Vec<String>> {
        // Unkeyed sections may repeat a text; keyed ones have unique keys (a repeated key is a
        // `duplicate-section` problem, matched in order).
        prop::collection::vec(
            (
                prop::sample::select(vec!["rule", "rule", "example", "goal"]),
                "[a-c]{1,3}( [a-c]{1,3}){0,2}",
            ),
            0..9,
        )
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (tag, text))| {
                    if i % 3 == 2 {
                        format!("<{tag} name=\"k{i}\">{text}</{tag}>")
                    } else {
                        format!("<{tag}>{text}</{tag}>")
                    }
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn a_pure_reorder_is_never_added_removed_or_modified(
            (original, shuffled) in sections().prop_flat_map(|v| {
                let shuffled = Just(v.clone()).prop_shuffle();
                (Just(v), shuffled)
            })
        ) {
            let refs = |v: &[String]| v.iter().map(String::as_str).collect::<Vec<_>>().join("");
            let before = format!("<prompt>{}</prompt>", refs(&original));
            let after = format!("<prompt>{}</prompt>", refs(&shuffled));
            let diff = checked_diff(&before, &after);
            prop_assert!(diff.structural);
            prop_assert_eq!(diff.sections.len(), original.len());
            for s in &diff.sections {
                prop_assert!(matches!(s.change, Moved | Unchanged), "{:?}", s);
                prop_assert_eq!(&s.before, &s.after);
            }
            if original == shuffled {
                prop_assert_eq!(diff.stats.moved, 0);
            }
        }
    }
}

#[test]
fn a_rule_moved_to_the_end_and_edited_is_one_moved() {
    let before_rules = rules(&[
        "Greet the lead by name.",
        "Never promise prices or discounts to anyone.",
        "Ask for the move-in date.",
        "Offer two tour slots.",
    ]);
    let after_rules = rules(&[
        "Greet the lead by name.",
        "Ask for the move-in date.",
        "Offer two tour slots.",
        "Never promise prices or special discounts to anyone.",
    ]);
    let before = prompt(&before_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let after = prompt(&after_rules.iter().map(String::as_str).collect::<Vec<_>>());
    let diff = checked_diff(&before, &after);
    let changes: Vec<ChangeKind> = diff.sections.iter().map(|s| s.change).collect();
    assert_eq!(changes, [Unchanged, Unchanged, Unchanged, Moved]);
    let moved = &diff.sections[3];
    assert_eq!(moved.path, "/prompt/rule[4]");
    let inserted: Vec<&str> = moved
        .ops
        .iter()
        .filter(|o| o.op == OpKind::Insert)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(inserted, ["special "]);
}

mod insert_or_delete_one {
    use super::*;
    use proptest::prelude::*;

    fn distinct_rules() -> impl Strategy<Value = Vec<String>> {
        prop::collection::btree_set("[a-z]{2,6}( [a-z]{2,6}){0,3}", 0..9).prop_map(|set| {
            set.into_iter()
                .map(|text| format!("<rule>{text}</rule>"))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn inserting_one_section_anywhere_is_exactly_one_added(
            rules in distinct_rules(),
            at in any::<prop::sample::Index>(),
        ) {
            let mut more = rules.clone();
            // Digits never occur in the generated rules, so the new one is like none of them.
            more.insert(at.index(rules.len() + 1), "<rule>0 1 2 3</rule>".to_string());
            let before = format!("<prompt>{}</prompt>", rules.concat());
            let after = format!("<prompt>{}</prompt>", more.concat());
            let diff = checked_diff(&before, &after);
            prop_assert_eq!(diff.stats.added, 1);
            prop_assert_eq!(diff.stats.removed + diff.stats.modified + diff.stats.moved, 0);
            let back = checked_diff(&after, &before);
            prop_assert_eq!(back.stats.removed, 1);
            prop_assert_eq!(back.stats.added + back.stats.modified + back.stats.moved, 0);
        }
    }
}
