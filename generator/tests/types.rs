//! Golden-style property tests of type generation: renames, enums, unions, maps, formats,
//! nullability, dedup and naming, each on a small inline spec.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

/// One GET operation returning `schema`.
fn types_for(schema: serde_json::Value) -> String {
    let s = spec(json!({"/things": {"get": op("list_things", "Things", json!({"responses": ok_json(schema)}))}}));
    file(&gen_files(&s), "src/types.rs").to_owned()
}

#[test]
fn json_names_that_are_not_rust_names_are_renamed() {
    let src = types_for(json!({"type": "object", "properties": {
        "type": {"type": "string"},
        "pg[limit]": {"type": "integer"},
        "invoice_number": {"type": "string"},
        "3dSecure": {"type": "boolean"},
        "größe": {"type": "string"},
        "organizationId": {"type": "integer"},
        "extra": {"type": "string"}
    }}));
    let s = find_struct(&src, "ListThingsResponse").expect("response struct");
    // (rust field, expected rename or None)
    let cases = [
        ("type_", Some("type")),
        ("pg_limit", Some("pg[limit]")),
        ("invoice_number", None),
        ("n3d_secure", Some("3dSecure")),
        ("gr_e", Some("größe")),
        ("organization_id", Some("organizationId")),
        ("extra", None),
    ];
    for (rust, rename) in cases {
        let (_, attrs) = field(&s, rust).unwrap_or_else(|| panic!("field {rust} in {:?}", field_names(&s)));
        match rename {
            Some(json_name) => assert!(attrs.contains(&format!("rename = \"{json_name}\"")), "{rust}: {attrs}"),
            None => assert!(!attrs.contains("rename"), "{rust}: {attrs}"),
        }
    }
    // The JSON property `extra` pushes the catch-all map to another name.
    let (ty, attrs) = field(&s, "extra_2").expect("catch-all map");
    assert!(attrs.contains("flatten"), "{attrs}");
    assert!(ty.contains("BTreeMap"), "{ty}");
}

#[test]
fn optional_required_and_nullable_fields() {
    let src = types_for(json!({"type": "object", "required": ["id", "note"], "properties": {
        "id": {"type": "integer"},
        "note": {"type": "string", "nullable": true},
        "name": {"type": "string"},
        "ssoType": {"type": "string", "nullable": true}
    }}));
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    let (id_ty, id_attrs) = field(&s, "id").unwrap();
    assert_eq!(id_ty, "i64");
    assert!(!id_attrs.contains("default"));
    let (note_ty, note_attrs) = field(&s, "note").unwrap();
    assert_eq!(note_ty.replace(' ', ""), "Option<String>");
    assert!(note_attrs.contains("default") && !note_attrs.contains("skip_serializing_if"));
    for optional in ["name", "sso_type"] {
        let (ty, attrs) = field(&s, optional).unwrap();
        assert_eq!(ty.replace(' ', ""), "Option<String>", "{optional}");
        assert!(attrs.contains("skip_serializing_if = \"Option::is_none\""), "{optional}: {attrs}");
        assert!(attrs.contains("default"), "{optional}: {attrs}");
    }
    // A required field means no `Default`, but a constructor taking it.
    assert!(!attrs_contain(&s.attrs, "Default"));
    let new = find_fn(&src, "new").expect("constructor");
    let args: Vec<String> = new.sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["id:i64"]);
}

#[test]
fn all_optional_structs_derive_default_and_keep_unknown_fields() {
    let src = types_for(json!({"type": "object", "properties": {"name": {"type": "string"}}}));
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    assert!(attrs_contain(&s.attrs, "Default"));
    let (ty, attrs) = field(&s, "extra").unwrap();
    assert_eq!(ty.replace(' ', ""), "std::collections::BTreeMap<String,serde_json::Value>");
    assert!(attrs.contains("flatten"));
    assert!(find_fn(&src, "new").is_none());
}

