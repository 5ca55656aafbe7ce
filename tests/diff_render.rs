//! `render_diff_html`: nothing in either prompt can create an element or an attribute (API.md §4
//! *Diff*), checked with a small tag scanner; and snapshots (insta) of representative diffs.

mod diff_common;

use diff_common::checked_diff;
use prompt_assist::diff::{render_diff_html, Layout};

/// The renderer's own tags; anything else in the output came from a prompt.
const ALLOWED_TAGS: &[&str] = &[
    "div", "p", "span", "section", "details", "summary", "pre", "code", "ins", "del",
];

/// One start or end tag found in the HTML.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

/// Scans `html` as a browser would for tags and text, failing the test on anything it does not
/// expect from the renderer: unknown tags, attributes other than `class` and `data-*`, unquoted
/// values, comments, a stray `>` or an `&` that is not one of the five escapes. Returns the tags
/// and the unescaped text.
fn scan(html: &str) -> (Vec<Tag>, String) {
    let mut tags = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after_lt) = rest.strip_prefix('<') {
            let (closing, body) = match after_lt.strip_prefix('/') {
                Some(b) => (true, b),
                None => (false, after_lt),
            };
            let name_len = body
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(body.len());
            let name = &body[..name_len];
            assert!(
                ALLOWED_TAGS.contains(&name),
                "unexpected tag <{closing}{name}> in: …{}",
                &rest[..rest.len().min(80)]
            );
            let mut attrs = &body[name_len..];
            let mut attributes = Vec::new();
            loop {
                attrs = attrs.trim_start_matches(' ');
                if let Some(r) = attrs.strip_prefix('>') {
                    rest = r;
                    break;
                }
                assert!(!closing, "attributes on a closing tag");
                let eq = attrs.find('=').expect("attribute without value");
                let attr_name = &attrs[..eq];
                assert!(
                    attr_name == "class" || attr_name.starts_with("data-"),
                    "attribute {attr_name:?} on <{name}>"
                );
                assert!(
                    attr_name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-'),
                    "odd attribute name {attr_name:?}"
                );
                let value_and_rest = attrs[eq + 1..]
                    .strip_prefix('"')
                    .expect("unquoted attribute value");
                let close = value_and_rest.find('"').expect("unterminated value");
                let value = &value_and_rest[..close];
                assert!(!value.contains('<') && !value.contains('>'));
                attributes.push((attr_name.to_string(), unescape(value)));
                attrs = &value_and_rest[close + 1..];
            }
            tags.push(Tag {
                name: name.to_string(),
                closing,
                attributes,
            });
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            assert!(!chunk.contains('>'), "raw `>` in text: {chunk:?}");
            text.push_str(&unescape(chunk));
            rest = &rest[end..];
        }
    }
    (tags, text)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (reference, ch) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ]
        .into_iter()
        .find(|(r, _)| tail.starts_with(r))
        .unwrap_or_else(|| panic!("unknown character reference at {tail:?}"));
        out.push(ch);
        rest = &tail[reference.len()..];
    }
    out.push_str(rest);
    out
}

