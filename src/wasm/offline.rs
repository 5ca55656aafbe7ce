//! The offline helpers of API.md §4: variables, validation, the prompt diff, its HTML, applying
//! a draft, and completion. Each is decode → core → encode. The diff, its HTML and applying a
//! draft need the cargo feature `full`; the rest is also the `prompt-assist/lite` module.

use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
use super::convert::from_js;
use super::convert::{context_arg, string_arg, to_js, type_error};
#[cfg(feature = "full")]
use crate::diff::{Decisions, MergeError, RenderOptions};
#[cfg(feature = "full")]
use crate::json::Value;
#[cfg(feature = "full")]
use crate::protocol::PromptDiff;

/// `variableNames(variableContext)`: the names a variable context makes available, sorted and
/// de-duplicated, as a `string[]` (`contact.firstName`, …). Throws a `TypeError` when
/// `variableContext` is not an object (`null` and `undefined` included).
#[wasm_bindgen(js_name = variableNames)]
pub fn variable_names(variable_context: JsValue) -> Result<JsValue, JsValue> {
    let context = context_arg(&variable_context, "variableContext")?
        .ok_or_else(|| type_error(NOT_A_CONTEXT))?;
    to_js(&crate::variables::variable_names(&context))
}

const NOT_A_CONTEXT: &str = "\"variableContext\" must be an object.";

/// `findVariables(text, variableContext?)`: every `@name` reference in `text`, as a
/// `VariableRef[]` in text order: `start`/`end` in UTF-16 code units, `line`/`column` 1-based,
/// `known` `null` when no context is given. Throws a `TypeError` when `text` is not a string or
/// `variableContext` is neither an object nor `null`/`undefined`.
#[wasm_bindgen(js_name = findVariables)]
pub fn find_variables(text: JsValue, variable_context: JsValue) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "text")?;
    let context = context_arg(&variable_context, "variableContext")?;
    to_js(&crate::variables::find_variables(&text, context.as_ref()))
}

/// `validateDraft(xml, variableContext?)`: validates a draft prompt. JS gets a
/// `DraftValidation`: issues sorted by `start`, positions in UTF-16 code units, lines and
/// columns 1-based. Findings are data, never thrown; throws a `TypeError` only when `xml` is not
/// a string or `variableContext` is neither an object nor `null`/`undefined`.
#[wasm_bindgen(js_name = validateDraft)]
pub fn validate_draft(xml: JsValue, variable_context: JsValue) -> Result<JsValue, JsValue> {
    let xml = string_arg(&xml, "xml")?;
    let context = context_arg(&variable_context, "variableContext")?;
    to_js(&crate::validate::validate_draft(&xml, context.as_ref()))
}

#[cfg(feature = "full")]
/// Diffs two prompts: a `PromptDiff`.
///
/// `diffPrompts(before, after)`: JS gets a `PromptDiff` plain object (section ranges in UTF-16
/// code units of each text). Throws a `TypeError` when either is not a string.
#[wasm_bindgen(js_name = diffPrompts)]
pub fn diff_prompts(before: JsValue, after: JsValue) -> Result<JsValue, JsValue> {
    let before = string_arg(&before, "before")?;
    let after = string_arg(&after, "after")?;
    to_js(&crate::diff::diff_prompts(&before, &after))
}

#[cfg(feature = "full")]
/// A `PromptDiff` argument, or a `TypeError`.
fn diff_arg(diff: &JsValue) -> Result<PromptDiff, JsValue> {
    from_js(diff)
        .as_ref()
        .and_then(crate::protocol::read::prompt_diff)
        .ok_or_else(|| type_error("\"diff\" must be a PromptDiff, as diffPrompts returns it."))
}

#[cfg(feature = "full")]
/// Renders a diff as escaped HTML (a string) with the options of API.md §4 *Render options*. A
/// `diff` that is not a `PromptDiff`, an `options` that is not an object, or an option of the
/// wrong kind is a `TypeError` naming it.
///
/// `renderDiffHtml(diff, options?)`: JS gets a string, an HTML fragment in which every piece of
/// prompt text is escaped (no text of either prompt can make an element or an attribute).
#[wasm_bindgen(js_name = renderDiffHtml)]
pub fn render_diff_html(diff: JsValue, options: JsValue) -> Result<String, JsValue> {
    let diff = diff_arg(&diff)?;
    let value = from_js(&options).ok_or_else(|| type_error("\"options\" must be an object."))?;
    let mut core = RenderOptions::from_value(&value).map_err(|e| type_error(&e.to_string()))?;
    // `Infinity`, which `JSON.stringify` turns into `null`: never fold.
    let context = options
        .is_object()
        .then(|| js_sys::Reflect::get(&options, &JsValue::from_str("context")).ok())
        .flatten()
        .and_then(|v| v.as_f64());
    match context {
        Some(n) if n == f64::INFINITY => core.context = usize::MAX,
        Some(n) if !n.is_finite() => {
            return Err(type_error(
                "\"options.context\" must be a whole number of lines, 0 or more (or Infinity, never fold).",
            ))
        }
        _ => {}
    }
    Ok(crate::diff::render_diff_html(&diff, core))
}

#[cfg(feature = "full")]
/// Applies a diff's draft section by section (API.md §4 *Applying a draft*): `decisions` maps
/// section paths to `true` (take the draft's version) or `false` (keep the current one), `'*'`
/// the default (default `true`); `undefined` takes everything. Returns `{ text, edits }`, the
/// edits in UTF-16 units of the before text. Throws a `RangeError` for a path not in
/// `diff.sections` (or any key but `'*'` on a non-structural diff), a `TypeError` for a `diff`
/// that is not a `PromptDiff` as `diffPrompts` returns it or a decision that is not a boolean.
#[wasm_bindgen(js_name = mergeDraft)]
pub fn merge_draft(diff: JsValue, decisions: JsValue) -> Result<JsValue, JsValue> {
    let diff = diff_arg(&diff)?;
    let value = from_js(&decisions).unwrap_or(Value::Bool(false));
    let decisions = Decisions::from_value(&value).map_err(|key| {
        type_error(&if key.is_empty() {
            "\"decisions\" must be an object of booleans.".to_owned()
        } else {
            format!("\"decisions[{}]\" must be a boolean.", Value::from(key))
        })
    })?;
    match crate::diff::merge_draft(&diff, &decisions) {
        Ok(merged) => to_js(&merged),
        Err(e @ (MergeError::UnknownPath { .. } | MergeError::NotStructural { .. })) => {
            Err(js_sys::RangeError::new(&e.to_string()).into())
        }
        Err(e @ MergeError::InconsistentDiff { .. }) => Err(type_error(&e.to_string())),
    }
}

/// `completeVariables(text, offset, variableContext)`: the `@variable` completion at `offset`
/// (a UTF-16 position in `text`): a CodeMirror 6
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
        .ok_or_else(|| type_error("\"offset\" must be a whole number, 0 or more."))?;
    if offset > crate::position::utf16_len(&text) as f64 {
        return Err(js_sys::RangeError::new("\"offset\" is past the end of \"text\".").into());
    }
    let context = context_arg(&variable_context, "variableContext")?
        .ok_or_else(|| type_error(NOT_A_CONTEXT))?;
    to_js(&crate::variables::complete_variables(
        &text,
        offset as usize,
        &context,
    ))
}
