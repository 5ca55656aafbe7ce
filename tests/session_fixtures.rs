//! Every fixture stream of `tests/fixtures/streams/`, read in one piece, gives exactly the events
//! and the final snapshot written by hand in its `*.expected.json` (see `tests/common/mod.rs` for
//! what is compared loosely).

mod common;

use common::{fixture_names, Fixture};

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let fixture = Fixture::load(stringify!($name));
                let (events, snapshot) = fixture.run(&[]);
                common::assert_matches_expected(&fixture, &events, &snapshot);
            }
        )*

        /// A new fixture must get a test (add its name to the list above).
        #[test]
        fn every_fixture_is_listed() {
            let mut listed = vec![$(stringify!($name).to_owned()),*];
            listed.sort();
            assert_eq!(fixture_names(), listed);
        }
    };
}

fixture_tests!(
    bom,
    chat,
    clarify,
    crlf,
    draft,
    draft_in_chat_mode,
    draft_unknown_variable_moved_section,
    error_then_done,
    events_after_done,
    garbage_lines,
    garbage_mixed,
    malformed_xml_draft,
    mode_switch,
    server_error,
    setup_required,
    truncated,
    unicode,
    unknown_types,
    wrong_field_types,
);

/// `replay` is the same as a session fed the whole input and finished.
#[test]
fn replay_matches_a_session() {
    for name in fixture_names() {
        let fixture = Fixture::load(&name);
        let (events, snapshot) = prompt_assist::session::replay(&fixture.bytes, fixture.options());
        let (expected_events, expected_snapshot) = fixture.run(&[]);
        assert_eq!(events, expected_events, "{name}");
        assert_eq!(snapshot, expected_snapshot, "{name}");
    }
}

/// The `Serialize` impls (for Rust callers and other serde formats) give the same JSON as the
/// wire writer that feeds JS, for every fixture's events and snapshot.
#[test]
fn serde_and_the_wire_writer_agree() {
    for name in fixture_names() {
        let fixture = Fixture::load(&name);
        let (events, snapshot) = fixture.run(&[]);
        let serde: Vec<serde_json::Value> = events
            .iter()
            .map(|e| serde_json::to_value(e).expect("serialise"))
            .collect();
        assert_eq!(common::events_json(&events), serde, "{name}: events");
        assert_eq!(
            common::snapshot_json(&snapshot),
            serde_json::to_value(&snapshot).expect("serialise"),
            "{name}: snapshot"
        );
    }
}

/// The expectations are not vacuous: a fixture's expectations do not match another fixture's
/// run, so the comparison can fail.
#[test]
fn a_wrong_expectation_is_caught() {
    let chat = Fixture::load("chat");
    let clarify = Fixture::load("clarify");
    let (events, snapshot) = clarify.run(&[]);
    let outcome = std::panic::catch_unwind(|| {
        common::assert_matches_expected(&chat, &events, &snapshot);
    });
    assert!(outcome.is_err());
}
