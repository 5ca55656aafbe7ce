//! The package's TypeScript types tied to the Rust types.
//!
//! This test builds samples of every shape that crosses to JS (each event, the snapshot, the
//! validation, diff, merge and completion results, the request body and the options) from Rust
//! values, writes each as the package writes it (`protocol::wire` for events, the snapshot's
//! `to_json`, `crate::json` for the rest), and prints them as TypeScript: one
//! `const x: T = {...}` per sample, plus type-level checks that the keys `T` declares, the keys it
//! requires, the keys it allows `null` in, and the members of each string union are exactly what
//! Rust gives. The result is the committed file `tests/js/types/rust-samples.ts`;
//! `tests/js/types.test.mjs` compiles it with `tsc --strict` against the package's `.d.ts`.
//!
//! What goes red, and where:
//! - A field or variant added to a Rust type: its sample below no longer compiles (every sample
//!   is a struct literal or an exhaustive match), or, once added here, the output differs from
//!   the committed file (this test).
//! - A regenerated file whose shapes the `.d.ts` lacks: `tsc` (excess property, missing
//!   required property, or a failed key or union check) in `types.test.mjs`.
//!
//! Regenerate with `PA_UPDATE_SAMPLES=1 cargo test --test shapes_ts`. Test-only: nothing here
//! is linked into the wasm.

use std::collections::{BTreeMap, BTreeSet};

use prompt_assist::conversation::{Conversation, TurnSettings};
use prompt_assist::diff::{diff_prompts, merge_draft, Decisions};
use prompt_assist::protocol::request::{
    Checked, Credentials, HistoryRole, OptionsInput, RequestInput,
};
use prompt_assist::protocol::validation::CompletionKind;
use prompt_assist::protocol::wire::events_json;
use prompt_assist::protocol::{
    AssistantEvent, ChangeKind, DraftReady, ErrorCode, ErrorEvent, ErrorSource, Granularity,
    IssueCode, JsonText, Mode, OpKind, RetryEvent, SetupRequired, Severity, Status,
    ValidationIssue, Warning, WarningCode,
};
use prompt_assist::session::{Draft, Phase, SessionOptions, SessionSnapshot};
use prompt_assist::transport::prepare;
use prompt_assist::validate::validate_draft;
use prompt_assist::variables::{complete_variables, find_variables};
use serde_json::{json, Value};

const GOLDEN: &str = "tests/js/types/rust-samples.ts";

/// Every variant of a field-less enum, with a match that stops compiling when one is added.
macro_rules! every {
    ($ty:ident { $($v:ident),* $(,)? }) => {{
        #[allow(dead_code)]
        fn exhaustive(x: $ty) {
            match x {
                $($ty::$v => {})*
            }
        }
        vec![$($ty::$v),*]
    }};
}

/// What the samples of one TypeScript type showed about its keys.
#[derive(Default)]
struct Shape {
    samples: usize,
    /// Key -> in how many samples it was present.
    present: BTreeMap<String, usize>,
    /// Keys that were `null` in some sample.
    nullable: BTreeSet<String>,
    /// Keys optional in TypeScript though Rust always writes them, and why.
    relaxed: Vec<(String, &'static str)>,
    /// What the editor passes in: which keys are needed is not what the samples show (see
    /// `Samples::keys`), so only the key names are compared.
    input: bool,
}

#[derive(Default)]
struct Samples {
    consts: String,
    count: usize,
    /// In order of first sample.
    shapes: Vec<(String, Shape)>,
    /// A TypeScript type and the keys it must have exactly, with how many are required, derived
    /// from behaviour rather than samples (the options).
    keys: Vec<(String, BTreeSet<String>, BTreeSet<String>, &'static str)>,
    unions: Vec<(String, BTreeSet<String>)>,
}

impl Samples {
    fn shape(&mut self, ts: &str) -> &mut Shape {
        if let Some(i) = self.shapes.iter().position(|(name, _)| name == ts) {
            return &mut self.shapes[i].1;
        }
        self.shapes.push((ts.to_owned(), Shape::default()));
        &mut self.shapes.last_mut().expect("just pushed").1
    }

