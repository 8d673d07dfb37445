//! Golden-style property tests of operation emission: resource nesting, call style, wire names,
//! pagination, documented errors, rustdoc content and sanitizing, zones, Cargo.toml, lib.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

fn pg_params() -> serde_json::Value {
    json!([
        {"name": "organizationId", "in": "path", "required": true, "schema": {"type": "integer"}},
        {"name": "teamId", "in": "query", "required": true, "schema": {"type": "integer"}},
        {"name": "cols", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "pg[sortBy]", "in": "query", "schema": {"type": "string"}},
        {"name": "pg[offset]", "in": "query", "schema": {"type": "integer"}},
        {"name": "pg[sortDir]", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "pg[limit]", "in": "query", "schema": {"type": "integer"}},
        {"name": "isPaused", "in": "query", "schema": {"type": "boolean"}}
    ])
}

fn fixture() -> Vec<generator::GeneratedFile> {
    let error = json!({"description": "bad", "content": {"application/json": {"schema":
        {"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}}}});
    let s = spec(json!({
        "/organizations/{organizationId}/variables": {
            "get": op("list_organization_variables", "Organizations", json!({
                "description": "Lists variables. See https://www.make.com/en/help and [filters], <b>bold</b> */ done.\n\n```\nlet x = 1;\n```",
                "parameters": pg_params(),
                "responses": {
                    "200": ok_json(json!({"type": "object", "properties": {
                        "variables": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                        "pg": {"type": "object", "properties": {"limit": {"type": "integer"}}}
                    }}))["200"].clone(),
                    "400": error,
                    "4XX": error
                }
            })),
            "post": op("create_organization_variable", "Organizations", json!({
                "parameters": [{"name": "organizationId", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "typeId": {"type": "integer"}}
                }}}},
                "responses": ok_json(json!({"type": "object", "properties": {"ok": {"type": "boolean"}}}))
            }))
        },
        "/organizations/{organizationId}/variables/{variableName}": {
            "delete": op("delete_organization_variable", "Organizations", json!({
                "parameters": [
                    {"name": "variableName", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "organizationId", "in": "path", "required": true, "schema": {"type": "integer"}}
                ]
            }))
        },
        "/admin/organizations": {
            "get": op("list_organizations", "Admin > Organizations", json!({
                "x-make-inferred": true,
                "security": [{"token": ["admin:read", "admin:write"]}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"q": {"type": "string"}}}}}},
                "responses": ok_json(json!({"type": "array", "items": {"type": "string"}}))
            }))
        }
    }));
    gen_files(&s)
}

#[test]
fn file_layout_nests_tags_and_every_rust_file_parses_with_header() {
    let files = fixture();
    let all = paths(&files);
    let runtime: Vec<_> = all.iter().filter(|p| p.starts_with("src/runtime/")).collect();
    assert!(runtime.iter().any(|p| **p == "src/runtime/mod.rs"), "the runtime is emitted: {all:?}");
    let generated: Vec<_> = all.iter().filter(|p| !p.starts_with("src/runtime/")).cloned().collect();
    assert_eq!(
        generated,
        [
            "Cargo.toml",
            "src/documented_error.rs",
            "src/lib.rs",
            "src/resources/admin/mod.rs",
            "src/resources/admin/organizations.rs",
            "src/resources/mod.rs",
            "src/resources/organizations.rs",
            "src/types.rs",
            "src/zone.rs"
        ]
    );
    for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
        parse(&f.contents);
        let first = f.contents.lines().next().unwrap_or("");
        assert!(first.contains("@generated") && first.contains("cargo xtask regen"), "{}", f.path);
        assert!(f.contents.lines().any(|l| l.starts_with("//!")), "{} lacks //! docs", f.path);
    }
    let root = file(&files, "src/resources/mod.rs");
    assert!(find_fn(root, "organizations").is_some());
    assert!(find_fn(root, "admin").is_some());
    let admin = file(&files, "src/resources/admin/mod.rs");
    let accessor = compact(&find_fn(admin, "organizations").unwrap().sig);
    assert_eq!(accessor, "fnorganizations(&self)->organizations::Organizations");
}

