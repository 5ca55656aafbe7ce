//! The conversation an editor keeps across instructions (API.md §6): which turns go into the
//! next request's `conversationHistory`, what each contributes, and the request built for each
//! turn. Pure logic; the JS `Conversation` (the package's `conversation.js`) holds the listeners
//! and the snapshot objects, runs each turn's stream, and reports each turn's end here.
//!
//! - [`Conversation`]: the turns, the current prompt, and [`Conversation::begin`], which builds
//!   a turn's request. Start here.
//! - [`turn`]: what the JS side learns about a running turn after each chunk ([`TurnCursor`]),
//!   and what a finished turn contributes to the history ([`reply`]).
//!
//! The history rules (also in the package README):
//! - Only turns that ended with `done` contribute: the user's instruction, then the assistant's
//!   reply text. A `done` turn with no reply text but a draft contributes a one-line summary of
//!   the draft (which sections it added, changed, moved or removed), so that "no, keep the
//!   examples" has something to refer to. Turns that failed (`error`, `ai-setup-required`), were
//!   aborted, or are still running contribute nothing, not even their instruction: the
//!   assistant never answered them.
//! - The history keeps within [`MAX_HISTORY_TURNS`] turns and [`MAX_HISTORY_CHARS`] characters
//!   of content, dropping the oldest turns first; one entry longer than [`MAX_ENTRY_CHARS`] is cut
//!   to that length, ending in `…`.

pub mod turn;

use crate::json::{Map, Value};
use crate::protocol::request::{
    kind, Checked, HistoryEntry, HistoryRole, ModelOverride, OptionsInput, RequestError,
};
use crate::session::Phase;
pub use turn::{reply, TurnCursor};

/// At most this many earlier turns (two entries each) go into a request.
pub const MAX_HISTORY_TURNS: usize = 20;
/// At most this many characters (Unicode scalar values) of content in all entries together.
pub const MAX_HISTORY_CHARS: usize = 24_000;
/// One entry's content is cut to this many characters.
pub const MAX_ENTRY_CHARS: usize = 8_000;

/// What a turn's request carries besides its instruction and history (the `ConversationOptions`
/// of API.md §6 that are request fields), each overridable per turn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TurnSettings {
    /// `currentPrompt`: the prompt in the editor when the turn starts.
    pub current_prompt: Option<String>,
    /// `variableContext`.
    pub variable_context: Option<Map>,
    /// `assistedMode`.
    pub assisted_mode: Option<bool>,
    /// `modelOverride`.
    pub model_override: Option<ModelOverride>,
}

impl TurnSettings {
    /// Reads the four fields from an options or overrides object (`null` for none); a field of
    /// the wrong type is a [`RequestError::WrongType`], as the stream would say.
    pub fn from_value(value: impl Into<Value>) -> Result<Self, RequestError> {
        let value = value.into();
        // Checked as options first, so that the shared fields say what the stream says.
        let mut options = OptionsInput::from_value(value.clone())?;
        options.current_prompt()?;
        options.variable_context()?;
        let empty = Map::new();
        let o = value.as_object().unwrap_or(&empty);
        Ok(TurnSettings {
            current_prompt: Checked::get(
                Checked::read(o, "currentPrompt", kind::string),
                "currentPrompt",
                "a string",
            )?,
            variable_context: Checked::get(
                Checked::read(o, "variableContext", kind::object),
                "variableContext",
                "an object",
            )?,
            assisted_mode: Checked::get(
                Checked::read(o, "assistedMode", kind::boolean),
                "assistedMode",
                "a boolean",
            )?,
            model_override: Checked::get(
                Checked::read(o, "modelOverride", ModelOverride::read),
                "modelOverride",
                "an object with string fields \"provider\" and \"model\"",
            )?,
        })
    }

    /// These settings, with each field of `over` that is set taking its place.
    fn overridden_by(&self, over: TurnSettings) -> TurnSettings {
        TurnSettings {
            current_prompt: over.current_prompt.or_else(|| self.current_prompt.clone()),
            variable_context: over
                .variable_context
                .or_else(|| self.variable_context.clone()),
            assisted_mode: over.assisted_mode.or(self.assisted_mode),
            model_override: over.model_override.or_else(|| self.model_override.clone()),
        }
    }
}

/// One turn as the history sees it.
#[derive(Debug, Clone, PartialEq)]
struct Turn {
    id: String,
    instruction: String,
    /// `None` while it runs.
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    phase: Phase,
    reply: Option<String>,
}

