//! Prepares a third-party spec for the generator the way our pipeline prepares the Make spec:
//! the generator needs an `operationId` and a tag on every operation. Used by `cargo xtask
//! realworld` and `cargo xtask generate`.
//!
//! Only what is missing is filled in, and every fill is counted and described:
//! - an operation without `operationId` gets the first of [`names::candidates`] (summary, else
//!   method and path's nouns) free within its tag; only when none is, a `_2`, `_3`… suffix; so
//!   does one whose `operationId` names the same method as an earlier one of its tag (`List
//!   Rules`, `List rules`);
//! - an operation without tags gets the tag [`DEFAULT_TAG`];
//! - a tag with empty hierarchy segments (`domains/`, `/archive`: the generator nests resources
//!   at `/` and `>`, see [`generator::tag_path`]) loses them, on operations and tag objects
//!   alike (`domains`, `archive`); a tag with nothing else (``) is dropped;
//! - a path item that is a `$ref` to another path of the spec (`/support/ip-address: {$ref:
//!   '#/paths/~1ip-address'}`, the same operations at a second path) becomes a copy of that path
//!   item, its operations without their `operationId`s (each path's operations need their own
//!   names; the copies' names are derived as above). References to anything else, and cycles,
//!   are left for the generator to reject with their location.
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
    /// Operations in the spec (path items copied from their `$ref` counted; `$ref`s left in
    /// place not).
    pub operations: usize,
    /// `operationId`s derived.
    pub derived_ids: usize,
    /// Operations given [`DEFAULT_TAG`].
    pub default_tags: usize,
    /// Tag names rid of empty hierarchy segments (each name counted once).
    pub tidied_tags: usize,
    /// Path items copied from the path their `$ref` names.
    pub copied_paths: usize,
    /// One line per fill (path items copied, tags and clashing ids dropped, then `operationId`s
    /// derived, each in spec order):
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
        if self.tidied_tags > 0 {
            parts.push(format!("{} tag names", self.tidied_tags));
        }
        if self.copied_paths > 0 {
            parts.push(format!("{} path refs", self.copied_paths));
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
    copy_referenced_paths(spec, &mut prepared);
    tidy_tags(spec, &mut prepared);
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
                // Ids unique as written may clash as method names (`List Rules`, `List rules`):
                // the later one is derived anew.
                if !taken.entry(tag.clone()).or_default().insert(id.to_snake_case()) {
                    prepared.fills.push(format!(
                        "{} {path}: operationId `{id}` dropped (the same method name as another in tag `{tag}`)",
                        method.to_ascii_uppercase()
                    ));
                    op.operation_id = None;
                }
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

/// `tag` without empty hierarchy segments (`domains/` → `domains`, `a//b` → `a / b`); `None`
/// when nothing is left; the name itself when no segment is empty.
fn tidy_tag(tag: &str) -> Option<String> {
    let segments = generator::tag_path(tag, None);
    if segments.iter().all(|s| !s.is_empty()) {
        return Some(tag.to_owned());
    }
    let kept: Vec<&str> = segments.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    (!kept.is_empty()).then(|| kept.join(" / "))
}

/// Renames every tag [`tidy_tag`] changes, on operations and tag objects; drops the empty ones.
fn tidy_tags(spec: &mut OpenAPI, prepared: &mut Prepared) {
    let mut renamed: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut tidy = |tag: &str| -> Option<String> {
        renamed
            .entry(tag.to_owned())
            .or_insert_with(|| {
                let tidied = tidy_tag(tag);
                if tidied.as_deref() != Some(tag) {
                    prepared.tidied_tags += 1;
                    let to = tidied.as_deref().map_or_else(|| "dropped".to_owned(), |t| format!("`{t}`"));
                    prepared.fills.push(format!("tag `{tag}`: {to} (empty hierarchy segments)"));
                }
                tidied
            })
            .clone()
    };
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, op) in operations_mut(item) {
            if let Some(op) = op {
                op.tags = op.tags.iter().filter_map(|t| tidy(t)).collect();
            }
        }
    }
    spec.tags = std::mem::take(&mut spec.tags)
        .into_iter()
        .filter_map(|mut t| {
            t.name = tidy(&t.name)?;
            Some(t)
        })
        .collect();
}

/// The longest chain of path items referring to path items that is followed.
const MAX_PATH_REF_CHAIN: usize = 16;

