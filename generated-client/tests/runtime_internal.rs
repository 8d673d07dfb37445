//! Runtime tests of the crate-internal API that generated operations call, for the shapes the
//! Make client's own operations never use (typed multipart fields, parameter styles, header and
//! text decoders, documented-headers and redirect-only executors), against wiremock servers on
//! 127.0.0.1. The runtime is compiled into this test from `src/runtime/` — exactly the files
//! every generated crate compiles — so its `pub(crate)` items are reachable as generated code
//! reaches them; the expected values follow the OpenAPI 3.0 style rules the runtime documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The runtime keeps its own style (rustfmt's defaults, checked by CI in generator/runtime/):
// rustfmt must not reformat it from here with the tests' configuration.
#[rustfmt::skip]
#[path = "../src/runtime/mod.rs"]
#[allow(dead_code, unused_imports, reason = "the runtime is compiled whole; this test calls only part of it")]
mod runtime;
mod runtime_support;

/// What the runtime needs from its crate: the zones (none here: tests give a base URL) and the
/// documented error type.
mod zone {
    pub use make_com_api::Zone;
    pub(crate) const DEFAULT_ZONE: Option<Zone> = None;
    pub(crate) const SERVER_PATH: &str = "";
}
use make_com_api::DocumentedError;
use zone::Zone;

use std::time::Duration;

use percent_encoding::percent_decode_str;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use runtime::{Client, Error, FilePart, Multipart, RawResponse, RequestBody, RequestParts};
use runtime_support::only_request;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client of the runtime under test, without retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("t")
        .timeout(Duration::from_secs(5))
        .retry_policy(runtime::RetryPolicy::none())
        .build()
        .unwrap()
}

/// A server answering every request with `response`.
async fn server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

