//! The rendered-text extractor and the cross-check on the real page snapshots in
//! `specs/pages/`. Every expected value below was read off the page text (line
//! numbers in the comments), not taken from the extractor's output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::{Value, json};
use xtask::crosscheck::compare;
use xtask::extract::{Endpoint, Extracted, extract_page};
use xtask::sources::{Form, Page};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn page(slug: &str, form: Form) -> Page {
    let text = std::fs::read_to_string(root().join("specs/sources.toml")).unwrap();
    let pages = xtask::sources::parse("specs/sources.toml", &text).unwrap();
    pages.into_iter().find(|p| p.slug == slug && p.form == form).unwrap()
}

fn snapshot(p: &Page) -> String {
    std::fs::read_to_string(root().join("specs").join(&p.snapshot)).unwrap()
}

fn rendered(slug: &str) -> Extracted {
    let p = page(slug, Form::Rendered);
    extract_page(&p, &snapshot(&p)).unwrap_or_else(|d| panic!("{d}"))
}

fn find<'a>(x: &'a Extracted, method: &str, path: &str) -> &'a Endpoint {
    x.endpoints
        .iter()
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("{method} {path} not extracted"))
}

fn op(e: &Endpoint) -> &Value {
    &e.document["paths"][&e.path][&e.method]
}

