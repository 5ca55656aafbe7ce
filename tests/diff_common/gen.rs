//! Generators for prompt pairs: sections of words (with emoji, combining marks, CJK, entities
//! and `@variables`), separators with and without CRLF, and structured edits that turn one
//! prompt into another (insert, delete, replace a word; insert, delete, move a section).

#![allow(dead_code)] // each test binary uses a different subset

use proptest::prelude::*;

pub const THUMBS: &str = "\u{1F44D}\u{1F3FD}"; // thumbs up, medium skin tone
pub const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"; // ZWJ sequence

pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,8}".prop_map(String::from),
        1 => Just(THUMBS.to_string()),
        1 => Just(FAMILY.to_string()),
        1 => Just("cafe\u{301}".to_string()),
        1 => Just("&amp;".to_string()),
        1 => Just("@firstName".to_string()),
        1 => Just("提示".to_string()),
        1 => Just(",".to_string()),
    ]
}

pub fn space() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(" ".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\n  ".to_string()),
    ]
}

/// Section content: words and spaces.
pub fn content() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((word(), space()), 0..8)
}

#[derive(Debug, Clone)]
pub struct Section {
    pub tag: &'static str,
    pub name: Option<&'static str>,
    pub body: Vec<(String, String)>,
}

pub fn section() -> impl Strategy<Value = Section> {
    (
        prop::sample::select(vec!["role", "goal", "rule", "rule", "example"]),
        prop::option::weighted(0.2, prop::sample::select(vec!["a", "b", "c"])),
        content(),
    )
        .prop_map(|(tag, name, body)| Section { tag, name, body })
}

pub fn render(sections: &[Section], sep: &str) -> String {
    let mut s = String::from("<prompt>");
    for sec in sections {
        s.push_str(sep);
        match sec.name {
            Some(n) => s.push_str(&format!("<{} name=\"{n}\">", sec.tag)),
            None => s.push_str(&format!("<{}>", sec.tag)),
        }
        for (w, sp) in &sec.body {
            s.push_str(w);
            s.push_str(sp);
        }
        s.push_str(&format!("</{}>", sec.tag));
    }
    s.push_str(sep);
    s.push_str("</prompt>");
    s
}

#[derive(Debug, Clone)]
pub enum Edit {
    InsertWord(usize, usize, String),
    DeleteWord(usize, usize),
    ReplaceWord(usize, usize, String),
    InsertSection(usize, Section),
    DeleteSection(usize),
    MoveSection(usize, usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<usize>(), word()).prop_map(|(s, w, x)| Edit::InsertWord(s, w, x)),
        (any::<usize>(), any::<usize>()).prop_map(|(s, w)| Edit::DeleteWord(s, w)),
        (any::<usize>(), any::<usize>(), word()).prop_map(|(s, w, x)| Edit::ReplaceWord(s, w, x)),
        (any::<usize>(), section()).prop_map(|(i, s)| Edit::InsertSection(i, s)),
        any::<usize>().prop_map(Edit::DeleteSection),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::MoveSection(a, b)),
    ]
}

pub fn apply(sections: &mut Vec<Section>, edit: &Edit) {
    let n = sections.len();
    match edit {
        Edit::InsertSection(i, s) => sections.insert(i % (n + 1), s.clone()),
        _ if n == 0 => {}
        Edit::DeleteSection(i) => {
            sections.remove(i % n);
        }
        Edit::MoveSection(a, b) => {
            let s = sections.remove(a % n);
            sections.insert(b % n, s);
        }
        Edit::InsertWord(s, w, x) => {
            let body = &mut sections[s % n].body;
            let at = w % (body.len() + 1);
            body.insert(at, (x.clone(), " ".into()));
        }
        Edit::DeleteWord(s, w) | Edit::ReplaceWord(s, w, _) => {
            let body = &mut sections[s % n].body;
            if body.is_empty() {
                return;
            }
            let at = w % body.len();
            if let Edit::ReplaceWord(_, _, x) = edit {
                body[at].0 = x.clone();
            } else {
                body.remove(at);
            }
        }
    }
}

/// A byte-level edit of the raw text (on char boundaries), which may break well-formedness.
pub fn raw_edit(text: &str, at: usize, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + cut % 4).min(chars.len());
    let mut out: String = chars[..at].iter().collect();
    out.push_str(insert);
    out.extend(&chars[end..]);
    out
}

/// A pair of prompts, both well-formed or blank: random sections, then random structured
/// edits; separators with or without CRLF; now and then the after side laid out with other
/// whitespace, or one side blank.
pub fn prompt_pair() -> impl Strategy<Value = (String, String)> {
    (
        prop::collection::vec(section(), 0..7),
        prop::collection::vec(edit(), 0..6),
        any::<bool>(),
        0u8..8,
        prop::sample::select(vec![None, None, None, Some(""), Some("\n    ")]),
    )
        .prop_map(|(sections, edits, crlf, empty_side, reformat)| {
            let sep = if crlf { "\r\n  " } else { "" };
            let before = render(&sections, sep);
            let mut edited = sections.clone();
            for e in &edits {
                apply(&mut edited, e);
            }
            // Now and then the after side is laid out anew (other whitespace between sections).
            let after = render(&edited, reformat.unwrap_or(sep));
            match empty_side {
                0 => (String::new(), after),
                1 => (before, " \n".to_string()),
                _ => (before, after),
            }
        })
}
