//! Runtime tests: `PageStream` pages with `pg[offset]`/`pg[limit]` until a short page, and an
//! error ends the stream.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use futures_util::{StreamExt, TryStreamExt};
use make_com_api::{Error, Method, RetryPolicy}; // `Method` is re-exported: no direct reqwest dependency needed
use runtime_support::{builder, mount_page};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Org {
    id: u32,
}

#[tokio::test]
async fn three_pages_full_full_short() {
    let server = MockServer::start().await;
    mount_page(&server, 0, 2, &[1, 2]).await;
    mount_page(&server, 2, 2, &[3, 4]).await;
    mount_page(&server, 4, 2, &[5]).await;
    let client = builder(&server.uri()).build().unwrap();
    let orgs: Vec<Org> = client
        .request(Method::GET, "/organizations")
        .query("cols[]", "id")
        .query("pg[limit]", 50)
        .paginate("organizations", 2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(orgs.iter().map(|org| org.id).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    server.verify().await;
    let queries: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "cols[]=id&pg[offset]=0&pg[limit]=2",
            "cols[]=id&pg[offset]=2&pg[limit]=2",
            "cols[]=id&pg[offset]=4&pg[limit]=2",
        ]
    );
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, 0, 3, &[1, 2, 3]).await;
    mount_page(&server, 3, 3, &[]).await;
    let client = builder(&server.uri()).build().unwrap();
    let orgs: Vec<Org> =
        client.request(Method::GET, "/organizations").paginate("organizations", 3).try_collect().await.unwrap();
    assert_eq!(orgs.len(), 3);
    server.verify().await;
}

#[tokio::test]
async fn an_error_page_is_yielded_once_and_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, 0, 2, &[1, 2]).await;
    Mock::given(method("GET"))
        .and(path("/organizations"))
        .and(query_param("pg[offset]", "2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "message": "Access denied", "code": "SC403"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    let mut stream = client.request(Method::GET, "/organizations").paginate::<Org>("organizations", 2);
    assert_eq!(stream.next().await.unwrap().unwrap(), Org { id: 1 });
    assert_eq!(stream.next().await.unwrap().unwrap(), Org { id: 2 });
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.api().and_then(|api| api.code.as_deref()), Some("SC403"));
    assert!(stream.next().await.is_none());
    server.verify().await;
}

#[tokio::test]
async fn a_page_without_the_items_key_is_a_decode_error_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"teams":[]}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let mut stream = client.request(Method::GET, "/organizations").paginate::<Org>("organizations", 2);
    let error = stream.next().await.unwrap().unwrap_err();
    let Error::Decode { status, body, source } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!((*status, body.as_str()), (200, r#"{"teams":[]}"#));
    assert!(source.to_string().contains("organizations"), "{source}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_invalid_request_is_yielded_as_the_only_item() {
    let server = MockServer::start().await;
    let client = builder(&server.uri()).build().unwrap();
    let items: Vec<Result<Org, Error>> =
        client.request(Method::GET, "/organizations/{id}/teams").paginate("teams", 2).collect().await;
    assert_eq!(items.len(), 1);
    assert!(matches!(items[0], Err(Error::Config { .. })), "{items:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
