//! Converts inline OpenAPI schemas into [`TypeRef`]s, interning every struct/enum/union in the
//! type space together with a naming hint taken from where the schema is used.

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::hint::Hint;
use super::{Field, TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// A converted schema: its Rust type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Converts `schema` (found at `ptr`) into a type, registering named types in `space`.
pub(crate) fn convert_schema<S: Borrow<Schema>>(
    space: &mut TypeSpace,
    schema: &ReferenceOr<S>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    let schema = match schema {
        ReferenceOr::Item(s) => s.borrow(),
        ReferenceOr::Reference { reference } => return super::refs::convert_ref(space, reference, ptr, hint),
    };
    let nullable = schema.schema_data.nullable;
    let docs = schema.schema_data.description.clone();
    let ty = match &schema.schema_kind {
        SchemaKind::Type(ty) => convert_type(space, ty, docs, ptr, hint)?,
        SchemaKind::OneOf { one_of } => union(space, one_of, docs, &ptr.join("oneOf"), hint)?,
        SchemaKind::AnyOf { any_of } => union(space, any_of, docs, &ptr.join("anyOf"), hint)?,
        SchemaKind::AllOf { all_of } => all_of_type(space, all_of, docs, ptr, hint)?,
        SchemaKind::Not { .. } => {
            return Err(Error::new(&ptr.join("not"), "`not` schemas are not supported"));
        }
        SchemaKind::Any(any) => convert_any(space, any, docs, ptr, hint)?,
    };
    Ok(Converted { ty, nullable })
}

/// The schema behind `schema` (found at `ptr`), following `#/components/schemas/` references
/// (cloned, since the caller goes on to mutate the type space), and where it is.
fn resolve<S: Borrow<Schema>>(
    space: &TypeSpace,
    schema: &ReferenceOr<S>,
    ptr: &Pointer,
) -> Result<(Schema, Pointer), Error> {
    let mut reference = match schema {
        ReferenceOr::Item(s) => return Ok((s.borrow().clone(), ptr.clone())),
        ReferenceOr::Reference { reference } => reference.clone(),
    };
    // A chain longer than the component count must be a cycle.
    for _ in 0..=space.components.len() {
        let (name, target) = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| Some((name, space.components.get(name)?)))
            .ok_or_else(|| {
                Error::new(ptr, format!("`$ref` `{reference}` points to no schema in `components.schemas`"))
            })?;
        match target {
            ReferenceOr::Item(s) => {
                return Ok((s.clone(), Pointer::root().join("components").join("schemas").join(name)));
            }
            ReferenceOr::Reference { reference: next } => reference.clone_from(next),
        }
    }
    Err(Error::new(ptr, format!("`$ref` `{reference}` is part of a reference cycle")))
}

fn convert_type(
    space: &mut TypeSpace,
    ty: &Type,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    Ok(match ty {
        Type::String(s) => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            string_type(space, values, docs, hint)
        }
        Type::Integer(i) => match &i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::BigInt,
            _ => TypeRef::I64,
        },
        Type::Number(_) => TypeRef::F64,
        Type::Boolean(_) => TypeRef::Bool,
        Type::Object(o) => object(space, o, docs, ptr, hint)?,
        Type::Array(a) => match &a.items {
            None => TypeRef::Vec(Box::new(TypeRef::Value)),
            Some(items) => array_of(space, items, &ptr.join("items"), hint)?,
        },
    })
}

fn string_type(space: &mut TypeSpace, values: Vec<String>, docs: Option<String>, hint: &Hint) -> TypeRef {
    if values.is_empty() {
        return TypeRef::String;
    }
    let mut values = values;
    let mut seen = std::collections::BTreeSet::new();
    values.retain(|v| seen.insert(v.clone()));
    TypeRef::Named(space.intern(TypeKind::StringEnum { values }, docs, hint.clone()))
}

