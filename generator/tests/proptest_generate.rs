//! Property tests: arbitrary OpenAPI documents (hostile names, texts, status keys, `$ref`s,
//! nested schemas) never panic the generator; every rejection is a located error and every
//! accepted spec yields deterministic files that parse with syn and carry the `@generated` header.
//!
//! 128 cases per property unless `PROPTEST_CASES` says otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use generator::{Config, generate};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Names meant to break identifier derivation: keywords, case-collisions, prelude names, …
const HOSTILE_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "",
    " ",
    "3d",
    "_",
    "__",
    "größe",
    "日本",
    "extra",
    "extra_2",
    "fooBar",
    "foo_bar",
    "a-b",
    "a_b",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "clone",
    "add",
    "sub",
    "Other",
    "default",
    "body",
    "send",
    "stream",
    "value",
    "pg[offset]",
    "pg[limit]",
    "cols[]",
    "a/b",
    "~",
    "{id}",
    "Error",
    "Client",
    "Zone",
    "new",
    "as_str",
    "into_inner",
    "to_string",
    "from_str",
    "is_ok",
    "a1",
    "a_1",
    "Types",
];

/// Text fragments rustdoc and comment syntax care about.
const HOSTILE_TEXT: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "r#\"",
    "```",
    "```rust",
    "~~~",
    "`",
    "<script>alert(1)</script>",
    "<details>",
    "</div>",
    "https://example.com/a_(b)",
    "http://x",
    "[broken link]",
    "[x]: y",
    "[a](b)",
    "[a](https://b.c)",
    "\t",
    "    code",
    "# heading",
    "- item",
    "1. one",
    "> quote",
    "\r",
    "\r\n",
    "\u{0}",
    "\u{1b}[0m",
    "\u{2028}",
    "\\",
    "{}",
    "{{",
    "#[",
    "*",
    "_",
    "|a|b|",
    "<",
    "&amp;",
    "ä",
    "🦀",
    "\n",
    "\n\n",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(HOSTILE_NAMES).prop_map(str::to_owned),
        3 => "[a-zA-Z][a-zA-Z0-9_]{0,8}",
        1 => "\\PC{0,6}",
        1 => "n{1000}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(HOSTILE_TEXT).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => ".{0,8}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// `$ref` targets: defined components, undefined ones and foreign documents.
fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        300 => proptest::sample::select(COMPONENTS).prop_map(|n| format!("#/components/schemas/{n}")),
        // Local pointers below a component (present or not), escaped and percent-encoded.
        20 => (proptest::sample::select(COMPONENTS), name(), proptest::sample::select(&["properties", "items", "allOf/0", "oneOf/1", "additionalProperties"][..]))
            .prop_map(|(n, p, via)| match via {
                "properties" => format!("#/components/schemas/{n}/properties/{}", p.replace('~', "~0").replace('/', "~1")),
                other => format!("#/components/schemas/{n}/{other}"),
            }),
        2 => Just("#/components/schemas/%41".to_owned()),
        1 => Just("#/components/schemas/A~2".to_owned()),
        1 => Just("#/components/schemas/Missing".to_owned()),
        1 => Just("#/definitions/A".to_owned()),
        1 => Just("other.yaml#/A".to_owned()),
    ]
}

/// Component schema names (each present in most documents).
const COMPONENTS: &[&str] = &["A", "B", "self", "Type", "a-b", "a_b"];

