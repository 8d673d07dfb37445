//! `PageStream`: a `Stream` of items that fetches pages on demand, either by offset
//! (`pg[offset]`/`pg[limit]`, stopping after a short page) or by token (each response names the
//! next page's token, stopping when it names none). A hand-written state machine (no
//! async-stream macros).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;

/// Where the next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cursor {
    /// At this offset, with this many items per page.
    Offset { offset: u64, limit: u64 },
    /// At the page this token names; `None` for the first page.
    Token(Option<String>),
}

/// One fetched page: its items, where the page after it starts, and whether there is one.
type Page<T> = (Vec<T>, Cursor, bool);
/// A boxed in-flight page request.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
/// Starts the request for the page at a cursor.
type FetchPage<T> = Box<dyn FnMut(Cursor) -> PageFuture<T> + Send>;

/// A stream of the items of a paginated list, fetching one page at a time as items are asked for.
///
/// Offset-paged lists request each page with `pg[offset]` and `pg[limit]` and end after a page
/// with fewer than `limit` items (or an empty page). Token-paged lists send back the token each
/// response names for the next page (`nextPageToken` → `pageToken`, `next_cursor` → `cursor`, …)
/// and end at a response without one (or with an empty one, or the token just sent, so a server
/// repeating itself cannot make the stream loop). An error is yielded once and ends the stream.
/// Use it with `futures_util::StreamExt` (`next`, `try_collect`, …).
pub struct PageStream<T> {
    fetch_page: FetchPage<T>,
    /// Where the next page starts (after the last page: where one would start).
    next: Cursor,
    buffered: VecDeque<T>,
    in_flight: Option<PageFuture<T>>,
    finished: bool,
}

/// Creates an offset-paged [`PageStream`] that starts at `start_offset` and requests `limit`
/// items per page (a `limit` of 0 is sent as 1 so the stream always makes progress).
pub(crate) fn paginate<T, F, Fut>(limit: u64, start_offset: u64, mut fetch_page: F) -> PageStream<T>
where
    F: FnMut(u64, u64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    let limit = limit.max(1);
    PageStream {
        fetch_page: Box::new(move |cursor| {
            // A stream only ever hands its own kind of cursor back: the other is never seen.
            let Cursor::Offset { offset, limit } = cursor else {
                return Box::pin(std::future::ready(Ok((Vec::new(), cursor, false))));
            };
            let page = fetch_page(offset, limit);
            Box::pin(async move {
                let items = page.await?;
                let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
                let next = Cursor::Offset {
                    offset: offset.saturating_add(count),
                    limit,
                };
                Ok((items, next, count >= limit))
            })
        }),
        next: Cursor::Offset {
            offset: start_offset,
            limit,
        },
        buffered: VecDeque::new(),
        in_flight: None,
        finished: false,
    }
}

/// [`paginate`] for request builders whose `pg[limit]` and `pg[offset]` are `i64` options: an
/// unset or negative offset starts at 0; an unset, zero or negative limit becomes
/// `default_limit`. `fetch_page` gets each page's offset and limit as the builder stores them.
#[allow(
    dead_code,
    reason = "called by generated list operations; a spec may have none"
)]
pub(crate) fn paginate_builder<T, F, Fut>(
    limit: Option<i64>,
    offset: Option<i64>,
    default_limit: u64,
    mut fetch_page: F,
) -> PageStream<T>
where
    F: FnMut(Option<i64>, Option<i64>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    let limit = limit
        .and_then(|v| u64::try_from(v).ok())
        .filter(|v| *v > 0)
        .unwrap_or(default_limit);
    let start = offset.and_then(|v| u64::try_from(v).ok()).unwrap_or(0);
    paginate(limit, start, move |page_offset, page_limit| {
        fetch_page(
            i64::try_from(page_offset).ok(),
            i64::try_from(page_limit).ok(),
        )
    })
}

/// Creates a token-paged [`PageStream`] starting at the page `start` names (the first page when
/// `None`). `fetch_page` gets each page's token and returns the page's items and the token its
/// response names for the next page.
#[allow(
    dead_code,
    reason = "called by generated list operations; a spec may have none"
)]
pub(crate) fn paginate_tokens<T, F, Fut>(start: Option<String>, mut fetch_page: F) -> PageStream<T>
where
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>> + Send + 'static,
    T: Send + 'static,
{
    PageStream {
        fetch_page: Box::new(move |cursor| {
            // As in `paginate`: only token cursors come back here.
            let Cursor::Token(token) = cursor else {
                return Box::pin(std::future::ready(Ok((Vec::new(), cursor, false))));
            };
            let page = fetch_page(token.clone());
            Box::pin(async move {
                let (items, next) = page.await?;
                let next = next.filter(|n| !n.is_empty() && token.as_ref() != Some(n));
                let more = next.is_some();
                Ok((items, Cursor::Token(next), more))
            })
        }),
        next: Cursor::Token(start),
        buffered: VecDeque::new(),
        in_flight: None,
        finished: false,
    }
}

impl<T> PageStream<T> {
    /// The offset the next page will be requested at, for offset-paged lists (after an error,
    /// the offset of the page that failed; after the last page, where one would start); 0 for
    /// token-paged lists.
    pub fn next_offset(&self) -> u64 {
        match &self.next {
            Cursor::Offset { offset, .. } => *offset,
            Cursor::Token(_) => 0,
        }
    }

    /// The token the next page will be requested with, for token-paged lists: after an error,
    /// the token of the page that failed, so setting it on the request builder resumes there.
    /// `None` for offset-paged lists, for the first page of a stream started without a token,
    /// and once the last page was fetched.
    pub fn next_token(&self) -> Option<&str> {
        match &self.next {
            Cursor::Token(token) => token.as_deref(),
            Cursor::Offset { .. } => None,
        }
    }
}

// The stream never pins `T` or projects pins into its fields; the in-flight future is boxed.
impl<T> Unpin for PageStream<T> {}

impl<T> Stream for PageStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            let (cursor, fetch_page) = (&this.next, &mut this.fetch_page);
            let page = this
                .in_flight
                .get_or_insert_with(|| fetch_page(cursor.clone()));
            let result = match page.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            this.in_flight = None;
            match result {
                Err(error) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok((items, next, more)) => {
                    this.next = next;
                    this.finished = !more;
                    this.buffered.extend(items);
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let upper = self.finished.then_some(self.buffered.len());
        (self.buffered.len(), upper)
    }
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("next", &self.next)
            .field("buffered", &self.buffered.len())
            .field("in_flight", &self.in_flight.is_some())
            .field("finished", &self.finished)
            .finish()
    }
}
