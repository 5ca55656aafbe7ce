//! The events the package hands to the editor (API.md §3), and how one server line becomes one.
//!
//! [`AssistantEvent`] is the output shape: it serialises to exactly the JSON objects the
//! TypeScript union describes. [`ServerEvent`] is what a well-formed server line decodes to, before
//! the session attaches validation and diff to a draft; `super::line::decode_line` makes one.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::diff::PromptDiff;
use super::text::{JsonObject, JsonText};
use super::validation::DraftValidation;

/// The assistant's mode for one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A conversational answer: text only, no draft.
    Chat,
    /// The assistant asks the user a question before it drafts.
    Clarify,
    /// The answer carries a draft prompt (`draft-ready`).
    Draft,
}

impl Mode {
    /// The mode as the contract spells it (`chat`, `clarify`, `draft`).
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
    /// A short label of what the assistant is doing, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<JsonText>,
    /// The prompt section the assistant is working on, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<JsonText>,
    /// A longer message for the user, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<JsonText>,
}

/// An `ai-setup-required` event: the server has no usable model for this user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequired {
    /// Why no model is usable, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<JsonText>,
    /// The model provider concerned, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<JsonText>,
    /// A message for the user, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<JsonText>,
    /// The server's own code for the condition, as it sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<JsonText>,
}

/// Where an `error` event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorSource {
    /// A server `error` line.
    Server,
    /// A non-2xx HTTP status.
    Http,
    /// The request or the body failed below HTTP.
    Network,
    /// The idle timeout fired.
    Timeout,
    /// The stream broke the contract (it ended without a terminal event).
    Protocol,
    /// The request or options were refused before anything was sent.
    Request,
}

impl ErrorSource {
    /// The source as the contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorSource::Server => "server",
            ErrorSource::Http => "http",
            ErrorSource::Network => "network",
            ErrorSource::Timeout => "timeout",
            ErrorSource::Protocol => "protocol",
            ErrorSource::Request => "request",
        }
    }
}

/// The `code` of an `error` event (API.md §5): the package's own codes, or whatever code a
/// server `error` line names (API.md §3: `line.code ?? 'server-error'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A bad request or bad options; nothing was sent.
    InvalidRequest,
    /// HTTP 401.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// HTTP 404.
    NotFound,
    /// HTTP 429.
    RateLimited,
    /// HTTP 5xx, or a server `error` line without a `code`.
    ServerError,
    /// Any other non-2xx HTTP status.
    HttpError,
    /// The request or the body failed below HTTP.
    NetworkError,
    /// No event for `idleTimeoutMs`.
    IdleTimeout,
    /// The body ended with no `done`, `error` or `ai-setup-required`.
    IncompleteStream,
    /// A code a server `error` line named that is none of the above.
    Server(JsonText),
}

impl ErrorCode {
    /// Every code the package itself produces, for tables and tests.
    pub const OWN: [ErrorCode; 10] = [
        ErrorCode::InvalidRequest,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::HttpError,
        ErrorCode::NetworkError,
        ErrorCode::IdleTimeout,
        ErrorCode::IncompleteStream,
    ];

    /// The code as the contract spells it; `None` for a server's own code.
    pub fn as_str(&self) -> Option<&'static str> {
        Some(match self {
            ErrorCode::InvalidRequest => "invalid-request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not-found",
            ErrorCode::RateLimited => "rate-limited",
            ErrorCode::ServerError => "server-error",
            ErrorCode::HttpError => "http-error",
            ErrorCode::NetworkError => "network-error",
            ErrorCode::IdleTimeout => "idle-timeout",
            ErrorCode::IncompleteStream => "incomplete-stream",
            ErrorCode::Server(_) => return None,
        })
    }

    /// A server line's `code`: one of the package's codes when it spells one, else its own.
    pub fn from_server(code: JsonText) -> Self {
        let known = (!code.has_escapes())
            .then(|| Self::OWN.iter().find(|c| c.as_str() == Some(code.body())))
            .flatten();
        match known {
            Some(c) => c.clone(),
            None => ErrorCode::Server(code),
        }
    }

    /// The code as a JSON string literal.
    pub fn to_json(&self) -> JsonText {
        match self {
            ErrorCode::Server(code) => code.clone(),
            own => JsonText::new(own.as_str().unwrap_or_default()),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.as_str(), self) {
            (Some(s), _) => f.write_str(s),
            (None, ErrorCode::Server(code)) => fmt::Display::fmt(code, f),
            (None, _) => Ok(()),
        }
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        match self {
            ErrorCode::Server(code) => code == other,
            own => own.as_str() == Some(*other),
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ErrorCode::Server(code) => code.serialize(serializer),
            own => serializer.serialize_str(own.as_str().unwrap_or_default()),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(ErrorCode::from_server(JsonText::deserialize(deserializer)?))
    }
}

