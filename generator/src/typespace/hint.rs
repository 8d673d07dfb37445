//! Naming hints: where a schema is used (operation, role, property path, resource group), turned
//! into ranked type-name candidates by [`super::naming`].

use super::naming::{is_generic_word, last_word, pascal, singular};

/// Where a schema is used, as ranked Rust type name candidates plus context for nested schemas.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Hint {
    /// Preferred names first (PascalCase, may still collide; naming resolves that).
    pub candidates: Vec<String>,
    /// Context word(s) handed to nested schemas, e.g. `Organization`.
    pub noun: String,
    /// The full context path, e.g. `UpdateOrganizationOrganization` for a property of a
    /// response: the most specific (last-resort) prefix of nested names.
    pub context: String,
    /// The resource group of the operation using the schema (first tag segment, PascalCase),
    /// used to qualify names that collide across groups (`AdminCreateOrganizationBody`).
    pub group: String,
    /// Tag depth of that operation (`Admin > Organizations` is 2); shallower uses win contested names.
    pub depth: usize,
    /// For an operation's own body or response schema: the operation noun and the role
    /// (`Body`, `Response`), so a structure shared by several operations gets a neutral name.
    pub root: Option<(String, &'static str)>,
    /// A `components.schemas` name: the type takes it before any other type is named.
    pub pinned: bool,
    /// Whether this use lies inside a component schema (such hints survive union rollbacks,
    /// since a component is converted once and its types are shared by every reference).
    pub in_component: bool,
}

impl Hint {
    /// A hint with one candidate that is also the noun and the context.
    pub(crate) fn named(name: &str) -> Self {
        let name = pascal(name);
        Hint { candidates: vec![name.clone()], noun: name.clone(), context: name, ..Hint::default() }
    }

    /// The hint for the body or response (`role`) of operation `op_noun`, used in tag `tag`.
    pub(crate) fn operation_root(op_noun: &str, role: &'static str, tag: &str) -> Self {
        Hint {
            candidates: vec![format!("{op_noun}{role}")],
            noun: op_noun.to_owned(),
            context: op_noun.to_owned(),
            root: Some((op_noun.to_owned(), role)),
            ..Hint::default()
        }
        .in_tag(tag)
    }

    /// This hint, used by an operation tagged `tag` (` > ` nests).
    pub(crate) fn in_tag(mut self, tag: &str) -> Self {
        let segments: Vec<&str> = tag.split('>').map(str::trim).filter(|s| !s.is_empty()).collect();
        self.group = segments.first().map(|s| pascal(s)).unwrap_or_default();
        self.depth = segments.len();
        self
    }

    /// A hint with the same scope (group, depth) as `self` but the given candidates and noun.
    pub(crate) fn scoped(&self, candidates: Vec<String>, noun: String, context: String) -> Self {
        Hint {
            candidates,
            noun,
            context,
            group: self.group.clone(),
            depth: self.depth,
            root: None,
            pinned: false,
            in_component: self.in_component,
        }
    }

    /// The hint for the component schema `name`, referenced from a schema hinted `self`.
    pub(crate) fn component(&self, name: &str) -> Self {
        let name = pascal(name);
        let mut hint = self.scoped(vec![name.clone(), format!("{name}Schema")], name.clone(), name);
        hint.pinned = true;
        hint.in_component = true;
        hint
    }

    /// The hint for property `prop` of a schema hinted `self`.
    pub(crate) fn property(&self, prop: &str) -> Self {
        let p = pascal(&property_word(prop));
        let mut candidates = Vec::new();
        if is_generic_word(&p) || p.len() < 3 {
            candidates.push(format!("{}{p}", last_word(&self.noun)));
        } else {
            candidates.push(p.clone());
        }
        candidates.push(format!("{}{p}", self.noun));
        let context = format!("{}{p}", self.context);
        if !candidates.contains(&context) {
            candidates.push(context.clone());
        }
        let noun = candidates.first().cloned().unwrap_or_else(|| p.clone());
        self.scoped(candidates, noun, context)
    }

    /// The hint for the items of an array hinted `self`.
    pub(crate) fn item(&self) -> Self {
        let mut candidates: Vec<String> = self.candidates.iter().map(|c| singular(c)).collect();
        candidates.push(format!("{}Item", self.noun));
        self.scoped(candidates, singular(&self.noun), singular(&self.context))
    }

    /// The hint for the values of a map hinted `self`.
    pub(crate) fn map_value(&self) -> Self {
        let name = pascal(&format!("{}Value", self.noun));
        self.scoped(vec![name.clone()], name, format!("{}Value", self.context))
    }

    /// The hint for a `oneOf` variant with the given kind word (`Object`, `Kind`, …).
    pub(crate) fn variant(&self, word: &str) -> Self {
        let name = pascal(&format!("{}{word}", self.noun));
        self.scoped(vec![name.clone()], name, format!("{}{word}", self.context))
    }
}

/// Well-known abbreviations in property names, spelled out for type names.
fn property_word(prop: &str) -> String {
    match prop {
        "pg" => "pagination".to_owned(),
        _ => match (prop.find('['), prop.strip_suffix(']')) {
            // `pg[sortDir]` → `sortDir`
            (Some(open), Some(inner)) => inner.get(open + 1..).unwrap_or(prop).to_owned(),
            _ => prop.to_owned(),
        },
    }
}
