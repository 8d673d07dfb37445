//! Property tests: arbitrary OpenAPI documents (hostile names, texts, status keys, `$ref`s,
//! nested schemas) never panic the generator; every rejection is a located error and every
//! accepted spec yields deterministic files that parse with syn and carry the `@generated` header.
//! Three documents in four are tame (only supported constructs, so most reach generation; a
//! counter test keeps it so), one in four wild (unsupported constructs and dangling references).
//!
//! 128 cases per property unless `PROPTEST_CASES` says otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use generator::{Config, generate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
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

/// `$ref` targets: defined components; in wild documents also undefined ones and foreign
/// documents.
fn reference(wild: bool) -> BoxedStrategy<String> {
    let defined = proptest::sample::select(COMPONENTS).prop_map(|n| format!("#/components/schemas/{n}"));
    if !wild {
        return defined.boxed();
    }
    prop_oneof![
        300 => defined,
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
    .boxed()
}

/// Component schema names (each present in every tame document, in most wild ones).
const COMPONENTS: &[&str] = &["A", "B", "self", "Type", "a-b", "a_b"];

const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "object", "array"];

fn leaf_schema(wild: bool) -> BoxedStrategy<Value> {
    let ty = if wild {
        prop_oneof![100 => proptest::sample::select(&TYPES[..]), 1 => Just("bigint")].boxed()
    } else {
        proptest::sample::select(&TYPES[..]).boxed()
    };
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
        2 => reference(wild).prop_map(|r| json!({"$ref": r})),
        1 => Just(json!({})),
        1 => Just(json!({"nullable": true})),
        1 => Just(json!({"type": "any"})),
        1 => (prop::collection::vec(prop_oneof![(-3i64..3).prop_map(|v| json!(v)), Just(Value::Null)], 1..4), any::<bool>())
            .prop_map(|(values, nullable)| json!({"type": "integer", "enum": values, "nullable": nullable})),
        1 => prop::collection::vec(prop_oneof![name().prop_map(Value::String), Just(json!(1)), Just(Value::Null)], 1..3)
            .prop_map(|values| json!({"enum": values})),
    ]
    .boxed()
}

/// Nested schemas: objects, arrays, unions and `allOf` over objects; wild documents add `not`,
/// `allOf` over anything and keywords mixed with a composition (all rejected, with a location).
fn schema(wild: bool) -> BoxedStrategy<Value> {
    leaf_schema(wild)
        .prop_recursive(4, 24, 4, move |inner| {
            let object = (
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
                    if !required.is_empty() {
                        m.insert("required".into(), json!(required));
                    }
                    if let Some(a) = additional {
                        m.insert("additionalProperties".into(), a);
                    }
                    if nullable {
                        m.insert("nullable".into(), json!(true));
                    }
                    if let Some(d) = desc {
                        m.insert("description".into(), json!(d));
                    }
                    Value::Object(m)
                });
            let array = inner.clone().prop_map(|items| json!({"type": "array", "items": items}));
            let union = (prop_oneof![Just("oneOf"), Just("anyOf")], prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(k, v)| json!({ k: v }));
            let described_union = (prop::collection::vec(inner.clone(), 1..3), any::<bool>())
                .prop_map(|(v, nullable)| json!({"oneOf": v, "nullable": nullable, "description": "a union"}));
            let all_of_objects = prop::collection::vec(prop::collection::btree_map(name(), inner.clone(), 0..3), 1..3)
                .prop_map(|parts| {
                    let parts: Vec<Value> =
                        parts.into_iter().map(|p| json!({"type": "object", "properties": p})).collect();
                    json!({ "allOf": parts })
                });
            // Object keywords beside a union or `allOf`, with or without a discriminator.
            let beside = (
                prop::collection::btree_map(name(), inner.clone(), 0..3),
                prop_oneof![Just("oneOf"), Just("anyOf"), Just("allOf")],
                prop::collection::vec(inner.clone(), 0..3),
                prop::option::of((name(), prop::collection::btree_map(name(), reference(wild), 0..3))),
            )
                .prop_map(|(props, key, parts, discriminator)| {
                    let mut m = json!({"type": "object", "properties": props, key: parts});
                    if let Some((property, mapping)) = discriminator {
                        m["discriminator"] = json!({"propertyName": property, "mapping": mapping});
                    }
                    m
                });
            // Objects tagged by a constant property (or not quite: repeated or missing tags).
            let tagged = prop::collection::vec((prop::option::of(name()), inner.clone()), 1..4).prop_map(|variants| {
                let variants: Vec<Value> = variants
                    .into_iter()
                    .map(|(tag, other)| match tag {
                        Some(t) => json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [t]}, "other": other}}),
                        None => other,
                    })
                    .collect();
                json!({"oneOf": variants})
            });
            // One part under `allOf` with sibling keywords (the AWS pattern).
            let all_of_one = (inner.clone(), any::<bool>(), text()).prop_map(|(part, nullable, desc)| {
                json!({"allOf": [part, {"description": desc}], "nullable": nullable, "default": "x"})
            });
            if !wild {
                return prop_oneof![
                    60 => object,
                    15 => array,
                    15 => union,
                    6 => described_union,
                    3 => all_of_objects,
                    4 => beside,
                    4 => tagged,
                    2 => all_of_one,
                ]
                .boxed();
            }
            prop_oneof![
                60 => object,
                15 => array,
                3 => prop::collection::vec(inner, 0..4).prop_map(|v| json!({"allOf": v})),
                15 => union,
                1 => Just(json!({"not": {"type": "string"}})),
                1 => Just(json!({"type": "string", "allOf": [{"type": "object"}, {"type": "string"}]})),
                6 => described_union,
                3 => all_of_objects,
                4 => beside,
                4 => tagged,
                2 => all_of_one,
            ]
            .boxed()
        })
        .boxed()
}

