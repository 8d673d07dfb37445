//! The type space: every schema that needs a Rust type gets an id (deduplicated by structure) and,
//! after all schemas are seen, a short deterministic name — all before any code is emitted.

mod compose;
mod convert;
mod hint;
pub(crate) mod naming;
pub(crate) mod pointer;
pub(crate) mod refs;
mod union;

use std::collections::BTreeMap;

pub(crate) use convert::convert_schema;
pub(crate) use hint::Hint;

/// Index of a named type in [`TypeSpace::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TypeId(pub usize);

/// How a value is typed in Rust.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TypeRef {
    /// `String` (also for date, date-time, email, uri formats).
    String,
    /// `i64` for `integer`.
    I64,
    /// `serde_json::Number` for `integer`/`int64` (bigint) values that may exceed `i64`.
    BigInt,
    /// `f64` for `number`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value` for untyped or indistinguishable schemas.
    Value,
    /// A generated type.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>` for nullable values that are not struct fields (array items, map values).
    Option(Box<TypeRef>),
}

/// One property of a generated struct.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub json_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub docs: Option<String>,
}

/// What a generated type is.
#[derive(Debug, Clone)]
pub(crate) enum TypeKind {
    /// A struct; unknown fields land in a flattened map of `additional` (or `Value`).
    Struct { fields: Vec<Field>, additional: TypeRef },
    /// A string enum with a catch-all for undocumented values (also the open enum an `anyOf` of
    /// constants and a free string makes).
    StringEnum { values: Vec<String> },
    /// An integer enum with a catch-all for undocumented values; `names` are the variant names
    /// the spec gives (`x-enum-varnames`/`x-enumNames`), one per value, or empty.
    IntEnum { values: Vec<i64>, names: Vec<String> },
    /// An untagged enum over distinguishable variants (already in a safe trial order).
    OneOf { variants: Vec<TypeRef> },
    /// An internally tagged union: the string property `tag` says which variant an object is;
    /// each variant is `(tag value, payload type)`. Unknown tags are kept as raw JSON.
    Tagged { tag: String, variants: Vec<(String, TypeRef)> },
}

/// A generated type: its shape, docs of its first occurrence, naming hints of every use.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub kind: TypeKind,
    pub docs: Option<String>,
    pub hints: Vec<Hint>,
    pub name: String,
}

/// Structural identity of a type, ignoring docs: equal keys → one Rust type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ShapeKey {
    Struct { fields: Vec<(String, TypeRef, bool, bool)>, additional: TypeRef },
    StringEnum(Vec<String>),
    IntEnum(Vec<i64>, Vec<String>),
    OneOf(Vec<TypeRef>),
    Tagged(String, Vec<(String, TypeRef)>),
}

/// All named types of a spec, deduplicated by shape.
#[derive(Debug)]
pub(crate) struct TypeSpace<'s> {
    pub types: Vec<TypeDef>,
    by_shape: BTreeMap<ShapeKey, TypeId>,
    /// The spec, for `$ref`s to any local location.
    spec: &'s openapiv3::OpenAPI,
    /// Referenced schemas converted so far, by reference.
    refs: BTreeMap<String, convert::Converted>,
    /// Schemas being converted (references, and composed schemas that may include themselves),
    /// with the placeholder handed to uses met meanwhile, created on the first such use.
    in_progress: BTreeMap<refs::Guard, Option<TypeId>>,
}

impl<'s> TypeSpace<'s> {
    /// An empty type space for the schemas of `spec`.
    pub(crate) fn new(spec: &'s openapiv3::OpenAPI) -> Self {
        TypeSpace {
            types: Vec::new(),
            by_shape: BTreeMap::new(),
            spec,
            refs: BTreeMap::new(),
            in_progress: BTreeMap::new(),
        }
    }

    /// Returns the id of a type with this shape, registering it if new; records the hint either way.
    pub(crate) fn intern(&mut self, kind: TypeKind, docs: Option<String>, hint: Hint) -> TypeId {
        let key = shape_key(&kind);
        if let Some(id) = self.by_shape.get(&key) {
            if let Some(def) = self.types.get_mut(id.0) {
                def.hints.push(hint);
                if def.docs.is_none() {
                    def.docs = docs;
                }
            }
            return *id;
        }
        let id = TypeId(self.types.len());
        self.types.push(TypeDef { kind, docs, hints: vec![hint], name: String::new() });
        self.by_shape.insert(key, id);
        id
    }

    /// How many hints each type has so far; [`TypeSpace::rollback_hints`] returns to this state.
    pub(crate) fn hint_marks(&self) -> Vec<usize> {
        self.types.iter().map(|t| t.hints.len()).collect()
    }

    /// Forgets hints added since `marks` (types created since then lose all their hints), so
    /// schemas folded away (e.g. union variants) do not influence names.
    pub(crate) fn rollback_hints(&mut self, marks: &[usize]) {
        for (i, def) in self.types.iter_mut().enumerate() {
            let mark = marks.get(i).copied().unwrap_or(0);
            let mut index = 0;
            def.hints.retain(|h| {
                index += 1;
                index <= mark || h.in_component
            });
        }
    }

