//! Runtime guarantees a user relies on, each pinned by a behaviour a mutation once slipped past
//! (`cargo xtask mutants`): `RetryPolicy::none()` sends once, backoffs stay within
//! `[(1 - jitter) × backoff, max_backoff]` and double per retry, the connect timeout bounds a
//! connection nobody accepts, base URLs are validated, `Error::status` of a decode error, raw
//! response text, and `PageStream`'s default limit, `next_offset` and `size_hint`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::time::Duration;

use futures_util::{Stream, StreamExt};
use make_com_api::{Client, Error, Method, RetryPolicy};
use runtime_support::{builder, mount_page};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every request with 503 Service Unavailable.
async fn unavailable_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    server
}

/// Sends one GET through `policy` to an always-503 server; returns how many requests arrived.
async fn requests_sent_with(policy: RetryPolicy) -> usize {
    let server = unavailable_server().await;
    let client = builder(&server.uri()).retry_policy(policy.clone()).build().unwrap();
    assert_eq!(client.retry_policy(), &policy);
    // Generous bound: every policy here waits at most 40 ms in all; retrying forever fails.
    let call = tokio::time::timeout(Duration::from_secs(30), client.request(Method::GET, "/scenarios").send());
    let error = call.await.expect("the retries end").unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn retry_policy_none_sends_a_failing_request_exactly_once() {
    assert_eq!(requests_sent_with(RetryPolicy::none()).await, 1);
    assert_eq!(RetryPolicy::none().attempts(), 1);
    assert_eq!(RetryPolicy::default().max_attempts(4).attempts(), 4);
}

/// A policy whose backoff starts at `base`, never waits longer than `cap` and at most
/// `total` in all; up to 10 attempts.
fn policy(base: Duration, cap: Duration, total: Duration, jitter: f64) -> RetryPolicy {
    RetryPolicy::default().max_attempts(10).initial_backoff(base).max_backoff(cap).max_total_wait(total).jitter(jitter)
}

// The backoff bounds are observed through the total-wait budget, not the clock: a backoff is
// shortened to the budget left and the retries stop once it is spent, so how many requests fit
// in the budget tells how long each computed backoff was.

#[tokio::test]
async fn backoffs_never_exceed_max_backoff() {
    // Every backoff ≤ 20 ms: two fit whole in a 40 ms budget and a third (shortened) follows,
    // so at least 4 requests. A backoff above the cap would spend the budget in two. (With
    // jitter 0 the two would be exactly 20 ms and spend it all, so every jitter here is > 0.)
    let ms = Duration::from_millis(20);
    for jitter in [0.1, 0.1, 0.1, 0.5, 1.0] {
        let sent = requests_sent_with(policy(ms, ms, 2 * ms, jitter)).await;
        assert!(sent >= 4, "jitter {jitter}: {sent} requests: a backoff exceeded max_backoff");
    }
}

#[tokio::test]
async fn backoffs_never_go_below_one_minus_jitter_times_the_backoff() {
    // Every backoff ≥ 10 ms ((1 - 0.5) × 20 ms): four of them spend a 40 ms budget, so at most
    // 5 requests; and ≤ 20 ms, so at least 4.
    let ms = Duration::from_millis(20);
    for _ in 0..3 {
        let sent = requests_sent_with(policy(ms, ms, 2 * ms, 0.5)).await;
        assert!((4..=5).contains(&sent), "{sent} requests: a backoff left [10 ms, 20 ms]");
    }
}

#[tokio::test]
async fn backoff_doubles_per_retry_without_jitter() {
    // 5 + 10 + 20 ms spend a 35 ms budget exactly: 4 requests (a constant 5 ms would make 8).
    let ms = Duration::from_millis(5);
    assert_eq!(requests_sent_with(policy(ms, 100 * ms, 7 * ms, 0.0)).await, 4);
}

#[tokio::test]
async fn connect_timeout_bounds_a_connection_the_server_never_accepts() {
    // A listener with a backlog of 0 whose one queue slot is taken: the kernel drops further
    // SYNs, so a connection attempt hangs until the client gives up.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let _queued = std::net::TcpStream::connect(address).unwrap();
    // `connect_timeout` first: the later setters must not undo it.
    let client = Client::builder()
        .connect_timeout(Duration::from_millis(200))
        .base_url(format!("http://{address}"))
        .timeout(Duration::from_secs(120))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    // Generous bound: 30 × the connect timeout, still well below the 10 s default.
    let outcome = tokio::time::timeout(Duration::from_secs(6), client.request(Method::GET, "/users/me").send()).await;
    let error = outcome.expect("the 200 ms connect timeout must end the call").unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    drop(listener);
}

#[test]
fn base_urls_with_credentials_query_fragment_or_other_schemes_are_rejected() {
    let rejected = [
        "http://user@api.example.com/v2",
        "http://:secret@api.example.com/v2",
        "http://user:secret@api.example.com/v2",
        "https://api.example.com/v2?zone=eu1",
        "https://api.example.com/v2#top",
        "ftp://api.example.com/v2",
        "api.example.com/v2",
    ];
    for url in rejected {
        let error = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{url}: {error:?}");
        assert!(!error.to_string().contains("secret"), "{url}: {error}");
    }
    let accepted =
        [("https://api.example.com/v2/", "https://api.example.com/v2"), ("http://127.0.0.1:9", "http://127.0.0.1:9")];
    for (url, base) in accepted {
        assert_eq!(Client::builder().base_url(url).build().unwrap().base_url(), base, "{url}");
    }
}

#[tokio::test]
async fn a_decode_error_keeps_the_status_and_raw_text_is_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/me"))
        .respond_with(ResponseTemplate::new(202).set_body_raw("accepted: größe", "text/plain"))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let error = client.request(Method::GET, "/users/me").send_json::<serde_json::Value>().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.status(), Some(202));
    let raw = client.request(Method::GET, "/users/me").send().await.unwrap();
    assert_eq!(raw.text(), "accepted: größe");
}

