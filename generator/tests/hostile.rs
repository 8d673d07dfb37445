//! Hostile-input corpus: names and texts that break naive code generation (keywords, `self`,
//! empty, digits-first, unicode, 1,000 characters, case collisions; descriptions full of comment
//! terminators, raw-string quotes, fences, HTML, bare URLs and broken links; recursive schemas).
//!
//! Each case is a test of its own that generation either succeeds with the expected names or
//! fails with a located error; `hostile_crates_compile_warning_free` then compiles every accepted
//! case as a member of one workspace with `cargo check`, `cargo clippy -D warnings` and
//! `cargo doc` under `RUSTDOCFLAGS=-Dwarnings`, one cargo invocation per tool.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::workspace::{cargo, write_workspace};
use common::*;
use generator::{Config, generate};
use serde_json::{Value, json};

/// Descriptions rustdoc, clippy's doc lints or comment syntax could trip over.
const HOSTILE_DOCS: &[&str] = &[
    "Ends a comment */ and opens one /* here",
    "A raw string end \"# and start r#\" and \"## too",
    "```\nlet x: u8 = \"not rust\";\n```",
    "```rust\nfn main() { compile_error!(\"doctest\"); }\n```",
    "Inline ``` triple ticks and a lone ` tick",
    "<script>alert('x')</script> and <details><summary>More</summary>hidden</details>",
    "Bare URL https://example.com/path_(x)?a=b&c=d. And http://x.",
    "A [broken link] and [another][ref] and [x](Foo::bar)",
    "[x]: https://example.com\n[ref]: y",
    "\tTabbed line\n    indented code block\n        deeper",
    "- item\nlazy continuation\n1. one\n2) two",
    "# Heading\n## Sub\n> quote",
    "Carriage\rreturn\r\nand CRLF",
    "Braces {} {{ }} and #[attr] and \\ backslash",
    "Unicode: größe 日本 🦀 \u{2028} zero-width\u{200b}",
    "Table | a | b |\n|---|---|\n| 1 | 2 |",
    "*emphasis* _under_ **strong** `code` ~~strike~~",
    // Last but for blank texts: the rest of the docs would be inside its code block.
    "Unterminated fence\n```\nfn broken(",
    "",
    "   ",
];

/// How [`HOSTILE_DOCS`] must read in the generated docs, escaped for rustdoc (written out by
/// hand): comment terminators, HTML and stray brackets are escaped, Rust fences become `text`
/// fences so rustdoc compiles nothing, raw-string quotes and unicode are kept.
const ESCAPED_DOCS: &[&str] = &[
    "Ends a comment \\*/ and opens one /* here",
    "A raw string end \"# and start r#\" and \"## too",
    "```text\nlet x: u8 = \"not rust\";\n```",
    "```text\nfn main() { compile_error!(\"doctest\"); }\n```",
    "Inline \\`\\`\\` triple ticks and a lone \\` tick",
    "&lt;script&gt;alert('x')&lt;/script&gt; and &lt;details&gt;&lt;summary&gt;More&lt;/summary&gt;hidden&lt;/details&gt;",
    "A \\[broken link\\] and \\[another\\]\\[ref\\] and \\[x\\](Foo::bar)",
    "&gt; quote",
    "Braces {} {{ }} and #\\[attr\\] and \\ backslash",
    "Unicode: größe 日本 🦀",
    "Table | a | b |\n|---|---|\n| 1 | 2 |",
    "Unterminated fence\n```text\nfn broken(",
];

fn all_docs() -> String {
    HOSTILE_DOCS.join("\n\n")
}

/// A spec from `paths` plus `components.schemas`.
fn spec_with(paths: Value, schemas: Value) -> openapiv3::OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Hostile */ \"# API", "version": "1.0.0"},
        "servers": servers(),
        "paths": paths,
        "components": {"schemas": schemas}
    }))
    .unwrap()
}

fn get(id: &str, tag: &str, extra: Value) -> Value {
    json!({"get": op(id, tag, extra)})
}