fn leaf_schema() -> impl Strategy<Value = Value> {
    let ty = prop_oneof![
        100 => proptest::sample::select(&["string", "integer", "number", "boolean", "object", "array"][..]),
        1 => Just("bigint"),
    ];
    let format = prop::option::of(prop_oneof![
        Just("int64"),
        Just("int32"),
        Just("date-time"),
        Just("email"),
        Just("uri"),
        Just("weird")
    ]);
    let enumeration = prop::option::of(prop::collection::vec(name(), 0..5));
    prop_oneof![
        6 => (ty, format, enumeration, any::<bool>(), prop::option::of(text())).prop_map(|(ty, format, en, nullable, desc)| {
            let mut m = Map::new();
            m.insert("type".into(), json!(ty));
            if let Some(f) = format { m.insert("format".into(), json!(f)); }
            if let (Some(e), "string") = (en, ty) { m.insert("enum".into(), json!(e)); }
            if nullable { m.insert("nullable".into(), json!(true)); }
            if let Some(d) = desc { m.insert("description".into(), json!(d)); }
            Value::Object(m)
        }),
        2 => reference().prop_map(|r| json!({"$ref": r})),
        1 => Just(json!({})),
        1 => Just(json!({"nullable": true})),
        1 => Just(json!({"type": "any"})),
        1 => (prop::collection::vec(prop_oneof![(-3i64..3).prop_map(|v| json!(v)), Just(Value::Null)], 1..4), any::<bool>())
            .prop_map(|(values, nullable)| json!({"type": "integer", "enum": values, "nullable": nullable})),
        1 => prop::collection::vec(prop_oneof![name().prop_map(Value::String), Just(json!(1)), Just(Value::Null)], 1..3)
            .prop_map(|values| json!({"enum": values})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            60 => (
                prop::collection::btree_map(name(), inner.clone(), 0..4),
                prop::collection::vec(name(), 0..3),
                prop::option::of(prop_oneof![any::<bool>().prop_map(Value::Bool), inner.clone()]),
                any::<bool>(),
                prop::option::of(text()),
            )
                .prop_map(|(props, required, additional, nullable, desc)| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("object"));
                    m.insert("properties".into(), json!(props));
                    if !required.is_empty() { m.insert("required".into(), json!(required)); }
                    if let Some(a) = additional { m.insert("additionalProperties".into(), a); }
                    if nullable { m.insert("nullable".into(), json!(true)); }
                    if let Some(d) = desc { m.insert("description".into(), json!(d)); }
                    Value::Object(m)
                }),
            15 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            3 => prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({"allOf": v})),
            15 => (prop_oneof![Just("oneOf"), Just("anyOf")], prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(k, v)| json!({ k: v })),
            1 => Just(json!({"not": {"type": "string"}})),
            1 => Just(json!({"type": "string", "allOf": [{"type": "object"}, {"type": "string"}]})),
            6 => (prop::collection::vec(inner.clone(), 1..3), any::<bool>()).prop_map(|(v, nullable)| {
                json!({"oneOf": v, "nullable": nullable, "description": "a union"})
            }),
            // Object keywords beside a union or `allOf`, with or without a discriminator.
            4 => (
                prop::collection::btree_map(name(), inner.clone(), 0..3),
                prop_oneof![Just("oneOf"), Just("anyOf"), Just("allOf")],
                prop::collection::vec(inner.clone(), 0..3),
                prop::option::of((name(), prop::collection::btree_map(name(), reference(), 0..3))),
            )
                .prop_map(|(props, key, parts, discriminator)| {
                    let mut m = json!({"type": "object", "properties": props, key: parts});
                    if let Some((property, mapping)) = discriminator {
                        m["discriminator"] = json!({"propertyName": property, "mapping": mapping});
                    }
                    m
                }),
            // Objects tagged by a constant property (or not quite: repeated or missing tags).
            4 => prop::collection::vec((prop::option::of(name()), inner.clone()), 1..4).prop_map(|variants| {
                let variants: Vec<Value> = variants
                    .into_iter()
                    .map(|(tag, other)| match tag {
                        Some(t) => json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [t]}, "other": other}}),
                        None => other,
                    })
                    .collect();
                json!({"oneOf": variants})
            }),
            2 => (inner, any::<bool>(), text()).prop_map(|(part, nullable, desc)| {
                json!({"allOf": [part, {"description": desc}], "nullable": nullable, "default": "x"})
            }),
        ]
    })
}

fn status() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "200", "201", "204", "2XX", "default", "4XX", "5XX", "400", "404", "500", "1XX", "302", "4xx", "999",
                "abc", ""
            ][..]
        )
        .prop_map(str::to_owned),
        (100u16..600).prop_map(|c| c.to_string()),
    ]
}

