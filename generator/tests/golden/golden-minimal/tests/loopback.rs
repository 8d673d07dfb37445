//! The minimal golden crate against a real HTTP server on 127.0.0.1: the generated operation
//! sends its request to the configured base URL and decodes the JSON response.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn get_status_decodes_the_servers_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/status"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"up": true}"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        golden_minimal::Client::builder().base_url(format!("{}/v1", server.uri())).build().expect("client builds");
    let status = client.status().get_status().send().await.expect("request succeeds");
    assert_eq!(status.up, Some(true));
}
