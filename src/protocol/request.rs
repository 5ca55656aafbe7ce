//! The request side of the contract as data (API.md §1, §4 `SessionOptions`, §5 `StreamOptions`):
//! what the editor passes in, read as typed shapes, and the body that is sent.
//!
//! [`RequestInput`] and [`OptionsInput`] are `Deserialize` types with one optional field per key
//! of the contract; each field is a [`Checked`] value, so a value of the wrong JSON type is kept
//! as a finding ([`RequestError::WrongType`]) rather than failing the whole parse. The sanitising
//! rules of API.md §1 are small functions on them: [`RequestInput::sanitize`] gives the
//! [`PromptAssistantRequest`] that is sent, [`HistoryEntry::keep`] drops unusable history
//! entries. One options reader serves the offline session and the network stream alike.
//!
//! Data and pure functions only: where the request goes and what happens to the answer is
//! `crate::transport`.

use std::fmt;

use serde::Serialize;

use crate::json::{Map, Number, Value};

use super::events::{ErrorCode, ErrorEvent, ErrorSource};

/// Why a request or its options were refused before anything was sent (`invalid-request`), or
/// why `AssistantSession` options were refused (a `TypeError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// The request is not a JSON object (or cannot be turned into JSON at all).
    NotAnObject,
    /// `instruction` is missing or `null`.
    MissingInstruction,
    /// A field has the wrong type.
    WrongType {
        /// The field, as the contract names it (`currentPrompt`, `options.headers`...).
        field: &'static str,
        /// What it must be, as a phrase (`a string`, `an object`...).
        expected: &'static str,
    },
    /// `instruction` is empty after trimming.
    BlankInstruction,
    /// `options.baseUrl` is missing or blank.
    MissingBaseUrl,
    /// `options.baseUrl` names a scheme other than `http` or `https`.
    UnsupportedScheme,
    /// `options.baseUrl` already ends in the endpoint path, which the package appends itself.
    EndpointInBaseUrl,
    /// A header name or value that `fetch` would refuse. The value is never included: it may be
    /// a credential.
    InvalidHeader {
        /// The header's name.
        name: String,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NotAnObject => write!(f, "The request must be an object."),
            RequestError::MissingInstruction => {
                write!(f, "The request needs an \"instruction\".")
            }
            RequestError::WrongType { field, expected } => {
                write!(f, "\"{field}\" must be {expected}.")
            }
            RequestError::BlankInstruction => write!(
                f,
                "The \"instruction\" is empty: type what the assistant should do."
            ),
            RequestError::MissingBaseUrl => write!(
                f,
                "\"options.baseUrl\" is required, for example \"https://your-instance.example.com\"."
            ),
            RequestError::UnsupportedScheme => write!(
                f,
                "\"options.baseUrl\" must be an \"http:\" or \"https:\" URL."
            ),
            RequestError::EndpointInBaseUrl => write!(
                f,
                "\"options.baseUrl\" already ends in \"{ENDPOINT_PATH}\": give only the instance's address, such as \"https://your-instance.example.com\"; the package adds the path."
            ),
            RequestError::InvalidHeader { name } => write!(
                f,
                "The header \"{name}\" has a name or value that fetch refuses (line breaks, or characters past U+00FF)."
            ),
        }
    }
}

impl RequestError {
    /// The `invalid-request` event for this problem.
    pub fn to_event(&self) -> ErrorEvent {
        ErrorEvent::new(
            ErrorSource::Request,
            ErrorCode::InvalidRequest,
            self.to_string(),
        )
    }
}

/// The path appended to `baseUrl` (API.md §1).
pub const ENDPOINT_PATH: &str = "/api/ai/prompt-assistant/stream";

/// One field as read: a value of the expected type, or a note of what came instead. A JSON
/// `null` never gets here: `Option<Checked<T>>` reads it as absent.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked<T> {
    /// A value of the expected type.
    Ok(T),
    /// The JSON type that came instead.
    Wrong(&'static str),
}

impl<T> Checked<T> {
    /// The value, or a [`RequestError::WrongType`] naming the field.
    pub fn get(
        field: Option<Self>,
        name: &'static str,
        expected: &'static str,
    ) -> Result<Option<T>, RequestError> {
        match field {
            None => Ok(None),
            Some(Checked::Ok(value)) => Ok(Some(value)),
            Some(Checked::Wrong(_)) => Err(RequestError::WrongType {
                field: name,
                expected,
            }),
        }
    }
}

