//! Success responses of the media golden crate against a server on 127.0.0.1: text, values in
//! text, binary bodies with their content type, documented response headers, redirects, an
//! operation without documented responses, and bodies the types ignore.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use golden_media::Error;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `GET route` with `response`.
async fn get_server(route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(format!("/api/v2{route}"))).respond_with(response).mount(&server).await;
    server
}

#[tokio::test]
async fn ping_returns_its_text() {
    let server = get_server("/ping", ResponseTemplate::new(200).set_body_raw("pong ✓\n", "text/plain")).await;
    let text = client(&server.uri()).media().ping().send().await.unwrap();
    assert_eq!(text, "pong ✓\n");
    assert_eq!(header_values(&single_request(&server).await, "accept"), ["text/plain"]);
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error() {
    let server =
        get_server("/ping", ResponseTemplate::new(200).set_body_raw(vec![b'o', 0xff, b'k'], "text/plain")).await;
    let error = client(&server.uri()).media().ping().send().await.unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
}

#[tokio::test]
async fn get_app_docs_returns_the_markdown() {
    let server = get_server(
        "/sdk/apps/my-app/1/readme",
        ResponseTemplate::new(200).set_body_raw("# Hey There", "text/markdown"),
    )
    .await;
    let docs = client(&server.uri()).sdk_apps().get_app_docs("my-app", 1).send().await.unwrap();
    assert_eq!(docs, "# Hey There");
    assert_eq!(header_values(&single_request(&server).await, "accept"), ["text/markdown"]);
}

#[tokio::test]
async fn text_values_parse_or_fail_to_decode() {
    let server = get_server("/count", ResponseTemplate::new(200).set_body_raw(" 42\n", "text/plain")).await;
    assert_eq!(client(&server.uri()).media().count_things().send().await.unwrap(), 42);

    let server = get_server("/count", ResponseTemplate::new(200).set_body_raw("forty-two", "text/plain")).await;
    let error = client(&server.uri()).media().count_things().send().await.unwrap_err();
    let Error::Decode { status, body, .. } = error else { panic!("{error:?}") };
    assert_eq!((status, body.as_str()), (200, "forty-two"));

    for (text, expected) in [("true", Some(true)), ("false\n", Some(false)), ("yes", None)] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v2/sdk/apps/a/1/commit"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(text, "text/plain"))
            .mount(&server)
            .await;
        let result = client(&server.uri()).sdk_apps().commit_changes("a", 1).send().await;
        match expected {
            Some(value) => assert_eq!(result.unwrap(), value, "{text:?}"),
            None => assert!(matches!(result, Err(Error::Decode { .. })), "{text:?}: {result:?}"),
        }
    }
}

#[tokio::test]
async fn get_app_logo_returns_the_bytes_and_content_type() {
    let server =
        get_server("/sdk/apps/my-app/2/icon/512", ResponseTemplate::new(200).set_body_raw(all_bytes(), "image/png"))
            .await;
    let logo = client(&server.uri()).sdk_apps().get_app_logo("my-app", 2, 512).send().await.unwrap();
    assert_eq!(logo.bytes, all_bytes());
    assert_eq!(logo.content_type.as_deref(), Some("image/png"));
    assert_eq!(header_values(&single_request(&server).await, "accept"), ["image/png"]);
}

fn package_response() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(r#"{"size": 12}"#, "application/json")
        .insert_header("x-imt-package-name", "my-package")
        .insert_header("x-imt-package-version", "1.2.3")
        .insert_header("x-rate-remaining", "41")
        .insert_header("x-flags", "beta, fast")
}

#[tokio::test]
async fn documented_response_headers_are_typed() {
    let server = get_server("/packages/my-package", package_response()).await;
    let (package, headers) = client(&server.uri()).media().get_package("my-package").send_with_headers().await.unwrap();
    assert_eq!(package.size, Some(12));
    assert_eq!(headers.x_imt_package_name.as_deref(), Some("my-package"));
    assert_eq!(headers.x_imt_package_version.as_deref(), Some("1.2.3"));
    assert_eq!(headers.x_rate_remaining, Some(41));
    assert_eq!(headers.x_flags, Some(vec!["beta".to_owned(), "fast".to_owned()]));

    // `send` stays the body alone.
    let package = client(&server.uri()).media().get_package("my-package").send().await.unwrap();
    assert_eq!(package.size, Some(12));
}

#[tokio::test]
async fn absent_headers_are_none_and_bad_values_a_decode_error() {
    let server = get_server("/packages/p", ResponseTemplate::new(200).set_body_raw("{}", "application/json")).await;
    let (_, headers) = client(&server.uri()).media().get_package("p").send_with_headers().await.unwrap();
    assert_eq!((headers.x_imt_package_name, headers.x_rate_remaining), (None, None));

    let server = get_server("/packages/p", package_response().insert_header("x-rate-remaining", "lots")).await;
    let error = client(&server.uri()).media().get_package("p").send_with_headers().await.unwrap_err();
    let Error::Decode { status, body, source } = error else { panic!("{error:?}") };
    assert_eq!((status, body.as_str()), (200, "lots"));
    assert!(source.to_string().contains("x-rate-remaining"), "{source}");
}

#[tokio::test]
async fn a_documented_redirect_is_followed_and_not_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/download"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/files/report.csv"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/report.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
        .mount(&server)
        .await;
    let response = client(&server.uri()).media().download_report().send().await.unwrap();
    assert_eq!((response.status, response.text()), (200, "a,b\n1,2\n".to_owned()));
}

#[tokio::test]
async fn a_documented_redirect_the_client_cannot_follow_is_returned() {
    // No `Location`: nothing to follow, so the documented 302 itself is the answer.
    let server = get_server("/download", ResponseTemplate::new(302).insert_header("x-reason", "later")).await;
    let (response, headers) = client(&server.uri()).media().download_report().send_with_headers().await.unwrap();
    assert_eq!(response.status, 302);
    assert_eq!(response.headers["x-reason"], "later");
    assert_eq!(headers.location, None);

    let server =
        get_server("/download", ResponseTemplate::new(404).set_body_raw(r#"{"message":"gone"}"#, "application/json"))
            .await;
    let error = client(&server.uri()).media().download_report().send().await.unwrap_err();
    assert_eq!(error.api().map(|api| (api.status, api.message.clone())), Some((404, Some("gone".to_owned()))));
}

/// The operation is `x-internal`: generated (the pipeline ran with internal operations on)
/// behind the crate's `internal` feature.
#[cfg(feature = "internal")]
#[tokio::test]
async fn an_operation_without_documented_responses_returns_the_raw_response() {
    let server = get_server(
        "/consumptions/reports/11/22",
        ResponseTemplate::new(200).set_body_raw(r#"{"reports":[]}"#, "application/json"),
    )
    .await;
    let raw = client(&server.uri()).consumption().get_consumption_list("11", "22").send().await.unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.value().unwrap(), serde_json::json!({"reports": []}));

    let server = get_server("/consumptions/reports/11/22", ResponseTemplate::new(500)).await;
    let error = client(&server.uri()).consumption().get_consumption_list("11", "22").send().await.unwrap_err();
    assert_eq!(error.status(), Some(500));
}

#[tokio::test]
async fn bodies_the_spec_does_not_document_are_ignored() {
    // `content: {}` on the success response: `send` returns `()` whatever the server sends.
    let server =
        get_server("/ai-agents/v1/contexts", ResponseTemplate::new(200).set_body_raw("[1,2]", "application/json"))
            .await;
    client(&server.uri()).ai_agents().context().list_context("agent-1", 1.0).send().await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("agentId=agent-1&teamId=1"));
}
