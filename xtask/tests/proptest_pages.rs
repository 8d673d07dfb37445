//! Property tests: arbitrary and damaged page text, and arbitrary JSON in fences,
//! never panic the pipeline; every rejection is a diagnostic located inside the page.
//!
//! Case counts follow proptest's default (256, or `PROPTEST_CASES`); the properties
//! that run the whole pipeline over the real pages use an eighth of that.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Map, Value};
use xtask::diag::{Diagnostic, Diagnostics};
use xtask::extract::{Endpoint, extract_page};
use xtask::pipeline::{self, PageText};
use xtask::sources::{Form, Page};
use xtask::{merge, names, normalize, regen};

/// The real snapshots, read once.
fn real_pages() -> &'static [PageText] {
    static PAGES: OnceLock<Vec<PageText>> = OnceLock::new();
    PAGES.get_or_init(|| regen::read_pages(&regen::repo_root()).unwrap())
}

fn page(form: Form) -> Page {
    let snapshot = if form == Form::Markdown { "pages/fuzz.md" } else { "pages/fuzz.rendered.txt" };
    Page { slug: "fuzz".into(), url: "https://example.invalid/fuzz".into(), snapshot: snapshot.into(), form }
}

/// The default config (256 cases unless `PROPTEST_CASES` says otherwise), divided.
fn config(divide: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig { cases: (base.cases / divide).max(1), ..base }
}

/// Checks that a diagnostic points into `text` of `file`: line 1..=lines+1 (one past
/// the end is where an unexpected end of file is reported). The one documented
/// exception is line 0, "the file as a whole", for an empty rendered page (a byte order mark
/// alone is empty: it is not content).
fn located_in(d: &Diagnostic, file: &str, text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(&d.file, file, "{}", d);
    let lines = text.lines().count();
    if d.line == 0 {
        let content = text.strip_prefix('\u{feff}').unwrap_or(text);
        prop_assert!(
            d.message == "the page is empty" && content.trim().is_empty(),
            "line 0 for a non-empty page: {}",
            d
        );
    } else {
        prop_assert!(d.line <= lines + 1, "line beyond the page ({} lines): {}", lines, d);
    }
    prop_assert!(!d.message.is_empty() && !d.message.contains('\n'), "message must be one line: {:?}", d.message);
    Ok(())
}

fn check_extract(form: Form, text: &str) -> Result<(), TestCaseError> {
    let p = page(form);
    if let Err(Diagnostics(diags)) = extract_page(&p, text) {
        prop_assert!(!diags.is_empty());
        for d in &diags {
            located_in(d, &p.file(), text)?;
        }
    }
    Ok(())
}

/// Runs the whole pipeline over the real pages with one page replaced; problems
/// must be located in the replaced page (the others are fine as they are). A
/// spec that comes out must round-trip through its YAML.
fn check_build(replace: usize, text: &str) -> Result<(), TestCaseError> {
    let mut pages = real_pages().to_vec();
    let target = pages[replace].page.clone();
    pages[replace].text = text.to_string();
    let file = target.file();
    match pipeline::build(&pages, None) {
        Ok(built) => {
            let back: openapiv3::OpenAPI = yaml_serde::from_str(&built.yaml().unwrap()).unwrap();
            prop_assert_eq!(back, built.spec);
        }
        Err(Diagnostics(diags)) => {
            prop_assert!(!diags.is_empty());
            for d in &diags {
                if d.file == file {
                    located_in(d, &file, text)?;
                } else {
                    // A conflict between the damaged page and an intact one is reported
                    // at the intact page's endpoint, naming the damaged page as the other place.
                    prop_assert!(d.message.contains(&file), "problem outside the damaged page: {}", d);
                    prop_assert!(d.line >= 1, "{}", d);
                }
            }
        }
    }
    Ok(())
}