impl<T> Checked<T> {
    /// Field `name` of `object`: absent or `null` is `None`; `read` takes the value when it is of
    /// the right kind.
    pub fn read(object: &Map, name: &str, read: impl Fn(&Value) -> Option<T>) -> Option<Self> {
        let value = object.get(name).filter(|v| !v.is_null())?;
        Some(read(value).map_or(Checked::Wrong(json_kind(value)), Checked::Ok))
    }
}

/// Readers of one JSON kind, for [`Checked::read`].
pub mod kind {
    use crate::json::{Map, Value};

    /// A string.
    pub fn string(v: &Value) -> Option<String> {
        v.as_str().map(str::to_owned)
    }

    /// A boolean.
    pub fn boolean(v: &Value) -> Option<bool> {
        v.as_bool()
    }

    /// A number, its text kept.
    pub fn number(v: &Value) -> Option<crate::json::Number> {
        v.as_number().cloned()
    }

    /// An object.
    pub fn object(v: &Value) -> Option<Map> {
        v.as_object().cloned()
    }

    /// An array, its items of any kind.
    pub fn array(v: &Value) -> Option<Vec<Value>> {
        v.as_array().map(<[Value]>::to_vec)
    }
}

/// What kind of JSON value this is, for messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `PromptAssistantRequest` as the editor passed it (API.md §5), before any check: each field as
/// read, absent, or of the wrong kind.
#[derive(Debug, Default)]
pub struct RequestInput {
    /// `instruction`: what the assistant should do.
    pub instruction: Option<Checked<String>>,
    /// `currentPrompt`: the prompt in the editor.
    pub current_prompt: Option<Checked<String>>,
    /// `conversationHistory`: the earlier turns, each entry not yet checked.
    pub conversation_history: Option<Checked<Vec<Value>>>,
    /// `variableContext`: the values `@name` references may name.
    pub variable_context: Option<Checked<Map>>,
    /// `assistedMode`.
    pub assisted_mode: Option<Checked<bool>>,
    /// `modelOverride`.
    pub model_override: Option<Checked<ModelOverride>>,
}

/// `{ provider, model }`: the model to use instead of the instance's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelOverride {
    /// The provider, as the instance names it.
    pub provider: String,
    /// The model, as the provider names it.
    pub model: String,
}

impl ModelOverride {
    /// As a JSON object.
    pub fn to_value(&self) -> Value {
        Value::Object(
            [
                ("provider".to_owned(), Value::from(self.provider.as_str())),
                ("model".to_owned(), Value::from(self.model.as_str())),
            ]
            .into_iter()
            .collect(),
        )
    }

    /// Reads `{provider: string, model: string}` (other fields ignored).
    pub fn read(v: &Value) -> Option<ModelOverride> {
        Some(ModelOverride {
            provider: v.get("provider")?.as_str()?.to_owned(),
            model: v.get("model")?.as_str()?.to_owned(),
        })
    }
}

/// One earlier turn, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Who said it.
    pub role: HistoryRole,
    /// What was said; never blank.
    pub content: String,
}

/// Who said a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HistoryRole {
    /// The editor's user: an instruction.
    User,
    /// The assistant: its reply.
    Assistant,
}

impl HistoryEntry {
    /// As a JSON object.
    pub fn to_value(&self) -> Value {
        let role = match self.role {
            HistoryRole::User => "user",
            HistoryRole::Assistant => "assistant",
        };
        Value::Object(
            [
                ("role".to_owned(), Value::from(role)),
                ("content".to_owned(), Value::from(self.content.as_str())),
            ]
            .into_iter()
            .collect(),
        )
    }

    /// One history entry as API.md §1 keeps it, or `None` when it is dropped: not an object, a
    /// role other than `user` or `assistant`, or content that is not a string or is blank. Only
    /// `role` and `content` are kept.
    pub fn keep(entry: &Value) -> Option<HistoryEntry> {
        let role = match entry.get("role")?.as_str()? {
            "user" => HistoryRole::User,
            "assistant" => HistoryRole::Assistant,
            _ => return None,
        };
        let content = entry.get("content")?.as_str().filter(|c| !is_blank(c))?;
        Some(HistoryEntry {
            role,
            content: content.to_owned(),
        })
    }
}

