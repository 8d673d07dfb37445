//! `cargo xtask fetch`: downloads every page of the sources manifest into its snapshot under
//! `specs/`, with timeouts, retries and validation; a page that fails keeps its old snapshot.
//!
//! - Markdown pages are fetched from the page URL plus `.md` (the docs' markdown export) and must
//!   contain at least one `## ` heading.
//! - Rendered pages are fetched from the page URL as is. Their snapshot is the page's *text*
//!   (what a browser shows), which cannot be recovered faithfully from the HTML the site serves.
//!   So a rendered page is written only when the server answers with text; an HTML answer leaves
//!   the snapshot as it was and the page is reported as [`PageStatus::Kept`] (refresh it by hand
//!   by copying the page text). That is not a failure.
//! - A body is accepted only when complete: non-empty, UTF-8, and exactly `Content-Length` bytes
//!   when the server sent one. Writes are atomic (temporary file in the same directory, then
//!   rename) and happen only on success.
//! - Retries (with exponential backoff) on connection errors, timeouts, truncated bodies, 5xx and
//!   429; never on other 4xx such as 404.

use std::io::Write;
use std::path::{Component, Path};
use std::time::Duration;

use anyhow::Context as _;

use crate::sources::{Form, Page};

/// How pages are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Timeout of one request, connect to last body byte.
    pub timeout: Duration,
    /// Retries after the first attempt (so `retries + 1` attempts at most).
    pub retries: u32,
    /// Wait before the first retry; doubled for each further retry (capped at 30 s).
    pub backoff: Duration,
    /// Replaces scheme and host of every page URL (e.g. `http://127.0.0.1:8080`), for tests and
    /// local mirrors; system proxies are not used then.
    pub base_override: Option<String>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            base_override: None,
        }
    }
}

/// What happened to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStatus {
    /// The snapshot was replaced with the new body.
    Updated {
        /// Body size in bytes.
        bytes: usize,
    },
    /// The download succeeded and equals the snapshot; nothing written.
    Unchanged,
    /// Deliberately not written (a rendered page served as HTML); the snapshot is as it was.
    Kept {
        /// Why.
        reason: String,
    },
    /// The page could not be fetched or its body was invalid; the snapshot is as it was.
    Failed {
        /// The last error.
        reason: String,
        /// Requests made.
        attempts: u32,
    },
}

/// One page's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutcome {
    /// Page slug.
    pub slug: String,
    /// Page form.
    pub form: Form,
    /// The URL requested.
    pub url: String,
    /// Snapshot path relative to the repository root (`specs/pages/mms.md`).
    pub file: String,
    /// What happened.
    pub status: PageStatus,
}

/// The result of a fetch run, one outcome per manifest page, in manifest order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    /// Per-page outcomes.
    pub outcomes: Vec<PageOutcome>,
}

impl FetchReport {
    /// The pages that failed.
    pub fn failures(&self) -> impl Iterator<Item = &PageOutcome> {
        self.outcomes.iter().filter(|o| matches!(o.status, PageStatus::Failed { .. }))
    }

    /// True when no page failed (the command's exit status).
    pub fn is_success(&self) -> bool {
        self.failures().next().is_none()
    }
}

/// The URL a page is downloaded from: the markdown export (`<url>.md`) or the page itself,
/// with scheme and host replaced by `base_override` when set.
pub fn page_url(page: &Page, cfg: &FetchConfig) -> String {
    let url = match page.form {
        Form::Markdown => format!("{}.md", page.url.trim_end_matches('/')),
        Form::Rendered => page.url.clone(),
    };
    match &cfg.base_override {
        None => url,
        Some(base) => {
            let after_scheme = url.find("://").map_or(0, |i| i + 3);
            let path = url[after_scheme..].find('/').map_or("", |i| &url[after_scheme + i..]);
            format!("{}{path}", base.trim_end_matches('/'))
        }
    }
}