/// One damage done to a page.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut the text at this fraction (per mille) of its length.
    Truncate(u16),
    /// Remove line n (mod the line count).
    DeleteLine(usize),
    /// Repeat line n.
    DuplicateLine(usize),
    /// Put `insert` at this fraction (per mille) of the text.
    Insert(u16, String),
    /// Swap two fence lines (or, on rendered pages, two arbitrary lines).
    SwapFences(usize, usize),
    /// Replace line n with other text.
    ReplaceLine(usize, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    let insertion = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("```".to_string()),
        Just("```json\n".to_string()),
        Just("\n---\n".to_string()),
        Just("\n## ".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r".to_string()),
        Just("\n\nget\n".to_string()),
        Just("\nResponses\n".to_string()),
        Just("{".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        "[^\n]{0,12}",
    ];
    prop_oneof![
        (0u16..=1000).prop_map(Damage::Truncate),
        any::<usize>().prop_map(Damage::DeleteLine),
        any::<usize>().prop_map(Damage::DuplicateLine),
        (0u16..=1000, insertion.clone()).prop_map(|(at, s)| Damage::Insert(at, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::SwapFences(a, b)),
        (any::<usize>(), insertion).prop_map(|(n, s)| Damage::ReplaceLine(n, s)),
    ]
}

/// The char boundary at or before `per_mille` of `text`.
fn boundary(text: &str, per_mille: u16) -> usize {
    let mut at = text.len() * usize::from(per_mille) / 1000;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, d: &Damage) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let n = lines.len();
    match d {
        Damage::Truncate(at) => return text[..boundary(text, *at)].to_string(),
        Damage::Insert(at, s) => {
            let at = boundary(text, *at);
            return format!("{}{s}{}", &text[..at], &text[at..]);
        }
        Damage::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Damage::DuplicateLine(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Damage::ReplaceLine(i, s) => lines[i % n] = s.clone(),
        Damage::SwapFences(a, b) => {
            let fences: Vec<usize> = (0..n).filter(|&i| lines[i].trim_start().starts_with("```")).collect();
            let pool: Vec<usize> = if fences.len() >= 2 { fences } else { (0..n).collect() };
            lines.swap(pool[a % pool.len()], pool[b % pool.len()]);
        }
    }
    lines.join("\n")
}

/// A real page (index into `real_pages`) with 1–4 damages applied.
fn damaged_page() -> impl Strategy<Value = (usize, String)> {
    let count = real_pages().len();
    (0..count, prop::collection::vec(damage(), 1..=4)).prop_map(|(i, ds)| {
        let text = ds.iter().fold(real_pages()[i].text.clone(), |t, d| apply(&t, d));
        (i, text)
    })
}

/// Lines built from the vocabulary both page forms are made of, plus noise.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## List things".to_string()),
        Just("## GET /things/{id}".to_string()),
        Just("## ".to_string()),
        Just("> A quote with \\`code\\`.".to_string()),
        Just("```json".to_string()),
        Just("```JSON".to_string()),
        Just("~~~".to_string()),
        Just("```".to_string()),
        Just("---".to_string()),
        Just(r#"{"paths":{"/a":{"get":{"responses":{}}}}}"#.to_string()),
        Just(r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/things/{id}":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#.to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(String::new()),
        Just("get".to_string()),
        Just("post".to_string()),
        Just("/things/{id}".to_string()),
        Just("GET /api/v2/things/{id} HTTP/1.1".to_string()),
        Just("Host: eu1.make.com".to_string()),
        Just("Path parameters".to_string()),
        Just("idintegerRequired".to_string()),
        Just("valueone ofOptional".to_string()),
        Just("or".to_string()),
        Just("Possible values:".to_string()),
        Just("Example: 5".to_string()),
        Just("Body".to_string()),
        Just("Authorizations".to_string()),
        Just("lockRequired scopes".to_string()),
        Just("Parameter".to_string()),
        Just("Description and values".to_string()),
        Just("size REQUIRED".to_string()),
        Just("Type: uinteger".to_string()),
        Just("Values:".to_string()),
        Just("  • max: 9".to_string()),
        Just("Responses".to_string()),
        Just("chevron-right".to_string()),
        Just("200".to_string()),
        Just("default".to_string()),
        Just("application/json".to_string()),
        Just("Last updated".to_string()),
        "[^\n]{0,40}",
        any::<String>().prop_map(|s| s.replace('\n', " ")),
    ]
}

/// A page made of vocabulary lines, with LF or CRLF line ends.
fn synthetic_page() -> impl Strategy<Value = String> {
    (prop::collection::vec(page_line(), 0..40), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// JSON shaped like OpenAPI: keys and strings mostly from its vocabulary.
fn json_value() -> impl Strategy<Value = Value> {
    let word = prop_oneof![
        Just("type"),
        Just("format"),
        Just("properties"),
        Just("items"),
        Just("additionalProperties"),
        Just("oneOf"),
        Just("allOf"),
        Just("not"),
        Just("$ref"),
        Just("bigint"),
        Just("datetime"),
        Just("object"),
        Just("integer"),
        Just("string"),
        Just("paths"),
        Just("/a"),
        Just("get"),
        Just("parameters"),
        Just("schema"),
        Just("content"),
        Just("application/json"),
        Just("responses"),
        Just("200"),
        Just("security"),
        Just("servers"),
        Just("url"),
        Just("components"),
        Just("schemas"),
        Just("tags"),
        Just("name"),
        Just("description"),
        Just("#/components/schemas/A"),
    ]
    .prop_map(str::to_string);
    let text = prop_oneof![4 => word, 1 => any::<String>()];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((text.clone(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// An otherwise valid fragment with arbitrary JSON at the places schemas live.
fn fragment_with(schema: &Value, extra: &Value) -> Value {
    serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"A": schema}},
        "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", "schema": schema}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": extra}}}}
        }}}
    })
}

