//! `render_diff_html` on the diff of arbitrary pairs, in both layouts.
//!
//! Invariant: no `<` from the input survives unescaped. Every `<` in the output opens or closes
//! one of the renderer's own elements, and every attribute is `class` or `data-*`. The input is
//! the two sides separated by a NUL byte, so prompt files seed the corpus.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prompt_assist::diff::{diff_prompts, render_diff_html, Layout};

const ELEMENTS: &[&str] = &[
    "code", "del", "details", "div", "ins", "p", "pre", "section", "span", "summary",
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
            attr == "class" || attr.starts_with("data-"),
            "attribute `{attr}`"
        );
        let value = &attrs[eq + 2..];
        let end = value.find('"').expect("an unterminated attribute value");
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
    for layout in [Layout::Inline, Layout::Split] {
        let html = render_diff_html(&diff, layout);
        let mut rest = html.as_str();
        while let Some(lt) = rest.find('<') {
            rest = check_tag(&rest[lt + 1..]);
        }
    }
});
