//! The params golden crate against a real HTTP server on 127.0.0.1: every query style
//! (`deepObject`, exploded and joined `form`, pipe- and space-delimited, nested arrays, a union,
//! JSON `content`),
//! cookie parameters in one `Cookie` header, object headers and path parameters in every path
//! style arrive exactly as OpenAPI 3.0 defines them; unset parameters are left out.

use golden_params::resources::search::SearchRequest;
use golden_params::types::{Cwes, Filter, FilterStatus, Owner, Page, Point, Theme};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the server received for one request.
struct Received {
    query: Option<String>,
    cookie: Option<String>,
    x_point: Option<String>,
    x_point_exploded: Option<String>,
}

/// Sends `search(filter, session)` with `setters` applied and returns what arrived.
async fn send(filter: Filter, session: &str, setters: impl FnOnce(SearchRequest) -> SearchRequest) -> Received {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"count": 1}"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = golden_params::Client::builder().base_url(server.uri()).build().expect("client builds");
    let response = setters(client.search().search(filter, session)).send().await.expect("request succeeds");
    assert_eq!(response.count, Some(1));
    let requests = server.received_requests().await.expect("requests are recorded");
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().expect("ASCII header").to_owned());
    Received {
        query: request.url.query().map(str::to_owned),
        cookie: header("cookie"),
        x_point: header("x-point"),
        x_point_exploded: header("x-point-exploded"),
    }
}

#[tokio::test]
async fn every_style_is_written_as_openapi_defines_it() {
    let filter = Filter {
        ids: Some(vec![1, 2]),
        owner: Some(Owner { name: Some("ann lee".to_owned()), ..Owner::default() }),
        size: Some(3),
        status: Some(FilterStatus::Open),
        ..Filter::default()
    };
    let received = send(filter, "abc; x", |request| {
        request
            .page(Page { limit: Some(10), offset: Some(20), ..Page::default() })
            .ids(vec![1, 2, 3])
            .tags(["a", "b"])
            .words(["hello", "world"])
            .point(Point::new(1.5, -2.0))
            .labels(["x", "y"])
            .matrix(vec![vec!["1".to_owned(), "2".to_owned()], vec!["3".to_owned()]])
            .cwes(Cwes::Array(vec!["79".to_owned(), "89".to_owned()]))
            .meta([("k".to_owned(), "v w".to_owned())].into())
            .q("a&b=c")
            .where_(Point::new(1.0, 2.5))
            .theme(Theme::Dark)
            .prefs(["a", "b"])
            .x_point(Point::new(1.5, -2.0))
            .x_point_exploded(Point::new(1.5, -2.0))
    })
    .await;
    let expected = [
        // deepObject, nested objects and arrays included.
        "filter[ids][]=1&filter[ids][]=2&filter[owner][name]=ann%20lee&filter[size]=3&filter[status]=open",
        // Exploded form object: its properties are parameters of their own.
        "limit=10&offset=20",
        // Joined: form (`,`), pipeDelimited, spaceDelimited, a form object as key,value pairs.
        "ids=1%2C2%2C3",
        "tags=a%7Cb",
        "words=hello%20world",
        "point=x%2C1.5%2Cy%2C-2",
        // Exploded form arrays repeat the name (`QueryArrays::Repeat`); nested arrays are joined.
        "labels=x&labels=y",
        "matrix=1%2C2&matrix=3",
        // A union parameter is written as the variant it holds.
        "cwes=79&cwes=89",
        "meta[k]=v%20w",
        "q=a%26b%3Dc",
        // A `content: application/json` parameter: its JSON text.
        "where=%7B%22x%22%3A1.0%2C%22y%22%3A2.5%7D",
    ]
    .join("&");
    assert_eq!(received.query.as_deref(), Some(expected.as_str()));
    assert_eq!(received.cookie.as_deref(), Some("session=abc%3B%20x; theme=dark; prefs=a%2Cb"));
    assert_eq!(received.x_point.as_deref(), Some("x,1.5,y,-2"));
    assert_eq!(received.x_point_exploded.as_deref(), Some("x=1.5,y=-2"));
}

#[tokio::test]
async fn unset_parameters_are_left_out() {
    let received = send(Filter::default(), "s", |request| request).await;
    assert_eq!(received.query, None);
    assert_eq!(received.cookie.as_deref(), Some("session=s"));
    assert_eq!(received.x_point, None);
    assert_eq!(received.x_point_exploded, None);

    // Unset properties of an object are left out too; a union's scalar variant is one pair.
    let filter = Filter { status: Some(FilterStatus::Other("on hold".to_owned())), ..Filter::default() };
    let received = send(filter, "s", |request| request.cwes(Cwes::String("79".to_owned())).page(Page::default())).await;
    assert_eq!(received.query.as_deref(), Some("filter[status]=on%20hold&cwes=79"));
}