fn md_page(fragment: &str) -> String {
    format!("# Fuzz\n\n## Get a\n\n> Gets a.\n\n```json\n{fragment}\n```\n")
}

fn endpoint(line: usize, method: &str, path: &str, document: Value) -> Endpoint {
    Endpoint {
        page: "fuzz".into(),
        file: "specs/pages/fuzz.md".into(),
        form: Form::Markdown,
        heading: "Get a".into(),
        line,
        method: method.into(),
        path: path.into(),
        document,
    }
}

/// Summaries that collide once turned into names, are keywords, empty, digits-first or unicode.
const SUMMARIES: &[&str] = &[
    "List things",
    "list-things",
    "LIST THINGS",
    "list_things",
    "Type",
    "type",
    "fn",
    "self",
    "Self",
    "Union",
    "",
    "   ",
    "2FA reset",
    "日本",
    "Get a",
    "get a",
];

/// Names a hand-edited lock might give (some colliding, some invalid).
const LOCKED_NAMES: &[&str] = &["list", "get_a", "list", "fn", "Type", "x"];

/// One page's worth of endpoints as extraction makes them: mostly distinct operations
/// (`/p<i>…`) with hostile summaries and tags and arbitrary JSON where schemas live. A few
/// repeat an earlier operation differently or share a component name with different
/// contents (merge conflicts), and a few come with a hand-edited lock naming some of them.
fn page_endpoints() -> impl Strategy<Value = (Vec<Endpoint>, Option<String>)> {
    let one = (
        proptest::sample::select(&["get", "put", "post", "delete", "patch"][..]),
        "[a-z{}/]{0,6}",
        prop_oneof![3 => proptest::sample::select(SUMMARIES).prop_map(str::to_owned), 1 => any::<String>()],
        proptest::sample::select(&["Things", "Admin > Things", "Other", ""][..]),
        (json_value(), json_value()),
        prop::sample::select(&["own", "own", "own", "own", "own", "own", "own", "own", "own", "repeat", "shared"][..]),
        prop::option::weighted(0.1, prop::sample::select(LOCKED_NAMES)),
    );
    prop::collection::vec(one, 1..8).prop_map(|ops| {
        let mut endpoints: Vec<Endpoint> = Vec::new();
        let mut lock = String::new();
        for (i, (method, suffix, summary, tag, (schema, extra), kind, locked)) in ops.into_iter().enumerate() {
            let (method, path) = match (kind, endpoints.last()) {
                ("repeat", Some(last)) => (last.method.clone(), last.path.clone()),
                _ => (method.to_string(), format!("/p{i}{suffix}")),
            };
            let component = if kind == "shared" { "Shared".to_string() } else { format!("C{i}") };
            let mut doc = fragment_with(&schema, &extra);
            let op = doc["paths"]["/a"]["get"].take();
            doc["paths"] = serde_json::json!({ path.clone(): { method.clone(): op } });
            doc["paths"][&path][&method]["summary"] = Value::String(summary);
            doc["paths"][&path][&method]["tags"] = serde_json::json!([tag]);
            doc["components"] = serde_json::json!({"schemas": {component: schema}});
            if let Some(name) = locked {
                lock.push_str(&format!("\"{} {path}\" = \"{name}\"\n", method.to_uppercase()));
            }
            endpoints.push(endpoint(3 + 6 * i, &method, &path, doc));
        }
        let lock = (!lock.is_empty()).then(|| format!("[operations]\n{lock}"));
        (endpoints, lock)
    })
}

