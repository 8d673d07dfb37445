//! Discovery: reads the docs' page index — an XML sitemap index with nested sitemaps, a plain
//! sitemap (either gzip-compressed or not), or `llms.txt`-style text listing page links — and
//! decides which listed pages are API reference (by URL path prefix), which the manifest already
//! has, which are new (with a slug and snapshot named after the URL path), and which manifest
//! pages left the index.
//!
//! Everything is matched on the URL **path** (without a trailing `/` or `.md`), so an index served
//! by a mirror or a local server finds the same pages as the real site.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use reqwest::Url;

use super::FetchConfig;
use super::http::{self, Got};
use crate::sources::{Form, Page};

/// Largest index document accepted, after decompression (the sitemap protocol's limit is 50 MB).
const MAX_INDEX_BYTES: u64 = 64 << 20;

/// How deep sitemap indexes may nest.
const MAX_DEPTH: usize = 8;

/// What one index document lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Page URLs, in document order.
    pub pages: Vec<Url>,
    /// Further index documents (nested sitemaps, linked `llms.txt` files).
    pub indexes: Vec<Url>,
}

/// Parses one index document fetched from `url`; errors are located as `url:line:column: …`.
pub fn parse_index(url: &Url, body: &[u8]) -> Result<Listing, String> {
    let body = gunzip(body).map_err(|e| format!("{url}: {e}"))?;
    let text = std::str::from_utf8(&body).map_err(|e| format!("{url}: index is not UTF-8 text: {e}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('<') { parse_sitemap(url, text) } else { Ok(parse_text(url, text)) }
}

/// The body, decompressed when it is gzip data (by its magic bytes, whatever the headers say).
fn gunzip(body: &[u8]) -> Result<Vec<u8>, String> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .take(MAX_INDEX_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip-compressed index cannot be decompressed: {e}"))?;
    if out.len() as u64 > MAX_INDEX_BYTES {
        return Err(format!("index is larger than {} MB once decompressed", MAX_INDEX_BYTES >> 20));
    }
    Ok(out)
}

/// An XML sitemap: `<urlset>` (pages) or `<sitemapindex>` (nested sitemaps).
fn parse_sitemap(url: &Url, text: &str) -> Result<Listing, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        format!("{url}:{}:{}: malformed XML: {e}", pos.row, pos.col)
    })?;
    let at = |node: roxmltree::Node<'_, '_>| {
        let pos = doc.text_pos_at(node.range().start);
        format!("{url}:{}:{}", pos.row, pos.col)
    };
    let root = doc.root_element();
    let (entry, is_index) = match root.tag_name().name() {
        "urlset" => ("url", false),
        "sitemapindex" => ("sitemap", true),
        other => {
            return Err(format!(
                "{}: root element `<{other}>` is neither `<urlset>` nor `<sitemapindex>`: not a sitemap",
                at(root)
            ));
        }
    };
    let mut listing = Listing::default();
    for node in root.children().filter(|n| n.is_element() && n.tag_name().name() == entry) {
        let loc = node
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == "loc")
            .ok_or_else(|| format!("{}: `<{entry}>` has no `<loc>`", at(node)))?;
        let target = loc.text().unwrap_or_default().trim();
        let resolved = url
            .join(target)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| format!("{}: `<loc>` `{target}` is not an http(s) URL", at(loc)))?;
        if is_index { listing.indexes.push(resolved) } else { listing.pages.push(resolved) }
    }
    Ok(listing)
}

/// `llms.txt` and other text indexes: every markdown link `[text](target)` and every line that is
/// a bare URL. Relative links resolve against the index URL; links to other `llms.txt` files or to
/// XML sitemaps are nested indexes; anything not http(s) (mail links, anchors) is prose.
fn parse_text(url: &Url, text: &str) -> Listing {
    let mut listing = Listing::default();
    for line in text.lines() {
        let mut targets = link_targets(line);
        let bare = line.trim();
        if targets.is_empty() && (bare.starts_with("http://") || bare.starts_with("https://")) && !bare.contains(' ') {
            targets.push(bare);
        }
        for target in targets.into_iter().filter(|t| !t.starts_with('#')) {
            let Some(resolved) = url.join(target).ok().filter(|u| matches!(u.scheme(), "http" | "https")) else {
                continue;
            };
            let path = resolved.path();
            if path.ends_with("/llms.txt") || path.ends_with(".xml") || path.ends_with(".xml.gz") {
                listing.indexes.push(resolved);
            } else {
                listing.pages.push(resolved);
            }
        }
    }
    listing
}

