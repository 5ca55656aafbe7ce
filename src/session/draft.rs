//! The seam where a `draft-ready` gets its validation and diff.
//!
//! A [`DraftCheck`] is made once per session from its options, so whatever can be prepared ahead
//! (the variable context, the current prompt) is prepared once, not per draft.

use serde_json::Value;

use crate::protocol::{DraftValidation, PromptDiff};

#[derive(Debug, Clone)]
pub struct DraftCheck {
    current_prompt: String,
    variable_context: Option<Value>,
}

impl DraftCheck {
    pub fn new(current_prompt: String, variable_context: Option<Value>) -> Self {
        DraftCheck {
            current_prompt,
            variable_context,
        }
    }

    /// Validates `prompt` against the variable context and diffs it against the current prompt.
    pub fn check(&self, prompt: &str) -> (DraftValidation, PromptDiff) {
        let validation = crate::validate::validate_draft(prompt, self.variable_context.as_ref());
        let diff = crate::diff::diff_prompts(&self.current_prompt, prompt);
        (validation, diff)
    }
}
