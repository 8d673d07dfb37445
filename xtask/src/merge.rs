//! Merge: many one-endpoint documents in, one OpenAPI document out.
//!
//! Servers, component definitions and tags are deduplicated (a server or
//! component that differs between fragments is a conflict); each fragment's
//! top-level `security` becomes its operation's `security`; each operation
//! records its source page and heading as `x-make-source`. The same METHOD+path
//! twice is merged when identical and a conflict otherwise, except that a
//! markdown fragment always wins over rendered text of the same operation.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::Endpoint;
use crate::extract::markdown::METHODS;
use crate::pipeline::SourceIndex;
use crate::sources::Form;

/// Extension naming the page and heading an operation came from.
pub const SOURCE_EXT: &str = "x-make-source";

/// The merged document and what the merge noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged OpenAPI document (paths sorted, operations in OpenAPI method order).
    pub spec: Value,
    /// Non-fatal observations for the report (identical duplicates, differing tag texts…).
    pub notes: Vec<String>,
    /// Rendered-text operations shadowed by a markdown fragment of the same operation:
    /// (the markdown endpoint, the rendered endpoint), for cross-checking.
    pub shadowed: Vec<(Endpoint, Endpoint)>,
    /// The page and line each operation and component of `spec` came from.
    pub sources: SourceIndex,
}

/// Where a definition was first seen, for conflict messages.
fn place(e: &Endpoint) -> String {
    format!("{}:{}", e.file, e.line)
}

/// Merges endpoints in a canonical order (markdown before rendered, then file and
/// line), so the result does not depend on the order pages were read in.
pub fn merge(endpoints: &[Endpoint]) -> Result<Merged, Diagnostics> {
    merge_owned(endpoints.to_vec())
}

/// What the merge does with one endpoint, decided before any is taken apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Merged into the spec.
    Merge,
    /// Contributes nothing: no operation, or a rendered text shadowed by a markdown fragment.
    Skip,
}

/// [`merge`], taking the endpoints apart instead of copying their documents.
pub fn merge_owned(mut endpoints: Vec<Endpoint>) -> Result<Merged, Diagnostics> {
    endpoints.sort_by(|a, b| (a.form, &a.file, a.line).cmp(&(b.form, &b.file, b.line)));
    let mut diags = Diagnostics::default();
    let mut notes = Vec::new();

    // First the shadowing, while the documents are whole: the markdown fragment wins and
    // the rendered text only feeds the cross-check.
    let mut shadowed = Vec::new();
    let mut roles = Vec::with_capacity(endpoints.len());
    let mut first_of: HashMap<(&str, &str), usize> = HashMap::new();
    // Every endpoint carries its operation: extraction rejects a fragment whose operation is
    // not an object, and normalization renames the path key together with the endpoint's path.
    for (idx, e) in endpoints.iter().enumerate() {
        match first_of.get(&(e.path.as_str(), e.method.as_str())) {
            Some(&first) if endpoints[first].form == Form::Markdown && e.form != Form::Markdown => {
                shadowed.push((endpoints[first].clone(), e.clone()));
                roles.push(Role::Skip);
            }
            Some(_) => roles.push(Role::Merge),
            None => {
                first_of.insert((e.path.as_str(), e.method.as_str()), idx);
                roles.push(Role::Merge);
            }
        }
    }
    drop(first_of);

    let mut servers: IndexMap<String, (Value, usize)> = IndexMap::new();
    let mut components: IndexMap<(String, String), (Value, usize)> = IndexMap::new();
    let mut tags: IndexMap<String, (Value, usize)> = IndexMap::new();
    let mut ops: IndexMap<(String, String), (Value, usize)> = IndexMap::new();
    let mut info: Option<Value> = None;
    let mut sources = SourceIndex::default();

    for (idx, role) in roles.into_iter().enumerate() {
        if role == Role::Skip {
            continue;
        }
        let Some(mut doc) = endpoints.get_mut(idx).map(|e| std::mem::take(&mut e.document)) else { continue };
        let e = &endpoints[idx];
        let Some(op) = take_operation(e, &mut doc) else { continue };
        let key = (e.path.clone(), e.method.clone());
        if info.is_none() {
            info = doc.get_mut("info").map(Value::take);
        }
        if let Some(Value::Array(list)) = doc.get_mut("servers").map(Value::take) {
            for s in list {
                let url = s.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
                match servers.get(&url) {
                    Some((old, first)) if *old != s => diags.push(Diagnostic::new(
                        &e.file,
                        e.line,
                        format!("server `{url}` differs from its definition at {}", place(&endpoints[*first])),
                    )),
                    Some(_) => {}
                    None => {
                        servers.insert(url, (s, idx));
                    }
                }
            }
        }
        if let Some(Value::Object(all)) = doc.get_mut("components").map(Value::take) {
            for (kind, defs) in all {
                let Value::Object(defs) = defs else { continue };
                for (name, def) in defs {
                    let key = (kind.clone(), name);
                    match components.get(&key) {
                        Some((old, first)) if *old != def => diags.push(Diagnostic::new(
                            &e.file,
                            e.line,
                            format!(
                                "components.{kind}.{} differs from its definition at {}",
                                key.1,
                                place(&endpoints[*first])
                            ),
                        )),
                        Some(_) => {}
                        None => {
                            sources.add_component(&key.0, &key.1, &e.file, e.line);
                            components.insert(key, (def, idx));
                        }
                    }
                }
            }
        }
        if let Some(Value::Array(list)) = doc.get_mut("tags").map(Value::take) {
            for t in list {
                let name = t.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
                match tags.get(&name) {
                    Some((old, first)) if *old != t => {
                        let note = format!(
                            "tag `{name}` in {} differs from {}; kept the latter",
                            e.file,
                            place(&endpoints[*first])
                        );
                        if !notes.contains(&note) {
                            notes.push(note);
                        }
                    }
                    Some(_) => {}
                    None => {
                        tags.insert(name, (t, idx));
                    }
                }
            }
        }
        match ops.get(&key) {
            None => {
                sources.add_operation(&key.0, &key.1, &e.file, e.line);
                ops.insert(key, (op, idx));
            }
            Some((old, first)) => {
                let first_ep = &endpoints[*first];
                if without_source(old) == without_source(&op) {
                    notes.push(format!(
                        "{} {} is documented identically at {} and {}; merged",
                        e.method.to_uppercase(),
                        e.path,
                        place(first_ep),
                        place(e)
                    ));
                } else {
                    diags.push(Diagnostic::new(
                        &e.file,
                        e.line,
                        format!(
                            "{} {} conflicts with its other definition at {}",
                            e.method.to_uppercase(),
                            e.path,
                            place(first_ep)
                        ),
                    ));
                }
            }
        }
    }
    drop(endpoints);

    let spec = assemble(info, servers, components, tags, ops);
    diags.into_result(Merged { spec, notes, shadowed, sources })
}

