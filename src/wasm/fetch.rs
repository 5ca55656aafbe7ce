//! `streamPromptAssistant` (API.md §5): the network iterator.
//!
//! gloo-net sends the POST; the body's `ReadableStream` is read chunk by chunk into a
//! [`Session`]; wasm-bindgen-futures turns each `next()` into a Promise. The request checks,
//! the status mapping, `Retry-After` and the backoff are pure core logic in
//! [`crate::protocol::request`]; this file only drives I/O and timers.
//!
//! How the pieces meet:
//! - Calls to `next()` are chained: each waits for the previous one's promise, so they are
//!   served in order however many are pending.
//! - One `AbortController` per stream is the request's signal. Aborting it (by `abort()`,
//!   `return()`, `options.signal`, or the idle timer) rejects a pending `fetch` or `read()` and
//!   cancels the body; flags tell the driver which of these happened.
//! - The stream lets go of its JS handles (the controller, the user's signal) as soon as it is
//!   aborted or finished; see [`Shared::controller`] for the cycle this avoids.
//! - Timers use the global `setTimeout`, which exists in windows, workers and Node.
//! - No `RefCell` borrow is held across an `.await`: `abort()` may run while a step is waiting.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo_net::http::{Headers, Method, RequestBuilder};
use js_sys::{Array, Function, JsString, Object, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader};

use super::convert::{from_js, to_js_redacted};
use crate::protocol::request::{
    self, http_error, idle_timeout_error, network_error, redact, redact_json, retry_delay_ms,
    PreparedRequest, RequestError,
};
use crate::protocol::{AssistantEvent, ErrorEvent};
use crate::session::{Session, SessionOptions};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// `setTimeout` fires at once for delays past 2^31 - 1 ms; clamp instead.
fn timer_ms(ms: u64) -> f64 {
    ms.min(i32::MAX as u64) as f64
}

