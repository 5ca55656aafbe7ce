//! The events the package hands to the editor (API.md §3), and how one server line becomes one.
//!
//! [`AssistantEvent`] is the output shape: it serialises to exactly the JSON objects the
//! TypeScript union describes. [`ServerEvent`] is what a well-formed server line decodes to, before
//! the session attaches validation and diff to a draft; `super::line::decode_line` makes one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::diff::PromptDiff;
use super::validation::DraftValidation;

/// The assistant's mode for one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Chat,
    Clarify,
    Draft,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Chat => "chat",
            Mode::Clarify => "clarify",
            Mode::Draft => "draft",
        }
    }
}

/// The fields of a `status` event; also `SessionSnapshot.status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An `ai-setup-required` event: the server has no usable model for this user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequired {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Where an `error` event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorSource {
    Server,
    Http,
    Network,
    Timeout,
    Protocol,
    Request,
}

/// An `error` event. Every failure ends a stream with exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEvent {
    pub source: ErrorSource,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl ErrorEvent {
    pub fn new(source: ErrorSource, code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorEvent {
            source,
            code: code.into(),
            message: message.into(),
            status: None,
            retry_after_ms: None,
        }
    }
}

/// The code of a `warning` event. Warnings never stop a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    MalformedLine,
    InvalidEvent,
    LineTooLong,
    InvalidUtf8,
    UnexpectedEvent,
}

/// A `warning` event: a line or an event was dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    /// The 1-based physical line of the stream the warning is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// A `draft-ready` event with the draft checked against the session's variable context and
/// diffed against its current prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftReady {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub validation: DraftValidation,
    pub diff: PromptDiff,
}

/// One event as the editor sees it (API.md §3 `AssistantEvent`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AssistantEvent {
    Mode {
        mode: Mode,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    Status(Status),
    AssistantDelta {
        delta: String,
    },
    ReasoningDelta {
        delta: String,
    },
    DraftReady(Box<DraftReady>),
    AiSetupRequired(SetupRequired),
    Error(ErrorEvent),
    Done,
    Warning(Warning),
    Unknown {
        #[serde(rename = "rawType")]
        raw_type: String,
        data: Map<String, Value>,
    },
}

impl AssistantEvent {
    /// The `type` tag, as it appears on the wire.
    pub fn type_name(&self) -> &str {
        match self {
            AssistantEvent::Mode { .. } => "mode",
            AssistantEvent::Status(_) => "status",
            AssistantEvent::AssistantDelta { .. } => "assistant-delta",
            AssistantEvent::ReasoningDelta { .. } => "reasoning-delta",
            AssistantEvent::DraftReady(_) => "draft-ready",
            AssistantEvent::AiSetupRequired(_) => "ai-setup-required",
            AssistantEvent::Error(_) => "error",
            AssistantEvent::Done => "done",
            AssistantEvent::Warning(_) => "warning",
            AssistantEvent::Unknown { raw_type, .. } => raw_type,
        }
    }
}

/// A server line that decoded cleanly. `DraftReady` still lacks its validation and diff: the
/// session adds them.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerEvent {
    Mode {
        mode: Mode,
        label: Option<String>,
    },
    Status(Status),
    AssistantDelta(String),
    ReasoningDelta(String),
    DraftReady {
        prompt: String,
        section: Option<String>,
    },
    AiSetupRequired(SetupRequired),
    /// A server `error` line, already mapped to the event shape.
    Error(ErrorEvent),
    Done,
    Unknown {
        raw_type: String,
        data: Map<String, Value>,
    },
}

/// Why a complete line did not decode to a [`ServerEvent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// Not JSON, not an object, or no string `type`: a `malformed-line` warning.
    Malformed(String),
    /// A known `type` with missing or mistyped fields: an `invalid-event` warning.
    InvalidEvent { event_type: String, reason: String },
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineProblem::Malformed(reason) => write!(f, "line is not an event object: {reason}"),
            LineProblem::InvalidEvent { event_type, reason } => {
                write!(f, "`{event_type}` event ignored: {reason}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_serialise_to_the_contract_shape() {
        let ev = AssistantEvent::Unknown {
            raw_type: "x".into(),
            data: Map::new(),
        };
        assert_eq!(
            serde_json::to_value(&ev).unwrap(),
            json!({"type":"unknown","rawType":"x","data":{}})
        );
        let mut err = ErrorEvent::new(ErrorSource::Http, "rate-limited", "slow down");
        err.status = Some(429);
        err.retry_after_ms = Some(2000);
        assert_eq!(
            serde_json::to_value(AssistantEvent::Error(err)).unwrap(),
            json!({"type":"error","source":"http","code":"rate-limited","message":"slow down","status":429,"retryAfterMs":2000})
        );
        assert_eq!(
            serde_json::to_value(AssistantEvent::Mode {
                mode: Mode::Chat,
                label: None
            })
            .unwrap(),
            json!({"type":"mode","mode":"chat"})
        );
        assert_eq!(
            serde_json::to_value(AssistantEvent::AiSetupRequired(SetupRequired::default()))
                .unwrap(),
            json!({"type":"ai-setup-required"})
        );
    }
}
