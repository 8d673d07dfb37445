//! Runtime tests: auth headers, user agent, base URL, token redaction and cross-host redirects,
//! against wiremock servers on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod runtime_support;

use make_com_api::{Client, Error, RetryPolicy, Zone};
use reqwest::Method;
use runtime_support::{TOKEN, assert_no_token, builder};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn api_token_and_oauth_token_use_their_schemes() {
    for (oauth, expected) in [(false, format!("Token {TOKEN}")), (true, format!("Bearer {TOKEN}"))] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v2/users/me"))
            .and(header("authorization", expected.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": 1})))
            .expect(1)
            .mount(&server)
            .await;
        let base = format!("{}/api/v2", server.uri());
        let client =
            if oauth { builder(&base).oauth_token(TOKEN).build().unwrap() } else { builder(&base).build().unwrap() };
        let value = client.request(Method::GET, "/users/me").send().await.unwrap().value().unwrap();
        assert_eq!(value, serde_json::json!({"ok": 1}), "{expected}");
        server.verify().await;
    }
}

#[tokio::test]
async fn no_credential_sends_no_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ping"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.request(Method::GET, "/ping").send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn user_agent_default_and_custom() {
    let server = MockServer::start().await;
    for route in ["/a", "/b"] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
    }
    let default = builder(&server.uri()).build().unwrap();
    let custom = builder(&server.uri()).user_agent("my-app/1.2").build().unwrap();
    default.request(Method::GET, "/a").send().await.unwrap();
    custom.request(Method::GET, "/b").send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    let agents: Vec<&str> =
        received.iter().map(|request| request.headers.get("user-agent").unwrap().to_str().unwrap()).collect();
    assert_eq!(agents, [concat!("make-com-api/", env!("CARGO_PKG_VERSION")), "my-app/1.2"]);
}

#[tokio::test]
async fn custom_base_url_with_path_prefix_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/white-label/api/v2/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&format!("{}/white-label/api/v2/", server.uri())).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/white-label/api/v2", server.uri()));
    client.request(Method::GET, "/organizations").send().await.unwrap();
    server.verify().await;
}

#[test]
fn zone_selects_base_url_and_custom_base_url_wins() {
    let client = Client::builder().zone(Zone::Us2).build().unwrap();
    assert_eq!(client.base_url(), "https://us2.make.com/api/v2");
    let default = Client::builder().build().unwrap();
    assert_eq!(default.base_url(), "https://eu1.make.com/api/v2");
    let custom = Client::builder().zone(Zone::Us2).base_url("https://make.example.com/api/v2").build().unwrap();
    assert_eq!(custom.base_url(), "https://make.example.com/api/v2");
}

#[test]
fn invalid_configuration_is_a_config_error_without_the_token() {
    let bad_token = format!("{TOKEN}\nInjected: yes");
    let cases: Vec<(&str, Result<Client, Error>)> = vec![
        ("relative base url", Client::builder().base_url("/api/v2").build()),
        ("ftp base url", Client::builder().base_url("ftp://x/api/v2").build()),
        ("query in base url", Client::builder().base_url("https://x/api?a=1").build()),
        ("credentials in base url", Client::builder().base_url(format!("https://u:{TOKEN}@x/api")).build()),
        ("token with newline", Client::builder().token(bad_token.clone()).build()),
        ("oauth with newline", Client::builder().oauth_token(bad_token).build()),
        ("user agent with newline", Client::builder().user_agent("a\nb").build()),
    ];
    for (name, result) in cases {
        let error = result.expect_err(name);
        assert!(matches!(error, Error::Config { .. }), "{name}: {error:?}");
        assert_no_token(&error);
    }
}

#[test]
fn debug_output_never_contains_the_token() {
    let token_builder = Client::builder().token(TOKEN);
    let oauth_builder = Client::builder().oauth_token(TOKEN);
    let texts = [
        format!("{token_builder:?}"),
        format!("{oauth_builder:?}"),
        format!("{:?}", token_builder.build().unwrap()),
        format!("{:#?}", oauth_builder.build().unwrap()),
    ];
    for text in texts {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(text.contains("redacted"), "auth is not shown as redacted: {text}");
    }
}

