//! One table row per situation, for every issue code (API.md §4 *Validation*): the code, its
//! severity, and the exact source text its span covers.

use std::time::{Duration, Instant};

use prompt_assist::protocol::{DraftValidation, IssueCode, Severity, ValidationIssue};
use prompt_assist::validate::{outline, validate_draft, XmlError, MAX_PROMPT_BYTES};
use serde_json::{json, Value};

/// The text between two UTF-16 offsets, as JS `slice` would give it.
fn slice16(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

fn issues_with(v: &DraftValidation, code: IssueCode) -> Vec<&ValidationIssue> {
    v.issues.iter().filter(|i| i.code == code).collect()
}

struct Row {
    what: &'static str,
    xml: String,
    context: Option<Value>,
    code: IssueCode,
    /// The source text the (first) issue of this code spans.
    spans: String,
}

fn row(
    what: &'static str,
    xml: impl Into<String>,
    code: IssueCode,
    spans: impl Into<String>,
) -> Row {
    Row {
        what,
        xml: xml.into(),
        context: None,
        code,
        spans: spans.into(),
    }
}

fn rows() -> Vec<Row> {
    use IssueCode::*;
    let ctx = json!({ "firstName": "Alex", "propertyName": "Maple Court", "contact": { "email": "a@b.c" } });
    vec![
        row(
            "mismatched end tag",
            "<prompt><goal>x</prompt>",
            XmlSyntax,
            "</prompt>",
        ),
        row(
            "empty end tag",
            "<prompt><goal>x</goal></>",
            XmlSyntax,
            "</>",
        ),
        row(
            "unclosed root",
            "<prompt>\n<goal>x</goal>\n",
            XmlSyntax,
            "<prompt>",
        ),
        row(
            "junk after the root",
            "<prompt/> and more",
            XmlSyntax,
            "and more",
        ),
        row("second root", "<prompt/><prompt/>", XmlSyntax, "<prompt/>"),
        row("text before the root", "Hi <prompt/>", XmlSyntax, "Hi"),
        row(
            "unknown entity",
            "<prompt>a &nbsp; b</prompt>",
            XmlSyntax,
            "&nbsp;",
        ),
        row(
            "bad character reference",
            "<prompt>&#xFFFE;</prompt>",
            XmlSyntax,
            "&#xFFFE;",
        ),
        row(
            "bad entity in attribute",
            "<prompt><r a='&x;'/></prompt>",
            XmlSyntax,
            "&x;",
        ),
        row(
            "declaration not at the start",
            "\n<?xml version='1.0'?><prompt/>",
            XmlSyntax,
            "<?xml version='1.0'?>",
        ),
        row(
            "DOCTYPE",
            "<!DOCTYPE prompt><prompt/>",
            DtdNotAllowed,
            "<!DOCTYPE prompt>",
        ),
        row(
            "unclosed DOCTYPE",
            "<!DOCTYPE prompt [",
            DtdNotAllowed,
            "<!DOCTYPE prompt [",
        ),
        row("empty", "", EmptyPrompt, ""),
        row("whitespace only", " \r\n\t ", EmptyPrompt, " \r\n\t "),
        row(
            "root is not prompt",
            "<instructions><goal>x</goal></instructions>",
            RootElement,
            "<instructions>",
        ),
        row(
            "empty section",
            "<prompt><goal>  \n </goal><role>r</role></prompt>",
            EmptySection,
            "<goal>  \n </goal>",
        ),
        row(
            "self-closed section",
            "<prompt><goal/></prompt>",
            EmptySection,
            "<goal/>",
        ),
        row(
            "comment-only section",
            "<prompt><goal><!-- todo --></goal></prompt>",
            EmptySection,
            "<goal><!-- todo --></goal>",
        ),
        row(
            "duplicate by name",
            "<prompt><rule name='a'>x</rule><rule name=\"a\">y</rule></prompt>",
            DuplicateSection,
            "<rule name=\"a\">",
        ),
        row(
            "duplicate by id",
            "<prompt><ex id='1'>x</ex><ex id='1'>y</ex></prompt>",
            DuplicateSection,
            "<ex id='1'>",
        ),
        row(
            "duplicate by content",
            "<prompt><goal>Tour</goal>\n<goal> Tour </goal></prompt>",
            DuplicateSection,
            "<goal>",
        ),
        row(
            "double-brace placeholder",
            "<prompt>Hi {{firstName}}</prompt>",
            PlaceholderSyntax,
            "{{firstName}}",
        ),
        row(
            "dollar placeholder",
            "<prompt>Hi ${ name }!</prompt>",
            PlaceholderSyntax,
            "${ name }",
        ),
        row(
            "placeholder in attribute",
            "<prompt><r v='{{x}}'>y</r></prompt>",
            PlaceholderSyntax,
            "{{x}}",
        ),
        Row {
            context: Some(ctx.clone()),
            ..row(
                "unknown variable",
                "<prompt>Hi @frstName.</prompt>",
                UnknownVariable,
                "@frstName",
            )
        },
        Row {
            context: Some(ctx.clone()),
            ..row(
                "unknown variable in attribute",
                "<prompt><r to='@contact.emial'>x</r></prompt>",
                UnknownVariable,
                "@contact.emial",
            )
        },
        Row {
            context: Some(ctx),
            ..row(
                "unknown variable in malformed xml",
                "<prompt>@firstname",
                UnknownVariable,
                "@firstname",
            )
        },
        row(
            "billion laughs",
            billion_laughs(),
            DtdNotAllowed,
            billion_laughs_doctype(),
        ),
        row("65 deep", nested(65), TooDeep, "<d>"),
        row("one byte over 4 MiB", over_limit(), TooLarge, ">"),
    ]
}

#[test]
fn the_table_covers_every_code() {
    let mut codes: Vec<String> = rows().iter().map(|r| format!("{:?}", r.code)).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 10, "{codes:?}");
}

