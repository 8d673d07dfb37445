//! Problems found after the merge — dangling `$ref`s, a merged spec openapiv3 rejects, and
//! anything the generator rejects — name the page and line the operation came from, never
//! `specs/openapi.yaml:0`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use xtask::client::{ClientSettings, outputs};
use xtask::pipeline::{self, PageText, SourceIndex, validate_merged};
use xtask::sources::{Form, Page};

fn page(slug: &str) -> Page {
    Page {
        slug: slug.into(),
        url: format!("https://example.invalid/{slug}"),
        snapshot: format!("pages/{slug}.md"),
        form: Form::Markdown,
    }
}

/// A one-endpoint fragment with `op` on `path`, and `components`.
fn frag(method: &str, path: &str, op: Value, components: Value) -> String {
    let mut components = components;
    components["securitySchemes"] = json!({"token": {"type": "apiKey", "name": "Authorization", "in": "header"}});
    json!({
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1.0.0"},
        "servers": [{"url": "https://eu1.make.com/api/v2", "description": "EU1"}],
        "security": [{"token": ["things:read"]}],
        "components": components,
        "paths": {path: {method: op}}
    })
    .to_string()
}

fn ok(schema: Value) -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}})
}

/// A page of `## heading` sections, each one fragment. The headings of the sections are on
/// lines 3, 9, 15, … (each section takes six lines).
fn md(sections: &[(&str, String)]) -> String {
    let body: String = sections.iter().map(|(h, f)| format!("## {h}\n\n```json\n{f}\n```\n\n")).collect();
    format!("# Page\n\n{body}")
}

fn build(pages: &[(&str, String)]) -> Result<pipeline::Built, Vec<String>> {
    let pages: Vec<PageText> =
        pages.iter().map(|(slug, text)| PageText { page: page(slug), text: text.clone() }).collect();
    pipeline::build(&pages, None).map_err(|d| d.0.iter().map(ToString::to_string).collect())
}

fn settings() -> ClientSettings {
    ClientSettings {
        name: "demo-client".into(),
        version: "0.1.0".into(),
        description: "Demo.".into(),
        ..ClientSettings::default()
    }
}

#[test]
fn a_dangling_ref_names_the_page_and_line_of_its_operation() {
    let good = frag("get", "/a", json!({"tags": ["T"], "responses": ok(json!({"type": "object"}))}), json!({}));
    let dangling = frag(
        "get",
        "/b/{id}",
        json!({"tags": ["T"],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": ok(json!({"$ref": "#/components/schemas/Missing"}))}),
        json!({"schemas": {"Here": {"type": "object"}}}),
    );
    let in_component = frag(
        "get",
        "/c",
        json!({"tags": ["T"], "responses": ok(json!({"$ref": "#/components/schemas/Holder"}))}),
        json!({"schemas": {"Holder": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}}}),
    );
    let errors =
        build(&[("one", md(&[("Good", good), ("Dangling", dangling)])), ("two", md(&[("Component", in_component)]))])
            .map(|_| ())
            .unwrap_err();
    assert_eq!(
        errors,
        [
            "specs/pages/one.md:9: #/paths/~1b~1{id}/get/responses/200/content/application~1json/schema (in specs/openapi.yaml): `$ref` `#/components/schemas/Missing` points to nothing in the merged spec",
            "specs/pages/two.md:3: #/components/schemas/Holder/properties/x (in specs/openapi.yaml): `$ref` `#/components/schemas/Nope` points to nothing in the merged spec",
        ]
    );
    // A reference whose key is written with an escaped `$` is one all the same.
    let escaped = frag(
        "get",
        "/e",
        json!({"tags": ["T"], "responses": ok(json!({"$ref": "#/components/schemas/Gone"}))}),
        json!({}),
    )
    .replace("\"$ref\"", "\"\\u0024ref\"");
    assert!(escaped.contains("u0024ref") && !escaped.contains("$ref"), "{escaped}");
    let errors = build(&[("esc", md(&[("Escaped", escaped)]))]).map(|_| ()).unwrap_err();
    assert_eq!(
        errors,
        [
            "specs/pages/esc.md:3: #/paths/~1e/get/responses/200/content/application~1json/schema (in specs/openapi.yaml): `$ref` `#/components/schemas/Gone` points to nothing in the merged spec"
        ]
    );
}

#[test]
fn generator_errors_name_the_page_and_line_of_their_operation() {
    let fine = frag("get", "/a", json!({"tags": ["T"], "responses": ok(json!({"type": "object"}))}), json!({}));
    let schemaless = frag(
        "get",
        "/b",
        json!({"tags": ["T"],
            "parameters": [{"name": "filter", "in": "query", "content": {"application/json": {}}}],
            "responses": ok(json!({"type": "object"}))}),
        json!({}),
    );
    let built = build(&[("p", md(&[("Fine", fine), ("Schemaless", schemaless)]))]).unwrap();
    let err = outputs(&built.spec, &settings(), &built.sources).map(|_| ()).unwrap_err();
    assert_eq!(
        err.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "specs/pages/p.md:9: #/paths/~1b/get/parameters/0/content/application~1json (in specs/openapi.yaml): parameter content has no `schema`"
        ]
    );
    // Without an index the same error can only name the merged spec.
    let err = outputs(&built.spec, &settings(), &SourceIndex::default()).map(|_| ()).unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "specs/openapi.yaml:0: #/paths/~1b/get/parameters/0/content/application~1json: parameter content has no `schema`"
    );
}

#[test]
fn a_merged_spec_openapiv3_rejects_is_located_by_its_operation() {
    // A spec only the merge could have produced: validation of the whole fails at one
    // operation, and the failure maps back through the index.
    let mut spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {}}},
            "/b": {"post": {"parameters": [{"name": "x", "in": "query", "schema": 7}], "responses": {}}}
        }
    });
    let mut index = SourceIndex::default();
    index.add_operation("/a", "get", "specs/pages/p.md", 3);
    index.add_operation("/b", "post", "specs/pages/q.md", 21);
    assert!(validate_merged(&mut spec, "specs/openapi.yaml", 0, 2, 8 << 20).is_err());
    let (pointer, message) = pipeline::failure(&spec).unwrap();
    assert_eq!(
        index.diagnostic(&pointer, &message).to_string(),
        "specs/pages/q.md:21: #/paths/~1b/post/parameters/0 (in specs/openapi.yaml): not valid OpenAPI 3.0: invalid type: integer `7`, expected struct Schema"
    );
}
