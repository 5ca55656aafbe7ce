//! Why a draft is not a usable XML prompt: [`XmlError`], one variant per condition, each carrying
//! what was found, with its [`IssueCode`] and its message.
//!
//! The parse (`super::outline`) makes these; validation turns each into a `ValidationIssue` whose
//! `message` is the variant's `Display`. That text reaches the editor's user, so it is a plain
//! sentence (API.md §4): no markdown, literal text in double quotes, and the fix when one is
//! obvious. Developers read the same text; tests match the variants, never the words.
//!
//! This is not where positions live: an [`XmlProblem`](super::XmlProblem) pairs an error with
//! the span it underlines.

use std::fmt;

use crate::protocol::IssueCode;

use super::outline::{MAX_DEPTH, MAX_PROMPT_BYTES};

/// What kind of name an [`XmlError::InvalidName`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A tag name: `<name>`.
    Element,
    /// An attribute name: `<x name='…'>`.
    Attribute,
    /// The target of a processing instruction: `<?target …?>`.
    ProcessingInstruction,
}

/// Markup that the text ends inside of, for [`XmlError::UnclosedMarkup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// `<!--` with no `-->`.
    Comment,
    /// `<![CDATA[` with no `]]>`.
    Cdata,
    /// `<?` with no `?>`.
    ProcessingInstruction,
    /// `<?xml` with no `?>`.
    XmlDeclaration,
}

/// Why a text is not a usable XML prompt. Every variant carries what was found; [`code`]
/// (`XmlError::code`) gives its issue code and `Display` the message for the editor's user.
///
/// [`code`]: XmlError::code
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// More than [`MAX_PROMPT_BYTES`] of UTF-8: not parsed at all.
    TooLarge {
        /// The prompt's size in UTF-8 bytes.
        bytes: usize,
    },
    /// Nothing but whitespace (and perhaps a byte-order mark).
    EmptyPrompt,
    /// A `<!DOCTYPE …>`, which a prompt never has (it is never read or expanded).
    DoctypeNotAllowed,
    /// An element nested deeper than [`MAX_DEPTH`] (the root counts as 1).
    TooDeep {
        /// The element's tag name.
        tag: String,
        /// Its depth.
        depth: usize,
    },
    /// No element at all: only comments, processing instructions or a declaration.
    NoRoot,
    /// A second element after the root element closed.
    SecondRoot {
        /// The second element's tag name.
        tag: String,
        /// The root's tag name.
        root: String,
    },
    /// Text, CDATA or a reference before the root element (`root` is `None`) or after it.
    ContentOutsideRoot {
        /// The root's tag name, once the root has closed.
        root: Option<String>,
    },
    /// An element whose end tag never comes.
    UnclosedElement {
        /// Its tag name.
        tag: String,
    },
    /// An end tag that does not close the element that is open.
    MismatchedEndTag {
        /// The tag name of the open element.
        expected: String,
        /// What the end tag says (empty for `</>`).
        found: String,
    },
    /// An end tag with no element open.
    UnmatchedEndTag {
        /// What the end tag says.
        found: String,
        /// The root's tag name, when the root has already closed.
        root: Option<String>,
    },
    /// A tag whose `>` never comes (`<goal` at the end, or `<goal</prompt>`).
    UnclosedTag {
        /// The tag name as far as it goes.
        tag: String,
        /// Whether it is an end tag (`</goal`).
        end: bool,
    },
    /// A `<` in text that does not start a tag (`1 < 2`).
    BareLessThan,
    /// A name that the XML `Name` production does not allow (empty included).
    InvalidName {
        /// Which kind of name.
        kind: NameKind,
        /// The name as written.
        name: String,
    },
    /// A processing instruction whose target is `xml` in any case other than the declaration.
    ReservedTarget {
        /// The target as written.
        target: String,
    },
    /// Two attributes with no whitespace between them (`a='1'b='2'`).
    MissingSpaceBeforeAttribute {
        /// The second attribute's name.
        name: String,
    },
    /// An attribute name with no `=` and value after it (`<rule strict>`).
    AttributeWithoutValue {
        /// The attribute's name.
        name: String,
    },
    /// An attribute value without quotes (`a=1`), or `=` with nothing after it.
    UnquotedAttributeValue {
        /// The attribute's name.
        name: String,
    },
    /// An attribute value whose closing quote never comes.
    UnclosedAttributeValue {
        /// The attribute's name.
        name: String,
        /// The quote that opened it: `'` or `"`.
        quote: char,
    },
    /// The same attribute twice in one tag.
    DuplicateAttribute {
        /// The attribute's name.
        name: String,
    },
    /// A `<` inside an attribute value.
    LessThanInAttributeValue {
        /// The attribute's name.
        name: String,
    },
    /// `]]>` in text, where XML reserves it for the end of a CDATA section.
    CdataEndInText,
    /// An `&` that does not start a reference (`Q&A`).
    BareAmpersand,
    /// A named entity other than the five XML defines (`&nbsp;`).
    UnknownEntity {
        /// The name between `&` and `;`.
        name: String,
        /// The character reference to write instead, for common HTML entity names.
        instead: Option<&'static str>,
    },
    /// A character reference that is not a number, or names a character XML does not allow
    /// (`&#0;`, `&#xD800;`, `&#X41;`).
    InvalidCharReference {
        /// The reference as written, `&` to `;`.
        reference: String,
    },
    /// A character XML does not allow anywhere (controls other than tab, CR and LF; U+FFFE,
    /// U+FFFF).
    IllegalCharacter {
        /// The character.
        character: char,
    },
    /// `--` inside a comment (which includes a comment ending in `--->`).
    DoubleHyphenInComment,
    /// The text ends inside a comment, CDATA section, processing instruction or declaration.
    UnclosedMarkup {
        /// Which markup.
        markup: Markup,
    },
    /// `<!` that starts none of the markup XML knows (`<!foo>`, `<!ELEMENT …>`).
    UnknownMarkup,
    /// Something quick-xml refused that this crate does not classify. A `&str` input never
    /// gets here (the cases are I/O, decoding and namespace errors); it exists so that no
    /// input can make the parse fail without an answer.
    Unreadable,
    /// An XML declaration that is not at the very start of the text.
    MisplacedDeclaration,
    /// An XML declaration without a version first (`<?xml?>`, `<?xml encoding='UTF-8'?>`).
    DeclarationWithoutVersion,
    /// A pseudo-attribute other than `version`, `encoding` and `standalone`.
    UnknownDeclarationAttribute {
        /// Its name.
        name: String,
    },
    /// `version`, `encoding` or `standalone` repeated or out of that order.
    DeclarationOrder {
        /// The pseudo-attribute out of place.
        name: String,
    },
    /// An XML declaration's pseudo-attribute without whitespace before it, `=`, or a quoted
    /// value.
    DeclarationSyntax {
        /// The pseudo-attribute's name.
        name: String,
    },
    /// A version, encoding or standalone value its production does not allow.
    DeclarationValue {
        /// `version`, `encoding` or `standalone`.
        name: String,
        /// The value as written.
        value: String,
    },
}