    /// One sample of the TypeScript type `ts`. `value` is what JS receives (or passes), except
    /// that `{"$ts": "<expression>", "$rust": <json>}` stands for a value only TypeScript can
    /// write (an `AbortSignal`, a function), printed as the expression and read by Rust as the
    /// JSON.
    fn add(&mut self, ts: &str, value: Value) {
        let rust = rust_view(&value);
        let object = rust
            .as_object()
            .unwrap_or_else(|| panic!("a sample of {ts} is not an object: {rust}"));
        let shape = self.shape(ts);
        shape.samples += 1;
        for (key, v) in object {
            *shape.present.entry(key.clone()).or_default() += 1;
            if v.is_null() {
                shape.nullable.insert(key.clone());
            }
        }
        self.count += 1;
        let mut literal = String::new();
        ts_literal(&value, 0, &mut literal);
        self.consts.push_str(&format!(
            "export const sample{}: {ts} = {literal};\n",
            self.count
        ));
    }

    /// A sample of an input type: only its key names are compared.
    fn add_input(&mut self, ts: &str, value: Value) {
        self.shape(ts).input = true;
        self.add(ts, value);
    }

    /// `key` of `ts` is optional in TypeScript although every Rust value has it.
    fn relax(&mut self, ts: &str, key: &str, why: &'static str) {
        self.shape(ts).relaxed.push((key.to_owned(), why));
    }

    fn union(&mut self, ts: &str, members: impl IntoIterator<Item = String>) {
        let members: BTreeSet<String> = members.into_iter().collect();
        assert!(!members.is_empty(), "{ts}: no members");
        self.unions.push((ts.to_owned(), members));
    }