#[test]
fn required_params_are_arguments_in_path_order_optional_ones_setters() {
    let files = fixture();
    let src = file(&files, "src/resources/organizations.rs");
    let list = find_fn(src, "list_organization_variables").unwrap();
    let args: Vec<String> = list.sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["&self", "organization_id:i64", "team_id:i64"]);
    for setter in ["cols", "sort_by", "offset", "sort_dir", "limit", "set_is_paused"] {
        assert!(find_fn(src, setter).is_some(), "setter {setter}");
    }
    let cols = compact(&find_fn(src, "cols").unwrap().sig);
    assert!(cols.contains("implIntoIterator<Item=implInto<String>>"), "{cols}");
    // Path params follow the template order, not the declaration order.
    let delete = find_fn(src, "delete_organization_variable").unwrap();
    let args: Vec<String> = delete.sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["&self", "organization_id:i64", "variable_name:implInto<String>"]);
    // Required body is an argument; its type has a constructor for the required field.
    let create = find_fn(src, "create_organization_variable").unwrap();
    let args: Vec<String> = create.sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["&self", "organization_id:i64", "body:crate::types::CreateOrganizationVariableBody"]);
    // An optional body is a setter.
    let admin = file(&files, "src/resources/admin/organizations.rs");
    assert!(find_fn(admin, "body").is_some());
}

