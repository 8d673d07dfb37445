//! `xtask::diff` change detection and classification: one small inline spec, one edit per case,
//! the exact changes expected.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use xtask::diff::{ChangeKind as K, Severity, Side, diff_specs};

const B: Severity = Severity::Breaking;
const N: Severity = Severity::NonBreaking;

fn base() -> Value {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://eu1.make.com/api/v2"}, {"url": "https://us1.make.com/api/v2"}],
        "paths": {
            "/organizations": {"get": {
                "operationId": "list_organizations", "tags": ["Organizations"],
                "summary": "List organizations", "description": "Lists them.",
                "security": [{"token": ["organizations:read"]}],
                "parameters": [
                    {"name": "cols", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "pg[sortDir]", "in": "query", "description": "Order.", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                    {"name": "pg[limit]", "in": "query", "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"organizations": {"type": "array", "items": {
                        "type": "object", "properties": {
                            "id": {"type": "integer"},
                            "name": {"type": "string", "description": "Its name."},
                            "license": {"type": "object", "properties": {"operations": {"type": "integer"}}},
                            "status": {"type": "string", "enum": ["active", "paused"]}
                        }}}}}}}}}
            }},
            "/organizations/{organizationId}": {"patch": {
                "operationId": "update_organization", "tags": ["Organizations"], "summary": "Update",
                "security": [{"token": ["organizations:write"]}],
                "parameters": [{"name": "organizationId", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"},
                        "countryId": {"type": "integer"},
                        "plan": {"type": "string", "enum": ["free", "pro"]}
                    }}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"organization": {"type": "object", "properties": {
                        "id": {"type": "integer"}, "name": {"type": "string"}},
                        "additionalProperties": true}}}}}}}
            }}
        }
    })
}

const LIST: &str = "/paths/~1organizations/get";
const UPDATE: &str = "/paths/~1organizations~1{organizationId}/patch";

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("fixture has no {pointer}"))
}

fn set(v: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    at(v, parent).as_object_mut().unwrap().insert(key.replace("~1", "/").replace("~0", "~"), value);
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(m) => {
            m.remove(&key.replace("~1", "/").replace("~0", "~")).unwrap();
        }
        Value::Array(a) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("cannot remove {pointer}"),
    }
}

fn push(v: &mut Value, pointer: &str, value: Value) {
    at(v, pointer).as_array_mut().unwrap().push(value);
}

fn spec(v: Value) -> openapiv3::OpenAPI {
    serde_json::from_value(v).unwrap()
}

fn diff(edit: &dyn Fn(&mut Value)) -> Vec<(K, Severity)> {
    let mut new = base();
    edit(&mut new);
    let mut got: Vec<(K, Severity)> =
        diff_specs(&spec(base()), &spec(new)).unwrap().changes.into_iter().map(|c| (c.kind, c.severity)).collect();
    got.sort();
    got
}

fn s(text: &str) -> String {
    text.to_string()
}

