//! Fetching is polite and bounded, against a server on 127.0.0.1: conditional requests (304 keeps
//! the snapshot, no body downloaded), `Retry-After` on 429, a 404 reported with the old snapshot
//! kept, a malformed sitemap located with nothing written, 1,000 pages never more than the
//! concurrency limit in flight, vanished and operation-less pages reported, not written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod site;

use std::path::Path;
use std::time::{Duration, Instant};

use site::{Reply, Site, urlset};
use xtask::fetch::{FetchConfig, PageStatus, run};
use xtask::sources::{self, Form, Page};

const PREFIX: &str = "/docs/reference/";

/// A one-operation markdown export titled `name`.
fn markdown(name: &str) -> String {
    format!(
        "# {name}\n\n## List {name}\n\n> Lists {name}.\n\n```json\n{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\
         \"paths\":{{\"/{name}\":{{\"get\":{{\"responses\":{{\"200\":{{\"description\":\"ok\"}}}}}}}}}}}}\n```\n"
    )
}

fn page(slug: &str, site: &Site) -> Page {
    Page {
        slug: slug.into(),
        url: site.url(&format!("{PREFIX}{slug}")),
        snapshot: format!("pages/{slug}.md"),
        form: Form::Markdown,
    }
}

/// A temporary repository whose manifest lists `pages` (each snapshot `OLD <slug>`) and, with
/// `index`, a `[discover]` table reading it.
fn repo(pages: &[Page], index: Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs/pages")).unwrap();
    let mut text = String::from("# test manifest\n");
    if let Some(index) = index {
        text.push_str(&format!("[discover]\nindex = [\"{index}\"]\nprefixes = [\"{PREFIX}\"]\n"));
    }
    std::fs::write(dir.path().join("specs/sources.toml"), sources::append_pages(&text, pages)).unwrap();
    for p in pages {
        std::fs::write(dir.path().join("specs").join(&p.snapshot), format!("OLD {}", p.slug)).unwrap();
    }
    dir
}

fn cfg() -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(10),
        retries: 2,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

fn discover() -> FetchConfig {
    FetchConfig { discover: true, ..cfg() }
}

fn snapshot(root: &Path, p: &Page) -> String {
    std::fs::read_to_string(root.join("specs").join(&p.snapshot)).unwrap()
}

#[test]
fn an_unchanged_page_is_not_downloaded_again() {
    let site = Site::start(|r| Reply::conditional(r, "\"v1\"", "text/markdown", markdown("things")));
    let pages = [page("things", &site)];
    let repo = repo(&pages, None);
    let root = repo.path();

    let first = run(root, &cfg(), &mut Vec::new()).unwrap();
    assert!(matches!(first.outcomes[0].status, PageStatus::Updated { .. }), "{first:?}");
    assert!(std::fs::read_to_string(root.join("specs/fetch-validators.toml")).unwrap().contains("etag = '\"v1\"'"));
    let written = std::fs::metadata(root.join("specs/pages/things.md")).unwrap().modified().unwrap();
    let sent = site.body_bytes();

    let mut out = Vec::new();
    let second = run(root, &cfg(), &mut out).unwrap();
    assert_eq!(second.outcomes[0].status, PageStatus::NotModified, "{}", String::from_utf8_lossy(&out));
    let hits = site.hits("/docs/reference/things.md");
    assert_eq!(hits[1].headers.get("if-none-match").map(String::as_str), Some("\"v1\""));
    assert_eq!(site.body_bytes(), sent, "no body was downloaded");
    assert_eq!(snapshot(root, &pages[0]), markdown("things"));
    assert_eq!(
        std::fs::metadata(root.join("specs/pages/things.md")).unwrap().modified().unwrap(),
        written,
        "untouched"
    );

    // Without its snapshot, a page is downloaded in full again (no validators sent).
    std::fs::remove_file(root.join("specs/pages/things.md")).unwrap();
    let third = run(root, &cfg(), &mut Vec::new()).unwrap();
    assert!(matches!(third.outcomes[0].status, PageStatus::Updated { .. }), "{third:?}");
    assert!(!site.hits("/docs/reference/things.md")[2].headers.contains_key("if-none-match"));
    assert_eq!(snapshot(root, &pages[0]), markdown("things"));
}

#[test]
fn too_many_requests_waits_as_retry_after_says() {
    let site = Site::start(|r| match r.hit {
        1 => Reply::status(429).header("Retry-After", "1"),
        _ => Reply::ok("text/markdown", markdown("busy")),
    });
    let pages = [page("busy", &site)];
    let repo = repo(&pages, None);
    let start = Instant::now();
    let report = run(repo.path(), &cfg(), &mut Vec::new()).unwrap();
    assert!(report.is_success(), "{report:?}");
    let hits = site.hits("/docs/reference/busy.md");
    assert_eq!(hits.len(), 2);
    let waited = hits[1].at.duration_since(hits[0].at);
    assert!(waited >= Duration::from_millis(950), "retried after {waited:?}, not the 1 s the server asked for");
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(snapshot(repo.path(), &pages[0]), markdown("busy"));
}

