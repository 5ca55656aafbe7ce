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
    /// Where the `@` is (UTF-16 units).
    pub start: u32,
    /// Just after the name's last unit.
    pub end: u32,
    /// The 1-based line of `start`.
    pub line: u32,
    /// The 1-based column of `start`, in UTF-16 units.
    pub column: u32,
    /// Whether the name exists in the variable context; `null` when no context was given.
    pub known: Option<bool>,
}

/// How bad a [`ValidationIssue`] is: `'error' | 'warning'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The draft should not be applied as it is (`DraftValidation.ok` is false).
    Error,
    /// Worth a look; the draft is still usable.
    Warning,
}

/// What a [`ValidationIssue`] is about, serialised as the contract's kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    /// Not well-formed XML (an error).
    XmlSyntax,
    /// An `@name` the variable context lacks; only when a context is given (an error).
    UnknownVariable,
    /// `{{name}}` or `${name}`, where the editor's syntax is `@name` (a warning).
    PlaceholderSyntax,
    /// Any `<!DOCTYPE` (an error).
    DtdNotAllowed,
    /// The root element is not `<prompt>` (a warning).
    RootElement,
    /// A root child with no child elements and only whitespace text (a warning).
    EmptySection,
    /// A root child that repeats an earlier one (a warning).
    DuplicateSection,
    /// Element nesting past the depth limit (an error).
    TooDeep,
    /// Over 4 MiB of UTF-8 (an error).
    TooLarge,
    /// Nothing but whitespace (an error).
    EmptyPrompt,
}

impl IssueCode {
    /// Every code, in the contract's order.
    pub const ALL: [IssueCode; 10] = [
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
    ];

    /// The code as the contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
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
    /// Always `code.severity()`.
    pub severity: Severity,
    /// What the issue is about.
    pub code: IssueCode,
    /// A plain sentence for the editor's user, with a fix where one is obvious.
    pub message: String,
    /// Where the underline starts (UTF-16 units).
    pub start: u32,
    /// Where it ends (exclusive).
    pub end: u32,
    /// The 1-based line of `start`.
    pub line: u32,
    /// The 1-based column of `start`, in UTF-16 units.
    pub column: u32,
    /// For a variable issue, the name without its `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// A close name from the context (`firstName` for `@firstname`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The result of validating one draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftValidation {
    /// No issue of severity `error`.
    pub ok: bool,
    /// Whether the draft is well-formed XML.
    pub well_formed: bool,
    /// Sorted by `start`.
    pub issues: Vec<ValidationIssue>,
    /// Every reference in text, CDATA and attribute values (not in comments).
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
