//! The network stream's rules (API.md §5), as pure logic: no I/O, no clock, no JavaScript.
//!
//! - [`plan`]: from the editor's request and options to what is sent (URL, headers, body, limits)
//!   and the options of the session that reads the answer; refusals are `invalid-request`.
//! - [`policy`]: HTTP status to error code, which failures retry, backoff with jitter,
//!   `Retry-After`, and the messages of network and HTTP errors.
//! - [`driver`]: the state machine that the binding drives with what happened (a response, a
//!   chunk, a failure, the idle timer, an abort) and that says what to do next. Start here.
//!
//! It uses `crate::session` to read the answer; the JS binding (`crate::wasm::transport` and the
//! package's `stream.js`) only performs the I/O the driver asks for.

pub mod driver;
pub mod plan;
pub mod policy;

pub use driver::{Driver, Output, Step, Timer};
pub use plan::{prepare, Plan, Prepared};
