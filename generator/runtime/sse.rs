//! Server-sent events (`text/event-stream`): [`EventStream`], a `Stream` that yields each event
//! as soon as the blank line ending it arrives, and the parser of the wire format behind it.
//!
//! The parser follows the WHATWG HTML standard ("Server-sent events", *Interpreting an event
//! stream*) byte by byte: lines end with CRLF, LF or CR (also split across chunks), a leading
//! BOM is skipped, `:` lines are comments, a line without `:` is a field with an empty value,
//! one space after `:` is dropped, `data` lines are joined with `\n`, a block without `data`
//! dispatches nothing, unknown fields and non-digit `retry` values are ignored, an `id` holding
//! NUL is ignored, and the event type defaults to `message`. It is ours rather than a crate's:
//! `eventsource-stream` (last release 2022) pulls in `nom` and silently drops an event that the
//! end of the body cuts off, and `sse-stream` rejects streams the standard accepts (a line
//! without `:`, an unknown field, a repeated `event`/`id`/`retry` line or a non-numeric `retry`
//! are errors there).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::execute::{Reading, Reply, api_error};
use super::request::{ErrorDecoder, RequestParts};

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event type (`event:` field); `message` when the event names none.
    pub event: String,
    /// The data (`data:` lines joined with `\n`), decoded as JSON when the API documents its
    /// type, else the text as sent.
    pub data: T,
    /// The `id:` field of this event, if it had one (see [`EventStream::last_event_id`] for the
    /// id that carries over to later events).
    pub id: Option<String>,
    /// The reconnection time the server asked for in this event's `retry:` field, if any.
    pub retry: Option<Duration>,
}

/// Decodes an event's data.
pub(crate) type DecodeData<T> = fn(&str) -> Result<T, serde_json::Error>;

/// A boxed read of the next body chunk; it owns the response and hands it back.
type ChunkFuture =
    Pin<Box<dyn Future<Output = (reqwest::Response, reqwest::Result<Option<Bytes>>)> + Send>>;

/// A stream of server-sent events, parsed as the body arrives (nothing is buffered beyond the
/// event being read).
///
/// Yields `Ok(event)` per event, in order. The stream ends (`None`) when the server ends the
/// body after a complete event; a connection that breaks, or a body that ends in the middle of
/// an event, yields one error ([`Error::Transport`] or [`Error::Decode`]) and then ends. Data
/// that does not decode into the documented type yields [`Error::Decode`] for that event and
/// the stream goes on. There is no automatic reconnection: resend the request, with
/// [`EventStream::last_event_id`] if the API supports `Last-Event-ID`.
///
/// The client's timeout bounds the wait for the response and each wait for more data; the
/// stream itself may last as long as the server keeps sending. Use it with
/// `futures_util::StreamExt` (`next`, `try_next`, …).
pub struct EventStream<T> {
    status: u16,
    headers: HeaderMap,
    parser: Parser,
    ready: VecDeque<RawEvent>,
    response: Option<reqwest::Response>,
    in_flight: Option<ChunkFuture>,
    decode: DecodeData<T>,
    finished: bool,
}

impl<T> EventStream<T> {
    fn new(response: reqwest::Response, decode: DecodeData<T>) -> Self {
        EventStream {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            parser: Parser::default(),
            ready: VecDeque::new(),
            response: Some(response),
            in_flight: None,
            decode,
            finished: false,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The last event id the server set (`id:`), which carries over to later events; `None`
    /// until one is set.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id.as_deref()
    }

    /// The last reconnection time the server asked for (`retry:`), if any.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.parser.reconnection
    }

    fn decode_event(&self, raw: RawEvent) -> Result<Event<T>, Error> {
        match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event {
                event: raw.event,
                data,
                id: raw.id,
                retry: raw.retry,
            }),
            Err(source) => Err(Error::decode(self.status, raw.data.as_bytes(), source)),
        }
    }
}

// The stream never pins `T` or projects pins into its fields; the chunk future is boxed.
impl<T> Unpin for EventStream<T> {}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(raw) = this.ready.pop_front() {
                return Poll::Ready(Some(this.decode_event(raw)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            let read = match &mut this.in_flight {
                Some(read) => read,
                None => {
                    let Some(mut response) = this.response.take() else {
                        this.finished = true;
                        return Poll::Ready(None);
                    };
                    this.in_flight.insert(Box::pin(async move {
                        let chunk = response.chunk().await;
                        (response, chunk)
                    }))
                }
            };
            let (response, chunk) = match read.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(done) => done,
            };
            this.in_flight = None;
            match chunk {
                Ok(Some(bytes)) => {
                    this.response = Some(response);
                    this.parser.feed(&bytes, &mut this.ready);
                }
                Ok(None) => {
                    this.finished = true;
                    if this.parser.in_event() {
                        let reason = "the event stream ended in the middle of an event \
                                      (the connection closed before the blank line that ends it)";
                        let partial = this.parser.unfinished();
                        return Poll::Ready(Some(Err(Error::decode(
                            this.status,
                            partial.as_bytes(),
                            serde::de::Error::custom(reason),
                        ))));
                    }
                }
                Err(error) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(Error::from_reqwest(error))));
                }
            }
        }
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_event_id", &self.parser.last_event_id)
            .field("ready", &self.ready.len())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

