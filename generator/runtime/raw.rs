//! The escape hatch: requests to paths the typed API lacks (`Client::request`) and raw
//! responses (status, headers, body) with JSON helpers.

use std::fmt::Display;

use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::body::{Multipart, RequestBody};
use super::client::Client;
use super::error::Error;
use super::execute::decode_json;
use super::media::{self, Binary};
use super::paginate::{PageStream, paginate};
use super::request::{RequestParts, encode_path_segment};
use super::sse::{self, EventStream};

/// A request built by hand, started with [`Client::request`].
///
/// ```no_run
/// # async fn demo(client: make_com_api::Client) -> Result<(), make_com_api::Error> {
/// let response = client
///     .request(make_com_api::Method::GET, "/organizations/{organizationId}/variables")
///     .path_param("organizationId", 42)
///     .query("cols[]", "name")
///     .header("X-Request-Id", "abc-123")
///     .send()
///     .await?;
/// let value = response.value()?;
/// # let _ = value; Ok(()) }
/// ```
#[derive(Debug)]
pub struct RawRequest {
    client: Client,
    method: reqwest::Method,
    template: String,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<RequestBody>,
    body_error: Option<serde_json::Error>,
}

impl RawRequest {
    /// Starts a request; see [`Client::request`].
    pub(crate) fn new(client: Client, method: reqwest::Method, template: String) -> Self {
        Self {
            client,
            method,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            body_error: None,
        }
    }

    /// Fills the `{name}` placeholder of the path with `value`, percent-encoded as one path
    /// segment: `/`, `?`, `#`, `%` and spaces in the value cannot change the path.
    #[must_use]
    pub fn path_param(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.path_params.push((name.into(), value.to_string()));
        self
    }

    /// Appends a query parameter. The name is sent with literal brackets (`pg[limit]`,
    /// `cols[]`); the value is percent-encoded. Repeat the call for repeated parameters.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a request header. Repeat the call to send a name several times.
    ///
    /// The first header of a name replaces the client's default of that name (`Accept:
    /// application/json`, and the body's `Content-Type`), so both can be overridden — except
    /// for a multipart body, whose `Content-Type` carries the boundary. `Authorization` cannot: when the client has credentials, its own
    /// `Authorization` header replaces any given here.
    ///
    /// A name or value HTTP cannot carry (spaces or `:` in the name, line breaks or other control
    /// characters in the value) is reported by `send` as [`Error::Config`], before anything is
    /// sent.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Display) -> Self {
        self.headers.push((name.into(), value.to_string()));
        self
    }

    /// Sets a JSON body. A serialization failure is reported by `send` as [`Error::Encode`].
    #[must_use]
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => {
                self.body = Some(RequestBody::Json {
                    content_type: "application/json".to_owned(),
                    value,
                });
                self.body_error = None;
            }
            Err(error) => self.body_error = Some(error),
        }
        self
    }

    /// Sets a text body sent with `content_type` (e.g. `text/markdown`, `application/xml`).
    #[must_use]
    pub fn text(self, content_type: &str, text: impl Into<String>) -> Self {
        self.with_body(RequestBody::text(content_type, text))
    }

    /// Sets a binary body sent with `content_type` (e.g. `image/png`).
    #[must_use]
    pub fn bytes(self, content_type: &str, bytes: impl Into<bytes::Bytes>) -> Self {
        self.with_body(RequestBody::bytes(content_type, bytes))
    }

    /// Sets an `application/x-www-form-urlencoded` body: the fields of `body` (a struct or map)
    /// as `name=value` pairs in name order — arrays send one pair per item, nested objects their
    /// JSON text, `None` fields nothing — or a list of `(name, value)` pairs in order. A
    /// serialization failure is reported by `send` as [`Error::Encode`].
    #[must_use]
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => self.with_body(RequestBody::Form(super::body::form_pairs(&value))),
            Err(error) => {
                self.body_error = Some(error);
                self
            }
        }
    }

    /// Sets a `multipart/form-data` body.
    #[must_use]
    pub fn multipart(self, form: Multipart) -> Self {
        self.with_body(RequestBody::Multipart(form))
    }

    fn with_body(mut self, body: RequestBody) -> Self {
        self.body = Some(body);
        self.body_error = None;
        self
    }

    /// Sends the request. A non-2xx status is returned as [`Error::Api`].
    pub async fn send(self) -> Result<RawResponse, Error> {
        let (client, parts) = self.into_parts()?;
        client.execute_raw(parts).await
    }

    /// Sends the request and decodes the 2xx JSON body into `T` ([`Error::Decode`] keeps the
    /// raw body when it does not match).
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let (client, parts) = self.into_parts()?;
        client.execute(parts, |_, _| None).await
    }

    /// Sends the request and returns the 2xx body as text (`text/plain`, `text/markdown`, …):
    /// [`Error::Decode`] when it is not UTF-8. Asks for `Accept: text/*` unless an `Accept`
    /// header was added.
    pub async fn send_text(self) -> Result<String, Error> {
        let (client, parts) = self.into_parts_accepting("text/*")?;
        client.execute_as(parts, |_, _| None, media::text).await
    }

    /// Sends the request and returns the 2xx body as bytes with its content type (an image, a
    /// file download). Asks for `Accept: */*` unless an `Accept` header was added.
    pub async fn send_bytes(self) -> Result<Binary, Error> {
        let (client, parts) = self.into_parts_accepting("*/*")?;
        client.execute_as(parts, |_, _| None, media::binary).await
    }

    /// Sends the request and streams the server-sent events of a 2xx `text/event-stream`
    /// response as they arrive, each event's data as the text sent (see [`EventStream`] for how
    /// the stream ends). Asks for `Accept: text/event-stream` unless an `Accept` header was added.
    ///
    /// ```no_run
    /// # async fn demo(client: make_com_api::Client) -> Result<(), make_com_api::Error> {
    /// use futures_util::StreamExt;
    /// let mut events = client
    ///     .request(make_com_api::Method::POST, "/ai-agents/v1/agents/{agentId}/run/stream")
    ///     .path_param("agentId", "a1")
    ///     .json(&serde_json::json!({"messages": [{"role": "user", "content": "Hi"}]}))
    ///     .events()
    ///     .await?;
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     println!("{}: {}", event.event, event.data);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn events(self) -> Result<EventStream<String>, Error> {
        let (client, parts) = self.into_parts_accepting("text/event-stream")?;
        client
            .execute_events(parts, |_, _| None, sse::data_text)
            .await
    }

    /// [`RawRequest::events`] with each event's data decoded as JSON into `T`; data that does
    /// not decode is an [`Error::Decode`] item and the stream goes on.
    pub async fn events_json<T: DeserializeOwned>(self) -> Result<EventStream<T>, Error> {
        let (client, parts) = self.into_parts_accepting("text/event-stream")?;
        client
            .execute_events(parts, |_, _| None, sse::data_json::<T>)
            .await
    }

    /// Pages through a list endpoint with `pg[offset]`/`pg[limit]`, yielding the items found
    /// under `items_key` of each response (e.g. `"organizations"`), until a page is shorter than
    /// `limit`. Any `pg[offset]`/`pg[limit]` already added with [`RawRequest::query`] is replaced.
    pub fn paginate<T>(self, items_key: impl Into<String>, limit: u64) -> PageStream<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let items_key = items_key.into();
        let (client, parts) = match self.into_parts() {
            Ok(ready) => ready,
            Err(error) => {
                let mut error = Some(error);
                return paginate(limit, 0, move |_, _| {
                    let result = match error.take() {
                        Some(error) => Err(error),
                        None => Ok(Vec::new()),
                    };
                    async move { result }
                });
            }
        };
        paginate(limit, 0, move |offset, limit| {
            let client = client.clone();
            let items_key = items_key.clone();
            let mut parts = parts.clone();
            parts
                .query
                .retain(|(name, _)| name != "pg[offset]" && name != "pg[limit]");
            parts
                .query
                .push(("pg[offset]".to_owned(), offset.to_string()));
            parts
                .query
                .push(("pg[limit]".to_owned(), limit.to_string()));
            async move {
                let response = client.execute_raw(parts).await?;
                response.items(&items_key)
            }
        })
    }

    /// [`RawRequest::into_parts`], asking for `media_type` unless the caller chose an `Accept`.
    fn into_parts_accepting(self, media_type: &str) -> Result<(Client, RequestParts), Error> {
        let chosen = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"));
        let (client, mut parts) = self.into_parts()?;
        if !chosen {
            parts = parts.accept(media_type);
        }
        Ok((client, parts))
    }

    /// Renders the path template and checks the request, yielding what `execute*` needs.
    fn into_parts(self) -> Result<(Client, RequestParts), Error> {
        if let Some(error) = self.body_error {
            return Err(Error::Encode(error));
        }
        let path = render_path(&self.template, &self.path_params)?;
        let parts = RequestParts {
            method: self.method,
            path,
            query: self.query,
            headers: self.headers,
            body: self.body,
            route: Some(self.template.into()),
        };
        Ok((self.client, parts))
    }
}

