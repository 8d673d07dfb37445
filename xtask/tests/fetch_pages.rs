//! `xtask::fetch` against a real HTTP/1.1 server on 127.0.0.1 with hand-written responses
//! (so bodies can be truncated), writing into temporary repositories holding copies of the
//! snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod site;

use std::path::Path;
use std::time::Duration;

use site::{Reply, Site};
use xtask::fetch::{FetchConfig, PageStatus, fetch_all, page_url};
use xtask::sources::{Form, Page};

/// A fresh temporary repository whose `specs/` holds `pages/<name>` = `OLD <name>` for each page.
fn temp_specs(pages: &[Page]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs/pages")).unwrap();
    for p in pages {
        std::fs::write(dir.path().join("specs").join(&p.snapshot), format!("OLD {}", p.snapshot)).unwrap();
    }
    dir
}

fn page(slug: &str, form: Form) -> Page {
    let snapshot = match form {
        Form::Markdown => format!("pages/{slug}.md"),
        Form::Rendered => format!("pages/{slug}.rendered.txt"),
    };
    Page { slug: slug.into(), url: format!("https://developers.make.com/api-reference/{slug}"), snapshot, form }
}

fn cfg(server: &Site) -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(5),
        retries: 2,
        backoff: Duration::from_millis(10),
        base_override: Some(server.base.clone()),
        ..FetchConfig::default()
    }
}

fn read(dir: &tempfile::TempDir, p: &Page) -> String {
    std::fs::read_to_string(dir.path().join("specs").join(&p.snapshot)).unwrap()
}

fn markdown(title: &str) -> String {
    format!("# {title}\n\n## GET /{title}\n\n> Lists {title}.\n")
}

#[test]
fn page_urls_use_the_markdown_export_and_the_override() {
    let cases = [
        (Form::Markdown, None, "https://developers.make.com/api-reference/mms.md"),
        (Form::Rendered, None, "https://developers.make.com/api-reference/mms"),
        (Form::Markdown, Some("http://127.0.0.1:9/"), "http://127.0.0.1:9/api-reference/mms.md"),
        (Form::Rendered, Some("http://127.0.0.1:9"), "http://127.0.0.1:9/api-reference/mms"),
    ];
    for (form, base, expected) in cases {
        let cfg = FetchConfig { base_override: base.map(str::to_string), ..FetchConfig::default() };
        assert_eq!(page_url(&page("mms", form), &cfg), expected, "{form:?} {base:?}");
    }
}

