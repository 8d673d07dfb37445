//! `cargo xtask fetch [--discover]`: downloads the pages of the sources manifest into their
//! snapshots under `specs/`; with `--discover`, first reads the docs' page index and adds a
//! `[[page]]` entry for every API-reference page the manifest lacks.
//!
//! - Polite and bounded ([`http`]): at most [`FetchConfig::concurrency`] requests at once, a
//!   `User-Agent` naming the project, timeouts, retries with backoff honouring `Retry-After`, and
//!   conditional requests with the validators of the last download (`specs/fetch-validators.toml`),
//!   so an unchanged page is not downloaded again.
//! - Markdown pages are fetched from the page URL plus `.md` (the docs' markdown export) and must
//!   contain at least one `## ` heading. Leading `# Source: <url>` lines that mirrors add are not
//!   page content and are dropped before anything is compared or written.
//! - Rendered pages are fetched from the page URL as is. Their snapshot is the page's *text*,
//!   which cannot be recovered faithfully from the HTML the site serves, so an HTML answer leaves
//!   the snapshot as it was ([`PageStatus::Kept`], not a failure).
//! - A body is accepted only when complete: non-empty, UTF-8, and exactly `Content-Length` bytes
//!   when the server sent one. A page that fails keeps its old snapshot and is listed.
//! - Discovery ([`discover`]): pages are matched on their URL path. A manifest page the index
//!   lists is fetched from the listed URL (a mirror works the same); one it no longer lists is
//!   reported as vanished — never deleted, and not fetched. A new page is added only when it
//!   downloads and holds API operations; new entries are appended to the manifest, so its
//!   comments and formatting stay.
//! - Everything a run writes (snapshots, manifest, validators) is written at the end, all or
//!   nothing ([`crate::files::apply`]); a run that was killed is finished or rolled back by the
//!   next one.

pub mod discover;
pub mod http;
mod report;
pub mod validators;

use std::io::Write;
use std::path::{Component, Path};
use std::time::Duration;

use anyhow::Context as _;
use reqwest::Url;

use crate::files::{self, Output};
use crate::paths::{SOURCES_FILE, SPECS_DIR, VALIDATORS_FILE};
use crate::sources::{Form, Manifest, Page};
use http::Got;
pub use report::{FetchReport, PageOutcome, PageStatus};
use report::{line, summary};

/// How pages are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// Timeout of one request, connect to last body byte.
    pub timeout: Duration,
    /// Retries after the first attempt (so `retries + 1` attempts at most).
    pub retries: u32,
    /// Wait before the first retry when the server does not say; doubled for each further retry
    /// (capped at 30 s).
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more fails the page at once.
    pub max_retry_after: Duration,
    /// Requests in flight at once (at least 1).
    pub concurrency: usize,
    /// Replaces scheme, host and port of every URL requested — pages and indexes — keeping the
    /// path (`--mirror http://127.0.0.1:8080`: a local copy of the site); system proxies are not
    /// used then. Manifest entries keep their URLs.
    pub base_override: Option<String>,
    /// Read the page index first and add the API-reference pages the manifest lacks.
    pub discover: bool,
    /// Index URLs to read instead of the manifest's `[discover] index`.
    pub indexes: Vec<String>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(120),
            concurrency: 4,
            base_override: None,
            discover: false,
            indexes: Vec::new(),
        }
    }
}

/// The URL a page is downloaded from: `url` (the page's, or where the index lists it) as the
/// markdown export (`<url>.md`) or as is, with scheme and host replaced by `base_override`.
pub fn download_url(url: &str, form: Form, cfg: &FetchConfig) -> Result<String, String> {
    let mut url = Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    if form == Form::Markdown {
        let path = format!("{}.md", url.path().trim_end_matches('/'));
        url.set_path(&path);
    }
    Ok(mirrored(&url, cfg)?.to_string())
}

