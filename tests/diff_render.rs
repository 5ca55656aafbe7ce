//! `render_diff_html`: nothing in either prompt, path, label or issue message can create an
//! element or an attribute (API.md §4 *Diff*), checked with a small tag scanner over every option;
//! the render options of API.md §4 *Render options* (split rows that line up, line numbers,
//! folding, actions, issues, labels), as table tests and properties over a small DOM built from
//! the scan; and snapshots (insta) of small cases for each option and layout.

mod diff_common;

use diff_common::checked_diff;
use prompt_assist::diff::{render_diff_html, Labels, Layout, RenderOptions};
use prompt_assist::protocol::diff::Granularity;
use prompt_assist::protocol::{IssueCode, PromptDiff, ValidationIssue};
use prompt_assist::validate::validate_draft;
use proptest::prelude::*;

/// The renderer's own tags; anything else in the output came from a prompt.
const ALLOWED_TAGS: &[&str] = &[
    "div", "p", "span", "section", "details", "summary", "pre", "code", "ins", "del", "table",
    "tbody", "tr", "td", "button", "mark",
];

/// One start or end tag found in the HTML.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

/// What the scanner meets, in order.
#[derive(Debug)]
enum Event {
    Tag(Tag),
    Text(String),
}

/// Scans `html` as a browser would for tags and text, failing the test on anything it does not
/// expect from the renderer: unknown tags, attributes other than `class`, `data-*` and
/// `type="button"` on a button, unquoted values, comments, a stray `>` or an `&` that is not one
/// of the five escapes. Returns the tags and text in order, the text unescaped.
fn events(html: &str) -> Vec<Event> {
    let mut events = Vec::new();
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
                    attr_name == "class"
                        || attr_name.starts_with("data-")
                        || (attr_name == "type" && name == "button"),
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
                if attr_name == "type" {
                    assert_eq!(value, "button");
                }
                attributes.push((attr_name.to_string(), unescape(value)));
                attrs = &value_and_rest[close + 1..];
            }
            events.push(Event::Tag(Tag {
                name: name.to_string(),
                closing,
                attributes,
            }));
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            assert!(!chunk.contains('>'), "raw `>` in text: {chunk:?}");
            events.push(Event::Text(unescape(chunk)));
            rest = &rest[end..];
        }
    }
    events
}

/// The tags and the whole unescaped text.
fn scan(html: &str) -> (Vec<Tag>, String) {
    let mut tags = Vec::new();
    let mut text = String::new();
    for event in events(html) {
        match event {
            Event::Tag(t) => tags.push(t),
            Event::Text(t) => text.push_str(&t),
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

// ---- a small DOM over the scan, to query rows and cells ----

#[derive(Debug, Default)]
struct Node {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Node(Node),
    Text(String),
}

/// Checks `html` (scanner and nesting) and builds its tree under a root named `#fragment`.
fn parse(html: &str) -> Node {
    let mut stack = vec![Node {
        name: "#fragment".into(),
        ..Node::default()
    }];
    for event in events(html) {
        match event {
            Event::Text(t) => stack.last_mut().unwrap().children.push(Child::Text(t)),
            Event::Tag(t) if t.closing => {
                let node = stack.pop().unwrap();
                assert_eq!(node.name, t.name, "misnested </{}>", t.name);
                stack.last_mut().unwrap().children.push(Child::Node(node));
            }
            Event::Tag(t) => stack.push(Node {
                name: t.name,
                attributes: t.attributes,
                children: Vec::new(),
            }),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split(' ').any(|c| c == class))
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Child::Text(t) => out.push_str(t),
                Child::Node(n) => out.push_str(&n.text()),
            }
        }
        out
    }

    /// The text outside `ins` and `del`: what the diff kept.
    fn bare_text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Child::Text(t) => out.push_str(t),
                Child::Node(n) if n.name != "ins" && n.name != "del" => {
                    out.push_str(&n.bare_text())
                }
                Child::Node(_) => {}
            }
        }
        out
    }

    fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Node(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    /// Every element below, in document order, with `class`.
    fn all(&self, class: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        self.collect(&|n| n.has_class(class), &mut out);
        out
    }

    fn all_named(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        self.collect(&|n| n.name == name, &mut out);
        out
    }

    fn collect<'a>(&'a self, keep: &dyn Fn(&Node) -> bool, out: &mut Vec<&'a Node>) {
        for n in self.elements() {
            if keep(n) {
                out.push(n);
            }
            n.collect(keep, out);
        }
    }

    /// The section (or details) whose `data-path` is `path`.
    fn section(&self, path: &str) -> &Node {
        self.all("pa-diff-section")
            .into_iter()
            .find(|s| s.attr("data-path") == Some(path))
            .unwrap_or_else(|| panic!("no section {path}"))
    }

    /// The whole-text view.
    fn whole(&self) -> &Node {
        self.all("pa-diff-whole")[0]
    }

    /// The `tr`s of this view's table, with their cells.
    fn rows(&self) -> Vec<&Node> {
        self.all_named("tr")
    }

    fn cells(&self) -> Vec<&Node> {
        self.elements().filter(|n| n.name == "td").collect()
    }

    /// In a split row: the before and after text cells.
    fn sides(&self) -> (&Node, &Node) {
        let lines: Vec<&Node> = self
            .cells()
            .into_iter()
            .filter(|c| c.has_class("pa-diff-line"))
            .collect();
        assert_eq!(lines.len(), 2, "not a split row");
        (lines[0], lines[1])
    }

    /// The gutter numbers of a row, before and after (`None` for an empty cell).
    fn numbers(&self) -> Vec<Option<u32>> {
        self.cells()
            .into_iter()
            .filter(|c| c.has_class("pa-diff-num"))
            .map(|c| {
                let t = c.text();
                assert!(t.chars().all(|ch| ch.is_ascii_digit()), "gutter {t:?}");
                (!t.is_empty()).then(|| t.parse().unwrap())
            })
            .collect()
    }
}