/// An object schema with the given property names (all strings), all required.
fn object_of(names: &[&str]) -> Value {
    let props: serde_json::Map<String, Value> = names
        .iter()
        .map(|n| ((*n).to_owned(), json!({"type": "string", "description": format!("Property {n}")})))
        .collect();
    json!({"type": "object", "required": names, "properties": props})
}

fn long(c: char) -> String {
    std::iter::repeat_n(c, 1000).collect()
}

/// What a case must produce.
enum Expect {
    /// Generation succeeds; the check runs on the files; the crate is compiled.
    Compiles(fn(&[generator::GeneratedFile])),
    /// Generation fails at this JSON pointer with a message containing the text.
    Error(&'static str, &'static str),
}

struct Case {
    name: &'static str,
    spec: fn() -> openapiv3::OpenAPI,
    expect: Expect,
}

fn keyword_names() -> openapiv3::OpenAPI {
    let names = ["type", "self", "Self", "crate", "super", "fn", "async", "r#type", "extra", "extra_2", "_", "new"];
    let params: Vec<Value> = [
        "type",
        "self",
        "crate",
        "super",
        "Self",
        "clone",
        "add",
        "sub",
        "to_string",
        "into_x",
        "set_to_string",
        "body",
        "send",
    ]
    .iter()
    .map(|n| json!({"in": "query", "name": n, "schema": {"type": "string"}}))
    .collect();
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/a".into(),
        get("type", "self", json!({"parameters": params, "responses": ok_json(object_of(&names))})),
    );
    paths.insert("/b".into(), get("clone", "crate", json!({"responses": ok_json(object_of(&["Self"]))})));
    paths.insert(
        "/c".into(),
        get(
            "cmp",
            "super",
            json!({"parameters": [
                {"in": "query", "name": "other", "required": true, "schema": {"type": "integer"}}
            ]}),
        ),
    );
    paths.insert("/d".into(), get("fromTemplate", "Self > clone", json!({})));
    paths.insert("/e".into(), get("into_thing", "Option", json!({"responses": ok_json(object_of(&["a"]))})));
    paths.insert("/f".into(), get("new", "Result", json!({})));
    paths.insert("/g".into(), get("default", "String", json!({})));
    paths.insert("/h".into(), get("hash", "Vec", json!({})));
    spec_with(Value::Object(paths), json!({}))
}

fn check_keyword_names(files: &[generator::GeneratedFile]) {
    let types = file(files, "src/types.rs");
    let s = find_struct(types, "TypeResponse").unwrap();
    let fields = field_names(&s);
    for f in ["type_", "self_", "crate_", "super_", "fn_", "async_", "r_type", "extra", "extra_2", "value", "new"] {
        assert!(fields.contains(&f.to_owned()), "{f} missing in {fields:?}");
    }
    // `self` and `Self` both become `self_`: the second is numbered; both keep their JSON name.
    assert!(fields.contains(&"self_2".to_owned()), "{fields:?}");
    let renames = format!("{:?} {:?}", field(&s, "self_").unwrap().1, field(&s, "self_2").unwrap().1);
    assert!(renames.contains("\\\"Self\\\"") && renames.contains("\\\"self\\\""), "{renames}");
    // The flattened map steps aside for the `extra` properties.
    assert!(fields.contains(&"extra_3".to_owned()), "{fields:?}");
    assert!(attrs_contain(&s.fields.iter().last().unwrap().attrs, "serde(flatten)"));
    // Handles never shadow prelude types; operations never shadow handle or trait methods.
    let result = file(files, "src/resources/result.rs");
    assert!(find_struct(result, "ResultApi").is_some());
    assert!(find_fn(result, "new_").is_some());
    assert!(find_fn(file(files, "src/resources/crate_.rs"), "clone_").is_some());
    // Setters step around conversion prefixes, trait methods and each other.
    let a = file(files, "src/resources/self_/mod.rs");
    for setter in ["set_to_string", "set_to_string_2", "set_add", "set_sub", "set_clone", "set_into_x", "type_"] {
        assert!(find_fn(a, setter).is_some(), "no setter {setter}");
    }
}

