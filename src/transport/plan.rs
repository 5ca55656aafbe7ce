//! From what the editor passed to `streamPromptAssistant` to what is sent (API.md §1, §5): the
//! URL, the headers, the body, the limits, and the options of the session that reads the answer.
//! Pure logic over [`crate::protocol::request`]'s shapes.

use crate::json::Value;

use super::policy::{display_url, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_RETRIES, MAX_RETRIES_LIMIT};
use crate::protocol::request::{
    Credentials, OptionsInput, RequestError, RequestInput, ENDPOINT_PATH,
};
use crate::session::SessionOptions;

/// Everything needed to send one request.
///
/// Deliberately not `Debug`: `headers` hold the bearer token.
#[derive(Clone, PartialEq)]
pub struct Plan {
    /// `baseUrl` with the endpoint path appended.
    pub url: String,
    /// `url` as messages show it: origin and path only.
    pub endpoint: String,
    /// The sanitised JSON body.
    pub body: String,
    /// Every request header, in the order they are set (later ones win).
    pub headers: Vec<(String, String)>,
    /// `fetch`'s `credentials`.
    pub credentials: Credentials,
    /// Milliseconds without an event before `idle-timeout`; 0 means never.
    pub idle_timeout_ms: u64,
    /// How many times a failed connection is tried again.
    pub max_retries: u32,
}

/// A request ready to go, and the options of the session that reads its answer (the current
/// prompt, the variable context, the line limit, and the token as the secret to scrub).
pub struct Prepared {
    /// The request.
    pub plan: Plan,
    /// The options of the session that reads the answer.
    pub session: SessionOptions,
}

/// Checks and sanitises a request and its options (both as JSON: the binding passes what
/// `JSON.stringify` keeps, so `undefined` fields are simply absent). The request is checked
/// before the options.
///
/// Headers: `options.headers` first, then `Content-Type` and `Accept` win, then
/// `Authorization: Bearer <token>`. An `Authorization` in `options.headers` is dropped:
/// `Authorization` comes from `token` alone, so "no token, no `Authorization`" holds and every
/// credential sent is one the stream knows to scrub.
pub fn prepare(
    request: impl Into<Value>,
    options: impl Into<Value>,
) -> Result<Prepared, RequestError> {
    let body = RequestInput::from_value(request.into())?.sanitize()?;
    let mut options = OptionsInput::from_value(options.into())?;
    let base_url = options.base_url()?;
    let token = options.token()?;
    let mut headers: Vec<(String, String)> = options
        .headers()?
        .into_iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("authorization"))
        .collect();
    headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    headers.push(("Accept".to_owned(), "application/x-ndjson".to_owned()));
    if let Some(token) = &token {
        headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    for (name, value) in &headers {
        check_header(name, value)?;
    }
    let idle_timeout_ms = options
        .idle_timeout_ms()?
        .unwrap_or(DEFAULT_IDLE_TIMEOUT_MS);
    let max_retries = options.max_retries()?.map_or(DEFAULT_MAX_RETRIES, |n| {
        u32::try_from(n).unwrap_or(u32::MAX).min(MAX_RETRIES_LIMIT)
    });
    let max_line_bytes = options.max_line_bytes()?;
    let credentials = options.credentials()?.unwrap_or_default();
    options.js_only()?;
    let url = endpoint_url(&base_url)?;
    let mut session = SessionOptions {
        current_prompt: body.current_prompt.clone().unwrap_or_default(),
        variable_context: body.variable_context.clone().map(Value::Object),
        secret: token,
        ..SessionOptions::default()
    };
    if let Some(limit) = max_line_bytes {
        session.max_line_bytes = limit;
    }
    Ok(Prepared {
        plan: Plan {
            endpoint: display_url(&url),
            url,
            body: crate::json::to_string(&body),
            headers,
            credentials,
            idle_timeout_ms,
            max_retries,
        },
        session,
    })
}

