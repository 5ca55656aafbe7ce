//! A turn as the editor sees it while it runs (API.md §6 `ConversationTurn`), told to the JS side
//! as patches so that each chunk costs what it adds, not the whole text again; and what a
//! finished turn contributes to the history.

use crate::protocol::wire::{write_error, write_setup, Obj};
use crate::protocol::{ChangeKind, PromptDiff};
use crate::session::{Phase, Session, SessionSnapshot};

/// What the JS side has already been told about one turn's session.
#[derive(Debug, Clone, Default)]
pub struct TurnCursor {
    phase: Option<Phase>,
    /// Bytes of the JSON bodies of `assistantText` / `reasoningText` already sent.
    assistant: usize,
    reasoning: usize,
    drafts: u64,
    error: bool,
    setup: bool,
    finished: bool,
}

impl TurnCursor {
    /// The changes since the last patch as one JSON object, or `None` when nothing changed:
    /// `phase` when it changed; `assistantText` / `reasoningText` holding only the text added
    /// (to be appended: JS concatenation joins a surrogate pair split across patches); `draft`,
    /// `error`, `setup` when they appeared; and, once `finished`, `finished: true` with `reply`
    /// (see [`reply`]) when there is one.
    pub fn patch(&mut self, session: &Session, finished: bool) -> Option<String> {
        let snapshot = session.snapshot();
        let mut out = String::new();
        let mut o = Obj::open(&mut out);
        let mut changed = false;
        if self.phase != Some(snapshot.phase) {
            self.phase = Some(snapshot.phase);
            o.str("phase", snapshot.phase.as_str());
            changed = true;
        }
        for (key, text, sent) in [
            (
                "assistantText",
                &snapshot.assistant_text,
                &mut self.assistant,
            ),
            (
                "reasoningText",
                &snapshot.reasoning_text,
                &mut self.reasoning,
            ),
        ] {
            let body = text.body();
            if let Some(added) = body.get(*sent..).filter(|a| !a.is_empty()) {
                o.key(key);
                o.out.push('"');
                o.out.push_str(added);
                o.out.push('"');
                *sent = body.len();
                changed = true;
            }
        }
        if session.drafts() != self.drafts {
            self.drafts = session.drafts();
            if let Some(draft) = &snapshot.draft {
                o.key("draft");
                let mut inner = Obj::open(o.out);
                inner.text("prompt", &draft.prompt);
                inner.serde("validation", &draft.validation);
                inner.serde("diff", &draft.diff);
                inner.end();
                changed = true;
            }
        }
        if let (Some(error), false) = (&snapshot.error, self.error) {
            self.error = true;
            o.key("error");
            write_error(error, o.out);
            changed = true;
        }
        if let (Some(setup), false) = (&snapshot.setup, self.setup) {
            self.setup = true;
            o.key("setup");
            write_setup(setup, o.out);
            changed = true;
        }
        if finished && !self.finished {
            self.finished = true;
            o.raw("finished", "true");
            if let Some(reply) = reply(snapshot) {
                o.str("reply", &reply);
            }
            changed = true;
        }
        o.end();
        changed.then_some(out)
    }
}

/// What a finished turn contributes to the history as the assistant's words: its reply text
/// when it has any (trimmed), else, for a turn with a draft, a one-line summary of what the
/// draft changed. `None` for a turn that did not end with `done`.
pub fn reply(snapshot: &SessionSnapshot) -> Option<String> {
    if snapshot.phase != Phase::Done {
        return None;
    }
    let text = snapshot.assistant_text.to_str_lossy();
    let text = text.trim();
    if !text.is_empty() {
        return Some(text.to_owned());
    }
    snapshot
        .draft
        .as_ref()
        .map(|draft| draft_summary(&draft.diff))
}

