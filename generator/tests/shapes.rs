//! Schema shapes: compositions beside object keywords, tagged unions (with and without a
//! discriminator), open enums, integer enums, primitive unions as parameters, `allOf` over
//! non-objects, untyped values and `$ref`s to any local pointer — each checked on the generated
//! code of the shapes spec (`common::shapes`, official excerpts included) or a small inline spec.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::OnceLock;

use common::*;
use generator::{Config, GeneratedFile, generate};
use serde_json::{Value, json};

/// The generated files of the shapes spec (generated once per test binary).
fn shapes() -> &'static [GeneratedFile] {
    static FILES: OnceLock<Vec<GeneratedFile>> = OnceLock::new();
    FILES.get_or_init(|| gen_files(&shapes::shapes_spec()))
}

fn shape_types() -> &'static str {
    file(shapes(), "src/types.rs")
}

/// `Variant(Payload)` (or `Variant`) of every variant of enum `name` in `src`, spaces removed.
fn variants(src: &str, name: &str) -> Vec<String> {
    let e = find_enum(src, name).unwrap_or_else(|| panic!("no enum {name} in {:?}", type_names(src)));
    e.variants.iter().map(|v| format!("{}{}", v.ident, compact(&v.fields))).collect()
}

/// The field names of struct `name` in `src`, sorted (property order follows the JSON map's,
/// which depends on serde_json's `preserve_order` feature in the build).
fn sorted_fields(src: &str, name: &str) -> Vec<String> {
    let s = find_struct(src, name).unwrap_or_else(|| panic!("no struct {name} in {:?}", type_names(src)));
    let mut names = field_names(&s);
    names.sort();
    names
}

