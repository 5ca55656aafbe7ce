//! The one XML parse of a prompt: well-formedness, limits, and the outline of its sections.
//!
//! Validation (`super::validate_draft`) turns an [`Outline`] into issues; the diff
//! (`crate::diff`) aligns the [`ElementSpan`]s of two outlines. A draft is parsed once and its
//! outline serves both. All offsets here are UTF-8 byte offsets into the parsed text.
//!
//! This is not a general XML parser: it checks XML 1.0 well-formedness for a document without a
//! DTD (`tests/validate_wellformedness.rs` has a row per production), refuses any DOCTYPE,
//! applies the size and depth limits, and records only the root and its children.
//!
//! quick-xml tokenises and does the checks it does right: end tags match their start tags
//! (`check_end_names`), comments have no `--` (`check_comments`), attributes are split, quoted
//! and unique (its attribute iterator), character references parse, values decode
//! (`escape::unescape`). The rest of the grammar, which quick-xml leaves out, is in
//! `super::grammar`, each function saying what quick-xml misses. This module keeps a stack of
//! open elements only for their positions.
//!
//! Start at [`outline`]. The parse stops at the first problem, as an XML processor stops at the
//! first fatal error: `problems` holds at most one entry, an [`XmlError`] with its span.
//!
//! Why one file of over 600 lines: it is one purpose, the parse loop, and nearly all of it is
//! the `Parser`'s handlers (one per quick-xml event) and the turning of quick-xml's errors into
//! [`XmlError`]s with exact spans. Every handler reads and moves the same state (the position in
//! the source, the stack of open elements, the spans found so far), so split across files they
//! would pass that state around without being any easier to read. The pure rules it calls are
//! already apart (`super::grammar`, `super::error`).

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::errors::{Error as QuickXmlError, IllFormedError, SyntaxError};
use quick_xml::escape::unescape;
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::error::{Markup, NameKind, XmlError};
use super::grammar::{
    check_reference, check_value_references, check_xml_decl, first_illegal_char,
    is_name_start_char, is_xml_name, is_xml_space, is_xml_space_str,
};
use crate::protocol::IssueCode;

/// Over this many bytes of UTF-8 a prompt is `too-large` and is not parsed at all.
pub const MAX_PROMPT_BYTES: usize = 4 * 1024 * 1024;

/// Element nesting deeper than this is `too-deep`. The root counts as 1.
pub const MAX_DEPTH: usize = 64;

/// The attribute that identifies a section among same-tag siblings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionKey {
    /// The `name` attribute's value, entities decoded.
    Name(String),
    /// The `id` attribute's value, entities decoded (used when there is no `name`).
    Id(String),
}

/// One element: the root, or a child of the root (a section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementSpan {
    /// The tag name.
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

/// A reason the text is not a usable XML prompt, and the source text it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlProblem {
    /// What is wrong.
    pub error: XmlError,
    /// Where, in UTF-8 bytes.
    pub span: Range<usize>,
}

impl XmlProblem {
    /// The issue code: one of `XmlSyntax`, `DtdNotAllowed`, `TooDeep`, `TooLarge`,
    /// `EmptyPrompt`.
    pub fn code(&self) -> IssueCode {
        self.error.code()
    }
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
        let error = XmlError::TooLarge { bytes: xml.len() };
        return unparsed(xml, problem(error, start..xml.len()));
    }
    // A byte-order mark alone is no more a prompt than whitespace is.
    if xml
        .strip_prefix('\u{FEFF}')
        .unwrap_or(xml)
        .chars()
        .all(char::is_whitespace)
    {
        return unparsed(xml, problem(XmlError::EmptyPrompt, 0..xml.len()));
    }
    Parser::new(xml).run()
}

