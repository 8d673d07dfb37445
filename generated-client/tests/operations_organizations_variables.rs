//! Operations tagged `Organizations` that manage custom organization variables
//! (`client.organizations()`), against a real HTTP server on 127.0.0.1: exact request on the wire,
//! the `oneOf` variable value in both directions, Make error responses, and path-encoding attacks
//! through the `variableName` path parameter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ops_support;

use std::collections::BTreeMap;

use make_com_api::Error;
use make_com_api::types::{CreateOrganizationVariableBody, UpdateOrganizationVariableBody, VariablesValue};
use ops_support::{client, expect_api_error, expect_ok, make_error, mount, mount_error, op, server, verify};
use serde_json::json;

#[tokio::test]
async fn list_organization_variables_decodes_the_documented_shape() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/variables").params(&["11"]);
    let listed = json!({ "organizationVariables": { "typeId": 1, "name": "userID", "value": 4, "isSystem": false } });
    mount(&server, &expected, 200, listed).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().list_organization_variables(11).send().await).await;
    verify(&server).await;
    let variable = response.organization_variables.unwrap();
    assert_eq!(
        (variable.type_id, variable.name.as_deref(), variable.is_system),
        (Some(1), Some("userID"), Some(false))
    );
    assert_eq!(variable.value, Some(VariablesValue::Number(4.0)));

    let body = make_error("Not found", "SC404", "The custom variables feature is not available.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().list_organization_variables(11).send().await, 404, &body);
}

#[tokio::test]
async fn list_organization_variables_as_a_collection_is_readable_through_send_raw() {
    // The docs' schema says `organizationVariables` is one object, while the endpoint "retrieves
    // the collection"; a list arrives as an array, which the raw escape hatch still exposes.
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/variables").params(&["11"]);
    let listed = json!({ "organizationVariables": [
        { "typeId": 1, "name": "userID", "value": 4, "isSystem": false },
        { "typeId": 2, "name": "MAKE_ZONE", "value": "eu1.make.com", "isSystem": true }
    ]});
    mount(&server, &expected, 200, listed.clone()).await;
    let raw =
        expect_ok(&server, client(&server).organizations().list_organization_variables(11).send_raw().await).await;
    verify(&server).await;
    assert_eq!(raw.status, 200);
    assert_eq!(raw.value().unwrap(), listed);
}

#[tokio::test]
async fn create_organization_variable_sends_each_value_kind() {
    let object = BTreeMap::from([("region".to_owned(), json!("EU")), ("tier".to_owned(), json!(2))]);
    let cases = [
        (1.0, VariablesValue::Number(4.0), json!(4.0)),
        (2.0, VariablesValue::String("ABC-123".into()), json!("ABC-123")),
        (3.0, VariablesValue::Bool(true), json!(true)),
        (4.0, VariablesValue::String("1998-03-06T12:31:00.000Z".into()), json!("1998-03-06T12:31:00.000Z")),
        (2.0, VariablesValue::Array(vec![json!("a"), json!(1)]), json!(["a", 1])),
        (2.0, VariablesValue::Object(object), json!({ "region": "EU", "tier": 2 })),
    ];
    for (type_id, value, wire) in cases {
        let server = server().await;
        let expected = op("POST", "/organizations/{organizationId}/variables")
            .params(&["11"])
            .body(json!({ "typeId": type_id, "value": wire, "name": "userID" }));
        let type_number = type_id as i64;
        let created = json!({ "organizationVariable": { "typeId": type_number, "name": "userID", "value": wire, "isSystem": false } });
        mount(&server, &expected, 200, created).await;
        let api = client(&server);
        let call = || {
            let body = CreateOrganizationVariableBody {
                type_id: Some(type_id),
                value: Some(value.clone()),
                name: Some("userID".into()),
                ..CreateOrganizationVariableBody::default()
            };
            api.organizations().create_organization_variable(11).body(body)
        };
        let variable = expect_ok(&server, call().send().await).await.organization_variable.unwrap();
        verify(&server).await;
        assert_eq!((variable.type_id, variable.name.as_deref()), (Some(type_number), Some("userID")));
        assert_eq!(variable.value.as_ref(), Some(&value), "value kind of {wire}");

        let body = make_error("Not found", "SC404", "The custom variables feature is not available.");
        mount_error(&server, &expected, 404, body.clone()).await;
        expect_api_error(call().send().await, 404, &body);
    }
}