#[test]
fn scalar_formats_map_to_documented_types() {
    let src = types_for(json!({"type": "object", "properties": {
        "created": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "email": {"type": "string", "format": "email"},
        "site": {"type": "string", "format": "uri"},
        "count": {"type": "integer"},
        "transfer": {"type": "integer", "format": "int64"},
        "ratio": {"type": "number"},
        "anything": {},
        "license": {"type": "object", "additionalProperties": {}},
        "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
        "tags": {"type": "array", "items": {"type": "string"}},
        "raw": {"type": "array"}
    }}));
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    let cases = [
        ("created", "Option<String>"),
        ("day", "Option<String>"),
        ("email", "Option<String>"),
        ("site", "Option<String>"),
        ("count", "Option<i64>"),
        ("transfer", "Option<serde_json::Number>"),
        ("ratio", "Option<f64>"),
        ("anything", "Option<serde_json::Value>"),
        ("license", "Option<std::collections::BTreeMap<String,serde_json::Value>>"),
        ("limits", "Option<std::collections::BTreeMap<String,i64>>"),
        ("tags", "Option<Vec<String>>"),
        ("raw", "Option<Vec<serde_json::Value>>"),
    ];
    for (name, expected) in cases {
        let (ty, _) = field(&s, name).unwrap();
        assert_eq!(ty.replace(' ', ""), expected, "{name}");
    }
}

#[test]
fn string_enums_have_a_catch_all_and_wire_values() {
    let src = types_for(json!({"type": "object", "properties": {
        "sortDir": {"type": "string", "enum": ["asc", "desc"]},
        "status": {"type": "string", "enum": ["status_active", "other", "Other", "unknown"]},
        "mode": {"type": "string", "enum": ["mode_fast", "slow", "fast"]}
    }}));
    let e = find_enum(&src, "SortDir").expect("SortDir enum");
    let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants, ["Asc", "Desc", "Other"]);
    assert!(src.contains("Self::Asc => \"asc\""), "{src}");
    assert!(src.contains("\"desc\" => Self::Desc"), "{src}");
    // Variants that would clash with the catch-all or repeat the enum name are adjusted.
    let status = find_enum(&src, "ThingsStatus").unwrap_or_else(|| panic!("{:?}", type_names(&src)));
    let names: Vec<String> = status.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(names, ["StatusActive", "Other", "Other2", "Unknown", "Undocumented"]);
    // `Mode::ModeFast` would trip clippy::enum_variant_names; the clash it leaves is numbered.
    let mode = find_enum(&src, "Mode").unwrap_or_else(|| panic!("{:?}", type_names(&src)));
    let names: Vec<String> = mode.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(names, ["Fast", "Slow", "Fast2", "Other"]);
    // Catch-all deserialization is hand-written (no derive that would reject unknown values).
    assert!(!attrs_contain(&e.attrs, "serde::Deserialize"));
    assert!(src.contains("impl<'de> serde::Deserialize<'de> for SortDir"));
}

#[test]
fn one_of_becomes_untagged_enum_or_value() {
    let variable_value = json!({"oneOf": [
        {"type": "string"}, {"type": "boolean"}, {"type": "number"},
        {"type": "object", "additionalProperties": {}}, {"type": "array", "items": {}}
    ]});
    let same_objects = json!({"oneOf": [
        {"type": "object", "properties": {"id": {"type": "integer"}}},
        {"type": "object", "properties": {"id": {"type": "integer"}}}
    ]});
    let two_objects = json!({"oneOf": [
        {"type": "object", "properties": {"id": {"type": "integer"}}},
        {"type": "object", "properties": {"name": {"type": "string"}}}
    ]});
    let src = types_for(json!({"type": "object", "properties": {
        "organizationVariable": {"type": "object", "properties": {"value": variable_value}},
        "history": {"type": "array", "items": same_objects},
        "either": two_objects
    }}));
    let e = find_enum(&src, "VariableValue").expect("VariableValue enum");
    assert!(attrs_contain(&e.attrs, "serde(untagged)"));
    let variants: Vec<String> = e.variants.iter().map(|v| format!("{}{}", v.ident, compact(&v.fields))).collect();
    assert_eq!(
        variants,
        [
            "Bool(bool)",
            "Number(f64)",
            "String(String)",
            "Array(Vec<serde_json::Value>)",
            "Object(std::collections::BTreeMap<String,serde_json::Value>)"
        ]
        .map(|v| v.replace(' ', ""))
    );
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    // Identical variants collapse into the one type.
    let (history, _) = field(&s, "history").unwrap();
    assert_eq!(history.replace(' ', ""), "Option<Vec<crate::types::History>>");
    // Two object variants cannot be told apart by an untagged enum.
    let (either, _) = field(&s, "either").unwrap();
    assert_eq!(either.replace(' ', ""), "Option<serde_json::Value>");
    // …and their folded variant types are not emitted.
    assert!(!type_names(&src).iter().any(|n| n.starts_with("Either")), "{:?}", type_names(&src));
}

