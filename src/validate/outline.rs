//! The one XML parse of a prompt: well-formedness, limits, and the outline of its sections.
//!
//! Validation (`super::validate_draft`) turns an [`Outline`] into issues; the diff
//! (`crate::diff`) aligns the [`ElementSpan`]s of two outlines. A draft is parsed once and its
//! outline serves both. All offsets here are UTF-8 byte offsets into the parsed text.
//!
//! This is not a general XML parser: it checks XML 1.0 well-formedness for a document without a
//! DTD (matched tags, one root, the five predefined entities and character references, `]]>` not
//! in text, comment, PI, CDATA and XML declaration syntax; `tests/validate_wellformedness.rs` has
//! a row per production), refuses any DOCTYPE, applies the size and depth limits, and records
//! only the root and its children. quick-xml tokenises; this module keeps its own stack
//! of open tags (quick-xml alone accepts `</>` and unmatched end tags) and scans attributes itself
//! so that every value and every error has an exact source position.
//!
//! Start at [`outline`]. The parse stops at the first problem, as an XML processor stops at the
//! first fatal error: `problems` holds at most one entry.

use std::collections::HashSet;
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::protocol::IssueCode;

/// Over this many bytes of UTF-8 a prompt is `too-large` and is not parsed at all.
pub const MAX_PROMPT_BYTES: usize = 4 * 1024 * 1024;

/// Element nesting deeper than this is `too-deep`. The root counts as 1.
pub const MAX_DEPTH: usize = 64;

/// The attribute that identifies a section among same-tag siblings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionKey {
    Name(String),
    Id(String),
}

/// One element: the root, or a child of the root (a section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementSpan {
    pub tag: String,
    /// The element's whole source text, start tag to end tag inclusive.
    pub span: Range<usize>,
    /// The start tag alone (the whole tag for an empty element `<x/>`).
    pub start_tag: Range<usize>,
    /// Between the start and the end tag; empty for `<x/>`.
    pub content: Range<usize>,
    /// The `name` attribute, else the `id` attribute, when present (entities decoded).
    pub key: Option<SectionKey>,
    /// Whether the element has at least one child element.
    pub has_child_elements: bool,
    /// Whether character data other than whitespace (text, CDATA, an entity or character
    /// reference) appears directly in the element, not counting its child elements.
    pub has_text: bool,
}

/// A reason the text is not a usable XML prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlProblem {
    /// One of `XmlSyntax`, `DtdNotAllowed`, `TooDeep`, `TooLarge`, `EmptyPrompt`.
    pub code: IssueCode,
    pub message: String,
    pub span: Range<usize>,
}

/// The result of parsing a prompt once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Exactly one root, matched tags, known entities, no DOCTYPE, within the limits.
    pub well_formed: bool,
    /// The root element, when the parse got that far (its end tag was read).
    pub root: Option<ElementSpan>,
    /// The root's child elements, in order. Empty when not well-formed.
    pub sections: Vec<ElementSpan>,
    /// Why the text is not well-formed; empty when it is. At most one entry: the parse stops at
    /// the first problem.
    pub problems: Vec<XmlProblem>,
    /// Where `@references` can appear: text, CDATA and attribute values (not comments, PIs or
    /// tag names), in document order. When the text is not well-formed this is the whole text.
    ///
    /// The ranges cover raw source text, entities still escaped, so positions found in them are
    /// source positions. An `@` written as a character reference (`&#64;`) is therefore not the
    /// start of a reference.
    pub reference_regions: Vec<Range<usize>>,
}

/// Parses `xml` once. Never fails: problems are data.
pub fn outline(xml: &str) -> Outline {
    if xml.len() > MAX_PROMPT_BYTES {
        // Not parsed at all: the span starts at the first character past the limit.
        let start = floor_char_boundary(xml, MAX_PROMPT_BYTES);
        return unparsed(
            xml,
            XmlProblem {
                code: IssueCode::TooLarge,
                message: format!(
                    "the prompt is {} bytes of UTF-8, over the limit of {MAX_PROMPT_BYTES} (4 MiB)",
                    xml.len()
                ),
                span: start..xml.len(),
            },
        );
    }
    // A byte-order mark alone is no more a prompt than whitespace is.
    if xml
        .strip_prefix('\u{FEFF}')
        .unwrap_or(xml)
        .chars()
        .all(char::is_whitespace)
    {
        return unparsed(
            xml,
            XmlProblem {
                code: IssueCode::EmptyPrompt,
                message: "the prompt is empty".to_owned(),
                span: 0..xml.len(),
            },
        );
    }
    Parser::new(xml).run()
}

fn unparsed(xml: &str, problem: XmlProblem) -> Outline {
    Outline {
        well_formed: false,
        root: None,
        sections: Vec::new(),
        problems: vec![problem],
        reference_regions: whole(xml),
    }
}

