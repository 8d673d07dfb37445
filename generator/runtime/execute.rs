//! Sending requests: URL assembly, auth header, the retry loop, and turning responses into
//! typed values or errors. Typed operations and the raw escape hatch share this code path.

use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{ApiError, Error};
use super::raw::RawResponse;
use super::request::{ErrorDecoder, RequestParts};
use super::retry::{is_retryable_status, retry_after};

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
        let response = self.send_with_retries(&parts).await?;
        if !response.is_success() {
            let documented = errors(response.status, &response.body);
            return Err(api_error(&response, documented));
        }
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
        let response = self.send_with_retries(&parts).await?;
        if !response.is_success() {
            let documented = errors(response.status, &response.body);
            return Err(api_error(&response, documented));
        }
        Ok(())
    }

    /// Sends `parts` (with retries) and returns the raw 2xx response; non-2xx → [`Error::Api`].
    pub(crate) async fn execute_raw(&self, parts: RequestParts) -> Result<RawResponse, Error> {
        let response = self.send_with_retries(&parts).await?;
        if !response.is_success() {
            return Err(api_error(&response, None));
        }
        Ok(response)
    }

    /// Sends the request, retrying per the client's [`RetryPolicy`](super::RetryPolicy).
    /// Returns the last response whatever its status, or the last transport error.
    async fn send_with_retries(&self, parts: &RequestParts) -> Result<RawResponse, Error> {
        parts.check_path()?;
        let mut url = format!("{}{}", self.inner.base_url, parts.path);
        if !parts.query.is_empty() {
            url.push('?');
            url.push_str(&parts.query_string());
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|error| Error::config(format!("invalid request URL `{url}`: {error}")))?;
        let headers = parts.checked_headers()?;
        let body = match &parts.body {
            Some(value) => Some(serde_json::to_vec(value).map_err(Error::Encode)?),
            None => None,
        };
        let policy = &self.inner.retry;
        let may_retry = policy.allows(&parts.method);
        let mut attempt = 1;
        let mut waited = Duration::ZERO;
        loop {
            let outcome = self.send_once(parts, &url, &headers, body.as_deref()).await;
            let hint = match &outcome {
                Ok(response) if is_retryable_status(response.status) => {
                    Some(retry_after(&response.headers, SystemTime::now()))
                }
                Ok(_) => None,
                Err(Error::Transport(_) | Error::Timeout(_)) => Some(None),
                Err(_) => None,
            };
            let Some(hint) = hint else {
                return outcome;
            };
            if !may_retry {
                return outcome;
            }
            let Some(delay) = policy.delay(attempt, hint, waited) else {
                return outcome;
            };
            tokio::time::sleep(delay).await;
            waited += delay;
            attempt += 1;
        }
    }

    /// One HTTP exchange, reading the whole body.
    ///
    /// Headers, in order: `Accept: application/json`; the extra `headers` (the first of a name
    /// replaces a default of that name, so `Accept` can be overridden; a repeated name is sent
    /// once per value); `Content-Type: application/json` when there is a body and no extra
    /// header set it; last the client's `Authorization`, which replaces any extra one, so
    /// request headers can never change the credentials.
    async fn send_once(
        &self,
        parts: &RequestParts,
        url: &reqwest::Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<&[u8]>,
    ) -> Result<RawResponse, Error> {
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
        if body.is_some() && !map.contains_key(CONTENT_TYPE) {
            map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(auth) = &self.inner.auth {
            map.insert(AUTHORIZATION, auth.clone());
        }
        let mut request = self
            .inner
            .http
            .request(parts.method.clone(), url.clone())
            .headers(map);
        if let Some(body) = body {
            request = request.body(body.to_vec());
        }
        let response = request.send().await.map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(RawResponse {
            status,
            headers,
            body: body.to_vec(),
        })
    }
}

/// Builds the [`Error::Api`] for a non-success response.
fn api_error(response: &RawResponse, documented: Option<crate::DocumentedError>) -> Error {
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
