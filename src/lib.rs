//! prompt-assist: the browser side of the prompt assistant, compiled to WebAssembly.
//!
//! The editor sends an instruction to `POST /api/ai/prompt-assistant/stream` and receives an NDJSON
//! stream of events. This crate frames that stream, runs the mode state machine, validates each
//! draft prompt and diffs it against the current one. The contract is `API.md`; the README
//! explains choices the contract leaves open.
//!
//! # Module map
//!
//! Each row lists the top-level modules that the module's non-test code uses
//! (`tests/module_map.rs` reads the `crate::` and `super::` paths of `src/` and fails when this
//! table, or the one in the README, says otherwise). The rows are in dependency order: a module
//! uses only modules above it, so there is no cycle, and nothing uses `wasm`.
//!
//! | Module | What it is | Uses |
//! |---|---|---|
//! | [`json`] | JSON as the package needs it: a small parser, a raw-value scanner, a compact serde writer, string escaping. | none |
//! | [`position`] | UTF-8 byte offsets to UTF-16 offsets, lines and columns. | none |
//! | [`protocol`] | Shapes only: the contract's types (events, requests, validation and diff results), their JSON reading and writing, and the request's sanitising rules as functions on them. No state, no I/O, no transport policy. | `json` |
//! | [`stream`] | The NDJSON line framer: bytes in, complete lines out. | none |
//! | [`variables`] | The `@name` grammar, the variable context, completions. | `json`, `position`, `protocol` |
//! | [`validate`] | Draft validation: the one XML parse ([`validate::outline()`], which the diff reuses), limits and lints, as issues. | `json`, `position`, `protocol`, `variables` |
//! | [`diff`] | The structural prompt diff over that parse: section alignment, word ops, unified text, merge, HTML rendering. | `json`, `position`, `protocol`, `validate` |
//! | [`session`] | The state machine: lines in, events and a snapshot out; each draft validated and diffed. Start here. | `diff`, `json`, `position`, `protocol`, `stream`, `validate`, `variables` |
//! | [`transport`] | The network stream's rules without I/O: the request plan, the status and retry policy, the driver state machine. | `json`, `protocol`, `session` |
//! | [`conversation`] | The turns an editor keeps across instructions and the history each request carries. | `json`, `protocol`, `session` |
//! | `wasm` | The JS binding, the only module that knows about JavaScript: decode, call the core, encode. | `conversation`, `diff`, `json`, `position`, `protocol`, `session`, `transport`, `validate`, `variables` |
//!
//! # Cargo features
//!
//! - `full` (default): `stream`, `session`, `diff`, `transport` and `conversation`, and their
//!   exports. Without it the crate is `prompt-assist/lite` (API.md §2): `json`, `position`,
//!   `protocol`, `variables` and `validate`, exporting `variableNames`, `findVariables`,
//!   `validateDraft`, `completeVariables` and `version`.
//! - `panic-hook` (default): a panic's message goes to `console.error` before the module traps.
//!   The published modules leave it out (scripts/build: `-Cpanic=immediate-abort`).
//! - `test-hooks`: test-only exports, never in the package.
//!
//! # Panics
//!
//! None on any input: a panic in wasm traps the module. Clippy denies `unwrap`, `expect`,
//! `panic!` and slice indexing outside tests.

#![warn(missing_docs)]
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
