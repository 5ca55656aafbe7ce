//! `SessionSnapshot` (API.md §3): everything the session has learnt so far, as one value.

use serde::{Serialize, Serializer};

use crate::protocol::wire::{status_fields, write_error, write_setup, write_warning, Obj};
use crate::protocol::{
    DraftValidation, ErrorEvent, JsonText, Mode, PromptDiff, SetupRequired, Status, Warning,
};

/// Where a session is. It starts `Waiting`, becomes `Streaming` at the first event produced and
/// ends in exactly one of the four terminal phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// No event yet.
    Waiting,
    /// Events are coming.
    Streaming,
    /// Ended with `done`.
    Done,
    /// Ended with an `error`.
    Error,
    /// Ended with `ai-setup-required`.
    SetupRequired,
    /// Ended by the editor before a terminal event.
    Aborted,
}

impl Phase {
    /// Whether the session has ended (one of the four terminal phases).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Phase::Done | Phase::Error | Phase::SetupRequired | Phase::Aborted
        )
    }

    /// The phase as the contract spells it (`waiting`, `setup-required`...).
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
    /// As the server sent it (see [`JsonText`]).
    pub prompt: JsonText,
    /// The draft checked against the session's variable context.
    pub validation: DraftValidation,
    /// The draft diffed against the session's current prompt.
    pub diff: PromptDiff,
}

/// Everything a session has learnt so far (API.md §3 `SessionSnapshot`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSnapshot {
    /// Where the session is.
    pub phase: Phase,
    /// The latest `mode`; `None` (JSON `null`) before any.
    pub mode: Option<Mode>,
    /// The latest `status`; `None` (JSON `null`) before any.
    pub status: Option<Status>,
    /// Every assistant delta joined, as JS string concatenation would join them.
    pub assistant_text: JsonText,
    /// Every reasoning delta joined.
    pub reasoning_text: JsonText,
    /// The latest draft; `None` (JSON `null`) before any.
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
            assistant_text: JsonText::empty(),
            reasoning_text: JsonText::empty(),
            draft: None,
            error: None,
            setup: None,
            warnings: Vec::new(),
            events: 0,
        }
    }
}

impl SessionSnapshot {
    /// The snapshot as the JSON object the editor receives (API.md §3 `SessionSnapshot`):
    /// strings from the stream written as they came (see `crate::protocol::wire`).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + self.assistant_text.as_json().len());
        write_snapshot(self, &mut out);
        out
    }
}

fn write_snapshot(snapshot: &SessionSnapshot, out: &mut String) {
    let SessionSnapshot {
        phase,
        mode,
        status,
        assistant_text,
        reasoning_text,
        draft,
        error,
        setup,
        warnings,
        events,
    } = snapshot;
    let mut o = Obj::open(out);
    o.str("phase", phase.as_str());
    match mode {
        Some(mode) => o.str("mode", mode.as_str()),
        None => o.raw("mode", "null"),
    }
    match status {
        Some(status) => {
            o.key("status");
            let mut inner = Obj::open(o.out);
            status_fields(&mut inner, status);
            inner.end();
        }
        None => o.raw("status", "null"),
    }
    o.text("assistantText", assistant_text);
    o.text("reasoningText", reasoning_text);
    match draft {
        Some(Draft {
            prompt,
            validation,
            diff,
        }) => {
            o.key("draft");
            let mut inner = Obj::open(o.out);
            inner.text("prompt", prompt);
            inner.serde("validation", validation);
            inner.serde("diff", diff);
            inner.end();
        }
        None => o.raw("draft", "null"),
    }
    match error {
        Some(error) => {
            o.key("error");
            write_error(error, o.out);
        }
        None => o.raw("error", "null"),
    }
    match setup {
        Some(setup) => {
            o.key("setup");
            write_setup(setup, o.out);
        }
        None => o.raw("setup", "null"),
    }
    o.key("warnings");
    o.out.push('[');
    for (i, warning) in warnings.iter().enumerate() {
        if i > 0 {
            o.out.push(',');
        }
        write_warning(warning, o.out);
    }
    o.out.push(']');
    o.num("events", *events);
    o.end();
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