/// A server answering one GET with `{"count": count}`, and a client of it.
async fn counting_server(count: u32) -> (MockServer, golden_params::Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(format!(r#"{{"count": {count}}}"#), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = golden_params::Client::builder().base_url(server.uri()).build().expect("client builds");
    (server, client)
}

/// Path parameters in `simple` (arrays, objects), `label` and `matrix` style, exploded or not:
/// the path arrives exactly as RFC 6570 expands it, items percent-encoded so no value can add a
/// path segment.
#[tokio::test]
async fn path_parameters_are_written_in_their_style() {
    let (server, client) = counting_server(2).await;
    let response = client
        .search()
        .locate(
            vec![3, 4, 5],
            Point::new(1.5, -2.0),
            Point::new(0.5, 7.0),
            vec!["a/b".to_owned(), "c".to_owned()],
            2,
            vec!["x y".to_owned(), "z".to_owned()],
            vec!["p".to_owned(), "q;r".to_owned()],
            Point::new(1.0, 2.0),
        )
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(response.count, Some(2));
    let requests = server.received_requests().await.expect("requests are recorded");
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    let expected = [
        "/items",
        // simple array; simple object, then exploded.
        "/3,4,5",
        "/x,1.5,y,-2",
        "/x=0.5,y=7",
        // label, exploded array (the `/` inside an item encoded), then a label scalar.
        "/.a%2Fb.c.2",
        // matrix array; exploded array; exploded object.
        "/file;mx=x%20y,z;mxe=p;mxe=q%3Br;x=1;y=2",
    ]
    .concat();
    assert_eq!(request.url.path(), expected);
}

/// A query template in the path key: the path without it, the literal pair and the variable as
/// query parameters.
#[tokio::test]
async fn query_templates_in_path_keys_arrive_as_query_parameters() {
    let (server, client) = counting_server(3).await;
    let response = client.search().find("x y&z").send().await.expect("request succeeds");
    assert_eq!(response.count, Some(3));
    let requests = server.received_requests().await.expect("requests are recorded");
    let [request] = requests.as_slice() else { panic!("one request expected, got {}", requests.len()) };
    assert_eq!(request.url.path(), "/find");
    assert_eq!(request.url.query(), Some("kind=all&q=x%20y%26z"));
}

/// A token-paged list streams every item: each response's `nextPageToken` goes back as
/// `pageToken` (with the caller's other parameters), and a response without one ends it.
#[tokio::test]
async fn a_token_paged_list_streams_every_page_by_sending_back_the_next_token() {
    use futures_util::TryStreamExt;
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    let page = |ids: &[i64], next: Option<&str>| {
        let events: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id})).collect();
        let mut body = serde_json::json!({"events": events, "unreachable": ["eu"]});
        if let Some(next) = next {
            body["nextPageToken"] = next.into();
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    // Later pages match their token; the first (no token) falls to the lower-priority mock.
    for (token, response) in [("b", page(&[3, 4], Some("c+/="))), ("c+/=", page(&[5], None))] {
        Mock::given(method("GET"))
            .and(path("/events"))
            .and(query_param("pageToken", token))
            .and(query_param("pageSize", "2"))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("pageSize", "2"))
        .respond_with(page(&[1, 2], Some("b")))
        .expect(1)
        .with_priority(10)
        .mount(&server)
        .await;
    let client = golden_params::Client::builder().base_url(server.uri()).build().expect("client builds");
    let mut stream = client.search().list_events().page_size(2).stream();
    assert_eq!(stream.next_token(), None);
    let first = stream.try_next().await.expect("first page").expect("an item");
    assert_eq!((first.id, stream.next_token()), (Some(1), Some("b")));
    let rest: Vec<_> = stream.try_collect().await.expect("every page");
    let ids: Vec<_> = rest.iter().map(|e| e.id).collect();
    assert_eq!(ids, [Some(2), Some(3), Some(4), Some(5)]);
    server.verify().await;
}

/// Starting from a token resumes there; a server naming the token it was just sent ends the
/// stream instead of looping.
#[tokio::test]
async fn a_token_paged_list_resumes_at_a_token_and_never_loops_on_a_repeated_one() {
    use futures_util::TryStreamExt;
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(query_param("pageToken", "k"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"events": [{"id": 9}], "nextPageToken": "k"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = golden_params::Client::builder().base_url(server.uri()).build().expect("client builds");
    let stream = client.search().list_events().page_token("k").stream();
    // A stream that loops would never end: bound the wait.
    let items: Vec<_> = tokio::time::timeout(std::time::Duration::from_secs(5), stream.try_collect())
        .await
        .expect("the stream ends")
        .expect("one page");
    assert_eq!(items.iter().map(|e| e.id).collect::<Vec<_>>(), [Some(9)]);
    server.verify().await;
}
