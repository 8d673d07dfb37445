//! Lowering: walks the spec (paths, tags, servers) into the [`Api`] IR, converting every schema
//! through the type space and naming all types once every use is known.

mod auth;
mod media;
mod operation;
mod paging;
mod query_template;

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Pointer};
use crate::ir::{Api, Operation, Resource, ZoneDef};
use crate::typespace::naming::{TRAIT_METHODS, is_reserved_type_name, pascal, snake};
use crate::typespace::{TypeRef, TypeSpace};

/// Accessor names a root resource must not take (they are `Client` methods already).
const CLIENT_METHODS: &[&str] = &["builder", "clone", "execute", "execute_raw", "execute_unit", "fmt", "request"];

/// Cargo features the generated crate has besides one per top-level resource, which a
/// top-level resource's module (its feature) must not be named.
const RESERVED_FEATURES: &[&str] = &["default", "internal"];

/// Method names of every resource handle besides its accessors and operations.
pub(crate) const HANDLE_METHODS: &[&str] = &["new"];

/// Operation extensions that mark an operation internal (not part of the public API) when
/// `true`: see [`Config::internal_operations`](crate::Config::internal_operations).
pub const INTERNAL_MARKS: [&str; 2] = ["x-internal", "x-private"];

/// Builds the IR of `spec`; internal operations only when `config` asks for them.
pub(crate) fn lower<'s>(spec: &'s OpenAPI, config: &crate::Config) -> Result<Api<'s>, Error> {
    let mut types = TypeSpace::new(spec);
    let mut root = Resource::default();
    let auth = auth::schemes(spec);
    let paths = Pointer::root().join("paths");
    for (path, item) in spec.paths.iter() {
        let item_ptr = paths.join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::new(&item_ptr, "path item `$ref` is not supported"));
            }
        };
        for (method, op) in item.iter() {
            let internal = INTERNAL_MARKS.iter().any(|m| op.extensions.get(*m) == Some(&serde_json::Value::Bool(true)));
            if internal && !config.internal_operations {
                continue;
            }
            let ptr = item_ptr.join(method);
            let (tag, mut lowered) =
                operation::lower_operation(spec, config, &mut types, (path, method), item, op, &item_ptr)?;
            lowered.internal = internal;
            lowered.auth = auth::operation(spec, op, &auth);
            let resource = resource_for(&mut root, &tag, spec, &ptr)?;
            let methods = |o: &Operation| -> Vec<String> { o.handle_methods().map(str::to_owned).collect() };
            if let Some(name) =
                methods(&lowered).into_iter().find(|m| resource.operations.iter().any(|o| methods(o).contains(m)))
            {
                return Err(Error::new(
                    &ptr.join("operationId"),
                    format!("operation name `{name}` is used twice in tag `{tag}`"),
                ));
            }
            let items = |o: &Operation| -> Vec<String> { o.module_items().into_iter().map(str::to_owned).collect() };
            if let Some(name) = items(&lowered)
                .into_iter()
                .find(|n| *n == resource.handle || resource.operations.iter().any(|o| items(o).contains(n)))
            {
                return Err(Error::new(
                    &ptr.join("operationId"),
                    format!("request builder name `{name}` is used twice in tag `{tag}`"),
                ));
            }
            resource.operations.push(lowered);
        }
    }
    check_accessors(&root)?;
    sort_resources(&mut root);

    let mut roots: Vec<TypeRef> = Vec::new();
    collect_roots(&root, &mut roots);
    types.assign_names(&roots);

    let mut errors: Vec<_> = all_operations(&root)
        .flat_map(|op| op.errors.iter().map(|(_, id)| *id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    errors.sort_by(|a, b| types.name(*a).cmp(types.name(*b)));

    let mut type_features = vec![BTreeSet::new(); types.types.len()];
    for group in root.children.values() {
        let mut group_roots = Vec::new();
        collect_roots(group, &mut group_roots);
        for (features, used) in type_features.iter_mut().zip(types.reachable(&group_roots)) {
            if used {
                features.insert(group.module.clone());
            }
        }
    }
    let (zones, server_path) = servers(spec)?;
    Ok(Api { title: spec.info.title.clone(), types, zones, server_path, root, errors, type_features, auth })
}

/// The resource path a tag names: its name split at `>` and `/` (`Admin > Organizations`,
/// `Users / API Tokens`), each segment trimmed. A tag whose name has no hierarchy nests under
/// the tag its tag object's `x-parent` names, if any. Empty segments are kept (lowering rejects
/// them with the operation's location).
pub fn tag_path(name: &str, parent: Option<&str>) -> Vec<String> {
    let split = |s: &str| s.split(['>', '/']).map(|seg| seg.trim().to_owned()).collect::<Vec<_>>();
    let own = split(name);
    match parent.map(str::trim).filter(|p| own.len() == 1 && !p.is_empty() && *p != name.trim()) {
        Some(parent) => split(parent).into_iter().chain(own).collect(),
        None => own,
    }
}

/// The `x-parent` of the tag object named `name`, if the spec declares one.
fn parent_of<'s>(spec: &'s OpenAPI, name: &str) -> Option<&'s str> {
    spec.tags.iter().find(|t| t.name == name).and_then(|t| t.extensions.get("x-parent")).and_then(|v| v.as_str())
}

