//! Walks two specs (as JSON values) side by side and lists every difference with its severity.
//!
//! Classification rules (for a user of the generated Rust client):
//! - breaking: removed operation or server; method (`operationId`) renamed; operation moved to
//!   another resource; parameter removed or renamed; new required parameter or request field;
//!   any change of required-ness (the generated type changes between `T` and `Option<T>`);
//!   any type change (type, format, nullable); request or response field removed; enum value
//!   removed (a request value the server no longer accepts, or a response variant user code
//!   matches on); scope added (existing tokens may lack it); request body added as required or
//!   removed; 2xx response removed.
//! - non-breaking: new operation or server; new optional parameter or request field; new response
//!   field; enum value added (responses decode unknown values into a catch-all variant); scope
//!   removed; new response; error (non-2xx) response removed.
//! - description-only: summary/description text of operations, parameters, bodies, fields.

use std::collections::{BTreeMap, BTreeSet};

use generator::PointerToken;
use serde_json::Value;

use super::model::{Change, ChangeKind, Severity, Side};
use super::schema::{Ctx, schema_shape, walk};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Compares two specs given as JSON values; the result is unsorted.
pub(crate) fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    compare_servers(old, new, &mut out);
    let old_ops = operations(old);
    let new_ops = operations(new);
    let keys: BTreeSet<&(String, String)> = old_ops.keys().chain(new_ops.keys()).collect();
    for key in keys {
        match (old_ops.get(key), new_ops.get(key)) {
            (Some(o), Some(n)) => {
                let mut sink = Sink::new(n, &mut out);
                compare_operation(old, new, o, n, &mut sink);
            }
            (Some(o), None) => {
                Sink::new(o, &mut out).push(ChangeKind::OperationRemoved, Severity::Breaking, &o.pointer)
            }
            (None, Some(n)) => {
                Sink::new(n, &mut out).push(ChangeKind::OperationAdded, Severity::NonBreaking, &n.pointer)
            }
            (None, None) => {}
        }
    }
    out
}

fn compare_servers(old: &Value, new: &Value, out: &mut Vec<Change>) {
    let urls = |spec: &Value| -> BTreeSet<String> {
        spec.get("servers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|s| s.get("url").and_then(Value::as_str)).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let (o, n) = (urls(old), urls(new));
    let change = |kind, severity| Change {
        resource: "(client)".to_string(),
        method: String::new(),
        path: String::new(),
        operation_id: String::new(),
        kind,
        severity,
        pointer: "#/servers".to_string(),
    };
    for url in o.difference(&n) {
        out.push(change(ChangeKind::ServerRemoved { url: url.clone() }, Severity::Breaking));
    }
    for url in n.difference(&o) {
        out.push(change(ChangeKind::ServerAdded { url: url.clone() }, Severity::NonBreaking));
    }
}

/// One operation of a spec, with what is needed to compare and report it.
struct Op<'a> {
    path: String,
    method: String,
    op: &'a Value,
    /// Path-level parameters, overridden by operation-level ones.
    path_params: Vec<&'a Value>,
    pointer: String,
    resource: String,
    operation_id: String,
}

/// Operations keyed by (path with parameter names blanked, method), so a renamed path parameter
/// is a parameter rename, not a removed and an added operation.
fn operations(spec: &Value) -> BTreeMap<(String, String), Op<'_>> {
    let mut ops = BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return ops;
    };
    for (path, item) in paths {
        let item = resolve(spec, item);
        let path_params: Vec<&Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|p| resolve(spec, p)).collect())
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let resource = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
                .unwrap_or("(untagged)")
                .to_string();
            let operation_id = op.get("operationId").and_then(Value::as_str).unwrap_or_default().to_string();
            ops.insert(
                (blank_params(path), method.to_string()),
                Op {
                    path: path.clone(),
                    method: method.to_uppercase(),
                    op,
                    path_params: path_params.clone(),
                    pointer: format!("#/paths/{}/{method}", PointerToken(path)),
                    resource,
                    operation_id,
                },
            );
        }
    }
    ops
}

/// `/a/{x}/b/{y}` → `/a/{}/b/{}`.
fn blank_params(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

/// Follows local `$ref`s (`#/components/...`), at most 16 hops; an unresolvable ref stays as is.
pub(super) fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return v;
        };
        match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            Some(target) => v = target,
            None => return v,
        }
    }
    v
}

/// Collects the changes of one operation.
pub(super) struct Sink<'a> {
    resource: String,
    method: String,
    path: String,
    operation_id: String,
    out: &'a mut Vec<Change>,
}

impl<'a> Sink<'a> {
    fn new(op: &Op<'_>, out: &'a mut Vec<Change>) -> Self {
        Sink {
            resource: op.resource.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
            operation_id: op.operation_id.clone(),
            out,
        }
    }

    pub(super) fn push(&mut self, kind: ChangeKind, severity: Severity, pointer: &str) {
        self.out.push(Change {
            resource: self.resource.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            operation_id: self.operation_id.clone(),
            kind,
            severity,
            pointer: pointer.to_string(),
        });
    }