impl XmlError {
    /// The issue code this problem is reported with.
    pub fn code(&self) -> IssueCode {
        match self {
            XmlError::TooLarge { .. } => IssueCode::TooLarge,
            XmlError::EmptyPrompt => IssueCode::EmptyPrompt,
            XmlError::DoctypeNotAllowed => IssueCode::DtdNotAllowed,
            XmlError::TooDeep { .. } => IssueCode::TooDeep,
            _ => IssueCode::XmlSyntax,
        }
    }
}

/// Literal text for a message: in double quotes, and cut to a readable length (a name can be a
/// megabyte long).
pub(super) struct Quoted<'a>(pub(super) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        quote(f, "", self.0)
    }
}

/// `@name`, quoted as [`Quoted`] does, without building the string first (a draft can have
/// thousands of unknown variables).
pub(super) struct QuotedAt<'a>(pub(super) &'a str);

impl fmt::Display for QuotedAt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        quote(f, "@", self.0)
    }
}

/// Writes `"` `before` `text` `"`, the text cut after 40 characters with `…`.
fn quote(f: &mut fmt::Formatter<'_>, before: &str, text: &str) -> fmt::Result {
    const MAX_CHARS: usize = 40;
    // Up to 40 bytes is up to 40 characters: most names need no counting.
    let (text, cut) = match (text.len() > MAX_CHARS)
        .then(|| text.char_indices().nth(MAX_CHARS))
        .flatten()
    {
        Some((cut, _)) => (text.get(..cut).unwrap_or_default(), "…"),
        None => (text, ""),
    };
    // Plain writes: this runs for every unknown variable, and `write!` would format each piece.
    f.write_str("\"")?;
    f.write_str(before)?;
    f.write_str(text)?;
    f.write_str(cut)?;
    f.write_str("\"")
}

/// `<tag>`, quoted.
struct Tag<'a>(&'a str);

impl fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Quoted(&format!("<{}>", self.0)))
    }
}

/// `</tag>`, quoted.
struct EndTag<'a>(&'a str);