/// An `error` event. Every failure ends a stream with exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEvent {
    /// Where the failure comes from.
    pub source: ErrorSource,
    /// What failed, as a kebab-case code (or a server's own code).
    pub code: ErrorCode,
    /// A sentence for the editor's user (a server's message as it sent it).
    pub message: JsonText,
    /// The HTTP status, for `source: 'http'`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// From `Retry-After`, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl ErrorEvent {
    /// An error of the package's own, with a message written for the editor's user.
    pub fn new(source: ErrorSource, code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorEvent {
            source,
            code,
            message: JsonText::new(&message.into()),
            status: None,
            retry_after_ms: None,
        }
    }
}

/// The code of a `warning` event. Warnings never stop a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    /// A line that is not JSON, not a JSON object, or has no string `type`.
    MalformedLine,
    /// A known `type` with a required field absent or of the wrong type.
    InvalidEvent,
    /// A line longer than `maxLineBytes`; it was dropped.
    LineTooLong,
    /// A line that is not valid UTF-8; it was dropped.
    InvalidUtf8,
    /// An event that the state machine does not accept where it came; it was dropped.
    UnexpectedEvent,
}

impl WarningCode {
    /// The code as the contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::MalformedLine => "malformed-line",
            WarningCode::InvalidEvent => "invalid-event",
            WarningCode::LineTooLong => "line-too-long",
            WarningCode::InvalidUtf8 => "invalid-utf8",
            WarningCode::UnexpectedEvent => "unexpected-event",
        }
    }
}

/// A `warning` event: a line or an event was dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What was dropped and why, as a code.
    pub code: WarningCode,
    /// A sentence for developers saying what was wrong with the line or event.
    pub message: String,
    /// The 1-based physical line of the stream the warning is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// A `draft-ready` event with the draft checked against the session's variable context and
/// diffed against its current prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftReady {
    /// The draft exactly as the server sent it. Validation and diff read it with each lone
    /// surrogate as U+FFFD.
    pub prompt: JsonText,
    /// The section the draft is about, as the server sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<JsonText>,
    /// The draft checked against the session's variable context.
    pub validation: DraftValidation,
    /// The draft diffed against the session's current prompt.
    pub diff: PromptDiff,
}

/// A `retry` event (API.md §5, 0.2): the network stream will try again after `delay_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryEvent {
    /// 1 for the first retry.
    pub attempt: u32,
    /// How long the stream waits before the next attempt, in milliseconds.
    pub delay_ms: u64,
    /// The error that would otherwise have ended the stream.
    pub code: ErrorCode,
    /// Its HTTP status, when it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

/// One event as the editor sees it (API.md §3 `AssistantEvent`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AssistantEvent {
    /// `mode`: the assistant's mode for this answer.
    Mode {
        /// The mode.
        mode: Mode,
        /// A label for it, as the server sent it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<JsonText>,
    },
    /// `status`: what the assistant is doing now.
    Status(Status),
    /// `assistant-delta`: the next piece of the answer's text.
    AssistantDelta {
        /// The text, as the server sent it (possibly half a surrogate pair).
        delta: JsonText,
    },
    /// `reasoning-delta`: the next piece of the assistant's reasoning.
    ReasoningDelta {
        /// The text, as the server sent it (possibly half a surrogate pair).
        delta: JsonText,
    },
    /// `draft-ready`: a draft prompt, validated and diffed.
    DraftReady(Box<DraftReady>),
    /// `ai-setup-required`: no usable model; ends the stream.
    AiSetupRequired(SetupRequired),
    /// `error`: the failure that ends the stream.
    Error(ErrorEvent),
    /// `done`: the answer is complete; ends the stream.
    Done,
    /// `warning`: a line or event was dropped; the stream goes on.
    Warning(Warning),
    /// `unknown`: a line with a `type` the contract does not know, passed on as it came.
    Unknown {
        /// The line's `type`.
        #[serde(rename = "rawType")]
        raw_type: JsonText,
        /// The whole line object.
        data: JsonObject,
    },
    /// `retry`: the network stream tries again (never from a server line).
    Retry(RetryEvent),
}

impl AssistantEvent {
    /// The `type` tag, as it appears on the wire (`unknown` for an unknown event).
    pub fn type_name(&self) -> &'static str {
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
            AssistantEvent::Unknown { .. } => "unknown",
            AssistantEvent::Retry(_) => "retry",
        }
    }
}