/// The path item a path-item `$ref` finally names, when it is another path of `spec` (chains
/// followed; `None` for anything else and for cycles).
fn referenced_path(spec: &OpenAPI, reference: &str) -> Option<PathItem> {
    let mut reference = reference;
    for _ in 0..MAX_PATH_REF_CHAIN {
        let segments = generator::local_ref_segments(reference).ok()?;
        let [root, path] = segments.as_slice() else { return None };
        if root != "paths" {
            return None;
        }
        match spec.paths.paths.get(path)? {
            ReferenceOr::Item(item) => return Some(item.clone()),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// Replaces every path-item `$ref` to another path by a copy of that path item whose operations
/// have no `operationId` (see the module docs).
fn copy_referenced_paths(spec: &mut OpenAPI, prepared: &mut Prepared) {
    let copies: Vec<(String, String, PathItem)> = spec
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| match item {
            ReferenceOr::Reference { reference } => {
                referenced_path(spec, reference).map(|target| (path.clone(), reference.clone(), target))
            }
            ReferenceOr::Item(_) => None,
        })
        .collect();
    for (path, reference, mut item) in copies {
        for (_, op) in operations_mut(&mut item) {
            if let Some(op) = op {
                op.operation_id = None;
            }
        }
        prepared.copied_paths += 1;
        prepared.fills.push(format!("{path}: path item copied from its `$ref` `{reference}`"));
        if let Some(slot) = spec.paths.paths.get_mut(&path) {
            *slot = ReferenceOr::Item(item);
        }
    }
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
            .filter_map(|(path, item)| Some((path, item.as_item()?)))
            .flat_map(|(path, item)| {
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
                    tidied_tags: 0,
                    copied_paths: 0,
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
                        "/d/{id}": {"delete": {"responses": {"200": ok}}},
                        "/e": {"get": {"operationId": "Get thing", "responses": {"200": ok}}}}}),
                vec![
                    ("get /a", "get_a", vec![DEFAULT_TAG]),
                    ("get /b", "get_b", vec![DEFAULT_TAG]),
                    ("get /c", "getThing", vec![DEFAULT_TAG]),
                    ("delete /d/{id}", "delete_d", vec![DEFAULT_TAG]),
                    ("get /e", "get_e", vec![DEFAULT_TAG]),
                ],
                Prepared {
                    operations: 5,
                    derived_ids: 4,
                    default_tags: 5,
                    tidied_tags: 0,
                    copied_paths: 0,
                    fills: [
                        "GET /a: tag `Default`",
                        "GET /b: tag `Default`",
                        "GET /c: tag `Default`",
                        "DELETE /d/{id}: tag `Default`",
                        "GET /e: tag `Default`",
                        "GET /e: operationId `Get thing` dropped (the same method name as another in tag `Default`)",
                        "GET /a: operationId `get_a`",
                        "GET /b: operationId `get_b`",
                        "DELETE /d/{id}: operationId `delete_d`",
                        "GET /e: operationId `get_e`",
                    ]
                    .map(String::from)
                    .to_vec(),
                },
            ),
            (
                // A path item `$ref` to another path (directly or through another reference) is a
                // copy of it with names of its own; a cycle and a reference elsewhere stay.
                serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                    "paths": {
                        "/ip": {"get": {"operationId": "getIp", "summary": "Get IP", "tags": ["net"], "responses": {"200": ok}}},
                        "/support/ip": {"$ref": "#/paths/~1ip"},
                        "/old/ip": {"$ref": "#/paths/~1support~1ip"},
                        "/loop": {"$ref": "#/paths/~1loop"},
                        "/elsewhere": {"$ref": "other.yaml#/paths/~1ip"}}}),
                vec![
                    ("get /ip", "getIp", vec!["net"]),
                    ("get /support/ip", "get_support_ip", vec!["net"]),
                    ("get /old/ip", "get_old_ip", vec!["net"]),
                ],
                Prepared {
                    operations: 3,
                    derived_ids: 2,
                    default_tags: 0,
                    tidied_tags: 0,
                    copied_paths: 2,
                    fills: [
                        "/support/ip: path item copied from its `$ref` `#/paths/~1ip`",
                        "/old/ip: path item copied from its `$ref` `#/paths/~1support~1ip`",
                        "GET /support/ip: operationId `get_support_ip`",
                        "GET /old/ip: operationId `get_old_ip`",
                    ]
                    .map(String::from)
                    .to_vec(),
                },
            ),
            (
                // Tags with empty hierarchy segments lose them (tag objects too); an empty tag is
                // dropped, and an operation left without tags gets the default one.
                serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
                    "tags": [{"name": "domains/"}, {"name": "a > b"}],
                    "paths": {
                        "/a": {"get": {"operationId": "a", "tags": ["domains/", "/x//y"], "responses": {"200": ok}}},
                        "/b": {"get": {"operationId": "b", "tags": ["domains/"], "responses": {"200": ok}}},
                        "/c": {"get": {"operationId": "c", "tags": ["a > b"], "responses": {"200": ok}}},
                        "/d": {"get": {"operationId": "d", "tags": [""], "responses": {"200": ok}}}}}),
                vec![
                    ("get /a", "a", vec!["domains", "x / y"]),
                    ("get /b", "b", vec!["domains"]),
                    ("get /c", "c", vec!["a > b"]),
                    ("get /d", "d", vec![DEFAULT_TAG]),
                ],
                Prepared {
                    operations: 4,
                    derived_ids: 0,
                    default_tags: 1,
                    tidied_tags: 3,
                    copied_paths: 0,
                    fills: [
                        "tag `domains/`: `domains` (empty hierarchy segments)",
                        "tag `/x//y`: `x / y` (empty hierarchy segments)",
                        "tag ``: dropped (empty hierarchy segments)",
                        "GET /d: tag `Default`",
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
            let tag_objects: Vec<&str> = s.tags.iter().map(|t| t.name.as_str()).collect();
            assert!(tag_objects.iter().all(|t| tidy_tag(t).as_deref() == Some(*t)), "{tag_objects:?}");
            assert_eq!(s.servers, servers);
        }
    }

    #[test]
    fn report_lists_fills() {
        let p = Prepared {
            operations: 9,
            derived_ids: 3,
            default_tags: 2,
            tidied_tags: 4,
            copied_paths: 1,
            fills: Vec::new(),
        };
        assert_eq!(p.to_string(), "3 ids, 2 tags, 4 tag names, 1 path refs");
        assert_eq!(Prepared::default().to_string(), "—");
    }
}
