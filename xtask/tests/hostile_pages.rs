//! Hostile-input corpus for the spec pipeline, one test per case: awkward names,
//! descriptions that break naive emitters, recursive schemas, huge pages, duplicate
//! operations, broken JSON at the end, CRLF, BOM, tabs, empty and furniture-only
//! pages. Each must give correct output or a clear located error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use xtask::diag::Diagnostics;
use xtask::extract::{Extracted, extract_page};
use xtask::names;
use xtask::pipeline::{self, Built, PageText};
use xtask::regen;
use xtask::sources::{Form, Page};

const MD_FILE: &str = "specs/pages/hostile.md";
const RENDERED_FILE: &str = "specs/pages/hostile.rendered.txt";

fn page(form: Form) -> Page {
    let snapshot = if form == Form::Markdown { "pages/hostile.md" } else { "pages/hostile.rendered.txt" };
    Page { slug: "hostile".into(), url: "https://example.invalid/hostile".into(), snapshot: snapshot.into(), form }
}

/// A one-endpoint fragment in the docs' format, with optional summary and description.
fn frag(method: &str, path: &str, summary: Option<&str>, description: Option<&str>) -> String {
    let mut op = json!({
        "tags": ["Things"],
        "responses": {"200": {"description": "Successful response",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}}
    });
    if let Some(s) = summary {
        op["summary"] = json!(s);
    }
    if let Some(d) = description {
        op["description"] = json!(d);
    }
    let params: Vec<Value> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(n, _)| json!({"name": n, "in": "path", "required": true, "schema": {"type": "integer"}}))
        .collect();
    if !params.is_empty() {
        op["parameters"] = Value::Array(params);
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Hostile", "version": "1.0.0"},
        "tags": [{"name": "Things", "description": "Things."}],
        "servers": [{"url": "https://eu1.make.com/api/v2", "description": "EU1"}],
        "security": [{"token": ["things:read"]}],
        "components": {"securitySchemes": {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}},
        "paths": {path: {method: op}}
    })
    .to_string()
}

/// A markdown section: `## heading`, optional quote, the fence.
fn section(heading: &str, quote: &str, fragment: &str) -> String {
    let quote: String = quote.lines().map(|l| format!("> {l}\n")).collect();
    format!("## {heading}\n\n{quote}\n```json\n{fragment}\n```\n\n")
}

fn md(sections: &[String]) -> String {
    format!("# Hostile\n\nIntro text.\n\n{}", sections.concat())
}

fn build(form: Form, text: &str) -> Result<Built, Diagnostics> {
    pipeline::build(&[PageText { page: page(form), text: text.to_string() }], None)
}

/// Builds, and checks what every accepted spec must satisfy: the YAML reads back
/// into the same typed spec, names are valid and unique per resource, and a second
/// run with the written lock changes nothing.
fn build_ok(form: Form, text: &str) -> Built {
    let built = build(form, text).unwrap_or_else(|d| panic!("{d}"));
    let back: openapiv3::OpenAPI = yaml_serde::from_str(&built.yaml().unwrap()).unwrap();
    assert_eq!(back, built.spec, "YAML does not round-trip");
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, method, op) in built.spec.operations() {
        let name = op.operation_id.clone().unwrap_or_else(|| panic!("{method} {path} has no name"));
        assert!(names::is_valid_name(&name), "{method} {path}: invalid name {name:?}");
        let resource = op.tags.first().cloned().unwrap_or_default();
        assert!(seen.entry(resource).or_default().insert(name.clone()), "{method} {path}: name {name} used twice");
    }
    let again = pipeline::build(&[PageText { page: page(form), text: text.to_string() }], Some(&built.lock)).unwrap();
    assert_eq!(
        (&again.yaml().unwrap(), &again.lock),
        (&built.yaml().unwrap(), &built.lock),
        "second run with the lock differs"
    );
    built
}

fn build_err(form: Form, text: &str) -> Vec<String> {
    match build(form, text) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.0.iter().map(ToString::to_string).collect(),
    }
}

