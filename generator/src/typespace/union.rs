//! Unions (`oneOf`/`anyOf`), nested ones flattened first:
//!
//! - objects that each have a property holding one constant string (`type: {enum: [text]}`), or
//!   a `discriminator` (with or without `mapping`) → an internally tagged enum with a catch-all
//!   variant keeping unknown objects as raw JSON ([`TypeKind::Tagged`]);
//! - otherwise an untagged enum over the JSON kinds of the alternatives, where string
//!   alternatives merge into one open string enum (constants as variants, anything else in its
//!   catch-all: `anyOf: [{enum: [a]}, {enum: [b]}, {type: string, pattern: …}]`) and integer
//!   alternatives into one integer enum ([`TypeKind::OneOf`]); one kind left → that type;
//! - alternatives that cannot be told apart (two object shapes, an untyped one) → JSON value.
//!
//! With the object's own properties beside the union (`base`), every alternative carries them.

use openapiv3::{Discriminator, SchemaKind, Type};

use super::compose::{Choice, Flat, flatten};
use super::convert::{Converted, ObjectView, convert_at, object_from_view, string_type};
use super::hint::Hint;
use super::naming::pascal;
use super::pointer::{self, SchemaAt};
use super::{TypeKind, TypeRef, TypeSpace};
use crate::error::{Error, Pointer};

/// One alternative of a union, flattened.
struct Alt<'a> {
    at: SchemaAt<'a>,
    ptr: Pointer,
    flat: Flat<'a>,
}

/// An alternative as a candidate variant of a tagged enum: its `$ref` (for a discriminator's
/// mapping), its object view, and whether that view merges in the object's own properties (then
/// the variant gets a struct of its own; otherwise a `$ref` keeps its type).
struct Candidate<'v, 'a> {
    reference: Option<&'a str>,
    view: ObjectView<'a>,
    merged: bool,
    alt: &'v Alt<'a>,
}

impl<'v, 'a> Candidate<'v, 'a> {
    /// `alt`, its view merged with `base` if given.
    fn new(alt: &'v Alt<'a>, base: Option<&ObjectView<'a>>) -> Self {
        let reference = match alt.at {
            SchemaAt::Ref(r) => Some(r),
            SchemaAt::Item(_) => None,
        };
        let view = match base {
            Some(base) => {
                let mut view = base.clone();
                view.merge(&alt.flat.view);
                view
            }
            None => alt.flat.view.clone(),
        };
        Candidate { reference, view, merged: base.is_some(), alt }
    }
}

/// The type of the union `choice`, each alternative merged with `base` when given.
pub(super) fn union(
    space: &mut TypeSpace<'_>,
    choice: &Choice<'_>,
    base: Option<&ObjectView<'_>>,
    docs: Option<String>,
    hint: &Hint,
) -> Result<Converted, Error> {
    let mut alts = Vec::new();
    expand(space, &choice.alternatives, &mut alts, &mut Vec::new())?;
    let nullable = alts.iter().any(|a| a.flat.nullable);
    let with_nullable = |ty| Ok(Converted { ty, nullable });
    let Some(base) = base else {
        if alts.len() >= 2 && alts.iter().all(|a| a.flat.is_object()) {
            let candidates: Vec<Candidate<'_, '_>> = alts.iter().map(|alt| Candidate::new(alt, None)).collect();
            if let Some(ty) = tagged(space, &candidates, choice.discriminator, docs.clone(), hint)? {
                return with_nullable(ty);
            }
        }
        return untagged(space, &alts, docs, hint).map(|c| Converted { ty: c.ty, nullable: nullable || c.nullable });
    };
    // Every alternative must be an object to carry the object's own properties.
    if !alts.iter().all(|a| a.flat.is_object() || is_nothing(&a.flat)) {
        return with_nullable(TypeRef::Value);
    }
    // Alternatives that only list `required` names constrain the object but add no shape.
    if alts.iter().all(|a| a.flat.view.is_empty()) {
        return with_nullable(object_from_view(space, base, docs, hint, false)?);
    }
    let merged: Vec<Candidate<'_, '_>> = alts.iter().map(|alt| Candidate::new(alt, Some(base))).collect();
    if let Some(ty) = tagged(space, &merged, choice.discriminator, docs.clone(), hint)? {
        return with_nullable(ty);
    }
    // Untagged objects: one type if they all come out the same, else indistinguishable.
    let marks = space.hint_marks();
    let mut types = Vec::new();
    for candidate in &merged {
        let ty = object_from_view(space, &candidate.view, alt_docs(candidate.alt), &hint.variant("Object"), false)?;
        if !types.contains(&ty) {
            types.push(ty);
        }
    }
    space.rollback_hints(&marks);
    match (types.as_slice(), merged.first()) {
        ([_], Some(first)) => with_nullable(object_from_view(space, &first.view, docs, hint, false)?),
        _ => with_nullable(TypeRef::Value),
    }
}

