//! The binding under wasm-bindgen-test, in Node and in headless Chromium (scripts/test runs this
//! file twice, the second time with `WASM_BINDGEN_USE_BROWSER=1`). It calls the exported
//! functions as Rust functions with JS values, so it checks the boundary encoding: absent vs
//! null, plain objects, byte views, split surrogate pairs, thrown TypeErrors, and the network
//! iterator's refusal of a bad request.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Object, Reflect, Uint8Array, JSON};
use prompt_assist::wasm::fetch::stream_prompt_assistant;
use prompt_assist::wasm::offline::{diff_prompts, render_diff_html};
use prompt_assist::wasm::session::{replay, AssistantSession};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
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
    let a = session.push(backing.subarray(4, 4 + cut).into()).unwrap();
    let b = session
        .push(backing.subarray(4 + cut, 4 + bytes.len() as u32).into())
        .unwrap();
    let events: Array = Array::from(&a).concat(&Array::from(&b));
    assert_eq!(
        json(&events),
        concat!(
            "[{\"type\":\"mode\",\"mode\":\"chat\"},",
            "{\"type\":\"assistant-delta\",\"delta\":\"h\u{e9} \u{1F600}\"},",
            "{\"type\":\"unknown\",\"rawType\":\"x-tool\",\"data\":{\"a\":{\"b\":[1]},\"type\":\"x-tool\"}},",
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
            all.push(&session.push(chunk).unwrap());
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
    let err = session.push(JsValue::from_f64(5.0)).unwrap_err();
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

async fn next(stream: &JsValue) -> JsValue {
    let next: js_sys::Function = get(stream, "next").dyn_into().unwrap();
    let promise: js_sys::Promise = next.call0(stream).unwrap().dyn_into().unwrap();
    JsFuture::from(promise).await.unwrap()
}

#[wasm_bindgen_test]
async fn a_blank_instruction_is_refused_without_a_request() {
    let stream = stream_prompt_assistant(
        parse("{\"instruction\":\"  \"}"),
        parse("{\"baseUrl\":\"http://127.0.0.1:9\",\"token\":\"s3cret\"}"),
    );
    let iterator: js_sys::Function = get(&stream, "next").dyn_into().unwrap();
    assert!(iterator.is_function());
    let first = next(&stream).await;
    assert_eq!(get(&first, "done"), JsValue::FALSE);
    let event = get(&first, "value");
    assert_eq!(get(&event, "code"), JsValue::from_str("invalid-request"));
    assert_eq!(get(&event, "source"), JsValue::from_str("request"));
    let end = next(&stream).await;
    assert_eq!(get(&end, "done"), JsValue::TRUE);
    let async_iterator = Reflect::get(&stream, &js_sys::Symbol::async_iterator()).unwrap();
    let same = async_iterator
        .dyn_into::<js_sys::Function>()
        .unwrap()
        .call0(&stream)
        .unwrap();
    assert_eq!(same, stream);
    let snapshot: JsValue = {
        let f: js_sys::Function = get(&stream, "snapshot").dyn_into().unwrap();
        f.call0(&stream).unwrap()
    };
    assert_eq!(get(&snapshot, "phase"), JsValue::from_str("error"));
    assert!(!json(&snapshot).contains("s3cret"));
}

#[wasm_bindgen_test]
async fn an_aborted_signal_sends_nothing_and_ends_quietly() {
    let controller = web_sys_abort_controller();
    let options = parse("{\"baseUrl\":\"http://127.0.0.1:9\"}");
    Reflect::set(
        &options,
        &JsValue::from_str("signal"),
        &get(&controller, "signal"),
    )
    .unwrap();
    let abort: js_sys::Function = get(&controller, "abort").dyn_into().unwrap();
    abort.call0(&controller).unwrap();
    let stream = stream_prompt_assistant(parse("{\"instruction\":\"go\"}"), options);
    let end = next(&stream).await;
    assert_eq!(get(&end, "done"), JsValue::TRUE);
    let f: js_sys::Function = get(&stream, "snapshot").dyn_into().unwrap();
    assert_eq!(
        get(&f.call0(&stream).unwrap(), "phase"),
        JsValue::from_str("aborted")
    );
}

/// `new AbortController()` through the global, without naming web_sys here.
fn web_sys_abort_controller() -> JsValue {
    let ctor: js_sys::Function =
        Reflect::get(&js_sys::global(), &JsValue::from_str("AbortController"))
            .unwrap()
            .dyn_into()
            .unwrap();
    Reflect::construct(&ctor, &Array::new()).unwrap()
}