#[test]
fn request_parts_use_exact_wire_names_and_encoded_path_segments() {
    let files = fixture();
    let src = file(&files, "src/resources/organizations.rs");
    let parts: Vec<String> = items(src)
        .into_iter()
        .filter_map(|i| match i {
            syn::Item::Impl(im) => im.items.into_iter().find_map(|ii| match ii {
                syn::ImplItem::Fn(f) if f.sig.ident == "parts" => Some(compact(&f)),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    let list = parts.iter().find(|p| p.contains("pg[offset]")).expect("list parts");
    for wire in [
        "\"teamId\"",
        "\"cols[]\"",
        "\"pg[sortBy]\"",
        "\"pg[offset]\"",
        "\"pg[sortDir]\"",
        "\"pg[limit]\"",
        "\"isPaused\"",
    ] {
        assert!(list.contains(wire), "{wire} in {list}");
    }
    assert!(list.contains("reqwest::Method::GET"));
    assert!(list.contains("[\"/organizations/\",crate::runtime::path_segment(&self.organization_id).as_str(),\"/variables\",].concat()"), "{list}");
    // Optional scalars are added when set, optional lists once per value.
    assert!(list.contains(".query_opt(\"pg[offset]\",self.offset.as_ref())"), "{list}");
    assert!(list.contains(".query_each(\"cols[]\",self.cols.iter().flatten())"), "{list}");
    let delete = parts.iter().find(|p| p.contains("Method::DELETE")).expect("delete parts");
    assert!(delete.contains("path_segment(&self.variable_name)"), "{delete}");
    let create = parts.iter().find(|p| p.contains("Method::POST")).expect("create parts");
    assert!(create.contains(".json(Some(&self.body))"), "{create}");
}

#[test]
fn paginated_operations_stream_their_single_array() {
    let files = fixture();
    let src = file(&files, "src/resources/organizations.rs");
    let stream = find_fn(src, "stream").expect("stream on the paged list");
    let sig = compact(&stream.sig);
    assert_eq!(sig, "fnstream(self)->crate::PageStream<crate::types::Variable>");
    let body = compact(&stream.block);
    assert!(body.contains("crate::runtime::paginate"), "{body}");
    assert!(body.contains("response.variables.unwrap_or_default()"), "{body}");
    // Only one operation is paged.
    assert_eq!(src.matches("pub fn stream(").count(), 1);
    let admin = file(&files, "src/resources/admin/organizations.rs");
    assert!(find_fn(admin, "stream").is_none());
}

/// Token-paged lists (`pageToken` → `nextPageToken` and the other spellings) stream too: the
/// stream sends each response's next token back as the token parameter. Each case: the query
/// parameters, the response's properties (and required ones), and the expected stream body
/// pieces — or `None` when the operation must not be paged.
#[test]
fn token_paged_lists_stream_by_sending_back_the_next_token() {
    let string = json!({"type": "string"});
    let object = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let objects = json!({"type": "array", "items": object});
    let query = |name: &str, schema: &serde_json::Value, required: bool| json!({"name": name, "in": "query", "required": required, "schema": schema});
    /// Query parameters, response properties, required properties, expected stream pieces.
    type Case<'a> = (serde_json::Value, serde_json::Value, Vec<&'a str>, Option<Vec<&'a str>>);
    let cases: Vec<Case<'_>> = vec![
        // Google's spelling; the items are the only array.
        (
            json!([query("pageToken", &string, false), query("pageSize", &json!({"type": "integer"}), false)]),
            json!({"items": objects, "nextPageToken": string}),
            vec![],
            Some(vec![
                "crate::runtime::paginate_tokens(start,",
                "letstart=self.page_token.clone();",
                "page.page_token=page_token;",
                "(response.items.unwrap_or_default(),response.next_page_token",
            ]),
        ),
        // snake_case, and an array of strings beside the items (`unreachable`) is not the items.
        (
            json!([query("page_token", &string, false)]),
            json!({"instances": objects, "unreachable": {"type": "array", "items": string}, "next_page_token": string}),
            vec![],
            Some(vec!["(response.instances.unwrap_or_default(),response.next_page_token"]),
        ),
        // A required next token and required items are always there.
        (
            json!([query("cursor", &string, false)]),
            json!({"data": objects, "next_cursor": string}),
            vec!["data", "next_cursor"],
            Some(vec!["(response.data,Some(response.next_cursor)"]),
        ),
        // The same name both ways (AWS).
        (
            json!([query("nextToken", &string, false)]),
            json!({"results": objects, "nextToken": string}),
            vec![],
            Some(vec!["page.next_token=page_token;", ",response.next_token"]),
        ),
        // Not paged: a required token, a non-string token, no next token, a pair that does not
        // match, two arrays of objects.
        (json!([query("pageToken", &string, true)]), json!({"items": objects, "nextPageToken": string}), vec![], None),
        (
            json!([query("pageToken", &json!({"type": "integer"}), false)]),
            json!({"items": objects, "nextPageToken": string}),
            vec![],
            None,
        ),
        (json!([query("pageToken", &string, false)]), json!({"items": objects}), vec![], None),
        (json!([query("pageToken", &string, false)]), json!({"items": objects, "next_cursor": string}), vec![], None),
        (
            json!([query("pageToken", &string, false)]),
            json!({"items": objects, "others": objects, "nextPageToken": string}),
            vec![],
            None,
        ),
    ];
    for (params, properties, required, expected) in cases {
        let schema = json!({"type": "object", "required": required, "properties": properties});
        let files = gen_files(&spec(json!({"/things": {"get": op("list_things", "Things", json!({
            "parameters": params,
            "responses": ok_json(schema)
        }))}})));
        let src = file(&files, "src/resources/things.rs");
        let stream = find_fn(src, "stream");
        match (expected, stream) {
            (Some(pieces), Some(stream)) => {
                let body = compact(&stream.block);
                for piece in pieces {
                    assert!(body.contains(piece), "{params}: {piece} not in {body}");
                }
                assert!(src.contains("[`ListThingsRequest::stream`] pages through all items."), "{params}");
            }
            (None, None) => {}
            (expected, stream) => {
                panic!("{params} {properties}: expected {expected:?}, got {:?}", stream.map(|s| compact(&s.block)))
            }
        }
    }
}

/// A token parameter the JSON body also has (APIs.guru's AWS specs: `NextToken` in the query and
/// in the body, read from the body) is ambiguous: no stream. Without the body property it pages.
#[test]
fn a_token_parameter_the_body_also_has_is_not_paged() {
    let string = json!({"type": "string"});
    let response = json!({"type": "object", "properties": {
        "Items": {"type": "array", "items": {"type": "object", "properties": {"id": string}}},
        "NextToken": string
    }});
    for (body_properties, paged) in
        [(json!({"IndexId": string, "NextToken": string}), false), (json!({"IndexId": string}), true)]
    {
        let files = gen_files(&spec(json!({"/list": {"post": op("list_items", "Items", json!({
            "parameters": [{"name": "NextToken", "in": "query", "schema": string}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": body_properties}}}},
            "responses": ok_json(response.clone())
        }))}})));
        let src = file(&files, "src/resources/items.rs");
        assert_eq!(find_fn(src, "stream").is_some(), paged, "{body_properties}");
    }
}

/// The module-level fn named `name` in `src`, compacted.
fn module_fn(src: &str, name: &str) -> Option<String> {
    items(src).into_iter().find_map(|i| match i {
        syn::Item::Fn(f) if f.sig.ident == name => Some(compact(&f)),
        _ => None,
    })
}

#[test]
fn documented_errors_get_a_decoder_and_others_the_shared_none_decoder() {
    let files = fixture();
    let src = file(&files, "src/resources/organizations.rs");
    let root = file(&files, "src/resources/mod.rs");
    let all = compact(&parse(src));
    let used = "self.client.execute(self.parts(),crate::resources::errors_400_error_message_4xx_error_message";
    assert!(all.contains(used), "{all}");
    let decoder = module_fn(root, "errors_400_error_message_4xx_error_message").expect("decoder fn");
    assert!(decoder.contains("400=>"), "{decoder}");
    assert!(decoder.contains("serde_json::from_slice::<crate::types::ErrorMessage>(body)"), "{decoder}");
    assert!(decoder.contains("_ifstatus/100==4=>"), "{decoder}");
    assert!(decoder.contains("_=>None"), "{decoder}");
    assert!(root.contains("pub(crate) fn no_documented_errors"));
    assert!(src.contains("crate::resources::no_documented_errors"));
    // No operation module defines a decoder of its own.
    assert!(!src.contains("-> Option<crate::DocumentedError>"), "{src}");
}

/// Operations documenting the same errors share one decoder, compiled with the feature of every
/// group that uses it; different errors get decoders of their own, named after what they decode.
#[test]
fn operations_with_the_same_errors_share_one_decoder() {
    let error = json!({"description": "e", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"message": {"type": "string"}}}}}});
    let responses = |codes: &[&str]| {
        let mut r = serde_json::Map::new();
        r.insert("200".into(), json!({"description": "ok"}));
        for c in codes {
            r.insert((*c).into(), error.clone());
        }
        serde_json::Value::Object(r)
    };
    let tagged = |id: &str, tag: &str, codes: &[&str]| {
        let mut o = op(id, "X", json!({"responses": responses(codes)}));
        o["tags"] = json!([tag]);
        o
    };
    let s = spec(json!({
        "/a": {"get": tagged("get_a", "Alpha", &["400", "404"]), "put": tagged("put_a", "Alpha", &["400", "409"])},
        "/b": {"get": tagged("get_b", "Beta", &["404", "400"])},
    }));
    let files = gen_files(&s);
    let root = file(&files, "src/resources/mod.rs");
    let shared = "errors_400_404_error_message";
    let decoder = module_fn(root, shared).unwrap_or_else(|| panic!("no {shared} in {root}"));
    assert!(decoder.contains("400|404=>"), "{decoder}");
    assert!(
        root.contains(&format!("#[cfg(any(feature = \"alpha\", feature = \"beta\"))]\npub(crate) fn {shared}(")),
        "{root}"
    );
    let own = module_fn(root, "errors_400_409_error_message").expect("put_a's decoder");
    assert!(own.contains("400|409=>"), "{own}");
    assert!(root.contains("#[cfg(feature = \"alpha\")]\npub(crate) fn errors_400_409_error_message("), "{root}");
    assert_eq!(root.matches("-> Option<crate::DocumentedError>").count(), 2, "{root}");
    // `get_a` and `get_b` call the shared decoder.
    for module in ["alpha", "beta"] {
        let src = compact(&parse(file(&files, &format!("src/resources/{module}.rs"))));
        assert_eq!(src.matches(&format!("crate::resources::{shared}")).count(), 1, "{src}");
    }
}

