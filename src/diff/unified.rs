//! The unified line diff (`--- before` / `+++ after`, `@@` hunks, 3 lines of context) that goes
//! in `PromptDiff::unified`: the format of `similar`'s `UnifiedDiff` (byte for byte, which the
//! proptests below check), written here over the one shared sequence diff (`super::seq`).
//!
//! Not the word ops (`super::ops`) and not HTML (`super::html`). Start at [`unified`].

use std::fmt::Write;

use super::seq::{diff_tokens, DiffOp, DiffTag, Method};

/// Lines of context around each hunk.
const CONTEXT: usize = 3;

/// The unified diff of two texts; `""` when they are equal. A last line without a line ending is
/// marked `\ No newline at end of file`, as `diff -u` does.
pub(crate) fn unified(before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let old = lines(before);
    let new = lines(after);
    let mut out = String::new();
    for hunk in hunks(diff_tokens(&old, &new, Method::Myers), CONTEXT) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        if out.is_empty() {
            out.push_str("--- before\n+++ after\n");
        }
        out.push_str("@@ -");
        push_range(&mut out, first.old_range().start, last.old_range().end);
        out.push_str(" +");
        push_range(&mut out, first.new_range().start, last.new_range().end);
        out.push_str(" @@\n");
        for op in &hunk {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if matches!(tag, DiffTag::Equal) {
                push_lines(&mut out, ' ', old.get(old_range));
                continue;
            }
            if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
                push_lines(&mut out, '-', old.get(old_range));
            }
            if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
                push_lines(&mut out, '+', new.get(new_range));
            }
        }
    }
    out
}

/// The ops cut into hunks: each equal run longer than `2 · context` ends one hunk with its
/// first `context` lines and starts the next with its last `context`; the first and last equal
/// runs keep only the `context` lines next to a change, and a last hunk of only context is dropped
/// (as `similar`'s `group_diff_ops`). `O(ops)`.
fn hunks(mut ops: Vec<DiffOp>, context: usize) -> Vec<Vec<DiffOp>> {
    if let Some(first) = ops.first_mut().filter(|op| op.tag == DiffTag::Equal) {
        let cut = first.old_len.saturating_sub(context);
        *first = DiffOp::equal(
            first.old_index + cut,
            first.new_index + cut,
            first.old_len - cut,
        );
    }
    if let Some(last) = ops.last_mut().filter(|op| op.tag == DiffTag::Equal) {
        let len = last.old_len.min(context);
        *last = DiffOp::equal(last.old_index, last.new_index, len);
    }
    let mut hunks = Vec::new();
    let mut hunk = Vec::new();
    for op in ops {
        if op.tag == DiffTag::Equal && op.old_len > 2 * context {
            hunk.push(DiffOp::equal(op.old_index, op.new_index, context));
            hunks.push(std::mem::take(&mut hunk));
            let cut = op.old_len - context;
            hunk.push(DiffOp::equal(
                op.old_index + cut,
                op.new_index + cut,
                context,
            ));
        } else {
            hunk.push(op);
        }
    }
    if !matches!(
        hunk.as_slice(),
        [] | [DiffOp {
            tag: DiffTag::Equal,
            ..
        }]
    ) {
        hunks.push(hunk);
    }
    hunks
}

/// Cuts `text` into lines, each with its line ending: `\n`, `\r\n` or a lone `\r` (as `similar`'s
/// line diff does, so a classic-Mac line ending is a line too).
fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let ends = match b {
            b'\n' => true,
            b'\r' if bytes.get(i) == Some(&b'\n') => {
                i += 1;
                true
            }
            b'\r' => true,
            _ => false,
        };
        if ends {
            out.extend(text.get(start..i));
            start = i;
        }
    }
    out.extend(text.get(start..).filter(|rest| !rest.is_empty()));
    out
}

/// A hunk range as `diff -u` writes it: `start,len` (1-based), just `start` for one line, and the
/// line before the range for an empty one.
fn push_range(out: &mut String, start: usize, end: usize) {
    let len = end.saturating_sub(start);
    if len == 1 {
        let _ = write!(out, "{}", start + 1);
    } else {
        let _ = write!(out, "{},{}", if len == 0 { start } else { start + 1 }, len);
    }
}

