//! `mergeDraft` (API.md §4 *Applying a draft*): a hand-made case for each kind of change, the
//! errors, and properties over generated prompt pairs with random decisions: all taken gives
//! `after`, none taken gives `before` with no edits, and in between each section's text is its
//! before or its after, the result is well-formed, and the edits are sorted, do not overlap,
//! never cut an unchanged section and rebuild the text.

mod diff_common;

use diff_common::gen::prompt_pair;
use prompt_assist::diff::{diff_prompts, merge_draft, Decisions, DiffFault, MergeError};
use prompt_assist::protocol::{ChangeKind, MergeResult, PromptDiff, TextEdit, TextRange};
use prompt_assist::validate::outline;
use proptest::prelude::*;

/// The decisions as JS gives them: `(path, take)` pairs, `"*"` for the default.
fn decide(entries: &[(&str, bool)]) -> Decisions {
    Decisions::from_entries(entries.iter().map(|(p, t)| (p.to_string(), *t)))
}

/// `before` with `edits` applied last first, in UTF-16 units; checks that they are sorted and
/// do not overlap.
fn apply(before: &str, edits: &[TextEdit]) -> String {
    for pair in edits.windows(2) {
        assert!(
            pair[0].to < pair[1].from,
            "edits touch or overlap: {edits:?}"
        );
    }
    let mut units: Vec<u16> = before.encode_utf16().collect();
    for e in edits.iter().rev() {
        assert!(e.from <= e.to && e.to as usize <= units.len(), "{e:?}");
        let insert: Vec<u16> = e.insert.encode_utf16().collect();
        units.splice(e.from as usize..e.to as usize, insert);
    }
    String::from_utf16(&units).expect("an edit cut a surrogate pair")
}

/// Whether the row's section is taken under `decisions` (the row's path or the default).
fn taken(decisions: &Decisions, path: &str) -> bool {
    decisions.get(path)
}

/// Merges and checks every rule that holds for any decisions.
fn checked_merge(diff: &PromptDiff, before: &str, decisions: &Decisions) -> MergeResult {
    let merged = merge_draft(diff, decisions).expect("merge");
    assert_eq!(
        apply(before, &merged.edits),
        merged.text,
        "edits do not rebuild the text"
    );
    assert!(
        merged
            .edits
            .iter()
            .all(|e| e.from < e.to || !e.insert.is_empty()),
        "an empty edit: {:?}",
        merged.edits
    );
    // An unchanged section is never inside an edit.
    for s in diff
        .sections
        .iter()
        .filter(|s| s.change == ChangeKind::Unchanged)
    {
        let TextRange { start, end } = s.before_range.expect("range");
        for e in &merged.edits {
            assert!(
                !(e.from < end && e.to > start),
                "{e:?} cuts into unchanged {} at {start}..{end}",
                s.path
            );
        }
    }
    if diff.structural {
        // Each section comes out as its before or its after, as decided.
        let mut expected: Vec<&str> = diff
            .sections
            .iter()
            .filter_map(|s| {
                let take = taken(decisions, &s.path);
                match s.change {
                    ChangeKind::Unchanged => s.before.as_deref(),
                    ChangeKind::Added => take.then_some(s.after.as_deref()).flatten(),
                    ChangeKind::Removed => (!take).then_some(s.before.as_deref()).flatten(),
                    _ if take => s.after.as_deref(),
                    _ => s.before.as_deref(),
                }
            })
            .collect();
        let parsed = outline(&merged.text);
        let blank = merged.text.chars().all(char::is_whitespace);
        assert!(
            blank || parsed.well_formed,
            "not well-formed: {:?}",
            merged.text
        );
        let mut got: Vec<&str> = parsed
            .sections
            .iter()
            .map(|s| &merged.text[s.span.clone()])
            .collect();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected, "sections of {:?}", merged.text);
    }
    merged
}

fn merge_both_ways(before: &str, after: &str) {
    let diff = diff_prompts(before, after);
    let all = checked_merge(&diff, before, &Decisions::all(true));
    assert_eq!(all.text, after);
    let none = checked_merge(&diff, before, &Decisions::all(false));
    assert_eq!(none.text, before);
    assert!(none.edits.is_empty());
}

fn edit(from: u32, to: u32, insert: &str) -> TextEdit {
    TextEdit {
        from,
        to,
        insert: insert.into(),
    }
}

