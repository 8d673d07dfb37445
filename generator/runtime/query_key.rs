//! API keys sent in the query string ([`ClientBuilder::api_key_query`](crate::ClientBuilder::api_key_query)):
//! added to every request's URL and shown as `REDACTED` wherever the client shows a URL — in
//! errors, in the observer's [`Attempt`](crate::Attempt) and in `Debug` output.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::error::Error;

/// What a key's value reads as wherever a URL is shown.
const REDACTED: &str = "REDACTED";

/// The query parameters carrying API keys, `(name, value)` with distinct names, in the order they
/// were first set. Cheap to clone; `Debug` shows the names only.
#[derive(Clone, Default)]
pub(crate) struct QueryKeys(Arc<[(String, String)]>);

impl QueryKeys {
    /// The keys set in `order` (a later value of a name replaces an earlier one). An empty name
    /// is an [`Error::Config`].
    pub(crate) fn new(order: &[(String, String)]) -> Result<Self, Error> {
        let mut keys: Vec<(String, String)> = Vec::new();
        for (name, value) in order {
            if name.is_empty() {
                return Err(Error::config(
                    "an API key's query parameter name must not be empty",
                ));
            }
            match keys.iter_mut().find(|(known, _)| known == name) {
                Some(slot) => slot.1.clone_from(value),
                None => keys.push((name.clone(), value.clone())),
            }
        }
        Ok(QueryKeys(keys.into()))
    }

    /// Whether a query parameter named `name` carries a key.
    pub(crate) fn holds(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| key == name)
    }

    /// The keys' `(name, value)` pairs.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// `url` as it may be shown: the value of every key parameter in its query replaced by
    /// `REDACTED`; borrowed when there is nothing to hide. The client's URLs have no fragment
    /// (request paths cannot contain `#`), so the query runs to the end.
    pub(crate) fn shown<'u>(&self, url: &'u str) -> Cow<'u, str> {
        let Some((head, query)) = url.split_once('?') else {
            return Cow::Borrowed(url);
        };
        match self.redact_query(query) {
            Cow::Borrowed(_) => Cow::Borrowed(url),
            Cow::Owned(query) => Cow::Owned(format!("{head}?{query}")),
        }
    }

    /// The client error for a reqwest error, with the keys in its URL (reqwest's errors carry
    /// the request URL) redacted.
    pub(crate) fn error(&self, mut error: reqwest::Error) -> Error {
        if let Some(url) = error.url_mut() {
            if let Some(query) = url.query() {
                if let Cow::Owned(query) = self.redact_query(query) {
                    url.set_query(Some(&query));
                }
            }
        }
        Error::from_reqwest(error)
    }

    /// An encoded query string (`a=1&key=…`) with the value of every key parameter replaced;
    /// borrowed when there is nothing to hide. Names are compared percent-decoded.
    fn redact_query<'q>(&self, query: &'q str) -> Cow<'q, str> {
        if self.0.is_empty() {
            return Cow::Borrowed(query);
        }
        let mut changed = false;
        let pieces: Vec<Cow<'q, str>> = query
            .split('&')
            .map(|piece| {
                let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
                let decoded = percent_decode_str(name).decode_utf8_lossy();
                if self.holds(&decoded) && value != REDACTED {
                    changed = true;
                    Cow::Owned(format!("{name}={REDACTED}"))
                } else {
                    Cow::Borrowed(piece)
                }
            })
            .collect();
        if changed {
            Cow::Owned(pieces.join("&"))
        } else {
            Cow::Borrowed(query)
        }
    }
}

impl fmt::Debug for QueryKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, _)| (name, "<redacted>")))
            .finish()
    }
}