/// 1-based line of the first line equal to `line`.
fn line_of(text: &str, line: &str) -> usize {
    text.lines().position(|l| l == line).unwrap() + 1
}

/// `(summary, operationId)` for every operation, sorted by path.
fn names_by_summary(built: &Built) -> Vec<(String, String)> {
    let mut out: Vec<(String, String, String)> = built
        .spec
        .operations()
        .map(|(p, _, op)| (p.to_string(), op.summary.clone().unwrap_or_default(), op.operation_id.clone().unwrap()))
        .collect();
    out.sort();
    out.into_iter().map(|(_, s, n)| (s, n)).collect()
}

/// One GET section per heading, on paths `/h0`, `/h1`, …
fn page_with_headings(headings: &[&str]) -> String {
    let sections: Vec<String> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| section(h, "Does it.", &frag("get", &format!("/h{i}"), None, None)))
        .collect();
    md(&sections)
}

fn op_at<'a>(built: &'a Built, path: &str) -> &'a openapiv3::Operation {
    built.spec.operations().find(|(p, ..)| *p == path).map(|(_, _, op)| op).unwrap()
}

// ---- names -----------------------------------------------------------------

#[test]
fn headings_that_are_rust_keywords_get_a_trailing_underscore() {
    // `union` too: names use the generator's keyword list.
    let headings = ["Type", "fn", "Match", "loop", "async", "Await", "dyn", "gen", "Try", "Union"];
    let built = build_ok(Form::Markdown, &page_with_headings(&headings));
    for (summary, name) in names_by_summary(&built) {
        assert_eq!(name, format!("{}_", summary.to_lowercase()), "{summary}");
    }
}

#[test]
fn self_crate_and_self_type_headings_give_distinct_valid_names() {
    let built = build_ok(Form::Markdown, &page_with_headings(&["self", "crate", "Self", "super"]));
    let got: Vec<String> = names_by_summary(&built).into_iter().map(|(_, n)| n).collect();
    // `Self` names what `self` named already: the method and path tell it apart.
    assert_eq!(got, ["self_", "crate_", "get_h2", "super_"]);
    for name in &got {
        assert!(!name.contains("__"), "{name} is not snake case (rustc's non_snake_case warns)");
    }
}

#[test]
fn empty_heading_falls_back_to_method_and_path() {
    let text = md(&[section("", "", &frag("delete", "/things/{thingId}", None, None))]);
    let built = build_ok(Form::Markdown, &text);
    let op = op_at(&built, "/things/{thingId}");
    assert_eq!(op.summary, None);
    assert_eq!(op.operation_id.as_deref(), Some("delete_thing"));
}

#[test]
fn digits_first_headings_get_a_prefix() {
    let built = build_ok(Form::Markdown, &page_with_headings(&["2FA reset", "404 handler", "3"]));
    let got: Vec<String> = names_by_summary(&built).into_iter().map(|(_, n)| n).collect();
    assert_eq!(got, ["op_2fa_reset", "op_404_handler", "op_3"]);
}

#[test]
fn unicode_headings_give_valid_unique_names() {
    let headings = ["Получить организацию", "取得する", "Émile's café list", "🦀🦀", "Ünïcödé things"];
    let built = build_ok(Form::Markdown, &page_with_headings(&headings));
    let got = names_by_summary(&built);
    // The summaries themselves are kept as written.
    assert_eq!(got.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(), headings);
}

#[test]
fn thousand_character_headings_are_handled() {
    let long_ascii = format!("List {}", "things and ".repeat(100)).chars().take(1000).collect::<String>();
    let long_unicode = "ж".repeat(1000);
    assert_eq!(long_ascii.chars().count(), 1000);
    let built = build_ok(Form::Markdown, &page_with_headings(&[&long_ascii, &long_unicode]));
    let got = names_by_summary(&built);
    assert_eq!(got[0].0, long_ascii.trim_end());
    assert_eq!(got[1].0, long_unicode);
}