/// `expected`, sorted.
fn sorted<const N: usize>(expected: [&str; N]) -> Vec<String> {
    let mut names: Vec<String> = expected.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

/// The type of field `field` of struct `name` in `src`, spaces removed.
fn field_type(src: &str, name: &str, rust_field: &str) -> String {
    let s = find_struct(src, name).unwrap_or_else(|| panic!("no struct {name} in {:?}", type_names(src)));
    let found = field(&s, rust_field);
    found.unwrap_or_else(|| panic!("no field {rust_field} in {name}: {:?}", field_names(&s))).0.replace(' ', "")
}

#[test]
fn enums_and_unions_have_the_expected_variants() {
    let src = shape_types();
    let t = |n: &str| format!("Box<crate::types::{n}>");
    let cases: Vec<(&str, Vec<String>)> = vec![
        // The official `outputParserFormat`: `type: object` beside a `oneOf` tagged by `type`.
        (
            "OutputParserFormat",
            vec![
                format!("Text({})", t("OutputParserFormatText")),
                format!("MakeSchema({})", t("OutputParserFormatMakeSchema")),
                "Other(serde_json::Value)".into(),
            ],
        ),
        // Discriminator with a mapping (a full reference and a bare name).
        ("Pet", vec![format!("Cat({})", t("Cat")), format!("Dog({})", t("Dog")), "Other(serde_json::Value)".into()]),
        // Discriminator without a mapping: the component names are the tags.
        (
            "Shape",
            vec![
                format!("Circle({})", t("Circle")),
                format!("Square({})", t("Square")),
                "Other(serde_json::Value)".into(),
            ],
        ),
        // Object properties beside a tagged `oneOf`.
        (
            "Notification",
            vec![
                format!("Email({})", t("NotificationEmail")),
                format!("Sms({})", t("NotificationSms")),
                "Other(serde_json::Value)".into(),
            ],
        ),
        // `anyOf` of constants plus a `{{…}}` pattern string: an open enum (deduplicated with the
        // official `approvalMode` enum of the same values).
        ("ApprovalMode", vec!["AutoRun".into(), "ApprovalRequired".into(), "Other(String)".into()]),
        // …also when the constants are nested one `anyOf` deeper, untyped or typed.
        ("NestedMode", vec!["Low".into(), "High".into(), "Other(String)".into()]),
        // Integer enums: values as variants, or the names `x-enum-varnames` gives.
        ("Priority", vec!["N0".into(), "N1".into(), "N2".into(), "Other(i64)".into()]),
        ("Level", vec!["Low".into(), "High".into(), "Unset".into(), "Other(i64)".into()]),
        // Primitive unions.
        ("AppVersion", vec!["Integer(i64)".into(), "String(crate::types::AppVersionKind)".into()]),
        ("Since", vec!["Integer(i64)".into(), "String(String)".into()]),
        (
            "RecordValue",
            vec![
                "Bool(bool)".into(),
                "Number(f64)".into(),
                "String(String)".into(),
                "Array(Vec<serde_json::Value>)".into(),
                "Object(std::collections::BTreeMap<String,serde_json::Value>)".into(),
            ],
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(variants(src, name), expected, "{name}");
    }
}

#[test]
fn tagged_variant_payloads_carry_shared_fields_but_not_an_inline_tag() {
    let src = shape_types();
    let cases: &[(&str, &[&str])] = &[
        // Inline variants drop their constant tag property…
        ("OutputParserFormatText", &["extra"]),
        ("OutputParserFormatMakeSchema", &["schema", "extra"]),
        // …and carry the object's own properties (`id`, `createdAt`).
        ("NotificationEmail", &["created_at", "id", "address", "extra"]),
        ("NotificationSms", &["created_at", "id", "phone", "extra"]),
        // A referenced variant keeps its component's fields, the tag property included.
        ("Cat", &["meow", "name", "pet_type", "extra"]),
        ("Dog", &["name", "pet_type", "bark", "extra"]),
    ];
    for (name, fields) in cases {
        let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        fields.sort();
        assert_eq!(sorted_fields(src, name), fields, "{name}");
    }
    // Decoding strips the tag only for payloads without a field for it. (Printed code may add
    // trailing commas and blocks around long calls.)
    let code = compact(&parse(src)).replace(",)", ")");
    for (variant, strip) in [
        ("Self::Text(crate::tagged::variant(value,\"type\",true)?)", true),
        ("Self::Cat(crate::tagged::variant(value,\"petType\",false)?)", false),
        ("Self::Email(crate::tagged::variant(value,\"channel\",true)?)", true),
    ] {
        assert!(code.contains(variant), "{variant} (strip: {strip})");
    }
    assert!(code.contains("Some(\"make-schema\")"), "tags are matched by their wire value");
    assert!(code.contains("Self::MakeSchema(crate::tagged::variant(value,\"type\",true)?)"));
    assert!(code.contains("crate::tagged::serialize(serializer,\"petType\",\"dog\",value)"));
    // The helpers come along, declared in the crate root.
    assert!(file(shapes(), "src/tagged.rs").contains("pub(crate) fn variant"));
    assert!(file(shapes(), "src/lib.rs").contains("mod tagged;"));
}

#[test]
fn crates_without_tagged_unions_get_no_tagged_helpers() {
    let s = spec(json!({"/x": {"get": op("get_x", "X", json!({"responses": ok_json(json!({
        "type": "object", "properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}
    }))}))}}));
    let files = gen_files(&s);
    assert!(!paths(&files).contains(&"src/tagged.rs"));
    assert!(!file(&files, "src/lib.rs").contains("mod tagged"));
}

#[test]
fn record_fields_map_each_shape_to_its_rust_type() {
    let src = shape_types();
    let opt = |t: &str| format!("Option<{t}>");
    let map = |t: &str| format!("Option<std::collections::BTreeMap<String,{t}>>");
    let cases = [
        ("mode", opt("crate::types::ApprovalMode")),
        ("priority", opt("crate::types::Priority")),
        ("anything", map("serde_json::Value")),
        ("closed", opt("crate::types::Closed")),
        ("loose", map("serde_json::Value")),
        ("counts", map("i64")),
        ("pets_by_name", map("crate::types::Pet")),
        // `allOf: [{$ref}, {description}]` (AWS) and `allOf: [{$ref}]` beside `nullable`/`default`.
        ("target_type", opt("crate::types::TargetType")),
        ("fallback_target", opt("crate::types::TargetType")),
        ("untyped", opt("serde_json::Value")),
        ("nullable_anything", opt("serde_json::Value")),
        ("any_type", opt("serde_json::Value")),
        ("raw_list", opt("Vec<serde_json::Value>")),
        // `not` beside a type keeps the type; alone it is any value.
        ("non_empty", opt("String")),
        ("not_integer", opt("serde_json::Value")),
        // `oneOf` of `required` lists only: the object itself.
        ("contact", opt("crate::types::Contact")),
        ("with_base", opt("crate::types::WithBase")),
    ];
    for (name, expected) in cases {
        assert_eq!(field_type(src, "Record", name), expected, "{name}");
    }
    let fallback = find_struct(src, "Record").unwrap();
    let (_, attrs) = field(&fallback, "fallback_target").unwrap();
    assert!(attrs.contains("default"), "nullable: {attrs}");
    // `additionalProperties: false` still keeps unknown fields (the live API sends more).
    assert_eq!(field_type(src, "Closed", "extra"), "std::collections::BTreeMap<String,serde_json::Value>");
    // Object properties beside `allOf` are merged with the parts' properties.
    assert_eq!(sorted_fields(src, "WithBase"), sorted(["note", "name", "pet_type", "extra"]));
    assert_eq!(sorted_fields(src, "Contact"), sorted(["email", "phone", "extra"]));
    // Fields with a `not` schema say so in their docs.
    let not_docs =
        docs(&fallback.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == "not_integer")).unwrap().attrs);
    assert!(not_docs.contains("`not`"), "{not_docs}");
}

