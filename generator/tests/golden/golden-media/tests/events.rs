//! Server-sent events of the media golden crate against a raw HTTP server on 127.0.0.1 that
//! writes the stream in chunks with pauses: events arrive one by one before the body ends, the
//! wire format is parsed as the standard says, the end of the body ends the stream, and a cut
//! connection is an error item, never a hang.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use golden_media::types::{RunAgentServerSentEventsSseStreamingBody, WatchEventsResponse};
use golden_media::{Error, Event, EventStream};
use support::*;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What the raw server does after sending the response head.
enum Script {
    /// Each chunk, with a pause before it, then the end of the chunked body.
    Chunks(Vec<&'static [u8]>),
    /// These chunks, then the connection closes without ending the chunked body.
    ChunksThenCut(Vec<&'static [u8]>),
}

/// Serves one connection: reads the request, answers with `head`, then plays `script`.
/// Returns the server's URL and the request it read.
async fn serve(script: Script) -> (String, tokio::task::JoinHandle<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let request = read_request(&mut stream).await;
        stream.write_all(EVENT_STREAM_HEAD).await.unwrap();
        let (chunks, end) = match script {
            Script::Chunks(chunks) => (chunks, true),
            Script::ChunksThenCut(chunks) => (chunks, false),
        };
        for chunk in chunks {
            tokio::time::sleep(Duration::from_millis(20)).await;
            write_chunk(&mut stream, chunk).await;
        }
        if end {
            stream.write_all(b"0\r\n\r\n").await.unwrap();
        }
        stream.shutdown().await.unwrap();
        request
    });
    (url, task)
}

/// The body, from JSON: generated constructors take required fields in the spec's order, which
/// the fixture loader may or may not keep, depending on serde_json's features.
fn run_body() -> RunAgentServerSentEventsSseStreamingBody {
    serde_json::from_value(serde_json::json!({"messages": [{"role": "user", "content": "Hi"}], "config": {}})).unwrap()
}

async fn run(url: &str) -> EventStream<String> {
    client(url).ai_agents().run_agent_with_server_sent_events_sse_streaming("agent-7", 5.0, run_body()).send().await.unwrap()
}

/// Collects `(event, data, id)` of every item, with errors as `Err(variant name)`.
async fn collect<T: std::fmt::Debug>(
    mut stream: EventStream<T>,
) -> Vec<Result<(String, String, Option<String>), String>> {
    let mut out = Vec::new();
    while let Some(item) = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("no hang") {
        out.push(match item {
            Ok(Event { event, data, id, .. }) => Ok((event, format!("{data:?}"), id)),
            Err(Error::Decode { .. }) => Err("Decode".to_owned()),
            Err(Error::Transport(_)) => Err("Transport".to_owned()),
            Err(other) => Err(format!("{other:?}")),
        });
    }
    out
}

fn ok(event: &str, data: &str, id: Option<&str>) -> Result<(String, String, Option<String>), String> {
    Ok((event.to_owned(), format!("{data:?}"), id.map(str::to_owned)))
}

#[tokio::test]
async fn events_arrive_one_by_one_before_the_body_ends() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client_got_first = Arc::new(AtomicBool::new(false));
    let second_written = Arc::new(AtomicBool::new(false));
    let (got_first, written) = (Arc::clone(&client_got_first), Arc::clone(&second_written));
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let (head, body) = read_request(&mut stream).await;
        stream.write_all(EVENT_STREAM_HEAD).await.unwrap();
        write_chunk(&mut stream, b"event:step\nid:1\ndata:{\"role\":\"system\"}\n\n").await;
        // The second event is written only once the client has yielded the first.
        for _ in 0..500 {
            if got_first.load(Ordering::SeqCst) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(got_first.load(Ordering::SeqCst), "the client did not yield the first event in time");
        written.store(true, Ordering::SeqCst);
        write_chunk(&mut stream, b"event:step\nid:2\ndata:done\n\n").await;
        stream.write_all(b"0\r\n\r\n").await.unwrap();
        (head, body)
    });
    let mut events = run(&url).await;
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["x-stream"], "yes");
    let first = events.next().await.unwrap().unwrap();
    assert!(!second_written.load(Ordering::SeqCst), "event 1 must arrive before event 2 is written");
    client_got_first.store(true, Ordering::SeqCst);
    assert_eq!(
        (first.event.as_str(), first.data.as_str(), first.id.as_deref()),
        ("step", r#"{"role":"system"}"#, Some("1"))
    );
    let second = events.next().await.unwrap().unwrap();
    assert_eq!((second.data.as_str(), second.id.as_deref()), ("done", Some("2")));
    assert!(events.next().await.is_none(), "the end of the body ends the stream");
    assert_eq!(events.last_event_id(), Some("2"));

    let (head, body) = server.await.unwrap();
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("post /api/v2/ai-agents/v1/agents/agent-7/run/stream?teamid=5 http/1.1"), "{head}");
    assert!(head.contains("\r\naccept: text/event-stream"), "{head}");
    assert!(head.contains("\r\ncontent-type: application/json"), "{head}");
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["messages"], serde_json::json!([{"role": "user", "content": "Hi"}]));
}