#[test]
fn structurally_identical_schemas_are_emitted_once_with_short_names() {
    let pg = json!({"type": "object", "properties": {
        "sortBy": {"type": "string"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}
    }});
    let org = |desc: &str| {
        json!({"type": "object", "description": desc, "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}
        }})
    };
    let error = json!({"description": "bad", "content": {"application/json": {"schema":
        {"type": "object", "properties": {"message": {"type": "string"}, "code": {"type": "string"}}}}}});
    let error_reordered = json!({"description": "bad", "content": {"application/json": {"schema":
        {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}});
    let s = spec(json!({
        "/organizations": {"get": op("list_organizations", "Organizations", json!({"responses": {
            "200": ok_json(json!({"type": "object", "properties": {
                "organizations": {"type": "array", "items": org("first")}, "pg": pg
            }}))["200"].clone(),
            "400": error
        }}))},
        "/users": {"get": op("list_users_of_a_very_long_operation_name_for_the_organization_members", "Users", json!({"responses": {
            "200": ok_json(json!({"type": "object", "properties": {
                "users": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "organization": org("second")
                }}},
                "pg": pg
            }}))["200"].clone(),
            "403": error_reordered
        }}))}
    }));
    let files = gen_files(&s);
    let src = file(&files, "src/types.rs");
    let names = type_names(src);
    for expected in ["Organization", "Pagination", "User", "ErrorMessage"] {
        assert_eq!(names.iter().filter(|n| *n == expected).count(), 1, "{expected} in {names:?}");
    }
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 60), "{names:?}");
    // The org object's docs come from its first use.
    let org_struct = find_struct(src, "Organization").unwrap();
    assert_eq!(docs(&org_struct.attrs).trim(), "first");
    // One documented error type, decoded for both operations.
    let documented = file(&files, "src/documented_error.rs");
    let e = find_enum(documented, "DocumentedError").unwrap();
    let variants: Vec<String> = e.variants.iter().map(|v| format!("{}{}", v.ident, compact(&v.fields))).collect();
    assert_eq!(variants.len(), 1);
    assert!(variants[0].ends_with("ErrorMessage(Box<crate::types::ErrorMessage>)"), "{variants:?}");
}

#[test]
fn nullable_array_items_and_nested_arrays() {
    let src = types_for(json!({"type": "object", "properties": {
        "ids": {"type": "array", "items": {"type": "integer", "nullable": true}},
        "matrix": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}
    }}));
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    assert_eq!(field(&s, "ids").unwrap().0.replace(' ', ""), "Option<Vec<Option<i64>>>");
    assert_eq!(field(&s, "matrix").unwrap().0.replace(' ', ""), "Option<Vec<Vec<f64>>>");
}

#[test]
fn all_of_objects_are_merged() {
    let src = types_for(json!({"allOf": [
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
        {"type": "object", "properties": {"name": {"type": "string"}}}
    ]}));
    let s = find_struct(&src, "ListThingsResponse").unwrap();
    assert_eq!(field_names(&s), ["id", "name", "extra"]);
    assert_eq!(field(&s, "id").unwrap().0, "i64");
}
