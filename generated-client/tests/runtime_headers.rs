//! Runtime tests: request headers of the raw escape hatch, against wiremock servers on 127.0.0.1 —
//! they are sent, never replace the client's `Authorization`, may override the default `Accept`
//! and `Content-Type`, and invalid names or values fail with `Error::Config` before sending.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use futures_util::StreamExt;
use make_com_api::{Client, Error};
use reqwest::Method;
use runtime_support::{TOKEN, assert_no_token, builder, only_request};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `verb route` with `200 {"ok": 1}`, expecting exactly `times` such requests
/// (verified when it is dropped); anything else gets a 404.
async fn ok_server(verb: &str, route: &str, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": 1})))
        .expect(times)
        .mount(&server)
        .await;
    server
}

/// Every value received for header `name` by the only request the server got.
async fn received(server: &MockServer, name: &str) -> Vec<String> {
    let request = only_request(server).await;
    request.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn headers_are_sent_and_the_token_stays_the_authorization() {
    let server = ok_server("GET", "/users/me", 1).await;
    let client = builder(&server.uri()).build().unwrap();
    client
        .request(Method::GET, "/users/me")
        .header("X-Trace", "abc")
        .header("X-Count", 3)
        .header("x-multi", "one")
        .header("X-Multi", "two")
        .header("Authorization", "Token not-the-client-token")
        .send()
        .await
        .unwrap();
    assert_eq!(received(&server, "x-trace").await, ["abc"]);
    assert_eq!(received(&server, "x-count").await, ["3"]);
    assert_eq!(received(&server, "x-multi").await, ["one", "two"]);
    assert_eq!(received(&server, "authorization").await, [format!("Token {TOKEN}")]);
    assert_eq!(received(&server, "accept").await, ["application/json"]);
}

#[tokio::test]
async fn without_credentials_an_authorization_header_is_sent_as_given() {
    let server = ok_server("GET", "/ping", 1).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.request(Method::GET, "/ping").header("Authorization", "Custom xyz").send().await.unwrap();
    assert_eq!(received(&server, "authorization").await, ["Custom xyz"]);
}

#[tokio::test]
async fn accept_and_content_type_defaults_can_be_overridden() {
    let server = ok_server("POST", "/things", 1).await;
    let client = builder(&server.uri()).build().unwrap();
    client
        .request(Method::POST, "/things")
        .header("Accept", "text/csv")
        .header("Content-Type", "application/merge-patch+json")
        .json(&serde_json::json!({"a": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(received(&server, "accept").await, ["text/csv"]);
    assert_eq!(received(&server, "content-type").await, ["application/merge-patch+json"]);

    // Without an override a JSON body keeps its default content type.
    let server = ok_server("POST", "/things", 1).await;
    let client = builder(&server.uri()).build().unwrap();
    client.request(Method::POST, "/things").header("X-Trace", "1").json(&1).send().await.unwrap();
    assert_eq!(received(&server, "content-type").await, ["application/json"]);
}

#[tokio::test]
async fn invalid_header_names_and_values_are_config_errors_and_nothing_is_sent() {
    let cases = [
        ("X-Trace", "line\r\nX-Injected: 1", "value of header `X-Trace`"),
        ("X-Trace", "nul\0byte", "value of header `X-Trace`"),
        ("X-Trace", "bell\u{7}", "value of header `X-Trace`"),
        ("X Trace", "ok", "`X Trace` is not a valid HTTP header name"),
        ("X-Trace:", "ok", "is not a valid HTTP header name"),
        ("", "ok", "is not a valid HTTP header name"),
        ("Grüße", "ok", "is not a valid HTTP header name"),
    ];
    let server = ok_server("GET", "/users/me", 0).await;
    let client = builder(&server.uri()).build().unwrap();
    for (name, value, needle) in cases {
        let request = || client.request(Method::GET, "/users/me").header("X-Fine", "yes").header(name, value);
        let errors = [
            request().send().await.map(|_| ()).unwrap_err(),
            request().send_json::<serde_json::Value>().await.map(|_| ()).unwrap_err(),
            request().paginate::<serde_json::Value>("items", 10).next().await.unwrap().unwrap_err(),
        ];
        for error in errors {
            assert!(matches!(error, Error::Config { .. }), "{name:?}/{value:?}: {error:?}");
            let text = error.to_string();
            assert!(text.contains(needle), "{needle:?} not in {text:?}");
            // The value may be a secret: the message names the header, not its value.
            if needle.starts_with("value") {
                assert!(!text.contains(value), "{text:?} repeats the value");
            }
            assert_no_token(&error);
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing may be sent");
}
