//! The offline helpers of API.md §4: variables, validation, the prompt diff, its HTML, and
//! applying a draft (`mergeDraft`).
//! Each is decode → core → encode.

use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{context_arg, from_js, string_arg, to_js, type_error};
use crate::diff::{Decisions, Labels, Layout, MergeError, RenderOptions};
use crate::protocol::{PromptDiff, ValidationIssue};

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

/// Renders a diff as escaped HTML with the options of API.md §4 *Render options*. A `diff` that
/// is not a `PromptDiff`, an `options` that is not an object, or an option of the wrong type is a
/// `TypeError` naming it.
#[wasm_bindgen(js_name = renderDiffHtml)]
pub fn render_diff_html(diff: JsValue, options: JsValue) -> Result<String, JsValue> {
    let diff: PromptDiff = from_js(&diff)
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| type_error("`diff` must be a `PromptDiff` (the result of `diffPrompts`)"))?;
    let arg: RenderOptionsArg = match from_js(&options) {
        Some(Value::Null) => RenderOptionsArg::default(),
        Some(v @ Value::Object(_)) => {
            serde_json::from_value(v).map_err(|e| type_error(&e.to_string()))?
        }
        _ => return Err(type_error("`options` must be an object")),
    };
    let context = context_beyond_json(&options)?;
    let mut options = arg.into_core()?;
    if let Some(context) = context {
        options.context = context;
    }
    Ok(crate::diff::render_diff_html(&diff, options))
}

/// A `context` that `JSON.stringify` would turn into `null`: `Infinity` never folds; `NaN` and
/// `-Infinity` are refused.
fn context_beyond_json(options: &JsValue) -> Result<Option<usize>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(options, &JsValue::from_str("context"))
        .ok()
        .and_then(|v| v.as_f64());
    match value {
        Some(n) if n == f64::INFINITY => Ok(Some(usize::MAX)),
        Some(n) if !n.is_finite() => Err(type_error(CONTEXT)),
        _ => Ok(None),
    }
}

const CONTEXT: &str = "`options.context` must be a whole number >= 0 (or Infinity, never fold)";

/// A field of [`RenderOptionsArg`]: absent or `null` is `None`; a wrong type is an error that
/// names the option and says what it must be.
macro_rules! option_field {
    ($fn:ident, $ty:ty, $must:literal) => {
        fn $fn<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
            Option::<$ty>::deserialize(d)
                .map_err(|e| serde::de::Error::custom(format!(concat!($must, " ({})"), e)))
        }
    };
}

option_field!(
    layout,
    LayoutArg,
    "`options.layout` must be 'inline' or 'split'"
);
option_field!(
    line_numbers,
    bool,
    "`options.lineNumbers` must be a boolean"
);
option_field!(
    context,
    f64,
    "`options.context` must be a whole number >= 0"
);
option_field!(actions, bool, "`options.actions` must be a boolean");
option_field!(
    issues,
    Vec<ValidationIssue>,
    "`options.issues` must be an array of `ValidationIssue`s (as `validateDraft` returns)"
);
option_field!(
    labels,
    Labels,
    "`options.labels` must be an object whose values are strings"
);

/// `RenderOptions` as JS passes them (`pkg-template/prompt-assist.d.ts`): every field optional,
/// `null` the same as absent, unknown fields ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RenderOptionsArg {
    #[serde(default, deserialize_with = "layout")]
    layout: Option<LayoutArg>,
    #[serde(default, deserialize_with = "line_numbers")]
    line_numbers: Option<bool>,
    #[serde(default, deserialize_with = "context")]
    context: Option<f64>,
    #[serde(default, deserialize_with = "actions")]
    actions: Option<bool>,
    #[serde(default, deserialize_with = "issues")]
    issues: Option<Vec<ValidationIssue>>,
    #[serde(default, deserialize_with = "labels")]
    labels: Option<Labels>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LayoutArg {
    Inline,
    Split,
}

impl RenderOptionsArg {
    /// The core options, defaults filled in; a `TypeError` for a `context` that is not a whole
    /// number >= 0.
    fn into_core(self) -> Result<RenderOptions, JsValue> {
        let defaults = RenderOptions::default();
        let context = match self.context {
            None => defaults.context,
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                // Past `usize::MAX` (far past any text's line count) saturates.
                n as usize
            }
            Some(_) => return Err(type_error(CONTEXT)),
        };
        Ok(RenderOptions {
            layout: match self.layout {
                None | Some(LayoutArg::Inline) => Layout::Inline,
                Some(LayoutArg::Split) => Layout::Split,
            },
            line_numbers: self.line_numbers.unwrap_or(defaults.line_numbers),
            context,
            actions: self.actions.unwrap_or(defaults.actions),
            issues: self.issues.unwrap_or_default(),
            labels: self.labels.unwrap_or_default(),
        })
    }
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
