//! The offline helpers of API.md §4: variables, validation, the prompt diff, its HTML, and
//! applying a draft (`mergeDraft`).
//! Each is decode → core → encode.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{context_arg, from_js, string_arg, to_js, type_error};
use crate::diff::{Decisions, Layout, MergeError};
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

/// Applies a diff's draft section by section (API.md §4 *Applying a draft*): `decisions` maps
/// section paths to `true` (take the draft's version) or `false` (keep the current one), `'*'`
/// the default (default `true`); `undefined` takes everything. Returns `{ text, edits }`, the
/// edits in UTF-16 units of the before text. Throws a `RangeError` for a path not in
/// `diff.sections` (or any key but `'*'` on a non-structural diff), a `TypeError` for a `diff`
/// that is not a `PromptDiff` as `diffPrompts` returns it or a decision that is not a boolean.
#[wasm_bindgen(js_name = mergeDraft)]
pub fn merge_draft(diff: JsValue, decisions: JsValue) -> Result<JsValue, JsValue> {
    let diff: PromptDiff = from_js(&diff)
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| type_error("`diff` must be a `PromptDiff` (the result of `diffPrompts`)"))?;
    let decisions = match from_js(&decisions) {
        Some(Value::Null) => Decisions::default(),
        Some(Value::Object(map)) => {
            let mut entries = Vec::with_capacity(map.len());
            for (path, take) in map {
                let Value::Bool(take) = take else {
                    return Err(type_error(&format!(
                        "`decisions[\"{path}\"]` must be a boolean"
                    )));
                };
                entries.push((path, take));
            }
            Decisions::from_entries(entries)
        }
        _ => return Err(type_error("`decisions` must be an object")),
    };
    match crate::diff::merge_draft(&diff, &decisions) {
        Ok(merged) => to_js(&merged),
        Err(e @ (MergeError::UnknownPath { .. } | MergeError::NotStructural { .. })) => {
            Err(js_sys::RangeError::new(&e.to_string()).into())
        }
        Err(e @ MergeError::InconsistentDiff { .. }) => Err(type_error(&e.to_string())),
    }
}
