//! Success responses besides JSON: text, text parsed into a scalar, binary bodies with their
//! content type, documented response headers, and operations without a documented response.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::execute::{SUCCESS, SUCCESS_OR_REDIRECT, decode_json};
use super::raw::RawResponse;
use super::request::{ErrorDecoder, RequestParts};

/// A binary response body (`image/png`, `application/octet-stream`, …) and its content type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Binary {
    /// The response's `Content-Type` header, if it sent one (e.g. `image/png`).
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

/// Turns a checked 2xx response into an operation's success value.
pub(crate) type Decode<T> = fn(RawResponse) -> Result<T, Error>;

/// Reads an operation's documented response headers from a response's status and headers.
pub(crate) type ReadHeaders<H> = fn(u16, &HeaderMap) -> Result<H, Error>;

// Entry points of generated `send` functions; a spec may not need each of them.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every entry point"
)]
impl Client {
    /// Sends `parts` (with retries) and decodes the 2xx response with `decode`; non-2xx →
    /// [`Error::Api`], with `errors` giving the typed documented error when it recognizes the body.
    pub(crate) async fn execute_as<T>(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
        decode: Decode<T>,
    ) -> Result<T, Error> {
        decode(self.execute_checked(parts, errors, SUCCESS).await?)
    }

    /// [`Client::execute_as`], also reading the documented response headers.
    pub(crate) async fn execute_with_headers<T, H>(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
        decode: Decode<T>,
        headers: ReadHeaders<H>,
    ) -> Result<(T, H), Error> {
        let response = self.execute_checked(parts, errors, SUCCESS).await?;
        let headers = headers(response.status, &response.headers)?;
        Ok((decode(response)?, headers))
    }

    /// Sends `parts` (with retries) for an operation the API documents no success body for (no
    /// responses at all, or only redirects): any 2xx or 3xx response is returned raw (redirects
    /// the client could follow were followed, see [`ClientBuilder`](super::ClientBuilder));
    /// other statuses → [`Error::Api`].
    pub(crate) async fn execute_documented(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
    ) -> Result<RawResponse, Error> {
        self.execute_checked(parts, errors, SUCCESS_OR_REDIRECT)
            .await
    }
}

// Builder methods for generated `parts()` functions.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every media type"
)]
impl RequestParts {
    /// Asks for `media_type` (`Accept`) instead of JSON.
    pub(crate) fn accept(self, media_type: &str) -> Self {
        self.header("Accept", &media_type)
    }
}

// Decoders passed to `execute_as`.

/// A JSON body ([`Error::Decode`] when it does not match `T`; an empty body is `null`).
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every decoder"
)]
pub(crate) fn json<T: DeserializeOwned>(response: RawResponse) -> Result<T, Error> {
    decode_json(response.status, &response.body)
}

/// No documented body: any body is ignored.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every decoder"
)]
pub(crate) fn unit(_response: RawResponse) -> Result<(), Error> {
    Ok(())
}

/// A text body, which must be UTF-8 ([`Error::Decode`] otherwise; `send_raw` has the bytes).
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every decoder"
)]
pub(crate) fn text(response: RawResponse) -> Result<String, Error> {
    String::from_utf8(response.body).map_err(|error| {
        let reason = format!("the text body is not UTF-8: {}", error.utf8_error());
        Error::decode(
            response.status,
            error.as_bytes(),
            serde::de::Error::custom(reason),
        )
    })
}

/// A text body holding one value, e.g. `true` or `42` for a `text/plain` response whose schema
/// is a boolean or a number; surrounding whitespace is ignored. [`Error::Decode`] on other text.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every decoder"
)]
pub(crate) fn text_value<T: DeserializeOwned>(response: RawResponse) -> Result<T, Error> {
    let status = response.status;
    let text = text(response)?;
    from_text(&text).map_err(|source| Error::decode(status, text.as_bytes(), source))
}

/// A binary body with its content type.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every decoder"
)]
pub(crate) fn binary(response: RawResponse) -> Result<Binary, Error> {
    let content_type = response
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    Ok(Binary {
        content_type,
        bytes: Bytes::from(response.body),
    })
}

/// The value `T` written as text: a string (or string enum) as it is, anything else as JSON
/// text (`true`, `42`, `1.5`), where surrounding whitespace does not matter.
pub(crate) fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .or_else(|_| serde_json::from_str(text))
}

/// The response header `name` as `T` (see [`from_text`]); `None` when absent.
/// [`Error::Decode`] names the header when its value is not text or does not parse.
#[allow(
    dead_code,
    reason = "called by generated response header types; a spec may have none"
)]
pub(crate) fn header<T: DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, Error> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let invalid = |reason: String| {
        let source = serde::de::Error::custom(format!("response header `{name}`: {reason}"));
        Error::decode(status, value.as_bytes(), source)
    };
    let text = value
        .to_str()
        .map_err(|_| invalid("not visible ASCII text".to_owned()))?;
    from_text(text)
        .map(Some)
        .map_err(|error| invalid(error.to_string()))
}

/// The comma-separated response header `name` as a list of `T`; `None` when absent.
#[allow(
    dead_code,
    reason = "called by generated response header types; a spec may have none"
)]
pub(crate) fn header_list<T: DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<Vec<T>>, Error> {
    let Some(joined) = header::<String>(status, headers, name)? else {
        return Ok(None);
    };
    let items = joined
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty());
    let parsed: Result<Vec<T>, serde_json::Error> = items.map(from_text).collect();
    parsed.map(Some).map_err(|source| {
        let source = serde::de::Error::custom(format!("response header `{name}`: {source}"));
        Error::decode(status, joined.as_bytes(), source)
    })
}
