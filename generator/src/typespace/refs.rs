//! `$ref`s to any local location (`#/components/schemas/X`, `#/components/schemas/X/properties/y`,
//! `#/paths/~1orders/get/responses/404/content/application~1json/schema`, …).
//!
//! A schema used inside itself (through a reference, or an `allOf` that includes its own
//! component) gets a placeholder type for those uses, replaced by the converted type
//! afterwards; a component schema's name is pinned as its type name. Dangling and foreign refs
//! are located errors.

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::convert::{Converted, convert_at};
use super::hint::Hint;
use super::pointer::{self, Referable, SchemaAt};
use super::{TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// What is being converted, for recursion: a reference, or an inline composed schema (by its
/// address in the spec, which is borrowed unchanged for the whole generation).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Guard {
    Ref(String),
    Inline(usize),
}

/// The type standing in for `guard` if it is being converted (a use of the schema inside
/// itself): a placeholder, replaced by the real type once that is known.
pub(super) fn in_progress(space: &mut TypeSpace<'_>, guard: &Guard) -> Option<Converted> {
    let next = TypeId(space.types.len());
    let slot = space.in_progress.get_mut(guard)?;
    let id = *slot.get_or_insert(next);
    if id == next {
        space.types.push(TypeDef {
            kind: TypeKind::Struct { fields: Vec::new(), additional: TypeRef::Value },
            docs: None,
            hints: Vec::new(),
            name: String::new(),
        });
    }
    Some(Converted { ty: TypeRef::Named(id), nullable: false })
}

/// Runs `convert` for the schema `guard` (at `ptr`; `name` is its component name) so that uses of
/// the schema inside itself get a placeholder ([`in_progress`]), then puts the result in the
/// placeholder's place. A schema that is its own value (no object in between) is an error.
pub(super) fn guarded<'s>(
    space: &mut TypeSpace<'s>,
    guard: Guard,
    ptr: &Pointer,
    name: Option<&str>,
    convert: impl FnOnce(&mut TypeSpace<'s>) -> Result<Converted, Error>,
) -> Result<Converted, Error> {
    space.in_progress.insert(guard.clone(), None);
    let result = convert(space);
    let placeholder = space.in_progress.remove(&guard).flatten();
    let converted = result?;
    if let Some(placeholder) = placeholder {
        if contains(&converted.ty, placeholder) || is_self_union(space, &converted.ty, placeholder) {
            let what = name.map_or_else(|| "this schema".to_owned(), |n| format!("schema `{n}`"));
            return Err(Error::new(
                ptr,
                format!("{what} refers to itself without an object in between, which has no finite Rust type"),
            ));
        }
        substitute(space, placeholder, &converted.ty);
    }
    Ok(converted)
}

/// Converts the schema `reference` (found at `ptr`, used as described by `hint`).
pub(super) fn convert_ref(
    space: &mut TypeSpace<'_>,
    reference: &str,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    if let Some(converted) = space.refs.get(reference) {
        return Ok(converted.clone());
    }
    let guard = Guard::Ref(reference.to_owned());
    if let Some(placeholder) = in_progress(space, &guard) {
        return Ok(placeholder);
    }
    let (segments, target) = locate(space.spec, reference, ptr)?;
    let target_ptr = pointer::to_pointer(&segments);
    let name = segments.last().map(String::as_str);
    let hint = target_hint(hint, &segments);
    let converted = guarded(space, guard, &target_ptr, name, |space| convert_at(space, target, &target_ptr, &hint))?;
    space.refs.insert(reference.to_owned(), converted.clone());
    Ok(converted)
}

/// The pointer segments of the schema `reference` (found at `ptr`) and what is there.
fn locate<'s>(spec: &'s OpenAPI, reference: &str, ptr: &Pointer) -> Result<(Vec<String>, SchemaAt<'s>), Error> {
    let segments = pointer::parse(reference).map_err(|message| Error::new(ptr, message))?;
    match pointer::lookup(spec, &segments) {
        Some(pointer::Node::Schema(at)) => Ok((segments, at)),
        Some(_) => Err(Error::new(ptr, format!("`$ref` `{reference}` points to something that is not a schema"))),
        None => Err(Error::new(ptr, format!("`$ref` `{reference}` points to no schema"))),
    }
}