/// Takes the endpoint's operation out of its document (`doc`, already taken from the
/// endpoint), with its fragment-level `security`, path-level parameters and source folded in.
fn take_operation(e: &Endpoint, doc: &mut Value) -> Option<Value> {
    let item = doc.get_mut("paths")?.get_mut(&e.path)?;
    let Some(Value::Object(mut op)) = item.get_mut(&e.method).map(Value::take) else { return None };
    if let Some(Value::Array(shared)) = item.get_mut("parameters").map(Value::take) {
        let own = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(own) = own {
            let mut all = shared;
            all.retain(|p| !own.iter().any(|o| same_param(o, p)));
            all.append(own);
            *own = all;
        }
    }
    if let Some(Value::Array(top)) = doc.get_mut("security").map(Value::take) {
        match op.get_mut("security") {
            None => {
                op.insert("security".into(), Value::Array(top));
            }
            Some(Value::Array(own)) => {
                // Never lose a scope: requirements only the fragment level names are kept too.
                for req in top {
                    if !own.contains(&req) {
                        own.push(req);
                    }
                }
            }
            Some(_) => {}
        }
    }
    op.insert(SOURCE_EXT.into(), json!({"page": e.page, "heading": e.heading}));
    Some(Value::Object(op))
}

fn same_param(a: &Value, b: &Value) -> bool {
    a.get("name") == b.get("name") && a.get("in") == b.get("in")
}

fn without_source(op: &Value) -> Value {
    let mut op = op.clone();
    if let Some(o) = op.as_object_mut() {
        o.remove(SOURCE_EXT);
    }
    op
}

