//! The session: bytes of one assistant answer in, [`AssistantEvent`]s and a [`SessionSnapshot`]
//! out (API.md §3).
//!
//! A [`Session`] owns a [`LineFramer`], decodes each line with
//! [`decode_line`], and runs the mode state machine over the result.
//! It is not the network client: `crate::wasm` drives one from a fetch body, and
//! [`replay`] drives one from a whole recorded stream. Every `draft-ready` is checked and diffed
//! through [`DraftCheck`] before it is passed on.
//!
//! The three outcomes are kept apart: a chunk that ends mid-line just waits for more input; a bad
//! line becomes a `warning` and parsing goes on; a terminal event (or the end of input without one)
//! ends the session once.

mod batch;
mod draft;
mod redact;
mod snapshot;

pub use batch::JsonBatch;
pub use draft::DraftCheck;
pub use redact::{DeltaStream, Redactor, REDACTED};
pub use snapshot::{Draft, Phase, SessionSnapshot};

use crate::json::Value;

use crate::protocol::line::{fast_delta, DeltaKind};
use crate::protocol::{
    decode_line, AssistantEvent, DraftReady, ErrorCode, ErrorEvent, ErrorSource, JsonText,
    ServerEvent, Warning, WarningCode,
};
use crate::stream::{Frame, FrameError, LineFramer, DEFAULT_MAX_LINE_BYTES};

/// How a session is set up (API.md §4 `SessionOptions`).
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The prompt now in the editor: the `before` side of every draft's diff.
    pub current_prompt: String,
    /// The editor's variables; `None` means drafts are checked without a context.
    pub variable_context: Option<Value>,
    /// The longest line kept, in bytes (not counting its line ending); longer lines are dropped
    /// with a `line-too-long` warning.
    pub max_line_bytes: usize,
    /// A secret that must never come out (the network stream's bearer token, API.md §5): every
    /// occurrence in every event is replaced by [`REDACTED`]. `None` or empty: nothing to hide.
    pub secret: Option<String>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            current_prompt: String::new(),
            variable_context: None,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            secret: None,
        }
    }
}

/// The message of the `incomplete-stream` error.
pub const INCOMPLETE_STREAM: &str =
    "The answer stopped before it was complete: the stream ended without \"done\", \"error\" or \"ai-setup-required\".";

/// One assistant answer being read. See the module docs.
#[derive(Debug)]
pub struct Session {
    framer: LineFramer,
    machine: Machine,
    drafts: DraftCheck,
}

impl Default for Session {
    fn default() -> Self {
        Session::new(SessionOptions::default())
    }
}

impl Session {
    /// A session in phase `waiting`, reading with `options`.
    pub fn new(options: SessionOptions) -> Self {
        let redactor = options.secret.as_deref().and_then(Redactor::new);
        let mut current_prompt = options.current_prompt;
        if let Some(redactor) = &redactor {
            // The diff quotes the current prompt: it must not carry the secret either.
            redactor.string(&mut current_prompt);
        }
        Session {
            framer: LineFramer::new(options.max_line_bytes),
            machine: Machine {
                redactor,
                ..Machine::default()
            },
            drafts: DraftCheck::new(current_prompt, options.variable_context),
        }
    }