/// The targets of the markdown links on one line: `[text](target "title")`, `[text](<target>)`.
fn link_targets(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        let inside = after[..end].trim();
        let target = match inside.strip_prefix('<') {
            Some(angled) => angled.split('>').next().unwrap_or_default(),
            None => inside.split_whitespace().next().unwrap_or_default(),
        };
        if !target.is_empty() {
            out.push(target);
        }
        rest = &after[end + 1..];
    }
    out
}

/// Reads every index (following nested ones) and returns the page URLs listed, deduplicated by
/// [`key`] (the first listing wins). Any index that cannot be fetched or parsed is an error: a
/// partial list would report pages as vanished that are not.
pub fn read_all(client: &reqwest::blocking::Client, roots: &[String], cfg: &FetchConfig) -> Result<Vec<Url>, String> {
    let mut queue = Vec::new();
    for root in roots {
        let url = Url::parse(root).map_err(|e| format!("index `{root}` is not a URL: {e}"))?;
        queue.push((url, 0));
    }
    queue.reverse();
    let mut seen_indexes = BTreeSet::new();
    let mut seen_pages = BTreeSet::new();
    let mut pages = Vec::new();
    while let Some((url, depth)) = queue.pop() {
        if !seen_indexes.insert(url.to_string()) {
            continue;
        }
        if depth > MAX_DEPTH {
            return Err(format!("{url}: sitemap indexes nest more than {MAX_DEPTH} levels deep"));
        }
        let from = super::mirrored(&url, cfg)?;
        let body = match http::get(client, from.as_str(), None, cfg) {
            Ok((Got::Body { bytes, .. }, _)) => bytes,
            Ok((Got::NotModified, _)) => Vec::new(),
            Err(f) => {
                return Err(format!("{from}: cannot read the index: {} after {} attempt(s)", f.reason, f.attempts));
            }
        };
        // Relative links resolve against the index's own URL, not the mirror's: the pages stay the site's.
        let listing = parse_index(&url, &body)?;
        for page in listing.pages {
            if seen_pages.insert(key(&page)) {
                pages.push(page);
            }
        }
        // Nested indexes are read in document order, depth first.
        for nested in listing.indexes.into_iter().rev() {
            queue.push((nested, depth + 1));
        }
    }
    Ok(pages)
}

/// A page's identity: its URL path without query, fragment, trailing `/` or `.md` suffix
/// (`https://h/a/b.md?x` → `/a/b`), so the page and its markdown export match, whatever host
/// serves them.
pub fn key(url: &Url) -> String {
    let path = url.path();
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = path.trim_end_matches('/');
    if path.is_empty() { "/".to_string() } else { path.to_string() }
}

/// The page URL a listed URL stands for: the markdown export's `.md` suffix, query and fragment
/// dropped.
pub fn page_url(url: &Url) -> Url {
    let mut page = url.clone();
    page.set_query(None);
    page.set_fragment(None);
    let path = key(url);
    page.set_path(&path);
    page
}

/// The slug and snapshot of a new page from its URL path after the prefix, following the docs'
/// naming: `admin-greater-than-organizations` (a page titled "Admin > Organizations") →
/// `admin/organizations`, `pages/admin-organizations.md`; nested paths keep their `/`. `None` when
/// the path holds characters a file name should not (anything but ASCII letters, digits, `-`,
/// `_`, `.`, `/`) or empty segments.
pub fn slug(remainder: &str) -> Option<(String, String)> {
    let remainder = remainder.trim_matches('/');
    let valid_segment = |s: &str| {
        !s.is_empty() && s != "." && s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if remainder.is_empty() || !remainder.split('/').all(valid_segment) {
        return None;
    }
    let slug = remainder.replace("-greater-than-", "/");
    if !slug.split('/').all(valid_segment) {
        return None;
    }
    let snapshot = format!("pages/{}.md", slug.replace('/', "-"));
    Some((slug, snapshot))
}

/// What discovery decided, before anything is fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Manifest pages the index lists: (index into the manifest's pages, the listed page URL).
    pub known: Vec<(usize, Url)>,
    /// New markdown pages to fetch and, if they hold API operations, add; sorted by slug.
    pub new: Vec<Page>,
    /// Manifest pages the index no longer lists (indexes into the manifest's pages).
    pub vanished: Vec<usize>,
    /// API-reference pages that cannot be added: (page URL, why).
    pub conflicts: Vec<(String, String)>,
    /// Listed pages outside every prefix (not API reference), skipped.
    pub outside: usize,
}

