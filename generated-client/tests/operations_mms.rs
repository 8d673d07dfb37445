//! Operations tagged `MMS` (`client.mms()`, Make Managed Services child organizations) against a
//! real HTTP server on 127.0.0.1: exact request on the wire, decoding of realistic responses shaped
//! by the spec's schemas, and Make error responses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ops_support;

use make_com_api::types::{CreateChildOrganizationBody, UpdateChildOrganizationOperationsBody};
use ops_support::{client, expect_api_error, expect_ok, make_error, mount, mount_error, op, server, verify};
use serde_json::json;

#[tokio::test]
async fn create_child_organization_sends_the_body_and_decodes_the_new_organization() {
    let server = server().await;
    let expected = op("POST", "/organizations/{organizationId}/managed-organizations").params(&["11"]).body(json!({
        "userEmail": "jane.doe@acme.example",
        "userName": "Jane Doe",
        "organizationName": "Acme Client Org",
        "regionId": 1,
        "countryId": 58,
        "operations": 20000
    }));
    let created = json!({
        "userId": 5243,
        "userEmail": "jane.doe@acme.example",
        "userName": "Jane Doe",
        "userLanguage": "en",
        "userExisted": 0,
        "childOrganizationId": 4321,
        "newParentOperations": 980000,
        "domain": "eu1.make.com"
    });
    mount(&server, &expected, 200, created).await;
    let api = client(&server);
    let call = || {
        let body = CreateChildOrganizationBody {
            user_email: Some("jane.doe@acme.example".into()),
            user_name: Some("Jane Doe".into()),
            organization_name: Some("Acme Client Org".into()),
            region_id: Some(1),
            country_id: Some(58),
            operations: Some(20_000),
            ..CreateChildOrganizationBody::default()
        };
        api.mms().create_child_organization(11).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.user_id, Some(5243));
    assert_eq!(response.user_email.as_deref(), Some("jane.doe@acme.example"));
    assert_eq!(response.user_language.as_deref(), Some("en"));
    assert_eq!(response.user_existed, Some(0));
    assert_eq!(response.child_organization_id, Some(4321));
    assert_eq!(response.new_parent_operations, Some(980_000));
    assert_eq!(response.domain.as_deref(), Some("eu1.make.com"));

    let body = make_error("Invalid input parameters", "IM005", "The operations parameter must be a multiple of 10000.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn list_child_organizations_decodes_children_and_pagination() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/managed-organizations").params(&["11"]);
    let children = json!({
        "managedOrganizations": [
            {
                "organizationId": 4321, "organizationName": "Acme Client Org", "operationsAllocated": 20000,
                "countryId": 58, "timezoneId": 113, "zoneId": 1, "zoneDomain": "eu1.make.com", "zoneName": "EU1"
            },
            {
                "organizationId": 4322, "organizationName": "Globex Client Org", "operationsAllocated": 10000,
                "countryId": 1, "timezoneId": 318, "zoneId": 2, "zoneDomain": "us1.make.com", "zoneName": "US1"
            }
        ],
        "pg": { "sortBy": "name", "sortDir": "asc", "limit": 10000, "offset": 0 }
    });
    mount(&server, &expected, 200, children).await;
    let api = client(&server);
    let response = expect_ok(&server, api.mms().list_child_organizations(11).send().await).await;
    verify(&server).await;
    let children = response.managed_organizations.unwrap();
    assert_eq!(children.len(), 2);
    assert_eq!(children[0].organization_id, Some(4321));
    assert_eq!(children[0].organization_name.as_deref(), Some("Acme Client Org"));
    assert_eq!(children[0].operations_allocated, Some(20_000));
    assert_eq!(children[1].zone_domain.as_deref(), Some("us1.make.com"));
    assert_eq!(children[1].zone_name.as_deref(), Some("US1"));
    let pg = response.pg.unwrap();
    assert_eq!((pg.sort_by.as_deref(), pg.limit, pg.offset), (Some("name"), Some(10000), Some(0)));

    // "If no organization found response will contain empty array".
    mount_error(&server, &expected, 200, json!({ "managedOrganizations": [] })).await;
    let empty = expect_ok(&server, api.mms().list_child_organizations(11).send().await).await;
    assert_eq!(empty.managed_organizations, Some(Vec::new()));

    let body = make_error("Permission denied", "SC403", "The organization is not a Make Managed Services parent.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(api.mms().list_child_organizations(11).send().await, 403, &body);
}

#[tokio::test]
async fn list_child_organizations_consumption_decodes_string_and_number_counters() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/managed-organizations-consumption").params(&["11"]);
    let consumption = json!({
        "managedOrganizationsConsumption": [
            {
                "organizationId": 4321, "centicreditsConsumed": "152300", "centicreditsExtra": "0",
                "operationsConsumed": 1523, "operationsExtra": 0, "transferConsumed": 1048576.5,
                "transferExtra": 0, "lastReset": "2024-05-01T00:00:00.000Z"
            }
        ]
    });
    mount(&server, &expected, 200, consumption).await;
    let api = client(&server);
    let response = expect_ok(&server, api.mms().list_child_organizations_consumption(11).send().await).await;
    verify(&server).await;
    let rows = response.managed_organizations_consumption.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.organization_id, Some(4321));
    assert_eq!(row.centicredits_consumed.as_deref(), Some("152300"));
    assert_eq!(row.operations_consumed, Some(1523.0));
    assert_eq!(row.transfer_consumed, Some(1_048_576.5));
    assert_eq!(row.last_reset.as_deref(), Some("2024-05-01T00:00:00.000Z"));

    let body = make_error("Not found", "SC404", "Organization with the ID 11 does not exist.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.mms().list_child_organizations_consumption(11).send().await, 404, &body);
}

#[tokio::test]
async fn update_child_organization_operations_sends_both_ids_and_the_allocation() {
    let server = server().await;
    let expected = op("PATCH", "/organizations/{organizationId}/managed-organizations/{childOrganizationId}")
        .params(&["11", "4321"])
        .body(json!({ "operations": 30000 }));
    let summary = json!({
        "newParentOperations": 970000, "newChildOperations": 30000, "operationsDiff": 10000, "limitIncreased": true
    });
    mount(&server, &expected, 200, summary).await;
    let api = client(&server);
    let call = || {
        let body = UpdateChildOrganizationOperationsBody {
            operations: Some(30_000),
            ..UpdateChildOrganizationOperationsBody::default()
        };
        api.mms().update_child_organization_operations(11, 4321).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.new_parent_operations, Some(970_000));
    assert_eq!(response.new_child_operations, Some(30_000));
    assert_eq!(response.operations_diff, Some(10_000));
    assert_eq!(response.limit_increased, Some(true));

    let body =
        make_error("Invalid input parameters", "IM005", "Not enough operations left in the parent organization.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}