/// A decoder's name lists its statuses and body types; a long list is cut at an arm (`_etc`), and
/// two lists whose names meet get distinct names.
#[test]
fn decoder_names_are_cut_and_kept_distinct() {
    let error = json!({"description": "e", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"message": {"type": "string"}}}}}});
    let responses = |codes: &[u16]| {
        let mut r = serde_json::Map::new();
        r.insert("200".into(), json!({"description": "ok"}));
        for c in codes {
            r.insert(c.to_string(), error.clone());
        }
        serde_json::Value::Object(r)
    };
    let many: Vec<u16> = (400..418).collect();
    let fewer: Vec<u16> = (400..417).collect();
    let s = spec(json!({
        "/a": {"get": op("get_a", "X", json!({"responses": responses(&many)}))},
        "/b": {"get": op("get_b", "X", json!({"responses": responses(&fewer)}))},
    }));
    let files = gen_files(&s);
    let root = file(&files, "src/resources/mod.rs");
    let names: Vec<String> = items(root)
        .into_iter()
        .filter_map(|i| match i {
            syn::Item::Fn(f) if f.sig.ident != "no_documented_errors" => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(names.len(), 2, "{root}");
    assert_ne!(names[0], names[1]);
    for name in &names {
        assert!(name.starts_with("errors_400_401_") && name.contains("_etc"), "{name}");
        assert!(name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_').len() <= 64, "{name}");
    }
}

#[test]
fn zero_documented_errors_still_yield_the_enum() {
    let s = spec(json!({"/x": {"get": op("get_x", "X", json!({"responses": ok_json(json!({"type": "string"}))}))}}));
    let files = gen_files(&s);
    let e = find_enum(file(&files, "src/documented_error.rs"), "DocumentedError").unwrap();
    assert!(e.variants.is_empty());
    assert!(attrs_contain(&e.attrs, "derive(Debug, Clone"));
}

#[test]
fn method_docs_carry_summary_route_scopes_inferred_note_and_are_sanitized() {
    let files = fixture();
    let src = file(&files, "src/resources/organizations.rs");
    let d = docs(&find_fn(src, "list_organization_variables").unwrap().attrs);
    for needle in [
        "Summary of list_organization_variables",
        "`GET /organizations/{organizationId}/variables`",
        "Required scopes: `organizations:read`.",
        "<https://www.make.com/en/help>",
        "\\[filters\\]",
        "&lt;b&gt;bold&lt;/b&gt;",
        "\\*/ done",
        "```text",
    ] {
        assert!(d.contains(needle), "missing {needle:?} in\n{d}");
    }
    assert!(!d.contains("inferred"));
    let admin = file(&files, "src/resources/admin/organizations.rs");
    let d = docs(&find_fn(admin, "list_organizations").unwrap().attrs);
    assert!(d.contains("inferred from the rendered documentation"), "{d}");
    assert!(d.contains("Required scopes: `admin:read`, `admin:write`."), "{d}");
    // No doc line anywhere would make rustdoc see a bare URL.
    for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
        for line in f.contents.lines().filter(|l| l.trim_start().starts_with("//")) {
            if let Some(at) = line.find("https://") {
                let before = &line[..at];
                assert!(
                    before.ends_with('<') || before.ends_with("](") || before.ends_with('"') || before.contains('`'),
                    "{}: {line}",
                    f.path
                );
            }
        }
    }
}

#[test]
fn zone_enum_comes_from_servers() {
    let files = fixture();
    let src = file(&files, "src/zone.rs");
    let e = find_enum(src, "Zone").unwrap();
    let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants, ["Eu1", "Eu2", "Us1", "Us2", "CelonisEu1", "CelonisUs1"]);
    assert!(attrs_contain(&e.attrs, "non_exhaustive"));
    assert!(attrs_contain(&e.attrs, "derive(Copy, Clone, Debug, PartialEq, Eq, Hash)"));
    assert!(src.contains("pub const ALL: [Zone; 6]"));
    assert!(src.contains("Zone::CelonisEu1 => \"https://eu1.make.celonis.com/api/v2\""));
    assert!(src.contains("impl std::fmt::Display for Zone"));
}

