//! The request side of the network API (API.md §1 and §5), as pure logic: checking and sanitising
//! what the editor passes to `streamPromptAssistant`, and turning an HTTP failure into an `error`
//! event. No I/O and no clock: the binding (`crate::wasm`) passes in "now" and a random number.
//!
//! Start at [`prepare`], which turns the request and the options (both as JSON values) into a
//! [`PreparedRequest`] or an `invalid-request` [`ErrorEvent`]. After a response arrives,
//! [`http_error`] maps a non-2xx status, and [`retry_delay_ms`] decides whether and when to retry.

use std::fmt;
use std::time::UNIX_EPOCH;

use serde_json::{Map, Value};

use super::events::{ErrorEvent, ErrorSource};

/// The path appended to `baseUrl`.
pub const ENDPOINT_PATH: &str = "/api/ai/prompt-assistant/stream";
/// The default idle timeout, in milliseconds.
pub const DEFAULT_IDLE_TIMEOUT_MS: u64 = 60_000;
/// The default number of retries.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// `maxRetries` above this is treated as this: a client that retries more only hammers a server
/// that is down.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// The longest `Retry-After` that is honoured by waiting; a longer one ends the stream with the
/// error (carrying `retryAfterMs`) instead of retrying early against the server's wish.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;
/// The first backoff step; each retry doubles it.
pub const BACKOFF_BASE_MS: u64 = 300;
/// The largest backoff step before jitter.
pub const BACKOFF_CAP_MS: u64 = 10_000;
/// A message from an error body is cut to this many characters.
const MAX_MESSAGE_CHARS: usize = 500;

/// Why a request was refused before anything was sent (`invalid-request`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// The request is not a JSON object (or cannot be turned into JSON at all).
    NotAnObject,
    /// `instruction` is missing or `null`.
    MissingInstruction,
    /// A field has the wrong type.
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    /// `instruction` is empty after trimming.
    BlankInstruction,
    /// `options.baseUrl` is missing or blank.
    MissingBaseUrl,
    /// `options.baseUrl` names a scheme other than `http` or `https`.
    UnsupportedScheme,
    /// A header name or value that `fetch` would refuse. The value is never included: it may be
    /// a credential.
    InvalidHeader { name: String },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NotAnObject => write!(f, "the request must be a JSON object"),
            RequestError::MissingInstruction => write!(f, "`instruction` is required"),
            RequestError::WrongType { field, expected } => {
                write!(f, "`{field}` must be {expected}")
            }
            RequestError::BlankInstruction => {
                write!(f, "`instruction` must not be empty or only whitespace")
            }
            RequestError::MissingBaseUrl => write!(f, "`options.baseUrl` is required"),
            RequestError::UnsupportedScheme => {
                write!(f, "`options.baseUrl` must be an `http:` or `https:` URL")
            }
            RequestError::InvalidHeader { name } => {
                write!(f, "the header `{name}` has an invalid name or value")
            }
        }
    }
}

impl RequestError {
    /// The `invalid-request` event for this problem.
    pub fn to_event(&self) -> ErrorEvent {
        ErrorEvent::new(ErrorSource::Request, "invalid-request", self.to_string())
    }
}

/// Everything needed to send one request and read its answer.
///
/// Deliberately not `Debug`: `headers` and `token` hold the bearer token.
#[derive(Clone, PartialEq)]
pub struct PreparedRequest {
    pub url: String,
    /// The sanitised JSON body.
    pub body: String,
    /// All request headers, in the order they are set (later ones win).
    pub headers: Vec<(String, String)>,
    /// The bearer token, kept so that the binding can scrub it from any message.
    pub token: Option<String>,
    /// The session's `currentPrompt` (empty when none).
    pub current_prompt: String,
    pub variable_context: Option<Value>,
    /// 0 means never.
    pub idle_timeout_ms: u64,
    pub max_retries: u32,
    /// `None`: the session's default.
    pub max_line_bytes: Option<usize>,
}

