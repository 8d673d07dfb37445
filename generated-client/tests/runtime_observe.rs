//! Runtime tests: the `on_attempt` observer sees every attempt (status, body length, error,
//! retry wait) of typed, raw and streamed calls, on loopback servers (wiremock and a raw TCP
//! server on 127.0.0.1), never a secret.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use make_com_api::{Attempt, ClientBuilder, Error, RetryPolicy};
use reqwest::Method;
use runtime_support::{RawServer, Reply, TOKEN, builder, fast_retry, http_response};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a test keeps of one attempt.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    url: String,
    route: Option<String>,
    number: u32,
    status: Option<u16>,
    body_len: Option<usize>,
    error: Option<String>,
    retry_in: Option<Duration>,
    elapsed: Duration,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A callback recording every attempt into the returned log.
fn recorder() -> (Log, impl Fn(&Attempt<'_>) + Send + Sync + 'static) {
    let log: Log = Arc::default();
    let sink = Arc::clone(&log);
    let callback = move |a: &Attempt<'_>| {
        sink.lock().unwrap().push(Seen {
            method: a.method.to_string(),
            url: a.url.to_owned(),
            route: a.route.map(str::to_owned),
            number: a.number,
            status: a.status,
            body_len: a.body_len,
            error: a.error.map(|e| format!("{e:?}")),
            retry_in: a.retry_in,
            elapsed: a.elapsed,
        });
    };
    (log, callback)
}

fn observed(builder: ClientBuilder) -> (Log, make_com_api::Client) {
    let (log, callback) = recorder();
    (log, builder.on_attempt(callback).build().unwrap())
}

fn seen(log: &Log) -> Vec<Seen> {
    log.lock().unwrap().clone()
}

#[tokio::test]
async fn a_retried_call_shows_each_attempt_with_its_status_and_the_wait_before_the_next() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/teams"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/teams"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":1}"#))
        .mount(&server)
        .await;
    let (log, client) = observed(builder(&server.uri()));
    let value = client.request(Method::GET, "/teams").query("pg[limit]", "5").send().await.unwrap().value().unwrap();
    assert_eq!(value, serde_json::json!({"ok": 1}));
    let attempts = seen(&log);
    // The URL as sent: Make's brackets stay literal.
    let url = format!("{}/teams?pg[limit]=5", server.uri());
    let outline: Vec<_> =
        attempts.iter().map(|a| (a.method.as_str(), a.url.as_str(), a.number, a.status, a.body_len)).collect();
    assert_eq!(
        outline,
        [
            ("GET", url.as_str(), 1, Some(503), Some(4)),
            ("GET", url.as_str(), 2, Some(503), Some(4)),
            ("GET", url.as_str(), 3, Some(200), Some(8)),
        ]
    );
    // The fast policy's jitter-free backoffs (5 ms, then 10 ms) are announced before each wait;
    // the last attempt announces none.
    let waits: Vec<_> = attempts.iter().map(|a| a.retry_in).collect();
    assert_eq!(waits, [Some(Duration::from_millis(5)), Some(Duration::from_millis(10)), None]);
    assert!(attempts.iter().all(|a| a.error.is_none()), "{attempts:?}");
}

#[tokio::test]
async fn the_last_attempt_of_a_failing_call_announces_no_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/teams"))
        .respond_with(ResponseTemplate::new(500).set_body_string("{}"))
        .expect(2)
        .mount(&server)
        .await;
    let (log, client) = observed(builder(&server.uri()).retry_policy(fast_retry(2)));
    let err = client.request(Method::GET, "/teams").send().await.unwrap_err();
    assert!(matches!(err, Error::Api(ref e) if e.status == 500), "{err:?}");
    let outline: Vec<_> = seen(&log).iter().map(|a| (a.number, a.status, a.retry_in.is_some())).collect();
    assert_eq!(outline, [(1, Some(500), true), (2, Some(500), false)]);
}

#[tokio::test]
async fn a_call_the_policy_does_not_retry_is_one_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/teams"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let (log, client) = observed(builder(&server.uri()));
    client.request(Method::POST, "/teams").json(&serde_json::json!({})).send().await.unwrap_err();
    let outline: Vec<_> = seen(&log).iter().map(|a| (a.method.clone(), a.status, a.retry_in)).collect();
    assert_eq!(outline, [("POST".to_owned(), Some(503), None)]);
}

