//! Sending requests: URL assembly (with query API keys), auth header, the retry loop, and turning
//! responses into typed values or errors. Typed operations and the raw escape hatch share this
//! code path.

use std::ops::Range;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::body::WireBody;
use super::client::Client;
use super::error::{ApiError, Error};
use super::observe::Attempt;
use super::query_key::QueryKeys;
use super::raw::RawResponse;
use super::request::{ErrorDecoder, RequestParts, encode_query};
use super::retry::{is_retryable_status, retry_after};

/// Success statuses of operations: 2xx.
pub(crate) const SUCCESS: Range<u16> = 200..300;

/// Success statuses of operations documenting no response, or only redirects: 2xx and the 3xx
/// the client did not follow.
pub(crate) const SUCCESS_OR_REDIRECT: Range<u16> = 200..400;

/// What [`Client::send_reading`] does with the body of a 2xx response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Read it whole.
    Whole,
    /// Leave it unread for the caller to stream. The client's whole-request timeout does not
    /// apply; its read timeout (the same duration) bounds the wait for the response and each
    /// wait for more data.
    Stream,
}

/// A response from [`Client::send_reading`].
#[derive(Debug)]
pub(crate) enum Reply {
    /// A response read whole (every non-2xx response, and 2xx ones with [`Reading::Whole`]).
    Full(RawResponse),
    /// A 2xx response whose body is still to be read ([`Reading::Stream`]).
    Streaming(reqwest::Response),
}

impl Reply {
    fn status(&self) -> u16 {
        match self {
            Reply::Full(response) => response.status,
            Reply::Streaming(response) => response.status().as_u16(),
        }
    }

    fn headers(&self) -> &HeaderMap {
        match self {
            Reply::Full(response) => &response.headers,
            Reply::Streaming(response) => response.headers(),
        }
    }
}

