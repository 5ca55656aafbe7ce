//! Every validation message is a plain sentence for the editor's user (API.md §4; issue 15,
//! item 6): no backticks or markdown, literal text in double quotes, and the fix where one is
//! obvious. One row per issue code and per XML problem (`XmlError` variant), kept in
//! `tests/fixtures/messages.json` so that `tests/js/messages.test.mjs` runs the same rows through
//! the package. Rows check the style and the quoted literals, never a whole sentence.

use std::collections::BTreeSet;

use prompt_assist::protocol::IssueCode;
use prompt_assist::validate::{
    outline, validate_draft, Finding, Markup, NameKind, Sameness, XmlError,
};
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/messages.json");

/// The style rules every message follows; the broken ones, in words.
fn style_problems(message: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if message.is_empty() {
        problems.push("empty".to_owned());
    }
    if message.starts_with(|c: char| c.is_uppercase()) {
        problems.push("starts upper-case (messages start lower-case, as rustc's do)".to_owned());
    }
    if message.contains('\n') {
        problems.push("has a line break".to_owned());
    }
    if message.contains('`') {
        problems.push("has a backtick".to_owned());
    }
    if message.matches('"').count() % 2 != 0 {
        problems.push("has an unbalanced double quote".to_owned());
    }
    // Outside double quotes: prose only. Markdown's characters and markup's characters (which
    // would be literal text, and literal text is quoted) may appear only inside quotes.
    let outside: String = message.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    for c in [
        '*', '_', '#', '[', ']', '~', '|', '<', '>', '&', '@', '{', '}', '$', '=',
    ] {
        if outside.contains(c) {
            problems.push(format!("has {c:?} outside double quotes"));
        }
    }
    problems
}

struct Row {
    finding: String,
    code: IssueCode,
    xml: String,
    context: Option<Value>,
    quoted: Vec<String>,
    hint: Option<String>,
}

fn rows() -> Vec<Row> {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    fixture["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let xml = match row.get("generate") {
                Some(g) => format!(
                    "{}{}{}",
                    g["head"].as_str().unwrap(),
                    g["repeat"]
                        .as_str()
                        .unwrap()
                        .repeat(g["times"].as_u64().unwrap() as usize),
                    g["tail"].as_str().unwrap()
                ),
                None => row["xml"].as_str().unwrap().to_owned(),
            };
            Row {
                finding: row["finding"].as_str().unwrap().to_owned(),
                code: serde_json::from_value(row["code"].clone()).unwrap(),
                xml,
                context: row.get("context").cloned(),
                quoted: row["quoted"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q.as_str().unwrap().to_owned())
                    .collect(),
                hint: row.get("hint").map(|h| h.as_str().unwrap().to_owned()),
            }
        })
        .collect()
}

/// The variant's name. Exhaustive: a new variant does not compile until it is named here, and
/// then [`every_xml_problem_has_a_row`] asks for its row.
fn xml_variant(error: &XmlError) -> &'static str {
    use XmlError as E;
    match error {
        E::TooLarge { .. } => "TooLarge",
        E::EmptyPrompt => "EmptyPrompt",
        E::DoctypeNotAllowed => "DoctypeNotAllowed",
        E::TooDeep { .. } => "TooDeep",
        E::NoRoot => "NoRoot",
        E::SecondRoot { .. } => "SecondRoot",
        E::ContentOutsideRoot { .. } => "ContentOutsideRoot",
        E::UnclosedElement { .. } => "UnclosedElement",
        E::MismatchedEndTag { .. } => "MismatchedEndTag",
        E::UnmatchedEndTag { .. } => "UnmatchedEndTag",
        E::UnclosedTag { .. } => "UnclosedTag",
        E::BareLessThan => "BareLessThan",
        E::InvalidName { .. } => "InvalidName",
        E::ReservedTarget { .. } => "ReservedTarget",
        E::MissingSpaceBeforeAttribute { .. } => "MissingSpaceBeforeAttribute",
        E::AttributeWithoutValue { .. } => "AttributeWithoutValue",
        E::UnquotedAttributeValue { .. } => "UnquotedAttributeValue",
        E::UnclosedAttributeValue { .. } => "UnclosedAttributeValue",
        E::DuplicateAttribute { .. } => "DuplicateAttribute",
        E::LessThanInAttributeValue { .. } => "LessThanInAttributeValue",
        E::CdataEndInText => "CdataEndInText",
        E::BareAmpersand => "BareAmpersand",
        E::UnknownEntity { .. } => "UnknownEntity",
        E::InvalidCharReference { .. } => "InvalidCharReference",
        E::IllegalCharacter { .. } => "IllegalCharacter",
        E::DoubleHyphenInComment => "DoubleHyphenInComment",
        E::UnclosedMarkup { .. } => "UnclosedMarkup",
        E::UnknownMarkup => "UnknownMarkup",
        E::Unreadable => "Unreadable",
        E::MisplacedDeclaration => "MisplacedDeclaration",
        E::DeclarationWithoutVersion => "DeclarationWithoutVersion",
        E::UnknownDeclarationAttribute { .. } => "UnknownDeclarationAttribute",
        E::DeclarationOrder { .. } => "DeclarationOrder",
        E::DeclarationSyntax { .. } => "DeclarationSyntax",
        E::DeclarationValue { .. } => "DeclarationValue",
    }
}