#[tokio::test]
async fn the_wire_format_is_parsed_as_the_standard_says() {
    let cases: Vec<(&str, Vec<&'static [u8]>, Vec<_>)> = vec![
        ("one event", vec![b"data: hi\n\n"], vec![ok("message", "hi", None)]),
        ("data lines joined", vec![b"data: a\ndata: b\n\n"], vec![ok("message", "a\nb", None)]),
        (
            "CRLF and CR endings",
            vec![b"data: a\r\n\r\ndata: b\r\r"],
            vec![ok("message", "a", None), ok("message", "b", None)],
        ),
        ("CRLF split across chunks", vec![b"data: a\r", b"\n\r", b"\n"], vec![ok("message", "a", None)]),
        ("line split across chunks", vec![b"da", b"ta: hel", b"lo\n", b"\n"], vec![ok("message", "hello", None)]),
        ("UTF-8 split across chunks", vec![b"data: \xE2\x9C", b"\x93\n\n"], vec![ok("message", "✓", None)]),
        ("comments ignored", vec![b": keep-alive\n\n", b"data: x\n\n"], vec![ok("message", "x", None)]),
        ("only one space dropped", vec![b"data:  two\n\n"], vec![ok("message", " two", None)]),
        ("field without colon", vec![b"data\ndata\n\n"], vec![ok("message", "\n", None)]),
        ("no data, no event", vec![b"event: x\nid: 3\n\n", b"data: y\n\n"], vec![ok("message", "y", None)]),
        ("unknown field ignored", vec![b"foo: 1\ndata: y\n\n"], vec![ok("message", "y", None)]),
        ("id with NUL ignored", vec![b"id: a\0b\ndata: z\n\n"], vec![ok("message", "z", None)]),
        ("BOM skipped", vec![b"\xEF\xBB\xBFdata: bom\n\n"], vec![ok("message", "bom", None)]),
        ("comment at the end", vec![b"data: x\n\n: bye\n"], vec![ok("message", "x", None)]),
        (
            "body ends mid-event",
            vec![b"data: first\n\n", b"data: cut"],
            vec![ok("message", "first", None), Err("Decode".into())],
        ),
        ("body ends before the blank line", vec![b"data: whole line\n"], vec![Err("Decode".into())]),
    ];
    for (name, chunks, expected) in cases {
        let (url, _server) = serve(Script::Chunks(chunks)).await;
        assert_eq!(collect(run(&url).await).await, expected, "{name}");
    }
}

#[tokio::test]
async fn retry_and_the_last_event_id_are_kept() {
    let (url, _server) =
        serve(Script::Chunks(vec![b"retry: 1500\nid: 9\ndata: a\n\n", b"retry: soon\ndata: b\n\n"])).await;
    let mut events = run(&url).await;
    let first = events.next().await.unwrap().unwrap();
    assert_eq!((first.retry, first.id.as_deref()), (Some(Duration::from_millis(1500)), Some("9")));
    let second = events.next().await.unwrap().unwrap();
    assert_eq!((second.retry, second.id), (None, None));
    assert_eq!(events.reconnection_time(), Some(Duration::from_millis(1500)));
    assert_eq!(events.last_event_id(), Some("9"));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_connection_cut_mid_event_is_an_error_item() {
    let (url, _server) = serve(Script::ChunksThenCut(vec![b"data: one\n\n", b"data: tw"])).await;
    assert_eq!(collect(run(&url).await).await, [ok("message", "one", None), Err("Transport".into())]);
}

#[tokio::test]
async fn a_stream_may_outlast_the_client_timeout_while_events_flow() {
    // Timeout 300 ms; events every ~20 ms for about 600 ms.
    let chunks: Vec<&'static [u8]> = std::iter::repeat_n(&b"data: tick\n\n"[..], 30).collect();
    let (url, _server) = serve(Script::Chunks(chunks)).await;
    let client = golden_media::Client::builder()
        .base_url(format!("{url}/api/v2"))
        .timeout(Duration::from_millis(300))
        .retry_policy(golden_media::RetryPolicy::none())
        .build()
        .unwrap();
    let stream = client.ai_agents().run_agent_with_server_sent_events_sse_streaming("a", 1.0, run_body()).send().await.unwrap();
    let items = collect(stream).await;
    assert_eq!(items.len(), 30);
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

#[tokio::test]
async fn a_silent_stream_times_out_instead_of_hanging() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let _server = tokio::spawn(async move {
        let (mut stream, _): (TcpStream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await;
        stream.write_all(EVENT_STREAM_HEAD).await.unwrap();
        write_chunk(&mut stream, b"data: only\n\n").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let client = golden_media::Client::builder()
        .base_url(format!("{url}/api/v2"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut stream = client.ai_agents().run_agent_with_server_sent_events_sse_streaming("a", 1.0, run_body()).send().await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().data, "only");
    let error =
        tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("no hang").unwrap().unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_error_status_is_an_api_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let _server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await;
        let body = r#"{"message":"no such agent","code":"IM404"}"#;
        let response = format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).await.unwrap();
    });
    let error = client(&url).ai_agents().run_agent_with_server_sent_events_sse_streaming("a", 1.0, run_body()).send().await.unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!((api.status, api.code.as_deref()), (404, Some("IM404")));
}

#[tokio::test]
async fn typed_data_is_decoded_from_json_and_bad_data_is_an_item_error() {
    let (url, server) =
        serve(Script::Chunks(vec![b"data: {\"n\": 1}\n\n", b"data: oops\n\n", b"data: {\"n\": 3}\n\n"])).await;
    let mut events = client(&url).media().watch_events().send().await.unwrap();
    let first: Event<WatchEventsResponse> = events.next().await.unwrap().unwrap();
    assert_eq!(first.data.n, 1);
    let error = events.next().await.unwrap().unwrap_err();
    let Error::Decode { body, .. } = error else { panic!("{error:?}") };
    assert_eq!(body, "oops");
    assert_eq!(events.next().await.unwrap().unwrap().data.n, 3);
    assert!(events.next().await.is_none());
    let (head, _) = server.await.unwrap();
    assert!(head.to_ascii_lowercase().contains("\r\naccept: text/event-stream"), "{head}");
}
