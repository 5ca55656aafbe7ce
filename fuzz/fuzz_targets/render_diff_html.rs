//! `render_diff_html` on the diff of arbitrary pairs, in both layouts.
//!
//! Invariant: no `<` from the input survives unescaped. Every `<` in the output opens or closes
//! one of the renderer's own elements, and every attribute is `class`, `data-*` or
//! `type="button"`. The input is the two sides separated by a NUL byte, so prompt files seed the
//! corpus. Rendered with the defaults and with every option on (actions, no folding, issues and
//! labels made of the input itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::diff::{diff_prompts, render_diff_html, Labels, Layout, RenderOptions};
use prompt_assist::protocol::{IssueCode, ValidationIssue};

const ELEMENTS: &[&str] = &[
    "button", "code", "del", "details", "div", "ins", "mark", "p", "pre", "section", "span",
    "summary", "table", "tbody", "td", "tr",
];

/// Checks one tag starting right after its `<`; returns the rest after its `>`.
fn check_tag(rest: &str) -> &str {
    let close = rest.find('>').expect("a `<` with no `>`: unescaped input");
    let tag = &rest[..close];
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let mut parts = tag.splitn(2, ' ');
    let name = parts.next().unwrap_or_default();
    assert!(
        ELEMENTS.contains(&name),
        "element `{name}` is not the renderer's"
    );
    let mut attrs = parts.next().unwrap_or_default();
    while !attrs.is_empty() {
        let eq = attrs
            .find("=\"")
            .expect("an attribute without a quoted value");
        let attr = attrs[..eq].trim();
        assert!(
            attr == "class" || attr.starts_with("data-") || (attr == "type" && name == "button"),
            "attribute `{attr}`"
        );
        let value = &attrs[eq + 2..];
        let end = value.find('"').expect("an unterminated attribute value");
        if attr == "type" {
            assert_eq!(&value[..end], "button");
        }
        assert!(
            !value[..end].contains(['<', '>', '\'']),
            "unescaped attribute value"
        );
        attrs = value[end + 1..].trim_start();
    }
    &rest[close + 1..]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (before, after) = text.split_once('\0').unwrap_or((&text, ""));
    let diff = diff_prompts(before, after);
    // Issues over the after text, with the before text as their message; every label the same.
    let len = after.encode_utf16().count() as u32;
    let issues = [(0, len / 2), (len / 3, len), (len, len)]
        .into_iter()
        .map(|(start, end)| ValidationIssue {
            severity: IssueCode::UnknownVariable.severity(),
            code: IssueCode::UnknownVariable,
            message: before.to_string(),
            start,
            end,
            line: 1,
            column: 1,
            variable: None,
            suggestion: None,
        })
        .collect::<Vec<_>>();
    let label = before.to_string();
    let labels = Labels {
        added: label.clone(),
        removed: label.clone(),
        modified: label.clone(),
        moved: label.clone(),
        unchanged: label.clone(),
        accept: label.clone(),
        reject: label.clone(),
        words: label.clone(),
        folded: label.clone(),
        no_changes: label.clone(),
        line_by_line: label.clone(),
        whole_text: label.clone(),
        text_diff: label,
    };
    for layout in [Layout::Inline, Layout::Split] {
        let every_option = RenderOptions {
            layout,
            line_numbers: true,
            context: 0,
            actions: true,
            issues: issues.clone(),
            labels: labels.clone(),
        };
        for options in [RenderOptions::from(layout), every_option] {
            let html = render_diff_html(&diff, options);
            let mut rest = html.as_str();
            while let Some(lt) = rest.find('<') {
                rest = check_tag(&rest[lt + 1..]);
            }
        }
    }
});