fn options(layout: Layout) -> RenderOptions {
    RenderOptions::from(layout)
}

// ---- escaping, over every option ----

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "&lt;b&gt; pre-escaped &amp;amp;",
    "</ins></del></pre></div><b>",
    "<!-- comment --><style>*{}</style>",
    "javascript:alert(1)",
    "</td></tr></table><button onclick=alert(1)>",
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

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// Issues with `message` over the whole of `after`, its middle, its end, and past it.
fn hostile_issues(after: &str, message: &str) -> Vec<ValidationIssue> {
    let len = utf16_len(after);
    let issue = |code: IssueCode, start: u32, end: u32| ValidationIssue {
        severity: code.severity(),
        code,
        message: message.to_string(),
        start,
        end,
        line: 1,
        column: 1,
        variable: None,
        suggestion: None,
    };
    vec![
        issue(IssueCode::RootElement, 0, len),
        issue(IssueCode::UnknownVariable, len / 3, len / 2),
        issue(IssueCode::XmlSyntax, len, len),
        issue(IssueCode::TooLarge, len + 5, len + 9),
    ]
}

/// Every label set to `text`.
fn labels_all(text: &str) -> Labels {
    let t = || text.to_string();
    Labels {
        added: t(),
        removed: t(),
        modified: t(),
        moved: t(),
        unchanged: t(),
        accept: t(),
        reject: t(),
        words: t(),
        folded: t(),
        no_changes: t(),
        line_by_line: t(),
        whole_text: t(),
        text_diff: t(),
    }
}

