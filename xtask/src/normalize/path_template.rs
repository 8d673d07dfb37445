//! Path quirks: a literal `?` ending the path, template variables no parameter declares, and
//! path parameters the template does not name.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Ctx;
use generator::PointerToken;

/// `$ref` → (`name`, `in`) of the document's `#/components/parameters`.
type RefParams = BTreeMap<String, (String, String)>;

/// Fixes the path of the operation `method` on `path` (renaming `path` and the document's
/// path key when the path itself changes). Pointers name the path as the page wrote it.
pub(super) fn fix(ctx: &mut Ctx<'_>, doc: &mut Value, path: &mut String, method: &str) {
    let written = format!("#/paths/{}", PointerToken(path));
    if let Some((base, query)) = path.split_once('?') {
        if !query.trim().is_empty() || base.is_empty() {
            ctx.error(&written, format!("path `{path}` has a query string; query parameters belong in `parameters`"));
            return;
        }
        let base = base.to_string();
        if !rename_path(doc, path, &base) {
            ctx.error(&written, format!("the fragment documents both `{path}` and `{base}`"));
            return;
        }
        ctx.fix(&written, format!("trailing `?` dropped from the path: `{path}` → `{base}`"));
        *path = base;
    }
    let refs = ref_params(doc);
    let template = template_names(path);
    let Some(item) = doc.get_mut("paths").and_then(|p| p.get_mut(path.as_str())).and_then(Value::as_object_mut) else {
        return;
    };
    let mut declared = Vec::new();
    if let Some(Value::Array(list)) = item.get_mut("parameters") {
        keep_used(ctx, list, &format!("{written}/parameters"), &template, &refs, &mut declared);
    }
    let op_ptr = format!("{written}/{method}");
    let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { return };
    if let Some(Value::Array(list)) = op.get_mut("parameters") {
        keep_used(ctx, list, &format!("{op_ptr}/parameters"), &template, &refs, &mut declared);
    }
    let missing: Vec<&String> = template.iter().filter(|name| !declared.contains(name)).collect();
    if missing.is_empty() {
        return;
    }
    let Value::Array(list) = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new())) else {
        ctx.error(&format!("{op_ptr}/parameters"), "`parameters` must be an array".to_string());
        return;
    };
    for name in missing {
        list.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
        ctx.fix(
            &format!("{op_ptr}/parameters"),
            format!(
                "path template names `{{{name}}}` but no parameter declares it; declared as a required string path parameter"
            ),
        );
    }
}

/// Renames the document's path key `from` to `to`, keeping the key order; false when `to`
/// is taken already.
fn rename_path(doc: &mut Value, from: &str, to: &str) -> bool {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return true };
    if paths.contains_key(to) {
        return false;
    }
    let renamed: Map<String, Value> =
        std::mem::take(paths).into_iter().map(|(k, v)| if k == from { (to.to_string(), v) } else { (k, v) }).collect();
    *paths = renamed;
    true
}

/// The variable names of a path template, in order and once each (`/a/{x}/{y}` → `x`, `y`);
/// an unclosed `{` ends the scan (the generator reports it with its location).
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else { break };
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = tail;
    }
    out
}

/// The document's own `components.parameters`, by the `$ref` that names them.
fn ref_params(doc: &Value) -> RefParams {
    let Some(Value::Object(params)) = doc.pointer("/components/parameters") else { return RefParams::new() };
    params
        .iter()
        .filter_map(|(key, p)| {
            let field = |f: &str| p.get(f).and_then(Value::as_str).map(str::to_string);
            Some((format!("#/components/parameters/{}", PointerToken(key)), (field("name")?, field("in")?)))
        })
        .collect()
}

/// `name` and `in` of a parameter, following a `$ref` into the document's components; `None`
/// for a `$ref` this document cannot resolve (the merged spec is checked for those).
fn name_and_location<'a>(p: &'a Value, refs: &'a RefParams) -> Option<(&'a str, &'a str)> {
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => refs.get(r).map(|(name, location)| (name.as_str(), location.as_str())),
        None => Some((p.get("name")?.as_str()?, p.get("in")?.as_str()?)),
    }
}