type Case = (&'static str, Box<dyn Fn(&mut Value)>, Vec<(K, Severity)>);

fn cases() -> Vec<Case> {
    let q = || s("query");
    vec![
        ("no change", Box::new(|_| {}), vec![]),
        (
            "operation removed",
            Box::new(|v| remove(v, "/paths/~1organizations~1{organizationId}")),
            vec![(K::OperationRemoved, B)],
        ),
        (
            "operation added",
            Box::new(|v| {
                let op = at(v, LIST).clone();
                set(v, "/paths/~1teams", json!({"get": op}));
            }),
            vec![(K::OperationAdded, N)],
        ),
        (
            "method renamed",
            Box::new(|v| set(v, &format!("{LIST}/operationId"), json!("list_orgs"))),
            vec![(K::MethodRenamed { old: s("list_organizations"), new: s("list_orgs") }, B)],
        ),
        (
            "resource changed",
            Box::new(|v| set(v, &format!("{LIST}/tags"), json!(["Admin > Organizations"]))),
            vec![(K::ResourceChanged { old: s("Organizations"), new: s("Admin > Organizations") }, B)],
        ),
        (
            "resource moved by a tag's x-parent",
            Box::new(|v| set(v, "/tags", json!([{"name": "Organizations", "x-parent": "Admin"}]))),
            // Both operations are tagged `Organizations`.
            vec![
                (K::ResourceChanged { old: s("Organizations"), new: s("Admin > Organizations") }, B),
                (K::ResourceChanged { old: s("Organizations"), new: s("Admin > Organizations") }, B),
            ],
        ),
        (
            "optional parameter added",
            Box::new(|v| {
                push(
                    v,
                    &format!("{LIST}/parameters"),
                    json!({"name": "zone", "in": "query", "schema": {"type": "boolean"}}),
                )
            }),
            vec![(K::ParameterAdded { location: q(), name: s("zone"), required: false }, N)],
        ),
        (
            "required parameter added",
            Box::new(|v| {
                push(
                    v,
                    &format!("{LIST}/parameters"),
                    json!({"name": "teamId", "in": "query", "required": true, "schema": {"type": "boolean"}}),
                )
            }),
            vec![(K::ParameterAdded { location: q(), name: s("teamId"), required: true }, B)],
        ),
        (
            "parameter removed",
            Box::new(|v| remove(v, &format!("{LIST}/parameters/0"))),
            vec![(K::ParameterRemoved { location: q(), name: s("cols") }, B)],
        ),
        (
            "query parameter renamed (same in, same schema)",
            Box::new(|v| set(v, &format!("{LIST}/parameters/1/name"), json!("sortDir"))),
            vec![(K::ParameterRenamed { location: q(), old: s("pg[sortDir]"), new: s("sortDir") }, B)],
        ),
        (
            "removed and added with different schemas is not a rename",
            Box::new(|v| {
                set(v, &format!("{LIST}/parameters/2/name"), json!("limit"));
                set(v, &format!("{LIST}/parameters/2/schema"), json!({"type": "string"}));
            }),
            vec![
                (K::ParameterAdded { location: q(), name: s("limit"), required: false }, N),
                (K::ParameterRemoved { location: q(), name: s("pg[limit]") }, B),
            ],
        ),
        (
            "path parameter renamed in path and parameter list",
            Box::new(|v| {
                let item = at(v, "/paths/~1organizations~1{organizationId}").clone();
                remove(v, "/paths/~1organizations~1{organizationId}");
                set(v, "/paths/~1organizations~1{orgId}", item);
                set(v, "/paths/~1organizations~1{orgId}/patch/parameters/0/name", json!("orgId"));
            }),
            vec![(K::ParameterRenamed { location: s("path"), old: s("organizationId"), new: s("orgId") }, B)],
        ),
        (
            "parameter became required",
            Box::new(|v| set(v, &format!("{LIST}/parameters/2/required"), json!(true))),
            vec![(K::ParameterRequiredChanged { location: q(), name: s("pg[limit]"), required: true }, B)],
        ),
        (
            "parameter retyped",
            Box::new(|v| set(v, &format!("{LIST}/parameters/2/schema/format"), json!("int64"))),
            vec![(
                K::ParameterRetyped {
                    location: q(),
                    name: s("pg[limit]"),
                    old: s("integer"),
                    new: s("integer(int64)"),
                },
                B,
            )],
        ),
        (
            "array parameter items retyped",
            Box::new(|v| set(v, &format!("{LIST}/parameters/0/schema/items/type"), json!("integer"))),
            vec![(K::ParameterRetyped { location: q(), name: s("cols[]"), old: s("string"), new: s("integer") }, B)],
        ),
        (
            "parameter gains an enum (open string becomes a closed set)",
            Box::new(|v| set(v, &format!("{LIST}/parameters/0/schema/items/enum"), json!(["id", "name"]))),
            vec![(
                K::ParameterRetyped { location: q(), name: s("cols[]"), old: s("string"), new: s("enum<string>") },
                B,
            )],
        ),
        (
            "parameter enum values added and removed",
            Box::new(|v| set(v, &format!("{LIST}/parameters/1/schema/enum"), json!(["asc", "random"]))),
            vec![
                (K::EnumValueAdded { at: s("parameter `pg[sortDir]`"), value: s("\"random\"") }, N),
                (K::EnumValueRemoved { at: s("parameter `pg[sortDir]`"), value: s("\"desc\"") }, B),
            ],
        ),
        (
            "nested response field removed",
            Box::new(|v| {
                remove(
                    v,
                    &format!(
                        "{LIST}/responses/200/content/application~1json/schema/properties/organizations/items/properties/license/properties/operations"
                    ),
                )
            }),
            vec![(K::FieldRemoved { side: Side::Response, path: s("organizations[].license.operations") }, B)],
        ),
        (
            "response object rewritten as an allOf of the same fields",
            Box::new(|v| {
                let org = format!("{UPDATE}/responses/200/content/application~1json/schema/properties/organization");
                set(
                    v,
                    &org,
                    json!({"allOf": [
                        {"type": "object", "properties": {"id": {"type": "integer"}}},
                        {"type": "object", "properties": {"name": {"type": "string"}}}
                    ]}),
                )
            }),
            vec![],
        ),
        (
            "response field missing from the allOf that replaced the object",
            Box::new(|v| {
                let org = format!("{UPDATE}/responses/200/content/application~1json/schema/properties/organization");
                set(v, &org, json!({"allOf": [{"type": "object", "properties": {"id": {"type": "integer"}}}]}))
            }),
            vec![(K::FieldRemoved { side: Side::Response, path: s("organization.name") }, B)],
        ),
        (
            "response object turned into a map",
            Box::new(|v| {
                let org = format!("{UPDATE}/responses/200/content/application~1json/schema/properties/organization");
                set(v, &org, json!({"type": "object", "additionalProperties": {"type": "string"}}))
            }),
            vec![(
                K::FieldRetyped { side: Side::Response, path: s("organization"), old: s("object"), new: s("map") },
                B,
            )],
        ),
        (
            "response map values typed where any value was allowed",
            Box::new(|v| {
                let org = format!("{UPDATE}/responses/200/content/application~1json/schema/properties/organization");
                set(v, &format!("{org}/additionalProperties"), json!({"type": "string"}))
            }),
            vec![(
                K::FieldRetyped { side: Side::Response, path: s("organization.*"), old: s("any"), new: s("string") },
                B,
            )],
        ),
        (
            "response field added",
            Box::new(|v| {
                set(
                    v,
                    &format!("{LIST}/responses/200/content/application~1json/schema/properties/pg"),
                    json!({"type": "object"}),
                )
            }),
            vec![(K::FieldAdded { side: Side::Response, path: s("pg"), required: false }, N)],
        ),
        (
            "response field retyped",
            Box::new(|v| {
                set(
                    v,
                    &format!(
                        "{LIST}/responses/200/content/application~1json/schema/properties/organizations/items/properties/id/type"
                    ),
                    json!("string"),
                )
            }),
            vec![(
                K::FieldRetyped {
                    side: Side::Response,
                    path: s("organizations[].id"),
                    old: s("integer"),
                    new: s("string"),
                },
                B,
            )],
        ),
        (
            "response field became nullable",
            Box::new(|v| {
                set(
                    v,
                    &format!(
                        "{UPDATE}/responses/200/content/application~1json/schema/properties/organization/properties/name/nullable"
                    ),
                    json!(true),
                )
            }),
            vec![(
                K::FieldRetyped {
                    side: Side::Response,
                    path: s("organization.name"),
                    old: s("string"),
                    new: s("string?"),
                },
                B,
            )],
        ),
        (
            "response enum value added and removed",
            Box::new(|v| {
                set(
                    v,
                    &format!(
                        "{LIST}/responses/200/content/application~1json/schema/properties/organizations/items/properties/status/enum"
                    ),
                    json!(["active", "deleted"]),
                )
            }),
            vec![
                (K::EnumValueAdded { at: s("response field `organizations[].status`"), value: s("\"deleted\"") }, N),
                (K::EnumValueRemoved { at: s("response field `organizations[].status`"), value: s("\"paused\"") }, B),
            ],
        ),
        (
            "request fields: removed, optional added, required added",
            Box::new(|v| {
                let props = format!("{UPDATE}/requestBody/content/application~1json/schema/properties");
                remove(v, &format!("{props}/countryId"));
                set(v, &format!("{props}/timezoneId"), json!({"type": "integer"}));
                set(v, &format!("{props}/regionId"), json!({"type": "integer"}));
                push(v, &format!("{UPDATE}/requestBody/content/application~1json/schema/required"), json!("regionId"));
            }),
            vec![
                (K::FieldAdded { side: Side::Request, path: s("regionId"), required: true }, B),
                (K::FieldAdded { side: Side::Request, path: s("timezoneId"), required: false }, N),
                (K::FieldRemoved { side: Side::Request, path: s("countryId") }, B),
            ],
        ),
        (
            "request field became required",
            Box::new(|v| {
                push(v, &format!("{UPDATE}/requestBody/content/application~1json/schema/required"), json!("countryId"))
            }),
            vec![(K::FieldRequiredChanged { side: Side::Request, path: s("countryId"), required: true }, B)],
        ),
        (
            "request enum value removed and added",
            Box::new(|v| {
                set(
                    v,
                    &format!("{UPDATE}/requestBody/content/application~1json/schema/properties/plan/enum"),
                    json!(["free", "teams"]),
                )
            }),
            vec![
                (K::EnumValueAdded { at: s("request field `plan`"), value: s("\"teams\"") }, N),
                (K::EnumValueRemoved { at: s("request field `plan`"), value: s("\"pro\"") }, B),
            ],
        ),
        (
            "request body removed",
            Box::new(|v| remove(v, &format!("{UPDATE}/requestBody"))),
            vec![(K::RequestBodyRemoved, B)],
        ),
        (
            "scope added and removed",
            Box::new(|v| set(v, &format!("{LIST}/security"), json!([{"token": ["organizations:write"]}]))),
            vec![
                (K::ScopeAdded { scope: s("organizations:write") }, B),
                (K::ScopeRemoved { scope: s("organizations:read") }, N),
            ],
        ),
        (
            "success response removed, error response added",
            Box::new(|v| {
                remove(v, &format!("{UPDATE}/responses/200"));
                set(v, &format!("{UPDATE}/responses/204"), json!({"description": "No content"}));
                set(v, &format!("{UPDATE}/responses/404"), json!({"description": "Not found"}));
            }),
            vec![
                (K::ResponseAdded { status: s("204") }, N),
                (K::ResponseAdded { status: s("404") }, N),
                (K::ResponseRemoved { status: s("200") }, B),
            ],
        ),
        (
            "server removed",
            Box::new(|v| remove(v, "/servers/1")),
            vec![(K::ServerRemoved { url: s("https://us1.make.com/api/v2") }, B)],
        ),
        (
            "description-only changes",
            Box::new(|v| {
                set(v, &format!("{LIST}/description"), json!("Lists all of them."));
                set(v, &format!("{LIST}/summary"), json!("List all organizations"));
                set(v, &format!("{LIST}/parameters/1/description"), json!("Sort order."));
                set(
                    v,
                    &format!(
                        "{LIST}/responses/200/content/application~1json/schema/properties/organizations/items/properties/name/description"
                    ),
                    json!("The name."),
                );
                set(
                    v,
                    &format!("{UPDATE}/requestBody/content/application~1json/schema/description"),
                    json!("Changes."),
                );
            }),
            vec![
                (K::DescriptionChanged { what: s("description") }, N),
                (K::DescriptionChanged { what: s("parameter `pg[sortDir]`") }, N),
                (K::DescriptionChanged { what: s("request body") }, N),
                (K::DescriptionChanged { what: s("response field `organizations[].name`") }, N),
                (K::DescriptionChanged { what: s("summary") }, N),
            ],
        ),
    ]
}

#[test]
fn each_change_kind_is_detected_and_classified() {
    let mut failures = Vec::new();
    for (name, edit, mut expected) in cases() {
        expected.sort();
        let got = diff(&*edit);
        if got != expected {
            failures.push(format!("{name}:\n  expected {expected:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn changes_carry_resource_operation_and_pointer() {
    let mut new = base();
    set(&mut new, &format!("{UPDATE}/parameters/0/schema/type"), json!("string"));
    set(&mut new, &format!("{UPDATE}/tags"), json!(["Admin > Organizations"]));
    let log = diff_specs(&spec(base()), &spec(new)).unwrap();
    let retyped = log.changes.iter().find(|c| matches!(c.kind, K::ParameterRetyped { .. })).unwrap();
    assert_eq!(retyped.resource, "Admin > Organizations", "grouped under the new first tag");
    assert_eq!(retyped.method, "PATCH");
    assert_eq!(retyped.path, "/organizations/{organizationId}");
    assert_eq!(retyped.operation_id, "update_organization");
    assert_eq!(retyped.pointer, "#/paths/~1organizations~1{organizationId}/patch/parameters");
}

#[test]
fn changelog_is_sorted_breaking_first_within_a_resource() {
    let mut new = base();
    push(&mut new, &format!("{LIST}/parameters"), json!({"name": "a", "in": "query", "schema": {"type": "string"}}));
    remove(&mut new, &format!("{UPDATE}/parameters/0/required"));
    let log = diff_specs(&spec(base()), &spec(new)).unwrap();
    let severities: Vec<Severity> = log.changes.iter().map(|c| c.severity).collect();
    assert_eq!(severities, [B, N]);
    assert!(log.has_at_least(B) && log.has_at_least(N));
}

#[test]
fn recursive_schemas_terminate() {
    let make = |extra: bool| {
        let mut node = json!({"type": "object", "properties": {"name": {"type": "string"}, "child": {"$ref": "#/components/schemas/Node"}}});
        if extra {
            node["properties"]["extra"] = json!({"type": "integer"});
        }
        let mut v = base();
        v["components"] = json!({"schemas": {"Node": node}});
        set(
            &mut v,
            &format!("{LIST}/responses/200/content/application~1json/schema"),
            json!({"$ref": "#/components/schemas/Node"}),
        );
        spec(v)
    };
    let log = diff_specs(&make(false), &make(true)).unwrap();
    let paths: Vec<String> = log
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            K::FieldAdded { path, .. } => Some(path.clone()),
            _ => None,
        })
        .collect();
    assert!(paths.contains(&s("extra")) && paths.contains(&s("child.child.extra")), "{paths:?}");
    assert!(paths.len() < 100, "bounded depth: {}", paths.len());
}

/// The changes between the list response schemas `wrap` makes around a field of type `integer`
/// and of type `string`, `levels` times wrapped: at 64 and at 65 levels. Reading 65 levels into
/// openapiv3 types takes more stack than a test thread has (debug), so this runs on a big one.
fn leaf_retyped_at_64_and_65(wrap: fn(Value) -> Value, leaf: fn(&str) -> Value) -> (Vec<K>, Vec<K>) {
    let nested = move |levels: usize, ty: &str| {
        let schema = (0..levels).fold(leaf(ty), |inner, _| wrap(inner));
        let mut v = base();
        set(&mut v, &format!("{LIST}/responses/200/content/application~1json/schema"), schema);
        spec(v)
    };
    let retyped = move |levels: usize| -> Vec<K> {
        let log = diff_specs(&nested(levels, "integer"), &nested(levels, "string")).unwrap();
        log.changes.into_iter().map(|c| c.kind).collect()
    };
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || (retyped(64), retyped(65)))
        .unwrap()
        .join()
        .unwrap()
}

/// Schemas are compared 64 field levels deep (the bound that ends `$ref` cycles): a field
/// retyped 64 levels down is reported, one 65 levels down is not.
#[test]
fn schemas_are_compared_down_to_64_levels() {
    let (deepest, deeper) = leaf_retyped_at_64_and_65(
        |inner| json!({"type": "object", "properties": {"n": inner}}),
        |ty| json!({"type": ty}),
    );
    let path = vec!["n"; 64].join(".");
    assert_eq!(deepest, vec![K::FieldRetyped { side: Side::Response, path, old: s("integer"), new: s("string") }]);
    assert_eq!(deeper, vec![]);
}

/// `allOf` members are merged 64 levels deep (the bound that ends a self-referencing `allOf`): a
/// field retyped under 64 nested `allOf`s is reported, under 65 it is not.
#[test]
fn all_of_is_merged_down_to_64_levels() {
    let (deepest, deeper) = leaf_retyped_at_64_and_65(
        |inner| json!({"allOf": [inner]}),
        |ty| json!({"type": "object", "properties": {"a": {"type": ty}}}),
    );
    assert_eq!(
        deepest,
        vec![K::FieldRetyped { side: Side::Response, path: s("a"), old: s("integer"), new: s("string") }]
    );
    assert_eq!(deeper, vec![]);
}

/// The generated struct keeps fields beyond its properties as JSON values unless
/// `additionalProperties` is a schema (`true`, `false` and absent alike), so a change is reported
/// exactly when one side types them and the other does not, whichever way.
#[test]
fn additional_properties_changes_follow_the_generated_type() {
    let with = |additional: Option<Value>| {
        let mut v = base();
        let org = format!("{UPDATE}/responses/200/content/application~1json/schema/properties/organization");
        match additional {
            Some(a) => set(&mut v, &format!("{org}/additionalProperties"), a),
            None => remove(&mut v, &format!("{org}/additionalProperties")),
        }
        spec(v)
    };
    let typed = || Some(json!({"type": "string"}));
    let retyped = |old: &str, new: &str| {
        vec![(K::FieldRetyped { side: Side::Response, path: s("organization.*"), old: s(old), new: s(new) }, B)]
    };
    type Case = (Option<Value>, Option<Value>, Vec<(K, Severity)>);
    let cases: Vec<Case> = vec![
        (Some(json!(false)), typed(), retyped("any", "string")),
        (typed(), Some(json!(false)), retyped("string", "any")),
        (None, typed(), retyped("any", "string")),
        (typed(), None, retyped("string", "any")),
        (Some(json!(false)), Some(json!(true)), vec![]),
        (Some(json!(true)), None, vec![]),
        (None, Some(json!(false)), vec![]),
        (typed(), typed(), vec![]),
    ];
    for (old, new, expected) in cases {
        let label = format!("{old:?} → {new:?}");
        let got: Vec<(K, Severity)> = diff_specs(&with(old.clone()), &with(new.clone()))
            .unwrap()
            .changes
            .into_iter()
            .map(|c| (c.kind, c.severity))
            .collect();
        assert_eq!(got, expected, "{label}");
    }
}

/// `A / B` and `A > B` name one resource of the client: rewriting one as the other changes nothing.
#[test]
fn a_tag_hierarchy_rewritten_with_the_other_separator_is_no_change() {
    let with_tag = |tag: &str| {
        let mut v = base();
        set(&mut v, &format!("{LIST}/tags"), json!([tag]));
        spec(v)
    };
    let changes =
        diff_specs(&with_tag("Organizations > Children"), &with_tag("Organizations / Children")).unwrap().changes;
    assert!(changes.is_empty(), "{changes:?}");
    let changes =
        diff_specs(&with_tag("Organizations > Children"), &with_tag("Organizations / Other")).unwrap().changes;
    assert_eq!(changes.len(), 1, "{changes:?}");
}
