//! Request description shared by generated operations and the raw escape hatch, plus URL building:
//! path segments are percent-encoded and query names keep Make's literal brackets (`pg[limit]`);
//! header names and values are checked before anything is sent.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};

use super::body::RequestBody;
use super::error::Error;

/// Everything except RFC 3986 "unreserved" characters is percent-encoded in path segments and
/// query values, so a value can never introduce `/`, `?`, `#`, `&` or `=`.
pub(super) const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameter names additionally keep `[` and `]` literal (`pg[offset]`, `cols[]`).
const NAME: &AsciiSet = &VALUE.remove(b'[').remove(b']');

/// One HTTP request as generated code describes it; the runtime adds the base URL, auth and retries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RequestParts {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The path below the base URL, starting with `/`, with every parameter already encoded by
    /// [`encode_path_segment`].
    pub path: String,
    /// Query parameters with Make's wire names, in order, e.g. `("pg[limit]", "10")`, `("cols[]", "a")`.
    pub query: Vec<(String, String)>,
    /// Extra request headers, in order, e.g. `("X-Request-Id", "abc")`; checked by
    /// [`RequestParts::checked_headers`] before sending.
    pub headers: Vec<(String, String)>,
    /// The request body, if any, in the form the operation chose (JSON, text, bytes, form,
    /// multipart).
    pub body: Option<RequestBody>,
    /// The path template the path was made from (`/organizations/{organizationId}`), shown to
    /// the client's observer; `None` when unknown.
    pub route: Option<Cow<'static, str>>,
}

/// Decodes a documented error response body of an operation into its typed form.
///
/// Returns `None` when the status is not documented or the body does not match.
pub(crate) type ErrorDecoder = fn(status: u16, body: &[u8]) -> Option<crate::DocumentedError>;

/// Percent-encodes one path segment so that it can never change the shape of the path:
/// `../x` becomes `..%2Fx`, `a/b` becomes `a%2Fb`, `%2F` becomes `%252F`.
///
/// A segment that is exactly `.` or `..` cannot be represented in a URL at all (URL parsers
/// resolve it, even percent-encoded); the runtime rejects such paths with [`Error::Config`]
/// before sending.
pub(crate) fn encode_path_segment(raw: &str) -> String {
    utf8_percent_encode(raw, VALUE).to_string()
}

// Builder methods for generated `parts()` functions; a spec without, say, list parameters leaves
// some of them unused.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every method"
)]
impl RequestParts {
    /// A request for `path` (already encoded) without query parameters or body.
    pub(crate) fn new(method: reqwest::Method, path: String) -> Self {
        RequestParts {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            route: None,
        }
    }

    /// Records the path template the path was made from, for the client's observer.
    pub(crate) fn route(mut self, template: &'static str) -> Self {
        self.route = Some(Cow::Borrowed(template));
        self
    }

    /// Adds the query parameter `name=value`.
    pub(crate) fn query(mut self, name: &str, value: &impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds the query parameter `name=value` if the value is set.
    pub(crate) fn query_opt(self, name: &str, value: Option<&impl ToString>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds `name=value` once per value, in order (`cols[]=a&cols[]=b`).
    pub(crate) fn query_each<V: ToString>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.query.extend(
            values
                .into_iter()
                .map(|value| (name.to_owned(), value.to_string())),
        );
        self
    }

    /// Adds the header `name: value`.
    pub(crate) fn header(mut self, name: &str, value: &impl ToString) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds the header `name: value` if the value is set.
    pub(crate) fn header_opt(self, name: &str, value: Option<&impl ToString>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Adds one header `name` whose value is `values` joined with `,` (OpenAPI `style: simple`).
    pub(crate) fn header_list<V: ToString>(
        self,
        name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let joined: Vec<String> = values.into_iter().map(|value| value.to_string()).collect();
        self.header(name, &joined.join(","))
    }

    /// [`RequestParts::header_list`] if the values are set.
    pub(crate) fn header_list_opt<V: ToString>(
        self,
        name: &str,
        values: Option<impl IntoIterator<Item = V>>,
    ) -> Self {
        match values {
            Some(values) => self.header_list(name, values),
            None => self,
        }
    }

    /// Sets the JSON body (`application/json`) if there is one.
    pub(crate) fn json(mut self, body: Option<&impl serde::Serialize>) -> Self {
        self.body = body.map(|body| RequestBody::json("application/json", body));
        self
    }
}

/// A query string without the leading `?` from `(name, value)` pairs in order: names keep `[`
/// `]`, values are fully encoded.
pub(crate) fn encode_query<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, NAME));
        out.push('=');
        out.extend(utf8_percent_encode(value, VALUE));
    }
    out
}

/// [`encode_path_segment`] of a path parameter's text (`42`, `eu1`, an enum's wire value).
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not have path parameters"
)]
pub(crate) fn path_segment(value: &impl ToString) -> String {
    encode_path_segment(&value.to_string())
}

impl RequestParts {
    /// The extra headers as typed names and values, in order; a name or value HTTP cannot carry
    /// (a space in the name, a line break in the value, …) is an [`Error::Config`].
    pub(crate) fn checked_headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        self.headers
            .iter()
            .map(|(name, value)| {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::config(format!(
                        "`{}` is not a valid HTTP header name",
                        name.escape_debug()
                    ))
                })?;
                let value = HeaderValue::from_str(value).map_err(|_| {
                    Error::config(format!(
                        "the value of header `{}` is not a valid HTTP header value \
                         (control characters such as line breaks are not allowed)",
                        name.escape_debug()
                    ))
                })?;
                Ok((header, value))
            })
            .collect()
    }

    /// Checks the path shape: it must start with `/`, carry no query or fragment, and contain no
    /// `.`/`..` segment (plain or percent-encoded) that a URL parser would resolve away.
    pub(crate) fn check_path(&self) -> Result<(), Error> {
        if !self.path.starts_with('/') {
            return Err(Error::config(format!(
                "request path `{}` must start with `/`",
                self.path
            )));
        }
        if self.path.contains(['?', '#']) {
            return Err(Error::config(format!(
                "request path `{}` must not contain `?` or `#`; pass query parameters separately",
                self.path
            )));
        }
        for segment in self.path.split('/') {
            let plain = segment.to_ascii_lowercase().replace("%2e", ".");
            if plain == "." || plain == ".." {
                return Err(Error::config(format!(
                    "request path `{}` contains a `{segment}` segment, which a URL cannot carry \
                     without changing the path",
                    self.path
                )));
            }
        }
        Ok(())
    }
}