/// What merging and naming one page's endpoints gave.
enum Outcome {
    /// The merge failed with these problems.
    MergeFailed(Vec<Diagnostic>),
    /// Reading the lock or naming failed with these problems (located in the lock).
    NamingFailed(Vec<Diagnostic>),
    /// Every operation got a name: the merged spec and the new lock text.
    Named(Value, String),
}

fn merge_and_name(endpoints: &[Endpoint], lock: Option<&str>) -> Outcome {
    let merged = match merge::merge(endpoints) {
        Ok(m) => m,
        Err(Diagnostics(d)) => return Outcome::MergeFailed(d),
    };
    let lock = match names::parse_lock(lock) {
        Ok(lock) => lock,
        Err(Diagnostics(d)) => return Outcome::NamingFailed(d),
    };
    let mut spec = merged.spec;
    match names::assign(&mut spec, &lock) {
        Ok((text, _)) => Outcome::Named(spec, text),
        Err(Diagnostics(d)) => Outcome::NamingFailed(d),
    }
}

/// Checks the merge and names of one page's endpoints: every failure is located (at an
/// endpoint, or at a line of the lock), every name is a valid method name, unique in its
/// resource, kept from the lock when the lock names it, and the new lock reads back.
fn check_names(endpoints: &[Endpoint], lock: Option<&str>) -> Result<(), TestCaseError> {
    let lines: Vec<usize> = endpoints.iter().map(|e| e.line).collect();
    match merge_and_name(endpoints, lock) {
        Outcome::MergeFailed(diags) => {
            prop_assert!(!diags.is_empty(), "a failed merge must say why");
            for d in &diags {
                prop_assert!(d.file == "specs/pages/fuzz.md" && lines.contains(&d.line), "{}", d);
            }
        }
        Outcome::NamingFailed(diags) => {
            prop_assert!(!diags.is_empty(), "failed naming must say why");
            let lock_lines = lock.map_or(0, |l| l.lines().count());
            for d in &diags {
                prop_assert!(d.file == xtask::paths::LOCK_FILE && (1..=lock_lines).contains(&d.line), "{}", d);
            }
        }
        Outcome::Named(spec, text) => {
            let written = names::parse_lock(Some(&text));
            prop_assert!(written.is_ok(), "{}", text);
            let given = names::parse_lock(lock).unwrap();
            let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            let mut count = 0;
            for (path, item) in spec["paths"].as_object().into_iter().flatten() {
                for (method, op) in item.as_object().into_iter().flatten() {
                    count += 1;
                    let name = op["operationId"].as_str().unwrap_or_default();
                    let key = format!("{} {path}", method.to_uppercase());
                    match given.get(&key) {
                        Some((locked, _)) => prop_assert_eq!(name, locked.as_str(), "{} lost its locked name", key),
                        None => prop_assert!(names::is_valid_name(name), "{}: {:?}", key, name),
                    }
                    let resource = op["tags"][0].as_str().unwrap_or_default().to_string();
                    prop_assert!(seen.entry(resource).or_default().insert(name.to_string()), "{} used twice", name);
                }
            }
            prop_assert!(count >= 1 && count <= endpoints.len(), "{} operations", count);
            prop_assert_eq!(written.unwrap().len(), count);
        }
    }
    Ok(())
}

