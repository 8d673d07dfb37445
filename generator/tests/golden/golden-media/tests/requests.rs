//! Request bodies of the media golden crate against a server on 127.0.0.1: what reaches the
//! server for every body form — multipart parts (names, file names, content types, bytes),
//! bytes, text, form-encoded fields, JSON under several media types, and no body at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use golden_media::FilePart;
use golden_media::resources::ai_agents::context::CreateContextMultipart;
use golden_media::resources::media::UploadFilesMultipart;
use golden_media::types::{
    CommitChangesBody, CreateContextBody, CreateVndBody, DeleteDeviceIncomingsBody, FilesMeta, Mode, SetAppSectionBody,
    SetModuleConsumableBody, SubmitFormBody, VndData,
};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `verb route` with `status` and a JSON body.
async fn mock_server(verb: &str, route: &str, status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(format!("/api/v2{route}")))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn body_json(request: &wiremock::Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn create_context_prefers_json() {
    let server = mock_server("POST", "/ai-agents/v1/contexts", 201, json!(null)).await;
    let body = CreateContextBody { content: Some("Hello".into()), ..CreateContextBody::new("agent-1") };
    client(&server.uri()).ai_agents().context().create_context(7.0, body).send().await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/json"]);
    assert_eq!(body_json(&request), json!({"agentId": "agent-1", "content": "Hello"}));
    assert_eq!(request.url.query(), Some("teamId=7"));
}

#[tokio::test]
async fn create_context_multipart_sends_the_documented_parts() {
    let server = mock_server("POST", "/ai-agents/v1/contexts", 201, json!(null)).await;
    let file = FilePart::new(all_bytes()).file_name("notes.bin").content_type("application/x-notes");
    let form = CreateContextMultipart::new("agent-1").file(file);
    client(&server.uri()).ai_agents().context().create_context_multipart(7.0, form).send().await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(
        multipart_parts(&request),
        [text_part("agentId", "agent-1", None), file_part("file", "notes.bin", "application/x-notes", &all_bytes())]
    );
}

#[tokio::test]
async fn multipart_lists_json_parts_and_documented_defaults() {
    let server = mock_server("POST", "/uploads", 200, json!({"stored": 3})).await;
    let meta = FilesMeta { source: Some("scanner".into()), ..FilesMeta::default() };
    let form = UploadFilesMultipart::new(FilePart::new(&b"\x89PNG"[..]), "Report")
        .count(2)
        .tags(["a", "b c"])
        .mode(Mode::Safe)
        .meta(meta)
        .attachments(vec![FilePart::new("one").file_name("1.txt"), FilePart::new(vec![0u8, 255])]);
    let stored = client(&server.uri()).media().upload_files(form).send().await.unwrap();
    assert_eq!(stored.stored, Some(3));
    let request = single_request(&server).await;
    assert_eq!(
        multipart_parts(&request),
        [
            // Files without a name go under the part's name; the documented `encoding` content
            // type (`image/png` for `file`) applies when the file sets none.
            file_part("attachments", "1.txt", "application/octet-stream", b"one"),
            file_part("attachments", "attachments", "application/octet-stream", &[0, 255]),
            text_part("count", "2", None),
            file_part("file", "file", "image/png", b"\x89PNG"),
            text_part("meta", r#"{"source":"scanner"}"#, Some("application/json")),
            text_part("mode", "safe", None),
            text_part("tags", "a", None),
            text_part("tags", "b c", None),
            text_part("title", "Report", None),
        ]
    );
}

#[tokio::test]
async fn set_app_logo_sends_the_bytes_as_png() {
    let server = mock_server("PUT", "/sdk/apps/my-app/2/icon", 200, json!({"changed": true})).await;
    let changed = client(&server.uri()).sdk_apps().set_app_logo("my-app", 2, all_bytes()).send().await.unwrap();
    assert_eq!(changed.changed, Some(true));
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["image/png"]);
    assert_eq!(request.body, all_bytes());
}

#[tokio::test]
async fn set_app_docs_sends_markdown_and_the_content_type_parameter_is_not_exposed() {
    let server = mock_server("PUT", "/sdk/apps/my-app/v1/readme", 200, json!({"changed": true})).await;
    client(&server.uri())
        .sdk_apps()
        .set_app_docs("my-app", "v1")
        .all(true)
        .body("# Hi\n\nI see *you*. ✓")
        .send()
        .await
        .unwrap();
    let request = single_request(&server).await;
    // The declared `Content-Type` header parameter has no setter; the body's type is sent once.
    assert_eq!(header_values(&request, "content-type"), ["text/markdown"]);
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), "# Hi\n\nI see *you*. ✓");
    assert_eq!(request.url.query(), Some("all=true"));
}

