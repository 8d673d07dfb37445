//! Page-level tests of the rendered extractor on small inline pages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use super::extract;
use crate::diag::Diagnostics;
use crate::extract::Extracted;
use crate::sources::{Form, Page};

fn page() -> Page {
    Page {
        slug: "things".into(),
        url: "https://example.invalid/things".into(),
        snapshot: "pages/things.rendered.txt".into(),
        form: Form::Rendered,
    }
}

fn run(text: &str) -> Result<Extracted, Diagnostics> {
    extract(&page(), text)
}

fn op(doc: &Value) -> &Value {
    let (_, item) = doc["paths"].as_object().unwrap().iter().next().unwrap();
    item.as_object().unwrap().values().next().unwrap()
}

const PAGE: &str = "Admin > Things

Manage things.

List things

get

Lists things.

Authorizations
Query parameters
colsstring[]Optional

Columns.

pg[limit]integerOptional
Responses
200

Successful response

application/json
get
GET /api/v2/admin/things HTTP/1.1
Host: eu1.make.com
Accept: */*
200

Successful response

{
  \"things\": [{\"id\": 1, \"note\": null}, {\"id\": 2, \"note\": \"x\"}]
}

Delete a thing

delete
/admin/things/{thingId}
chevron-right
lockRequired scopes
This endpoint requires the following scopes:
things:write
Authorizations
AuthorizationstringRequired

Authorize it.

Path parameters
thingIdintegerRequired
Responses
chevron-right
200

Deleted

application/json
delete
/admin/things/{thingId}
200

Deleted

Last updated
";

#[test]
fn builds_one_endpoint_per_block() {
    let out = run(PAGE).unwrap();
    let got: Vec<(&str, &str, &str, usize)> =
        out.endpoints.iter().map(|e| (e.method.as_str(), e.path.as_str(), e.heading.as_str(), e.line)).collect();
    assert_eq!(
        got,
        [("get", "/admin/things", "List things", 5), ("delete", "/admin/things/{thingId}", "Delete a thing", 36)]
    );
    assert!(
        out.endpoints
            .iter()
            .all(|e| e.page == "things" && e.file == "specs/pages/things.rendered.txt" && e.form == Form::Rendered)
    );

    let list = &out.endpoints[0].document;
    assert_eq!(list["openapi"], "3.0.0");
    assert_eq!(list["tags"], json!([{"name": "Admin > Things", "description": "Manage things."}]));
    assert_eq!(list["security"], json!([{"token": []}]));
    assert_eq!(list["components"]["securitySchemes"]["token"]["name"], "Authorization");
    let o = op(list);
    assert_eq!(o["x-make-inferred"], true);
    assert_eq!(o["tags"], json!(["Admin > Things"]));
    assert_eq!(o["summary"], "List things");
    assert_eq!(o["description"], "Lists things.");
    assert_eq!(
        o["parameters"],
        json!([
            {"name": "cols", "in": "query", "description": "Columns.", "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "pg[limit]", "in": "query", "schema": {"type": "integer"}}
        ])
    );
    assert_eq!(
        o["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"type": "object", "properties": {"things": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "note": {"type": "string", "nullable": true}
        }}}}})
    );

    let del = &out.endpoints[1].document;
    assert_eq!(del["security"], json!([{"token": ["things:write"]}]));
    let o = op(del);
    assert_eq!(
        o["parameters"],
        json!([{"name": "thingId", "in": "path", "required": true, "schema": {"type": "integer"}}])
    );
    assert_eq!(
        o["responses"]["200"],
        json!({"description": "Deleted", "content": {"application/json": {"schema": {}}}})
    );
    assert!(o.get("requestBody").is_none());
}

#[test]
fn trailing_furniture_is_a_skip_with_its_line() {
    let out = run(PAGE).unwrap();
    assert_eq!(out.skips.len(), 1);
    assert_eq!(out.skips[0].line, 64);
    assert!(out.skips[0].reason.contains("`Last updated`"), "{}", out.skips[0].reason);
}

const CREATE: &str = "Things

About.

Create a thing

post

Creates it.

Parameter

Description and values

size REQUIRED

The size.

Type: uinteger

Values:

  • min: 1

Authorizations
Body
namestringRequired
Responses
200

OK

application/json
post
POST /api/v2/things HTTP/1.1
Host: eu1.make.com

{\"name\": \"a\", \"extra\": true}
200

OK

Update a thing

patch

Updates it.

Authorizations
Path parameters
idintegerRequired
Responses
200

OK

application/json
patch
PATCH /api/v2/things/{id} HTTP/1.1
Host: eu1.make.com

{\"license\": {\"size\": 3}}
200

OK
";

#[test]
fn license_table_types_the_license_field_of_request_bodies() {
    let out = run(CREATE).unwrap();
    let create = op(&out.endpoints[0].document);
    let schema = &create["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], json!(["name"]));
    assert_eq!(schema["properties"]["extra"], json!({"type": "boolean"}));
    let lic = &schema["properties"]["license"];
    assert_eq!(lic["title"], "License");
    assert_eq!(lic["required"], json!(["size"]));
    assert_eq!(lic["properties"]["size"]["minimum"], 1);
    // The update body only shows a license in its example; it gets the same schema.
    let update = op(&out.endpoints[1].document);
    assert_eq!(&update["requestBody"]["content"]["application/json"]["schema"]["properties"]["license"], lic);
    // The table is not part of the description.
    assert_eq!(create["description"], "Creates it.");
}

#[test]
fn bad_pages_report_every_problem_with_file_and_line() {
    for (text, want) in [
        ("", vec!["specs/pages/things.rendered.txt:0: the page is empty"]),
        ("Things\n\nJust prose.\n", vec!["specs/pages/things.rendered.txt:1: no endpoint block found"]),
        (
            // Two blocks: the first has no path anywhere, the second a broken sample.
            "T\n\nA\n\nget\n\nNo path.\n\nResponses\n200\n\nOK\n\nB\n\nget\n/b\nResponses\n200\n\nOK\n\napplication/json\nget\n/b\n200\n\nOK\n\n{\"a\": }\n",
            vec![
                "specs/pages/things.rendered.txt:3: endpoint block `A` has no path",
                "specs/pages/things.rendered.txt:30: example JSON does not parse",
            ],
        ),
        (
            // An endpoint block whose method line is missing: its sections trail the previous block.
            "T\n\nA\n\nget\n/a\nResponses\n200\n\nOK\n\napplication/json\nget\n/a\n200\n\nOK\n\nB\n/b\nPath parameters\nidintegerRequired\nResponses\n",
            vec![
                "specs/pages/things.rendered.txt:21: `Path parameters` belongs to an endpoint block without a method line",
            ],
        ),
        (
            "T\n\nPath parameters\nA\n\nget\n/a\nResponses\n200\n\nOK\n",
            vec![
                "specs/pages/things.rendered.txt:3: `Path parameters` belongs to an endpoint block without a method line",
            ],
        ),
        (
            "T\n\nA\n\nget\n/a/{id}\nResponses\n200\n\nOK\n",
            vec!["specs/pages/things.rendered.txt:3: path parameter `id` of `/a/{id}` is not documented in block `A`"],
        ),
        (
            "T\n\nA\n\nget\n/a\nBody\nnamestringRequired\n",
            vec!["specs/pages/things.rendered.txt:3: endpoint block `A` documents no response"],
        ),
    ] {
        let err = run(text).unwrap_err();
        let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(&want) {
            assert!(g.starts_with(w), "{g} should start with {w}");
        }
    }
}