impl fmt::Display for EndTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Quoted(&format!("</{}>", self.0)))
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use XmlError as E;
        match self {
            E::TooLarge { bytes } => write!(
                f,
                "the prompt is {bytes} bytes long, over the limit of {MAX_PROMPT_BYTES} bytes (4 MiB); shorten it"
            ),
            E::EmptyPrompt => f.write_str("the prompt is empty; write it as one element such as \"<prompt>…</prompt>\""),
            E::DoctypeNotAllowed => f.write_str(
                "a prompt cannot have a DOCTYPE declaration (\"<!DOCTYPE …>\"); remove it",
            ),
            E::TooDeep { tag, depth } => write!(
                f,
                "the element {} is nested {depth} levels deep, past the limit of {MAX_DEPTH} (the root counts as one); flatten the structure",
                Tag(tag)
            ),
            E::NoRoot => f.write_str(
                "the prompt has no element; write it as one element such as \"<prompt>…</prompt>\"",
            ),
            E::SecondRoot { tag, root } => write!(
                f,
                "the element {} comes after the root element {} has closed; a prompt is one element, so move it inside {}",
                Tag(tag),
                Tag(root),
                Tag(root)
            ),
            E::ContentOutsideRoot { root: None } => f.write_str(
                "text before the root element; move it inside the root element or delete it",
            ),
            E::ContentOutsideRoot { root: Some(root) } => write!(
                f,
                "text after the root element {} has closed; move it before {} or delete it",
                Tag(root),
                EndTag(root)
            ),
            E::UnclosedElement { tag } => write!(
                f,
                "the element {} is never closed; add {} where it ends",
                Tag(tag),
                EndTag(tag)
            ),
            E::MismatchedEndTag { expected, found } => write!(
                f,
                "the end tag {} does not match the open element {}; close that element first with {}",
                EndTag(found),
                Tag(expected),
                EndTag(expected)
            ),
            E::UnmatchedEndTag { found, root: None } => write!(
                f,
                "the end tag {} has no start tag; remove it or add {} before it",
                EndTag(found),
                Tag(found)
            ),
            E::UnmatchedEndTag { found, root: Some(root) } => write!(
                f,
                "the end tag {} comes after the root element {} has closed; remove it",
                EndTag(found),
                Tag(root)
            ),
            E::UnclosedTag { tag, end } => {
                let written = if *end { format!("</{tag}") } else { format!("<{tag}") };
                write!(f, "the tag {} has no closing \">\"; add it", Quoted(&written))
            }
            E::BareLessThan => f.write_str(
                "a \"<\" in text starts a tag; to write the character itself, use \"&lt;\"",
            ),
            E::InvalidName { kind, name } => {
                let (what, place) = match kind {
                    NameKind::Element => ("element name", "right after the \"<\""),
                    NameKind::Attribute => ("attribute name", "before the \"=\""),
                    NameKind::ProcessingInstruction => {
                        ("processing instruction target", "right after the \"<?\"")
                    }
                };
                if name.is_empty() {
                    write!(f, "the {what} is missing; write it {place}")
                } else {
                    write!(
                        f,
                        "{} is not a valid {what}; names start with a letter or \"_\" and go on with letters, digits, \"-\", \".\" or \"_\"",
                        Quoted(name)
                    )
                }
            }
            E::ReservedTarget { target } => write!(
                f,
                "the processing instruction target {} is reserved by XML; choose another name",
                Quoted(target)
            ),
            E::MissingSpaceBeforeAttribute { name } => write!(
                f,
                "the attribute {} needs a space before it",
                Quoted(name)
            ),
            E::AttributeWithoutValue { name } => write!(
                f,
                "the attribute {} has no value; write it as {}",
                Quoted(name),
                Quoted(&format!("{name}='…'"))
            ),
            E::UnquotedAttributeValue { name } => write!(
                f,
                "the value of the attribute {} must be in quotes, as in {}",
                Quoted(name),
                Quoted(&format!("{name}='…'"))
            ),
            E::UnclosedAttributeValue { name, quote } => write!(
                f,
                "the value of the attribute {} is never closed; add the closing {} quote",
                Quoted(name),
                if *quote == '"' { "double" } else { "single" }
            ),
            E::DuplicateAttribute { name } => write!(
                f,
                "the attribute {} appears twice in the same tag; keep one",
                Quoted(name)
            ),
            E::LessThanInAttributeValue { name } => write!(
                f,
                "the value of the attribute {} contains \"<\"; write it as \"&lt;\"",
                Quoted(name)
            ),
            E::CdataEndInText => f.write_str(
                "\"]]>\" is not allowed in text; write it as \"]]&gt;\"",
            ),
            E::BareAmpersand => f.write_str(
                "a \"&\" starts an entity such as \"&lt;\"; to write the character itself, use \"&amp;\"",
            ),
            E::UnknownEntity { name, instead: Some(instead) } => write!(
                f,
                "the entity {} is not defined in XML; write {} instead",
                Quoted(&format!("&{name};")),
                Quoted(instead)
            ),
            E::UnknownEntity { name, instead: None } => write!(
                f,
                "the entity {} is not defined in XML, which knows only \"&lt;\", \"&gt;\", \"&amp;\", \"&apos;\" and \"&quot;\"; to write a \"&\", use \"&amp;\"",
                Quoted(&format!("&{name};"))
            ),
            E::InvalidCharReference { reference } => write!(
                f,
                "{} is not a valid character reference; write a character XML allows, as in \"&#65;\" or \"&#x41;\"",
                Quoted(reference)
            ),
            E::IllegalCharacter { character } => write!(
                f,
                "the character U+{:04X} is not allowed in XML; delete it",
                u32::from(*character)
            ),
            E::DoubleHyphenInComment => f.write_str(
                "a comment cannot contain \"--\" or end with \"--->\"; remove a hyphen",
            ),
            E::UnclosedMarkup { markup } => {
                let (what, close) = match markup {
                    Markup::Comment => ("comment", "-->"),
                    Markup::Cdata => ("CDATA section", "]]>"),
                    Markup::ProcessingInstruction => ("processing instruction", "?>"),
                    Markup::XmlDeclaration => ("XML declaration", "?>"),
                };
                write!(f, "the {what} is never closed; add {}", Quoted(close))
            }
            E::UnknownMarkup => f.write_str(
                "\"<!\" starts a comment (\"<!--\") or a CDATA section (\"<![CDATA[\") and nothing else; to write \"<!\" as text, use \"&lt;!\"",
            ),
            E::Unreadable => f.write_str("the prompt could not be read as XML"),
            E::MisplacedDeclaration => f.write_str(
                "the XML declaration must be the very first thing in the prompt; move it there or delete it",
            ),
            E::DeclarationWithoutVersion => f.write_str(
                "the XML declaration must start with a version, as in \"<?xml version='1.0'?>\"",
            ),
            E::UnknownDeclarationAttribute { name } => write!(
                f,
                "{} is not allowed in the XML declaration, which takes only \"version\", \"encoding\" and \"standalone\"; remove it",
                Quoted(name)
            ),
            E::DeclarationOrder { name } => write!(
                f,
                "{} is repeated or out of order in the XML declaration; the order is \"version\", \"encoding\", \"standalone\", each once",
                Quoted(name)
            ),
            E::DeclarationSyntax { name } => write!(
                f,
                "the XML declaration is malformed at {}; write it as \"<?xml version='1.0' encoding='UTF-8'?>\"",
                Quoted(name)
            ),
            E::DeclarationValue { name, value } => {
                let expected = match name.as_str() {
                    "version" => "\"1.0\"",
                    "encoding" => "an encoding name such as \"UTF-8\"",
                    _ => "\"yes\" or \"no\"",
                };
                write!(
                    f,
                    "{} is not a valid value for {} in the XML declaration; write {expected}",
                    Quoted(value),
                    Quoted(name)
                )
            }
        }
    }
}