/// Response keys: codes, ranges (`4xx` too) and `default`; wild documents add keys OpenAPI
/// rejects.
fn status(wild: bool) -> impl Strategy<Value = String> {
    let valid: &'static [&'static str] =
        &["200", "201", "204", "2XX", "default", "4XX", "5XX", "400", "404", "500", "1XX", "302", "4xx"];
    let keys: &'static [&'static str] = if wild { &["999", "abc", ""] } else { valid };
    prop_oneof![
        proptest::sample::select(valid).prop_map(str::to_owned),
        proptest::sample::select(keys).prop_map(str::to_owned),
        (100u16..600).prop_map(|c| c.to_string()),
    ]
}

fn response(wild: bool) -> impl Strategy<Value = Value> {
    let media = prop_oneof![Just("application/json"), Just("application/problem+json"), Just("text/plain")];
    (text(), prop::option::of((media, prop::option::of(schema(wild))))).prop_map(|(desc, content)| {
        let mut m = Map::new();
        m.insert("description".into(), json!(desc));
        if let Some((media, schema)) = content {
            let mt = schema.map_or_else(|| json!({}), |s| json!({"schema": s}));
            m.insert("content".into(), json!({ media: mt }));
        }
        Value::Object(m)
    })
}

/// A parameter: a scalar (or enum) or an array of strings, in the query or a header; wild
/// documents add path and cookie parameters outside the template and arbitrary schemas.
fn parameter(wild: bool) -> impl Strategy<Value = Value> {
    let location = if wild {
        prop_oneof![30 => Just("query"), 1 => Just("path"), 3 => Just("header"), 1 => Just("cookie")].boxed()
    } else {
        prop_oneof![10 => Just("query"), 1 => Just("header")].boxed()
    };
    let scalar = (
        proptest::sample::select(&["string", "integer", "number", "boolean"][..]),
        prop::option::of(prop::collection::vec(name(), 1..4)),
    )
        .prop_map(|(ty, values)| match values {
            Some(v) if ty == "string" => json!({"type": ty, "enum": v}),
            _ => json!({"type": ty}),
        });
    let array = Just(json!({"type": "array", "items": {"type": "string"}}));
    let schema = if wild {
        prop_oneof![3 => scalar, 1 => array, 1 => schema(true)].boxed()
    } else {
        prop_oneof![3 => scalar, 1 => array].boxed()
    };
    (location, name(), any::<bool>(), schema, prop::option::of(text())).prop_map(
        |(loc, name, required, schema, desc)| {
            let mut p = json!({"in": loc, "name": name, "required": required || loc == "path", "schema": schema});
            if let Some(d) = desc {
                p["description"] = json!(d);
            }
            p
        },
    )
}

/// Tags, hierarchies (`A > B`) and hostile names; wild documents add empty segments.
fn tag(wild: bool) -> impl Strategy<Value = String> {
    let known = proptest::sample::select(
        &[
            "Things",
            "Admin > Things",
            "Admin > Other",
            "self",
            "Option",
            "Result",
            "Foo Request",
            "Clone",
            "Things > clone",
        ][..],
    )
    .prop_map(str::to_owned);
    let named = name().prop_filter("tags need a name", |n| !n.trim().is_empty());
    let nested = (name(), name())
        .prop_filter("tag segments need a name", |(a, b)| !a.trim().is_empty() && !b.trim().is_empty())
        .prop_map(|(a, b)| format!("{a} > {b}"));
    if !wild {
        return prop_oneof![30 => known, 10 => named, 1 => nested].boxed();
    }
    prop_oneof![
        30 => known,
        3 => proptest::sample::select(&["a > ", " > b", ""][..]).prop_map(str::to_owned),
        10 => named,
        1 => (name(), name()).prop_map(|(a, b)| format!("{a} > {b}")),
    ]
    .boxed()
}