#[test]
fn a_retry_after_beyond_the_limit_fails_at_once() {
    let site = Site::start(|_| Reply::status(429).header("Retry-After", "3600"));
    let pages = [page("busy", &site)];
    let repo = repo(&pages, None);
    let config = FetchConfig { max_retry_after: Duration::from_secs(5), ..cfg() };
    let report = run(repo.path(), &config, &mut Vec::new()).unwrap();
    match &report.outcomes[0].status {
        PageStatus::Failed { reason, attempts: 1 } => assert!(reason.contains("retry after 3600 s"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(repo.path(), &pages[0]), "OLD busy");
}

#[test]
fn a_page_that_404s_is_reported_and_keeps_its_snapshot() {
    let site = Site::start(|r| {
        let o = site::origin(r);
        match r.path.as_str() {
            "/sitemap.xml" => Reply::ok(
                "application/xml",
                urlset(&[format!("{o}{PREFIX}gone"), format!("{o}{PREFIX}new-gone"), format!("{o}{PREFIX}fine")]),
            ),
            "/docs/reference/fine.md" => Reply::ok("text/markdown", markdown("fine")),
            _ => Reply::status(404),
        }
    });
    let pages = [page("gone", &site)];
    let repo = repo(&pages, Some(site.url("/sitemap.xml")));
    let root = repo.path();
    let mut out = Vec::new();
    let report = run(root, &discover(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(!report.is_success());
    let failed: Vec<(&str, &str)> = report.failures().map(|f| (f.slug.as_str(), f.file.as_str())).collect();
    assert_eq!(failed, [("gone", "specs/pages/gone.md"), ("new-gone", "specs/pages/new-gone.md")], "{out}");
    assert!(out.contains("error: specs/pages/gone.md not refreshed"), "{out}");
    assert_eq!(snapshot(root, &pages[0]), "OLD gone", "the old snapshot is kept");
    assert_eq!(site.hits("/docs/reference/gone.md").len(), 1, "a 404 is not retried");
    // The page that failed is not added; the one that downloaded is.
    let listed =
        sources::parse("specs/sources.toml", &std::fs::read_to_string(root.join("specs/sources.toml")).unwrap())
            .unwrap();
    let slugs: Vec<&str> = listed.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["gone", "fine"]);
    assert!(!root.join("specs/pages/new-gone.md").exists());
}

#[test]
fn a_malformed_sitemap_is_located_and_nothing_is_written() {
    let site = Site::start(|r| {
        let o = site::origin(r);
        match r.path.as_str() {
            "/sitemap.xml" => {
                Reply::ok("application/xml", site::sitemap_index(&[format!("{o}/a.xml"), format!("{o}/b.xml")]))
            }
            "/a.xml" => Reply::ok("application/xml", urlset(&[format!("{o}{PREFIX}fine")])),
            "/b.xml" => Reply::ok(
                "application/xml",
                "<urlset>\n  <url><loc>https://h/x</loc></url>\n  <url><loc>https://h/y</url>\n</urlset>\n",
            ),
            "/docs/reference/fine.md" => Reply::ok("text/markdown", markdown("fine")),
            _ => Reply::status(404),
        }
    });
    let pages = [page("old", &site)];
    let repo = repo(&pages, Some(site.url("/sitemap.xml")));
    let before = site::support::snapshot(repo.path());
    let err = run(repo.path(), &discover(), &mut Vec::new()).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}:3:", site.url("/b.xml"))), "{err}");
    assert!(err.contains("malformed XML") && err.ends_with("nothing was written"), "{err}");
    assert_eq!(site::support::snapshot(repo.path()), before);
    assert!(site.hits("/docs/reference/fine.md").is_empty(), "no page is fetched from a partial index");
}

#[test]
fn a_thousand_pages_are_fetched_never_more_than_the_limit_at_once() {
    const PAGES: usize = 1000;
    let site = Site::start(|r| {
        let o = site::origin(r);
        if r.path == "/sitemap.xml" {
            let urls: Vec<String> = (0..PAGES).map(|i| format!("{o}{PREFIX}p{i:04}")).collect();
            return Reply::ok("application/xml", urlset(&urls));
        }
        match r.path.strip_prefix(PREFIX).and_then(|p| p.strip_suffix(".md")) {
            Some(name) => Reply::ok("text/markdown", markdown(name)).delayed(Duration::from_millis(5)),
            None => Reply::status(404),
        }
    });
    let repo = repo(&[], Some(site.url("/sitemap.xml")));
    let config = FetchConfig { concurrency: 4, ..discover() };
    let report = run(repo.path(), &config, &mut Vec::new()).unwrap();
    let added = report.outcomes.iter().filter(|o| matches!(o.status, PageStatus::Added { .. })).count();
    assert_eq!(added, PAGES, "{:?}", report.failures().next());
    assert!(site.max_in_flight() <= 4, "{} requests in flight at once", site.max_in_flight());
    assert!(site.max_in_flight() >= 2, "pages are fetched in parallel");
    let text = std::fs::read_to_string(repo.path().join("specs/sources.toml")).unwrap();
    assert_eq!(sources::parse("specs/sources.toml", &text).unwrap().len(), PAGES);
    assert_eq!(std::fs::read_to_string(repo.path().join("specs/pages/p0999.md")).unwrap(), markdown("p0999"));
}

#[test]
fn vanished_and_operation_less_pages_are_reported_not_written() {
    let site = Site::start(|r| {
        let o = site::origin(r);
        match r.path.as_str() {
            "/llms.txt" => Reply::ok(
                "text/plain",
                format!(
                    "# Docs\n\n- [Kept]({o}{PREFIX}kept.md)\n- [Intro]({o}{PREFIX}intro.md)\n- [Blog]({o}/blog/post.md)\n"
                ),
            ),
            "/docs/reference/kept.md" => Reply::ok("text/markdown", markdown("kept")),
            "/docs/reference/intro.md" => Reply::ok("text/markdown", "# Intro\n\n## Welcome\n\nNo endpoints here.\n"),
            _ => Reply::status(404),
        }
    });
    let pages = [page("kept", &site), page("left", &site)];
    let repo = repo(&pages, Some(site.url("/llms.txt")));
    let root = repo.path();
    let manifest_before = std::fs::read_to_string(root.join("specs/sources.toml")).unwrap();
    let mut out = Vec::new();
    let report = run(root, &discover(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(report.is_success(), "{out}");
    let status = |slug: &str| report.outcomes.iter().find(|o| o.slug == slug).map(|o| o.status.clone());
    assert_eq!(status("left"), Some(PageStatus::Vanished));
    assert!(matches!(status("intro"), Some(PageStatus::Skipped { .. })), "{out}");
    assert!(out.contains("left (markdown)") && out.contains("vanished: no longer in the index"), "{out}");
    assert!(site.hits("/docs/reference/left.md").is_empty(), "a vanished page is not fetched");
    assert!(site.hits("/blog/post.md").is_empty(), "pages outside the prefixes are not fetched");
    assert_eq!(snapshot(root, &pages[1]), "OLD left", "never deleted");
    assert_eq!(std::fs::read_to_string(root.join("specs/sources.toml")).unwrap(), manifest_before);
    assert!(!root.join("specs/pages/intro.md").exists());
    assert!(out.contains("discover: 0 added, 1 skipped, 1 vanished, 1 listed page(s) outside"), "{out}");
}

/// A local copy of a site (`--mirror`) serves the real site's index, which lists the real URLs:
/// pages are matched on their path, fetched from the mirror, and recorded with the real URLs
/// (a relative link resolves against the real index URL).
#[test]
fn a_mirror_serves_the_site_under_its_own_urls() {
    const REAL: &str = "https://docs.example.invalid";
    let site = Site::start(|r| match r.path.as_str() {
        "/sitemap.xml" => {
            Reply::ok("application/xml", urlset(&[format!("{REAL}{PREFIX}kept"), format!("{PREFIX}new")]))
        }
        "/docs/reference/kept.md" => Reply::ok("text/markdown", markdown("kept")),
        "/docs/reference/new.md" => Reply::ok("text/markdown", markdown("new")),
        _ => Reply::status(404),
    });
    let kept = Page {
        slug: "kept".into(),
        url: format!("{REAL}{PREFIX}kept"),
        snapshot: "pages/kept.md".into(),
        form: Form::Markdown,
    };
    let repo = repo(std::slice::from_ref(&kept), Some(format!("{REAL}/sitemap.xml")));
    let root = repo.path();
    let config = FetchConfig { base_override: Some(site.base.clone()), ..discover() };
    let mut out = Vec::new();
    let report = run(root, &config, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(report.is_success(), "{out}");
    assert_eq!(site.hits("/sitemap.xml").len(), 1, "the index is read from the mirror");
    assert_eq!(snapshot(root, &kept), markdown("kept"));
    let listed =
        sources::parse("specs/sources.toml", &std::fs::read_to_string(root.join("specs/sources.toml")).unwrap())
            .unwrap();
    let urls: Vec<&str> = listed.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(urls, [format!("{REAL}{PREFIX}kept"), format!("{REAL}{PREFIX}new")], "{out}");
    assert_eq!(std::fs::read_to_string(root.join("specs/pages/new.md")).unwrap(), markdown("new"));
}
