//! Compositions: `allOf`, and `oneOf`/`anyOf`/`allOf` beside an object's own keywords.
//!
//! A composed schema is first flattened: its own object keywords and every `allOf` part
//! (through `$ref`s and nested `allOf`s) merge into one object view; parts that only document
//! (`{description}`, `{nullable: true}`, `{type: object}` without properties) add nothing;
//! non-object parts are kept aside; `oneOf`/`anyOf` groups are collected. Then:
//!
//! - no group, only object parts → one struct with every part's properties;
//! - no group, non-object parts only (`allOf: [{$ref: a string schema}]`, the AWS pattern) → that
//!   type (several → their common type: equal types, string enums intersected, else JSON value);
//! - one group → a union whose alternatives each carry the object's own properties (see
//!   [`super::union`]): an enum of complete variants matches on one value and needs no second
//!   lookup, where a struct with a flattened union would clash with the struct's catch-all map;
//! - more groups, or object and non-object parts together → located error or JSON value, see
//!   [`build`].

use openapiv3::{Discriminator, Schema, SchemaKind, Type};

use super::convert::{Converted, ObjectView, convert_at, object_from_view, string_type};
use super::hint::Hint;
use super::pointer::SchemaAt;
use super::{TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// A `oneOf`/`anyOf` group: its alternatives (with locations) and the discriminator beside it.
#[derive(Debug, Clone)]
pub(super) struct Choice<'a> {
    pub alternatives: Vec<(SchemaAt<'a>, Pointer)>,
    pub discriminator: Option<&'a Discriminator>,
}

/// A schema flattened through `allOf` and `$ref`s.
#[derive(Debug, Clone, Default)]
pub(super) struct Flat<'a> {
    /// Every object part's properties, merged.
    pub view: ObjectView<'a>,
    /// Whether any part is an object schema (`type: object`, properties, additionalProperties).
    pub object: bool,
    /// Parts that are neither objects, compositions nor documentation: converted as they are.
    pub others: Vec<(SchemaAt<'a>, Pointer)>,
    /// The `oneOf`/`anyOf` groups met.
    pub choices: Vec<Choice<'a>>,
    /// Whether any part is nullable.
    pub nullable: bool,
}

impl Flat<'_> {
    /// Whether the schema is an object and nothing else: no non-object parts, no unions.
    pub(super) fn is_object(&self) -> bool {
        (self.object || !self.view.is_empty()) && self.others.is_empty() && self.choices.is_empty()
    }

    /// Whether the schema is only a `oneOf`/`anyOf` (plus documentation).
    pub(super) fn is_pure_choice(&self) -> bool {
        !self.object && self.view.is_empty() && self.others.is_empty() && self.choices.len() == 1
    }
}

/// Flattens the schema `at` (found at `ptr`).
pub(super) fn flatten<'s, 'a>(space: &TypeSpace<'s>, at: SchemaAt<'a>, ptr: &Pointer) -> Result<Flat<'a>, Error>
where
    's: 'a,
{
    let mut flat = Flat::default();
    let mut visiting = Vec::new();
    flatten_into(space, at, ptr, &mut flat, &mut visiting)?;
    Ok(flat)
}