#[tokio::test]
async fn an_attempt_without_a_response_carries_its_error() {
    // A port with nothing listening: every connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (log, client) = observed(builder(&base).retry_policy(fast_retry(2)));
    let err = client.request(Method::GET, "/teams").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let attempts = seen(&log);
    let outline: Vec<_> = attempts.iter().map(|a| (a.number, a.status, a.body_len, a.retry_in.is_some())).collect();
    assert_eq!(outline, [(1, None, None, true), (2, None, None, false)]);
    assert!(attempts.iter().all(|a| a.error.as_deref().is_some_and(|e| e.starts_with("Transport"))), "{attempts:?}");
}

#[tokio::test]
async fn a_streamed_response_is_seen_when_its_headers_arrive() {
    let server =
        RawServer::start(vec![Reply::Bytes(http_response("200 OK", "text/event-stream", "data: 1\n\ndata: 2\n\n"))])
            .await;
    let (log, client) = observed(builder(&server.url));
    let events: Vec<_> = client.request(Method::POST, "/run").events().await.unwrap().try_collect().await.unwrap();
    assert_eq!(events.len(), 2);
    let outline: Vec<_> = seen(&log).iter().map(|a| (a.method.clone(), a.status, a.body_len, a.retry_in)).collect();
    assert_eq!(outline, [("POST".to_owned(), Some(200), None, None)]);
}

#[tokio::test]
async fn elapsed_covers_the_wait_for_the_response() {
    let server = RawServer::start(vec![Reply::After(
        Duration::from_millis(150),
        http_response("200 OK", "application/json", "{}"),
    )])
    .await;
    let (log, client) = observed(builder(&server.url));
    client.request(Method::GET, "/slow").send().await.unwrap();
    let attempts = seen(&log);
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].elapsed >= Duration::from_millis(150), "{attempts:?}");
}

#[tokio::test]
async fn a_derived_client_has_its_own_observer_and_the_original_keeps_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let (original_log, client) = observed(builder(&server.uri()).retry_policy(RetryPolicy::none()));
    let (derived_log, callback) = recorder();
    let derived = client.with_on_attempt(callback);
    derived.request(Method::GET, "/one").send().await.unwrap();
    client.request(Method::GET, "/two").send().await.unwrap();
    // A client derived for another setting keeps the observer.
    client.with_header("x-trace", "1").unwrap().request(Method::GET, "/three").send().await.unwrap();
    let urls = |log: &Log| seen(log).into_iter().map(|a| a.url).collect::<Vec<_>>();
    assert_eq!(urls(&derived_log), [format!("{}/one", server.uri())]);
    assert_eq!(urls(&original_log), [format!("{}/two", server.uri()), format!("{}/three", server.uri())]);
    // The derived client keeps the rest of the original's settings.
    assert_eq!(derived.retry_policy(), client.retry_policy());
}

#[tokio::test]
async fn setting_the_observer_again_replaces_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let (first, callback_1) = recorder();
    let (second, callback_2) = recorder();
    let client = builder(&server.uri()).on_attempt(callback_1).on_attempt(callback_2).build().unwrap();
    client.request(Method::GET, "/x").send().await.unwrap();
    assert!(seen(&first).is_empty());
    assert_eq!(seen(&second).len(), 1);
}

#[tokio::test]
async fn attempts_and_debug_output_show_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401).set_body_string("no")).mount(&server).await;
    let texts: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&texts);
    let client = builder(&server.uri())
        .header("x-gateway-key", "gateway-s3cr3t")
        .on_attempt(move |a| sink.lock().unwrap().push(format!("{a:?}")))
        .build()
        .unwrap();
    client.request(Method::GET, "/me").send().await.unwrap_err();
    let texts = texts.lock().unwrap().clone();
    assert_eq!(texts.len(), 1);
    let debug = format!("{client:?}");
    assert!(debug.contains("Observer(<callback>)"), "{debug}");
    for text in texts.iter().chain([&debug]) {
        assert!(!text.contains(TOKEN) && !text.contains("gateway-s3cr3t"), "{text}");
    }
}

#[tokio::test]
async fn the_route_is_the_path_template_of_the_operation_or_of_the_raw_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/11"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"organization":{"id":11,"name":"Acme"}}"#))
        .expect(2)
        .mount(&server)
        .await;
    let (log, client) = observed(builder(&server.uri()));
    client.organizations().get_organization(11).send().await.unwrap();
    client
        .request(Method::GET, "/organizations/{organizationId}")
        .path_param("organizationId", 11)
        .send()
        .await
        .unwrap();
    let routes: Vec<_> = seen(&log).into_iter().map(|a| (a.route, a.url)).collect();
    let url = format!("{}/organizations/11", server.uri());
    let template = Some("/organizations/{organizationId}".to_owned());
    assert_eq!(routes, [(template.clone(), url.clone()), (template, url)]);
}