/// An armed `setTimeout` that is cleared when dropped.
struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(ms: u64, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let handle = set_timeout(callback.as_ref().unchecked_ref(), timer_ms(ms));
        Timer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// The network iterator: an `AsyncIterableIterator<AssistantEvent>` with `snapshot()` and
/// `abort()`. `[Symbol.asyncIterator]` is put on the prototype by [`stream_prompt_assistant`].
#[wasm_bindgen(js_name = PromptAssistantStream)]
pub struct PromptAssistantStream {
    inner: Rc<Shared>,
}

/// Where the driver is.
enum Stage {
    /// The request was refused before sending: yield this `invalid-request`.
    Refused(ErrorEvent),
    /// Send (or resend) the request.
    Connect { attempt: u32 },
    /// Read the body of a 2xx response.
    Reading {
        reader: ReadableStreamDefaultReader,
        attempt: u32,
        got_bytes: bool,
        /// `Date.now()` by which the next event must arrive (`None`: no idle timeout).
        deadline: Option<f64>,
    },
    /// Nothing more will be produced.
    Finished,
}

struct State {
    session: Session,
    /// Events produced and not yet handed out.
    queue: VecDeque<JsValue>,
    stage: Stage,
}

struct Shared {
    state: RefCell<State>,
    /// What to send; dropped by [`release`] once the stream has finished.
    plan: RefCell<Option<Rc<PreparedRequest>>>,
    /// The snapshot as JSON, kept on the JS heap once the stream has finished and its session
    /// has been dropped (see [`release`]).
    final_snapshot: RefCell<Option<JsString>>,
    /// The promise of the latest `next()`: the next one waits for it.
    tail: RefCell<Option<Promise>>,
    /// The request's controller, dropped once the stream is aborted or has finished.
    ///
    /// Aborting creates an `AbortError` that becomes the signal's `reason`, and its captured
    /// stack trace holds the receiver of each frame: the stream object itself when the caller
    /// was `stream.abort()` or `return()`. Kept here, the controller would close a cycle
    /// stream object -> wasm `Shared` -> (externref table, a GC root) controller -> reason ->
    /// stream object that no collector can see through, so the stream would never be
    /// finalised and its `Shared` would leak (about 800 bytes of wasm memory per stream).
    controller: RefCell<Option<AbortController>>,
    aborted: Cell<bool>,
    timed_out: Rc<Cell<bool>>,
    /// Resolves when the stream is aborted, to cut a backoff wait short.
    abort_wakeup: Promise,
    abort_resolve: Option<Function>,
    /// The `abort` listener on `options.signal`, removed when the stream ends.
    listener: RefCell<Option<SignalListener>>,
}

/// Our `abort` listener on a user's `AbortSignal`.
struct SignalListener {
    /// The signal, until the stream ends: then it is dropped, since its `reason` may hold the
    /// user's stack (see [`Shared::controller`]).
    signal: Option<AbortSignal>,
    /// Alive until the stream is dropped: the stream may end inside this very closure.
    on_abort: Closure<dyn FnMut()>,
}

/// Sends a request to the assistant and returns the stream of its events. Never throws: a bad
/// request or options give an `invalid-request` event.
#[wasm_bindgen(js_name = streamPromptAssistant)]
pub fn stream_prompt_assistant(request: JsValue, options: JsValue) -> JsValue {
    let signal = Reflect::get(&options, &JsValue::from_str("signal"))
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null());
    let prepared = prepare(&request, &options, signal.as_ref());
    let (session_options, plan, stage) = match prepared {
        Ok(mut plan) => {
            // The session owns these from now on: the plan keeps only what sending needs.
            let mut session_options = SessionOptions {
                current_prompt: std::mem::take(&mut plan.current_prompt),
                variable_context: plan.variable_context.take(),
                ..SessionOptions::default()
            };
            if let Some(limit) = plan.max_line_bytes {
                session_options.max_line_bytes = limit;
            }
            (
                session_options,
                Some(Rc::new(plan)),
                Stage::Connect { attempt: 0 },
            )
        }
        Err(error) => (SessionOptions::default(), None, Stage::Refused(error)),
    };
    let mut abort_resolve = None;
    let abort_wakeup = Promise::new(&mut |resolve, _| abort_resolve = Some(resolve));
    let shared = Rc::new(Shared {
        state: RefCell::new(State {
            session: Session::new(session_options),
            queue: VecDeque::new(),
            stage,
        }),
        plan: RefCell::new(plan),
        final_snapshot: RefCell::new(None),
        tail: RefCell::new(None),
        controller: RefCell::new(AbortController::new().ok()),
        aborted: Cell::new(false),
        timed_out: Rc::new(Cell::new(false)),
        abort_wakeup,
        abort_resolve,
        listener: RefCell::new(None),
    });
    if let Some(signal) = signal.and_then(|s| s.dyn_into::<AbortSignal>().ok()) {
        if signal.aborted() {
            abort(&shared);
        } else if shared.plan.borrow().is_some() {
            let weak: Weak<Shared> = Rc::downgrade(&shared);
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                if let Some(shared) = weak.upgrade() {
                    abort(&shared);
                }
            });
            let added =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            if added.is_ok() {
                *shared.listener.borrow_mut() = Some(SignalListener {
                    signal: Some(signal),
                    on_abort,
                });
            }
        }
    }
    let stream: JsValue = PromptAssistantStream { inner: shared }.into();
    install_async_iterator(&stream);
    stream
}

/// The request, checked: the core does the JSON part, this checks that `signal` is an
/// `AbortSignal` (the one option JSON cannot carry).
fn prepare(
    request: &JsValue,
    options: &JsValue,
    signal: Option<&JsValue>,
) -> Result<PreparedRequest, ErrorEvent> {
    let request = from_js(request).ok_or(RequestError::NotAnObject.to_event())?;
    let options = from_js(options).unwrap_or(serde_json::Value::Null);
    let plan = request::prepare(&request, &options).map_err(|e| e.to_event())?;
    if signal.is_some_and(|s| !s.is_instance_of::<AbortSignal>()) {
        return Err(RequestError::WrongType {
            field: "options.signal",
            expected: "an `AbortSignal`",
        }
        .to_event());
    }
    Ok(plan)
}