fn flatten_into<'s, 'a>(
    space: &TypeSpace<'s>,
    at: SchemaAt<'a>,
    ptr: &Pointer,
    flat: &mut Flat<'a>,
    visiting: &mut Vec<String>,
) -> Result<(), Error>
where
    's: 'a,
{
    let schema = match at {
        SchemaAt::Item(schema) => schema,
        SchemaAt::Ref(reference) => {
            if visiting.iter().any(|v| v == reference) {
                return Err(Error::new(
                    ptr,
                    format!("`allOf` through `$ref` `{reference}` includes the schema itself"),
                ));
            }
            let (schema, target) = super::refs::resolve(space, reference, ptr)?;
            visiting.push(reference.to_owned());
            // A `$ref` that is a plain type stays a reference, so it keeps its component name.
            if is_plain(schema) {
                flat.nullable |= schema.schema_data.nullable;
                flat.others.push((at, ptr.clone()));
            } else {
                flatten_into(space, SchemaAt::Item(schema), &target, flat, visiting)?;
            }
            visiting.pop();
            return Ok(());
        }
    };
    flat.nullable |= schema.schema_data.nullable;
    let list = |ptr: &Pointer, key: &str, list: &'a [openapiv3::ReferenceOr<Schema>]| -> Vec<(SchemaAt<'a>, Pointer)> {
        list.iter().enumerate().map(|(i, s)| (SchemaAt::of(s), ptr.join(key).join(i))).collect()
    };
    let discriminator = schema.schema_data.discriminator.as_ref();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            flat.object = true;
            flat.view.add(&o.properties, &o.required, o.additional_properties.as_ref(), ptr);
        }
        SchemaKind::Type(_) => flat.others.push((at, ptr.clone())),
        SchemaKind::AllOf { all_of } => {
            for (part, part_ptr) in list(ptr, "allOf", all_of) {
                flatten_into(space, part, &part_ptr, flat, visiting)?;
            }
        }
        SchemaKind::OneOf { one_of } => {
            flat.choices.push(Choice { alternatives: list(ptr, "oneOf", one_of), discriminator });
        }
        SchemaKind::AnyOf { any_of } => {
            flat.choices.push(Choice { alternatives: list(ptr, "anyOf", any_of), discriminator });
        }
        // A `not` only restricts; fields that have one carry a doc note.
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(any) => {
            // `additionalProperties: true`/`false` beside a composition only restricts objects
            // (any other value passes): the parts decide whether the value is one.
            let map = any.additional_properties.as_ref().is_some_and(|a| {
                !super::convert::is_composed(any) || matches!(a, openapiv3::AdditionalProperties::Schema(_))
            });
            if any.typ.as_deref() == Some("object") || !any.properties.is_empty() || map {
                flat.object = true;
                flat.view.add(&any.properties, &any.required, any.additional_properties.as_ref(), ptr);
            } else if !super::convert::is_composed(any)
                && (any.typ.is_some() || any.items.is_some() || !any.enumeration.is_empty())
            {
                flat.others.push((at, ptr.clone()));
            } else if !super::convert::is_composed(any) {
                // `required` without properties (`oneOf: [{required: [a]}, …]`) only constrains.
                flat.view.required.extend(any.required.iter().cloned());
            }
            // Beside a composition, an own primitive `type` is implied by the parts.
            for (part, part_ptr) in list(ptr, "allOf", &any.all_of) {
                flatten_into(space, part, &part_ptr, flat, visiting)?;
            }
            if !any.one_of.is_empty() {
                flat.choices.push(Choice { alternatives: list(ptr, "oneOf", &any.one_of), discriminator });
            }
            if !any.any_of.is_empty() {
                flat.choices.push(Choice { alternatives: list(ptr, "anyOf", &any.any_of), discriminator });
            }
        }
    }
    Ok(())
}

/// Whether a schema is a single plain type (no object, no composition): referenced as a whole.
fn is_plain(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => false,
        SchemaKind::Type(_) => true,
        SchemaKind::Any(any) => {
            !super::convert::is_composed(any)
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.typ.as_deref() != Some("object")
                && (any.typ.is_some() || any.items.is_some() || !any.enumeration.is_empty())
        }
        _ => false,
    }
}

/// Converts the composed `schema` (found at `ptr`). A composition may include the component it
/// is part of (`Node: {properties: {child: {allOf: [{$ref: Node}, …]}}}`): the schema is guarded
/// like a reference, so converting it again inside itself yields a placeholder, not a loop.
pub(super) fn composed(
    space: &mut TypeSpace<'_>,
    schema: &Schema,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    let guard = super::refs::Guard::Inline(std::ptr::from_ref(schema) as usize);
    if let Some(placeholder) = super::refs::in_progress(space, &guard) {
        return Ok(placeholder);
    }
    super::refs::guarded(space, guard, ptr, None, |space| composed_once(space, schema, ptr, hint))
}

fn composed_once(space: &mut TypeSpace<'_>, schema: &Schema, ptr: &Pointer, hint: &Hint) -> Result<Converted, Error> {
    if let Some((part, part_ptr, nullable)) = sole_part(schema, ptr) {
        // `allOf: [{$ref: X}]` beside docs, `nullable` or `default`: X itself, keeping its name.
        let converted = convert_at(space, part, &part_ptr, hint)?;
        return Ok(Converted { ty: converted.ty, nullable: converted.nullable || nullable });
    }
    let flat = flatten(space, SchemaAt::Item(schema), ptr)?;
    build(space, flat, schema.schema_data.description.clone(), ptr, hint)
}

