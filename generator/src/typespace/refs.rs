//! `$ref`s to `#/components/schemas/X`: the component gets a placeholder id before its schema is
//! converted (so recursive references resolve), its name pinned as the type name, and the
//! placeholder replaced by the converted type afterwards. Dangling refs are located errors.

use super::convert::{Converted, convert_schema};
use super::hint::Hint;
use super::{TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// Prefix of the schema references the generator follows.
const SCHEMAS: &str = "#/components/schemas/";

/// How far a component's conversion has got.
#[derive(Debug, Clone)]
pub(super) enum RefState {
    /// Being converted: references met meanwhile point at this placeholder.
    InProgress(TypeId),
    Done(Converted),
}

/// Converts the schema `reference` (found at `ptr`, used as described by `hint`).
pub(super) fn convert_ref(
    space: &mut TypeSpace,
    reference: &str,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    let Some(name) = reference.strip_prefix(SCHEMAS) else {
        return Err(Error::new(
            ptr,
            format!("`$ref` to `{reference}` is not supported: only `{SCHEMAS}…` schema references are"),
        ));
    };
    match space.refs.get(name) {
        Some(RefState::Done(converted)) => return Ok(converted.clone()),
        Some(RefState::InProgress(id)) => return Ok(Converted { ty: TypeRef::Named(*id), nullable: false }),
        None => {}
    }
    let Some(schema) = space.components.get(name).cloned() else {
        return Err(Error::new(ptr, format!("`$ref` `{reference}` points to no schema in `components.schemas`")));
    };
    let placeholder = TypeId(space.types.len());
    space.types.push(TypeDef {
        kind: TypeKind::Struct { fields: Vec::new(), additional: TypeRef::Value },
        docs: None,
        hints: Vec::new(),
        name: String::new(),
    });
    space.refs.insert(name.to_owned(), RefState::InProgress(placeholder));
    let component_ptr = Pointer::root().join("components").join("schemas").join(name);
    let converted = convert_schema(space, &schema, &component_ptr, &hint.component(name))?;
    if contains(&converted.ty, placeholder) || is_self_union(space, &converted.ty, placeholder) {
        return Err(Error::new(
            &component_ptr,
            format!("schema `{name}` refers to itself without an object in between, which has no finite Rust type"),
        ));
    }
    substitute(space, placeholder, &converted.ty);
    space.refs.insert(name.to_owned(), RefState::Done(converted.clone()));
    Ok(converted)
}

/// A union with the component itself as a variant (`U = oneOf[integer, U]`): as an untagged
/// enum its decoder would recurse forever.
fn is_self_union(space: &TypeSpace, ty: &TypeRef, placeholder: TypeId) -> bool {
    let TypeRef::Named(id) = ty else { return false };
    match space.get(*id).map(|d| &d.kind) {
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
fn substitute(space: &mut TypeSpace, placeholder: TypeId, with: &TypeRef) {
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
            TypeKind::StringEnum { .. } => {}
        }
    }
}
