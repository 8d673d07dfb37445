//! The `Client` handle and its builder: zone or custom base URL, token or OAuth auth, timeouts,
//! retry policy, user agent, headers and query API keys for every request and an observer of
//! every attempt; derived clients with some of these changed. `Debug` output never shows the
//! token, a header's value or an API key.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::Error;
use super::observe::{Attempt, Observer};
use super::query_key::QueryKeys;
use super::raw::RawRequest;
use super::retry::RetryPolicy;

/// Default whole-request timeout (sending the request and reading the full response).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default timeout for establishing a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An async client for the Make API.
///
/// Cheap to clone: clones share one connection pool and configuration. Pick the server with
/// [`ClientBuilder::zone`] (one of the API's [`Zone`](crate::Zone)s, when its docs list any) or
/// [`ClientBuilder::base_url`]:
///
/// ```no_run
/// # async fn demo() -> Result<(), make_com_api::Error> {
/// let client = make_com_api::Client::builder()
///     .base_url("https://api.example.com/v2") // or .zone(…)
///     .token("my-api-token")
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// Shared state behind a [`Client`].
pub(crate) struct Inner {
    /// The underlying HTTP client (pool, timeouts, user agent, redirect policy).
    pub(crate) http: reqwest::Client,
    /// What `http` was built with, to build another one with a different timeout.
    pub(crate) http_settings: HttpSettings,
    /// The base URL without a trailing `/`, e.g. `https://eu1.make.com/api/v2`.
    pub(crate) base_url: String,
    /// The `Authorization` header value, marked sensitive.
    pub(crate) auth: Option<HeaderValue>,
    /// How failed requests are retried.
    pub(crate) retry: RetryPolicy,
    /// Headers sent with every request unless the request sets them itself (values sensitive).
    pub(crate) headers: HeaderMap,
    /// API keys added to every request's query ([`ClientBuilder::api_key_query`]).
    pub(crate) query_keys: QueryKeys,
    /// Sees every attempt ([`ClientBuilder::on_attempt`]).
    pub(crate) observer: Option<Observer>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy in effect.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// A client like this one whose requests are retried by `policy` instead, for a call or a
    /// group of calls: `client.with_retry_policy(RetryPolicy::none()).organizations()…`. It
    /// shares this client's connections and settings; this client is unchanged.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
        self.derive(|inner| inner.retry = policy)
    }

    /// A client like this one that also sends header `name: value` with every request (replacing
    /// a value this client sends under that name), e.g. an idempotency key for one call:
    /// `client.with_header("Idempotency-Key", &key)?.organizations()…`. A header the request sets
    /// itself still wins, as with [`ClientBuilder::header`]. It shares this client's connections
    /// and settings; this client is unchanged.
    ///
    /// Fails with [`Error::Config`] when the name or value is not valid in HTTP (the error names
    /// the header, never its value).
    pub fn with_header(&self, name: &str, value: &str) -> Result<Client, Error> {
        let (name, value) = header_pair(name, value)?;
        Ok(self.derive(|inner| {
            inner.headers.insert(name, value);
        }))
    }

    /// A client like this one whose attempts are seen by `observer` instead of this client's
    /// observer (see [`ClientBuilder::on_attempt`]), for example to trace one call in detail.
    /// It shares this client's connections and settings; this client is unchanged.
    pub fn with_on_attempt(
        &self,
        observer: impl Fn(&Attempt<'_>) + Send + Sync + 'static,
    ) -> Client {
        let observer = Observer::new(observer);
        self.derive(|inner| inner.observer = Some(observer))
    }

    /// A client like this one with another timeout (see [`ClientBuilder::timeout`]), e.g. for a
    /// slow export or a long event stream: `client.with_timeout(Duration::from_secs(300))?`.
    /// Every other setting is kept; this client is unchanged.
    ///
    /// Unlike the other derived clients it has its own connection pool (timeouts belong to the
    /// underlying HTTP client), so make it once and keep it rather than once per call. Fails
    /// with [`Error::Config`] only when the HTTP client cannot be built.
    pub fn with_timeout(&self, timeout: Duration) -> Result<Client, Error> {
        let settings = HttpSettings {
            timeout,
            ..self.inner.http_settings.clone()
        };
        let http = settings.build()?;
        Ok(self.derive(|inner| {
            inner.http = http;
            inner.http_settings = settings;
        }))
    }

    /// The whole-request timeout in effect (see [`ClientBuilder::timeout`]).
    pub fn timeout(&self) -> Duration {
        self.inner.http_settings.timeout
    }

    /// A client sharing this one's HTTP client, with `change` applied to a copy of its settings.
    fn derive(&self, change: impl FnOnce(&mut Inner)) -> Client {
        let mut inner = Inner {
            http: self.inner.http.clone(),
            http_settings: self.inner.http_settings.clone(),
            base_url: self.inner.base_url.clone(),
            auth: self.inner.auth.clone(),
            retry: self.inner.retry.clone(),
            headers: self.inner.headers.clone(),
            query_keys: self.inner.query_keys.clone(),
            observer: self.inner.observer.clone(),
        };
        change(&mut inner);
        Client {
            inner: Arc::new(inner),
        }
    }

    /// Starts a request to any path below the base URL, for endpoints the typed API lacks.
    ///
    /// `path` starts with `/` and may contain `{name}` placeholders filled (and
    /// percent-encoded) by [`RawRequest::path_param`]. The request goes through the same
    /// auth, retry and error handling as typed operations.
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> RawRequest {
        RawRequest::new(self.clone(), method, path.into())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.inner.http_settings.timeout)
            .field("retry", &self.inner.retry)
            .field("headers", &self.inner.headers.keys().collect::<Vec<_>>())
            .field("query_keys", &self.inner.query_keys)
            .field("observer", &self.inner.observer)
            .finish_non_exhaustive()
    }
}

