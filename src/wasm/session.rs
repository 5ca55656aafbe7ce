//! `AssistantSession` and `replay` (API.md §4): the offline reader of a recorded or
//! hand-fed stream. A chunk crosses the boundary once and its events come back as one batch.

use js_sys::JSON;
use wasm_bindgen::prelude::*;

use super::convert::{events_js, session_options, ChunkInput};
use crate::session::{JsonBatch, Session};

/// One assistant answer fed by hand: `push` chunks, then `finish`.
#[wasm_bindgen(js_name = AssistantSession)]
pub struct AssistantSession {
    inner: Session,
    input: ChunkInput,
    /// Reused across pushes.
    batch: JsonBatch,
    /// The words of the last push's batch.
    ops: Vec<u32>,
}

#[wasm_bindgen(js_class = AssistantSession)]
impl AssistantSession {
    /// `new AssistantSession(options)`: a session in phase `waiting`. `options`:
    /// `{ currentPrompt?, variableContext?, maxLineBytes? }` or `undefined` (`maxLineBytes` in
    /// bytes, default 8 MiB). Throws a `TypeError` naming an option of the wrong type.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<AssistantSession, JsValue> {
        Ok(AssistantSession {
            inner: Session::new(session_options(&options)?),
            input: ChunkInput::default(),
            batch: JsonBatch::split(),
            ops: Vec::new(),
        })
    }

    /// `__pushBatch(chunk, pieces)` (internal): the events a chunk completes, in the split form of
    /// [`JsonBatch`]: one string, the delta texts joined and then the JSON array of the other
    /// events; [`Self::batch_ops`] then says which is which. `chunk`: a `Uint8Array` (any view)
    /// or a string. The JS `push` (written in pkg-template/session.js) makes the events of the
    /// two. Throws a `TypeError` when `chunk` is neither.
    ///
    /// A draft's JSON comes partly through `pieces`, a JS array: the strings pushed onto it,
    /// joined, come before the JSON in the string returned (`crate::session::JsonBatch::events_to`),
    /// so that wasm memory never holds a draft's whole JSON.
    #[wasm_bindgen(js_name = __pushBatch, skip_typescript)]
    pub fn push_batch(&mut self, chunk: JsValue, pieces: js_sys::Array) -> Result<String, JsValue> {
        let bytes = self.input.bytes(&chunk)?;
        let mut sink = |piece: &str| {
            pieces.push(&JsValue::from_str(piece));
        };
        self.inner
            .push_json_to(bytes, &mut self.batch, Some(&mut sink));
        Ok(self.batch.take_split(&mut self.ops))
    }

    /// `__batchOps()` (internal): the words of the last [`Self::push_batch`] as a
    /// `Uint32Array`: the UTF-16 length of the delta texts, then one word per event
    /// (`crate::session::batch`). Never throws.
    #[wasm_bindgen(js_name = __batchOps, skip_typescript)]
    pub fn batch_ops(&self) -> Vec<u32> {
        self.ops.clone()
    }

    /// `finish()`: ends the input. JS gets an `AssistantEvent[]`: the events of the last line,
    /// then `incomplete-stream` when no terminal event was seen; `[]` on later calls. Never
    /// throws.
    #[wasm_bindgen(js_name = finish)]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let mut events = self.inner.push(self.input.flush());
        events.extend(self.inner.finish());
        events_js(&events)
    }

    /// `snapshot()`: everything learnt so far, a fresh `SessionSnapshot` plain object (positions
    /// in UTF-16 code units). Never throws.
    #[wasm_bindgen(js_name = snapshot)]
    pub fn snapshot(&self) -> Result<JsValue, JsValue> {
        JSON::parse(&self.inner.snapshot().to_json())
    }
}

/// `replay(ndjson, options)`: reads a whole recorded stream, a string or a `Uint8Array`, with
/// the options of `new AssistantSession`. JS gets `{ events: AssistantEvent[], snapshot:
/// SessionSnapshot }`. Throws a `TypeError` when `ndjson` is neither or an option has the wrong
/// type.
#[wasm_bindgen(js_name = replay)]
pub fn replay(ndjson: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = session_options(&options)?;
    let mut input = ChunkInput::default();
    let mut bytes = input.bytes(&ndjson)?.to_vec();
    bytes.extend_from_slice(input.flush());
    let mut session = Session::new(options);
    let mut batch = JsonBatch::with_capacity(bytes.len() + 64);
    session.push_json(&bytes, &mut batch);
    batch.events(&session.finish());
    let json = format!(
        "{{\"events\":{},\"snapshot\":{}}}",
        batch.take(),
        session.snapshot().to_json()
    );
    JSON::parse(&json)
}