fn long_and_odd_names() -> openapiv3::OpenAPI {
    let l = long('n');
    let names =
        [l.as_str(), "", " ", "3dSecure", "42", "größe", "日本", "中国", "fooBar", "foo_bar", "a-b", "a_b", "A B"];
    let mut props = object_of(&names);
    props["properties"]["kind"] = json!({"type": "string", "enum": [
        "", " ", "self", "Self", "type", "3", "a-b", "a_b", "fooBar", "foo_bar", "Other", "Unknown", "Undocumented", l
    ]});
    let tag = format!("{} > {}", long('t'), "日本");
    spec_with(
        json!({
            format!("/x/{{{l}}}"): get(&long('o'), &tag, json!({
                "parameters": [
                    {"in": "path", "name": l, "required": true, "schema": {"type": "string"}},
                    {"in": "query", "name": "3d", "schema": {"type": "integer"}},
                    {"in": "query", "name": "", "schema": {"type": "boolean"}},
                    {"in": "query", "name": "fooBar", "schema": {"type": "string"}},
                    {"in": "query", "name": "foo_bar", "schema": {"type": "string"}}
                ],
                "responses": ok_json(props)
            })),
            "/y": get("", "日本", json!({})),
            "/z": get("3d", "42", json!({}))
        }),
        json!({}),
    )
}

fn check_long_and_odd_names(files: &[generator::GeneratedFile]) {
    for f in files {
        assert!(f.path.len() < 120, "path too long: {}", f.path);
    }
    let types = file(files, "src/types.rs");
    for name in type_names(types) {
        assert!(name.len() <= 64, "type name too long: {name}");
    }
    let s = items(types)
        .into_iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.fields.len() > 10 => Some(s),
            _ => None,
        })
        .unwrap();
    let fields = field_names(&s);
    assert!(fields.iter().all(|f| f.len() <= 64), "{fields:?}");
    // Every JSON name survives as a rename; collisions are numbered, not merged.
    for json_name in ["fooBar", "foo_bar", "a-b", "a_b", "3dSecure", "größe", "日本", "中国"] {
        assert!(
            s.fields.iter().any(|f| attrs_contain(&f.attrs, &format!("rename = {json_name:?}"))
                || f.ident.as_ref().is_some_and(|i| i == json_name)),
            "{json_name} lost"
        );
    }
    assert_eq!(fields.len(), 15, "13 names, `kind` and `extra`: {fields:?}");
}

fn hostile_docs() -> openapiv3::OpenAPI {
    let d = all_docs();
    let mut thing = object_of(&["name"]);
    thing["description"] = json!(d);
    thing["properties"]["name"]["description"] = json!(d);
    thing["properties"]["status"] = json!({"type": "string", "enum": ["a*/b", "\"#", "```", "<b>"], "description": d});
    let mut s: Value = serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": d, "version": "1.0.0"},
        "servers": [{"url": "https://eu1.make.com/api/v2", "description": d}],
        "tags": [{"name": "Docs", "description": d}],
        "paths": {
            "/docs/{id}": {"post": op("post_docs", "Docs", json!({
                "summary": d,
                "description": d,
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "description": d, "schema": {"type": "integer"}},
                    {"in": "query", "name": "q*/`", "description": d, "schema": {"type": "string", "description": d}}
                ],
                "requestBody": {"description": d, "content": {"application/json": {"schema": thing}}},
                "responses": ok_json(thing),
                "security": [{"token": ["a*/b", "`c`", "<d>"]}]
            }))}
        }
    }))
    .unwrap();
    s["paths"]["/docs/{id}"]["post"]["responses"]["400"] = json!({"description": d, "content": {"application/json": {"schema": {"type": "object", "description": d,
            "properties": {"message": {"type": "string", "description": d}}}}}});
    serde_json::from_value(s).unwrap()
}