const BEFORE: &str = "<prompt>
  <role>Leasing assistant</role>
  <goal>Convert leads into tours.</goal>
  <rule>Be brief.</rule>
  <rule>Never promise prices.</rule>
</prompt>
";

#[test]
fn a_one_word_change_is_a_one_word_edit() {
    for (old, new) in [
        ("leads", "prospects"),
        ("tours", "\u{1F3E0} tours"),
        ("Convert", "提示"),
    ] {
        let after = BEFORE.replacen(old, new, 1);
        let diff = diff_prompts(BEFORE, &after);
        let merged = checked_merge(&diff, BEFORE, &Decisions::all(true));
        assert_eq!(merged.text, after);
        let at = BEFORE.find(old).unwrap() as u32;
        let expected = if let Some(rest) = new.strip_suffix(old) {
            edit(at, at, rest)
        } else {
            edit(at, at + old.len() as u32, new)
        };
        assert_eq!(merged.edits, vec![expected], "{old} -> {new}");
    }
}

#[test]
fn rejecting_one_of_two_modified_sections() {
    let after = BEFORE
        .replace("Convert leads", "Convert qualified leads")
        .replace("Be brief.", "Be brief and kind.");
    let diff = diff_prompts(BEFORE, &after);
    let merged = checked_merge(&diff, BEFORE, &decide(&[("/prompt/rule[1]", false)]));
    assert_eq!(
        merged.text,
        BEFORE.replace("Convert leads", "Convert qualified leads")
    );
    assert_eq!(merged.edits.len(), 1);
}