/// `{baseUrl}` + [`ENDPOINT_PATH`], without doubling a trailing `/`.
///
/// A URL with a scheme must be http(s): `fetch` would fail on any other, and that failure would
/// look like a network error worth retrying. A URL without one (`/`, `//host`) is resolved by
/// `fetch` against the page. A base that already ends in the endpoint path is refused: it would
/// be doubled, and the 404 would not say why.
pub fn endpoint_url(base_url: &str) -> Result<String, RequestError> {
    let base = base_url.trim();
    if base.is_empty() {
        return Err(RequestError::MissingBaseUrl);
    }
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
    let base = base.trim_end_matches('/');
    let path = base.split(['?', '#']).next().unwrap_or_default();
    if path
        .to_ascii_lowercase()
        .trim_end_matches('/')
        .ends_with(ENDPOINT_PATH)
    {
        return Err(RequestError::EndpointInBaseUrl);
    }
    Ok(format!("{base}{ENDPOINT_PATH}"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn opts() -> Value {
        json!({"baseUrl": "https://x.example/", "token": "s3cret"})
    }

    fn prepared(request: Value, options: Value) -> Result<Prepared, RequestError> {
        prepare(request, options)
    }

    #[test]
    fn prepares_url_headers_and_settings() {
        let p = prepared(
            json!({"instruction": "go", "currentPrompt": "<prompt/>", "variableContext": {"a": 1}}),
            json!({"baseUrl": "https://x.example//", "token": "s3cret",
                    "headers": {"X-Trace": "1", "Accept": "text/plain"},
                    "idleTimeoutMs": 0, "maxRetries": 99, "maxLineBytes": 1024.7}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let plan = &p.plan;
        assert_eq!(plan.url, "https://x.example/api/ai/prompt-assistant/stream");
        assert_eq!(plan.endpoint, plan.url);
        assert_eq!(
            serde_json::from_str::<Value>(&plan.body).unwrap(),
            json!({"currentPrompt":"<prompt/>","instruction":"go","variableContext":{"a":1}})
        );
        let h: Vec<(&str, &str)> = plan
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
        assert_eq!(p.session.secret.as_deref(), Some("s3cret"));
        assert_eq!(p.session.current_prompt, "<prompt/>");
        assert_eq!(p.session.variable_context, Some(json!({"a": 1}).into()));
        assert_eq!(p.session.max_line_bytes, 1024);
        assert_eq!(
            (plan.idle_timeout_ms, plan.max_retries),
            (0, MAX_RETRIES_LIMIT)
        );
        assert_eq!(plan.credentials, Credentials::SameOrigin);
    }

    #[test]
    fn authorization_comes_from_the_token_alone() {
        let go = json!({"instruction": "go"});
        let auth = |p: &Prepared| {
            p.plan
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let opts = json!({"baseUrl": "http://h", "headers": {"authorization": "Bearer zzz", "X-Trace": "1"}});
        let p = prepared(go.clone(), opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(auth(&p), Vec::<String>::new());
        assert!(p
            .plan
            .headers
            .iter()
            .any(|(n, v)| n == "X-Trace" && v == "1"));
        let opts = json!({"baseUrl": "http://h", "token": "t0k", "headers": [["AUTHORIZATION", "Basic x"]]});
        assert_eq!(
            auth(&prepared(go, opts).unwrap_or_else(|e| panic!("{e}"))),
            ["Bearer t0k"]
        );
    }

    #[test]
    fn base_url_schemes_and_the_endpoint_path() {
        for ok in [
            "http://h",
            "HTTPS://h/",
            "/",
            "//h.example",
            "https://h:8080/x",
            "https://h/api/ai",
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
        for doubled in [
            "https://h/api/ai/prompt-assistant/stream",
            "https://h/api/ai/prompt-assistant/stream/",
            "/api/ai/prompt-assistant/stream",
            "https://h/API/ai/prompt-assistant/stream?x=1",
        ] {
            assert_eq!(
                endpoint_url(doubled),
                Err(RequestError::EndpointInBaseUrl),
                "{doubled}"
            );
        }
        assert_eq!(
            endpoint_url("https://h/").unwrap(),
            "https://h/api/ai/prompt-assistant/stream"
        );
    }

    #[test]
    fn defaults_and_no_token() {
        let p = prepared(
            json!({"instruction": "go"}),
            json!({"baseUrl": "http://h", "token": ""}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(p.plan.headers.iter().all(|(n, _)| n != "Authorization"));
        assert_eq!(p.session.secret, None);
        assert_eq!(
            (p.plan.idle_timeout_ms, p.plan.max_retries),
            (DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_RETRIES)
        );
        assert_eq!(
            p.session.max_line_bytes,
            crate::stream::DEFAULT_MAX_LINE_BYTES
        );
        assert_eq!(p.session.current_prompt, "");
    }

    #[test]
    fn refuses_bad_options_without_leaking_the_token() {
        let go = json!({"instruction": "go"});
        let err = |o: Value| prepared(go.clone(), o).err();
        assert_eq!(err(json!({})), Some(RequestError::MissingBaseUrl));
        assert_eq!(
            err(json!({"baseUrl": "  "})),
            Some(RequestError::MissingBaseUrl)
        );
        assert_eq!(err(Value::Null), Some(RequestError::MissingBaseUrl));
        for bad in [
            json!({"baseUrl": 1}),
            json!({"baseUrl": "h", "idleTimeoutMs": -1}),
            json!({"baseUrl": "h", "idleTimeoutMs": "5"}),
            json!({"baseUrl": "h", "maxRetries": -1}),
            json!({"baseUrl": "h", "maxLineBytes": 0}),
            json!({"baseUrl": "h", "headers": {"a": 1}}),
            json!({"baseUrl": "h", "headers": 5}),
            json!({"baseUrl": "h", "token": 5}),
            json!({"baseUrl": "h", "signal": "object"}),
            json!({"baseUrl": "h", "fetch": "a string"}),
        ] {
            assert!(
                matches!(err(bad.clone()), Some(RequestError::WrongType { .. })),
                "{bad}"
            );
        }
        let e = err(json!({"baseUrl": "h", "token": "ab\ncd"}));
        assert_eq!(
            e,
            Some(RequestError::InvalidHeader {
                name: "Authorization".into()
            })
        );
        let event = e.map(|e| e.to_event()).unwrap();
        assert_eq!(event.code, crate::protocol::ErrorCode::InvalidRequest);
        assert!(!event.message.to_string().contains("ab"));
        // The body is checked before the options.
        assert_eq!(
            prepared(json!({"instruction": ""}), opts()).err(),
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
}
