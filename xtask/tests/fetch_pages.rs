//! `xtask::fetch` against a real HTTP/1.1 server on 127.0.0.1 with hand-written responses
//! (so bodies can be truncated), writing into temporary copies of the snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use xtask::fetch::{FetchConfig, PageStatus, fetch_all, page_url};
use xtask::sources::{Form, Page};

/// One canned answer.
#[derive(Clone)]
enum Reply {
    Ok {
        content_type: &'static str,
        body: String,
    },
    Status(u16),
    /// Declares `Content-Length: declared`, sends `body` (shorter), closes.
    Truncated {
        declared: usize,
        body: String,
    },
    /// Waits, then answers.
    Slow(Duration, Box<Reply>),
}

/// A loopback server; `route(path, hit number starting at 1)` decides each answer.
struct Server {
    base: String,
    hits: Arc<Mutex<BTreeMap<String, u32>>>,
}

impl Server {
    fn start(route: impl Fn(&str, u32) -> Reply + Send + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(BTreeMap::new()));
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&request);
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                let hit = {
                    let mut map = counter.lock().unwrap();
                    let n = map.entry(path.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                let mut reply = route(&path, hit);
                // Answer on its own thread so a slow reply does not block retries.
                std::thread::spawn(move || {
                    while let Reply::Slow(delay, inner) = reply {
                        std::thread::sleep(delay);
                        reply = *inner;
                    }
                    let bytes = match reply {
                        Reply::Ok { content_type, body } => format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        ),
                        Reply::Status(code) => format!(
                            "HTTP/1.1 {code} Oops\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops"
                        ),
                        Reply::Truncated { declared, body } => format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n{body}"
                        ),
                        Reply::Slow(..) => unreachable!(),
                    };
                    let _ = stream.write_all(bytes.as_bytes());
                    let _ = stream.flush();
                    // Dropping the stream closes the connection (mid-body for truncated replies).
                });
            }
        });
        Server { base, hits }
    }

    fn hits(&self, path: &str) -> u32 {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// A fresh temporary `specs/` directory holding `pages/<name>` = `OLD <name>` for each page.
fn temp_specs(test: &str, pages: &[Page]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-fetch-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    for p in pages {
        std::fs::write(dir.join(&p.snapshot), format!("OLD {}", p.snapshot)).unwrap();
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

fn cfg(server: &Server) -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(5),
        retries: 2,
        backoff: Duration::from_millis(10),
        base_override: Some(server.base.clone()),
    }
}

fn read(dir: &Path, p: &Page) -> String {
    std::fs::read_to_string(dir.join(&p.snapshot)).unwrap()
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
    let server = Server::start(|path, _| match path {
        "/api-reference/mms.md" => Reply::Ok { content_type: "text/markdown", body: markdown("mms") },
        "/api-reference/mms" => Reply::Ok { content_type: "text/plain; charset=utf-8", body: "MMS page text".into() },
        _ => Reply::Status(404),
    });
    let pages = [page("mms", Form::Markdown), page("mms", Form::Rendered)];
    let dir = temp_specs("success", &pages);
    let mut out = Vec::new();
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut out);
    let out = String::from_utf8(out).unwrap();

    assert!(report.is_success(), "{report:?}");
    assert_eq!(read(&dir, &pages[0]), markdown("mms"));
    assert_eq!(read(&dir, &pages[1]), "MMS page text");
    assert_eq!(report.outcomes[0].status, PageStatus::Updated { bytes: markdown("mms").len() });
    assert!(out.contains("[1/2] mms (markdown)") && out.contains("[2/2] mms (rendered)"), "{out}");
    assert!(out.contains("fetch: 2 updated, 0 unchanged, 0 kept, 0 failed"), "{out}");
    assert_eq!(server.hits("/api-reference/mms.md"), 1);
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // A second run finds identical bodies and writes nothing.
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
    assert_eq!(report.outcomes[0].status, PageStatus::Unchanged);
}