fn array_of<S: Borrow<Schema>>(
    space: &mut TypeSpace,
    items: &ReferenceOr<S>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let item = convert_schema(space, items, ptr, &hint.item())?;
    Ok(TypeRef::Vec(Box::new(optional(item))))
}

fn optional(c: Converted) -> TypeRef {
    if c.nullable && !matches!(c.ty, TypeRef::Value) { TypeRef::Option(Box::new(c.ty)) } else { c.ty }
}

fn object(
    space: &mut TypeSpace,
    o: &ObjectType,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let props = located_properties(&o.properties, ptr);
    object_from_parts(space, &props, &o.required, o.additional_properties.as_ref(), docs, ptr, hint)
}

/// A property schema with its name and its location in the spec.
type Property<'a> = (&'a String, &'a ReferenceOr<Box<Schema>>, Pointer);

/// The properties of an object schema at `ptr`, each with its pointer.
fn located_properties<'a>(
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    ptr: &Pointer,
) -> Vec<Property<'a>> {
    properties.iter().map(|(name, schema)| (name, schema, ptr.join("properties").join(name))).collect()
}

fn object_from_parts(
    space: &mut TypeSpace,
    props: &[Property<'_>],
    required: &[String],
    additional: Option<&AdditionalProperties>,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let additional = match additional {
        None | Some(AdditionalProperties::Any(_)) => TypeRef::Value,
        Some(AdditionalProperties::Schema(s)) => {
            optional(convert_schema(space, s, &ptr.join("additionalProperties"), &hint.map_value())?)
        }
    };
    if props.is_empty() {
        return Ok(TypeRef::Map(Box::new(additional)));
    }
    let mut fields = Vec::with_capacity(props.len());
    for (name, prop, p) in props {
        let converted = convert_schema(space, prop, p, &hint.property(name))?;
        let docs = match prop {
            ReferenceOr::Item(s) => s.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        fields.push(Field {
            json_name: (*name).clone(),
            ty: converted.ty,
            required: required.contains(name),
            nullable: converted.nullable,
            docs,
        });
    }
    let kind = TypeKind::Struct { fields, additional };
    Ok(TypeRef::Named(space.intern(kind, docs, hint.clone())))
}

/// The JSON kind a converted type accepts, to tell untagged variants apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum JsonKind {
    Bool,
    Integer,
    Number,
    String,
    Array,
    Object,
}

fn json_kind(space: &TypeSpace, ty: &TypeRef) -> Option<JsonKind> {
    match ty {
        TypeRef::Bool => Some(JsonKind::Bool),
        TypeRef::I64 | TypeRef::BigInt => Some(JsonKind::Integer),
        TypeRef::F64 => Some(JsonKind::Number),
        TypeRef::String => Some(JsonKind::String),
        TypeRef::Vec(_) => Some(JsonKind::Array),
        TypeRef::Map(_) => Some(JsonKind::Object),
        TypeRef::Named(id) => match space.get(*id).map(|d| &d.kind) {
            Some(TypeKind::Struct { .. }) => Some(JsonKind::Object),
            Some(TypeKind::StringEnum { .. }) => Some(JsonKind::String),
            Some(TypeKind::OneOf { .. }) | None => None,
        },
        TypeRef::Value | TypeRef::Option(_) => None,
    }
}

fn union(
    space: &mut TypeSpace,
    variants: &[ReferenceOr<Schema>],
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let marks = space.hint_marks();
    let mut converted: Vec<TypeRef> = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let word = match resolve(space, v, &ptr.join(i))?.0.schema_kind {
            SchemaKind::Type(Type::Object(_)) => "Object",
            SchemaKind::Type(Type::String(_)) => "Kind",
            _ => "Variant",
        };
        let c = convert_schema(space, v, &ptr.join(i), &hint.variant(word))?;
        if !converted.contains(&c.ty) {
            converted.push(c.ty);
        }
    }
    if converted.len() == 1 {
        // All variants are the same type: it takes the union's place (and name). Converting the
        // first variant again under the union's hint re-hints it and every nested type (the
        // variant hints were rolled back), and yields the same type since shapes deduplicate.
        space.rollback_hints(&marks);
        return match variants.first() {
            Some(first) => Ok(convert_schema(space, first, &ptr.join(0), hint)?.ty),
            None => Ok(TypeRef::Value),
        };
    }
    let mut keyed = Vec::with_capacity(converted.len());
    for ty in converted {
        match json_kind(space, &ty) {
            Some(kind) if !keyed.iter().any(|(k, _)| *k == kind) => keyed.push((kind, ty)),
            // Two variants for the same JSON kind (or an untyped one): not distinguishable.
            _ => {
                space.rollback_hints(&marks);
                return Ok(TypeRef::Value);
            }
        }
    }
    keyed.sort_by_key(|(kind, _)| *kind);
    let variants = keyed.into_iter().map(|(_, ty)| ty).collect();
    Ok(TypeRef::Named(space.intern(TypeKind::OneOf { variants }, docs, hint.clone())))
}