#[tokio::test]
async fn redirect_to_another_host_drops_the_authorization_header() {
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"landed": true})))
        .expect(1)
        .mount(&target)
        .await;
    // Same IP, different host name and port: a different origin.
    let other_host = format!("http://localhost:{}/landing", target.address().port());
    let origin = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/away"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", other_host.as_str()))
        .expect(1)
        .mount(&origin)
        .await;
    // Control: a redirect within the same origin keeps the header.
    let same_host = format!("{}/landing", origin.uri());
    Mock::given(method("GET"))
        .and(path("/stay"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", same_host.as_str()))
        .expect(1)
        .mount(&origin)
        .await;
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"landed": true})))
        .expect(1)
        .mount(&origin)
        .await;

    let client = builder(&origin.uri()).build().unwrap();
    for route in ["/away", "/stay"] {
        let response = client.request(Method::GET, route).send().await.unwrap();
        assert_eq!(response.value().unwrap()["landed"], true, "{route}");
    }

    let at_target = target.received_requests().await.unwrap();
    assert_eq!(at_target.len(), 1);
    assert!(at_target[0].headers.get("authorization").is_none(), "Authorization followed a cross-host redirect");
    let at_origin = origin.received_requests().await.unwrap();
    let landing = at_origin.iter().find(|request| request.url.path() == "/landing").unwrap();
    assert_eq!(landing.headers.get("authorization").unwrap(), format!("Token {TOKEN}").as_str());
}

#[tokio::test]
async fn api_error_display_and_debug_do_not_contain_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "message": "Invalid token", "code": "IM001"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = client.request(Method::GET, "/x").send().await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_no_token(&error);
}

/// Headers set on the builder go with every request, typed or raw; setting a name again (in any
/// case) replaces its value, a header the request sets itself wins, and a `User-Agent` given as a
/// header replaces the default one.
#[tokio::test]
async fn builder_headers_go_with_every_request_and_the_request_own_win() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"organization": {"id": 7}})))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .header("X-Trace-Id", "first")
        .header("x-gateway", "g-1")
        .header("x-trace-id", "second")
        .header("User-Agent", "agent-by-header/1")
        .build()
        .unwrap();
    client.request(Method::GET, "/raw").send().await.unwrap();
    client.request(Method::GET, "/own").header("x-gateway", "per-request").send().await.unwrap();
    client.organizations().get_organization(7).send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    let values = |name: &str| -> Vec<Vec<String>> {
        received
            .iter()
            .map(|r| r.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect())
            .collect()
    };
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/raw", "/own", "/organizations/7"]);
    assert_eq!(values("x-trace-id"), [["second"], ["second"], ["second"]]);
    assert_eq!(values("x-gateway"), [["g-1"], ["per-request"], ["g-1"]]);
    assert_eq!(values("user-agent"), [["agent-by-header/1"], ["agent-by-header/1"], ["agent-by-header/1"]]);
    // The token still authenticates every request.
    assert_eq!(values("authorization")[2], [format!("Token {TOKEN}")]);
}

/// A header name or value HTTP does not allow is a config error naming the header, never showing
/// the value; `Debug` output of the builder names headers but hides their values.
#[test]
fn builder_headers_are_validated_and_their_values_redacted() {
    let secret = "s3cr3t-gateway-key";
    let bad_name = Client::builder().header("bad name", secret).build().unwrap_err();
    assert!(matches!(bad_name, Error::Config { .. }), "{bad_name:?}");
    assert!(bad_name.to_string().contains("`bad name`"), "{bad_name}");
    let bad_value = Client::builder().header("x-key", format!("{secret}\r\nInjected: yes")).build().unwrap_err();
    assert!(matches!(bad_value, Error::Config { .. }), "{bad_value:?}");
    assert!(bad_value.to_string().contains("`x-key`"), "{bad_value}");
    for text in [bad_name.to_string(), format!("{bad_name:?}"), bad_value.to_string(), format!("{bad_value:?}")] {
        assert!(!text.contains(secret), "header value leaked: {text}");
    }
    let configured = Client::builder().header("x-key", secret);
    let debug = format!("{configured:?}");
    assert!(debug.contains("x-key") && !debug.contains(secret), "{debug}");
}