#[tokio::test]
async fn an_empty_content_map_sends_no_body() {
    let server = mock_server("POST", "/sdk/apps/my-app/3/opensource", 200, json!({"changed": true})).await;
    client(&server.uri()).sdk_apps().set_app_opensource("my-app", 3).send().await.unwrap();
    let request = single_request(&server).await;
    assert!(request.body.is_empty());
    assert!(header_values(&request, "content-type").is_empty());

    let server = mock_server("POST", "/sdk/apps/a/1/modules/m/public", 200, json!({"changed": true})).await;
    let visibility = golden_media::types::SdkModuleVisibility::Public;
    client(&server.uri()).sdk_apps().modules().set_module_visibility("a", "1", "m", visibility).send().await.unwrap();
    let request = single_request(&server).await;
    assert!(request.body.is_empty());
    assert!(header_values(&request, "content-type").is_empty());
}

#[tokio::test]
async fn set_app_section_sends_json_or_jsonc() {
    let groups = || vec![SetAppSectionBody::new("Main", vec!["watch_things".to_owned()])];
    for (jsonc, content_type) in [(false, "application/json"), (true, "application/jsonc")] {
        let server = mock_server("PUT", "/sdk/apps/my-app/4/groups", 200, json!({"change": {}})).await;
        let apps = client(&server.uri()).sdk_apps();
        let request = if jsonc {
            apps.set_app_section_jsonc("my-app", 4, groups())
        } else {
            apps.set_app_section("my-app", 4).body(groups())
        };
        request.send().await.unwrap();
        let request = single_request(&server).await;
        assert_eq!(header_values(&request, "content-type"), [content_type]);
        assert_eq!(body_json(&request), json!([{"label": "Main", "modules": ["watch_things"]}]));
    }
}

#[tokio::test]
async fn commit_changes_sends_json_once_whatever_the_declared_content_type_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/sdk/apps/my-app/5/commit"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("true", "text/plain"))
        .mount(&server)
        .await;
    let body = CommitChangesBody { message: Some("tweak".into()), change_ids: Some(vec![1, 2]), ..Default::default() };
    let committed = client(&server.uri()).sdk_apps().commit_changes("my-app", 5).body(body).send().await.unwrap();
    assert!(committed);
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/json"]);
    assert_eq!(header_values(&request, "accept"), ["text/plain"]);
    assert_eq!(body_json(&request), json!({"message": "tweak", "changeIds": [1, 2]}));
}

#[tokio::test]
async fn submit_form_sends_the_fields_form_encoded() {
    let server = mock_server("POST", "/form", 200, json!({"ok": true})).await;
    let body = SubmitFormBody {
        count: Some(3),
        tags: Some(vec!["x".into(), "a&b=c".into()]),
        mode: Some(Mode::Fast),
        note: None,
        ..SubmitFormBody::new("hello world+ü")
    };
    client(&server.uri()).media().submit_form(body).send().await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/x-www-form-urlencoded"]);
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "count=3&mode=fast&name=hello+world%2B%C3%BC&tags=x&tags=a%26b%3Dc"
    );
}

#[tokio::test]
async fn echo_xml_sends_text_with_the_xml_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<b>ok</b>", "text/xml"))
        .mount(&server)
        .await;
    let answer = client(&server.uri()).media().echo_xml("<a>1 &amp; 2</a>").send().await.unwrap();
    assert_eq!(answer, "<b>ok</b>");
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/xml"]);
    assert_eq!(header_values(&request, "accept"), ["text/xml"]);
    assert_eq!(request.body, b"<a>1 &amp; 2</a>");
}

#[tokio::test]
async fn create_vnd_sends_and_reads_a_json_subtype() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/vnd"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(r#"{"created":true}"#, "application/vnd.api+json"))
        .mount(&server)
        .await;
    let body =
        CreateVndBody { data: Some(VndData { id: Some("x1".into()), ..Default::default() }), ..Default::default() };
    let created = client(&server.uri()).media().create_vnd(body).send().await.unwrap();
    assert_eq!(created.created, Some(true));
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/vnd.api+json"]);
    assert_eq!(body_json(&request), json!({"data": {"id": "x1"}}));
}

