//! Runtime tests: request bodies of the raw escape hatch against wiremock servers on 127.0.0.1 —
//! text, bytes, form-encoded and multipart bodies arrive with their content type, a request
//! header may override it (never for multipart, whose type carries the boundary), and a
//! retried multipart request sends the same parts again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use make_com_api::{FilePart, Multipart, RawRequest};
use reqwest::Method;
use runtime_support::builder;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The body and `Content-Type` values of every request `server` got.
async fn received(server: &MockServer) -> Vec<(Vec<u8>, Vec<String>)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .into_iter()
        .map(|r| {
            let types = r.headers.get_all("content-type").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
            (r.body, types)
        })
        .collect()
}

/// Sends `PUT /x` with what `with_body` sets to a server answering 204; what the server got.
async fn put(with_body: impl FnOnce(RawRequest) -> RawRequest) -> Vec<(Vec<u8>, Vec<String>)> {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = builder(&server.uri()).build().unwrap();
    with_body(client.request(Method::PUT, "/x")).send().await.unwrap();
    received(&server).await
}

fn one(body: &[u8], content_type: &str) -> Vec<(Vec<u8>, Vec<String>)> {
    vec![(body.to_vec(), vec![content_type.to_owned()])]
}

#[tokio::test]
async fn text_bytes_and_form_bodies_carry_their_content_type() {
    let bytes: Vec<u8> = (0..=255u8).collect();
    assert_eq!(put(|r| r.text("text/csv", "a,b\n1,2")).await, one(b"a,b\n1,2", "text/csv"));
    assert_eq!(put(|r| r.bytes("image/png", bytes.clone())).await, one(&bytes, "image/png"));
    let form = json!({"name": "x y+z", "n": 1, "list": ["p", "q"], "none": null, "obj": {"k": 1}});
    assert_eq!(
        put(|r| r.form(&form)).await,
        one(b"list=p&list=q&n=1&name=x+y%2Bz&obj=%7B%22k%22%3A1%7D", "application/x-www-form-urlencoded")
    );
    assert_eq!(put(|r| r.form(&[("b", "2"), ("a", "1")])).await, one(b"b=2&a=1", "application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn a_content_type_header_overrides_a_body_type_but_not_multipart() {
    let got = put(|r| r.text("text/csv", "a").header("Content-Type", "text/csv; charset=utf-8")).await;
    assert_eq!(got, one(b"a", "text/csv; charset=utf-8"));

    let got = put(|r| r.multipart(Multipart::new().text("a", "1")).header("Content-Type", "text/plain")).await;
    let types = &got[0].1;
    assert_eq!(types.len(), 1, "{types:?}");
    assert!(types[0].starts_with("multipart/form-data; boundary="), "{types:?}");
}

#[tokio::test]
async fn a_retried_multipart_request_sends_the_same_parts() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = builder(&server.uri()).build().unwrap();
    let file = FilePart::new(vec![0u8, 1, 254, 255]).file_name("r.bin").content_type("application/x-r");
    assert_eq!(file.bytes().as_ref(), [0u8, 1, 254, 255]);
    let empty = Multipart::new();
    assert_eq!((empty.len(), empty.is_empty()), (0, true));
    let form = empty.text("title", "Report ✓").file("file", file);
    assert_eq!((form.len(), form.is_empty()), (2, false));
    client.request(Method::PUT, "/x").multipart(form).send().await.unwrap();
    let got = received(&server).await;
    assert_eq!(got.len(), 2, "one retry");
    let bodies: Vec<String> = got
        .iter()
        .map(|(body, types)| {
            // Boundaries differ per attempt; the parts must not.
            let boundary = types[0].strip_prefix("multipart/form-data; boundary=").unwrap();
            String::from_utf8_lossy(body).replace(boundary, "BOUNDARY")
        })
        .collect();
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0].contains("name=\"title\"\r\n\r\nReport ✓\r\n"), "{}", bodies[0]);
    assert!(
        bodies[0].contains("name=\"file\"; filename=\"r.bin\"\r\nContent-Type: application/x-r\r\n\r\n"),
        "{}",
        bodies[0]
    );
    assert!(got[0].0.windows(4).any(|w| w == [0u8, 1, 254, 255]));
}

#[tokio::test]
async fn an_invalid_content_type_is_a_config_error_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server.uri()).build().unwrap();
    let error = client.request(Method::PUT, "/x").text("text/plain\n", "a").send().await.unwrap_err();
    assert!(matches!(error, make_com_api::Error::Config { .. }), "{error:?}");
    let form = Multipart::new().file("f", FilePart::new("x").content_type("not a type"));
    let error = client.request(Method::PUT, "/x").multipart(form).send().await.unwrap_err();
    assert!(matches!(error, make_com_api::Error::Config { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