/// The names property must mostly see named specs, not merge or naming failures: over a fixed
/// sample of the strategy, at least half of the pages merge and get names.
#[test]
fn most_generated_pages_merge_and_get_names() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = page_endpoints();
    let total = 200;
    let named = (0..total)
        .filter(|_| {
            let (endpoints, lock) = strategy.new_tree(&mut runner).unwrap().current();
            matches!(merge_and_name(&endpoints, lock.as_deref()), Outcome::Named(..))
        })
        .count();
    assert!(named * 2 >= total, "only {named} of {total} generated pages merged and got names");
}

proptest! {
    #![proptest_config(config(1))]

    #[test]
    fn synthetic_pages_never_panic_and_errors_are_located(text in synthetic_page()) {
        check_extract(Form::Markdown, &text)?;
        check_extract(Form::Rendered, &text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_extract(Form::Markdown, &text)?;
        check_extract(Form::Rendered, &text)?;
    }

    #[test]
    fn damaged_real_pages_extract_or_fail_with_located_errors((i, text) in damaged_page()) {
        check_extract(real_pages()[i].page.form, &text)?;
    }

    #[test]
    fn arbitrary_json_in_a_fence_is_handled((schema, extra) in (json_value(), json_value())) {
        // The raw value as a fragment, and the value planted where schemas live.
        for fragment in [schema.clone(), fragment_with(&schema, &extra)] {
            let text = md_page(&fragment.to_string());
            check_extract(Form::Markdown, &text)?;
            let pages = [PageText { page: page(Form::Markdown), text: text.clone() }];
            match pipeline::build(&pages, None) {
                Ok(built) => {
                    let back: openapiv3::OpenAPI = yaml_serde::from_str(&built.yaml().unwrap()).unwrap();
                    prop_assert_eq!(back, built.spec);
                }
                Err(Diagnostics(diags)) => {
                    for d in &diags {
                        located_in(d, "specs/pages/fuzz.md", &text)?;
                    }
                }
            }
        }
    }

    #[test]
    fn normalize_merge_and_names_take_any_document((mut endpoints, lock) in page_endpoints()) {
        let lines: Vec<usize> = endpoints.iter().map(|e| e.line).collect();
        if let Err(Diagnostics(diags)) = normalize::normalize(&mut endpoints) {
            prop_assert!(!diags.is_empty(), "a failed normalize must say why");
            for d in &diags {
                prop_assert!(d.file == "specs/pages/fuzz.md" && lines.contains(&d.line), "{}", d);
            }
        }
        check_names(&endpoints, lock.as_deref())?;
    }

    #[test]
    fn derived_names_are_always_valid(summary in any::<String>(), method in "[a-z]{1,7}", path in "/[^\n]{0,20}") {
        let name = names::derive_name(Some(&summary), &method, &path);
        prop_assert!(names::is_valid_name(&name), "{:?} → {:?}", summary, name);
    }
}

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn damaged_real_pages_through_the_whole_pipeline((i, text) in damaged_page()) {
        check_build(i, &text)?;
    }
}
