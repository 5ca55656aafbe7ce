//! Draft validation (API.md §4 *Validation*). Not yet built: the validation issue fills this in.

pub mod outline;

use serde_json::Value;

use crate::protocol::DraftValidation;

pub use outline::{outline, ElementSpan, Outline, SectionKey, XmlProblem};

/// Validates one prompt draft.
pub fn validate_draft(_xml: &str, _variable_context: Option<&Value>) -> DraftValidation {
    DraftValidation::default()
}