/// The option sets the escaping test runs through for one payload and one after text.
fn option_sets(payload: &str, after: &str) -> Vec<RenderOptions> {
    let mut sets = Vec::new();
    for layout in [Layout::Inline, Layout::Split] {
        sets.push(options(layout));
        sets.push(RenderOptions {
            line_numbers: false,
            context: 0,
            ..options(layout)
        });
        sets.push(RenderOptions {
            actions: true,
            issues: hostile_issues(after, payload),
            labels: labels_all(payload),
            ..options(layout)
        });
    }
    sets
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
                for options in option_sets(payload, after) {
                    let layout = options.layout;
                    let hostile_words = options.actions;
                    let html = render_diff_html(&diff, &options);
                    let (tags, text) = scan(&html);
                    check_nesting(&tags);
                    // The payload's markup never appears raw…
                    for raw in [
                        "<script",
                        "<img",
                        "<b>",
                        "<style",
                        "<!--",
                        "' onmouseover",
                        "<button o",
                    ] {
                        if payload.contains(raw) {
                            assert!(!html.contains(raw), "raw {raw:?} in {html}");
                        }
                    }
                    // …but its text is shown (escaped) whenever the prompts differ; in one
                    // piece in the split layout, where each cell is one side's line.
                    if layout == Layout::Split && before != after {
                        let shown = [payload.to_string(), xml_escape(payload)];
                        assert!(
                            shown.iter().any(|p| text.contains(p.as_str())),
                            "payload text missing from {html}"
                        );
                    }
                    let dom = parse(&html);
                    // Line numbers are numbers.
                    for row in dom.all_named("tr") {
                        row.numbers();
                    }
                    // Paths round-trip through data-path, on sections and on buttons.
                    for s in &diff.sections {
                        let holders: Vec<&Node> = dom
                            .all_named("section")
                            .into_iter()
                            .chain(dom.all_named("details"))
                            .chain(dom.all_named("button"))
                            .filter(|n| n.attr("data-path") == Some(s.path.as_str()))
                            .collect();
                        let expected = if options.actions && s.change.is_changed() {
                            3
                        } else {
                            1
                        };
                        assert_eq!(holders.len(), expected, "data-path {:?}", s.path);
                    }
                    if hostile_words {
                        // Labels and issue messages arrive as text.
                        for message in dom.all("pa-diff-message") {
                            assert_eq!(message.text(), *payload);
                        }
                        for button in dom.all_named("button") {
                            assert_eq!(button.text(), *payload);
                        }
                        if before != after && !dom.all("pa-diff-message").is_empty() {
                            assert!(!dom.all_named("mark").is_empty());
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, PAYLOADS.len() * 6 * 4 * 6);
}

/// Whether a change is one that gets buttons.
trait Changed {
    fn is_changed(&self) -> bool;
}

impl Changed for prompt_assist::protocol::ChangeKind {
    fn is_changed(&self) -> bool {
        *self != prompt_assist::protocol::ChangeKind::Unchanged
    }
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
    // With actions, both buttons carry the same path.
    let html = render_diff_html(
        &diff,
        RenderOptions {
            actions: true,
            ..RenderOptions::default()
        },
    );
    let dom = parse(&html);
    let buttons: Vec<(Option<&str>, Option<&str>)> = dom
        .all_named("button")
        .iter()
        .map(|b| (b.attr("data-action"), b.attr("data-path")))
        .collect();
    let path = Some(diff.sections[0].path.as_str());
    assert_eq!(buttons, [(Some("accept"), path), (Some("reject"), path)]);
}

// ---- split rows line up ----

/// The split rows of one view as `before | after` texts, `.` for an empty side.
fn split_rows_of(view: &Node) -> Vec<String> {
    view.rows()
        .iter()
        .filter(|r| r.has_class("pa-diff-row"))
        .map(|r| {
            let (b, a) = r.sides();
            let side = |c: &Node| {
                if c.has_class("pa-diff-empty") {
                    ".".to_string()
                } else {
                    c.text()
                }
            };
            format!("{} | {}", side(b), side(a))
        })
        .collect()
}

#[test]
fn split_rows_pair_each_line_with_its_counterpart() {
    let never_fold = RenderOptions {
        context: usize::MAX,
        ..options(Layout::Split)
    };
    // (before section, after section, rows of the section's table).
    let cases: &[(&str, &str, &[&str])] = &[
        // One word changed: the line faces its counterpart.
        (
            "<notes>\n  one two three\n  four five six\n</notes>",
            "<notes>\n  one two three\n  four FIVE six\n</notes>",
            &[
                "<notes> | <notes>",
                "  one two three |   one two three",
                "  four five six |   four FIVE six",
                "</notes> | </notes>",
            ],
        ),
        // An added line faces an empty row; the lines after it face their own.
        (
            "<notes>\n  one two three\n  four five six\n</notes>",
            "<notes>\n  one two three\n  brand new line\n  four five six\n</notes>",
            &[
                "<notes> | <notes>",
                "  one two three |   one two three",
                ". |   brand new line",
                "  four five six |   four five six",
                "</notes> | </notes>",
            ],
        ),
        // A removed line faces an empty row.
        (
            "<notes>\n  one two three\n  gone for good\n  four five six\n</notes>",
            "<notes>\n  one two three\n  four five six\n</notes>",
            &[
                "<notes> | <notes>",
                "  one two three |   one two three",
                "  gone for good | .",
                "  four five six |   four five six",
                "</notes> | </notes>",
            ],
        ),
        // A line added before a changed one: the change still faces its counterpart.
        (
            "<notes>\n  alpha beta gamma\n</notes>",
            "<notes>\n  first of all\n  alpha BETA gamma\n</notes>",
            &[
                "<notes> | <notes>",
                ". |   first of all",
                "  alpha beta gamma |   alpha BETA gamma",
                "</notes> | </notes>",
            ],
        ),
        // Indentation changed: still the same line, changed.
        (
            "<notes>\n  alpha beta gamma\n</notes>",
            "<notes>\n    alpha beta gamma\n</notes>",
            &[
                "<notes> | <notes>",
                "  alpha beta gamma |     alpha beta gamma",
                "</notes> | </notes>",
            ],
        ),
        // One line split in two: the first part faces the line, the rest an empty row.
        (
            "<notes>alpha beta gamma delta</notes>",
            "<notes>alpha beta\ngamma delta</notes>",
            &[
                "<notes>alpha beta gamma delta</notes> | <notes>alpha beta",
                ". | gamma delta</notes>",
            ],
        ),
    ];
    for (before_section, after_section, expected) in cases {
        let before = format!("<prompt>\n<role>R</role>\n{before_section}\n</prompt>");
        let after = format!("<prompt>\n<role>R</role>\n{after_section}\n</prompt>");
        let diff = checked_diff(&before, &after);
        let dom = parse(&render_diff_html(&diff, &never_fold));
        let rows = split_rows_of(dom.section("/prompt/notes"));
        assert_eq!(rows, *expected, "{before_section:?} -> {after_section:?}");
        // The changed rows hold the change.
        let section = dom.section("/prompt/notes");
        for row in section.rows() {
            let (b, a) = row.sides();
            if b.text() == a.text() {
                assert!(row.has_class("pa-diff-row-unchanged"), "{}", b.text());
            }
        }
    }
}

/// A prompt of one `<notes>` section whose lines each start with a unique id word.
#[derive(Debug, Clone)]
struct Lines(Vec<String>);

impl Lines {
    fn prompt(&self) -> String {
        let body: String = self.0.iter().map(|l| format!("{l}\n")).collect();
        format!("<prompt>\n<role>R</role>\n<notes>\n{body}</notes>\n</prompt>\n")
    }
}

#[derive(Debug, Clone)]
enum LineEdit {
    Keep,
    /// Replace the word at this index (never the id) with `CHANGED{line}`.
    Change(usize),
    Delete,
    /// Insert a new line (id `new{n}`) before this one.
    InsertBefore,
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "tour", "lead", "price", "pets", "be", "brief", "ask", "a",
        ]),
        3..7,
    )
    .prop_map(|w| w.join(" "))
}

fn edited_lines() -> impl Strategy<Value = (Lines, Vec<LineEdit>)> {
    prop::collection::vec(
        (
            words(),
            prop_oneof![
                4 => Just(LineEdit::Keep),
                2 => (1usize..3).prop_map(LineEdit::Change),
                1 => Just(LineEdit::Delete),
                1 => Just(LineEdit::InsertBefore),
            ],
        ),
        1..25,
    )
    .prop_map(|rows| {
        let lines = rows
            .iter()
            .enumerate()
            // Words unique to each line, so the word diff cannot tie two different lines.
            .map(|(i, (w, _))| {
                let w: Vec<String> = w.split(' ').map(|w| format!("{w}{i}")).collect();
                format!("  line{i} {}", w.join(" "))
            })
            .collect();
        (Lines(lines), rows.into_iter().map(|(_, e)| e).collect())
    })
}

