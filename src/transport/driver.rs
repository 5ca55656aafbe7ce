//! The network stream as a state machine with no I/O and no clock (API.md §5), in the manner of
//! quinn-proto and h11: the binding tells the [`Driver`] what happened (a response arrived, a
//! chunk, a read failed, the idle timer fired, the caller aborted) and the driver answers with an
//! [`Output`]: the events to yield, what to do next ([`Step`]) and what to do with the idle
//! timer ([`Timer`]). Every rule of the transport is here, and tested natively:
//!
//! - retries happen only before any byte of a 2xx body has arrived, only for network errors,
//!   408, 429, 500, 502, 503 and 504, at most `maxRetries` times, after an exponential backoff
//!   with jitter that honours `Retry-After` up to 60 s; each is announced by a `retry` event;
//! - the idle timer covers waiting for the response headers, reading an error body, and the gap
//!   between events: it restarts at the response headers and at every chunk that completes an
//!   event, and keeps running across bytes that complete none (blank keep-alive lines);
//! - after `done` (or a failure closed by `done`) the body is cancelled, even if the server keeps
//!   the connection open; after a server `error` or `ai-setup-required` it reads on;
//! - an abort, from any state, yields nothing, ends the session as `aborted` and finishes.
//!
//! The binding (`crate::wasm::transport` and the package's `stream.js`) performs the I/O and
//! follows the steps. Once the driver says [`Step::Finish`], every later input is answered with
//! `Finish` and no events.

use super::plan::{prepare, Plan};
use super::policy::{
    body_error, http_error, idle_timeout_error, is_retryable_status, network_error, retry_delay_ms,
};
use crate::protocol::request::RequestError;
use crate::protocol::{AssistantEvent, ErrorEvent, RetryEvent};
use crate::session::{Session, SessionOptions, SessionSnapshot};

/// What the binding does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Wait `delay_ms` (0: none), then send the request. When it is sent, start the idle timer
    /// for `idle_ms` (when `Some`): it covers waiting for the response headers.
    Connect {
        /// Milliseconds to wait before sending.
        delay_ms: u64,
        /// Milliseconds for the idle timer once the request is sent; `None`: no timer.
        idle_ms: Option<u64>,
    },
    /// Read the next chunk of the (2xx) body; report it with [`Driver::chunk`], its end with
    /// [`Driver::end`], a failure with [`Driver::failed`].
    Read,
    /// Read the whole (non-2xx) body as text; report it with [`Driver::error_body`], a failure
    /// with [`Driver::failed`].
    ReadText,
    /// Stop: cancel the request and its body if they are still open, and finish the iterator
    /// once the events are handed out.
    Finish,
}

/// What the binding does with its one idle timer. When it fires, call [`Driver::timeout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Leave it as it is (running or not).
    Keep,
    /// (Re)start it for this many milliseconds.
    Restart(u64),
    /// Stop it.
    Clear,
}

/// The driver's answer to one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The events to yield, in order, before doing `step`.
    pub events: Vec<AssistantEvent>,
    /// What to do next.
    pub step: Step,
    /// What to do with the idle timer.
    pub timer: Timer,
}

/// Where the driver is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Made, not started.
    New,
    /// The request was sent (or is about to be, after a backoff); waiting for its headers.
    Connecting,
    /// Reading a 2xx body.
    Reading {
        got_bytes: bool,
    },
    /// Reading the text of a non-2xx body.
    ReadingErrorBody {
        status: u16,
    },
    Finished,
}

/// One network stream's rules. See the module docs.
pub struct Driver {
    session: Session,
    /// `None` when the request was refused.
    plan: Option<Plan>,
    /// The refusal, until [`Driver::start`] yields it.
    refused: Option<ErrorEvent>,
    state: State,
    /// Retries made so far.
    retries: u32,
    /// The `Retry-After` header of the non-2xx response whose body is being read.
    retry_after: Option<String>,
    /// xorshift64* state, for the backoff's jitter.
    rng: u64,
}

