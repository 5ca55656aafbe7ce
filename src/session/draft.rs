//! The seam where a `draft-ready` gets its validation and diff.
//!
//! A [`DraftCheck`] is made once per session from its options, so whatever can be prepared ahead
//! is prepared once, not per draft: the variable context is normalised into a [`VariableSet`]
//! here, the current prompt is parsed once, and each draft is parsed once into an [`Outline`]
//! that serves both its validation and its diff.
//! It is not the validator itself (`crate::validate`) nor the diff (`crate::diff`).

use crate::json::Value;

use crate::diff::diff_outlines;
use crate::protocol::{DraftValidation, PromptDiff};
use crate::validate::{outline, validate_draft_with, Outline};
use crate::variables::VariableSet;

/// What a session checks each draft against: its current prompt (parsed) and its variable
/// context (normalised). See the module docs.
#[derive(Debug, Clone)]
pub struct DraftCheck {
    current_prompt: String,
    /// `current_prompt` parsed once: every draft of the session is diffed against it.
    current_outline: Outline,
    /// The session's `variableContext`, normalised once. `None` when there is none, or when it
    /// is not a JSON object (see `crate::variables`).
    variables: Option<VariableSet>,
}

impl DraftCheck {
    /// Prepares the checks of a session: parses `current_prompt` and normalises
    /// `variable_context` (anything but an object counts as no context).
    pub fn new(current_prompt: String, variable_context: Option<Value>) -> Self {
        DraftCheck {
            current_outline: outline(&current_prompt),
            current_prompt,
            variables: variable_context
                .as_ref()
                .and_then(VariableSet::from_context),
        }
    }

    /// The normalised variable context drafts are checked against.
    pub fn variables(&self) -> Option<&VariableSet> {
        self.variables.as_ref()
    }

    /// Validates `prompt` against the variable context and diffs it against the current prompt.
    pub fn check(&self, prompt: &str) -> (DraftValidation, PromptDiff) {
        let draft = outline(prompt);
        let validation = validate_draft_with(prompt, &draft, self.variables.as_ref());
        let diff = diff_outlines(&self.current_prompt, &self.current_outline, prompt, &draft);
        (validation, diff)
    }
}