/// The edited lines, and for each after line where it came from: `Some(before index)` for a kept
/// or changed line, `None` for an inserted one.
fn apply(lines: &Lines, edits: &[LineEdit]) -> (Lines, Vec<(Option<usize>, bool)>) {
    let mut out = Vec::new();
    let mut origin = Vec::new();
    for (i, (line, edit)) in lines.0.iter().zip(edits).enumerate() {
        match edit {
            LineEdit::Keep => {
                out.push(line.clone());
                origin.push((Some(i), false));
            }
            LineEdit::Change(at) => {
                let mut w: Vec<&str> = line.trim_start().split(' ').collect();
                let at = (*at).min(w.len() - 1).max(1);
                let changed = format!("CHANGED{i}");
                w[at] = &changed;
                out.push(format!("  {}", w.join(" ")));
                origin.push((Some(i), true));
            }
            LineEdit::Delete => {}
            LineEdit::InsertBefore => {
                out.push(format!("  new{i} fresh words here"));
                origin.push((None, false));
                out.push(line.clone());
                origin.push((Some(i), false));
            }
        }
    }
    (Lines(out), origin)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Split: each side's lines appear once, in order; an inserted line faces an empty cell (or a
    /// deleted line it replaces); a kept or changed line faces the line it came from. Line
    /// numbers count each side's lines.
    #[test]
    fn split_rows_line_up((lines, edits) in edited_lines()) {
        let (edited, origin) = apply(&lines, &edits);
        let diff = checked_diff(&lines.prompt(), &edited.prompt());
        let html = render_diff_html(&diff, RenderOptions { context: usize::MAX, ..options(Layout::Split) });
        let dom = parse(&html);
        let Some(section) = dom
            .all("pa-diff-section")
            .into_iter()
            .find(|s| s.attr("data-path") == Some("/prompt/notes"))
        else {
            unreachable!("no notes section");
        };
        if section.has_class("pa-diff-unchanged") {
            prop_assert_eq!(&lines.0, &edited.0);
            return Ok(());
        }
        let rows: Vec<&Node> = section.rows().into_iter().filter(|r| r.has_class("pa-diff-row")).collect();
        let side_lines = |after: bool| -> Vec<String> {
            rows.iter()
                .map(|r| if after { r.sides().1 } else { r.sides().0 })
                .filter(|c| !c.has_class("pa-diff-empty"))
                .map(|c| c.text())
                .collect()
        };
        let inner = |l: &Lines| {
            let mut v = vec!["<notes>".to_string()];
            v.extend(l.0.iter().cloned());
            v.push("</notes>".to_string());
            v
        };
        prop_assert_eq!(side_lines(false), inner(&lines));
        prop_assert_eq!(side_lines(true), inner(&edited));
        // Rows are tied by the text the diff kept (outside `ins`/`del`): a line whose id the
        // diff kept faces the line it came from; a line the diff saw as all new faces an empty
        // cell or a line the diff saw as all gone (replaced lines face each other, as in a
        // code review). The word diff decides what is kept; the renderer must follow it.
        for (after_line, (from, _)) in edited.0.iter().zip(&origin) {
            let row = rows.iter().find(|r| r.sides().1.text() == *after_line).unwrap();
            let (before_cell, after_cell) = row.sides();
            let kept = after_cell.bare_text();
            match from {
                Some(i) if kept.contains(&format!("line{i} ")) => {
                    prop_assert_eq!(before_cell.text(), lines.0[*i].clone());
                }
                _ if kept.trim().is_empty() => prop_assert!(
                    before_cell.has_class("pa-diff-empty") || before_cell.bare_text().trim().is_empty(),
                    "{} faces {}", after_line, before_cell.text()
                ),
                _ => {}
            }
            if from.is_none() {
                // Words unique to the inserted line: the diff cannot have kept any.
                prop_assert!(kept.trim().is_empty(), "{after_line}");
            }
        }
        // Every line the diff kept whole faces itself, in an unchanged row.
        for row in &rows {
            let (b, a) = row.sides();
            if !b.has_class("pa-diff-empty") && b.text() == a.text() {
                prop_assert!(row.has_class("pa-diff-row-unchanged"), "{}", b.text());
            }
        }
        // The gutter: each side's numbers count up by one, once each.
        for side in [0, 1] {
            let numbers: Vec<u32> = rows.iter().filter_map(|r| r.numbers()[side]).collect();
            prop_assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{numbers:?}");
            prop_assert_eq!(numbers.len(), inner(if side == 0 { &lines } else { &edited }).len());
        }
    }

    /// Inline: each line number of each side appears once, in order, and reading the rows'
    /// text without deletions gives the after lines.
    #[test]
    fn inline_rows_number_every_line_once((lines, edits) in edited_lines()) {
        let (edited, _) = apply(&lines, &edits);
        let diff = checked_diff(&lines.prompt(), &edited.prompt());
        let dom = parse(&render_diff_html(&diff, RenderOptions { context: usize::MAX, ..options(Layout::Inline) }));
        if lines.0 == edited.0 {
            prop_assert!(dom.all("pa-diff-whole").is_empty());
            return Ok(());
        }
        let whole = dom.whole();
        let rows: Vec<&Node> = whole.rows().into_iter().filter(|r| r.has_class("pa-diff-row")).collect();
        for (side, text) in [(0, lines.prompt()), (1, edited.prompt())] {
            let numbers: Vec<u32> = rows.iter().filter_map(|r| r.numbers()[side]).collect();
            let expected: Vec<u32> = (1..=text.lines().count() as u32).collect();
            prop_assert_eq!(numbers, expected);
        }
    }
}

