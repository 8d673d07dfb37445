//! Real operations of Make's official spec (`tests/fixtures/official-excerpts/`, copied from the
//! shared docs material) through the whole pipeline: it succeeds, and the report lists every fix
//! made (written by hand from reading the pages), the overlapping paths, the internal operation;
//! names come from summaries or, where those say too little, from the paths; tag hierarchies nest.
//! End to end, the pages (with the generic media cases of `tests/fixtures/media-cases.md`) become
//! the golden crate `golden-media`, compiled with check, clippy and rustdoc and driven by its
//! hand-written tests (`generator/tests/golden/golden-media/tests/`) against 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The golden-crate harness of the generator's compile tests; this file uses part of it.
#[allow(dead_code, reason = "shared with the generator's tests, which use the rest")]
#[path = "../../generator/tests/common/workspace.rs"]
mod workspace;

mod support;

use std::collections::BTreeSet;

use xtask::client::{ClientSettings, outputs};
use xtask::pipeline::{self, Built, PageText};
use xtask::sources::{Form, Page};

fn pages() -> Vec<PageText> {
    support::excerpt_pages()
}

fn build() -> Built {
    pipeline::build(&pages(), None).unwrap_or_else(|d| panic!("{d}"))
}

const AGENT: &str = "#/paths/~1ai-agents~1v1~1agents~1{agentId}";
const CONTEXTS: &str = "#/paths/~1ai-agents~1v1~1contexts";
const CONSUMPTION: &str = "#/paths/~1consumptions~1reports~1{organizationId}~1{teamId}?";
const CONSUMABLE: &str =
    "#/paths/~1sdk~1apps~1{SDK_appName}~1{SDK_appVersion}~1modules~1{SDK_moduleName}~1{SDK_moduleConsumable}";

fn exclusive_zero(at: &str) -> String {
    format!("{at}: `exclusiveMinimum: 0` (OpenAPI 3.1) → `minimum: 0` + `exclusiveMinimum: true`")
}

fn declared(at: &str, name: &str) -> String {
    format!(
        "{at}: path template names `{{{name}}}` but no parameter declares it; declared as a required string path parameter"
    )
}

/// Every fix the pipeline makes to the excerpts, written by hand from reading the pages.
fn expected_fixes() -> Vec<String> {
    let json = "content/application~1json/schema";
    [
        format!("specs/pages/ai-agents.md:5 {}", exclusive_zero(&format!("{AGENT}/patch/parameters/1/schema"))),
        format!(
            "specs/pages/ai-agents.md:5 {}",
            exclusive_zero(&format!(
                "{AGENT}/patch/requestBody/{json}/properties/scenarios/items/properties/makeScenarioId"
            ))
        ),
        format!(
            "specs/pages/ai-agents.md:13 {}",
            exclusive_zero(&format!("{AGENT}~1run~1stream/post/parameters/1/schema"))
        ),
        format!(
            "specs/pages/ai-agents.md:13 {}",
            exclusive_zero(&format!(
                "{AGENT}~1run~1stream/post/requestBody/{json}/properties/config/properties/scenarios/items/properties/makeScenarioId"
            ))
        ),
        format!("specs/pages/ai-agents.md:21 {}", exclusive_zero(&format!("{CONTEXTS}/post/parameters/0/schema"))),
        format!("specs/pages/ai-agents.md:29 {}", exclusive_zero(&format!("{CONTEXTS}/get/parameters/1/schema"))),
        format!(
            "specs/pages/consumptions.md:3 {CONSUMPTION}: trailing `?` dropped from the path: \
             `/consumptions/reports/{{organizationId}}/{{teamId}}?` → `/consumptions/reports/{{organizationId}}/{{teamId}}`"
        ),
        format!(
            "specs/pages/consumptions.md:3 {}",
            declared(&format!("{CONSUMPTION}/get/parameters"), "organizationId")
        ),
        format!("specs/pages/consumptions.md:3 {}", declared(&format!("{CONSUMPTION}/get/parameters"), "teamId")),
        format!(
            "specs/pages/consumptions.md:3 {CONSUMPTION}/get/responses: `responses: null` → `{{}}` (no documented response)"
        ),
        format!(
            "specs/pages/sdk-apps.md:61 {}",
            declared(&format!("{CONSUMABLE}/put/parameters"), "SDK_moduleConsumable")
        ),
    ]
    .into()
}

