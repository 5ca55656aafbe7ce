//! Reading the package's own output shapes back from JSON: a [`PromptDiff`] the editor passes to
//! `renderDiffHtml` or `mergeDraft`, the [`ValidationIssue`]s it passes to `renderDiffHtml`.
//!
//! Written by hand over `crate::json::Value` rather than with serde's `Deserialize` (see
//! `crate::json` for why: size). Each reader takes exactly the shape the package writes (field
//! names, kinds, optional fields absent or `null`) and gives `None` for anything else; unknown
//! fields are ignored.

use crate::json::{Map, Value};

use super::diff::{
    ChangeKind, DiffOp, DiffStats, Granularity, OpKind, PromptDiff, SectionChange, TextRange,
};
use super::validation::{IssueCode, Severity, ValidationIssue};

fn string(o: &Map, key: &str) -> Option<String> {
    o.get(key)?.as_str().map(str::to_owned)
}

/// An optional string: absent or `null` is `Some(None)`; another kind is `None`.
fn optional_string(o: &Map, key: &str) -> Option<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

fn uint(o: &Map, key: &str) -> Option<u32> {
    let n = o.get(key)?.as_number()?;
    // Whole numbers only: the shapes hold counts and positions.
    if !n.as_str().bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    u32::try_from(n.floor_u64()?).ok()
}

fn array<'v>(o: &'v Map, key: &str) -> Option<&'v [Value]> {
    o.get(key)?.as_array()
}

fn each<T>(items: &[Value], read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    items.iter().map(read).collect()
}

fn op(v: &Value) -> Option<DiffOp> {
    let o = v.as_object()?;
    let op = match o.get("op")?.as_str()? {
        "equal" => OpKind::Equal,
        "insert" => OpKind::Insert,
        "delete" => OpKind::Delete,
        _ => return None,
    };
    Some(DiffOp {
        op,
        text: string(o, "text")?,
    })
}

fn range(o: &Map, key: &str) -> Option<Option<TextRange>> {
    match o.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::Object(r)) => Some(Some(TextRange {
            start: uint(r, "start")?,
            end: uint(r, "end")?,
        })),
        Some(_) => None,
    }
}

fn section(v: &Value) -> Option<SectionChange> {
    let o = v.as_object()?;
    let change = match o.get("change")?.as_str()? {
        "added" => ChangeKind::Added,
        "removed" => ChangeKind::Removed,
        "modified" => ChangeKind::Modified,
        "moved" => ChangeKind::Moved,
        "unchanged" => ChangeKind::Unchanged,
        _ => return None,
    };
    Some(SectionChange {
        path: string(o, "path")?,
        tag: string(o, "tag")?,
        change,
        before: optional_string(o, "before")?,
        after: optional_string(o, "after")?,
        ops: each(array(o, "ops")?, op)?,
        before_range: range(o, "beforeRange")?,
        after_range: range(o, "afterRange")?,
    })
}

/// A `PromptDiff` as `diffPrompts` or a `draft-ready` event gives it; `None` for anything else.
/// `granularity` may be absent (a diff from 0.1: `'word'`).
pub fn prompt_diff(v: &Value) -> Option<PromptDiff> {
    let o = v.as_object()?;
    let stats = o.get("stats")?.as_object()?;
    let granularity = match o.get("granularity") {
        None | Some(Value::Null) => Granularity::Word,
        Some(g) => match g.as_str()? {
            "word" => Granularity::Word,
            "line" => Granularity::Line,
            _ => return None,
        },
    };
    Some(PromptDiff {
        structural: o.get("structural")?.as_bool()?,
        ops: each(array(o, "ops")?, op)?,
        sections: each(array(o, "sections")?, section)?,
        stats: DiffStats {
            inserted: uint(stats, "inserted")?,
            deleted: uint(stats, "deleted")?,
            added: uint(stats, "added")?,
            removed: uint(stats, "removed")?,
            modified: uint(stats, "modified")?,
            moved: uint(stats, "moved")?,
        },
        unified: string(o, "unified")?,
        granularity,
    })
}

/// A `ValidationIssue` as `validateDraft` gives it; `None` for anything else.
pub fn validation_issue(v: &Value) -> Option<ValidationIssue> {
    let o = v.as_object()?;
    let code = IssueCode::ALL
        .iter()
        .copied()
        .find(|c| Some(c.as_str()) == o.get("code").and_then(Value::as_str))?;
    let severity = match o.get("severity")?.as_str()? {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => return None,
    };
    Some(ValidationIssue {
        severity,
        code,
        message: string(o, "message")?,
        start: uint(o, "start")?,
        end: uint(o, "end")?,
        line: uint(o, "line")?,
        column: uint(o, "column")?,
        variable: optional_string(o, "variable")?,
        suggestion: optional_string(o, "suggestion")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, to_string};

    #[test]
    fn a_diff_reads_back_as_written() {
        // The diff is the full module's (cargo feature `full`).
        #[cfg(feature = "full")]
        {
            let diff = crate::diff::diff_prompts(
                "<prompt><goal>a b</goal><rule>x</rule></prompt>",
                "<prompt><rule>x</rule><goal>a c 😀</goal><tone>t</tone></prompt>",
            );
            let json = parse(&to_string(&diff)).unwrap();
            assert_eq!(prompt_diff(&json), Some(diff));
        }
        let validation = crate::validate::validate_draft(
            "<prompt><goal>@frstName {{x}}</goal></prompt>",
            Some(&parse(r#"{"firstName":1}"#).unwrap()),
        );
        assert!(!validation.issues.is_empty());
        for issue in &validation.issues {
            let json = parse(&to_string(issue)).unwrap();
            assert_eq!(validation_issue(&json).as_ref(), Some(issue));
        }
    }

    #[test]
    fn anything_else_is_none() {
        for bad in [
            r#"{}"#,
            r#"{"structural":true,"ops":[],"sections":[],"stats":{},"unified":""}"#,
            r#"{"structural":"yes","ops":[],"sections":[],"stats":{"inserted":0,"deleted":0,"added":0,"removed":0,"modified":0,"moved":0},"unified":""}"#,
            r#"{"structural":true,"ops":[{"op":"same","text":""}],"sections":[],"stats":{"inserted":0,"deleted":0,"added":0,"removed":0,"modified":0,"moved":0},"unified":""}"#,
            r#"{"structural":true,"ops":[],"sections":[],"stats":{"inserted":-1,"deleted":0,"added":0,"removed":0,"modified":0,"moved":0},"unified":""}"#,
        ] {
            assert_eq!(prompt_diff(&parse(bad).unwrap()), None, "{bad}");
        }
    }
}
