//! `beforeRange` / `afterRange` on every section (API.md §4 *Diff*, 0.2): UTF-16 positions of the
//! section in each whole text, so `before === beforeText.slice(start, end)`, and `null` for a
//! side the section is not on. Hand-made rows for the units that differ from bytes (astral
//! characters, CJK, combining marks, CRLF), then a proptest over generated prompt pairs.

mod diff_common;

use diff_common::gen::{prompt_pair, THUMBS};
use diff_common::{check_ranges, checked_diff, js_slice};
use prompt_assist::protocol::{ChangeKind, TextRange};
use proptest::prelude::*;

#[test]
fn ranges_count_utf16_units_not_bytes() {
    // Each row: before, after, and the expected (path, beforeRange, afterRange).
    type Row = (
        &'static str,
        String,
        String,
        Vec<(&'static str, Option<(u32, u32)>, Option<(u32, u32)>)>,
    );
    let rows: Vec<Row> = vec![
        (
            "ascii",
            "<prompt><goal>a</goal></prompt>".into(),
            "<prompt><role>r</role><goal>a</goal></prompt>".into(),
            vec![
                ("/prompt/role", None, Some((8, 22))),
                ("/prompt/goal", Some((8, 22)), Some((22, 36))),
            ],
        ),
        (
            // One astral character is two units (four bytes) before the section.
            "astral before the section",
            format!("<prompt>{THUMBS}<goal>a</goal></prompt>"),
            "<prompt><goal>b</goal></prompt>".into(),
            vec![("/prompt/goal", Some((12, 26)), Some((8, 22)))],
        ),
        (
            "CJK and combining marks inside, CRLF between",
            "<prompt>\r\n<goal>提示e\u{301}</goal>\r\n</prompt>".into(),
            "<prompt>\r\n<goal>提示e\u{301}</goal>\r\n</prompt>".into(),
            vec![("/prompt/goal", Some((10, 27)), Some((10, 27)))],
        ),
        (
            "a removed section keeps its range, an added one has none before",
            format!("<prompt><rule>{THUMBS}</rule><goal>g</goal></prompt>"),
            "<prompt><goal>g</goal></prompt>".into(),
            vec![
                ("/prompt/rule", Some((8, 25)), None),
                ("/prompt/goal", Some((25, 39)), Some((8, 22))),
            ],
        ),
        (
            "blank side",
            " \r\n".into(),
            "<prompt><goal>g</goal></prompt>".into(),
            vec![("/prompt/goal", None, Some((8, 22)))],
        ),
    ];
    let r = |p: Option<(u32, u32)>| p.map(|(start, end)| TextRange { start, end });
    for (name, before, after, expected) in rows {
        let diff = checked_diff(&before, &after);
        let got: Vec<_> = diff
            .sections
            .iter()
            .map(|s| (s.path.as_str(), s.before_range, s.after_range))
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|(p, b, a)| (*p, r(*b), r(*a)))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_non_structural_diff_has_no_sections_to_place() {
    let diff = checked_diff("<prompt><goal>", "<prompt><goal>x</goal></prompt>");
    assert!(!diff.structural);
    assert!(diff.sections.is_empty());
}

#[test]
fn js_slice_is_what_js_gives() {
    // The test helper itself: units, not bytes or chars.
    let text = format!("a{THUMBS}b");
    assert_eq!(
        js_slice(&text, TextRange { start: 5, end: 6 }).as_deref(),
        Some("b")
    );
    assert_eq!(js_slice(&text, TextRange { start: 1, end: 2 }), None); // half a pair
    assert_eq!(js_slice(&text, TextRange { start: 5, end: 9 }), None); // out of bounds
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_range_slices_its_section((before, after) in prompt_pair()) {
        for (b, a) in [(&before, &after), (&after, &before)] {
            let diff = prompt_assist::diff::diff_prompts(b, a);
            prop_assert!(diff.structural);
            check_ranges(&diff, b, a);
            // Every section of each side is placed: as many ranges as the side has sections.
            let placed = diff.sections.iter().filter(|s| s.before_range.is_some()).count();
            let on_side = diff.sections.iter().filter(|s| s.change != ChangeKind::Added).count();
            prop_assert_eq!(placed, on_side);
        }
    }
}