    /// The type with this id (ids only come from `intern`, so it exists).
    pub(crate) fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)
    }

    /// What the type `ty` refers to is, if it is a generated type.
    pub(crate) fn kind(&self, ty: &TypeRef) -> Option<&TypeKind> {
        match ty {
            TypeRef::Named(id) => self.get(*id).map(|d| &d.kind),
            _ => None,
        }
    }

    /// Whether values of `ty` are single words on the wire (numbers, booleans, strings, enums, and
    /// unions of these), so they can be path, query or header parameters (`Display`).
    pub(crate) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::I64 | TypeRef::BigInt | TypeRef::F64 | TypeRef::Bool => true,
            TypeRef::Named(_) => match self.kind(ty) {
                Some(TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. }) => true,
                // Variants of a union are never unions themselves (nested unions are flattened).
                Some(TypeKind::OneOf { variants }) => {
                    variants.iter().all(|v| !matches!(self.kind(v), Some(TypeKind::OneOf { .. })) && self.is_scalar(v))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The assigned Rust name of a type (empty before naming).
    pub(crate) fn name(&self, id: TypeId) -> &str {
        self.get(id).map_or("", |def| def.name.as_str())
    }

    /// Assigns every type reachable from `roots` its final name (unreachable types — e.g. union
    /// variants folded into `serde_json::Value` — stay unnamed and are not emitted).
    pub(crate) fn assign_names<'a>(&mut self, roots: impl IntoIterator<Item = &'a TypeRef>) {
        let reachable = self.reachable(roots);
        let inputs: Vec<naming::NamingInput> = self
            .types
            .iter()
            .zip(&reachable)
            .map(|(t, include)| naming::NamingInput {
                hints: t.hints.clone(),
                include: *include,
                sole_field: match &t.kind {
                    TypeKind::Struct { fields, .. } if fields.len() == 1 => fields.first().map(|f| f.json_name.clone()),
                    _ => None,
                },
            })
            .collect();
        let names = naming::assign(&inputs);
        for (def, name) in self.types.iter_mut().zip(names) {
            def.name = name;
        }
    }

    /// Which types are reachable from `roots` (through fields, map values, list items, variants).
    pub(crate) fn reachable<'a>(&self, roots: impl IntoIterator<Item = &'a TypeRef>) -> Vec<bool> {
        let mut reachable = vec![false; self.types.len()];
        let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) => {
                    if let (Some(seen), Some(def)) = (reachable.get_mut(id.0), self.types.get(id.0))
                        && !*seen
                    {
                        *seen = true;
                        match &def.kind {
                            TypeKind::Struct { fields, additional } => {
                                stack.extend(fields.iter().map(|f| &f.ty));
                                stack.push(additional);
                            }
                            TypeKind::OneOf { variants } => stack.extend(variants),
                            TypeKind::Tagged { variants, .. } => stack.extend(variants.iter().map(|(_, t)| t)),
                            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
                        }
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    stack.push(inner);
                }
                _ => {}
            }
        }
        reachable
    }

    /// Whether the struct field type `ty` of type `owner` leads back to `owner` without a `Vec`,
    /// map or boxed union in between, so it must be boxed to have a finite size.
    pub(crate) fn is_recursive_field(&self, owner: TypeId, ty: &TypeRef) -> bool {
        let start = match ty {
            TypeRef::Named(id) => *id,
            TypeRef::Option(inner) => match inner.as_ref() {
                TypeRef::Named(id) => *id,
                _ => return false,
            },
            _ => return false,
        };
        let mut seen = vec![false; self.types.len()];
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            if id == owner {
                return true;
            }
            match seen.get_mut(id.0) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            if let Some(TypeKind::Struct { fields, .. }) = self.get(id).map(|d| &d.kind) {
                for f in fields {
                    match &f.ty {
                        TypeRef::Named(next) => stack.push(*next),
                        TypeRef::Option(inner) => {
                            if let TypeRef::Named(next) = inner.as_ref() {
                                stack.push(*next);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        false
    }

    /// Whether an emitted (named) type is an internally tagged union (which needs the crate's
    /// `tagged` helpers).
    pub(crate) fn has_tagged(&self) -> bool {
        self.types.iter().any(|t| !t.name.is_empty() && matches!(t.kind, TypeKind::Tagged { .. }))
    }

    /// Ids of all named (reachable) types, sorted by name for deterministic emission.
    pub(crate) fn named_ids(&self) -> Vec<TypeId> {
        let mut ids: Vec<TypeId> = (0..self.types.len()).map(TypeId).filter(|id| !self.name(*id).is_empty()).collect();
        ids.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
        ids
    }
}

/// Rust identifiers of a struct's fields (in order) and of its flattened extra-fields map.
pub(crate) fn field_idents(fields: &[Field]) -> (Vec<String>, String) {
    let mut taken = std::collections::BTreeSet::new();
    let raw: Vec<&str> = fields.iter().map(|f| f.json_name.as_str()).collect();
    let idents = naming::unique_snake(&raw, &mut taken);
    let extra = naming::unique_snake(&["extra"], &mut taken).pop().unwrap_or_else(|| "extra".to_owned());
    (idents, extra)
}

fn shape_key(kind: &TypeKind) -> ShapeKey {
    match kind {
        TypeKind::Struct { fields, additional } => {
            let mut fields: Vec<_> =
                fields.iter().map(|f| (f.json_name.clone(), f.ty.clone(), f.required, f.nullable)).collect();
            fields.sort();
            ShapeKey::Struct { fields, additional: additional.clone() }
        }
        TypeKind::StringEnum { values } => {
            let mut values = values.clone();
            values.sort();
            ShapeKey::StringEnum(values)
        }
        TypeKind::IntEnum { values, names } => ShapeKey::IntEnum(values.clone(), names.clone()),
        TypeKind::OneOf { variants } => ShapeKey::OneOf(variants.clone()),
        TypeKind::Tagged { tag, variants } => ShapeKey::Tagged(tag.clone(), variants.clone()),
    }
}
