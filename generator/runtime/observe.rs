//! Observing a client's HTTP traffic: a callback that sees every attempt of every call (typed
//! operations, raw requests, pages of a stream), for logs, traces and metrics.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::Error;

/// One HTTP attempt of a call, handed to the callback set with
/// [`ClientBuilder::on_attempt`](super::ClientBuilder::on_attempt) once the attempt is over
/// and the client has decided whether to retry.
///
/// It carries no header and no body, so nothing secret: not the token, not the values of the
/// client's extra headers. The URL includes the query string, with the value of every API key
/// set with [`ClientBuilder::api_key_query`](super::ClientBuilder::api_key_query) reading
/// `REDACTED`.
///
/// ```no_run
/// # fn demo() -> Result<(), make_com_api::Error> {
/// let client = make_com_api::Client::builder()
///     .token("my-api-token")
///     .on_attempt(|attempt| {
///         let outcome = match (attempt.status, attempt.error) {
///             (Some(status), _) => status.to_string(),
///             (None, Some(error)) => error.to_string(),
///             (None, None) => "no response".to_owned(),
///         };
///         eprintln!("{} {} #{}: {outcome} in {:?}", attempt.method, attempt.url, attempt.number, attempt.elapsed);
///         if let Some(wait) = attempt.retry_in {
///             eprintln!("  retrying in {wait:?}");
///         }
///     })
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The request's method.
    pub method: &'a reqwest::Method,
    /// The request's URL: base URL, path and query (API keys redacted).
    pub url: &'a str,
    /// The path template of the call (`/organizations/{organizationId}` for an operation, the
    /// template given to [`Client::request`](super::Client::request) for a raw request): one
    /// value per endpoint whatever the parameters, for metrics labels.
    pub route: Option<&'a str>,
    /// Which attempt of the call this was, counting from 1.
    pub number: u32,
    /// How long the attempt took: until the whole response was read or, for a response whose
    /// body is streamed (server-sent events), until its headers arrived.
    pub elapsed: Duration,
    /// The response's status, when a response arrived.
    pub status: Option<u16>,
    /// The length in bytes of the response body, when it was read whole.
    pub body_len: Option<usize>,
    /// What ended the attempt without a response (a transport error, a timeout).
    pub error: Option<&'a Error>,
    /// The wait before the next attempt when the call is retried; `None` when this attempt was
    /// the call's last.
    pub retry_in: Option<Duration>,
}

/// A callback set with [`ClientBuilder::on_attempt`](super::ClientBuilder::on_attempt);
/// `Debug` does not look inside.
#[derive(Clone)]
pub(crate) struct Observer(Arc<dyn Fn(&Attempt<'_>) + Send + Sync>);

impl Observer {
    /// Wraps `callback`.
    pub(crate) fn new(callback: impl Fn(&Attempt<'_>) + Send + Sync + 'static) -> Self {
        Observer(Arc::new(callback))
    }

    /// Calls the callback with `attempt`.
    pub(crate) fn notify(&self, attempt: &Attempt<'_>) {
        (self.0)(attempt);
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer(<callback>)")
    }
}
