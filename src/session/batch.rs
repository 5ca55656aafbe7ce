//! [`JsonBatch`]: the events of one `push` as the JS binding hands them over, written as they
//! come (see [`Session::push_json`](super::Session::push_json)).
//!
//! Two forms. The plain one is a JSON array of the events, for one `JSON.parse`. The split one
//! (the hot path of `AssistantSession.push`) keeps the text of each delta out of the JSON: the
//! texts are decoded and joined into one string, and one word per event says which delta it is
//! and how long its text is, so the JS side makes the delta events with one decode of the
//! string and a `slice` each (pkg-template/session.js), and parses JSON only for the rest.
//! A string is cheaper to decode than to parse as JSON, and most lines of an answer are deltas.
//! A draft's JSON (about ten times the draft) may leave early, in pieces, through a sink
//! ([`JsonBatch::events_to`]): the JS side joins them in front of the JSON it is returned.
//!
//! Not the event encoder (`crate::protocol::wire`) and not the JS side of the split form.

use crate::protocol::line::DeltaKind;
use crate::protocol::wire::{draft_json_hint, write_draft, write_event};
use crate::protocol::AssistantEvent;

/// The word of an event taken from the JSON array, in the split form.
pub const OP_JSON: u32 = 0;
/// The word of an `assistant-delta` is `units << 2 | OP_ASSISTANT`.
pub const OP_ASSISTANT: u32 = 1;
/// The word of a `reasoning-delta` is `units << 2 | OP_REASONING`.
pub const OP_REASONING: u32 = 2;
/// A delta text at least this long (UTF-16 code units) goes through the JSON array: its length
/// would not fit the word.
const MAX_OP_UNITS: usize = 1 << 30;

/// How much of a draft's JSON [`JsonBatch::events_to`] holds before handing it to its sink.
pub const PIECE: usize = 32 * 1024;

/// The events of one `push`. See the module docs.
#[derive(Debug, Default)]
pub struct JsonBatch {
    /// The JSON array's text not yet handed to a sink, without its closing `]`.
    json: String,
    /// Whether the array is open (`[` written): an event is in it, even when a sink has taken
    /// all of its text so far, so `json` alone cannot tell.
    open: bool,
    /// Split form only: the delta texts, decoded, one after the other.
    text: String,
    /// Split form only: the UTF-16 length of `text`.
    text_units: u32,
    /// Split form only: one word per event, in order.
    ops: Vec<u32>,
    split: bool,
}