/// Tags are balanced and properly nested.
fn check_nesting(tags: &[Tag]) {
    let mut stack: Vec<&str> = Vec::new();
    for tag in tags {
        if tag.closing {
            assert_eq!(
                stack.pop(),
                Some(tag.name.as_str()),
                "misnested </{}>",
                tag.name
            );
        } else {
            stack.push(&tag.name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "&lt;b&gt; pre-escaped &amp;amp;",
    "</ins></del></pre></div><b>",
    "<!-- comment --><style>*{}</style>",
    "javascript:alert(1)",
];

/// XML-escapes a payload for use in text or an attribute value.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hostile_prompts(payload: &str) -> Vec<String> {
    let esc = xml_escape(payload);
    vec![
        format!("<prompt><goal>{esc}</goal><rule>Be brief.</rule></prompt>"),
        format!(
            "<prompt><goal>Tours.</goal><rule><![CDATA[{}]]></rule></prompt>",
            payload.replace("]]>", "")
        ),
        format!("<prompt><rule name=\"{esc}\">Be brief.</rule><goal>Tours.</goal></prompt>"),
        format!("<prompt><example id=\"{esc}\">x</example><goal>Tours {esc}</goal></prompt>"),
        // Not well-formed: the raw payload itself, so the text fallback renders it.
        format!("<prompt><goal>{payload}</goal>"),
        payload.to_string(),
    ]
}

#[test]
fn no_prompt_text_creates_an_element_or_attribute() {
    let plain = "<prompt><goal>Tours.</goal><rule>Be brief.</rule></prompt>";
    let mut checked = 0;
    for payload in PAYLOADS {
        for hostile in hostile_prompts(payload) {
            for (before, after) in [
                (plain, hostile.as_str()),
                (hostile.as_str(), plain),
                (hostile.as_str(), hostile.as_str()),
                ("", hostile.as_str()),
            ] {
                let diff = checked_diff(before, after);
                for layout in [Layout::Inline, Layout::Split] {
                    let html = render_diff_html(&diff, layout);
                    let (tags, text) = scan(&html);
                    check_nesting(&tags);
                    // The payload's markup never appears raw…
                    for raw in ["<script", "<img", "<b>", "<style", "<!--", "' onmouseover"] {
                        if payload.contains(raw) {
                            assert!(!html.contains(raw), "raw {raw:?} in {html}");
                        }
                    }
                    // …but its text is shown (escaped) whenever the prompts differ; in one
                    // piece in the split layout, where each column is one side's text.
                    if layout == Layout::Split && before != after {
                        let shown = [payload.to_string(), xml_escape(payload)];
                        assert!(
                            shown.iter().any(|p| text.contains(p.as_str())),
                            "payload text missing from {html}"
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, PAYLOADS.len() * 6 * 4 * 2);
}

#[test]
fn paths_in_attributes_are_escaped_and_round_trip() {
    let before = "<prompt><rule name=\"a&quot;b'c&lt;\">x</rule></prompt>";
    let after = "<prompt><rule name=\"a&quot;b'c&lt;\">y</rule></prompt>";
    let diff = checked_diff(before, after);
    let html = render_diff_html(&diff, Layout::Inline);
    let (tags, _) = scan(&html);
    let paths: Vec<&str> = tags
        .iter()
        .flat_map(|t| &t.attributes)
        .filter(|(n, _)| n == "data-path")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(paths, [diff.sections[0].path.as_str()]);
    assert!(paths[0].contains('"') && paths[0].contains('\''));
}

// ---- snapshots ----

const BEFORE: &str = "<prompt>
  <role>Leasing assistant</role>
  <goal>Convert leads into tours.</goal>
  <rule>Be brief.</rule>
  <rule>Never promise prices.</rule>
  <rule name=\"tone\">Be warm &amp; friendly.</rule>
  <example>Q: Is there parking? A: Yes.</example>
</prompt>
";

const AFTER: &str = "<prompt>
  <role>Leasing assistant</role>
  <example>Q: Is there parking? A: Yes.</example>
  <goal>Convert qualified leads into booked tours.</goal>
  <rule>Be brief.</rule>
  <rule>Ask for the move-in date.</rule>
  <rule>Never promise prices.</rule>
  <rule name=\"tone\">Be warm, friendly \u{1F44D}\u{1F3FD}.</rule>
</prompt>
";

#[test]
fn snapshot_structural_inline() {
    let diff = checked_diff(BEFORE, AFTER);
    insta::assert_snapshot!(render_diff_html(&diff, Layout::Inline));
}

#[test]
fn snapshot_structural_split() {
    let diff = checked_diff(BEFORE, AFTER);
    insta::assert_snapshot!(render_diff_html(&diff, Layout::Split));
}

#[test]
fn snapshot_added_and_removed() {
    let before = "<prompt><role>Assistant</role><goal>Old goal.</goal></prompt>";
    let after = "<prompt><role>Assistant</role><tone>Warm.</tone></prompt>";
    let diff = checked_diff(before, after);
    insta::assert_snapshot!(render_diff_html(&diff, Layout::Inline));
}

#[test]
fn snapshot_not_well_formed() {
    let before = "<prompt><goal>Convert leads.</goal></prompt>";
    let after = "<prompt><goal>Convert <b>leads</goal></prompt>";
    let diff = checked_diff(before, after);
    insta::assert_snapshot!(render_diff_html(&diff, Layout::Inline));
}

#[test]
fn snapshot_no_changes() {
    let p = "<prompt><goal>Tours.</goal></prompt>";
    let diff = checked_diff(p, p);
    insta::assert_snapshot!(render_diff_html(&diff, Layout::Inline));
}