/// `url` on the mirror (`cfg.base_override`) when there is one: same path and query.
pub fn mirrored(url: &Url, cfg: &FetchConfig) -> Result<Url, String> {
    let Some(base) = &cfg.base_override else { return Ok(url.clone()) };
    let mut mirrored = Url::parse(base).map_err(|e| format!("mirror `{base}` is not a URL: {e}"))?;
    mirrored.set_path(url.path());
    mirrored.set_query(url.query());
    Ok(mirrored)
}

/// [`download_url`] of a manifest page (the page URL in the manifest).
pub fn page_url(page: &Page, cfg: &FetchConfig) -> String {
    download_url(&page.url, page.form, cfg).unwrap_or_else(|_| page.url.clone())
}

/// One page to download.
struct Job {
    page: Page,
    /// Where the page lives (the manifest's URL, or where the index lists it).
    url: String,
    /// A page discovery found, not in the manifest yet.
    new: bool,
}

/// One page downloaded: its outcome and what to write.
struct Fetched {
    outcome: PageOutcome,
    /// The snapshot path, relative to `specs/`.
    snapshot: String,
    /// The snapshot's new contents, when it changes.
    write: Option<String>,
    /// The validators to store for the snapshot (`None`: keep what is stored).
    store: Option<Option<validators::Entry>>,
}

/// Reads `specs/sources.toml` under `root` and fetches its pages into `root/specs/` (with
/// `cfg.discover`, discovering pages first). An interrupted earlier write is recovered first.
/// Errors: the manifest or validators file is malformed, an index cannot be read or parsed
/// (located; nothing is written), or writing failed.
pub fn run(root: &Path, cfg: &FetchConfig, out: &mut dyn Write) -> anyhow::Result<FetchReport> {
    if let Some(recovery) = crate::journal::recover(root)? {
        writeln!(out, "{recovery}")?;
    }
    let text =
        std::fs::read_to_string(root.join(SOURCES_FILE)).with_context(|| format!("cannot read {SOURCES_FILE}"))?;
    let manifest = crate::sources::parse_manifest(SOURCES_FILE, &text)
        .map_err(|d| anyhow::anyhow!("the manifest has problems, so no page was fetched:\n{d}"))?;
    if cfg.discover {
        discover_and_fetch(root, &text, &manifest, cfg, out)
    } else {
        fetch_all(root, &manifest.page, cfg, out)
    }
}

/// Downloads every page of `pages` into `root/specs/<snapshot>`, writing one progress line per
/// page and a summary to `out`; failed pages keep their snapshot and are listed in the report.
/// Errors only when the validators file is malformed or writing failed (nothing is written).
pub fn fetch_all(root: &Path, pages: &[Page], cfg: &FetchConfig, out: &mut dyn Write) -> anyhow::Result<FetchReport> {
    let stored = read_validators(root)?;
    let jobs: Vec<Job> = pages.iter().map(|p| Job { page: p.clone(), url: p.url.clone(), new: false }).collect();
    let fetched = match http::client(cfg) {
        Ok(client) => fetch_jobs(&client, root, &jobs, &stored, cfg, out),
        Err(reason) => jobs.iter().map(|j| failed(j, &j.url, reason.clone(), 0)).collect(),
    };
    write(root, pages, &fetched, stored, None)?;
    let report = FetchReport { outcomes: fetched.into_iter().map(|f| f.outcome).collect(), outside: 0 };
    summary(&report, false, out)?;
    Ok(report)
}