/// A turn begun: its id and the request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Begun {
    /// Stable for the life of the conversation: `turn-1`, `turn-2`, …
    pub id: String,
    /// The request body for `streamPromptAssistant` (checked again there).
    pub request: Value,
}

/// The turns of one conversation. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    settings: TurnSettings,
    turns: Vec<Turn>,
    next_id: u64,
}

impl Conversation {
    /// A conversation with no turns yet, whose turns carry `settings` unless a turn overrides
    /// them.
    pub fn new(settings: TurnSettings) -> Self {
        Conversation {
            settings,
            turns: Vec::new(),
            next_id: 1,
        }
    }

    /// The prompt the next turn grounds on (empty when none).
    pub fn current_prompt(&self) -> &str {
        self.settings.current_prompt.as_deref().unwrap_or_default()
    }

    /// After the editor applied (part of) a draft: the next turns ground on `prompt`.
    pub fn set_current_prompt(&mut self, prompt: String) {
        self.settings.current_prompt = Some(prompt);
    }

    /// Begins a turn: the request carries `instruction` as given, the history of the earlier
    /// finished turns, and the conversation's settings with `overrides` taking precedence for
    /// this turn only. A turn still running is no longer waited for: it contributes nothing.
    pub fn begin(&mut self, instruction: &str, overrides: TurnSettings) -> Begun {
        for turn in &mut self.turns {
            if turn.outcome.is_none() {
                turn.outcome = Some(Outcome {
                    phase: Phase::Aborted,
                    reply: None,
                });
            }
        }
        let id = format!("turn-{}", self.next_id);
        self.next_id += 1;
        let settings = self.settings.overridden_by(overrides);
        let mut request = Map::new();
        request.insert("instruction".into(), Value::String(instruction.to_owned()));
        if let Some(prompt) = settings.current_prompt {
            request.insert("currentPrompt".into(), Value::String(prompt));
        }
        let history = self.history();
        if !history.is_empty() {
            request.insert(
                "conversationHistory".into(),
                Value::Array(history.iter().map(HistoryEntry::to_value).collect()),
            );
        }
        if let Some(context) = settings.variable_context {
            request.insert("variableContext".into(), Value::Object(context));
        }
        if let Some(assisted) = settings.assisted_mode {
            request.insert("assistedMode".into(), Value::Bool(assisted));
        }
        if let Some(model) = settings.model_override {
            request.insert("modelOverride".into(), model.to_value());
        }
        self.turns.push(Turn {
            id: id.clone(),
            instruction: instruction.to_owned(),
            outcome: None,
        });
        Begun {
            id,
            request: Value::Object(request),
        }
    }

    /// A turn ended in `phase`; `reply` is what it contributes as the assistant's words (see
    /// [`reply`]). Unknown ids and turns already ended are ignored.
    pub fn finish(&mut self, id: &str, phase: Phase, reply: Option<String>) {
        if let Some(turn) = self
            .turns
            .iter_mut()
            .find(|t| t.id == id && t.outcome.is_none())
        {
            turn.outcome = Some(Outcome { phase, reply });
        }
    }

    /// The `conversationHistory` the next turn would send (see the module docs for the rules).
    pub fn history(&self) -> Vec<HistoryEntry> {
        let mut kept: Vec<[Option<HistoryEntry>; 2]> = Vec::new();
        let mut chars = 0;
        for turn in self.turns.iter().rev() {
            let Some(Outcome {
                phase: Phase::Done,
                reply,
            }) = &turn.outcome
            else {
                continue;
            };
            if kept.len() == MAX_HISTORY_TURNS {
                break;
            }
            let entry = |role, content: &str| {
                (!crate::protocol::request::is_blank(content)).then(|| HistoryEntry {
                    role,
                    content: cut(content, MAX_ENTRY_CHARS),
                })
            };
            let pair = [
                entry(HistoryRole::User, &turn.instruction),
                reply
                    .as_deref()
                    .and_then(|r| entry(HistoryRole::Assistant, r)),
            ];
            let size: usize = pair
                .iter()
                .flatten()
                .map(|e| e.content.chars().count())
                .sum();
            if chars + size > MAX_HISTORY_CHARS {
                break;
            }
            chars += size;
            kept.push(pair);
        }
        kept.into_iter().rev().flatten().flatten().collect()
    }
}