impl JsonBatch {
    /// An empty batch of the plain form; `capacity` bytes reserved.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonBatch {
            json: String::with_capacity(capacity),
            ..JsonBatch::default()
        }
    }

    /// An empty batch of the split form.
    pub fn split() -> Self {
        JsonBatch {
            split: true,
            ..JsonBatch::default()
        }
    }

    fn separator(&mut self) {
        self.json.push(if self.open { ',' } else { '[' });
        self.open = true;
        if self.split {
            self.ops.push(OP_JSON);
        }
    }

    /// Appends a delta line that `fast_delta` recognised: `line` is the whole line (already the
    /// event's JSON), `literal` its delta's string literal, quotes included.
    pub(super) fn delta(&mut self, kind: DeltaKind, line: &str, literal: &str) {
        if self.split {
            let body = literal
                .get(1..literal.len().saturating_sub(1))
                .unwrap_or_default();
            let start = self.text.len();
            if crate::json::parse::decode_into(body, &mut self.text) {
                let units = crate::position::utf16_len(self.text.get(start..).unwrap_or_default());
                if let Ok(units) = u32::try_from(units) {
                    if (units as usize) < MAX_OP_UNITS {
                        self.text_units = self.text_units.saturating_add(units);
                        let op = match kind {
                            DeltaKind::Assistant => OP_ASSISTANT,
                            DeltaKind::Reasoning => OP_REASONING,
                        };
                        self.ops.push(units << 2 | op);
                        return;
                    }
                }
                self.text.truncate(start);
            }
            // A lone surrogate (a JS string UTF-8 cannot carry) or a huge text: as JSON.
        }
        self.separator();
        self.json.push_str(line);
    }

    /// Appends events.
    pub fn events(&mut self, events: &[AssistantEvent]) {
        self.events_to(events, None);
    }

    /// Appends events; with a `sink`, the JSON written so far goes to it whenever a draft's
    /// JSON has grown past `PIECE` (32 KB) (see [`write_draft`]), so that a draft's megabytes
    /// are never held whole: what the sink got, in order, followed by what [`Self::take_split`]
    /// then returns from where the JSON starts, is the JSON array.
    pub fn events_to(&mut self, events: &[AssistantEvent], mut sink: Option<&mut dyn FnMut(&str)>) {
        for event in events {
            if let (AssistantEvent::DraftReady(draft), Some(sink)) = (event, sink.as_mut()) {
                self.separator();
                write_draft(
                    draft,
                    &mut self.json,
                    &mut |out: &mut String, json: &str| {
                        if out.len() + json.len() >= PIECE {
                            if !out.is_empty() {
                                sink(out);
                                out.clear();
                            }
                            if json.len() >= PIECE {
                                // The prompt's literal: handed on as it is, not copied.
                                return sink(json);
                            }
                        }
                        out.push_str(json);
                    },
                );
                continue;
            }
            if let AssistantEvent::DraftReady(draft) = event {
                // A draft's JSON is about ten times its line: reserved once (with room for the
                // closing `]`), not grown by doubling, which would hold two copies at its peak.
                self.json.reserve(draft_json_hint(draft) + 2);
            }
            self.separator();
            write_event(event, &mut self.json);
        }
    }

    /// Whether nothing has been added since the batch was last taken.
    pub fn is_empty(&self) -> bool {
        !self.open && self.ops.is_empty()
    }

    /// The plain form: the array's JSON (`[]` when empty); the batch is left empty for reuse.
    pub fn take(&mut self) -> String {
        if !std::mem::take(&mut self.open) {
            return "[]".to_owned();
        }
        self.json.push(']');
        std::mem::take(&mut self.json)
    }

    /// The split form: the delta texts followed by the JSON array of the other events (nothing
    /// when there are none), and the words: first the UTF-16 length of the texts (where the
    /// JSON starts), then one per event. The batch is left empty for reuse.
    pub fn take_split(&mut self, ops: &mut Vec<u32>) -> String {
        ops.clear();
        ops.push(std::mem::take(&mut self.text_units));
        ops.append(&mut self.ops);
        let open = std::mem::take(&mut self.open);
        if self.text.is_empty() {
            // No delta: the JSON array is the whole string, handed over without a copy (a
            // draft's is megabytes).
            if open {
                self.json.push(']');
            }
            return std::mem::take(&mut self.json);
        }
        let mut out = std::mem::take(&mut self.text);
        if open {
            out.reserve_exact(self.json.len() + 1);
            out.push_str(&self.json);
            out.push(']');
            self.json.clear();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Session, SessionOptions};

    /// A draft written with a sink: the pieces, then the rest, are the bytes written without
    /// one (the same events); no piece but the prompt's literal is large.
    #[test]
    fn a_draft_in_pieces_is_the_same_json() {
        let mut session = Session::new(SessionOptions {
            current_prompt: draft_prompt(7),
            ..SessionOptions::default()
        });
        let line = format!(
            "{{\"type\":\"assistant-delta\",\"delta\":\"a\"}}\n{{\"type\":\"draft-ready\",\"prompt\":{}}}\n",
            crate::json::to_string(&draft_prompt(5))
        );
        let mut whole = JsonBatch::split();
        whole.events(&session.push(line.as_bytes()));
        let mut ops = Vec::new();
        let whole = whole.take_split(&mut ops);
        let events = session.push(line.as_bytes());
        let mut pieces = Vec::new();
        let mut batch = JsonBatch::split();
        batch.events_to(
            &events,
            Some(&mut |piece: &str| pieces.push(piece.to_owned())),
        );
        let rest = batch.take_split(&mut Vec::new());
        assert!(
            pieces.len() > 2 && whole.len() > 4 * PIECE,
            "{} pieces",
            pieces.len()
        );
        // The prompt's literal is a piece of its own, not copied; no other piece is large.
        let prompt = crate::json::to_string(&draft_prompt(5));
        assert!(prompt.len() > PIECE && pieces.contains(&prompt));
        let others = pieces.iter().filter(|p| **p != prompt);
        assert!(others
            .map(String::len)
            .chain([rest.len()])
            .all(|n| n < 2 * PIECE));
        assert_eq!(pieces.concat() + &rest, whole);
    }

    /// Whether the array is open does not depend on what text the batch still holds: however
    /// much of it a sink has taken (here all of it, after each event in turn), the next event
    /// is joined with a comma and the array is closed, as in a batch that kept everything.
    #[test]
    fn a_batch_emptied_by_its_sink_stays_one_array() {
        let events = Session::default().push(
            b"{\"type\":\"mode\",\"mode\":\"chat\"}\n{\"type\":\"status\",\"message\":\"x\"}\n{\"type\":\"done\"}\n",
        );
        assert_eq!(events.len(), 3);
        let mut whole = JsonBatch::split();
        whole.events(&events);
        let whole = whole.take_split(&mut Vec::new());
        for drained_after in 0..events.len() {
            let mut batch = JsonBatch::split();
            let mut taken = String::new();
            for (i, event) in events.iter().enumerate() {
                batch.events(std::slice::from_ref(event));
                if i == drained_after {
                    taken.push_str(&batch.json);
                    batch.json.clear();
                }
            }
            assert!(!batch.is_empty());
            let rest = batch.take_split(&mut Vec::new());
            assert_eq!(taken + &rest, whole, "drained after event {drained_after}");
            assert!(batch.is_empty());
        }
    }

    fn draft_prompt(edit: usize) -> String {
        let rules: String = (0..600)
            .map(|i| {
                let word = if i % edit == 0 { "never" } else { "always" };
                format!("  <rule name=\"r{i}\">{word} greet @firstName, \"politely\"</rule>\n")
            })
            .collect();
        format!("<prompt>\n{rules}</prompt>")
    }

    /// A draft's JSON goes into the room reserved for it (no doubling, not much to spare), and
    /// the split form hands that very string over when there is no delta text.
    #[test]
    fn a_draft_is_written_once_into_reserved_room() {
        let prompt = draft_prompt;
        let mut session = Session::new(SessionOptions {
            current_prompt: prompt(7),
            ..SessionOptions::default()
        });
        let line = format!(
            "{{\"type\":\"draft-ready\",\"prompt\":{}}}\n",
            crate::json::to_string(&prompt(5))
        );
        let events = session.push(line.as_bytes());
        let mut batch = JsonBatch::split();
        batch.events(&events);
        let (len, room) = (batch.json.len(), batch.json.capacity());
        assert!(len < room && room < len + len / 4, "{len} bytes in {room}");
        // `write_draft` writes the diff field by field: the bytes of its `Serialize`.
        let AssistantEvent::DraftReady(draft) = &events[0] else {
            panic!("not a draft: {events:?}");
        };
        let serde = format!(
            "[{{\"type\":\"draft-ready\",\"prompt\":{},\"validation\":{},\"diff\":{}}}",
            draft.prompt.as_json(),
            crate::json::to_string(&draft.validation),
            crate::json::to_string(&draft.diff)
        );
        assert!(batch.json == serde, "not serde's bytes");
        let at = batch.json.as_ptr();
        let out = batch.take_split(&mut Vec::new());
        assert_eq!(out.as_ptr(), at, "the JSON was copied");
        assert!(out.ends_with("}]"));
    }
}