/// The body that is sent (API.md §1): only the contract's fields, each checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptAssistantRequest {
    /// What the assistant should do; not blank, sent exactly as given.
    pub instruction: String,
    /// The prompt in the editor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_prompt: Option<String>,
    /// The earlier turns that [`HistoryEntry::keep`] kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_history: Option<Vec<HistoryEntry>>,
    /// The variable context, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable_context: Option<Map>,
    /// `assistedMode`, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assisted_mode: Option<bool>,
    /// `modelOverride`, its two fields only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_override: Option<ModelOverride>,
}

impl RequestInput {
    /// Reads a request from JSON; anything but an object is [`RequestError::NotAnObject`].
    pub fn from_value(request: impl Into<Value>) -> Result<Self, RequestError> {
        let Value::Object(o) = request.into() else {
            return Err(RequestError::NotAnObject);
        };
        Ok(RequestInput {
            instruction: Checked::read(&o, "instruction", kind::string),
            current_prompt: Checked::read(&o, "currentPrompt", kind::string),
            conversation_history: Checked::read(&o, "conversationHistory", kind::array),
            variable_context: Checked::read(&o, "variableContext", kind::object),
            assisted_mode: Checked::read(&o, "assistedMode", kind::boolean),
            model_override: Checked::read(&o, "modelOverride", ModelOverride::read),
        })
    }

    /// The body to send: a field that is `null` counts as absent, a field of the wrong type is
    /// refused, `instruction` must not be blank and is sent exactly as given, and history
    /// entries are kept by [`HistoryEntry::keep`].
    pub fn sanitize(self) -> Result<PromptAssistantRequest, RequestError> {
        let instruction = Checked::get(self.instruction, "instruction", "a string")?
            .ok_or(RequestError::MissingInstruction)?;
        if is_blank(&instruction) {
            return Err(RequestError::BlankInstruction);
        }
        let history = Checked::get(self.conversation_history, "conversationHistory", "an array")?;
        Ok(PromptAssistantRequest {
            instruction,
            current_prompt: Checked::get(self.current_prompt, "currentPrompt", "a string")?,
            conversation_history: history
                .map(|entries| entries.iter().filter_map(HistoryEntry::keep).collect()),
            variable_context: Checked::get(self.variable_context, "variableContext", "an object")?,
            assisted_mode: Checked::get(self.assisted_mode, "assistedMode", "a boolean")?,
            model_override: Checked::get(
                self.model_override,
                "modelOverride",
                "an object with string fields \"provider\" and \"model\"",
            )?,
        })
    }
}

/// Blank as JS `trim()` sees it: Unicode white space, plus the BOM that `trim()` also strips.
pub fn is_blank(s: &str) -> bool {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
}

/// `headers` as the stream options give them. The JS side turns a `Headers` object or an array of
/// pairs into pairs before they cross; a plain object arrives as an object.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadersInput {
    /// Name and value pairs, in order.
    Pairs(Vec<(String, String)>),
    /// A plain object, its values not yet checked to be strings.
    Object(Map),
}

