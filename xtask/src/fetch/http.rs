//! Polite, bounded HTTP GETs for `fetch`: a `User-Agent` naming the project, timeouts, retries
//! with exponential backoff that honour `Retry-After` (seconds or an HTTP date, up to a limit),
//! conditional requests (`If-None-Match` / `If-Modified-Since`) and complete-body checks.
//!
//! Retried: connection errors, timeouts, truncated bodies, 5xx and 429. Never retried: other 4xx
//! such as 404.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{self, HeaderMap, HeaderName};
use serde::{Deserialize, Serialize};

use super::FetchConfig;

/// The `User-Agent` of every request: the project and the command.
pub const USER_AGENT: &str =
    concat!("make-codegen-xtask/", env!("CARGO_PKG_VERSION"), " (cargo xtask fetch; Make API client generator)");

/// The longest wait between two attempts when the server does not say (`Retry-After`).
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The HTTP validators of a downloaded body, sent back to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Validators {
    /// `ETag`, as sent by the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified`, as sent by the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when the server sent neither.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    /// 2xx with a complete body.
    Body {
        /// The body.
        bytes: Vec<u8>,
        /// `Content-Type`, empty when absent.
        content_type: String,
        /// The body's validators, for the next conditional request.
        validators: Validators,
    },
    /// 304: the resource is unchanged since the validators sent; no body was downloaded.
    NotModified,
}

/// A GET that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The last error.
    pub reason: String,
    /// Requests made.
    pub attempts: u32,
}

/// The HTTP client every request of a run shares (connection reuse across pages).
pub fn client(cfg: &FetchConfig) -> Result<Client, String> {
    let mut builder = Client::builder().timeout(cfg.timeout).connect_timeout(cfg.timeout).user_agent(USER_AGENT);
    if cfg.base_override.is_some() {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| format!("cannot build the HTTP client: {}", error_chain(&e)))
}

/// GETs `url` with retries; with `conditional`, asks for the body only if it changed.
/// `Ok((answer, attempts))`.
pub fn get(
    client: &Client,
    url: &str,
    conditional: Option<&Validators>,
    cfg: &FetchConfig,
) -> Result<(Got, u32), Failure> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let error = match try_once(client, url, conditional) {
            Ok(got) => return Ok((got, attempt)),
            Err(e) => e,
        };
        if !error.retryable || attempt > cfg.retries {
            return Err(Failure { reason: error.reason, attempts: attempt });
        }
        let wait = match error.retry_after {
            Some(asked) if asked > cfg.max_retry_after => {
                return Err(Failure {
                    reason: format!(
                        "{}; the server asks to retry after {} s, more than the {} s this command waits",
                        error.reason,
                        asked.as_secs(),
                        cfg.max_retry_after.as_secs()
                    ),
                    attempts: attempt,
                });
            }
            Some(asked) => asked,
            None => backoff(cfg.backoff, attempt),
        };
        std::thread::sleep(wait);
    }
}

/// The wait before retry number `attempt` (1-based): `base`, doubled per retry, capped.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Why one request failed.
struct AttemptError {
    reason: String,
    retryable: bool,
    /// What the server's `Retry-After` asked for.
    retry_after: Option<Duration>,
}

impl AttemptError {
    fn retry(reason: String) -> Self {
        AttemptError { reason, retryable: true, retry_after: None }
    }
}

fn try_once(client: &Client, url: &str, conditional: Option<&Validators>) -> Result<Got, AttemptError> {
    let mut request = client.get(url);
    if let Some(v) = conditional {
        if let Some(etag) = &v.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = &v.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
    }
    let resp = request.send().map_err(|e| AttemptError::retry(request_error(&e)))?;
    let status = resp.status();
    if status == StatusCode::NOT_MODIFIED && conditional.is_some() {
        return Ok(Got::NotModified);
    }
    if !status.is_success() {
        let retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        let retry_after =
            header_text(resp.headers(), header::RETRY_AFTER).and_then(|v| retry_after(&v, SystemTime::now()));
        return Err(AttemptError { reason: format!("HTTP {status}"), retryable, retry_after });
    }
    body(resp)
}

/// Reads a 2xx body, checking it is complete.
fn body(resp: Response) -> Result<Got, AttemptError> {
    let headers = resp.headers();
    let content_type = header_text(headers, header::CONTENT_TYPE).unwrap_or_default();
    let expected = header_text(headers, header::CONTENT_LENGTH).and_then(|v| v.trim().parse::<usize>().ok());
    let validators = Validators {
        etag: header_text(headers, header::ETAG),
        last_modified: header_text(headers, header::LAST_MODIFIED),
    };
    let bytes = resp.bytes().map_err(|e| AttemptError::retry(format!("incomplete body: {}", request_error(&e))))?;
    if let Some(n) = expected.filter(|n| *n != bytes.len()) {
        return Err(AttemptError::retry(format!("truncated body: {} of {n} bytes", bytes.len())));
    }
    Ok(Got::Body { bytes: bytes.to_vec(), content_type, validators })
}

fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A `Retry-After` value: delay seconds, or an HTTP date (a past date means now).
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn request_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out: "
    } else if e.is_connect() {
        "cannot connect: "
    } else {
        ""
    };
    format!("{kind}{}", error_chain(e))
}

/// The error and its sources, `: `-separated.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text = format!("{text}: {s_text}");
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap_or(SystemTime::UNIX_EPOCH);
        let cases = [
            ("120", Some(Duration::from_secs(120))),
            (" 0 ", Some(Duration::ZERO)),
            ("Sun, 06 Nov 1994 08:50:07 GMT", Some(Duration::from_secs(30))),
            ("Sun, 06 Nov 1994 08:00:00 GMT", Some(Duration::ZERO)),
            ("soon", None),
            ("-5", None),
        ];
        for (value, want) in cases {
            assert_eq!(retry_after(value, now), want, "{value}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(500);
        let waits: Vec<u64> = (1..=4).map(|a| backoff(base, a).as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000]);
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }
}
