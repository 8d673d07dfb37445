//! The relative-server golden crate (its spec's only server is `/open-banking/v3.1/cbpii/`)
//! against a real HTTP server on 127.0.0.1: building a client without a base URL is a
//! configuration error, and requests go to the caller's base URL followed by the server's path.

use golden_relative::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_client_without_a_base_url_is_a_configuration_error() {
    match Client::builder().token("t").build() {
        Err(Error::Config { message }) => assert!(message.contains("ClientBuilder::base_url"), "{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn requests_go_below_the_callers_base_url_and_the_servers_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/open-banking/v3.1/cbpii/accounts/a%2F1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id": "a/1"}"#, "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    // With or without a trailing `/`, the server's path is appended once.
    for base in [server.uri(), format!("{}/", server.uri())] {
        let client = Client::builder().base_url(base).build().expect("client builds");
        assert_eq!(client.base_url(), format!("{}/open-banking/v3.1/cbpii", server.uri()));
        let account = client.accounts().get_account("a/1").send().await.expect("request succeeds");
        assert_eq!(account.id.as_deref(), Some("a/1"));
    }
}