/// One value of every `XmlError` variant (with every kind of its fields), for the style check
/// of messages no input can produce (`Unreadable`) or that need odd data.
fn every_xml_error() -> Vec<XmlError> {
    use XmlError as E;
    let s = |text: &str| text.to_owned();
    let mut all = vec![
        E::TooLarge { bytes: 4_194_305 },
        E::EmptyPrompt,
        E::DoctypeNotAllowed,
        E::TooDeep {
            tag: s("d"),
            depth: 65,
        },
        E::NoRoot,
        E::SecondRoot {
            tag: s("b"),
            root: s("prompt"),
        },
        E::ContentOutsideRoot { root: None },
        E::ContentOutsideRoot {
            root: Some(s("prompt")),
        },
        E::UnclosedElement { tag: s("goal") },
        E::MismatchedEndTag {
            expected: s("goal"),
            found: s(""),
        },
        E::UnmatchedEndTag {
            found: s("goal"),
            root: None,
        },
        E::UnmatchedEndTag {
            found: s("goal"),
            root: Some(s("prompt")),
        },
        E::UnclosedTag {
            tag: s("goal"),
            end: true,
        },
        E::UnclosedTag {
            tag: s("goal"),
            end: false,
        },
        E::BareLessThan,
        E::ReservedTarget { target: s("xml") },
        E::MissingSpaceBeforeAttribute { name: s("b") },
        E::AttributeWithoutValue { name: s("b") },
        E::UnquotedAttributeValue { name: s("b") },
        E::UnclosedAttributeValue {
            name: s("b"),
            quote: '"',
        },
        E::UnclosedAttributeValue {
            name: s("b"),
            quote: '\'',
        },
        E::DuplicateAttribute { name: s("b") },
        E::LessThanInAttributeValue { name: s("b") },
        E::CdataEndInText,
        E::BareAmpersand,
        E::UnknownEntity {
            name: s("nbsp"),
            instead: Some("&#160;"),
        },
        E::UnknownEntity {
            name: s("hearts"),
            instead: None,
        },
        E::InvalidCharReference {
            reference: s("&#0;"),
        },
        E::IllegalCharacter { character: '\u{1}' },
        E::DoubleHyphenInComment,
        E::UnknownMarkup,
        E::Unreadable,
        E::MisplacedDeclaration,
        E::DeclarationWithoutVersion,
        E::UnknownDeclarationAttribute { name: s("lang") },
        E::DeclarationOrder {
            name: s("encoding"),
        },
        E::DeclarationSyntax {
            name: s("encoding"),
        },
    ];
    for kind in [
        NameKind::Element,
        NameKind::Attribute,
        NameKind::ProcessingInstruction,
    ] {
        for name in ["", "1a"] {
            all.push(E::InvalidName {
                kind,
                name: s(name),
            });
        }
    }
    for markup in [
        Markup::Comment,
        Markup::Cdata,
        Markup::ProcessingInstruction,
        Markup::XmlDeclaration,
    ] {
        all.push(E::UnclosedMarkup { markup });
    }
    for (name, value) in [
        ("version", "2.0"),
        ("encoding", "8bit"),
        ("standalone", "maybe"),
    ] {
        all.push(E::DeclarationValue {
            name: s(name),
            value: s(value),
        });
    }
    all
}

