//! Validation issues on the after side: `<mark>`s over the text they span, and the order in which
//! their messages follow the rows.
//!
//! Not validation (the issues come in as `RenderOptions::issues`, positioned in UTF-16 code units
//! of the after text) and not the table: `table` asks [`Marks`] to write each piece of after text.
//! Start at [`Marks::new`].
//!
//! Issues may overlap (a duplicate section's start tag holding an unknown variable). They are
//! turned into disjoint spans, each marked with the most severe issue covering it, so marks never
//! nest. An empty issue (`start == end`) marks the one unit after its position. Writing walks the
//! spans with a cursor that only moves forward, so marking a view is linear in its text.

use super::escape;
use super::rows::utf16_len;
use crate::protocol::{IssueCode, Severity, ValidationIssue};

/// A stretch of after text covered by at least one issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
    severity: Severity,
}

/// The issues of one rendering, ready to mark and to annotate.
#[derive(Debug, Default)]
pub(super) struct Marks<'a> {
    spans: Vec<Span>,
    /// The issues sorted by start (then by their given order).
    sorted: Vec<&'a ValidationIssue>,
    /// The next span that may still overlap text being written.
    cursor: usize,
}

impl<'a> Marks<'a> {
    pub fn new(issues: &'a [ValidationIssue]) -> Self {
        // Sorting `u64` keys (start, then index) reuses the one sort the diff already has;
        // each other sort would add kilobytes to the wasm.
        let mut keys: Vec<u64> = issues
            .iter()
            .zip(0u64..)
            .map(|(issue, i)| u64::from(issue.start) << 32 | i)
            .collect();
        keys.sort_unstable();
        let sorted = keys
            .iter()
            .filter_map(|k| issues.get(usize::try_from(k & 0xFFFF_FFFF).ok()?))
            .collect();
        Marks {
            spans: spans(issues),
            sorted,
            cursor: 0,
        }
    }

    /// The issues whose start lies in `range` (UTF-16 units of the after text), by start.
    pub fn starting_in(&self, range: std::ops::Range<u32>) -> &[&'a ValidationIssue] {
        let from = self.sorted.partition_point(|i| i.start < range.start);
        let to = self.sorted.partition_point(|i| i.start < range.end);
        self.sorted.get(from..to).unwrap_or_default()
    }

    /// Whether any issue covers part of `range` (an empty range covers nothing).
    pub fn overlaps(&self, range: std::ops::Range<u32>) -> bool {
        let at = self.spans.partition_point(|s| s.end <= range.start);
        self.spans.get(at).is_some_and(|s| s.start < range.end)
    }

    /// Moves the cursor back to the first span that ends after `at`, for a view whose text
    /// starts there.
    pub fn seek(&mut self, at: u32) {
        self.cursor = self.spans.partition_point(|s| s.end <= at);
    }

    /// Appends `text`, which starts at UTF-16 offset `at` of the after text, escaped and with
    /// the spans over it marked. Calls for one view must come in text order.
    pub fn write(&mut self, out: &mut String, text: &str, at: u32) {
        if self.spans.is_empty() {
            escape(out, text);
            return;
        }
        while self.spans.get(self.cursor).is_some_and(|s| s.end <= at) {
            self.cursor += 1;
        }
        let end = at.saturating_add(utf16_len(text));
        let mut pos = at;
        let mut rest = text;
        while let Some(span) = self.spans.get(self.cursor).copied() {
            if span.start >= end || rest.is_empty() {
                break;
            }
            if span.start > pos {
                let (plain, tail, units) = split_utf16(rest, span.start - pos);
                escape(out, plain);
                rest = tail;
                pos += units;
            }
            let (marked, tail, units) = split_utf16(rest, span.end.saturating_sub(pos));
            if !marked.is_empty() {
                out.push_str(match span.severity {
                    Severity::Error => "<mark class=\"pa-diff-issue pa-diff-issue-error\">",
                    Severity::Warning => "<mark class=\"pa-diff-issue pa-diff-issue-warning\">",
                });
                escape(out, marked);
                out.push_str("</mark>");
            }
            rest = tail;
            pos += units;
            if span.end > end {
                break;
            }
            self.cursor += 1;
        }
        escape(out, rest);
    }
}

/// Cuts `text` after `units` UTF-16 code units, never inside a character (a surrogate pair cut
/// in half goes with the head). Returns the head, the tail and the head's length in units.
fn split_utf16(text: &str, units: u32) -> (&str, &str, u32) {
    let mut taken = 0u32;
    for (at, ch) in text.char_indices() {
        if taken >= units {
            let (head, tail) = text.split_at_checked(at).unwrap_or((text, ""));
            return (head, tail, taken);
        }
        taken += u32::try_from(ch.len_utf16()).unwrap_or(2);
    }
    (text, "", taken)
}