/// `with_header` and `with_retry_policy` make a derived client for some calls: the derived client
/// sends the header (replacing the builder's value of that name, never a header the request sets
/// itself, never a multipart body's own `Content-Type`) and retries by its policy, while the
/// original client is unchanged.
#[tokio::test]
async fn derived_clients_add_headers_and_change_the_retry_policy_for_their_calls_only() {
    let server = MockServer::start().await;
    for flaky in ["/flaky-a", "/flaky-b"] {
        Mock::given(method("GET"))
            .and(path(flaky))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let base = builder(&server.uri()).retry_policy(RetryPolicy::none()).header("x-key", "builder").build().unwrap();
    let derived = base.with_header("X-Key", "derived").unwrap().with_header("content-type", "text/x-mine").unwrap();
    let derived = derived.with_retry_policy(runtime_support::fast_retry(3));

    // The original client does not retry the 503; the derived one does, and the next call works.
    let first = base.request(Method::GET, "/flaky-a").send().await.unwrap_err();
    assert_eq!(first.status(), Some(503), "{first:?}");
    derived.request(Method::GET, "/flaky-b").send().await.unwrap();
    assert_eq!(base.retry_policy(), &RetryPolicy::none());
    derived.request(Method::GET, "/own").header("x-key", "request").send().await.unwrap();
    let form = make_com_api::Multipart::new().text("field", "value");
    derived.request(Method::POST, "/upload").multipart(form).send().await.unwrap();
    base.request(Method::GET, "/base").send().await.unwrap();

    let received = server.received_requests().await.unwrap();
    let seen: Vec<(String, Vec<String>, Vec<String>)> = received
        .iter()
        .map(|r| {
            let all = |name: &str| r.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
            (r.url.path().to_owned(), all("x-key"), all("content-type"))
        })
        .collect();
    let row = |path: &str, key: &str, content_type: &[&str]| {
        (path.to_owned(), vec![key.to_owned()], content_type.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())
    };
    assert_eq!(seen.len(), 6, "{seen:?}");
    assert_eq!(seen[0], row("/flaky-a", "builder", &[]));
    assert_eq!(seen[1], row("/flaky-b", "derived", &["text/x-mine"]));
    assert_eq!(seen[2], row("/flaky-b", "derived", &["text/x-mine"]));
    assert_eq!(seen[3], row("/own", "request", &["text/x-mine"]));
    assert_eq!(seen[4].0, "/upload");
    assert_eq!(seen[4].2.len(), 1, "one content type: {seen:?}");
    assert!(seen[4].2[0].starts_with("multipart/form-data; boundary="), "{seen:?}");
    assert_eq!(seen[5], row("/base", "builder", &[]));
    let bad = base.with_header("x-key", "secret-value\n").unwrap_err();
    assert!(matches!(bad, Error::Config { .. }) && !format!("{bad:?}").contains("secret-value"), "{bad:?}");
}

/// HTTP basic authentication sends `Basic base64(username:password)`, UTF-8 included; the
/// expected values are RFC 7617's examples (section 2 and 2.1) and the padding cases of RFC 4648.
#[tokio::test]
async fn basic_auth_sends_the_rfc_7617_encoding() {
    let cases = [
        ("Aladdin", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ("test", "123\u{a3}", "dGVzdDoxMjPCow=="),
        ("", "", "Og=="),
        ("a", "", "YTo="),
        ("ab", "", "YWI6"),
        ("key_live_1", "", "a2V5X2xpdmVfMTo="),
    ];
    for (username, password, encoded) in cases {
        let server = MockServer::start().await;
        let expected = format!("Basic {encoded}");
        Mock::given(method("GET"))
            .and(header("authorization", expected.as_str()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        // A token set before is replaced.
        let client = builder(&server.uri()).basic_auth(username, password).build().unwrap();
        client.request(Method::GET, "/me").send().await.unwrap();
        server.verify().await;
    }
}

#[test]
fn a_basic_auth_username_with_a_colon_is_a_config_error_and_no_secret_is_shown() {
    let error = builder("http://127.0.0.1:9").basic_auth("a:b", "pa55-w0rd").build().unwrap_err();
    assert!(matches!(error, Error::Config { ref message } if message.contains("must not contain `:`")), "{error:?}");
    let debug = format!("{:?}", builder("http://127.0.0.1:9").basic_auth("u53r-n4me", "pa55-w0rd"));
    assert!(
        debug.contains("Basic(<redacted>)") && !debug.contains("pa55-w0rd") && !debug.contains("u53r-n4me"),
        "{debug}"
    );
    let client = builder("http://127.0.0.1:9").basic_auth("u53r-n4me", "pa55-w0rd").build().unwrap();
    assert!(!format!("{client:?}").contains("pa55-w0rd"));
}