/// The credential sent in the `Authorization` header.
#[derive(Clone)]
enum Auth {
    /// An API token: `Authorization: Token …`.
    Token(String),
    /// An OAuth access token: `Authorization: Bearer …`.
    Bearer(String),
    /// HTTP basic authentication: `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: String },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(<redacted>)"),
            Self::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Self::Basic { .. } => f.write_str("Basic(<redacted>)"),
        }
    }
}

/// Headers or query API keys sent with every request, in the order they were set (a later value
/// of a name replaces an earlier one); `Debug` shows their names only.
#[derive(Clone, Default)]
struct SecretPairs(Vec<(String, String)>);

impl fmt::Debug for SecretPairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, _)| (name, "<redacted>")))
            .finish()
    }
}

/// Configures and builds a [`Client`].
///
/// Defaults: the first [`Zone`](crate::Zone) the API docs list (an API whose spec names no
/// absolute server has none: then [`ClientBuilder::base_url`] is required), no credential, 30 s
/// request timeout, 10 s connect timeout, [`RetryPolicy::default`], user agent
/// `<crate name>/<crate version>`, no extra headers, redirects followed (at most 10; the
/// `Authorization` header is dropped when a redirect leaves the original host, port or scheme).
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    zone: Option<crate::Zone>,
    base_url: Option<String>,
    auth: Option<Auth>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    headers: SecretPairs,
    query_keys: SecretPairs,
    observer: Option<Observer>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            zone: crate::zone::DEFAULT_ZONE,
            base_url: None,
            auth: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: None,
            headers: SecretPairs::default(),
            query_keys: SecretPairs::default(),
            observer: None,
        }
    }
}

impl ClientBuilder {
    /// Selects one of the API's zones (ignored when [`ClientBuilder::base_url`] is set).
    #[must_use]
    pub fn zone(mut self, zone: crate::Zone) -> Self {
        self.zone = Some(zone);
        self
    }

