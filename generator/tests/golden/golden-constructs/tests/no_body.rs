//! The constructs golden crate against a real HTTP server on 127.0.0.1: an operation whose
//! success response documents no body (`GET /ping`) sends its request once, accepts any 2xx
//! whatever its body, and still turns a non-2xx status into `Error::Api`.

use golden_constructs::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_bodiless_operation_sends_once_and_ignores_what_the_server_returns() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("pong, not JSON", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let () = client.mms().ping().send().await.expect("any 2xx is success");
    server.verify().await;
}

#[tokio::test]
async fn a_bodiless_operation_reports_an_error_status_as_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/ping"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(r#"{"message": "gone", "code": "IM404"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    match client.mms().ping().send().await {
        Err(Error::Api(error)) => assert_eq!((error.status, error.code.as_deref()), (404, Some("IM404"))),
        other => panic!("expected an API error, got {other:?}"),
    }
}
