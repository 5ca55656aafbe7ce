//! The binding under wasm-bindgen-test, in Node and in headless Chromium (scripts/test runs this
//! file twice, the second time with `WASM_BINDGEN_USE_BROWSER=1`). It calls the exported
//! functions as Rust functions with JS values, so it checks the boundary encoding: absent vs
//! null, plain objects, byte views, split surrogate pairs, lone surrogates from the stream,
//! thrown TypeErrors, and the stream driver's refusal of a bad request.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Object, Reflect, Uint8Array, JSON};
use prompt_assist::wasm::offline::{diff_prompts, render_diff_html};
use prompt_assist::wasm::session::{replay, AssistantSession};
use prompt_assist::wasm::transport::StreamDriver;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `AssistantSession.push` as pkg-template/session.js writes it over the split batch: the delta
/// texts, then the JSON array of the other events; `ops[0]` is where the JSON starts (UTF-16
/// units), then one word per event, `units << 2 | kind` (0 JSON, 1 assistant, 2 reasoning). A
/// large draft's JSON may start early, in `pieces`, before the rest of the array in the text.
fn push(session: &mut AssistantSession, chunk: JsValue) -> Result<JsValue, JsValue> {
    let pieces = Array::new();
    let text = JsString::from(session.push_batch(chunk, pieces.clone())?);
    let ops = session.batch_ops();
    let json = (pieces.length() > 0 || text.length() > ops[0]).then(|| {
        let head = String::from(pieces.join(""));
        JSON::parse(&(head + &String::from(text.slice(ops[0], text.length())))).unwrap()
    });
    let (out, mut next, mut at) = (Array::new(), 0, 0);
    for op in &ops[1..] {
        if op & 3 == 0 {
            out.push(&Reflect::get_u32(json.as_ref().unwrap(), next).unwrap());
            next += 1;
            continue;
        }
        let event = Object::new();
        let ty = if op & 3 == 1 {
            "assistant-delta"
        } else {
            "reasoning-delta"
        };
        Reflect::set(&event, &"type".into(), &ty.into()).unwrap();
        Reflect::set(
            &event,
            &"delta".into(),
            &text.slice(at, at + (op >> 2)).into(),
        )
        .unwrap();
        at += op >> 2;
        out.push(&event);
    }
    Ok(out.into())
}

const STREAM: &str = concat!(
    "{\"type\":\"mode\",\"mode\":\"chat\",\"label\":null}\n",
    "{\"type\":\"assistant-delta\",\"delta\":\"h\u{e9} \u{1F600}\"}\r\n",
    "{\"type\":\"x-tool\",\"a\":{\"b\":[1]}}\n",
    "{\"type\":\"done\"}\n",
);

#[wasm_bindgen_test]
fn push_bytes_honours_the_view_and_leaves_absent_fields_out() {
    let bytes = STREAM.as_bytes();
    let backing = Uint8Array::new_with_length(bytes.len() as u32 + 8);
    backing.fill(b'{', 0, backing.length());
    backing.subarray(4, 4 + bytes.len() as u32).copy_from(bytes);
    let mut session = AssistantSession::new(JsValue::UNDEFINED).unwrap();
    let cut = 30;
    let a = push(&mut session, backing.subarray(4, 4 + cut).into()).unwrap();
    let b = push(
        &mut session,
        backing.subarray(4 + cut, 4 + bytes.len() as u32).into(),
    )
    .unwrap();
    let events: Array = Array::from(&a).concat(&Array::from(&b));
    assert_eq!(
        json(&events),
        concat!(
            "[{\"type\":\"mode\",\"mode\":\"chat\"},",
            "{\"type\":\"assistant-delta\",\"delta\":\"h\u{e9} \u{1F600}\"},",
            "{\"type\":\"unknown\",\"rawType\":\"x-tool\",\"data\":{\"type\":\"x-tool\",\"a\":{\"b\":[1]}}},",
            "{\"type\":\"done\"}]"
        )
    );
    let mode = events.get(0);
    assert!(!Reflect::has(&mode, &JsValue::from_str("label")).unwrap());
    let data = get(&events.get(2), "data");
    assert_eq!(
        Object::get_prototype_of(&data),
        Object::get_prototype_of(&Object::new())
    );
    assert_eq!(json(&session.finish().unwrap()), "[]");
}