// ---- folding ----

fn twenty_lines(changed: Option<usize>) -> String {
    let lines: Vec<String> = (1..=20)
        .map(|i| {
            if Some(i) == changed {
                format!("  line {i} CHANGED here")
            } else {
                format!("  line {i} stays here")
            }
        })
        .collect();
    format!(
        "<prompt>\n<notes>\n{}\n</notes>\n</prompt>",
        lines.join("\n")
    )
}

/// (shown line rows, fold sizes) of a view.
fn folds(view: &Node) -> (usize, Vec<usize>) {
    let rows = view.rows();
    let shown = rows.iter().filter(|r| r.has_class("pa-diff-row")).count();
    let folded = rows
        .iter()
        .filter(|r| r.has_class("pa-diff-fold"))
        .map(|r| r.attr("data-lines").unwrap().parse().unwrap())
        .collect();
    (shown, folded)
}

#[test]
fn unchanged_lines_beyond_the_context_are_folded() {
    // The section has 22 lines (its tags included); line 11 of the section changed.
    let before = twenty_lines(None);
    let after = twenty_lines(Some(10));
    let diff = checked_diff(&before, &after);
    for layout in [Layout::Inline, Layout::Split] {
        for (context, expected) in [
            (0, (1, vec![10, 11])),
            (1, (3, vec![9, 10])),
            (3, (7, vec![7, 8])),
            // One row left on a side is shown, not folded.
            (9, (20, vec![2])),
            (10, (22, vec![])),
            (usize::MAX, (22, vec![])),
        ] {
            let html = render_diff_html(
                &diff,
                RenderOptions {
                    context,
                    ..options(layout)
                },
            );
            let dom = parse(&html);
            let section = dom.section("/prompt/notes");
            assert_eq!(folds(section), expected, "{layout:?}, context {context}");
            // The whole text folds too.
            let (shown, folded) = folds(dom.whole());
            assert_eq!(shown + folded.iter().sum::<usize>(), 24, "{layout:?}");
            // The fold says how many lines it hides.
            for fold in section.all("pa-diff-fold") {
                let n = fold.attr("data-lines").unwrap();
                assert_eq!(fold.text(), format!("{n} unchanged lines"));
            }
        }
    }
    // The default context is 3.
    let dom = parse(&render_diff_html(&diff, Layout::Inline));
    assert_eq!(folds(dom.section("/prompt/notes")), (7, vec![7, 8]));
}

#[test]
fn a_section_without_a_changed_line_is_shown_whole() {
    // `notes` (the smallest section, so the one reported as moved) moves without an edit.
    let notes = (1..=12)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let long = "Long enough to outweigh the notes section, which is short. ".repeat(3);
    let before = format!("<prompt><notes>{notes}</notes><a>{long}</a><b>{long}</b></prompt>");
    let after = format!("<prompt><a>{long}</a><b>{long}</b><notes>{notes}</notes></prompt>");
    let diff = checked_diff(&before, &after);
    assert_eq!(diff.stats.moved, 1);
    let dom = parse(&render_diff_html(
        &diff,
        RenderOptions {
            context: 0,
            ..RenderOptions::default()
        },
    ));
    assert_eq!(folds(dom.section("/prompt/notes")), (12, vec![]));
    assert_eq!(
        dom.section("/prompt/notes").attr("data-change"),
        Some("moved")
    );
}

// ---- line numbers ----

#[test]
fn line_numbers_can_be_turned_off() {
    let diff = checked_diff(&twenty_lines(None), &twenty_lines(Some(4)));
    for layout in [Layout::Inline, Layout::Split] {
        let with = parse(&render_diff_html(&diff, layout));
        let without = parse(&render_diff_html(
            &diff,
            RenderOptions {
                line_numbers: false,
                ..options(layout)
            },
        ));
        assert!(!with.all("pa-diff-num").is_empty());
        assert!(without.all("pa-diff-num").is_empty());
        // Every row of a table has as many cells as the others.
        for dom in [&with, &without] {
            for table in dom.all_named("table") {
                let counts: Vec<usize> = table.rows().iter().map(|r| r.cells().len()).collect();
                assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
            }
        }
    }
}

// ---- actions ----

#[test]
fn actions_give_each_changed_section_an_accept_and_a_reject_button() {
    let before = "<prompt><role>R</role><goal>Old.</goal><rule>a</rule><x>gone</x></prompt>";
    let after = "<prompt><role>R</role><goal>New.</goal><rule>a</rule><tone>Warm.</tone></prompt>";
    let diff = checked_diff(before, after);
    for layout in [Layout::Inline, Layout::Split] {
        let with = RenderOptions {
            actions: true,
            ..options(layout)
        };
        let dom = parse(&render_diff_html(&diff, &with));
        for s in &diff.sections {
            let node = dom.section(&s.path);
            let buttons: Vec<(Option<&str>, Option<&str>, String)> = node
                .all_named("button")
                .iter()
                .map(|b| (b.attr("data-action"), b.attr("data-path"), b.text()))
                .collect();
            if s.change.is_changed() {
                let p = Some(s.path.as_str());
                assert_eq!(
                    buttons,
                    [
                        (Some("accept"), p, "Accept".to_string()),
                        (Some("reject"), p, "Reject".to_string())
                    ]
                );
            } else {
                assert!(buttons.is_empty(), "{}", s.path);
            }
        }
        // Off by default.
        let dom = parse(&render_diff_html(&diff, layout));
        assert!(dom.all_named("button").is_empty());
    }
    // A text diff is taken or kept whole: one pair, for "*".
    let diff = checked_diff("<prompt><goal>a</goal></prompt>", "<prompt><goal>b");
    let dom = parse(&render_diff_html(
        &diff,
        RenderOptions {
            actions: true,
            ..RenderOptions::default()
        },
    ));
    let paths: Vec<Option<&str>> = dom
        .all_named("button")
        .iter()
        .map(|b| b.attr("data-path"))
        .collect();
    assert_eq!(paths, [Some("*"), Some("*")]);
}

