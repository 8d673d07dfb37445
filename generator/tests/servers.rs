//! Servers: absolute server URLs become zones (variables replaced by their defaults); a spec with
//! only relative servers, or none, generates a client that needs a base URL from the caller and
//! appends the relative server's path to it. What the built client does with them is tested
//! against a loopback server (`golden-relative` in `compile.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{Value, json};

/// `src/zone.rs` for a spec with `servers` (`null`: the key is left out).
fn zone_rs(servers: Value) -> String {
    let mut s = spec(json!({"/x": {"get": op("get_x", "X", json!({}))}}));
    s.servers = if servers.is_null() { Vec::new() } else { serde_json::from_value(servers).unwrap() };
    let files = gen_files(&s);
    file(&files, "src/zone.rs").to_owned()
}

fn variants(src: &str) -> Vec<String> {
    find_enum(src, "Zone").unwrap().variants.iter().map(|v| v.ident.to_string()).collect()
}

/// The initializer of a `const` item, compacted.
fn const_value(src: &str, name: &str) -> String {
    items(src)
        .into_iter()
        .find_map(|i| match i {
            syn::Item::Const(c) if c.ident == name => Some(compact(&c.expr)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no const {name} in\n{src}"))
}

/// One `servers` case: the spec's servers (`null`: none) and what `src/zone.rs` must hold.
struct Case {
    servers: Value,
    variants: &'static [&'static str],
    default_zone: &'static str,
    server_path: &'static str,
    /// A zone URL that must appear.
    url: Option<&'static str>,
}

fn case(
    servers: Value,
    variants: &'static [&'static str],
    default_zone: &'static str,
    server_path: &'static str,
    url: Option<&'static str>,
) -> Case {
    Case { servers, variants, default_zone, server_path, url }
}

#[test]
fn servers_become_zones_or_a_path_below_the_callers_base_url() {
    let cases = [
        case(Value::Null, &[], "None", "\"\"", None),
        case(json!([{"url": "/"}]), &[], "None", "\"\"", None),
        case(json!([{"url": "/open-banking/v3.1/cbpii/"}]), &[], "None", "\"/open-banking/v3.1/cbpii\"", None),
        case(json!([{"url": "./v1?x=1"}, {"url": "/v2"}]), &[], "None", "\"/v1\"", None),
        case(
            json!([{"url": "/{base}", "variables": {"base": {"default": "api/v3"}}}]),
            &[],
            "None",
            "\"/api/v3\"",
            None,
        ),
        // Absolute servers win; relative ones are then ignored.
        case(
            json!([{"url": "/v2"}, {"url": "https://api.example.com/v2/", "description": "Production"}]),
            &["Example"],
            "Some(Zone::Example)",
            "\"\"",
            Some("\"https://api.example.com/v2\""),
        ),
        case(
            json!([{"url": "{scheme}://{region}.example.com/{version}", "description": "Regional", "variables": {
                "scheme": {"default": "https"},
                "region": {"default": "eu", "enum": ["eu", "us"]},
                "version": {"default": "v1"}
            }}]),
            &["Regional"],
            "Some(Zone::Regional)",
            "\"\"",
            Some("\"https://eu.example.com/v1\""),
        ),
        case(
            json!([{"url": "//cdn.example.com/api"}]),
            &["CdnExample"],
            "Some(Zone::CdnExample)",
            "\"\"",
            Some("\"https://cdn.example.com/api\""),
        ),
        // Unusable servers (an undeclared variable, another scheme) are left out.
        case(
            json!([{"url": "https://{tenant}.example.com"}, {"url": "wss://example.com"}, {"url": "/rest"}]),
            &[],
            "None",
            "\"/rest\"",
            None,
        ),
    ];
    for c in cases {
        let servers = &c.servers;
        let src = zone_rs(c.servers.clone());
        assert_eq!(variants(&src), c.variants, "{servers}");
        assert_eq!(const_value(&src, "DEFAULT_ZONE"), c.default_zone, "{servers}");
        assert_eq!(const_value(&src, "SERVER_PATH"), c.server_path, "{servers}");
        if let Some(url) = c.url {
            assert!(src.contains(url), "{servers}: {url} not in\n{src}");
        }
        assert_eq!(src.contains("pub const DEFAULT: Zone"), !c.variants.is_empty(), "{servers}");
    }
}

#[test]
fn without_zones_the_docs_and_quick_start_ask_for_a_base_url() {
    let mut s = spec(json!({"/x": {"get": op("get_x", "X", json!({}))}}));
    s.servers = serde_json::from_value(json!([{"url": "/open-banking/v3.1"}])).unwrap();
    let files = gen_files(&s);
    let zone = find_enum(file(&files, "src/zone.rs"), "Zone").unwrap();
    let text = docs(&zone.attrs).replace("\n ", " ");
    assert!(text.contains("ClientBuilder::base_url`](crate::ClientBuilder::base_url) is required"), "{text}");
    assert!(text.contains("`https://api.example.com/open-banking/v3.1/…`"), "{text}");
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains(".base_url(\"https://api.example.com\")") && !lib.contains(".zone("), "{lib}");
}

#[test]
fn server_variables_are_documented_on_their_zone() {
    let src = zone_rs(json!([{"url": "https://{region}.example.com", "description": "Regional", "variables": {
        "region": {"default": "eu", "enum": ["eu", "us"]}
    }}]));
    let zone = find_enum(&src, "Zone").unwrap();
    let variant = zone.variants.first().unwrap();
    let text = docs(&variant.attrs).replace("\n ", " ");
    assert!(text.contains("Server variable `region` is `eu` here (allowed: `eu`, `us`)"), "{text}");
}

#[test]
fn the_generating_command_and_spec_title_head_every_file() {
    let mut s = spec(json!({"/x": {"get": op("get_x", "X", json!({}))}}));
    s.info.title = "Pet\nStore".to_owned();
    let config = generator::Config { generated_by: "cargo xtask generate".to_owned(), ..generator::Config::default() };
    let files = generator::generate(&s, &config).unwrap();
    for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
        assert!(
            f.contents.starts_with(
                "// @generated by `cargo xtask generate` from the Pet Store spec. Do not edit: regenerate instead.\n"
            ),
            "{}",
            f.path
        );
    }
    assert!(file(&files, "Cargo.toml").starts_with("# @generated by cargo xtask generate — do not edit\n"));
    assert!(file(&files, "src/lib.rs").contains("Generated from the API documentation by `cargo xtask generate`."));
}