/// The whole text as the one reference region.
fn whole(text: &str) -> Vec<Range<usize>> {
    std::iter::once(0..text.len()).collect()
}

/// The largest char boundary `<= at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The span of the one character at `at` (empty at the end of the text).
fn char_span(text: &str, at: usize) -> Range<usize> {
    let at = floor_char_boundary(text, at);
    let len = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    at..at + len
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_xml_space_str(s: &str) -> bool {
    s.bytes().all(is_xml_space)
}

/// A character the XML 1.0 `Char` production allows.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// The XML `Name` production.
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// The first character XML does not allow anywhere (controls other than tab, LF and CR;
/// U+FFFE and U+FFFF). One linear pass before the parse.
fn first_illegal_char(text: &str) -> Option<usize> {
    let control = text
        .bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
    let nonchar = memchr::memmem::find_iter(text.as_bytes(), b"\xEF\xBF")
        .find(|&i| matches!(text.as_bytes().get(i + 2), Some(0xBE | 0xBF)));
    match (control, nonchar) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where `]]>` starts in character data, if it occurs: XML 1.0 [14] `CharData` excludes it,
/// and quick-xml does not look for it.
fn cdata_end_in(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'>', bytes)
        .find(|&gt| gt >= 2 && bytes.get(gt - 2..gt) == Some(b"]]"))
        .map(|gt| gt - 2)
}

/// The pseudo-attributes of an XML declaration, in the order they must come.
const DECL_NAMES: [&str; 3] = ["version", "encoding", "standalone"];

/// Checks the text between `<?xml` and `?>`: `S version Eq VersionNum (S encoding Eq EncName)?
/// (S standalone Eq ('yes' | 'no'))? S?`, each value in single or double quotes. On a problem,
/// a message and the span (relative to `content`) to underline.
fn check_xml_decl(content: &str) -> Result<(), (String, Range<usize>)> {
    let bytes = content.as_bytes();
    let skip_space = |mut at: usize| {
        while bytes.get(at).copied().is_some_and(is_xml_space) {
            at += 1;
        }
        at
    };
    let mut next = 0; // index into DECL_NAMES of the first name still allowed
    let mut at = 0;
    loop {
        let space_start = at;
        at = skip_space(at);
        if at >= bytes.len() {
            if next == 0 {
                return Err((
                    "an XML declaration needs a version, such as `<?xml version=\"1.0\"?>`".into(),
                    0..content.len(),
                ));
            }
            return Ok(());
        }
        let name_start = at;
        while at < bytes.len()
            && !matches!(bytes.get(at), Some(b'=' | b' ' | b'\t' | b'\r' | b'\n'))
        {
            at += 1;
        }
        let name = content.get(name_start..at).unwrap_or_default();
        let name_span = name_start..at;
        if space_start == name_start {
            return Err((format!("expected whitespace before `{name}`"), name_span));
        }
        let Some(index) = DECL_NAMES.iter().position(|&n| n == name) else {
            return Err((
                format!("`{name}` is not allowed in an XML declaration (only `version`, `encoding` and `standalone`)"),
                name_span,
            ));
        };
        if next == 0 && index != 0 {
            return Err((
                "an XML declaration must start with `version`".into(),
                name_span,
            ));
        }
        if index < next {
            return Err((
                format!("`{name}` is repeated or out of order (the order is `version`, `encoding`, `standalone`)"),
                name_span,
            ));
        }
        next = index + 1;
        at = skip_space(at);
        if bytes.get(at) != Some(&b'=') {
            return Err((format!("expected `=` after `{name}`"), name_span));
        }
        at = skip_space(at + 1);
        let quote = match bytes.get(at) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err((format!("the value of `{name}` must be quoted"), name_span)),
        };
        let value_start = at + 1;
        let Some(len) = bytes
            .get(value_start..)
            .and_then(|rest| memchr::memchr(quote, rest))
        else {
            return Err((
                format!("the value of `{name}` is not closed"),
                name_start..content.len(),
            ));
        };
        let value = content
            .get(value_start..value_start + len)
            .unwrap_or_default();
        let valid = match index {
            0 => value.strip_prefix("1.").is_some_and(|minor| {
                !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())
            }),
            1 => {
                let mut b = value.bytes();
                b.next().is_some_and(|b| b.is_ascii_alphabetic())
                    && b.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => matches!(value, "yes" | "no"),
        };
        if !valid {
            let expected = match index {
                0 => "`1.0`",
                1 => "an encoding name such as `UTF-8`",
                _ => "`yes` or `no`",
            };
            return Err((
                format!("`{value}` is not a valid {name}; expected {expected}"),
                value_start..value_start + len,
            ));
        }
        at = value_start + len + 1;
    }
}

