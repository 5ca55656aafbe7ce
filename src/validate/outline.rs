//! The one XML parse of a prompt: well-formedness, limits, and the outline of its sections.
//!
//! Validation (`super::validate_draft`) turns an [`Outline`] into issues; the diff
//! (`crate::diff`) aligns the [`ElementSpan`]s of two outlines. A draft is parsed once and its
//! outline serves both. All offsets here are UTF-8 byte offsets into the parsed text.
//!
//! NOT YET BUILT: the validation issue implements [`outline`].

use std::ops::Range;

use crate::protocol::IssueCode;

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
    /// The `name` attribute, else the `id` attribute, when present.
    pub key: Option<SectionKey>,
    /// Whether the element has at least one child element.
    pub has_child_elements: bool,
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
    /// The root element, when the parse got that far.
    pub root: Option<ElementSpan>,
    /// The root's child elements, in order. Empty when not well-formed.
    pub sections: Vec<ElementSpan>,
    /// Why the text is not well-formed; empty when it is.
    pub problems: Vec<XmlProblem>,
    /// Where `@references` can appear: text, CDATA and attribute values (not comments, PIs or
    /// tag names). When the text is not well-formed this is the whole text.
    pub reference_regions: Vec<Range<usize>>,
}

/// Parses `xml` once. Never fails: problems are data.
pub fn outline(xml: &str) -> Outline {
    Outline {
        reference_regions: vec![0..xml.len()],
        ..Outline::default()
    }
}
