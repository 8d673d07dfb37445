//! Name: stable operation names (`operationId`, the Rust method name) for every operation.
//!
//! Names are derived once from the summary and then persisted in
//! `specs/operation-names.toml` (METHOD /path → name). Regen reads the file back,
//! so rewording a summary never renames a method; new operations get new entries;
//! entries whose operation vanished are dropped and reported. Hand edits win.

mod path_name;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use heck::ToSnakeCase;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::markdown::METHODS;
use crate::paths::LOCK_FILE;

/// `METHOD /path` as written in the lock file.
pub type OpKey = String;

/// The parsed lock: key → (name, line in the file).
pub type Lock = BTreeMap<OpKey, (String, usize)>;

/// What naming changed compared with the lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameChanges {
    /// Operations that got a newly derived name.
    pub added: Vec<(OpKey, String)>,
    /// Lock entries whose operation is no longer in the spec (dropped).
    pub vanished: Vec<(OpKey, String)>,
}

/// Reads the lock file; `text` is `None` when it does not exist yet.
pub fn parse_lock(text: Option<&str>) -> Result<Lock, Diagnostics> {
    let Some(text) = text else { return Ok(Lock::new()) };
    let table: toml::Table = crate::diag::parse_toml(LOCK_FILE, text)?;
    let mut diags = Diagnostics::default();
    let mut lock = Lock::new();
    let Some(ops) = table.get("operations").and_then(toml::Value::as_table) else {
        return Err(Diagnostics(vec![Diagnostic::new(LOCK_FILE, 0, "missing `[operations]` table")]));
    };
    for (key, value) in ops {
        let line = text.lines().position(|l| l.contains(&format!("\"{key}\""))).map_or(0, |i| i + 1);
        let Some(name) = value.as_str() else {
            diags.push(Diagnostic::new(LOCK_FILE, line, format!("name of `{key}` must be a string")));
            continue;
        };
        if crate::extract::markdown::parse_method_path(key).is_none() {
            diags.push(Diagnostic::new(LOCK_FILE, line, format!("`{key}` is not `METHOD /path`")));
        }
        if !is_valid_name(name) {
            diags.push(Diagnostic::new(
                LOCK_FILE,
                line,
                format!("`{name}` is not a valid method name (snake_case, not a Rust keyword)"),
            ));
        }
        lock.insert(key.clone(), (name.to_string(), line));
    }
    diags.into_result(lock)
}

/// A name is usable as a Rust method: lower snake case ASCII (no `__`, which rustc's
/// `non_snake_case` lint rejects), not a keyword.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && name.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && name != "_"
        && !name.contains("__")
        && !generator::is_rust_keyword(name)
}

/// Words dropped from derived names: they make methods longer without telling more.
const FILLER: [&str; 3] = ["a", "an", "the"];

/// Derives a name from a summary, falling back to the method and path when the summary is
/// missing or only says what is done (`List`, `Detail`): see [`candidates`].
pub fn derive_name(summary: Option<&str>, method: &str, path: &str) -> String {
    candidates(summary, method, path).into_iter().next().unwrap_or_else(|| format!("{method}_operation"))
}

