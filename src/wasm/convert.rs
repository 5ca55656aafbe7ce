//! Crossing the boundary: JS values in, core values out, and back.
//!
//! Out: a result is serialised to one JSON string in wasm memory and `JSON.parse`d once on the JS
//! side. That is one crossing per call however many events a chunk completes, and V8's
//! `JSON.parse` builds plain objects faster than any field-by-field construction from wasm.
//! serde's `skip_serializing_if` keeps absent optional fields absent, never `null`; the JSON is
//! written by `crate::json`.
//!
//! In: structured arguments (a variable context, options, a diff) go through `JSON.stringify`
//! and `crate::json`'s parser; chunks arrive as strings or bytes, see [`ChunkInput`].

use js_sys::JSON;
#[cfg(feature = "full")]
use js_sys::{JsString, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
#[cfg(feature = "full")]
use wasm_bindgen::JsCast;

use crate::json::Value;
#[cfg(feature = "full")]
use crate::protocol::request::OptionsInput;
#[cfg(feature = "full")]
use crate::protocol::wire::events_json;
#[cfg(feature = "full")]
use crate::protocol::AssistantEvent;
#[cfg(feature = "full")]
use crate::session::SessionOptions;

/// `value` as a plain JS value, through one JSON string.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    JSON::parse(&crate::json::to_string(value))
}

#[cfg(feature = "full")]
/// Events as one JS array, through one JSON string written by `crate::protocol::wire` (strings
/// from the stream exactly as they came). An empty batch skips the JSON round trip.
pub fn events_js(events: &[AssistantEvent]) -> Result<JsValue, JsValue> {
    if events.is_empty() {
        return Ok(js_sys::Array::new().into());
    }
    JSON::parse(&events_json(events))
}

/// A JS value as JSON: what `JSON.stringify` keeps of it. `undefined` (and anything that
/// stringifies to nothing) is `Null`; a value `JSON.stringify` throws on (a cycle, a BigInt) is
/// `None`.
pub fn from_js(value: &JsValue) -> Option<Value> {
    if value.is_undefined() || value.is_null() {
        return Some(Value::Null);
    }
    let json = JSON::stringify(value).ok()?.as_string()?;
    // `JSON.stringify` writes a lone surrogate (half an emoji, cut by the editor) as a `\uD83D`
    // escape, which the parser reads as U+FFFD, as everywhere else.
    crate::json::parse(&json).ok()
}

/// A `TypeError` to throw.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// An `Error` to throw.
pub fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// A required string argument, or a `TypeError` naming it.
pub fn string_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(&format!("\"{name}\" must be a string.")))
}

/// An optional variable context: `undefined`/`null` is none, a plain object is one, anything
/// else is a `TypeError`.
pub fn context_arg(value: &JsValue, name: &str) -> Result<Option<Value>, JsValue> {
    match from_js(value) {
        Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        _ => Err(type_error(&format!("\"{name}\" must be an object."))),
    }
}

#[cfg(feature = "full")]
/// `SessionOptions` from JS (`undefined` for the defaults); a `TypeError` for a wrong type,
/// with the same words the stream uses for the same option (`crate::protocol::request`).
pub fn session_options(options: &JsValue) -> Result<SessionOptions, JsValue> {
    let options = from_js(options).ok_or_else(|| type_error("\"options\" must be an object."))?;
    let read = || -> Result<SessionOptions, crate::protocol::request::RequestError> {
        let mut input = OptionsInput::from_value(options)?;
        let mut out = SessionOptions::default();
        if let Some(prompt) = input.current_prompt()? {
            out.current_prompt = prompt;
        }
        out.variable_context = input.variable_context()?.map(Value::Object);
        if let Some(limit) = input.max_line_bytes()? {
            out.max_line_bytes = limit;
        }
        Ok(out)
    };
    read().map_err(|e| type_error(&e.to_string()))
}

#[cfg(feature = "full")]
/// `value` as a `Uint8Array`: an instance, or one from another realm (an iframe, a `vm`
/// context), whose `instanceof` fails but whose `Symbol.toStringTag` says what it is.
fn as_uint8_array(value: &JsValue) -> Option<&Uint8Array> {
    if value.is_instance_of::<Uint8Array>() {
        return Some(value.unchecked_ref());
    }
    if !js_sys::ArrayBuffer::is_view(value) {
        return None;
    }
    let tag = js_sys::Reflect::get(value, &js_sys::Symbol::to_string_tag()).ok()?;
    (tag.as_string()? == "Uint8Array").then(|| value.unchecked_ref())
}

#[cfg(feature = "full")]
/// UTF-8 for U+FFFD, the replacement character.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

#[cfg(feature = "full")]
/// Turns `Uint8Array | string` chunks into bytes for the core.
///
/// A JS string is UTF-16, and a chunk boundary may fall between the two halves of a surrogate
/// pair. Encoding each half alone would turn both into U+FFFD, so a trailing high surrogate is
/// held back and put in front of the next string chunk: the events never depend on where string
/// chunks were cut. A held-back half that is never completed (the input ends, or bytes come
/// next) becomes U+FFFD, as `TextEncoder` would make it.
#[derive(Debug, Default)]
pub struct ChunkInput {
    high_surrogate: Option<u16>,
    /// Reused for byte chunks so a push does not allocate.
    buf: Vec<u8>,
}

#[cfg(feature = "full")]
impl ChunkInput {
    /// The bytes of `chunk`, or a `TypeError` when it is neither a string nor a `Uint8Array`.
    /// The slice is valid until the next call.
    pub fn bytes(&mut self, chunk: &JsValue) -> Result<&[u8], JsValue> {
        self.buf.clear();
        if let Some(text) = chunk.dyn_ref::<JsString>() {
            let mut text = text.clone();
            if let Some(high) = self.high_surrogate.take() {
                text = JsString::from_char_code1(u32::from(high)).concat(&text);
            }
            let len = text.length();
            if let Some(last) = len.checked_sub(1).map(|i| text.char_code_at(i)) {
                if (0xD800..0xDC00).contains(&(last as u32)) {
                    self.high_surrogate = Some(last as u16);
                    text = text.slice(0, len - 1);
                }
            }
            // `String::from` encodes with `TextEncoder`: any other lone surrogate is U+FFFD.
            self.buf.extend_from_slice(String::from(text).as_bytes());
        } else if let Some(bytes) = as_uint8_array(chunk) {
            self.flush_into_buf();
            // `Uint8Array` honours the view's offset and length.
            let start = self.buf.len();
            self.buf.resize(start + bytes.length() as usize, 0);
            if let Some(dst) = self.buf.get_mut(start..) {
                bytes.copy_to(dst);
            }
        } else {
            return Err(type_error("a chunk must be a `Uint8Array` or a string"));
        }
        Ok(&self.buf)
    }

    /// What is still held back, for the end of input.
    pub fn flush(&mut self) -> &[u8] {
        self.buf.clear();
        self.flush_into_buf();
        &self.buf
    }

    fn flush_into_buf(&mut self) {
        if self.high_surrogate.take().is_some() {
            self.buf.extend_from_slice(REPLACEMENT);
        }
    }
}
