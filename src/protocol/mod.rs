//! The public data shapes of the contract (API.md §1, §3, §4): events, requests, validation and
//! diff results. Serde types and the pure functions that decode them. No state, no I/O.
//!
//! Start at [`events::AssistantEvent`], the union the editor receives, and
//! [`line::decode_line`], which turns one server line into an event or a problem.

pub mod diff;
pub mod events;
pub mod line;
pub mod request;
pub mod text;
pub mod validation;
pub mod wire;

pub use diff::{
    ChangeKind, DiffOp, DiffStats, Granularity, MergeResult, OpKind, PromptDiff, SectionChange,
    TextEdit, TextRange,
};
pub use events::{
    AssistantEvent, DraftReady, ErrorCode, ErrorEvent, ErrorSource, LineProblem, Mode, RetryEvent,
    ServerEvent, SetupRequired, Status, Warning, WarningCode,
};
pub use line::{decode_line, GENERIC_SERVER_ERROR};
pub use text::{JsonObject, JsonText};
pub use validation::{DraftValidation, IssueCode, Severity, ValidationIssue, VariableRef};