/// The one `allOf` part of `schema` that says more than documentation, when the schema has no
/// other parts or keywords of its own; and whether the schema or a documentation part is nullable.
fn sole_part<'a>(schema: &'a Schema, ptr: &Pointer) -> Option<(SchemaAt<'a>, Pointer, bool)> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty() =>
        {
            &any.all_of
        }
        _ => return None,
    };
    let mut meaningful = parts.iter().enumerate().filter(|(_, p)| match p {
        openapiv3::ReferenceOr::Item(s) => !is_documentation(s),
        openapiv3::ReferenceOr::Reference { .. } => true,
    });
    let (i, part) = meaningful.next()?;
    if meaningful.next().is_some() {
        return None;
    }
    let nullable = schema.schema_data.nullable
        || parts.iter().any(|p| matches!(p, openapiv3::ReferenceOr::Item(s) if s.schema_data.nullable));
    Some((SchemaAt::of(part), ptr.join("allOf").join(i), nullable))
}

/// Whether a schema only documents (`{description}`, `{nullable: true}`, `{type: object}`
/// without properties): as an `allOf` part it adds no constraint worth a type.
fn is_documentation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.is_empty() && o.additional_properties.is_none(),
        SchemaKind::Any(any) => {
            !super::convert::is_composed(any)
                && any.not.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object"))
        }
        _ => false,
    }
}

/// The type of a flattened schema (see the module docs).
fn build(
    space: &mut TypeSpace<'_>,
    mut flat: Flat<'_>,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    let nullable = flat.nullable;
    let has_object = flat.object || !flat.view.is_empty();
    let ty = match flat.choices.len() {
        0 if flat.others.is_empty() && has_object => object_from_view(space, &flat.view, docs, hint, false)?,
        0 if flat.others.is_empty() => TypeRef::Value,
        0 if flat.view.is_empty() => return common_type(space, &flat.others, docs, hint, nullable),
        0 => {
            let at = flat.others.first().map_or(ptr, |(_, p)| p);
            return Err(Error::new(
                at,
                "`allOf` combines an object schema with a non-object schema, which no value can match",
            ));
        }
        1 if flat.others.is_empty() => {
            // `type: object` beside a union adds no property for the alternatives to carry.
            let base = (!flat.view.is_empty()).then_some(&flat.view);
            let choice = flat.choices.pop().unwrap_or(Choice { alternatives: Vec::new(), discriminator: None });
            let converted = super::union::union(space, &choice, base, docs, hint)?;
            return Ok(Converted { ty: converted.ty, nullable: nullable || converted.nullable });
        }
        // Several unions, or a union beside non-object parts: no Rust type says exactly that.
        _ => TypeRef::Value,
    };
    Ok(Converted { ty, nullable })
}

/// The type of several non-object `allOf` parts: the one part's type, else the type they all
/// convert to, else (string parts) `String` or the intersection of their enums, else a JSON value.
fn common_type(
    space: &mut TypeSpace<'_>,
    parts: &[(SchemaAt<'_>, Pointer)],
    docs: Option<String>,
    hint: &Hint,
    nullable: bool,
) -> Result<Converted, Error> {
    if let [(at, at_ptr)] = parts {
        let converted = convert_at(space, *at, at_ptr, hint)?;
        return Ok(Converted { ty: converted.ty, nullable: nullable || converted.nullable });
    }
    let marks = space.hint_marks();
    let mut types = Vec::new();
    let mut nullable = nullable;
    for (at, at_ptr) in parts {
        let converted = convert_at(space, *at, at_ptr, hint)?;
        nullable |= converted.nullable;
        types.push(converted.ty);
    }
    let ty = match types.as_slice() {
        [first, rest @ ..] if rest.iter().all(|t| t == first) => first.clone(),
        _ => {
            space.rollback_hints(&marks);
            let mut values: Option<Vec<String>> = None;
            let mut strings = true;
            for t in &types {
                match (t, space.kind(t)) {
                    (TypeRef::String, _) => {}
                    (_, Some(TypeKind::StringEnum { values: these })) => {
                        values = Some(match values {
                            None => these.clone(),
                            Some(before) => before.into_iter().filter(|v| these.contains(v)).collect(),
                        });
                    }
                    _ => strings = false,
                }
            }
            match (strings, values) {
                (true, None) => TypeRef::String,
                (true, Some(values)) if !values.is_empty() => string_type(space, values, docs, hint),
                _ => TypeRef::Value,
            }
        }
    };
    Ok(Converted { ty, nullable })
}