/// The schema behind `reference` (found at `ptr`), following `$ref` chains, and where it is.
pub(super) fn resolve<'s>(
    space: &TypeSpace<'s>,
    reference: &str,
    ptr: &Pointer,
) -> Result<(&'s Schema, Pointer), Error> {
    let mut seen: Vec<String> = Vec::new();
    let mut reference = reference.to_owned();
    loop {
        let (segments, target) = locate(space.spec, &reference, ptr)?;
        match target {
            SchemaAt::Item(schema) => return Ok((schema, pointer::to_pointer(&segments))),
            SchemaAt::Ref(next) => {
                if seen.iter().any(|s| s == next) {
                    return Err(Error::new(ptr, format!("`$ref` `{next}` is part of a reference cycle")));
                }
                seen.push(std::mem::replace(&mut reference, next.to_owned()));
            }
        }
    }
}

/// The parameter, request body or response behind `item` (found at `ptr`), following local
/// `$ref`s of any form: located errors for dangling, foreign and cyclic references.
pub(crate) fn deref<'s, T: Referable>(
    spec: &'s OpenAPI,
    item: &'s ReferenceOr<T>,
    ptr: &Pointer,
) -> Result<&'s T, Error> {
    let mut current = item;
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let reference = match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => reference.as_str(),
        };
        if seen.contains(&reference) {
            return Err(Error::new(ptr, format!("`$ref` `{reference}` is part of a reference cycle")));
        }
        seen.push(reference);
        let segments = pointer::parse(reference).map_err(|message| Error::new(ptr, message))?;
        current = pointer::lookup(spec, &segments)
            .and_then(T::at)
            .ok_or_else(|| Error::new(ptr, format!("`$ref` `{reference}` points to no {}", T::WHAT)))?;
    }
}

/// The hint for the schema at `segments`, referenced from a schema hinted `site`: a component's
/// name (pinned for `#/components/schemas/X` itself), refined by the property path below it;
/// elsewhere the site's hint, kept through union rollbacks like a component's.
fn target_hint(site: &Hint, segments: &[String]) -> Hint {
    let [first, kind, name, rest @ ..] = segments else {
        let mut hint = site.clone();
        hint.in_component = true;
        return hint;
    };
    if first != "components" {
        let mut hint = site.clone();
        hint.in_component = true;
        return hint;
    }
    let mut hint = site.component(name);
    hint.pinned = kind == "schemas" && rest.is_empty();
    let mut rest = rest.iter();
    while let Some(segment) = rest.next() {
        hint = match segment.as_str() {
            "properties" => match rest.next() {
                Some(property) => hint.property(property),
                None => hint,
            },
            "items" => hint.item(),
            "additionalProperties" => hint.map_value(),
            _ => hint,
        };
    }
    hint
}

/// A union with the referenced schema itself as a variant (`U = oneOf[integer, U]`): as an
/// untagged enum its decoder would recurse forever.
fn is_self_union(space: &TypeSpace<'_>, ty: &TypeRef, placeholder: TypeId) -> bool {
    match space.kind(ty) {
        Some(TypeKind::OneOf { variants }) => variants.iter().any(|v| match v {
            TypeRef::Named(n) => *n == placeholder,
            TypeRef::Option(inner) => matches!(inner.as_ref(), TypeRef::Named(n) if *n == placeholder),
            _ => false,
        }),
        _ => false,
    }
}

fn contains(ty: &TypeRef, id: TypeId) -> bool {
    match ty {
        TypeRef::Named(n) => *n == id,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => contains(inner, id),
        _ => false,
    }
}

/// Replaces every use of `placeholder` inside the type space by `with`.
fn substitute(space: &mut TypeSpace<'_>, placeholder: TypeId, with: &TypeRef) {
    fn fix(ty: &mut TypeRef, placeholder: TypeId, with: &TypeRef) {
        match ty {
            TypeRef::Named(n) if *n == placeholder => *ty = with.clone(),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => fix(inner, placeholder, with),
            _ => {}
        }
    }
    for def in &mut space.types {
        match &mut def.kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter_mut().for_each(|f| fix(&mut f.ty, placeholder, with));
                fix(additional, placeholder, with);
            }
            TypeKind::OneOf { variants } => variants.iter_mut().for_each(|v| fix(v, placeholder, with)),
            TypeKind::Tagged { variants, .. } => variants.iter_mut().for_each(|(_, v)| fix(v, placeholder, with)),
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
        }
    }
}