#[test]
fn scalar_unions_are_display_and_convert_from_their_values() {
    let src = shape_types();
    let code = compact(&parse(src));
    for union in ["AppVersion", "Since"] {
        assert!(code.contains(&format!("implstd::fmt::Displayfor{union}")), "{union} Display");
        assert!(code.contains(&format!("implFrom<i64>for{union}")), "{union} From<i64>");
        assert!(code.contains(&format!("implFrom<&str>for{union}")), "{union} From<&str>");
    }
    // A union with object or array variants is no parameter: no `Display`, no conversions.
    assert!(!code.contains("implstd::fmt::DisplayforRecordValue"));
    assert!(!code.contains("forRecordValue{"));
    // Integer enums print their value too.
    assert!(code.contains("implstd::fmt::DisplayforPriority"));
    let apps = file(shapes(), "src/resources/apps.rs");
    let get_app = find_fn(apps, "get_app").unwrap();
    assert!(compact(&get_app.sig).contains("app_version:crate::types::AppVersion"), "{}", compact(&get_app.sig));
    let parts = compact(&parse(apps));
    assert!(parts.contains("crate::runtime::path_segment(&self.app_version)"), "{parts}");
    assert!(parts.contains(".query_opt(\"since\",self.since.as_ref())"), "{parts}");
    assert!(parts.contains(".query_opt(\"tier\",self.tier.as_ref())"), "{parts}");
}

