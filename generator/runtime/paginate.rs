//! `PageStream`: a `Stream` of items that fetches `pg[offset]`/`pg[limit]` pages on demand and
//! stops after a short page. A hand-written state machine (no async-stream macros).

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::error::Error;

/// A boxed in-flight page request.
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Vec<T>, Error>> + Send>>;
/// Starts the request for the page at `(offset, limit)`.
type FetchPage<T> = Box<dyn FnMut(u64, u64) -> PageFuture<T> + Send>;

/// A stream of the items of a paginated list, fetching one page at a time.
///
/// Each page is requested with `pg[offset]` and `pg[limit]`; the stream ends after a page with
/// fewer than `limit` items (or an empty page). An error is yielded once and ends the stream.
/// Use it with `futures_util::StreamExt` (`next`, `try_collect`, …).
pub struct PageStream<T> {
    fetch_page: FetchPage<T>,
    limit: u64,
    offset: u64,
    buffered: VecDeque<T>,
    in_flight: Option<PageFuture<T>>,
    finished: bool,
}

/// Creates a [`PageStream`] that starts at `start_offset` and requests `limit` items per page
/// (a `limit` of 0 is sent as 1 so the stream always makes progress).
pub(crate) fn paginate<T, F, Fut>(limit: u64, start_offset: u64, mut fetch_page: F) -> PageStream<T>
where
    F: FnMut(u64, u64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
    T: Send + 'static,
{
    PageStream {
        fetch_page: Box::new(move |offset, limit| Box::pin(fetch_page(offset, limit))),
        limit: limit.max(1),
        offset: start_offset,
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

impl<T> PageStream<T> {
    /// The offset the next page will be requested at.
    pub fn next_offset(&self) -> u64 {
        self.offset
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
            let (offset, limit) = (this.offset, this.limit);
            let fetch_page = &mut this.fetch_page;
            let page = this
                .in_flight
                .get_or_insert_with(|| fetch_page(offset, limit));
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
                Ok(items) => {
                    let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
                    if count < this.limit {
                        this.finished = true;
                    }
                    this.offset = this.offset.saturating_add(count);
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
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .field("buffered", &self.buffered.len())
            .field("in_flight", &self.in_flight.is_some())
            .field("finished", &self.finished)
            .finish()
    }
}