fn response() -> impl Strategy<Value = Value> {
    let media = prop_oneof![Just("application/json"), Just("application/problem+json"), Just("text/plain")];
    (text(), prop::option::of((media, prop::option::of(schema())))).prop_map(|(desc, content)| {
        let mut m = Map::new();
        m.insert("description".into(), json!(desc));
        if let Some((media, schema)) = content {
            let mt = schema.map_or_else(|| json!({}), |s| json!({"schema": s}));
            m.insert("content".into(), json!({ media: mt }));
        }
        Value::Object(m)
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    let location = prop_oneof![300 => Just("query"), 1 => Just("path"), 1 => Just("header"), 1 => Just("cookie")];
    let scalar = prop_oneof![
        3 => (proptest::sample::select(&["string", "integer", "number", "boolean"][..]), prop::option::of(prop::collection::vec(name(), 1..4)))
            .prop_map(|(ty, values)| match values {
                Some(v) if ty == "string" => json!({"type": ty, "enum": v}),
                _ => json!({"type": ty}),
            }),
        1 => Just(json!({"type": "array", "items": {"type": "string"}})),
        1 => schema(),
    ];
    (location, name(), any::<bool>(), scalar, prop::option::of(text())).prop_map(
        |(loc, name, required, schema, desc)| {
            let mut p = json!({"in": loc, "name": name, "required": required || loc == "path", "schema": schema});
            if let Some(d) = desc {
                p["description"] = json!(d);
            }
            p
        },
    )
}

fn tag() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => proptest::sample::select(&["Things", "Admin > Things", "Admin > Other", "self", "Option", "Result", "Foo Request", "Clone", "Things > clone"][..]).prop_map(str::to_owned),
        1 => proptest::sample::select(&["a > ", " > b", ""][..]).prop_map(str::to_owned),
        10 => name().prop_filter("empty tags are covered above", |n| !n.trim().is_empty()),
        1 => (name(), name()).prop_map(|(a, b)| format!("{a} > {b}")),
    ]
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.99, name()),
        prop::option::weighted(0.99, tag()),
        prop::collection::vec(parameter(), 0..4),
        prop::option::of((
            prop_oneof![100 => Just("application/json"), 1 => Just("multipart/form-data")],
            schema(),
            any::<bool>(),
        )),
        prop::collection::btree_map(status(), response(), 0..4),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(id, tag, params, body, responses, summary, desc)| {
            let mut m = Map::new();
            if let Some(id) = id {
                m.insert("operationId".into(), json!(id));
            }
            if let Some(t) = tag {
                m.insert("tags".into(), json!([t]));
            }
            m.insert("parameters".into(), json!(params));
            if let Some((media, schema, required)) = body {
                m.insert("requestBody".into(), json!({"required": required, "content": {media: {"schema": schema}}}));
            }
            let responses = if responses.is_empty() { json!({"200": {"description": "ok"}}) } else { json!(responses) };
            m.insert("responses".into(), responses);
            if let Some(s) = summary {
                m.insert("summary".into(), json!(s));
            }
            if let Some(d) = desc {
                m.insert("description".into(), json!(d));
            }
            m.insert("security".into(), json!([{"token": ["a:read", "`b`"]}]));
            Value::Object(m)
        })
}

/// A path template: literal segments (odd characters included) and `{param}` segments; the
/// template's parameters are declared on every operation unless `declare` is false.
fn path_item() -> impl Strategy<Value = (String, Value)> {
    let segment = prop_oneof![
        3 => "[a-z]{1,6}".prop_map(|s| (s, false)),
        1 => proptest::sample::select(&["a b", "ü", "%20", "a:b", "{", "}", "{}", "x{y", "~0", "a\"b", "..", "\\"][..]).prop_map(|s| (s.to_owned(), false)),
        2 => name().prop_map(|n| (n, true)),
    ];
    let methods = prop::collection::btree_map(
        proptest::sample::select(&["get", "put", "post", "delete", "patch", "options", "head", "trace"][..]),
        operation(),
        1..3,
    );
    (prop::collection::vec(segment, 0..4), methods, prop::bool::weighted(0.95)).prop_map(
        |(segments, methods, declare)| {
            let path = format!(
                "/{}",
                segments
                    .iter()
                    .map(|(s, p)| if *p { format!("{{{s}}}") } else { s.clone() })
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let mut item = Map::new();
            for (method, mut op) in methods {
                if declare {
                    let declared: Vec<Value> = segments
                        .iter()
                        .filter(|(_, p)| *p)
                        .map(|(s, _)| json!({"in": "path", "name": s, "required": true, "schema": {"type": "string"}}))
                        .collect();
                    if let Some(list) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                        list.retain(|p| p["in"] != "path");
                        list.extend(declared);
                    }
                }
                item.insert(method.to_owned(), op);
            }
            (path, Value::Object(item))
        },
    )
}