#[test]
fn local_pointer_refs_reach_bodies_responses_parameters_and_nested_schemas() {
    let src = shape_types();
    // `#/components/schemas/Tree/properties/branch` (a cycle back to `Tree`), boxed once deduplicated.
    assert_eq!(field_type(src, "Tree", "next"), "Option<Box<crate::types::Branch>>");
    assert_eq!(field_type(src, "Tree", "branch"), "Option<Box<crate::types::Branch>>");
    assert_eq!(field_type(src, "Branch", "tree"), "Option<Box<crate::types::Tree>>");
    // An `allOf` of the component it is part of: the component's fields (itself included) and its own.
    assert_eq!(field_type(src, "Tree", "grown"), "Option<Box<crate::types::Grown>>");
    assert_eq!(sorted_fields(src, "Grown"), sorted(["branch", "grown", "label", "next", "age", "extra"]));
    assert_eq!(field_type(src, "Grown", "grown"), "Option<Box<crate::types::Grown>>");
    // A parameter's schema, by pointer (`…/get/parameters/1/schema`).
    assert_eq!(field_type(src, "GetAppResponse", "version"), "Option<crate::types::AppVersion>");
    // Another operation's request body through a pointer with `%7B…%7D`, and a chain of two.
    let shapes_rs = file(shapes(), "src/resources/shapes.rs");
    let echo = find_fn(shapes_rs, "echo_agent").unwrap();
    assert!(compact(&echo.sig).contains("body:crate::types::ModifyAgentIdBody"), "{}", compact(&echo.sig));
    assert!(compact(&parse(shapes_rs)).contains("Result<crate::types::ModifyAgentIdBody,crate::Error>"));
    // A parameter by a component reference and one by a pointer into another operation.
    let apps = file(shapes(), "src/resources/apps.rs");
    let builder = find_struct(apps, "ListAppsRequest").unwrap();
    assert_eq!(field(&builder, "limit").unwrap().0.replace(' ', ""), "Option<i64>");
    assert_eq!(field(&builder, "since").unwrap().0.replace(' ', ""), "Option<crate::types::Since>");
    // Structurally identical schemas are still one type: the official body and its echo.
    let names = type_names(src);
    assert_eq!(names.iter().filter(|n| n.starts_with("OutputParserFormat")).count(), 3, "{names:?}");
}

/// One GET returning `schema` with `components.schemas`.
fn spec_returning(schema: Value, schemas: Value) -> openapiv3::OpenAPI {
    serde_json::from_value(json!({
        "openapi": "3.0.0",
        "info": {"title": "Make API", "version": "2.0.0"},
        "servers": servers(),
        "paths": {"/x": {"get": op("get_x", "X", json!({"responses": ok_json(schema)}))}},
        "components": {"schemas": schemas}
    }))
    .unwrap()
}

/// The type of the response's property `choice` for a property schema.
fn prop_type(prop: Value, schemas: Value) -> (String, String) {
    let s = spec_returning(json!({"type": "object", "properties": {"choice": prop}}), schemas);
    let src = file(&gen_files(&s), "src/types.rs").to_owned();
    (field_type(&src, "GetXResponse", "choice"), src)
}

