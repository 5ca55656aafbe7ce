//! The public data shapes of the contract (API.md §1, §3, §4): events, requests, validation and
//! diff results. Serde types and the pure functions that decode them. No state, no I/O.
//!
//! Start at [`events::AssistantEvent`], the union the editor receives, and
//! [`line::decode_line`], which turns one server line into an event or a problem.

pub mod diff;
pub mod events;
pub mod line;
pub mod request;
pub mod validation;

pub use diff::{
    ChangeKind, DiffOp, DiffStats, Granularity, MergeResult, OpKind, PromptDiff, SectionChange,
    TextEdit, TextRange,
};
pub use events::{
    AssistantEvent, DraftReady, ErrorEvent, ErrorSource, LineProblem, Mode, ServerEvent,
    SetupRequired, Status, Warning, WarningCode,
};
pub use line::{decode_line, GENERIC_SERVER_ERROR};
pub use validation::{DraftValidation, IssueCode, Severity, ValidationIssue, VariableRef};