/// `text` cut to `max` characters, ending in `…` when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if text.chars().count() > max => {
            format!("{}…", text.get(..at).unwrap_or_default())
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn done(c: &mut Conversation, instruction: &str, reply: Option<&str>) -> String {
        let b = c.begin(instruction, TurnSettings::default());
        c.finish(&b.id, Phase::Done, reply.map(str::to_owned));
        b.id
    }

    fn history(c: &Conversation) -> serde_json::Value {
        serde_json::to_value(c.history()).unwrap()
    }

    #[test]
    fn finished_turns_contribute_instruction_and_reply_in_order() {
        let mut c = Conversation::new(TurnSettings::default());
        assert_eq!(
            done(&mut c, "make it shorter", Some("Done: two rules fewer.")),
            "turn-1"
        );
        let b = c.begin("no, keep the examples", TurnSettings::default());
        assert_eq!(b.id, "turn-2");
        assert_eq!(
            b.request["conversationHistory"],
            json!([
                {"role": "user", "content": "make it shorter"},
                {"role": "assistant", "content": "Done: two rules fewer."}
            ])
        );
        assert_eq!(b.request["instruction"], "no, keep the examples");
    }

    #[test]
    fn failed_aborted_and_running_turns_contribute_nothing() {
        let mut c = Conversation::new(TurnSettings::default());
        for (phase, instruction) in [
            (Phase::Error, "fails"),
            (Phase::SetupRequired, "needs setup"),
            (Phase::Aborted, "stopped"),
        ] {
            let b = c.begin(instruction, TurnSettings::default());
            c.finish(&b.id, phase, Some("ignored".into()));
        }
        c.begin("still running", TurnSettings::default());
        // A new turn while one runs: the running one no longer counts.
        let b = c.begin("next", TurnSettings::default());
        assert_eq!(b.request.get("conversationHistory"), None);
        // A finish for a turn already given up on is ignored.
        c.finish("turn-4", Phase::Done, Some("late".into()));
        assert!(c.history().is_empty());
        // A done turn with no reply at all still contributes its instruction.
        done(&mut c, "hello?", None);
        assert_eq!(history(&c), json!([{"role": "user", "content": "hello?"}]));
    }

    #[test]
    fn the_history_keeps_within_its_caps_dropping_the_oldest() {
        let mut c = Conversation::new(TurnSettings::default());
        for i in 0..30 {
            done(&mut c, &format!("i{i}"), Some(&format!("r{i}")));
        }
        let h = c.history();
        assert_eq!(h.len(), 2 * MAX_HISTORY_TURNS);
        assert_eq!(h[0].content, "i10");
        assert_eq!(h.last().unwrap().content, "r29");

        let mut c = Conversation::new(TurnSettings::default());
        let long = "x".repeat(MAX_ENTRY_CHARS + 100);
        for _ in 0..5 {
            done(&mut c, "q", Some(&long));
        }
        let h = c.history();
        let total: usize = h.iter().map(|e| e.content.chars().count()).sum();
        assert!(total <= MAX_HISTORY_CHARS, "{total}");
        assert_eq!(h.len(), 4, "two turns of about 8,000 characters each fit");
        assert_eq!(h[1].content.chars().count(), MAX_ENTRY_CHARS);
        assert!(h[1].content.ends_with('…'));
    }

    #[test]
    fn settings_and_per_turn_overrides() {
        let settings = TurnSettings::from_value(json!({
            "currentPrompt": "<prompt/>", "variableContext": {"a": 1},
            "assistedMode": true, "modelOverride": {"provider": "p", "model": "m"},
            "baseUrl": "ignored here"
        }))
        .unwrap();
        let mut c = Conversation::new(settings);
        let over =
            TurnSettings::from_value(json!({"assistedMode": false, "currentPrompt": "<p2/>"}))
                .unwrap();
        let b = c.begin("go", over);
        assert_eq!(
            b.request,
            json!({"instruction": "go", "currentPrompt": "<p2/>", "variableContext": {"a": 1},
                   "assistedMode": false, "modelOverride": {"provider": "p", "model": "m"}})
        );
        // Overrides are for that turn only; setCurrentPrompt is for all the next ones.
        assert_eq!(c.current_prompt(), "<prompt/>");
        c.set_current_prompt("<applied/>".into());
        assert_eq!(
            c.begin("again", TurnSettings::default()).request["currentPrompt"],
            "<applied/>"
        );
        for bad in [
            json!({"assistedMode": "yes"}),
            json!({"currentPrompt": 1}),
            json!(5),
        ] {
            assert!(TurnSettings::from_value(bad.clone()).is_err(), "{bad}");
        }
    }
}
