//! Prepares a third-party spec for the generator the way our pipeline prepares the Make spec:
//! the generator needs an `operationId` and a tag on every operation. Used by `cargo xtask
//! realworld` and `cargo xtask generate`.
//!
//! Only what is missing is filled in, and every fill is counted and described:
//! - an operation without `operationId` gets the first of [`names::candidates`] (summary, else
//!   method and path's nouns) free within its tag; only when none is, a `_2`, `_3`… suffix;
//! - an operation without tags gets the tag [`DEFAULT_TAG`].
//!
//! Servers are left as they are: a spec without an absolute server URL generates a client that
//! needs a base URL from the caller. Everything else (including `$ref`s and unsupported
//! constructs) is left for the generator to accept or reject with its location.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use crate::names;

/// The tag given to operations that have none.
pub const DEFAULT_TAG: &str = "Default";

/// What [`prepare`] filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prepared {
    /// Operations in the spec (path-item `$ref`s not counted).
    pub operations: usize,
    /// `operationId`s derived.
    pub derived_ids: usize,
    /// Operations given [`DEFAULT_TAG`].
    pub default_tags: usize,
    /// One line per fill (tags, then `operationId`s, each in spec order):
    /// ``GET /pets: tag `Default` ``, ``GET /pets: operationId `list_pets` ``.
    pub fills: Vec<String>,
}

impl std::fmt::Display for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.derived_ids > 0 {
            parts.push(format!("{} ids", self.derived_ids));
        }
        if self.default_tags > 0 {
            parts.push(format!("{} tags", self.default_tags));
        }
        if parts.is_empty() { f.write_str("—") } else { f.write_str(&parts.join(", ")) }
    }
}

/// The operations of a path item, in the order openapiv3 iterates them.
fn operations_mut(item: &mut PathItem) -> [(&'static str, Option<&mut Operation>); 8] {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("options", item.options.as_mut()),
        ("head", item.head.as_mut()),
        ("patch", item.patch.as_mut()),
        ("trace", item.trace.as_mut()),
    ]
}

/// Fills in what the generator needs and the spec lacks; returns what was filled.
pub fn prepare(spec: &mut OpenAPI) -> Prepared {
    let mut prepared = Prepared::default();
    // Names already taken per tag (as the generator will see them: snake case).
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in operations_mut(item) {
            let Some(op) = op else { continue };
            prepared.operations += 1;
            if op.tags.is_empty() {
                op.tags.push(DEFAULT_TAG.to_string());
                prepared.default_tags += 1;
                prepared.fills.push(format!("{} {path}: tag `{DEFAULT_TAG}`", method.to_ascii_uppercase()));
            }
            if let (Some(id), Some(tag)) = (&op.operation_id, op.tags.first()) {
                taken.entry(tag.clone()).or_default().insert(id.to_snake_case());
            }
        }
    }
    for (path, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in operations_mut(item) {
            let Some(op) = op else { continue };
            if op.operation_id.is_some() {
                continue;
            }
            let tag = op.tags.first().cloned().unwrap_or_else(|| DEFAULT_TAG.to_string());
            let in_tag = taken.entry(tag).or_default();
            let options = names::candidates(op.summary.as_deref(), method, path);
            let base = options.first().cloned().unwrap_or_else(|| format!("{method}_operation"));
            let name = match options.into_iter().find(|n| !in_tag.contains(n)) {
                Some(free) => free,
                None => (2..).map(|n| format!("{base}_{n}")).find(|n| !in_tag.contains(n)).unwrap_or(base),
            };
            in_tag.insert(name.clone());
            prepared.fills.push(format!("{} {path}: operationId `{name}`", method.to_ascii_uppercase()));
            op.operation_id = Some(name);
            prepared.derived_ids += 1;
        }
    }
    prepared
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn spec(json: serde_json::Value) -> OpenAPI {
        serde_json::from_value(json).unwrap()
    }

    fn ids(spec: &OpenAPI) -> Vec<(String, String, Vec<String>)> {
        spec.paths
            .iter()
            .flat_map(|(path, item)| {
                let item = item.as_item().unwrap();
                item.iter()
                    .map(|(m, op)| {
                        (format!("{m} {path}"), op.operation_id.clone().unwrap_or_default(), op.tags.clone())
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn fills_only_what_is_missing() {
        let ok = serde_json::json!({"description": "ok"});
        let cases = [
            // (spec, expected ids and tags, expected report)
            (
                serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                    "servers": [{"url": "https://x.test"}],
                    "paths": {"/pets": {
                        "get": {"operationId": "listPets", "tags": ["pets"], "responses": {"200": ok}},
                        "post": {"summary": "Create a pet", "tags": ["pets"], "responses": {"200": ok}}}}}),
                vec![("get /pets", "listPets", vec!["pets"]), ("post /pets", "create_pet", vec!["pets"])],
                Prepared {
                    operations: 2,
                    derived_ids: 1,
                    default_tags: 0,
                    fills: vec!["POST /pets: operationId `create_pet`".into()],
                },
            ),
            (
                // No servers (left so), no tags, no ids; two summaries that derive the same name,
                // and an existing id that already holds it in snake case: names from method and path
                // nouns instead of numbered suffixes.
                serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                    "paths": {
                        "/a": {"get": {"summary": "Get thing", "responses": {"200": ok}}},
                        "/b": {"get": {"summary": "Get thing", "responses": {"200": ok}}},
                        "/c": {"get": {"operationId": "getThing", "responses": {"200": ok}}},
                        "/d/{id}": {"delete": {"responses": {"200": ok}}}}}),
                vec![
                    ("get /a", "get_a", vec![DEFAULT_TAG]),
                    ("get /b", "get_b", vec![DEFAULT_TAG]),
                    ("get /c", "getThing", vec![DEFAULT_TAG]),
                    ("delete /d/{id}", "delete_d", vec![DEFAULT_TAG]),
                ],
                Prepared {
                    operations: 4,
                    derived_ids: 3,
                    default_tags: 4,
                    fills: [
                        "GET /a: tag `Default`",
                        "GET /b: tag `Default`",
                        "GET /c: tag `Default`",
                        "DELETE /d/{id}: tag `Default`",
                        "GET /a: operationId `get_a`",
                        "GET /b: operationId `get_b`",
                        "DELETE /d/{id}: operationId `delete_d`",
                    ]
                    .map(String::from)
                    .to_vec(),
                },
            ),
        ];
        for (input, expected, report) in cases {
            let mut s = spec(input);
            let servers = s.servers.clone();
            let got = prepare(&mut s);
            assert_eq!(got, report);
            let expected: Vec<(String, String, Vec<String>)> = expected
                .into_iter()
                .map(|(k, id, tags)| (k.to_string(), id.to_string(), tags.into_iter().map(String::from).collect()))
                .collect();
            assert_eq!(ids(&s), expected);
            assert_eq!(s.servers, servers);
        }
    }

    #[test]
    fn report_lists_fills() {
        let p = Prepared { operations: 9, derived_ids: 3, default_tags: 2, fills: Vec::new() };
        assert_eq!(p.to_string(), "3 ids, 2 tags");
        assert_eq!(Prepared::default().to_string(), "—");
    }
}
