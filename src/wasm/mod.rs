//! The JS binding: the only module that names `wasm_bindgen`, `js_sys`, `web_sys` or `gloo`.
//!
//! Each export decodes its JS arguments, calls the core, and encodes the result; logic that grows
//! here belongs in the core. Where to start:
//!
//! - [`convert`]: the boundary crossing. Results go out as ONE JSON string per call that
//!   `JSON.parse` turns into plain objects (measured faster than building them field by field,
//!   see `scripts/bench`); arguments come in through `JSON.stringify` or as strings and bytes.
//! - [`session`]: `AssistantSession` and `replay`, the offline stream reader.
//! - [`offline`]: `variableNames`, `findVariables`, `validateDraft`, `diffPrompts`,
//!   `renderDiffHtml`.
//! - [`fetch`]: `streamPromptAssistant`, the network iterator (gloo-net, the body's
//!   `ReadableStream`, wasm-bindgen-futures).
//!
//! The TypeScript declarations are written by hand in `pkg-template/prompt-assist.d.ts`; keep
//! them in step with the shapes in `crate::protocol`.

pub mod convert;
pub mod fetch;
pub mod offline;
pub mod session;

use wasm_bindgen::prelude::*;

/// The package version, from `Cargo.toml`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