/// Drops the path parameters of `list` the template does not name (they could not be sent
/// anywhere) and records the others' names in `declared`.
fn keep_used(
    ctx: &mut Ctx<'_>,
    list: &mut Vec<Value>,
    ptr: &str,
    template: &[String],
    refs: &RefParams,
    declared: &mut Vec<String>,
) {
    let mut index = 0;
    list.retain(|p| {
        let at = index;
        index += 1;
        let Some((name, "path")) = name_and_location(p, refs) else { return true };
        if template.iter().any(|t| t == name) {
            declared.push(name.to_string());
            return true;
        }
        ctx.fix(
            &format!("{ptr}/{at}"),
            format!("path parameter `{name}` is not a variable of the path template; dropped (it could not be sent)"),
        );
        false
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::normalize;
    use super::*;
    use crate::extract::Endpoint;
    use crate::sources::Form;

    fn endpoint(method: &str, path: &str, item: Value) -> Endpoint {
        Endpoint {
            page: "demo".into(),
            file: "specs/pages/demo.md".into(),
            form: Form::Markdown,
            heading: "Demo".into(),
            line: 9,
            method: method.into(),
            path: path.into(),
            document: json!({"paths": {path: item}}),
        }
    }

    fn p(name: &str, location: &str) -> Value {
        json!({"name": name, "in": location, "required": true, "schema": {"type": "integer"}})
    }

    fn declared(name: &str) -> Value {
        json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
    }

    /// Normalizes one endpoint: (its path, its path item, fixes as `pointer: what`).
    fn run(method: &str, path: &str, item: Value) -> (String, Value, Vec<String>) {
        let mut eps = vec![endpoint(method, path, item)];
        let fixes = normalize(&mut eps).unwrap();
        assert!(fixes.iter().all(|f| f.file == "specs/pages/demo.md" && f.line == 9));
        let e = eps.remove(0);
        let item = e.document["paths"].get(&e.path).cloned().unwrap_or_default();
        assert_eq!(e.document["paths"].as_object().unwrap().len(), 1);
        (e.path, item, fixes.iter().map(|f| format!("{}: {}", f.pointer, f.what)).collect())
    }

    fn declared_fix(ptr: &str, name: &str) -> String {
        format!(
            "{ptr}: path template names `{{{name}}}` but no parameter declares it; declared as a required string path parameter"
        )
    }

    #[test]
    fn a_trailing_question_mark_goes_and_the_variables_get_declared() {
        let (path, item, fixes) = run("get", "/reports/{orgId}/{teamId}?", json!({"get": {"responses": {}}}));
        assert_eq!(path, "/reports/{orgId}/{teamId}");
        assert_eq!(item["get"]["parameters"], json!([declared("orgId"), declared("teamId")]));
        let written = "#/paths/~1reports~1{orgId}~1{teamId}?";
        assert_eq!(
            fixes,
            [
                format!(
                    "{written}: trailing `?` dropped from the path: `/reports/{{orgId}}/{{teamId}}?` → `/reports/{{orgId}}/{{teamId}}`"
                ),
                declared_fix(&format!("{written}/get/parameters"), "orgId"),
                declared_fix(&format!("{written}/get/parameters"), "teamId"),
            ]
        );
    }

    #[test]
    fn only_undeclared_variables_are_declared() {
        let cases = [
            // Declared on the operation.
            (json!({"put": {"parameters": [p("a", "path"), p("q", "query")], "responses": {}}}), vec!["b"]),
            // Declared on the path item.
            (json!({"parameters": [p("b", "path")], "put": {"parameters": [p("a", "path")], "responses": {}}}), vec![]),
            // A query parameter of the same name is no path parameter.
            (json!({"put": {"parameters": [p("a", "query"), p("b", "path")], "responses": {}}}), vec!["a"]),
            // Through the document's own components.
            (
                json!({"put": {"parameters": [{"$ref": "#/components/parameters/A"}, p("b", "path")], "responses": {}}}),
                vec![],
            ),
            (json!({"put": {"responses": {}}}), vec!["a", "b"]),
        ];
        for (item, want) in cases {
            let mut e = endpoint("put", "/x/{a}/y/{b}", item.clone());
            e.document["components"] = json!({"parameters": {"A": p("a", "path")}});
            let mut eps = vec![e];
            let fixes = normalize(&mut eps).unwrap();
            let got: Vec<String> = fixes.iter().map(|f| f.what.clone()).collect();
            let want_what: Vec<String> = want.iter().map(|n| declared_fix("", n)[2..].to_string()).collect();
            assert_eq!(got, want_what, "{item}");
            assert!(fixes.iter().all(|f| f.pointer == "#/paths/~1x~1{a}~1y~1{b}/put/parameters"));
            let params = eps[0].document.pointer("/paths/~1x~1{a}~1y~1{b}/put/parameters").unwrap().as_array().unwrap();
            for name in &want {
                assert!(params.iter().any(|p| p == &declared(name)), "{name} in {params:?}");
            }
        }
    }

    #[test]
    fn path_parameters_the_template_lacks_are_dropped() {
        let item = json!({
            "parameters": [p("gone", "path"), p("keep", "query")],
            "delete": {"parameters": [p("id", "path"), p("other", "path")], "responses": {}},
        });
        let (_, item, fixes) = run("delete", "/d/{id}", item);
        assert_eq!(item["parameters"], json!([p("keep", "query")]));
        assert_eq!(item["delete"]["parameters"], json!([p("id", "path")]));
        assert_eq!(
            fixes,
            [
                "#/paths/~1d~1{id}/parameters/0: path parameter `gone` is not a variable of the path template; dropped (it could not be sent)",
                "#/paths/~1d~1{id}/delete/parameters/1: path parameter `other` is not a variable of the path template; dropped (it could not be sent)",
            ]
        );
    }

    #[test]
    fn paths_without_quirks_are_left_alone() {
        for (path, item) in [
            ("/a", json!({"get": {"responses": {}}})),
            ("/a/{id}", json!({"get": {"parameters": [p("id", "path")], "responses": {}}})),
            // An unclosed brace is the generator's to report, with its location.
            ("/a/{id", json!({"get": {"responses": {}}})),
        ] {
            let (got_path, got_item, fixes) = run("get", path, item.clone());
            assert_eq!((got_path.as_str(), &got_item), (path, &item));
            assert!(fixes.is_empty(), "{fixes:?}");
        }
    }

    #[test]
    fn a_query_string_in_the_path_is_a_located_error() {
        for path in ["/a?x=1", "?"] {
            let mut eps = vec![endpoint("get", path, json!({"get": {"responses": {}}}))];
            let err = normalize(&mut eps).unwrap_err();
            assert_eq!(
                err.0[0].to_string(),
                format!(
                    "specs/pages/demo.md:9: #/paths/{}: path `{path}` has a query string; query parameters belong in `parameters`",
                    PointerToken(path)
                )
            );
        }
    }

    #[test]
    fn template_names_in_order_once_each() {
        assert_eq!(template_names("/a/{x}/b/{y}/{x}"), ["x", "y"]);
        assert_eq!(template_names("/a/{x"), Vec::<String>::new());
        assert_eq!(template_names("/{a}{b}"), ["a", "b"]);
        assert!(template_names("/a/b").is_empty());
    }
}