    /// Feeds one chunk of the stream; returns the events it completes.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<AssistantEvent> {
        let mut out = Vec::new();
        self.push_into(chunk, &mut out);
        out
    }

    /// Like [`push`](Self::push), appending to `out`.
    pub fn push_into(&mut self, chunk: &[u8], out: &mut Vec<AssistantEvent>) {
        let Session {
            framer,
            machine,
            drafts,
        } = self;
        if framer.is_finished() {
            if chunk.is_empty() {
                return;
            }
            machine.produce(
                AssistantEvent::Warning(Warning {
                    code: WarningCode::UnexpectedEvent,
                    message: format!(
                        "{} bytes arrived after the end of the input and were ignored.",
                        chunk.len()
                    ),
                    line: None,
                }),
                out,
            );
            return;
        }
        framer.push(chunk, |frame| machine.frame(frame, drafts, out));
    }

    /// Like [`push`](Self::push), but the events are appended to `batch` as the JSON the editor
    /// receives (`crate::protocol::wire`), which is what the JS binding needs.
    ///
    /// The hot path: a line that is exactly a delta as `JSON.stringify` writes it (see
    /// [`fast_delta`]) is applied to the snapshot and copied to the batch as it is, since that
    /// line is already the event's JSON; no event value is built. Every other line takes the
    /// path of [`push`](Self::push). The two give the same events and snapshot (a test checks it
    /// on every fixture, chunked every way).
    pub fn push_json(&mut self, chunk: &[u8], batch: &mut JsonBatch) {
        if self.framer.is_finished() {
            let events = self.push(chunk);
            batch.events(&events);
            return;
        }
        let Session {
            framer,
            machine,
            drafts,
        } = self;
        let mut events = Vec::new();
        framer.push(chunk, |frame| {
            if let Frame::Line { text, .. } = frame {
                if let Some((kind, literal)) = machine.fast_delta(text) {
                    batch.delta(kind, text, literal);
                    return;
                }
            }
            machine.frame(frame, drafts, &mut events);
            batch.events(&events);
            events.clear();
        });
    }

    /// Ends the input: flushes the last line, then adds `incomplete-stream` when no terminal
    /// event was seen. Later calls return nothing.
    pub fn finish(&mut self) -> Vec<AssistantEvent> {
        let mut out = Vec::new();
        if self.framer.is_finished() {
            return out;
        }
        let Session {
            framer,
            machine,
            drafts,
        } = self;
        framer.finish(|frame| machine.frame(frame, drafts, &mut out));
        if !machine.snapshot.phase.is_terminal() {
            machine.produce(
                AssistantEvent::Error(ErrorEvent::new(
                    ErrorSource::Protocol,
                    ErrorCode::IncompleteStream,
                    INCOMPLETE_STREAM,
                )),
                &mut out,
            );
        }
        out
    }

    /// Ends the session with an error that did not come from the stream (the network, a timeout,
    /// a bad request). Returns the events to pass on (the error, after any delta text still held
    /// back), or nothing when the session had already ended, in which case nothing changes.
    pub fn fail(&mut self, error: ErrorEvent) -> Vec<AssistantEvent> {
        let mut out = Vec::new();
        if !self.machine.snapshot.phase.is_terminal() {
            self.machine.produce(AssistantEvent::Error(error), &mut out);
        }
        out
    }

    /// Passes on an event that did not come from the stream and does not change the phase (a
    /// network `retry`): scrubbed and counted like every other.
    pub fn note(&mut self, event: AssistantEvent) -> Vec<AssistantEvent> {
        let mut out = Vec::new();
        self.machine.produce(event, &mut out);
        out
    }

    /// Marks the session `aborted` unless it has already ended. Returns whether it did.
    pub fn abort(&mut self) -> bool {
        let snapshot = &mut self.machine.snapshot;
        if snapshot.phase.is_terminal() {
            return false;
        }
        snapshot.phase = crate::session::Phase::Aborted;
        true
    }

    /// Everything learnt so far (API.md §3 `SessionSnapshot`).
    pub fn snapshot(&self) -> &SessionSnapshot {
        &self.machine.snapshot
    }

    /// How many drafts have been applied to the snapshot: a new value means a new `draft`.
    pub fn drafts(&self) -> u64 {
        self.machine.drafts
    }

    /// Whether no more events can change the outcome: the session has ended and, after a
    /// failure, a closing `done` has been seen too. A network reader can stop reading then.
    pub fn is_settled(&self) -> bool {
        match self.machine.snapshot.phase {
            crate::session::Phase::Done | crate::session::Phase::Aborted => true,
            crate::session::Phase::Error | crate::session::Phase::SetupRequired => {
                self.machine.closed_after_failure
            }
            _ => false,
        }
    }
}

/// The whole of a recorded stream, read in one go (API.md §4 `replay`).
pub fn replay(ndjson: &[u8], options: SessionOptions) -> (Vec<AssistantEvent>, SessionSnapshot) {
    let mut session = Session::new(options);
    let mut events = session.push(ndjson);
    events.extend(session.finish());
    (events, session.machine.snapshot)
}

