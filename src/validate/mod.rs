//! Draft validation (API.md §4 *Validation*): one parse, then lints, then positions.
//!
//! [`outline()`] parses the draft once (quick-xml) and reports why it is not well-formed; this
//! module turns that [`Outline`] into [`ValidationIssue`]s, adds the prompt lints (root element,
//! empty and duplicate sections, `{{name}}` / `${name}` placeholders), and checks every `@name`
//! reference against the variable context. Findings are data: nothing here fails or panics.
//!
//! It is not the diff (which reuses the same [`Outline`]) and not an XML schema: any element
//! names are accepted below the root.
//!
//! Start at [`validate_draft`]; a session that validates many drafts against one context calls
//! [`validate_draft_with`] with a [`VariableSet`] it prepared once.
//!
//! Choices the contract leaves open:
//! - References are searched in the raw source of text, CDATA and attribute values (so
//!   positions are exact and `&#64;` is not an `@`), or in the whole text when the draft is not
//!   well-formed, `too-large` included (the search is linear and cheap).
//! - The structure lints (`root-element`, `empty-section`, `duplicate-section`) need a structure:
//!   they run only on a well-formed draft.
//! - A context that is not a JSON object counts as no context (`known` is `null`).
//! - `duplicate-section` without a `name`/`id` compares contents with surrounding whitespace
//!   trimmed.

pub mod error;
pub mod finding;
mod grammar;
pub mod outline;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde_json::Value;

use crate::position::LineIndex;
use crate::protocol::{DraftValidation, IssueCode, Severity, ValidationIssue};
use crate::variables::{self, VariableSet};

pub use error::{Markup, NameKind, XmlError};
pub use finding::{Finding, Sameness};
pub use outline::{
    outline, ElementSpan, Outline, SectionKey, XmlProblem, MAX_DEPTH, MAX_PROMPT_BYTES,
};

/// The root element a prompt is expected to have.
pub const PROMPT_ROOT: &str = "prompt";

/// Validates one prompt draft against an optional `variableContext`.
pub fn validate_draft(xml: &str, variable_context: Option<&Value>) -> DraftValidation {
    let variables = variable_context.and_then(VariableSet::from_context);
    validate_draft_with(xml, &outline(xml), variables.as_ref())
}

/// Validates a draft already parsed into `outline` (which must be `outline(xml)`), against a
/// prepared variable set (`None`: no context, no `unknown-variable` issues).
pub fn validate_draft_with(
    xml: &str,
    outline: &Outline,
    variables: Option<&VariableSet>,
) -> DraftValidation {
    let index = LineIndex::new(xml);
    let mut issues = Issues {
        index: &index,
        list: Vec::new(),
    };
    for problem in &outline.problems {
        issues.push(Finding::Xml(problem.error.clone()), problem.span.clone());
    }

    let mut spans = Vec::new();
    for region in &outline.reference_regions {
        variables::references_into(xml, region.clone(), &mut spans);
    }
    let mut suggestions: HashMap<&str, Option<&str>> = HashMap::new();
    let mut budget = variables::SUGGESTION_BUDGET;
    let mut refs = Vec::with_capacity(spans.len());
    for span in spans {
        let found = variables::variable_ref(&index, span.clone(), variables);
        if let (Some(set), Some(false)) = (variables, found.known) {
            let name = xml.get(span.start + 1..span.end).unwrap_or_default();
            let suggestion = *suggestions
                .entry(name)
                .or_insert_with(|| set.suggest_within(name, &mut budget));
            let finding = Finding::UnknownVariable {
                name: name.to_owned(),
                suggestion: suggestion.map(str::to_owned),
            };
            issues.push(finding, span);
        }
        refs.push(found);
    }

    for region in &outline.reference_regions {
        placeholders(xml, region.clone(), variables, &mut issues);
    }

    if outline.well_formed {
        structure(xml, outline, &mut issues);
    }

    let mut list = issues.list;
    list.sort_by_key(|i| (i.start, i.end, code_rank(i.code)));
    DraftValidation {
        ok: !list.iter().any(|i| i.severity == Severity::Error),
        well_formed: outline.well_formed,
        issues: list,
        variables: refs,
        sections: if outline.well_formed {
            outline.sections.iter().map(|s| s.tag.clone()).collect()
        } else {
            Vec::new()
        },
    }
}

/// Issues being collected, positioned through the document's one [`LineIndex`].
struct Issues<'i, 'a> {
    index: &'i LineIndex<'a>,
    list: Vec<ValidationIssue>,
}

impl Issues<'_, '_> {
    fn push(&mut self, finding: Finding, span: Range<usize>) {
        let at = self.index.span(span);
        let code = finding.code();
        // Room for most messages at once: `to_string` would grow the buffer piece by piece.
        let mut message = String::with_capacity(128);
        let _ = write!(message, "{finding}");
        // The variable issues carry their names too, moved out of the finding.
        let (variable, suggestion) = match finding {
            Finding::UnknownVariable { name, suggestion }
            | Finding::Placeholder {
                name, suggestion, ..
            } => (Some(name), suggestion),
            _ => (None, None),
        };
        self.list.push(ValidationIssue {
            severity: code.severity(),
            code,
            message,
            start: at.start,
            end: at.end,
            line: at.line,
            column: at.column,
            variable,
            suggestion,
        });
    }
}