impl Driver {
    /// A driver for `request` and `options` (JSON, as `JSON.stringify` leaves them; see
    /// [`prepare`]). A refused request gives a driver whose [`start`](Self::start) yields the
    /// `invalid-request` error. `seed` seeds the jitter (any value; the binding passes a random
    /// one, tests a fixed one).
    pub fn new(
        request: impl Into<crate::json::Value>,
        options: impl Into<crate::json::Value>,
        seed: u64,
    ) -> Driver {
        let (plan, session, refused) = match prepare(request, options) {
            Ok(prepared) => (Some(prepared.plan), prepared.session, None),
            Err(error) => (None, SessionOptions::default(), Some(error.to_event())),
        };
        Driver {
            session: Session::new(session),
            plan,
            refused,
            state: State::New,
            retries: 0,
            retry_after: None,
            rng: seed | 1,
        }
    }

    /// A driver that refuses at once with `error` (used when the arguments cannot even be read).
    pub fn refused(error: RequestError) -> Driver {
        Driver {
            session: Session::default(),
            plan: None,
            refused: Some(error.to_event()),
            state: State::New,
            retries: 0,
            retry_after: None,
            rng: 1,
        }
    }

    /// What to send, while the stream may still send it.
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// Everything the session has learnt so far.
    pub fn snapshot(&self) -> &SessionSnapshot {
        self.session.snapshot()
    }

    /// The session that reads the answer.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Whether the driver has said [`Step::Finish`].
    pub fn is_finished(&self) -> bool {
        self.state == State::Finished
    }

    fn idle_ms(&self) -> Option<u64> {
        self.plan
            .as_ref()
            .map(|p| p.idle_timeout_ms)
            .filter(|ms| *ms > 0)
    }

    fn restart_timer(&self) -> Timer {
        self.idle_ms().map_or(Timer::Clear, Timer::Restart)
    }

    fn endpoint(&self) -> &str {
        self.plan.as_ref().map_or("", |p| p.endpoint.as_str())
    }

    fn finish(&mut self, events: Vec<AssistantEvent>) -> Output {
        self.state = State::Finished;
        Output {
            events,
            step: Step::Finish,
            timer: Timer::Clear,
        }
    }

    fn fail(&mut self, error: ErrorEvent) -> Output {
        let events = self.session.fail(error);
        self.finish(events)
    }

    fn finished(&self) -> Option<Output> {
        (self.state == State::Finished).then_some(Output {
            events: Vec::new(),
            step: Step::Finish,
            timer: Timer::Clear,
        })
    }

