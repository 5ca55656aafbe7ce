//! Scrubbing the bearer token from everything a stream yields (API.md §5: "The bearer token never
//! appears in any event, message or warning … whatever the server sends back").
//!
//! One mechanism, applied where events are made (`super::Machine::produce`): [`Redactor::event`]
//! visits every string of every event, whatever its type and whatever key it sits under: each
//! field of the known events, every key and string value of an unknown event's data, its
//! `rawType`, and the messages the package writes (which may quote the server). Each struct is
//! destructured field by field, so a field added to an event shape does not compile until it is
//! visited here. Every occurrence of the token is replaced by [`REDACTED`].
//!
//! Strings are compared as the JS strings the editor gets, so a token the server spells with
//! escapes (`"s\u006b-…"`) is found too. A token split across two deltas would only appear once
//! the editor joins them, so [`Redactor::delta`] holds back the end of a delta that could be the
//! start of the token until the next delta shows whether it is: the joined text is unchanged, and
//! never contains the token.
//!
//! Not a parser of the stream: it works on decoded events. The draft itself is scrubbed before it
//! is validated and diffed (`super::draft`), so positions refer to the text the editor receives.

use crate::protocol::{
    AssistantEvent, DiffOp, DraftReady, DraftValidation, ErrorCode, ErrorEvent, JsonObject,
    JsonText, PromptDiff, RetryEvent, SectionChange, SetupRequired, Status, ValidationIssue,
    VariableRef, Warning,
};

/// What every occurrence of the token becomes.
pub const REDACTED: &str = "[redacted]";

/// A delta is held back when its end matches this many units of the secret's start (or all but
/// one, for a shorter secret). A shorter match is passed on, and if the next delta completes the
/// secret, the rest is replaced there: at most this many minus one units of the secret's start
/// are ever shown, and ordinary text is almost never held back.
pub const HOLD_MIN: usize = 4;

/// Which joined text a delta belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeltaStream {
    /// `assistant-delta`: joined into `assistantText`.
    Assistant,
    /// `reasoning-delta`: joined into `reasoningText`.
    Reasoning,
}

/// Scrubs one secret. See the module docs.
#[derive(Debug, Clone)]
pub struct Redactor {
    secret: String,
    /// The secret as UTF-16 code units, the unit the editor's strings are made of.
    units: Vec<u16>,
    /// KMP failure function of `units`: `fail[i]` is the length of the longest proper prefix of
    /// `units[..=i]` that is also its suffix.
    fail: Vec<usize>,
    /// A delta whose end matches at least this many units of the secret's start is held back.
    hold_min: usize,
    /// Per delta stream: what is held back, and the matcher's state where it starts.
    deltas: [Held; 2],
}

/// The end of a delta stream not yet passed on.
#[derive(Debug, Clone, Default)]
struct Held {
    /// Text held back because it could be the start of the secret.
    text: JsonText,
    /// How many units of the secret's start the text passed on so far ends with (fewer than
    /// `hold_min`: those were not worth holding back).
    carry: usize,
}

impl Redactor {
    /// A redactor for `secret`; `None` when it is empty (nothing to hide).
    pub fn new(secret: &str) -> Option<Self> {
        if secret.is_empty() {
            return None;
        }
        let units: Vec<u16> = secret.encode_utf16().collect();
        let mut fail = vec![0; units.len()];
        let mut k = 0;
        for i in 1..units.len() {
            let unit = units.get(i).copied();
            while k > 0 && units.get(k).copied() != unit {
                k = fail.get(k - 1).copied().unwrap_or(0);
            }
            if units.get(k).copied() == unit {
                k += 1;
            }
            if let Some(slot) = fail.get_mut(i) {
                *slot = k;
            }
        }
        let hold_min = units.len().saturating_sub(1).clamp(1, HOLD_MIN);
        Some(Redactor {
            secret: secret.to_owned(),
            units,
            fail,
            hold_min,
            deltas: [Held::default(), Held::default()],
        })
    }

