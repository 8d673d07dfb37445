//! Shared helpers for the per-operation tests: a wiremock server on 127.0.0.1, a client pointed
//! at it, exact request expectations (method, path, raw query, auth header, JSON body) and checks
//! of Make's error responses.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::time::Duration;

use make_com_api::{ApiError, Client, Error, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The API token of every test client.
pub const TOKEN: &str = "93a0c9b1-2f4e-4c1a-8d3b-6e5f7a8b9c0d";

/// The base path of Make's API below the host, as in `https://eu1.make.com/api/v2`.
pub const BASE_PATH: &str = "/api/v2";

/// Starts a wiremock server on 127.0.0.1.
pub async fn server() -> MockServer {
    MockServer::start().await
}

/// A client for `server` with the test token, a short timeout and no retries (retries are the
/// runtime tests' business; here every exchange is exactly one request).
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}{BASE_PATH}", server.uri()))
        .token(TOKEN)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// What one operation must put on the wire.
#[derive(Clone, Debug)]
pub struct Op {
    /// The HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// The path template exactly as in specs/openapi.yaml, e.g. `/organizations/{organizationId}`.
    pub template: &'static str,
    /// The path with every placeholder filled, below the base path.
    pub path: String,
    /// The exact raw query string (without `?`), or `None` when no query may be sent.
    pub query: Option<String>,
    /// The exact JSON body, or `None` when no body may be sent.
    pub body: Option<Value>,
}

/// Starts an expectation for the operation at `METHOD template` (as written in the spec).
pub fn op(method: &'static str, template: &'static str) -> Op {
    Op { method, template, path: template.to_owned(), query: None, body: None }
}

impl Op {
    /// Fills the `{placeholders}` of the template, in order, with already-encoded values.
    pub fn params(mut self, values: &[&str]) -> Self {
        let mut filled = String::new();
        let mut rest = self.template;
        let mut values = values.iter();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').expect("closing brace") + start;
            filled.push_str(&rest[..start]);
            filled.push_str(values.next().expect("a value for every placeholder"));
            rest = &rest[end + 1..];
        }
        filled.push_str(rest);
        assert!(values.next().is_none(), "more values than placeholders in {}", self.template);
        self.path = filled;
        self
    }

    /// The exact raw query string the client must send.
    pub fn query(mut self, raw: &str) -> Self {
        self.query = Some(raw.to_owned());
        self
    }

    /// The exact JSON body the client must send.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The full request path the server sees.
    pub fn full_path(&self) -> String {
        format!("{BASE_PATH}{}", self.path)
    }

    /// A mock that matches only this exact request (method, path, raw query, token, body).
    pub fn mock(&self) -> wiremock::MockBuilder {
        let builder = Mock::given(method(self.method))
            .and(path(self.full_path()))
            .and(RawQuery(self.query.clone()))
            .and(header("authorization", format!("Token {TOKEN}").as_str()))
            .and(header("accept", "application/json"));
        match &self.body {
            Some(body) => builder.and(header("content-type", "application/json")).and(JsonBody(body.clone())),
            None => builder.and(EmptyBody),
        }
    }
}

/// Mounts a mock answering this exact request once with `status` and a JSON body.
pub async fn mount(server: &MockServer, op: &Op, status: u16, response: Value) {
    op.mock().respond_with(ResponseTemplate::new(status).set_body_json(response)).expect(1).mount(server).await;
}

/// Replaces every mock on `server` by one answering this exact request once with a Make error.
pub async fn mount_error(server: &MockServer, op: &Op, status: u16, response: Value) {
    server.reset().await;
    mount(server, op, status, response).await;
}

/// What the server received, one line per request, for failure messages.
pub async fn received(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    let lines: Vec<String> = requests
        .iter()
        .map(|request| {
            let auth = request.headers.get("authorization").map(|value| value.to_str().unwrap_or("?").to_owned());
            format!("{} {} auth={auth:?} body={}", request.method, request.url, String::from_utf8_lossy(&request.body))
        })
        .collect();
    lines.join("\n")
}

/// Unwraps a successful result; on failure shows the error and what the server received.
pub async fn expect_ok<T>(server: &MockServer, result: Result<T, Error>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("expected success, got {error:?}\nthe server received:\n{}", received(server).await),
    }
}

/// Checks that every mounted expectation was met exactly.
pub async fn verify(server: &MockServer) {
    eprintln!("the server received:\n{}", received(server).await);
    server.verify().await;
}

/// Matches the request's raw query string exactly (`None`: no query at all).
pub struct RawQuery(pub Option<String>);

impl Match for RawQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query() == self.0.as_deref()
    }
}

/// Matches a request body that is exactly this JSON value.
pub struct JsonBody(pub Value);

impl Match for JsonBody {
    fn matches(&self, request: &Request) -> bool {
        serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| body == self.0)
    }
}

/// Matches a request without a body.
pub struct EmptyBody;

impl Match for EmptyBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

/// A Make error body: `{"message", "code", "detail"}`.
pub fn make_error(message: &str, code: &str, detail: &str) -> Value {
    serde_json::json!({ "message": message, "code": code, "detail": detail })
}

/// Unwraps an `Error::Api` and checks its status, code, message and detail against the body sent.
pub fn expect_api_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, body: &Value) -> ApiError {
    let error = match result {
        Err(Error::Api(api)) => *api,
        other => panic!("expected Error::Api with status {status}, got {other:?}"),
    };
    assert_eq!(error.status, status);
    assert_eq!(error.code.as_deref(), body["code"].as_str());
    assert_eq!(error.message.as_deref(), body["message"].as_str());
    assert_eq!(error.detail.as_deref(), body["detail"].as_str());
    assert_eq!(serde_json::from_str::<Value>(&error.body).unwrap(), *body);
    assert!(!error.body.contains(TOKEN));
    error
}
