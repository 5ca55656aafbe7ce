//! [`JsonBatch`]: the events of one `push` as the JS binding hands them over, written as they
//! come (see [`Session::push_json`](super::Session::push_json)).
//!
//! Two forms. The plain one is a JSON array of the events, for one `JSON.parse`. The split one
//! (the hot path of `AssistantSession.push`) keeps the text of each delta out of the JSON: the
//! texts are decoded and joined into one string, and one word per event says which delta it is
//! and how long its text is, so the JS side makes the delta events with one decode of the
//! string and a `slice` each (pkg-template/session.js), and parses JSON only for the rest.
//! A string is cheaper to decode than to parse as JSON, and most lines of an answer are deltas.
//!
//! Not the event encoder (`crate::protocol::wire`) and not the JS side of the split form.

use crate::protocol::line::DeltaKind;
use crate::protocol::wire::write_event;
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

/// The events of one `push`. See the module docs.
#[derive(Debug, Default)]
pub struct JsonBatch {
    /// The JSON array's text, without its closing `]`; empty when no event is in it.
    json: String,
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
        self.json.push(if self.json.is_empty() { '[' } else { ',' });
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
        for event in events {
            self.separator();
            write_event(event, &mut self.json);
        }
    }

    /// Whether nothing has been added since the batch was last taken.
    pub fn is_empty(&self) -> bool {
        self.json.is_empty() && self.ops.is_empty()
    }

    /// The plain form: the array's JSON (`[]` when empty); the batch is left empty for reuse.
    pub fn take(&mut self) -> String {
        if self.json.is_empty() {
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
        let mut out = std::mem::take(&mut self.text);
        if !self.json.is_empty() {
            out.push_str(&self.json);
            out.push(']');
            self.json.clear();
        }
        out
    }
}
