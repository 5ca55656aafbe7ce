//! The JS binding: the only module that names `wasm_bindgen`, `js_sys`, `web_sys`, `gloo` or
//! `console_error_panic_hook`.
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
//! - [`conversation`]: `ConversationCore`, the core's conversation rules for the package's JS
//!   `Conversation` (`pkg-template/conversation.js`).
//! - [`transport`]: `StreamDriver`, the core's transport driver for the package's JS stream
//!   (`pkg-template/stream.js`), which performs the I/O and is what `streamPromptAssistant`
//!   returns.
//!
//! Without the cargo feature `full` (the `prompt-assist/lite` module, API.md §2) only
//! `variableNames`, `findVariables`, `validateDraft`, `completeVariables` and `version` are
//! compiled: the other exports and the modules behind them are gated on `full`.
//!
//! The TypeScript declarations are written by hand in `pkg-template/prompt-assist.d.ts` and
//! `pkg-template/lite/index.d.ts`; keep them in step with the shapes in `crate::protocol`.

#[cfg(feature = "full")]
pub mod conversation;
pub mod convert;
pub mod offline;
#[cfg(feature = "full")]
pub mod session;
#[cfg(feature = "full")]
pub mod transport;

use wasm_bindgen::prelude::*;

/// `version()`: the package version from `Cargo.toml`, a string such as `"0.1.0"`. Never throws.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

// Runs once, when the module is instantiated (`init()` in a browser, the import in Node):
// installs the panic hook (cargo feature `panic-hook`, on by default). Nothing should panic,
// but if something does, the module traps (`panic = "abort"`): the caller gets a thrown
// `WebAssembly.RuntimeError: unreachable` and the module is unusable from then on. The hook
// puts the panic's message and location on `console.error` first, so the report says what
// went wrong. (A plain comment: wasm-bindgen would copy a doc comment into the JS glue, where
// the function is exported as `start` but not re-exported by the package's entries.)
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// `__forcePanicForTests(message)`, test-only (cargo feature `test-hooks`, never in the
/// package): panics, so that a test can check what a caller sees of an internal error
/// (tests/js/panic_hook.mjs). JS gets a thrown `WebAssembly.RuntimeError` (`unreachable`), the
/// panic's message on `console.error` first, and a module that is unusable from then on.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = __forcePanicForTests)]
// The one deliberate panic of the crate, and only in test builds.
#[allow(clippy::panic)]
pub fn force_panic_for_tests(message: &str) {
    panic!("forced panic for tests: {message}");
}