#[test]
fn every_row_reports_its_code_on_the_right_span() {
    for row in rows() {
        let v = validate_draft(&row.xml, row.context.as_ref());
        let found = issues_with(&v, row.code);
        assert!(
            !found.is_empty(),
            "{}: no {:?} in {:#?}",
            row.what,
            row.code,
            v.issues
        );
        let issue = found[0];
        assert_eq!(issue.severity, row.code.severity(), "{}", row.what);
        assert_eq!(
            slice16(&row.xml, issue.start, issue.end),
            row.spans,
            "{}",
            row.what
        );
        assert!(!issue.message.is_empty(), "{}", row.what);
        assert!(
            !issue.message.starts_with(|c: char| c.is_uppercase()),
            "{}: message should be lower-case: {}",
            row.what,
            issue.message
        );
        assert_eq!(
            v.ok,
            !v.issues.iter().any(|i| i.severity == Severity::Error),
            "{}",
            row.what
        );
        let sorted = v.issues.windows(2).all(|w| w[0].start <= w[1].start);
        assert!(sorted, "{}: issues not sorted by start", row.what);
        if row.code.severity() == Severity::Error {
            assert!(!v.ok, "{}", row.what);
        }
        let xml_error = matches!(
            row.code,
            IssueCode::XmlSyntax
                | IssueCode::DtdNotAllowed
                | IssueCode::EmptyPrompt
                | IssueCode::TooDeep
                | IssueCode::TooLarge
        );
        if xml_error {
            assert!(!v.well_formed, "{}", row.what);
            assert!(v.sections.is_empty(), "{}", row.what);
        }
    }
}

