//! Variable-context normalisation (API.md §4 *Variables*): every shape, mixed.

use prompt_assist::variables::{variable_names, VariableSet, MAX_SCOPE_DEPTH};
use serde_json::{json, Value};

#[test]
fn scalars_are_names() {
    let ctx = json!({ "firstName": "Alex", "propertyName": "Maple Court", "n": 3, "b": false, "z": null });
    assert_eq!(
        variable_names(&ctx.clone().into()),
        ["b", "firstName", "n", "propertyName", "z"]
    );
}

#[test]
fn groups_of_strings_and_of_name_objects() {
    let ctx = json!({
        "Contact fields": ["firstName", "email"],
        "Lead": [{ "name": "source", "label": "Lead source" }, { "label": "no name" }, { "name": 5 }],
        "Odd": [1, true, null, ["nested"], { "name": "@ok" }],
    });
    assert_eq!(
        variable_names(&ctx.clone().into()),
        ["email", "firstName", "ok", "source"]
    );
}

#[test]
fn scopes_prefix_their_names_and_nest() {
    let ctx = json!({
        "contact": {
            "firstName": "Alex",
            "Fields": ["email", { "name": "phone" }],
            "address": { "city": "Oslo", "Parts": ["zip"] },
            "empty": {},
        }
    });
    assert_eq!(
        variable_names(&ctx.clone().into()),
        [
            "contact.address.city",
            "contact.address.zip",
            "contact.email",
            "contact.firstName",
            "contact.phone",
        ]
    );
}

#[test]
fn a_leading_at_is_ignored_everywhere() {
    let ctx = json!({ "@firstName": 1, "@contact": { "@email": 1, "G": ["@phone", { "name": "@fax" }] }, "G": ["@x"] });
    assert_eq!(
        variable_names(&ctx.clone().into()),
        [
            "contact.email",
            "contact.fax",
            "contact.phone",
            "firstName",
            "x"
        ]
    );
}

#[test]
fn names_the_grammar_cannot_express_are_left_out() {
    let ctx = json!({
        "first name": 1, "1st": 1, "": 1, "@": 1, "a.": 1, "a..b": 1, "é": 1, "ok.dotted": 1,
        "G": ["last name", "-x", "good"],
        "bad scope": { "x": 1 },
        "@@double": 1,
    });
    assert_eq!(variable_names(&ctx.clone().into()), ["good", "ok.dotted"]);
}

#[test]
fn mixed_shapes_are_sorted_and_deduplicated() {
    let ctx = json!({
        "email": "x",
        "Contact fields": ["email", "firstName", "email"],
        "@firstName": "again",
        "contact": { "email": 1 },
        "More": [{ "name": "contact.email" }],
    });
    assert_eq!(
        variable_names(&ctx.clone().into()),
        ["contact.email", "email", "firstName"]
    );
}

#[test]
fn a_context_that_is_not_an_object_has_no_names() {
    for ctx in [
        json!(null),
        json!(["a", "b"]),
        json!("a"),
        json!(1),
        json!(true),
    ] {
        assert!(variable_names(&ctx.clone().into()).is_empty(), "{ctx}");
        assert!(
            VariableSet::from_context(&ctx.clone().into()).is_none(),
            "{ctx}"
        );
    }
    assert_eq!(
        VariableSet::from_context(&json!({}).into()).map(|s| s.names().len()),
        Some(0)
    );
}

#[test]
fn deep_nesting_is_bounded_not_a_stack_overflow() {
    fn nest(levels: usize) -> Value {
        // Built by hand: `json!` would serialise the inner value again at every level.
        let mut value = json!({ "leaf": 1 });
        for _ in 1..levels {
            let mut scope = serde_json::Map::new();
            scope.insert("s".to_owned(), value);
            value = Value::Object(scope);
        }
        value
    }
    // MAX_SCOPE_DEPTH levels of objects (the context itself is level 1) are read...
    let names = variable_names(&nest(MAX_SCOPE_DEPTH).into());
    assert_eq!(names.len(), 1);
    assert!(names[0].ends_with(".s.leaf"));
    assert_eq!(names[0].matches('.').count(), MAX_SCOPE_DEPTH - 1);
    // ...deeper ones are ignored, however deep.
    assert!(variable_names(&nest(MAX_SCOPE_DEPTH + 1).into()).is_empty());
    let deep = nest(50_000);
    assert!(variable_names(&prompt_assist::json::Value::from(&deep)).is_empty());
    // serde_json drops nested values recursively; leak this one rather than test its drop.
    std::mem::forget(deep);
}