/// Names for an operation, best first: from its summary when the summary names something
/// (`Create an organization` → `create_organization`); then from the method and the path's
/// nouns (`GET /devices/{deviceId}` → `get_device`; a generic summary's verb is kept: `List`
/// → `list_…`); then the same with the variables that tell otherwise equal paths apart
/// (`…/modules/{moduleName}/{section}` → `get_module_section`). Every one is a valid name.
pub fn candidates(summary: Option<&str>, method: &str, path: &str) -> Vec<String> {
    let snake = summary.unwrap_or_default().to_snake_case();
    let words: Vec<String> = snake
        .split('_')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let verb = match path_name::generic_summary(&word_refs) {
        Some(verb) => verb,
        None => {
            out.push(finish(&words.join("_"), method));
            None
        }
    };
    for detailed in [false, true] {
        let name = finish(&path_name::path_name(verb, method, path, detailed), method);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Makes `raw` a valid method name: no empty words, not starting with a digit, not a keyword.
fn finish(raw: &str, method: &str) -> String {
    let mut name = raw.split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_");
    if name.is_empty() {
        name = format!("{method}_operation");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "op_");
    }
    if generator::is_rust_keyword(&name) {
        name.push('_');
    }
    name
}

/// The resource an operation's method lives on: its first tag's resource path (see
/// [`resource_key`]). Names must be unique within a resource, not across the whole API.
fn resource_of(op: &serde_json::Map<String, Value>, tags: &[Value]) -> String {
    resource_key(tags, op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or_default())
}

/// The resource `tag` stands for, as the generator nests it ([`generator::tag_path`] with the
/// tag object's `x-parent` from `tags`, the spec's root tag list), its levels joined by ` > `:
/// `Users / API Tokens` and `Users > API Tokens` are one resource.
pub fn resource_key(tags: &[Value], tag: &str) -> String {
    let declared = tags.iter().find(|t| t.get("name").and_then(Value::as_str) == Some(tag));
    let parent = declared.and_then(|t| t.get("x-parent")).and_then(Value::as_str);
    generator::tag_path(tag, parent).join(" > ")
}

/// Sets `operationId` on every operation of the merged spec from the lock (hand
/// edits win) or a fresh derivation, and returns the new lock file text. Two
/// operations of one resource with the same locked name are an error at the lock line.
pub fn assign(spec: &mut Value, lock: &Lock) -> Result<(String, NameChanges), Diagnostics> {
    let tags = spec.get("tags").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut ops: Vec<(OpKey, &mut serde_json::Map<String, Value>, String, String)> = Vec::new();
    if let Some(Value::Object(paths)) = spec.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            for (method, op) in item.as_object_mut().into_iter().flatten() {
                if let (true, Some(op)) = (METHODS.contains(&method.as_str()), op.as_object_mut()) {
                    ops.push((format!("{} {path}", method.to_uppercase()), op, method.clone(), path.clone()));
                }
            }
        }
    }
    ops.sort_by(|a, b| a.0.cmp(&b.0));
    let present: BTreeSet<String> = ops.iter().map(|(k, ..)| k.clone()).collect();
    let mut diags = Diagnostics::default();
    // Names already fixed by the lock, per resource.
    let mut taken: BTreeMap<String, BTreeMap<String, OpKey>> = BTreeMap::new();
    for (key, op, ..) in &ops {
        if let Some((name, line)) = lock.get(key.as_str()) {
            let resource = resource_of(op, &tags);
            if let Some(other) = taken.entry(resource.clone()).or_default().insert(name.clone(), key.clone()) {
                diags.push(Diagnostic::new(
                    LOCK_FILE,
                    *line,
                    format!("name `{name}` is used by `{other}` too (both in resource `{resource}`)"),
                ));
            }
        }
    }
    let mut changes = NameChanges::default();
    let mut names = BTreeMap::new();
    for (key, op, method, path) in &mut ops {
        let name = match lock.get(key.as_str()) {
            Some((name, _)) => name.clone(),
            None => {
                // The first candidate no other operation of the resource has; only when all are
                // taken, a suffix.
                let options = candidates(op.get("summary").and_then(Value::as_str), method, path);
                let in_resource = taken.entry(resource_of(op, &tags)).or_default();
                let name = match options.iter().find(|n| !in_resource.contains_key(*n)) {
                    Some(free) => free.clone(),
                    None => unique(options.first().map_or("operation", String::as_str), method, in_resource),
                };
                in_resource.insert(name.clone(), key.clone());
                changes.added.push((key.clone(), name.clone()));
                name
            }
        };
        op.insert("operationId".into(), Value::String(name.clone()));
        names.insert(key.clone(), (path.clone(), name));
    }
    for (key, (name, _)) in lock {
        if !present.contains(key.as_str()) {
            changes.vanished.push((key.clone(), name.clone()));
        }
    }
    diags.into_result((render_lock(&names), changes))
}