/// Every description of the hostile spec survives, escaped, in the docs of the item it
/// describes: types, fields, enums, error bodies, the resource, its operation and parameter
/// setter, the zone and the crate.
fn check_hostile_docs(files: &[generator::GeneratedFile]) {
    let types = file(files, "src/types.rs");
    let resource = file(files, "src/resources/docs.rs");
    let body = find_struct(types, "PostDocsBody").unwrap();
    let name = body.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == "name")).unwrap();
    let places = [
        ("the body type", docs(&body.attrs)),
        ("its field `name`", docs(&name.attrs)),
        ("the enum", docs(&find_enum(types, "DocsStatus").unwrap().attrs)),
        ("the error body", docs(&find_struct(types, "ErrorMessage").unwrap().attrs)),
        ("the resource (tag)", docs(&find_struct(resource, "Docs").unwrap().attrs)),
        ("the operation", docs(&find_fn(resource, "post_docs").unwrap().attrs)),
        ("the query parameter setter", docs(&find_fn(resource, "q").unwrap().attrs)),
        ("the zone (server)", docs(&find_enum(file(files, "src/zone.rs"), "Zone").unwrap().variants[0].attrs)),
        ("the crate (title)", docs(&parse(file(files, "src/lib.rs")).attrs)),
    ];
    for (place, text) in places {
        let text: String = text.lines().map(str::trim_start).collect::<Vec<_>>().join("\n");
        for escaped in ESCAPED_DOCS {
            assert!(text.contains(escaped), "{place}: {escaped:?} missing in\n{text}");
        }
        for raw in ["comment */", "<script>", " [broken link]", "```rust"] {
            assert!(!text.contains(raw), "{place}: unescaped {raw:?} in\n{text}");
        }
    }
}

/// Names and values from the spec that land in the docs' code spans, each with a backtick (and
/// HTML behind it, which rustdoc would warn about if a span ended early).
fn backtick_names() -> openapiv3::OpenAPI {
    let mut thing = object_of(&["p`<x>`"]);
    thing["properties"]["status"] = json!({"type": "string", "enum": ["a`<u>`", "``"]});
    thing["properties"]["kinds"] = json!({"$ref": "#/components/schemas/Kinds"});
    let variant = |k: &str| json!({"type": "object", "required": ["k`<t>`"], "properties": {"k`<t>`": {"type": "string", "enum": [k]}}});
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Backticks", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v`<v>`"}],
        "paths": {
            "/a`<p>`/{id}": {"post": op("post_thing", "T `<b>` x", json!({
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "schema": {"type": "integer"}},
                    {"in": "query", "name": "q`<i>`", "description": "A query.", "schema": {"type": "string"}},
                    {"in": "query", "name": "d`<o>`", "style": "deepObject", "explode": true,
                     "schema": {"type": "object", "additionalProperties": {"type": "string"}}}
                ],
                "requestBody": {"content": {
                    "application/json": {"schema": thing},
                    "text/plain`<c>`": {"schema": {"type": "string"}}
                }},
                "responses": ok_json(thing),
                "security": [{"token": ["s`<s>`"]}]
            }))},
            "/upload": {"put": op("upload", "T `<b>` x", json!({
                "requestBody": {"required": false, "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {"f`<m>`": {"type": "string", "format": "binary"}, "t`<n>`": {"type": "string"}}
                }}}},
                "responses": {"200": {
                    "description": "ok",
                    "headers": {"x`<h>`": {"schema": {"type": "string"}}},
                    "content": {"text/x`<r>`": {"schema": {"type": "string"}}}
                }}
            }))}
        },
        "components": {"schemas": {
            "Kinds": {"oneOf": [{"$ref": "#/components/schemas/One"}, {"$ref": "#/components/schemas/Two"}],
                      "discriminator": {"propertyName": "k`<t>`"}},
            "One": variant("one`<1>`"),
            "Two": variant("two")
        }}
    }))
    .unwrap()
}

