//! Positions are JS string positions (UTF-16 code units) with 1-based lines and UTF-16 columns
//! (API.md §4): checked by hand around emoji, CJK and CRLF, and as a property over random text.

use prompt_assist::protocol::{IssueCode, VariableRef};
use prompt_assist::validate::validate_draft;
use prompt_assist::variables::find_variables;
use proptest::prelude::*;
use serde_json::json;

/// JS `text.slice(start, end)`.
fn slice16(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

/// The line and column JS-side code would compute from `start`: lines split at `\r\n`, `\r`
/// or `\n`; the column counts UTF-16 units from the line start.
fn line_column(text: &str, start: u32) -> (u32, u32) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (cr, lf) = (u16::from(b'\r'), u16::from(b'\n'));
    let (mut line, mut line_start) = (1, 0);
    let mut i = 0;
    while i < start as usize {
        if units[i] == lf || (units[i] == cr && units.get(i + 1) != Some(&lf)) {
            line += 1;
            line_start = i + 1;
        }
        i += 1;
    }
    (line, start - line_start as u32 + 1)
}

fn check(text: &str, r: &VariableRef) {
    assert_eq!(
        slice16(text, r.start, r.end),
        format!("@{}", r.name),
        "{text:?}"
    );
    assert_eq!(
        (r.line, r.column),
        line_column(text, r.start),
        "{text:?} {r:?}"
    );
}

#[test]
fn emoji_and_cjk_before_a_reference() {
    let text = "😀😀 日本語 @firstName";
    let refs = find_variables(text, None);
    assert_eq!(refs.len(), 1);
    // 2 emoji × 2 units + space + 3 CJK × 1 unit + space = 9.
    assert_eq!((refs[0].start, refs[0].end), (9, 19));
    assert_eq!((refs[0].line, refs[0].column), (1, 10));
    check(text, &refs[0]);
}

#[test]
fn several_lines_with_crlf_and_astral_characters() {
    let text = "<prompt>\r\n  <role>𝄞 leasing</role>\r\n  <goal>日本 😀 @propertyName, @x.y</goal>\n\r<rule>@z</rule>\r</prompt>";
    let v = validate_draft(text, Some(&json!({ "propertyName": 1 }).into()));
    assert!(v.well_formed, "{:#?}", v.issues);
    let names: Vec<_> = v.variables.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["propertyName", "x.y", "z"]);
    for r in &v.variables {
        check(text, r);
    }
    let first = &v.variables[0];
    // Line 3 is "  <goal>日本 😀 @propertyName…": 8 + 2 + 1 + 2 + 1 units before the `@`.
    assert_eq!((first.line, first.column), (3, 15));
    // `\n\r` is two breaks; the lone `\r` before `</prompt>` is another.
    assert_eq!(v.variables[2].line, 5);
    // Issues use the same positions.
    let unknown: Vec<_> = v
        .issues
        .iter()
        .filter(|i| i.code == IssueCode::UnknownVariable)
        .collect();
    assert_eq!(unknown.len(), 2);
    for (issue, r) in unknown.iter().zip(&v.variables[1..]) {
        assert_eq!(
            (issue.start, issue.end, issue.line, issue.column),
            (r.start, r.end, r.line, r.column)
        );
    }
}

#[test]
fn issue_positions_after_astral_characters() {
    let text = "<prompt>\n😀😀<goal>x</gaol></prompt>";
    let v = validate_draft(text, None);
    let e = &v.issues[0];
    assert_eq!(slice16(text, e.start, e.end), "</gaol>");
    assert_eq!((e.line, e.column), (2, 12));
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("@".to_owned()),
        Just(".".to_owned()),
        Just("_".to_owned()),
        Just("@a.b".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just(" ".to_owned()),
        "[a-zA-Z0-9]{1,4}",
        "[é日本😀𝄞ß٣-]{1,2}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #[test]
    fn every_reference_slices_back_to_at_name(pieces in prop::collection::vec(piece(), 0..40)) {
        let text: String = pieces.concat();
        let refs = find_variables(&text, None);
        let mut last_end = 0;
        for r in &refs {
            prop_assert_eq!(slice16(&text, r.start, r.end), format!("@{}", r.name));
            prop_assert_eq!((r.line, r.column), line_column(&text, r.start));
            prop_assert!(r.start >= last_end);
            prop_assert!(!r.name.ends_with('.') && !r.name.is_empty());
            last_end = r.end;
        }
        // Every `@` followed by a letter or `_` after a character that allows it is found. The
        // character before is the last whole character (grapheme cluster): a combining mark
        // belongs to what it follows (issue 10, item 6).
        use unicode_segmentation::UnicodeSegmentation;
        let blocks = |before: &str| {
            before
                .graphemes(true)
                .next_back()
                .and_then(|g| g.chars().next())
                .is_some_and(|p| p.is_alphanumeric() || "_.+-".contains(p))
        };
        let expected = text
            .char_indices()
            .filter(|&(i, c)| {
                c == '@'
                    && text[i + 1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '_')
                    && !blocks(&text[..i])
            })
            .count();
        prop_assert_eq!(refs.len(), expected);
    }

    #[test]
    fn validation_never_panics_and_positions_stay_in_range(
        pieces in prop::collection::vec(prop_oneof![
            piece(),
            Just("<prompt>".to_owned()),
            Just("</prompt>".to_owned()),
            Just("<a x='@v'>".to_owned()),
            Just("</a>".to_owned()),
            Just("<!-- @c -->".to_owned()),
            Just("<![CDATA[@d]]>".to_owned()),
            Just("&amp;".to_owned()),
            Just("{{n}}".to_owned()),
        ], 0..30)
    ) {
        let text: String = pieces.concat();
        let v = validate_draft(&text, Some(&json!({ "a": { "b": 1 }, "n": 1 }).into()));
        let len = text.encode_utf16().count() as u32;
        for r in &v.variables {
            prop_assert_eq!(slice16(&text, r.start, r.end), format!("@{}", r.name));
            prop_assert_eq!((r.line, r.column), line_column(&text, r.start));
        }
        for i in &v.issues {
            prop_assert!(i.start <= i.end && i.end <= len);
            prop_assert_eq!((i.line, i.column), line_column(&text, i.start));
        }
        prop_assert!(v.issues.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