/// `fetch --discover`: reads the index, fetches the manifest pages it lists and the new pages
/// under the prefixes, appends an entry for each new page that downloaded and holds operations,
/// and reports vanished and conflicting pages.
fn discover_and_fetch(
    root: &Path,
    text: &str,
    manifest: &Manifest,
    cfg: &FetchConfig,
    out: &mut dyn Write,
) -> anyhow::Result<FetchReport> {
    let config = manifest.discover.clone().unwrap_or_default();
    let indexes = if cfg.indexes.is_empty() { &config.index } else { &cfg.indexes };
    anyhow::ensure!(
        !indexes.is_empty() && !config.prefixes.is_empty(),
        "{SOURCES_FILE}: `--discover` needs a [discover] table with `index` (or `--index URL`) and `prefixes`"
    );
    let stored = read_validators(root)?;
    let client = http::client(cfg).map_err(anyhow::Error::msg)?;
    let found = discover::read_all(&client, indexes, cfg).map_err(|e| anyhow::anyhow!("{e}; nothing was written"))?;
    let plan = discover::plan(&manifest.page, &found, &config.prefixes);
    let known = plan.known.iter().filter_map(|(i, url)| manifest.page.get(*i).map(|p| (p, url.to_string())));
    let mut jobs: Vec<Job> = known.map(|(p, url)| Job { page: p.clone(), url, new: false }).collect();
    jobs.extend(plan.new.iter().map(|p| Job { page: p.clone(), url: p.url.clone(), new: true }));
    let fetched = fetch_jobs(&client, root, &jobs, &stored, cfg, out);

    let mut listed = Vec::new();
    for p in plan.vanished.iter().filter_map(|i| manifest.page.get(*i)) {
        let (slug, form, url, file) = (p.slug.clone(), p.form, p.url.clone(), p.file());
        listed.push(PageOutcome { slug, form, url, file, status: PageStatus::Vanished });
    }
    for (url, reason) in &plan.conflicts {
        let status = PageStatus::Skipped { reason: reason.clone() };
        listed.push(PageOutcome {
            slug: String::new(),
            form: Form::Markdown,
            url: url.clone(),
            file: String::new(),
            status,
        });
    }
    for outcome in &listed {
        writeln!(out, "{}", line(None, outcome))?;
    }

    let added: Vec<Page> = jobs
        .iter()
        .zip(&fetched)
        .filter(|(_, f)| matches!(f.outcome.status, PageStatus::Added { .. }))
        .map(|(j, _)| j.page.clone())
        .collect();
    let new_text = (!added.is_empty()).then(|| crate::sources::append_pages(text, &added));
    if let Some(new_text) = &new_text {
        // The appended text must read back as the old manifest plus the new pages.
        let reread = crate::sources::parse(SOURCES_FILE, new_text).map_err(|d| anyhow::anyhow!("{d}"))?;
        anyhow::ensure!(
            reread.len() == manifest.page.len() + added.len(),
            "{SOURCES_FILE}: appended entries do not read back"
        );
    }
    let all_pages: Vec<Page> = manifest.page.iter().cloned().chain(added).collect();
    write(root, &all_pages, &fetched, stored, new_text)?;
    let mut outcomes: Vec<PageOutcome> = fetched.into_iter().map(|f| f.outcome).collect();
    outcomes.extend(listed);
    let report = FetchReport { outcomes, outside: plan.outside };
    summary(&report, true, out)?;
    Ok(report)
}

/// Downloads the jobs, at most `cfg.concurrency` at once; prints a line per page as it finishes.
fn fetch_jobs(
    client: &reqwest::blocking::Client,
    root: &Path,
    jobs: &[Job],
    stored: &validators::Table,
    cfg: &FetchConfig,
    out: &mut dyn Write,
) -> Vec<Fetched> {
    let specs = root.join(SPECS_DIR);
    let progress = crate::progress::start("fetch", jobs.len());
    let mut finished = 0;
    parallel(
        jobs,
        cfg.concurrency,
        |job| fetch_one(client, &specs, job, stored, cfg),
        |f| {
            finished += 1;
            progress.done(out, &line(Some((finished, jobs.len())), &f.outcome));
        },
    )
}

fn read_validators(root: &Path) -> anyhow::Result<validators::Table> {
    match std::fs::read_to_string(root.join(VALIDATORS_FILE)) {
        Ok(text) => validators::parse(&text).map_err(|d| anyhow::anyhow!("{d}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(validators::Table::new()),
        Err(e) => Err(anyhow::anyhow!("cannot read {VALIDATORS_FILE}: {e}")),
    }
}

/// Runs `work` on every item on at most `limit` threads; `done` sees each result on this thread
/// as it comes in. Results are returned in item order.
fn parallel<T: Sync, R: Send>(
    items: &[T],
    limit: usize,
    work: impl Fn(&T) -> R + Sync,
    mut done: impl FnMut(&R),
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..limit.clamp(1, items.len().max(1)) {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            done(&result);
            if let Some(slot) = results.get_mut(i) {
                *slot = Some(result);
            }
        }
    });
    results.into_iter().flatten().collect()
}