/// Each name or value is written whole, in a code span fenced with more backticks than it
/// holds (expected texts written out by hand); none is altered (a backtick once became `'`).
fn check_backtick_names(files: &[generator::GeneratedFile]) {
    let expected = [
        ("src/lib.rs", "//! - `client.t_b()`: operations tagged `` T `<b ``"),
        ("src/resources/t_b/x.rs", "//! Operations tagged `` T `<b>` x ``."),
        ("src/resources/t_b/x.rs", "/// `` POST /a`<p>`/{id} ``"),
        ("src/resources/t_b/x.rs", "/// Required scopes: `` s`<s>` ``."),
        ("src/resources/t_b/x.rs", "/// The body can also be sent as `` text/plain`<c>` `` with"),
        ("src/resources/t_b/x.rs", "with the body sent as `` text/plain`<c>` ``."),
        ("src/resources/t_b/x.rs", "(returns the response text, `` text/x`<r>` ``)"),
        ("src/resources/t_b/x.rs", "/// Sent as `` q`<i>` ``."),
        ("src/resources/t_b/x.rs", "/// Sent as `` d`<o>`[key]=value `` pairs (`deepObject`)."),
        ("src/resources/t_b/x.rs", "/// Sent as file part `` f`<m>` ``."),
        ("src/resources/t_b/x.rs", "/// Sets part `` t`<n>` ``."),
        ("src/resources/t_b/x.rs", "/// Header `` x`<h>` ``."),
        ("src/types.rs", "told apart by its `` k`<t>` `` property."),
        ("src/types.rs", "/// `` k`<t>` `` is `` one`<1>` ``."),
        ("src/types.rs", "/// An object whose `` k`<t>` `` the docs do not list"),
        ("src/types.rs", "/// The `` k`<t>` `` field."),
        ("src/types.rs", "/// `` a`<u>` ``\n"),
        ("src/types.rs", "/// ``` `` ```\n"),
        ("src/zone.rs", "/// `` https://api.example.com/v`<v>` ``."),
    ];
    for (path, needle) in expected {
        assert!(file(files, path).contains(needle), "{path}: {needle:?} missing");
    }
    for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
        assert!(!f.contents.contains("'<"), "{}: a backtick was replaced", f.path);
    }
}

fn recursive_schemas() -> openapiv3::OpenAPI {
    spec_with(
        json!({"/trees": get("get_tree", "Trees", json!({"responses": ok_json(json!({"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/A"},
            "list": {"$ref": "#/components/schemas/List"},
            "tree": {"$ref": "#/components/schemas/self"},
            "merged": {"$ref": "#/components/schemas/Merged"}
        }}))}))}),
        json!({
            "A": {"type": "object", "required": ["b"], "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}, "nullable": true},
            "List": {"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/List"}},
                "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/List"}},
                "either": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/List"}]}
            }},
            "self": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/self"}}},
            "Merged": {"allOf": [
                {"$ref": "#/components/schemas/A"},
                {"type": "object", "properties": {"b": {"type": "string"}, "next": {"$ref": "#/components/schemas/Merged"}}}
            ]}
        }),
    )
}

/// Each cycle of the recursive spec is broken by a `Box` (else the types would have infinite
/// size), and lists and maps, already indirections, are not boxed again.
fn check_recursive_boxes(files: &[generator::GeneratedFile]) {
    let types = file(files, "src/types.rs");
    let ty = |name: &str, f: &str| {
        let s = find_struct(types, name).unwrap_or_else(|| panic!("no struct {name}"));
        field(&s, f).unwrap_or_else(|| panic!("{name} has no field {f}")).0.replace(' ', "")
    };
    let boxed = |t: &str| t.contains("Box<");
    // A → B → A.
    let (a_b, b_a) = (ty("A", "b"), ty("B", "a"));
    assert!(boxed(&a_b) || boxed(&b_a), "A.b: {a_b}, B.a: {b_a}");
    // Self-references, directly and through `allOf`.
    assert_eq!(ty("SelfValue", "self_"), "Option<Box<crate::types::SelfValue>>");
    assert_eq!(ty("Merged", "next"), "Option<Box<crate::types::Merged>>");
    // List → union → List.
    let either = find_enum(types, "Either").unwrap();
    let variant = either.variants.iter().find(|v| compact(&v.fields).contains("List")).unwrap();
    assert!(boxed(&compact(&variant.fields)) || boxed(&ty("List", "either")), "{}", compact(&either));
    assert_eq!(ty("List", "items"), "Option<Vec<crate::types::List>>");
    assert_eq!(ty("List", "by_name"), "Option<std::collections::BTreeMap<String,crate::types::List>>");
}

