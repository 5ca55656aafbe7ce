//! What validation found, as data: a [`Finding`] per issue, with its [`IssueCode`] and the
//! message the editor shows.
//!
//! Every `ValidationIssue` is made from a `Finding`, so every message is written in one place and
//! follows one style (API.md §4): a plain sentence for the editor's user, no markdown, literal
//! text in double quotes, and the fix when one is obvious. Tests match the variants and check the
//! style of each message (`tests/validate_messages.rs`); none compares the words.
//!
//! It is not where findings are made: the parse makes [`XmlError`]s (`super::outline`), and
//! `super::validate_draft_with` makes the rest.

use std::fmt;

use crate::protocol::IssueCode;

use super::error::{Quoted, QuotedAt, XmlError};
use super::PROMPT_ROOT;

/// One thing validation reports about a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The text is not a usable XML prompt.
    Xml(XmlError),
    /// A `@name` that is not in the variable context.
    UnknownVariable {
        /// The name without `@`.
        name: String,
        /// The known name it most likely meant.
        suggestion: Option<String>,
    },
    /// A `{{name}}` or `${name}` placeholder; the editor's syntax is `@name`.
    Placeholder {
        /// The placeholder as written.
        written: String,
        /// The name inside it.
        name: String,
        /// The name again when the variable context has it (so `@name` is known to be right).
        suggestion: Option<String>,
    },
    /// The root element is not `<prompt>`.
    RootElement {
        /// The root's tag name.
        tag: String,
    },
    /// A section with no child element and only whitespace text.
    EmptySection {
        /// The section's tag name.
        tag: String,
    },
    /// A section that repeats an earlier one.
    DuplicateSection {
        /// The tag name both share.
        tag: String,
        /// What they share besides the tag.
        same: Sameness,
        /// The line (1-based) of the earlier one's start tag.
        first_line: u32,
    },
}

/// What makes a duplicate section the same as the earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sameness {
    /// The same `name` attribute.
    Name(String),
    /// The same `id` attribute (and no `name`).
    Id(String),
    /// Neither attribute, and the same content.
    Content,
}

impl Finding {
    /// The issue code it is reported with (and so its severity).
    pub fn code(&self) -> IssueCode {
        match self {
            Finding::Xml(error) => error.code(),
            Finding::UnknownVariable { .. } => IssueCode::UnknownVariable,
            Finding::Placeholder { .. } => IssueCode::PlaceholderSyntax,
            Finding::RootElement { .. } => IssueCode::RootElement,
            Finding::EmptySection { .. } => IssueCode::EmptySection,
            Finding::DuplicateSection { .. } => IssueCode::DuplicateSection,
        }
    }
}

impl From<XmlError> for Finding {
    fn from(error: XmlError) -> Self {
        Finding::Xml(error)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Xml(error) => error.fmt(f),
            // Plain writes, not `write!`: a draft can have thousands of these.
            Finding::UnknownVariable { name, suggestion } => {
                f.write_str("unknown variable ")?;
                QuotedAt(name).fmt(f)?;
                match suggestion {
                    Some(suggestion) => {
                        f.write_str("; did you mean ")?;
                        QuotedAt(suggestion).fmt(f)?;
                        f.write_str("?")
                    }
                    None => f.write_str(
                        "; it is not one of the available variables, so check its spelling",
                    ),
                }
            }
            Finding::Placeholder { written, name, .. } => write!(
                f,
                "{} is not the editor's variable syntax; write {}",
                Quoted(written),
                QuotedAt(name)
            ),
            Finding::RootElement { tag } => write!(
                f,
                "the root element is {}, but a prompt's root element is {}; rename it",
                Quoted(&format!("<{tag}>")),
                Quoted(&format!("<{PROMPT_ROOT}>"))
            ),
            Finding::EmptySection { tag } => write!(
                f,
                "the section {} is empty; write its content or remove it",
                Quoted(&format!("<{tag}>"))
            ),
            Finding::DuplicateSection {
                tag,
                same,
                first_line,
            } => {
                let tag = Quoted(&format!("<{tag}>"));
                match same {
                    Sameness::Name(name) => write!(
                        f,
                        "the section {tag} named {} repeats the one on line {first_line}; remove one or give it another name",
                        Quoted(name)
                    ),
                    Sameness::Id(id) => write!(
                        f,
                        "the section {tag} with the id {} repeats the one on line {first_line}; remove one or give it another id",
                        Quoted(id)
                    ),
                    Sameness::Content => write!(
                        f,
                        "the section {tag} repeats the content of the one on line {first_line}; remove one of them"
                    ),
                }
            }
        }
    }
}