fn failed(job: &Job, url: &str, reason: String, attempts: u32) -> Fetched {
    nothing_to_write(job, url, PageStatus::Failed { reason, attempts })
}

/// A page whose snapshot and validators stay as they are.
fn nothing_to_write(job: &Job, url: &str, status: PageStatus) -> Fetched {
    Fetched { outcome: outcome(job, url, status), snapshot: job.page.snapshot.clone(), write: None, store: None }
}

fn outcome(job: &Job, url: &str, status: PageStatus) -> PageOutcome {
    PageOutcome {
        slug: job.page.slug.clone(),
        form: job.page.form,
        url: url.to_string(),
        file: job.page.file(),
        status,
    }
}

/// Fetches and validates one page; nothing is written here.
fn fetch_one(
    client: &reqwest::blocking::Client,
    specs: &Path,
    job: &Job,
    stored: &validators::Table,
    cfg: &FetchConfig,
) -> Fetched {
    let page = &job.page;
    if Path::new(&page.snapshot).components().any(|c| !matches!(c, Component::Normal(_))) {
        let reason = format!("snapshot `{}` is not a path inside specs/", page.snapshot);
        return failed(job, &job.url, reason, 0);
    }
    let url = match download_url(&job.url, page.form, cfg) {
        Ok(url) => url,
        Err(reason) => return failed(job, &job.url, reason, 0),
    };
    let target = specs.join(&page.snapshot);
    let old = std::fs::read(&target).ok();
    // Validators are sent only while the snapshot they describe is there.
    let conditional = stored.get(&page.snapshot).filter(|_| old.is_some()).and_then(|e| e.for_url(&url));
    let (bytes, content_type, validators, attempts) = match http::get(client, &url, conditional.as_ref(), cfg) {
        Ok((Got::NotModified, _)) => return nothing_to_write(job, &url, PageStatus::NotModified),
        Ok((Got::Body { bytes, content_type, validators }, attempts)) => (bytes, content_type, validators, attempts),
        Err(f) => return failed(job, &url, f.reason, f.attempts),
    };
    let fail = |reason: &str| failed(job, &url, reason.to_string(), attempts);
    let Ok(text) = String::from_utf8(bytes) else {
        return fail("body is not UTF-8 text");
    };
    let text = strip_mirror_header(&text);
    if text.trim().is_empty() {
        return fail("empty body");
    }
    match page.form {
        Form::Markdown if !text.lines().any(|l| l.starts_with("## ")) => {
            return fail("no `## ` heading: not a markdown export");
        }
        Form::Rendered if looks_like_html(&content_type, text) => {
            let reason = "the server sent HTML; the snapshot holds the page text, so copy it by hand".to_string();
            return nothing_to_write(job, &url, PageStatus::Kept { reason });
        }
        _ => {}
    }
    if job.new {
        match crate::extract::extract_page(page, text) {
            Err(d) => {
                let first = d.0.first().map_or_else(|| "cannot be read".to_string(), ToString::to_string);
                return fail(&format!("{first} ({} problem(s)); not added", d.0.len()));
            }
            Ok(e) if e.endpoints.is_empty() => {
                let reason = "no API operations on the page (no ```json fragment); not added".to_string();
                return nothing_to_write(job, &url, PageStatus::Skipped { reason });
            }
            Ok(_) => {}
        }
    }
    let store = Some(validators::Entry::new(&url, &validators));
    let (status, write) = if job.new {
        (PageStatus::Added { bytes: text.len() }, Some(text.to_string()))
    } else if old.as_deref() == Some(text.as_bytes()) {
        (PageStatus::Unchanged, None)
    } else {
        (PageStatus::Updated { bytes: text.len() }, Some(text.to_string()))
    };
    Fetched { outcome: outcome(job, &url, status), snapshot: page.snapshot.clone(), write, store }
}

