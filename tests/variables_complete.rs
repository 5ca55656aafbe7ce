//! `completeVariables` (API.md §4 *Completion*; issue 13, item 3), natively: where completion
//! applies, the options and their ranking, scopes, previews, and UTF-16 positions. A proptest
//! ties it to the reference grammar: completion is offered exactly where typing a letter would
//! make a reference.

use prompt_assist::protocol::validation::{CompletionKind, VariableCompletion};
use prompt_assist::variables::complete::{DETAIL_CHARS, MAX_OPTIONS};
use prompt_assist::variables::{complete_variables, find_variables};
use serde_json::{json, Value};

fn context() -> Value {
    json!({
        "firstName": "Alex",
        "lastName": "Doe",
        "propertyName": "Maple Court, a quiet place with a long name that goes on",
        "company": 7,
        "active": true,
        "nothing": null,
        "Lead fields": ["leadSource", { "name": "leadScore" }],
        "contact": {
            "email": "a@example.com",
            "phone": "555",
            "address": { "city": "Oslo", "zip": "0150" },
        },
    })
}

/// Completes at the `|` in `marked`, which is removed.
fn at_bar(marked: &str, context: &Value) -> (String, Option<VariableCompletion>) {
    let offset = marked.find('|').expect("a | marks the cursor");
    let text = marked.replacen('|', "", 1);
    let units = marked[..offset].encode_utf16().count();
    let found = complete_variables(&text, units, context);
    (text, found)
}

fn labels(c: &VariableCompletion) -> Vec<&str> {
    c.options.iter().map(|o| o.label.as_str()).collect()
}

/// JS `text.slice(from, to)`.
fn slice16(text: &str, from: u32, to: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[from as usize..to as usize]).unwrap()
}

#[test]
fn where_completion_applies() {
    let ctx = context();
    let offered = [
        ("right after the @", "Hi @|"),
        ("a partial name", "Hi @fir|"),
        ("inside a name", "Hi @fir|stName!"),
        ("after a scope's dot", "Mail @contact.|"),
        ("a partial scoped name", "Mail @contact.ph|"),
        ("at the start of the text", "@|"),
        ("after an opening parenthesis", "(@fi|"),
        ("after an emoji", "😀@fi|"),
        ("after a mark on a space", "a \u{301}@fi|"),
        ("in XML text", "<prompt><goal>Hi @fi|</goal></prompt>"),
        ("in an unfinished draft", "<prompt><goal>Hi @fi|"),
        (
            "in an attribute value",
            "<prompt><rule to='@fi|'>x</rule></prompt>",
        ),
        ("in double quotes", "<prompt><rule to=\"x @fi|\"/></prompt>"),
        ("in CDATA", "<prompt><![CDATA[ @fi| ]]></prompt>"),
        ("after a comment", "<prompt><!-- c --> @fi|</prompt>"),
        ("after a bare < in prose", "<p>1 < 2 @fi|</p>"),
        ("after @@", "@@fi|"),
    ];
    for (what, marked) in offered {
        let (_, found) = at_bar(marked, &ctx);
        assert!(found.is_some(), "{what}: {marked:?}");
    }
    let refused = [
        ("no @", "Hi fir|"),
        ("an e-mail address", "leo@ex|ample.com"),
        ("right after an e-mail's @", "leo@|"),
        ("a decomposed letter before the @", "zoe\u{308}@ex|"),
        ("a digit before the @", "7@fi|"),
        ("a dot before the @", "x.@fi|"),
        ("a name starting with a digit", "@1a|"),
        ("a name starting with a dot", "@.a|"),
        ("two dots", "@a..b|"),
        ("a space between", "@ fi|"),
        ("in a comment", "<prompt><!-- @fi| --></prompt>"),
        ("in an unclosed comment", "<prompt><!-- @fi|"),
        (
            "in a processing instruction",
            "<prompt><?pi @fi|?></prompt>",
        ),
        (
            "in a tag, outside values",
            "<prompt><rule @fi|>x</rule></prompt>",
        ),
        ("in a DOCTYPE", "<!DOCTYPE @fi|><prompt/>"),
        ("empty text", "|"),
        ("before the @", "|@fi"),
    ];
    for (what, marked) in refused {
        let (_, found) = at_bar(marked, &ctx);
        assert_eq!(found, None, "{what}: {marked:?}");
    }
}

