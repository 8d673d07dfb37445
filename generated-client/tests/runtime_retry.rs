//! Runtime tests: retries on 429/503 (Retry-After seconds and HTTP-date), bounded attempts and
//! total wait, and no retries for POST unless configured.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::time::{Duration, Instant, SystemTime};

use make_com_api::{Error, RetryPolicy};
use reqwest::Method;
use runtime_support::{builder, fast_retry};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The path every test requests, below the base URL.
const PATH: &str = "/organizations/7/teams";

/// A server that answers `verb PATH` with `failure` `failing` times, then with a 200 `{"ok":1}`
/// `succeeding` times. Both counts are verified when the server is dropped, and any other
/// request (another method or path) gets a 404, so a retry that goes astray fails the test.
async fn retry_server(verb: &str, failure: ResponseTemplate, failing: u64, succeeding: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(PATH))
        .respond_with(failure)
        .up_to_n_times(failing)
        .expect(failing)
        .named("failure")
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": 1})))
        .expect(succeeding)
        .named("success")
        .mount(&server)
        .await;
    server
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn retries_429_after_retry_after_seconds() {
    let server = retry_server("GET", ResponseTemplate::new(429).insert_header("retry-after", "1"), 1, 1).await;
    let client = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    let value: serde_json::Value = client.request(Method::GET, PATH).send_json().await.unwrap();
    assert_eq!(value["ok"], 1);
    assert_eq!(request_count(&server).await, 2);
    // The backoff alone would be 5 ms: waiting a second shows Retry-After was honoured.
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
}

#[tokio::test]
async fn retries_429_after_retry_after_http_date() {
    let at = SystemTime::now() + Duration::from_secs(2);
    let server =
        retry_server("GET", ResponseTemplate::new(429).insert_header("retry-after", httpdate::fmt_http_date(at)), 1, 1)
            .await;
    let client = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    client.request(Method::GET, PATH).send().await.unwrap();
    assert_eq!(request_count(&server).await, 2);
    // HTTP-dates have whole seconds, so the server asked for 1..2 s from when `at` was taken;
    // the backoff alone would be 5 ms.
    assert!(started.elapsed() >= Duration::from_millis(500), "{:?}", started.elapsed());
}

#[tokio::test]
async fn retries_503_with_backoff() {
    let server = retry_server("GET", ResponseTemplate::new(503), 2, 1).await;
    let client = builder(&server.uri()).build().unwrap();
    client.request(Method::GET, PATH).send().await.unwrap();
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_error_is_returned() {
    for attempts in [1, 2, 4] {
        let server =
            retry_server("GET", ResponseTemplate::new(503).set_body_string("busy"), u64::from(attempts), 0).await;
        let client = builder(&server.uri()).retry_policy(fast_retry(attempts)).build().unwrap();
        let error = client.request(Method::GET, PATH).send().await.unwrap_err();
        let Error::Api(api) = error else {
            panic!("expected an API error, got {error:?}");
        };
        assert_eq!((api.status, api.body.as_str()), (503, "busy"));
        assert_eq!(request_count(&server).await, attempts as usize);
    }
}

#[tokio::test]
async fn post_is_not_retried_by_default_but_can_be() {
    let server = retry_server("POST", ResponseTemplate::new(503), 1, 0).await;
    let client = builder(&server.uri()).build().unwrap();
    let error = client.request(Method::POST, PATH).send().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(request_count(&server).await, 1);

    let server = retry_server("POST", ResponseTemplate::new(503), 1, 1).await;
    let client = builder(&server.uri()).retry_policy(fast_retry(3).retry_non_idempotent(true)).build().unwrap();
    client.request(Method::POST, PATH).send().await.unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn client_errors_other_than_429_are_not_retried() {
    for status in [400, 401, 404, 406] {
        let server = retry_server("GET", ResponseTemplate::new(status), 1, 0).await;
        let client = builder(&server.uri()).build().unwrap();
        let error = client.request(Method::GET, PATH).send().await.unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(request_count(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn storm_of_429_is_bounded_by_the_total_wait_budget() {
    let server = retry_server("GET", ResponseTemplate::new(429), 6, 0).await;
    let policy = RetryPolicy::default()
        .max_attempts(1_000)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(20))
        .max_total_wait(Duration::from_millis(100))
        .jitter(0.0);
    let client = builder(&server.uri()).retry_policy(policy).build().unwrap();
    let error = client.request(Method::GET, PATH).send().await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    // 20 ms waits within a 100 ms budget: the first try and five retries.
    assert_eq!(request_count(&server).await, 6);
}

#[tokio::test]
async fn retry_after_beyond_the_budget_stops_at_once_and_is_reported() {
    let server = retry_server("GET", ResponseTemplate::new(429).insert_header("retry-after", "3600"), 1, 0).await;
    let client = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    let error = client.request(Method::GET, PATH).send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(request_count(&server).await, 1);
    assert_eq!(error.api().and_then(|api| api.retry_after), Some(Duration::from_secs(3600)));
}

#[tokio::test]
async fn default_jitter_only_shortens_waits_and_the_budget_caps_them() {
    // Default jitter 0.5: the first wait is 200..=400 ms; the next one is cut to what is left
    // of the 400 ms budget. Whatever the random factor, the call waits exactly 400 ms in total
    // over one or two retries, then returns the last error.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(503))
        .expect(2..=3)
        .mount(&server)
        .await;
    let policy =
        RetryPolicy::default().initial_backoff(Duration::from_millis(400)).max_total_wait(Duration::from_millis(400));
    let client = builder(&server.uri()).retry_policy(policy).build().unwrap();
    let started = Instant::now();
    let error = client.request(Method::GET, PATH).send().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    let requests = request_count(&server).await;
    assert!((2..=3).contains(&requests), "{requests}");
}
