//! Authentication in the crate docs: `src/lib.rs` lists the spec's security schemes with the
//! builder call for each, and its quick start authenticates with the preferred scheme a builder
//! method covers (none when the spec declares no scheme). That the quick starts compile is
//! checked by the golden crates' doctests (`compile.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{Value, json};

/// `src/lib.rs` of a one-operation spec with these security schemes and spec-wide requirements.
fn lib_rs(schemes: Value, security: Value) -> String {
    let mut s = spec(json!({"/x": {"get": op("get_x", "X", json!({}))}}));
    if !schemes.is_null() {
        s.components = serde_json::from_value(json!({ "securitySchemes": schemes })).unwrap();
    }
    s.security = serde_json::from_value(security).unwrap();
    file(&gen_files(&s), "src/lib.rs").to_owned()
}

/// The builder calls of the quick start between the server and `.build()`.
fn quick_start_auth(lib: &str) -> Vec<String> {
    let lines: Vec<&str> = lib.lines().collect();
    let start = lines.iter().position(|l| l.contains("::Client::builder()")).expect("a quick start");
    let end = lines.iter().skip(start).position(|l| l.contains(".build()?;")).expect("ends in build") + start;
    // The server line comes first.
    lines[start + 2..end].iter().map(|l| l.trim_start_matches("//!").trim().to_owned()).collect()
}

