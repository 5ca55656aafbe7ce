//! `validate_draft` on arbitrary text with an arbitrary variable context.
//! Invariants: issues are sorted by `start`, every position lies inside the text (in UTF-16 code
//! units), and `ok` agrees with the issues.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use prompt_assist::protocol::Severity;
use prompt_assist::validate::validate_draft;

#[derive(Arbitrary, Debug)]
struct Input {
    xml: String,
    context: Option<String>,
}

fuzz_target!(|input: Input| {
    let context = input
        .context
        .as_deref()
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok());
    let v = validate_draft(&input.xml, context.as_ref());
    let len = input.xml.encode_utf16().count() as u32;
    assert!(v.issues.windows(2).all(|w| w[0].start <= w[1].start));
    for issue in &v.issues {
        assert!(issue.start <= issue.end && issue.end <= len, "{issue:?}");
        assert!(issue.line >= 1 && issue.column >= 1);
    }
    for r in &v.variables {
        assert!(r.start < r.end && r.end <= len, "{r:?}");
    }
    assert_eq!(v.ok, !v.issues.iter().any(|i| i.severity == Severity::Error));
});
