//! The op invariant of API.md §4 *Diff*, for the whole text and for every section: `equal` +
//! `delete` joined is `before`, `equal` + `insert` is `after`; ops merged, never empty, never cut
//! a grapheme cluster. Hand-made pairs first, then pairs made by random edits (proptest).

mod diff_common;

use diff_common::checked_diff;
use diff_common::gen::{apply, edit, raw_edit, render, section, FAMILY, THUMBS};
use proptest::prelude::*;

#[test]
fn hand_made_pairs() {
    let base = "<prompt><role>Leasing assistant</role><goal>Convert leads into tours.</goal>\
                <rule>Be brief.</rule><rule>Never promise prices.</rule></prompt>";
    let pairs: Vec<(String, String)> = vec![
        (base.into(), base.into()),
        (String::new(), String::new()),
        (String::new(), base.into()),
        (base.into(), String::new()),
        (" \n\t".into(), base.into()),
        (base.into(), "\r\n".into()),
        (base.into(), base.replace("Be brief.", "Be brief and kind.")),
        (base.into(), base.replace("<rule>Be brief.</rule>", "")),
        (
            base.into(),
            base.replace("tours", &format!("tours {THUMBS}")),
        ),
        (
            base.replace("tours", &format!("tours {THUMBS}")),
            base.replace("tours", &format!("tours {FAMILY}")),
        ),
        (base.into(), base.replace("><", ">\r\n  <")),
        (base.into(), base.replace("</prompt>", "")),
        ("not xml at all".into(), "still not < xml & stuff".into()),
        (base.into(), base.replace("Leasing", "Le\u{301}asing")),
        (
            base.into(),
            "<prompt><![CDATA[<role>x</role>]]></prompt>".into(),
        ),
        ("e\u{301}".into(), "e\u{302}".into()),
        (
            "\u{1F1FA}\u{1F1F8}\u{1F1EB}\u{1F1F7}".into(),
            "\u{1F1FA}\u{1F1F8}".into(),
        ),
    ];
    for (before, after) in pairs {
        checked_diff(&before, &after);
        checked_diff(&after, &before);
    }
}

#[test]
fn an_emoji_with_skin_tone_is_never_split() {
    let before = format!("<prompt><goal>Reply with {THUMBS} only.</goal></prompt>");
    // Same base emoji, other skin tone: a byte-level diff would keep the base and change the
    // modifier; a grapheme-aware one replaces the whole cluster.
    let after = before.replace("\u{1F3FD}", "\u{1F3FF}");
    let diff = checked_diff(&before, &after);
    let changed: Vec<&str> = diff
        .ops
        .iter()
        .filter(|o| o.op != prompt_assist::protocol::OpKind::Equal)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(changed, [THUMBS, "\u{1F44D}\u{1F3FF}"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn structured_edits_keep_the_invariant(
        sections in prop::collection::vec(section(), 0..7),
        edits in prop::collection::vec(edit(), 0..6),
        crlf in any::<bool>(),
        empty_side in 0u8..6,
    ) {
        let sep = if crlf { "\r\n  " } else { "" };
        let before = render(&sections, sep);
        let mut edited = sections.clone();
        for e in &edits {
            apply(&mut edited, e);
        }
        let after = render(&edited, sep);
        let (before, after) = match empty_side {
            0 => (String::new(), after),
            1 => (before, " \n".to_string()),
            _ => (before, after),
        };
        // Both sides are well-formed (or blank) by construction: the section checks run.
        prop_assert!(checked_diff(&before, &after).structural);
        prop_assert!(checked_diff(&after, &before).structural);
    }

    #[test]
    fn raw_edits_keep_the_invariant(
        sections in prop::collection::vec(section(), 0..5),
        at in any::<usize>(),
        cut in any::<usize>(),
        insert in prop_oneof![
            Just("<".to_string()), Just("</rule>".to_string()), Just("&".to_string()),
            Just(THUMBS.to_string()), Just("\u{1F3FF}".to_string()), Just("\u{301}".to_string()),
            Just("\r".to_string()), Just("<x a='>'>".to_string()), Just(String::new()),
        ],
    ) {
        let before = render(&sections, "\n");
        let after = raw_edit(&before, at, cut, &insert);
        checked_diff(&before, &after);
        checked_diff(&after, &before);
    }

    #[test]
    fn arbitrary_strings_keep_the_invariant(before in "\\PC{0,40}", after in "\\PC{0,40}") {
        checked_diff(&before, &after);
    }
}

/// Inputs built to hurt: long runs of `<`, one huge token, deep nesting, thousands of reordered
/// sections, unrelated texts. Each runs on a thread with a 1 MiB stack (wasm's default), so a
/// deep recursion would overflow here too.
#[test]
fn pathological_inputs_neither_panic_nor_overflow() {
    let many: Vec<String> = (0..2000)
        .map(|i| format!("<rule>Rule number {i}.</rule>"))
        .collect();
    let reversed: Vec<String> = many.iter().rev().cloned().collect();
    let unrelated = |seed: u64| {
        let mut x = seed;
        (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                [
                    "lead",
                    "tour",
                    "price",
                    "pets",
                    "date",
                    "\u{1F44D}\u{1F3FD}",
                    "\r\n",
                ][(x % 7) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cases: Vec<(String, String)> = vec![
        ("<".repeat(50_000), "<a ".repeat(20_000)),
        ("<a x=\"".repeat(10_000), "<a x='>".repeat(10_000)),
        ("a".repeat(200_000), "b".repeat(200_000)),
        (
            format!(
                "<prompt>{}{}</prompt>",
                "<a>".repeat(200),
                "</a>".repeat(200)
            ),
            format!("<prompt>{}{}</prompt>", "<b>".repeat(60), "</b>".repeat(60)),
        ),
        (
            format!("<prompt>{}</prompt>", many.concat()),
            format!("<prompt>{}</prompt>", reversed.concat()),
        ),
        (
            format!("<prompt><goal>{}</goal></prompt>", unrelated(1)),
            format!("<prompt><goal>{}</goal></prompt>", unrelated(2)),
        ),
        ("\u{301}".repeat(10_000), "\u{1F1FA}".repeat(10_001)),
    ];
    for (before, after) in cases {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let diff = checked_diff(&before, &after);
                for layout in [
                    prompt_assist::diff::Layout::Inline,
                    prompt_assist::diff::Layout::Split,
                ] {
                    assert!(!prompt_assist::diff::render_diff_html(&diff, layout).is_empty());
                }
            })
            .expect("spawn")
            .join()
            .expect("the diff panicked or overflowed its stack");
    }
}
