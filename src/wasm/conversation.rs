//! `ConversationCore`: the core's [`Conversation`] (history rules, turn requests) for the
//! package's JS `Conversation` (`conversation.js`), which holds the listeners and the snapshot
//! objects and runs each turn's stream. Internal: the package does not re-export it.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, type_error};
use crate::conversation::{Conversation, TurnSettings};
use crate::session::Phase;

/// The conversation's rules; see the module docs.
#[wasm_bindgen(js_name = ConversationCore)]
pub struct ConversationCore {
    inner: Conversation,
}

#[wasm_bindgen(js_class = ConversationCore)]
impl ConversationCore {
    /// `new ConversationCore(settings)`: a conversation with no turns. `settings`:
    /// `{ currentPrompt?, variableContext?, assistedMode?, modelOverride? }` or `undefined`
    /// (other fields ignored). Throws a `TypeError` naming a field of the wrong type, in the
    /// stream's words.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<ConversationCore, JsValue> {
        Ok(ConversationCore {
            inner: Conversation::new(settings_arg(&settings)?),
        })
    }

    /// `begin(instruction, overrides)`: begins a turn. JS gets a JSON string
    /// `{"id": string, "request": object}` for one `JSON.parse`: the turn's id (`"turn-1"`,
    /// `"turn-2"`, …) and the request body to pass to `streamPromptAssistant` (which checks it
    /// again: a blank instruction is its `invalid-request`). `overrides` as for the constructor,
    /// for this turn only. Throws a `TypeError` when `instruction` is not a string or an
    /// override has the wrong type.
    pub fn begin(&mut self, instruction: JsValue, overrides: JsValue) -> Result<String, JsValue> {
        let instruction = instruction
            .as_string()
            .ok_or_else(|| type_error("\"instruction\" must be a string."))?;
        let begun = self.inner.begin(&instruction, settings_arg(&overrides)?);
        Ok(format!(
            "{{\"id\":{},\"request\":{}}}",
            crate::json::Value::from(begun.id),
            begun.request
        ))
    }

    /// `finish(id, phase, reply)`: the turn `id` (as `begin` gave it) ended in `phase`, a
    /// `SessionSnapshot.phase` string (`"done"`, `"error"`, `"setup-required"`; anything else
    /// counts as aborted), with `reply` (a string or `undefined`) as its stream reported it.
    /// Returns nothing and never throws; an unknown or already finished id is ignored.
    pub fn finish(&mut self, id: &str, phase: &str, reply: Option<String>) {
        let phase = match phase {
            "done" => Phase::Done,
            "error" => Phase::Error,
            "setup-required" => Phase::SetupRequired,
            _ => Phase::Aborted,
        };
        self.inner.finish(id, phase, reply);
    }

    /// `setCurrentPrompt(prompt)`: the prompt that later turns carry as `currentPrompt` (after
    /// the editor applied a draft). Returns nothing; throws a `TypeError` when `prompt` is not a
    /// string.
    #[wasm_bindgen(js_name = setCurrentPrompt)]
    pub fn set_current_prompt(&mut self, prompt: JsValue) -> Result<(), JsValue> {
        let prompt = prompt
            .as_string()
            .ok_or_else(|| type_error("\"prompt\" must be a string."))?;
        self.inner.set_current_prompt(prompt);
        Ok(())
    }

    /// `currentPrompt()`: the prompt the next turn carries, a string (`""` when none was given).
    /// Never throws.
    #[wasm_bindgen(js_name = currentPrompt)]
    pub fn current_prompt(&self) -> String {
        self.inner.current_prompt().to_owned()
    }
}

fn settings_arg(value: &JsValue) -> Result<TurnSettings, JsValue> {
    let value = from_js(value).ok_or_else(|| type_error("\"options\" must be an object."))?;
    TurnSettings::from_value(value).map_err(|e| type_error(&e.to_string()))
}
