//! Runtime tests: the exact request line on the wire — literal brackets in query names,
//! percent-encoded values, path parameters that cannot change the path — and JSON bodies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use make_com_api::Error;
use reqwest::Method;
use runtime_support::{RawServer, Reply, builder, http_response};

fn ok_reply() -> Vec<Reply> {
    vec![Reply::Bytes(http_response("200 OK", "application/json", r#"{"ok":1}"#))]
}

#[tokio::test]
async fn query_names_keep_brackets_and_values_are_encoded() {
    let server = RawServer::start(ok_reply()).await;
    let client = builder(&format!("{}/api/v2", server.url)).build().unwrap();
    client
        .request(Method::GET, "/organizations")
        .query("pg[offset]", 0)
        .query("pg[limit]", 2)
        .query("cols[]", "a")
        .query("cols[]", "b")
        .query("q", "x&y=z #1/ü")
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.request_lines(),
        ["GET /api/v2/organizations?pg[offset]=0&pg[limit]=2&cols[]=a&cols[]=b\
          &q=x%26y%3Dz%20%231%2F%C3%BC HTTP/1.1"]
    );
}

#[tokio::test]
async fn path_parameters_never_change_the_path() {
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("%2F", "%252F"),
        ("with space", "with%20space"),
        ("ünïcødé", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("q?x=1#frag", "q%3Fx%3D1%23frag"),
        ("..", ""),
        (".", ""),
        ("%2e%2E", "%252e%252E"),
    ];
    for (value, encoded) in cases {
        let server = RawServer::start(ok_reply()).await;
        let client = builder(&server.url).build().unwrap();
        let result = client
            .request(Method::GET, "/organizations/{id}/variables/{name}")
            .path_param("id", 7)
            .path_param("name", value)
            .send()
            .await;
        if encoded.is_empty() {
            // `.` and `..` cannot be sent as a segment at all: rejected before any request.
            let error = result.expect_err(value);
            assert!(matches!(error, Error::Config { .. }), "{value}: {error:?}");
            assert!(server.request_lines().is_empty(), "{value} was sent");
        } else {
            result.unwrap();
            assert_eq!(
                server.request_lines(),
                [format!("GET /organizations/7/variables/{encoded} HTTP/1.1")],
                "{value}"
            );
        }
    }
}

#[tokio::test]
async fn malformed_path_templates_are_config_errors() {
    let server = RawServer::start(ok_reply()).await;
    let client = builder(&server.url).build().unwrap();
    let cases = [
        ("missing value", client.request(Method::GET, "/a/{id}")),
        ("unused value", client.request(Method::GET, "/a").path_param("id", 1)),
        ("empty value", client.request(Method::GET, "/a/{id}").path_param("id", "")),
        ("unclosed brace", client.request(Method::GET, "/a/{id").path_param("id", 1)),
        ("no leading slash", client.request(Method::GET, "a/b")),
        ("query in path", client.request(Method::GET, "/a?x=1")),
        ("literal dot-dot", client.request(Method::GET, "/a/../b")),
    ];
    for (name, request) in cases {
        let error = request.send().await.expect_err(name);
        assert!(matches!(error, Error::Config { .. }), "{name}: {error:?}");
    }
    assert!(server.request_lines().is_empty());
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = RawServer::start(ok_reply()).await;
    let client = builder(&server.url).build().unwrap();
    #[derive(serde::Serialize)]
    struct NewOrg<'a> {
        name: &'a str,
        #[serde(rename = "regionId")]
        region_id: u32,
    }
    let value: serde_json::Value = client
        .request(Method::POST, "/organizations")
        .json(&NewOrg { name: "Acme", region_id: 1 })
        .send_json()
        .await
        .unwrap();
    assert_eq!(value, serde_json::json!({"ok": 1}));
    let heads = server.heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    let head = heads[0].to_ascii_lowercase();
    assert!(head.starts_with("post /organizations http/1.1"), "{head}");
    assert!(head.contains("\r\ncontent-type: application/json"), "{head}");
    assert!(head.contains("\r\naccept: application/json"), "{head}");
    let body = r#"{"name":"Acme","regionId":1}"#;
    assert!(head.contains(&format!("\r\ncontent-length: {}", body.len())), "{head}");
    assert!(heads[0].ends_with(&format!("\r\n\r\n{body}")), "{}", heads[0]);
}

#[tokio::test]
async fn unserializable_body_is_an_encode_error_and_nothing_is_sent() {
    let server = RawServer::start(ok_reply()).await;
    let client = builder(&server.url).build().unwrap();
    let mut map = std::collections::BTreeMap::new();
    map.insert(vec![1u8], 1);
    let error = client.request(Method::POST, "/x").json(&map).send().await.unwrap_err();
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert!(server.request_lines().is_empty());
}
