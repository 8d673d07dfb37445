//! Cross-check of one operation documented twice: as a markdown fragment and as
//! rendered page text. Disagreements are documentation inconsistencies for the
//! regen report: parameter names and required flags, request body field names and
//! required flags (the markdown fragment still wins in the merge).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::extract::Endpoint;

/// One disagreement between the two forms of an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Inconsistency {
    /// Page slug (`mms`, `organizations`).
    pub page: String,
    /// `METHOD /path`, e.g. `GET /organizations/{organizationId}`.
    pub operation: String,
    /// What differs, one line.
    pub what: String,
}

impl fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.page, self.operation, self.what)
    }
}

/// Compares the markdown and the rendered form of the same operation (the caller
/// pairs them by method and path; a mismatch there is reported too).
pub fn compare(markdown: &Endpoint, rendered: &Endpoint) -> Vec<Inconsistency> {
    let operation = format!("{} {}", markdown.method.to_uppercase(), markdown.path);
    let mut out = Vec::new();
    let mut report =
        |what: String| out.push(Inconsistency { page: markdown.page.clone(), operation: operation.clone(), what });
    if markdown.method != rendered.method || markdown.path != rendered.path {
        report(format!("the rendered text documents `{} {}` instead", rendered.method.to_uppercase(), rendered.path));
        return out;
    }
    let md = Facts::of(markdown);
    let rd = Facts::of(rendered);
    compare_flags("parameter", &md.params, &rd.params, &mut report);
    match (&md.body, &rd.body) {
        (Some(m), Some(r)) => compare_flags("body field", m, r, &mut report),
        (Some(_), None) => report("request body: only the markdown fragment documents one".to_string()),
        (None, Some(_)) => report("request body: only the rendered text documents one".to_string()),
        (None, None) => {}
    }
    out
}

/// Name → required, for both forms of a list.
fn compare_flags(
    kind: &str,
    md: &BTreeMap<String, bool>,
    rd: &BTreeMap<String, bool>,
    report: &mut impl FnMut(String),
) {
    for (name, m_req) in md {
        match rd.get(name) {
            None => report(format!("{kind} `{name}`: only in the markdown fragment")),
            Some(r_req) if r_req != m_req => report(format!(
                "{kind} `{name}`: {} in the markdown fragment, {} in the rendered text",
                presence(*m_req),
                presence(*r_req)
            )),
            Some(_) => {}
        }
    }
    for name in rd.keys().filter(|n| !md.contains_key(*n)) {
        report(format!("{kind} `{name}`: only in the rendered text"));
    }
}