/// Checks and sanitises a request and its options (both as JSON: the binding passes
/// `JSON.stringify` of what it was given, so `undefined` fields are simply absent).
///
/// A field that is `null` counts as absent. Only the fields of API.md §1 are sent; others are
/// dropped. `instruction` is sent exactly as given.
pub fn prepare(request: &Value, options: &Value) -> Result<PreparedRequest, RequestError> {
    let body = sanitize_body(request)?;
    let settings = read_options(options)?;
    let current_prompt = match body.get("currentPrompt") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let variable_context = body.get("variableContext").cloned();
    let mut headers = settings.extra_headers;
    headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    headers.push(("Accept".to_owned(), "application/x-ndjson".to_owned()));
    if let Some(token) = &settings.token {
        headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    for (name, value) in &headers {
        check_header(name, value)?;
    }
    Ok(PreparedRequest {
        url: endpoint_url(&settings.base_url)?,
        body: Value::Object(body).to_string(),
        headers,
        token: settings.token,
        current_prompt,
        variable_context,
        idle_timeout_ms: settings.idle_timeout_ms,
        max_retries: settings.max_retries,
        max_line_bytes: settings.max_line_bytes,
    })
}

/// The body to send (API.md §1): only the known fields, each type-checked, and the history with
/// its unusable entries dropped.
pub fn sanitize_body(request: &Value) -> Result<Map<String, Value>, RequestError> {
    let Value::Object(request) = request else {
        return Err(RequestError::NotAnObject);
    };
    let field = |name: &str| request.get(name).filter(|v| !v.is_null());
    let mut body = Map::new();

    match field("instruction") {
        None => return Err(RequestError::MissingInstruction),
        Some(Value::String(s)) if is_blank(s) => return Err(RequestError::BlankInstruction),
        Some(v @ Value::String(_)) => {
            body.insert("instruction".into(), v.clone());
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "instruction",
                expected: "a string",
            })
        }
    }
    match field("currentPrompt") {
        None => {}
        Some(v @ Value::String(_)) => {
            body.insert("currentPrompt".into(), v.clone());
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "currentPrompt",
                expected: "a string",
            })
        }
    }
    match field("conversationHistory") {
        None => {}
        Some(Value::Array(entries)) => {
            let kept: Vec<Value> = entries.iter().filter_map(history_entry).collect();
            body.insert("conversationHistory".into(), Value::Array(kept));
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "conversationHistory",
                expected: "an array",
            })
        }
    }
    match field("variableContext") {
        None => {}
        Some(v @ Value::Object(_)) => {
            body.insert("variableContext".into(), v.clone());
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "variableContext",
                expected: "an object",
            })
        }
    }
    match field("assistedMode") {
        None => {}
        Some(v @ Value::Bool(_)) => {
            body.insert("assistedMode".into(), v.clone());
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "assistedMode",
                expected: "a boolean",
            })
        }
    }
    match field("modelOverride") {
        None => {}
        Some(Value::Object(o)) => match (o.get("provider"), o.get("model")) {
            (Some(Value::String(provider)), Some(Value::String(model))) => {
                let mut m = Map::new();
                m.insert("provider".into(), Value::String(provider.clone()));
                m.insert("model".into(), Value::String(model.clone()));
                body.insert("modelOverride".into(), Value::Object(m));
            }
            _ => {
                return Err(RequestError::WrongType {
                    field: "modelOverride",
                    expected: "`{provider: string, model: string}`",
                })
            }
        },
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "modelOverride",
                expected: "`{provider: string, model: string}`",
            })
        }
    }
    Ok(body)
}