/// The disjoint spans covered by `issues`, each with the most severe issue covering it.
fn spans(issues: &[ValidationIssue]) -> Vec<Span> {
    // Events as sortable keys: position, then closings before openings, each an error or a
    // warning (the two low bits).
    const OPEN: u64 = 2;
    const WARNING: u64 = 1;
    let mut events: Vec<u64> = Vec::with_capacity(issues.len() * 2);
    for issue in issues {
        let end = issue.end.max(issue.start.saturating_add(1));
        let warning = u64::from(issue.severity == Severity::Warning);
        events.push(u64::from(issue.start) << 2 | OPEN | warning);
        events.push(u64::from(end) << 2 | warning);
    }
    events.sort_unstable();
    let mut spans: Vec<Span> = Vec::new();
    let (mut errors, mut warnings) = (0u32, 0u32);
    let mut from = 0u32;
    for event in events {
        let at = u32::try_from(event >> 2).unwrap_or(u32::MAX);
        if at > from && errors + warnings > 0 {
            let severity = if errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            };
            match spans.last_mut() {
                Some(last) if last.end == from && last.severity == severity => last.end = at,
                _ => spans.push(Span {
                    start: from,
                    end: at,
                    severity,
                }),
            }
        }
        from = at;
        let count = if event & WARNING != 0 {
            &mut warnings
        } else {
            &mut errors
        };
        if event & OPEN != 0 {
            *count += 1;
        } else {
            *count = count.saturating_sub(1);
        }
    }
    spans
}

/// The issue code as the contract spells it.
pub(super) fn code_name(code: IssueCode) -> &'static str {
    match code {
        IssueCode::XmlSyntax => "xml-syntax",
        IssueCode::UnknownVariable => "unknown-variable",
        IssueCode::PlaceholderSyntax => "placeholder-syntax",
        IssueCode::DtdNotAllowed => "dtd-not-allowed",
        IssueCode::RootElement => "root-element",
        IssueCode::EmptySection => "empty-section",
        IssueCode::DuplicateSection => "duplicate-section",
        IssueCode::TooDeep => "too-deep",
        IssueCode::TooLarge => "too-large",
        IssueCode::EmptyPrompt => "empty-prompt",
    }
}

/// The severity as the contract spells it.
pub(super) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(code: IssueCode, start: u32, end: u32) -> ValidationIssue {
        ValidationIssue {
            severity: code.severity(),
            code,
            message: String::new(),
            start,
            end,
            line: 1,
            column: start + 1,
            variable: None,
            suggestion: None,
        }
    }

    #[test]
    fn code_names_match_the_serialised_codes() {
        for code in [
            IssueCode::XmlSyntax,
            IssueCode::UnknownVariable,
            IssueCode::PlaceholderSyntax,
            IssueCode::DtdNotAllowed,
            IssueCode::RootElement,
            IssueCode::EmptySection,
            IssueCode::DuplicateSection,
            IssueCode::TooDeep,
            IssueCode::TooLarge,
            IssueCode::EmptyPrompt,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code_name(code))
            );
        }
    }

    #[test]
    fn overlapping_issues_become_disjoint_spans_of_the_worst_severity() {
        let s = spans(&[
            issue(IssueCode::DuplicateSection, 0, 10),
            issue(IssueCode::UnknownVariable, 4, 6),
            issue(IssueCode::UnknownVariable, 5, 12),
            issue(IssueCode::EmptyPrompt, 20, 20),
        ]);
        let got: Vec<_> = s.iter().map(|s| (s.start, s.end, s.severity)).collect();
        assert_eq!(
            got,
            [
                (0, 4, Severity::Warning),
                (4, 12, Severity::Error),
                (20, 21, Severity::Error),
            ]
        );
    }

    #[test]
    fn marks_split_across_pieces_and_respect_surrogate_pairs() {
        let issues = [issue(IssueCode::UnknownVariable, 2, 7)];
        let mut marks = Marks::new(&issues);
        let mut out = String::new();
        // "a😀" is 3 units; the issue starts in the middle of the emoji, which goes unmarked
        // with its first half.
        marks.write(&mut out, "a😀<b", 0);
        marks.write(&mut out, "cdef", 5);
        assert_eq!(
            out,
            "a😀<mark class=\"pa-diff-issue pa-diff-issue-error\">&lt;b</mark>\
             <mark class=\"pa-diff-issue pa-diff-issue-error\">cd</mark>ef"
        );
    }

    #[test]
    fn lookups() {
        let issues = [
            issue(IssueCode::UnknownVariable, 8, 10),
            issue(IssueCode::RootElement, 0, 2),
        ];
        let marks = Marks::new(&issues);
        let starts: Vec<u32> = marks.starting_in(0..9).iter().map(|i| i.start).collect();
        assert_eq!(starts, [0, 8]);
        assert!(marks.starting_in(1..8).is_empty());
        assert!(marks.overlaps(1..3));
        assert!(!marks.overlaps(2..8));
        assert!(!marks.overlaps(5..5));
    }
}