#[test]
fn summaries_that_collide_after_case_conversion_get_unique_names() {
    let headings = ["List things", "list-things", "LIST THINGS", "list_things", "ListThings", "List the things"];
    let built = build_ok(Form::Markdown, &page_with_headings(&headings));
    let got: Vec<String> = names_by_summary(&built).into_iter().map(|(_, n)| n).collect();
    // The first keeps the summary's name; the others are named by their method and path.
    assert_eq!(got, ["list_things", "get_h1", "get_h2", "get_h3", "get_h4", "get_h5"]);
}

#[test]
fn keyword_collisions_stay_snake_case() {
    // `type_` taken, so the next `Type` needs a suffix: `type__get` would trip non_snake_case.
    let built = build_ok(Form::Markdown, &page_with_headings(&["Type", "type", "TYPE"]));
    for (_, name) in names_by_summary(&built) {
        assert!(!name.contains("__"), "{name}");
    }
    assert!(!names::is_valid_name("type__get"), "double underscores are not snake case");
}

#[test]
fn rendered_titles_that_are_keywords_or_unicode_give_valid_names() {
    let block = |title: &str, path: &str| {
        format!(
            "{title}\n\nget\n{path}\n\nDoes it.\n\nAuthorizations\nAuthorizationstringRequired\n\nResponses\n200\n\nSuccessful response\n\n"
        )
    };
    let text = format!(
        "Things\n\nThe things.\n\n{}{}{}{}Last updated\n",
        block("Self", "/a"),
        block("self", "/b"),
        block("Ωμέγα", "/c"),
        block("1st thing", "/d")
    );
    let built = build_ok(Form::Rendered, &text);
    assert_eq!(built.spec.operations().count(), 4);
}

// ---- descriptions ----------------------------------------------------------

/// Texts that break naive doc-comment, raw-string, markdown or YAML emitters.
const NASTY_TEXTS: &[&str] = &[
    "Closes a comment */ and opens one /* here",
    "Raw string end \"# and \"## and r#\"x\"#",
    "A fence:\n```rust\nfn main() {}\n```\nand ``` inline",
    "<script>alert(1)</script> <b>bold</b> <!-- comment --> &amp; &lt;",
    "See https://example.com/a_b?c=d&e=f#frag and www.example.com",
    "yes",
    "~",
    "- looks like a list: [1, 2] {a: b} # not a comment",
    "  leading and trailing spaces  ",
    "Tab\there, NUL-free unicode: 𝓤𝓷𝓲 ✓, quotes ' \" `",
];

#[test]
fn hostile_descriptions_in_fragments_survive_unchanged() {
    for (i, text) in NASTY_TEXTS.iter().enumerate() {
        let page = md(&[section("Get thing", "", &frag("get", "/a", Some(text), Some(text)))]);
        let built = build_ok(Form::Markdown, &page);
        let op = op_at(&built, "/a");
        assert_eq!(op.description.as_deref(), Some(*text), "case {i}");
        assert_eq!(op.summary.as_deref(), Some(*text), "case {i}");
    }
}

#[test]
fn hostile_descriptions_in_quotes_survive_unchanged() {
    let quote = "Closes */ and \"# raw, a <b>tag</b> and https://example.com/x?y=1#z\n```\nfenced\n```";
    let built = build_ok(Form::Markdown, &md(&[section("Get thing", quote, &frag("get", "/a", None, None))]));
    assert_eq!(op_at(&built, "/a").description.as_deref(), Some(quote));
}

#[test]
fn hostile_tag_description_survives() {
    let page =
        md(&[section("Get thing", "", &frag("get", "/a", None, None).replace("\"Things.\"", "\"*/ \\\"# ```\""))]);
    let built = build_ok(Form::Markdown, &page);
    assert_eq!(built.spec.tags[0].description.as_deref(), Some("*/ \"# ```"));
}

// ---- schemas ---------------------------------------------------------------

