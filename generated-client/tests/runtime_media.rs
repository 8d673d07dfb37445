//! Runtime tests: responses besides JSON through the raw escape hatch, against servers on
//! 127.0.0.1 — server-sent events arriving one by one while the body is still open and parsed
//! as the WHATWG standard says, text and binary bodies, and the `Accept` each asks for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use std::time::Duration;

use futures_util::StreamExt;
use make_com_api::{Error, Event, EventStream};
use reqwest::Method;
use runtime_support::{RawServer, Reply, builder, header_values, http_response};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// What the event server does, in order, after reading the request.
enum Step {
    /// Write these bytes as one HTTP chunk and flush.
    Chunk(&'static [u8]),
    /// Wait until the test says so.
    Wait(oneshot::Receiver<()>),
    /// Pause, so the next chunk reaches the client as a read of its own.
    Pause,
    /// Pause this long.
    Sleep(Duration),
    /// Reset the connection without ending the body.
    Reset,
}

/// A server answering one request with a chunked `text/event-stream` body written step by step
/// (ending it properly unless a step resets it); sends the request head to the returned channel.
async fn event_server(steps: Vec<Step>) -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (heads, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap() == 1 {
            head.push(byte[0]);
        }
        heads.send(String::from_utf8_lossy(&head).into_owned()).unwrap();
        let start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Stream: s1\r\n\
                     Transfer-Encoding: chunked\r\n\r\n";
        stream.write_all(start.as_bytes()).await.unwrap();
        for step in steps {
            match step {
                Step::Chunk(bytes) => {
                    let chunk = [format!("{:x}\r\n", bytes.len()).as_bytes(), bytes, b"\r\n"].concat();
                    stream.write_all(&chunk).await.unwrap();
                    stream.flush().await.unwrap();
                }
                Step::Wait(go) => go.await.unwrap(),
                Step::Pause => tokio::time::sleep(Duration::from_millis(30)).await,
                Step::Sleep(pause) => tokio::time::sleep(pause).await,
                Step::Reset => {
                    stream.set_zero_linger().unwrap();
                    return;
                }
            }
        }
        stream.write_all(b"0\r\n\r\n").await.unwrap();
        stream.shutdown().await.unwrap();
    });
    (url, received)
}

/// `POST /run` on `url` as a raw event stream.
async fn open(url: &str) -> EventStream<String> {
    let client = builder(url).build().unwrap();
    client.request(Method::POST, "/run").json(&serde_json::json!({"q": 1})).events().await.unwrap()
}

/// The next item, failing the test instead of hanging.
async fn next<T>(events: &mut EventStream<T>) -> Option<Result<Event<T>, Error>> {
    tokio::time::timeout(Duration::from_secs(5), events.next()).await.expect("the stream hung")
}

/// (event type, data, id, retry in ms) of an item that must be an event.
fn fields(item: Option<Result<Event<String>, Error>>) -> (String, String, Option<String>, Option<u128>) {
    let event = item.expect("an event, not the end").expect("an event, not an error");
    (event.event, event.data, event.id, event.retry.map(|r| r.as_millis()))
}

#[tokio::test]
async fn events_arrive_one_by_one_while_the_body_is_still_open() {
    let (go, wait) = oneshot::channel();
    let (url, mut heads) = event_server(vec![
        Step::Chunk(b"event: delta\ndata: first\nid: 7\n\n"),
        Step::Wait(wait),
        Step::Chunk(b"data: second\n\n"),
    ])
    .await;
    let mut events = open(&url).await;
    let head = heads.recv().await.unwrap();
    assert!(head.starts_with("POST /run HTTP/1.1"), "{head}");
    assert_eq!(header_values(&head, "accept"), ["text/event-stream"]);
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["x-stream"], "s1");
    let debug = format!("{events:?}");
    assert!(debug.starts_with("EventStream {") && debug.contains("status: 200"), "{debug}");
    // The server sends the second event only after the test has the first: had the client
    // waited for the end of the body, this would time out.
    assert_eq!(fields(next(&mut events).await), ("delta".into(), "first".into(), Some("7".into()), None));
    assert_eq!(events.last_event_id(), Some("7"));
    go.send(()).unwrap();
    assert_eq!(fields(next(&mut events).await), ("message".into(), "second".into(), None, None));
    assert_eq!(events.last_event_id(), Some("7"), "an id carries over to later events");
    assert!(next(&mut events).await.is_none(), "the stream ends with the body");
    assert!(next(&mut events).await.is_none(), "and stays ended");
}