impl std::error::Error for XmlError {}

/// Character references for the HTML entity names most often pasted into prompts, so that
/// `&nbsp;` can be answered with the reference to write instead.
pub(super) fn html_entity_instead(name: &str) -> Option<&'static str> {
    Some(match name {
        "nbsp" => "&#160;",
        "copy" => "&#169;",
        "reg" => "&#174;",
        "deg" => "&#176;",
        "middot" => "&#183;",
        "times" => "&#215;",
        "ndash" => "&#8211;",
        "mdash" => "&#8212;",
        "lsquo" => "&#8216;",
        "rsquo" => "&#8217;",
        "ldquo" => "&#8220;",
        "rdquo" => "&#8221;",
        "bull" => "&#8226;",
        "hellip" => "&#8230;",
        "euro" => "&#8364;",
        "trade" => "&#8482;",
        "larr" => "&#8592;",
        "rarr" => "&#8594;",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_text_is_quoted_and_cut() {
        assert_eq!(Quoted("a").to_string(), "\"a\"");
        let long = "x".repeat(100);
        assert_eq!(
            Quoted(&long).to_string(),
            format!("\"{}…\"", "x".repeat(40))
        );
        assert_eq!(Tag("goal").to_string(), "\"<goal>\"");
        assert_eq!(EndTag("goal").to_string(), "\"</goal>\"");
    }

    #[test]
    fn codes() {
        assert_eq!(XmlError::TooLarge { bytes: 1 }.code(), IssueCode::TooLarge);
        assert_eq!(XmlError::EmptyPrompt.code(), IssueCode::EmptyPrompt);
        assert_eq!(XmlError::DoctypeNotAllowed.code(), IssueCode::DtdNotAllowed);
        let deep = XmlError::TooDeep {
            tag: "d".into(),
            depth: 65,
        };
        assert_eq!(deep.code(), IssueCode::TooDeep);
        assert_eq!(XmlError::BareAmpersand.code(), IssueCode::XmlSyntax);
    }
}