fn with_schemas(schemas: Value, response: Value) -> String {
    let mut f: Value = serde_json::from_str(&frag("get", "/tree", Some("Get tree"), None)).unwrap();
    f["components"]["schemas"] = schemas;
    f["paths"]["/tree"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = response;
    md(&[section("Get tree", "", &f.to_string())])
}

#[test]
fn self_and_mutually_recursive_schemas_are_kept_as_references() {
    let schemas = json!({
        "Node": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"}}},
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}
    });
    let built = build_ok(Form::Markdown, &with_schemas(schemas.clone(), json!({"$ref": "#/components/schemas/Node"})));
    let got = serde_json::to_value(&built.spec.components.as_ref().unwrap().schemas).unwrap();
    assert_eq!(got, schemas);
}

/// Runs `f` on a thread with a stack as large as the pipeline's own, for checks
/// (YAML read-back, comparison) that recurse as deep as the spec does.
fn on_big_stack(f: impl FnOnce() + Send) {
    std::thread::scope(|s| {
        std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(s, f).unwrap().join().unwrap();
    });
}

/// Schemas nested within serde_json's 128-level limit (counting the fragment's own levels) are
/// accepted and written as YAML that reads back; deeper ones are one located error.
#[test]
fn deeply_nested_schemas_are_accepted_within_the_json_limit_and_located_beyond_it() {
    // ~50 KB of stack per schema level in debug builds: 60 levels overflowed a
    // default test thread before the pipeline got a stack of its own.
    for (depth, accepted) in [(20, true), (60, true), (110, true), (200, false)] {
        let mut s = json!({"type": "integer"});
        for _ in 0..depth {
            s = json!({"type": "array", "items": s});
        }
        // serde_json stops at 128 levels, so build the text by hand beyond that.
        let text = with_schemas(json!({}), json!({"type": "integer"}))
            .replace(r#"{"type":"integer"}"#, &s.to_string().replace(' ', ""));
        let fence = text.lines().position(|l| l == "```json").unwrap() + 1;
        match build(Form::Markdown, &text) {
            Ok(built) => on_big_stack(|| {
                assert!(accepted, "depth {depth} accepted");
                let back: openapiv3::OpenAPI = yaml_serde::from_str(&built.yaml().unwrap())
                    .unwrap_or_else(|e| panic!("depth {depth}: the written YAML does not read back: {e}"));
                assert_eq!(back, built.spec);
            }),
            Err(d) => {
                let got: Vec<String> = d.0.iter().map(ToString::to_string).collect();
                assert!(!accepted, "depth {depth} rejected: {got:?}");
                assert_eq!(got.len(), 1);
                let want = format!("{MD_FILE}:{}: fragment is not valid JSON: recursion limit exceeded", fence + 1);
                assert!(got[0].starts_with(&want), "{got:?}");
            }
        }
    }
}

#[test]
fn examples_nested_beyond_the_depth_limit_are_a_located_error() {
    // A rendered response sample 100 levels deep infers a schema twice as deep.
    let sample = format!("{}1{}", "{\"a\": ".repeat(100), "}".repeat(100));
    let text = format!(
        "Things\n\nThe things.\n\nGet deep\n\nget\n/deep\n\nResponses\n200\n\nSuccessful response\n\napplication/json\nget\n/deep\n200\n\nSuccessful response\n\n{sample}\n"
    );
    let got = build_err(Form::Rendered, &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with(&format!("{RENDERED_FILE}:5: `#/paths/~1deep/get/responses/200/content/application~1json/schema/properties/a/properties/a/")), "{}", got[0]);
    assert!(got[0].ends_with("is nested more than 128 levels deep"), "{}", got[0]);
    // Half as deep is accepted.
    let shallow = text.replace(&sample, &format!("{}1{}", "{\"a\": ".repeat(50), "}".repeat(50)));
    on_big_stack(|| {
        build_ok(Form::Rendered, &shallow);
    });
}

// ---- size --------------------------------------------------------------------

#[test]
fn ten_megabyte_markdown_page_completes() {
    let mut sections = Vec::new();
    let mut len = 0;
    // ~100 KB per section: a hundred operations, most of the bytes in descriptions
    // (thousands of operations are the benchmark's business).
    let filler = "Long description text. ".repeat(4000);
    let mut i = 0;
    while len < 10 * 1024 * 1024 {
        let s = section(&format!("Get thing {i}"), &filler, &frag("get", &format!("/things{i}/{{id}}"), None, None));
        len += s.len();
        sections.push(s);
        i += 1;
    }
    let text = md(&sections);
    assert!(text.len() >= 10 * 1024 * 1024);
    let built = build(Form::Markdown, &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(built.spec.paths.paths.len(), i);
}

#[test]
fn ten_megabyte_rendered_page_completes() {
    // The real page with 10 MB of prose in its introduction and in one block.
    let p = real("pages/organizations.rendered.txt");
    let prose = "Some words about organizations, with https://example.com and */ \"#.\n\n".repeat(80_000);
    let (title, rest) = p.text.split_once("\n\n").unwrap();
    let text = format!("{title}\n\n{prose}{rest}").replacen(
        "Retrieves a collection of all organizations",
        &format!("{prose}Retrieves a collection of all organizations"),
        1,
    );
    assert!(text.len() >= 10 * 1024 * 1024, "{}", text.len());
    let one = build_ok(Form::Rendered, &p.text);
    let big = build(Form::Rendered, &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(big.spec.operations().count(), one.spec.operations().count());
    assert!(big.spec.tags[0].description.as_ref().unwrap().len() > 5 * 1024 * 1024);
}

#[test]
fn a_hundred_thousand_block_starts_complete() {
    // Alternating titles and method lines: every pair looks like a block start. The
    // block finder used to compare each start with all earlier ones (quadratic).
    let unit = "Title\n\nget\n\n";
    let text = format!("Page\n\n{}", unit.repeat(100_000));
    let err = extract_page(&page(Form::Rendered), &text).unwrap_err();
    assert_eq!(err.0.len(), 100_000);
    for (i, d) in err.0.iter().enumerate() {
        assert_eq!((d.file.as_str(), d.line), (RENDERED_FILE, 3 + 4 * i));
        assert_eq!(
            d.message,
            "endpoint block `Title` has no path (no path line after the method and no example request line)"
        );
    }
}

#[test]
fn ten_megabyte_single_line_page_errors_cleanly() {
    let text = format!("## Big\n\n```json\n{{\"openapi\": \"{}\n```\n", "x".repeat(10 * 1024 * 1024));
    let got = build_err(Form::Markdown, &text);
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with(&format!("{MD_FILE}:4: fragment is not valid JSON")), "{}", &got[0][..100]);
}

// ---- duplicates ----------------------------------------------------------------

#[test]
fn identical_duplicate_operations_are_merged() {
    let f = frag("get", "/a", Some("Get a"), None);
    let text = md(&[section("Get a", "", &f), section("Get a again", "", &f)]);
    let (first, second) = (line_of(&text, "## Get a"), line_of(&text, "## Get a again"));
    let built = build_ok(Form::Markdown, &text);
    assert_eq!(built.spec.operations().count(), 1);
    assert_eq!(
        built.report.notes,
        [format!("GET /a is documented identically at {MD_FILE}:{first} and {MD_FILE}:{second}; merged")]
    );
}

#[test]
fn different_duplicate_operations_are_a_conflict_naming_both_places() {
    let text = md(&[
        section("Get a", "", &frag("get", "/a", Some("Get a"), None)),
        section("Get b", "", &frag("get", "/a", Some("Get b"), None)),
    ]);
    let (first, second) = (line_of(&text, "## Get a"), line_of(&text, "## Get b"));
    let got = build_err(Form::Markdown, &text);
    assert_eq!(got, [format!("{MD_FILE}:{second}: GET /a conflicts with its other definition at {MD_FILE}:{first}")]);
}

#[test]
fn duplicate_across_two_pages_names_both_files() {
    let a = md(&[section("Get a", "", &frag("get", "/a", Some("Get a"), None))]);
    let b = md(&[section("Get a", "", &frag("get", "/a", Some("Get a differently"), None))]);
    let mut other = page(Form::Markdown);
    other.slug = "other".into();
    other.snapshot = "pages/other.md".into();
    let err = pipeline::build(
        &[PageText { page: page(Form::Markdown), text: a.clone() }, PageText { page: other, text: b }],
        None,
    )
    .unwrap_err();
    let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    let at = line_of(&a, "## Get a");
    assert_eq!(
        got,
        [format!("specs/pages/other.md:{at}: GET /a conflicts with its other definition at {MD_FILE}:{at}")]
    );
}

// ---- broken endings ------------------------------------------------------------

#[test]
fn invalid_json_at_the_very_end_is_reported_at_its_line() {
    let good = section("Get a", "", &frag("get", "/a", None, None));
    let cut = frag("get", "/b", None, None);
    let cut = cut.strip_suffix("}}}").unwrap();
    // A closed fence whose JSON stops short, with no newline at the end of the page.
    let text = format!("{}## Get b\n\n```json\n{cut}\n```", md(std::slice::from_ref(&good)));
    let line = text.lines().position(|l| l == cut).unwrap() + 1;
    let got = build_err(Form::Markdown, &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with(&format!("{MD_FILE}:{line}: fragment is not valid JSON: EOF")), "{}", got[0]);
    // Pretty-printed, the error names the last line of the fragment.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&frag("get", "/b", None, None)).unwrap()).unwrap();
    let pretty = pretty.trim_end_matches(['}', '\n', ' ']);
    let text = format!("{}## Get b\n\n```json\n{pretty}\n```\n", md(std::slice::from_ref(&good)));
    let last = text.lines().count() - 1;
    let got = build_err(Form::Markdown, &text);
    assert!(got[0].starts_with(&format!("{MD_FILE}:{last}: fragment is not valid JSON")), "{}", got[0]);
    // Never closed: the error is at the opening fence.
    let text = format!("{}## Get b\n\n```json\n{cut}", md(&[good]));
    let got = build_err(Form::Markdown, &text);
    let fence = text.lines().enumerate().filter(|(_, l)| *l == "```json").map(|(i, _)| i + 1).last().unwrap();
    assert_eq!(got, [format!("{MD_FILE}:{fence}: code fence is never closed")]);
}

#[test]
fn broken_example_json_at_the_end_of_a_rendered_page_is_located() {
    let text = "Things\n\nThe things.\n\nCreate thing\n\npost\n/things\n\nAuthorizations\nAuthorizationstringRequired\n\nResponses\n200\n\nSuccessful response\n\napplication/json\npost\n/things\n200\n\nSuccessful response\n\n{\n  \"id\": 1,\n  \"name\": ";
    let err = extract_page(&page(Form::Rendered), text).unwrap_err();
    let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    let open = text.lines().position(|l| l == "{").unwrap() + 1;
    assert_eq!(got, [format!("{RENDERED_FILE}:{open}: example JSON is not closed before the block ends")]);
}

// ---- encodings and whitespace --------------------------------------------------

fn real(snapshot: &str) -> PageText {
    regen::read_pages(&regen::repo_root()).unwrap().into_iter().find(|p| p.page.snapshot == snapshot).unwrap()
}

fn extract(p: &PageText, text: &str) -> Extracted {
    extract_page(&p.page, text).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn crlf_line_endings_give_the_same_result() {
    for snapshot in ["pages/mms.md", "pages/organizations.rendered.txt"] {
        let p = real(snapshot);
        assert!(!p.text.contains('\r'));
        let crlf = p.text.replace('\n', "\r\n");
        assert_eq!(extract(&p, &crlf), extract(&p, &p.text), "{snapshot}");
    }
}

#[test]
fn a_byte_order_mark_is_ignored() {
    for snapshot in ["pages/mms.md", "pages/admin-organizations.rendered.txt"] {
        let p = real(snapshot);
        let bom = format!("\u{feff}{}", p.text);
        assert_eq!(extract(&p, &bom), extract(&p, &p.text), "{snapshot}");
    }
    // Even when the first line is already a section heading.
    let text = format!("\u{feff}{}", section("Get a", "", &frag("get", "/a", None, None)));
    let built = build_ok(Form::Markdown, &text);
    assert_eq!(op_at(&built, "/a").summary.as_deref(), Some("Get a"));
}

#[test]
fn tabs_in_headings_quotes_and_fragments() {
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&frag("get", "/a", None, None)).unwrap())
        .unwrap()
        .replace("  ", "\t");
    let text = format!("# T\n\n##\tGet a\t\n\n>\tTabbed\tquote\n\n```json\t\n{pretty}\n```\n");
    let built = build_ok(Form::Markdown, &text);
    let op = op_at(&built, "/a");
    assert_eq!(op.summary.as_deref(), Some("Get a"));
    assert_eq!(op.description.as_deref(), Some("Tabbed\tquote"));
    // Rendered: tab-indented method and status lines.
    let rendered = "Things\n\nThe things.\n\nGet a\n\n\tget\n/a\n\nResponses\n\t200\n\nSuccessful response\n";
    let built = build_ok(Form::Rendered, rendered);
    assert_eq!(op_at(&built, "/a").summary.as_deref(), Some("Get a"));
}

#[test]
fn uppercase_json_info_string_is_a_fragment() {
    let text = format!("## Get a\n\n```JSON\n{}\n```\n", frag("get", "/a", None, None));
    let built = build_ok(Form::Markdown, &text);
    assert_eq!(built.spec.operations().count(), 1);
}

#[test]
fn a_fragment_before_any_heading_is_listed_as_skipped() {
    let text = format!("# T\n\n```json\n{}\n```\n", frag("get", "/a", None, None));
    let x = extract_page(&page(Form::Markdown), &text).unwrap_or_else(|d| panic!("{d}"));
    assert!(x.endpoints.is_empty());
    let skips: Vec<(usize, &str)> = x.skips.iter().map(|s| (s.line, s.reason.as_str())).collect();
    assert_eq!(skips, [(3, "```json fragment before the first `## ` heading")]);
}

// ---- empty and furniture ---------------------------------------------------------

#[test]
fn empty_pages() {
    for text in ["", "\n\n", "   \r\n", "\u{feff}"] {
        let x = extract_page(&page(Form::Markdown), text).unwrap();
        assert_eq!(x, Extracted::default(), "{text:?}");
        let err = extract_page(&page(Form::Rendered), text).unwrap_err();
        assert_eq!(err.to_string(), format!("error: {RENDERED_FILE}:0: the page is empty\n1 problem(s)"));
    }
    // An empty markdown page gives an empty (still valid) spec.
    let built = build_ok(Form::Markdown, "");
    assert_eq!(built.spec.operations().count(), 0);
}

#[test]
fn page_of_only_furniture() {
    let text = "# Title\n\nIntro.\n\n## About\n\nText.\n\n```\nGET /not/json\n```\n\n## More\n\n---\n\n# Notes\n\n```json\n{}\n```\n";
    let x = extract_page(&page(Form::Markdown), text).unwrap();
    assert!(x.endpoints.is_empty());
    let lines: Vec<usize> = x.skips.iter().map(|s| s.line).collect();
    assert_eq!(lines, [5, 13, 15]);
    let rendered = "Title\n\nSome intro text.\n\nMore text\n\nLast updated 2 days ago\n";
    let err = extract_page(&page(Form::Rendered), rendered).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].line, 1);
    assert!(err.0[0].message.contains("no endpoint block found"), "{}", err.0[0]);
}
