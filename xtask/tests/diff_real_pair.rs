//! `xtask::diff` on a real pair built from the checked-in Organizations page: the page's ```json
//! fragments are merged into one spec by a test-local helper (not the xtask pipeline), then two
//! versions of it are compared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};
use xtask::diff::{ChangeKind, Severity, diff_specs, render::render_markdown, semver};

/// Merges the page's one-endpoint fragments into one spec value; operationId = snake_case summary.
fn page_spec(page: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/../specs/pages/{page}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let docs: Vec<Value> = text
        .split("```json\n")
        .skip(1)
        .map(|f| serde_json::from_str(f.split("\n```").next().unwrap()).unwrap())
        .collect();
    let mut paths = Map::new();
    for doc in &docs {
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let mut op = op.clone();
                let id = op["summary"].as_str().unwrap().to_snake_case();
                op["operationId"] = json!(id);
                op["security"] = doc["security"].clone();
                let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
                entry[method] = op;
            }
        }
    }
    let first = &docs[0];
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Make", "version": "2"},
        "servers": first["servers"],
        "components": first["components"],
        "paths": paths,
    })
}

fn spec(v: &Value) -> openapiv3::OpenAPI {
    serde_json::from_value(v.clone()).unwrap()
}

#[test]
fn organizations_page_with_ops_removed_and_a_param_made_required() {
    let page = page_spec("organizations.md");
    let op_count: usize = page["paths"].as_object().unwrap().values().map(|i| i.as_object().unwrap().len()).sum();
    assert!(op_count >= 25, "the page has {op_count} operations");

    // Old capture: lacks two operations. New capture: `pg[limit]` of the list operation is required.
    let mut old = page.clone();
    old["paths"]["/organizations"].as_object_mut().unwrap().remove("post").unwrap();
    old["paths"]["/organizations/{organizationId}/subscription"].as_object_mut().unwrap().remove("delete").unwrap();
    let mut new = page.clone();
    let params = new["paths"]["/organizations"]["get"]["parameters"].as_array_mut().unwrap();
    let limit = params.iter_mut().find(|p| p["name"] == "pg[limit]").unwrap();
    limit["required"] = json!(true);

    let log = diff_specs(&spec(&old), &spec(&new)).unwrap();
    let got: Vec<(String, String, &ChangeKind, Severity)> =
        log.changes.iter().map(|c| (c.method.clone(), c.path.clone(), &c.kind, c.severity)).collect();
    let required =
        ChangeKind::ParameterRequiredChanged { location: "query".into(), name: "pg[limit]".into(), required: true };
    assert_eq!(
        got,
        [
            ("GET".to_string(), "/organizations".to_string(), &required, Severity::Breaking),
            ("POST".to_string(), "/organizations".to_string(), &ChangeKind::OperationAdded, Severity::NonBreaking),
            (
                "DELETE".to_string(),
                "/organizations/{organizationId}/subscription".to_string(),
                &ChangeKind::OperationAdded,
                Severity::NonBreaking
            ),
        ]
    );
    assert!(log.changes.iter().all(|c| c.resource == "Organizations"));
    let added: Vec<&str> =
        log.changes.iter().filter(|c| c.kind == ChangeKind::OperationAdded).map(|c| c.operation_id.as_str()).collect();
    assert_eq!(added, ["create_an_organization", "cancel_the_active_subscription"]);

    let md = render_markdown(&log, semver::Version::parse("0.1.0").ok().as_ref());
    assert!(md.contains("1 breaking, 2 non-breaking, 0 operation(s) with description changes"), "{md}");
    assert!(
        md.contains("- `GET /organizations` (`list_user_organizations`): query parameter `pg[limit]` is now required"),
        "{md}"
    );
    assert!(md.contains("**minor** bump for breaking changes (0.1.0 → 0.2.0)"), "{md}");
}

#[test]
fn the_two_markdown_pages_share_no_operations() {
    // MMS vs Organizations as two "versions": every operation of one is removed, every one of the other added.
    let (mms, orgs) = (page_spec("mms.md"), page_spec("organizations.md"));
    let count =
        |v: &Value| -> usize { v["paths"].as_object().unwrap().values().map(|i| i.as_object().unwrap().len()).sum() };
    let log = diff_specs(&spec(&mms), &spec(&orgs)).unwrap();
    let removed = log.changes.iter().filter(|c| c.kind == ChangeKind::OperationRemoved).count();
    let added = log.changes.iter().filter(|c| c.kind == ChangeKind::OperationAdded).count();
    assert_eq!((removed, added), (count(&mms), count(&orgs)));
    assert_eq!(removed + added, log.changes.len(), "no other changes between disjoint operation sets");
    assert_eq!(semver::impact(&log), semver::Impact::Breaking);
}

/// The real pair issue 5 names: the Organizations page's markdown capture against its rendered
/// capture, each built into a spec by the real pipeline. Each capture has operations the other
/// lacks, which is exactly what a docs change looks like.
#[test]
fn markdown_capture_against_rendered_capture_of_organizations() {
    use xtask::pipeline::{PageText, build};
    let root = xtask::regen::repo_root();
    let pages = xtask::regen::read_pages(&root).unwrap();
    let only =
        |snapshot: &str| -> Vec<PageText> { pages.iter().filter(|p| p.page.snapshot == snapshot).cloned().collect() };
    let markdown = build(&only("pages/organizations.md"), None).unwrap().spec;
    let rendered = build(&only("pages/organizations.rendered.txt"), None).unwrap().spec;
    let changelog = diff_specs(&markdown, &rendered).unwrap();
    let ops = |kind: fn(&ChangeKind) -> bool| -> Vec<String> {
        let mut v: Vec<String> = changelog
            .changes
            .iter()
            .filter(|c| kind(&c.kind))
            .map(|c| format!("{} {}", c.method.to_uppercase(), c.path))
            .collect();
        v.sort();
        v
    };
    // Read off the two pages: the rendered capture documents these two and the markdown does not…
    assert_eq!(
        ops(|k| matches!(k, ChangeKind::OperationAdded)),
        [
            "POST /organizations/{organizationId}/single-payment-create",
            "POST /organizations/{organizationId}/subscription/coupon-apply",
        ]
    );
    // …and lacks these six that the markdown documents.
    assert_eq!(
        ops(|k| matches!(k, ChangeKind::OperationRemoved)),
        [
            "DELETE /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}",
            "GET /organizations/{organizationId}/subscription/payment-method-types",
            "GET /organizations/{organizationId}/subscription/payment-methods",
            "PATCH /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default",
            "PATCH /organizations/{organizationId}/tfa-enforcement",
            "POST /organizations/{organizationId}/universal-discount/claim-cancellation-offer",
        ]
    );
    assert!(changelog.has_at_least(Severity::Breaking), "removed operations are breaking");
    let md = render_markdown(&changelog, Some(&semver::Version::new(0, 1, 0)));
    assert!(md.contains("## Organizations"), "{md}");
}