/// The decoded query pairs of `parts` as sent.
async fn sent_query(parts: RequestParts) -> Vec<(String, String)> {
    let server = server(ResponseTemplate::new(204)).await;
    client(&server).execute_raw(parts).await.unwrap();
    only_request(&server).await.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The values of header `name` as sent for `parts`.
async fn sent_header(parts: RequestParts, name: &str) -> Vec<String> {
    let server = server(ResponseTemplate::new(204)).await;
    client(&server).execute_raw(parts).await.unwrap();
    only_request(&server).await.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

fn get() -> RequestParts {
    RequestParts::new(Method::GET, "/p".to_owned())
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// An object parameter value: properties are written in declaration order (not sorted), unset
/// ones left out.
#[derive(serde::Serialize)]
#[allow(non_snake_case, reason = "the wire names")]
struct Color {
    R: u8,
    G: &'static str,
    skip: Option<u8>,
}

/// `R=100`, `G=x y`, `skip` unset.
fn color() -> Color {
    Color { R: 100, G: "x y", skip: None }
}

#[tokio::test]
async fn query_parameters_follow_their_style() {
    let object = color();
    let none = None::<&serde_json::Value>;
    type Case = (&'static str, RequestParts, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        ("joined array, form", get().query_joined("ids", ',', Some(&[1, 2, 3])), vec![("ids", "1,2,3")]),
        ("joined array, pipes", get().query_joined("ids", '|', Some(&["a", "b"])), vec![("ids", "a|b")]),
        ("joined object", get().query_joined("c", ',', Some(&object)), vec![("c", "R,100,G,x y")]),
        ("joined scalar", get().query_joined("n", ',', Some(&true)), vec![("n", "true")]),
        ("joined nested", get().query_joined("n", ',', Some(&json!([[1, 2], 3]))), vec![("n", "1,2,3")]),
        (
            "joined unset and null",
            get().query_joined("n", ',', none).query_joined("m", ',', Some(&json!(null))),
            vec![],
        ),
        ("exploded array", get().query_exploded("id", Some(&[3, 4])), vec![("id", "3"), ("id", "4")]),
        ("exploded object", get().query_exploded("c", Some(&object)), vec![("R", "100"), ("G", "x y")]),
        (
            "exploded nested",
            get().query_exploded("c", Some(&json!({"a": {"b": 1}, "l": [[1, 2], 3]}))),
            vec![("a[b]", "1"), ("l", "1,2"), ("l", "3")],
        ),
        ("exploded unset", get().query_exploded("c", none), vec![]),
        (
            "deepObject",
            // (Keys in sorted order: `json!` objects keep insertion order only when another crate of
            // the build turns on serde_json's `preserve_order`.)
            get().query_deep("f", Some(&json!({"a": 1, "b": {"c": "d"}, "o": [{"k": 1}], "t": ["x", "y"]}))),
            vec![("f[a]", "1"), ("f[b][c]", "d"), ("f[o][0][k]", "1"), ("f[t][]", "x"), ("f[t][]", "y")],
        ),
        ("deepObject unset", get().query_deep("f", none), vec![]),
        // A `content: application/json` parameter: its JSON text.
        ("JSON text", get().query("j", &runtime::JsonText(&json!({"a": [1, "x"]}))), vec![("j", r#"{"a":[1,"x"]}"#)]),
        (
            "JSON text, exploded",
            get().query_exploded("j", Some(&runtime::JsonText(&json!([true])))),
            vec![("j", "[true]")],
        ),
    ];
    for (name, parts, expected) in cases {
        assert_eq!(sent_query(parts).await, pairs(&expected), "{name}");
    }
}

/// Path parameters expand as RFC 6570 (OpenAPI 3.0 `simple`, `label`, `matrix`, exploded or not):
/// names, keys and items percent-encoded, separators literal; the path arrives as written.
#[tokio::test]
async fn path_parameters_expand_in_their_style() {
    use runtime::PathStyle::{Label, Matrix, Simple};
    let object = color();
    let list = [3, 4, 5];
    let null = json!(null);
    let cases: Vec<(runtime::PathStyle, bool, String, &str)> = vec![
        (Simple, false, runtime::path_styled("id", Simple, false, &"a/b c"), "a%2Fb%20c"),
        (Simple, false, runtime::path_styled("id", Simple, false, &list), "3,4,5"),
        (Simple, true, runtime::path_styled("id", Simple, true, &list), "3,4,5"),
        (Simple, false, runtime::path_styled("id", Simple, false, &object), "R,100,G,x%20y"),
        (Simple, true, runtime::path_styled("id", Simple, true, &object), "R=100,G=x%20y"),
        (Simple, false, runtime::path_styled("id", Simple, false, &json!([[1, 2], null, "a,b"])), "1%2C2,a%2Cb"),
        (Simple, false, runtime::path_styled("id", Simple, false, &null), ""),
        (Label, false, runtime::path_styled("id", Label, false, &5), ".5"),
        (Label, true, runtime::path_styled("id", Label, true, &5), ".5"),
        (Label, false, runtime::path_styled("id", Label, false, &list), ".3,4,5"),
        (Label, true, runtime::path_styled("id", Label, true, &list), ".3.4.5"),
        (Label, false, runtime::path_styled("id", Label, false, &object), ".R,100,G,x%20y"),
        (Label, true, runtime::path_styled("id", Label, true, &object), ".R=100.G=x%20y"),
        (Label, false, runtime::path_styled("id", Label, false, &null), "."),
        (Matrix, false, runtime::path_styled("id", Matrix, false, &5), ";id=5"),
        (Matrix, true, runtime::path_styled("id", Matrix, true, &5), ";id=5"),
        (Matrix, false, runtime::path_styled("id", Matrix, false, &list), ";id=3,4,5"),
        (Matrix, true, runtime::path_styled("id", Matrix, true, &list), ";id=3;id=4;id=5"),
        (Matrix, false, runtime::path_styled("id", Matrix, false, &object), ";id=R,100,G,x%20y"),
        (Matrix, true, runtime::path_styled("id", Matrix, true, &object), ";R=100;G=x%20y"),
        (Matrix, false, runtime::path_styled("a b", Matrix, false, &null), ";a%20b"),
        (Matrix, false, runtime::path_styled("id", Matrix, false, &[0u8; 0]), ";id"),
        (Matrix, true, runtime::path_styled("id", Matrix, true, &[0u8; 0]), ""),
    ];
    for (style, explode, got, expected) in &cases {
        assert_eq!(got, expected, "{style:?}, explode: {explode}");
    }
    // The client sends such a path as it is (no segment resolved, nothing re-encoded).
    let server = server(ResponseTemplate::new(204)).await;
    let path = [
        "/p/",
        &runtime::path_styled("id", Matrix, true, &object),
        "/",
        &runtime::path_styled("l", Label, true, &list),
    ]
    .concat();
    client(&server).execute_raw(RequestParts::new(Method::GET, path)).await.unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/p/;R=100;G=x%20y/.3.4.5");
}

#[tokio::test]
async fn header_parameters_are_simple_style_and_cookies_share_one_header() {
    let object = json!({"a": 1, "b": [2, 3]});
    let none = None::<&serde_json::Value>;
    let cases: Vec<(&str, RequestParts, &str, Vec<&str>)> = vec![
        ("array", get().header_value("X-Ids", false, Some(&[1, 2])), "x-ids", vec!["1,2"]),
        ("object", get().header_value("X-O", false, Some(&object)), "x-o", vec!["a,1,b,2,3"]),
        ("exploded object", get().header_value("X-O", true, Some(&object)), "x-o", vec!["a=1,b=2,3"]),
        ("exploded array", get().header_value("X-Ids", true, Some(&[1, 2])), "x-ids", vec!["1,2"]),
        ("unset", get().header_value("X-U", false, none), "x-u", vec![]),
        ("header_opt set", get().header_opt("X-A", Some(&5)), "x-a", vec!["5"]),
        ("header_opt unset", get().header_opt("X-A", None::<&i32>), "x-a", vec![]),
        ("header_list", get().header_list("X-L", ["a", "b"]), "x-l", vec!["a,b"]),
        ("header_list_opt set", get().header_list_opt("X-L", Some([1, 2])), "x-l", vec!["1,2"]),
        ("header_list_opt unset", get().header_list_opt("X-L", None::<[i32; 0]>), "x-l", vec![]),
    ];
    for (name, parts, header, expected) in cases {
        assert_eq!(sent_header(parts, header).await, expected, "{name}");
    }
    let cookies = get()
        .cookie("id", false, Some(&5))
        .cookie("ids", false, Some(&["a b", "c;d"]))
        .cookie("o", true, Some(&json!({"x": 1, "y": 2})))
        .cookie("none", false, none);
    let sent = sent_header(cookies, "cookie").await;
    assert_eq!(sent.len(), 1, "one Cookie header: {sent:?}");
    let decoded: Vec<(String, String)> = sent[0]
        .split("; ")
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            assert!(!v.contains([' ', ';']), "separators are encoded: {pair}");
            let decode = |s: &str| percent_decode_str(s).decode_utf8().unwrap().into_owned();
            (decode(k), decode(v))
        })
        .collect();
    assert_eq!(decoded, pairs(&[("id", "5"), ("ids", "a b,c;d"), ("x", "1"), ("y", "2")]));
}

/// A part of a multipart body: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

/// Each part of a multipart body.
fn parts_of(request: &Request) -> Vec<Part> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.split_once("boundary=").unwrap().1;
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(at) = body[i..].windows(delimiter.len()).position(|w| w == delimiter.as_bytes()) {
        starts.push(i + at);
        i += at + delimiter.len();
    }
    starts
        .windows(2)
        .map(|w| {
            let part = &body[w[0] + delimiter.len() + 2..w[1] - 2];
            let split = part.windows(4).position(|x| x == b"\r\n\r\n").unwrap();
            let head = String::from_utf8_lossy(&part[..split]).into_owned();
            let field = |key: &str| {
                head.split(';')
                    .map(str::trim)
                    .find_map(|p| p.strip_prefix(&format!("{key}=\"")))
                    .map(|v| v.split('"').next().unwrap().to_owned())
            };
            let content_type = head
                .lines()
                .find_map(|l| l.strip_prefix("content-type: ").or_else(|| l.strip_prefix("Content-Type: ")))
                .map(str::to_owned);
            (field("name").unwrap(), field("filename"), content_type, part[split + 4..].to_vec())
        })
        .collect()
}

#[tokio::test]
async fn typed_multipart_fields_send_every_set_part_with_its_type() {
    let form = Multipart::new()
        .text_field("a", &1, None)
        .text_field_opt("skipped", None::<&i32>, None)
        .text_field_opt("b", Some(&"x"), Some("text/plain"))
        .text_fields("c", [1, 2], None)
        .json_field("d", &json!({"k": 1}), None)
        .json_field_opt("skipped", None::<&serde_json::Value>, None)
        .json_field_opt("e", Some(&json!([1])), Some("application/vnd.x+json"))
        .file_field("f", FilePart::new(b"F".to_vec()).file_name("f.png"), Some("image/png"))
        .file_field("g", FilePart::new(b"G".to_vec()).content_type("text/csv"), Some("image/png"))
        .file_field_opt("skipped", None, None)
        .file_field_opt("h", Some(FilePart::new(b"H".to_vec())), None)
        .file_fields("i", vec![FilePart::new(b"1".to_vec()), FilePart::new(b"2".to_vec())], Some("image/gif"));
    let server = server(ResponseTemplate::new(204)).await;
    let parts = RequestParts::new(Method::POST, "/up".to_owned()).body(RequestBody::multipart(form));
    client(&server).execute_raw(parts).await.unwrap();
    let got = parts_of(&only_request(&server).await);
    let s = |v: &str| Some(v.to_owned());
    let expected = vec![
        ("a".to_owned(), None, None, b"1".to_vec()),
        ("b".to_owned(), None, s("text/plain"), b"x".to_vec()),
        ("c".to_owned(), None, None, b"1".to_vec()),
        ("c".to_owned(), None, None, b"2".to_vec()),
        ("d".to_owned(), None, s("application/json"), br#"{"k":1}"#.to_vec()),
        ("e".to_owned(), None, s("application/vnd.x+json"), b"[1]".to_vec()),
        // A file part's own type wins over the documented one; without either it is
        // `application/octet-stream`; without a file name, the field's name is sent.
        ("f".to_owned(), s("f.png"), s("image/png"), b"F".to_vec()),
        ("g".to_owned(), s("g"), s("text/csv"), b"G".to_vec()),
        ("h".to_owned(), s("h"), s("application/octet-stream"), b"H".to_vec()),
        ("i".to_owned(), s("i"), s("image/gif"), b"1".to_vec()),
        ("i".to_owned(), s("i"), s("image/gif"), b"2".to_vec()),
    ];
    assert_eq!(got, expected);
}

fn response(status: u16, headers: &[(&'static str, &'static str)], body: &[u8]) -> RawResponse {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(*name, HeaderValue::from_static(value));
    }
    RawResponse { status, headers: map, body: body.to_vec() }
}

#[test]
fn documented_response_headers_decode_into_their_types() {
    let headers = response(200, &[("x-n", " 42 "), ("x-s", "7"), ("x-l", "1, 2 ,3"), ("x-bad", "four")], b"").headers;
    assert_eq!(runtime::header::<i64>(200, &headers, "x-n").unwrap(), Some(42));
    assert_eq!(runtime::header::<String>(200, &headers, "x-s").unwrap(), Some("7".to_owned()));
    assert_eq!(runtime::header::<i64>(200, &headers, "x-missing").unwrap(), None);
    assert_eq!(runtime::header_list::<i64>(200, &headers, "x-l").unwrap(), Some(vec![1, 2, 3]));
    assert_eq!(runtime::header_list::<i64>(200, &headers, "x-missing").unwrap(), None);
    match runtime::header::<i64>(201, &headers, "x-bad") {
        Err(Error::Decode { status, body, source }) => {
            assert_eq!((status, body.as_str()), (201, "four"));
            assert!(source.to_string().contains("x-bad"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(matches!(runtime::header_list::<i64>(200, &headers, "x-bad"), Err(Error::Decode { .. })));
}

#[test]
fn text_bodies_decode_into_scalars() {
    assert!(runtime::text_value::<bool>(response(200, &[], b" true\n")).unwrap());
    assert_eq!(runtime::text_value::<f64>(response(200, &[], b"1.5")).unwrap(), 1.5);
    assert_eq!(runtime::text_value::<String>(response(200, &[], b"42")).unwrap(), "42");
    match runtime::text_value::<bool>(response(202, &[], b"yes")) {
        Err(Error::Decode { status, body, .. }) => assert_eq!((status, body.as_str()), (202, "yes")),
        other => panic!("expected a decode error, got {other:?}"),
    }
    runtime::unit(response(200, &[], b"ignored")).unwrap();
    let success: Vec<bool> =
        [199, 200, 204, 299, 300, 404].map(|status| response(status, &[], b"").is_success()).into();
    assert_eq!(success, [false, true, true, true, false, false]);
    assert_eq!(runtime::json::<Vec<u8>>(response(200, &[], b"[1,2]")).unwrap(), [1, 2]);
}

#[tokio::test]
async fn documented_headers_come_with_the_decoded_body() {
    let server = server(ResponseTemplate::new(200).insert_header("x-v", "3").set_body_string("pong")).await;
    let parts = get().accept("text/plain");
    let read = |_: u16, headers: &HeaderMap| runtime::header::<u8>(200, headers, "x-v");
    let (text, version) = client(&server).execute_with_headers(parts, |_, _| None, runtime::text, read).await.unwrap();
    assert_eq!((text.as_str(), version), ("pong", Some(3)));
    let request = only_request(&server).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert_eq!(accept, ["text/plain"], "asked for text instead of JSON");
}

#[tokio::test]
async fn operations_documenting_only_redirects_return_them_raw() {
    // A redirect without `Location` cannot be followed: it is the response.
    let server = server(ResponseTemplate::new(302).set_body_string("moved")).await;
    let got = client(&server).execute_documented(get(), |_, _| None).await.unwrap();
    assert_eq!((got.status, got.body.as_slice(), got.is_success()), (302, &b"moved"[..], false));
    let failing = server_with(404).await;
    let error = client(&failing).execute_documented(get(), |_, _| None).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    // An operation with no documented body sends the request and ignores the body.
    let no_body = server_with(200).await;
    client(&no_body).execute_unit(get(), |_, _| None).await.unwrap();
    assert_eq!(only_request(&no_body).await.url.path(), "/p");
    let error = client(&failing).execute_unit(get(), |_, _| None).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
}

async fn server_with(status: u16) -> MockServer {
    server(ResponseTemplate::new(status)).await
}

/// A token-paged stream as generated code builds it: `fetch` sends `?token=…` (none for the
/// first page) and returns the page's `items` and `next`.
fn token_stream(client: Client, start: Option<&str>) -> runtime::PageStream<i64> {
    runtime::paginate_tokens(start.map(str::to_owned), move |token: Option<String>| {
        let client = client.clone();
        async move {
            let parts = RequestParts::new(Method::GET, "/items".to_owned()).query_opt("token", token.as_ref());
            let page: serde_json::Value = client.execute(parts, |_, _| None).await?;
            let items = page["items"].as_array().into_iter().flatten().filter_map(serde_json::Value::as_i64).collect();
            Ok((items, page["next"].as_str().map(str::to_owned)))
        }
    })
}

/// A server answering `?token=t` (or no token, for `""`) with `items` and, if any, `next`.
async fn token_pages(pages: &[(&str, &[i64], Option<&str>)]) -> MockServer {
    use wiremock::matchers::{query_param, query_param_is_missing};
    let server = MockServer::start().await;
    for (token, items, next) in pages {
        let body = json!({"items": items, "next": next});
        let mock = Mock::given(wiremock::matchers::path("/items"));
        let mock = if token.is_empty() {
            mock.and(query_param_is_missing("token"))
        } else {
            mock.and(query_param("token", *token))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(&server).await;
    }
    server
}

#[tokio::test]
async fn token_streams_send_each_next_token_back_and_end_without_one() {
    use futures_util::{Stream as _, TryStreamExt};
    let server = token_pages(&[("", &[1, 2], Some("b")), ("b", &[3], Some(""))]).await;
    let mut stream = token_stream(client(&server), None);
    assert_eq!((stream.next_token(), stream.size_hint()), (None, (0, None)));
    assert_eq!(stream.try_next().await.unwrap(), Some(1));
    assert_eq!((stream.next_token(), stream.size_hint()), (Some("b"), (1, None)));
    assert_eq!(stream.try_next().await.unwrap(), Some(2));
    // The second page names an empty token: the last page; nothing is left to resume.
    assert_eq!(stream.try_next().await.unwrap(), Some(3));
    assert_eq!((stream.next_token(), stream.size_hint(), stream.next_offset()), (None, (0, Some(0)), 0));
    assert_eq!(stream.try_next().await.unwrap(), None);
    assert!(format!("{stream:?}").contains("finished: true"));
    // No third page was asked for.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn token_streams_start_at_a_given_token_and_stop_on_a_repeated_one() {
    use futures_util::TryStreamExt;
    let server = token_pages(&[("k", &[7], Some("m")), ("m", &[8], Some("m"))]).await;
    let items: Vec<i64> =
        tokio::time::timeout(Duration::from_secs(5), token_stream(client(&server), Some("k")).try_collect())
            .await
            .expect("the stream ends")
            .unwrap();
    assert_eq!(items, [7, 8]);
    server.verify().await;
}

#[tokio::test]
async fn after_a_failed_page_the_next_token_is_the_failed_pages_so_a_new_stream_resumes_there() {
    use futures_util::StreamExt;
    // The page for `b` is not served (404).
    let server = token_pages(&[("", &[1], Some("b"))]).await;
    let mut stream = token_stream(client(&server), None);
    assert_eq!(stream.next().await.map(Result::ok), Some(Some(1)));
    assert!(matches!(stream.next().await, Some(Err(Error::Api(ref e))) if e.status == 404));
    assert_eq!(stream.next_token(), Some("b"));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_failed_page_is_one_error_item_and_ends_the_stream() {
    use futures_util::StreamExt;
    let server = server_with(500).await;
    let mut stream = token_stream(client(&server), None);
    assert!(matches!(stream.next().await, Some(Err(Error::Api(ref e))) if e.status == 500));
    assert!(stream.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