/// A server line that decoded cleanly. `DraftReady` still lacks its validation and diff: the
/// session adds them.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerEvent {
    /// A `mode` line.
    Mode {
        /// The line's `mode`.
        mode: Mode,
        /// The line's `label`.
        label: Option<JsonText>,
    },
    /// A `status` line.
    Status(Status),
    /// An `assistant-delta` line's `delta`.
    AssistantDelta(JsonText),
    /// A `reasoning-delta` line's `delta`.
    ReasoningDelta(JsonText),
    /// A `draft-ready` line, before validation and diff.
    DraftReady {
        /// The line's `prompt`.
        prompt: JsonText,
        /// The line's `section`.
        section: Option<JsonText>,
    },
    /// An `ai-setup-required` line.
    AiSetupRequired(SetupRequired),
    /// A server `error` line, already mapped to the event shape.
    Error(ErrorEvent),
    /// A `done` line.
    Done,
    /// A line whose `type` the contract does not know.
    Unknown {
        /// The line's `type`.
        raw_type: JsonText,
        /// The whole line object.
        data: JsonObject,
    },
}

impl ServerEvent {
    /// The line's `type`, for messages.
    pub fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            ServerEvent::Mode { .. } => "mode",
            ServerEvent::Status(_) => "status",
            ServerEvent::AssistantDelta(_) => "assistant-delta",
            ServerEvent::ReasoningDelta(_) => "reasoning-delta",
            ServerEvent::DraftReady { .. } => "draft-ready",
            ServerEvent::AiSetupRequired(_) => "ai-setup-required",
            ServerEvent::Error(_) => "error",
            ServerEvent::Done => "done",
            ServerEvent::Unknown { raw_type, .. } => return raw_type.to_str_lossy(),
        })
    }
}

/// Why a complete line did not decode to a [`ServerEvent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// Not JSON: serde_json's account of where and why.
    NotJson(String),
    /// JSON, but not an object.
    NotAnObject,
    /// An object without a `type`.
    NoType,
    /// `type` is not a string; what it is instead.
    TypeNotString {
        /// The JSON type `type` has (`number`, `object`...).
        found: &'static str,
    },
    /// A known `type` whose required field is absent.
    MissingField {
        /// The line's `type`.
        event_type: &'static str,
        /// The absent field.
        field: &'static str,
    },
    /// A known `type` whose field has the wrong JSON type.
    WrongFieldType {
        /// The line's `type`.
        event_type: &'static str,
        /// The field.
        field: &'static str,
        /// The JSON type the field has instead.
        found: &'static str,
    },
    /// A `mode` line whose `mode` is not `chat`, `clarify` or `draft`.
    UnknownMode {
        /// The `mode` the line gave.
        found: String,
    },
}

impl LineProblem {
    /// The warning this problem becomes: `malformed-line` or `invalid-event`.
    pub fn code(&self) -> WarningCode {
        match self {
            LineProblem::NotJson(_)
            | LineProblem::NotAnObject
            | LineProblem::NoType
            | LineProblem::TypeNotString { .. } => WarningCode::MalformedLine,
            LineProblem::MissingField { .. }
            | LineProblem::WrongFieldType { .. }
            | LineProblem::UnknownMode { .. } => WarningCode::InvalidEvent,
        }
    }
}

/// The warning's message: a plain sentence, literal text in double quotes.
impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::NotJson(reason) => {
                write!(f, "The line is not valid JSON ({reason}) and was skipped.")
            }
            LineProblem::NotAnObject => {
                write!(f, "The line is JSON but not an object, so it is not an event; it was skipped.")
            }
            LineProblem::NoType => {
                write!(f, "The line has no \"type\" field, so it is not an event; it was skipped.")
            }
            LineProblem::TypeNotString { found } => write!(
                f,
                "The line's \"type\" must be a string, but it is {found}; the line was skipped."
            ),
            LineProblem::MissingField { event_type, field } => write!(
                f,
                "A \"{event_type}\" event needs a \"{field}\" field; the event was ignored."
            ),
            LineProblem::WrongFieldType {
                event_type,
                field,
                found,
            } => write!(
                f,
                "The \"{field}\" of a \"{event_type}\" event must be a string, but it is {found}; the event was ignored."
            ),
            LineProblem::UnknownMode { found } => write!(
                f,
                "The mode \"{found}\" is not one of \"chat\", \"clarify\" or \"draft\"; the event was ignored."
            ),
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
            data: serde_json::Map::new().into(),
        };
        assert_eq!(
            serde_json::to_value(&ev).unwrap(),
            json!({"type":"unknown","rawType":"x","data":{}})
        );
        let mut err = ErrorEvent::new(ErrorSource::Http, ErrorCode::RateLimited, "slow down");
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