#[tokio::test]
async fn update_organization_variable_sends_type_and_value() {
    let server = server().await;
    let expected = op("PATCH", "/organizations/{organizationId}/variables/{variableName}")
        .params(&["11", "userID"])
        .body(json!({ "typeId": 2.0, "value": "ABC" }));
    let updated =
        json!({ "organizationVariable": { "typeId": 2, "name": "userID", "value": "ABC", "isSystem": false } });
    mount(&server, &expected, 200, updated).await;
    let api = client(&server);
    let call = || {
        let body = UpdateOrganizationVariableBody {
            type_id: Some(2.0),
            value: Some(VariablesValue::String("ABC".into())),
            ..UpdateOrganizationVariableBody::default()
        };
        api.organizations().update_organization_variable(11, "userID").body(body)
    };
    let variable = expect_ok(&server, call().send().await).await.organization_variable.unwrap();
    verify(&server).await;
    assert_eq!((variable.type_id, variable.value), (Some(2), Some(VariablesValue::String("ABC".into()))));

    let body = make_error("Invalid input parameters", "IM005", "Value does not match the variable type.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn delete_organization_variable_sends_confirmed() {
    let server = server().await;
    let expected = op("DELETE", "/organizations/{organizationId}/variables/{variableName}")
        .params(&["11", "userID"])
        .query("confirmed=true");
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    let response =
        expect_ok(&server, api.organizations().delete_organization_variable(11, "userID").confirmed(true).send().await)
            .await;
    verify(&server).await;
    assert_eq!(response.ok, Some(1));

    // The docs: without `confirmed=true` "the API call fails with the error IM004 (406)".
    let unconfirmed =
        op("DELETE", "/organizations/{organizationId}/variables/{variableName}").params(&["11", "userID"]);
    let body = make_error("Confirmation required", "IM004", "Deleting a variable may break scenarios that use it.");
    mount_error(&server, &unconfirmed, 406, body.clone()).await;
    expect_api_error(api.organizations().delete_organization_variable(11, "userID").send().await, 406, &body);
}

#[tokio::test]
async fn list_organization_variable_history_decodes_entries() {
    let server = server().await;
    let expected =
        op("GET", "/organizations/{organizationId}/variables/{variableName}/history").params(&["11", "userID"]);
    let history = json!({ "organizationVariableHistory": [
        {
            "id": 502, "diffObject": { "name": "userID", "value": "5", "typeId": 1 },
            "changed": "2024-06-12", "action": "update", "author": "Jane Doe"
        },
        {
            "id": 501, "diffObject": { "name": "userID", "value": "4", "typeId": 1 },
            "changed": "2024-06-01", "action": "create", "author": "Jane Doe"
        }
    ]});
    mount(&server, &expected, 200, history).await;
    let api = client(&server);
    let entries = expect_ok(&server, api.organizations().list_organization_variable_history(11, "userID").send().await)
        .await
        .organization_variable_history
        .unwrap();
    verify(&server).await;
    assert_eq!(entries.iter().map(|entry| entry.id).collect::<Vec<_>>(), [Some(502), Some(501)]);
    assert_eq!((entries[0].action.as_deref(), entries[0].author.as_deref()), (Some("update"), Some("Jane Doe")));
    assert_eq!(entries[0].changed.as_deref(), Some("2024-06-12"));
    let diff = entries[1].diff_object.as_ref().unwrap();
    assert_eq!((diff.name.as_deref(), diff.value.as_deref(), diff.type_id), (Some("userID"), Some("4"), Some(1)));

    let body = make_error("Not found", "SC404", "Variable userID does not exist.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().list_organization_variable_history(11, "userID").send().await, 404, &body);
}

#[tokio::test]
async fn variable_names_never_change_the_path() {
    let attacks = [
        ("../x", "..%2Fx"),
        ("../../admin/organizations", "..%2F..%2Fadmin%2Forganizations"),
        ("a/b", "a%2Fb"),
        ("%2F", "%252F"),
        ("name?confirmed=true", "name%3Fconfirmed%3Dtrue"),
        ("name#fragment", "name%23fragment"),
        ("$total_ü", "%24total_%C3%BC"),
    ];
    for (name, encoded) in attacks {
        let server = server().await;
        let api = client(&server);
        let delete = op("DELETE", "/organizations/{organizationId}/variables/{variableName}").params(&["11", encoded]);
        mount(&server, &delete, 200, json!({ "ok": 1 })).await;
        let history =
            op("GET", "/organizations/{organizationId}/variables/{variableName}/history").params(&["11", encoded]);
        mount(&server, &history, 200, json!({ "organizationVariableHistory": [] })).await;
        let update = op("PATCH", "/organizations/{organizationId}/variables/{variableName}")
            .params(&["11", encoded])
            .body(json!({ "typeId": 2.0 }));
        mount(&server, &update, 200, json!({ "organizationVariable": { "name": name } })).await;

        expect_ok(&server, api.organizations().delete_organization_variable(11, name).send().await).await;
        expect_ok(&server, api.organizations().list_organization_variable_history(11, name).send().await).await;
        let body = UpdateOrganizationVariableBody { type_id: Some(2.0), ..UpdateOrganizationVariableBody::default() };
        let updated =
            expect_ok(&server, api.organizations().update_organization_variable(11, name).body(body).send().await)
                .await;
        verify(&server).await;
        assert_eq!(updated.organization_variable.unwrap().name.as_deref(), Some(name));
    }
}

#[tokio::test]
async fn dot_segment_variable_names_are_rejected_before_sending() {
    for name in ["..", ".", "%2e%2e"] {
        let server = server().await;
        let api = client(&server);
        let result = api.organizations().delete_organization_variable(11, name).confirmed(true).send().await;
        let requests = server.received_requests().await.unwrap();
        if name == "%2e%2e" {
            // `%` is encoded, so the segment is the literal text `%2e%2e`, not a dot segment.
            assert!(result.is_err(), "no mock is mounted, so the server answers 404");
            assert_eq!(requests.len(), 1);
            assert_eq!(requests[0].url.path(), "/api/v2/organizations/11/variables/%252e%252e");
        } else {
            assert!(matches!(result, Err(Error::Config { .. })), "`{name}` must be rejected, got {result:?}");
            assert!(requests.is_empty(), "`{name}` reached the server: {:?}", requests[0].url);
        }
    }
}
