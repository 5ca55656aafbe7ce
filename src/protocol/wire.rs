//! The JSON the editor receives: events and snapshots written out for one `JSON.parse` on the JS
//! side (API.md §3 shapes).
//!
//! Every string from the stream is a [`JsonText`] and is written as the literal it came as, so
//! nothing is unescaped and escaped again, and lone surrogates survive. Absent optional fields
//! are left out, never `null`. The `serde::Serialize` impls of the same types give the same
//! objects for strings without lone surrogates (a test checks it); they serve other formats and
//! tests, while this writer is the path to JS.
//!
//! Pure functions over shapes; no state. The snapshot is written by
//! `crate::session::SessionSnapshot::to_json` with the same pieces.

use serde::Serialize;

use super::events::{
    AssistantEvent, DraftReady, ErrorEvent, RetryEvent, SetupRequired, Status, Warning,
};
use super::text::JsonText;
use super::{DraftValidation, PromptDiff};
use crate::json::write::escape_into;

/// `events` as one JSON array.
pub fn events_json(events: &[AssistantEvent]) -> String {
    let mut out = String::new();
    write_events(events, &mut out);
    out
}

/// Appends `events` as one JSON array. Room is reserved first, a draft's by
/// [`draft_json_hint`] (about ten times its line), so that the buffer is not grown by doubling,
/// which would hold two copies of a draft's JSON at its peak.
pub fn write_events(events: &[AssistantEvent], out: &mut String) {
    let room = events.iter().fold(2, |room, event| {
        room + match event {
            AssistantEvent::DraftReady(draft) => draft_json_hint(draft),
            _ => 64,
        }
    });
    out.reserve(room);
    out.push('[');
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_event(event, out);
    }
    out.push(']');
}

/// Appends one event object.
pub fn write_event(event: &AssistantEvent, out: &mut String) {
    match event {
        AssistantEvent::Mode { mode, label } => {
            let mut o = Obj::new(out, "mode");
            o.str("mode", mode.as_str());
            o.opt_text("label", label.as_ref());
            o.end();
        }
        AssistantEvent::Status(status) => {
            let mut o = Obj::new(out, "status");
            status_fields(&mut o, status);
            o.end();
        }
        AssistantEvent::AssistantDelta { delta } => {
            let mut o = Obj::new(out, "assistant-delta");
            o.text("delta", delta);
            o.end();
        }
        AssistantEvent::ReasoningDelta { delta } => {
            let mut o = Obj::new(out, "reasoning-delta");
            o.text("delta", delta);
            o.end();
        }
        AssistantEvent::DraftReady(draft) => {
            write_draft(draft, out, &mut |out: &mut String, json: &str| {
                out.push_str(json)
            });
        }
        AssistantEvent::AiSetupRequired(setup) => write_setup(setup, out),
        AssistantEvent::Error(error) => write_error(error, out),
        AssistantEvent::Done => Obj::new(out, "done").end(),
        AssistantEvent::Warning(warning) => write_warning(warning, out),
        AssistantEvent::Unknown { raw_type, data } => {
            let mut o = Obj::new(out, "unknown");
            o.text("rawType", raw_type);
            o.raw("data", data.as_json());
            o.end();
        }
        AssistantEvent::Retry(retry) => {
            let RetryEvent {
                attempt,
                delay_ms,
                code,
                status,
            } = retry;
            let mut o = Obj::new(out, "retry");
            o.num("attempt", u64::from(*attempt));
            o.num("delayMs", *delay_ms);
            o.text("code", &code.to_json());
            o.opt_num("status", status.map(u64::from));
            o.end();
        }
    }
}

/// Appends a `draft-ready` event object, as [`write_event`] does, in parts: `put(out, json)`
/// appends `json` to `out`, and is called after each large part (the validation's issues and
/// variables, the diff's ops and sections, one by one, with `""`) and with the prompt's literal.
/// A caller may first hand what `out` holds on and clear it, and hand a large `json` on as it
/// is: the event's JSON, about ten times the draft, then need not be held whole. The
/// validation and the diff are written field by field in the order of their `Serialize` (a
/// test checks the bytes are the same).
pub fn write_draft(draft: &DraftReady, out: &mut String, put: &mut dyn FnMut(&mut String, &str)) {
    let DraftReady {
        prompt,
        section,
        validation,
        diff,
    } = draft;
    let DraftValidation {
        ok,
        well_formed,
        issues,
        variables,
        sections: tags,
    } = validation;
    let PromptDiff {
        structural,
        ops,
        sections,
        stats,
        unified,
        granularity,
    } = diff;
    let mut o = Obj::new(out, "draft-ready");
    o.key("prompt");
    put(o.out, prompt.as_json());
    o.opt_text("section", section.as_ref());
    o.key("validation");
    let mut v = Obj::open(o.out);
    v.serde("ok", ok);
    v.serde("wellFormed", well_formed);
    v.key("issues");
    list(v.out, issues, put);
    v.key("variables");
    list(v.out, variables, put);
    v.serde("sections", tags);
    v.end();
    o.key("diff");
    let mut d = Obj::open(o.out);
    d.serde("structural", structural);
    d.key("ops");
    list(d.out, ops, put);
    d.key("sections");
    list(d.out, sections, put);
    d.serde("stats", stats);
    d.serde("unified", unified);
    d.serde("granularity", granularity);
    d.end();
    o.end();
}

