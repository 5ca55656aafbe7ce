//! The rules of HTTP failure and retry (API.md §5), as pure functions: which code a status gets,
//! which failures may be retried, how long to wait, how `Retry-After` reads, and what the
//! messages say. No I/O, no clock: "now" and randomness are passed in.

use std::time::UNIX_EPOCH;

use crate::json::Value;

use crate::protocol::request::is_blank;
use crate::protocol::{ErrorCode, ErrorEvent, ErrorSource};

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
/// Text quoted from a response body or a failure is cut to this many characters.
const MAX_QUOTE_CHARS: usize = 500;

/// The `code` of an HTTP failure (API.md §5).
pub fn status_code(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::ServerError,
        _ => ErrorCode::HttpError,
    }
}

/// Whether a response with this status may be retried: 408, 429, 500, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The standard reason phrase of a status, for messages.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// What the user can do about a status, when there is something obvious.
fn status_hint(status: u16) -> &'static str {
    match status {
        401 => " Sign in again, or check the token.",
        403 => " This account may not use the assistant.",
        404 => " Check \"baseUrl\": the instance may not have the assistant.",
        429 => " Too many requests: wait a moment and try again.",
        500..=599 => " The server failed; try again in a moment.",
        _ => "",
    }
}

/// The `error` event for a non-2xx response from `endpoint` (origin and path, see
/// [`display_url`]). `body` is the response text (it may be anything); `retry_after` the raw
/// `Retry-After` header; `now_ms` the current time in ms since the epoch.
///
/// The message names the request's origin and path and the status, then quotes a JSON body's
/// `message` or `error` (or `error.message`) when there is one.
pub fn http_error(
    endpoint: &str,
    status: u16,
    body: &str,
    retry_after: Option<&str>,
    now_ms: f64,
) -> ErrorEvent {
    let phrase = reason_phrase(status);
    let status_text = if phrase.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status} {phrase}")
    };
    let message = match body_message(body) {
        Some(said) => format!("{endpoint} answered {status_text}: \"{said}\"."),
        None => format!("{endpoint} answered {status_text}.{}", status_hint(status)),
    };
    let mut event = ErrorEvent::new(ErrorSource::Http, status_code(status), message);
    event.status = Some(status);
    event.retry_after_ms = retry_after.and_then(|v| parse_retry_after(v, now_ms));
    event
}