/// The lines of one op, each after its `mark`.
fn push_lines(out: &mut String, mark: char, lines: Option<&[&str]>) {
    for line in lines.unwrap_or_default() {
        out.push(mark);
        out.push_str(line);
        if !line.ends_with(['\r', '\n']) {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_is_empty() {
        assert_eq!(unified("a\nb\n", "a\nb\n"), "");
        assert_eq!(unified("", ""), "");
    }

    #[test]
    fn standard_format() {
        let before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(before, after),
            "--- before\n+++ after\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    /// What `similar`'s own unified formatter gives, which [`unified`] must match byte for byte.
    fn similar_unified(before: &str, after: &str) -> String {
        if before == after {
            return String::new();
        }
        similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .diff_lines(before, after)
            .unified_diff()
            .context_radius(CONTEXT)
            .missing_newline_hint(true)
            .header("before", "after")
            .to_string()
    }

    #[test]
    fn line_endings_as_similar_cuts_them() {
        assert_eq!(lines("a\nb\rc\r\nd"), ["a\n", "b\r", "c\r\n", "d"]);
        assert_eq!(lines("\n\n"), ["\n", "\n"]);
        assert!(lines("").is_empty());
        for (before, after) in [
            ("a\r\nb\r\n", "a\r\nc\r\n"),
            ("a\rb", "a\rc\r"),
            ("x", "y"),
            ("same\nlast", "same\nlast\n"),
            ("", "one\n"),
            ("one\n", ""),
        ] {
            assert_eq!(unified(before, after), similar_unified(before, after));
        }
    }

    /// Two changes `gap` equal lines apart are one hunk up to `2 · CONTEXT` lines, two beyond.
    #[test]
    fn hunks_split_where_similar_splits_them() {
        for gap in 0..10 {
            for (head, tail) in [(0, 0), (2, 2), (3, 3), (4, 5), (9, 9)] {
                let text = |first: &str, second: &str| {
                    let mut lines = vec![String::from("x"); head];
                    lines.push(first.to_string());
                    lines.extend((0..gap).map(|i| format!("same {i}")));
                    lines.push(second.to_string());
                    lines.extend((0..tail).map(|i| format!("tail {i}")));
                    lines.join("\n") + "\n"
                };
                let (before, after) = (text("a", "b"), text("A", "B"));
                assert_eq!(unified(&before, &after), similar_unified(&before, &after));
                let hunks = unified(&before, &after).matches("@@ -").count();
                assert_eq!(hunks, if gap > 2 * CONTEXT { 2 } else { 1 }, "gap {gap}");
            }
        }
    }

    /// A text of `lines` lines drawn from a few distinct ones, with random line endings.
    fn text_strategy(lines: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        text_of(lines, 8)
    }

    /// A text of `lines` lines drawn from `distinct` ones, with random line endings.
    fn text_of(lines: std::ops::Range<usize>, distinct: u32) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (
                0..distinct,
                prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("")],
            ),
            lines,
        )
        .prop_map(|lines| {
            lines
                .into_iter()
                .map(|(n, end)| format!("line {n}{end}"))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn same_text_as_similar_formatter(
            before in text_strategy(0..40),
            after in text_strategy(0..40),
        ) {
            prop_assert_eq!(unified(&before, &after), similar_unified(&before, &after));
        }

        /// Over 100 lines `similar` trims and remaps before diffing; the output must not change.
        #[test]
        fn same_text_as_similar_formatter_on_long_texts(
            head in text_strategy(100..160),
            before in text_strategy(0..60),
            after in text_strategy(0..60),
            tail in text_strategy(0..40),
        ) {
            let before = format!("{head}\n{before}\n{tail}");
            let after = format!("{head}\n{after}\n{tail}");
            prop_assert_eq!(unified(&before, &after), similar_unified(&before, &after));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Over 512 lines a side `similar`'s Myers may drop unmatched lines before its search.
        #[test]
        fn same_text_as_similar_formatter_on_very_long_texts(
            (before, after) in prop_oneof![Just(8u32), Just(300), Just(5000)]
                .prop_flat_map(|distinct| (text_of(500..700, distinct), text_of(500..700, distinct)))
        ) {
            prop_assert_eq!(unified(&before, &after), similar_unified(&before, &after));
        }
    }

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(
            unified("a\n", "b"),
            "--- before\n+++ after\n@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n"
        );
    }
}
