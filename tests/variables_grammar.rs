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