#[test]
fn cargo_toml_and_lib_rs_follow_the_contract() {
    let files = fixture();
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.starts_with("# @generated by cargo xtask regen — do not edit\n"));
    for line in [
        "name = \"make-com-api\"",
        "reqwest = { version = \"0.13.5\", default-features = false, features = [\"json\", \"rustls\", \"http2\", \"query\", \"multipart\"] }",
        "bytes = \"1.10\"",
        "serde = { version = \"1.0.220\", features = [\"derive\"] }",
        "tokio = { version = \"1.48\", features = [\"time\"] }",
        "wiremock = \"0.6.5\"",
    ] {
        assert!(cargo.lines().any(|l| l == line), "missing {line}\n{cargo}");
    }
    let lib = file(&files, "src/lib.rs");
    for needle in [
        "mod runtime;",
        "pub use runtime::*;",
        "pub use zone::Zone;",
        "pub use documented_error::DocumentedError;",
        "#![deny(missing_docs)]",
        "```no_run",
    ] {
        assert!(lib.contains(needle), "missing {needle}");
    }
    // The quick start calls an operation needing no arguments.
    assert!(lib.contains("client.admin().organizations().list_organizations().send().await?"), "{lib}");
}

#[test]
fn output_is_deterministic() {
    let first = fixture();
    for _ in 0..4 {
        assert_eq!(fixture(), first);
    }
}

