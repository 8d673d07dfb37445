//! Operations tagged `Admin > Organizations` (`client.admin().organizations()`) against a real
//! HTTP server on 127.0.0.1: exact request on the wire, decoding of the docs' response examples
//! (specs/pages/admin-organizations.rendered.txt), Make error responses and the page stream.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ops_support;

use futures_util::TryStreamExt;
use make_com_api::types::{
    AdminCreateOrganizationBody, AdminLicense, AdminUpdateOrganizationBody, Priority, ProductManagement, RestartPeriod,
    Retention,
};
use ops_support::{client, expect_api_error, expect_ok, make_error, mount, mount_error, op, server, verify};
use serde_json::{Number, json};

/// The 200 example of `GET /admin/organizations` from the docs.
fn list_example() -> serde_json::Value {
    json!({
      "organizations": [
        {
          "id": 7, "name": "API example", "timezoneId": 318, "countryId": 202,
          "license": {
            "dslimit": 40, "executionTime": 45, "fslimit": 1048576000, "iolimit": 10000, "dsslimit": 524288000,
            "interval": 1, "transfer": 1099511627776u64, "operations": 800000000, "gracePeriod": 0,
            "customVariables": true, "productManagement": "salesforce", "scenarioInputs": true,
            "restartPeriod": "1 month"
          },
          "serviceName": "default",
          "teams": [{ "id": 6, "name": "My Team", "externalId": null }],
          "isPaused": false, "zone": "white.label.example.com", "externalId": null,
          "scenarios": 2, "activeScenarios": 0, "deleted": false
        },
        {
          "id": 5, "name": "new org", "timezoneId": 113, "countryId": 1,
          "license": {
            "dslimit": 40, "fslimit": 2147483648u64, "iolimit": 10000, "apiLimit": 2000, "dsslimit": 524288000,
            "fulltext": true, "interval": 1, "transfer": 1099511627776u64, "operations": 800000000,
            "scenarioIO": true, "executionTime": 45, "restartPeriod": "1 month", "customVariables": true,
            "creatingTemplates": true, "installPublicApps": true, "gracePeriod": 0, "productManagement": "salesforce"
          },
          "serviceName": "default",
          "teams": [{ "id": 4, "name": "My Team", "externalId": null }],
          "isPaused": false, "zone": "white.label.example.com", "externalId": null,
          "scenarios": 0, "activeScenarios": 0, "deleted": true
        }
      ],
      "pg": { "sortBy": "id", "limit": 10000, "sortDir": "desc", "offset": 0 }
    })
}