#[test]
fn a_clean_prompt_has_no_issues() {
    let xml = "<?xml version=\"1.0\"?>\n<prompt>\n  <role>Leasing assistant</role>\n  <goal>Convert leads into tours for @propertyName.</goal>\n  <rule>Greet @firstName.</rule>\n  <rule>Never share @contact.email.</rule>\n  <example name=\"a\">x</example>\n  <example name=\"b\">x</example>\n</prompt>\n";
    let ctx = json!({ "firstName": 1, "propertyName": 2, "contact": { "email": 3 } });
    let v = validate_draft(xml, Some(&ctx));
    assert_eq!(v.issues, []);
    assert!(v.ok && v.well_formed);
    assert_eq!(
        v.sections,
        ["role", "goal", "rule", "rule", "example", "example"]
    );
    let names: Vec<_> = v.variables.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["propertyName", "firstName", "contact.email"]);
    assert!(v.variables.iter().all(|r| r.known == Some(true)));
}

#[test]
fn lists_of_same_tag_sections_are_normal() {
    let v = validate_draft(
        "<prompt><rule>a</rule><rule>b</rule><rule name='a'>a</rule></prompt>",
        None,
    );
    assert_eq!(v.issues, []);
}

#[test]
fn unknown_variable_details() {
    let ctx = json!({ "firstName": "Alex", "email": "x", "contact": { "email": "x" } });
    let xml = "<prompt>@firstname @frstName @phone @firstName @contact.emial @contact</prompt>";
    let v = validate_draft(xml, Some(&ctx));
    let unknown: Vec<_> = issues_with(&v, IssueCode::UnknownVariable)
        .into_iter()
        .map(|i| (i.variable.as_deref().unwrap(), i.suggestion.as_deref()))
        .collect();
    assert_eq!(
        unknown,
        [
            ("firstname", Some("firstName")),
            ("frstName", Some("firstName")),
            ("phone", None),
            ("contact.emial", Some("contact.email")),
            ("contact", None),
        ]
    );
    let known: Vec<_> = v.variables.iter().map(|r| r.known).collect();
    assert_eq!(
        known,
        [
            Some(false),
            Some(false),
            Some(false),
            Some(true),
            Some(false),
            Some(false)
        ]
    );
    assert!(!v.ok && v.well_formed);

    // Without a context nothing is unknown, and `known` is null.
    let v = validate_draft(xml, None);
    assert!(issues_with(&v, IssueCode::UnknownVariable).is_empty());
    assert!(v.variables.iter().all(|r| r.known.is_none()));
    assert!(v.ok);
    // A context that is not an object counts as none.
    let v = validate_draft(xml, Some(&json!(["firstName"])));
    assert!(issues_with(&v, IssueCode::UnknownVariable).is_empty());
    assert!(v.variables.iter().all(|r| r.known.is_none()));
}

#[test]
fn placeholder_suggestion_only_for_known_names() {
    let ctx = json!({ "firstName": "Alex" });
    let v = validate_draft(
        "<prompt>{{firstName}} {{lastName}} ${firstName}</prompt>",
        Some(&ctx),
    );
    let found: Vec<_> = issues_with(&v, IssueCode::PlaceholderSyntax)
        .into_iter()
        .map(|i| (i.variable.as_deref(), i.suggestion.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Some("firstName"), Some("firstName")),
            (Some("lastName"), None),
            (Some("firstName"), Some("firstName")),
        ]
    );
    assert!(v.ok, "placeholders are warnings");
    let v = validate_draft("<prompt>{{firstName}}</prompt>", None);
    assert_eq!(
        issues_with(&v, IssueCode::PlaceholderSyntax)[0].suggestion,
        None
    );
    // Not in comments of a well-formed prompt.
    let v = validate_draft("<prompt><!-- {{x}} -->y</prompt>", None);
    assert_eq!(v.issues, []);
}

