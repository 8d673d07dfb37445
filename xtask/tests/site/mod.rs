//! A documentation site served on 127.0.0.1 for the fetch and discovery tests: a plain HTTP/1.1
//! server (one thread per connection, `Connection: close`) whose answers come from a routing
//! function, recording every request and the most requests it ever had in flight at once.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The scratch-repository and snapshot helpers all xtask tests share.
#[path = "../support/mod.rs"]
pub mod support;
use support::copy_dir;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The request target (path and query).
    pub path: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    /// How many requests for this path came before, plus one.
    pub hit: u32,
    /// When it arrived.
    pub at: Instant,
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before answering.
    pub delay: Duration,
    /// `Content-Length` to declare instead of the body's length (a truncated body).
    pub declared_length: Option<usize>,
}

impl Reply {
    /// 200 with a body and content type.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            declared_length: None,
        }
    }

    /// A status with a short text body.
    pub fn status(status: u16) -> Reply {
        Reply { status, body: b"oops".to_vec(), ..Reply::ok("text/plain", "") }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Declares `Content-Length: length` (more than the body: the connection closes mid-body).
    pub fn declared_length(mut self, length: usize) -> Reply {
        self.declared_length = Some(length);
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// 200 with an `ETag`, or 304 without a body when the request's `If-None-Match` matches it.
    pub fn conditional(request: &Request, etag: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        if request.headers.get("if-none-match").map(String::as_str) == Some(etag) {
            Reply { status: 304, headers: vec![("ETag".into(), etag.into())], ..Reply::ok("", "") }
        } else {
            Reply::ok(content_type, body).header("ETag", etag)
        }
    }
}

/// The running server.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    requests: Arc<Mutex<Vec<Request>>>,
    max_in_flight: Arc<AtomicUsize>,
    body_bytes: Arc<AtomicUsize>,
}

impl Site {
    pub fn start(route: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let body_bytes = Arc::new(AtomicUsize::new(0));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let route = Arc::new(route);
        let (log, max, bytes) = (Arc::clone(&requests), Arc::clone(&max_in_flight), Arc::clone(&body_bytes));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let (log, max, bytes, in_flight, route) = (
                    Arc::clone(&log),
                    Arc::clone(&max),
                    Arc::clone(&bytes),
                    Arc::clone(&in_flight),
                    Arc::clone(&route),
                );
                std::thread::spawn(move || {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(now, Ordering::SeqCst);
                    let text = String::from_utf8_lossy(&head).into_owned();
                    let mut lines = text.split("\r\n");
                    let path = lines.next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("").to_string();
                    let headers = lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                        .collect();
                    let request = {
                        let mut log = log.lock().unwrap();
                        let hit = log.iter().filter(|r: &&Request| r.path == path).count() as u32 + 1;
                        let request = Request { path, headers, hit, at: Instant::now() };
                        log.push(request.clone());
                        request
                    };
                    let reply = route(&request);
                    std::thread::sleep(reply.delay);
                    let reason = match reply.status {
                        200 => "OK",
                        304 => "Not Modified",
                        404 => "Not Found",
                        429 => "Too Many Requests",
                        _ => "Status",
                    };
                    let mut out = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
                    for (k, v) in &reply.headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    if reply.status != 304 {
                        let length = reply.declared_length.unwrap_or(reply.body.len());
                        out.push_str(&format!("Content-Length: {length}\r\n"));
                    }
                    out.push_str("Connection: close\r\n\r\n");
                    let mut bytes_out = out.into_bytes();
                    bytes_out.extend_from_slice(&reply.body);
                    bytes.fetch_add(reply.body.len(), Ordering::SeqCst);
                    // Done before answering: once the client has the answer it may send its next
                    // request, which must not be counted together with this one.
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    let _ = stream.write_all(&bytes_out);
                    let _ = stream.flush();
                });
            }
        });
        Site { base, requests, max_in_flight, body_bytes }
    }

    /// A URL on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Requests for `path`.
    pub fn hits(&self, path: &str) -> Vec<Request> {
        self.requests().into_iter().filter(|r| r.path == path).collect()
    }

    /// The most requests the server was answering at once.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// Body bytes sent so far.
    pub fn body_bytes(&self) -> usize {
        self.body_bytes.load(Ordering::SeqCst)
    }
}

/// `http://HOST` of a request (its `Host` header), to write absolute URLs into indexes as real
/// sites do.
pub fn origin(request: &Request) -> String {
    format!("http://{}", request.headers.get("host").cloned().unwrap_or_default())
}

/// `xtask/tests/fixtures/<rel>`: real doc pages copied from the shared snapshots.
pub fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A `<urlset>` sitemap listing `urls`.
pub fn urlset(urls: &[String]) -> String {
    let entries: String =
        urls.iter().map(|u| format!("  <url><loc>{u}</loc><lastmod>2026-11-01</lastmod></url>\n")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{entries}</urlset>\n"
    )
}

/// A `<sitemapindex>` listing `urls`.
pub fn sitemap_index(urls: &[String]) -> String {
    let entries: String = urls.iter().map(|u| format!("  <sitemap><loc>{u}</loc></sitemap>\n")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{entries}</sitemapindex>\n"
    )
}

/// `text` gzip-compressed.
pub fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// `cargo check`s the crate in `crate_dir` (a generated client) offline, as a one-member workspace
/// with the repository's `Cargo.lock`, in the target dir the golden-crate tests use (dependencies
/// are built once and shared). Panics with cargo's output unless it compiles without warnings.
pub fn cargo_check(crate_dir: &Path) {
    let repo = xtask::paths::repo_root();
    let ws = tempfile::tempdir().unwrap();
    copy_dir(crate_dir, &ws.path().join("client"));
    // The profile settings of generator/tests/common/workspace.rs, so both share built dependencies.
    let manifest = "[workspace]\nresolver = \"3\"\nmembers = [\"client\"]\n\n[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n";
    std::fs::write(ws.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(repo.join("Cargo.lock"), ws.path().join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo.join("target"), PathBuf::from);
    let target = if target.is_absolute() { target } else { repo.join(target) };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["check", "--offline", "--workspace"])
        .env("CARGO_TARGET_DIR", target.join("golden"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .current_dir(ws.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo check of {} failed:\n{stderr}", crate_dir.display());
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.is_empty(), "cargo check of {} warned:\n{stderr}", crate_dir.display());
}
