//! `StreamDriver`: the core's transport [`Driver`] for the package's JS stream (`stream.js`),
//! which performs the I/O the driver asks for and is what `streamPromptAssistant` returns.
//!
//! Why the I/O is in JS and not here: every rule of the transport is in the core driver and
//! tested natively; what is left is `fetch`, the body's reader, one `setTimeout` and promise
//! plumbing. Written in Rust (gloo-net, wasm-bindgen-futures, closures) that plumbing cost more
//! wasm than all of it costs in JS, and racing each pending read against an abort is plainer
//! with `Promise.race` than through futures. Internal: the package does not re-export it.
//!
//! Each method is one input; each returns the driver's [`Output`] as one JSON string for one
//! `JSON.parse`: `{"events": AssistantEvent[], "step": "connect" | "read" | "read-text" |
//! "finish", "delayMs"?: number, "idleMs"?: number | null, "timer": "keep" | "restart" |
//! "clear", "timerMs"?: number}`, every duration in milliseconds (`delayMs` and `idleMs` only
//! with `connect`, `timerMs` only with `restart`). No method throws: every failure is an event.

use wasm_bindgen::prelude::*;

use super::convert::from_js;
use crate::conversation::TurnCursor;
use crate::protocol::request::RequestError;
use crate::protocol::wire::write_events;
use crate::transport::{Driver, Output, Step, Timer};

/// One network stream's rules; see the module docs.
#[wasm_bindgen(js_name = StreamDriver)]
pub struct StreamDriver {
    inner: Driver,
    /// For a conversation's turn: what the turn's patches have told so far.
    cursor: Option<TurnCursor>,
}

#[wasm_bindgen(js_class = StreamDriver)]
impl StreamDriver {
    /// `new StreamDriver(request, options, seed, turn)`: a driver not yet started.
    /// `request` and `options` as `streamPromptAssistant` got them, except that the JS side has
    /// replaced `signal` and `fetch` by `true` or a note of what they were instead, and turned
    /// `headers` into pairs. `seed` seeds the backoff's jitter. Never throws: a bad request is
    /// an `invalid-request` event from [`start`](Self::start). `turn`: the stream is a
    /// conversation's turn, which asks for [`patch`](Self::patch)es.
    #[wasm_bindgen(constructor)]
    pub fn new(request: JsValue, options: JsValue, seed: f64, turn: bool) -> StreamDriver {
        let inner = match (from_js(&request), from_js(&options)) {
            (Some(request), Some(options)) => Driver::new(request, options, seed as u64),
            (None, _) => Driver::refused(RequestError::NotAnObject),
            (_, None) => Driver::refused(RequestError::WrongType {
                field: "options",
                expected: "an object",
            }),
        };
        StreamDriver {
            inner,
            cursor: turn.then(TurnCursor::default),
        }
    }

    /// `patch()`: for a conversation's turn, what changed in the turn since the last patch, as a
    /// JSON string (see `crate::conversation::TurnCursor`); `undefined` when nothing did or the
    /// stream is not a turn. Never throws.
    pub fn patch(&mut self) -> Option<String> {
        let finished = self.inner.is_finished();
        self.cursor.as_mut()?.patch(self.inner.session(), finished)
    }

    /// `request()`: what to send, as a JSON string of `{url: string, body: string, headers:
    /// [name, value][], credentials: "omit" | "same-origin" | "include"}` (`body` is the JSON
    /// text to send as is), or `undefined` when the request was refused. Never throws.
    #[wasm_bindgen(js_name = request)]
    pub fn request(&self) -> Option<String> {
        let plan = self.inner.plan()?;
        #[derive(serde::Serialize)]
        struct Request<'a> {
            url: &'a str,
            body: &'a str,
            headers: &'a [(String, String)],
            credentials: crate::protocol::request::Credentials,
        }
        Some(crate::json::to_string(&Request {
            url: &plan.url,
            body: &plan.body,
            headers: &plan.headers,
            credentials: plan.credentials,
        }))
    }

    /// `start()`: the first output (see the module docs): `connect`, or, for a refused request,
    /// its `invalid-request` error event and `finish`.
    pub fn start(&mut self) -> String {
        encode(self.inner.start())
    }

    /// `response(status, retryAfter)`: the response headers arrived, with the HTTP `status` and
    /// the `Retry-After` header's text (or `undefined`). Returns the next output.
    pub fn response(&mut self, status: u16, retry_after: Option<String>) -> String {
        encode(self.inner.response(status, retry_after.as_deref()))
    }

    /// `errorBody(text, now)`: the non-2xx body, read whole as text; `now` is `Date.now()` in
    /// milliseconds since the epoch (for an HTTP-date `Retry-After`). Returns the next output.
    #[wasm_bindgen(js_name = errorBody)]
    pub fn error_body(&mut self, text: &str, now: f64) -> String {
        encode(self.inner.error_body(text, now))
    }

    /// `chunk(bytes)`: a chunk of the 2xx body, a `Uint8Array`. Returns the next output, with the
    /// events the chunk completes.
    pub fn chunk(&mut self, bytes: &[u8]) -> String {
        encode(self.inner.chunk(bytes))
    }

    /// `end()`: the body ended. Returns the last output (`incomplete-stream` when no terminal
    /// event came).
    pub fn end(&mut self) -> String {
        encode(self.inner.end())
    }

    /// `failed(cause)`: `fetch` or a read failed; `cause` is the system error code or the
    /// message. Returns the next output: a retry (`connect` after a delay) or the
    /// `network-error` and `finish`.
    pub fn failed(&mut self, cause: &str) -> String {
        encode(self.inner.failed(cause))
    }

    /// `timeout()`: the idle timer fired. Returns the next output (`idle-timeout` and `finish`,
    /// or a retry).
    pub fn timeout(&mut self) -> String {
        encode(self.inner.timeout())
    }

    /// `abort()`: the caller aborted. Returns the last output (`finish`, no event).
    pub fn abort(&mut self) -> String {
        encode(self.inner.abort())
    }

    /// `snapshot()`: the session's `SessionSnapshot` as a JSON string. Never throws.
    pub fn snapshot(&self) -> String {
        self.inner.snapshot().to_json()
    }
}

fn encode(output: Output) -> String {
    let mut out = String::from("{\"events\":");
    write_events(&output.events, &mut out);
    out.push(',');
    let step = match output.step {
        Step::Connect { delay_ms, idle_ms } => format!(
            "\"step\":\"connect\",\"delayMs\":{delay_ms},\"idleMs\":{}",
            idle_ms.map_or("null".to_owned(), |ms| ms.to_string())
        ),
        Step::Read => "\"step\":\"read\"".to_owned(),
        Step::ReadText => "\"step\":\"read-text\"".to_owned(),
        Step::Finish => "\"step\":\"finish\"".to_owned(),
    };
    out.push_str(&step);
    let timer = match output.timer {
        Timer::Keep => ",\"timer\":\"keep\"".to_owned(),
        Timer::Restart(ms) => format!(",\"timer\":\"restart\",\"timerMs\":{ms}"),
        Timer::Clear => ",\"timer\":\"clear\"".to_owned(),
    };
    out.push_str(&timer);
    out.push('}');
    out
}