/// A server: the Make URL or arbitrary text, with a hostile description or none.
fn server() -> impl Strategy<Value = (String, Option<String>)> {
    (prop_oneof![Just("https://eu1.make.com/api/v2".to_owned()), "\\PC{0,12}"], prop::option::of(text()))
}

fn document() -> impl Strategy<Value = Value> {
    (
        text(),
        prop_oneof![50 => prop::collection::vec(server(), 1..3), 1 => Just(Vec::new())],
        prop::collection::vec(path_item(), 1..4),
        prop::collection::vec(prop::option::weighted(0.99, schema()), COMPONENTS.len()),
        prop::collection::vec((tag(), text()), 0..3),
    )
        .prop_map(|(title, servers, paths, components, tags)| {
            let servers: Vec<Value> = servers
                .into_iter()
                .map(|(url, desc)| match desc {
                    Some(d) => json!({"url": url, "description": d}),
                    None => json!({"url": url}),
                })
                .collect();
            let paths: BTreeMap<String, Value> = paths.into_iter().collect();
            // Almost every component name is defined; a few stay dangling.
            let components: BTreeMap<&str, Value> =
                COMPONENTS.iter().zip(components).filter_map(|(name, schema)| Some((*name, schema?))).collect();
            let tags: Vec<Value> = tags.into_iter().map(|(name, d)| json!({"name": name, "description": d})).collect();
            json!({
                "openapi": "3.0.0",
                "info": {"title": title, "version": "1.0.0"},
                "servers": servers,
                "tags": tags,
                "paths": paths,
                "components": {"schemas": components}
            })
        })
}

/// The configured case count: `PROPTEST_CASES` if set, else 128.
fn config() -> ProptestConfig {
    let base = ProptestConfig { failure_persistence: None, ..ProptestConfig::default() };
    match std::env::var("PROPTEST_CASES") {
        Ok(_) => base,
        Err(_) => ProptestConfig { cases: 128, ..base },
    }
}

/// Checks one document: no panic, located errors, parseable deterministic output.
fn check(doc: &Value) -> Result<(), TestCaseError> {
    let Ok(spec) = serde_json::from_value::<openapiv3::OpenAPI>(doc.clone()) else {
        return Ok(());
    };
    let pretty = serde_json::to_string_pretty(doc).unwrap_or_default();
    let config = Config::default();
    let result = catch_unwind(AssertUnwindSafe(|| generate(&spec, &config)));
    let result = match result {
        Ok(r) => r,
        Err(_) => return Err(TestCaseError::fail(format!("generate panicked on:\n{pretty}"))),
    };
    match result {
        Err(e) => {
            prop_assert!(e.pointer.starts_with('#'), "pointer {:?} for {}\n{pretty}", e.pointer, e.message);
            prop_assert!(!e.message.trim().is_empty(), "empty message at {}\n{pretty}", e.pointer);
            prop_assert!(!e.message.contains("internal error"), "{e}\n{pretty}");
            // The pointer names a place in the document as openapiv3 reads it (`4xx` → `4XX`):
            // at least its parent exists.
            let seen = serde_json::to_value(&spec).unwrap_or_default();
            let plain = e.pointer.trim_start_matches('#');
            let parent = plain.rsplit_once('/').map_or("", |(p, _)| p);
            prop_assert!(seen.pointer(parent).is_some(), "{e}: parent {parent:?} is not in the document\n{pretty}");
        }
        Ok(files) => {
            for f in &files {
                let first = f.contents.lines().next().unwrap_or("");
                prop_assert!(first.contains("@generated"), "{} lacks the header\n{pretty}", f.path);
                if f.path.ends_with(".rs") {
                    if let Err(e) = syn::parse_file(&f.contents) {
                        return Err(TestCaseError::fail(format!(
                            "{} does not parse: {e}\n{}\n{pretty}",
                            f.path, f.contents
                        )));
                    }
                }
                prop_assert!(f.path.split('/').all(|c| !c.is_empty() && c.len() <= 100), "odd path {:?}", f.path);
            }
            let again = generate(&spec, &config).map_err(|e| TestCaseError::fail(format!("second run failed: {e}")))?;
            prop_assert!(again == files, "output differs between runs\n{pretty}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_documents_never_panic_and_yield_parseable_code(doc in document()) {
        check(&doc)?;
    }
}
