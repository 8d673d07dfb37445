//! Lowering: walks the spec (paths, tags, servers) into the [`Api`] IR, converting every schema
//! through the type space and naming all types once every use is known.

mod media;
mod operation;

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Error, Pointer};
use crate::ir::{Api, Operation, Resource, ZoneDef};
use crate::typespace::naming::{TRAIT_METHODS, is_reserved_type_name, pascal, snake};
use crate::typespace::{TypeRef, TypeSpace};

/// Accessor names a root resource must not take (they are `Client` methods already).
const CLIENT_METHODS: &[&str] = &["builder", "clone", "execute", "execute_raw", "execute_unit", "fmt", "request"];

/// Method names of every resource handle besides its accessors and operations.
pub(crate) const HANDLE_METHODS: &[&str] = &["new"];

/// Builds the IR of `spec`.
pub(crate) fn lower(spec: &OpenAPI) -> Result<Api, Error> {
    let mut types = TypeSpace::default();
    types.components = spec.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
    let mut root = Resource::default();
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
            let ptr = item_ptr.join(method);
            let (tag, lowered) = operation::lower_operation(spec, &mut types, path, method, item, op, &item_ptr)?;
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
    Ok(Api { title: spec.info.title.clone(), types, zones: zones(spec)?, root, errors, type_features })
}

/// Finds or creates the resource of `tag` (`Admin > Organizations` nests).
fn resource_for<'r>(
    root: &'r mut Resource,
    tag: &str,
    spec: &OpenAPI,
    ptr: &Pointer,
) -> Result<&'r mut Resource, Error> {
    let mut node = root;
    let mut full = Vec::new();
    for segment in tag.split('>').map(str::trim) {
        if segment.is_empty() {
            return Err(Error::new(&ptr.join("tags").join(0), format!("tag `{tag}` has an empty segment")));
        }
        full.push(segment);
        let mut module = snake(segment);
        let taken = if node.tag.is_empty() { CLIENT_METHODS } else { HANDLE_METHODS };
        if taken.contains(&module.as_str()) || TRAIT_METHODS.contains(&module.as_str()) {
            module.push_str("_api");
        }
        let mut handle = pascal(segment);
        if is_reserved_type_name(&handle) {
            // `Result`, `String`, … would shadow the prelude inside the handle's module.
            handle.push_str("Api");
        }
        let tag_name = full.join(" > ");
        node = node.children.entry(module.clone()).or_insert_with(|| Resource {
            handle,
            docs: spec.tags.iter().find(|t| t.name == tag_name).and_then(|t| t.description.clone()),
            module,
            tag: tag_name,
            ..Resource::default()
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

/// Zone variants from `servers`: `EU1 production zone` → `Eu1`, `Celonis US1 …` → `CelonisUs1`.
fn zones(spec: &OpenAPI) -> Result<Vec<ZoneDef>, Error> {
    let ptr = Pointer::root().join("servers");
    if spec.servers.is_empty() {
        return Err(Error::new(&ptr, "the spec lists no servers (zones)"));
    }
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for (i, server) in spec.servers.iter().enumerate() {
        let words: Vec<&str> = server
            .description
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "production" | "zone"))
            .collect();
        // A description without usable words falls back to the host name.
        let mut base =
            Some(pascal(&words.join(" "))).filter(|b| b != "Unnamed").unwrap_or_else(|| host_words(&server.url));
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
            url: server.url.trim_end_matches('/').to_owned(),
            description: server.description.clone(),
        });
    }
    Ok(out)
}

fn host_words(url: &str) -> String {
    let host = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("");
    let words: Vec<&str> = host.split('.').filter(|w| !matches!(*w, "make" | "com" | "www" | "api")).collect();
    pascal(&words.join(" "))
}