/// Reads `specs/sources.toml` under `root` and fetches every page into `root/specs/`.
pub fn run(root: &Path, cfg: &FetchConfig, out: &mut impl Write) -> anyhow::Result<FetchReport> {
    let manifest = root.join("specs/sources.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| format!("cannot read {}", manifest.display()))?;
    let pages = crate::sources::parse("specs/sources.toml", &text)
        .map_err(|d| anyhow::anyhow!("the manifest has problems, so no page was fetched:\n{d}"))?;
    Ok(fetch_all(&root.join("specs"), &pages, cfg, out))
}

/// Downloads every page into `specs_dir/<snapshot>`, writing one progress line per page and a
/// summary to `out`. Failed pages keep their snapshot and are listed in the report.
pub fn fetch_all(specs_dir: &Path, pages: &[Page], cfg: &FetchConfig, out: &mut impl Write) -> FetchReport {
    let mut report = FetchReport::default();
    let client = build_client(cfg);
    for (i, page) in pages.iter().enumerate() {
        let url = page_url(page, cfg);
        let status = match &client {
            Ok(client) => fetch_page(client, specs_dir, page, &url, cfg),
            Err(reason) => PageStatus::Failed { reason: reason.clone(), attempts: 0 },
        };
        let form = match page.form {
            Form::Markdown => "markdown",
            Form::Rendered => "rendered",
        };
        let what = match &status {
            PageStatus::Updated { bytes } => format!("updated ({bytes} bytes)"),
            PageStatus::Unchanged => "unchanged".to_string(),
            PageStatus::Kept { reason } => format!("kept as is: {reason}"),
            PageStatus::Failed { reason, attempts } => {
                format!("FAILED after {attempts} attempt(s): {reason}")
            }
        };
        let _ = writeln!(out, "[{}/{}] {} ({form}) {url} → {}: {what}", i + 1, pages.len(), page.slug, page.file());
        report.outcomes.push(PageOutcome { slug: page.slug.clone(), form: page.form, url, file: page.file(), status });
    }
    let count = |f: fn(&PageStatus) -> bool| report.outcomes.iter().filter(|o| f(&o.status)).count();
    let _ = writeln!(
        out,
        "fetch: {} updated, {} unchanged, {} kept, {} failed",
        count(|s| matches!(s, PageStatus::Updated { .. })),
        count(|s| matches!(s, PageStatus::Unchanged)),
        count(|s| matches!(s, PageStatus::Kept { .. })),
        count(|s| matches!(s, PageStatus::Failed { .. })),
    );
    for f in report.failures() {
        let _ = writeln!(out, "error: {} not refreshed ({}); the snapshot is unchanged", f.file, f.url);
    }
    report
}

fn build_client(cfg: &FetchConfig) -> Result<reqwest::blocking::Client, String> {
    let mut builder = reqwest::blocking::Client::builder()
        .timeout(cfg.timeout)
        .connect_timeout(cfg.timeout)
        .user_agent(concat!("make-codegen-xtask/", env!("CARGO_PKG_VERSION")));
    if cfg.base_override.is_some() {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| format!("cannot build the HTTP client: {}", error_chain(&e)))
}

/// Fetches, validates and writes one page.
fn fetch_page(
    client: &reqwest::blocking::Client,
    specs_dir: &Path,
    page: &Page,
    url: &str,
    cfg: &FetchConfig,
) -> PageStatus {
    let rel = Path::new(&page.snapshot);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return PageStatus::Failed {
            reason: format!("snapshot `{}` is not a path inside specs/", page.snapshot),
            attempts: 0,
        };
    }
    let (body, content_type, attempts) = match download(client, url, cfg) {
        Ok(ok) => ok,
        Err((reason, attempts)) => return PageStatus::Failed { reason, attempts },
    };
    let failed = |reason: String| PageStatus::Failed { reason, attempts };
    if body.is_empty() {
        return failed("empty body".into());
    }
    let Ok(text) = String::from_utf8(body) else {
        return failed("body is not UTF-8 text".into());
    };
    match page.form {
        Form::Markdown if !text.lines().any(|l| l.starts_with("## ")) => {
            return failed("no `## ` heading: not a markdown export".into());
        }
        Form::Rendered if looks_like_html(&content_type, &text) => {
            return PageStatus::Kept {
                reason: "the server sent HTML; the snapshot holds the page text, so copy it by hand".into(),
            };
        }
        _ => {}
    }
    let target = specs_dir.join(rel);
    if std::fs::read(&target).is_ok_and(|old| old == text.as_bytes()) {
        return PageStatus::Unchanged;
    }
    match write_atomically(&target, text.as_bytes()) {
        Ok(()) => PageStatus::Updated { bytes: text.len() },
        Err(e) => failed(format!("cannot write {}: {e}", target.display())),
    }
}

fn looks_like_html(content_type: &str, text: &str) -> bool {
    let head: String = text.trim_start().chars().take(15).collect::<String>().to_ascii_lowercase();
    content_type.to_ascii_lowercase().starts_with("text/html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
}

/// GETs `url` with retries. `Ok((body, content type, attempts))` for a complete 2xx body,
/// `Err((last error, attempts))` otherwise.
fn download(
    client: &reqwest::blocking::Client,
    url: &str,
    cfg: &FetchConfig,
) -> Result<(Vec<u8>, String, u32), (String, u32)> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (reason, retryable) = match try_once(client, url) {
            Ok((body, ct)) => return Ok((body, ct, attempt)),
            Err(e) => e,
        };
        if !retryable || attempt > cfg.retries {
            return Err((reason, attempt));
        }
        let factor = 1u32.checked_shl(attempt - 1).unwrap_or(u32::MAX);
        std::thread::sleep(cfg.backoff.saturating_mul(factor).min(Duration::from_secs(30)));
    }
}

/// One request. `Err((reason, retryable))`.
fn try_once(client: &reqwest::blocking::Client, url: &str) -> Result<(Vec<u8>, String), (String, bool)> {
    let resp = client.get(url).send().map_err(|e| (request_error(&e), true))?;
    let status = resp.status();
    if !status.is_success() {
        let retryable = status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
        return Err((format!("HTTP {status}"), retryable));
    }
    let header =
        |name: reqwest::header::HeaderName| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
    let expected = header(reqwest::header::CONTENT_LENGTH).and_then(|v| v.trim().parse::<usize>().ok());
    let body = resp.bytes().map_err(|e| (format!("incomplete body: {}", request_error(&e)), true))?;
    if let Some(n) = expected.filter(|n| *n != body.len()) {
        return Err((format!("truncated body: {} of {n} bytes", body.len()), true));
    }
    Ok((body.to_vec(), content_type))
}

fn request_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out: "
    } else if e.is_connect() {
        "cannot connect: "
    } else {
        ""
    };
    format!("{kind}{}", error_chain(e))
}

/// The error and its sources, `: `-separated.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text = format!("{text}: {s_text}");
        }
        source = s.source();
    }
    text
}

/// Writes `bytes` to a temporary file next to `target`, syncs it, and renames it over `target`.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.fetch-tmp"));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