/// Always a value in tame documents; one time in ten none in wild ones.
fn sometimes_missing<S: Strategy + 'static>(wild: bool, value: S) -> BoxedStrategy<Option<S::Value>> {
    if wild { prop::option::weighted(0.9, value).boxed() } else { value.prop_map(Some).boxed() }
}

fn operation(wild: bool) -> impl Strategy<Value = Value> {
    let media = if wild {
        prop_oneof![30 => Just("application/json"), 1 => Just("multipart/form-data")].boxed()
    } else {
        Just("application/json").boxed()
    };
    (
        sometimes_missing(wild, name()),
        sometimes_missing(wild, tag(wild)),
        prop::collection::vec(parameter(wild), 0..4),
        prop::option::of((media, schema(wild), any::<bool>())),
        prop::collection::btree_map(status(wild), response(wild), 0..4),
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

/// A path template: literal segments (odd characters included) and `{param}` segments, whose
/// parameters are declared on every operation (wild documents: odd braces in literal segments,
/// and sometimes undeclared parameters).
fn path_item(wild: bool) -> impl Strategy<Value = (String, Value)> {
    let odd: &'static [&'static str] = if wild {
        &["a b", "ü", "%20", "a:b", "{", "}", "{}", "x{y", "~0", "a\"b", "..", "\\"]
    } else {
        &["a b", "ü", "%20", "a:b", "~0", "a\"b", "..", "\\"]
    };
    let segment = prop_oneof![
        3 => "[a-z]{1,6}".prop_map(|s| (s, false)),
        1 => proptest::sample::select(odd).prop_map(|s| (s.to_owned(), false)),
        2 => name().prop_filter("path parameters need a name", |n| !n.is_empty() && !n.contains(['{', '}', '/'])).prop_map(|n| (n, true)),
    ];
    let methods = prop::collection::btree_map(
        proptest::sample::select(&["get", "put", "post", "delete", "patch", "options", "head", "trace"][..]),
        operation(wild),
        1..3,
    );
    let declare = if wild { prop::bool::weighted(0.9).boxed() } else { Just(true).boxed() };
    (prop::collection::vec(segment, 0..4), methods, declare).prop_map(|(segments, methods, declare)| {
        let path = format!(
            "/{}",
            segments.iter().map(|(s, p)| if *p { format!("{{{s}}}") } else { s.clone() }).collect::<Vec<_>>().join("/")
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
    })
}

/// A server: the Make URL or another API host, with a hostile description or none; wild
/// documents add arbitrary text as the URL.
fn server(wild: bool) -> impl Strategy<Value = (String, Option<String>)> {
    let url = if wild {
        prop_oneof![4 => Just("https://eu1.make.com/api/v2".to_owned()), 1 => "\\PC{0,12}"].boxed()
    } else {
        prop_oneof![
            3 => Just("https://eu1.make.com/api/v2".to_owned()),
            1 => "https://[a-z]{1,8}\\.example\\.com/v[0-9]",
        ]
        .boxed()
    };
    (url, prop::option::of(text()))
}

/// A document of one kind: tame (every construct the generator supports, with hostile names and
/// texts) or wild (unsupported constructs and dangling references too).
fn document_of(wild: bool) -> impl Strategy<Value = Value> {
    let servers = if wild {
        prop_oneof![50 => prop::collection::vec(server(true), 1..3), 1 => Just(Vec::new())].boxed()
    } else {
        prop::collection::vec(server(false), 1..3).boxed()
    };
    (
        text(),
        servers,
        prop::collection::vec(path_item(wild), 1..4),
        prop::collection::vec(sometimes_missing(wild, schema(wild)), COMPONENTS.len()),
        prop::collection::vec((tag(wild), text()), 0..3),
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
            // Every component name is defined in tame documents; a few stay dangling in wild ones.
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

/// Mostly tame documents, so most cases reach generation; some wild ones for the errors.
fn document() -> impl Strategy<Value = Value> {
    prop_oneof![3 => document_of(false), 1 => document_of(true)]
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

/// Most documents reach generation, so the property checks generated code rather than the first
/// rejection: at least half of a fixed sample of the strategy generate.
#[test]
fn most_documents_generate() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document();
    let total = 200;
    let generated = (0..total)
        .filter(|_| {
            let doc = strategy.new_tree(&mut runner).unwrap().current();
            serde_json::from_value::<openapiv3::OpenAPI>(doc)
                .is_ok_and(|spec| generate(&spec, &Config::default()).is_ok())
        })
        .count();
    assert!(generated * 2 >= total, "only {generated} of {total} documents reached generation");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_documents_never_panic_and_yield_parseable_code(doc in document()) {
        check(&doc)?;
    }
}
