//! Operations tagged `Organizations` (`client.organizations()`): organizations, invitations,
//! custom apps, permissions, feature controls, TFA enforcement and usage, against a real HTTP
//! server on 127.0.0.1. Billing and variables live in the sibling `operations_organizations_*`
//! files. Also: the page stream, forward-compatible decoding, documented error bodies, OAuth.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ops_support;

use futures_util::TryStreamExt;
use make_com_api::types::{
    AcceptInvitationBody, CreateOrganizationBody, InviteUserBody, SetTfaEnforcementBody, SortDir,
    UpdateOrganizationBody, UpdateOrganizationFeatureControlsBody,
};
use make_com_api::{DocumentedError, Error};
use ops_support::{client, expect_api_error, expect_ok, make_error, mount, mount_error, op, server, verify};
use serde_json::{Number, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

/// An organization as Make returns it from `GET /organizations/{organizationId}`.
fn organization_json() -> serde_json::Value {
    json!({
        "id": 11, "name": "Acme Automation", "serviceName": "default",
        "nextReset": "2024-07-01T00:00:00.000Z", "lastReset": "2024-06-01T00:00:00.000Z",
        "isPaused": false, "countryId": 58, "timezoneId": 113, "deleted": false,
        "license": { "apiLimit": 60, "operations": 10000, "customVariables": true, "restartPeriod": "1 month" },
        "zone": "eu1.make.com",
        "teams": [{ "id": 15, "name": "My Team" }, { "id": 16, "name": "Marketing" }],
        "productName": "Core", "ssoType": null, "scenarios": 12, "activeScenarios": 4, "tfaEnforced": false,
        "featureControls": [{ "name": "Make AI Tools", "enabled": true }]
    })
}

/// A user as Make returns it inside invitation responses.
fn user_json() -> serde_json::Value {
    json!({
        "id": 5243, "name": "Jane Doe", "email": "jane.doe@acme.example", "language": "en",
        "timezoneId": 113, "localeId": 1, "countryId": 58, "features": { "allow_apps": true },
        "avatar": "https://secure.gravatar.com/avatar/8a1b2c3d", "lastLogin": "2024-06-12T08:15:42.000Z",
        "supportEligible": true, "userTeamIds": null
    })
}

#[tokio::test]
async fn list_user_organizations_sends_filters_and_decodes_organizations() {
    let server = server().await;
    let expected = op("GET", "/organizations").query(
        "zone=eu1.make.com&externalId=TESTORG003&cols[]=id&cols[]=name&cols[]=license\
         &pg[sortBy]=name&pg[offset]=0&pg[sortDir]=asc&pg[limit]=2",
    );
    let mut second = organization_json();
    second["id"] = json!(12);
    second["name"] = json!("Acme Labs");
    let page = json!({
        "organizations": [organization_json(), second],
        "pg": { "last": "Acme Labs", "showLast": false, "sortBy": "name", "sortDir": "asc", "limit": 2, "offset": 0 }
    });
    mount(&server, &expected, 200, page).await;
    let api = client(&server);
    let call = || {
        api.organizations()
            .list_user_organizations()
            .zone("eu1.make.com")
            .external_id("TESTORG003")
            .cols(["id", "name", "license"])
            .sort_by("name")
            .offset(0)
            .sort_dir(SortDir::Asc)
            .limit(2)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    let organizations = response.organizations.unwrap();
    assert_eq!(organizations.iter().map(|o| o.id).collect::<Vec<_>>(), [Some(11), Some(12)]);
    assert_eq!(organizations[1].name.as_deref(), Some("Acme Labs"));
    assert_eq!(organizations[0].license.as_ref().unwrap()["apiLimit"], json!(60));
    let pg = response.pg.unwrap();
    assert_eq!((pg.last.as_deref(), pg.show_last, pg.limit), (Some("Acme Labs"), Some(false), Some(2)));

    let body = make_error("Access denied", "SC401", "Invalid access token.");
    mount_error(&server, &expected, 401, body.clone()).await;
    expect_api_error(call().send().await, 401, &body);
}

#[tokio::test]
async fn list_user_organizations_stream_requests_three_pages() {
    let server = server().await;
    let pages = [(0, vec![1, 2, 3]), (3, vec![4, 5, 6]), (6, vec![7])];
    for (offset, ids) in &pages {
        let query = format!("cols[]=id&cols[]=name&pg[offset]={offset}&pg[sortDir]=desc&pg[limit]=3");
        let items: Vec<_> = ids.iter().map(|id| json!({ "id": id, "name": format!("Org {id}") })).collect();
        let pg = json!({ "sortBy": "name", "sortDir": "desc", "limit": 3, "offset": offset });
        mount(&server, &op("GET", "/organizations").query(&query), 200, json!({ "organizations": items, "pg": pg }))
            .await;
    }
    let stream = client(&server)
        .organizations()
        .list_user_organizations()
        .cols(["id", "name"])
        .sort_dir(SortDir::Desc)
        .limit(3)
        .stream();
    let organizations: Vec<_> = expect_ok(&server, stream.try_collect().await).await;
    verify(&server).await;
    let names: Vec<_> = organizations.iter().map(|o| o.name.clone().unwrap()).collect();
    assert_eq!(names, ["Org 1", "Org 2", "Org 3", "Org 4", "Org 5", "Org 6", "Org 7"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn create_organization_sends_required_fields_and_decodes_the_organization() {
    let server = server().await;
    let expected = op("POST", "/organizations")
        .body(json!({ "name": "Acme Automation", "regionId": 1, "timezoneId": 113, "countryId": 58 }));
    mount(&server, &expected, 200, json!({ "organization": organization_json() })).await;
    let api = client(&server);
    let call =
        || api.organizations().create_organization().body(CreateOrganizationBody::new("Acme Automation", 1, 113, 58));
    let organization = expect_ok(&server, call().send().await).await.organization.unwrap();
    verify(&server).await;
    assert_eq!((organization.id, organization.name.as_deref()), (Some(11), Some("Acme Automation")));
    assert_eq!(organization.next_reset.as_deref(), Some("2024-07-01T00:00:00.000Z"));
    assert_eq!(organization.sso_type, None);

    let body = make_error("Invalid input parameters", "IM005", "Region with the ID 1 is not available.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn accept_invitation_sends_the_hash_and_decodes_user_and_role() {
    let server = server().await;
    let expected =
        op("POST", "/organizations/accept-invitation").body(json!({ "hash": "bf1effe1-bc9d-4ab3-9414-9c3b66175305" }));
    let accepted = json!({
        "user": user_json(),
        "userOrganizationRole": { "userId": 5243, "organizationId": 11, "usersRoleId": 13, "invitation": "accepted" }
    });
    mount(&server, &expected, 200, accepted).await;
    let api = client(&server);
    let call = || {
        api.organizations().accept_invitation().body(AcceptInvitationBody::new("bf1effe1-bc9d-4ab3-9414-9c3b66175305"))
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    let user = response.user.unwrap();
    assert_eq!((user.id, user.email.as_deref()), (Some(5243), Some("jane.doe@acme.example")));
    assert_eq!(user.features.unwrap().allow_apps, Some(true));
    assert_eq!(user.user_team_ids, None);
    let role = response.user_organization_role.unwrap();
    assert_eq!((role.organization_id, role.users_role_id), (Some(11), Some(13)));

    let body = make_error("Not found", "SC404", "Invitation not found or already accepted.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(call().send().await, 404, &body);
}

#[tokio::test]
async fn get_invitation_sends_the_hash_as_query_and_decodes_the_invitation() {
    let server = server().await;
    let expected = op("GET", "/organizations/invitation").query("hash=bf1effe1-bc9d-4ab3-9414-9c3b66175305");
    let invitation = json!({
        "organization": { "id": 11, "name": "Acme Automation" },
        "user": user_json(),
        "userOrganizationRole": { "userId": 5243, "organizationId": 11, "usersRoleId": 13, "invitation": "pending" }
    });
    mount(&server, &expected, 200, invitation).await;
    let api = client(&server);
    let response =
        expect_ok(&server, api.organizations().get_invitation("bf1effe1-bc9d-4ab3-9414-9c3b66175305").send().await)
            .await;
    verify(&server).await;
    let organization = response.organization.unwrap();
    assert_eq!((organization.id, organization.name.as_deref()), (Some(11), Some("Acme Automation")));
    assert_eq!(response.user.unwrap().last_login.as_deref(), Some("2024-06-12T08:15:42.000Z"));
    assert_eq!(response.user_organization_role.unwrap().invitation.as_deref(), Some("pending"));

    let body = make_error("Not found", "SC404", "Invitation not found.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(
        api.organizations().get_invitation("bf1effe1-bc9d-4ab3-9414-9c3b66175305").send().await,
        404,
        &body,
    );
}

#[tokio::test]
async fn get_organization_keeps_undocumented_fields() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}").params(&["11"]).query("wait=true");
    let mut organization = organization_json();
    organization["billingEmail"] = json!("billing@acme.example");
    organization["license"]["scenarioIO"] = json!(true);
    mount(&server, &expected, 200, json!({ "organization": organization, "requestId": "b1c2" })).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().get_organization(11).wait(true).send().await).await;
    verify(&server).await;
    assert_eq!(response.extra.get("requestId"), Some(&json!("b1c2")));
    let organization = response.organization.unwrap();
    assert_eq!(organization.extra.get("billingEmail"), Some(&json!("billing@acme.example")));
    assert_eq!(organization.license.unwrap().get("scenarioIO"), Some(&json!(true)));
    assert_eq!((organization.scenarios, organization.active_scenarios), (Some(12), Some(4)));
    assert_eq!(organization.product_name.as_deref(), Some("Core"));
    let controls = organization.feature_controls.unwrap();
    assert_eq!((controls[0].name.as_deref(), controls[0].enabled), (Some("Make AI Tools"), Some(true)));
    assert_eq!(organization.teams.unwrap()[1].name.as_deref(), Some("Marketing"));

    let body = make_error("Not found", "SC404", "Organization not found.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().get_organization(11).wait(true).send().await, 404, &body);
}

#[tokio::test]
async fn delete_organization_sends_confirmed_and_reports_missing_confirmation() {
    let server = server().await;
    let expected = op("DELETE", "/organizations/{organizationId}").params(&["11"]).query("confirmed=true");
    mount(&server, &expected, 200, json!({ "organization": 11 })).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().delete_organization(11).confirmed(true).send().await).await;
    verify(&server).await;
    assert_eq!(response.organization, Some(11));

    let unconfirmed = op("DELETE", "/organizations/{organizationId}").params(&["11"]);
    let body = make_error("Confirmation required", "IM004", "The organization has active scenarios.");
    mount_error(&server, &unconfirmed, 406, body.clone()).await;
    expect_api_error(api.organizations().delete_organization(11).send().await, 406, &body);
}

#[tokio::test]
async fn update_organization_sends_only_set_fields() {
    let server = server().await;
    let expected = op("PATCH", "/organizations/{organizationId}")
        .params(&["11"])
        .body(json!({ "name": "Acme Automation EU", "timezoneId": 318 }));
    let mut organization = organization_json();
    organization["name"] = json!("Acme Automation EU");
    organization["timezoneId"] = json!(318);
    mount(&server, &expected, 200, json!({ "organization": organization })).await;
    let api = client(&server);
    let call = || {
        let body = UpdateOrganizationBody {
            name: Some("Acme Automation EU".into()),
            timezone_id: Some(318),
            ..UpdateOrganizationBody::default()
        };
        api.organizations().update_organization(11).body(body)
    };
    let organization = expect_ok(&server, call().send().await).await.organization.unwrap();
    verify(&server).await;
    assert_eq!((organization.name.as_deref(), organization.timezone_id), (Some("Acme Automation EU"), Some(318)));

    let body = make_error("Permission denied", "SC403", "Only organization owners and admins can update it.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(call().send().await, 403, &body);
}

#[tokio::test]
async fn list_custom_apps_decodes_installed_apps() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/apps").params(&["11"]);
    let apps = json!({ "installedApps": [{
        "appName": "my-crm-x7k2p9", "appVersion": 1, "organizationId": 11,
        "installedAt": "2024-03-18T10:22:05.000Z", "installedBy": 5243
    }]});
    mount(&server, &expected, 200, apps).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().list_custom_apps(11).send().await).await;
    verify(&server).await;
    let app = &response.installed_apps.unwrap()[0];
    assert_eq!(
        (app.app_name.as_deref(), app.app_version, app.installed_by),
        (Some("my-crm-x7k2p9"), Some(1), Some(5243))
    );
    assert_eq!(app.installed_at.as_deref(), Some("2024-03-18T10:22:05.000Z"));

    let body = make_error("Permission denied", "SC403", "Missing scope organizations:read.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(api.organizations().list_custom_apps(11).send().await, 403, &body);
}

#[tokio::test]
async fn check_team_permission_decodes_the_answer_and_documented_errors() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/check-team-permission")
        .params(&["123"])
        .query("teamPermission=scenario%20add");
    mount(&server, &expected, 200, json!({ "hasPermission": true })).await;
    let api = client(&server);
    let call = || api.organizations().check_team_permission(123, "scenario add");
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.has_permission, Some(true));

    for (status, code, message) in [
        (400, "IM005", "Invalid team permission"),
        (401, "SC401", "Access denied"),
        (403, "SC403", "Permission denied"),
    ] {
        let body = json!({ "message": message, "code": code });
        mount_error(&server, &expected, status, body.clone()).await;
        let error = expect_api_error(call().send().await, status, &body);
        let Some(DocumentedError::ErrorMessage(documented)) = error.documented else {
            panic!("status {status} is documented, got {:?}", error.documented);
        };
        assert_eq!((documented.message.as_deref(), documented.code.as_deref()), (Some(message), Some(code)));
    }
    let body = make_error("Not found", "SC404", "Organization not found.");
    mount_error(&server, &expected, 404, body.clone()).await;
    assert!(expect_api_error(call().send().await, 404, &body).documented.is_none());
}

#[tokio::test]
async fn list_organization_feature_controls_sends_name_and_columns() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/feature-controls")
        .params(&["11"])
        .query("featureControlName=Make%20AI%20Tools&cols[]=id&cols[]=name&cols[]=enabled");
    let controls = json!({
        "enableAllControlFeatures": false,
        "featureControls": [{
            "id": 3, "name": "Make AI Tools", "label": { "en": "Make AI Tools" },
            "description": { "en": "Allows AI modules in scenarios." }, "tags": ["ai", "beta"],
            "warning_message": { "en": "Disabling stops running AI scenarios." }, "enabled": true
        }]
    });
    mount(&server, &expected, 200, controls).await;
    let api = client(&server);
    let call = || {
        api.organizations()
            .list_organization_feature_controls(11)
            .feature_control_name("Make AI Tools")
            .cols(["id", "name", "enabled"])
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.enable_all_control_features, Some(false));
    let control = &response.feature_controls.unwrap()[0];
    assert_eq!((control.id, control.name.as_deref(), control.enabled), (Some(3), Some("Make AI Tools"), Some(true)));
    assert_eq!(control.label.as_ref().unwrap().get("en"), Some(&json!("Make AI Tools")));
    assert_eq!(control.tags.as_deref(), Some(&["ai".to_owned(), "beta".to_owned()][..]));
    assert!(control.warning_message.is_some());

    let body = make_error("Permission denied", "SC403", "Missing scope organization:read.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(call().send().await, 403, &body);
}

#[tokio::test]
async fn update_organization_feature_controls_sends_the_toggle() {
    let server = server().await;
    let expected = op("PATCH", "/organizations/{organizationId}/feature-controls")
        .params(&["11"])
        .body(json!({ "id": 3, "enabled": false }));
    mount(&server, &expected, 200, json!({ "featureControls": { "id": 3, "enabled": false } })).await;
    let api = client(&server);
    let call = || {
        let body = UpdateOrganizationFeatureControlsBody { id: Some(3), enabled: Some(false), ..Default::default() };
        api.organizations().update_organization_feature_controls(11).body(body)
    };
    let control = expect_ok(&server, call().send().await).await.feature_controls.unwrap();
    verify(&server).await;
    assert_eq!((control.id, control.enabled), (Some(3), Some(false)));

    let body = make_error("Not found", "SC404", "Feature control with the ID 3 does not exist.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(call().send().await, 404, &body);
}

#[tokio::test]
async fn invite_user_sends_the_invitation() {
    let server = server().await;
    let expected = op("POST", "/organizations/{organizationId}/invite").params(&["11"]).body(json!({
        "usersRoleId": 13, "email": "jane.doe@acme.example", "name": "Jane Doe",
        "note": "Welcome to the automation team!", "teamsId": [15, 16]
    }));
    let invited = json!({
        "user": user_json(),
        "userOrganizationRole": { "userId": 5243, "organizationId": 11, "usersRoleId": 13, "invitation": "pending" }
    });
    mount(&server, &expected, 200, invited).await;
    let api = client(&server);
    let call = || {
        let mut body = InviteUserBody::new("jane.doe@acme.example", "Jane Doe");
        body.users_role_id = Some(13);
        body.note = Some("Welcome to the automation team!".into());
        body.teams_id = Some(vec![15, 16]);
        api.organizations().invite_user(11).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.user.unwrap().name.as_deref(), Some("Jane Doe"));
    assert_eq!(response.user_organization_role.unwrap().invitation.as_deref(), Some("pending"));

    let body = make_error("Invalid input parameters", "IM005", "The user is already a member of the organization.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn set_tfa_enforcement_decodes_the_answer_and_documented_errors() {
    let server = server().await;
    let expected =
        op("PATCH", "/organizations/{organizationId}/tfa-enforcement").params(&["11"]).body(json!({ "enable": true }));
    mount(&server, &expected, 200, json!({ "organization": { "tfaEnforced": true } })).await;
    let api = client(&server);
    let call = || api.organizations().set_tfa_enforcement(11, SetTfaEnforcementBody::new(true));
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.organization.unwrap().tfa_enforced, Some(true));

    for (status, code, message) in [
        (400, "IM005", "Invalid input parameters"),
        (402, "SC402", "Your plan does not support TFA enforcement"),
        (403, "SC403", "Permission denied"),
    ] {
        let body = json!({ "message": message, "code": code });
        mount_error(&server, &expected, status, body.clone()).await;
        let error = expect_api_error(call().send().await, status, &body);
        let Some(DocumentedError::ErrorMessage(documented)) = error.documented else {
            panic!("status {status} is documented, got {:?}", error.documented);
        };
        assert_eq!((documented.message.as_deref(), documented.code.as_deref()), (Some(message), Some(code)));
    }
    // 401 is not documented for this operation: the error stays untyped.
    let body = json!({ "message": "Access denied", "code": "SC401" });
    mount_error(&server, &expected, 401, body.clone()).await;
    assert!(expect_api_error(call().send().await, 401, &body).documented.is_none());
}

#[tokio::test]
async fn get_organization_usage_decodes_daily_usage_with_64_bit_centicredits() {
    let server = server().await;
    let expected =
        op("GET", "/organizations/{organizationId}/usage").params(&["11"]).query("organizationTimezone=true");
    let usage = json!({ "data": [
        { "date": "2024-06-11", "operations": 1520, "dataTransfer": 5242880, "centicredits": 152000 },
        { "date": "2024-06-12", "operations": 0, "dataTransfer": 0, "centicredits": 9007199254740993u64 }
    ]});
    mount(&server, &expected, 200, usage).await;
    let api = client(&server);
    let response =
        expect_ok(&server, api.organizations().get_organization_usage(11).organization_timezone(true).send().await)
            .await;
    verify(&server).await;
    let days = response.data.unwrap();
    assert_eq!(
        (days[0].date.as_deref(), days[0].operations, days[0].data_transfer),
        (Some("2024-06-11"), Some(1520), Some(5_242_880))
    );
    assert_eq!(days[1].centicredits, Some(Number::from(9_007_199_254_740_993_u64)));

    let body = make_error("Not found", "SC404", "Organization not found.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(
        api.organizations().get_organization_usage(11).organization_timezone(true).send().await,
        404,
        &body,
    );
}

#[tokio::test]
async fn oauth_access_tokens_are_sent_as_bearer() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/organizations/11"))
        .and(header("authorization", "Bearer oauth-access-7c1e"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "organization": organization_json() })))
        .expect(1)
        .mount(&server)
        .await;
    let api = make_com_api::Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .oauth_token("oauth-access-7c1e")
        .build()
        .unwrap();
    let response = expect_ok(&server, api.organizations().get_organization(11).send().await).await;
    verify(&server).await;
    assert_eq!(response.organization.unwrap().id, Some(11));
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error_with_the_body() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}").params(&["11"]);
    mount(&server, &expected, 200, json!({ "organization": { "id": "eleven" } })).await;
    let result = client(&server).organizations().get_organization(11).send().await;
    verify(&server).await;
    match result {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["organization"]["id"], "eleven");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}