#[test]
fn from_and_to_cover_the_name_in_utf16() {
    let ctx = context();
    for (marked, name) in [
        ("Hi @fir|", "fir"),
        ("Hi @fir|stName!", "firstName"),
        ("Hi @|", ""),
        ("Hi @|firstName", "firstName"),
        ("@contact.|", "contact."),
        ("@contact.|email", "contact.email"),
        ("@contact.em|ail.", "contact.email"),
        ("😀😀 @fi|", "fi"),
        ("𝄞\r\n日本 @fir|st 😀", "first"),
        ("<p a='😀'>😀@fi|</p>", "fi"),
    ] {
        let (text, found) = at_bar(marked, &ctx);
        let c = found.unwrap_or_else(|| panic!("{marked:?}"));
        assert_eq!(slice16(&text, c.from, c.to), name, "{marked:?}");
        assert_eq!(slice16(&text, c.from - 1, c.from), "@", "{marked:?}");
        assert!(!c.filter);
    }
    // The emoji before the cursor count two units each: "😀😀 @" is 6 units.
    let (_, c) = at_bar("😀😀 @fi|", &ctx);
    assert_eq!((c.as_ref().unwrap().from, c.unwrap().to), (6, 8));
}

#[test]
fn offsets_outside_the_text_or_inside_a_character() {
    let ctx = context();
    // Past the end counts as the end.
    let text = "Hi @fi";
    assert_eq!(
        complete_variables(text, 99, &ctx),
        complete_variables(text, 6, &ctx)
    );
    // Between the halves of a surrogate pair: the start of the emoji, which is no completion.
    let text = "@fi😀";
    assert!(complete_variables(text, 3, &ctx).is_some());
    assert_eq!(complete_variables(text, 4, &ctx).map(|c| c.to), Some(3));
}

#[test]
fn top_level_options_are_names_and_the_scopes_that_lead_to_deeper_ones() {
    let (_, c) = at_bar("@|", &context());
    let c = c.unwrap();
    assert_eq!(
        labels(&c),
        [
            "active",
            "company",
            "contact.",
            "firstName",
            "lastName",
            "leadScore",
            "leadSource",
            "nothing",
            "propertyName"
        ]
    );
    let kinds: Vec<_> = c.options.iter().map(|o| o.kind).collect();
    assert_eq!(kinds[2], CompletionKind::Namespace);
    assert_eq!(
        kinds
            .iter()
            .filter(|&&k| k == CompletionKind::Variable)
            .count(),
        8
    );
}

#[test]
fn scopes() {
    let ctx = context();
    // After `@co`: the scope itself (a namespace) and names starting with `co`, then names
    // containing it.
    let (_, c) = at_bar("@co|", &ctx);
    let c = c.unwrap();
    assert_eq!(labels(&c), ["company", "contact.", "leadScore"]);
    assert_eq!(c.options[1].kind, CompletionKind::Namespace);
    assert_eq!(c.options[1].detail, None);
    // After `@contact.`: only that scope's names, and its inner scopes.
    let (_, c) = at_bar("@contact.|", &ctx);
    assert_eq!(
        labels(&c.unwrap()),
        ["contact.address.", "contact.email", "contact.phone"]
    );
    let (_, c) = at_bar("@contact.address.|", &ctx);
    assert_eq!(
        labels(&c.unwrap()),
        ["contact.address.city", "contact.address.zip"]
    );
    let (_, c) = at_bar("@contact.e|", &ctx);
    assert_eq!(
        labels(&c.unwrap()),
        ["contact.email", "contact.address.", "contact.phone"]
    );
    let (_, c) = at_bar("@contact.em|", &ctx);
    assert_eq!(labels(&c.unwrap()), ["contact.email"]);
    // A scope that does not exist offers nothing, but the place is still a completion.
    let (_, c) = at_bar("@nope.|", &ctx);
    assert_eq!(c.unwrap().options, []);
}

