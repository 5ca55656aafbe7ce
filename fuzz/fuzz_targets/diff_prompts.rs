//! `diff_prompts` on arbitrary pairs. Invariant: the ops rebuild both sides, for the whole text
//! and for every section.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::diff::diff_prompts;
use prompt_assist::protocol::{DiffOp, OpKind};

fn rebuild(ops: &[DiffOp], skip: OpKind) -> String {
    ops.iter().filter(|o| o.op != skip).map(|o| o.text.as_str()).collect()
}

fuzz_target!(|pair: (String, String)| {
    let (before, after) = pair;
    let diff = diff_prompts(&before, &after);
    assert_eq!(rebuild(&diff.ops, OpKind::Insert), before);
    assert_eq!(rebuild(&diff.ops, OpKind::Delete), after);
    for s in &diff.sections {
        assert_eq!(rebuild(&s.ops, OpKind::Insert), s.before.clone().unwrap_or_default());
        assert_eq!(rebuild(&s.ops, OpKind::Delete), s.after.clone().unwrap_or_default());
    }
    if before == after {
        assert!(diff.unified.is_empty());
    }
});