#[tokio::test]
async fn list_organizations_sends_filters_and_decodes_the_docs_example() {
    let server = server().await;
    let expected = op("GET", "/admin/organizations").query(
        "id=5&name=new%20org&externalId=TESTORG003&cols[]=id&cols[]=name&cols[]=license\
         &pg[sortBy]=id&pg[offset]=0&pg[sortDir]=desc&pg[limit]=10000",
    );
    mount(&server, &expected, 200, list_example()).await;
    let api = client(&server);
    let call = || {
        api.admin()
            .organizations()
            .list_organizations()
            .id(5)
            .name("new org")
            .external_id("TESTORG003")
            .cols(["id", "name", "license"])
            .sort_by("id")
            .offset(0)
            .sort_dir("desc")
            .limit(10000)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;

    let organizations = response.organizations.unwrap();
    assert_eq!(organizations.len(), 2);
    let first = &organizations[0];
    assert_eq!(first.id, Some(7));
    assert_eq!(first.name.as_deref(), Some("API example"));
    assert_eq!(first.timezone_id, Some(318));
    assert_eq!(first.zone.as_deref(), Some("white.label.example.com"));
    assert_eq!(first.external_id, None);
    let license = first.license.as_ref().unwrap();
    assert_eq!(license.transfer, Some(Number::from(1_099_511_627_776_u64)));
    assert_eq!(license.restart_period.as_deref(), Some("1 month"));
    assert_eq!(license.scenario_inputs, Some(true));
    assert_eq!(license.product_management.as_deref(), Some("salesforce"));
    let team = &first.teams.as_ref().unwrap()[0];
    assert_eq!((team.id, team.name.as_deref()), (Some(6), Some("My Team")));
    let second = &organizations[1];
    assert_eq!(second.deleted, Some(true));
    let second_license = second.license.as_ref().unwrap();
    assert_eq!(second_license.fslimit, Some(Number::from(2_147_483_648_u64)));
    assert_eq!(second_license.api_limit, Some(2000));
    assert_eq!(second_license.scenario_io, Some(true));
    let pg = response.pg.unwrap();
    assert_eq!(
        (pg.sort_by.as_deref(), pg.limit, pg.sort_dir.as_deref(), pg.offset),
        (Some("id"), Some(10000), Some("desc"), Some(0))
    );

    let body = make_error("Permission denied", "SC403", "Only White Label administrators can list organizations.");
    mount_error(&server, &expected, 403, body.clone()).await;
    let error = expect_api_error(call().send().await, 403, &body);
    assert!(error.documented.is_none());
}

#[tokio::test]
async fn list_organizations_stream_pages_until_a_short_page() {
    let server = server().await;
    let organization = |id: i64| json!({ "id": id, "name": format!("Org {id}"), "zone": "white.label.example.com" });
    let pages = [("0", vec![1, 2]), ("2", vec![3, 4]), ("4", vec![5])];
    for (offset, ids) in &pages {
        let expected =
            op("GET", "/admin/organizations").query(&format!("pg[sortBy]=id&pg[offset]={offset}&pg[limit]=2"));
        let items: Vec<_> = ids.iter().map(|id| organization(*id)).collect();
        let pg = json!({ "sortBy": "id", "limit": 2, "sortDir": "asc", "offset": offset.parse::<i64>().unwrap() });
        mount(&server, &expected, 200, json!({ "organizations": items, "pg": pg })).await;
    }
    let stream = client(&server).admin().organizations().list_organizations().sort_by("id").limit(2).stream();
    let organizations: Vec<_> = expect_ok(&server, stream.try_collect().await).await;
    verify(&server).await;
    let ids: Vec<_> = organizations.iter().map(|organization| organization.id).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(organizations[4].name.as_deref(), Some("Org 5"));
}

fn full_license() -> AdminLicense {
    let mut license = AdminLicense::new(
        800_000_000,
        Number::from(1_099_511_627_776_u64),
        50,
        Number::from(230_686_720_u64),
        1,
        1_048_576_000,
        10_000,
    );
    license.restart_period = Some(RestartPeriod::N1Month);
    license.priority = Some(Priority::High);
    license.product_management = Some(ProductManagement::Salesforce);
    license.api_limit = Some(2000);
    license.fulltext = Some(true);
    license.custom_variables = Some(true);
    license.retention = Some(Retention::N30);
    license
}

#[tokio::test]
async fn create_organization_sends_the_license_and_decodes_the_docs_example() {
    let server = server().await;
    let expected = op("POST", "/admin/organizations").body(json!({
        "name": "Default organization",
        "timezoneId": 113,
        "countryId": 42,
        "userOrgAdmin": 4,
        "license": {
            "restartPeriod": "1 month", "operations": 800000000, "transfer": 1099511627776u64, "dslimit": 50,
            "dsslimit": 230686720, "interval": 1, "retention": 30, "priority": "high", "apiLimit": 2000,
            "fulltext": true, "customVariables": true, "fslimit": 1048576000, "productManagement": "salesforce",
            "iolimit": 10000
        }
    }));
    let example = json!({
      "organization": {
        "name": "Default organization", "timezoneId": 113, "countryId": 42,
        "license": {
          "dslimit": 50, "fslimit": 1048576000, "iolimit": 10000, "dsslimit": 230686720, "interval": 1,
          "transfer": 104857600, "scenarios": 4, "operations": 800000000, "gracePeriod": 0,
          "customVariables": false, "productManagement": "salesforce"
        },
        "serviceName": "default",
        "teams": [{ "id": null, "name": "My team" }],
        "isPaused": false, "zone": "white.label.zone.com", "externalId": null,
        "scenarios": 0, "activeScenarios": 0, "deleted": false
      },
      "userOrganizationRole": { "userId": 4, "organizationId": 22, "userRoleId": 11, "invitation": null, "ssoPending": false }
    });
    mount(&server, &expected, 200, example).await;
    let api = client(&server);
    let call = || {
        let mut body = AdminCreateOrganizationBody::new("Default organization");
        body.timezone_id = Some(113);
        body.country_id = Some(42);
        body.user_org_admin = Some(4);
        body.license = Some(full_license());
        api.admin().organizations().create_organization().body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;

    let organization = response.organization.unwrap();
    assert_eq!(organization.name.as_deref(), Some("Default organization"));
    assert_eq!(organization.country_id, Some(42));
    assert_eq!(organization.zone.as_deref(), Some("white.label.zone.com"));
    let license = organization.license.unwrap();
    assert_eq!(
        (license.transfer, license.scenarios, license.custom_variables),
        (Some(104_857_600), Some(4), Some(false))
    );
    let team = &organization.teams.unwrap()[0];
    assert_eq!((team.id.clone(), team.name.as_deref()), (None, Some("My team")));
    let role = response.user_organization_role.unwrap();
    assert_eq!((role.user_id, role.organization_id, role.user_role_id), (Some(4), Some(22), Some(11)));
    assert_eq!((role.invitation, role.sso_pending), (None, Some(false)));

    let body = json!({
        "message": "Invalid input parameters",
        "code": "IM005",
        "detail": "License parameter 'interval' must be between 1 and 15.",
        "suberrors": [{ "message": "Invalid value", "code": "IM005", "detail": "license.interval" }]
    });
    mount_error(&server, &expected, 400, body.clone()).await;
    let error = expect_api_error(call().send().await, 400, &body);
    assert_eq!(error.suberrors, [body["suberrors"][0].clone()]);
}

#[tokio::test]
async fn delete_organization_decodes_the_deleted_id() {
    let server = server().await;
    let expected = op("DELETE", "/admin/organizations/{organizationId}").params(&["10"]);
    mount(&server, &expected, 200, json!({ "organization": 10 })).await;
    let api = client(&server);
    let response = expect_ok(&server, api.admin().organizations().delete_organization(10).send().await).await;
    verify(&server).await;
    assert_eq!(response.organization, Some(10));

    let body = make_error("Not found", "SC404", "Organization with the ID 10 does not exist.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.admin().organizations().delete_organization(10).send().await, 404, &body);
}

#[tokio::test]
async fn update_organization_sends_the_docs_body_and_decodes_the_docs_example() {
    let server = server().await;
    let expected = op("PATCH", "/admin/organizations/{organizationId}").params(&["10"]).body(json!({
        "name": "Updated organization",
        "timezoneId": 113,
        "countryId": 1,
        "nextReset": "2023-07-05T12:00:00.000Z",
        "performReset": true,
        "license": {
            "restartPeriod": "1 month", "operations": 100000, "transfer": 105000000, "dslimit": 20,
            "dsslimit": 524288000, "interval": 1, "apiLimit": 2000, "fulltext": true, "installPublicApps": true,
            "creatingTemplates": true, "executionTime": 45, "customVariables": true, "fslimit": 6242880,
            "iolimit": 10000
        }
    }));
    let example = json!({
      "organization": {
        "id": 10, "name": "Updated organization", "timezoneId": 113, "countryId": 1,
        "lastReset": "2023-06-05T12:00:00.000Z", "nextReset": "2023-07-05T12:00:00.000Z",
        "license": {
          "dslimit": 20, "fslimit": 6242880, "iolimit": 10000, "apiLimit": 2000, "dsslimit": 524288000,
          "fulltext": true, "interval": 1, "transfer": 105000000, "operations": 100000, "executionTime": 45,
          "restartPeriod": "1 month", "customVariables": true, "creatingTemplates": true,
          "installPublicApps": true, "gracePeriod": 0, "productManagement": "salesforce"
        },
        "serviceName": "default",
        "teams": [{ "id": 155364, "name": "My team" }],
        "isPaused": false, "zone": "white.label.example.com", "externalId": null,
        "scenarios": 0, "activeScenarios": 0, "deleted": false
      }
    });
    mount(&server, &expected, 200, example).await;
    let api = client(&server);
    let call = || {
        let mut license =
            AdminLicense::new(100_000, Number::from(105_000_000), 20, Number::from(524_288_000), 1, 6_242_880, 10_000);
        license.restart_period = Some(RestartPeriod::N1Month);
        license.api_limit = Some(2000);
        license.fulltext = Some(true);
        license.install_public_apps = Some(true);
        license.creating_templates = Some(true);
        license.execution_time = Some(45);
        license.custom_variables = Some(true);
        let body = AdminUpdateOrganizationBody {
            name: Some("Updated organization".into()),
            timezone_id: Some(113),
            country_id: Some(1),
            next_reset: Some("2023-07-05T12:00:00.000Z".into()),
            perform_reset: Some(true),
            license: Some(license),
            ..AdminUpdateOrganizationBody::default()
        };
        api.admin().organizations().update_organization(10).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;

    let organization = response.organization.unwrap();
    assert_eq!(organization.id, Some(10));
    assert_eq!(organization.last_reset.as_deref(), Some("2023-06-05T12:00:00.000Z"));
    assert_eq!(organization.next_reset.as_deref(), Some("2023-07-05T12:00:00.000Z"));
    let license = organization.license.unwrap();
    assert_eq!(
        (license.operations, license.transfer, license.fslimit),
        (Some(100_000), Some(105_000_000), Some(6_242_880))
    );
    assert_eq!(license.restart_period.as_deref(), Some("1 month"));
    assert_eq!(organization.teams.unwrap()[0].id, Some(155_364));

    let body = make_error("Invalid input parameters", "IM005", "Operations must be at most 800000000.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn undocumented_enum_values_are_sent_verbatim() {
    let server = server().await;
    let mut license = full_license();
    license.restart_period = Some(RestartPeriod::Other("3 months".into()));
    license.priority = Some(Priority::Other("critical".into()));
    license.product_management = Some(ProductManagement::from("stripe"));
    let mut wire = serde_json::to_value(full_license()).unwrap();
    wire["restartPeriod"] = json!("3 months");
    wire["priority"] = json!("critical");
    wire["productManagement"] = json!("stripe");
    let expected =
        op("PATCH", "/admin/organizations/{organizationId}").params(&["10"]).body(json!({ "license": wire }));
    mount(&server, &expected, 200, json!({ "organization": { "id": 10 } })).await;
    let body = AdminUpdateOrganizationBody { license: Some(license), ..AdminUpdateOrganizationBody::default() };
    let response =
        expect_ok(&server, client(&server).admin().organizations().update_organization(10).body(body).send().await)
            .await;
    verify(&server).await;
    assert_eq!(response.organization.unwrap().id, Some(10));
}

#[tokio::test]
async fn undocumented_enum_values_decode_into_the_catch_all_variant() {
    // No response schema of the spec has an enum, so the license objects of a real response are
    // read through the raw escape hatch and decoded into the typed license.
    let server = server().await;
    let expected = op("GET", "/admin/organizations").query("cols[]=license");
    let license = |restart: &str, priority: &str, management: &str| {
        json!({
            "restartPeriod": restart, "priority": priority, "productManagement": management,
            "operations": 800000000, "transfer": 1099511627776u64, "dslimit": 40, "dsslimit": 524288000,
            "interval": 1, "fslimit": 1048576000, "iolimit": 10000
        })
    };
    let organizations = json!({ "organizations": [
        { "license": license("1 month", "low", "salesforce") },
        { "license": license("1 week", "urgent", "hubspot") }
    ]});
    mount(&server, &expected, 200, organizations).await;
    let raw = expect_ok(
        &server,
        client(&server).admin().organizations().list_organizations().cols(["license"]).send_raw().await,
    )
    .await;
    verify(&server).await;
    let value = raw.value().unwrap();
    let decode = |index: usize| -> AdminLicense {
        serde_json::from_value(value["organizations"][index]["license"].clone()).unwrap()
    };
    let known = decode(0);
    assert_eq!(known.restart_period, Some(RestartPeriod::N1Month));
    assert_eq!(known.priority, Some(Priority::Low));
    assert_eq!(known.product_management, Some(ProductManagement::Salesforce));
    let unknown = decode(1);
    assert_eq!(unknown.restart_period, Some(RestartPeriod::Other("1 week".into())));
    assert_eq!(unknown.priority, Some(Priority::Other("urgent".into())));
    assert_eq!(unknown.product_management, Some(ProductManagement::Other("hubspot".into())));
    assert_eq!(unknown.transfer, Number::from(1_099_511_627_776_u64));
}
