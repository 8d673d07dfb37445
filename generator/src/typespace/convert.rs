//! Converts inline OpenAPI schemas into [`TypeRef`]s, interning every struct/enum/union in the
//! type space together with a naming hint taken from where the schema is used.
//!
//! Plain schemas are handled here (scalars, enums, arrays, objects, untyped values);
//! compositions (`allOf`/`oneOf`/`anyOf`, also beside `type: object`) go to
//! [`super::compose`], unions to [`super::union`], `$ref`s to [`super::refs`].

use std::borrow::Borrow;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::hint::Hint;
use super::pointer::SchemaAt;
use super::{Field, TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// A converted schema: its Rust type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// The doc note of a field whose schema says what its value must *not* be.
pub(super) const NOT_NOTE: &str =
    "Note: the docs also describe values this must not be (a `not` schema); the Rust type does not check that.";

/// The doc note of a field whose schema is marked `deprecated` (a note, not `#[deprecated]`:
/// the crate's own derives and constructors set every field).
pub(super) const DEPRECATED_NOTE: &str = "**Deprecated**: the API docs mark this property deprecated.";

/// Converts `schema` (found at `ptr`) into a type, registering named types in `space`.
pub(crate) fn convert_schema<S: Borrow<Schema>>(
    space: &mut TypeSpace<'_>,
    schema: &ReferenceOr<S>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    convert_at(space, SchemaAt::of(schema), ptr, hint)
}

/// Converts the schema or reference `at` (found at `ptr`).
pub(super) fn convert_at(
    space: &mut TypeSpace<'_>,
    at: SchemaAt<'_>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<Converted, Error> {
    match at {
        SchemaAt::Ref(reference) => super::refs::convert_ref(space, reference, ptr, hint),
        SchemaAt::Item(schema) => convert_item(space, schema, ptr, hint),
    }
}

fn convert_item(space: &mut TypeSpace<'_>, schema: &Schema, ptr: &Pointer, hint: &Hint) -> Result<Converted, Error> {
    let data = &schema.schema_data;
    let mut nullable = data.nullable;
    let ty = match &schema.schema_kind {
        SchemaKind::Type(ty) => convert_type(space, ty, data, &mut nullable, ptr, hint)?,
        SchemaKind::Any(any) if !is_composed(any) => convert_any(space, any, data, &mut nullable, ptr, hint)?,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::Any(_) => {
            let converted = super::compose::composed(space, schema, ptr, hint)?;
            nullable |= converted.nullable;
            converted.ty
        }
        // Only what a value must not be: any value (fields carry `NOT_NOTE`).
        SchemaKind::Not { .. } => TypeRef::Value,
    };
    Ok(Converted { ty, nullable })
}

/// Whether a schema that also has other keywords combines schemas (`oneOf`/`anyOf`/`allOf`).
pub(super) fn is_composed(any: &AnySchema) -> bool {
    !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty()
}

fn convert_type(
    space: &mut TypeSpace<'_>,
    ty: &Type,
    data: &SchemaData,
    nullable: &mut bool,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let docs = data.description.clone();
    Ok(match ty {
        Type::String(s) => {
            *nullable |= s.enumeration.iter().any(Option::is_none);
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            string_type(space, values, docs, hint)
        }
        Type::Integer(i) if !i.enumeration.is_empty() => {
            *nullable |= i.enumeration.iter().any(Option::is_none);
            let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
            int_enum(space, values, data, hint)
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

/// `String`, or an open string enum of `values`.
pub(super) fn string_type(
    space: &mut TypeSpace<'_>,
    values: Vec<String>,
    docs: Option<String>,
    hint: &Hint,
) -> TypeRef {
    if values.is_empty() {
        return TypeRef::String;
    }
    let mut values = values;
    let mut seen = std::collections::BTreeSet::new();
    values.retain(|v| seen.insert(v.clone()));
    TypeRef::Named(space.intern(TypeKind::StringEnum { values }, docs, hint.clone()))
}

/// An open integer enum of `values`, its variants named by `x-enum-varnames` (or `x-enumNames`)
/// when the schema gives one name per value.
fn int_enum(space: &mut TypeSpace<'_>, values: Vec<i64>, data: &SchemaData, hint: &Hint) -> TypeRef {
    let mut seen = std::collections::BTreeSet::new();
    let unique: Vec<i64> = values.iter().copied().filter(|v| seen.insert(*v)).collect();
    let names: Vec<String> = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|key| data.extensions.get(*key)?.as_array())
        .filter(|names| names.len() == values.len() && unique.len() == values.len())
        .and_then(|names| names.iter().map(|n| n.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let kind = TypeKind::IntEnum { values: unique, names };
    TypeRef::Named(space.intern(kind, data.description.clone(), hint.clone()))
}

fn array_of<S: Borrow<Schema>>(
    space: &mut TypeSpace<'_>,
    items: &ReferenceOr<S>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let item = convert_schema(space, items, ptr, &hint.item())?;
    Ok(TypeRef::Vec(Box::new(optional(item))))
}

/// `Option<T>` for a nullable value that is not a struct field (array items, map values).
pub(super) fn optional(c: Converted) -> TypeRef {
    if c.nullable && !matches!(c.ty, TypeRef::Value) { TypeRef::Option(Box::new(c.ty)) } else { c.ty }
}

fn object(
    space: &mut TypeSpace<'_>,
    o: &ObjectType,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let mut view = ObjectView::default();
    view.add(&o.properties, &o.required, o.additional_properties.as_ref(), ptr);
    object_from_view(space, &view, docs, hint, false)
}

/// A property: its name, schema and location in the spec.
pub(super) type Property<'a> = (&'a str, SchemaAt<'a>, Pointer);

/// An object schema (or several, merged) taken apart.
#[derive(Debug, Clone, Default)]
pub(super) struct ObjectView<'a> {
    /// Properties in declaration order; a name declared twice keeps its first schema.
    pub props: Vec<Property<'a>>,
    pub required: Vec<String>,
    /// The first `additionalProperties` met, with its location.
    pub additional: Option<(&'a AdditionalProperties, Pointer)>,
}

impl<'a> ObjectView<'a> {
    /// Adds the object parts of a schema at `ptr`.
    pub(super) fn add(
        &mut self,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        ptr: &Pointer,
    ) {
        for (name, schema) in properties {
            if !self.props.iter().any(|(n, _, _)| *n == name) {
                self.props.push((name, SchemaAt::of(schema), ptr.join("properties").join(name)));
            }
        }
        self.required.extend(required.iter().filter(|r| !self.required.contains(r)).cloned().collect::<Vec<_>>());
        if self.additional.is_none() {
            self.additional = additional.map(|a| (a, ptr.join("additionalProperties")));
        }
    }

    /// Adds everything `other` declares.
    pub(super) fn merge(&mut self, other: &ObjectView<'a>) {
        for prop in &other.props {
            if !self.props.iter().any(|(n, _, _)| *n == prop.0) {
                self.props.push(prop.clone());
            }
        }
        self.required.extend(other.required.iter().filter(|r| !self.required.contains(r)).cloned().collect::<Vec<_>>());
        if self.additional.is_none() {
            self.additional.clone_from(&other.additional);
        }
    }

    /// Whether the view declares nothing but `required` names.
    pub(super) fn is_empty(&self) -> bool {
        self.props.is_empty() && self.additional.is_none()
    }
}

/// The struct (or, without properties and unless `force_struct`, the map) of an object view.
/// `additionalProperties` `true`, `false`, `{}` or absent keep unknown fields as JSON values (also
/// for `false`: the live API may send more than the docs list); a schema types them.
pub(super) fn object_from_view(
    space: &mut TypeSpace<'_>,
    view: &ObjectView<'_>,
    docs: Option<String>,
    hint: &Hint,
    force_struct: bool,
) -> Result<TypeRef, Error> {
    let additional = match &view.additional {
        None | Some((AdditionalProperties::Any(_), _)) => TypeRef::Value,
        Some((AdditionalProperties::Schema(s), at)) => optional(convert_schema(space, s, at, &hint.map_value())?),
    };
    if view.props.is_empty() && !force_struct {
        return Ok(TypeRef::Map(Box::new(additional)));
    }
    let mut fields = Vec::with_capacity(view.props.len());
    for (name, prop, p) in &view.props {
        let converted = convert_at(space, *prop, p, &hint.property(name))?;
        fields.push(Field {
            json_name: (*name).to_owned(),
            ty: converted.ty,
            required: view.required.iter().any(|r| r == name),
            nullable: converted.nullable,
            docs: field_docs(*prop),
        });
    }
    let kind = TypeKind::Struct { fields, additional };
    Ok(TypeRef::Named(space.intern(kind, docs, hint.clone())))
}

/// A property's docs: its description, plus [`NOT_NOTE`] when it carries a `not` schema and
/// [`DEPRECATED_NOTE`] when it is deprecated.
fn field_docs(prop: SchemaAt<'_>) -> Option<String> {
    let SchemaAt::Item(schema) = prop else { return None };
    let has_not = match &schema.schema_kind {
        SchemaKind::Not { .. } => true,
        SchemaKind::Any(any) => any.not.is_some(),
        _ => false,
    };
    let description = schema.schema_data.description.as_deref().filter(|d| !d.trim().is_empty());
    let notes = [(has_not, NOT_NOTE), (schema.schema_data.deprecated, DEPRECATED_NOTE)]
        .into_iter()
        .filter_map(|(applies, note)| applies.then_some(note));
    let paragraphs: Vec<&str> = description.into_iter().chain(notes).collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// A schema of keywords openapiv3 could not sort into one kind (and without compositions).
fn convert_any(
    space: &mut TypeSpace<'_>,
    any: &AnySchema,
    data: &SchemaData,
    nullable: &mut bool,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let docs = data.description.clone();
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    *nullable |= any.enumeration.iter().any(serde_json::Value::is_null);
    let values = || any.enumeration.iter().filter(|v| !v.is_null());
    match any.typ.as_deref() {
        Some("object") => object_any(space, any, docs, ptr, hint),
        None if has_object_parts => object_any(space, any, docs, ptr, hint),
        Some("array") | None if any.items.is_some() => match &any.items {
            Some(items) => array_of(space, items, &ptr.join("items"), hint),
            None => Ok(TypeRef::Value),
        },
        Some("array") => Ok(TypeRef::Vec(Box::new(TypeRef::Value))),
        // Untyped constants (`{"enum": ["a", "b"]}`): the values' own type.
        None if values().next().is_some() && values().all(serde_json::Value::is_string) => {
            Ok(string_type(space, values().filter_map(|v| v.as_str().map(str::to_owned)).collect(), docs, hint))
        }
        None if values().next().is_some() && values().all(serde_json::Value::is_i64) => {
            Ok(int_enum(space, values().filter_map(serde_json::Value::as_i64).collect(), data, hint))
        }
        None | Some("any" | "null") => Ok(TypeRef::Value),
        Some("string") => {
            let values = values().filter_map(|v| v.as_str().map(str::to_owned)).collect();
            Ok(string_type(space, values, docs, hint))
        }
        Some("integer") if values().next().is_some() && values().all(serde_json::Value::is_i64) => {
            Ok(int_enum(space, values().filter_map(serde_json::Value::as_i64).collect(), data, hint))
        }
        Some("integer") if any.format.as_deref() == Some("int64") => Ok(TypeRef::BigInt),
        Some("integer") => Ok(TypeRef::I64),
        Some("number") => Ok(TypeRef::F64),
        Some("boolean") => Ok(TypeRef::Bool),
        Some(other) => Err(Error::new(&ptr.join("type"), format!("unsupported schema type `{other}`"))),
    }
}

fn object_any(
    space: &mut TypeSpace<'_>,
    any: &AnySchema,
    docs: Option<String>,
    ptr: &Pointer,
    hint: &Hint,
) -> Result<TypeRef, Error> {
    let mut view = ObjectView::default();
    view.add(&any.properties, &any.required, any.additional_properties.as_ref(), ptr);
    object_from_view(space, &view, docs, hint, false)
}