fn self_union() -> openapiv3::OpenAPI {
    spec_with(
        json!({"/u": get("get_u", "U", json!({"responses": ok_json(json!({"$ref": "#/components/schemas/U"}))}))}),
        json!({"U": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/U"}]}}),
    )
}

fn builder_collision() -> openapiv3::OpenAPI {
    spec(json!({"/a": get("a1", "T", json!({})), "/b": get("a_1", "T", json!({}))}))
}

fn handle_builder_collision() -> openapiv3::OpenAPI {
    spec(json!({"/a": get("foo", "Foo Request", json!({}))}))
}

fn method_collision() -> openapiv3::OpenAPI {
    spec(json!({"/a": get("fooBar", "T", json!({})), "/b": get("foo_bar", "T", json!({}))}))
}

fn cases() -> Vec<Case> {
    vec![
        Case { name: "hostile-keywords", spec: keyword_names, expect: Expect::Compiles(check_keyword_names) },
        Case { name: "hostile-long-odd", spec: long_and_odd_names, expect: Expect::Compiles(check_long_and_odd_names) },
        Case { name: "hostile-docs", spec: hostile_docs, expect: Expect::Compiles(check_hostile_docs) },
        Case { name: "hostile-backticks", spec: backtick_names, expect: Expect::Compiles(check_backtick_names) },
        Case { name: "hostile-recursive", spec: recursive_schemas, expect: Expect::Compiles(check_recursive_boxes) },
        Case {
            name: "self-union",
            spec: self_union,
            expect: Expect::Error("#/components/schemas/U/oneOf/1", "contains itself"),
        },
        Case {
            name: "builder-collision",
            spec: builder_collision,
            expect: Expect::Error("#/paths/~1b/get/operationId", "A1Request"),
        },
        Case {
            name: "handle-builder-collision",
            spec: handle_builder_collision,
            expect: Expect::Error("#/paths/~1a/get/operationId", "FooRequest"),
        },
        Case {
            name: "method-collision",
            spec: method_collision,
            expect: Expect::Error("#/paths/~1b/get/operationId", "foo_bar"),
        },
    ]
}

fn run_case(name: &str) {
    let case = cases().into_iter().find(|c| c.name == name).unwrap();
    let result = generate(&(case.spec)(), &Config { crate_name: case.name.to_owned(), ..Config::default() });
    match (case.expect, result) {
        (Expect::Compiles(check), Ok(files)) => {
            for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
                parse(&f.contents);
            }
            check(&files);
        }
        (Expect::Error(pointer, needle), Err(e)) => {
            assert_eq!(e.pointer, pointer, "{e}");
            assert!(e.message.contains(needle), "{e}");
        }
        (Expect::Compiles(_), Err(e)) => panic!("{name}: expected generation to succeed, got {e}"),
        (Expect::Error(pointer, _), Ok(_)) => panic!("{name}: expected an error at {pointer}"),
    }
}

macro_rules! case_tests {
    ($($test:ident => $name:literal,)*) => {$(
        #[test]
        fn $test() {
            run_case($name);
        }
    )*};
}

case_tests! {
    keywords_self_and_prelude_names => "hostile-keywords",
    long_empty_unicode_digit_and_colliding_names => "hostile-long-odd",
    hostile_descriptions => "hostile-docs",
    backticks_in_names_and_values_stay_in_their_code_spans => "hostile-backticks",
    recursive_schemas_are_boxed => "hostile-recursive",
    union_containing_itself_is_rejected => "self-union",
    colliding_request_builders_are_rejected => "builder-collision",
    builder_named_like_its_handle_is_rejected => "handle-builder-collision",
    colliding_method_names_are_rejected => "method-collision",
}

#[test]
fn hostile_crates_compile_warning_free() {
    let crates: Vec<(String, openapiv3::OpenAPI)> = cases()
        .into_iter()
        .filter(|c| matches!(c.expect, Expect::Compiles(_)))
        .map(|c| (c.name.to_owned(), (c.spec)()))
        .collect();
    let workspace = write_workspace("hostile", crates);
    let dir = workspace.path();
    cargo(dir, &["clippy", "--workspace", "--", "-D", "warnings"], &[]);
    cargo(dir, &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-Dwarnings")]);
}
