//! Shared helpers for the runtime tests: a client preset and a raw TCP server on 127.0.0.1 that
//! records requests byte for byte and replies with scripted bytes or faults.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use make_com_api::{ClientBuilder, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The API token every test client uses; tests assert it never leaks.
pub const TOKEN: &str = "s3cr3t-T0KEN-7f1d";

/// A retry policy with tiny, jitter-free backoffs so retry tests stay fast and deterministic.
pub fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
        .max_total_wait(Duration::from_secs(5))
        .jitter(0.0)
}

/// A builder pointed at `base_url` with the test token, a short timeout and fast retries.
pub fn builder(base_url: &str) -> ClientBuilder {
    make_com_api::Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retry(3))
}

/// What the raw server does with one connection after reading the request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Write these bytes, then close.
    Bytes(Vec<u8>),
    /// Wait, then write these bytes and close.
    After(Duration, Vec<u8>),
    /// Write these bytes, then reset the connection (RST via zero linger).
    BytesThenReset(Vec<u8>),
}

/// An HTTP/1.1 response with `Connection: close` and a correct `Content-Length`.
pub fn http_response(status_line: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A raw HTTP server: connection `n` gets `replies[n]` (the last reply repeats).
pub struct RawServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Every request received (request line, headers, blank line, body), in order.
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    pub async fn start(replies: Vec<Reply>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&heads);
        tokio::spawn(async move {
            let mut index = 0;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let reply = replies.get(index).or(replies.last()).cloned().expect("at least one reply");
                index += 1;
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move { serve(stream, reply, recorded).await });
            }
        });
        RawServer { url, heads }
    }

    /// The request lines received so far (`GET /path?query HTTP/1.1`).
    pub fn request_lines(&self) -> Vec<String> {
        self.heads.lock().unwrap().iter().map(|head| head.lines().next().unwrap_or_default().to_owned()).collect()
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, recorded: Arc<Mutex<Vec<String>>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let content_length =
        header_values(&head, "content-length").first().and_then(|value| value.parse::<usize>().ok()).unwrap_or(0);
    while buffer.len() < head_end + 4 + content_length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
    recorded.lock().unwrap().push(String::from_utf8_lossy(&buffer).into_owned());
    match reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::After(delay, bytes) => {
            tokio::time::sleep(delay).await;
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::BytesThenReset(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    }
}

/// The values of header `name` (any case) in a raw HTTP head, trimmed, in order.
pub fn header_values<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .collect()
}

/// The one request `server` received (fails the test if it got another number).
pub async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// Asserts that neither the error's `Display`, its `Debug`, nor any error in its source chain
/// mentions the token.
pub fn assert_no_token(error: &make_com_api::Error) {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        texts.push(inner.to_string());
        texts.push(format!("{inner:?}"));
        source = inner.source();
    }
    for text in texts {
        assert!(!text.contains(TOKEN), "token leaked in {text:?}");
    }
}

/// Mounts one page: `offset`/`limit` query → `{"organizations": [{"id": …}, …], "pg": {…}}`.
pub async fn mount_page(server: &MockServer, offset: u32, limit: u32, ids: &[u32]) {
    let items: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id})).collect();
    Mock::given(method("GET"))
        .and(path("/organizations"))
        .and(query_param("pg[offset]", offset.to_string()))
        .and(query_param("pg[limit]", limit.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "organizations": items,
            "pg": {"offset": offset, "limit": limit},
        })))
        .expect(1)
        .mount(server)
        .await;
}
