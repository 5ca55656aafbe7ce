//! `@variable` references and the variable context (API.md §4 *Variables*). Not yet built: the
//! validation issue fills this in.

use serde_json::Value;

use crate::protocol::VariableRef;

/// The names a variable context makes available, sorted and de-duplicated.
pub fn variable_names(_variable_context: &Value) -> Vec<String> {
    Vec::new()
}

/// Every `@name` reference in `text`, with positions in UTF-16 code units. `known` is `None`
/// when no context is given.
pub fn find_variables(_text: &str, _variable_context: Option<&Value>) -> Vec<VariableRef> {
    Vec::new()
}