impl HeadersInput {
    fn read(v: &Value) -> Option<HeadersInput> {
        match v {
            Value::Object(map) => Some(HeadersInput::Object(map.clone())),
            Value::Array(items) => items
                .iter()
                .map(|pair| match pair.as_array()? {
                    [name, value] => Some((name.as_str()?.to_owned(), value.as_str()?.to_owned())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(HeadersInput::Pairs),
            _ => None,
        }
    }
}

/// Every option the package reads (API.md §4 `SessionOptions`, §5 `StreamOptions`), from
/// whichever options object it was given; the JS-only ones (`signal`, `fetch`) are read on the
/// JS side. Read by one set of functions, so the offline session and the stream check the same
/// field the same way and say the same thing about it.
#[derive(Debug, Default)]
pub struct OptionsInput {
    /// `currentPrompt`: what each draft is diffed against.
    pub current_prompt: Option<Checked<String>>,
    /// `variableContext`: what each draft's references are checked against.
    pub variable_context: Option<Checked<Map>>,
    /// `maxLineBytes`: the longest line the framer keeps.
    pub max_line_bytes: Option<Checked<Number>>,
    /// `baseUrl`: the instance's address (the stream only).
    pub base_url: Option<Checked<String>>,
    /// `token`: sent as a bearer `Authorization` header.
    pub token: Option<Checked<String>>,
    /// `headers`: extra request headers.
    pub headers: Option<Checked<HeadersInput>>,
    /// `idleTimeoutMs`: how long the stream waits for the next byte.
    pub idle_timeout_ms: Option<Checked<Number>>,
    /// `maxRetries`: how many times a failed connection is tried again.
    pub max_retries: Option<Checked<Number>>,
    /// `credentials`: `fetch`'s option of that name.
    pub credentials: Option<Checked<Credentials>>,
    /// Whether `signal` is an `AbortSignal`: the JS side checks it and passes `true`, or the
    /// kind of what it got instead (a string), so that the message is written here.
    pub signal: Option<Checked<bool>>,
    /// Whether `fetch` is a function, checked the same way.
    pub fetch: Option<Checked<bool>>,
}

/// `StreamOptions.credentials` (API.md §5, 0.2): the `fetch` option of the same name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// Never send cookies.
    Omit,
    /// Send cookies to the page's own origin only (the default, as in `fetch`).
    #[default]
    SameOrigin,
    /// Send cookies to any origin.
    Include,
}

impl Credentials {
    fn read(v: &Value) -> Option<Credentials> {
        match v.as_str()? {
            "omit" => Some(Credentials::Omit),
            "same-origin" => Some(Credentials::SameOrigin),
            "include" => Some(Credentials::Include),
            _ => None,
        }
    }
}

impl OptionsInput {
    /// Reads an options object: `null` (or `undefined`) is the defaults, anything but an object
    /// is [`RequestError::WrongType`].
    pub fn from_value(options: impl Into<Value>) -> Result<Self, RequestError> {
        let o = match options.into() {
            Value::Null => return Ok(OptionsInput::default()),
            Value::Object(o) => o,
            _ => {
                return Err(RequestError::WrongType {
                    field: "options",
                    expected: "an object",
                })
            }
        };
        Ok(OptionsInput {
            current_prompt: Checked::read(&o, "currentPrompt", kind::string),
            variable_context: Checked::read(&o, "variableContext", kind::object),
            max_line_bytes: Checked::read(&o, "maxLineBytes", kind::number),
            base_url: Checked::read(&o, "baseUrl", kind::string),
            token: Checked::read(&o, "token", kind::string),
            headers: Checked::read(&o, "headers", HeadersInput::read),
            idle_timeout_ms: Checked::read(&o, "idleTimeoutMs", kind::number),
            max_retries: Checked::read(&o, "maxRetries", kind::number),
            credentials: Checked::read(&o, "credentials", Credentials::read),
            signal: Checked::read(&o, "signal", kind::boolean),
            fetch: Checked::read(&o, "fetch", kind::boolean),
        })
    }

    /// `maxLineBytes`, a whole number of bytes > 0 (fractions are dropped); `None` for the
    /// default.
    pub fn max_line_bytes(&mut self) -> Result<Option<usize>, RequestError> {
        let value = Checked::get(
            self.max_line_bytes.take(),
            "options.maxLineBytes",
            "a number of bytes greater than 0",
        )?;
        match value.map(|n| n.floor_u64()) {
            None => Ok(None),
            Some(Some(n)) if n >= 1 => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
            Some(_) => Err(RequestError::WrongType {
                field: "options.maxLineBytes",
                expected: "a number of bytes greater than 0",
            }),
        }
    }

    /// `currentPrompt` of `SessionOptions`.
    pub fn current_prompt(&mut self) -> Result<Option<String>, RequestError> {
        Checked::get(
            self.current_prompt.take(),
            "options.currentPrompt",
            "a string",
        )
    }

    /// `variableContext` of `SessionOptions`.
    pub fn variable_context(&mut self) -> Result<Option<Map>, RequestError> {
        Checked::get(
            self.variable_context.take(),
            "options.variableContext",
            "an object",
        )
    }

    /// A whole number >= 0 (fractions dropped, huge values saturate); `None` when absent.
    fn count(
        field: Option<Checked<Number>>,
        name: &'static str,
        expected: &'static str,
    ) -> Result<Option<u64>, RequestError> {
        match Checked::get(field, name, expected)?.map(|n| n.floor_u64()) {
            None => Ok(None),
            // Saturates past u64::MAX; negative is refused.
            Some(Some(n)) => Ok(Some(n)),
            Some(None) => Err(RequestError::WrongType {
                field: name,
                expected,
            }),
        }
    }

    /// `idleTimeoutMs`: milliseconds, 0 for never; `None` for the default.
    pub fn idle_timeout_ms(&mut self) -> Result<Option<u64>, RequestError> {
        Self::count(
            self.idle_timeout_ms.take(),
            "options.idleTimeoutMs",
            "a number of milliseconds (0 or more)",
        )
    }

    /// `maxRetries`; `None` for the default.
    pub fn max_retries(&mut self) -> Result<Option<u64>, RequestError> {
        Self::count(
            self.max_retries.take(),
            "options.maxRetries",
            "a number (0 or more)",
        )
    }

    /// `baseUrl`, required for the stream.
    pub fn base_url(&mut self) -> Result<String, RequestError> {
        Checked::get(self.base_url.take(), "options.baseUrl", "a string")?
            .filter(|url| !url.trim().is_empty())
            .ok_or(RequestError::MissingBaseUrl)
    }

    /// `token`; an empty token is no token (sending `Bearer ` would only earn a 401).
    pub fn token(&mut self) -> Result<Option<String>, RequestError> {
        Ok(Checked::get(self.token.take(), "options.token", "a string")?.filter(|t| !t.is_empty()))
    }

    /// `headers` as name-value pairs, in the order given. Values must be strings.
    pub fn headers(&mut self) -> Result<Vec<(String, String)>, RequestError> {
        let wrong = RequestError::WrongType {
            field: "options.headers",
            expected:
                "an object of string values, a Headers object or an array of [name, value] pairs",
        };
        match Checked::get(self.headers.take(), "options.headers", "").map_err(|_| wrong.clone())? {
            None => Ok(Vec::new()),
            Some(HeadersInput::Pairs(pairs)) => Ok(pairs),
            Some(HeadersInput::Object(map)) => map
                .iter()
                .map(|(name, value)| match value {
                    Value::String(value) => Ok((name.clone(), value.clone())),
                    _ => Err(wrong.clone()),
                })
                .collect(),
        }
    }

    /// The options only JS can check (`signal`, `fetch`), as the JS side reported them.
    pub fn js_only(&mut self) -> Result<(), RequestError> {
        Checked::get(self.signal.take(), "options.signal", "an AbortSignal")?;
        Checked::get(
            self.fetch.take(),
            "options.fetch",
            "a function (a fetch implementation)",
        )?;
        Ok(())
    }

    /// `credentials`; `None` for the default (`same-origin`).
    pub fn credentials(&mut self) -> Result<Option<Credentials>, RequestError> {
        Checked::get(
            self.credentials.take(),
            "options.credentials",
            "\"omit\", \"same-origin\" or \"include\"",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn sanitize_body(request: &Value) -> Result<Value, RequestError> {
        let body = RequestInput::from_value(request.clone())?.sanitize()?;
        Ok(serde_json::to_value(body).unwrap())
    }

    #[test]
    fn sanitises_the_body() {
        let body = sanitize_body(&json!({
            "instruction": "  make it shorter ",
            "currentPrompt": "<prompt/>",
            "conversationHistory": [
                {"role": "user", "content": "hi", "extra": 1},
                {"role": "system", "content": "no"},
                {"role": "assistant", "content": ""},
                {"role": "assistant", "content": "   "},
                {"role": "assistant", "content": 5},
                "text",
                null,
                {"role": "assistant", "content": "ok"}
            ],
            "variableContext": {"firstName": "A"},
            "assistedMode": true,
            "modelOverride": {"provider": "p", "model": "m", "x": 1},
            "unknownField": 1,
            "token": "leak?"
        }))
        .unwrap();
        assert_eq!(
            body,
            json!({
                "instruction": "  make it shorter ",
                "currentPrompt": "<prompt/>",
                "conversationHistory": [
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": "ok"}
                ],
                "variableContext": {"firstName": "A"},
                "assistedMode": true,
                "modelOverride": {"provider": "p", "model": "m"}
            })
        );
    }

    #[test]
    fn nulls_count_as_absent() {
        let body = sanitize_body(&json!({
            "instruction": "x", "currentPrompt": null, "conversationHistory": null,
            "variableContext": null, "assistedMode": null, "modelOverride": null
        }))
        .unwrap();
        assert_eq!(body, json!({"instruction": "x"}));
    }

    #[test]
    fn refuses_bad_requests() {
        let cases = [
            (json!(null), RequestError::NotAnObject),
            (json!([1]), RequestError::NotAnObject),
            (json!({}), RequestError::MissingInstruction),
            (json!({"instruction": ""}), RequestError::BlankInstruction),
            (
                json!({"instruction": " \t\n\u{a0}\u{feff}"}),
                RequestError::BlankInstruction,
            ),
            (
                json!({"instruction": 5}),
                RequestError::WrongType {
                    field: "instruction",
                    expected: "a string",
                },
            ),
            (
                json!({"instruction": "x", "conversationHistory": {"role": "user"}}),
                RequestError::WrongType {
                    field: "conversationHistory",
                    expected: "an array",
                },
            ),
            (
                json!({"instruction": "x", "currentPrompt": 1}),
                RequestError::WrongType {
                    field: "currentPrompt",
                    expected: "a string",
                },
            ),
            (
                json!({"instruction": "x", "variableContext": []}),
                RequestError::WrongType {
                    field: "variableContext",
                    expected: "an object",
                },
            ),
            (
                json!({"instruction": "x", "assistedMode": "yes"}),
                RequestError::WrongType {
                    field: "assistedMode",
                    expected: "a boolean",
                },
            ),
        ];
        for (request, expected) in cases {
            assert_eq!(sanitize_body(&request), Err(expected), "{request}");
        }
        for bad in [
            json!({"provider": "p"}),
            json!("p/m"),
            json!({"provider": "p", "model": 1}),
        ] {
            assert!(matches!(
                sanitize_body(&json!({"instruction": "x", "modelOverride": bad})),
                Err(RequestError::WrongType {
                    field: "modelOverride",
                    ..
                })
            ));
        }
    }

    #[test]
    fn reads_options_with_one_set_of_rules() {
        let mut o = OptionsInput::from_value(json!({
            "currentPrompt": "<p/>", "variableContext": {"a": 1}, "maxLineBytes": 1024.7,
            "baseUrl": "https://h", "token": "", "idleTimeoutMs": 0, "maxRetries": 99,
            "headers": [["X-A", "1"]], "credentials": "include"
        }))
        .unwrap();
        assert_eq!(o.max_line_bytes(), Ok(Some(1024)));
        assert_eq!(o.current_prompt(), Ok(Some("<p/>".into())));
        assert_eq!(o.idle_timeout_ms(), Ok(Some(0)));
        assert_eq!(o.max_retries(), Ok(Some(99)));
        assert_eq!(o.token(), Ok(None));
        assert_eq!(o.headers(), Ok(vec![("X-A".into(), "1".into())]));
        assert_eq!(o.credentials(), Ok(Some(Credentials::Include)));
        assert_eq!(o.base_url(), Ok("https://h".into()));
        let wrong = |v: Value| {
            let mut o = OptionsInput::from_value(v).unwrap();
            [
                o.max_line_bytes().err(),
                o.idle_timeout_ms().err(),
                o.max_retries().err(),
                o.headers().err(),
                o.token().err(),
                o.credentials().err(),
                o.current_prompt().err(),
                o.variable_context().err(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
        };
        for bad in [
            json!({"maxLineBytes": 0}),
            json!({"maxLineBytes": "5"}),
            json!({"maxLineBytes": 0.5}),
            json!({"idleTimeoutMs": -1}),
            json!({"idleTimeoutMs": "5"}),
            json!({"maxRetries": -1}),
            json!({"headers": {"a": 1}}),
            json!({"headers": 5}),
            json!({"headers": [["a"]]}),
            json!({"token": 5}),
            json!({"credentials": "always"}),
            json!({"currentPrompt": 1}),
            json!({"variableContext": []}),
        ] {
            let errors = wrong(bad.clone());
            assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
            assert!(matches!(errors[0], RequestError::WrongType { .. }), "{bad}");
        }
        assert_eq!(
            OptionsInput::from_value(json!(5)).err(),
            Some(RequestError::WrongType {
                field: "options",
                expected: "an object"
            })
        );
        let mut none = OptionsInput::from_value(Value::Null).unwrap();
        assert_eq!(none.base_url(), Err(RequestError::MissingBaseUrl));
        assert_eq!(none.max_line_bytes(), Ok(None));
    }

    #[test]
    fn messages_are_plain_sentences() {
        let all = [
            RequestError::NotAnObject,
            RequestError::MissingInstruction,
            RequestError::WrongType {
                field: "x",
                expected: "a string",
            },
            RequestError::BlankInstruction,
            RequestError::MissingBaseUrl,
            RequestError::UnsupportedScheme,
            RequestError::EndpointInBaseUrl,
            RequestError::InvalidHeader { name: "X".into() },
        ];
        for e in all {
            let m = e.to_string();
            assert!(!m.contains('`'), "{m}");
            assert!(m.ends_with('.'), "{m}");
            assert_eq!(e.to_event().code, ErrorCode::InvalidRequest);
        }
    }
}
