//! `diff_prompts` on arbitrary pairs. Invariant: the ops rebuild both sides, for the whole text
//! and for every section, and equal sides have an empty unified diff.
//!
//! The input is the two sides separated by a NUL byte, so prompt files seed the corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::diff::diff_prompts;
use prompt_assist::protocol::{DiffOp, OpKind};

fn rebuild(ops: &[DiffOp], skip: OpKind) -> String {
    ops.iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (before, after) = text.split_once('\0').unwrap_or((&text, ""));
    let diff = diff_prompts(before, after);
    assert_eq!(rebuild(&diff.ops, OpKind::Insert), before);
    assert_eq!(rebuild(&diff.ops, OpKind::Delete), after);
    for s in &diff.sections {
        assert_eq!(
            rebuild(&s.ops, OpKind::Insert),
            s.before.clone().unwrap_or_default()
        );
        assert_eq!(
            rebuild(&s.ops, OpKind::Delete),
            s.after.clone().unwrap_or_default()
        );
    }
    if before == after {
        assert!(diff.unified.is_empty());
        assert!(diff.ops.iter().all(|o| o.op == OpKind::Equal));
    }
    if !diff.structural {
        assert!(diff.sections.is_empty());
    }
});