/// A JSON array of `items`, `put(out, "")` called after each.
fn list<T: Serialize>(out: &mut String, items: &[T], put: &mut dyn FnMut(&mut String, &str)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::json::write::write(item, out);
        put(out, "");
    }
    out.push(']');
}

/// About how many bytes [`write_event`] writes for `draft` (a little more, rarely less): the
/// texts it carries, with room for escapes, and a guess per op, section, variable and issue.
pub fn draft_json_hint(draft: &DraftReady) -> usize {
    let DraftReady {
        prompt,
        validation,
        diff,
        ..
    } = draft;
    let mut n = prompt.as_json().len() + diff.unified.len();
    for s in &diff.sections {
        let side = |t: &Option<String>| t.as_ref().map_or(0, String::len);
        n += side(&s.before) + side(&s.after) + 200;
        for op in &s.ops {
            n += op.text.len() + 24;
        }
    }
    for op in &diff.ops {
        n += op.text.len() + 24;
    }
    n + n / 16
        + validation.variables.len() * 96
        + validation.sections.len() * 16
        + validation.issues.len() * 256
        + 512
}

pub(crate) fn status_fields(o: &mut Obj<'_>, status: &Status) {
    let Status {
        label,
        section,
        message,
    } = status;
    o.opt_text("label", label.as_ref());
    o.opt_text("section", section.as_ref());
    o.opt_text("message", message.as_ref());
}

pub(crate) fn write_setup(setup: &SetupRequired, out: &mut String) {
    let SetupRequired {
        reason,
        provider,
        message,
        code,
    } = setup;
    let mut o = Obj::new(out, "ai-setup-required");
    o.opt_text("reason", reason.as_ref());
    o.opt_text("provider", provider.as_ref());
    o.opt_text("message", message.as_ref());
    o.opt_text("code", code.as_ref());
    o.end();
}

pub(crate) fn write_error(error: &ErrorEvent, out: &mut String) {
    let ErrorEvent {
        source,
        code,
        message,
        status,
        retry_after_ms,
    } = error;
    let mut o = Obj::new(out, "error");
    o.str("source", source.as_str());
    o.text("code", &code.to_json());
    o.text("message", message);
    o.opt_num("status", status.map(u64::from));
    o.opt_num("retryAfterMs", *retry_after_ms);
    o.end();
}

pub(crate) fn write_warning(warning: &Warning, out: &mut String) {
    let Warning {
        code,
        message,
        line,
    } = warning;
    let mut o = Obj::new(out, "warning");
    o.str("code", code.as_str());
    o.str("message", message);
    o.opt_num("line", *line);
    o.end();
}

/// Writes one JSON object, field by field. Keys are the contract's (ASCII, nothing to escape).
pub(crate) struct Obj<'a> {
    pub(crate) out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub(crate) fn open(out: &'a mut String) -> Self {
        out.push('{');
        Obj { out, first: true }
    }

    pub(crate) fn new(out: &'a mut String, event_type: &str) -> Self {
        let mut o = Obj::open(out);
        o.str("type", event_type);
        o
    }

    pub(crate) fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    pub(crate) fn raw(&mut self, key: &str, json: &str) {
        self.key(key);
        self.out.push_str(json);
    }

    pub(crate) fn text(&mut self, key: &str, text: &JsonText) {
        self.raw(key, text.as_json());
    }

    pub(crate) fn opt_text(&mut self, key: &str, text: Option<&JsonText>) {
        if let Some(text) = text {
            self.text(key, text);
        }
    }

    pub(crate) fn str(&mut self, key: &str, text: &str) {
        self.key(key);
        self.out.push('"');
        escape_into(text, self.out);
        self.out.push('"');
    }

    pub(crate) fn num(&mut self, key: &str, n: u64) {
        self.key(key);
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    pub(crate) fn opt_num(&mut self, key: &str, n: Option<u64>) {
        if let Some(n) = n {
            self.num(key, n);
        }
    }

    /// A nested value through serde (validation and diff: no stream strings in them).
    pub(crate) fn serde<T: Serialize>(&mut self, key: &str, value: &T) {
        self.key(key);
        crate::json::write::write(value, self.out);
    }

    pub(crate) fn end(self) {
        self.out.push('}');
    }
}