/// Replaces every `{name}` in `template` by the encoded value; every placeholder must have a
/// non-empty value and every value a placeholder.
fn render_path(template: &str, params: &[(String, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len());
    let mut used = vec![false; params.len()];
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let (name, after) = after
            .split_once('}')
            .ok_or_else(|| Error::config(format!("path `{template}` has an unclosed `{{`")))?;
        let (index, value) = params
            .iter()
            .enumerate()
            .find_map(|(index, (param, value))| (param == name).then_some((index, value)))
            .ok_or_else(|| {
                Error::config(format!(
                    "path `{template}` needs a value for `{{{name}}}`; call .path_param(\"{name}\", …)"
                ))
            })?;
        if value.is_empty() {
            return Err(Error::config(format!(
                "path parameter `{name}` of `{template}` is empty"
            )));
        }
        if let Some(flag) = used.get_mut(index) {
            *flag = true;
        }
        out.push_str(&encode_path_segment(value));
        rest = after;
    }
    out.push_str(rest);
    let unused = params
        .iter()
        .zip(&used)
        .find_map(|((name, _), used)| (!used).then_some(name));
    if let Some(name) = unused {
        return Err(Error::config(format!(
            "path `{template}` has no `{{{name}}}` placeholder"
        )));
    }
    Ok(out)
}

/// A complete HTTP response, as returned by the escape hatches.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The full response body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Decodes the body as JSON into `T` (an empty body decodes as `null`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.status, &self.body)
    }

    /// Decodes the body as an untyped JSON value (an empty body gives `Value::Null`).
    pub fn value(&self) -> Result<serde_json::Value, Error> {
        self.json()
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the array under `key` of a JSON object body.
    fn items<T: DeserializeOwned>(&self, key: &str) -> Result<Vec<T>, Error> {
        let mut value: serde_json::Value = self.json()?;
        let items = value
            .get_mut(key)
            .map(serde_json::Value::take)
            .ok_or_else(|| {
                let missing = format!("missing field `{key}`");
                Error::decode(self.status, &self.body, serde::de::Error::custom(missing))
            })?;
        serde_json::from_value(items)
            .map_err(|source| Error::decode(self.status, &self.body, source))
    }
}