/// One history entry as sent, or `None` when §1 says to drop it: not an object, a role other
/// than `user` or `assistant`, or content that is not a string or is blank. Only `role` and
/// `content` are kept.
fn history_entry(entry: &Value) -> Option<Value> {
    let Value::Object(entry) = entry else {
        return None;
    };
    let role = match entry.get("role") {
        Some(Value::String(r)) if r == "user" || r == "assistant" => r,
        _ => return None,
    };
    let content = match entry.get("content") {
        Some(Value::String(c)) if !is_blank(c) => c,
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("role".into(), Value::String(role.clone()));
    out.insert("content".into(), Value::String(content.clone()));
    Some(Value::Object(out))
}

/// Blank as JS `trim()` sees it: Unicode white space, plus the BOM that `trim()` also strips.
fn is_blank(s: &str) -> bool {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
}

/// `{baseUrl}` + [`ENDPOINT_PATH`], without doubling a trailing `/`.
pub fn endpoint_url(base_url: &str) -> Result<String, RequestError> {
    let base = base_url.trim();
    if base.is_empty() {
        return Err(RequestError::MissingBaseUrl);
    }
    // A URL with a scheme must be http(s): `fetch` would fail on any other, and that failure
    // would look like a network error worth retrying. A URL without one (`/`, `//host`) is
    // resolved by `fetch` against the page.
    if let Some((scheme, _)) = base.split_once(':') {
        let is_scheme = scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme
            && !scheme.eq_ignore_ascii_case("http")
            && !scheme.eq_ignore_ascii_case("https")
        {
            return Err(RequestError::UnsupportedScheme);
        }
    }
    Ok(format!("{}{ENDPOINT_PATH}", base.trim_end_matches('/')))
}

struct Settings {
    base_url: String,
    token: Option<String>,
    extra_headers: Vec<(String, String)>,
    idle_timeout_ms: u64,
    max_retries: u32,
    max_line_bytes: Option<usize>,
}

/// The JSON part of `StreamOptions` (`signal` is read by the binding).
fn read_options(options: &Value) -> Result<Settings, RequestError> {
    let empty = Map::new();
    let options = match options {
        Value::Object(o) => o,
        Value::Null => &empty,
        _ => {
            return Err(RequestError::WrongType {
                field: "options",
                expected: "an object",
            })
        }
    };
    let field = |name: &str| options.get(name).filter(|v| !v.is_null());
    let base_url = match field("baseUrl") {
        None => return Err(RequestError::MissingBaseUrl),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "options.baseUrl",
                expected: "a string",
            })
        }
    };
    // An empty token is no token: sending `Bearer ` would only earn a 401.
    let token = match field("token") {
        None => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "options.token",
                expected: "a string",
            })
        }
    };
    let mut extra_headers = Vec::new();
    match field("headers") {
        None => {}
        Some(Value::Object(h)) => {
            for (name, value) in h {
                match value {
                    // API.md §5: `Authorization` comes from `token` alone, so that "no token,
                    // no `Authorization` header" holds and every credential sent is one that
                    // `redact` knows.
                    Value::String(_) if name.eq_ignore_ascii_case("authorization") => {}
                    Value::String(v) => extra_headers.push((name.clone(), v.clone())),
                    _ => {
                        return Err(RequestError::WrongType {
                            field: "options.headers",
                            expected: "an object of string values",
                        })
                    }
                }
            }
        }
        Some(_) => {
            return Err(RequestError::WrongType {
                field: "options.headers",
                expected: "an object of string values",
            })
        }
    }
    let idle_timeout_ms = match field("idleTimeoutMs") {
        None => DEFAULT_IDLE_TIMEOUT_MS,
        Some(v) => non_negative(v).ok_or(RequestError::WrongType {
            field: "options.idleTimeoutMs",
            expected: "a number >= 0",
        })?,
    };
    let max_retries = match field("maxRetries") {
        None => DEFAULT_MAX_RETRIES,
        Some(v) => non_negative(v)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX).min(MAX_RETRIES_LIMIT))
            .ok_or(RequestError::WrongType {
                field: "options.maxRetries",
                expected: "a number >= 0",
            })?,
    };
    let max_line_bytes = match field("maxLineBytes") {
        None => None,
        Some(v) => Some(
            non_negative(v)
                .filter(|n| *n > 0)
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
                .ok_or(RequestError::WrongType {
                    field: "options.maxLineBytes",
                    expected: "a number > 0",
                })?,
        ),
    };
    Ok(Settings {
        base_url,
        token,
        extra_headers,
        idle_timeout_ms,
        max_retries,
        max_line_bytes,
    })
}

/// A JSON number that is >= 0, rounded down to an integer.
fn non_negative(v: &Value) -> Option<u64> {
    let n = v.as_f64()?;
    // NaN fails this test too.
    if n.is_nan() || n < 0.0 {
        return None;
    }
    // `as` saturates for floats past u64::MAX, which is what a huge timeout should mean.
    Some(n.floor() as u64)
}

