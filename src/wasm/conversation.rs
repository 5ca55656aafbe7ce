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
    /// `settings`: `{ currentPrompt?, variableContext?, assistedMode?, modelOverride? }` (other
    /// fields ignored); a field of the wrong type is a `TypeError`.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<ConversationCore, JsValue> {
        Ok(ConversationCore {
            inner: Conversation::new(settings_arg(&settings)?),
        })
    }

    /// Begins a turn: `{"id": …, "request": …}` as JSON. `instruction` must be a string (a blank
    /// one is the stream's `invalid-request`); `overrides` as for the constructor.
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

    /// A turn ended in `phase` (the session's phase name), with the reply its stream reported.
    pub fn finish(&mut self, id: &str, phase: &str, reply: Option<String>) {
        let phase = match phase {
            "done" => Phase::Done,
            "error" => Phase::Error,
            "setup-required" => Phase::SetupRequired,
            _ => Phase::Aborted,
        };
        self.inner.finish(id, phase, reply);
    }

    #[wasm_bindgen(js_name = setCurrentPrompt)]
    pub fn set_current_prompt(&mut self, prompt: JsValue) -> Result<(), JsValue> {
        let prompt = prompt
            .as_string()
            .ok_or_else(|| type_error("\"prompt\" must be a string."))?;
        self.inner.set_current_prompt(prompt);
        Ok(())
    }

    #[wasm_bindgen(js_name = currentPrompt)]
    pub fn current_prompt(&self) -> String {
        self.inner.current_prompt().to_owned()
    }
}

fn settings_arg(value: &JsValue) -> Result<TurnSettings, JsValue> {
    let value = from_js(value).ok_or_else(|| type_error("\"options\" must be an object."))?;
    TurnSettings::from_value(value).map_err(|e| type_error(&e.to_string()))
}
