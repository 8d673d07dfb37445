//! Type naming on whole specs: collisions across resource groups, neutral names for structures
//! shared by several operations, and nested types of collapsed unions keeping their names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

/// The type a request builder's `body` setter takes / its `send` returns, by method name.
fn body_type(src: &str, builder: &str) -> String {
    let s = find_struct(src, builder).unwrap_or_else(|| panic!("no builder {builder}"));
    field(&s, "body").unwrap().0.replace(' ', "")
}

fn send_type(src: &str, builder: &str) -> String {
    let f = items(src)
        .into_iter()
        .find_map(|i| match i {
            syn::Item::Impl(im) if compact(&im.self_ty) == builder => im.items.into_iter().find_map(|ii| match ii {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
                _ => None,
            }),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no send on {builder}"));
    compact(&f.sig.output)
}

#[test]
fn names_colliding_across_groups_are_qualified_by_the_nested_group() {
    let body = |props: serde_json::Value| {
        json!({"content": {"application/json": {"schema": {
            "type": "object", "properties": props
        }}}})
    };
    let s = spec(json!({
        "/admin/organizations": {"post": op("create_organization", "Admin > Organizations",
            json!({"requestBody": body(json!({"name": {"type": "string"}, "ownerId": {"type": "integer"}}))}))},
        "/organizations": {"post": op("create_organization", "Organizations",
            json!({"requestBody": body(json!({"name": {"type": "string"}}))}))}
    }));
    let files = gen_files(&s);
    let types = file(&files, "src/types.rs");
    let names = type_names(types);
    assert!(names.iter().all(|n| !n.ends_with(char::is_numeric)), "numeric suffix in {names:?}");
    let admin = file(&files, "src/resources/admin/organizations.rs");
    let orgs = file(&files, "src/resources/organizations.rs");
    assert_eq!(body_type(admin, "CreateOrganizationRequest"), "Option<crate::types::AdminCreateOrganizationBody>");
    assert_eq!(body_type(orgs, "CreateOrganizationRequest"), "Option<crate::types::CreateOrganizationBody>");
}

#[test]
fn structures_shared_by_differently_named_operations_get_neutral_names() {
    let variable = json!({"type": "object", "properties": {"organizationVariable": {"type": "object",
        "properties": {"name": {"type": "string"}, "value": {"type": "string"}}}}});
    let ok = json!({"type": "object", "properties": {"ok": {"type": "integer"}}});
    let s = spec(json!({
        "/variables": {
            "post": op("create_organization_variable", "Organizations", json!({"responses": ok_json(variable.clone())})),
            "patch": op("update_organization_variable", "Organizations", json!({"responses": ok_json(variable)}))
        },
        "/subscription": {
            "delete": op("cancel_subscription", "Organizations", json!({"responses": ok_json(ok.clone())})),
            "post": op("apply_coupon", "Organizations", json!({"responses": ok_json(ok)}))
        },
        "/things": {"get": op("list_things", "Organizations", json!({"responses": ok_json(json!({
            "type": "object", "properties": {"things": {"type": "array", "items": {"type": "string"}}}
        }))}))}
    }));
    let files = gen_files(&s);
    let src = file(&files, "src/resources/organizations.rs");
    let cases = [
        ("CreateOrganizationVariableRequest", "OrganizationVariableResponse"),
        ("UpdateOrganizationVariableRequest", "OrganizationVariableResponse"),
        ("CancelSubscriptionRequest", "OkResponse"),
        ("ApplyCouponRequest", "OkResponse"),
        // Used by one operation only: named after it.
        ("ListThingsRequest", "ListThingsResponse"),
    ];
    for (builder, ty) in cases {
        assert_eq!(send_type(src, builder), format!("->Result<crate::types::{ty},crate::Error>"), "{builder}");
    }
}

#[test]
fn nested_types_of_a_union_of_identical_variants_are_named_by_their_property() {
    let entry = json!({"type": "object", "properties": {
        "id": {"type": "integer"},
        "diffObject": {"type": "object", "properties": {"name": {"type": "string"}, "typeId": {"type": "integer"}}}
    }});
    let src = {
        let s = spec(json!({"/history": {"get": op("list_history", "Things", json!({"responses": ok_json(json!({
            "type": "object", "properties": {"history": {"type": "array", "items": {"oneOf": [entry.clone(), entry]}}}
        }))}))}}));
        file(&gen_files(&s), "src/types.rs").to_owned()
    };
    let names = type_names(&src);
    assert!(names.contains(&"DiffObject".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| !n.ends_with(char::is_numeric)), "{names:?}");
}