/// `(I drafted a new prompt: changed "goal"; added "tone".)`, naming the sections by tag.
pub fn draft_summary(diff: &PromptDiff) -> String {
    let mut parts = Vec::new();
    for (kind, verb) in [
        (ChangeKind::Modified, "changed"),
        (ChangeKind::Added, "added"),
        (ChangeKind::Moved, "moved"),
        (ChangeKind::Removed, "removed"),
    ] {
        let mut tags: Vec<&str> = diff
            .sections
            .iter()
            .filter(|s| s.change == kind)
            .map(|s| s.tag.as_str())
            .collect();
        tags.dedup();
        if !tags.is_empty() {
            let names: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
            parts.push(format!("{verb} {}", names.join(", ")));
        }
    }
    if parts.is_empty() {
        "(I drafted a new prompt.)".to_owned()
    } else {
        format!("(I drafted a new prompt: {}.)", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::SessionOptions;
    use serde_json::{json, Value};

    fn patch(cursor: &mut TurnCursor, session: &Session, finished: bool) -> Value {
        cursor
            .patch(session, finished)
            .map_or(Value::Null, |p| serde_json::from_str(&p).unwrap())
    }

    #[test]
    fn patches_carry_only_what_changed() {
        let mut session = Session::new(SessionOptions {
            current_prompt: "<prompt><goal>a</goal></prompt>".into(),
            ..SessionOptions::default()
        });
        let mut cursor = TurnCursor::default();
        assert_eq!(
            patch(&mut cursor, &session, false),
            json!({"phase": "waiting"})
        );
        assert_eq!(patch(&mut cursor, &session, false), Value::Null);
        session.push(b"{\"type\":\"mode\",\"mode\":\"draft\"}\n{\"type\":\"assistant-delta\",\"delta\":\"Hi \\ud83d\"}\n");
        assert_eq!(
            cursor.patch(&session, false).unwrap(),
            r#"{"phase":"streaming","assistantText":"Hi \ud83d"}"#
        );
        session.push(b"{\"type\":\"assistant-delta\",\"delta\":\"\\ude00\"}\n{\"type\":\"reasoning-delta\",\"delta\":\"r\"}\n");
        assert_eq!(
            cursor.patch(&session, false).unwrap(),
            r#"{"assistantText":"\ude00","reasoningText":"r"}"#
        );
        session.push(b"{\"type\":\"draft-ready\",\"prompt\":\"<prompt><goal>b</goal></prompt>\"}\n{\"type\":\"done\"}\n");
        let p = patch(&mut cursor, &session, true);
        assert_eq!(p["phase"], "done");
        assert_eq!(p["draft"]["prompt"], "<prompt><goal>b</goal></prompt>");
        assert_eq!(p["finished"], true);
        assert_eq!(p["reply"], "Hi 😀");
        assert_eq!(patch(&mut cursor, &session, true), Value::Null);
    }

    #[test]
    fn replies_and_draft_summaries() {
        let run = |stream: &str| {
            let mut session = Session::new(SessionOptions {
                current_prompt: "<prompt><goal>a</goal><rule>x</rule><rule>y</rule></prompt>"
                    .into(),
                ..SessionOptions::default()
            });
            session.push(stream.as_bytes());
            session.finish();
            reply(session.snapshot())
        };
        assert_eq!(
            run("{\"type\":\"assistant-delta\",\"delta\":\"  Sure.  \"}\n{\"type\":\"done\"}\n"),
            Some("Sure.".into())
        );
        assert_eq!(
            run("{\"type\":\"draft-ready\",\"prompt\":\"<prompt><goal>b</goal><rule>x</rule><rule>y</rule><tone>warm</tone></prompt>\"}\n{\"type\":\"done\"}\n"),
            Some("(I drafted a new prompt: changed \"goal\"; added \"tone\".)".into())
        );
        assert_eq!(
            run("{\"type\":\"assistant-delta\",\"delta\":\"x\"}\n{\"type\":\"error\"}\n"),
            None
        );
        assert_eq!(
            run("{\"type\":\"assistant-delta\",\"delta\":\"x\"}\n"),
            None,
            "incomplete"
        );
        assert_eq!(run("{\"type\":\"done\"}\n"), None, "nothing to say");
    }
}
