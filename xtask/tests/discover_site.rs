//! `fetch --discover` end to end against documentation sites served on 127.0.0.1 with real pages:
//! the index is read (a sitemap index with a plain and a gzipped sitemap, an `llms.txt`; or a
//! gzipped sitemap named in the manifest), exactly the API-reference pages the manifest lacks are
//! added, every page is downloaded, and `regen` then builds a client that compiles.
//!
//! The pages `regen` builds are data (`*_REGEN` below): every discovered page, the official
//! excerpts' media types and schema shapes included.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod site;

use std::path::Path;
use std::process::Command;

use site::{Reply, Request, Site, fixture, gzip, origin, sitemap_index, urlset};
use xtask::regen::{self, Mode, Outcome};
use xtask::sources::{self, Form, Page};

/// The pages of the Make site that the test regenerates.
const MAKE_REGEN: &[&str] =
    &["mms", "organizations", "admin/organizations", "devices", "ai-agents", "sdk-apps", "admin/consumptions"];

/// The pages of the other site that the test regenerates.
const ACME_REGEN: &[&str] = &["child-organizations", "devices", "agents", "sdk/apps", "billing/consumption"];

/// A page's markdown export with an `ETag` (conditional requests answered with 304).
fn page(request: &Request, body: &str) -> Reply {
    let etag = format!("\"{:x}\"", body.len() * 31 + body.bytes().map(usize::from).sum::<usize>());
    Reply::conditional(request, &etag, "text/markdown; charset=utf-8", body)
}

/// Make's docs as a mirror on 127.0.0.1 serves them: a sitemap index pointing at the API
/// documentation's sitemap and the White Label documentation's gzipped one, an `llms.txt`, the
/// markdown exports and rendered pages, and pages that are not API reference.
fn make_site() -> Site {
    Site::start(|r| {
        let o = origin(r);
        let api = |p: &str| format!("{o}/api-documentation/{p}");
        let wl = |p: &str| format!("{o}/white-label-documentation/{p}");
        match r.path.as_str() {
            "/sitemap.xml" => Reply::ok(
                "application/xml",
                sitemap_index(&[format!("{o}/sitemap-pages.xml"), wl("sitemap-pages.xml.gz")]),
            ),
            "/sitemap-pages.xml" => Reply::ok(
                "application/xml",
                urlset(&[
                    api("getting-started"),
                    api("api-reference"),
                    api("api-reference/mms"),
                    api("api-reference/organizations"),
                    api("api-reference/devices"),
                    api("api-reference/ai-agents"),
                    format!("{o}/help/what-is-make"),
                ]),
            ),
            "/white-label-documentation/sitemap-pages.xml.gz" => Reply::ok(
                "application/x-gzip",
                gzip(&urlset(&[
                    wl("overview"),
                    wl("api-reference/admin/organizations"),
                    wl("api-reference/admin-greater-than-consumptions"),
                ])),
            ),
            "/api-documentation/llms.txt" => Reply::ok(
                "text/plain",
                format!(
                    "# Make API documentation\n\n> The Make API.\n\n## API reference\n\n\
                     - [Devices]({}): list and manage devices\n- [SDK Apps](/api-documentation/api-reference/sdk-apps.md)\n\n\
                     ## Guides\n\n- [Getting started]({})\n- [Make help](https://www.make.com/en/help)\n",
                    api("api-reference/devices.md"),
                    api("getting-started.md"),
                ),
            ),
            // A mirror artifact before the page: not page content.
            "/api-documentation/api-reference/mms.md" => {
                page(r, &format!("# Source: {}\n\n{}", api("api-reference/mms.md"), fixture("make-docs/mms.md")))
            }
            "/api-documentation/api-reference/organizations.md" => page(r, &fixture("make-docs/organizations.md")),
            "/api-documentation/api-reference/devices.md" => {
                page(r, &fixture("make-docs/official-excerpts/devices.md"))
            }
            "/api-documentation/api-reference/ai-agents.md" => {
                page(r, &fixture("make-docs/official-excerpts/ai-agents.md"))
            }
            "/api-documentation/api-reference/sdk-apps.md" => {
                page(r, &fixture("make-docs/official-excerpts/sdk-apps.md"))
            }
            "/white-label-documentation/api-reference/admin-greater-than-consumptions.md" => {
                page(r, &fixture("make-docs/official-excerpts/consumptions.md"))
            }
            "/api-documentation/api-reference/mms" => Reply::ok("text/plain", fixture("make-docs/mms.rendered.txt")),
            "/api-documentation/api-reference/organizations" => {
                Reply::ok("text/plain", fixture("make-docs/organizations.rendered.txt"))
            }
            "/white-label-documentation/api-reference/admin/organizations" => {
                Reply::ok("text/plain", fixture("make-docs/admin-organizations.rendered.txt"))
            }
            _ => Reply::status(404),
        }
    })
}