#[wasm_bindgen_test]
fn string_chunks_may_split_a_surrogate_pair() {
    let text = "{\"type\":\"assistant-delta\",\"delta\":\"\u{1F600}\"}\n";
    let units: Vec<u16> = text.encode_utf16().collect();
    let expected = json(&get(
        &replay(JsValue::from_str(text), JsValue::UNDEFINED).unwrap(),
        "events",
    ));
    for cut in 0..=units.len() {
        let (left, right) = units.split_at(cut);
        let mut session = AssistantSession::new(JsValue::UNDEFINED).unwrap();
        let all = Array::new();
        for part in [left, right] {
            let chunk: JsValue = JsString::from_char_code(part).into();
            all.push(&push(&mut session, chunk).unwrap());
        }
        all.push(&session.finish().unwrap());
        assert_eq!(json(&all.flat(1)), expected, "cut at {cut}");
    }
}

#[wasm_bindgen_test]
fn snapshot_has_null_for_unset_fields() {
    let session = AssistantSession::new(parse("{\"currentPrompt\":\"<prompt/>\"}")).unwrap();
    assert_eq!(
        json(&session.snapshot().unwrap()),
        concat!(
            "{\"phase\":\"waiting\",\"mode\":null,\"status\":null,\"assistantText\":\"\",",
            "\"reasoningText\":\"\",\"draft\":null,\"error\":null,\"setup\":null,",
            "\"warnings\":[],\"events\":0}"
        )
    );
}

#[wasm_bindgen_test]
fn bad_arguments_throw_type_errors() {
    let mut session = AssistantSession::new(JsValue::UNDEFINED).unwrap();
    let err = push(&mut session, JsValue::from_f64(5.0)).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    let err = AssistantSession::new(parse("{\"maxLineBytes\":\"x\"}"))
        .err()
        .unwrap();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    let diff = diff_prompts("a".into(), "b".into()).unwrap();
    let err = render_diff_html(diff.clone(), parse("{\"layout\":\"sideways\"}")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert!(render_diff_html(diff, parse("{\"layout\":\"split\"}")).is_ok());
}

/// The driver behind `streamPromptAssistant`: a refused request yields `invalid-request` and
/// asks for nothing to be sent; the token does not come out.
#[wasm_bindgen_test]
fn the_stream_driver_refuses_a_blank_instruction_without_a_request() {
    let mut driver = StreamDriver::new(
        parse("{\"instruction\":\"  \"}"),
        parse("{\"baseUrl\":\"http://127.0.0.1:9\",\"token\":\"s3cret\"}"),
        1.0,
        false,
    );
    assert_eq!(driver.request(), None);
    let output = parse(&driver.start());
    assert_eq!(get(&output, "step"), JsValue::from_str("finish"));
    let event = Array::from(&get(&output, "events")).get(0);
    assert_eq!(get(&event, "code"), JsValue::from_str("invalid-request"));
    assert_eq!(get(&event, "source"), JsValue::from_str("request"));
    let snapshot = driver.snapshot();
    assert_eq!(get(&parse(&snapshot), "phase"), JsValue::from_str("error"));
    assert!(!snapshot.contains("s3cret"));
}

/// A lone surrogate escape from the server reaches JS as the lone surrogate `JSON.parse` gives.
#[wasm_bindgen_test]
fn lone_surrogates_from_the_stream_reach_js_intact() {
    let text = "{\"type\":\"assistant-delta\",\"delta\":\"hi \\ud83d\"}\n{\"type\":\"assistant-delta\",\"delta\":\"\\ude00!\"}\n";
    let replayed = replay(JsValue::from_str(text), JsValue::UNDEFINED).unwrap();
    let events = Array::from(&get(&replayed, "events"));
    let first: JsString = get(&events.get(0), "delta").dyn_into().unwrap();
    assert_eq!(first.length(), 4);
    assert_eq!(first.char_code_at(3), f64::from(0xD83D));
    let text: JsString = get(&get(&replayed, "snapshot"), "assistantText")
        .dyn_into()
        .unwrap();
    assert_eq!(String::from(text), "hi \u{1F600}!");
}