    /// Runs the matcher over `text`: whether the secret occurs in it, and the length of the
    /// longest end of `text` that is a proper start of the secret.
    fn scan(&self, text: impl Iterator<Item = u16>) -> (bool, usize) {
        let mut k = 0;
        let mut found = false;
        for unit in text {
            while k > 0 && self.units.get(k).copied() != Some(unit) {
                k = self.fail.get(k - 1).copied().unwrap_or(0);
            }
            if self.units.get(k).copied() == Some(unit) {
                k += 1;
            }
            if k == self.units.len() {
                found = true;
                k = 0;
            }
        }
        (found, k)
    }

    /// Runs the matcher from `state` (units of the secret already matched before `units`) and
    /// replaces every occurrence that completes within `units` (left to right, not
    /// overlapping): the part of it inside `units` becomes [`REDACTED`]. Returns the new units,
    /// whether anything was replaced, and the state at the end.
    fn replace_from(
        &self,
        units: impl Iterator<Item = u16>,
        state: usize,
    ) -> (Vec<u16>, bool, usize) {
        let mut out = Vec::new();
        let mut replaced = false;
        let mut k = state.min(self.units.len().saturating_sub(1));
        // Units of the current partial match that lie inside `out` (the rest came before).
        let mut inside = 0usize;
        for unit in units {
            out.push(unit);
            while k > 0 && self.units.get(k).copied() != Some(unit) {
                k = self.fail.get(k - 1).copied().unwrap_or(0);
            }
            if self.units.get(k).copied() == Some(unit) {
                k += 1;
            }
            inside = (inside + 1).min(k);
            if k == self.units.len() {
                out.truncate(out.len() - inside);
                out.extend(REDACTED.encode_utf16());
                replaced = true;
                k = 0;
                inside = 0;
            }
        }
        (out, replaced, k)
    }

    /// Scrubs a string from the stream, compared as the JS string it is. Returns whether it
    /// held the token.
    pub fn text(&self, text: &mut JsonText) -> bool {
        if !text.has_escapes() {
            // The body is the text itself: a plain substring search, and a plain replace keeps
            // the literal valid (the body holds no `"` or `\`, so a match holds none either).
            if !text.body().contains(self.secret.as_str()) {
                return false;
            }
            *text = JsonText::new(&text.body().replace(&self.secret, REDACTED));
            return true;
        }
        if !self.scan(text.utf16()).0 {
            return false;
        }
        let (units, _, _) = self.replace_from(text.utf16(), 0);
        *text = JsonText::from_utf16(&units);
        true
    }

    /// Scrubs a message the package wrote.
    pub fn string(&self, text: &mut String) {
        if text.contains(&self.secret) {
            *text = text.replace(&self.secret, REDACTED);
        }
    }

    fn opt_text(&self, text: &mut Option<JsonText>) {
        if let Some(text) = text {
            self.text(text);
        }
    }