#[test]
fn the_report_lists_every_fix() {
    let built = build();
    let got: Vec<String> = built.report.fixes.iter().map(ToString::to_string).collect();
    assert_eq!(got, expected_fixes());
    // The fixed spec holds what the fixes say.
    let consumption = built.spec.paths.paths.get("/consumptions/reports/{organizationId}/{teamId}").unwrap();
    let op = consumption.as_item().unwrap().get.as_ref().unwrap();
    assert!(op.responses.responses.is_empty() && op.responses.default.is_none());
    let params: Vec<String> =
        op.parameters.iter().map(|p| p.as_item().unwrap().parameter_data_ref().name.clone()).collect();
    assert_eq!(params, ["organizationId", "teamId"]);
}

#[test]
fn overlapping_paths_and_the_internal_operation_are_reported() {
    let built = build();
    let base = "/sdk/apps/{SDK_appName}/{SDK_appVersion}/modules/{SDK_moduleName}";
    let consumable = format!("`{base}/{{SDK_moduleConsumable}}` (PUT specs/pages/sdk-apps.md:61)");
    let section = format!("`{base}/{{SDK_moduleSection}}` (GET specs/pages/sdk-apps.md:49)");
    let visibility = format!("`{base}/{{SDK_moduleVisibility}}` (POST specs/pages/sdk-apps.md:55)");
    let why = "the paths differ only in variable names";
    let got: Vec<String> = built.report.overlaps.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            format!("{consumable} and {section}: {why}"),
            format!("{consumable} and {visibility}: {why}"),
            format!("{section} and {visibility}: {why}"),
        ]
    );
    let internal: Vec<String> = built.report.internal.iter().map(ToString::to_string).collect();
    assert_eq!(
        internal,
        ["GET /consumptions/reports/{organizationId}/{teamId} (x-internal) at specs/pages/consumptions.md:3"]
    );
    let text = built.report.to_string();
    assert!(
        text.contains(
            "overlapping path templates (both generated as documented; a client builds URLs, it does not route): 3"
        ),
        "{text}"
    );
    assert!(text.contains("internal operations (x-internal, x-private; not in the client: `internal_operations = true` in specs/client.toml adds them): 1"), "{text}");
}

#[test]
fn names_come_from_summaries_or_from_the_path() {
    let built = build();
    let added: Vec<(&str, &str)> = built.report.names.added.iter().map(|(k, n)| (k.as_str(), n.as_str())).collect();
    let sdk = "/sdk/apps/{SDK_appName}/{SDK_appVersion}";
    let want: Vec<(String, &str)> = vec![
        ("DELETE /devices/{deviceId}".into(), "delete_device"),
        ("DELETE /devices/{deviceId}/incomings".into(), "delete_device_incomings"),
        ("GET /ai-agents/v1/contexts".into(), "list_context"),
        ("GET /consumptions/reports/{organizationId}/{teamId}".into(), "get_consumption_list"),
        ("GET /devices".into(), "list_devices"),
        ("GET /devices/{deviceId}".into(), "get_device"),
        (format!("GET {sdk}/icon/{{SDK_appIconSize}}"), "get_app_logo"),
        (format!("GET {sdk}/modules/{{SDK_moduleName}}/{{SDK_moduleSection}}"), "get_module_section"),
        (format!("GET {sdk}/readme"), "get_app_docs"),
        ("PATCH /ai-agents/v1/agents/{agentId}".into(), "modify_agent_by_id"),
        ("POST /ai-agents/v1/agents/{agentId}/run/stream".into(), "run_agent_with_server_sent_events_sse_streaming"),
        ("POST /ai-agents/v1/contexts".into(), "create_context"),
        (format!("POST {sdk}/commit"), "commit_changes"),
        (format!("POST {sdk}/modules/{{SDK_moduleName}}/{{SDK_moduleVisibility}}"), "set_module_visibility"),
        (format!("POST {sdk}/opensource"), "set_app_opensource"),
        (format!("PUT {sdk}/groups"), "set_app_section"),
        (format!("PUT {sdk}/icon"), "set_app_logo"),
        (format!("PUT {sdk}/modules/{{SDK_moduleName}}/{{SDK_moduleConsumable}}"), "set_module_consumable"),
        (format!("PUT {sdk}/readme"), "set_app_docs"),
    ];
    let want: Vec<(&str, &str)> = want.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(added, want);
    // A second run with the lock it wrote changes nothing.
    let again = pipeline::build(&pages(), Some(&built.lock)).unwrap();
    assert_eq!(again.lock, built.lock);
    assert!(again.report.names.added.is_empty());
}