    /// Starts the stream: send the request, or yield why it was refused.
    pub fn start(&mut self) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        if self.state != State::New {
            return self.keep(Vec::new());
        }
        if let Some(error) = self.refused.take() {
            return self.fail(error);
        }
        self.state = State::Connecting;
        Output {
            events: Vec::new(),
            step: Step::Connect {
                delay_ms: 0,
                idle_ms: self.idle_ms(),
            },
            timer: Timer::Clear,
        }
    }

    /// The current step again, with `events`: for an input that changes nothing.
    fn keep(&self, events: Vec<AssistantEvent>) -> Output {
        let step = match self.state {
            State::New | State::Connecting => Step::Connect {
                delay_ms: 0,
                idle_ms: self.idle_ms(),
            },
            State::Reading { .. } => Step::Read,
            State::ReadingErrorBody { .. } => Step::ReadText,
            State::Finished => Step::Finish,
        };
        Output {
            events,
            step,
            timer: Timer::Keep,
        }
    }

    /// The response headers arrived. `retry_after` is the raw `Retry-After` header.
    pub fn response(&mut self, status: u16, retry_after: Option<&str>) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        if self.state != State::Connecting {
            return self.keep(Vec::new());
        }
        if (200..300).contains(&status) {
            self.state = State::Reading { got_bytes: false };
            return Output {
                events: Vec::new(),
                step: Step::Read,
                timer: self.restart_timer(),
            };
        }
        // The error body is read under the idle timer too.
        self.state = State::ReadingErrorBody { status };
        self.retry_after = retry_after.map(str::to_owned);
        Output {
            events: Vec::new(),
            step: Step::ReadText,
            timer: self.restart_timer(),
        }
    }

    /// The non-2xx body, read whole. `now_ms` (ms since the epoch) reads an HTTP-date
    /// `Retry-After`.
    pub fn error_body(&mut self, text: &str, now_ms: f64) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        let State::ReadingErrorBody { status } = self.state else {
            return self.keep(Vec::new());
        };
        let retry_after = self.retry_after.take();
        let error = http_error(
            self.endpoint(),
            status,
            text,
            retry_after.as_deref(),
            now_ms,
        );
        if is_retryable_status(status) {
            self.retry_or_fail(error)
        } else {
            self.fail(error)
        }
    }

    /// A chunk of the 2xx body.
    pub fn chunk(&mut self, bytes: &[u8]) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        let State::Reading { got_bytes } = self.state else {
            return self.keep(Vec::new());
        };
        self.state = State::Reading {
            got_bytes: got_bytes || !bytes.is_empty(),
        };
        let events = self.session.push(bytes);
        if self.session.is_settled() {
            // After `done` (or a failure closed by `done`) nothing can change: stop reading even
            // if the server keeps the connection open.
            return self.finish(events);
        }
        let timer = if events.is_empty() {
            Timer::Keep
        } else {
            self.restart_timer()
        };
        Output {
            events,
            step: Step::Read,
            timer,
        }
    }

    /// The 2xx body ended.
    pub fn end(&mut self) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        if !matches!(self.state, State::Reading { .. }) {
            return self.keep(Vec::new());
        }
        let events = self.session.finish();
        self.finish(events)
    }

    /// Sending the request, or reading a body, failed below HTTP; `cause` is what the JS side
    /// learnt (a system error code such as `ECONNREFUSED`, or the error's message).
    pub fn failed(&mut self, cause: &str) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        match self.state {
            State::New | State::Connecting => {
                let error = network_error(self.endpoint(), cause);
                self.retry_or_fail(error)
            }
            // Nothing was produced yet: retried like a failed request.
            State::Reading { got_bytes: false } => {
                let error = network_error(self.endpoint(), cause);
                self.retry_or_fail(error)
            }
            State::Reading { got_bytes: true } => {
                let error = body_error(self.endpoint(), cause);
                self.fail(error)
            }
            // The error body could not be read: the status still says what happened.
            State::ReadingErrorBody { .. } => self.error_body("", f64::NAN),
            State::Finished => self.finish(Vec::new()),
        }
    }

    /// The idle timer fired.
    pub fn timeout(&mut self) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        let ms = self.idle_ms().unwrap_or(0);
        self.fail(idle_timeout_error(ms))
    }

    /// The caller aborted (`options.signal`, `abort()`, `return()`): no event, phase `aborted`
    /// unless the stream had already ended.
    pub fn abort(&mut self) -> Output {
        if let Some(done) = self.finished() {
            return done;
        }
        self.session.abort();
        self.finish(Vec::new())
    }

    /// Retries after a backoff when attempts are left and any `Retry-After` is within the limit;
    /// otherwise ends the stream with `error`.
    fn retry_or_fail(&mut self, error: ErrorEvent) -> Output {
        let max = self.plan.as_ref().map_or(0, |p| p.max_retries);
        let random = self.random();
        let delay = retry_delay_ms(self.retries, error.retry_after_ms, random);
        let Some(delay_ms) = delay.filter(|_| self.retries < max) else {
            return self.fail(error);
        };
        self.retries += 1;
        self.state = State::Connecting;
        let retry = AssistantEvent::Retry(RetryEvent {
            attempt: self.retries,
            delay_ms,
            code: error.code,
            status: error.status,
        });
        Output {
            events: self.session.note(retry),
            step: Step::Connect {
                delay_ms,
                idle_ms: self.idle_ms(),
            },
            timer: Timer::Clear,
        }
    }

    /// A number in `[0, 1)` (xorshift64*).
    fn random(&mut self) -> f64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ErrorCode, ErrorSource};
    use crate::session::Phase;
    use serde_json::json;

    fn driver(options: serde_json::Value) -> Driver {
        let mut options = options;
        options["baseUrl"] = json!("https://h.example");
        Driver::new(json!({"instruction": "go"}), options, 7)
    }

    fn types(out: &Output) -> Vec<&'static str> {
        out.events.iter().map(AssistantEvent::type_name).collect()
    }

    fn error(out: &Output) -> &ErrorEvent {
        match out.events.last() {
            Some(AssistantEvent::Error(e)) => e,
            other => panic!("not an error: {other:?}"),
        }
    }

    fn retry(out: &Output) -> &RetryEvent {
        match out.events.first() {
            Some(AssistantEvent::Retry(r)) => r,
            other => panic!("not a retry: {other:?}"),
        }
    }

    const DONE: &[u8] = b"{\"type\":\"done\"}\n";

    #[test]
    fn a_refused_request_yields_invalid_request_and_sends_nothing() {
        let mut d = Driver::new(
            json!({"instruction": " "}),
            json!({"baseUrl": "https://h"}),
            1,
        );
        assert!(d.plan().is_none());
        let out = d.start();
        assert_eq!(out.step, Step::Finish);
        assert_eq!(error(&out).code, ErrorCode::InvalidRequest);
        assert_eq!(error(&out).source, ErrorSource::Request);
        assert_eq!(d.snapshot().phase, Phase::Error);
        assert_eq!(d.start(), d.abort(), "finished: every input is Finish");
    }

    #[test]
    fn a_happy_stream_connects_reads_and_finishes_at_done() {
        let mut d = driver(json!({"idleTimeoutMs": 5000}));
        assert_eq!(
            d.start(),
            Output {
                events: vec![],
                step: Step::Connect {
                    delay_ms: 0,
                    idle_ms: Some(5000)
                },
                timer: Timer::Clear
            }
        );
        let out = d.response(200, None);
        assert_eq!((out.step, out.timer), (Step::Read, Timer::Restart(5000)));
        let out = d.chunk(b"{\"type\":\"assistant-delta\",\"delta\":\"hi\"}\n{\"type\":\"sta");
        assert_eq!(types(&out), ["assistant-delta"]);
        assert_eq!((out.step, out.timer), (Step::Read, Timer::Restart(5000)));
        // Bytes that complete no event do not restart the timer.
        let out = d.chunk(b"tus\"}");
        assert_eq!((out.events.len(), out.timer), (0, Timer::Keep));
        let out = d.chunk(b"\n\n  \n");
        assert_eq!(types(&out), ["status"]);
        let out = d.chunk(b"\n");
        assert_eq!((out.events.len(), out.timer), (0, Timer::Keep));
        // `done` while the server keeps the connection open: finish (cancel the body).
        let out = d.chunk(DONE);
        assert_eq!(types(&out), ["done"]);
        assert_eq!((out.step, out.timer), (Step::Finish, Timer::Clear));
        assert_eq!(d.snapshot().phase, Phase::Done);
        assert!(d.is_finished());
        assert_eq!(d.chunk(b"more").events.len(), 0);
    }

    #[test]
    fn after_a_server_error_it_reads_on_until_done() {
        let mut d = driver(json!({}));
        d.start();
        d.response(200, None);
        let out = d.chunk(b"{\"type\":\"error\",\"message\":\"x\"}\n");
        assert_eq!((types(&out), out.step), (vec!["error"], Step::Read));
        let out = d.chunk(b"{\"type\":\"done\"}\n");
        assert_eq!((types(&out), out.step), (vec!["done"], Step::Finish));
        assert_eq!(d.snapshot().phase, Phase::Error);
    }

    #[test]
    fn the_end_of_the_body_without_done_is_incomplete() {
        let mut d = driver(json!({}));
        d.start();
        d.response(204, None);
        let out = d.end();
        assert_eq!((types(&out), out.step), (vec!["error"], Step::Finish));
        assert_eq!(error(&out).code, ErrorCode::IncompleteStream);
    }

    /// Every status: which are retried, and what code ends the stream.
    #[test]
    fn statuses_retry_or_fail_by_the_table() {
        let table: [(u16, bool, ErrorCode); 12] = [
            (400, false, ErrorCode::HttpError),
            (401, false, ErrorCode::Unauthorized),
            (403, false, ErrorCode::Forbidden),
            (404, false, ErrorCode::NotFound),
            (408, true, ErrorCode::HttpError),
            (418, false, ErrorCode::HttpError),
            (429, true, ErrorCode::RateLimited),
            (500, true, ErrorCode::ServerError),
            (501, false, ErrorCode::ServerError),
            (502, true, ErrorCode::ServerError),
            (503, true, ErrorCode::ServerError),
            (504, true, ErrorCode::ServerError),
        ];
        for (status, retried, code) in table {
            let mut d = driver(json!({"maxRetries": 1}));
            d.start();
            let out = d.response(status, None);
            assert_eq!(out.step, Step::ReadText, "{status}");
            let out = d.error_body("{\"message\":\"nope\"}", 0.0);
            if retried {
                let r = retry(&out);
                assert_eq!((r.attempt, r.status, &r.code), (1, Some(status), &code));
                assert!(
                    matches!(out.step, Step::Connect { delay_ms, .. } if delay_ms == r.delay_ms)
                );
                assert!((150..300).contains(&r.delay_ms), "{status}: {}", r.delay_ms);
                assert_eq!(d.snapshot().phase, Phase::Streaming, "a retry does not end");
                // The retry fails the same way: attempts are used up.
                d.response(status, None);
                let out = d.error_body("", 0.0);
                assert_eq!(error(&out).code, code, "{status}");
                assert_eq!(out.step, Step::Finish);
            } else {
                assert_eq!(
                    (types(&out), out.step),
                    (vec!["error"], Step::Finish),
                    "{status}"
                );
                let e = error(&out);
                assert_eq!((e.code.clone(), e.status), (code, Some(status)));
                assert!(e.message.to_string().contains("\"nope\""));
            }
        }
    }

    #[test]
    fn retries_back_off_exponentially_and_stop_at_max_retries() {
        let mut d = driver(json!({"maxRetries": 3}));
        d.start();
        let mut delays = Vec::new();
        for attempt in 1..=3 {
            let out = d.failed("ECONNREFUSED");
            let r = retry(&out);
            assert_eq!(
                (r.attempt, &r.code, r.status),
                (attempt, &ErrorCode::NetworkError, None)
            );
            delays.push(r.delay_ms);
        }
        let out = d.failed("ECONNREFUSED");
        assert_eq!(error(&out).code, ErrorCode::NetworkError);
        assert!(error(&out)
            .message
            .to_string()
            .contains("https://h.example/api/ai/prompt-assistant/stream"));
        assert!(error(&out).message.to_string().contains("refused"));
        // Equal jitter: each delay within [step/2, step), step doubling from 300 ms.
        for (i, delay) in delays.iter().enumerate() {
            let step = 300u64 << i;
            assert!((step / 2..step).contains(delay), "retry {i}: {delay}");
        }
        // Retry events count as events and do not change the phase.
        assert_eq!(d.snapshot().events, 4);
    }

    #[test]
    fn retry_after_is_a_floor_up_to_sixty_seconds() {
        let mut d = driver(json!({}));
        d.start();
        d.response(429, Some("3"));
        let out = d.error_body("", 0.0);
        assert_eq!(retry(&out).delay_ms, 3000);
        d.response(503, Some("Wed, 21 Oct 2015 07:28:30 GMT"));
        let out = d.error_body("", 1_445_412_480_000.0);
        assert_eq!(retry(&out).delay_ms, 30_000);
        // Past 60 s: not waited for; the error carries it.
        d.response(429, Some("61"));
        let out = d.error_body("", 0.0);
        assert_eq!(types(&out), ["error"]);
        assert_eq!(error(&out).retry_after_ms, Some(61_000));
    }

    #[test]
    fn no_retry_once_a_byte_of_the_body_has_arrived() {
        let mut d = driver(json!({}));
        d.start();
        d.response(200, None);
        // A body that fails before its first byte is retried like a network error.
        assert_eq!(types(&d.failed("ECONNRESET")), ["retry"]);
        d.response(200, None);
        d.chunk(b"{\"type\":\"assistant-");
        let out = d.failed("ECONNRESET");
        assert_eq!((types(&out), out.step), (vec!["error"], Step::Finish));
        assert!(error(&out).message.to_string().contains("broke off"));
    }

    #[test]
    fn max_retries_zero_never_retries() {
        let mut d = driver(json!({"maxRetries": 0}));
        d.start();
        assert_eq!(types(&d.failed("ECONNREFUSED")), ["error"]);
    }

    #[test]
    fn the_idle_timer_covers_headers_error_bodies_and_events() {
        for setup in [0, 1, 2] {
            let mut d = driver(json!({"idleTimeoutMs": 50}));
            d.start();
            match setup {
                0 => {}
                1 => {
                    d.response(500, None);
                }
                _ => {
                    d.response(200, None);
                    d.chunk(b"{\"type\":\"mode\",\"mode\":\"chat\"}\n");
                }
            }
            let out = d.timeout();
            assert_eq!(error(&out).code, ErrorCode::IdleTimeout, "case {setup}");
            assert_eq!(error(&out).source, ErrorSource::Timeout);
            assert_eq!((out.step, out.timer), (Step::Finish, Timer::Clear));
            assert_eq!(d.snapshot().phase, Phase::Error);
        }
        // 0 means never: the timer is never started.
        let mut d = driver(json!({"idleTimeoutMs": 0}));
        assert_eq!(
            d.start().step,
            Step::Connect {
                delay_ms: 0,
                idle_ms: None
            }
        );
        assert_eq!(d.response(200, None).timer, Timer::Clear);
    }

    /// Aborting from every state: nothing is yielded, the phase is `aborted` unless the stream
    /// had ended, and every later input is a quiet `Finish`.
    #[test]
    fn abort_from_every_state() {
        type Setup = fn(&mut Driver);
        let setups: [(&str, Setup, Phase); 7] = [
            ("new", |_| {}, Phase::Aborted),
            ("connecting", |d| drop(d.start()), Phase::Aborted),
            (
                "backing off",
                |d| {
                    d.start();
                    d.failed("x");
                },
                Phase::Aborted,
            ),
            (
                "reading",
                |d| {
                    d.start();
                    d.response(200, None);
                    d.chunk(b"{\"type\":\"mode\",\"mode\":\"chat\"}\n");
                },
                Phase::Aborted,
            ),
            (
                "reading an error body",
                |d| {
                    d.start();
                    d.response(500, None);
                },
                Phase::Aborted,
            ),
            (
                "after a server error",
                |d| {
                    d.start();
                    d.response(200, None);
                    d.chunk(b"{\"type\":\"error\"}\n");
                },
                Phase::Error,
            ),
            (
                "after done",
                |d| {
                    d.start();
                    d.response(200, None);
                    d.chunk(DONE);
                },
                Phase::Done,
            ),
        ];
        for (name, setup, phase) in setups {
            let mut d = driver(json!({}));
            setup(&mut d);
            let events_before = d.snapshot().events;
            let out = d.abort();
            assert_eq!(
                (out.events.len(), out.step, out.timer),
                (0, Step::Finish, Timer::Clear),
                "{name}"
            );
            assert_eq!(d.snapshot().phase, phase, "{name}");
            assert_eq!(d.snapshot().events, events_before, "{name}");
            for later in [
                d.chunk(DONE),
                d.timeout(),
                d.failed("x"),
                d.end(),
                d.response(200, None),
            ] {
                assert_eq!(
                    (later.events.len(), later.step),
                    (0, Step::Finish),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn the_token_never_comes_out_of_any_failure() {
        let mut d = Driver::new(
            json!({"instruction": "go"}),
            json!({"baseUrl": "https://h", "token": "s3cr3t-t0k", "maxRetries": 0}),
            3,
        );
        d.start();
        d.response(401, None);
        let out = d.error_body(r#"{"message":"bad token s3cr3t-t0k"}"#, 0.0);
        let json = crate::protocol::wire::events_json(&out.events);
        assert!(!json.contains("s3cr3t-t0k"), "{json}");
        assert!(json.contains("[redacted]"));
        let mut d = Driver::new(
            json!({"instruction": "go"}),
            json!({"baseUrl": "https://h", "token": "s3cr3t-t0k", "maxRetries": 0}),
            3,
        );
        d.start();
        let out = d.failed("header Authorization: Bearer s3cr3t-t0k refused");
        let json = crate::protocol::wire::events_json(&out.events);
        assert!(!json.contains("s3cr3t-t0k"), "{json}");
    }
}