#[test]
fn success_writes_markdown_and_rendered_text_pages() {
    let server = Site::start(|r| match r.path.as_str() {
        "/api-reference/mms.md" => Reply::ok("text/markdown", markdown("mms")),
        "/api-reference/mms" => Reply::ok("text/plain; charset=utf-8", "MMS page text"),
        _ => Reply::status(404),
    });
    let pages = [page("mms", Form::Markdown), page("mms", Form::Rendered)];
    let dir = temp_specs(&pages);
    let mut out = Vec::new();
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();

    assert!(report.is_success(), "{report:?}");
    assert_eq!(read(&dir, &pages[0]), markdown("mms"));
    assert_eq!(read(&dir, &pages[1]), "MMS page text");
    assert_eq!(report.outcomes[0].status, PageStatus::Updated { bytes: markdown("mms").len() });
    assert!(out.contains("] mms (markdown)") && out.contains("] mms (rendered)"), "{out}");
    assert!(out.contains("fetch: 2 updated, 0 unchanged, 0 kept, 0 failed"), "{out}");
    assert_eq!(server.hits("/api-reference/mms.md").len(), 1);
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("specs/pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // A second run finds identical bodies and writes nothing.
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
    assert_eq!(report.outcomes[0].status, PageStatus::Unchanged);
}

#[test]
fn not_found_is_reported_not_retried_and_leaves_the_snapshot() {
    let server = Site::start(|r| match r.path.as_str() {
        "/api-reference/good.md" => Reply::ok("text/markdown", markdown("good")),
        _ => Reply::status(404),
    });
    let pages = [page("gone", Form::Markdown), page("good", Form::Markdown)];
    let dir = temp_specs(&pages);
    let mut out = Vec::new();
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();

    assert!(!report.is_success());
    let failed: Vec<&str> = report.failures().map(|f| f.file.as_str()).collect();
    assert_eq!(failed, ["specs/pages/gone.md"]);
    match &report.outcomes[0].status {
        PageStatus::Failed { reason, attempts } => {
            assert!(reason.contains("404"), "{reason}");
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(server.hits("/api-reference/gone.md").len(), 1, "404 must not be retried");
    assert_eq!(read(&dir, &pages[0]), "OLD pages/gone.md");
    assert_eq!(read(&dir, &pages[1]), markdown("good"), "other pages are still fetched");
    assert!(out.contains("error: specs/pages/gone.md not refreshed"), "{out}");
}

#[test]
fn server_error_then_success_is_retried() {
    let server = Site::start(|r| {
        let hit = r.hit;
        if hit == 1 { Reply::status(500) } else { Reply::ok("text/markdown", markdown("orgs")) }
    });
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs(&pages);
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
    assert!(report.is_success(), "{report:?}");
    assert_eq!(server.hits("/api-reference/orgs.md").len(), 2);
    assert_eq!(read(&dir, &pages[0]), markdown("orgs"));
}

#[test]
fn persistent_server_error_fails_after_all_retries() {
    let server = Site::start(|_| Reply::status(503));
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs(&pages);
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
    assert!(matches!(&report.outcomes[0].status, PageStatus::Failed { attempts: 3, reason } if reason.contains("503")));
    assert_eq!(server.hits("/api-reference/orgs.md").len(), 3);
    assert_eq!(read(&dir, &pages[0]), "OLD pages/orgs.md");
}

#[test]
fn truncated_body_fails_and_leaves_the_snapshot() {
    let full = markdown("orgs");
    let server = Site::start(move |_| Reply::ok("text/markdown", full.clone()).declared_length(full.len() + 100));
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs(&pages);
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
    match &report.outcomes[0].status {
        PageStatus::Failed { attempts, reason } => {
            assert_eq!(*attempts, 3, "truncation is retried");
            assert!(reason.contains("body"), "{reason}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(!report.is_success());
    assert_eq!(read(&dir, &pages[0]), "OLD pages/orgs.md");
    assert_eq!(std::fs::read_dir(dir.path().join("specs/pages")).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn truncated_then_complete_body_succeeds() {
    let full = markdown("orgs");
    let server = Site::start(move |r| {
        let hit = r.hit;
        if hit == 1 {
            Reply::ok("text/markdown", &full[..10]).declared_length(full.len())
        } else {
            Reply::ok("text/markdown", full.clone())
        }
    });
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs(&pages);
    let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
    assert!(report.is_success(), "{report:?}");
    assert_eq!(read(&dir, &pages[0]), markdown("orgs"));
}

#[test]
fn timeout_is_retried() {
    let server = Site::start(|r| {
        let hit = r.hit;
        let ok = Reply::ok("text/markdown", markdown("slow"));
        if hit == 1 { ok.delayed(Duration::from_millis(1500)) } else { ok }
    });
    let pages = [page("slow", Form::Markdown)];
    let dir = temp_specs(&pages);
    let config = FetchConfig { timeout: Duration::from_millis(300), ..cfg(&server) };
    let report = fetch_all(dir.path(), &pages, &config, &mut Vec::new()).unwrap();
    assert!(report.is_success(), "{report:?}");
    assert_eq!(server.hits("/api-reference/slow.md").len(), 2);
}

#[test]
fn invalid_bodies_fail_or_are_kept_without_writing() {
    // (form, content type, body, expected: Some(true) = failed, Some(false) = kept)
    let cases: [(Form, &str, &str, bool); 4] = [
        (Form::Markdown, "text/markdown", "", true),
        (Form::Markdown, "text/html", "<!DOCTYPE html><html><body>Sign in</body></html>", true),
        (Form::Markdown, "text/markdown", "# Title only\nno endpoint sections\n", true),
        (Form::Rendered, "text/html; charset=utf-8", "<!doctype html><html><p>text</p></html>", false),
    ];
    for (i, (form, content_type, body, fails)) in cases.into_iter().enumerate() {
        let body = body.to_string();
        let server = Site::start(move |_| Reply::ok(content_type, body.clone()));
        let pages = [page("p", form)];
        let dir = temp_specs(&pages);
        let report = fetch_all(dir.path(), &pages, &cfg(&server), &mut Vec::new()).unwrap();
        let status = &report.outcomes[0].status;
        if fails {
            assert!(matches!(status, PageStatus::Failed { .. }), "case {i}: {status:?}");
        } else {
            assert!(matches!(status, PageStatus::Kept { .. }), "case {i}: {status:?}");
            assert!(report.is_success(), "a kept rendered page is not a failure");
        }
        assert_eq!(read(&dir, &pages[0]), format!("OLD {}", pages[0].snapshot), "case {i}");
    }
}

#[test]
fn run_reads_the_manifest_of_a_copied_specs_dir() {
    // Copy the real manifest and snapshots into a temporary root; never touch the real specs/.
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("specs/pages")).unwrap();
    std::fs::copy(real.join("sources.toml"), root.join("specs/sources.toml")).unwrap();
    for entry in std::fs::read_dir(real.join("pages")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), root.join("specs/pages").join(entry.file_name())).unwrap();
    }
    let server = Site::start(|r| match r.path.as_str() {
        "/api-documentation/api-reference/organizations.md" => Reply::ok("text/markdown", markdown("organizations")),
        _ => Reply::status(404),
    });
    let mut out = Vec::new();
    let report = xtask::fetch::run(root, &cfg(&server), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();

    assert_eq!(report.outcomes.len(), 5, "{out}");
    let updated: Vec<&str> = report
        .outcomes
        .iter()
        .filter(|o| matches!(o.status, PageStatus::Updated { .. }))
        .map(|o| o.file.as_str())
        .collect();
    assert_eq!(updated, ["specs/pages/organizations.md"]);
    assert_eq!(report.failures().count(), 4);
    assert_eq!(std::fs::read_to_string(root.join("specs/pages/organizations.md")).unwrap(), markdown("organizations"));
    for name in ["mms.md", "mms.rendered.txt", "organizations.rendered.txt", "admin-organizations.rendered.txt"] {
        assert_eq!(
            std::fs::read(root.join("specs/pages").join(name)).unwrap(),
            std::fs::read(real.join("pages").join(name)).unwrap(),
            "{name} must be untouched"
        );
    }
}

#[test]
fn a_snapshot_outside_specs_is_refused() {
    let server = Site::start(|_| Reply::ok("text/markdown", markdown("x")));
    let mut outside = page("x", Form::Markdown);
    outside.snapshot = "../outside.md".into();
    let dir = temp_specs(&[]);
    let report = fetch_all(dir.path(), &[outside], &cfg(&server), &mut Vec::new()).unwrap();
    let status = &report.outcomes[0].status;
    assert!(
        matches!(status, PageStatus::Failed { reason, .. } if reason.contains("not a path inside specs/")),
        "{status:?}"
    );
    assert!(!dir.path().join("outside.md").exists());
    assert!(server.hits("/api-reference/x.md").is_empty(), "refused before any request");
}

/// A manifest with problems stops `fetch` before any request: the error, printed the way
/// `cargo xtask fetch` prints it, lists each problem once under one `error:` prefix each and
/// claims nothing about writes (fetch writes only pages, and none was fetched).
#[test]
fn a_bad_manifest_is_reported_once_per_problem_and_nothing_is_fetched() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("specs")).unwrap();
    let entry = "[[page]]\nslug = \"mms\"\nurl = \"http://127.0.0.1:9/mms\"\nsnapshot = \"pages/mms.md\"\nform = \"markdown\"\n";
    let manifest = format!("{entry}{}", entry.replace("pages/mms.md", "../mms.md"));
    std::fs::write(root.path().join("specs/sources.toml"), manifest).unwrap();
    let mut out = Vec::new();
    let err = xtask::fetch::run(root.path(), &FetchConfig::default(), &mut out).unwrap_err();
    assert_eq!(
        format!("error: {err:#}"),
        "error: the manifest has problems, so no page was fetched:\n\
         error: specs/sources.toml:0: page `mms` (Markdown) is listed twice\n\
         error: specs/sources.toml:0: snapshot `../mms.md` must be a relative path inside specs/\n\
         2 problem(s)"
    );
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
}