    pub(super) fn doc(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        what: impl FnOnce() -> String,
        pointer: &str,
    ) {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string();
        if text(old) != text(new) {
            self.push(ChangeKind::DescriptionChanged { what: what() }, Severity::NonBreaking, pointer);
        }
    }
}

/// The spec's root `tags` list.
fn root_tags(doc: &Value) -> &[Value] {
    doc.get("tags").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn compare_operation(old_doc: &Value, new_doc: &Value, o: &Op<'_>, n: &Op<'_>, sink: &mut Sink<'_>) {
    let ptr = n.pointer.as_str();
    if o.operation_id != n.operation_id {
        let kind = ChangeKind::MethodRenamed { old: o.operation_id.clone(), new: n.operation_id.clone() };
        sink.push(kind, Severity::Breaking, &format!("{ptr}/operationId"));
    }
    // Resources as the client nests them: `Users / Tokens` and `Users > Tokens` are one.
    let (old_resource, new_resource) = (
        crate::names::resource_key(root_tags(old_doc), &o.resource),
        crate::names::resource_key(root_tags(new_doc), &n.resource),
    );
    if old_resource != new_resource {
        let kind = ChangeKind::ResourceChanged { old: old_resource, new: new_resource };
        sink.push(kind, Severity::Breaking, &format!("{ptr}/tags"));
    }
    sink.doc(o.op.get("summary"), n.op.get("summary"), || "summary".into(), &format!("{ptr}/summary"));
    sink.doc(o.op.get("description"), n.op.get("description"), || "description".into(), &format!("{ptr}/description"));

    let (os, ns) = (scopes(old_doc, o.op), scopes(new_doc, n.op));
    for scope in ns.difference(&os) {
        sink.push(ChangeKind::ScopeAdded { scope: scope.clone() }, Severity::Breaking, &format!("{ptr}/security"));
    }
    for scope in os.difference(&ns) {
        sink.push(ChangeKind::ScopeRemoved { scope: scope.clone() }, Severity::NonBreaking, &format!("{ptr}/security"));
    }

    compare_parameters(old_doc, new_doc, o, n, sink);
    compare_request_body(old_doc, new_doc, o.op, n.op, ptr, sink);
    compare_responses(old_doc, new_doc, o.op, n.op, ptr, sink);
}

/// The union of the scopes of the operation's security requirements (or the spec's default).
fn scopes(doc: &Value, op: &Value) -> BTreeSet<String> {
    let security = op.get("security").or_else(|| doc.get("security"));
    let mut out = BTreeSet::new();
    for req in security.and_then(Value::as_array).into_iter().flatten() {
        for (_scheme, list) in req.as_object().into_iter().flatten() {
            out.extend(list.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string));
        }
    }
    out
}

/// Parameters keyed by (`in`, name), operation-level overriding path-level.
fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> BTreeMap<(String, String), &'a Value> {
    let own = op.op.get("parameters").and_then(Value::as_array).into_iter().flatten().map(|p| resolve(doc, p));
    let mut out = BTreeMap::new();
    for p in op.path_params.iter().copied().chain(own) {
        let loc = p.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        out.insert((loc, name), p);
    }
    out
}

fn is_required(p: &Value) -> bool {
    p.get("required").and_then(Value::as_bool).unwrap_or(false)
}