/// The mode state machine.
#[derive(Debug, Default)]
struct Machine {
    snapshot: SessionSnapshot,
    /// A `done` has been passed on after an `error` or `ai-setup-required`.
    closed_after_failure: bool,
    /// Scrubs the secret from every event produced, when there is one.
    redactor: Option<Redactor>,
    /// Drafts applied to the snapshot so far.
    drafts: u64,
}

impl Machine {
    /// Applies a line that [`fast_delta`] recognises, when nothing else applies to it (no secret
    /// to scrub, the stream not ended): the same as decoding it and producing its event. Returns
    /// which delta it was and its string literal, when it did.
    fn fast_delta<'a>(&mut self, line: &'a str) -> Option<(DeltaKind, &'a str)> {
        if self.redactor.is_some() || self.snapshot.phase.is_terminal() {
            return None;
        }
        let (kind, literal) = fast_delta(line)?;
        let snapshot = &mut self.snapshot;
        snapshot.events += 1;
        if snapshot.phase == Phase::Waiting {
            snapshot.phase = Phase::Streaming;
        }
        let text = match kind {
            DeltaKind::Assistant => &mut snapshot.assistant_text,
            DeltaKind::Reasoning => &mut snapshot.reasoning_text,
        };
        text.push_literal(literal);
        Some((kind, literal))
    }

    fn frame(&mut self, frame: Frame<'_>, drafts: &DraftCheck, out: &mut Vec<AssistantEvent>) {
        match frame {
            Frame::Line { line, text } => match decode_line(text) {
                Ok(event) => self.server_event(event, line, drafts, out),
                Err(problem) => self.warn(problem.code(), problem.to_string(), line, out),
            },
            Frame::Dropped(error) => {
                let code = match error {
                    FrameError::LineTooLong { .. } => WarningCode::LineTooLong,
                    FrameError::InvalidUtf8 { .. } => WarningCode::InvalidUtf8,
                };
                self.warn(code, error.to_string(), error.line(), out);
            }
        }
    }

    fn server_event(
        &mut self,
        event: ServerEvent,
        line: u64,
        drafts: &DraftCheck,
        out: &mut Vec<AssistantEvent>,
    ) {
        let phase = self.snapshot.phase;
        if phase.is_terminal() {
            // API.md: a `done` after `error` or `ai-setup-required` is passed on quietly, every
            // time; the phase stays.
            let quiet_done = matches!(event, ServerEvent::Done)
                && matches!(phase, Phase::Error | Phase::SetupRequired);
            if quiet_done {
                self.closed_after_failure = true;
                self.produce(AssistantEvent::Done, out);
            } else {
                let message = format!(
                    "A \"{}\" event arrived after the stream had ended ({}) and was ignored.",
                    event.type_name(),
                    phase.as_str()
                );
                self.warn(WarningCode::UnexpectedEvent, message, line, out);
            }
            return;
        }
        let event = match event {
            ServerEvent::Mode { mode, label } => {
                match self.snapshot.mode {
                    Some(seen) if seen != mode => {
                        let message = format!(
                            "A second mode, \"{}\", conflicts with \"{}\" and was ignored.",
                            mode.as_str(),
                            seen.as_str()
                        );
                        return self.warn(WarningCode::UnexpectedEvent, message, line, out);
                    }
                    _ => self.snapshot.mode = Some(mode),
                }
                AssistantEvent::Mode { mode, label }
            }
            ServerEvent::Status(status) => AssistantEvent::Status(status),
            ServerEvent::AssistantDelta(delta) => {
                return self.delta(DeltaStream::Assistant, delta, out);
            }
            ServerEvent::ReasoningDelta(delta) => {
                return self.delta(DeltaStream::Reasoning, delta, out);
            }
            ServerEvent::DraftReady { prompt, section } => {
                if let Some(mode) = self
                    .snapshot
                    .mode
                    .filter(|m| *m != crate::protocol::Mode::Draft)
                {
                    let message = format!(
                        "A \"draft-ready\" event arrived in \"{}\" mode and was ignored.",
                        mode.as_str()
                    );
                    return self.warn(WarningCode::UnexpectedEvent, message, line, out);
                }
                let mut prompt = prompt;
                if let Some(redactor) = &self.redactor {
                    // Before the check, so that every position refers to the text passed on.
                    redactor.text(&mut prompt);
                }
                let (validation, diff) = drafts.check(&prompt.to_str_lossy());
                AssistantEvent::DraftReady(Box::new(DraftReady {
                    prompt,
                    section,
                    validation,
                    diff,
                }))
            }
            ServerEvent::AiSetupRequired(setup) => AssistantEvent::AiSetupRequired(setup),
            ServerEvent::Error(error) => AssistantEvent::Error(error),
            ServerEvent::Done => AssistantEvent::Done,
            ServerEvent::Unknown { raw_type, data } => AssistantEvent::Unknown { raw_type, data },
        };
        self.produce(event, out);
    }

    /// A delta: through the redactor's hold-back when there is a secret (see `redact`).
    fn delta(&mut self, stream: DeltaStream, delta: JsonText, out: &mut Vec<AssistantEvent>) {
        let delta = match &mut self.redactor {
            Some(redactor) => match redactor.delta(stream, &delta) {
                Some(delta) => delta,
                None => return,
            },
            None => delta,
        };
        self.produce(delta_event(stream, delta), out);
    }

    fn warn(
        &mut self,
        code: WarningCode,
        message: String,
        line: u64,
        out: &mut Vec<AssistantEvent>,
    ) {
        self.produce(
            AssistantEvent::Warning(Warning {
                code,
                message,
                line: Some(line),
            }),
            out,
        );
    }

    /// Passes an event on and applies what it implies to the snapshot. Every event goes through
    /// here, so the scrubbing of the secret, `events` and the `waiting` → `streaming` step
    /// cannot be missed.
    fn produce(&mut self, mut event: AssistantEvent, out: &mut Vec<AssistantEvent>) {
        let ends = matches!(
            event,
            AssistantEvent::Error(_) | AssistantEvent::AiSetupRequired(_) | AssistantEvent::Done
        ) && !self.snapshot.phase.is_terminal();
        if let Some(redactor) = &mut self.redactor {
            if ends {
                // The stream ends: text held back in case it started the secret cannot any more.
                let held = [DeltaStream::Assistant, DeltaStream::Reasoning]
                    .map(|stream| redactor.flush(stream).map(|d| delta_event(stream, d)));
                for delta in held.into_iter().flatten() {
                    self.apply(delta, out);
                }
            }
        }
        if let Some(redactor) = &self.redactor {
            redactor.event(&mut event);
        }
        self.apply(event, out);
    }

    /// Counts `event`, applies it to the snapshot and passes it on.
    fn apply(&mut self, event: AssistantEvent, out: &mut Vec<AssistantEvent>) {
        let snapshot = &mut self.snapshot;
        snapshot.events += 1;
        if snapshot.phase == Phase::Waiting {
            snapshot.phase = Phase::Streaming;
        }
        match &event {
            AssistantEvent::Status(status) => snapshot.status = Some(status.clone()),
            AssistantEvent::AssistantDelta { delta } => snapshot.assistant_text.push(delta),
            AssistantEvent::ReasoningDelta { delta } => snapshot.reasoning_text.push(delta),
            AssistantEvent::DraftReady(draft) => {
                self.drafts += 1;
                snapshot.draft = Some(Draft {
                    prompt: draft.prompt.clone(),
                    validation: draft.validation.clone(),
                    diff: draft.diff.clone(),
                });
            }
            AssistantEvent::Warning(w) => snapshot.warnings.push(w.clone()),
            AssistantEvent::Error(e) if !snapshot.phase.is_terminal() => {
                snapshot.error = Some(e.clone());
                snapshot.phase = Phase::Error;
            }
            AssistantEvent::AiSetupRequired(setup) => {
                snapshot.setup = Some(setup.clone());
                snapshot.phase = Phase::SetupRequired;
            }
            AssistantEvent::Done if !snapshot.phase.is_terminal() => snapshot.phase = Phase::Done,
            _ => {}
        }
        out.push(event);
    }
}

fn delta_event(stream: DeltaStream, delta: JsonText) -> AssistantEvent {
    match stream {
        DeltaStream::Assistant => AssistantEvent::AssistantDelta { delta },
        DeltaStream::Reasoning => AssistantEvent::ReasoningDelta { delta },
    }
}