fn assemble(
    info: Option<Value>,
    servers: IndexMap<String, (Value, usize)>,
    components: IndexMap<(String, String), (Value, usize)>,
    tags: IndexMap<String, (Value, usize)>,
    ops: IndexMap<(String, String), (Value, usize)>,
) -> Value {
    // The fragments all call themselves "Web API v2 - Public"; the merged document is the Make API.
    let version = info.as_ref().and_then(|i| i.get("version")).cloned().unwrap_or_else(|| json!("1.0.0"));
    let info = json!({
        "title": "Make API",
        "description": "The Make API v2, merged from Make's API reference pages by `cargo xtask regen`.",
        "version": version,
    });
    let mut comp = Map::new();
    let mut comp_keys: Vec<_> = components.into_iter().collect();
    comp_keys.sort_by(|a, b| a.0.cmp(&b.0));
    for ((kind, name), (def, _)) in comp_keys {
        if let Value::Object(m) = comp.entry(kind).or_insert_with(|| Value::Object(Map::new())) {
            m.insert(name, def);
        }
    }
    let mut keys: Vec<_> = ops.into_iter().collect();
    keys.sort_by(|((pa, ma), _), ((pb, mb), _)| {
        let rank = |m: &str| METHODS.iter().position(|x| *x == m).unwrap_or(METHODS.len());
        (pa, rank(ma)).cmp(&(pb, rank(mb)))
    });
    let mut paths = Map::new();
    for ((path, method), (op, _)) in keys {
        if let Value::Object(item) = paths.entry(path).or_insert_with(|| Value::Object(Map::new())) {
            item.insert(method, op);
        }
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.3"));
    doc.insert("info".into(), info);
    doc.insert("servers".into(), Value::Array(servers.into_values().map(|(v, _)| v).collect()));
    doc.insert("tags".into(), Value::Array(tags.into_values().map(|(v, _)| v).collect()));
    doc.insert("paths".into(), Value::Object(paths));
    if !comp.is_empty() {
        doc.insert("components".into(), Value::Object(comp));
    }
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn ep(file: &str, line: usize, form: Form, method: &str, path: &str, doc: Value) -> Endpoint {
        Endpoint {
            page: "demo".into(),
            file: file.into(),
            form,
            heading: format!("H{line}"),
            line,
            method: method.into(),
            path: path.into(),
            document: doc,
        }
    }

    fn doc(method: &str, path: &str, op: Value, top: Value) -> Value {
        let mut d = json!({"openapi": "3.0.0", "info": {"title": "T ", "version": "1"}, "paths": {path: {method: op}}});
        if let (Some(d), Some(t)) = (d.as_object_mut(), top.as_object()) {
            d.extend(t.clone());
        }
        d
    }

    fn simple(file: &str, line: usize, method: &str, path: &str, top: Value) -> Endpoint {
        ep(file, line, Form::Markdown, method, path, doc(method, path, json!({"responses": {}}), top))
    }

    #[test]
    fn servers_components_and_tags_are_deduplicated() {
        let top = json!({
            "servers": [{"url": "https://eu1/api", "description": "EU1"}, {"url": "https://us1/api", "description": "US1"}],
            "components": {"securitySchemes": {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}},
            "tags": [{"name": "Orgs", "description": "d"}],
        });
        let mut second = top.clone();
        second["servers"] =
            json!([{"url": "https://us1/api", "description": "US1"}, {"url": "https://eu2/api", "description": "EU2"}]);
        let m = merge(&[simple("a.md", 1, "get", "/a", top), simple("a.md", 9, "get", "/b", second)]).unwrap();
        let urls: Vec<&str> =
            m.spec["servers"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap()).collect();
        assert_eq!(urls, ["https://eu1/api", "https://us1/api", "https://eu2/api"]);
        assert_eq!(m.spec["tags"].as_array().unwrap().len(), 1);
        assert_eq!(m.spec["components"]["securitySchemes"].as_object().unwrap().len(), 1);
        assert_eq!(m.spec["info"]["title"], "Make API");
        assert_eq!(m.spec["info"]["version"], "1");
    }

    #[test]
    fn path_level_parameters_join_each_operation_unless_it_declares_its_own() {
        let own = json!({"name": "id", "in": "path", "required": true, "description": "own"});
        let mut d = doc("get", "/a/{id}", json!({"parameters": [own], "responses": {}}), json!({}));
        d["paths"]["/a/{id}"]["parameters"] = json!([
            {"name": "id", "in": "path", "required": true, "description": "shared"},
            {"name": "id", "in": "query"},
            {"name": "q", "in": "query"}
        ]);
        let m = merge(&[ep("p.md", 1, Form::Markdown, "get", "/a/{id}", d)]).unwrap();
        // Same name and location: the operation's own wins; the others are shared first.
        let want = json!([{"name": "id", "in": "query"}, {"name": "q", "in": "query"}, own]);
        assert_eq!(m.spec["paths"]["/a/{id}"]["get"]["parameters"], want);
    }

    #[test]
    fn a_tag_described_differently_keeps_the_first_description_with_one_note() {
        let tag = |d: &str| json!({"tags": [{"name": "Orgs", "description": d}]});
        let endpoints = [
            simple("p.md", 3, "get", "/a", tag("First.")),
            simple("q.md", 2, "get", "/b", tag("Second.")),
            simple("q.md", 7, "get", "/c", tag("Second.")),
            simple("r.md", 1, "get", "/d", tag("First.")),
        ];
        let m = merge(&endpoints).unwrap();
        assert_eq!(m.spec["tags"], json!([{"name": "Orgs", "description": "First."}]));
        assert_eq!(m.notes, ["tag `Orgs` in q.md differs from p.md:3; kept the latter"]);
    }

    #[test]
    fn differing_server_or_component_is_a_conflict_naming_both_places() {
        let a = json!({"servers": [{"url": "https://eu1/api", "description": "EU1"}]});
        let b = json!({"servers": [{"url": "https://eu1/api", "description": "Europe"}]});
        let err = merge(&[simple("p.md", 3, "get", "/a", a), simple("p.md", 8, "get", "/b", b)]).unwrap_err();
        assert_eq!(err.0[0].to_string(), "p.md:8: server `https://eu1/api` differs from its definition at p.md:3");

        let a = json!({"components": {"securitySchemes": {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}}});
        let b = json!({"components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}});
        let err = merge(&[simple("p.md", 3, "get", "/a", a), simple("q.md", 2, "get", "/b", b)]).unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            "q.md:2: components.securitySchemes.token differs from its definition at p.md:3"
        );
    }

    #[test]
    fn fragment_security_becomes_operation_security_without_losing_scopes() {
        let top = json!({"security": [{"token": ["organizations:read"]}]});
        let m = merge(&[simple("p.md", 1, "get", "/a", top.clone())]).unwrap();
        assert_eq!(m.spec["paths"]["/a"]["get"]["security"], json!([{"token": ["organizations:read"]}]));

        let own = json!({"responses": {}, "security": [{"token": ["admin:write"]}]});
        let e = ep("p.md", 1, Form::Markdown, "post", "/a", doc("post", "/a", own, top));
        let m = merge(&[e]).unwrap();
        assert_eq!(
            m.spec["paths"]["/a"]["post"]["security"],
            json!([{"token": ["admin:write"]}, {"token": ["organizations:read"]}])
        );
    }

    #[test]
    fn operations_record_their_source_and_are_ordered() {
        let m = merge(&[
            simple("p.md", 20, "post", "/b", json!({})),
            simple("p.md", 10, "get", "/b", json!({})),
            simple("p.md", 5, "delete", "/a", json!({})),
        ])
        .unwrap();
        let paths: Vec<&String> = m.spec["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/a", "/b"]);
        let methods: Vec<&String> = m.spec["paths"]["/b"].as_object().unwrap().keys().collect();
        assert_eq!(methods, ["get", "post"]);
        assert_eq!(m.spec["paths"]["/b"]["post"][SOURCE_EXT], json!({"page": "demo", "heading": "H20"}));
    }

    #[test]
    fn duplicates_merge_when_identical_and_conflict_otherwise() {
        let m = merge(&[simple("p.md", 1, "get", "/a", json!({})), simple("q.md", 4, "get", "/a", json!({}))]).unwrap();
        assert_eq!(m.spec["paths"]["/a"].as_object().unwrap().len(), 1);
        assert_eq!(m.notes, ["GET /a is documented identically at p.md:1 and q.md:4; merged"]);

        let other = ep(
            "q.md",
            4,
            Form::Markdown,
            "get",
            "/a",
            doc("get", "/a", json!({"responses": {}, "summary": "x"}), json!({})),
        );
        let err = merge(&[simple("p.md", 1, "get", "/a", json!({})), other]).unwrap_err();
        assert_eq!(err.0[0].to_string(), "q.md:4: GET /a conflicts with its other definition at p.md:1");
    }

    #[test]
    fn markdown_wins_over_rendered_text_in_any_input_order() {
        let rendered = ep(
            "r.txt",
            1,
            Form::Rendered,
            "get",
            "/a",
            doc("get", "/a", json!({"responses": {}, "summary": "r"}), json!({"tags": [{"name": "Rendered only"}]})),
        );
        let md = ep(
            "z.md",
            9,
            Form::Markdown,
            "get",
            "/a",
            doc("get", "/a", json!({"responses": {}, "summary": "m"}), json!({})),
        );
        for input in [vec![rendered.clone(), md.clone()], vec![md.clone(), rendered.clone()]] {
            let m = merge(&input).unwrap();
            assert_eq!(m.spec["paths"]["/a"]["get"]["summary"], "m");
            assert_eq!(m.shadowed.len(), 1);
            assert_eq!(m.shadowed[0].1.file, "r.txt");
            assert_eq!(m.spec["tags"], json!([]), "a shadowed section contributes nothing");
        }
    }
}
