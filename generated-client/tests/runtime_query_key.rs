//! Runtime tests: API keys in the query string (`ClientBuilder::api_key_query`) go with every
//! request and never show — not in errors, attempts seen by the observer, or `Debug` output —
//! against servers on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::error::Error as _;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use make_com_api::{Attempt, Error};
use reqwest::Method;
use runtime_support::{RawServer, Reply, builder, fast_retry, http_response};

/// The key; its characters need percent-encoding in a query value.
const KEY: &str = "k3y/&=+ \u{fc}-9d2e";
/// How [`KEY`] is encoded on the wire.
const KEY_ENCODED: &str = "k3y%2F%26%3D%2B%20%C3%BC-9d2e";

/// Everything an error says: its `Display`, its sources' and its `Debug`.
fn error_text(error: &Error) -> String {
    let mut text = format!("{error} / {error:?}");
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(&format!(" / {inner}"));
        source = inner.source();
    }
    text
}

fn assert_hidden(text: &str) {
    assert!(!text.contains("k3y") && !text.contains("9d2e"), "the key shows: {text}");
}

#[tokio::test]
async fn the_key_goes_with_every_request_after_the_request_own_parameters() {
    let ok = http_response("200 OK", "application/json", "{}");
    let server = RawServer::start(vec![Reply::Bytes(ok)]).await;
    let client = builder(&server.url).api_key_query("key", "first").api_key_query("key", KEY).build().unwrap();
    client.request(Method::GET, "/teams").query("teamId", 7).send().await.unwrap();
    client.request(Method::GET, "/ping").send().await.unwrap();
    // A typed operation, through generated code.
    client.admin().organizations().list_organizations().send().await.unwrap();
    let lines = server.request_lines();
    assert_eq!(
        lines,
        [
            format!("GET /teams?teamId=7&key={KEY_ENCODED} HTTP/1.1"),
            format!("GET /ping?key={KEY_ENCODED} HTTP/1.1"),
            format!("GET /admin/organizations?key={KEY_ENCODED} HTTP/1.1"),
        ]
    );
}

#[tokio::test]
async fn the_key_replaces_a_parameter_of_its_name_the_request_sends_and_others_stay() {
    let ok = http_response("200 OK", "application/json", "{}");
    let server = RawServer::start(vec![Reply::Bytes(ok)]).await;
    let client = builder(&server.url).api_key_query("api_key", KEY).api_key_query("sig", "s1").build().unwrap();
    client
        .request(Method::GET, "/teams")
        .query("api_key", "from-the-call")
        .query("q", "a b")
        .query("api_key", "again")
        .send()
        .await
        .unwrap();
    assert_eq!(server.request_lines(), [format!("GET /teams?q=a%20b&api_key={KEY_ENCODED}&sig=s1 HTTP/1.1")]);
}

#[tokio::test]
async fn attempts_show_the_url_with_the_key_redacted() {
    let ok = http_response("200 OK", "application/json", "{}");
    let server = RawServer::start(vec![Reply::Bytes(ok)]).await;
    let urls = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&urls);
    let client = builder(&server.url)
        .api_key_query("key", KEY)
        .on_attempt(move |a: &Attempt<'_>| sink.lock().unwrap().push(a.url.to_owned()))
        .build()
        .unwrap();
    client.request(Method::GET, "/teams").query("teamId", 7).send().await.unwrap();
    assert_eq!(*urls.lock().unwrap(), [format!("{}/teams?teamId=7&key=REDACTED", server.url)]);
    assert_eq!(server.request_lines(), [format!("GET /teams?teamId=7&key={KEY_ENCODED} HTTP/1.1")]);
}

#[tokio::test]
async fn transport_errors_and_attempts_of_a_refused_connection_hide_the_key() {
    // A port with nothing listening: every connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let client = builder(&base)
        .retry_policy(fast_retry(2))
        .api_key_query("key", KEY)
        .on_attempt(move |a: &Attempt<'_>| {
            let error = a.error.map(error_text).unwrap_or_default();
            sink.lock().unwrap().push(format!("{} {error}", a.url));
        })
        .build()
        .unwrap();
    let error = client.request(Method::GET, "/teams").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let text = error_text(&error);
    assert_hidden(&text);
    // The URL is still there to debug with, the key's value replaced.
    assert!(text.contains("/teams?key=REDACTED"), "{text}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for attempt in seen.iter() {
        assert_hidden(attempt);
        assert!(attempt.starts_with(&format!("{base}/teams?key=REDACTED ")), "{attempt}");
    }
}

/// reqwest puts the URL into errors reading a whole body; its errors reading an event stream's
/// chunks carry none today, and this also guards against that changing.
#[tokio::test]
async fn errors_reading_a_body_or_an_event_stream_hide_the_key() {
    // Both responses promise more bytes than they send, then reset the connection.
    let short_body = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"".to_vec();
    let short_stream =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 100\r\n\r\ndata: 1\n\n".to_vec();
    let server = RawServer::start(vec![Reply::BytesThenReset(short_body), Reply::BytesThenReset(short_stream)]).await;
    let client =
        builder(&server.url).retry_policy(make_com_api::RetryPolicy::none()).api_key_query("key", KEY).build().unwrap();
    let error = client.request(Method::GET, "/body").send().await.unwrap_err();
    let text = error_text(&error);
    assert!(matches!(error, Error::Transport(_)), "{text}");
    assert_hidden(&text);
    let mut events = client.request(Method::GET, "/events").events().await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().data, "1");
    let error = events.next().await.unwrap().unwrap_err();
    let text = error_text(&error);
    assert!(matches!(error, Error::Transport(_)), "{text}");
    assert_hidden(&text);
}

#[test]
fn debug_output_names_the_parameter_and_hides_the_key() {
    let builder = builder("http://127.0.0.1:9").api_key_query("key", KEY);
    let shown = format!("{builder:?}");
    assert!(shown.contains("\"key\": \"<redacted>\""), "{shown}");
    assert_hidden(&shown);
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("\"key\": \"<redacted>\""), "{shown}");
    assert_hidden(&shown);
}

#[test]
fn an_empty_parameter_name_is_a_config_error() {
    let error = builder("http://127.0.0.1:9").api_key_query("", KEY).build().unwrap_err();
    assert!(matches!(error, Error::Config { ref message } if message.contains("must not be empty")), "{error:?}");
    assert_hidden(&format!("{error:?}"));
}