#[test]
fn compositions_resolve_to_their_common_type() {
    let cases = [
        // `allOf` over strings: the enum's values both parts allow.
        (
            json!({"allOf": [{"enum": ["a", "b", "c"]}, {"type": "string", "enum": ["d", "c", "b"]}]}),
            "Option<crate::types::Choice>",
        ),
        (json!({"allOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}), "Option<String>"),
        // Contradictory scalars: any value.
        (json!({"allOf": [{"type": "integer"}, {"type": "string"}]}), "Option<serde_json::Value>"),
        // Documentation-only parts add nothing.
        (json!({"allOf": [{"type": "integer"}, {"description": "d"}, {"type": "object"}]}), "Option<i64>"),
        // Nested unions flatten; a nullable nested union makes the outer one nullable.
        (
            json!({"oneOf": [{"type": "string"}, {"oneOf": [{"type": "integer"}, {"type": "boolean"}], "nullable": true}]}),
            "Option<crate::types::Choice>",
        ),
        // Integer constants and a free integer: an open integer enum.
        (
            json!({"anyOf": [{"type": "integer", "enum": [1]}, {"type": "integer", "enum": [2]}, {"type": "integer"}]}),
            "Option<crate::types::Choice>",
        ),
        // Two objects with the same constant tag: not tagged, not distinguishable.
        (
            json!({"oneOf": [
                {"type": "object", "properties": {"t": {"enum": ["a"]}, "x": {"type": "string"}}},
                {"type": "object", "properties": {"t": {"enum": ["a"]}, "y": {"type": "string"}}}
            ]}),
            "Option<serde_json::Value>",
        ),
        // Two unions beside each other (`oneOf` and `anyOf`): any value.
        (
            json!({"type": "object", "oneOf": [{"type": "object"}], "anyOf": [{"type": "object"}], "properties": {"a": {"type": "string"}}}),
            "Option<serde_json::Value>",
        ),
    ];
    for (i, (prop, expected)) in cases.into_iter().enumerate() {
        let (ty, src) = prop_type(prop.clone(), json!({}));
        assert_eq!(ty, expected, "case {i}: {prop}");
        if expected.contains("crate::types::Choice") {
            let variants = variants(&src, "Choice");
            let want: &[&str] = match i {
                0 => &["B", "C", "Other(String)"],
                4 => &["Bool(bool)", "Integer(i64)", "String(String)"],
                _ => &["N1", "N2", "Other(i64)"],
            };
            assert_eq!(variants, want, "case {i}");
        }
    }
    let s = spec_returning(
        json!({"type": "object", "required": ["choice"], "properties": {"choice": {"oneOf": [{"type": "string"}, {"oneOf": [{"type": "integer"}], "nullable": true}]}}}),
        json!({}),
    );
    let src = file(&gen_files(&s), "src/types.rs").to_owned();
    let (_, attrs) = field(&find_struct(&src, "GetXResponse").unwrap(), "choice").unwrap();
    assert!(attrs.contains("default"), "a nullable alternative makes the field nullable: {attrs}");
}

/// `additionalProperties: true`/`false` beside an `allOf` of a non-object (linqr.app's `Icon`)
/// restricts objects only, so the part's type stands; beside object parts it changes nothing.
#[test]
fn boolean_additional_properties_beside_a_composition_do_not_make_an_object() {
    let icons = json!({"Icons": {"type": "string", "enum": ["appstore", "web"]}});
    for extra in [json!(false), json!(true)] {
        let prop = json!({"additionalProperties": extra, "allOf": [{"$ref": "#/components/schemas/Icons"}], "description": "d"});
        let (ty, _) = prop_type(prop, icons.clone());
        assert_eq!(ty, "Option<crate::types::Icons>", "additionalProperties: {extra}");
    }
    let prop =
        json!({"additionalProperties": false, "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]});
    let (ty, src) = prop_type(prop, json!({}));
    assert_eq!(ty, "Option<crate::types::Choice>");
    assert_eq!(sorted_fields(&src, "Choice"), sorted(["a", "extra"]));
}

#[test]
fn discriminator_beside_object_properties_maps_referenced_alternatives() {
    let (ty, src) = prop_type(
        json!({"type": "object", "required": ["petType"], "properties": {
            "petType": {"type": "string"}, "name": {"type": "string"}
        }, "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "petType", "mapping": {
            "c": "#/components/schemas/Cat", "d": "#/components/schemas/Dog"
        }}}),
        json!({
            "Cat": {"type": "object", "properties": {"meow": {"type": "boolean"}}},
            "Dog": {"type": "object", "properties": {"bark": {"type": "string"}}}
        }),
    );
    assert_eq!(ty, "Option<crate::types::Choice>");
    assert_eq!(
        variants(&src, "Choice"),
        ["C(Box<crate::types::ChoiceC>)", "D(Box<crate::types::ChoiceD>)", "Other(serde_json::Value)"]
    );
    // Each variant has the shared property and its alternative's, but not the tag.
    assert_eq!(sorted_fields(&src, "ChoiceC"), sorted(["name", "meow", "extra"]));
    assert_eq!(sorted_fields(&src, "ChoiceD"), sorted(["name", "bark", "extra"]));
}

#[test]
fn bad_references_and_impossible_compositions_are_located_errors() {
    let body = "#/paths/~1x/get/responses/200/content/application~1json/schema";
    let cases = [
        (
            json!({"$ref": "#/components/schemas/A/properties/nope"}),
            json!({"A": {"type": "object"}}),
            body.to_owned(),
            "points to no schema",
        ),
        (json!({"$ref": "#/paths/~1x/get/responses/200"}), json!({}), body.to_owned(), "not a schema"),
        (json!({"$ref": "#/components/schemas/A~2"}), json!({}), body.to_owned(), "not a valid JSON pointer"),
        (json!({"$ref": "#/components/schemas/A%"}), json!({}), body.to_owned(), "not a valid JSON pointer"),
        (json!({"$ref": "components/schemas/A"}), json!({}), body.to_owned(), "only local references"),
        (
            json!({"$ref": "#/components/schemas/A"}),
            json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
            "#/components/schemas/A".to_owned(),
            "refers to itself",
        ),
        (
            json!({"$ref": "#/components/schemas/A"}),
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}}),
            "#/components/schemas/A/allOf/0".to_owned(),
            "includes the schema itself",
        ),
        (
            json!({"$ref": "#/components/schemas/A"}),
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/A"}], "description": "only itself"}}),
            "#/components/schemas/A".to_owned(),
            "schema `A` refers to itself",
        ),
        (
            json!({"$ref": "#/components/schemas/U"}),
            json!({"U": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/U"}]}}),
            "#/components/schemas/U/anyOf/1".to_owned(),
            "contains itself",
        ),
        (
            json!({"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "integer"}]}),
            json!({}),
            format!("{body}/allOf/1"),
            "`allOf` combines an object schema with a non-object schema",
        ),
    ];
    for (schema, schemas, pointer, needle) in cases {
        let e = generate(&spec_returning(schema.clone(), schemas), &Config::default()).unwrap_err();
        assert_eq!(e.pointer, pointer, "{schema}: {e}");
        assert!(e.message.contains(needle), "{needle:?} not in {e}");
    }
    let with_param = |param: Value| {
        spec(json!({"/x": {"get": op("get_x", "X", json!({"parameters": [param], "responses": {
            "200": {"description": "ok"}, "404": {"$ref": "#/paths/~1x/get/responses/200/content"}
        }}))}}))
    };
    let e = generate(&with_param(json!({"$ref": "#/paths/~1x/get/parameters/7"})), &Config::default()).unwrap_err();
    assert_eq!(
        (e.pointer.as_str(), e.message.contains("points to no parameter")),
        ("#/paths/~1x/get/parameters/0", true),
        "{e}"
    );
    let e =
        generate(&with_param(json!({"name": "q", "in": "query", "schema": {"type": "string"}})), &Config::default())
            .unwrap_err();
    assert_eq!(
        (e.pointer.as_str(), e.message.contains("points to no response")),
        ("#/paths/~1x/get/responses/404", true),
        "{e}"
    );
    // A union with an object alternative in a path segment is written in `simple` style through
    // serde, like an object (a scalar alternative is then its text).
    let union = json!({"oneOf": [{"type": "string"}, {"type": "object", "properties": {"a": {"type": "string"}}}]});
    let in_path = spec(json!({"/x/{p}": {"get": op("get_x", "X", json!({
        "parameters": [{"name": "p", "in": "path", "required": true, "schema": union}],
        "responses": {"200": {"description": "ok"}}}))}}));
    let files = generate(&in_path, &Config::default()).unwrap();
    let code: String = files.iter().flat_map(|f| f.contents.chars()).filter(|c| !c.is_whitespace()).collect();
    assert!(
        code.contains(r#"crate::runtime::path_styled("p",crate::runtime::PathStyle::Simple,false,&self.p,)"#),
        "{code}"
    );
}