/// Each case: the body in chunks (read by the client one by one), and the events the WHATWG
/// "Interpreting an event stream" rules give for it, worked out by hand.
#[tokio::test]
async fn the_wire_format_is_parsed_as_the_standard_says() {
    type Expected = (&'static str, &'static str, Option<&'static str>, Option<u128>);
    type Case = (&'static str, Vec<&'static [u8]>, Vec<Expected>);
    let cases: Vec<Case> = vec![
        (
            "LF, CRLF and CR line ends",
            vec![b"data: a\r\ndata: b\rdata: c\n\r\n"],
            vec![("message", "a\nb\nc", None, None)],
        ),
        ("CRLF split across reads", vec![b"data: a\r", b"\ndata: b\n\n"], vec![("message", "a\nb", None, None)]),
        (
            "CR then another line across reads",
            vec![b"data: a\r", b"data: b\r\r"],
            vec![("message", "a\nb", None, None)],
        ),
        ("a line split across reads", vec![b"da", b"ta: whole\n", b"\n"], vec![("message", "whole", None, None)]),
        ("a leading BOM", vec![b"\xEF\xBB\xBFdata: x\n\n"], vec![("message", "x", None, None)]),
        (
            "a BOM only at the start",
            vec![b"data: x\n\n\xEF\xBB\xBFdata: y\n\ndata: z\n\n"],
            vec![("message", "x", None, None), ("message", "z", None, None)],
        ),
        ("comments", vec![b": keep-alive\ndata: x\n: more\n\n"], vec![("message", "x", None, None)]),
        (
            "one space dropped, no colon, no space",
            vec![b"data:  two\ndata\ndata:none\n\n"],
            vec![("message", " two\n\nnone", None, None)],
        ),
        (
            "colons after the first belong to the value",
            vec![b"data: a:b: c\n\n"],
            vec![("message", "a:b: c", None, None)],
        ),
        (
            "event type, last one wins, reset after dispatch",
            vec![b"event: x\nevent: y\ndata: 1\n\ndata: 2\n\n"],
            vec![("y", "1", None, None), ("message", "2", None, None)],
        ),
        (
            "a block without data dispatches nothing",
            vec![b"event: lonely\nid: 3\n\ndata: after\n\n"],
            vec![("message", "after", None, None)],
        ),
        ("an empty data line is still data", vec![b"data\n\n"], vec![("message", "", None, None)]),
        ("id with NUL ignored", vec![b"id: 1\0\ndata: x\n\n"], vec![("message", "x", None, None)]),
        (
            "retry digits only",
            vec![b"retry: 1500\ndata: x\n\nretry: 15x\ndata: y\n\nretry:\ndata: z\n\n"],
            vec![("message", "x", None, Some(1500)), ("message", "y", None, None), ("message", "z", None, None)],
        ),
        ("unknown fields ignored", vec![b"foo: bar\nData: no\ndata: yes\n\n"], vec![("message", "yes", None, None)]),
        (
            "id and retry per event",
            vec![b"id: a\nretry: 5\ndata: 1\n\ndata: 2\n\n"],
            vec![("message", "1", Some("a"), Some(5)), ("message", "2", None, None)],
        ),
    ];
    for (name, chunks, expected) in cases {
        let mut steps = Vec::new();
        for chunk in chunks {
            steps.push(Step::Chunk(chunk));
            steps.push(Step::Pause);
        }
        let (url, _heads) = event_server(steps).await;
        let mut events = open(&url).await;
        let mut got = Vec::new();
        while let Some(item) = next(&mut events).await {
            got.push(fields(Some(item)));
        }
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(e, d, id, retry)| (e.to_owned(), d.to_owned(), id.map(str::to_owned), retry))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[tokio::test]
async fn the_stream_remembers_the_last_id_and_reconnection_time() {
    let (url, _heads) =
        event_server(vec![Step::Chunk(b"id: 1\nretry: 250\ndata: a\n\nid: 2\n\nid\ndata: b\n\n")]).await;
    let mut events = open(&url).await;
    assert_eq!((events.last_event_id(), events.reconnection_time()), (None, None));
    while next(&mut events).await.is_some() {}
    // `id` with no value sets the last id to the empty string (the standard's rule).
    assert_eq!(events.last_event_id(), Some(""));
    assert_eq!(events.reconnection_time(), Some(Duration::from_millis(250)));
}

#[tokio::test]
async fn a_body_cut_off_inside_an_event_ends_with_an_error_item() {
    // The error carries what was read of the unfinished event.
    let cases =
        [("data", &b"data: par"[..], "data: par"), ("event type", b"event: x\n", ""), ("partial line", b"da", "da")];
    for (name, tail, partial) in cases {
        let (url, _heads) = event_server(vec![Step::Chunk(b"data: whole\n\n"), Step::Chunk(tail)]).await;
        let mut events = open(&url).await;
        assert_eq!(fields(next(&mut events).await).1, "whole", "{name}");
        match next(&mut events).await {
            Some(Err(Error::Decode { status, body, .. })) => {
                assert_eq!((status, body.as_str()), (200, partial), "{name}")
            }
            other => panic!("{name}: expected a decode error, got {other:?}"),
        }
        assert!(next(&mut events).await.is_none(), "{name}: the stream ends after the error");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_an_error_item_never_a_hang() {
    let (url, _heads) = event_server(vec![Step::Chunk(b"data: one\n\n"), Step::Pause, Step::Reset]).await;
    let mut events = open(&url).await;
    assert_eq!(fields(next(&mut events).await).1, "one");
    assert!(matches!(next(&mut events).await, Some(Err(Error::Transport(_) | Error::Decode { .. }))));
    assert!(next(&mut events).await.is_none());
}

#[tokio::test]
async fn json_event_data_decodes_and_bad_data_does_not_end_the_stream() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Delta {
        n: u32,
    }
    let (url, _heads) =
        event_server(vec![Step::Chunk(b"data: {\"n\": 1}\n\ndata: oops\n\ndata: {\"n\":\ndata: 2}\n\n")]).await;
    let client = builder(&url).build().unwrap();
    let mut events = client.request(Method::GET, "/s").events_json::<Delta>().await.unwrap();
    assert_eq!(next(&mut events).await.unwrap().unwrap().data, Delta { n: 1 });
    match next(&mut events).await {
        Some(Err(Error::Decode { status, body, .. })) => assert_eq!((status, body.as_str()), (200, "oops")),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // Two data lines joined with a line break make one JSON text.
    assert_eq!(next(&mut events).await.unwrap().unwrap().data, Delta { n: 2 });
    assert!(next(&mut events).await.is_none());
}

#[tokio::test]
async fn an_error_status_is_an_api_error_instead_of_a_stream() {
    let body = r#"{"message":"Agent not found","code":"IM005"}"#;
    let server = RawServer::start(vec![Reply::Bytes(http_response("404 Not Found", "application/json", body))]).await;
    let client = builder(&server.url).build().unwrap();
    match client.request(Method::POST, "/run").events().await {
        Err(Error::Api(api)) => {
            assert_eq!((api.status, api.body.as_str(), api.code.as_deref()), (404, body, Some("IM005")))
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn text_responses_come_back_as_text_and_ask_for_text() {
    let server =
        RawServer::start(vec![Reply::Bytes(http_response("200 OK", "text/plain; charset=utf-8", "pong — ✓"))]).await;
    let client = builder(&server.url).build().unwrap();
    assert_eq!(client.request(Method::GET, "/ping").send_text().await.unwrap(), "pong — ✓");
    let head = server.heads.lock().unwrap()[0].clone();
    assert_eq!(header_values(&head, "accept"), ["text/*"]);
    // An `Accept` the caller chose is the only one sent.
    client.request(Method::GET, "/ping").header("Accept", "text/markdown").send_text().await.unwrap();
    let head = server.heads.lock().unwrap()[1].clone();
    assert_eq!(header_values(&head, "accept"), ["text/markdown"]);
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error_with_the_text() {
    let mut reply =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\n".to_vec();
    reply.extend_from_slice(b"a\xFFb");
    let server = RawServer::start(vec![Reply::Bytes(reply)]).await;
    let client = builder(&server.url).build().unwrap();
    match client.request(Method::GET, "/t").send_text().await {
        Err(Error::Decode { status, body, .. }) => assert_eq!((status, body.as_str()), (200, "a\u{FFFD}b")),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn binary_responses_round_trip_byte_for_byte_with_their_content_type() {
    let all: Vec<u8> = (0..=255u8).rev().collect();
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        all.len()
    )
    .into_bytes();
    reply.extend_from_slice(&all);
    let untyped = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n\x00\x01".to_vec();
    let server = RawServer::start(vec![Reply::Bytes(reply), Reply::Bytes(untyped)]).await;
    let client = builder(&server.url).build().unwrap();
    let image = client.request(Method::GET, "/logo").send_bytes().await.unwrap();
    assert_eq!((image.content_type.as_deref(), image.bytes.as_ref()), (Some("image/png"), all.as_slice()));
    let head = server.heads.lock().unwrap()[0].clone();
    assert_eq!(header_values(&head, "accept"), ["*/*"]);
    let untyped = client.request(Method::GET, "/blob").send_bytes().await.unwrap();
    assert_eq!((untyped.content_type, untyped.bytes.as_ref()), (None, &b"\x00\x01"[..]));
}

/// Six chunks 150 ms apart (about 0.9 s in all).
fn trickle() -> Vec<Step> {
    (0..6).flat_map(|_| [Step::Chunk(b"data: tick\n\n"), Step::Sleep(Duration::from_millis(150))]).collect()
}

/// A client whose whole-request timeout (400 ms) is shorter than [`trickle`], without retries.
fn impatient(url: &str) -> make_com_api::Client {
    builder(url).timeout(Duration::from_millis(400)).retry_policy(make_com_api::RetryPolicy::none()).build().unwrap()
}

/// The whole-request timeout does not cut an event stream that keeps sending (for streams it
/// bounds each wait for more instead), while it does cut any other response that takes longer.
#[tokio::test]
async fn event_streams_outlive_the_request_timeout_other_responses_do_not() {
    let (url, _heads) = event_server(trickle()).await;
    let mut events = impatient(&url).request(Method::POST, "/run").events().await.unwrap();
    for _ in 0..6 {
        assert_eq!(fields(next(&mut events).await).1, "tick");
    }
    assert!(next(&mut events).await.is_none(), "the stream ends with the body");

    let (url, _heads) = event_server(trickle()).await;
    let error = impatient(&url).request(Method::GET, "/text").send_text().await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}