fn param<'a>(e: &'a Endpoint, name: &str) -> &'a Value {
    op(e)["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn param_names(e: &Endpoint) -> Vec<(String, String, bool)> {
    op(e)["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_string(),
                        p["in"].as_str().unwrap().to_string(),
                        p["required"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn body(e: &Endpoint) -> &Value {
    &op(e)["requestBody"]["content"]["application/json"]["schema"]
}

fn body_fields(e: &Endpoint) -> Vec<&str> {
    let mut names: Vec<&str> = body(e)["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    names.sort_unstable();
    names
}

/// The markdown page's fragments as endpoints (the markdown extractor is not this
/// module's job; a fragment is the ```json block under each `## ` heading).
fn markdown(slug: &str) -> Vec<Endpoint> {
    let p = page(slug, Form::Markdown);
    snapshot(&p)
        .split("```json\n")
        .skip(1)
        .map(|block| {
            let doc: Value = serde_json::from_str(block.split("\n```").next().unwrap()).unwrap();
            let (path, item) = doc["paths"].as_object().unwrap().iter().next().unwrap();
            let method = item.as_object().unwrap().keys().next().unwrap().clone();
            Endpoint {
                page: p.slug.clone(),
                file: p.file(),
                form: Form::Markdown,
                heading: String::new(),
                line: 0,
                method,
                path: path.clone(),
                document: doc.clone(),
            }
        })
        .collect()
}

#[test]
fn every_document_is_strict_openapi_3_with_one_inferred_operation() {
    for slug in ["mms", "organizations", "admin/organizations"] {
        for e in &rendered(slug).endpoints {
            let spec: openapiv3::OpenAPI = serde_json::from_value(e.document.clone())
                .unwrap_or_else(|err| panic!("{} {}: {err}", e.method, e.path));
            assert_eq!(spec.paths.paths.len(), 1, "{}", e.path);
            assert_eq!(op(e)["x-make-inferred"], true, "{} {}", e.method, e.path);
            assert_eq!(op(e)["summary"], e.heading);
            // Every block shows an "Authorizations" section but lists no scopes.
            assert_eq!(e.document["security"], json!([{"token": []}]));
            assert_eq!(e.document["components"]["securitySchemes"]["token"]["in"], "header");
        }
    }
}

#[test]
fn admin_page_yields_the_four_white_label_operations() {
    let x = rendered("admin/organizations");
    let ops: Vec<(&str, &str, &str)> =
        x.endpoints.iter().map(|e| (e.method.as_str(), e.path.as_str(), e.heading.as_str())).collect();
    // Titles at lines 5, 152, 598, 630; paths from the request lines 59, 543, 618, 677.
    assert_eq!(
        ops,
        [
            ("get", "/admin/organizations", "List organizations"),
            ("post", "/admin/organizations", "Create an organization"),
            ("delete", "/admin/organizations/{organizationId}", "Delete an organization"),
            ("patch", "/admin/organizations/{organizationId}", "Update organization"),
        ]
    );
    assert_eq!(x.endpoints.iter().map(|e| e.line).collect::<Vec<_>>(), [5, 152, 598, 630]);
    assert!(x.skips.is_empty());
    // Line 1 and 3: the tag.
    let tags = &x.endpoints[0].document["tags"][0];
    assert_eq!(tags["name"], "Admin > Organizations");
    assert!(
        tags["description"]
            .as_str()
            .unwrap()
            .starts_with("The following endpoints allow you to inspect and manage organizations")
    );

    // Lines 14-50: query parameters, all Optional; `colsstring[]Optional` is an array; `Example: {"value":5}`.
    let list = find(&x, "get", "/admin/organizations");
    let expected: Vec<(String, String, bool)> =
        ["id", "name", "externalId", "cols", "pg[sortBy]", "pg[offset]", "pg[sortDir]", "pg[limit]"]
            .iter()
            .map(|n| (n.to_string(), "query".to_string(), false))
            .collect();
    assert_eq!(param_names(list), expected);
    assert_eq!(param(list, "cols")["schema"]["type"], "array");
    assert_eq!(param(list, "cols")["schema"]["items"]["type"], "string");
    assert_eq!(param(list, "id")["schema"]["example"], 5);
    // Lines 90-96: teams[].externalId is null in the sample → nullable.
    let team = &op(list)["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["organizations"]["items"]
        ["properties"]["teams"]["items"]["properties"];
    assert_eq!(team["externalId"]["nullable"], true);
    assert_eq!(team["id"]["type"], "integer");

    // Lines 605-610: the path parameter of delete.
    let delete = find(&x, "delete", "/admin/organizations/{organizationId}");
    assert_eq!(param_names(delete), [("organizationId".to_string(), "path".to_string(), true)]);
    assert_eq!(param(delete, "organizationId")["schema"]["type"], "integer");
}

#[test]
fn admin_create_and_update_bodies_carry_the_license_schema() {
    let x = rendered("admin/organizations");
    let create = find(&x, "post", "/admin/organizations");
    // Lines 519-534: name Required; timezoneId, countryId, userOrgAdmin Optional; plus the license table.
    assert_eq!(body_fields(create), ["countryId", "license", "name", "timezoneId", "userOrgAdmin"]);
    assert_eq!(body(create)["required"], json!(["name"]));
    let license = &body(create)["properties"]["license"];
    assert_eq!(license["title"], "License");
    // The rows marked REQUIRED (lines 180, 192, 204, 216, 228, 392, 414).
    let mut required: Vec<&str> = license["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    required.sort_unstable();
    assert_eq!(required, ["dslimit", "dsslimit", "fslimit", "interval", "iolimit", "operations", "transfer"]);
    let p = &license["properties"];
    // Lines 168-178: enum<string> with two values.
    assert_eq!(p["restartPeriod"]["enum"], json!(["1 month", "1 year"]));
    // Lines 228-238: uinteger, min 1, max 15.
    assert_eq!(
        (&p["interval"]["type"], &p["interval"]["minimum"], &p["interval"]["maximum"]),
        (&json!("integer"), &json!(1), &json!(15))
    );
    // Lines 180-190: min 0, max 800000000.
    assert_eq!(p["operations"]["maximum"], 800_000_000);
    // Lines 252-266: enum<uinteger> 7/30/60 with default 60.
    assert_eq!(p["retention"]["enum"], json!([7, 30, 60]));
    assert_eq!(p["retention"]["default"], 60);
    // Lines 192-202: transfer max 1099511627776 does not fit 32 bits.
    assert_eq!(p["transfer"]["maximum"], 1_099_511_627_776_u64);
    assert_eq!(p["transfer"]["format"], "int64");
    // Lines 320-324 boolean; 436-440 uinteger without values → minimum 0; 498-506 default false.
    assert_eq!(p["fulltext"]["type"], "boolean");
    assert_eq!(p["appslimit"]["minimum"], 0);
    assert_eq!(p["dynamicConnections"]["default"], false);
    // Lines 404-412: the only allowed product management.
    assert_eq!(p["productManagement"]["enum"], json!(["salesforce"]));

    // Lines 649-668 plus the license object of the example request (688).
    let update = find(&x, "patch", "/admin/organizations/{organizationId}");
    assert_eq!(body_fields(update), ["countryId", "license", "name", "nextReset", "performReset", "timezoneId"]);
    assert_eq!(body(update)["properties"]["nextReset"]["format"], "date-time");
    assert_eq!(body(update)["properties"]["performReset"]["type"], "boolean");
    assert_eq!(&body(update)["properties"]["license"], license);
}

#[test]
fn organizations_page_documents_the_two_operations_the_markdown_lacks() {
    let x = rendered("organizations");
    assert_eq!(x.endpoints.len(), 26);
    // Lines 403-422.
    let payment = find(&x, "post", "/organizations/{organizationId}/single-payment-create");
    assert_eq!(payment.heading, "Create a single payment");
    assert_eq!(param_names(payment), [("organizationId".to_string(), "path".to_string(), true)]);
    assert_eq!(body_fields(payment), ["couponCode", "priceId", "quantity"]);
    assert_eq!(body(payment)["required"], json!(["priceId", "quantity"]));
    assert_eq!(body(payment)["properties"]["priceId"]["type"], "number");
    // Lines 588-606: the coupon is a required query parameter; the body section is empty.
    let coupon = find(&x, "post", "/organizations/{organizationId}/subscription/coupon-apply");
    assert_eq!(coupon.heading, "Apply a coupon");
    assert_eq!(
        param_names(coupon),
        [
            ("organizationId".to_string(), "path".to_string(), true),
            ("couponCode".to_string(), "query".to_string(), true)
        ]
    );
    assert!(op(coupon).get("requestBody").is_none());

    let markdown: Vec<(String, String)> = markdown("organizations").into_iter().map(|e| (e.method, e.path)).collect();
    let only_rendered: Vec<String> = x
        .endpoints
        .iter()
        .filter(|e| !markdown.contains(&(e.method.clone(), e.path.clone())))
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    assert_eq!(
        only_rendered,
        [
            "post /organizations/{organizationId}/single-payment-create",
            "post /organizations/{organizationId}/subscription/coupon-apply"
        ]
    );

    // Line 136: the example glued onto the line.
    let invitation = find(&x, "get", "/organizations/invitation");
    assert_eq!(param(invitation, "hash")["required"], true);
    assert_eq!(param(invitation, "hash")["schema"]["example"], "bf1effe1-bc9d-4ab3-9414-9c3b66175305");
    // Lines 648, 660: formats and array types of body fields.
    let invite = find(&x, "post", "/organizations/{organizationId}/invite");
    assert_eq!(body(invite)["properties"]["email"]["format"], "email");
    assert_eq!(body(invite)["properties"]["teamsId"]["items"]["type"], "integer");
    // Lines 753-763: `valueone ofOptional` with string / boolean / number alternatives.
    let variable = find(&x, "post", "/organizations/{organizationId}/variables");
    let alternatives = &body(variable)["properties"]["value"]["oneOf"];
    assert_eq!(alternatives[0]["type"], "string");
    assert_eq!(alternatives[1]["type"], "boolean");
    assert_eq!(alternatives[2]["type"], "number");
    // Line 1136: `Last updated` is page furniture.
    assert_eq!(x.skips.len(), 1);
    assert_eq!(x.skips[0].line, 1136);
}

#[test]
fn mms_markdown_and_rendered_forms_agree() {
    let x = rendered("mms");
    let md = markdown("mms");
    assert_eq!(x.endpoints.len(), 4);
    assert_eq!(md.len(), 4);
    for m in &md {
        let r = find(&x, &m.method, &m.path);
        assert_eq!(compare(m, r), [], "{} {}", m.method, m.path);
    }
    // Line 1: the rendered page's own title (the markdown tag is `MMS`).
    assert_eq!(x.endpoints[0].document["tags"][0]["name"], "MMS > Child organizations");
    // Lines 72-78: the create body.
    let create = find(&x, "post", "/organizations/{organizationId}/managed-organizations");
    assert_eq!(
        body_fields(create),
        ["countryId", "operations", "organizationName", "regionId", "userEmail", "userName"]
    );
    assert!(body(create).get("required").is_none());
}

#[test]
fn a_planted_difference_is_reported() {
    let p = page("mms", Form::Rendered);
    // Lines 162-163, the PATCH block's body: make `operations` required.
    let original = snapshot(&p);
    let text =
        original.replace("Body\noperationsintegerOptional\nResponses", "Body\noperationsintegerRequired\nResponses");
    assert_ne!(text, original);
    let x = extract_page(&p, &text).unwrap();
    let md = markdown("mms");
    let m = md.iter().find(|e| e.method == "patch").unwrap();
    let got: Vec<String> = compare(m, find(&x, "patch", &m.path)).iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "mms: PATCH /organizations/{organizationId}/managed-organizations/{childOrganizationId}: body field `operations`: optional in the markdown fragment, required in the rendered text"
        ]
    );
}

#[test]
fn organizations_forms_agree_except_where_the_rendered_text_omits_the_customer_object() {
    let x = rendered("organizations");
    let md = markdown("organizations");
    let mut shared = 0;
    let mut found = Vec::new();
    for m in &md {
        if let Some(r) = x.endpoints.iter().find(|r| r.method == m.method && r.path == m.path) {
            shared += 1;
            found.extend(compare(m, r).iter().map(ToString::to_string));
        }
    }
    assert_eq!(shared, 24);
    // The markdown fragments of POST/PATCH subscription have a `customer` object;
    // the rendered body lists (lines 481-483, 542-543) do not.
    assert_eq!(
        found,
        [
            "organizations: POST /organizations/{organizationId}/subscription: body field `customer`: only in the markdown fragment",
            "organizations: PATCH /organizations/{organizationId}/subscription: body field `customer`: only in the markdown fragment",
        ]
    );
}

#[test]
fn damaged_pages_give_located_errors_never_panics() {
    for slug in ["mms", "organizations", "admin/organizations"] {
        let p = page(slug, Form::Rendered);
        let text = snapshot(&p);
        let lines: Vec<&str> = text.lines().collect();
        let mut variants: Vec<String> = (0..lines.len()).map(|n| lines[..n].join("\n")).collect();
        if slug == "mms" {
            variants.extend((0..lines.len()).map(|skip| {
                lines.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
            }));
        }
        for v in &variants {
            if let Err(d) = extract_page(&p, v) {
                assert!(!d.0.is_empty());
                for diag in &d.0 {
                    assert_eq!(diag.file, p.file());
                    assert!(diag.line <= lines.len(), "{diag}");
                }
            }
        }
    }
}
