//! Ops are minimal at word level (API.md §4, issue 10 items 3 and 4): a run of two or more words
//! that both sides share is never deleted and inserted again within one change, and the
//! unchanged start and end of a change stay `equal` however large the change is. For the whole
//! text and for every section. A table of cases first (the two among them), then the
//! properties over generated pairs.

mod diff_common;

use diff_common::gen::{prompt_pair, word};
use diff_common::{checked_diff, shared_run_in_a_change, side, words};
use prompt_assist::protocol::{DiffOp, OpKind, PromptDiff};
use proptest::prelude::*;

use OpKind::*;

fn op(kind: OpKind, text: &str) -> DiffOp {
    DiffOp {
        op: kind,
        text: text.into(),
    }
}

fn numbered(n: usize, stem: &str) -> String {
    (0..n)
        .map(|i| format!("{stem}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every op list of a diff: the whole text's and each section's, with a name.
fn all_ops(diff: &PromptDiff) -> Vec<(String, &[DiffOp])> {
    let mut out = vec![("whole text".to_string(), diff.ops.as_slice())];
    out.extend(
        diff.sections
            .iter()
            .map(|s| (s.path.clone(), s.ops.as_slice())),
    );
    out
}

fn assert_no_shared_run(diff: &PromptDiff) {
    for (what, ops) in all_ops(diff) {
        if let Some((run, del, ins)) = shared_run_in_a_change(ops) {
            panic!("{what}: {run:?} is deleted in {del:?} and inserted in {ins:?}");
        }
    }
}

#[test]
fn shared_runs_are_kept() {
    // (name, before, after, the whole-text ops expected)
    let rows: Vec<(&str, String, String, Vec<DiffOp>)> = vec![
        (
            "issue 10 item 3: three shared words move to the other end of the change",
            "red green blue cyan plum gold".into(),
            "amber teal navy red green blue".into(),
            vec![
                op(Insert, "amber teal navy "),
                op(Equal, "red green blue"),
                op(Delete, " cyan plum gold"),
            ],
        ),
        (
            "the same, the other way",
            "amber teal navy red green blue".into(),
            "red green blue cyan plum gold".into(),
            vec![
                op(Delete, "amber teal navy "),
                op(Equal, "red green blue"),
                op(Insert, " cyan plum gold"),
            ],
        ),
        (
            "a shared pair between unshared words",
            "one two red green three four".into(),
            "five red green six".into(),
            vec![
                op(Delete, "one two"),
                op(Insert, "five"),
                op(Equal, " red green "),
                op(Delete, "three four"),
                op(Insert, "six"),
            ],
        ),
        (
            // The line diff keeps the blank line; folding it into the changes on either side
            // (it is short and has no word) would put "x y" on both sides of one change.
            "a blank line between two changes is not folded over a shared run",
            "x y\n\nfoo".into(),
            "bar\n\nx y".into(),
            vec![
                op(Delete, "x y"),
                op(Insert, "bar"),
                op(Equal, "\n\n"),
                op(Delete, "foo"),
                op(Insert, "x y"),
            ],
        ),
        (
            // Without the shared run the fold is still made: one readable change.
            "a blank line between two unrelated changes is folded",
            "a b\n\nc d".into(),
            "e f\n\ng h".into(),
            vec![op(Delete, "a b\n\nc d"), op(Insert, "e f\n\ng h")],
        ),
    ];
    for (name, before, after, expected) in rows {
        let diff = checked_diff(&before, &after);
        assert_eq!(diff.ops, expected, "{name}");
        assert_no_shared_run(&diff);
    }
}

#[test]
fn shared_runs_are_kept_in_sections_too() {
    let before = "<prompt><goal>red green blue cyan plum gold</goal></prompt>";
    let after = "<prompt><goal>amber teal navy red green blue</goal></prompt>";
    let diff = checked_diff(before, after);
    let goal = &diff.sections[0];
    assert_eq!(
        goal.ops,
        vec![
            op(Equal, "<goal>"),
            op(Insert, "amber teal navy "),
            op(Equal, "red green blue"),
            op(Delete, " cyan plum gold"),
            op(Equal, "</goal>"),
        ]
    );
    assert_eq!((diff.stats.inserted, diff.stats.deleted), (3, 3));
}

/// Rows of `(name, before, after, common start, common end)`: the ops must begin with `equal`
/// text covering the common start and end with `equal` text covering the common end.
#[test]
fn the_unchanged_ends_of_a_large_change_stay_equal() {
    let words_10001 = numbered(10_001, "w");
    let words_15000 = numbered(15_000, "w");
    let others_15000 = numbered(15_000, "x");
    let lines = |n: usize, stem: &str| {
        (0..n)
            .map(|i| format!("{stem} line {i}\n"))
            .collect::<String>()
    };
    let rows: Vec<(&str, String, String, &str, &str)> = vec![
        (
            "issue 10 item 4: 10,001 words inserted",
            "Start. End.".into(),
            format!("Start. {words_10001} End."),
            "Start.",
            "End.",
        ),
        (
            "10,000 words inserted (it was right below the guard)",
            "Start. End.".into(),
            format!("Start. {} End.", numbered(10_000, "w")),
            "Start.",
            "End.",
        ),
        (
            "10,001 words deleted",
            format!("Start. {words_10001} End."),
            "Start. End.".into(),
            "Start.",
            "End.",
        ),
        (
            // Over the guard and unrelated: the middle falls back to one delete and one insert,
            // the ends still stay.
            "15,000 words replaced by 15,000 others",
            format!("Start. {words_15000} End."),
            format!("Start. {others_15000} End."),
            "Start.",
            "End.",
        ),
        (
            "many lines replaced between shared lines and inside a shared line",
            format!(
                "<prompt>\n  <goal>Keep {}this</goal>\n</prompt>\n",
                lines(3000, "a")
            ),
            format!(
                "<prompt>\n  <goal>Keep {}this</goal>\n</prompt>\n",
                lines(3000, "b")
            ),
            "<prompt>\n  <goal>Keep ",
            "this</goal>\n</prompt>\n",
        ),
    ];
    for (name, before, after, start, end) in rows {
        let diff = checked_diff(&before, &after);
        for (what, ops) in all_ops(&diff) {
            let first = ops
                .first()
                .filter(|o| o.op == Equal)
                .map_or("", |o| &o.text);
            let last = ops.last().filter(|o| o.op == Equal).map_or("", |o| &o.text);
            if what == "whole text" {
                assert!(first.starts_with(start), "{name}: starts with {first:.40?}");
                assert!(last.ends_with(end), "{name}: ends with {last:.40?}");
            } else {
                assert!(first.starts_with("<goal>Keep "), "{name} {what}");
                assert!(last.ends_with("this</goal>"), "{name} {what}");
            }
        }
    }
    // The figures: +10001 / −0.
    let diff = checked_diff("Start. End.", &format!("Start. {words_10001} End."));
    assert_eq!((diff.stats.inserted, diff.stats.deleted), (10_001, 0));
    assert_eq!(
        diff.ops,
        vec![
            op(Equal, "Start. "),
            op(Insert, &format!("{words_10001} ")),
            op(Equal, "End.")
        ]
    );
}

/// The common start of two texts that ends where both sides' words end, and the same for the
/// common end, not overlapping it: what every op list must keep `equal`. When one side is the
/// other with words added or removed where the two ends meet, the ends can be counted from
/// either side; `prefix_first` picks which.
fn common_word_ends(before: &str, after: &str, prefix_first: bool) -> (usize, usize) {
    let (b, a) = (words(before), words(after));
    let offset = |text: &str, w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let lead = |b: &[&str], a: &[&str]| b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let trail = |b: &[&str], a: &[&str]| {
        b.iter()
            .rev()
            .zip(a.iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
    };
    let (prefix, suffix) = if prefix_first {
        let prefix = lead(&b, &a);
        (prefix, trail(&b[prefix..], &a[prefix..]))
    } else {
        let suffix = trail(&b, &a);
        (lead(&b[..b.len() - suffix], &a[..a.len() - suffix]), suffix)
    };
    // Bytes up to the end of the last common leading word, and from the start of the first
    // common trailing word (whitespace around them may differ and is not counted).
    let head = prefix
        .checked_sub(1)
        .map_or(0, |i| offset(before, b[i]) + b[i].len());
    let tail = if suffix == 0 {
        0
    } else {
        before.len() - offset(before, b[b.len() - suffix])
    };
    (head, tail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_change_deletes_and_inserts_a_shared_run((before, after) in prompt_pair()) {
        for (b, a) in [(&before, &after), (&after, &before)] {
            assert_no_shared_run(&checked_diff(b, a));
        }
    }

    #[test]
    fn no_change_deletes_and_inserts_a_shared_run_in_plain_text(
        before in prop::collection::vec(prop_oneof![word(), Just("red".into()), Just("green".into())], 0..30),
        after in prop::collection::vec(prop_oneof![word(), Just("red".into()), Just("green".into())], 0..30),
        sep in prop_oneof![Just(" "), Just("\n"), Just(". ")],
    ) {
        let (before, after) = (before.join(sep), after.join(sep));
        assert_no_shared_run(&checked_diff(&before, &after));
    }

    #[test]
    fn the_common_start_and_end_stay_equal(
        head in prop::collection::vec(word(), 0..6),
        old_mid in prop::collection::vec(word(), 0..40),
        new_mid in prop::collection::vec(word(), 0..40),
        tail in prop::collection::vec(word(), 0..6),
        sep in prop_oneof![Just(" "), Just("\r\n"), Just("\n  ")],
    ) {
        // One separator between any two words, so the common words at either end are common
        // tokens too.
        let join = |mid: &[String]| {
            let all: Vec<String> = head.iter().chain(mid).chain(&tail).cloned().collect();
            all.join(sep)
        };
        let (before, after) = (join(&old_mid), join(&new_mid));
        let diff = checked_diff(&before, &after);
        let lead = diff.ops.first().filter(|o| o.op == Equal).map_or(0, |o| o.text.len());
        let trail = diff.ops.last().filter(|o| o.op == Equal).map_or(0, |o| o.text.len());
        let kept = |(head, tail): (usize, usize)| lead >= head && trail >= tail;
        prop_assert!(
            kept(common_word_ends(&before, &after, true))
                || kept(common_word_ends(&before, &after, false)),
            "{:?}",
            diff.ops
        );
        prop_assert_eq!(side(&diff.ops, Insert), before);
    }
}