/// The `message` or `error` string of a JSON error body (or `error.message`, a common nesting),
/// cut to a sane length. `None` for anything else (HTML, plain text, an empty body).
pub fn body_message(body: &str) -> Option<String> {
    let Ok(Value::Object(map)) = crate::json::parse(body) else {
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
    Some(text.trim().chars().take(MAX_QUOTE_CHARS).collect())
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
/// number in `[0, 1)`. A `Retry-After` is a floor.
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

/// What a failed `fetch` or body read said, in words for the editor's user. `cause` is what the
/// JS side could learn: a system error code (`ECONNREFUSED`), or the error's message.
pub fn describe_cause(cause: &str) -> String {
    let cause = cause.trim();
    let known = match cause {
        "ECONNREFUSED" => "the connection was refused (is the server running?)",
        "ECONNRESET" => "the connection was reset",
        "ENOTFOUND" | "EAI_AGAIN" => "the host name could not be resolved",
        "ETIMEDOUT" | "UND_ERR_CONNECT_TIMEOUT" => "the connection timed out",
        "EHOSTUNREACH" | "ENETUNREACH" => "the host could not be reached",
        "UND_ERR_SOCKET" | "UND_ERR_CLOSED" => "the connection closed unexpectedly",
        "CERT_HAS_EXPIRED" | "DEPTH_ZERO_SELF_SIGNED_CERT" | "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
        | "SELF_SIGNED_CERT_IN_CHAIN" | "ERR_TLS_CERT_ALTNAME_INVALID" => {
            "the server's TLS certificate was not accepted"
        }
        // What browsers say for every network failure; CORS refusals look the same.
        "Failed to fetch" | "NetworkError when attempting to fetch resource." | "Load failed" => {
            "the browser could not connect (the server is unreachable, or it refused this origin by CORS)"
        }
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    if cause.is_empty() {
        return "no reason was given".to_owned();
    }
    format!(
        "\"{}\"",
        cause.chars().take(MAX_QUOTE_CHARS).collect::<String>()
    )
}

/// The `network-error` event for a request to `endpoint` that failed below HTTP.
pub fn network_error(endpoint: &str, cause: &str) -> ErrorEvent {
    ErrorEvent::new(
        ErrorSource::Network,
        ErrorCode::NetworkError,
        format!("Could not reach {endpoint}: {}.", describe_cause(cause)),
    )
}

/// The `network-error` event for a body that broke off after it had started.
pub fn body_error(endpoint: &str, cause: &str) -> ErrorEvent {
    ErrorEvent::new(
        ErrorSource::Network,
        ErrorCode::NetworkError,
        format!(
            "The answer from {endpoint} broke off: {}.",
            describe_cause(cause)
        ),
    )
}

/// The `idle-timeout` event.
pub fn idle_timeout_error(idle_timeout_ms: u64) -> ErrorEvent {
    ErrorEvent::new(
        ErrorSource::Timeout,
        ErrorCode::IdleTimeout,
        format!(
            "No event arrived for {idle_timeout_ms} ms, so the request was stopped; try again."
        ),
    )
}

/// `url` for a message: its origin and path, never userinfo, query or fragment, where a token
/// could hide.
pub fn display_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or_default();
            format!("{scheme}://{host}{path}")
        }
        None => url.rsplit('@').next().unwrap_or_default().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://x.example/api/ai/prompt-assistant/stream";

    #[test]
    fn maps_statuses() {
        let codes: Vec<_> = [401, 403, 404, 429, 500, 503, 599, 400, 418, 302]
            .into_iter()
            .map(status_code)
            .collect();
        assert_eq!(
            codes,
            [
                ErrorCode::Unauthorized,
                ErrorCode::Forbidden,
                ErrorCode::NotFound,
                ErrorCode::RateLimited,
                ErrorCode::ServerError,
                ErrorCode::ServerError,
                ErrorCode::ServerError,
                ErrorCode::HttpError,
                ErrorCode::HttpError,
                ErrorCode::HttpError
            ]
        );
        let retryable: Vec<u16> = (100..600).filter(|s| is_retryable_status(*s)).collect();
        assert_eq!(retryable, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn http_errors_name_the_endpoint_and_quote_the_body() {
        let e = http_error(
            URL,
            401,
            r#"{"message":"token expired","error":"x"}"#,
            None,
            0.0,
        );
        assert_eq!(
            (e.code.clone(), e.status),
            (ErrorCode::Unauthorized, Some(401))
        );
        assert_eq!(e.source, ErrorSource::Http);
        assert_eq!(
            e.message,
            "https://x.example/api/ai/prompt-assistant/stream answered HTTP 401 Unauthorized: \"token expired\"."
        );
        let e = http_error(URL, 403, r#"{"error":"no access"}"#, None, 0.0);
        assert!(e.message.to_string().ends_with("\"no access\"."));
        let e = http_error(URL, 400, r#"{"error":{"message":"nested"}}"#, None, 0.0);
        assert!(e.message.to_string().ends_with("\"nested\"."));
        let e = http_error(URL, 500, "<html><body>Oops</body></html>", None, 0.0);
        assert_eq!(e.message, format!("{URL} answered HTTP 500 Internal Server Error. The server failed; try again in a moment."));
        assert_eq!(e.retry_after_ms, None);
        let e = http_error(URL, 429, "", Some("3"), 0.0);
        assert_eq!(e.retry_after_ms, Some(3000));
        let e = http_error(URL, 418, "", None, 0.0);
        assert_eq!(e.message, format!("{URL} answered HTTP 418."));
        let long = format!(r#"{{"message":"{}"}}"#, "é".repeat(2000));
        let quoted = http_error(URL, 404, &long, None, 0.0).message.to_string();
        assert_eq!(quoted.matches('é').count(), 500);
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
    fn network_messages_name_the_endpoint_and_the_cause() {
        let e = network_error(URL, "ECONNREFUSED");
        assert_eq!(e.code, ErrorCode::NetworkError);
        assert_eq!(e.source, ErrorSource::Network);
        assert_eq!(
            e.message,
            format!("Could not reach {URL}: the connection was refused (is the server running?).")
        );
        assert!(network_error(URL, "")
            .message
            .to_string()
            .contains("no reason"));
        assert!(network_error(URL, "weird thing")
            .message
            .to_string()
            .contains("\"weird thing\""));
        assert_eq!(idle_timeout_error(50).code, ErrorCode::IdleTimeout);
    }

    #[test]
    fn display_urls_keep_origin_and_path_only() {
        let cases = [
            (
                "https://u:p@h.example:8080/a/b?token=x#f",
                "https://h.example:8080/a/b",
            ),
            ("http://h/api", "http://h/api"),
            ("/api/ai/x?q", "/api/ai/x"),
            ("//h.example/p", "//h.example/p"),
        ];
        for (url, shown) in cases {
            assert_eq!(display_url(url), shown, "{url}");
        }
    }
}