    fn render(&self) -> String {
        let mut out = String::from(HEADER);
        out.push_str("\n// Samples: Rust values as the package writes them.\n\n");
        out.push_str(&self.consts);
        out.push_str("\n// Keys: the keys of all samples of a type together, those present in every sample, and\n// those null in some.\n\n");
        for (i, (ts, shape)) in self.shapes.iter().enumerate() {
            let all: BTreeSet<String> = shape.present.keys().cloned().collect();
            let mut required: BTreeSet<String> = shape
                .present
                .iter()
                .filter(|(_, n)| **n == shape.samples)
                .map(|(k, _)| k.clone())
                .collect();
            for (key, why) in &shape.relaxed {
                assert!(
                    required.remove(key),
                    "{ts}.{key} is relaxed but not always present"
                );
                out.push_str(&format!("// {ts}.{key}: optional in TypeScript: {why}\n"));
            }
            let n = i + 1;
            out.push_str(&format!(
                "export type Keys{n} = Check<Equals<keyof {ts}, {}>>;\n",
                union_of(&all)
            ));
            if shape.input {
                continue;
            }
            out.push_str(&format!(
                "export type Required{n} = Check<Equals<RequiredKeys<{ts}>, {}>>;\n",
                union_of(&required)
            ));
            out.push_str(&format!(
                "export type Nullable{n} = Check<Equals<NullableKeys<{ts}>, {}>>;\n",
                union_of(&shape.nullable)
            ));
        }
        out.push_str("\n// Options: the keys Rust reads (a value of the wrong type is refused), and those it needs.\n\n");
        for (i, (ts, all, required, note)) in self.keys.iter().enumerate() {
            let n = i + 1;
            out.push_str(&format!("// {note}\n"));
            out.push_str(&format!(
                "export type OptionKeys{n} = Check<Equals<keyof {ts}, {}>>;\n",
                union_of(all)
            ));
            out.push_str(&format!(
                "export type OptionRequired{n} = Check<Equals<RequiredKeys<{ts}>, {}>>;\n",
                union_of(required)
            ));
        }
        out.push_str("\n// Unions: every member Rust has, and no other.\n\n");
        for (i, (ts, members)) in self.unions.iter().enumerate() {
            out.push_str(&format!(
                "export type Union{} = Check<Equals<{ts}, {}>>;\n",
                i + 1,
                union_of(members)
            ));
        }
        out
    }
}

const HEADER: &str = "\
// Generated by tests/shapes_ts.rs from Rust values: do not edit. Regenerate with
//   PA_UPDATE_SAMPLES=1 cargo test --test shapes_ts
// tests/js/types.test.mjs compiles this file with `tsc --strict` against the package's .d.ts:
// a field Rust writes that a type lacks is an excess property, a required field Rust leaves out
// is a missing property, and the checks below compare keys, optionality, nullability and union
// members both ways.
import type * as PA from 'prompt-assist';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Check<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];
";

fn union_of(keys: &BTreeSet<String>) -> String {
    if keys.is_empty() {
        return "never".to_owned();
    }
    keys.iter()
        .map(|k| serde_json::to_string(k).expect("string"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn rust_view(value: &Value) -> Value {
    match value {
        Value::Object(o) if o.contains_key("$ts") => o["$rust"].clone(),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), rust_view(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(rust_view).collect()),
        other => other.clone(),
    }
}

/// `value` as a TypeScript expression, two spaces per level.
fn ts_literal(value: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    match value {
        Value::Object(o) if o.contains_key("$ts") => {
            out.push_str(o["$ts"].as_str().expect("$ts is an expression"));
        }
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Object(o) => {
            out.push_str("{\n");
            for (k, v) in o {
                out.push_str(&format!(
                    "{pad}{}: ",
                    serde_json::to_string(k).expect("key")
                ));
                ts_literal(v, indent + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Array(a) => {
            out.push_str("[\n");
            for v in a {
                out.push_str(&pad);
                ts_literal(v, indent + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&"  ".repeat(indent));
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A serde value as the package writes it (`crate::json`), read back.
fn written<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&prompt_assist::json::to_string(value)).expect("the package writes JSON")
}

fn text(s: &str) -> JsonText {
    JsonText::new(s)
}

/// The TypeScript interface of each event variant: a new variant stops this compiling.
fn event_type(event: &AssistantEvent) -> &'static str {
    match event {
        AssistantEvent::Mode { .. } => "PA.ModeEvent",
        AssistantEvent::Status(_) => "PA.StatusEvent",
        AssistantEvent::AssistantDelta { .. } => "PA.AssistantDeltaEvent",
        AssistantEvent::ReasoningDelta { .. } => "PA.ReasoningDeltaEvent",
        AssistantEvent::DraftReady(_) => "PA.DraftReadyEvent",
        AssistantEvent::AiSetupRequired(_) => "PA.SetupRequiredEvent",
        AssistantEvent::Error(_) => "PA.AssistantErrorEvent",
        AssistantEvent::Done => "PA.DoneEvent",
        AssistantEvent::Warning(_) => "PA.WarningEvent",
        AssistantEvent::Unknown { .. } => "PA.UnknownEvent",
        AssistantEvent::Retry(_) => "PA.RetryEvent",
    }
}
const EVENT_TYPES: usize = 11;

const CURRENT: &str = "<prompt>\n  <goal>Answer @customer.name kindly.</goal>\n  <rules>Be short.</rules>\n  <examples>Q: hi</examples>\n</prompt>";
const DRAFT: &str = "<prompt>\n  <rules>Be short.</rules>\n  <goal>Answer @customer.name and @custmer kindly.</goal>\n  <tone>Warm</tone>\n  <empty></empty>\n</prompt>";

fn context() -> serde_json::Value {
    json!({ "customer": { "name": "Ada", "email": "ada@example.com" }, "plan": "pro", "count": 3 })
}

fn validation() -> prompt_assist::protocol::DraftValidation {
    validate_draft(DRAFT, Some(&context().into()))
}

fn error(
    source: ErrorSource,
    code: ErrorCode,
    status: Option<u16>,
    retry: Option<u64>,
) -> ErrorEvent {
    ErrorEvent {
        source,
        code,
        message: text("The server answered 429 Too Many Requests."),
        status,
        retry_after_ms: retry,
    }
}

fn events() -> Vec<AssistantEvent> {
    let setup_full = SetupRequired {
        reason: Some(text("no-model")),
        provider: Some(text("openai")),
        message: Some(text("Choose a model in the settings.")),
        code: Some(text("model-missing")),
    };
    let setup_empty = SetupRequired {
        reason: None,
        provider: None,
        message: None,
        code: None,
    };
    vec![
        AssistantEvent::Mode {
            mode: Mode::Draft,
            label: Some(text("Drafting")),
        },
        AssistantEvent::Mode {
            mode: Mode::Chat,
            label: None,
        },
        AssistantEvent::Status(Status {
            label: Some(text("Thinking")),
            section: Some(text("goal")),
            message: Some(text("Reading the prompt")),
        }),
        AssistantEvent::Status(Status {
            label: None,
            section: None,
            message: None,
        }),
        AssistantEvent::AssistantDelta {
            delta: text("Here is "),
        },
        AssistantEvent::ReasoningDelta {
            delta: text("The user wants"),
        },
        AssistantEvent::DraftReady(Box::new(DraftReady {
            prompt: text(DRAFT),
            section: Some(text("goal")),
            validation: validation(),
            diff: diff_prompts(CURRENT, DRAFT),
        })),
        AssistantEvent::DraftReady(Box::new(DraftReady {
            prompt: text("<prompt><goal>Hi</goal></prompt>"),
            section: None,
            validation: validate_draft("<prompt><goal>Hi</goal></prompt>", None),
            diff: diff_prompts("", "<prompt><goal>Hi</goal></prompt>"),
        })),
        AssistantEvent::AiSetupRequired(setup_full),
        AssistantEvent::AiSetupRequired(setup_empty),
        AssistantEvent::Error(error(
            ErrorSource::Http,
            ErrorCode::RateLimited,
            Some(429),
            Some(3000),
        )),
        AssistantEvent::Error(error(
            ErrorSource::Server,
            ErrorCode::Server(text("quota-exceeded")),
            None,
            None,
        )),
        AssistantEvent::Done,
        AssistantEvent::Warning(Warning {
            code: WarningCode::MalformedLine,
            message: "The line is not valid JSON and was skipped.".into(),
            line: Some(3),
        }),
        AssistantEvent::Warning(Warning {
            code: WarningCode::UnexpectedEvent,
            message: "A \"mode\" event after \"done\" was ignored.".into(),
            line: None,
        }),
        AssistantEvent::Unknown {
            raw_type: text("usage"),
            data: json!({ "type": "usage", "tokens": 12 })
                .as_object()
                .expect("object")
                .clone()
                .into(),
        },
        AssistantEvent::Retry(RetryEvent {
            attempt: 1,
            delay_ms: 3000,
            code: ErrorCode::RateLimited,
            status: Some(429),
        }),
        AssistantEvent::Retry(RetryEvent {
            attempt: 2,
            delay_ms: 1200,
            code: ErrorCode::NetworkError,
            status: None,
        }),
    ]
}

fn snapshots() -> Vec<SessionSnapshot> {
    let empty = SessionSnapshot {
        phase: Phase::Waiting,
        mode: None,
        status: None,
        assistant_text: JsonText::empty(),
        reasoning_text: JsonText::empty(),
        draft: None,
        error: None,
        setup: None,
        warnings: Vec::new(),
        events: 0,
    };
    let full = SessionSnapshot {
        phase: Phase::Error,
        mode: Some(Mode::Draft),
        status: Some(Status {
            label: Some(text("Drafting")),
            section: Some(text("goal")),
            message: Some(text("Writing the goal")),
        }),
        assistant_text: text("Here is a shorter prompt."),
        reasoning_text: text("Shorter, then."),
        draft: Some(Draft {
            prompt: text(DRAFT),
            validation: validation(),
            diff: diff_prompts(CURRENT, DRAFT),
        }),
        error: Some(error(
            ErrorSource::Timeout,
            ErrorCode::IdleTimeout,
            None,
            None,
        )),
        setup: Some(SetupRequired {
            reason: Some(text("no-model")),
            provider: None,
            message: None,
            code: None,
        }),
        warnings: vec![Warning {
            code: WarningCode::InvalidEvent,
            message: "A \"status\" event needs a \"label\" field; the event was ignored.".into(),
            line: Some(2),
        }],
        events: 7,
    };
    vec![empty, full]
}

fn event_samples(s: &mut Samples) {
    let events = events();
    let array: Vec<Value> =
        serde_json::from_str(&events_json(&events)).expect("events are one JSON array");
    let mut seen = BTreeSet::new();
    for (event, value) in events.iter().zip(array) {
        seen.insert(event_type(event));
        s.add(event_type(event), value);
    }
    assert_eq!(seen.len(), EVENT_TYPES, "a sample of every event variant");
    s.union(
        "PA.AssistantEvent['type']",
        events.iter().map(|e| e.type_name().to_owned()),
    );
}

fn snapshot_samples(s: &mut Samples) {
    for snapshot in snapshots() {
        let value: Value = serde_json::from_str(&snapshot.to_json()).expect("snapshot JSON");
        for (key, ts) in [
            ("status", "NonNullable<PA.SessionSnapshot['status']>"),
            ("draft", "NonNullable<PA.SessionSnapshot['draft']>"),
        ] {
            if !value[key].is_null() {
                s.add(ts, value[key].clone());
            }
        }
        s.add("PA.SessionSnapshot", value);
    }
    // `status` with no fields (a `status` event may carry none).
    let snapshot = SessionSnapshot {
        status: Some(Status::default()),
        ..SessionSnapshot::default()
    };
    let value: Value = serde_json::from_str(&snapshot.to_json()).expect("snapshot JSON");
    s.add(
        "NonNullable<PA.SessionSnapshot['status']>",
        value["status"].clone(),
    );

    // `replay`'s result: the events and the snapshot of a recorded answer.
    let ndjson = concat!(
        r#"{"type":"mode","mode":"chat"}"#,
        "\n",
        r#"{"type":"assistant-delta","delta":"Hi"}"#,
        "\n",
        r#"{"type":"done"}"#,
        "\n"
    );
    let (events, snapshot) =
        prompt_assist::session::replay(ndjson.as_bytes(), SessionOptions::default());
    let value: Value = serde_json::from_str(&format!(
        "{{\"events\":{},\"snapshot\":{}}}",
        events_json(&events),
        snapshot.to_json()
    ))
    .expect("replay JSON");
    s.add("PA.ReplayResult", value);

    let phases = every!(Phase {
        Waiting,
        Streaming,
        Done,
        Error,
        SetupRequired,
        Aborted,
    });
    s.union("PA.Phase", phases.iter().map(|p| p.as_str().to_owned()));
}

fn validation_samples(s: &mut Samples) {
    let v = validation();
    assert!(!v.ok && !v.issues.is_empty(), "the sample draft has issues");
    s.add("PA.DraftValidation", written(&v));
    s.add(
        "PA.DraftValidation",
        written(&validate_draft("<prompt><goal>Hi</goal></prompt>", None)),
    );
    for issue in [
        ValidationIssue {
            severity: Severity::Error,
            code: IssueCode::UnknownVariable,
            message: "\"@custmer\" is not a known variable. Did you mean \"@customer\"?".into(),
            start: 10,
            end: 18,
            line: 1,
            column: 11,
            variable: Some("custmer".into()),
            suggestion: Some("customer".into()),
        },
        ValidationIssue {
            severity: Severity::Warning,
            code: IssueCode::EmptySection,
            message: "The section \"empty\" is empty.".into(),
            start: 0,
            end: 15,
            line: 5,
            column: 3,
            variable: None,
            suggestion: None,
        },
    ] {
        s.add("PA.ValidationIssue", written(&issue));
    }
    let ctx = context().into();
    for r in find_variables("Hi @customer.name and @nobody", Some(&ctx))
        .into_iter()
        .chain(find_variables("Hi @anyone", None))
    {
        s.add("PA.VariableRef", written(&r));
    }
    s.union(
        "PA.Severity",
        every!(Severity { Error, Warning }).iter().map(string_of),
    );
    let codes = every!(IssueCode {
        XmlSyntax,
        UnknownVariable,
        PlaceholderSyntax,
        DtdNotAllowed,
        RootElement,
        EmptySection,
        DuplicateSection,
        TooDeep,
        TooLarge,
        EmptyPrompt,
    });
    for c in &codes {
        assert_eq!(string_of(c), c.as_str());
    }
    s.union("PA.IssueCode", codes.iter().map(string_of));
}

/// A field-less enum as the package writes it.
fn string_of<T: serde::Serialize>(v: &T) -> String {
    written(v).as_str().expect("a string").to_owned()
}

fn diff_samples(s: &mut Samples) {
    let structural = diff_prompts(CURRENT, DRAFT);
    assert!(structural.structural);
    let text = diff_prompts("plain text, not XML", "plain words, not <XML");
    assert!(!text.structural);
    s.add("PA.PromptDiff", written(&structural));
    s.add("PA.PromptDiff", written(&text));
    s.relax(
        "PA.PromptDiff",
        "granularity",
        "a PromptDiff built elsewhere, without it, can still be rendered and merged",
    );
    let mut kinds = BTreeSet::new();
    for section in &structural.sections {
        kinds.insert(string_of(&section.change));
        s.add("PA.SectionChange", written(section));
    }
    assert!(kinds.contains("added") && kinds.contains("removed") && kinds.contains("moved"));
    s.add("PA.DiffStats", written(&structural.stats));
    s.add("PA.DiffOp", written(&structural.ops[0]));
    if let Some(range) = structural.sections[0]
        .before_range
        .or(structural.sections[0].after_range)
    {
        s.add("PA.TextRange", written(&range));
    }
    let merged = merge_draft(&structural, &Decisions::default()).expect("merge");
    s.add("PA.MergeResult", written(&merged));
    s.add("PA.TextEdit", written(&merged.edits[0]));
    s.union(
        "PA.ChangeKind",
        every!(ChangeKind {
            Added,
            Removed,
            Modified,
            Moved,
            Unchanged
        })
        .iter()
        .map(string_of),
    );
    s.union(
        "PA.DiffOp['op']",
        every!(OpKind {
            Equal,
            Insert,
            Delete
        })
        .iter()
        .map(string_of),
    );
    s.union(
        "PA.Granularity",
        every!(Granularity { Word, Line }).iter().map(string_of),
    );
}

fn completion_samples(s: &mut Samples) {
    let ctx = context().into();
    let top = complete_variables("Hi @", 4, &ctx).expect("a completion");
    assert!(top.options.iter().any(|o| o.detail.is_some()));
    assert!(top.options.iter().any(|o| o.detail.is_none()));
    s.add("PA.VariableCompletion", written(&top));
    for option in &top.options {
        s.add("PA.VariableCompletionOption", written(option));
    }
    s.union(
        "PA.VariableCompletionOption['type']",
        every!(CompletionKind {
            Variable,
            Namespace
        })
        .iter()
        .map(string_of),
    );
}

fn request_samples(s: &mut Samples) {
    let full = json!({
        "instruction": "Make it shorter",
        "currentPrompt": CURRENT,
        "conversationHistory": [
            { "role": "user", "content": "Add a tone section" },
            { "role": "assistant", "content": "Done: added \"tone\"." }
        ],
        "variableContext": context(),
        "assistedMode": true,
        "modelOverride": { "provider": "openai", "model": "gpt-4o" }
    });
    let minimal = json!({ "instruction": "Hi" });
    for request in [full, minimal] {
        let input = RequestInput::from_value(request.clone()).expect("an object");
        let RequestInput {
            instruction,
            current_prompt,
            conversation_history,
            variable_context,
            assisted_mode,
            model_override,
        } = &input;
        for field in [
            instruction.as_ref().map(ok),
            current_prompt.as_ref().map(ok),
            conversation_history.as_ref().map(ok),
            variable_context.as_ref().map(ok),
            assisted_mode.as_ref().map(ok),
            model_override.as_ref().map(ok),
        ]
        .into_iter()
        .flatten()
        {
            assert!(field, "a field of the wrong kind in {request}");
        }
        let body = input.sanitize().expect("a valid request");
        let value = written(&body);
        assert_eq!(value, request, "the request is sent as given");
        if let Some(history) = value.get("conversationHistory").and_then(Value::as_array) {
            for entry in history {
                s.add("PA.HistoryEntry", entry.clone());
            }
        }
        if let Some(model) = value.get("modelOverride") {
            s.add("PA.ModelOverride", model.clone());
        }
        s.add("PA.PromptAssistantRequest", value);
    }
    s.union(
        "PA.HistoryEntry['role']",
        every!(HistoryRole { User, Assistant })
            .iter()
            .map(string_of),
    );
}

fn ok<T>(c: &Checked<T>) -> bool {
    matches!(c, Checked::Ok(_))
}

/// Every field of `options` that Rust read, checking each was of the right kind: a new field of
/// `OptionsInput` stops this compiling.
fn read_options(options: &Value) -> BTreeSet<&'static str> {
    let OptionsInput {
        current_prompt,
        variable_context,
        max_line_bytes,
        base_url,
        token,
        headers,
        idle_timeout_ms,
        max_retries,
        credentials,
        signal,
        fetch,
    } = OptionsInput::from_value(options.clone()).expect("an object");
    let mut read = BTreeSet::new();
    for (name, field) in [
        ("currentPrompt", current_prompt.as_ref().map(ok)),
        ("variableContext", variable_context.as_ref().map(ok)),
        ("maxLineBytes", max_line_bytes.as_ref().map(ok)),
        ("baseUrl", base_url.as_ref().map(ok)),
        ("token", token.as_ref().map(ok)),
        ("headers", headers.as_ref().map(ok)),
        ("idleTimeoutMs", idle_timeout_ms.as_ref().map(ok)),
        ("maxRetries", max_retries.as_ref().map(ok)),
        ("credentials", credentials.as_ref().map(ok)),
        ("signal", signal.as_ref().map(ok)),
        ("fetch", fetch.as_ref().map(ok)),
    ] {
        if let Some(good) = field {
            assert!(good, "{name} of the wrong kind in {options}");
            read.insert(name);
        }
    }
    read
}

/// A value of the wrong kind for `value`'s field.
fn wrong(value: &Value) -> Value {
    if value.is_number() {
        json!("not a number")
    } else {
        json!(12345)
    }
}

fn option_samples(s: &mut Samples) {
    // As the JS side hands them to Rust: `signal` and `fetch` as `true` once checked, `headers`
    // as pairs.
    let full = json!({
        "baseUrl": "https://your-instance.example.com",
        "token": "secret-token",
        "signal": { "$ts": "new AbortController().signal", "$rust": true },
        "headers": { "$ts": "new Headers({ 'X-Team': 'docs' })", "$rust": [["X-Team", "docs"]] },
        "fetch": { "$ts": "fetch", "$rust": true },
        "credentials": "include",
        "idleTimeoutMs": 30000,
        "maxRetries": 3,
        "maxLineBytes": 1048576
    });
    let record = json!({ "baseUrl": "/", "headers": { "X-Team": "docs" } });
    let pairs = json!({ "baseUrl": "/", "headers": [["X-Team", "docs"]] });
    let minimal = json!({ "baseUrl": "https://your-instance.example.com" });
    let request = json!({ "instruction": "Hi" });
    let mut stream_keys: BTreeSet<String> = BTreeSet::new();
    for options in [&full, &record, &pairs, &minimal] {
        stream_keys.extend(
            read_options(&rust_view(options))
                .into_iter()
                .map(str::to_owned),
        );
        prepare(request.clone(), rust_view(options))
            .map_err(|e| e.to_string())
            .expect("valid options");
        s.add_input("PA.StreamOptions", options.clone());
    }
    for credentials in every!(Credentials {
        Omit,
        SameOrigin,
        Include
    }) {
        let value = string_of(&credentials);
        read_options(&json!({ "credentials": value }));
        s.union_member("NonNullable<PA.StreamOptions['credentials']>", value);
    }

    // The keys `prepare` reads: each one that refuses a value of the wrong kind. The keys it
    // needs: each one whose absence is refused.
    let all = rust_view(&full);
    let mut every_key = all.as_object().expect("object").clone();
    every_key.insert("currentPrompt".into(), json!(CURRENT));
    every_key.insert("variableContext".into(), context());
    assert_eq!(
        read_options(&Value::Object(every_key.clone())).len(),
        11,
        "a sample of every option Rust reads"
    );
    let (read, needed) = behaviour(&every_key, |options| {
        prepare(request.clone(), options).is_ok()
    });
    assert_eq!(
        read, stream_keys,
        "the stream options sampled are those prepare reads"
    );
    s.keys.push((
        "PA.StreamOptions".into(),
        read.clone(),
        needed.clone(),
        "StreamOptions: what transport::prepare reads and needs.",
    ));

    // A conversation's options: its turn settings, and the stream options of every turn but
    // `signal` (the conversation aborts its own turns).
    let mut every_key = every_key.clone();
    every_key.insert("assistedMode".into(), json!(true));
    every_key.insert(
        "modelOverride".into(),
        json!({ "provider": "openai", "model": "gpt-4o" }),
    );
    let (turn_read, turn_needed) = behaviour(&every_key, |options| {
        TurnSettings::from_value(options).is_ok()
    });
    let mut conversation: BTreeSet<String> = read.union(&turn_read).cloned().collect();
    conversation.remove("signal");
    let conversation_needed: BTreeSet<String> = needed.union(&turn_needed).cloned().collect();
    let mut sample = full.clone();
    sample.as_object_mut().expect("object").remove("signal");
    sample["headers"] = json!({ "X-Team": "docs" });
    sample["currentPrompt"] = json!(CURRENT);
    sample["variableContext"] = context();
    sample["assistedMode"] = json!(true);
    sample["modelOverride"] = json!({ "provider": "openai", "model": "gpt-4o" });
    s.add_input("PA.ConversationOptions", sample);
    s.keys.push((
        "PA.ConversationOptions".into(),
        conversation,
        conversation_needed,
        "ConversationOptions: what TurnSettings::from_value and prepare read and need, but signal.",
    ));

    // `AssistantSession` options: what `SessionOptions` holds from JS (`secret` is the stream's
    // token, not an option). A new field stops this compiling.
    let SessionOptions {
        current_prompt: _,
        variable_context: _,
        max_line_bytes: _,
        secret: _,
    } = SessionOptions::default();
    let session =
        json!({ "currentPrompt": CURRENT, "variableContext": context(), "maxLineBytes": 65536 });
    assert_eq!(read_options(&session).len(), 3);
    s.add_input("PA.SessionOptions", session);
    s.add_input("PA.SessionOptions", json!({}));
}

/// The keys of `every` that `accepts` reads (a value of the wrong kind is refused) and needs
/// (leaving it out is refused).
fn behaviour(
    every: &serde_json::Map<String, Value>,
    accepts: impl Fn(prompt_assist::json::Value) -> bool,
) -> (BTreeSet<String>, BTreeSet<String>) {
    assert!(
        accepts(Value::Object(every.clone()).into()),
        "every option valid"
    );
    let mut read = BTreeSet::new();
    let mut needed = BTreeSet::new();
    for (key, value) in every {
        let mut bad = every.clone();
        bad.insert(key.clone(), wrong(value));
        if !accepts(Value::Object(bad).into()) {
            read.insert(key.clone());
        }
        let mut without = every.clone();
        without.remove(key);
        if !accepts(Value::Object(without).into()) {
            needed.insert(key.clone());
        }
    }
    (read, needed)
}

impl Samples {
    fn union_member(&mut self, ts: &str, member: String) {
        match self.unions.iter_mut().find(|(name, _)| name == ts) {
            Some((_, members)) => {
                members.insert(member);
            }
            None => self.unions.push((ts.to_owned(), BTreeSet::from([member]))),
        }
    }
}

fn conversation_samples(s: &mut Samples) {
    // A turn as conversation.js builds it: the id `begin` gave, the instruction, and the
    // snapshot's fields the turn patches carry.
    let mut conversation = Conversation::new(TurnSettings {
        current_prompt: Some(CURRENT.into()),
        variable_context: None,
        assisted_mode: None,
        model_override: None,
    });
    let mut turns = Vec::new();
    for (snapshot, instruction) in snapshots().iter().zip(["Make it shorter", "Add a tone"]) {
        let begun = conversation.begin(instruction, TurnSettings::default());
        let snap: Value = serde_json::from_str(&snapshot.to_json()).expect("snapshot JSON");
        let mut turn = json!({ "id": begun.id, "instruction": instruction });
        for key in [
            "phase",
            "assistantText",
            "reasoningText",
            "draft",
            "error",
            "setup",
        ] {
            turn[key] = snap[key].clone();
        }
        s.add("PA.ConversationTurn", turn.clone());
        turns.push(turn);
    }
    s.add(
        "PA.ConversationSnapshot",
        json!({ "turns": turns, "running": true, "currentPrompt": conversation.current_prompt() }),
    );
}

fn error_unions(s: &mut Samples) {
    s.union(
        "PA.Mode",
        every!(Mode {
            Chat,
            Clarify,
            Draft
        })
        .iter()
        .map(|m| {
            assert_eq!(string_of(m), m.as_str());
            m.as_str().to_owned()
        }),
    );
    s.union(
        "PA.ErrorSource",
        every!(ErrorSource {
            Server,
            Http,
            Network,
            Timeout,
            Protocol,
            Request
        })
        .iter()
        .map(|v| {
            assert_eq!(string_of(v), v.as_str());
            v.as_str().to_owned()
        }),
    );
    s.union(
        "PA.WarningCode",
        every!(WarningCode {
            MalformedLine,
            InvalidEvent,
            LineTooLong,
            InvalidUtf8,
            UnexpectedEvent
        })
        .iter()
        .map(|v| {
            assert_eq!(string_of(v), v.as_str());
            v.as_str().to_owned()
        }),
    );
    // The package's own error codes: every variant but a server's own code.
    let own: Vec<String> = ErrorCode::OWN
        .iter()
        .map(|c| match c {
            ErrorCode::InvalidRequest
            | ErrorCode::Unauthorized
            | ErrorCode::Forbidden
            | ErrorCode::NotFound
            | ErrorCode::RateLimited
            | ErrorCode::ServerError
            | ErrorCode::HttpError
            | ErrorCode::NetworkError
            | ErrorCode::IdleTimeout
            | ErrorCode::IncompleteStream => string_of(c),
            ErrorCode::Server(_) => unreachable!("OWN has no server code"),
        })
        .collect();
    s.union("PA.ErrorCode", own);
}

#[test]
fn the_typescript_samples_match_the_rust_types() {
    let mut s = Samples::default();
    event_samples(&mut s);
    error_unions(&mut s);
    snapshot_samples(&mut s);
    validation_samples(&mut s);
    diff_samples(&mut s);
    completion_samples(&mut s);
    request_samples(&mut s);
    option_samples(&mut s);
    conversation_samples(&mut s);
    let generated = s.render();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("PA_UPDATE_SAMPLES").is_some() {
        std::fs::write(&path, &generated).expect("write the samples");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "{GOLDEN} is not what the Rust types give (first difference at line {}):\n  committed: {:?}\n  generated: {:?}\n\
             If the Rust change is meant, regenerate it (PA_UPDATE_SAMPLES=1 cargo test --test shapes_ts), \
             then update the .d.ts until tests/js/types.test.mjs passes.",
            line + 1,
            committed.lines().nth(line).unwrap_or("<end>"),
            generated.lines().nth(line).unwrap_or("<end>"),
        );
    }
}