/// Matches the index's `found` pages with the manifest's `pages`: manifest pages are recognised
/// by path whatever their prefix; new pages are taken only under `prefixes` (the longest matching
/// prefix decides the slug).
pub fn plan(pages: &[Page], found: &[Url], prefixes: &[String]) -> Plan {
    let mut plan = Plan::default();
    let manifest_keys: Vec<Option<String>> = pages.iter().map(|p| Url::parse(&p.url).ok().map(|u| key(&u))).collect();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, k) in manifest_keys.iter().enumerate() {
        if let Some(k) = k {
            by_key.entry(k.clone()).or_default().push(i);
        }
    }
    let mut slugs: BTreeMap<String, String> =
        pages.iter().filter(|p| p.form == Form::Markdown).map(|p| (p.slug.clone(), p.url.clone())).collect();
    let mut snapshots: BTreeSet<String> = pages.iter().map(|p| p.snapshot.clone()).collect();
    let mut listed = BTreeSet::new();
    let mut candidates = Vec::new();
    for url in found {
        let k = key(url);
        listed.insert(k.clone());
        if let Some(indexes) = by_key.get(&k) {
            plan.known.extend(indexes.iter().map(|i| (*i, page_url(url))));
            continue;
        }
        let prefix = prefixes.iter().filter(|p| k.starts_with(p.as_str())).max_by_key(|p| p.len());
        match prefix.and_then(|p| k.get(p.len()..)).map(str::to_string) {
            Some(remainder) if !remainder.trim_matches('/').is_empty() => candidates.push((k, url, remainder)),
            _ => plan.outside += 1,
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, url, remainder) in candidates {
        let url = page_url(url);
        let Some((slug, snapshot)) = slug(&remainder) else {
            plan.conflicts.push((url.to_string(), format!("URL path `{remainder}` does not make a page slug")));
            continue;
        };
        if let Some(other) = slugs.get(&slug) {
            plan.conflicts.push((url.to_string(), format!("slug `{slug}` is already taken by {other}")));
            continue;
        }
        if !snapshots.insert(snapshot.clone()) {
            plan.conflicts.push((url.to_string(), format!("snapshot `{snapshot}` is already used by another page")));
            continue;
        }
        slugs.insert(slug.clone(), url.to_string());
        plan.new.push(Page { slug, url: url.to_string(), snapshot, form: Form::Markdown });
    }
    plan.new.sort_by(|a, b| a.slug.cmp(&b.slug));
    plan.known.sort_by_key(|(i, _)| *i);
    plan.vanished = (0..pages.len())
        .filter(|i| manifest_keys.get(*i).and_then(Option::as_ref).is_none_or(|k| !listed.contains(k)))
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn slugs_follow_the_docs_naming() {
        let cases = [
            ("organizations", Some(("organizations", "pages/organizations.md"))),
            ("admin-greater-than-organizations", Some(("admin/organizations", "pages/admin-organizations.md"))),
            ("scenarios/logs/", Some(("scenarios/logs", "pages/scenarios-logs.md"))),
            ("", None),
            ("a//b", None),
            ("../etc", None),
            ("caf%C3%A9", None),
            ("x-greater-than-", None),
        ];
        for (remainder, want) in cases {
            let got = slug(remainder);
            assert_eq!(got.as_ref().map(|(s, f)| (s.as_str(), f.as_str())), want, "{remainder}");
        }
    }

    #[test]
    fn keys_ignore_host_markdown_suffix_and_trailing_slash() {
        for (a, b) in [
            ("https://developers.make.com/api/mms", "http://127.0.0.1:9/api/mms.md"),
            ("https://h/api/mms/", "https://h/api/mms?x=1#y"),
        ] {
            assert_eq!(key(&url(a)), key(&url(b)), "{a} {b}");
        }
        assert_eq!(page_url(&url("http://h/a/b.md?x#y")).as_str(), "http://h/a/b");
    }

    #[test]
    fn sitemaps_and_text_indexes_list_pages_and_nested_indexes() {
        let base = url("http://127.0.0.1:9/sitemap.xml");
        let index = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>http://127.0.0.1:9/a.xml</loc></sitemap><sitemap><loc> /b.xml.gz </loc></sitemap></sitemapindex>"#;
        let got = parse_index(&base, index.as_bytes()).unwrap();
        let names: Vec<&str> = got.indexes.iter().map(Url::as_str).collect();
        assert_eq!(names, ["http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml.gz"]);
        assert!(got.pages.is_empty());

        let urlset = "<urlset><url><loc>https://h/p/one</loc><lastmod>2026-01-01</lastmod></url><url><loc>https://h/p/two</loc></url></urlset>";
        let got = parse_index(&base, urlset.as_bytes()).unwrap();
        assert_eq!(got.pages.iter().map(Url::as_str).collect::<Vec<_>>(), ["https://h/p/one", "https://h/p/two"]);

        let llms = "# Docs\n\n- [One](https://h/p/one.md): the first\n- [Two](/p/two.md \"title\") and [Three](<p/three.md>)\n\
                    https://h/p/four\n[Mail](mailto:a@b.c) [Anchor](#x) [More](https://h/other/llms.txt)\n";
        let got = parse_index(&url("https://h/docs/llms.txt"), llms.as_bytes()).unwrap();
        let pages: Vec<&str> = got.pages.iter().map(Url::as_str).collect();
        assert_eq!(
            pages,
            ["https://h/p/one.md", "https://h/p/two.md", "https://h/docs/p/three.md", "https://h/p/four"]
        );
        assert_eq!(got.indexes.iter().map(Url::as_str).collect::<Vec<_>>(), ["https://h/other/llms.txt"]);
    }

    #[test]
    fn gzip_is_recognised_by_its_bytes() {
        use std::io::Write as _;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<urlset><url><loc>https://h/p/z</loc></url></urlset>").unwrap();
        let got = parse_index(&url("https://h/s.xml"), &gz.finish().unwrap()).unwrap();
        assert_eq!(got.pages.len(), 1);
        let err = parse_index(&url("https://h/s.xml.gz"), &[0x1f, 0x8b, 1, 2, 3]).unwrap_err();
        assert!(err.starts_with("https://h/s.xml.gz: gzip-compressed index cannot be decompressed"), "{err}");
    }

    #[test]
    fn bad_sitemaps_are_located() {
        let base = url("https://h/s.xml");
        let cases = [
            (
                "<urlset>\n<url><loc>https://h/a</loc></url>\n<url><loc>https://h/b</url>\n</urlset>",
                "https://h/s.xml:3:",
            ),
            ("<urlset>\n  <url><lastmod>x</lastmod></url></urlset>", "https://h/s.xml:2:3: `<url>` has no `<loc>`"),
            (
                "<urlset><url>\n<loc>ftp://h/a</loc></url></urlset>",
                "https://h/s.xml:2:1: `<loc>` `ftp://h/a` is not an http(s) URL",
            ),
            ("<!doctype html><html><body>Not found</body></html>", "https://h/s.xml:1:"),
            ("<html><body>Not found</body></html>", "https://h/s.xml:1:1: root element `<html>` is neither"),
        ];
        for (text, want) in cases {
            let err = parse_index(&base, text.as_bytes()).unwrap_err();
            assert!(err.starts_with(want), "got {err}, want {want}");
        }
    }

    fn page(slug: &str, url: &str, snapshot: &str, form: Form) -> Page {
        Page { slug: slug.into(), url: url.into(), snapshot: snapshot.into(), form }
    }

    #[test]
    fn plan_matches_by_path_and_names_new_pages() {
        let pages = [
            page("mms", "https://d.com/api/ref/mms", "pages/mms.md", Form::Markdown),
            page("mms", "https://d.com/api/ref/mms", "pages/mms.rendered.txt", Form::Rendered),
            page("gone", "https://d.com/api/ref/gone", "pages/gone.md", Form::Markdown),
            page("taken", "https://d.com/api/ref/old-taken", "pages/taken.md", Form::Markdown),
        ];
        let found: Vec<Url> = [
            "http://127.0.0.1:9/api/ref/mms.md",
            "http://127.0.0.1:9/wl/ref/admin-greater-than-teams",
            "http://127.0.0.1:9/api/ref/taken",
            "http://127.0.0.1:9/api/ref/a%20b",
            "http://127.0.0.1:9/guides/intro",
            "http://127.0.0.1:9/api/ref",
            "http://127.0.0.1:9/api/ref/devices.md",
        ]
        .iter()
        .map(|u| url(u))
        .collect();
        let prefixes = ["/api/ref/".to_string(), "/wl/ref/".to_string()];
        let got = plan(&pages, &found, &prefixes);
        let mms = url("http://127.0.0.1:9/api/ref/mms");
        assert_eq!(got.known, [(0, mms.clone()), (1, mms)]);
        let new: Vec<(&str, &str, &str)> =
            got.new.iter().map(|p| (p.slug.as_str(), p.url.as_str(), p.snapshot.as_str())).collect();
        assert_eq!(
            new,
            [
                ("admin/teams", "http://127.0.0.1:9/wl/ref/admin-greater-than-teams", "pages/admin-teams.md"),
                ("devices", "http://127.0.0.1:9/api/ref/devices", "pages/devices.md"),
            ]
        );
        assert_eq!(got.vanished, [2, 3]);
        let conflicts: Vec<&str> = got.conflicts.iter().map(|(_, why)| why.as_str()).collect();
        assert_eq!(
            conflicts,
            [
                "URL path `a%20b` does not make a page slug",
                "slug `taken` is already taken by https://d.com/api/ref/old-taken"
            ]
        );
        assert_eq!(got.outside, 2, "the guide and the reference's own landing page");
    }
}
