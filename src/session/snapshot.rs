//! `SessionSnapshot` (API.md §3): everything the session has learnt so far, as one value.

use serde::{Serialize, Serializer};

use crate::protocol::{
    DraftValidation, ErrorEvent, Mode, PromptDiff, SetupRequired, Status, Warning,
};

/// Where a session is. It starts `Waiting`, becomes `Streaming` at the first event produced and
/// ends in exactly one of the four terminal phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Waiting,
    Streaming,
    Done,
    Error,
    SetupRequired,
    Aborted,
}

impl Phase {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Phase::Done | Phase::Error | Phase::SetupRequired | Phase::Aborted
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Waiting => "waiting",
            Phase::Streaming => "streaming",
            Phase::Done => "done",
            Phase::Error => "error",
            Phase::SetupRequired => "setup-required",
            Phase::Aborted => "aborted",
        }
    }
}

/// The latest applied draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub prompt: String,
    pub validation: DraftValidation,
    pub diff: PromptDiff,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSnapshot {
    pub phase: Phase,
    pub mode: Option<Mode>,
    pub status: Option<Status>,
    pub assistant_text: String,
    pub reasoning_text: String,
    pub draft: Option<Draft>,
    /// Serialised as the whole `error` event, `type` included.
    #[serde(serialize_with = "tagged_error")]
    pub error: Option<ErrorEvent>,
    /// Serialised as the whole `ai-setup-required` event, `type` included.
    #[serde(serialize_with = "tagged_setup")]
    pub setup: Option<SetupRequired>,
    /// Serialised as whole `warning` events, `type` included.
    #[serde(serialize_with = "tagged_warnings")]
    pub warnings: Vec<Warning>,
    /// Events produced so far: warnings and the `incomplete-stream` error included.
    pub events: u64,
}

impl Default for SessionSnapshot {
    fn default() -> Self {
        SessionSnapshot {
            phase: Phase::Waiting,
            mode: None,
            status: None,
            assistant_text: String::new(),
            reasoning_text: String::new(),
            draft: None,
            error: None,
            setup: None,
            warnings: Vec::new(),
            events: 0,
        }
    }
}

/// An event body with its `type` tag put back, so that the snapshot's `error`, `setup` and
/// `warnings` are the same objects the editor received as events.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    tag: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

fn tagged_error<S: Serializer>(v: &Option<ErrorEvent>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref()
        .map(|body| Tagged { tag: "error", body })
        .serialize(s)
}

fn tagged_setup<S: Serializer>(v: &Option<SetupRequired>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref()
        .map(|body| Tagged {
            tag: "ai-setup-required",
            body,
        })
        .serialize(s)
}

fn tagged_warnings<S: Serializer>(v: &[Warning], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|body| Tagged {
        tag: "warning",
        body,
    }))
}