/// `stream[Symbol.asyncIterator]()` must return the stream itself. `Object.prototype.valueOf`
/// is exactly that function for an object (`ToObject(this)`), and borrowing it avoids both
/// `eval` (blocked by a strict CSP) and a JS snippet file.
fn install_async_iterator(stream: &JsValue) {
    let proto = Object::get_prototype_of(stream);
    let key = js_sys::Symbol::async_iterator();
    if Reflect::has(&proto, &key).unwrap_or(true) {
        return;
    }
    if let Ok(value_of) = Reflect::get(&Object::new(), &JsValue::from_str("valueOf")) {
        let _ = Reflect::set(&proto, &key, &value_of);
    }
}

#[wasm_bindgen(js_class = PromptAssistantStream)]
impl PromptAssistantStream {
    /// The next event, `{ value, done }`. Calls are served in order; never rejects.
    #[wasm_bindgen(js_name = next)]
    pub fn next(&self) -> Promise {
        let shared = self.inner.clone();
        let previous = self.inner.tail.borrow_mut().take();
        let promise = future_to_promise(async move {
            if let Some(previous) = previous {
                let _ = JsFuture::from(previous).await;
            }
            Ok(next_result(&shared).await)
        });
        *self.inner.tail.borrow_mut() = Some(promise.clone());
        promise
    }

    /// Leaving a `for await` early: aborts (unless already ended) and finishes the iterator.
    #[wasm_bindgen(js_name = "return")]
    pub fn return_(&self) -> Promise {
        abort(&self.inner);
        release(&self.inner);
        Promise::resolve(&iter_result(JsValue::UNDEFINED, true))
    }

    /// Everything learnt so far.
    #[wasm_bindgen(js_name = snapshot)]
    pub fn snapshot(&self) -> Result<JsValue, JsValue> {
        if let Some(json) = &*self.inner.final_snapshot.borrow() {
            return JSON::parse(&String::from(json));
        }
        let token = token(&self.inner);
        to_js_redacted(
            self.inner.state.borrow().session.snapshot(),
            token.as_deref(),
        )
    }

    /// Cancels the request and the body. No `error` event; the phase becomes `aborted` unless
    /// the stream had already ended.
    #[wasm_bindgen(js_name = abort)]
    pub fn abort(&self) {
        abort(&self.inner);
    }
}

fn iter_result(value: JsValue, done: bool) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(&result, &JsValue::from_str("value"), &value);
    let _ = Reflect::set(
        &result,
        &JsValue::from_str("done"),
        &JsValue::from_bool(done),
    );
    result.into()
}

async fn next_result(shared: &Shared) -> JsValue {
    loop {
        {
            let mut state = shared.state.borrow_mut();
            if let Some(event) = state.queue.pop_front() {
                return iter_result(event, false);
            }
            if matches!(state.stage, Stage::Finished) {
                drop(state);
                release(shared);
                return iter_result(JsValue::UNDEFINED, true);
            }
        }
        step(shared).await;
    }
}

/// The iterator has finished: keep the final snapshot as JSON on the JS heap and drop the
/// session and the request, so that a finished stream holds almost no wasm memory while its JS
/// object waits for the garbage collector. `snapshot()` goes on answering from the JSON.
fn release(shared: &Shared) {
    if shared.final_snapshot.borrow().is_some() {
        return;
    }
    let token = token(shared);
    let json = {
        let mut state = shared.state.borrow_mut();
        let json = serde_json::to_string(state.session.snapshot())
            .ok()
            .map(|json| redact_json(&json, token.as_deref()));
        if json.is_some() {
            state.session = Session::default();
            state.queue = VecDeque::new();
        }
        json
    };
    if let Some(json) = json {
        *shared.final_snapshot.borrow_mut() = Some(JsString::from(json));
    }
    shared.plan.borrow_mut().take();
    // Nothing is in flight any more. A later `abort()` must not abort (and keep) a controller.
    shared.controller.borrow_mut().take();
    remove_listener(shared);
}

