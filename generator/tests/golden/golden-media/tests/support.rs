//! Shared helpers of the media golden tests (a module of each test file): a client pointed at a
//! server on 127.0.0.1, the one request a wiremock server received, and a multipart reader.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A client for the server at `url` (`http://127.0.0.1:PORT`), no retries, short timeout.
pub fn client(url: &str) -> golden_media::Client {
    golden_media::Client::builder()
        .base_url(format!("{url}/api/v2"))
        .token("t0ken")
        .timeout(Duration::from_secs(5))
        .retry_policy(golden_media::RetryPolicy::none())
        .build()
        .unwrap()
}

/// The single request `server` received.
pub async fn single_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// Every value of header `name` in `request`.
pub fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

/// Bytes 0 to 255 twice: every byte value, including ones invalid in UTF-8.
pub fn all_bytes() -> Vec<u8> {
    (0..=255u8).chain(0..=255u8).collect()
}

/// One part of a multipart body as the server saw it.
#[derive(Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// The parts of a `multipart/form-data` request, read by hand from the boundary in its
/// `Content-Type` (RFC 7578).
pub fn multipart_parts(request: &wiremock::Request) -> Vec<Part> {
    let content_type = header_values(request, "content-type");
    assert_eq!(content_type.len(), 1, "one Content-Type: {content_type:?}");
    let boundary = content_type[0]
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type:?}"));
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body;
    let mut parts = Vec::new();
    let mut rest = &body[find(body, &delimiter).expect("opening boundary") + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after boundary");
        let head_end = find(rest, b"\r\n\r\n").expect("part headers end");
        let head = String::from_utf8(rest[..head_end].to_vec()).unwrap();
        let after_head = &rest[head_end + 4..];
        let end = find(after_head, &[b"\r\n".as_slice(), &delimiter].concat()).expect("closing boundary");
        let mut part =
            Part { name: String::new(), file_name: None, content_type: None, body: after_head[..end].to_vec() };
        for line in head.split("\r\n") {
            let (header, value) = line.split_once(':').unwrap();
            match header.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').map(str::trim).skip(1) {
                        let (key, quoted) = param.split_once('=').unwrap();
                        let unquoted = quoted.trim_matches('"').to_owned();
                        match key {
                            "name" => part.name = unquoted,
                            "filename" => part.file_name = Some(unquoted),
                            other => panic!("unexpected disposition parameter {other}"),
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(part);
        rest = &after_head[end + 2 + delimiter.len()..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A text part as a server sees it.
pub fn text_part(name: &str, body: &str, content_type: Option<&str>) -> Part {
    Part { name: name.to_owned(), file_name: None, content_type: content_type.map(str::to_owned), body: body.into() }
}

/// A file part as a server sees it.
pub fn file_part(name: &str, file_name: &str, content_type: &str, body: &[u8]) -> Part {
    Part {
        name: name.to_owned(),
        file_name: Some(file_name.to_owned()),
        content_type: Some(content_type.to_owned()),
        body: body.to_vec(),
    }
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body) from a raw connection.
pub async fn read_request(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "connection closed before the request head ended");
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, value)| value.trim().parse::<usize>().unwrap());
    while buffer.len() < head_end + 4 + length {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "connection closed before the request body ended");
        buffer.extend_from_slice(&chunk[..read]);
    }
    (head, buffer[head_end + 4..].to_vec())
}

/// Writes `data` as one HTTP/1.1 chunk and flushes it.
pub async fn write_chunk(stream: &mut TcpStream, data: &[u8]) {
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(b"\r\n");
    stream.write_all(&chunk).await.unwrap();
    stream.flush().await.unwrap();
}

/// The head of a chunked `text/event-stream` response.
pub const EVENT_STREAM_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nX-Stream: yes\r\n\r\n";