#[test]
fn each_kind_of_change() {
    // (name, before, after, decisions, expected text)
    let role = "<role>R</role>";
    let goal = "<goal>G</goal>";
    let p = |sections: &[&str]| format!("<prompt>\n  {}\n</prompt>\n", sections.join("\n  "));
    type Row = (
        &'static str,
        String,
        String,
        Vec<(&'static str, bool)>,
        String,
    );
    let rows: Vec<Row> = vec![
        (
            "added, taken",
            p(&[role]),
            p(&[role, goal]),
            vec![],
            p(&[role, goal]),
        ),
        (
            "two added, one taken",
            p(&[role]),
            p(&["<a>1</a>", role, "<b>2</b>"]),
            vec![("/prompt/a", false)],
            p(&[role, "<b>2</b>"]),
        ),
        (
            "two removed, one kept",
            p(&["<a>1</a>", role, "<b>2</b>"]),
            p(&[role]),
            vec![("/prompt/b", false)],
            p(&[role, "<b>2</b>"]),
        ),
        (
            "modified, kept",
            p(&[role, goal]),
            p(&[role, "<goal>G!</goal>"]),
            vec![("/prompt/goal", false)],
            p(&[role, goal]),
        ),
        (
            "moved, taken, with another change kept",
            p(&[role, goal, "<c>c</c>", "<x>1</x>"]),
            p(&["<c>c</c>", role, goal, "<x>2</x>"]),
            vec![("/prompt/x", false)],
            p(&["<c>c</c>", role, goal, "<x>1</x>"]),
        ),
        (
            "moved and edited, rejected: stays where it was, as it was",
            p(&[role, goal, "<c>one two three</c>", "<x>1</x>"]),
            p(&["<c>one two four</c>", role, goal, "<x>2</x>"]),
            vec![("/prompt/c", false)],
            p(&[role, goal, "<c>one two three</c>", "<x>2</x>"]),
        ),
        (
            "moved and edited, taken, the rest kept",
            p(&[role, goal, "<c>one two three</c>", "<x>1</x>"]),
            p(&["<c>one two four</c>", role, goal, "<x>2</x>"]),
            vec![("*", false), ("/prompt/c", true)],
            p(&["<c>one two four</c>", role, goal, "<x>1</x>"]),
        ),
        (
            "keyed sections, one of two taken",
            p(&[r#"<rule name="a">A</rule>"#, r#"<rule name="b">B</rule>"#]),
            p(&[r#"<rule name="a">A2</rule>"#, r#"<rule name="b">B2</rule>"#]),
            vec![(r#"/prompt/rule[@name="b"]"#, false)],
            p(&[r#"<rule name="a">A2</rule>"#, r#"<rule name="b">B</rule>"#]),
        ),
        (
            "unchanged sections only: the default decides the frame",
            "<prompt v=\"1\"><a/></prompt>".into(),
            "<prompt v=\"2\"><a/></prompt>".into(),
            vec![("*", false)],
            "<prompt v=\"1\"><a/></prompt>".into(),
        ),
        (
            "root attributes follow the taken side when decisions are mixed",
            "<prompt v=\"1\"><a>1</a><b>1</b></prompt>".into(),
            "<prompt v=\"2\"><a>2</a><b>2</b></prompt>".into(),
            vec![("/prompt/b", false)],
            "<prompt v=\"2\"><a>2</a><b>1</b></prompt>".into(),
        ),
        (
            "root attributes follow the default when decisions are mixed",
            "<prompt v=\"1\"><a>1</a><b>1</b></prompt>".into(),
            "<prompt v=\"2\"><a>2</a><b>2</b></prompt>".into(),
            vec![("*", false), ("/prompt/a", true)],
            "<prompt v=\"1\"><a>2</a><b>1</b></prompt>".into(),
        ),
        (
            "every changed section taken under a false default: the after text",
            "<prompt v=\"1\"><a>1</a><c/></prompt>".into(),
            "<prompt v=\"2\"><a>2</a><c/></prompt>".into(),
            vec![("*", false), ("/prompt/a", true)],
            "<prompt v=\"2\"><a>2</a><c/></prompt>".into(),
        ),
        (
            "new whitespace comes with the sections taken, old with those kept",
            "<prompt><a>1</a><b>1</b><c>1</c></prompt>".into(),
            "<prompt>\n  <a>2</a>\n  <b>1</b>\n  <c>2</c>\n</prompt>".into(),
            vec![("/prompt/a", false)],
            "<prompt><a>1</a>\n  <b>1</b>\n  <c>2</c>\n</prompt>".into(),
        ),
        (
            "a blank before, one of two added sections taken",
            " \n".into(),
            "<prompt><a>1</a><b>2</b></prompt>".into(),
            vec![("/prompt/b", false)],
            "<prompt><a>1</a></prompt>".into(),
        ),
        (
            "an empty root cannot hold the taken section: the other side's root does",
            "<prompt/>".into(),
            "<prompt><a>1</a><b>2</b></prompt>".into(),
            vec![("*", false), ("/prompt/a", true)],
            "<prompt><a>1</a></prompt>".into(),
        ),
        (
            "a blank after, one of two removed sections kept",
            "<prompt><a>1</a><b>2</b></prompt>".into(),
            "".into(),
            vec![("/prompt/a", false)],
            "<prompt><a>1</a></prompt>".into(),
        ),
        (
            "a comment before a section travels with it",
            "<prompt>\n  <a>1</a>\n</prompt>".into(),
            "<prompt>\n  <a>1</a>\n  <!-- b -->\n  <b>2</b>\n  <c>3</c>\n</prompt>".into(),
            vec![("/prompt/c", false)],
            "<prompt>\n  <a>1</a>\n  <!-- b -->\n  <b>2</b>\n</prompt>".into(),
        ),
        (
            "same-tag sections, one inserted in the middle and rejected, a neighbour edited",
            p(&["<rule>a</rule>", "<rule>b</rule>", "<rule>c</rule>"]),
            p(&[
                "<rule>a</rule>",
                "<rule>new</rule>",
                "<rule>b</rule>",
                "<rule>c!</rule>",
            ]),
            vec![("/prompt/rule[2]", false)],
            p(&["<rule>a</rule>", "<rule>b</rule>", "<rule>c!</rule>"]),
        ),
    ];
    for (name, before, after, decisions, expected) in rows {
        merge_both_ways(&before, &after);
        let diff = diff_prompts(&before, &after);
        assert!(diff.structural, "{name}");
        let merged = checked_merge(&diff, &before, &decide(&decisions));
        assert_eq!(merged.text, expected, "{name}");
    }
}

#[test]
fn a_non_structural_diff_is_all_or_nothing() {
    let before = "<prompt><goal>Hi</goal>";
    let after = "<prompt><goal>Hi there</goal></prompt>";
    let diff = diff_prompts(before, after);
    assert!(!diff.structural);
    merge_both_ways(before, after);
    let all = merge_draft(&diff, &decide(&[("*", true)])).unwrap();
    assert_eq!(all.text, after);
    assert_eq!(
        merge_draft(&diff, &decide(&[("/prompt/goal", true)])),
        Err(MergeError::NotStructural {
            path: "/prompt/goal".into()
        })
    );
}

#[test]
fn a_path_not_in_the_diff_is_refused() {
    let after = BEFORE.replace("leads", "prospects");
    let diff = diff_prompts(BEFORE, &after);
    for path in ["/prompt/nope", "/prompt/rule", "", "/prompt/rule[3]"] {
        assert_eq!(
            merge_draft(&diff, &decide(&[(path, true)])),
            Err(MergeError::UnknownPath { path: path.into() }),
            "{path:?}"
        );
    }
}

#[test]
fn a_diff_that_does_not_hold_together_is_refused() {
    let after = BEFORE.replace("leads", "prospects");
    let diff = diff_prompts(BEFORE, &after);
    let fault_of = |diff: &PromptDiff| match merge_draft(diff, &Decisions::all(true)) {
        Err(MergeError::InconsistentDiff { fault, .. }) => Some(fault),
        _ => None,
    };
    let mut moved_range = diff.clone();
    moved_range.sections[1].before_range = Some(TextRange { start: 0, end: 5 });
    assert_eq!(fault_of(&moved_range), Some(DiffFault::RangeDoesNotFit));
    let mut no_range = diff.clone();
    no_range.sections[1].after_range = None;
    assert_eq!(fault_of(&no_range), Some(DiffFault::MissingRange));
    let mut bad_ops = diff.clone();
    bad_ops.sections[1].ops.pop();
    assert_eq!(fault_of(&bad_ops), Some(DiffFault::OpsDoNotJoin));
    let mut wrong_kind = diff.clone();
    wrong_kind.sections[1].change = ChangeKind::Added;
    assert_eq!(fault_of(&wrong_kind), Some(DiffFault::SidesDoNotFitChange));
    let mut broken = diff_prompts("<prompt><a>1</a>", "<prompt><a>2</a></prompt>");
    broken.structural = true;
    assert_eq!(fault_of(&broken), Some(DiffFault::NotWellFormed));
    // Two sections that did not move, swapped on one side.
    let swapped_after = BEFORE
        .replace("Be brief.", "Be short.")
        .replace("Never", "Do not");
    let mut swapped = diff_prompts(BEFORE, &swapped_after);
    let (r2, r3) = (swapped.sections[2].clone(), swapped.sections[3].clone());
    swapped.sections[2].after_range = r3.after_range;
    swapped.sections[2].after = r3.after.clone();
    swapped.sections[3].after_range = r2.after_range;
    swapped.sections[3].after = r2.after.clone();
    assert!(matches!(
        fault_of(&swapped),
        Some(DiffFault::StationaryOutOfOrder | DiffFault::OpsDoNotJoin)
    ));
}

/// A decision for every path of a diff, from a pool of random flags, and a random default.
fn random_decisions(diff: &PromptDiff, flags: &[bool], default: Option<bool>) -> Decisions {
    let mut entries: Vec<(String, bool)> = Vec::new();
    if let Some(default) = default {
        entries.push(("*".into(), default));
    }
    for (i, s) in diff.sections.iter().enumerate() {
        // Some paths named, some left to the default.
        match flags.get(i % flags.len().max(1)) {
            Some(&flag) if i % 3 != 2 => entries.push((s.path.clone(), flag)),
            _ => {}
        }
    }
    Decisions::from_entries(entries)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn all_taken_is_after_and_none_is_before((before, after) in prompt_pair()) {
        for (b, a) in [(&before, &after), (&after, &before)] {
            merge_both_ways(b, a);
        }
    }

    #[test]
    fn any_decisions_keep_every_rule(
        (before, after) in prompt_pair(),
        flags in prop::collection::vec(any::<bool>(), 1..8),
        default in prop::option::of(any::<bool>()),
    ) {
        for (b, a) in [(&before, &after), (&after, &before)] {
            let diff = diff_prompts(b, a);
            prop_assert!(diff.structural);
            let decisions = random_decisions(&diff, &flags, default);
            checked_merge(&diff, b, &decisions);
        }
    }

    #[test]
    fn plain_text_merges_all_or_nothing(before in "\\PC{0,40}", after in "\\PC{0,40}") {
        let diff = diff_prompts(&before, &after);
        if !diff.structural {
            merge_both_ways(&before, &after);
        }
    }
}