/// The bearer token, while the stream still has its plan: every event and snapshot is scrubbed
/// of it, even text the server echoes back.
fn token(shared: &Shared) -> Option<String> {
    plan(shared).and_then(|p| p.token.clone())
}

/// The request plan, while the stream still needs it.
fn plan(shared: &Shared) -> Option<Rc<PreparedRequest>> {
    shared.plan.borrow().clone()
}

/// Aborts the stream: no event, phase `aborted` unless already ended, request and body
/// cancelled, the iterator finished.
fn abort(shared: &Shared) {
    if shared.aborted.replace(true) {
        return;
    }
    let stage = {
        let mut state = shared.state.borrow_mut();
        state.session.abort();
        state.queue.clear();
        std::mem::replace(&mut state.stage, Stage::Finished)
    };
    if let Stage::Reading { reader, .. } = stage {
        cancel(&reader);
    }
    // Taken, not borrowed: the stream must not keep the `AbortError` (see `Shared::controller`).
    let controller = shared.controller.borrow_mut().take();
    if let Some(controller) = controller {
        controller.abort();
    }
    if let Some(resolve) = &shared.abort_resolve {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }
    remove_listener(shared);
}

/// Removes the `options.signal` listener and lets go of the signal. The closure itself stays
/// alive until the stream is dropped: this may run inside that very closure.
fn remove_listener(shared: &Shared) {
    if let Some(listener) = &mut *shared.listener.borrow_mut() {
        if let Some(signal) = listener.signal.take() {
            let on_abort = listener.on_abort.as_ref().unchecked_ref();
            let _ = signal.remove_event_listener_with_callback("abort", on_abort);
        }
    }
}

impl Drop for Shared {
    /// A stream dropped unfinished (its iterator abandoned and garbage-collected) must not keep
    /// a connection open: abort it. Aborting a request that has completed is harmless.
    fn drop(&mut self) {
        remove_listener(self);
        if let Some(controller) = self.controller.get_mut().take() {
            controller.abort();
        }
    }
}

/// Runs the driver one step: produces events, or finishes.
async fn step(shared: &Shared) {
    let stage = std::mem::replace(&mut shared.state.borrow_mut().stage, Stage::Finished);
    let next = match stage {
        Stage::Refused(error) => fail(shared, error),
        Stage::Connect { attempt } => connect(shared, attempt).await,
        Stage::Reading {
            reader,
            attempt,
            got_bytes,
            deadline,
        } => read(shared, reader, attempt, got_bytes, deadline).await,
        Stage::Finished => Stage::Finished,
    };
    // An abort while this step was waiting has already finished the stream.
    if shared.aborted.get() {
        if let Stage::Reading { reader, .. } = next {
            cancel(&reader);
        }
        return;
    }
    if matches!(next, Stage::Finished) {
        remove_listener(shared);
    }
    shared.state.borrow_mut().stage = next;
}

/// Ends the session with `error` (if it has not ended) and finishes.
fn fail(shared: &Shared, error: ErrorEvent) -> Stage {
    let token = token(shared);
    let mut state = shared.state.borrow_mut();
    if let Some(event) = state.session.fail(error) {
        state.queue.push_back(event_to_js(&event, token.as_deref()));
    }
    Stage::Finished
}