fn compare_parameters(old_doc: &Value, new_doc: &Value, o: &Op<'_>, n: &Op<'_>, sink: &mut Sink<'_>) {
    let ptr = format!("{}/parameters", n.pointer);
    let (op, np) = (parameters(old_doc, o), parameters(new_doc, n));
    let removed: Vec<&(String, String)> = op.keys().filter(|k| !np.contains_key(*k)).collect();
    let mut added: Vec<&(String, String)> = np.keys().filter(|k| !op.contains_key(*k)).collect();
    for key in removed {
        let (loc, name) = key;
        let old_p = op.get(key).copied().unwrap_or(&Value::Null);
        let old_schema = schema_shape(old_doc, old_p.get("schema"));
        let twin = added.iter().position(|a| {
            a.0 == *loc && np.get(*a).is_some_and(|p| schema_shape(new_doc, p.get("schema")) == old_schema)
        });
        if let Some(i) = twin {
            let new_key = added.remove(i);
            let kind =
                ChangeKind::ParameterRenamed { location: loc.clone(), old: name.clone(), new: new_key.1.clone() };
            sink.push(kind, Severity::Breaking, &ptr);
            if let Some(new_p) = np.get(new_key) {
                compare_parameter(old_doc, new_doc, old_p, new_p, loc, &new_key.1, &ptr, sink);
            }
        } else {
            let kind = ChangeKind::ParameterRemoved { location: loc.clone(), name: name.clone() };
            sink.push(kind, Severity::Breaking, &ptr);
        }
    }
    for key in added {
        let required = np.get(key).is_some_and(|p| is_required(p));
        let kind = ChangeKind::ParameterAdded { location: key.0.clone(), name: key.1.clone(), required };
        sink.push(kind, if required { Severity::Breaking } else { Severity::NonBreaking }, &ptr);
    }
    for (key, old_p) in &op {
        if let Some(new_p) = np.get(key) {
            compare_parameter(old_doc, new_doc, old_p, new_p, &key.0, &key.1, &ptr, sink);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_parameter(
    old_doc: &Value,
    new_doc: &Value,
    old_p: &Value,
    new_p: &Value,
    loc: &str,
    name: &str,
    ptr: &str,
    sink: &mut Sink<'_>,
) {
    let (or, nr) = (is_required(old_p), is_required(new_p));
    if or != nr {
        let kind =
            ChangeKind::ParameterRequiredChanged { location: loc.to_string(), name: name.to_string(), required: nr };
        sink.push(kind, Severity::Breaking, ptr);
    }
    sink.doc(old_p.get("description"), new_p.get("description"), || format!("parameter `{name}`"), ptr);
    let ctx = Ctx::Param { location: loc.to_string() };
    let (os, ns) = (old_p.get("schema").unwrap_or(&Value::Null), new_p.get("schema").unwrap_or(&Value::Null));
    walk(old_doc, new_doc, &ctx, os, ns, name, ptr, sink);
}

/// The JSON body schema of a request body or response: `application/json`, else the first content type.
fn json_schema<'a>(doc: &'a Value, holder: &'a Value) -> Option<(&'a Value, String)> {
    let content = holder.get("content")?.as_object()?;
    let (ct, media) = content.get_key_value("application/json").or_else(|| content.iter().next())?;
    let schema = media.get("schema").map(|s| resolve(doc, s))?;
    Some((schema, format!("/content/{}/schema", PointerToken(ct))))
}

fn compare_request_body(old_doc: &Value, new_doc: &Value, o: &Value, n: &Value, ptr: &str, sink: &mut Sink<'_>) {
    let ptr = format!("{ptr}/requestBody");
    let ob = o.get("requestBody").map(|b| resolve(old_doc, b));
    let nb = n.get("requestBody").map(|b| resolve(new_doc, b));
    match (ob, nb) {
        (None, None) => {}
        (Some(_), None) => sink.push(ChangeKind::RequestBodyRemoved, Severity::Breaking, &ptr),
        (None, Some(b)) => {
            let required = is_required(b);
            let sev = if required { Severity::Breaking } else { Severity::NonBreaking };
            sink.push(ChangeKind::RequestBodyAdded { required }, sev, &ptr);
        }
        (Some(ob), Some(nb)) => {
            sink.doc(ob.get("description"), nb.get("description"), || "request body".into(), &ptr);
            let os = json_schema(old_doc, ob);
            let ns = json_schema(new_doc, nb);
            let ctx = Ctx::Body(Side::Request);
            match (os, ns) {
                (Some((os, _)), Some((ns, suffix))) => {
                    walk(old_doc, new_doc, &ctx, os, ns, "", &format!("{ptr}{suffix}"), sink)
                }
                (None, None) => {}
                (Some(_), None) => sink.push(ChangeKind::RequestBodyRemoved, Severity::Breaking, &ptr),
                (None, Some(_)) => {
                    sink.push(ChangeKind::RequestBodyAdded { required: is_required(nb) }, Severity::Breaking, &ptr)
                }
            }
        }
    }
}

fn compare_responses(old_doc: &Value, new_doc: &Value, o: &Value, n: &Value, ptr: &str, sink: &mut Sink<'_>) {
    let empty = serde_json::Map::new();
    let or = o.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    let nr = n.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    let statuses: BTreeSet<&String> = or.keys().chain(nr.keys()).collect();
    for status in statuses {
        let success = status.starts_with('2');
        let rptr = format!("{ptr}/responses/{}", PointerToken(status));
        match (or.get(status), nr.get(status)) {
            (Some(_), None) => {
                let sev = if success { Severity::Breaking } else { Severity::NonBreaking };
                sink.push(ChangeKind::ResponseRemoved { status: status.clone() }, sev, &rptr);
            }
            (None, Some(_)) => {
                sink.push(ChangeKind::ResponseAdded { status: status.clone() }, Severity::NonBreaking, &rptr)
            }
            (Some(ov), Some(nv)) => {
                let (ov, nv) = (resolve(old_doc, ov), resolve(new_doc, nv));
                sink.doc(ov.get("description"), nv.get("description"), || format!("response {status}"), &rptr);
                if !success {
                    continue;
                }
                match (json_schema(old_doc, ov), json_schema(new_doc, nv)) {
                    (Some((os, _)), Some((ns, suffix))) => {
                        let ctx = Ctx::Body(Side::Response);
                        walk(old_doc, new_doc, &ctx, os, ns, "", &format!("{rptr}{suffix}"), sink);
                    }
                    (None, None) => {}
                    (Some(_), None) => {
                        sink.push(ChangeKind::ResponseRemoved { status: status.clone() }, Severity::Breaking, &rptr)
                    }
                    (None, Some(_)) => {
                        sink.push(ChangeKind::ResponseAdded { status: status.clone() }, Severity::NonBreaking, &rptr)
                    }
                }
            }
            (None, None) => {}
        }
    }
}
