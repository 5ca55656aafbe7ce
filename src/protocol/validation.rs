//! The shapes that draft validation returns (API.md §4 *Validation* and *Variables*).
//!
//! Pure data: `crate::validate` and `crate::variables` compute them. Every position here is in
//! JS string units (UTF-16 code units), `start` inclusive and `end` exclusive, with a 1-based `line`
//! and a 1-based `column` counted in UTF-16 code units.

use serde::{Deserialize, Serialize};

/// One `@name` reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableRef {
    /// The name without its `@`.
    pub name: String,
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    /// Whether the name exists in the variable context; `null` when no context was given.
    pub known: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    XmlSyntax,
    UnknownVariable,
    PlaceholderSyntax,
    DtdNotAllowed,
    RootElement,
    EmptySection,
    DuplicateSection,
    TooDeep,
    TooLarge,
    EmptyPrompt,
}

impl IssueCode {
    /// The severity every issue with this code has.
    pub fn severity(self) -> Severity {
        match self {
            IssueCode::XmlSyntax
            | IssueCode::UnknownVariable
            | IssueCode::DtdNotAllowed
            | IssueCode::TooDeep
            | IssueCode::TooLarge
            | IssueCode::EmptyPrompt => Severity::Error,
            IssueCode::PlaceholderSyntax
            | IssueCode::RootElement
            | IssueCode::EmptySection
            | IssueCode::DuplicateSection => Severity::Warning,
        }
    }
}

/// One finding of the validator, positioned for an editor underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationIssue {
    pub severity: Severity,
    pub code: IssueCode,
    pub message: String,
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The result of validating one draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftValidation {
    /// No issue of severity `error`.
    pub ok: bool,
    pub well_formed: bool,
    /// Sorted by `start`.
    pub issues: Vec<ValidationIssue>,
    pub variables: Vec<VariableRef>,
    /// Tag names of the root's child elements, in order.
    pub sections: Vec<String>,
}

/// What a completion option completes to (API.md §4 *Completion*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompletionKind {
    /// A variable name: the option completes the reference.
    Variable,
    /// A scope such as `contact.`: the option leads to the names inside it.
    Namespace,
}

/// One option of a [`VariableCompletion`], in CodeMirror 6's `Completion` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionOption {
    /// The whole name (or scope, ending in `.`) to put after the `@`.
    pub label: String,
    /// `variable` or `namespace`.
    #[serde(rename = "type")]
    pub kind: CompletionKind,
    /// A short preview of the variable's value in the context, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The `@variable` completion at a cursor, in CodeMirror 6's `CompletionResult` shape: replace
/// `[from, to)` (UTF-16 code units, the name after the `@`) with an option's `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableCompletion {
    /// Where the name starts: right after the `@`.
    pub from: u32,
    /// Where the name ends: the cursor, or the end of the name the cursor is inside.
    pub to: u32,
    /// Ranked best first.
    pub options: Vec<CompletionOption>,
    /// Always `false`: the options are already filtered and ranked (close misspellings
    /// included), so CodeMirror should show them as they are rather than filter them again.
    pub filter: bool,
}