#[allow(
    dead_code,
    reason = "called by generated operations; a spec may have no event streams"
)]
impl Client {
    /// Sends `parts` (with retries, until the response starts) and streams the events of a 2xx
    /// response; non-2xx → [`Error::Api`] with `errors` giving the typed documented error.
    pub(crate) async fn execute_events<T>(
        &self,
        parts: RequestParts,
        errors: ErrorDecoder,
        decode: DecodeData<T>,
    ) -> Result<EventStream<T>, Error> {
        match self.send_reading(&parts, Reading::Stream).await? {
            Reply::Streaming(response) => Ok(EventStream::new(response, decode)),
            // `Reading::Stream` leaves only 2xx bodies unread, so this is an error status.
            Reply::Full(response) => {
                let documented = errors(response.status, &response.body);
                Err(api_error(&response, documented))
            }
        }
    }
}

/// Event data as the text sent.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may have no event streams"
)]
pub(crate) fn data_text(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// Event data decoded as JSON.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may have no event streams"
)]
pub(crate) fn data_json<T: DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// An event as parsed, before its data is decoded.
#[derive(Debug)]
struct RawEvent {
    event: String,
    data: String,
    id: Option<String>,
    retry: Option<Duration>,
}

/// The incremental parser: feed it chunks, collect complete events.
#[derive(Debug, Default)]
struct Parser {
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// The previous chunk ended with CR: a LF starting the next one belongs to it.
    after_cr: bool,
    /// A line has been processed (a BOM is only skipped before the first).
    started: bool,
    /// The data buffer: each `data` value followed by `\n`.
    data: String,
    /// The event type buffer.
    event: String,
    /// The `id` and `retry` fields of the current block.
    id: Option<String>,
    retry: Option<Duration>,
    /// The last event id, which carries over to later events.
    last_event_id: Option<String>,
    /// The last reconnection time set.
    reconnection: Option<Duration>,
}

impl Parser {
    /// Parses `chunk`, appending every event it completes to `out`.
    fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<RawEvent>) {
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if let Some(after) = rest.strip_prefix(b"\n") {
                rest = after;
            }
        }
        while let Some(end) = rest.iter().position(|byte| matches!(byte, b'\n' | b'\r')) {
            let (head, tail) = rest.split_at(end);
            self.line.extend_from_slice(head);
            let line = std::mem::take(&mut self.line);
            self.process(&line, out);
            let is_cr = tail.first() == Some(&b'\r');
            rest = tail.get(1..).unwrap_or_default();
            if is_cr {
                match rest.strip_prefix(b"\n") {
                    Some(after) => rest = after,
                    None => self.after_cr = rest.is_empty(),
                }
            }
        }
        self.line.extend_from_slice(rest);
    }

    /// Processes one complete line.
    fn process(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) {
        let line = if self.started {
            line
        } else {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        };
        self.started = true;
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(b":") {
            return;
        }
        let (field, value) = match line.iter().position(|byte| *byte == b':') {
            Some(colon) => {
                let value = line.get(colon + 1..).unwrap_or_default();
                (
                    line.get(..colon).unwrap_or_default(),
                    value.strip_prefix(b" ").unwrap_or(value),
                )
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event = value.into_owned(),
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => {
                self.id = Some(value.clone().into_owned());
                self.last_event_id = Some(value.into_owned());
            }
            b"retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                // More digits than a u64 holds: the longest delay there is.
                let millis = value.parse::<u64>().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
                self.reconnection = self.retry;
            }
            _ => {}
        }
    }

    /// Ends the current block: an event if it had data.
    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        let event = std::mem::take(&mut self.event);
        let id = self.id.take();
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        let event = if event.is_empty() {
            "message".to_owned()
        } else {
            event
        };
        out.push_back(RawEvent {
            event,
            data,
            id,
            retry,
        });
    }

    /// Whether an event has begun and not ended (a partial line, data or an event type).
    fn in_event(&self) -> bool {
        !self.line.is_empty() || !self.data.is_empty() || !self.event.is_empty()
    }

    /// What was read of the unfinished event, for the error reporting it.
    fn unfinished(&self) -> String {
        format!("{}{}", self.data, String::from_utf8_lossy(&self.line))
    }
}