#[tokio::test]
async fn a_zero_or_negative_limit_streams_with_the_default_page_size() {
    for limit in [0, -5] {
        let server = MockServer::start().await;
        mount_page(&server, 0, 100, &[1, 2]).await;
        let client = builder(&server.uri()).build().unwrap();
        let stream = client.organizations().list_user_organizations().limit(limit).stream();
        let ids: Vec<_> = stream.map(|org| org.unwrap().id).collect().await;
        assert_eq!(ids, [Some(1), Some(2)], "limit {limit}");
        server.verify().await;
    }
}

#[tokio::test]
async fn page_stream_reports_its_next_offset_and_size_hint() {
    let server = MockServer::start().await;
    mount_page(&server, 10, 3, &[1, 2, 3]).await;
    mount_page(&server, 13, 3, &[4, 5]).await;
    let client = builder(&server.uri()).build().unwrap();
    let mut stream = client.organizations().list_user_organizations().offset(10).limit(3).stream();
    assert_eq!((stream.next_offset(), stream.size_hint()), (10, (0, None)));
    let debug = format!("{stream:?}");
    assert!(debug.starts_with("PageStream {") && debug.contains("limit: 3") && debug.contains("offset: 10"), "{debug}");
    // (id, next offset, size hint) after each item: exact bounds once the short page arrived.
    let expected =
        [(1, 13, (2, None)), (2, 13, (1, None)), (3, 13, (0, None)), (4, 15, (1, Some(1))), (5, 15, (0, Some(0)))];
    for (id, offset, hint) in expected {
        let org = stream.next().await.unwrap().unwrap();
        assert_eq!((org.id, stream.next_offset(), stream.size_hint()), (Some(id), offset, hint));
    }
    assert!(stream.next().await.is_none());
    server.verify().await;
}