/// Keeps only the manifest pages whose slug is in `slugs` (the regen step's page set).
fn keep_pages(root: &Path, slugs: &[&str]) {
    let path = root.join("specs/sources.toml");
    let manifest = sources::parse_manifest("specs/sources.toml", &std::fs::read_to_string(&path).unwrap()).unwrap();
    let kept: Vec<Page> = manifest.page.into_iter().filter(|p| slugs.contains(&p.slug.as_str())).collect();
    std::fs::write(&path, sources::append_pages("# The pages the regen step builds.\n", &kept)).unwrap();
}

/// Regenerates in `root` and checks that the client compiles; returns the merged spec.
fn regen_and_compile(root: &Path) -> String {
    let mut log = Vec::new();
    let outcome = regen::run(root, Mode::Write, &mut log).unwrap_or_else(|e| panic!("regen failed: {e}"));
    assert!(matches!(outcome, Outcome::Written(_)), "{outcome:?}");
    site::cargo_check(&root.join("generated-client"));
    std::fs::read_to_string(root.join("specs/openapi.yaml")).unwrap()
}

#[test]
fn make_docs_are_discovered_downloaded_and_built() {
    let site = make_site();
    let repo = site::support::scratch_repo();
    let root = repo.path();
    let before = std::fs::read_to_string(root.join("specs/sources.toml")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["--root", root.to_str().unwrap(), "fetch", "--discover", "--jobs", "3"])
        .args(["--index", &site.url("/sitemap.xml"), "--index", &site.url("/api-documentation/llms.txt")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));

    // Exactly the API-reference pages the manifest lacks were added, after the text that was there.
    let after = std::fs::read_to_string(root.join("specs/sources.toml")).unwrap();
    assert!(after.starts_with(&before), "existing entries and comments are kept as they were");
    let added: Vec<Page> = sources::parse("specs/sources.toml", &after).unwrap().split_off(5);
    let want = [
        ("admin/consumptions", "/white-label-documentation/api-reference/admin-greater-than-consumptions"),
        ("ai-agents", "/api-documentation/api-reference/ai-agents"),
        ("devices", "/api-documentation/api-reference/devices"),
        ("sdk-apps", "/api-documentation/api-reference/sdk-apps"),
    ];
    let want: Vec<Page> = want
        .iter()
        .map(|(slug, path)| Page {
            slug: slug.to_string(),
            url: site.url(path),
            snapshot: format!("pages/{}.md", slug.replace('/', "-")),
            form: Form::Markdown,
        })
        .collect();
    assert_eq!(added, want, "{stdout}");
    assert!(
        stdout.contains("admin/consumptions (markdown)")
            && stdout.contains("→ specs/pages/admin-consumptions.md: added (")
    );
    assert!(
        stdout.contains(
            "fetch: 0 updated, 5 unchanged, 0 kept, 0 failed; discover: 4 added, 0 skipped, 0 vanished, 5 listed page(s) outside"
        ),
        "{stdout}"
    );

    // Downloaded: the new snapshots are the pages; the mirror header is not page content.
    for (snapshot, fixture_path) in [
        ("pages/devices.md", "make-docs/official-excerpts/devices.md"),
        ("pages/admin-consumptions.md", "make-docs/official-excerpts/consumptions.md"),
        ("pages/mms.md", "make-docs/mms.md"),
    ] {
        assert_eq!(
            std::fs::read_to_string(root.join("specs").join(snapshot)).unwrap(),
            fixture(fixture_path),
            "{snapshot}"
        );
    }
    let validators = std::fs::read_to_string(root.join("specs/fetch-validators.toml")).unwrap();
    assert!(validators.contains(&format!("url = \"{}\"", site.url("/api-documentation/api-reference/devices.md"))));

    // Polite: every request names the project; pages outside the prefixes are never requested;
    // nothing is requested twice.
    let requests = site.requests();
    assert!(
        requests.iter().all(|r| r.headers.get("user-agent").is_some_and(|ua| ua.starts_with("make-codegen-xtask/")))
    );
    let mut paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert!(
        !paths.iter().any(|p| p.contains("getting-started") || p.contains("overview") || p.contains("help")),
        "{paths:?}"
    );
    paths.sort();
    let count = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), count, "a page requested twice: {paths:?}");
    assert_eq!(count, 4 + 9, "4 indexes, 6 markdown exports, 3 rendered pages");

    // A second run downloads nothing again: every page answers 304 to its validators.
    let again = xtask::fetch::run(
        root,
        &xtask::fetch::FetchConfig {
            discover: true,
            indexes: vec![site.url("/sitemap.xml"), site.url("/api-documentation/llms.txt")],
            ..Default::default()
        },
        &mut Vec::new(),
    )
    .unwrap();
    let not_modified = again.outcomes.iter().filter(|o| o.status == xtask::fetch::PageStatus::NotModified).count();
    assert_eq!(not_modified, 6, "{again:?}");
    assert_eq!(std::fs::read_to_string(root.join("specs/sources.toml")).unwrap(), after, "nothing new to add");

    keep_pages(root, MAKE_REGEN);
    let spec = regen_and_compile(root);
    assert!(
        spec.contains("/devices/{deviceId}:") || spec.contains("/devices:"),
        "the discovered page's operations are built"
    );
    // The official excerpts' pages too: multipart, text, binary and event-stream operations.
    for path in ["/ai-agents/v1/agents/{agentId}/run/stream:", "/sdk/apps/{SDK_appName}/{SDK_appVersion}/icon:"] {
        assert!(spec.contains(path), "{path} built");
    }
    let sdk = std::fs::read_to_string(root.join("generated-client/src/resources/sdk_apps/mod.rs")).unwrap();
    assert!(sdk.contains("pub fn set_app_logo("), "the SDK apps page is in the client");
}