#[test]
fn duplicate_spans_the_later_start_tag_and_names_the_line() {
    let xml = "<prompt>\n<goal>A</goal>\n<goal>A</goal>\n<goal>A</goal>\n</prompt>";
    let v = validate_draft(xml, None);
    let dups = issues_with(&v, IssueCode::DuplicateSection);
    assert_eq!(dups.len(), 2);
    assert_eq!((dups[0].line, dups[0].column), (3, 1));
    assert_eq!((dups[1].line, dups[1].column), (4, 1));
    assert!(dups[0].message.contains("line 2"), "{}", dups[0].message);
    // name vs id with the same value are different keys; keyed vs unkeyed differ too.
    let v = validate_draft(
        "<prompt><r name='a'>x</r><r id='a'>x</r><r>x</r></prompt>",
        None,
    );
    assert!(issues_with(&v, IssueCode::DuplicateSection).is_empty());
}

#[test]
fn structure_lints_need_a_well_formed_prompt() {
    let v = validate_draft("<doc><goal></goal><goal></goal>", None);
    assert!(!v.well_formed);
    assert_eq!(v.issues.len(), 1, "{:#?}", v.issues);
    assert_eq!(v.issues[0].code, IssueCode::XmlSyntax);
}

fn nested(depth: usize) -> String {
    let mut xml = String::from("<prompt>");
    for _ in 1..depth {
        xml.push_str("<d>");
    }
    xml.push('x');
    for _ in 1..depth {
        xml.push_str("</d>");
    }
    xml.push_str("</prompt>");
    xml
}

#[test]
fn sixty_four_deep_is_fine_sixty_five_is_too_deep() {
    let v = validate_draft(&nested(64), None);
    assert!(v.ok && v.well_formed, "{:#?}", v.issues);
    let xml = nested(65);
    let v = validate_draft(&xml, None);
    let deep = issues_with(&v, IssueCode::TooDeep);
    assert_eq!(deep.len(), 1);
    // The 65th element is the 64th `<d>`: "<prompt>" then 63 "<d>".
    assert_eq!(deep[0].start as usize, 8 + 63 * 3);
    assert_eq!(slice16(&xml, deep[0].start, deep[0].end), "<d>");
    assert!(!v.ok && !v.well_formed);
}