fn problem(error: XmlError, span: Range<usize>) -> XmlProblem {
    XmlProblem { error, span }
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

/// Where `inner`, a slice borrowed from `outer`, starts in it. quick-xml's attribute iterator
/// hands out slices of the tag, not positions; this turns them back into positions.
fn offset_in(outer: &str, inner: &str) -> Option<usize> {
    let start = inner.as_ptr().addr().checked_sub(outer.as_ptr().addr())?;
    (start + inner.len() <= outer.len()).then_some(start)
}

/// The length of the longest prefix of `text` that is also a prefix of `of` (at least 1 when
/// `text` is not empty), for underlining markup as far as it was written: `<!-` of `<!--`.
fn opener_len(text: &str, of: &str) -> usize {
    let common = text
        .bytes()
        .zip(of.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    common.max(text.chars().next().map_or(0, char::len_utf8))
}

/// The length of a tag name as quick-xml reads it, up to whitespace, `/`, `>` or `<`.
fn tag_name_len(text: &str) -> usize {
    text.bytes()
        .position(|b| is_xml_space(b) || matches!(b, b'/' | b'>' | b'<'))
        .unwrap_or(text.len())
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
    /// Where quick-xml's positions start: 3 after a UTF-8 BOM, else 0.
    base: usize,
    reader: Reader<&'a [u8]>,
    stack: Vec<Open>,
    root: Option<ElementSpan>,
    sections: Vec<ElementSpan>,
    regions: Vec<Range<usize>>,
    illegal_char: Option<usize>,
    /// Every `]]>` in the text, in order, and the next one not yet passed (see
    /// [`Parser::cdata_end_from`]).
    cdata_ends: core::str::MatchIndices<'a, &'static str>,
    next_cdata_end: Option<usize>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        // quick-xml drops one leading byte-order mark itself and counts its positions from
        // after it. Handing it the whole text (not the text after our own BOM check) keeps a
        // second U+FEFF in the text, where it is text before the root like any other.
        let base = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
        let mut reader = Reader::from_str(src);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.check_comments = true;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        config.trim_markup_names_in_closing_tags = true;
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
            cdata_ends: src.match_indices("]]>"),
            next_cdata_end: None,
        }
    }

    /// The first `]]>` at or after byte `from`. XML 1.0 [14] `CharData` excludes `]]>` and
    /// quick-xml does not look for it; one pass over the whole text (the searcher moves only
    /// forward, as the parse does) costs less than a search in every short run of text.
    ///
    /// Once the searcher finds no more, that is remembered (`usize::MAX`): asking it again would
    /// search the rest of the text again, once per run of text, which is quadratic.
    fn cdata_end_from(&mut self, from: usize) -> Option<usize> {
        while self.next_cdata_end.is_none_or(|at| at < from) {
            self.next_cdata_end = Some(self.cdata_ends.next().map_or(usize::MAX, |(at, _)| at));
        }
        self.next_cdata_end.filter(|&at| at != usize::MAX)
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

    fn root_tag(&self) -> Option<String> {
        self.root.as_ref().map(|r| r.tag.clone())
    }

    fn run(mut self) -> Outline {
        let problem = loop {
            let before = self.position(self.reader.buffer_position());
            let event = self.reader.read_event();
            let after = self.position(self.reader.buffer_position());
            let event = match event {
                Ok(event) => event,
                Err(error) => break Some(self.reader_error(error, before)),
            };
            if let Some(at) = self.illegal_char.filter(|&at| at < after) {
                let span = char_span(self.src, at);
                let character = self.slice(span.clone()).chars().next().unwrap_or_default();
                break Some(problem(XmlError::IllegalCharacter { character }, span));
            }
            let range = before..after;
            let step = match event {
                Event::Eof => break self.eof(),
                Event::Start(_) => self.start_tag(range, false),
                Event::Empty(_) => self.start_tag(range, true),
                Event::End(_) => self.end_tag(range),
                Event::Text(_) => self.text(range),
                Event::CData(_) => self.cdata(range),
                Event::GeneralRef(reference) => self.general_ref(range, &reference),
                Event::Decl(_) if before != self.base => {
                    Err(problem(XmlError::MisplacedDeclaration, range))
                }
                Event::Decl(_) => self.xml_decl(range),
                Event::PI(pi) => self.processing_instruction(range, pi.target()),
                Event::Comment(_) => Ok(()),
                Event::DocType(_) => Err(problem(XmlError::DoctypeNotAllowed, range)),
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

    /// Classifies what quick-xml refused, and finds the source text to underline.
    fn reader_error(&self, error: QuickXmlError, before: usize) -> XmlProblem {
        // `error_position` is where the failing markup starts; it is stale (0) for errors that
        // do not set it, hence the `max`.
        let at = self.position(self.reader.error_position()).max(before);
        let after = self.position(self.reader.buffer_position()).max(at);
        let rest = self.src.get(at..).unwrap_or_default();
        // Any `<!DOCTYPE`, even a broken one, is refused as such. quick-xml points some
        // DOCTYPE errors past the `<`, so look where the failing markup began too.
        for start in [before, at] {
            let head = self.src.as_bytes().get(start..start + 9);
            if head.is_some_and(|head| head.eq_ignore_ascii_case(b"<!DOCTYPE")) {
                return problem(XmlError::DoctypeNotAllowed, start..after);
            }
        }
        let opener = |of: &str| at..at + opener_len(rest, of);
        match error {
            QuickXmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                problem(XmlError::MismatchedEndTag { expected, found }, at..after)
            }
            QuickXmlError::IllFormed(IllFormedError::UnmatchedEndTag(found)) => problem(
                XmlError::UnmatchedEndTag {
                    found,
                    root: self.root_tag(),
                },
                at..after,
            ),
            QuickXmlError::IllFormed(IllFormedError::DoubleHyphenInComment) => {
                // quick-xml points at the first `--` inside the comment.
                let span = if rest.starts_with("--") {
                    at..at + 2
                } else {
                    before..after
                };
                problem(XmlError::DoubleHyphenInComment, span)
            }
            QuickXmlError::IllFormed(IllFormedError::UnclosedReference) => {
                problem(XmlError::BareAmpersand, char_span(self.src, at))
            }
            QuickXmlError::Syntax(SyntaxError::UnclosedComment) if rest.starts_with("<!--") => {
                let error = XmlError::UnclosedMarkup {
                    markup: Markup::Comment,
                };
                problem(error, opener("<!--"))
            }
            QuickXmlError::Syntax(SyntaxError::UnclosedCData) if rest.starts_with("<![CDATA[") => {
                let error = XmlError::UnclosedMarkup {
                    markup: Markup::Cdata,
                };
                problem(error, opener("<![CDATA["))
            }
            // `<!-x`, `<![cdata[`, `<!ELEMENT`: quick-xml calls some of these unclosed, but no
            // closing text would make them markup.
            QuickXmlError::Syntax(
                SyntaxError::UnclosedComment
                | SyntaxError::UnclosedCData
                | SyntaxError::InvalidBangMarkup,
            ) => problem(XmlError::UnknownMarkup, opener("<!")),
            QuickXmlError::Syntax(SyntaxError::UnclosedXmlDecl) => {
                let error = XmlError::UnclosedMarkup {
                    markup: Markup::XmlDeclaration,
                };
                problem(error, opener("<?xml"))
            }
            QuickXmlError::Syntax(SyntaxError::UnclosedPI) => {
                let error = XmlError::UnclosedMarkup {
                    markup: Markup::ProcessingInstruction,
                };
                let target = rest.get(2..).map_or(0, tag_name_len);
                problem(error, at..(at + 2 + target).min(self.src.len()))
            }
            QuickXmlError::Syntax(
                SyntaxError::UnclosedSingleQuotedAttributeValue
                | SyntaxError::UnclosedDoubleQuotedAttributeValue,
            ) => self
                .unclosed_value(at)
                .unwrap_or_else(|| self.unclosed_tag(at)),
            QuickXmlError::Syntax(SyntaxError::UnclosedTag | SyntaxError::UnclosedDoctype) => {
                self.unclosed_tag(at)
            }
            // quick-xml reports these only for calls this parser does not make (declarations,
            // DTDs, namespaces, decoding, I/O): a `&str` input never reaches them.
            QuickXmlError::IllFormed(_)
            | QuickXmlError::Io(_)
            | QuickXmlError::InvalidAttr(_)
            | QuickXmlError::Encoding(_)
            | QuickXmlError::Escape(_)
            | QuickXmlError::Namespace(_) => problem(XmlError::Unreadable, char_span(self.src, at)),
        }
    }

    /// A tag at `at` whose `>` never comes: `<goal`, `</goal`, or a `<` that starts no tag.
    fn unclosed_tag(&self, at: usize) -> XmlProblem {
        let rest = self.src.get(at + 1..).unwrap_or_default();
        let (end, name_from) = match rest.strip_prefix('/') {
            Some(after) => (true, after),
            None => (false, rest),
        };
        let starts_name = name_from.chars().next().is_some_and(is_name_start_char);
        if !starts_name && !end {
            return problem(XmlError::BareLessThan, char_span(self.src, at));
        }
        let len = tag_name_len(name_from);
        let tag = name_from.get(..len).unwrap_or_default().to_owned();
        let span_end = at + 1 + usize::from(end) + len;
        problem(XmlError::UnclosedTag { tag, end }, at..span_end)
    }

    /// An attribute value in the tag at `at` whose closing quote never comes. quick-xml points
    /// at the tag's `<`; the quote that opened the value is found by reading the tag as quick-xml
    /// did, quotes toggling.
    fn unclosed_value(&self, at: usize) -> Option<XmlProblem> {
        let tag = self.src.get(at..)?;
        let mut open: Option<(usize, u8)> = None;
        for (i, b) in tag.bytes().enumerate() {
            match open {
                Some((_, quote)) if b == quote => open = None,
                None if matches!(b, b'"' | b'\'') => open = Some((i, b)),
                _ => {}
            }
        }
        let (quote_at, quote) = open?;
        // `name` S? `=` S? quote
        let head = tag
            .get(..quote_at)?
            .trim_end_matches(|c: char| c.is_ascii_whitespace());
        let head = head
            .strip_suffix('=')?
            .trim_end_matches(|c: char| c.is_ascii_whitespace());
        let name_start = head
            .bytes()
            .rposition(is_xml_space)
            .map_or(0, |space| space + 1);
        let name = head.get(name_start..)?.to_owned();
        let error = XmlError::UnclosedAttributeValue {
            name,
            quote: char::from(quote),
        };
        Some(problem(error, at + name_start..at + quote_at + 1))
    }

    fn eof(&self) -> Option<XmlProblem> {
        if let Some(open) = self.stack.last() {
            let tag = self.slice(open.name.clone()).to_owned();
            let error = XmlError::UnclosedElement { tag };
            return Some(problem(error, open.start_tag.clone()));
        }
        if self.root.is_none() {
            return Some(problem(XmlError::NoRoot, 0..self.src.len()));
        }
        None
    }

    fn start_tag(&mut self, tag: Range<usize>, empty: bool) -> Step {
        // `<` name attributes (`/`)? `>`; quick-xml's name runs to the first whitespace.
        let inner_start = tag.start + 1;
        let inner_end = tag.end.saturating_sub(if empty { 2 } else { 1 });
        let inner = self.slice(inner_start..inner_end);
        let name_len = inner.bytes().position(is_xml_space).unwrap_or(inner.len());
        let name = inner_start..inner_start + name_len;
        let name_text = self.slice(name.clone());
        if !is_xml_name(name_text) {
            return Err(self.bad_start_tag(tag, inner, name_text));
        }
        if self.stack.is_empty() {
            if let Some(root) = &self.root {
                let error = XmlError::SecondRoot {
                    tag: name_text.to_owned(),
                    root: root.tag.clone(),
                };
                return Err(problem(error, tag));
            }
        }
        let depth = self.stack.len() + 1;
        if depth > MAX_DEPTH {
            let error = XmlError::TooDeep {
                tag: name_text.to_owned(),
                depth,
            };
            return Err(problem(error, tag));
        }
        let key = self.attributes(inner_start, inner, name_len, depth <= 2)?;
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

    /// A start tag whose name is not a `Name`. quick-xml reads any `<` up to the next `>` as a
    /// tag, so this is also where a bare `<` in prose shows up (`1 < 2</goal>`).
    fn bad_start_tag(&self, tag: Range<usize>, inner: &str, name: &str) -> XmlProblem {
        let name_span = tag.start + 1..tag.start + 1 + name.len();
        if let Some(lt) = name.find('<') {
            // `<goal</prompt>`: a tag left open, then the next tag.
            let written = name.get(..lt).unwrap_or_default();
            if written.chars().next().is_some_and(is_name_start_char) {
                let error = XmlError::UnclosedTag {
                    tag: written.to_owned(),
                    end: false,
                };
                return problem(error, tag.start..tag.start + 1 + lt);
            }
        }
        let starts_name = name.chars().next().is_some_and(is_name_start_char);
        let prose = name.is_empty() && !inner.is_empty()
            || !starts_name && inner.contains(|c: char| c == '<' || c.is_ascii_whitespace());
        if prose {
            return problem(XmlError::BareLessThan, char_span(self.src, tag.start));
        }
        let error = XmlError::InvalidName {
            kind: NameKind::Element,
            name: name.to_owned(),
        };
        problem(error, if name.is_empty() { tag } else { name_span })
    }

    /// The attributes of a start tag. `inner` is the tag between `<` and `>` or `/>`, starting at
    /// `inner_start` in the source; its attributes start at `name_len`. quick-xml's iterator
    /// splits them, matches quotes and finds duplicates; the checks it leaves out are here.
    /// Value ranges become reference regions; the section key is read when `want_key`.
    fn attributes(
        &mut self,
        inner_start: usize,
        inner: &'a str,
        name_len: usize,
        want_key: bool,
    ) -> Result<Option<SectionKey>, XmlProblem> {
        let mut key = None;
        // Where the text of the next attribute starts, relative to `inner`.
        let mut resume = name_len;
        for attribute in Attributes::new(inner, name_len) {
            let attribute = match attribute {
                Ok(attribute) => attribute,
                Err(error) => return Err(self.attribute_error(&error, inner_start, inner, resume)),
            };
            let name = attribute.key.into_inner();
            // In XML mode every value is a slice of the tag; `Owned` would be a quick-xml change.
            let value = match &attribute.value {
                Cow::Borrowed(value) => *value,
                Cow::Owned(_) => "",
            };
            let (Some(name_at), Some(value_at)) = (offset_in(inner, name), offset_in(inner, value))
            else {
                return Err(problem(
                    XmlError::Unreadable,
                    inner_start..inner_start + inner.len(),
                ));
            };
            let name_span = inner_start + name_at..inner_start + name_at + name.len();
            let value_span = inner_start + value_at..inner_start + value_at + value.len();
            // [40] `(S Attribute)*`: quick-xml's iterator reads `a='1'b='2'` as two attributes.
            let spaced = name_at
                .checked_sub(1)
                .and_then(|i| inner.as_bytes().get(i))
                .is_some_and(|&b| is_xml_space(b));
            if !spaced {
                let error = XmlError::MissingSpaceBeforeAttribute {
                    name: name.to_owned(),
                };
                return Err(problem(error, name_span));
            }
            if !is_xml_name(name) {
                let error = XmlError::InvalidName {
                    kind: NameKind::Attribute,
                    name: name.to_owned(),
                };
                return Err(problem(error, name_span));
            }
            // [10] AttValue: `[^<&"]*` or references. quick-xml's iterator checks neither.
            if let Some(lt) = memchr::memchr(b'<', value.as_bytes()) {
                let error = XmlError::LessThanInAttributeValue {
                    name: name.to_owned(),
                };
                let at = value_span.start + lt;
                return Err(problem(error, at..at + 1));
            }
            if let Err((error, span)) = check_value_references(value) {
                let span = value_span.start + span.start..value_span.start + span.end;
                return Err(problem(error, span));
            }
            if want_key {
                let decoded = || unescape(value).map_or_else(|_| value.to_owned(), Cow::into_owned);
                match name {
                    "name" => key = Some(SectionKey::Name(decoded())),
                    "id" if !matches!(key, Some(SectionKey::Name(_))) => {
                        key = Some(SectionKey::Id(decoded()));
                    }
                    _ => {}
                }
            }
            self.regions.push(value_span);
            resume = value_at + value.len() + 1;
        }
        Ok(key)
    }

    /// What quick-xml's attribute iterator refused, about the attribute that starts after
    /// `resume` (relative to `inner`).
    fn attribute_error(
        &self,
        error: &AttrError,
        inner_start: usize,
        inner: &str,
        resume: usize,
    ) -> XmlProblem {
        let bytes = inner.as_bytes();
        let mut name_start = resume;
        while bytes.get(name_start).copied().is_some_and(is_xml_space) {
            name_start += 1;
        }
        let mut name_end = name_start;
        while bytes
            .get(name_end)
            .is_some_and(|&b| b != b'=' && !is_xml_space(b))
        {
            name_end += 1;
        }
        let name = inner
            .get(name_start..name_end)
            .unwrap_or_default()
            .to_owned();
        let name_span = if name.is_empty() {
            char_span(self.src, inner_start + name_start)
        } else {
            inner_start + name_start..inner_start + name_end
        };
        // The `=` after the name, for spans that run to it.
        let through_eq = || {
            let eq = bytes
                .get(name_end..)
                .and_then(|rest| memchr::memchr(b'=', rest))
                .map_or(name_end, |eq| name_end + eq + 1);
            name_span.start..inner_start + eq
        };
        if !is_xml_name(&name) && !matches!(error, AttrError::Duplicated(..)) {
            let error = XmlError::InvalidName {
                kind: NameKind::Attribute,
                name,
            };
            return problem(error, name_span);
        }
        match *error {
            AttrError::Duplicated(..) => problem(XmlError::DuplicateAttribute { name }, name_span),
            AttrError::ExpectedEq(_) => {
                problem(XmlError::AttributeWithoutValue { name }, name_span)
            }
            AttrError::ExpectedValue(_) | AttrError::UnquotedValue(_) => {
                problem(XmlError::UnquotedAttributeValue { name }, through_eq())
            }
            AttrError::ExpectedQuote(_, quote) => {
                let span = through_eq();
                let span = span.start..span.end + 1;
                let quote = char::from(quote);
                problem(XmlError::UnclosedAttributeValue { name, quote }, span)
            }
        }
    }

    fn end_tag(&mut self, tag: Range<usize>) -> Step {
        // quick-xml has matched the name against the open element (`check_end_names`).
        let Some(open) = self.stack.pop() else {
            let inner = self.slice(tag.start + 2..tag.end.saturating_sub(1));
            let error = XmlError::UnmatchedEndTag {
                found: inner.trim_end_matches([' ', '\t', '\r', '\n']).to_owned(),
                root: self.root_tag(),
            };
            return Err(problem(error, tag));
        };
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

    fn outside_root(&self, span: Range<usize>) -> XmlProblem {
        let error = XmlError::ContentOutsideRoot {
            root: self.root_tag(),
        };
        problem(error, span)
    }

    fn text(&mut self, range: Range<usize>) -> Step {
        let text = self.slice(range.clone());
        if self.stack.is_empty() {
            if is_xml_space_str(text) {
                return Ok(());
            }
            let trimmed = text.trim_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
            let start = range.start + offset_in(text, trimmed).unwrap_or(0);
            return Err(self.outside_root(start..start + trimmed.len()));
        }
        if let Some(at) = self
            .cdata_end_from(range.start)
            .filter(|&at| at + 3 <= range.end)
        {
            return Err(problem(XmlError::CdataEndInText, at..at + 3));
        }
        if !is_xml_space_str(text) {
            self.mark_text();
        }
        self.regions.push(range);
        Ok(())
    }

    fn cdata(&mut self, range: Range<usize>) -> Step {
        if self.stack.is_empty() {
            return Err(self.outside_root(range));
        }
        // `<![CDATA[` … `]]>`
        let content = range.start + 9..range.end.saturating_sub(3).max(range.start + 9);
        if !is_xml_space_str(self.slice(content.clone())) {
            self.mark_text();
        }
        self.regions.push(content);
        Ok(())
    }

    fn general_ref(&mut self, range: Range<usize>, name: &str) -> Step {
        if let Err(error) = check_reference(name) {
            let span = if error == XmlError::BareAmpersand {
                char_span(self.src, range.start)
            } else {
                range
            };
            return Err(problem(error, span));
        }
        if self.stack.is_empty() {
            return Err(self.outside_root(range));
        }
        self.mark_text();
        Ok(())
    }

    /// `<?` PITarget (S …)? `?>` (XML 1.0 [16]-[17]). quick-xml splits the target at the first
    /// whitespace but does not check that it is a `Name`: `<? x?>`, `<??>` and `<?a"b"?>` would
    /// pass.
    fn processing_instruction(&self, range: Range<usize>, target: &str) -> Step {
        if !is_xml_name(target) {
            let span = if target.is_empty() {
                range
            } else {
                range.start + 2..range.start + 2 + target.len()
            };
            let error = XmlError::InvalidName {
                kind: NameKind::ProcessingInstruction,
                name: target.to_owned(),
            };
            return Err(problem(error, span));
        }
        if target.eq_ignore_ascii_case("xml") {
            let error = XmlError::ReservedTarget {
                target: target.to_owned(),
            };
            return Err(problem(error, range));
        }
        Ok(())
    }

    /// The XML declaration's pseudo-attributes (`super::grammar::check_xml_decl`).
    fn xml_decl(&self, range: Range<usize>) -> Step {
        // `<?xml` … `?>`
        let content = range.start + 5..range.end.saturating_sub(2).max(range.start + 5);
        check_xml_decl(self.slice(content.clone()))
            .map_err(|(error, at)| problem(error, content.start + at.start..content.start + at.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_in(xml: &str) -> XmlProblem {
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
        let p = problem_in(xml);
        assert_eq!(p.code(), IssueCode::XmlSyntax);
        assert_eq!(at(xml, &p.span), "</prompt>");
        assert_eq!(
            p.error,
            XmlError::MismatchedEndTag {
                expected: "goal".into(),
                found: "prompt".into()
            }
        );

        let xml = "<prompt></>";
        assert_eq!(at(xml, &problem_in(xml).span), "</>");
        let xml = "<prompt></prompt></extra>";
        assert_eq!(at(xml, &problem_in(xml).span), "</extra>");
        let xml = "</prompt>";
        assert_eq!(at(xml, &problem_in(xml).span), "</prompt>");
    }

    #[test]
    fn unclosed_and_truncated() {
        let xml = "<prompt>\n<goal>x</goal>";
        let p = problem_in(xml);
        assert_eq!(at(xml, &p.span), "<prompt>");
        let xml = "<prompt><goal";
        let p = problem_in(xml);
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
            let p = problem_in(xml);
            assert_eq!(p.code(), IssueCode::XmlSyntax, "{xml}");
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
            let p = problem_in(xml);
            assert_eq!(p.code(), IssueCode::XmlSyntax, "{xml}");
            assert_eq!(at(xml, &p.span), bad, "{xml}");
        }
        assert_eq!(problem_in("<a>a & b</a>").code(), IssueCode::XmlSyntax);
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
            assert_eq!(problem_in(xml).code(), IssueCode::XmlSyntax, "{xml}");
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
        let p = problem_in(xml);
        assert_eq!(p.code(), IssueCode::DtdNotAllowed);
        assert!(at(xml, &p.span).starts_with("<!DOCTYPE lolz ["));
        assert_eq!(
            problem_in("<!doctype html><a/>").code(),
            IssueCode::DtdNotAllowed
        );
        assert_eq!(
            problem_in("<a><!DOCTYPE a></a>").code(),
            IssueCode::DtdNotAllowed
        );
        assert_eq!(problem_in("<!DOCTYPE a [").code(), IssueCode::DtdNotAllowed);
        let xml = "<!DOCTYPE><a/>";
        let p = problem_in(xml);
        assert_eq!(p.code(), IssueCode::DtdNotAllowed);
        assert_eq!(at(xml, &p.span), "<!DOCTYPE>");
    }

    #[test]
    fn depth_limit() {
        let nest = |n: usize| "<a>".repeat(n) + &"</a>".repeat(n);
        assert!(outline(&nest(MAX_DEPTH)).well_formed);
        let xml = nest(MAX_DEPTH + 1);
        let p = problem_in(&xml);
        assert_eq!(p.code(), IssueCode::TooDeep);
        assert_eq!(p.span, MAX_DEPTH * 3..MAX_DEPTH * 3 + 3);
        let empty_at_65 = "<a>".repeat(MAX_DEPTH) + "<b/>" + &"</a>".repeat(MAX_DEPTH);
        assert_eq!(problem_in(&empty_at_65).code(), IssueCode::TooDeep);
        let deep = nest(100_000);
        assert_eq!(problem_in(&deep).code(), IssueCode::TooDeep);
    }

    #[test]
    fn size_limit_and_empty() {
        let fill = |n: usize| format!("<p>{}</p>", "x".repeat(n - 7));
        assert!(outline(&fill(MAX_PROMPT_BYTES)).well_formed);
        let p = problem_in(&fill(MAX_PROMPT_BYTES + 1));
        assert_eq!(p.code(), IssueCode::TooLarge);
        assert_eq!(p.span, MAX_PROMPT_BYTES..MAX_PROMPT_BYTES + 1);
        for empty in ["", "  \n\t", "\u{3000}", "\u{FEFF}", "\u{FEFF} \n"] {
            let p = problem_in(empty);
            assert_eq!(p.code(), IssueCode::EmptyPrompt);
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
        let text = "abcxyz";
        assert_eq!(offset_in(&text[..3], &text[1..3]), Some(1));
        assert_eq!(offset_in(&text[..3], &text[3..]), None);
        assert_eq!(offset_in(&text[1..3], &text[..1]), None);
        assert_eq!(opener_len("<!-x", "<!--"), 3);
        assert_eq!(opener_len("x", "<!--"), 1);
        assert_eq!(tag_name_len("goal a='1'"), 4);
    }
}
