//! The offline helpers of API.md §4: variables, validation, the prompt diff and its HTML.
//! Each is decode → core → encode.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{context_arg, from_js, string_arg, to_js, type_error};
use crate::diff::Layout;
use crate::protocol::PromptDiff;

/// The names a variable context makes available, sorted and de-duplicated.
#[wasm_bindgen(js_name = variableNames)]
pub fn variable_names(variable_context: JsValue) -> Result<JsValue, JsValue> {
    let context = context_arg(&variable_context, "variableContext")?
        .ok_or_else(|| type_error("`variableContext` must be an object"))?;
    to_js(&crate::variables::variable_names(&context))
}

/// Every `@name` reference in `text`, positioned in UTF-16 code units.
#[wasm_bindgen(js_name = findVariables)]
pub fn find_variables(text: JsValue, variable_context: JsValue) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "text")?;
    let context = context_arg(&variable_context, "variableContext")?;
    to_js(&crate::variables::find_variables(&text, context.as_ref()))
}

/// Validates a draft prompt.
#[wasm_bindgen(js_name = validateDraft)]
pub fn validate_draft(xml: JsValue, variable_context: JsValue) -> Result<JsValue, JsValue> {
    let xml = string_arg(&xml, "xml")?;
    let context = context_arg(&variable_context, "variableContext")?;
    to_js(&crate::validate::validate_draft(&xml, context.as_ref()))
}

/// Diffs two prompts.
#[wasm_bindgen(js_name = diffPrompts)]
pub fn diff_prompts(before: JsValue, after: JsValue) -> Result<JsValue, JsValue> {
    let before = string_arg(&before, "before")?;
    let after = string_arg(&after, "after")?;
    to_js(&crate::diff::diff_prompts(&before, &after))
}

/// Renders a diff as escaped HTML. `options.layout` is `'inline'` (the default) or `'split'`;
/// any other value is a `TypeError`, as is a `diff` that is not a `PromptDiff`.
#[wasm_bindgen(js_name = renderDiffHtml)]
pub fn render_diff_html(diff: JsValue, options: JsValue) -> Result<String, JsValue> {
    let diff: PromptDiff = from_js(&diff)
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| type_error("`diff` must be a `PromptDiff` (the result of `diffPrompts`)"))?;
    let layout = match from_js(&options) {
        Some(Value::Null) => Layout::Inline,
        Some(Value::Object(o)) => match o.get("layout") {
            None | Some(Value::Null) => Layout::Inline,
            Some(Value::String(s)) if s == "inline" => Layout::Inline,
            Some(Value::String(s)) if s == "split" => Layout::Split,
            Some(_) => return Err(type_error("`options.layout` must be 'inline' or 'split'")),
        },
        _ => return Err(type_error("`options` must be an object")),
    };
    Ok(crate::diff::render_diff_html(&diff, layout))
}

/// `@variable` completion at `offset` (a UTF-16 position in `text`): a CodeMirror 6
/// `CompletionResult` (`from`, `to`, ranked `options`, `filter: false`), or `null` where no
/// completion applies. `offset` must be an integer from 0 to `text.length` (else a `TypeError`
/// or `RangeError`); `variableContext` must be an object (else a `TypeError`).
#[wasm_bindgen(js_name = completeVariables)]
pub fn complete_variables(
    text: JsValue,
    offset: JsValue,
    variable_context: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "text")?;
    let offset = offset
        .as_f64()
        .filter(|o| o.fract() == 0.0 && *o >= 0.0)
        .ok_or_else(|| type_error("`offset` must be a non-negative integer"))?;
    if offset > crate::position::utf16_len(&text) as f64 {
        return Err(js_sys::RangeError::new("`offset` is past the end of `text`").into());
    }
    let context = context_arg(&variable_context, "variableContext")?
        .ok_or_else(|| type_error("`variableContext` must be an object"))?;
    to_js(&crate::variables::complete_variables(
        &text,
        offset as usize,
        &context,
    ))
}