fn enqueue(shared: &Shared, events: &[AssistantEvent]) {
    if events.is_empty() {
        return;
    }
    let token = token(shared);
    // One crossing for the whole batch; only if that fails, one per event, so that a single
    // event that cannot cross costs no other.
    let values: Vec<JsValue> = match to_js_redacted(events, token.as_deref()) {
        Ok(batch) => Array::from(&batch).iter().collect(),
        Err(_) => events
            .iter()
            .map(|e| event_to_js(e, token.as_deref()))
            .collect(),
    };
    shared.state.borrow_mut().queue.extend(values);
}

/// One event as JS; should it fail to cross (no known input does), a `warning` that says so
/// stands in for it, so the iterator never drops an event without a word.
fn event_to_js(event: &AssistantEvent, token: Option<&str>) -> JsValue {
    to_js_redacted(event, token).unwrap_or_else(|_| {
        let warning = Object::new();
        for (key, value) in [
            ("type", "warning"),
            ("code", "invalid-event"),
            (
                "message",
                "an event could not be handed to JavaScript and was dropped",
            ),
        ] {
            let _ = Reflect::set(&warning, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        warning.into()
    })
}

fn idle_ms(shared: &Shared) -> u64 {
    plan(shared).map_or(0, |p| p.idle_timeout_ms)
}

fn deadline(shared: &Shared) -> Option<f64> {
    match idle_ms(shared) {
        0 => None,
        ms => Some(js_sys::Date::now() + ms as f64),
    }
}

/// Arms the idle timer: when it fires, the stream's controller is aborted with `timed_out` set.
fn arm(shared: &Shared, deadline: Option<f64>) -> Option<Timer> {
    let deadline = deadline?;
    let controller = shared.controller.borrow().clone();
    let timed_out = shared.timed_out.clone();
    let ms = (deadline - js_sys::Date::now()).max(0.0) as u64;
    Some(Timer::start(ms, move || {
        timed_out.set(true);
        if let Some(c) = &controller {
            c.abort();
        }
    }))
}

async fn connect(shared: &Shared, attempt: u32) -> Stage {
    let Some(plan) = plan(shared) else {
        return Stage::Finished;
    };
    let token = plan.token.as_deref();
    let headers = Headers::new();
    for (name, value) in &plan.headers {
        headers.set(name, value);
    }
    let signal = shared.controller.borrow().as_ref().map(|c| c.signal());
    let request = RequestBuilder::new(&plan.url)
        .method(Method::POST)
        .headers(headers)
        .abort_signal(signal.as_ref())
        .body(plan.body.clone());
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            let message = redact(&format!("the request could not be built: {e}"), token);
            return fail(
                shared,
                ErrorEvent::new(
                    crate::protocol::ErrorSource::Request,
                    "invalid-request",
                    message,
                ),
            );
        }
    };
    let timer = arm(shared, deadline(shared));
    let response = request.send().await;
    if shared.aborted.get() {
        return Stage::Finished;
    }
    if shared.timed_out.get() {
        return fail(shared, idle_timeout_error(idle_ms(shared)));
    }
    let response = match response {
        Ok(r) => r,
        Err(e) => {
            drop(timer);
            return retry_or_fail(shared, attempt, network_error(&e.to_string(), token)).await;
        }
    };
    let status = response.status();
    if (200..300).contains(&status) {
        drop(timer);
        let Some(body) = response.body() else {
            // No body at all: the stream ended before it began.
            let events = shared.state.borrow_mut().session.finish();
            enqueue(shared, &events);
            return Stage::Finished;
        };
        return Stage::Reading {
            reader: body.get_reader().unchecked_into(),
            attempt,
            got_bytes: false,
            deadline: deadline(shared),
        };
    }
    // The error body is read under the same idle timer.
    let retry_after = response.headers().get("retry-after");
    let text = response.text().await.unwrap_or_default();
    drop(timer);
    if shared.aborted.get() {
        return Stage::Finished;
    }
    if shared.timed_out.get() {
        return fail(shared, idle_timeout_error(idle_ms(shared)));
    }
    let mut error = http_error(status, &text, retry_after.as_deref(), js_sys::Date::now());
    error.message = redact(&error.message, token);
    if request::is_retryable_status(status) {
        retry_or_fail(shared, attempt, error).await
    } else {
        fail(shared, error)
    }
}