// ---- issues ----

const CONTEXT: &str = r#"{"firstName": "Alex", "propertyName": "Maple Court"}"#;

fn draft_issues(after: &str) -> Vec<ValidationIssue> {
    let context: serde_json::Value = serde_json::from_str(CONTEXT).unwrap();
    validate_draft(after, Some(&context.clone().into())).issues
}

#[test]
fn issues_are_marked_on_the_after_side_with_their_message() {
    let before = "<prompt>\n<goal>Greet the lead.</goal>\n</prompt>";
    let after = "<prompt>\n<goal>Greet @frstName at 😀 @propertyNam.</goal>\n</prompt>";
    let diff = checked_diff(before, after);
    let issues = draft_issues(after);
    assert_eq!(issues.len(), 2);
    for layout in [Layout::Inline, Layout::Split] {
        let html = render_diff_html(
            &diff,
            RenderOptions {
                issues: issues.clone(),
                ..options(layout)
            },
        );
        let dom = parse(&html);
        let whole = dom.whole();
        let marks: Vec<String> = whole.all_named("mark").iter().map(|m| m.text()).collect();
        assert_eq!(marks, ["@frstName", "@propertyNam"], "{layout:?}");
        for mark in whole.all_named("mark") {
            assert!(mark.has_class("pa-diff-issue-error"));
        }
        // Marks only on the after side.
        if layout == Layout::Split {
            for row in whole.rows() {
                if row.has_class("pa-diff-row") {
                    assert!(row.sides().0.all_named("mark").is_empty());
                }
            }
        }
        // Each message follows the row that holds its issue, in order.
        let rows = whole.rows();
        let messages: Vec<(usize, String, Option<&str>)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.has_class("pa-diff-annotation"))
            .map(|(i, r)| (i, r.all("pa-diff-message")[0].text(), r.attr("data-code")))
            .collect();
        assert_eq!(
            messages.iter().map(|m| m.1.clone()).collect::<Vec<_>>(),
            issues.iter().map(|i| i.message.clone()).collect::<Vec<_>>()
        );
        for (i, _, code) in &messages {
            assert_eq!(*code, Some("unknown-variable"));
            let previous = rows[..*i]
                .iter()
                .rev()
                .find(|r| r.has_class("pa-diff-row"))
                .unwrap();
            assert!(!previous.all_named("mark").is_empty());
        }
    }
}

#[test]
fn overlapping_empty_and_out_of_range_issues_are_all_shown() {
    let before = "<prompt><goal>a</goal></prompt>";
    let after = "<prompt><goal>ab</goal></prompt>";
    let diff = checked_diff(before, after);
    let issues = hostile_issues(after, "Look here.");
    let dom = parse(&render_diff_html(
        &diff,
        RenderOptions {
            issues: issues.clone(),
            ..RenderOptions::default()
        },
    ));
    let messages = dom.whole().all("pa-diff-annotation");
    assert_eq!(messages.len(), issues.len());
    // The whole text is marked (by the issue over all of it), never in nested marks.
    let marked: String = dom
        .whole()
        .all_named("mark")
        .iter()
        .map(|m| {
            assert!(m.all_named("mark").is_empty());
            m.text()
        })
        .collect();
    assert_eq!(marked, after);
}

#[test]
fn an_issue_opens_the_view_that_shows_it() {
    let context: serde_json::Value = serde_json::from_str(CONTEXT).unwrap();
    // An unknown variable in an unchanged section: that section is shown open, marked.
    let before = "<prompt><role>Hi @frstName</role><goal>a</goal></prompt>";
    let after = "<prompt><role>Hi @frstName</role><goal>b</goal></prompt>";
    let diff = checked_diff(before, after);
    let issues = validate_draft(after, Some(&context.clone().into())).issues;
    let dom = parse(&render_diff_html(
        &diff,
        RenderOptions {
            issues: issues.clone(),
            ..RenderOptions::default()
        },
    ));
    let role = dom.section("/prompt/role");
    assert_eq!(role.name, "section");
    let marks: Vec<String> = role.all_named("mark").iter().map(|m| m.text()).collect();
    assert_eq!(marks, ["@frstName"]);
    assert_eq!(role.all("pa-diff-annotation").len(), 1);
    // Every issue is in a section: the whole text stays collapsed.
    assert_eq!(dom.whole().name, "details");
    // Without the issue, the unchanged section is collapsed.
    let dom = parse(&render_diff_html(&diff, Layout::Inline));
    assert_eq!(dom.section("/prompt/role").name, "details");

    // An issue outside every section (the root's start tag): the whole text opens.
    let before = "<prompt><goal>a</goal></prompt>";
    let after = "<prompt x=\"@frstName\"><goal>b</goal></prompt>";
    let diff = checked_diff(before, after);
    let issues = validate_draft(after, Some(&context.clone().into())).issues;
    assert_eq!(issues.len(), 1);
    let dom = parse(&render_diff_html(
        &diff,
        RenderOptions {
            issues,
            ..RenderOptions::default()
        },
    ));
    assert_eq!(dom.whole().name, "section");
    assert_eq!(dom.whole().all("pa-diff-annotation").len(), 1);
    assert!(dom
        .section("/prompt/goal")
        .all("pa-diff-annotation")
        .is_empty());
}

