//! The `@name` reference grammar (API.md §4 *Variables*), through `find_variables` (any text)
//! and `validate_draft` (XML: text, CDATA and attribute values only).

use prompt_assist::validate::validate_draft;
use prompt_assist::variables::find_variables;
use serde_json::json;

fn found(text: &str) -> Vec<String> {
    find_variables(text, None)
        .into_iter()
        .map(|r| r.name)
        .collect()
}

fn in_xml(xml: &str) -> Vec<String> {
    validate_draft(xml, None)
        .variables
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn grammar_table() {
    let table: &[(&str, &[&str])] = &[
        ("Hello @firstName!", &["firstName"]),
        ("@contact.email", &["contact.email"]),
        ("end of sentence @name.", &["name"]),
        ("@a.b.", &["a.b"]),
        ("@a..b", &["a"]),
        ("@a.1b", &["a"]),
        ("@_under_score1 @x9", &["_under_score1", "x9"]),
        ("@9lives @ @. @-x", &[]),
        ("leo@example.com", &[]),
        ("zoë@example.com", &[]),
        ("名前@example 이름@x имя@x ١@x", &[]),
        ("a_@x a.@x a+@x a-@x 7@x", &[]),
        (
            "(@a) [@b] \"@c\" '@d' ,@e ;@f /@g",
            &["a", "b", "c", "d", "e", "f", "g"],
        ),
        ("@a@b", &["a"]),
        ("@firstName's tour", &["firstName"]),
        ("@é @Zoë", &["Zo"]),
        ("\n@start\tand@not", &["start"]),
        ("😀@emoji", &["emoji"]),
    ];
    for (text, names) in table {
        assert_eq!(found(text), *names, "{text:?}");
    }
}

#[test]
fn xml_regions() {
    // Text, CDATA and attribute values count.
    assert_eq!(
        in_xml(r#"<prompt to="@a" cc='x @b'><goal>@c</goal><![CDATA[@d <x> @e]]></prompt>"#),
        ["a", "b", "c", "d", "e"]
    );
    // Comments, processing instructions and tag or attribute names do not.
    assert_eq!(
        in_xml("<prompt><!-- @a --><?pi @b?><goal>x</goal></prompt>"),
        Vec::<String>::new()
    );
    assert_eq!(in_xml(r#"<prompt x@y="1"><a:b@c/></prompt>"#).len(), 0);
    // An email in an attribute is still not a reference.
    assert_eq!(
        in_xml(r#"<prompt to="leo@example.com">x</prompt>"#).len(),
        0
    );
    // Entities: the source is searched, so `&amp;` before `@` is `;` before it, and `&#64;`
    // is not an `@` at all.
    assert_eq!(in_xml("<prompt>a&amp;@x &#64;y</prompt>"), ["x"]);
}

#[test]
fn malformed_xml_is_searched_as_raw_text() {
    // Not well-formed: comments no longer hide references.
    assert_eq!(in_xml("<prompt><!-- @a --> @b"), ["a", "b"]);
    assert_eq!(in_xml("@x"), ["x"]);
}

#[test]
fn known_follows_the_context() {
    let refs = find_variables("@a @b @c.d", Some(&json!({ "a": 1, "c": { "d": 2 } })));
    let known: Vec<_> = refs.iter().map(|r| r.known).collect();
    assert_eq!(known, [Some(true), Some(false), Some(true)]);
    assert!(find_variables("@a", None)[0].known.is_none());
}

/// Issue 10, item 6: the character before `@` is a whole character (grapheme cluster). Marks,
/// joiners, variation selectors and emoji modifiers belong to the letter before them.
#[test]
fn the_character_before_the_at_is_a_whole_character() {
    let blocked: &[(&str, &str)] = &[
        (
            "Latin, decomposed ë (the issue's case)",
            "zoe\u{308}@example.com",
        ),
        ("Latin, two marks (Vietnamese ệ)", "e\u{323}\u{302}@x"),
        ("Latin, acute on a capital", "E\u{301}@x"),
        ("Cyrillic й decomposed", "\u{438}\u{306}@x"),
        ("Greek ά decomposed", "\u{3B1}\u{301}@x"),
        ("Hebrew point", "\u{5D0}\u{5B8}@x"),
        ("Arabic fatha", "\u{628}\u{64E}@x"),
        ("Devanagari vowel sign (a spacing mark)", "\u{915}\u{93F}@x"),
        ("Devanagari virama", "\u{915}\u{94D}@x"),
        ("Thai vowel sign", "\u{E01}\u{E34}@x"),
        ("Hangul conjoining jamo", "\u{1100}\u{1161}@x"),
        ("a digit with a mark", "7\u{301}@x"),
        ("a keycap digit", "1\u{FE0F}\u{20E3}@x"),
        ("zero-width joiner after a letter", "a\u{200D}@x"),
        ("zero-width non-joiner after a letter", "a\u{200C}@x"),
        ("variation selector after a letter", "a\u{FE0F}@x"),
        ("ideographic variation selector", "\u{845B}\u{E0100}@x"),
        ("emoji modifier after a letter", "a\u{1F3FD}@x"),
        ("underscore with a mark", "_\u{301}@x"),
        ("dot with a mark", ".\u{301}@x"),
        ("a letter after a prepended sign", "\u{600}a@x"),
    ];
    for (what, text) in blocked {
        assert_eq!(found(text), Vec::<String>::new(), "{what}: {text:?}");
    }
    let allowed: &[(&str, &str)] = &[
        ("an emoji", "😀@x"),
        ("an emoji ZWJ sequence", "\u{1F469}\u{200D}\u{1F4BB}@x"),
        ("an emoji with a skin tone", "\u{1F44D}\u{1F3FD}@x"),
        ("an emoji with a variation selector", "\u{2764}\u{FE0F}@x"),
        ("a flag", "\u{1F1EB}\u{1F1F7}@x"),
        ("a mark on a space", "hi \u{301}@x"),
        ("a mark on an opening parenthesis", "(\u{301}@x"),
        ("a mark at the start of the text", "\u{301}@x"),
        ("a mark after a line break", "a\n\u{301}@x"),
        (
            "an alphabetic mark (Hebrew sheva) on a space",
            "hi \u{5B0}@x",
        ),
        ("an alphabetic mark at the start of a line", "a\n\u{5B0}@x"),
        ("CR LF", "a\r\n@x"),
    ];
    for (what, text) in allowed {
        assert_eq!(found(text), ["x"], "{what}: {text:?}");
    }
}

/// The same rule after the name: a reference never ends inside a character. `@Zoë` is `@Zo`
/// whether the `ë` is precomposed or decomposed.
#[test]
fn a_name_ends_on_a_whole_character() {
    let table: &[(&str, &[&str])] = &[
        ("@Zoë", &["Zo"]),
        ("@Zoe\u{308}", &["Zo"]),
        ("@Zoe\u{308}x", &["Zo"]),
        ("@e\u{301}", &[]),
        ("@a.e\u{301}", &["a"]),
        ("@a_\u{301}", &["a"]),
        ("@ab\u{200D}", &["a"]),
        ("@ab\u{FE0F} @c", &["a", "c"]),
        ("@ab😀", &["ab"]),
        ("@ab 😀", &["ab"]),
    ];
    for (text, names) in table {
        assert_eq!(found(text), *names, "{text:?}");
    }
}

#[test]
fn whole_characters_in_xml_too() {
    let ctx = json!({ "example": { "com": 1 } });
    let xml =
        "<prompt><goal to='zoe\u{308}@example.com'>Mail zoe\u{308}@example.com</goal></prompt>";
    let v = validate_draft(xml, Some(&ctx));
    assert!(v.variables.is_empty(), "{:?}", v.variables);
    assert!(v.ok, "{:?}", v.issues);
}

mod properties {
    use super::found;
    use proptest::prelude::*;

    /// Letters and digits of several scripts, and the punctuation that blocks.
    fn blocking() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            'a', 'Z', 'é', 'ß', 'ж', 'Ω', 'א', 'ب', 'क', 'ก', '日', '한', 'ᄀ', '7', '٣', '_', '.',
            '+', '-',
        ])
    }

    /// Characters that extend the cluster before them (Grapheme_Cluster_Break Extend, ZWJ or
    /// SpacingMark): combining marks of several scripts, joiners, variation selectors, emoji
    /// modifiers, enclosing marks.
    fn extending() -> impl Strategy<Value = char> {
        prop_oneof![
            (0x300u32..=0x36F).prop_map(|c| char::from_u32(c).unwrap()),
            (0x483u32..=0x487).prop_map(|c| char::from_u32(c).unwrap()),
            (0x591u32..=0x5BD).prop_map(|c| char::from_u32(c).unwrap()),
            (0x64Bu32..=0x65F).prop_map(|c| char::from_u32(c).unwrap()),
            (0x93Eu32..=0x940).prop_map(|c| char::from_u32(c).unwrap()),
            (0xE34u32..=0xE3A).prop_map(|c| char::from_u32(c).unwrap()),
            (0x1DC0u32..=0x1DFF).prop_map(|c| char::from_u32(c).unwrap()),
            (0x20D0u32..=0x20F0).prop_map(|c| char::from_u32(c).unwrap()),
            (0xFE00u32..=0xFE0F).prop_map(|c| char::from_u32(c).unwrap()),
            (0xFE20u32..=0xFE2F).prop_map(|c| char::from_u32(c).unwrap()),
            (0x1F3FBu32..=0x1F3FF).prop_map(|c| char::from_u32(c).unwrap()),
            (0xE0100u32..=0xE01EF).prop_map(|c| char::from_u32(c).unwrap()),
            Just('\u{200C}'),
            Just('\u{200D}'),
        ]
    }

    /// What comes before without making a letter: spaces, punctuation that does not block,
    /// emoji.
    fn neutral() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            ' ', '(', '"', '\'', ',', ';', '/', '😀', '\u{2764}', '\n',
        ])
    }

    proptest! {
        /// Inserting any sequence of extending characters between a letter and `@` never makes
        /// a reference.
        #[test]
        fn marks_after_a_letter_never_make_a_reference(
            letter in blocking(),
            marks in prop::collection::vec(extending(), 0..6),
            name in "[a-z][a-z0-9_]{0,8}",
        ) {
            let marks: String = marks.into_iter().collect();
            let text = format!("{letter}{marks}@{name}");
            prop_assert_eq!(found(&text), Vec::<String>::new(), "{:?}", text);
        }

        /// And after a character that does not block, marks do not block either.
        #[test]
        fn marks_after_a_neutral_character_keep_the_reference(
            before in neutral(),
            marks in prop::collection::vec(extending(), 0..6),
            name in "[a-z][a-z0-9_]{0,8}",
        ) {
            let marks: String = marks.into_iter().collect();
            let text = format!("{before}{marks}@{name} ");
            prop_assert_eq!(found(&text), vec![name], "{:?}", text);
        }

        /// A name never ends inside a character: marks after it cut the letter they sit on.
        #[test]
        fn a_reference_never_ends_inside_a_character(
            name in "[a-z][a-z0-9_]{0,8}",
            marks in prop::collection::vec(extending(), 1..4),
        ) {
            let marks: String = marks.into_iter().collect();
            let text = format!("@{name}{marks}");
            let expected: Vec<String> = if name.len() > 1 {
                vec![name[..name.len() - 1].trim_end_matches('.').to_owned()]
            } else {
                Vec::new()
            };
            prop_assert_eq!(found(&text), expected, "{:?}", text);
        }
    }
}