#[test]
fn not_found_is_reported_not_retried_and_leaves_the_snapshot() {
    let server = Server::start(|path, _| match path {
        "/api-reference/good.md" => Reply::Ok { content_type: "text/markdown", body: markdown("good") },
        _ => Reply::Status(404),
    });
    let pages = [page("gone", Form::Markdown), page("good", Form::Markdown)];
    let dir = temp_specs("notfound", &pages);
    let mut out = Vec::new();
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut out);
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
    assert_eq!(server.hits("/api-reference/gone.md"), 1, "404 must not be retried");
    assert_eq!(read(&dir, &pages[0]), "OLD pages/gone.md");
    assert_eq!(read(&dir, &pages[1]), markdown("good"), "other pages are still fetched");
    assert!(out.contains("error: specs/pages/gone.md not refreshed"), "{out}");
}

#[test]
fn server_error_then_success_is_retried() {
    let server = Server::start(|_, hit| {
        if hit == 1 { Reply::Status(500) } else { Reply::Ok { content_type: "text/markdown", body: markdown("orgs") } }
    });
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs("retry500", &pages);
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
    assert!(report.is_success(), "{report:?}");
    assert_eq!(server.hits("/api-reference/orgs.md"), 2);
    assert_eq!(read(&dir, &pages[0]), markdown("orgs"));
}

#[test]
fn persistent_server_error_fails_after_all_retries() {
    let server = Server::start(|_, _| Reply::Status(503));
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs("always503", &pages);
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
    assert!(matches!(&report.outcomes[0].status, PageStatus::Failed { attempts: 3, reason } if reason.contains("503")));
    assert_eq!(server.hits("/api-reference/orgs.md"), 3);
    assert_eq!(read(&dir, &pages[0]), "OLD pages/orgs.md");
}

#[test]
fn truncated_body_fails_and_leaves_the_snapshot() {
    let full = markdown("orgs");
    let server = Server::start(move |_, _| Reply::Truncated { declared: full.len() + 100, body: full.clone() });
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs("truncated", &pages);
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
    match &report.outcomes[0].status {
        PageStatus::Failed { attempts, reason } => {
            assert_eq!(*attempts, 3, "truncation is retried");
            assert!(reason.contains("body"), "{reason}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(!report.is_success());
    assert_eq!(read(&dir, &pages[0]), "OLD pages/orgs.md");
    assert_eq!(std::fs::read_dir(dir.join("pages")).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn truncated_then_complete_body_succeeds() {
    let full = markdown("orgs");
    let server = Server::start(move |_, hit| {
        if hit == 1 {
            Reply::Truncated { declared: full.len(), body: full[..10].to_string() }
        } else {
            Reply::Ok { content_type: "text/markdown", body: full.clone() }
        }
    });
    let pages = [page("orgs", Form::Markdown)];
    let dir = temp_specs("truncated-then-ok", &pages);
    let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
    assert!(report.is_success(), "{report:?}");
    assert_eq!(read(&dir, &pages[0]), markdown("orgs"));
}

#[test]
fn timeout_is_retried() {
    let server = Server::start(|_, hit| {
        let ok = Reply::Ok { content_type: "text/markdown", body: markdown("slow") };
        if hit == 1 { Reply::Slow(Duration::from_millis(1500), Box::new(ok)) } else { ok }
    });
    let pages = [page("slow", Form::Markdown)];
    let dir = temp_specs("timeout", &pages);
    let config = FetchConfig { timeout: Duration::from_millis(300), ..cfg(&server) };
    let report = fetch_all(&dir, &pages, &config, &mut Vec::new());
    assert!(report.is_success(), "{report:?}");
    assert_eq!(server.hits("/api-reference/slow.md"), 2);
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
        let server = Server::start(move |_, _| Reply::Ok { content_type, body: body.clone() });
        let pages = [page("p", form)];
        let dir = temp_specs(&format!("invalid{i}"), &pages);
        let report = fetch_all(&dir, &pages, &cfg(&server), &mut Vec::new());
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
    let root = std::env::temp_dir().join(format!("xtask-fetch-{}-run", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("specs/pages")).unwrap();
    std::fs::copy(real.join("sources.toml"), root.join("specs/sources.toml")).unwrap();
    for entry in std::fs::read_dir(real.join("pages")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), root.join("specs/pages").join(entry.file_name())).unwrap();
    }
    let server = Server::start(|path, _| match path {
        "/api-documentation/api-reference/organizations.md" => {
            Reply::Ok { content_type: "text/markdown", body: markdown("organizations") }
        }
        _ => Reply::Status(404),
    });
    let mut out = Vec::new();
    let report = xtask::fetch::run(&root, &cfg(&server), &mut out).unwrap();
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
