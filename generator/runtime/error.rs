//! The client's single error type and the decoded form of Make's error responses.
//!
//! No variant ever contains the API token: it lives only in a sensitive request header.

use std::fmt;

/// Everything that can go wrong when calling the Make API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client configuration or a request description is invalid (bad base URL, a header
    /// value with forbidden characters, an unfilled path parameter, a `..` path segment, …).
    Config {
        /// What is wrong.
        message: String,
    },
    /// The request body could not be serialized to JSON.
    Encode(serde_json::Error),
    /// The request could not be sent or the response could not be read: connection refused,
    /// connection reset, DNS failure, TLS failure, too many redirects, …
    Transport(reqwest::Error),
    /// The request (including reading the response body) exceeded the configured timeout.
    Timeout(reqwest::Error),
    /// A successful response could not be decoded into the expected type: its body (JSON that
    /// does not match, text that is not UTF-8 or not the documented value), a documented
    /// response header, or an event of an event stream (data that does not match, or a body
    /// that ended in the middle of an event).
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// What did not decode, lossily converted to UTF-8: the response body, the header
        /// value, or the event's data.
        body: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// The API answered with a non-success status.
    Api(Box<ApiError>),
}

impl Error {
    /// Builds an [`Error::Config`].
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }

    /// Classifies a reqwest error as [`Error::Timeout`] or [`Error::Transport`].
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout(error)
        } else {
            Self::Transport(error)
        }
    }

    /// Builds an [`Error::Decode`] for a body that does not match the expected type.
    pub(crate) fn decode(status: u16, body: &[u8], source: serde_json::Error) -> Self {
        Self::Decode {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
            source,
        }
    }

    /// The HTTP status, when the error comes from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Decode { status, .. } => Some(*status),
            Self::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// The API error details, when the API answered with a non-success status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config { message } => write!(f, "invalid client configuration: {message}"),
            Self::Encode(_) => f.write_str("could not serialize the request body to JSON"),
            Self::Transport(_) => f.write_str("could not complete the HTTP exchange"),
            Self::Timeout(_) => f.write_str("the request timed out"),
            Self::Decode { status, .. } => {
                write!(f, "could not decode the response body (HTTP {status})")
            }
            Self::Api(api) => fmt::Display::fmt(api, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Encode(source) | Self::Decode { source, .. } => Some(source),
            Self::Transport(source) | Self::Timeout(source) => Some(source),
            Self::Config { .. } | Self::Api(_) => None,
        }
    }
}

/// A non-success response from the Make API.
///
/// Make's error bodies look like
/// `{"detail": "…", "message": "…", "code": "IM004", "suberrors": [...]}`; every field is
/// optional here because other bodies (HTML from a proxy, empty bodies) happen too. The raw
/// body is always kept.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// Make's error code, e.g. `IM004`.
    pub code: Option<String>,
    /// The human-readable message.
    pub message: Option<String>,
    /// Further details.
    pub detail: Option<String>,
    /// Nested errors (for example one per invalid field), as sent.
    pub suberrors: Vec<serde_json::Value>,
    /// The raw response body (lossily converted to UTF-8).
    pub body: String,
    /// The typed decoding of the body when the operation documents this error response.
    pub documented: Option<crate::DocumentedError>,
    /// The delay the server asked for in `Retry-After`, if it sent one (usually with 429/503).
    pub retry_after: Option<std::time::Duration>,
}

impl ApiError {
    /// Decodes an error response leniently: fields that are absent or of an unexpected type
    /// stay `None`.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        documented: Option<crate::DocumentedError>,
        retry_after: Option<std::time::Duration>,
    ) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let field = |name: &str| -> Option<String> {
            match parsed.as_ref()?.get(name)? {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            }
        };
        let suberrors = parsed
            .as_ref()
            .and_then(|value| value.get("suberrors"))
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        Self {
            status,
            code: field("code"),
            message: field("message"),
            detail: field("detail"),
            suberrors,
            body: String::from_utf8_lossy(body).into_owned(),
            documented,
            retry_after,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Make API error: HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(detail) = &self.detail {
            write!(f, " — {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