#[test]
fn config_sets_package_identity_and_doc_example_crate_path() {
    let s = spec(json!({"/x": {"get": op("get_x", "X", json!({}))}}));
    let config = generator::Config {
        crate_name: "my-make".to_owned(),
        crate_version: "9.8.7".to_owned(),
        publish: true,
        ..generator::Config::default()
    };
    let files = generator::generate(&s, &config).unwrap();
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.contains("\nname = \"my-make\"\n") && cargo.contains("\nversion = \"9.8.7\"\n"));
    assert!(!cargo.contains("publish"));
    assert!(file(&files, "src/lib.rs").contains("my_make::Client::builder()"));
}

/// An operation documenting only a `default` error decodes every status the same way, without a
/// one-arm `match` (clippy's `match_single_binding`); a `default` written before a range still
/// comes after it (a range after the catch-all would be unreachable).
#[test]
fn default_error_responses_decode_every_other_status() {
    let decoder = |responses: serde_json::Value| {
        let s = spec(json!({"/x": {"get": op("get_x", "X", json!({"responses": responses}))}}));
        let files = gen_files(&s);
        let root = file(&files, "src/resources/mod.rs");
        let decoder = items(root).into_iter().find_map(|i| match i {
            syn::Item::Fn(f) if f.sig.ident.to_string().starts_with("errors_") => Some(compact(&f)),
            _ => None,
        });
        decoder.unwrap_or_else(|| panic!("no decoder fn in {root}"))
    };
    let error = json!({"description": "e", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"message": {"type": "string"}}}}}});
    let ok = json!({"description": "ok"});
    let only_default = decoder(json!({"200": ok, "default": error}));
    let direct = "fnerrors_other_error_message(_status:u16,body:&[u8]";
    assert!(only_default.contains(direct) && !only_default.contains("match"), "{only_default}");
    let with_range = decoder(json!({"default": error, "200": ok, "5XX": error}));
    let (range, catch_all) = (with_range.find("_ifstatus/100==5=>"), with_range.rfind("_=>"));
    assert!(range.is_some() && catch_all.is_some() && range < catch_all, "{with_range}");
    assert!(!with_range.contains("_=>None"), "{with_range}");
}