/// Whether `name` (between `&` and `;`) is one of the five predefined entities or a character
/// reference to a character XML allows.
fn is_known_entity(name: &str) -> bool {
    if matches!(name, "lt" | "gt" | "amp" | "apos" | "quot") {
        return true;
    }
    decode_char_ref(name).is_some_and(is_xml_char)
}

/// `#123` or `#x7B` to its character.
fn decode_char_ref(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()?
    } else {
        let dec = name.strip_prefix('#')?;
        if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        dec.parse::<u32>().ok()?
    };
    char::from_u32(code)
}

/// Decodes the predefined entities and character references of an attribute value that has
/// already been checked. Anything unexpected is kept as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let Some(semi) = after.find(';') else {
            out.push_str(rest.get(amp..).unwrap_or_default());
            return out;
        };
        let name = after.get(..semi).unwrap_or_default();
        let decoded = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => decode_char_ref(name),
        };
        match decoded {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        }
        rest = after.get(semi + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// An element whose start tag has been read and whose end tag has not.
#[derive(Debug)]
struct Open {
    /// The tag name in the source.
    name: Range<usize>,
    start_tag: Range<usize>,
    key: Option<SectionKey>,
    has_child_elements: bool,
    has_text: bool,
}

/// What reading one event decided.
type Step = Result<(), XmlProblem>;

struct Parser<'a> {
    src: &'a str,
    /// Where the parsed body starts: 3 after a UTF-8 BOM, else 0.
    base: usize,
    reader: Reader<&'a [u8]>,
    stack: Vec<Open>,
    root: Option<ElementSpan>,
    sections: Vec<ElementSpan>,
    regions: Vec<Range<usize>>,
    illegal_char: Option<usize>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        // quick-xml drops one leading byte-order mark itself and counts its positions from
        // after it. Handing it the whole text (not the text after our own BOM check) keeps a
        // second U+FEFF in the text, where it is text before the root like any other.
        let base = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
        let mut reader = Reader::from_str(src);
        let config = reader.config_mut();
        // Tag matching is ours (see the module docs); comments are checked for `--`.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Parser {
            src,
            base,
            reader,
            stack: Vec::new(),
            root: None,
            sections: Vec::new(),
            regions: Vec::new(),
            illegal_char: first_illegal_char(src),
        }
    }

    fn position(&self, raw: u64) -> usize {
        usize::try_from(raw)
            .unwrap_or(usize::MAX)
            .saturating_add(self.base)
            .min(self.src.len())
    }

    fn slice(&self, range: Range<usize>) -> &'a str {
        self.src.get(range).unwrap_or_default()
    }

    fn syntax(&self, message: impl Into<String>, span: Range<usize>) -> XmlProblem {
        XmlProblem {
            code: IssueCode::XmlSyntax,
            message: message.into(),
            span,
        }
    }

    fn run(mut self) -> Outline {
        let problem = loop {
            let before = self.position(self.reader.buffer_position());
            let event = self.reader.read_event();
            let after = self.position(self.reader.buffer_position());
            let event = match event {
                Ok(event) => event,
                Err(error) => break Some(self.reader_error(&error, before)),
            };
            if let Some(at) = self.illegal_char.filter(|&at| at < after) {
                let span = char_span(self.src, at);
                let code = self.slice(span.clone()).chars().next().map_or(0, u32::from);
                break Some(self.syntax(
                    format!("the character U+{code:04X} is not allowed in XML"),
                    span,
                ));
            }
            let step = match event {
                Event::Eof => break self.eof(),
                Event::Start(_) => self.start_tag(before..after, false),
                Event::Empty(_) => self.start_tag(before..after, true),
                Event::End(_) => self.end_tag(before..after),
                Event::Text(_) => self.text(before..after),
                Event::CData(_) => self.cdata(before..after),
                Event::GeneralRef(_) => self.general_ref(before..after),
                Event::Decl(_) => {
                    if before != self.base {
                        Err(self.syntax(
                            "an XML declaration `<?xml …?>` is only allowed at the very start",
                            before..after,
                        ))
                    } else {
                        self.xml_decl(before..after)
                    }
                }
                Event::PI(pi) => self.processing_instruction(before..after, pi.target()),
                Event::Comment(_) => Ok(()),
                Event::DocType(_) => Err(doctype_problem(before..after)),
            };
            if let Err(problem) = step {
                break Some(problem);
            }
        };
        match problem {
            None => Outline {
                well_formed: true,
                root: self.root,
                sections: self.sections,
                problems: Vec::new(),
                reference_regions: self.regions,
            },
            Some(problem) => Outline {
                well_formed: false,
                root: self.root,
                sections: Vec::new(),
                problems: vec![problem],
                reference_regions: whole(self.src),
            },
        }
    }

    fn reader_error(&self, error: &quick_xml::Error, before: usize) -> XmlProblem {
        // `error_position` is where the failing markup starts; it is stale (0) for errors that
        // do not set it, hence the `max`.
        let at = self.position(self.reader.error_position()).max(before);
        // Any `<!DOCTYPE`, even a broken one, is refused as such. quick-xml points some
        // DOCTYPE errors past the `<`, so look where the failing markup began too.
        for start in [before, at] {
            let head = self.src.as_bytes().get(start..start + 9);
            if head.is_some_and(|head| head.eq_ignore_ascii_case(b"<!DOCTYPE")) {
                let end = self.position(self.reader.buffer_position()).max(start);
                return doctype_problem(start..end);
            }
        }
        self.syntax(error_message(error), char_span(self.src, at))
    }

    fn eof(&self) -> Option<XmlProblem> {
        if let Some(open) = self.stack.last() {
            let name = self.slice(open.name.clone());
            return Some(self.syntax(
                format!("`<{name}>` is not closed before the end of the prompt"),
                open.start_tag.clone(),
            ));
        }
        if self.root.is_none() {
            return Some(self.syntax(
                "no root element: a prompt is one element such as `<prompt>…</prompt>`",
                0..self.src.len(),
            ));
        }
        None
    }

    fn start_tag(&mut self, tag: Range<usize>, empty: bool) -> Step {
        // `<` name attributes (`/`)? `>`
        let inner_end = tag.end.saturating_sub(if empty { 2 } else { 1 });
        let inner = self.slice(tag.start + 1..inner_end);
        let name_len = inner.bytes().position(is_xml_space).unwrap_or(inner.len());
        let name = tag.start + 1..tag.start + 1 + name_len;
        let name_text = self.slice(name.clone());
        if name_text.is_empty() {
            return Err(self.syntax("a start tag without an element name", tag.clone()));
        }
        if !is_xml_name(name_text) {
            return Err(self.syntax(
                format!("`{name_text}` is not a valid element name"),
                tag.clone(),
            ));
        }
        if self.stack.is_empty() {
            if let Some(root) = &self.root {
                return Err(self.syntax(
                    format!(
                        "only one root element is allowed: `<{name_text}>` follows the root `<{}>`",
                        root.tag
                    ),
                    tag.clone(),
                ));
            }
        }
        let depth = self.stack.len() + 1;
        if depth > MAX_DEPTH {
            return Err(XmlProblem {
                code: IssueCode::TooDeep,
                message: format!(
                    "`<{name_text}>` is nested {depth} deep; the limit is {MAX_DEPTH} (the root counts as 1)"
                ),
                span: tag,
            });
        }
        let attributes = self.attributes(name.end..inner_end)?;
        let key = if depth <= 2 { attributes.key } else { None };
        if let Some(parent) = self.stack.last_mut() {
            parent.has_child_elements = true;
        }
        let open = Open {
            name,
            start_tag: tag.clone(),
            key,
            has_child_elements: false,
            has_text: false,
        };
        if empty {
            self.close(open, tag.end..tag.end, tag.end);
        } else {
            self.stack.push(open);
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: Range<usize>) -> Step {
        // `</` name S? `>`
        let inner = self.slice(tag.start + 2..tag.end.saturating_sub(1));
        let name = inner.trim_end_matches([' ', '\t', '\r', '\n']);
        let Some(open) = self.stack.pop() else {
            let message = match &self.root {
                Some(root) => format!(
                    "`</{name}>` has no matching start tag (the root `<{}>` is already closed)",
                    root.tag
                ),
                None => format!("`</{name}>` has no matching start tag"),
            };
            return Err(self.syntax(message, tag));
        };
        let expected = self.slice(open.name.clone());
        if name != expected {
            return Err(self.syntax(
                format!("expected `</{expected}>` but found `</{name}>`"),
                tag,
            ));
        }
        let content = open.start_tag.end..tag.start;
        self.close(open, content, tag.end);
        Ok(())
    }

    /// Records a finished element when it is the root or a section.
    fn close(&mut self, open: Open, content: Range<usize>, end: usize) {
        let depth = self.stack.len() + 1;
        if depth > 2 {
            return;
        }
        let element = ElementSpan {
            tag: self.slice(open.name.clone()).to_owned(),
            span: open.start_tag.start..end,
            start_tag: open.start_tag,
            content,
            key: open.key,
            has_child_elements: open.has_child_elements,
            has_text: open.has_text,
        };
        if depth == 1 {
            self.root = Some(element);
        } else {
            self.sections.push(element);
        }
    }

    fn mark_text(&mut self) {
        if let Some(parent) = self.stack.last_mut() {
            parent.has_text = true;
        }
    }

    fn text(&mut self, range: Range<usize>) -> Step {
        let text = self.slice(range.clone());
        if self.stack.is_empty() {
            if is_xml_space_str(text) {
                return Ok(());
            }
            let trimmed_start = range.start + (text.len() - text.trim_start().len());
            let trimmed_end = range.end - (text.len() - text.trim_end().len());
            let message = if self.root.is_some() {
                "text after the root element"
            } else {
                "text before the root element"
            };
            return Err(self.syntax(message, trimmed_start..trimmed_end.max(trimmed_start)));
        }
        if let Some(at) = cdata_end_in(text) {
            let at = range.start + at;
            return Err(self.syntax("`]]>` is not allowed in text (write `]]&gt;`)", at..at + 3));
        }
        if !is_xml_space_str(text) {
            self.mark_text();
        }
        self.regions.push(range);
        Ok(())
    }

    /// `<?` PITarget (S …)? `?>` (XML 1.0 [16]-[17]). quick-xml splits the target at the first
    /// whitespace but does not check that it is a `Name`: `<? x?>`, `<??>` and `<?a"b"?>` would
    /// pass.
    fn processing_instruction(&self, range: Range<usize>, target: &str) -> Step {
        let name = range.start + 2..range.start + 2 + target.len();
        if !is_xml_name(target) {
            let span = if target.is_empty() { range } else { name };
            return Err(self.syntax(
                format!("`{target}` is not a valid processing instruction target"),
                span,
            ));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.syntax("the processing instruction target `xml` is reserved", range));
        }
        Ok(())
    }

    /// The XML declaration's pseudo-attributes (XML 1.0 [23]-[26], [32], [80]-[81]). quick-xml's
    /// `BytesDecl` only checks that `version` comes first: it accepts `version='2.0'`, attributes
    /// without whitespace between them, unknown or repeated pseudo-attributes, any order after
    /// `version`, and any encoding or standalone value.
    fn xml_decl(&self, range: Range<usize>) -> Step {
        // `<?xml` … `?>`
        let content = range.start + 5..range.end.saturating_sub(2).max(range.start + 5);
        check_xml_decl(self.slice(content.clone())).map_err(|(message, at)| {
            self.syntax(message, content.start + at.start..content.start + at.end)
        })
    }

    fn cdata(&mut self, range: Range<usize>) -> Step {
        if self.stack.is_empty() {
            return Err(self.syntax("a CDATA section outside the root element", range));
        }
        // `<![CDATA[` … `]]>`
        let content = range.start + 9..range.end.saturating_sub(3).max(range.start + 9);
        if !is_xml_space_str(self.slice(content.clone())) {
            self.mark_text();
        }
        self.regions.push(content);
        Ok(())
    }

    fn general_ref(&mut self, range: Range<usize>) -> Step {
        let raw = self.slice(range.clone());
        let name = raw
            .strip_prefix('&')
            .and_then(|r| r.strip_suffix(';'))
            .unwrap_or(raw);
        if !is_known_entity(name) {
            return Err(unknown_entity(raw, range));
        }
        if self.stack.is_empty() {
            return Err(self.syntax(format!("`{raw}` outside the root element"), range));
        }
        self.mark_text();
        Ok(())
    }

    /// Scans the attributes of a start tag (`range` runs from the end of the name to `>` or
    /// `/>`): XML syntax, unique names, values without `<` and with known entities only. Value
    /// ranges become reference regions.
    fn attributes(&mut self, range: Range<usize>) -> Result<Attributes, XmlProblem> {
        let bytes = self.src.as_bytes();
        let mut at = range.start;
        let mut found = Attributes::default();
        // Duplicate names: a short list scanned in place (no allocation for most tags), a set
        // once a tag has many attributes, so a huge tag stays linear.
        let mut names: Vec<&str> = Vec::new();
        let mut many: Option<HashSet<&str>> = None;
        loop {
            let space_start = at;
            while at < range.end && bytes.get(at).copied().is_some_and(is_xml_space) {
                at += 1;
            }
            if at >= range.end {
                return Ok(found);
            }
            let name_start = at;
            while at < range.end
                && !matches!(bytes.get(at), Some(b'=' | b' ' | b'\t' | b'\r' | b'\n'))
            {
                at += 1;
            }
            let name = self.slice(name_start..at);
            if space_start == name_start {
                return Err(self.syntax(
                    format!("expected whitespace before the attribute `{name}`"),
                    name_start..at,
                ));
            }
            if !is_xml_name(name) {
                return Err(self.syntax(
                    format!("`{name}` is not a valid attribute name"),
                    name_start..at.max(name_start + 1).min(range.end),
                ));
            }
            while at < range.end && bytes.get(at).copied().is_some_and(is_xml_space) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') || at >= range.end {
                return Err(self.syntax(
                    format!("expected `=` after the attribute `{name}`"),
                    name_start..at.max(name_start + 1).min(range.end.max(name_start)),
                ));
            }
            at += 1;
            while at < range.end && bytes.get(at).copied().is_some_and(is_xml_space) {
                at += 1;
            }
            let quote = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) if at < range.end => q,
                _ => {
                    return Err(self.syntax(
                        format!("the value of the attribute `{name}` must be quoted"),
                        name_start..at.min(range.end),
                    ))
                }
            };
            let value_start = at + 1;
            let value_end = match memchr::memchr(
                quote,
                bytes.get(value_start..range.end).unwrap_or_default(),
            ) {
                Some(len) => value_start + len,
                None => {
                    return Err(self.syntax(
                        format!("the value of the attribute `{name}` is not closed"),
                        name_start..range.end,
                    ))
                }
            };
            self.check_value(value_start..value_end)?;
            let duplicate = match &mut many {
                Some(set) => !set.insert(name),
                None => {
                    let duplicate = names.contains(&name);
                    names.push(name);
                    if names.len() > 16 {
                        many = Some(names.iter().copied().collect());
                    }
                    duplicate
                }
            };
            if duplicate {
                return Err(self.syntax(
                    format!("the attribute `{name}` appears twice"),
                    name_start..value_end + 1,
                ));
            }
            let value = self.slice(value_start..value_end);
            match name {
                "name" => found.key = Some(SectionKey::Name(unescape(value))),
                "id" if !matches!(found.key, Some(SectionKey::Name(_))) => {
                    found.key = Some(SectionKey::Id(unescape(value)));
                }
                _ => {}
            }
            self.regions.push(value_start..value_end);
            at = value_end + 1;
        }
    }

    /// An attribute value: no `<`, and every `&` starts a known entity ending in `;`.
    fn check_value(&self, range: Range<usize>) -> Step {
        let value = self.slice(range.clone());
        if let Some(lt) = value.find('<') {
            return Err(self.syntax(
                "`<` is not allowed in an attribute value (write `&lt;`)",
                range.start + lt..range.start + lt + 1,
            ));
        }
        let mut offset = 0;
        while let Some(amp) = value.get(offset..).and_then(|rest| rest.find('&')) {
            let amp = offset + amp;
            let after = value.get(amp + 1..).unwrap_or_default();
            let Some(semi) = after.find(';') else {
                return Err(self.syntax(
                    "`&` must start an entity such as `&amp;`",
                    range.start + amp..range.start + amp + 1,
                ));
            };
            let raw = value.get(amp..amp + semi + 2).unwrap_or_default();
            let name = after.get(..semi).unwrap_or_default();
            if !is_known_entity(name) {
                let start = range.start + amp;
                return Err(unknown_entity(raw, start..start + raw.len()));
            }
            offset = amp + semi + 2;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Attributes {
    key: Option<SectionKey>,
}

/// quick-xml's own words, without its `ill-formed document:` style prefixes.
fn error_message(error: &quick_xml::Error) -> String {
    match error {
        quick_xml::Error::Syntax(e) => e.to_string(),
        quick_xml::Error::IllFormed(e) => e.to_string(),
        other => other.to_string(),
    }
}

fn doctype_problem(span: Range<usize>) -> XmlProblem {
    XmlProblem {
        code: IssueCode::DtdNotAllowed,
        message: "`<!DOCTYPE>` is not allowed in a prompt; it is never read or expanded".to_owned(),
        span,
    }
}

fn unknown_entity(raw: &str, span: Range<usize>) -> XmlProblem {
    XmlProblem {
        code: IssueCode::XmlSyntax,
        message: format!(
            "unknown entity `{raw}`: only `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` and character references are allowed"
        ),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(xml: &str) -> XmlProblem {
        let o = outline(xml);
        assert!(!o.well_formed, "{xml:?} should not be well-formed");
        assert!(o.sections.is_empty());
        assert_eq!(o.reference_regions, vec![0..xml.len()]);
        assert_eq!(o.problems.len(), 1, "{:?}", o.problems);
        o.problems[0].clone()
    }

    fn at<'a>(xml: &'a str, span: &Range<usize>) -> &'a str {
        &xml[span.clone()]
    }

    #[test]
    fn sections_and_spans() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c --><prompt a='1'>\n  <role>Leasing</role>\n  <goal name=\"main\"><b/>x</goal>\n  <rule/>\n</prompt>\n";
        let o = outline(xml);
        assert!(o.well_formed, "{:?}", o.problems);
        let root = o.root.as_ref().unwrap();
        assert_eq!(root.tag, "prompt");
        assert_eq!(at(xml, &root.start_tag), "<prompt a='1'>");
        assert!(
            at(xml, &root.span).starts_with("<prompt")
                && at(xml, &root.span).ends_with("</prompt>")
        );
        assert!(root.has_child_elements);
        assert!(!root.has_text);
        let tags: Vec<_> = o.sections.iter().map(|s| s.tag.as_str()).collect();
        assert_eq!(tags, ["role", "goal", "rule"]);
        let role = &o.sections[0];
        assert_eq!(at(xml, &role.span), "<role>Leasing</role>");
        assert_eq!(at(xml, &role.start_tag), "<role>");
        assert_eq!(at(xml, &role.content), "Leasing");
        assert!(role.has_text && !role.has_child_elements && role.key.is_none());
        let goal = &o.sections[1];
        assert_eq!(goal.key, Some(SectionKey::Name("main".into())));
        assert_eq!(at(xml, &goal.content), "<b/>x");
        assert!(goal.has_child_elements && goal.has_text);
        let rule = &o.sections[2];
        assert_eq!(at(xml, &rule.span), "<rule/>");
        assert_eq!(at(xml, &rule.start_tag), "<rule/>");
        assert!(rule.content.is_empty() && rule.content.start == rule.span.end);
    }

    #[test]
    fn keys_prefer_name_and_decode_entities() {
        let xml = r#"<p><a id="x" name="n&amp;m"/><b id='i&#65;'/><c name=""/></p>"#;
        let o = outline(xml);
        let keys: Vec<_> = o.sections.iter().map(|s| s.key.clone()).collect();
        assert_eq!(
            keys,
            [
                Some(SectionKey::Name("n&m".into())),
                Some(SectionKey::Id("iA".into())),
                Some(SectionKey::Name(String::new())),
            ]
        );
    }

    #[test]
    fn reference_regions_cover_text_cdata_and_attribute_values_only() {
        let xml = r#"<p k="@a"><!-- @b --><?pi @c?><x>@d&amp;@e</x><![CDATA[@f]]></p>"#;
        let o = outline(xml);
        assert!(o.well_formed, "{:?}", o.problems);
        let texts: Vec<_> = o.reference_regions.iter().map(|r| at(xml, r)).collect();
        assert_eq!(texts, ["@a", "@d", "@e", "@f"]);
    }

    #[test]
    fn mismatched_and_unmatched_end_tags() {
        let xml = "<prompt><goal>x</prompt>";
        let p = problem(xml);
        assert_eq!(p.code, IssueCode::XmlSyntax);
        assert_eq!(at(xml, &p.span), "</prompt>");
        assert!(p.message.contains("`</goal>`"), "{}", p.message);

        let xml = "<prompt></>";
        assert_eq!(at(xml, &problem(xml).span), "</>");
        let xml = "<prompt></prompt></extra>";
        assert_eq!(at(xml, &problem(xml).span), "</extra>");
        let xml = "</prompt>";
        assert_eq!(at(xml, &problem(xml).span), "</prompt>");
    }

    #[test]
    fn unclosed_and_truncated() {
        let xml = "<prompt>\n<goal>x</goal>";
        let p = problem(xml);
        assert_eq!(at(xml, &p.span), "<prompt>");
        let xml = "<prompt><goal";
        let p = problem(xml);
        assert_eq!(p.span.start, 8, "{p:?}");
    }

    #[test]
    fn one_root_and_nothing_else_around_it() {
        for (xml, bad) in [
            ("<a/><b/>", "<b/>"),
            ("hello <a/>", "hello"),
            ("<a/> bye ", "bye"),
            ("<a/>&amp;", "&amp;"),
            ("<a/><![CDATA[x]]>", "<![CDATA[x]]>"),
            (" <?xml version='1.0'?><a/>", "<?xml version='1.0'?>"),
            ("<!-- only a comment -->", "<!-- only a comment -->"),
        ] {
            let p = problem(xml);
            assert_eq!(p.code, IssueCode::XmlSyntax, "{xml}");
            assert_eq!(at(xml, &p.span), bad, "{xml}");
        }
        for ok in [
            "<?xml version='1.0'?>\n<!-- c -->\n<?pi x?><a/>\n<!-- d -->\n",
            "\u{FEFF}<a/>",
            "<a/>",
        ] {
            assert!(outline(ok).well_formed, "{ok}: {:?}", outline(ok).problems);
        }
    }

    #[test]
    fn entities() {
        assert!(outline("<a x='&lt;&#x1F600;'>&amp;&#64;&quot;&apos;&gt;</a>").well_formed);
        for (xml, bad) in [
            ("<a>&nbsp;</a>", "&nbsp;"),
            ("<a>&#0;</a>", "&#0;"),
            ("<a>&#xD800;</a>", "&#xD800;"),
            ("<a>&#x110000;</a>", "&#x110000;"),
            ("<a x='&foo;'/>", "&foo;"),
            ("<a x='a & b'/>", "&"),
            ("<a x='a<b'/>", "<"),
        ] {
            let p = problem(xml);
            assert_eq!(p.code, IssueCode::XmlSyntax, "{xml}");
            assert_eq!(at(xml, &p.span), bad, "{xml}");
        }
        assert_eq!(problem("<a>a & b</a>").code, IssueCode::XmlSyntax);
    }

    #[test]
    fn bad_names_and_attributes() {
        for xml in [
            "<>x</>",
            "<1a/>",
            "<a b/>",
            "<a b=c/>",
            "<a b='1'c='2'/>",
            "<a b='1' b='2'/>",
            "<a a0='' a1='' a2='' a3='' a4='' a5='' a6='' a7='' a8='' a9='' b0='' b1='' b2='' b3='' b4='' b5='' b6='' b7='' a3=''/>",
            "<a b='1/>",
            "<a><!-- x -- y --></a>",
            "<a>\u{1}</a>",
            "<a>\u{FFFF}</a>",
            "<?xml?><a/>",
            "<a><?XML x?></a>",
        ] {
            assert_eq!(problem(xml).code, IssueCode::XmlSyntax, "{xml}");
        }
        let many: Vec<_> = (0..40).map(|i| format!("x{i}=''")).collect();
        let xml = format!("<a {}/>", many.join(" "));
        assert!(outline(&xml).well_formed);
    }

    #[test]
    fn doctype_is_never_expanded() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"#;
        let p = problem(xml);
        assert_eq!(p.code, IssueCode::DtdNotAllowed);
        assert!(at(xml, &p.span).starts_with("<!DOCTYPE lolz ["));
        assert_eq!(
            problem("<!doctype html><a/>").code,
            IssueCode::DtdNotAllowed
        );
        assert_eq!(
            problem("<a><!DOCTYPE a></a>").code,
            IssueCode::DtdNotAllowed
        );
        assert_eq!(problem("<!DOCTYPE a [").code, IssueCode::DtdNotAllowed);
        let xml = "<!DOCTYPE><a/>";
        let p = problem(xml);
        assert_eq!(p.code, IssueCode::DtdNotAllowed);
        assert_eq!(at(xml, &p.span), "<!DOCTYPE>");
    }

    #[test]
    fn depth_limit() {
        let nest = |n: usize| "<a>".repeat(n) + &"</a>".repeat(n);
        assert!(outline(&nest(MAX_DEPTH)).well_formed);
        let xml = nest(MAX_DEPTH + 1);
        let p = problem(&xml);
        assert_eq!(p.code, IssueCode::TooDeep);
        assert_eq!(p.span, MAX_DEPTH * 3..MAX_DEPTH * 3 + 3);
        let empty_at_65 = "<a>".repeat(MAX_DEPTH) + "<b/>" + &"</a>".repeat(MAX_DEPTH);
        assert_eq!(problem(&empty_at_65).code, IssueCode::TooDeep);
        let deep = nest(100_000);
        assert_eq!(problem(&deep).code, IssueCode::TooDeep);
    }

    #[test]
    fn size_limit_and_empty() {
        let fill = |n: usize| format!("<p>{}</p>", "x".repeat(n - 7));
        assert!(outline(&fill(MAX_PROMPT_BYTES)).well_formed);
        let p = problem(&fill(MAX_PROMPT_BYTES + 1));
        assert_eq!(p.code, IssueCode::TooLarge);
        assert_eq!(p.span, MAX_PROMPT_BYTES..MAX_PROMPT_BYTES + 1);
        for empty in ["", "  \n\t", "\u{3000}", "\u{FEFF}", "\u{FEFF} \n"] {
            let p = problem(empty);
            assert_eq!(p.code, IssueCode::EmptyPrompt);
            assert_eq!(p.span, 0..empty.len());
        }
    }

    #[test]
    fn root_kept_when_junk_follows() {
        let o = outline("<prompt><a/></prompt><b/>");
        assert!(!o.well_formed);
        assert_eq!(o.root.map(|r| r.tag), Some("prompt".to_owned()));
        assert!(o.sections.is_empty());
    }

    #[test]
    fn helpers() {
        assert_eq!(first_illegal_char("ab\u{FFFE}c\u{1}"), Some(2));
        assert_eq!(first_illegal_char("a\u{EFBF}\u{FFFD}\t\r\n"), None);
        assert_eq!(unescape("a&lt;b&#x41;&#66;&bad;&"), "a<bAB&bad;&");
        assert!(is_xml_name("x:a-b.c_1") && is_xml_name("日本") && !is_xml_name("-a"));
    }
}
