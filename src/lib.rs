//! prompt-assist: the browser side of the prompt assistant, compiled to WebAssembly.
//!
//! The editor sends an instruction to `POST /api/ai/prompt-assistant/stream` and receives an NDJSON
//! stream of events. This crate frames that stream, runs the mode state machine, validates each
//! draft prompt and diffs it against the current one. The contract is `API.md`; the README
//! explains choices the contract leaves open.
//!
//! # Module map
//!
//! Dependencies point one way: `protocol` <- `stream` <- `session`; `session` uses `validate` and
//! `diff`; `wasm` uses everything and nothing uses `wasm`.
//!
//! - [`protocol`]: the data shapes of the contract (events, requests, validation and diff results)
//!   and the decoding of one server line. No state, no I/O.
//! - [`stream`]: the NDJSON line framer, bytes in, lines out.
//! - [`session`]: the state machine, lines in, events and a snapshot out. Start here.
//! - [`position`]: UTF-8 byte offsets to UTF-16 offsets, lines and columns.
//! - [`variables`]: the `@name` grammar and the variable context.
//! - [`validate`]: draft validation with quick-xml.
//! - [`diff`]: the structural prompt diff and its HTML rendering.
//! - `wasm`: the JS binding, the only module that knows about JavaScript.
//!
//! # Panics
//!
//! None on any input: a panic in wasm traps the module. Clippy denies `unwrap`, `expect`,
//! `panic!` and slice indexing outside tests.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "full")]
pub mod conversation;
#[cfg(feature = "full")]
pub mod diff;
pub mod json;
pub mod position;
pub mod protocol;
#[cfg(feature = "full")]
pub mod session;
#[cfg(feature = "full")]
pub mod stream;
#[cfg(feature = "full")]
pub mod transport;
pub mod validate;
pub mod variables;
pub mod wasm;

/// The crate version, which is also the npm package version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
