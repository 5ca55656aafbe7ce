//! The unified line diff (`--- before` / `+++ after`, `@@` hunks, 3 lines of context) that goes
//! in `PromptDiff::unified`, made by `similar`'s formatter.
//!
//! Not the word ops (`super::ops`) and not HTML (`super::html`). Start at [`unified`].

use similar::{Algorithm, TextDiff};

/// Lines of context around each hunk.
const CONTEXT: usize = 3;

/// The unified diff of two texts; `""` when they are equal. A last line without `\n` is marked
/// `\ No newline at end of file`, as `diff -u` does.
pub(crate) fn unified(before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_lines(before, after)
        .unified_diff()
        .context_radius(CONTEXT)
        .missing_newline_hint(true)
        .header("before", "after")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(
            unified("a\n", "b"),
            "--- before\n+++ after\n@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n"
        );
    }
}
