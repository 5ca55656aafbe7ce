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
use crate::json::write::escape_into;

/// `events` as one JSON array.
pub fn events_json(events: &[AssistantEvent]) -> String {
    let mut out = String::with_capacity(events.len() * 64 + 2);
    out.push('[');
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_event(event, &mut out);
    }
    out.push(']');
    out
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
            let DraftReady {
                prompt,
                section,
                validation,
                diff,
            } = &**draft;
            let mut o = Obj::new(out, "draft-ready");
            o.text("prompt", prompt);
            o.opt_text("section", section.as_ref());
            o.serde("validation", validation);
            o.serde("diff", diff);
            o.end();
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