/// The text without the leading `# Source: <url>` lines (and the blank lines after them) that
/// mirrors put before a page.
pub fn strip_mirror_header(text: &str) -> &str {
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut stripped = false;
    loop {
        let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let first = first.trim_end_matches('\r');
        if first.starts_with("# Source: ") || (stripped && first.trim().is_empty() && !after.is_empty()) {
            stripped = true;
            rest = after;
        } else {
            return rest;
        }
    }
}

fn looks_like_html(content_type: &str, text: &str) -> bool {
    let head: String = text.trim_start().chars().take(15).collect::<String>().to_ascii_lowercase();
    content_type.to_ascii_lowercase().starts_with("text/html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
}

/// Writes every changed snapshot, the validators of `pages` and (when pages were added) the new
/// manifest text, all or nothing.
fn write(
    root: &Path,
    pages: &[Page],
    fetched: &[Fetched],
    mut table: validators::Table,
    manifest: Option<String>,
) -> anyhow::Result<()> {
    table.retain(|snapshot, _| pages.iter().any(|p| &p.snapshot == snapshot));
    let mut outputs = Vec::new();
    for f in fetched {
        match &f.store {
            Some(Some(entry)) => {
                table.insert(f.snapshot.clone(), entry.clone());
            }
            Some(None) => {
                table.remove(&f.snapshot);
            }
            None => {}
        }
        if let Some(contents) = &f.write {
            outputs.push(Output { path: f.outcome.file.clone(), contents: contents.clone() });
        }
    }
    if !table.is_empty() || root.join(VALIDATORS_FILE).exists() {
        outputs.push(Output { path: VALIDATORS_FILE.to_string(), contents: validators::render(&table) });
    }
    if let Some(text) = manifest {
        outputs.push(Output { path: SOURCES_FILE.to_string(), contents: text });
    }
    let plan = files::plan(root, &outputs, &[])?;
    if !plan.is_clean() {
        files::apply(root, &plan).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_headers_are_not_page_content() {
        let cases = [
            ("# Source: https://h/p.md\n\n# MMS\n\n## A\n", "# MMS\n\n## A\n"),
            ("\u{feff}# Source: https://h/p.md\r\n# Source: https://m/p.md\r\n\r\n# T\n", "# T\n"),
            ("# MMS\n# Source: https://h/p.md\n", "# MMS\n# Source: https://h/p.md\n"),
            ("# Sources of truth\n", "# Sources of truth\n"),
            ("# Source: https://h/p.md\n", ""),
        ];
        for (text, want) in cases {
            assert_eq!(strip_mirror_header(text), want, "{text:?}");
        }
    }

    #[test]
    fn download_urls_join_paths_not_strings() {
        let cfg =
            FetchConfig { base_override: Some("http://127.0.0.1:9/ignored/path".into()), ..FetchConfig::default() };
        let cases = [
            ("https://d.com/api/ref/mms", Form::Markdown, None, "https://d.com/api/ref/mms.md"),
            ("https://d.com/api/ref/mms/", Form::Markdown, None, "https://d.com/api/ref/mms.md"),
            ("https://d.com/api/ref/mms", Form::Rendered, None, "https://d.com/api/ref/mms"),
            ("https://d.com/a/b?x=1", Form::Rendered, Some(&cfg), "http://127.0.0.1:9/a/b?x=1"),
            ("https://d.com/a/b", Form::Markdown, Some(&cfg), "http://127.0.0.1:9/a/b.md"),
        ];
        let plain = FetchConfig::default();
        for (url, form, cfg, want) in cases {
            assert_eq!(download_url(url, form, cfg.unwrap_or(&plain)).as_deref(), Ok(want), "{url}");
        }
        assert!(download_url("not a url", Form::Markdown, &plain).is_err());
    }
}
