//! Lowers the spec's security schemes (`components.securitySchemes`) into what the crate docs say
//! about authenticating: each scheme's kind and where its credential goes, the preferred scheme
//! first.

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::ir::{AuthKind, AuthScheme, KeyLocation, OpAuth};

/// How `op` authenticates next to the crate's preferred scheme (the first of `declared`, see
/// [`schemes`]): its own `security` requirements, else the spec-wide ones. Without a declared
/// scheme there is nothing to compare with, and requirements naming an undeclared scheme cannot
/// be explained: nothing is said then.
pub(crate) fn operation(spec: &OpenAPI, op: &openapiv3::Operation, declared: &[AuthScheme]) -> OpAuth {
    let (Some(preferred), Some(requirements)) = (declared.first(), op.security.as_ref().or(spec.security.as_ref()))
    else {
        return OpAuth::Preferred;
    };
    let preferred = preferred.name.as_str();
    if requirements.iter().flat_map(IndexMap::keys).any(|name| declared.iter().all(|d| d.name != *name)) {
        return OpAuth::Preferred;
    }
    if requirements.is_empty() {
        return OpAuth::Unneeded;
    }
    if requirements.iter().any(IndexMap::is_empty) {
        return OpAuth::Optional;
    }
    if requirements.iter().any(|r| r.len() == 1 && r.contains_key(preferred)) {
        return OpAuth::Preferred;
    }
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    for r in requirements {
        let schemes: Vec<String> = r.keys().cloned().collect();
        if !alternatives.contains(&schemes) {
            alternatives.push(schemes);
        }
    }
    OpAuth::Schemes(alternatives)
}

/// The declared schemes: those the spec-wide `security` requirements name first (in their
/// order), then the others in declaration order. A `$ref` is followed within
/// `components.securitySchemes`; one that leads nowhere is left out (the docs are all that
/// depends on it).
pub(crate) fn schemes(spec: &OpenAPI) -> Vec<AuthScheme> {
    let Some(components) = &spec.components else { return Vec::new() };
    let declared = &components.security_schemes;
    let required = spec.security.iter().flatten().flat_map(|req| req.keys());
    let mut order: Vec<&String> = Vec::new();
    for name in required.chain(declared.keys()) {
        if declared.contains_key(name) && !order.contains(&name) {
            order.push(name);
        }
    }
    order
        .into_iter()
        .filter_map(|name| {
            let scheme = resolve(declared, declared.get(name)?)?;
            Some(AuthScheme { name: name.clone(), kind: kind(scheme) })
        })
        .collect()
}

/// `scheme`, or what its `$ref` chain within `declared` leads to.
fn resolve<'s>(
    declared: &'s IndexMap<String, ReferenceOr<SecurityScheme>>,
    mut scheme: &'s ReferenceOr<SecurityScheme>,
) -> Option<&'s SecurityScheme> {
    // A chain of references longer than the map must loop.
    for _ in 0..=declared.len() {
        match scheme {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/securitySchemes/")?;
                scheme = declared.get(name)?;
            }
        }
    }
    None
}

fn kind(scheme: &SecurityScheme) -> AuthKind {
    match scheme {
        SecurityScheme::APIKey { location, name, description, .. } => {
            let location = match location {
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let prefix = (location == KeyLocation::Header && name.eq_ignore_ascii_case("authorization"))
                .then(|| description.as_deref().and_then(documented_prefix))
                .flatten();
            AuthKind::ApiKey { location, name: name.clone(), prefix }
        }
        SecurityScheme::HTTP { scheme, .. } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => AuthKind::Bearer,
            "basic" => AuthKind::Basic,
            _ => AuthKind::OtherHttp { scheme: scheme.clone() },
        },
        SecurityScheme::OAuth2 { flows, .. } => {
            // The first flow (in this order) that has the URL.
            let first = |urls: &[Option<&String>]| urls.iter().flatten().next().map(|url| (*url).clone());
            let token_url = first(&[
                flows.authorization_code.as_ref().map(|f| &f.token_url),
                flows.client_credentials.as_ref().map(|f| &f.token_url),
                flows.password.as_ref().map(|f| &f.token_url),
            ]);
            let authorization_url = first(&[
                flows.authorization_code.as_ref().map(|f| &f.authorization_url),
                flows.implicit.as_ref().map(|f| &f.authorization_url),
            ]);
            AuthKind::OAuth2 { token_url, authorization_url }
        }
        SecurityScheme::OpenIDConnect { open_id_connect_url, .. } => {
            AuthKind::OpenIdConnect { url: open_id_connect_url.clone() }
        }
    }
}