#[test]
fn tag_hierarchies_nest() {
    let built = build();
    let resources: BTreeSet<Vec<String>> = built
        .spec
        .operations()
        .map(|(_, _, op)| {
            let tag = op.tags.first().unwrap();
            let parent = built.spec.tags.iter().find(|t| &t.name == tag).and_then(|t| t.extensions.get("x-parent"));
            generator::tag_path(tag, parent.and_then(|p| p.as_str()))
        })
        .collect();
    let want: BTreeSet<Vec<String>> = [
        vec!["AI Agents"],
        vec!["AI Agents", "Context"],
        vec!["Consumption"],
        vec!["Devices"],
        vec!["Devices", "Incomings"],
        vec!["SDK Apps"],
        vec!["SDK Apps", "Modules"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(resources, want);
    // The tag objects keep their `x-parent` and `x-page-title` for reviewers.
    let modules = built.spec.tags.iter().find(|t| t.name == "SDK Apps / Modules").unwrap();
    assert_eq!(modules.extensions.get("x-parent").and_then(|v| v.as_str()), Some("SDK Apps"));
    assert_eq!(modules.extensions.get("x-page-title").and_then(|v| v.as_str()), Some("Modules"));
}

/// Every operation generates (media types included); the report's source index is what
/// locates generator errors, checked here on an operation made invalid on purpose.
#[test]
fn generation_succeeds_and_errors_name_the_page() {
    let built = build();
    let settings =
        ClientSettings { name: "x".into(), version: "0.1.0".into(), description: "x".into(), ..Default::default() };
    let files = outputs(&built.spec, &settings, &built.sources).unwrap_or_else(|d| panic!("{d}"));
    assert!(files.iter().any(|f| f.path.ends_with("src/resources/sdk_apps/modules.rs")));
    let mut spec = built.spec.clone();
    let Some(openapiv3::ReferenceOr::Item(item)) = spec.paths.paths.get_mut("/devices") else { panic!("no /devices") };
    item.get.as_mut().unwrap().tags.clear();
    let error = outputs(&spec, &settings, &built.sources).unwrap_err();
    let located: Vec<String> = error.0.iter().map(|e| format!("{}:{}", e.file, e.line)).collect();
    assert_eq!(located, ["specs/pages/devices.md:3"]);
}

/// Paths that differ only in a variable's name are all generated: a client builds each URL as
/// documented.
#[test]
fn overlapping_paths_all_generate() {
    let mut spec = build().spec;
    spec.paths.paths.retain(|path, _| path.contains("/modules/"));
    assert_eq!(spec.paths.paths.len(), 3);
    let files = generator::generate(&spec, &generator::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let modules = files.iter().find(|f| f.path == "src/resources/sdk_apps/modules.rs").unwrap();
    for (method, variable) in [
        ("get_module_section", "sdk_module_section"),
        ("set_module_visibility", "sdk_module_visibility"),
        ("set_module_consumable", "sdk_module_consumable"),
    ] {
        assert!(modules.contents.contains(&format!("pub fn {method}(")), "{method}");
        assert!(modules.contents.contains(&format!("path_segment(&self.{variable})")), "{variable}");
    }
}

/// The excerpts and the generic media cases (`/ping`, bytes, XML, form-encoded, multipart with
/// every part kind, response headers, a redirect, an event stream), as pages.
fn golden_pages() -> Vec<PageText> {
    let mut pages = pages();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media-cases.md");
    pages.push(PageText {
        page: Page {
            slug: "media-cases".into(),
            url: "https://example.com/media-cases".into(),
            snapshot: "pages/media-cases.md".into(),
            form: Form::Markdown,
        },
        text: std::fs::read_to_string(fixture).unwrap(),
    });
    pages
}

/// The whole regen pipeline (extract → normalize → merge → generate, internal operations
/// included) turns the pages into `golden-media`; the crate passes check, clippy `-D warnings`
/// and rustdoc `-Dwarnings`, its media-types feature builds alone, and its hand-written tests
/// exercise every operation against servers on 127.0.0.1.
#[test]
fn the_pages_generate_a_crate_whose_every_operation_works_against_loopback() {
    let built = pipeline::build(&golden_pages(), None).unwrap_or_else(|d| panic!("{d}"));
    // The generic page needs no fix: the report lists the excerpts' fixes, all of them.
    let fixes: Vec<String> = built.report.fixes.iter().map(ToString::to_string).collect();
    assert_eq!(fixes, expected_fixes());
    let settings = ClientSettings {
        name: "golden-media".into(),
        version: "0.1.0".into(),
        description: "Official excerpts and media cases".into(),
        internal_operations: true,
    };
    let files = outputs(&built.spec, &settings, &built.sources).unwrap_or_else(|d| panic!("{d}"));
    let files: Vec<(String, String)> =
        files.into_iter().map(|f| (f.path.strip_prefix("generated-client/").unwrap().to_owned(), f.contents)).collect();
    let methods = operation_methods(&files);
    // 19 operations on the excerpts' pages (two with a second body form), 11 generic ones.
    assert_eq!(methods.len(), 32, "{methods:?}");
    let workspace = workspace::write_workspace_files("excerpts", vec![("golden-media".into(), files)]);
    let dir = workspace.path();
    let hand_written = workspace::add_tests(dir, "golden-media");
    assert_eq!(hand_written, 4);
    // Every operation method of the crate is called by a hand-written test.
    let tests = std::fs::read_dir(dir.join("golden-media/tests"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let uncalled: Vec<&String> = methods.iter().filter(|m| !tests.contains(&format!(".{m}("))).collect();
    assert!(uncalled.is_empty(), "operations no hand-written test calls: {uncalled:?}");
    // The internal operation is behind the `internal` feature: check without it, the rest with.
    workspace::cargo(dir, &["check", "-p", "golden-media", "--all-targets"], &[]);
    let clippy = ["clippy", "-p", "golden-media", "--all-targets", "--all-features", "--", "-D", "warnings"];
    workspace::cargo(dir, &clippy, &[]);
    let doc = ["doc", "--no-deps", "-p", "golden-media", "--all-features"];
    workspace::cargo(dir, &doc, &[("RUSTDOCFLAGS", "-Dwarnings")]);
    // Types only a multipart form, an event stream or response headers use are gated with
    // their resource.
    workspace::cargo(dir, &["check", "-p", "golden-media", "--no-default-features", "--features", "media"], &[]);
    workspace::cargo(dir, &["test", "-p", "golden-media", "--all-features"], &[]);
}

/// The operation methods of a generated crate (`pub fn` items of resource handles that return
/// a request builder, one per body form), from its `src/resources/` files.
fn operation_methods(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, contents) in files.iter().filter(|(p, _)| p.starts_with("src/resources/")) {
        let parsed = syn::parse_file(contents).unwrap_or_else(|e| panic!("{path}: {e}"));
        for item in parsed.items {
            let syn::Item::Impl(block) = item else { continue };
            for impl_item in block.items {
                let syn::ImplItem::Fn(f) = impl_item else { continue };
                let builds = match &f.sig.output {
                    syn::ReturnType::Type(_, ty) => last_segment(ty).ends_with("Request"),
                    syn::ReturnType::Default => false,
                };
                if matches!(f.vis, syn::Visibility::Public(_)) && builds {
                    out.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    out
}

/// The last path segment of a type (`FooRequest` of `crate::x::FooRequest`).
fn last_segment(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}