/// Whether a flattened alternative says nothing at all (`{}`).
fn is_nothing(flat: &Flat<'_>) -> bool {
    !flat.object && flat.view.is_empty() && flat.others.is_empty() && flat.choices.is_empty()
}

/// The description of an inline alternative.
fn alt_docs(alt: &Alt<'_>) -> Option<String> {
    match alt.at {
        SchemaAt::Item(s) => s.schema_data.description.clone(),
        SchemaAt::Ref(_) => None,
    }
}

/// Flattens `alternatives` into `out`, inlining alternatives that are unions themselves
/// (`anyOf: [{anyOf: [a, b]}, c]` is `anyOf: [a, b, c]`); `visiting` holds the references being
/// inlined, so a union that contains itself is an error, not a loop.
fn expand<'s, 'a>(
    space: &TypeSpace<'s>,
    alternatives: &[(SchemaAt<'a>, Pointer)],
    out: &mut Vec<Alt<'a>>,
    visiting: &mut Vec<String>,
) -> Result<(), Error>
where
    's: 'a,
{
    for (at, ptr) in alternatives {
        let flat = flatten(space, *at, ptr)?;
        let nested = match flat.choices.first() {
            Some(choice) if flat.is_pure_choice() && choice.discriminator.is_none() => choice.clone(),
            _ => {
                out.push(Alt { at: *at, ptr: ptr.clone(), flat });
                continue;
            }
        };
        if let SchemaAt::Ref(reference) = at {
            if visiting.iter().any(|v| v == reference) {
                return Err(Error::new(ptr, format!("union `$ref` `{reference}` contains itself")));
            }
            visiting.push((*reference).to_owned());
        }
        let start = out.len();
        expand(space, &nested.alternatives, out, visiting)?;
        if flat.nullable {
            // `{oneOf: […], nullable: true}` nested: its null is the outer union's too.
            if let Some(first) = out.get_mut(start) {
                first.flat.nullable = true;
            }
        }
        if matches!(at, SchemaAt::Ref(_)) {
            visiting.pop();
        }
    }
    Ok(())
}

/// The internally tagged enum of `candidates`, if one property tells them apart: `None` otherwise.
fn tagged(
    space: &mut TypeSpace<'_>,
    candidates: &[Candidate<'_, '_>],
    discriminator: Option<&Discriminator>,
    docs: Option<String>,
    hint: &Hint,
) -> Result<Option<TypeRef>, Error> {
    let Some((tag, values)) = find_tag(space, candidates, discriminator) else {
        return Ok(None);
    };
    let mut variants = Vec::new();
    for (Candidate { reference, view, merged, alt }, values) in candidates.iter().zip(values) {
        let word = values.first().map_or_else(|| "Variant".to_owned(), |v| pascal(v));
        let variant_hint = hint.variant(&word);
        let payload = match reference {
            // A referenced schema keeps its own type (and name); the tag is set on the way out.
            Some(r) if !merged => convert_at(space, SchemaAt::Ref(r), &alt.ptr, &variant_hint)?.ty,
            _ => {
                let mut view = view.clone();
                view.props.retain(|(name, _, _)| *name != tag);
                view.required.retain(|name| *name != tag);
                object_from_view(space, &view, alt_docs(alt), &variant_hint, true)?
            }
        };
        variants.extend(values.into_iter().map(|v| (v, payload.clone())));
    }
    Ok(Some(TypeRef::Named(space.intern(TypeKind::Tagged { tag, variants }, docs, hint.clone()))))
}

/// The tag property and each alternative's tag values: from the `discriminator` (its `mapping`,
/// else the constant the alternative gives the property, else its component name), or without
/// one the first property every alternative gives a distinct constant string.
fn find_tag(
    space: &TypeSpace<'_>,
    candidates: &[Candidate<'_, '_>],
    discriminator: Option<&Discriminator>,
) -> Option<(String, Vec<Vec<String>>)> {
    let properties: Vec<&str> = match discriminator {
        Some(d) => vec![d.property_name.as_str()],
        None => candidates.first()?.view.props.iter().map(|(name, _, _)| *name).collect(),
    };
    'properties: for prop in properties {
        let mut all: Vec<Vec<String>> = Vec::new();
        for Candidate { reference, view, .. } in candidates {
            let mut values: Vec<String> = match (discriminator, reference) {
                (Some(d), Some(r)) => {
                    d.mapping.iter().filter(|(_, target)| same_schema(r, target)).map(|(v, _)| v.clone()).collect()
                }
                _ => Vec::new(),
            };
            if values.is_empty() {
                let constant = constant(space, view, prop);
                let implicit = || discriminator.and(*reference).and_then(component_name);
                match constant.or_else(implicit) {
                    Some(v) => values.push(v),
                    None => continue 'properties,
                }
            }
            all.push(values);
        }
        let mut seen = std::collections::BTreeSet::new();
        if all.iter().flatten().all(|v| seen.insert(v.clone())) {
            return Some((prop.to_owned(), all));
        }
    }
    None
}

/// The single constant string property `prop` of `view` must hold (`{enum: [v]}`), if any.
fn constant(space: &TypeSpace<'_>, view: &ObjectView<'_>, prop: &str) -> Option<String> {
    let (_, at, ptr) = view.props.iter().find(|(name, _, _)| *name == prop)?;
    let schema = match at {
        SchemaAt::Item(s) => *s,
        SchemaAt::Ref(r) => super::refs::resolve(space, r, ptr).ok()?.0,
    };
    let values: Vec<&str> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().map(String::as_str).collect(),
        SchemaKind::Any(any) => any.enumeration.iter().filter_map(serde_json::Value::as_str).collect(),
        _ => return None,
    };
    match values.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

/// Whether the `$ref` `reference` names the `mapping` target `target` (a reference, or a bare
/// component schema name).
fn same_schema(reference: &str, target: &str) -> bool {
    if target.starts_with('#') {
        return pointer::parse(reference).ok() == pointer::parse(target).ok();
    }
    component_name(reference).is_some_and(|name| name == target)
}

/// `X` for a reference to `#/components/schemas/X`.
fn component_name(reference: &str) -> Option<String> {
    match pointer::parse(reference).ok()?.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => Some(name.clone()),
        _ => None,
    }
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

fn json_kind(space: &TypeSpace<'_>, ty: &TypeRef) -> Option<JsonKind> {
    match ty {
        TypeRef::Bool => Some(JsonKind::Bool),
        TypeRef::I64 | TypeRef::BigInt => Some(JsonKind::Integer),
        TypeRef::F64 => Some(JsonKind::Number),
        TypeRef::String => Some(JsonKind::String),
        TypeRef::Vec(_) => Some(JsonKind::Array),
        TypeRef::Map(_) => Some(JsonKind::Object),
        TypeRef::Named(_) => match space.kind(ty) {
            Some(TypeKind::Struct { .. } | TypeKind::Tagged { .. }) => Some(JsonKind::Object),
            Some(TypeKind::StringEnum { .. }) => Some(JsonKind::String),
            Some(TypeKind::IntEnum { .. }) => Some(JsonKind::Integer),
            Some(TypeKind::OneOf { .. }) | None => None,
        },
        TypeRef::Value | TypeRef::Option(_) => None,
    }
}

/// The untagged enum of `alts` (see the module docs).
fn untagged(
    space: &mut TypeSpace<'_>,
    alts: &[Alt<'_>],
    docs: Option<String>,
    hint: &Hint,
) -> Result<Converted, Error> {
    let marks = space.hint_marks();
    let mut converted: Vec<TypeRef> = Vec::new();
    let mut nullable = false;
    for alt in alts {
        let word = if alt.flat.is_object() {
            "Object"
        } else if is_string(space, alt) {
            "Kind"
        } else {
            "Variant"
        };
        let c = convert_at(space, alt.at, &alt.ptr, &hint.variant(word))?;
        nullable |= c.nullable;
        if !converted.contains(&c.ty) {
            converted.push(c.ty);
        }
    }
    let Some(first) = alts.first() else {
        return Ok(Converted { ty: TypeRef::Value, nullable });
    };
    if converted.len() == 1 {
        // All alternatives are the same type: it takes the union's place (and name). Converting the
        // first again under the union's hint re-hints it and every nested type (the variant hints
        // were rolled back), and yields the same type since shapes deduplicate.
        space.rollback_hints(&marks);
        let c = convert_at(space, first.at, &first.ptr, hint)?;
        return Ok(Converted { ty: c.ty, nullable: nullable || c.nullable });
    }
    let mut keyed: Vec<(JsonKind, TypeRef)> = Vec::new();
    let (mut strings, mut integers) = (Vec::new(), Vec::new());
    for ty in converted {
        match json_kind(space, &ty) {
            Some(JsonKind::String) => strings.push(ty),
            Some(JsonKind::Integer) => integers.push(ty),
            Some(kind) if !keyed.iter().any(|(k, _)| *k == kind) => keyed.push((kind, ty)),
            // Two variants for the same JSON kind (or an untyped one): not distinguishable.
            _ => {
                space.rollback_hints(&marks);
                return Ok(Converted { ty: TypeRef::Value, nullable });
            }
        }
    }
    let single = keyed.is_empty() && (strings.is_empty() || integers.is_empty());
    if single {
        // One kind: the merged enum takes the union's place and name.
        space.rollback_hints(&marks);
    }
    let (kind_docs, kind_hint) = if single { (docs.clone(), hint.clone()) } else { (None, hint.variant("Kind")) };
    if !strings.is_empty() {
        keyed.push((JsonKind::String, merge_strings(space, strings, kind_docs.clone(), &kind_hint)));
    }
    if !integers.is_empty() {
        let number_hint = if single { hint.clone() } else { hint.variant("Number") };
        keyed.push((JsonKind::Integer, merge_integers(space, integers, kind_docs, &number_hint)));
    }
    if let [(_, only)] = keyed.as_slice() {
        return Ok(Converted { ty: only.clone(), nullable });
    }
    keyed.sort_by_key(|(kind, _)| *kind);
    let variants = keyed.into_iter().map(|(_, ty)| ty).collect();
    Ok(Converted { ty: TypeRef::Named(space.intern(TypeKind::OneOf { variants }, docs, hint.clone())), nullable })
}

/// Whether an alternative is a string schema (for its naming word).
fn is_string(space: &TypeSpace<'_>, alt: &Alt<'_>) -> bool {
    let schema = match alt.at {
        SchemaAt::Item(s) => s,
        SchemaAt::Ref(r) => match super::refs::resolve(space, r, &alt.ptr) {
            Ok((s, _)) => s,
            Err(_) => return false,
        },
    };
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(_)))
        || matches!(&schema.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("string"))
}