fn unique(base: &str, method: &str, taken: &BTreeMap<String, OpKey>) -> String {
    if !taken.contains_key(base) {
        return base.to_string();
    }
    // A keyword's trailing `_` is dropped before a suffix: `type_get`, not `type__get`.
    let stem = base.trim_end_matches('_');
    let with_method = format!("{stem}_{method}");
    if !taken.contains_key(&with_method) {
        return with_method;
    }
    (2..).map(|n| format!("{stem}_{n}")).find(|n| !taken.contains_key(n)).unwrap_or_default()
}

/// The lock file, one line per operation, ordered by path then method.
fn render_lock(names: &BTreeMap<OpKey, (String, String)>) -> String {
    let mut rows: Vec<(&String, &String, &String)> = names.iter().map(|(k, (p, n))| (p, k, n)).collect();
    rows.sort_by_key(|(path, key, _)| {
        let method = key.split(' ').next().unwrap_or_default().to_ascii_lowercase();
        (path.to_string(), METHODS.iter().position(|m| *m == method).unwrap_or(METHODS.len()))
    });
    let mut out = String::from(
        "# Operation names: `METHOD /path` = Rust method name (the spec's operationId).\n\
         # Maintained by `cargo xtask regen`: new operations get a name derived from their summary,\n\
         # vanished ones are dropped. Names here never change by themselves, so rewording a summary\n\
         # in the docs does not rename a method. Edit a name by hand to rename it; your edit wins.\n\n\
         [operations]\n",
    );
    for (_, key, name) in rows {
        let _ = writeln!(out, "{} = {}", toml::Value::String(key.clone()), toml::Value::String(name.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::*;

    fn spec(ops: &[(&str, &str, &str)]) -> Value {
        let mut paths = serde_json::Map::new();
        for (method, path, summary) in ops {
            let item = paths.entry(path.to_string()).or_insert_with(|| json!({}));
            item[*method] = json!({"summary": summary, "responses": {}});
        }
        json!({"paths": paths})
    }

    #[test]
    fn derivation_rules() {
        let cases = [
            (Some("List user organizations"), "get", "/o", "list_user_organizations"),
            (Some("Create an organization"), "post", "/o", "create_organization"),
            (Some("Get list of past payments"), "get", "/p", "get_list_of_past_payments"),
            (Some("Set TFA enforcement for an organization"), "patch", "/t", "set_tfa_enforcement_for_organization"),
            (
                Some("Update allocation of a child organization operations"),
                "patch",
                "/x",
                "update_allocation_of_child_organization_operations",
            ),
            (Some("2FA reset"), "post", "/x", "op_2fa_reset"),
            (Some("Type"), "get", "/x", "type_"),
            // No summary, or one that only says what is done: the method and the path's nouns.
            (Some("  "), "get", "/organizations/{id}", "get_organization"),
            (None, "delete", "/", "delete"),
            (Some("List"), "get", "/devices", "list_devices"),
            (Some("Detail"), "get", "/devices/{deviceId}", "get_device"),
            (Some("Delete"), "delete", "/devices/{deviceId}", "delete_device"),
            (None, "delete", "/devices/{deviceId}/incomings", "delete_device_incomings"),
            (Some("List all"), "get", "/devices/{deviceId}/incomings", "list_device_incomings"),
            (None, "post", "/sdk/apps/{SDK_appName}/{SDK_appVersion}/commit", "commit_sdk_app"),
        ];
        for (summary, method, path, want) in cases {
            let got = derive_name(summary, method, path);
            assert_eq!(got, want, "{summary:?}");
            assert!(is_valid_name(&got), "{got}");
        }
    }

    #[test]
    fn lock_wins_over_reworded_summary_and_new_ops_are_added() {
        let lock = parse_lock(Some("[operations]\n\"GET /a\" = \"list_things\"\n\"DELETE /gone\" = \"remove_gone\"\n"))
            .unwrap();
        let mut s = spec(&[("get", "/a", "Retrieve all the things"), ("post", "/a", "Create thing")]);
        let (text, changes) = assign(&mut s, &lock).unwrap();
        assert_eq!(s["paths"]["/a"]["get"]["operationId"], "list_things");
        assert_eq!(s["paths"]["/a"]["post"]["operationId"], "create_thing");
        assert_eq!(changes.added, [("POST /a".to_string(), "create_thing".to_string())]);
        assert_eq!(changes.vanished, [("DELETE /gone".to_string(), "remove_gone".to_string())]);
        let reread = parse_lock(Some(&text)).unwrap();
        let pairs: Vec<(&str, &str)> = reread.iter().map(|(k, (n, _))| (k.as_str(), n.as_str())).collect();
        assert_eq!(pairs, [("GET /a", "list_things"), ("POST /a", "create_thing")]);
    }

    #[test]
    fn collisions_are_resolved_deterministically() {
        let mut s = spec(&[("get", "/a", "Do it"), ("post", "/b", "Do it"), ("put", "/c", "Do it")]);
        let lock = parse_lock(Some("[operations]\n\"PUT /c\" = \"do_it\"\n")).unwrap();
        assign(&mut s, &lock).unwrap();
        assert_eq!(s["paths"]["/c"]["put"]["operationId"], "do_it");
        assert_eq!(s["paths"]["/a"]["get"]["operationId"], "get_a");
        assert_eq!(s["paths"]["/b"]["post"]["operationId"], "create_b");
    }

    #[test]
    fn generic_and_repeated_summaries_get_names_from_the_path() {
        let ops = [
            ("get", "/devices", "List"),
            ("get", "/devices/{deviceId}", "Detail"),
            ("delete", "/devices/{deviceId}", "Delete"),
            ("delete", "/devices/{deviceId}/incomings", "Delete"),
            ("get", "/organizations", "List organizations"),
            ("get", "/users/{userId}/organizations", "List organizations"),
            ("get", "/apps/{app}/modules/{module}/{section}", "Get"),
            ("post", "/apps/{app}/modules/{module}/{visibility}", "Update"),
            ("put", "/apps/{app}/modules/{module}/{consumable}", "Update"),
            ("get", "/ping", ""),
        ];
        let mut s = spec(&ops);
        for (method, path, _) in ops {
            s["paths"][path][method]["tags"] = json!(["Devices"]);
        }
        assign(&mut s, &Lock::new()).unwrap();
        let got: Vec<(String, String)> = ops
            .iter()
            .map(|(m, p, _)| {
                (format!("{} {p}", m.to_uppercase()), s["paths"][*p][*m]["operationId"].as_str().unwrap().to_string())
            })
            .collect();
        let want = [
            ("GET /devices", "list_devices"),
            ("GET /devices/{deviceId}", "get_device"),
            ("DELETE /devices/{deviceId}", "delete_device"),
            ("DELETE /devices/{deviceId}/incomings", "delete_device_incomings"),
            ("GET /organizations", "list_organizations"),
            // The same summary again: the path tells them apart.
            ("GET /users/{userId}/organizations", "list_user_organizations"),
            ("GET /apps/{app}/modules/{module}/{section}", "get_app_module"),
            ("POST /apps/{app}/modules/{module}/{visibility}", "update_app_module"),
            // Equal paths up to the last variable: its name tells them apart.
            ("PUT /apps/{app}/modules/{module}/{consumable}", "update_app_module_consumable"),
            // A verb as the path: the verb is the name.
            ("GET /ping", "ping"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn suffixes_only_when_every_meaningful_name_is_taken() {
        let lock = parse_lock(Some("[operations]\n\"GET /x\" = \"list_devices\"\n\"GET /y\" = \"list_devices_get\"\n"))
            .unwrap();
        let mut s =
            spec(&[("get", "/x", "a"), ("get", "/y", "b"), ("get", "/devices", "List"), ("get", "/devices/", "List")]);
        assign(&mut s, &lock).unwrap();
        assert_eq!(s["paths"]["/devices"]["get"]["operationId"], "list_devices_2");
        assert_eq!(s["paths"]["/devices/"]["get"]["operationId"], "list_devices_3");
    }

    #[test]
    fn locked_names_never_change_even_when_derivation_would_differ() {
        let lock = parse_lock(Some("[operations]\n\"GET /devices\" = \"list\"\n")).unwrap();
        let mut s = spec(&[("get", "/devices", "List")]);
        let (_, changes) = assign(&mut s, &lock).unwrap();
        assert_eq!(s["paths"]["/devices"]["get"]["operationId"], "list");
        assert_eq!(changes, NameChanges::default());
    }

    #[test]
    fn a_tag_hierarchy_is_one_resource_whichever_separator_it_uses() {
        let mut s = spec(&[("get", "/a", "List things"), ("get", "/b", "List things")]);
        s["paths"]["/a"]["get"]["tags"] = json!(["Users > Things"]);
        s["paths"]["/b"]["get"]["tags"] = json!(["Users / Things"]);
        assign(&mut s, &Lock::new()).unwrap();
        assert_eq!(s["paths"]["/a"]["get"]["operationId"], "list_things");
        assert_eq!(s["paths"]["/b"]["get"]["operationId"], "get_b");
        // An `x-parent` places a flat tag in the hierarchy too.
        let mut s = spec(&[("get", "/a", "List things"), ("get", "/b", "List things")]);
        s["tags"] = json!([{"name": "Things", "x-parent": "Users"}]);
        s["paths"]["/a"]["get"]["tags"] = json!(["Users > Things"]);
        s["paths"]["/b"]["get"]["tags"] = json!(["Things"]);
        assign(&mut s, &Lock::new()).unwrap();
        assert_eq!(s["paths"]["/b"]["get"]["operationId"], "get_b");
    }

    #[test]
    fn names_are_unique_per_resource_not_globally() {
        let mut s =
            spec(&[("get", "/a", "List things"), ("get", "/admin/a", "List things"), ("post", "/b", "List things")]);
        s["paths"]["/admin/a"]["get"]["tags"] = json!(["Admin > Things"]);
        assign(&mut s, &Lock::new()).unwrap();
        assert_eq!(s["paths"]["/a"]["get"]["operationId"], "list_things");
        assert_eq!(s["paths"]["/admin/a"]["get"]["operationId"], "list_things");
        assert_eq!(s["paths"]["/b"]["post"]["operationId"], "create_b");

        let lock = parse_lock(Some("[operations]\n\"GET /a\" = \"same\"\n\"POST /b\" = \"same\"\n")).unwrap();
        let err = assign(&mut s, &lock).unwrap_err();
        assert_eq!(
            err.0[0].to_string(),
            "specs/operation-names.toml:3: name `same` is used by `GET /a` too (both in resource ``)"
        );
    }

    #[test]
    fn second_run_is_stable() {
        let mut s = spec(&[("get", "/a", "List"), ("get", "/b", "List")]);
        let (first, _) = assign(&mut s, &Lock::new()).unwrap();
        let (second, changes) = assign(&mut s, &parse_lock(Some(&first)).unwrap()).unwrap();
        assert_eq!(first, second);
        assert_eq!(changes, NameChanges::default());
    }

    #[test]
    fn bad_lock_entries_are_errors_with_lines() {
        let text = "[operations]\n\"GET /a\" = \"fn\"\n\"GET /b\" = \"ok\"\n\"FETCH /d\" = \"d\"\n";
        let err = parse_lock(Some(text)).unwrap_err();
        let got: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "specs/operation-names.toml:2: `fn` is not a valid method name (snake_case, not a Rust keyword)",
                "specs/operation-names.toml:4: `FETCH /d` is not `METHOD /path`",
            ]
        );
        let err = parse_lock(Some("[operations\n")).unwrap_err();
        assert_eq!(err.0[0].line, 1);
    }
}
