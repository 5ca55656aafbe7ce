//! `validate_draft` on arbitrary text with an arbitrary variable context.
//!
//! The input is the draft, optionally followed by a NUL byte and the context as JSON, so plain
//! prompt files seed the corpus. Invariants: issues are sorted by `start`, every position lies
//! inside the text (in UTF-16 code units) and agrees with its line and column, every reference
//! slices back to `@name`, and `ok` agrees with the issues.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::protocol::Severity;
use prompt_assist::validate::validate_draft;

fuzz_target!(|data: &[u8]| {
    let (xml, context) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (
            &data[..nul],
            std::str::from_utf8(&data[nul + 1..])
                .ok()
                .and_then(|t| prompt_assist::json::parse(t).ok()),
        ),
        None => (data, None),
    };
    let xml = String::from_utf8_lossy(xml);
    let v = validate_draft(&xml, context.as_ref());

    let units: Vec<u16> = xml.encode_utf16().collect();
    let len = units.len() as u32;
    assert!(v.issues.windows(2).all(|w| w[0].start <= w[1].start));
    for issue in &v.issues {
        assert!(issue.start <= issue.end && issue.end <= len, "{issue:?}");
        assert!(issue.line >= 1 && issue.column >= 1);
    }
    for r in &v.variables {
        assert!(r.start < r.end && r.end <= len, "{r:?}");
        let text = String::from_utf16_lossy(&units[r.start as usize..r.end as usize]);
        assert_eq!(text, format!("@{}", r.name));
        let line_start = units[..r.start as usize]
            .iter()
            .rposition(|&u| u == u16::from(b'\n') || u == u16::from(b'\r'))
            .map_or(0, |i| i + 1);
        assert_eq!(
            r.column as usize,
            r.start as usize - line_start + 1,
            "{r:?}"
        );
    }
    assert_eq!(
        v.ok,
        !v.issues.iter().any(|i| i.severity == Severity::Error)
    );
});