/// Whether `fetch` accepts this header: a non-empty token as the name, and a value with no NUL,
/// CR or LF and only characters up to U+00FF (a ByteString).
pub fn check_header(name: &str, value: &str) -> Result<(), RequestError> {
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let value_ok = value
        .chars()
        .all(|c| c != '\0' && c != '\r' && c != '\n' && u32::from(c) <= 0xFF);
    if name_ok && value_ok {
        Ok(())
    } else {
        Err(RequestError::InvalidHeader {
            name: name.chars().take(64).collect(),
        })
    }
}

/// The `code` of an HTTP failure (API.md §5).
pub fn status_code(status: u16) -> &'static str {
    match status {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        429 => "rate-limited",
        500..=599 => "server-error",
        _ => "http-error",
    }
}

/// Whether a response with this status may be retried: 408, 429, 500, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The `error` event for a non-2xx response. `body` is the response text (it may be anything);
/// `retry_after` the raw `Retry-After` header; `now_ms` the current time in ms since the epoch.
pub fn http_error(status: u16, body: &str, retry_after: Option<&str>, now_ms: f64) -> ErrorEvent {
    let message = body_message(body).unwrap_or_else(|| {
        format!(
            "the server answered HTTP {status} ({})",
            status_code(status).replace('-', " ")
        )
    });
    let mut event = ErrorEvent::new(ErrorSource::Http, status_code(status), message);
    event.status = Some(status);
    event.retry_after_ms = retry_after.and_then(|v| parse_retry_after(v, now_ms));
    event
}

/// The `message` or `error` string of a JSON error body (or `error.message`, a common nesting),
/// cut to a sane length. `None` for anything else (HTML, plain text, an empty body).
pub fn body_message(body: &str) -> Option<String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return None;
    };
    let text = match (map.get("message"), map.get("error")) {
        (Some(Value::String(m)), _) if !is_blank(m) => m,
        (_, Some(Value::String(e))) if !is_blank(e) => e,
        (_, Some(Value::Object(e))) => match e.get("message") {
            Some(Value::String(m)) if !is_blank(m) => m,
            _ => return None,
        },
        _ => return None,
    };
    Some(text.chars().take(MAX_MESSAGE_CHARS).collect())
}

/// Parses a `Retry-After` value into milliseconds from now: delay-seconds (`120`) or an HTTP
/// date (`Wed, 21 Oct 2015 07:28:00 GMT`, and the two obsolete forms). A date in the past is 0.
/// `None` when the value is neither.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: only overflow can fail, and a huge delay is "a very long time".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let date_ms = date.duration_since(UNIX_EPOCH).ok()?.as_millis();
    // `as` saturates (and maps NaN to 0): no float-to-Duration conversion that could panic.
    let now_ms = now_ms.max(0.0) as u128;
    Some(u64::try_from(date_ms.saturating_sub(now_ms)).unwrap_or(u64::MAX))
}

/// How long to wait before retry number `retry` (0 for the first retry), or `None` when the
/// server asked for a wait longer than [`MAX_RETRY_AFTER_MS`].
///
/// Exponential backoff with "equal jitter": step `BACKOFF_BASE_MS * 2^retry` (capped at
/// [`BACKOFF_CAP_MS`]), of which a random half is waited on top of the other half. `random` is a
/// number in `[0, 1)` (`Math.random()`). A `Retry-After` is a floor.
pub fn retry_delay_ms(retry: u32, retry_after_ms: Option<u64>, random: f64) -> Option<u64> {
    if retry_after_ms.is_some_and(|ms| ms > MAX_RETRY_AFTER_MS) {
        return None;
    }
    let step = BACKOFF_BASE_MS
        .saturating_mul(1u64.checked_shl(retry.min(32)).unwrap_or(u64::MAX))
        .min(BACKOFF_CAP_MS);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = step / 2;
    let jittered = half + (half as f64 * random) as u64;
    Some(jittered.max(retry_after_ms.unwrap_or(0)))
}

/// `text` with every occurrence of `secret` replaced by `[redacted]`. The binding runs every
/// message that could echo request data (an HTTP error body, a `fetch` error) through this, so
/// the bearer token never reaches an event.
pub fn redact(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => text.replace(s, "[redacted]"),
        _ => text.to_owned(),
    }
}