fn all_of_type(
    space: &mut TypeSpace,
    parts: &[ReferenceOr<Schema>],
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let ptr = ptr.join("allOf");
    if let [single] = parts {
        return Ok(optional(convert_schema(space, single, &ptr.join(0), hint)?));
    }
    let mut objects = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        match resolve(space, part, &ptr.join(i))? {
            (Schema { schema_kind: SchemaKind::Type(Type::Object(o)), .. }, at) => objects.push((o, at)),
            _ => {
                return Err(Error::new(&ptr.join(i), "`allOf` is supported only over object schemas"));
            }
        }
    }
    // A property several parts declare is taken from the first (one field per JSON name).
    let mut props: Vec<Property<'_>> = Vec::new();
    for (o, at) in &objects {
        for prop in located_properties(&o.properties, at) {
            if !props.iter().any(|(name, _, _)| *name == prop.0) {
                props.push(prop);
            }
        }
    }
    let required: Vec<String> = objects.iter().flat_map(|(o, _)| o.required.iter().cloned()).collect();
    object_from_parts(space, &props, &required, None, docs, &ptr, hint)
}

fn convert_any(
    space: &mut TypeSpace,
    any: &AnySchema,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    if !any.one_of.is_empty() || !any.all_of.is_empty() || !any.any_of.is_empty() || any.not.is_some() {
        return Err(Error::new(
            ptr,
            "schemas mixing `oneOf`/`anyOf`/`allOf`/`not` with other keywords are not supported",
        ));
    }
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    match any.typ.as_deref() {
        None if has_object_parts => object_any(space, any, docs, ptr, hint),
        None if any.items.is_some() => match &any.items {
            Some(items) => array_of(space, items, &ptr.join("items"), hint),
            None => Ok(TypeRef::Value),
        },
        None => Ok(TypeRef::Value),
        Some("object") => object_any(space, any, docs, ptr, hint),
        Some("array") => match &any.items {
            Some(items) => array_of(space, items, &ptr.join("items"), hint),
            None => Ok(TypeRef::Vec(Box::new(TypeRef::Value))),
        },
        Some("string") => {
            let values = any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
            Ok(string_type(space, values, docs, hint))
        }
        Some("integer") if any.format.as_deref() == Some("int64") => Ok(TypeRef::BigInt),
        Some("integer") => Ok(TypeRef::I64),
        Some("number") => Ok(TypeRef::F64),
        Some("boolean") => Ok(TypeRef::Bool),
        Some(other) => Err(Error::new(&ptr.join("type"), format!("unsupported schema type `{other}`"))),
    }
}

fn object_any(
    space: &mut TypeSpace,
    any: &AnySchema,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let props = located_properties(&any.properties, ptr);
    object_from_parts(space, &props, &any.required, any.additional_properties.as_ref(), docs, ptr, hint)
}
