//! Retry policy: which responses and methods are retried, exponential backoff with bounded
//! jitter, and `Retry-After` (delay-seconds or HTTP-date) handling.

use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When and how often a failed request is sent again.
///
/// Retried outcomes: HTTP 429, every 5xx status, timeouts and transport errors (connection
/// refused or reset). By default only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) are retried; see [`RetryPolicy::retry_non_idempotent`].
///
/// Defaults ([`RetryPolicy::default`]):
/// - at most **3 attempts** in total (the first try and two retries);
/// - backoff **500 ms**, doubling per retry, capped at **8 s** per wait;
/// - **jitter 0.5**: each backoff is scaled by a random factor in `[0.5, 1.0]`;
/// - `Retry-After` is honoured exactly (seconds or HTTP-date) instead of the backoff;
/// - at most **30 s** of waiting in total per call: a backoff is shortened to the time left,
///   and a `Retry-After` longer than the time left ends the retries at once (the error is
///   returned, with [`ApiError::retry_after`](crate::ApiError::retry_after) set).
///
/// The total time of one call is therefore bounded by `max_attempts × timeout + max_total_wait`.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total_wait: Duration,
    jitter: f64,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_total_wait: Duration::from_secs(30),
            jitter: 0.5,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every request is sent exactly once.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the maximum number of attempts in total, including the first (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff before the first retry; it doubles for each further retry.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Caps a single computed backoff (not a server's `Retry-After`).
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Bounds the total time spent waiting between attempts of one call.
    #[must_use]
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Sets the jitter fraction in `[0.0, 1.0]` (clamped; NaN means 0): each backoff is scaled
    /// by a random factor in `[1 - jitter, 1]`. `0.0` makes backoffs exact.
    #[must_use]
    pub fn jitter(mut self, jitter: f64) -> Self {
        self.jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        self
    }

    /// Also retries non-idempotent methods (POST, PATCH). Off by default because a retried
    /// POST may create a resource twice.
    #[must_use]
    pub fn retry_non_idempotent(mut self, enabled: bool) -> Self {
        self.retry_non_idempotent = enabled;
        self
    }

    /// The maximum number of attempts in total.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether requests with this method may be retried at all.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || matches!(
                *method,
                Method::GET
                    | Method::HEAD
                    | Method::PUT
                    | Method::DELETE
                    | Method::OPTIONS
                    | Method::TRACE
            )
    }

    /// The wait before attempt `attempt + 1`, or `None` to stop retrying.
    ///
    /// `attempt` counts from 1; `retry_after` is the server's hint; `waited` is the time already
    /// spent waiting in this call.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        waited: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let remaining = self.max_total_wait.saturating_sub(waited);
        if let Some(hint) = retry_after {
            return (hint <= remaining).then_some(hint);
        }
        if remaining.is_zero() {
            return None;
        }
        let exponent = attempt.saturating_sub(1).min(31);
        let backoff = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let factor = 1.0 - self.jitter * fastrand::f64();
        Some(backoff.mul_f64(factor).min(remaining))
    }
}

/// Whether a response status is worth retrying: 429 and every 5xx.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// Parses `Retry-After` as delay-seconds or an HTTP-date (a date in the past means "now").
/// Returns `None` when the header is absent or malformed.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