    fn opt_string(&self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.string(text);
        }
    }

    /// Scrubs every key and every string value of an unknown event's data.
    pub fn object(&self, object: &mut JsonObject) {
        let json = object.as_json();
        let mut out: Option<String> = None;
        let mut copied = 0;
        for literal in string_literals(json) {
            let mut text = JsonText::from_literal(json.get(literal.clone()).unwrap_or("\"\""));
            if self.text(&mut text) {
                let out = out.get_or_insert_with(|| String::with_capacity(json.len()));
                out.push_str(json.get(copied..literal.start).unwrap_or_default());
                out.push_str(text.as_json());
                copied = literal.end;
            }
        }
        if let Some(mut out) = out {
            out.push_str(json.get(copied..).unwrap_or_default());
            *object = JsonObject::from_json(&out);
        }
    }

    /// Scrubs every string of `event`.
    pub fn event(&self, event: &mut AssistantEvent) {
        match event {
            AssistantEvent::Mode { mode: _, label } => self.opt_text(label),
            AssistantEvent::Status(status) => self.status(status),
            AssistantEvent::AssistantDelta { delta } | AssistantEvent::ReasoningDelta { delta } => {
                self.text(delta);
            }
            AssistantEvent::DraftReady(draft) => {
                let DraftReady {
                    prompt,
                    section,
                    validation,
                    diff,
                } = &mut **draft;
                self.text(prompt);
                self.opt_text(section);
                self.validation(validation);
                self.diff(diff);
            }
            AssistantEvent::AiSetupRequired(setup) => self.setup(setup),
            AssistantEvent::Error(error) => self.error(error),
            AssistantEvent::Done => {}
            AssistantEvent::Warning(Warning {
                code: _,
                message,
                line: _,
            }) => self.string(message),
            AssistantEvent::Unknown { raw_type, data } => {
                self.text(raw_type);
                self.object(data);
            }
            AssistantEvent::Retry(RetryEvent {
                attempt: _,
                delay_ms: _,
                code,
                status: _,
            }) => self.code(code),
        }
    }

    /// Scrubs the secret from every field of a `status`.
    pub fn status(&self, status: &mut Status) {
        let Status {
            label,
            section,
            message,
        } = status;
        self.opt_text(label);
        self.opt_text(section);
        self.opt_text(message);
    }

    /// Scrubs the secret from every field of an `ai-setup-required`.
    pub fn setup(&self, setup: &mut SetupRequired) {
        let SetupRequired {
            reason,
            provider,
            message,
            code,
        } = setup;
        self.opt_text(reason);
        self.opt_text(provider);
        self.opt_text(message);
        self.opt_text(code);
    }

    /// Scrubs the secret from the code and message of an `error`.
    pub fn error(&self, error: &mut ErrorEvent) {
        let ErrorEvent {
            source: _,
            code,
            message,
            status: _,
            retry_after_ms: _,
        } = error;
        self.code(code);
        self.text(message);
    }

    fn code(&self, code: &mut ErrorCode) {
        if let ErrorCode::Server(text) = code {
            self.text(text);
        }
    }

    fn validation(&self, validation: &mut DraftValidation) {
        let DraftValidation {
            ok: _,
            well_formed: _,
            issues,
            variables,
            sections,
        } = validation;
        for ValidationIssue {
            severity: _,
            code: _,
            message,
            start: _,
            end: _,
            line: _,
            column: _,
            variable,
            suggestion,
        } in issues
        {
            self.string(message);
            self.opt_string(variable);
            self.opt_string(suggestion);
        }
        for VariableRef {
            name,
            start: _,
            end: _,
            line: _,
            column: _,
            known: _,
        } in variables
        {
            self.string(name);
        }
        for section in sections {
            self.string(section);
        }
    }

    fn ops(&self, ops: &mut [DiffOp]) {
        for DiffOp { op: _, text } in ops {
            self.string(text);
        }
    }

    fn diff(&self, diff: &mut PromptDiff) {
        let PromptDiff {
            structural: _,
            ops,
            sections,
            stats: _,
            unified,
            granularity: _,
        } = diff;
        self.ops(ops);
        for SectionChange {
            path,
            tag,
            change: _,
            before,
            after,
            ops,
            before_range: _,
            after_range: _,
        } in sections
        {
            self.string(path);
            self.string(tag);
            self.opt_string(before);
            self.opt_string(after);
            self.ops(ops);
        }
        self.string(unified);
    }

    /// A delta about to be passed on. The text held back from the previous delta of its stream
    /// is put in front; the secret is scrubbed, also where it began in the text already passed
    /// on; and an end that matches at least `HOLD_MIN` units of the secret's start is held
    /// back until the next delta shows whether it is the secret. Returns what to pass on now
    /// (`None` when everything is held); text without any of this comes back unchanged.
    pub fn delta(&mut self, stream: DeltaStream, delta: &JsonText) -> Option<JsonText> {
        let held = std::mem::take(self.held_mut(stream));
        let mut text = held.text;
        text.push(delta);
        let (units, replaced, state) = self.replace_from(text.utf16(), held.carry);
        let hold = if state >= self.hold_min {
            state.min(units.len())
        } else {
            0
        };
        *self.held_mut(stream) = Held {
            text: match units.get(units.len() - hold..) {
                Some(tail) if hold > 0 => JsonText::from_utf16(tail),
                _ => JsonText::empty(),
            },
            carry: state - hold,
        };
        if !replaced && hold == 0 {
            return (!text.is_empty()).then_some(text);
        }
        let now = units.get(..units.len() - hold).unwrap_or_default();
        (!now.is_empty()).then(|| JsonText::from_utf16(now))
    }

    /// Whatever is still held back, for the end of the stream: it cannot start the secret any
    /// more.
    pub fn flush(&mut self, stream: DeltaStream) -> Option<JsonText> {
        let held = std::mem::take(self.held_mut(stream));
        (!held.text.is_empty()).then_some(held.text)
    }

    fn held_mut(&mut self, stream: DeltaStream) -> &mut Held {
        let [assistant, reasoning] = &mut self.deltas;
        match stream {
            DeltaStream::Assistant => assistant,
            DeltaStream::Reasoning => reasoning,
        }
    }
}