#[test]
fn section_line_numbers_are_the_prompts_own() {
    let before = "<prompt>\n  <role>R</role>\n  <notes>\n    one\r\n    two\n  </notes>\n</prompt>";
    let after = "<prompt>\n  <role>R</role>\n  <tone>😀\rwarm</tone>\n  <notes>\n    one\r\n    TWO\n  </notes>\n</prompt>";
    let diff = checked_diff(before, after);
    for layout in [Layout::Inline, Layout::Split] {
        let dom = parse(&render_diff_html(
            &diff,
            RenderOptions {
                context: usize::MAX,
                ..options(layout)
            },
        ));
        let numbers: Vec<Vec<Option<u32>>> = dom
            .section("/prompt/notes")
            .rows()
            .iter()
            .map(|r| r.numbers())
            .collect();
        assert_eq!(
            numbers,
            [
                vec![Some(3), Some(5)],
                vec![Some(4), Some(6)],
                vec![Some(5), Some(7)],
                vec![Some(6), Some(8)],
            ],
            "{layout:?}"
        );
        // The added section: after lines only, the lone `\r` a line break.
        let tone: Vec<Vec<Option<u32>>> = dom
            .section("/prompt/tone")
            .rows()
            .iter()
            .map(|r| r.numbers())
            .collect();
        assert_eq!(
            tone,
            [vec![None, Some(3)], vec![None, Some(4)]],
            "{layout:?}"
        );
    }
}

// ---- labels ----