/// The "Authentication" section's scheme lines.
fn listed(lib: &str) -> Vec<String> {
    let Some(at) = lib.find("//! # Authentication") else { return Vec::new() };
    lib[at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("//! Operations are grouped"))
        .filter_map(|l| l.strip_prefix("//! - "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_scheme_is_listed_with_its_builder_call_and_the_quick_start_uses_the_first() {
    // (schemes, spec-wide requirements, quick start calls, listed lines). Schemes are written in
    // name order: `json!` keeps insertion order only in workspace-wide builds.
    let cases: [(Value, Value, &[&str], &[&str]); 8] = [
        (Value::Null, Value::Null, &[], &[]),
        (
            json!({"token": {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Use the value: `Token your-api-token`."}}),
            Value::Null,
            &[".token(\"your-api-token\")"],
            &[
                "`token`: a credential in the `Authorization` header, sent as `Token …`: `.token(\"your-api-token\")` ([`ClientBuilder::token`])",
            ],
        ),
        (
            json!({"jwt": {"type": "apiKey", "in": "header", "name": "authorization", "description": "`Bearer <jwt>`"}}),
            Value::Null,
            &[".oauth_token(\"your-token\")"],
            &[
                "`jwt`: a credential in the `Authorization` header, sent as `Bearer …`: `.oauth_token(\"your-token\")` ([`ClientBuilder::oauth_token`])",
            ],
        ),
        (
            json!({"raw": {"type": "apiKey", "in": "header", "name": "Authorization"}}),
            Value::Null,
            &[".header(\"Authorization\", \"your-api-key\")"],
            &[
                "`raw`: an API key in the `Authorization` header: `.header(\"Authorization\", \"your-api-key\")` ([`ClientBuilder::header`])",
            ],
        ),
        (
            json!({"q": {"type": "apiKey", "in": "query", "name": "k\"ey"}}),
            Value::Null,
            &[".api_key_query(\"k\\\"ey\", \"your-api-key\")"],
            &[
                "`q`: an API key in the query parameter `k\"ey`: `.api_key_query(\"k\\\"ey\", \"your-api-key\")` ([`ClientBuilder::api_key_query`])",
            ],
        ),
        (
            json!({"digest": {"type": "http", "scheme": "di\ngest"}}),
            Value::Null,
            &[],
            &[
                "`digest`: HTTP `di gest` authentication, which the client does not compute: send the `Authorization` header yourself: [`ClientBuilder::header`]",
            ],
        ),
        (
            // The required scheme comes first, however they are declared.
            json!({
                "basic": {"type": "http", "scheme": "basic"},
                "oauth": {"type": "oauth2", "flows": {"password": {"tokenUrl": "/token", "scopes": {}}}}
            }),
            json!([{"oauth": ["read"]}]),
            &[".oauth_token(\"your-access-token\")"],
            &[
                "`oauth`: OAuth 2.0: get an access token (token URL `/token`) and pass it: `.oauth_token(\"your-access-token\")` ([`ClientBuilder::oauth_token`])",
                "`basic`: HTTP basic authentication: `.basic_auth(\"username\", \"password\")` ([`ClientBuilder::basic_auth`])",
            ],
        ),
        (
            json!({
                "co`kie": {"type": "apiKey", "in": "cookie", "name": "sid"},
                "bearer": {"type": "http", "scheme": "bearer"},
                "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a.example/auth", "scopes": {}}}},
                "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://a.example/.well-known"}
            }),
            json!([{"co`kie": []}]),
            &[".header(\"Cookie\", \"sid=your-api-key\")"],
            &[
                "`` co`kie ``: an API key in the cookie `sid`: `.header(\"Cookie\", \"sid=your-api-key\")` ([`ClientBuilder::header`])",
                "`bearer`: HTTP bearer authentication: `.oauth_token(\"your-token\")` ([`ClientBuilder::oauth_token`])",
                "`implicit`: OAuth 2.0: get an access token (authorization URL `https://a.example/auth`) and pass it: `.oauth_token(\"your-access-token\")` ([`ClientBuilder::oauth_token`])",
                "`oidc`: OpenID Connect (discovery document `https://a.example/.well-known`): pass the access token: `.oauth_token(\"your-access-token\")` ([`ClientBuilder::oauth_token`])",
            ],
        ),
    ];
    for (schemes, security, calls, lines) in cases {
        let lib = lib_rs(schemes.clone(), security);
        assert_eq!(quick_start_auth(&lib), calls.to_vec(), "{schemes}");
        assert_eq!(listed(&lib), lines.to_vec(), "{schemes}");
        assert_eq!(lib.contains("//! # Authentication"), !lines.is_empty(), "{schemes}");
    }
}

/// The doc paragraph of `method` in `src/resources/x.rs` that speaks of credentials or
/// authentication, if any.
fn auth_paragraph(resources: &str, method: &str) -> Option<String> {
    let end = resources.find(&format!("pub fn {method}(")).expect("the method");
    let docs: Vec<&str> =
        resources[..end].lines().rev().skip(1).take_while(|l| l.trim_start().starts_with("///")).collect();
    docs.into_iter()
        .rev()
        .map(|l| l.trim_start().trim_start_matches("///").trim())
        .find(|l| l.contains("redentials") || l.contains("uthenticates"))
        .map(str::to_owned)
}

/// Method docs say when an operation authenticates otherwise than with the preferred scheme
/// (the first listed in the crate docs): no credentials, optional ones, other schemes. An
/// operation the preferred scheme satisfies, alone or as one alternative, says nothing more.
#[test]
fn operations_that_authenticate_otherwise_say_so() {
    // (the operation's `security`, or null for the spec-wide one; what its docs say)
    let cases: [(Value, Option<&str>); 9] = [
        (Value::Null, None),
        (json!([{"oauth": ["read"]}]), None),
        (json!([{"key": []}, {"oauth": []}]), None),
        // A backtick in a scheme name: the same code span as in the crate docs.
        (
            json!([{"b`t": []}]),
            Some(
                "Authenticates with `` b`t ``, not the preferred scheme (see [Authentication](crate#authentication)).",
            ),
        ),
        // A scheme the spec does not declare: nothing to point at.
        (json!([{"undeclared": []}]), None),
        (
            json!([]),
            Some(
                "No credentials needed: the API docs require none for this operation (the client still sends the ones it was built with).",
            ),
        ),
        (json!([{}, {"oauth": []}]), Some("Credentials are optional for this operation.")),
        (
            json!([{"key": []}]),
            Some("Authenticates with `key`, not the preferred scheme (see [Authentication](crate#authentication))."),
        ),
        (
            json!([{"key": [], "oauth": []}, {"app": []}, {"key": [], "oauth": []}]),
            Some(
                "Authenticates with `key` and `oauth` together, or with `app`, not the preferred scheme (see [Authentication](crate#authentication)).",
            ),
        ),
    ];
    let mut paths = serde_json::Map::new();
    for (i, (security, _)) in cases.iter().enumerate() {
        let mut extra = json!({});
        if !security.is_null() {
            extra["security"] = security.clone();
        }
        let mut operation = op(&format!("op_{i}"), "X", extra);
        if security.is_null() {
            operation.as_object_mut().unwrap().remove("security");
        }
        paths.insert(format!("/p{i}"), json!({ "get": operation }));
    }
    let mut s = spec(Value::Object(paths));
    s.components = serde_json::from_value(json!({"securitySchemes": {
        "app": {"type": "apiKey", "in": "query", "name": "app_id"},
        "b`t": {"type": "http", "scheme": "bearer"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://a.example/token", "scopes": {}}}},
    }}))
    .unwrap();
    s.security = serde_json::from_value(json!([{"oauth": ["read"]}])).unwrap();
    let files = gen_files(&s);
    let resources = file(&files, "src/resources/x.rs");
    for (i, (security, expected)) in cases.iter().enumerate() {
        assert_eq!(auth_paragraph(resources, &format!("op_{i}")).as_deref(), *expected, "{security}");
    }
    // Without a declared scheme there is no preferred one to compare with: nothing is said.
    s.components = None;
    let files = gen_files(&s);
    let resources = file(&files, "src/resources/x.rs");
    for i in 0..cases.len() {
        assert_eq!(auth_paragraph(resources, &format!("op_{i}")), None, "op_{i}");
    }
}
