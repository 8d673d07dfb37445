//! Runtime tests: the client under network faults and unexpected bodies — each gives the
//! documented error variant, no panic, and no token in the message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::time::Duration;

use make_com_api::{Error, RetryPolicy};
use reqwest::Method;
use runtime_support::{RawServer, Reply, assert_no_token, builder, http_response};

fn no_retry(url: &str) -> make_com_api::Client {
    builder(url).retry_policy(RetryPolicy::none()).build().unwrap()
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = no_retry(&url).request(Method::GET, "/x").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn slow_headers_past_the_timeout_is_a_timeout_error() {
    let server =
        RawServer::start(vec![Reply::After(Duration::from_secs(3), http_response("200 OK", "application/json", "{}"))])
            .await;
    let client =
        builder(&server.url).timeout(Duration::from_millis(200)).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = client.request(Method::GET, "/x").send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn timeouts_are_retried_for_idempotent_requests() {
    let server = RawServer::start(vec![
        Reply::After(Duration::from_secs(3), http_response("200 OK", "application/json", "{}")),
        Reply::Bytes(http_response("200 OK", "application/json", r#"{"ok":1}"#)),
    ])
    .await;
    let client = builder(&server.url).timeout(Duration::from_millis(200)).build().unwrap();
    let value: serde_json::Value = client.request(Method::GET, "/x").send_json().await.unwrap();
    assert_eq!(value["ok"], 1);
    assert_eq!(server.request_lines().len(), 2);
}

/// A server answering each connection after `delay`.
async fn slow_server(delay: Duration) -> RawServer {
    RawServer::start(vec![Reply::After(delay, http_response("200 OK", "application/json", r#"{"ok":1}"#))]).await
}

#[tokio::test]
async fn a_derived_client_with_a_longer_timeout_waits_longer_and_the_original_still_times_out() {
    let server = slow_server(Duration::from_millis(600)).await;
    let client = builder(&server.url)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .header("x-team", "7")
        .build()
        .unwrap();
    let patient = client.with_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!((client.timeout(), patient.timeout()), (Duration::from_millis(200), Duration::from_secs(5)));
    let value: serde_json::Value = patient.request(Method::GET, "/export").send_json().await.unwrap();
    assert_eq!(value["ok"], 1);
    let error = client.request(Method::GET, "/export").send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    // The derived client kept the token and the client's headers.
    let heads = server.heads.lock().unwrap().clone();
    let first = heads.first().map(|h| h.to_ascii_lowercase()).unwrap_or_default();
    assert!(first.contains("authorization: token ") && first.contains("x-team: 7"), "{first}");
}

#[tokio::test]
async fn a_derived_client_with_a_shorter_timeout_times_out_and_the_original_waits() {
    let server = slow_server(Duration::from_millis(600)).await;
    let client =
        builder(&server.url).timeout(Duration::from_secs(5)).retry_policy(RetryPolicy::none()).build().unwrap();
    let hasty = client.with_timeout(Duration::from_millis(200)).unwrap();
    let error = hasty.request(Method::GET, "/x").send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    let value: serde_json::Value = client.request(Method::GET, "/x").send_json().await.unwrap();
    assert_eq!(value["ok"], 1);
}

#[tokio::test]
async fn reset_mid_body_is_a_transport_error() {
    let mut partial = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n".to_vec();
    partial.extend_from_slice(br#"{"organizations":[{"id":1,"#);
    let server = RawServer::start(vec![Reply::BytesThenReset(partial)]).await;
    let error = no_retry(&server.url).request(Method::GET, "/x").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn server_error_with_html_body_is_an_api_error_with_the_raw_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server =
        RawServer::start(vec![Reply::Bytes(http_response("500 Internal Server Error", "text/html", html))]).await;
    let error = no_retry(&server.url).request(Method::GET, "/x").send_json::<serde_json::Value>().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status, 500);
    assert_eq!(api.body, html);
    assert_eq!((&api.code, &api.message, &api.detail), (&None, &None, &None));
    assert!(api.suberrors.is_empty());
    assert_no_token(&error);
}

#[tokio::test]
async fn bad_success_bodies_are_decode_errors_with_the_raw_body() {
    let cases = [
        ("truncated JSON", r#"{"organizations":[{"id":1,"na"#),
        ("not JSON", "<html>maintenance</html>"),
        ("wrong shape", r#"{"organizations":"none"}"#),
    ];
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        organizations: Vec<serde_json::Value>,
    }
    for (name, body) in cases {
        let server = RawServer::start(vec![Reply::Bytes(http_response("200 OK", "application/json", body))]).await;
        let error = no_retry(&server.url).request(Method::GET, "/x").send_json::<Page>().await.unwrap_err();
        let Error::Decode { status, body: raw, .. } = &error else {
            panic!("{name}: expected Error::Decode, got {error:?}");
        };
        assert_eq!((*status, raw.as_str()), (200, body), "{name}");
        assert!(std::error::Error::source(&error).is_some(), "{name}");
        assert_no_token(&error);
    }
}

#[tokio::test]
async fn make_error_body_fills_the_api_error_fields() {
    let body = r#"{"detail":"Confirm the deletion first.","message":"Not acceptable","code":"IM004",
        "suberrors":[{"message":"confirmed is required","code":"IM005"}]}"#;
    let server =
        RawServer::start(vec![Reply::Bytes(http_response("406 Not Acceptable", "application/json", body))]).await;
    let error = no_retry(&server.url)
        .request(Method::DELETE, "/organizations/{id}/variables/{name}")
        .path_param("id", 1)
        .path_param("name", "v")
        .send()
        .await
        .unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 406);
    assert_eq!(api.code.as_deref(), Some("IM004"));
    assert_eq!(api.message.as_deref(), Some("Not acceptable"));
    assert_eq!(api.detail.as_deref(), Some("Confirm the deletion first."));
    assert_eq!(api.suberrors, [serde_json::json!({"message": "confirmed is required", "code": "IM005"})]);
    assert_eq!(api.body, body);
    assert!(api.documented.is_none());
    assert_eq!(error.to_string(), "Make API error: HTTP 406 (IM004): Not acceptable — Confirm the deletion first.");
}

#[tokio::test]
async fn empty_success_body_decodes_as_null() {
    let server =
        RawServer::start(vec![Reply::Bytes(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_vec())]).await;
    let client = no_retry(&server.url);
    client.request(Method::DELETE, "/x").send_json::<()>().await.unwrap();
    let response = client.request(Method::DELETE, "/x").send().await.unwrap();
    assert_eq!(response.status, 204);
    assert_eq!(response.value().unwrap(), serde_json::Value::Null);
}