/// The scheme word an `Authorization` API key is documented to start with: the first code span
/// of the description that reads `<Token|Bearer> <something>` (Make: "with the value:
/// `Token your-api-token`"), as `Token` or `Bearer`.
fn documented_prefix(description: &str) -> Option<&'static str> {
    description.split('`').skip(1).step_by(2).find_map(|span| {
        let (word, rest) = span.trim().split_once(' ')?;
        if rest.trim().is_empty() {
            return None;
        }
        ["Token", "Bearer"].into_iter().find(|known| known.eq_ignore_ascii_case(word))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn lowered(components: serde_json::Value, security: serde_json::Value) -> Vec<AuthScheme> {
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"securitySchemes": components},
            "security": security,
        });
        schemes(&serde_json::from_value(spec).unwrap())
    }

    #[test]
    fn every_kind_of_scheme_is_lowered_with_where_its_credential_goes() {
        let got = lowered(
            json!({
                "query": {"type": "apiKey", "in": "query", "name": "key"},
                "header": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
                "bearer": {"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"},
                "basic": {"type": "http", "scheme": "basic"},
                "digest": {"type": "http", "scheme": "digest"},
                "oauth": {"type": "oauth2", "flows": {
                    "implicit": {"authorizationUrl": "https://a.example/auth", "scopes": {}},
                    "clientCredentials": {"tokenUrl": "https://a.example/token", "scopes": {}},
                }},
                "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://a.example/.well-known"},
            }),
            json!([]),
        );
        let expected = [
            ("query", AuthKind::ApiKey { location: KeyLocation::Query, name: "key".into(), prefix: None }),
            ("header", AuthKind::ApiKey { location: KeyLocation::Header, name: "X-Api-Key".into(), prefix: None }),
            ("cookie", AuthKind::ApiKey { location: KeyLocation::Cookie, name: "session".into(), prefix: None }),
            ("bearer", AuthKind::Bearer),
            ("basic", AuthKind::Basic),
            ("digest", AuthKind::OtherHttp { scheme: "digest".into() }),
            (
                "oauth",
                AuthKind::OAuth2 {
                    token_url: Some("https://a.example/token".into()),
                    authorization_url: Some("https://a.example/auth".into()),
                },
            ),
            ("oidc", AuthKind::OpenIdConnect { url: "https://a.example/.well-known".into() }),
        ];
        // Declaration order (`json!` may sort the keys) is checked below; compare by name.
        let mut got: Vec<(&str, &AuthKind)> = got.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
        let mut expected: Vec<(&str, &AuthKind)> = expected.iter().map(|(n, k)| (*n, k)).collect();
        got.sort_by_key(|(name, _)| *name);
        expected.sort_by_key(|(name, _)| *name);
        assert_eq!(got, expected);
    }

    #[test]
    fn required_schemes_come_first_and_references_are_followed() {
        let got = lowered(
            json!({
                "a": {"type": "http", "scheme": "basic"},
                "b": {"$ref": "#/components/securitySchemes/c"},
                "c": {"type": "apiKey", "in": "query", "name": "k"},
                "loop": {"$ref": "#/components/securitySchemes/loop"},
                "dangling": {"$ref": "#/components/securitySchemes/nowhere"},
            }),
            json!([{"b": []}, {"undeclared": []}, {"a": [], "b": []}]),
        );
        // `b` is required first, `a` next; `c` is declared after `a`; the loop and the dangling
        // reference are left out.
        let names: Vec<&str> = got.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        assert_eq!(got[0].kind, AuthKind::ApiKey { location: KeyLocation::Query, name: "k".into(), prefix: None });
    }

    #[test]
    fn an_authorization_key_takes_the_scheme_word_its_description_shows() {
        let cases = [
            ("Use the value: `Token your-api-token`.", Some("Token")),
            ("Send `bearer <jwt>` in the header.", Some("Bearer")),
            ("The header is `Authorization`; its value is `Token abc`.", Some("Token")),
            ("`Token` alone says nothing about the value.", None),
            ("Send `Basic abc`.", None),
            ("No code at all: Token abc.", None),
        ];
        for (description, expected) in cases {
            let got = lowered(
                json!({"k": {"type": "apiKey", "in": "header", "name": "authorization", "description": description}}),
                json!([]),
            );
            let prefix = match &got[0].kind {
                AuthKind::ApiKey { prefix, .. } => *prefix,
                other => panic!("{other:?}"),
            };
            assert_eq!(prefix, expected, "{description}");
        }
        // Another header's description does not matter.
        let got = lowered(
            json!({"k": {"type": "apiKey", "in": "header", "name": "X-Key", "description": "`Token abc`"}}),
            json!([]),
        );
        assert!(matches!(&got[0].kind, AuthKind::ApiKey { prefix: None, .. }));
    }
}