/// String alternatives as one type: `String` when none has constants, else an open enum of all
/// their constants (a free string lands in its catch-all).
fn merge_strings(space: &mut TypeSpace<'_>, types: Vec<TypeRef>, docs: Option<String>, hint: &Hint) -> TypeRef {
    let mut values: Vec<String> = Vec::new();
    for ty in &types {
        if let Some(TypeKind::StringEnum { values: these }) = space.kind(ty) {
            values.extend(these.iter().filter(|v| !values.contains(v)).cloned().collect::<Vec<_>>());
        }
    }
    string_type(space, values, docs, hint)
}

/// Integer alternatives as one type: `serde_json::Number` if one is 64-bit, else `i64` when none
/// has constants, else an open enum of all their constants.
fn merge_integers(space: &mut TypeSpace<'_>, types: Vec<TypeRef>, docs: Option<String>, hint: &Hint) -> TypeRef {
    if types.contains(&TypeRef::BigInt) {
        return TypeRef::BigInt;
    }
    let enums: Vec<&TypeRef> =
        types.iter().filter(|t| matches!(space.kind(t), Some(TypeKind::IntEnum { .. }))).collect();
    let kind = match enums.as_slice() {
        [] => return TypeRef::I64,
        // Interned again, so the enum also carries this hint (the union's, when it takes its place).
        [one] => space.kind(one).cloned(),
        _ => {
            let mut values: Vec<i64> = Vec::new();
            for ty in &enums {
                if let Some(TypeKind::IntEnum { values: these, .. }) = space.kind(ty) {
                    values.extend(these.iter().filter(|v| !values.contains(v)).copied().collect::<Vec<_>>());
                }
            }
            Some(TypeKind::IntEnum { values, names: Vec::new() })
        }
    };
    match kind {
        Some(kind) => TypeRef::Named(space.intern(kind, docs, hint.clone())),
        None => TypeRef::I64,
    }
}
