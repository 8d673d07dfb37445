//! The internal operations of the golden-internal crate against a real HTTP server on
//! 127.0.0.1: with the `internal` feature they are ordinary operations.
#![cfg(feature = "internal")]

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_internal_operation_sends_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/devices/7"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"device": {"id": 7, "name": "Phone"}}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/devices/7"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        golden_internal::Client::builder().base_url(format!("{}/api/v2", server.uri())).build().expect("client builds");
    let response = client.devices().get_device(7).send().await.expect("request succeeds");
    let device = response.device.expect("device present");
    assert_eq!((device.id, device.name.as_deref()), (Some(7), Some("Phone")));
    client.devices().delete_device(7).send().await.expect("private operation succeeds");
}