/// Retries after a backoff when attempts are left (and any `Retry-After` is within the limit);
/// otherwise ends the stream with `error`.
async fn retry_or_fail(shared: &Shared, attempt: u32, error: ErrorEvent) -> Stage {
    let max_retries = plan(shared).map_or(0, |p| p.max_retries);
    let delay = retry_delay_ms(attempt, error.retry_after_ms, js_sys::Math::random());
    let Some(delay) = delay.filter(|_| attempt < max_retries) else {
        return fail(shared, error);
    };
    sleep(shared, delay).await;
    if shared.aborted.get() {
        return Stage::Finished;
    }
    Stage::Connect {
        attempt: attempt + 1,
    }
}

/// Waits `ms`, or less if the stream is aborted meanwhile.
async fn sleep(shared: &Shared, ms: u64) {
    let mut handle = JsValue::UNDEFINED;
    let timer = Promise::new(&mut |resolve, _| handle = set_timeout(&resolve, timer_ms(ms)));
    let race = Promise::race(&Array::of2(&timer, &shared.abort_wakeup));
    let _ = JsFuture::from(race).await;
    clear_timeout(&handle);
}

async fn read(
    shared: &Shared,
    reader: ReadableStreamDefaultReader,
    attempt: u32,
    mut got_bytes: bool,
    mut deadline: Option<f64>,
) -> Stage {
    let timer = arm(shared, deadline);
    let result = JsFuture::from(reader.read()).await;
    drop(timer);
    if shared.aborted.get() {
        cancel(&reader);
        return Stage::Finished;
    }
    if shared.timed_out.get() {
        cancel(&reader);
        return fail(shared, idle_timeout_error(idle_ms(shared)));
    }
    let result = match result {
        Ok(result) => result,
        Err(e) => {
            cancel(&reader);
            let detail = js_message(&e);
            let plan = plan(shared);
            let error = network_error(&detail, plan.as_ref().and_then(|p| p.token.as_deref()));
            // Retry only if no byte of the body arrived: then nothing was produced yet.
            return if got_bytes {
                fail(shared, error)
            } else {
                retry_or_fail(shared, attempt, error).await
            };
        }
    };
    let done = Reflect::get(&result, &JsValue::from_str("done"))
        .map(|d| d.is_truthy())
        .unwrap_or(true);
    if done {
        let events = shared.state.borrow_mut().session.finish();
        enqueue(shared, &events);
        return Stage::Finished;
    }
    let chunk = Reflect::get(&result, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.dyn_into::<Uint8Array>().ok())
        .map(|v| v.to_vec())
        .unwrap_or_default();
    got_bytes |= !chunk.is_empty();
    let (events, settled) = {
        let mut state = shared.state.borrow_mut();
        let events = state.session.push(&chunk);
        (events, state.session.is_settled())
    };
    if !events.is_empty() {
        deadline = self::deadline(shared);
    }
    enqueue(shared, &events);
    if settled {
        // After `done` (or a failure closed by `done`) nothing can change: stop reading even
        // if the server keeps the connection open.
        cancel(&reader);
        return Stage::Finished;
    }
    Stage::Reading {
        reader,
        attempt,
        got_bytes,
        deadline,
    }
}

/// Cancels the body. The returned promise rejects when the stream has already errored (after
/// an abort, say); awaiting it in a detached task keeps that from being an unhandled rejection.
fn cancel(reader: &ReadableStreamDefaultReader) {
    let promise = reader.cancel();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}

/// The message of a thrown JS value, for a `network-error`.
fn js_message(error: &JsValue) -> String {
    let message = Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string());
    message.unwrap_or_else(|| error.as_string().unwrap_or_default())
}