/// Another documentation site, laid out differently, built the same way: a gzipped plain sitemap
/// named in a manifest that has no pages yet, nested reference paths, a page with no operations.
#[test]
fn another_site_is_discovered_and_built_the_same_way() {
    let site = Site::start(|r| {
        let o = origin(r);
        let reference = |p: &str| format!("{o}/docs/v2/reference/{p}");
        match r.path.as_str() {
            "/sitemap.xml.gz" => Reply::ok(
                "application/gzip",
                gzip(&urlset(&[
                    format!("{o}/docs/v2/changelog"),
                    reference("overview"),
                    reference("child-organizations"),
                    reference("devices"),
                    reference("agents"),
                    reference("billing/consumption"),
                    reference("sdk-greater-than-apps"),
                ])),
            ),
            "/docs/v2/reference/overview.md" => {
                page(r, "# Overview\n\n## Authentication\n\nSend `Authorization: Token …` with every request.\n")
            }
            "/docs/v2/reference/child-organizations.md" => page(r, &fixture("make-docs/mms.md")),
            "/docs/v2/reference/devices.md" => page(r, &fixture("make-docs/official-excerpts/devices.md")),
            "/docs/v2/reference/agents.md" => page(r, &fixture("make-docs/official-excerpts/ai-agents.md")),
            "/docs/v2/reference/billing/consumption.md" => {
                page(r, &fixture("make-docs/official-excerpts/consumptions.md"))
            }
            "/docs/v2/reference/sdk-greater-than-apps.md" => {
                page(r, &fixture("make-docs/official-excerpts/sdk-apps.md"))
            }
            _ => Reply::status(404),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::write(
        root.join("specs/sources.toml"),
        format!(
            "# Acme's API, discovered.\n[discover]\nindex = [\"{}\"]\nprefixes = [\"/docs/v2/reference/\"]\n",
            site.url("/sitemap.xml.gz")
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("specs/client.toml"),
        "name = \"acme-api\"\nversion = \"0.1.0\"\ndescription = \"Acme API client.\"\n",
    )
    .unwrap();
    let cfg = xtask::fetch::FetchConfig { discover: true, ..Default::default() };
    let mut out = Vec::new();
    let report = xtask::fetch::run(root, &cfg, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(report.is_success(), "{out}");

    let pages =
        sources::parse("specs/sources.toml", &std::fs::read_to_string(root.join("specs/sources.toml")).unwrap())
            .unwrap();
    let got: Vec<(&str, &str)> = pages.iter().map(|p| (p.slug.as_str(), p.snapshot.as_str())).collect();
    assert_eq!(
        got,
        [
            ("agents", "pages/agents.md"),
            ("billing/consumption", "pages/billing-consumption.md"),
            ("child-organizations", "pages/child-organizations.md"),
            ("devices", "pages/devices.md"),
            ("sdk/apps", "pages/sdk-apps.md"),
        ],
        "{out}"
    );
    assert!(out.contains("overview.md → specs/pages/overview.md: skipped: no API operations"), "{out}");
    assert!(!root.join("specs/pages/overview.md").exists());
    assert!(out.contains("discover: 5 added, 1 skipped, 0 vanished, 1 listed page(s) outside"), "{out}");

    keep_pages(root, ACME_REGEN);
    let spec = regen_and_compile(root);
    assert!(spec.contains("/organizations/{organizationId}/managed-organizations:"), "child-organizations built");
    assert!(spec.contains("/ai-agents/v1/contexts:"), "agents built");
    assert!(spec.contains("/consumptions/reports/{organizationId}/{teamId}:"), "billing/consumption built");
    let lib = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).unwrap();
    assert!(lib.contains("name = \"acme-api\""));
}