/// Finds or creates the resource of `tag` (`Admin > Organizations` and `Users / API Tokens`
/// nest; see [`tag_path`]).
fn resource_for<'r>(
    root: &'r mut Resource,
    tag: &str,
    spec: &OpenAPI,
    ptr: &Pointer,
) -> Result<&'r mut Resource, Error> {
    let mut node = root;
    let path = tag_path(tag, parent_of(spec, tag));
    let mut full: Vec<String> = Vec::new();
    for (depth, segment) in path.iter().enumerate() {
        if segment.is_empty() {
            return Err(Error::new(&ptr.join("tags").join(0), format!("tag `{tag}` has an empty segment")));
        }
        full.push(segment.clone());
        let mut module = snake(segment);
        let top = node.tag.is_empty();
        let taken = if top { CLIENT_METHODS } else { HANDLE_METHODS };
        if taken.contains(&module.as_str())
            || TRAIT_METHODS.contains(&module.as_str())
            || (top && RESERVED_FEATURES.contains(&module.as_str()))
        {
            module.push_str("_api");
        }
        let mut handle = pascal(segment);
        if is_reserved_type_name(&handle) {
            // `Result`, `String`, … would shadow the prelude inside the handle's module.
            handle.push_str("Api");
        }
        let leaf = depth + 1 == path.len();
        node = node.children.entry(module.clone()).or_insert_with(|| {
            // The tag object of this level: the operation's own tag for the last segment, else
            // a declared tag naming the same path (`SDK Apps` above `SDK Apps > Modules`).
            let declared = if leaf {
                spec.tags.iter().find(|t| t.name == tag)
            } else {
                spec.tags.iter().find(|t| tag_path(&t.name, parent_of(spec, &t.name)) == full)
            };
            let tag_name = match (leaf, declared) {
                (true, _) => tag.to_owned(),
                (false, Some(t)) => t.name.clone(),
                (false, None) => full.join(" > "),
            };
            Resource {
                handle,
                docs: declared.and_then(|t| t.description.clone()),
                module,
                tag: tag_name,
                ..Resource::default()
            }
        });
    }
    Ok(node)
}

/// An operation named like a child resource accessor would clash on the handle.
fn check_accessors(resource: &Resource) -> Result<(), Error> {
    for op in &resource.operations {
        if let Some(name) = op.handle_methods().find(|m| resource.children.contains_key(*m)) {
            return Err(Error::new(
                &Pointer::root().join("paths").join(&op.path),
                format!(
                    "operation `{name}` clashes with the nested resource of the same name in tag `{}`",
                    resource.tag
                ),
            ));
        }
    }
    resource.children.values().try_for_each(check_accessors)
}

fn sort_resources(resource: &mut Resource) {
    resource.operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    resource.children.values_mut().for_each(sort_resources);
}

fn collect_roots(resource: &Resource, out: &mut Vec<TypeRef>) {
    for op in &resource.operations {
        out.extend(op.type_roots());
    }
    for child in resource.children.values() {
        collect_roots(child, out);
    }
}

/// Every operation of the tree, depth first in module order.
pub(crate) fn all_operations(resource: &Resource) -> Box<dyn Iterator<Item = &Operation> + '_> {
    Box::new(resource.operations.iter().chain(resource.children.values().flat_map(all_operations)))
}

/// The zones (absolute servers) and, when there are none, the path of the first relative server
/// (OpenAPI's default server is `/`): requests then go below a base URL the caller gives.
///
/// Server variables are replaced by their defaults; `//host` is `https://host`; a server that
/// still names an undeclared `{variable}` or uses another scheme is left out.
fn servers(spec: &OpenAPI) -> Result<(Vec<ZoneDef>, String), Error> {
    let ptr = Pointer::root().join("servers");
    let mut absolute = Vec::new();
    let mut relative = None;
    for (i, server) in spec.servers.iter().enumerate() {
        let mut url = server.url.trim().to_owned();
        let mut variables = Vec::new();
        for (name, var) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &var.default);
            variables.push((name.clone(), var.default.clone(), var.enumeration.clone()));
        }
        if url.contains(['{', '}']) {
            continue;
        }
        if let Some(rest) = url.strip_prefix("//") {
            url = format!("https://{rest}");
        }
        let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("http" | "https") => absolute.push((i, server, url, variables)),
            Some(_) => {}
            None if relative.is_none() => relative = Some(relative_path(&url)),
            None => {}
        }
    }
    if absolute.is_empty() {
        return Ok((Vec::new(), relative.unwrap_or_default()));
    }
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for (i, server, url, variables) in absolute {
        let words: Vec<&str> = server
            .description
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "production" | "zone"))
            .collect();
        // A description without usable words falls back to the host name.
        let mut base = Some(pascal(&words.join(" "))).filter(|b| b != "Unnamed").unwrap_or_else(|| host_words(&url));
        if base.is_empty() || base == "Unnamed" {
            return Err(Error::new(&ptr.join(i), format!("cannot derive a zone name from server `{}`", server.url)));
        }
        let stem = base.clone();
        let mut n = 2;
        while taken.contains(&base) {
            base = format!("{stem}{n}");
            n += 1;
        }
        taken.insert(base.clone());
        out.push(ZoneDef {
            variant: base,
            url: url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
            variables,
        });
    }
    Ok((out, String::new()))
}

/// `/open-banking/v3.1/` → `/open-banking/v3.1`, `./v1` → `/v1`, `/` → `` (query and fragment
/// dropped).
fn relative_path(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches("./").trim_matches('/');
    if path.is_empty() { String::new() } else { format!("/{path}") }
}

fn host_words(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("");
    let words: Vec<&str> = host.split('.').filter(|w| !matches!(*w, "make" | "com" | "www" | "api")).collect();
    pascal(&words.join(" "))
}