fn every_other_finding() -> Vec<Finding> {
    let s = |text: &str| text.to_owned();
    vec![
        Finding::UnknownVariable {
            name: s("frstName"),
            suggestion: Some(s("firstName")),
        },
        Finding::UnknownVariable {
            name: s("phone"),
            suggestion: None,
        },
        Finding::Placeholder {
            written: s("${ name }"),
            name: s("name"),
            suggestion: None,
        },
        Finding::RootElement { tag: s("doc") },
        Finding::EmptySection { tag: s("goal") },
        Finding::DuplicateSection {
            tag: s("rule"),
            same: Sameness::Name(s("a")),
            first_line: 2,
        },
        Finding::DuplicateSection {
            tag: s("rule"),
            same: Sameness::Id(s("a")),
            first_line: 2,
        },
        Finding::DuplicateSection {
            tag: s("rule"),
            same: Sameness::Content,
            first_line: 2,
        },
    ]
}

/// The `Finding` variant each non-XML code comes from (one each).
fn finding_of(code: IssueCode) -> Option<&'static str> {
    Some(match code {
        IssueCode::UnknownVariable => "UnknownVariable",
        IssueCode::PlaceholderSyntax => "Placeholder",
        IssueCode::RootElement => "RootElement",
        IssueCode::EmptySection => "EmptySection",
        IssueCode::DuplicateSection => "DuplicateSection",
        IssueCode::XmlSyntax
        | IssueCode::DtdNotAllowed
        | IssueCode::TooDeep
        | IssueCode::TooLarge
        | IssueCode::EmptyPrompt => return None,
    })
}

#[test]
fn every_row_gives_a_plain_sentence_with_its_quotes_and_its_fix() {
    let mut failures = Vec::new();
    for row in rows() {
        let v = validate_draft(&row.xml, row.context.as_ref());
        let Some(issue) = v.issues.iter().find(|i| i.code == row.code) else {
            failures.push(format!(
                "{}: no {:?} issue in {:?}",
                row.finding, row.code, v.issues
            ));
            continue;
        };
        // The row is the finding it names.
        let finding = match finding_of(row.code) {
            Some(name) => name,
            None => outline(&row.xml)
                .problems
                .first()
                .map_or("none", |p| xml_variant(&p.error)),
        };
        let named = row.finding.split(" (").next().unwrap_or_default();
        if finding != named {
            failures.push(format!("{}: the input gives {finding}", row.finding));
        }
        let message = &issue.message;
        for problem in style_problems(message) {
            failures.push(format!("{}: {problem}: {message}", row.finding));
        }
        for literal in &row.quoted {
            if !message.contains(&format!("\"{literal}\"")) {
                failures.push(format!(
                    "{}: {literal:?} not quoted: {message}",
                    row.finding
                ));
            }
        }
        if let Some(hint) = &row.hint {
            if !message.contains(hint.as_str()) {
                failures.push(format!("{}: no hint {hint:?}: {message}", row.finding));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_issue_code_and_every_xml_problem_has_a_row() {
    let rows = rows();
    let codes: BTreeSet<String> = rows.iter().map(|r| format!("{:?}", r.code)).collect();
    assert_eq!(codes.len(), 10, "{codes:?}");
    let named: BTreeSet<&str> = rows
        .iter()
        .map(|r| r.finding.split(" (").next().unwrap_or_default())
        .collect();
    let missing: Vec<&str> = every_xml_error()
        .iter()
        .map(xml_variant)
        .filter(|v| !named.contains(v) && *v != "Unreadable")
        .collect();
    assert_eq!(missing, Vec::<&str>::new());
}

#[test]
fn every_variant_of_every_finding_follows_the_style() {
    let errors = every_xml_error();
    let variants: BTreeSet<&str> = errors.iter().map(xml_variant).collect();
    assert_eq!(
        variants.len(),
        35,
        "every XmlError variant is in every_xml_error()"
    );
    let findings = errors
        .into_iter()
        .map(Finding::Xml)
        .chain(every_other_finding());
    let mut failures = Vec::new();
    for finding in findings {
        let message = finding.to_string();
        for problem in style_problems(&message) {
            failures.push(format!("{finding:?}: {problem}: {message}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_style_check_catches_what_it_should() {
    assert_eq!(
        style_problems("unknown variable \"@x\""),
        Vec::<String>::new()
    );
    for bad in [
        "unknown variable `@x`",
        "unknown variable @x",
        "write &amp; instead",
        "expected </goal>",
        "**bold**",
        "a [link](x)",
        "Capitalised",
        "half \"quoted",
        "",
    ] {
        assert!(!style_problems(bad).is_empty(), "{bad:?}");
    }
}

#[test]
fn long_literal_text_is_cut() {
    let name = "x".repeat(10_000);
    let message = XmlError::UnclosedElement { tag: name }.to_string();
    assert!(message.len() < 300, "{message}");
    assert!(style_problems(&message).is_empty(), "{message}");
}