#[test]
fn ranking_prefix_then_substring_then_misspelling() {
    let ctx = json!({
        "lastName": 1,
        "fxrst": 1,
        "afirm": 1,
        "FIRSTPLACE": 1,
        "frisbee": 1,
        "firstName": 1,
        "zzz": 1,
    });
    let (_, c) = at_bar("@fir|", &ctx);
    // Prefix ignoring case (alphabetically), then containing, then close misspellings (by
    // distance, then alphabetically). `lastName` and `zzz` are not close.
    assert_eq!(
        labels(&c.unwrap()),
        ["firstName", "FIRSTPLACE", "afirm", "frisbee", "fxrst"]
    );
    // Substrings rank by where they match.
    let ctx = json!({ "aName": 1, "abcName": 1, "name": 1, "nameTag": 1 });
    let (_, c) = at_bar("@name|", &ctx);
    assert_eq!(labels(&c.unwrap()), ["name", "nameTag", "aName", "abcName"]);
    // A typo of a whole name, with a transposition.
    let (_, c) = at_bar("@frist|Name", &context());
    assert_eq!(labels(&c.unwrap()), ["firstName"]);
    // One typed letter is never a misspelling of everything.
    let (_, c) = at_bar("@x|", &context());
    assert_eq!(c.unwrap().options, []);
}

#[test]
fn details_preview_the_value() {
    let (_, c) = at_bar("@|", &context());
    let c = c.unwrap();
    let detail = |label: &str| {
        c.options
            .iter()
            .find(|o| o.label == label)
            .and_then(|o| o.detail.clone())
    };
    assert_eq!(detail("firstName").as_deref(), Some("Alex"));
    assert_eq!(detail("company").as_deref(), Some("7"));
    assert_eq!(detail("active").as_deref(), Some("true"));
    assert_eq!(detail("nothing"), None);
    assert_eq!(detail("leadSource"), None, "a group member has no value");
    let long = detail("propertyName").unwrap();
    assert_eq!(long.chars().count(), DETAIL_CHARS + 1);
    assert!(long.ends_with('…') && long.starts_with("Maple Court, a quiet"));
    let (_, c) = at_bar("@contact.address.c|", &context());
    assert_eq!(c.unwrap().options[0].detail.as_deref(), Some("Oslo"));
}

#[test]
fn many_names_give_the_best_hundred() {
    let names: Vec<String> = (0..250).map(|i| format!("field{i:03}")).collect();
    let ctx = json!({ "Fields": names });
    let (_, c) = at_bar("@f|", &ctx);
    let c = c.unwrap();
    assert_eq!(c.options.len(), MAX_OPTIONS);
    assert_eq!(c.options[0].label, "field000");
}

#[test]
fn a_context_that_is_not_an_object_offers_nothing() {
    for ctx in [json!(null), json!(["firstName"]), json!("firstName")] {
        let (_, c) = at_bar("@fi|", &ctx);
        assert_eq!(c.unwrap().options, [], "{ctx}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'a', 'Z', '_', '.', '@', '@', ' ', '1', 'é', '\u{301}', '😀', '-', '\n', '(',
        ]);
        prop::collection::vec(chars, 0..16).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Completion is offered at a cursor exactly when typing one more letter there would
        /// end a reference the grammar accepts (`find_variables`), and then `from` is right
        /// after that reference's `@`.
        #[test]
        fn completion_is_offered_exactly_where_the_grammar_makes_a_reference(text in text()) {
            let ctx = json!({ "a": 1 });
            let units: Vec<u16> = text.encode_utf16().collect();
            let mut boundaries: Vec<usize> = text
                .char_indices()
                .map(|(at, _)| text[..at].encode_utf16().count())
                .collect();
            boundaries.push(units.len());
            for cursor in boundaries {
                let before = String::from_utf16(&units[..cursor]).unwrap();
                let typed_on = format!("{before}x ");
                let reference = find_variables(&typed_on, None)
                    .into_iter()
                    .find(|r| r.end as usize == cursor + 1);
                let found = complete_variables(&text, cursor, &ctx);
                prop_assert_eq!(
                    found.as_ref().map(|c| c.from),
                    reference.map(|r| r.start + 1),
                    "{:?} at {}", text, cursor
                );
            }
        }
    }
}
