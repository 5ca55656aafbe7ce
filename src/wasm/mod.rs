//! The JS binding: the only module that names `wasm_bindgen`, `js_sys`, `web_sys` or `gloo`.
//!
//! Each export decodes its JS arguments, calls the core, and encodes the result. Logic that grows
//! here belongs in the core.

use wasm_bindgen::prelude::*;

/// The package version, from `Cargo.toml`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