#[test]
fn every_word_the_renderer_writes_is_a_label() {
    // Prompts with no ASCII letter (XML names may be CJK), and every label replaced by a
    // numbered circle: any ASCII letter left in the text would be a word the renderer wrote on
    // its own. Each label must also show up.
    let circled = [
        "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬",
    ];
    let labels = Labels {
        added: circled[0].into(),
        removed: circled[1].into(),
        modified: circled[2].into(),
        moved: circled[3].into(),
        unchanged: circled[4].into(),
        accept: circled[5].into(),
        reject: circled[6].into(),
        words: circled[7].into(),
        folded: circled[8].into(),
        no_changes: circled[9].into(),
        line_by_line: circled[10].into(),
        whole_text: circled[11].into(),
        text_diff: circled[12].into(),
    };
    let lines = |n: usize, changed: bool| {
        (1..=n)
            .map(|i| {
                if changed && i == n / 2 {
                    "改".to_string()
                } else {
                    format!("{i}行")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let before = format!(
        "<提示><角色>一</角色><目标>\n{}\n</目标><规则>二</规则><旧>三</旧><例>四</例></提示>",
        lines(12, false)
    );
    let after = format!(
        "<提示><角色>一</角色><例>四</例><目标>\n{}\n</目标><规则>二</规则><新>五</新></提示>",
        lines(12, true)
    );
    let structural = checked_diff(&before, &after);
    assert!(structural.structural);
    assert!(structural.stats.moved + structural.stats.added + structural.stats.removed >= 3);
    let mut line_granularity = structural.clone();
    line_granularity.granularity = Granularity::Line;
    let text_diff = checked_diff("<提示><目标>一</目标></提示>", "<提示><目标>二");
    let same = checked_diff(&before, &before);
    let issue = ValidationIssue {
        message: "问题。".into(),
        ..hostile_issues(&after, "")[1].clone()
    };
    let diffs: [&PromptDiff; 4] = [&structural, &line_granularity, &text_diff, &same];
    let mut seen = String::new();
    for diff in diffs {
        for layout in [Layout::Inline, Layout::Split] {
            let html = render_diff_html(
                diff,
                RenderOptions {
                    layout,
                    context: 1,
                    actions: true,
                    issues: vec![issue.clone()],
                    labels: labels.clone(),
                    line_numbers: true,
                },
            );
            let (_, text) = scan(&html);
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "a word that is not a label: {text}"
            );
            seen.push_str(&text);
        }
    }
    for label in circled {
        assert!(seen.contains(label), "label {label} never shown");
    }
}

// ---- linear time ----

#[test]
fn a_large_diff_with_many_issues_renders_in_one_pass() {
    // 60,000 lines, every tenth changed, an issue on every fifth: quadratic work here (a scan
    // of the issues per line or per section) would be billions of steps.
    let line = |i: usize, changed: bool| {
        if changed {
            format!("  <rule>Rule {i} CHANGED @x{i}</rule>")
        } else {
            format!("  <rule>Rule {i} stays @x{i}</rule>")
        }
    };
    let before: Vec<String> = (0..60_000).map(|i| line(i, false)).collect();
    let after: Vec<String> = (0..60_000).map(|i| line(i, i % 10 == 0)).collect();
    let before = format!("<prompt>\n{}\n</prompt>", before.join("\n"));
    let after = format!("<prompt>\n{}\n</prompt>", after.join("\n"));
    let diff = prompt_assist::diff::diff_prompts(&before, &after);
    let issues: Vec<ValidationIssue> = draft_issues(&after).into_iter().step_by(5).collect();
    assert!(issues.len() >= 10_000);
    for layout in [Layout::Inline, Layout::Split] {
        let html = render_diff_html(
            &diff,
            RenderOptions {
                issues: issues.clone(),
                ..options(layout)
            },
        );
        assert_eq!(
            html.matches("pa-diff-annotation").count(),
            issues.len() * 2,
            "every issue is annotated in its section and in the whole text"
        );
    }
}

// ---- snapshots ----

/// The HTML with a line break before each row, section and table, so a snapshot reads line by
/// line. Only breaks are added: removing them gives the output back.
fn pretty(html: &str) -> String {
    let mut out = html.to_string();
    for tag in ["<tr", "<section", "<details", "<table", "<p ", "</div>"] {
        out = out.replace(tag, &format!("\n{tag}"));
    }
    out
}

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
    insta::assert_snapshot!(pretty(&render_diff_html(&diff, Layout::Inline)));
}

#[test]
fn snapshot_structural_split() {
    let diff = checked_diff(BEFORE, AFTER);
    insta::assert_snapshot!(pretty(&render_diff_html(&diff, Layout::Split)));
}

#[test]
fn snapshot_added_and_removed() {
    let before = "<prompt><role>Assistant</role><goal>Old goal.</goal></prompt>";
    let after = "<prompt><role>Assistant</role><tone>Warm.</tone></prompt>";
    let diff = checked_diff(before, after);
    insta::assert_snapshot!(pretty(&render_diff_html(&diff, Layout::Inline)));
}

#[test]
fn snapshot_not_well_formed() {
    let before = "<prompt><goal>Convert leads.</goal></prompt>";
    let after = "<prompt><goal>Convert <b>leads</goal></prompt>";
    let diff = checked_diff(before, after);
    insta::assert_snapshot!(pretty(&render_diff_html(&diff, Layout::Inline)));
}

#[test]
fn snapshot_no_changes() {
    let p = "<prompt><goal>Tours.</goal></prompt>";
    let diff = checked_diff(p, p);
    insta::assert_snapshot!(pretty(&render_diff_html(&diff, Layout::Inline)));
}

/// A section of nine lines with a change in its middle.
fn folding_pair() -> PromptDiff {
    let lines = |changed: &str| {
        format!(
            "<prompt>\n<notes>\n  one\n  two\n  three\n  {changed}\n  five\n  six\n  seven\n</notes>\n</prompt>"
        )
    };
    checked_diff(&lines("four"), &lines("FOUR and more"))
}

#[test]
fn snapshot_folded_inline() {
    let html = render_diff_html(
        &folding_pair(),
        RenderOptions {
            context: 1,
            ..options(Layout::Inline)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_folded_split() {
    let html = render_diff_html(
        &folding_pair(),
        RenderOptions {
            context: 1,
            ..options(Layout::Split)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_split_without_line_numbers() {
    let before = "<prompt>\n<rule>\n  Be brief.\n  Be kind.\n</rule>\n</prompt>";
    let after = "<prompt>\n<rule>\n  Be brief.\n  Ask for the date.\n  Be kind, always.\n</rule>\n</prompt>";
    let html = render_diff_html(
        &checked_diff(before, after),
        RenderOptions {
            line_numbers: false,
            ..options(Layout::Split)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_actions() {
    let before = "<prompt><role>Assistant</role><goal>Old goal.</goal></prompt>";
    let after = "<prompt><role>Assistant</role><goal>New goal.</goal><tone>Warm.</tone></prompt>";
    let html = render_diff_html(
        &checked_diff(before, after),
        RenderOptions {
            actions: true,
            ..options(Layout::Inline)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_issues_inline() {
    let before = "<prompt>\n<goal>Greet the lead.</goal>\n</prompt>";
    let after = "<prompt>\n<goal>Greet {{firstName}} and @frstName.</goal>\n</prompt>";
    let html = render_diff_html(
        &checked_diff(before, after),
        RenderOptions {
            issues: draft_issues(after),
            ..options(Layout::Inline)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_issues_split() {
    let before = "<prompt>\n<goal>Greet the lead.</goal>\n</prompt>";
    let after = "<prompt>\n<goal>Greet {{firstName}} and @frstName.</goal>\n</prompt>";
    let html = render_diff_html(
        &checked_diff(before, after),
        RenderOptions {
            issues: draft_issues(after),
            ..options(Layout::Split)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}

#[test]
fn snapshot_labels() {
    let labels = Labels::from_value(
        &prompt_assist::json::parse(
            r#"{"added": "neu", "removed": "entfernt", "modified": "geändert", "moved": "verschoben",
            "unchanged": "unverändert", "accept": "Übernehmen", "reject": "Verwerfen",
            "words": "Wörter", "folded": "unveränderte Zeilen", "wholeText": "Ganzer Text"}"#,
        )
        .unwrap(),
    )
    .unwrap();
    let before = "<prompt><role>Assistant</role><goal>Old goal.</goal></prompt>";
    let after = "<prompt><role>Assistant</role><goal>New goal.</goal><tone>Warm.</tone></prompt>";
    let html = render_diff_html(
        &checked_diff(before, after),
        RenderOptions {
            actions: true,
            labels,
            ..options(Layout::Inline)
        },
    );
    insta::assert_snapshot!(pretty(&html));
}