/// Orders issues that share a span: errors before warnings, then a fixed order.
fn code_rank(code: IssueCode) -> u8 {
    match code {
        IssueCode::TooLarge => 0,
        IssueCode::EmptyPrompt => 1,
        IssueCode::DtdNotAllowed => 2,
        IssueCode::TooDeep => 3,
        IssueCode::XmlSyntax => 4,
        IssueCode::UnknownVariable => 5,
        IssueCode::RootElement => 6,
        IssueCode::DuplicateSection => 7,
        IssueCode::EmptySection => 8,
        IssueCode::PlaceholderSyntax => 9,
    }
}

/// `{{name}}` (spaces and an `@` allowed inside) and `${name}` in one region.
fn placeholders(
    xml: &str,
    region: Range<usize>,
    variables: Option<&VariableSet>,
    issues: &mut Issues<'_, '_>,
) {
    let Some(haystack) = xml.as_bytes().get(region.clone()) else {
        return;
    };
    let mut resume = 0;
    for found in memchr::memchr2_iter(b'{', b'$', haystack) {
        if found < resume {
            continue;
        }
        let at = region.start + found;
        let rest = xml.get(at..region.end).unwrap_or_default();
        let Some((len, name)) = placeholder_at(rest) else {
            continue;
        };
        resume = found + len;
        let written = rest.get(..len).unwrap_or_default();
        let suggestion = variables.filter(|set| set.contains(name)).map(|_| name);
        let finding = Finding::Placeholder {
            written: written.to_owned(),
            name: name.to_owned(),
            suggestion: suggestion.map(str::to_owned),
        };
        issues.push(finding, at..at + len);
    }
}

/// A placeholder at the start of `text`: its length in bytes and the name inside.
fn placeholder_at(text: &str) -> Option<(usize, &str)> {
    let (open, close, at_allowed) = if text.starts_with("{{") {
        ("{{", "}}", true)
    } else if text.starts_with("${") {
        ("${", "}", false)
    } else {
        return None;
    };
    let inner = text.get(open.len()..)?;
    let trimmed = inner.trim_start_matches([' ', '\t']);
    let mut at = open.len() + inner.len() - trimmed.len();
    if at_allowed && trimmed.starts_with('@') {
        at += 1;
    }
    let name_len = variables::name_prefix(text.get(at..)?);
    if name_len == 0 {
        return None;
    }
    let name = text.get(at..at + name_len)?;
    let after = text.get(at + name_len..)?;
    let trimmed = after.trim_start_matches([' ', '\t']);
    if !trimmed.starts_with(close) {
        return None;
    }
    Some((text.len() - trimmed.len() + close.len(), name))
}

/// What makes two sections the same for `duplicate-section`.
#[derive(PartialEq, Eq, Hash)]
enum Identity<'a> {
    Keyed(&'a str, &'a SectionKey),
    Content(&'a str, &'a str),
}

fn structure(xml: &str, outline: &Outline, issues: &mut Issues<'_, '_>) {
    if let Some(root) = outline.root.as_ref().filter(|r| r.tag != PROMPT_ROOT) {
        let finding = Finding::RootElement {
            tag: root.tag.clone(),
        };
        issues.push(finding, root.start_tag.clone());
    }
    let mut seen: HashMap<Identity<'_>, &ElementSpan> = HashMap::new();
    for section in &outline.sections {
        if !section.has_child_elements && !section.has_text {
            let finding = Finding::EmptySection {
                tag: section.tag.clone(),
            };
            issues.push(finding, section.span.clone());
        }
        let identity = match &section.key {
            Some(key) => Identity::Keyed(&section.tag, key),
            None => Identity::Content(
                &section.tag,
                xml.get(section.content.clone())
                    .unwrap_or_default()
                    .trim_matches([' ', '\t', '\r', '\n']),
            ),
        };
        match seen.get(&identity) {
            Some(first) => {
                let finding = Finding::DuplicateSection {
                    tag: section.tag.clone(),
                    same: match &section.key {
                        Some(SectionKey::Name(name)) => Sameness::Name(name.clone()),
                        Some(SectionKey::Id(id)) => Sameness::Id(id.clone()),
                        None => Sameness::Content,
                    },
                    first_line: issues.index.position(first.start_tag.start).line,
                };
                issues.push(finding, section.start_tag.clone());
            }
            None => {
                seen.insert(identity, section);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_shapes() {
        assert_eq!(placeholder_at("{{name}} x"), Some((8, "name")));
        assert_eq!(placeholder_at("{{ @a.b }}"), Some((10, "a.b")));
        assert_eq!(placeholder_at("${x}"), Some((4, "x")));
        assert_eq!(placeholder_at("${@x}"), None);
        assert_eq!(placeholder_at("{{a b}}"), None);
        assert_eq!(placeholder_at("{{a}"), None);
        assert_eq!(placeholder_at("{a}"), None);
        assert_eq!(placeholder_at("{{a.}}"), None);
    }

    #[test]
    fn every_code_has_a_rank() {
        let mut ranks: Vec<_> = [
            IssueCode::XmlSyntax,
            IssueCode::UnknownVariable,
            IssueCode::PlaceholderSyntax,
            IssueCode::DtdNotAllowed,
            IssueCode::RootElement,
            IssueCode::EmptySection,
            IssueCode::DuplicateSection,
            IssueCode::TooDeep,
            IssueCode::TooLarge,
            IssueCode::EmptyPrompt,
        ]
        .map(code_rank)
        .to_vec();
        ranks.sort_unstable();
        ranks.dedup();
        assert_eq!(ranks.len(), 10);
    }
}