/// The byte ranges of every string literal (quotes included) in valid JSON text, keys and values.
fn string_literals(json: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = json.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + memchr::memchr(b'"', bytes.get(at..)?)?;
        let mut i = start + 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        at = i + 1;
        Some(start..i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(s: &str) -> JsonText {
        JsonText::from_literal(s)
    }

    #[test]
    fn scrubs_plain_and_escaped_spellings() {
        let r = Redactor::new("sk-123").unwrap();
        let cases = [
            (r#""a sk-123 b""#, "a [redacted] b"),
            (r#""sk-123sk-123""#, "[redacted][redacted]"),
            (r#""s\u006b-123\n""#, "[redacted]\n"),
            (r#""sk-12 3""#, "sk-12 3"),
            (r#""\ud83dsk-123""#, "\u{fffd}[redacted]"),
        ];
        for (input, want) in cases {
            let mut text = literal(input);
            r.text(&mut text);
            assert_eq!(text.to_str_lossy(), want, "{input}");
        }
        let mut lone = literal(r#""\ud83dsk-123""#);
        r.text(&mut lone);
        assert_eq!(lone.utf16().next(), Some(0xD83D), "a lone surrogate stays");
    }

    #[test]
    fn scrubs_keys_and_values_of_objects() {
        let r = Redactor::new("tok").unwrap();
        let mut data = JsonObject::from_json(r#"{"type":"x","tok":{"a":["t\u006fk",1]},"b":"ok"}"#);
        r.object(&mut data);
        assert_eq!(
            data.as_json(),
            r#"{"type":"x","[redacted]":{"a":["[redacted]",1]},"b":"ok"}"#
        );
    }

    #[test]
    fn holds_back_a_delta_end_that_could_start_the_token() {
        let mut r = Redactor::new("secret-token").unwrap();
        let mut pass = |stream, d: &str| {
            r.delta(stream, &d.into())
                .map(|d| d.to_str_lossy().into_owned())
        };
        use DeltaStream::{Assistant as A, Reasoning as R};
        // Four units or more of the start: held until the next delta says.
        assert_eq!(pass(A, "say secr"), Some("say ".into()));
        assert_eq!(pass(A, "et-token now"), Some("[redacted] now".into()));
        assert_eq!(pass(A, "secre"), None);
        assert_eq!(pass(R, "x"), Some("x".into()), "streams are apart");
        assert_eq!(pass(A, "cy"), Some("secrecy".into()));
        // Fewer: passed on, and the rest replaced when the next delta completes the secret.
        assert_eq!(pass(A, "a sec"), Some("a sec".into()));
        assert_eq!(pass(A, "ret-token!"), Some("[redacted]!".into()));
        assert_eq!(pass(A, "it is s"), Some("it is s".into()));
        assert_eq!(pass(A, "o"), Some("o".into()));
        // Split over three deltas, the middle one too short to hold on its own.
        assert_eq!(pass(A, "se"), Some("se".into()));
        assert_eq!(pass(A, "cr"), None, "now four units: held");
        assert_eq!(pass(A, "et-token"), Some("[redacted]".into()));
        assert_eq!(pass(A, "secret-t"), None);
        assert_eq!(
            r.flush(A).map(|d| d.to_str_lossy().into_owned()),
            Some("secret-t".into())
        );
        assert_eq!(r.flush(A), None);
    }
}