/// `json` (a serialised event, batch or snapshot) with every occurrence of `secret` inside a
/// string value replaced by `[redacted]`, so a token the server echoes back in a delta, an error
/// line or an unknown event's data never reaches the editor (API.md §5). The secret is matched
/// as JSON writes it, escapes included. Object keys, and the values of the keys that hold the
/// contract's fixed names (`type`, `code`, `mode`, …), are left alone, so the JSON keeps its
/// shape and meaning whatever the secret is.
pub fn redact_json(json: &str, secret: Option<&str>) -> String {
    let escaped = secret
        .filter(|s| !s.is_empty())
        .and_then(|s| serde_json::to_string(s).ok());
    let Some(needle) = escaped
        .as_deref()
        .and_then(|e| e.get(1..e.len().saturating_sub(1)))
        .filter(|n| !n.is_empty() && json.contains(*n))
    else {
        return json.to_owned();
    };
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    // The key whose value comes next, when nothing but `:` and whitespace has followed it.
    let mut key: Option<&str> = None;
    // Each round copies up to the next string literal, then the literal: as it is when it is a
    // key or the value of a key that only ever holds one of the contract's fixed names (a
    // `type`, a `code`, …, so the shape of an event never changes), redacted otherwise.
    while let Some(open) = rest.find('"') {
        let (before, literal) = rest.split_at(open);
        out.push_str(before);
        let is_value_of = key.filter(|_| before.trim() == ":");
        let close = string_literal_len(literal);
        let (literal, after) = literal.split_at(close.min(literal.len()));
        key = None;
        if after.trim_start().starts_with(':') {
            out.push_str(literal);
            key = Some(literal);
        } else if is_value_of.is_some_and(|k| FIXED_NAME_KEYS.contains(&k)) {
            out.push_str(literal);
        } else {
            redact_literal(&mut out, literal, needle);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Keys (as JSON literals) whose values are the contract's fixed names, never free text.
const FIXED_NAME_KEYS: &[&str] = &[
    "\"type\"",
    "\"mode\"",
    "\"phase\"",
    "\"source\"",
    "\"code\"",
    "\"severity\"",
    "\"op\"",
    "\"change\"",
    "\"granularity\"",
];

/// Copies one string literal to `out` with each `needle` replaced, except where the match would
/// start inside an escape (after an odd run of backslashes: the `t` of `\t`), which would break
/// the JSON.
fn redact_literal(out: &mut String, literal: &str, needle: &str) {
    let mut copied = 0;
    for (at, _) in literal.match_indices(needle) {
        if at < copied {
            continue;
        }
        let backslashes = literal
            .get(..at)
            .unwrap_or_default()
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        out.push_str(literal.get(copied..at).unwrap_or_default());
        out.push_str("[redacted]");
        copied = at + needle.len();
    }
    out.push_str(literal.get(copied..).unwrap_or_default());
}

/// The length in bytes of the JSON string literal at the start of `text` (which starts with
/// `"`), closing quote included; the whole text when it is not closed.
fn string_literal_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// The `network-error` event for a failed `fetch`, with the token scrubbed from its message.
pub fn network_error(detail: &str, token: Option<&str>) -> ErrorEvent {
    let detail = redact(detail, token);
    let message = if detail.trim().is_empty() {
        "the request failed".to_owned()
    } else {
        format!(
            "the request failed: {}",
            detail.chars().take(MAX_MESSAGE_CHARS).collect::<String>()
        )
    };
    ErrorEvent::new(ErrorSource::Network, "network-error", message)
}

/// The `idle-timeout` event.
pub fn idle_timeout_error(idle_timeout_ms: u64) -> ErrorEvent {
    ErrorEvent::new(
        ErrorSource::Timeout,
        "idle-timeout",
        format!("no event arrived for {idle_timeout_ms} ms"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts() -> Value {
        json!({"baseUrl": "https://x.example/", "token": "s3cret"})
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
            Value::Object(body),
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
        assert_eq!(Value::Object(body), json!({"instruction": "x"}));
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
        assert!(matches!(
            sanitize_body(&json!({"instruction": "x", "modelOverride": {"provider": "p"}})),
            Err(RequestError::WrongType {
                field: "modelOverride",
                ..
            })
        ));
    }

    #[test]
    fn prepares_url_headers_and_settings() {
        let p = prepare(
            &json!({"instruction": "go", "currentPrompt": "<prompt/>", "variableContext": {"a": 1}}),
            &json!({"baseUrl": "https://x.example//", "token": "s3cret",
                    "headers": {"X-Trace": "1", "Accept": "text/plain"},
                    "idleTimeoutMs": 0, "maxRetries": 99, "maxLineBytes": 1024.7}),
        )
        .unwrap();
        assert_eq!(
            p.url,
            "https://x.example/api/ai/prompt-assistant/stream".to_owned()
        );
        assert_eq!(
            p.body,
            r#"{"currentPrompt":"<prompt/>","instruction":"go","variableContext":{"a":1}}"#
        );
        let h: Vec<(&str, &str)> = p
            .headers
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            h,
            [
                ("Accept", "text/plain"),
                ("X-Trace", "1"),
                ("Content-Type", "application/json"),
                ("Accept", "application/x-ndjson"),
                ("Authorization", "Bearer s3cret"),
            ]
        );
        assert_eq!(p.token.as_deref(), Some("s3cret"));
        assert_eq!(p.current_prompt, "<prompt/>");
        assert_eq!(p.variable_context, Some(json!({"a": 1})));
        assert_eq!(
            (p.idle_timeout_ms, p.max_retries, p.max_line_bytes),
            (0, MAX_RETRIES_LIMIT, Some(1024))
        );
    }

    #[test]
    fn redacts_the_token_inside_json() {
        let event = json!({"type": "assistant-delta", "delta": "auth was Bearer t\"0k\\x"});
        let json = serde_json::to_string(&event).unwrap();
        let out = redact_json(&json, Some("t\"0k\\x"));
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap(),
            json!({"type": "assistant-delta", "delta": "auth was Bearer [redacted]"})
        );
        assert_eq!(redact_json(&json, None), json);
        assert_eq!(redact_json(&json, Some("")), json);
        assert_eq!(
            redact_json(r#"{"a":"plain"}"#, Some("zz")),
            r#"{"a":"plain"}"#
        );
        // Keys keep their names whatever the secret is, so the shape never changes.
        let out = redact_json(
            r#"{"type":"done","x":["type"],"delta":"a type"}"#,
            Some("type"),
        );
        assert_eq!(
            out,
            r#"{"type":"done","x":["[redacted]"],"delta":"a [redacted]"}"#
        );
        let nested = r#"[{"type":"unknown","data":{"k":"t0k","t0k":1,"e":"\"t0k"}}]"#;
        assert_eq!(
            redact_json(nested, Some("t0k")),
            r#"[{"type":"unknown","data":{"k":"[redacted]","t0k":1,"e":"\"[redacted]"}}]"#
        );
        assert!(serde_json::from_str::<Value>(&redact_json(nested, Some("t0k"))).is_ok());
        // A match that would start inside an escape (`\t` + `oken`) is not one: the JSON stays
        // valid, and the real occurrence is still scrubbed.
        let tab = serde_json::to_string(&json!({"delta": "\token token"})).unwrap();
        let out = redact_json(&tab, Some("token"));
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap(),
            json!({"delta": "\token [redacted]"})
        );
    }

    #[test]
    fn authorization_comes_from_the_token_alone() {
        let go = json!({"instruction": "go"});
        let auth = |p: &PreparedRequest| {
            p.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let opts = json!({"baseUrl": "http://h", "headers": {"authorization": "Bearer zzz", "X-Trace": "1"}});
        let p = prepare(&go, &opts).unwrap();
        assert_eq!(auth(&p), Vec::<String>::new());
        assert!(p.headers.iter().any(|(n, v)| n == "X-Trace" && v == "1"));
        let opts =
            json!({"baseUrl": "http://h", "token": "t0k", "headers": {"AUTHORIZATION": "Basic x"}});
        assert_eq!(auth(&prepare(&go, &opts).unwrap()), ["Bearer t0k"]);
    }

    #[test]
    fn base_url_schemes() {
        for ok in [
            "http://h",
            "HTTPS://h/",
            "/",
            "//h.example",
            "https://h:8080/x",
        ] {
            assert!(endpoint_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ftp://h",
            "file:///etc",
            "javascript:alert(1)",
            "localhost:8080",
        ] {
            assert_eq!(
                endpoint_url(bad),
                Err(RequestError::UnsupportedScheme),
                "{bad}"
            );
        }
        assert_eq!(
            endpoint_url("https://h/").unwrap(),
            "https://h/api/ai/prompt-assistant/stream"
        );
    }

    #[test]
    fn defaults_and_no_token() {
        let p = prepare(
            &json!({"instruction": "go"}),
            &json!({"baseUrl": "http://h", "token": ""}),
        )
        .unwrap();
        assert!(p.headers.iter().all(|(n, _)| n != "Authorization"));
        assert_eq!(p.token, None);
        assert_eq!(
            (p.idle_timeout_ms, p.max_retries, p.max_line_bytes),
            (DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_RETRIES, None)
        );
        assert_eq!(p.current_prompt, "");
    }

    #[test]
    fn refuses_bad_options_without_leaking_the_token() {
        let go = json!({"instruction": "go"});
        assert_eq!(
            prepare(&go, &json!({})).err(),
            Some(RequestError::MissingBaseUrl)
        );
        assert_eq!(
            prepare(&go, &json!({"baseUrl": "  "})).err(),
            Some(RequestError::MissingBaseUrl)
        );
        assert_eq!(
            prepare(&go, &Value::Null).err(),
            Some(RequestError::MissingBaseUrl)
        );
        for bad in [
            json!({"baseUrl": 1}),
            json!({"baseUrl": "h", "idleTimeoutMs": -1}),
            json!({"baseUrl": "h", "idleTimeoutMs": "5"}),
            json!({"baseUrl": "h", "maxRetries": -1}),
            json!({"baseUrl": "h", "maxLineBytes": 0}),
            json!({"baseUrl": "h", "headers": {"a": 1}}),
            json!({"baseUrl": "h", "headers": []}),
            json!({"baseUrl": "h", "token": 5}),
        ] {
            assert!(
                matches!(prepare(&go, &bad), Err(RequestError::WrongType { .. })),
                "{bad}"
            );
        }
        let err = prepare(&go, &json!({"baseUrl": "h", "token": "ab\ncd"})).err();
        assert_eq!(
            err,
            Some(RequestError::InvalidHeader {
                name: "Authorization".into()
            })
        );
        let event = err.map(|e| e.to_event()).unwrap();
        assert_eq!(event.code, "invalid-request");
        assert_eq!(event.source, ErrorSource::Request);
        assert!(!event.message.contains("ab"));
        // The body is checked before the options.
        assert_eq!(
            prepare(&json!({"instruction": ""}), &opts()).err(),
            Some(RequestError::BlankInstruction)
        );
    }

    #[test]
    fn checks_headers() {
        assert!(check_header("X-Ok", "v a l u e \u{e9}").is_ok());
        for (n, v) in [
            ("", "v"),
            ("Bad Name", "v"),
            ("X", "a\rb"),
            ("X", "a\0"),
            ("X", "\u{2603}"),
        ] {
            assert!(check_header(n, v).is_err(), "{n:?} {v:?}");
        }
    }

    #[test]
    fn maps_statuses() {
        let codes: Vec<_> = [401, 403, 404, 429, 500, 503, 599, 400, 418, 302]
            .into_iter()
            .map(status_code)
            .collect();
        assert_eq!(
            codes,
            [
                "unauthorized",
                "forbidden",
                "not-found",
                "rate-limited",
                "server-error",
                "server-error",
                "server-error",
                "http-error",
                "http-error",
                "http-error"
            ]
        );
        let retryable: Vec<u16> = (100..600).filter(|s| is_retryable_status(*s)).collect();
        assert_eq!(retryable, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn http_errors_take_the_body_message() {
        let e = http_error(401, r#"{"message":"token expired","error":"x"}"#, None, 0.0);
        assert_eq!(
            (e.code.as_str(), e.message.as_str(), e.status),
            ("unauthorized", "token expired", Some(401))
        );
        assert_eq!(e.source, ErrorSource::Http);
        let e = http_error(403, r#"{"error":"no access"}"#, None, 0.0);
        assert_eq!(e.message, "no access");
        let e = http_error(400, r#"{"error":{"message":"nested"}}"#, None, 0.0);
        assert_eq!(e.message, "nested");
        let e = http_error(500, "<html><body>Oops</body></html>", None, 0.0);
        assert_eq!(e.message, "the server answered HTTP 500 (server error)");
        assert_eq!(e.retry_after_ms, None);
        let e = http_error(429, "", Some("3"), 0.0);
        assert_eq!(e.retry_after_ms, Some(3000));
        let long = format!(r#"{{"message":"{}"}}"#, "é".repeat(2000));
        assert_eq!(
            http_error(404, &long, None, 0.0).message.chars().count(),
            500
        );
    }

    #[test]
    fn parses_retry_after() {
        let now = 1_445_412_480_000.0; // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(parse_retry_after("0", now), Some(0));
        assert_eq!(parse_retry_after(" 120 ", now), Some(120_000));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(u64::MAX)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(30_000)
        );
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", now),
            Some(60_000)
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:05 2015", now),
            Some(5_000)
        );
        assert_eq!(
            parse_retry_after("Tue, 20 Oct 2015 07:28:00 GMT", now),
            Some(0)
        );
        for odd_now in [f64::NAN, f64::INFINITY, -1.0, 1e300] {
            assert!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", odd_now).is_some());
        }
        for bad in ["", "-1", "1.5", "soon", "Wed, 99 Oct 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn backs_off_exponentially_with_jitter() {
        assert_eq!(retry_delay_ms(0, None, 0.0), Some(150));
        assert_eq!(retry_delay_ms(0, None, 0.999_999), Some(299));
        assert_eq!(retry_delay_ms(1, None, 0.0), Some(300));
        assert_eq!(retry_delay_ms(1, None, 0.5), Some(450));
        assert_eq!(retry_delay_ms(2, None, 0.0), Some(600));
        assert_eq!(retry_delay_ms(10, None, 1.0), Some(BACKOFF_CAP_MS));
        assert_eq!(
            retry_delay_ms(u32::MAX, None, 0.0),
            Some(BACKOFF_CAP_MS / 2)
        );
        assert_eq!(retry_delay_ms(0, None, f64::NAN), Some(150));
        assert_eq!(retry_delay_ms(0, Some(2000), 0.5), Some(2000));
        assert_eq!(retry_delay_ms(0, Some(0), 0.0), Some(150));
        assert_eq!(retry_delay_ms(0, Some(60_000), 0.0), Some(60_000));
        assert_eq!(retry_delay_ms(0, Some(60_001), 0.0), None);
    }

    #[test]
    fn redacts_the_token() {
        assert_eq!(
            redact("bad token s3cret (s3cret)", Some("s3cret")),
            "bad token [redacted] ([redacted])"
        );
        assert_eq!(redact("x", Some("")), "x");
        assert_eq!(redact("x", None), "x");
        let e = network_error("invalid header Bearer s3cret", Some("s3cret"));
        assert_eq!(e.code, "network-error");
        assert_eq!(e.source, ErrorSource::Network);
        assert!(!e.message.contains("s3cret"));
        assert_eq!(network_error("", None).message, "the request failed");
        assert_eq!(idle_timeout_error(50).code, "idle-timeout");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever the text and the secret, the result is valid JSON of the same shape, and the
        /// secret is gone from every string value (unless it is part of `[redacted]` itself).
        #[test]
        fn redaction_keeps_json_valid_and_removes_the_secret(
            text in "[a-z\\\\\"\t\n\u{1}é😀 ]{0,40}",
            secret in "[a-z\\\\\"\t\n\u{1}é😀]{1,4}",
        ) {
            let json = serde_json::to_string(&json!({"type": "assistant-delta", "delta": text, "k": [text]})).unwrap();
            let out: Value = serde_json::from_str(&redact_json(&json, Some(&secret))).unwrap();
            proptest::prop_assert_eq!(&out["type"], "assistant-delta");
            for s in [&out["delta"], &out["k"][0]] {
                let s = s.as_str().unwrap();
                proptest::prop_assert!(!s.contains(&secret) || "[redacted]".contains(&secret), "{s:?}");
            }
        }
    }
}