    /// Uses a custom base URL instead of a zone, e.g. a White Label instance or a test server:
    /// the base the operations' paths are appended to, like [`Zone::base_url`](crate::Zone::base_url).
    /// When the API's spec only names a relative server (say `/v3`), give the server's root and
    /// the client appends that path (see [`Zone`](crate::Zone)).
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Authenticates with an API token, sent as `Authorization: Token <token>`.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Token(token.into()));
        self
    }

    /// Authenticates with an OAuth access token (or any bearer token), sent as
    /// `Authorization: Bearer <token>`.
    #[doc(alias = "bearer")]
    #[must_use]
    pub fn oauth_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// Authenticates with HTTP basic authentication (RFC 7617), sent as
    /// `Authorization: Basic <base64 of username:password>` with both in UTF-8; for APIs whose
    /// spec declares `type: http, scheme: basic` (some take an API key as the username and an
    /// empty password). Replaces a token set before, as a token set later replaces it.
    /// [`ClientBuilder::build`] fails with [`Error::Config`] when the username contains `:`.
    #[must_use]
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some(Auth::Basic {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// Sets the whole-request timeout (connect, send, and read the full response). For event
    /// streams (`text/event-stream`) it bounds the wait for the response and each wait for more
    /// events instead, so a stream can last as long as the server keeps sending.
    /// [`Client::with_timeout`] derives a client with another timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the timeout for establishing a connection.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the retry policy ([`RetryPolicy::none`] disables retries).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header to every request, e.g. a tracing id or a gateway key. Setting a name again
    /// (in any case) replaces its value. A header the request sets itself wins: an operation's
    /// header parameters, the body's `Content-Type`, `Accept`, and `Authorization` when a token
    /// is set. A `User-Agent` given here replaces [`ClientBuilder::user_agent`]'s. Values are
    /// sent marked sensitive and `Debug` output never shows them.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.0.push((name.into(), value.into()));
        self
    }

    /// Sends an API key as query parameter `name` of every request (`?key=…`), for APIs whose
    /// spec declares `type: apiKey, in: query`. Setting a name again replaces its value; the
    /// key replaces a query parameter of that name an operation sends, as the client's
    /// credentials always win. Wherever the client shows a URL — errors, [`Attempt::url`],
    /// `Debug` output — the key's value reads `REDACTED`. [`ClientBuilder::build`] fails with
    /// [`Error::Config`] when `name` is empty.
    #[must_use]
    pub fn api_key_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query_keys.0.push((name.into(), value.into()));
        self
    }

    /// Calls `observer` after every attempt of every call — typed operations, raw requests,
    /// each page of a stream, each retry — with what happened (an [`Attempt`]: method, URL, the
    /// route template, attempt number, time taken, status or error, the wait before a retry):
    /// the hook for logs, traces and metrics. It runs on the task making the call, before any
    /// wait for a retry, so it should return quickly. Setting it again replaces it. No observer
    /// by default.
    #[must_use]
    pub fn on_attempt(mut self, observer: impl Fn(&Attempt<'_>) + Send + Sync + 'static) -> Self {
        self.observer = Some(Observer::new(observer));
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when the base URL is not an absolute `http`/`https` URL
    /// without query or fragment, when there is neither a base URL nor a zone, or when the
    /// token, user agent or a header set with [`ClientBuilder::header`] is not valid in HTTP
    /// (the error names the header, never its value), or when an API key's query parameter
    /// name is empty.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match (&self.base_url, self.zone) {
            (Some(base_url), _) => {
                let mut base_url = normalize_base_url(base_url)?;
                base_url.push_str(crate::zone::SERVER_PATH);
                base_url
            }
            (None, Some(zone)) => normalize_base_url(zone.base_url())?,
            (None, None) => {
                return Err(Error::config(
                    "no base URL: the API spec names no absolute server, so set one with \
                     `ClientBuilder::base_url`",
                ));
            }
        };
        let auth = match &self.auth {
            None => None,
            Some(auth) => {
                let (scheme, secret) = match auth {
                    Auth::Token(secret) => ("Token", secret.clone()),
                    Auth::Bearer(secret) => ("Bearer", secret.clone()),
                    Auth::Basic { username, password } => {
                        if username.contains(':') {
                            return Err(Error::config(
                                "a basic-auth username must not contain `:` (RFC 7617)",
                            ));
                        }
                        ("Basic", base64(format!("{username}:{password}").as_bytes()))
                    }
                };
                let mut value =
                    HeaderValue::try_from(format!("{scheme} {secret}")).map_err(|_| {
                        Error::config("the token contains characters not allowed in an HTTP header")
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let user_agent = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        let user_agent = HeaderValue::try_from(user_agent).map_err(|_| {
            Error::config("the user agent contains characters not allowed in an HTTP header")
        })?;
        let headers = default_headers(&self.headers)?;
        let query_keys = QueryKeys::new(&self.query_keys.0)?;
        let http_settings = HttpSettings {
            user_agent,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
        };
        let http = http_settings.build()?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                http_settings,
                base_url,
                auth,
                retry: self.retry,
                headers,
                query_keys,
                observer: self.observer,
            }),
        })
    }
}

/// The settings the underlying HTTP client is built with.
#[derive(Clone, Debug)]
pub(crate) struct HttpSettings {
    /// The `User-Agent` header.
    user_agent: HeaderValue,
    /// The whole-request timeout, also the read timeout.
    timeout: Duration,
    /// The timeout for establishing a connection.
    connect_timeout: Duration,
}

impl HttpSettings {
    /// A new HTTP client (its own connection pool) with these settings.
    fn build(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .user_agent(self.user_agent.clone())
            .timeout(self.timeout)
            // Bounds event streams, which lift the whole-request timeout: the wait for the
            // response and every wait for more data. No stricter than `timeout` for the rest.
            .read_timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|error| Error::config(format!("could not build the HTTP client: {error}")))
    }
}

/// Standard base64 with padding (RFC 4648, section 4), for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The headers set with [`ClientBuilder::header`], validated and marked sensitive (a later value
/// of a name replaces an earlier one).
fn default_headers(headers: &SecretPairs) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::new();
    for (name, value) in &headers.0 {
        let (name, value) = header_pair(name, value)?;
        map.insert(name, value);
    }
    Ok(map)
}

/// A header name and value checked for HTTP, the value marked sensitive; the error names the
/// header, never its value.
fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        Error::config(format!(
            "`{}` is not a valid HTTP header name",
            name.escape_debug()
        ))
    })?;
    let mut value = HeaderValue::try_from(value).map_err(|_| {
        Error::config(format!(
            "the value of header `{header}` contains characters not allowed in an HTTP header"
        ))
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

/// Validates a base URL and returns its normalized form without a trailing `/`.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let url = reqwest::Url::parse(raw)
        .map_err(|error| Error::config(format!("invalid base URL `{raw}`: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "base URL `{raw}` must use http or https"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoing the URL: it carries a secret.
        return Err(Error::config(
            "the base URL must not contain credentials; use ClientBuilder::token",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "base URL `{raw}` must not contain a query or a fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
