//! The bad-input catalog (`tests/fixtures/bad/`), run natively. `tests/js/bad_inputs.test.mjs`
//! runs the same files through the npm package.
//!
//! Each file is one case: `kind` (stream, draft, context, diff, request), an `input`, optional
//! `options`, and the `expect`ed result. Inputs too big to keep in the repository are described
//! by a `generate` recipe (`head` + `repeat` × `times` + `tail`), and deep JSON by a `nest` recipe,
//! so both runners build exactly the same bytes. The format is described in the folder's README.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use prompt_assist::diff::diff_prompts;
use prompt_assist::protocol::{AssistantEvent, OpKind};
use prompt_assist::session::{replay, SessionOptions};
use prompt_assist::transport::prepare;
use prompt_assist::validate::validate_draft;
use prompt_assist::variables::{find_variables, variable_names};
use serde_json::{json, Map, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad");

/// Builds `head` + `repeat` × `times` + `tail`. With `numbered`, each repeat has `{i}` replaced
/// by its index, so sections differ.
fn generate(recipe: &Value) -> String {
    let s = |k: &str| recipe[k].as_str().unwrap_or_default();
    let times = recipe["times"].as_u64().unwrap() as usize;
    let numbered = recipe["numbered"].as_bool().unwrap_or(false);
    let mut out = String::with_capacity(s("head").len() + s("repeat").len() * times + 64);
    out.push_str(s("head"));
    for i in 0..times {
        if numbered {
            // Numbered repeats differ in their text: `e` becomes `e17`.
            let r = s("repeat")
                .replace(">e<", &format!(">e{i}<"))
                .replace(">r<", &format!(">r{i}<"));
            out.push_str(&r);
        } else {
            out.push_str(s("repeat"));
        }
    }
    out.push_str(s("tail"));
    out
}

fn text_input(input: &Value) -> Vec<u8> {
    if let Some(t) = input.get("text") {
        t.as_str().unwrap().as_bytes().to_vec()
    } else if let Some(h) = input.get("hex") {
        let h = h.as_str().unwrap();
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    } else if let Some(g) = input.get("generate") {
        generate(g).into_bytes()
    } else {
        panic!("no text input in {input}")
    }
}

/// `outer` with `key` holding a chain of `depth` objects whose innermost one is `leaf`. Built
/// from the inside out, without recursion.
fn nest(recipe: &Value) -> Value {
    let key = recipe["key"].as_str().unwrap();
    let mut inner = recipe["leaf"].clone();
    for _ in 1..recipe["depth"].as_u64().unwrap() {
        let mut m = Map::new();
        m.insert(key.to_owned(), inner);
        inner = Value::Object(m);
    }
    let mut outer = recipe["outer"].as_object().unwrap().clone();
    outer.insert(key.to_owned(), inner);
    Value::Object(outer)
}

fn context_input(input: &Value) -> Value {
    if let Some(v) = input.get("json") {
        v.clone()
    } else if let Some(t) = input.get("jsonText") {
        serde_json::from_str(t.as_str().unwrap()).unwrap()
    } else if let Some(n) = input.get("nest") {
        nest(n)
    } else if let Some(g) = input.get("group") {
        let names: Vec<Value> = (0..g["count"].as_u64().unwrap())
            .map(|i| json!(format!("{}{i}", g["prefix"].as_str().unwrap())))
            .collect();
        json!({ g["label"].as_str().unwrap(): names })
    } else {
        panic!("no context input in {input}")
    }
}

/// `"warning:line-too-long"`, `"error:incomplete-stream"`, or the plain type.
fn tag(event: &AssistantEvent) -> String {
    match event {
        AssistantEvent::Warning(w) => format!("warning:{}", json!(w.code).as_str().unwrap()),
        AssistantEvent::Error(e) => format!("error:{}", e.code),
        AssistantEvent::Unknown { .. } => "unknown".to_owned(),
        other => other.type_name().to_owned(),
    }
}

fn run_stream(case: &Value) {
    let options = &case["options"];
    let session_options = SessionOptions {
        current_prompt: options["currentPrompt"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        variable_context: options.get("variableContext").map(Into::into),
        max_line_bytes: options["maxLineBytes"]
            .as_u64()
            .map_or(SessionOptions::default().max_line_bytes, |n| n as usize),
        secret: None,
    };
    let bytes = text_input(&case["input"]);
    let (events, snapshot) = replay(&bytes, session_options);
    let expect = &case["expect"];
    let snap = serde_json::to_value(&snapshot).unwrap();
    if let Some(want) = expect.get("events") {
        let got: Vec<String> = events.iter().map(tag).collect();
        assert_eq!(json!(got), *want);
    }
    if let Some(n) = expect.get("eventCount") {
        assert_eq!(events.len() as u64, n.as_u64().unwrap());
    }
    assert_eq!(snap["phase"], expect["phase"]);
    assert_eq!(snap["events"].as_u64().unwrap(), events.len() as u64);
    if let Some(text) = expect.get("assistantText") {
        assert_eq!(snap["assistantText"], *text);
    }
    if let Some(units) = expect.get("assistantTextUnits") {
        let got: Vec<u16> = snapshot.assistant_text.utf16().collect();
        assert_eq!(json!(got), *units, "the UTF-16 code units of assistantText");
    }
    if let Some(n) = expect.get("assistantTextLength") {
        assert_eq!(
            snapshot.assistant_text.utf16().count() as u64,
            n.as_u64().unwrap()
        );
    }
    if let Some(lines) = expect.get("warningLines") {
        let got: Vec<Value> = snap["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["line"].clone())
            .collect();
        assert_eq!(json!(got), *lines);
    }
    if let Some(ok) = expect.get("draftOk") {
        assert_eq!(snap["draft"]["validation"]["ok"], *ok);
    }
}

fn run_draft(case: &Value) {
    let xml = String::from_utf8(text_input(&case["input"])).unwrap();
    let context = case["options"]
        .get("variableContext")
        .map(prompt_assist::json::Value::from);
    let v = validate_draft(&xml, context.as_ref());
    let expect = &case["expect"];
    assert_eq!(json!(v.ok), expect["ok"]);
    assert_eq!(json!(v.well_formed), expect["wellFormed"]);
    // The distinct issue codes, alphabetically.
    let mut codes: Vec<String> = v
        .issues
        .iter()
        .map(|i| json!(i.code).as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(json!(codes), expect["codes"]);
    if let Some(n) = expect.get("issueCount") {
        assert_eq!(v.issues.len() as u64, n.as_u64().unwrap());
    }
    if let Some(n) = expect.get("sectionCount") {
        assert_eq!(v.sections.len() as u64, n.as_u64().unwrap());
    }
    if let Some(names) = expect.get("variables") {
        let got: Vec<&str> = v.variables.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(json!(got), *names);
    }
}

fn run_context(case: &Value) {
    let raw = context_input(&case["input"]);
    let context = prompt_assist::json::Value::from(&raw);
    let names = variable_names(&context);
    let expect = &case["expect"];
    if let Some(want) = expect.get("names") {
        assert_eq!(json!(names), *want);
    }
    if let Some(n) = expect.get("nameCount") {
        assert_eq!(names.len() as u64, n.as_u64().unwrap());
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "sorted, de-duplicated"
        );
    }
    let refs = find_variables("Hi @top", Some(&context));
    assert_eq!(refs.len(), 1);
    assert_eq!(json!(refs[0].known), expect["known"]);
    // Dropping a 100,000-deep value recursively would overflow the stack: tear it down by hand.
    flatten_drop(raw);
}

fn flatten_drop(value: Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => stack.extend(m.into_iter().map(|(_, v)| v)),
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
}

fn rebuild(ops: &[prompt_assist::protocol::DiffOp], skip: OpKind) -> String {
    ops.iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

fn run_diff(case: &Value) {
    let input = &case["input"];
    let before = match input.get("generateBefore") {
        Some(g) => generate(g),
        None => input["before"].as_str().unwrap().to_owned(),
    };
    let after = if input["reverseAfter"].as_bool().unwrap_or(false) {
        let outline = prompt_assist::validate::outline(&before);
        let root = outline.root.unwrap();
        let mut parts: Vec<&str> = outline
            .sections
            .iter()
            .map(|s| &before[s.span.clone()])
            .collect();
        parts.reverse();
        format!(
            "{}{}{}",
            &before[..root.content.start],
            parts.concat(),
            &before[root.content.end..]
        )
    } else {
        input["after"].as_str().unwrap().to_owned()
    };
    let diff = diff_prompts(&before, &after);
    // Not `assert_eq!`: the sides can be megabytes long.
    assert!(
        rebuild(&diff.ops, OpKind::Insert) == before,
        "ops do not rebuild `before`"
    );
    assert!(
        rebuild(&diff.ops, OpKind::Delete) == after,
        "ops do not rebuild `after`"
    );
    let expect = &case["expect"];
    assert_eq!(json!(diff.structural), expect["structural"]);
    if let Some(changes) = expect.get("changes") {
        let got: Vec<Value> = diff.sections.iter().map(|s| json!(s.change)).collect();
        assert_eq!(json!(got), *changes);
    }
    if let Some(n) = expect.get("sectionCount") {
        assert_eq!(diff.sections.len() as u64, n.as_u64().unwrap());
    }
    if expect["noAddedOrRemoved"].as_bool().unwrap_or(false) {
        assert_eq!((diff.stats.added, diff.stats.removed), (0, 0));
    }
}

fn run_request(case: &Value) {
    let options = json!({"baseUrl": "http://127.0.0.1:9"});
    let result = prepare(case["input"]["request"].clone(), options.clone());
    let expect = &case["expect"];
    match (result, expect.get("error")) {
        (Err(e), Some(code)) => assert_eq!(json!(e.to_event().code), *code),
        (Ok(prepared), None) => {
            let body: Value = serde_json::from_str(&prepared.plan.body).unwrap();
            assert_eq!(body, expect["body"]);
        }
        (Err(e), None) => panic!("refused: {e}"),
        (Ok(p), Some(_)) => panic!("accepted: {}", p.plan.body),
    }
}

#[test]
fn every_bad_input_gets_its_expected_result() {
    let mut names: Vec<_> = fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the catalog has {} cases", names.len());
    // A big stack: the test's own `Value`s (not the library) recurse on drop and compare.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || names.iter().filter_map(|p| run_case(p)).collect::<Vec<_>>())
        .unwrap();
    let failed = handle.join().unwrap();
    assert!(failed.is_empty(), "failed cases:\n{}", failed.join("\n"));
}

/// Runs one case; its name and description when it failed.
fn run_case(path: &Path) -> Option<String> {
    let case: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy();
    let kind = case["kind"].as_str().unwrap();
    let run = || match kind {
        "stream" => run_stream(&case),
        "draft" => run_draft(&case),
        "context" => run_context(&case),
        "diff" => run_diff(&case),
        "request" => run_request(&case),
        other => panic!("unknown kind {other}"),
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(()) => None,
        Err(_) => Some(format!("- {name} ({kind}): {}", case["about"])),
    }
}