#[tokio::test]
async fn an_optional_text_body_is_sent_only_when_set() {
    for body in [Some("remember"), None] {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/api/v2/notes"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let request = client(&server.uri()).media().put_note();
        let request = match body {
            Some(text) => request.body(text),
            None => request,
        };
        request.send().await.unwrap();
        let received = single_request(&server).await;
        assert_eq!(received.body, body.unwrap_or_default().as_bytes());
        let content_type: Vec<String> = body.map(|_| "text/plain".to_owned()).into_iter().collect();
        assert_eq!(header_values(&received, "content-type"), content_type);
    }
}

#[tokio::test]
async fn echo_bytes_round_trips_every_byte() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/files"))
        .respond_with(|request: &wiremock::Request| {
            ResponseTemplate::new(200).set_body_raw(request.body.clone(), "application/octet-stream")
        })
        .mount(&server)
        .await;
    let echoed = client(&server.uri()).media().echo_bytes(all_bytes()).send().await.unwrap();
    assert_eq!(echoed.bytes, all_bytes());
    assert_eq!(echoed.content_type.as_deref(), Some("application/octet-stream"));
    let request = single_request(&server).await;
    assert_eq!(header_values(&request, "content-type"), ["application/octet-stream"]);
    assert_eq!(header_values(&request, "accept"), ["application/octet-stream"]);
}

#[tokio::test]
async fn devices_operations_send_their_parameters_and_bodies() {
    let server =
        mock_server("GET", "/devices", 200, json!({"devices": [{"id": 2, "name": "Phone", "scope": ["call"]}]})).await;
    let scope = [golden_media::types::Scope::Call];
    let devices = client(&server.uri()).devices().list_devices(1).scope(scope.to_vec()).send().await.unwrap();
    assert_eq!(devices.devices.unwrap()[0].name.as_deref(), Some("Phone"));
    assert_eq!(single_request(&server).await.url.query(), Some("teamId=1&scope[]=call"));

    let server = mock_server("GET", "/devices/2", 200, json!({"device": {"id": 2}})).await;
    let device = client(&server.uri()).devices().get_device(2).inspector(1).send().await.unwrap();
    assert_eq!(device.device.unwrap().id, Some(2));

    let server = mock_server("DELETE", "/devices/2", 200, json!({"device": 2})).await;
    let deleted = client(&server.uri()).devices().delete_device("2").confirmed(true).send().await.unwrap();
    assert_eq!(deleted.device, Some(2));

    let server = mock_server("DELETE", "/devices/2/incomings", 200, json!({"incomings": ["a1"]})).await;
    let body = DeleteDeviceIncomingsBody { all: Some(true), ..Default::default() };
    let deleted =
        client(&server.uri()).devices().incomings().delete_device_incomings("2").body(body).send().await.unwrap();
    assert_eq!(deleted.incomings, Some(vec!["a1".to_owned()]));
    let request = single_request(&server).await;
    assert_eq!(body_json(&request), json!({"all": true}));
    assert_eq!(header_values(&request, "content-type"), ["application/json"]);
}

#[tokio::test]
async fn module_operations_reach_their_paths() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/sdk/apps/a/1/modules/m/api"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"url": "/api/users", "method": "GET"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/sdk/apps/a/1/modules/m/consumable"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "m"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let section = golden_media::types::SdkModuleSection::Api;
    let got = client.sdk_apps().modules().get_module_section("a", "1", "m", section).send().await.unwrap();
    assert_eq!(got.url.as_deref(), Some("/api/users"));
    let body = SetModuleConsumableBody { centicredits_formula: Some("1+1".into()), ..Default::default() };
    let set =
        client.sdk_apps().modules().set_module_consumable("a", "1", "m", "consumable").body(body).send().await.unwrap();
    assert_eq!(set.name.as_deref(), Some("m"));
}

#[tokio::test]
async fn update_agent_sends_json_and_gets_no_content() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/ai-agents/v1/agents/ag-1"))
        .and(query_param("teamId", "3.5"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = golden_media::types::ModifyAgentIdBody { name: Some("Renamed".into()), ..Default::default() };
    let () = client(&server.uri()).ai_agents().modify_agent_by_id("ag-1", 3.5, body).send().await.unwrap();
    assert_eq!(body_json(&single_request(&server).await), json!({"name": "Renamed"}));
}