fn presence(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// The comparable facts of one operation.
struct Facts {
    /// `name (in)` → required.
    params: BTreeMap<String, bool>,
    /// Body field → required, when there is a JSON request body.
    body: Option<BTreeMap<String, bool>>,
}

impl Facts {
    fn of(e: &Endpoint) -> Self {
        let item = e.document.get("paths").and_then(|p| p.get(&e.path));
        let op = item.and_then(|i| i.get(&e.method));
        let mut params = BTreeMap::new();
        // Path-item parameters first; operation parameters override them.
        for list in [item.and_then(|i| i.get("parameters")), op.and_then(|o| o.get("parameters"))] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let (Some(name), Some(location)) =
                    (p.get("name").and_then(Value::as_str), p.get("in").and_then(Value::as_str))
                else {
                    continue;
                };
                let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
                params.insert(format!("{name} ({location})"), required);
            }
        }
        let body = op.and_then(|o| o.pointer("/requestBody/content")).and_then(Value::as_object).map(|content| {
            let schema =
                content.get("application/json").or_else(|| content.values().next()).and_then(|m| m.get("schema"));
            let required: Vec<&str> = schema
                .and_then(|s| s.get("required"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            schema
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| (k.clone(), required.contains(&k.as_str())))
                .collect()
        });
        Self { params, body }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::Form;
    use serde_json::json;

    fn endpoint(form: Form, method: &str, path: &str, op: Value) -> Endpoint {
        Endpoint {
            page: "orgs".into(),
            file: "specs/pages/orgs".into(),
            form,
            heading: "H".into(),
            line: 1,
            method: method.into(),
            path: path.into(),
            document: json!({"paths": {path: {method: op}}}),
        }
    }

    fn op(params: Value, body: Option<Value>) -> Value {
        let mut o = json!({"parameters": params, "responses": {}});
        if let Some(b) = body {
            o["requestBody"] = json!({"content": {"application/json": {"schema": b}}});
        }
        o
    }

    #[test]
    fn agreeing_forms_have_no_inconsistency() {
        let md = op(
            json!([{"name": "id", "in": "path", "required": true}, {"name": "cols", "in": "query"}]),
            Some(json!({"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a"]})),
        );
        let rd = op(
            json!([{"name": "id", "in": "path", "required": true}, {"name": "cols", "in": "query", "required": false}]),
            Some(json!({"type": "object", "properties": {"b": {}, "a": {}}, "required": ["a"]})),
        );
        let got =
            compare(&endpoint(Form::Markdown, "post", "/x/{id}", md), &endpoint(Form::Rendered, "post", "/x/{id}", rd));
        assert_eq!(got, []);
    }

    #[test]
    fn each_difference_is_one_line() {
        let cases: &[(Value, Value, &[&str])] = &[
            (
                op(json!([{"name": "a", "in": "query"}]), None),
                op(json!([]), None),
                &["orgs: GET /x: parameter `a (query)`: only in the markdown fragment"],
            ),
            (
                op(json!([]), None),
                op(json!([{"name": "a", "in": "query"}]), None),
                &["orgs: GET /x: parameter `a (query)`: only in the rendered text"],
            ),
            (
                op(json!([{"name": "a", "in": "query", "required": true}]), None),
                op(json!([{"name": "a", "in": "query"}]), None),
                &[
                    "orgs: GET /x: parameter `a (query)`: required in the markdown fragment, optional in the rendered text",
                ],
            ),
            (
                op(json!([{"name": "a", "in": "query"}]), None),
                op(json!([{"name": "a", "in": "header"}]), None),
                &[
                    "orgs: GET /x: parameter `a (query)`: only in the markdown fragment",
                    "orgs: GET /x: parameter `a (header)`: only in the rendered text",
                ],
            ),
            (
                op(json!([]), Some(json!({"properties": {"a": {}, "b": {}}}))),
                op(json!([]), Some(json!({"properties": {"a": {}, "c": {}}, "required": ["a"]}))),
                &[
                    "orgs: GET /x: body field `a`: optional in the markdown fragment, required in the rendered text",
                    "orgs: GET /x: body field `b`: only in the markdown fragment",
                    "orgs: GET /x: body field `c`: only in the rendered text",
                ],
            ),
            (
                op(json!([]), Some(json!({"properties": {}}))),
                op(json!([]), None),
                &["orgs: GET /x: request body: only the markdown fragment documents one"],
            ),
        ];
        for (md, rd, want) in cases {
            let got: Vec<String> = compare(
                &endpoint(Form::Markdown, "get", "/x", md.clone()),
                &endpoint(Form::Rendered, "get", "/x", rd.clone()),
            )
            .iter()
            .map(ToString::to_string)
            .collect();
            assert_eq!(got, *want);
        }
    }

    #[test]
    fn path_item_parameters_count_and_a_different_operation_is_reported() {
        let mut md = endpoint(Form::Markdown, "get", "/x/{id}", op(json!([]), None));
        md.document["paths"]["/x/{id}"]["parameters"] = json!([{"name": "id", "in": "path", "required": true}]);
        let rd = endpoint(
            Form::Rendered,
            "get",
            "/x/{id}",
            op(json!([{"name": "id", "in": "path", "required": true}]), None),
        );
        assert_eq!(compare(&md, &rd), []);
        let other = endpoint(Form::Rendered, "delete", "/x/{id}", op(json!([]), None));
        let got = compare(&md, &other);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to_string(), "orgs: GET /x/{id}: the rendered text documents `DELETE /x/{id}` instead");
    }
}