impl Client {
    /// Sends `parts` (with retries) and decodes a 2xx JSON body into `T`.
    ///
    /// An empty 2xx body decodes as JSON `null` (so `()` and `Option<_>` work for 204).
    /// Non-2xx responses become [`Error::Api`], with `errors` giving the typed documented
    /// error when it recognizes the body.
    #[allow(
        dead_code,
        reason = "called by generated operations; a spec may not need every entry point"
    )]
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
    ) -> Result<T, Error> {
        let response = self.execute_checked(parts, errors, SUCCESS).await?;
        decode_json(response.status, &response.body)
    }

    /// Sends `parts` (with retries) for an operation whose success response has no documented
    /// body: any 2xx is `Ok(())` whatever its body; non-2xx → [`Error::Api`] with `errors`
    /// giving the typed documented error when it recognizes the body.
    #[allow(
        dead_code,
        reason = "called by generated operations; a spec may not need every entry point"
    )]
    pub(crate) async fn execute_unit(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
    ) -> Result<(), Error> {
        self.execute_checked(parts, errors, SUCCESS)
            .await
            .map(|_| ())
    }

    /// Sends `parts` (with retries) and returns the raw 2xx response; non-2xx → [`Error::Api`].
    pub(crate) async fn execute_raw(&self, parts: RequestParts) -> Result<RawResponse, Error> {
        self.execute_checked(parts, |_, _| None, SUCCESS).await
    }

    /// Sends `parts` (with retries) and returns the response if its status is in `success`;
    /// any other status becomes [`Error::Api`], with `errors` giving the typed documented error
    /// when it recognizes the body.
    pub(crate) async fn execute_checked(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
        success: Range<u16>,
    ) -> Result<RawResponse, Error> {
        let response = self.send_with_retries(&parts).await?;
        if !success.contains(&response.status) {
            let documented = errors(response.status, &response.body);
            return Err(api_error(&response, documented));
        }
        Ok(response)
    }

    /// Sends the request, retrying per the client's [`RetryPolicy`](super::RetryPolicy).
    /// Returns the last response whatever its status, or the last transport error.
    pub(crate) async fn send_with_retries(
        &self,
        parts: &RequestParts,
    ) -> Result<RawResponse, Error> {
        match self.send_reading(parts, Reading::Whole).await? {
            Reply::Full(response) => Ok(response),
            Reply::Streaming(response) => read_whole(response, &self.inner.query_keys).await,
        }
    }

    /// [`Client::send_with_retries`], reading 2xx bodies as `reading` says. Retries happen
    /// before a streamed body is handed over, never during it. The client's observer sees each
    /// attempt once its retry decision is made.
    pub(crate) async fn send_reading(
        &self,
        parts: &RequestParts,
        reading: Reading,
    ) -> Result<Reply, Error> {
        parts.check_path()?;
        let keys = &self.inner.query_keys;
        let mut url = format!("{}{}", self.inner.base_url, parts.path);
        // The client's API keys replace query parameters of their names the request has.
        let own = parts.query.iter().filter(|(name, _)| !keys.holds(name));
        let query = encode_query(
            own.map(|(n, v)| (n.as_str(), v.as_str()))
                .chain(keys.pairs()),
        );
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let url = reqwest::Url::parse(&url).map_err(|error| {
            let shown = keys.shown(&url);
            Error::config(format!("invalid request URL `{shown}`: {error}"))
        })?;
        let shown_url = keys.shown(url.as_str());
        let headers = parts.checked_headers()?;
        let body = parts.body.as_ref().map(|body| body.encode()).transpose()?;
        let policy = &self.inner.retry;
        let may_retry = policy.allows(&parts.method);
        let mut attempt = 1;
        let mut waited = Duration::ZERO;
        loop {
            let started = Instant::now();
            let outcome = self
                .send_once(parts, &url, &headers, body.as_ref(), reading)
                .await;
            let elapsed = started.elapsed();
            let hint = match &outcome {
                Ok(reply) if is_retryable_status(reply.status()) => {
                    Some(retry_after(reply.headers(), SystemTime::now()))
                }
                Ok(_) => None,
                Err(Error::Transport(_) | Error::Timeout(_)) => Some(None),
                Err(_) => None,
            };
            let retry_in = match hint {
                Some(hint) if may_retry => policy.delay(attempt, hint, waited),
                _ => None,
            };
            if let Some(observer) = &self.inner.observer {
                let (status, body_len, error) = match &outcome {
                    Ok(Reply::Full(response)) => {
                        (Some(response.status), Some(response.body.len()), None)
                    }
                    Ok(Reply::Streaming(response)) => {
                        (Some(response.status().as_u16()), None, None)
                    }
                    Err(error) => (None, None, Some(error)),
                };
                observer.notify(&Attempt {
                    method: &parts.method,
                    url: &shown_url,
                    route: parts.route.as_deref(),
                    number: attempt,
                    elapsed,
                    status,
                    body_len,
                    error,
                    retry_in,
                });
            }
            let Some(delay) = retry_in else {
                return outcome;
            };
            tokio::time::sleep(delay).await;
            waited += delay;
            attempt += 1;
        }
    }

    /// One HTTP exchange, reading the body as `reading` says.
    ///
    /// Headers, in order: `Accept: application/json`; the extra `headers` (the first of a name
    /// replaces a default of that name, so `Accept` can be overridden; a repeated name is sent
    /// once per value); the body's `Content-Type` (`application/json` for JSON) when no extra
    /// header set one — a multipart body always sends its own, with the boundary; the client's
    /// own headers for names none of these set; last the client's `Authorization`, which
    /// replaces any extra one, so request headers can never change the credentials.
    async fn send_once(
        &self,
        parts: &RequestParts,
        url: &reqwest::Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<&WireBody>,
        reading: Reading,
    ) -> Result<Reply, Error> {
        let mut map = HeaderMap::new();
        map.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut seen: Vec<&HeaderName> = Vec::new();
        for (name, value) in headers {
            if seen.contains(&name) {
                map.append(name, value.clone());
            } else {
                map.insert(name, value.clone());
                seen.push(name);
            }
        }
        match body {
            Some(WireBody::Fixed { content_type, .. }) if !map.contains_key(CONTENT_TYPE) => {
                map.insert(CONTENT_TYPE, content_type.clone());
            }
            Some(WireBody::Multipart(_)) => {
                map.remove(CONTENT_TYPE);
            }
            _ => {}
        }
        // The client's own headers (`ClientBuilder::header`, `Client::with_header`) fill in
        // what the request does not set; a multipart body's `Content-Type` comes later.
        let is_multipart = matches!(body, Some(WireBody::Multipart(_)));
        for (name, value) in &self.inner.headers {
            let set_by_request = map.contains_key(name) || (is_multipart && name == CONTENT_TYPE);
            if !set_by_request {
                map.insert(name, value.clone());
            }
        }
        if let Some(auth) = &self.inner.auth {
            map.insert(AUTHORIZATION, auth.clone());
        }
        let mut request = self
            .inner
            .http
            .request(parts.method.clone(), url.clone())
            .headers(map);
        match body {
            Some(WireBody::Fixed { bytes, .. }) => request = request.body(bytes.clone()),
            Some(WireBody::Multipart(form)) => request = request.multipart(form.to_form()?),
            None => {}
        }
        if reading == Reading::Stream {
            // The read timeout (see `ClientBuilder::build`) still bounds every wait.
            request = request.timeout(Duration::MAX);
        }
        let keys = &self.inner.query_keys;
        let response = request.send().await.map_err(|error| keys.error(error))?;
        if reading == Reading::Stream && response.status().is_success() {
            return Ok(Reply::Streaming(response));
        }
        read_whole(response, keys).await.map(Reply::Full)
    }
}

/// Reads a response whole; a transport error shows its URL with `keys` redacted.
async fn read_whole(response: reqwest::Response, keys: &QueryKeys) -> Result<RawResponse, Error> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|error| keys.error(error))?;
    Ok(RawResponse {
        status,
        headers,
        body: body.to_vec(),
    })
}

/// Builds the [`Error::Api`] for a non-success response.
pub(crate) fn api_error(
    response: &RawResponse,
    documented: Option<crate::DocumentedError>,
) -> Error {
    let retry_after = retry_after(&response.headers, SystemTime::now());
    Error::Api(Box::new(ApiError::from_response(
        response.status,
        &response.body,
        documented,
        retry_after,
    )))
}

/// Decodes a JSON body; an empty (or all-whitespace) body decodes as `null`.
pub(crate) fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let result = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"null")
    } else {
        serde_json::from_slice(body)
    };
    result.map_err(|source| Error::decode(status, body, source))
}