#[test]
fn a_hundred_thousand_deep_returns_quickly_without_overflow() {
    let xml = nested(100_000);
    let started = Instant::now();
    let v = validate_draft(&xml, None);
    assert_eq!(issues_with(&v, IssueCode::TooDeep).len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
    // Unclosed deep nesting too.
    let v = validate_draft(&"<a>".repeat(100_000), None);
    assert!(!v.well_formed);
}

#[test]
fn four_mib_is_fine_one_byte_more_is_too_large() {
    let at_limit = format!("<prompt>{}</prompt>", "x".repeat(MAX_PROMPT_BYTES - 17));
    assert_eq!(at_limit.len(), 4_194_304);
    let v = validate_draft(&at_limit, None);
    assert!(v.ok && v.well_formed, "{:#?}", v.issues);

    let over = over_limit();
    assert_eq!(over.len(), 4_194_305);
    let started = Instant::now();
    let v = validate_draft(&over, None);
    assert!(started.elapsed() < Duration::from_secs(2));
    let large = issues_with(&v, IssueCode::TooLarge);
    assert_eq!(large.len(), 1);
    assert_eq!(large[0].severity, Severity::Error);
    assert!(large[0].message.contains("4194305"), "{}", large[0].message);
    assert!(!v.ok && !v.well_formed && v.sections.is_empty());

    // Bytes, not characters: 2-byte characters reach the limit at half the length.
    let wide = format!("<prompt>{}</prompt>", "é".repeat(MAX_PROMPT_BYTES / 2));
    assert_eq!(
        issues_with(&validate_draft(&wide, None), IssueCode::TooLarge).len(),
        1
    );
}

fn billion_laughs_doctype() -> String {
    let mut doctype = String::from("<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doctype.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doctype.push_str("]>");
    doctype
}

fn billion_laughs() -> String {
    format!(
        "<?xml version=\"1.0\"?>\n{}\n<lolz>&lol9;</lolz>",
        billion_laughs_doctype()
    )
}

fn over_limit() -> String {
    format!("<prompt>{}</prompt>", "x".repeat(MAX_PROMPT_BYTES - 16))
}

#[test]
fn billion_laughs_returns_at_once() {
    let xml = billion_laughs();
    let started = Instant::now();
    let v = validate_draft(&xml, None);
    assert!(started.elapsed() < Duration::from_millis(500));
    let dtd = issues_with(&v, IssueCode::DtdNotAllowed);
    assert_eq!(dtd.len(), 1);
    assert_eq!(dtd[0].line, 2);
    assert_eq!(
        slice16(&xml, dtd[0].start, dtd[0].end),
        billion_laughs_doctype()
    );
    assert!(!v.ok && !v.well_formed);
}

#[test]
fn syntax_error_positions_point_at_the_problem() {
    let xml = "<prompt>\n  <goal>x</gaol>\n</prompt>";
    let v = validate_draft(xml, None);
    let e = &issues_with(&v, IssueCode::XmlSyntax)[0];
    assert_eq!((e.line, e.column), (2, 10));
    // The issue is the parse's problem, which says what was expected and what was found.
    assert_eq!(
        outline(xml).problems[0].error,
        XmlError::MismatchedEndTag {
            expected: "goal".into(),
            found: "gaol".into()
        }
    );

    let xml = "<prompt>\n  <goal x='1>\n</prompt>";
    let v = validate_draft(xml, None);
    let e = &issues_with(&v, IssueCode::XmlSyntax)[0];
    assert_eq!(e.line, 2, "{e:?}");
}

#[test]
fn nothing_panics_on_odd_input() {
    for xml in [
        "<",
        ">",
        "&",
        "<!",
        "<!-",
        "<!--",
        "<![CDATA[",
        "<?",
        "<?x",
        "</",
        "<a",
        "<a b",
        "<a b=",
        "<a b='",
        "<a/",
        "\u{FEFF}",
        "\u{FEFF}<",
        "<a>\u{0}</a>",
        "@",
        "@.",
        "{{",
        "${",
        "<a>&#;</a>",
        "<a>&#x;</a>",
        "<a>&#99999999999999999999;</a>",
        "<a x='&#x1F600;'/>",
        "<😀/>",
        "<a>]]></a>",
    ] {
        let v = validate_draft(xml, Some(&json!({"a": 1})));
        assert_eq!(
            v.ok,
            !v.issues.iter().any(|i| i.severity == Severity::Error),
            "{xml:?}"
        );
        for issue in &v.issues {
            assert!(issue.start <= issue.end, "{xml:?}");
            assert!(issue.end as usize <= xml.encode_utf16().count(), "{xml:?}");
        }
    }
}

#[test]
fn many_distinct_unknown_names_against_a_large_context_stay_cheap() {
    let fields: Vec<String> = (0..500).map(|i| format!("field{i}")).collect();
    let ctx = json!({ "Fields": fields, "firstName": 1 });
    let mut xml = String::from("<prompt><goal>@frstName ");
    let mut i = 0;
    while xml.len() < 300_000 {
        xml.push_str(&format!("@fild{i} "));
        i += 1;
    }
    xml.push_str("@firstname</goal></prompt>");
    let started = Instant::now();
    let v = validate_draft(&xml, Some(&ctx));
    // Without a bound on suggestion work this took minutes (every name against every field).
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let unknown = issues_with(&v, IssueCode::UnknownVariable);
    assert_eq!(unknown.len(), i + 2);
    // The first typos still get a suggestion, and case slips always do.
    assert_eq!(unknown[0].suggestion.as_deref(), Some("firstName"));
    assert_eq!(unknown[1].suggestion.as_deref(), Some("field0"));
    assert_eq!(
        unknown.last().unwrap().suggestion.as_deref(),
        Some("firstName")
    );
}
