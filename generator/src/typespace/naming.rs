//! Naming: short, deterministic Rust names for types (with collision resolution) and valid
//! identifiers for fields, variants, methods and modules derived from JSON names.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::hint::Hint;

/// Names a generated type must never take: std prelude items and the crate's own root items.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DocumentedError",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PageStream",
    "PartialEq",
    "PartialOrd",
    "RawRequest",
    "RawResponse",
    "RequestParts",
    "Result",
    "RetryPolicy",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Value",
    "Vec",
    "Zone",
    "ApiError",
];

/// Methods of std traits that generated types derive or that `clippy::should_implement_trait`
/// expects to implement a trait: generated methods must not take these names.
pub(crate) const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "ne",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Rust keywords (strict and reserved, 2024 edition, plus the weak keyword `union`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Property names too vague to name a type on their own (`value` → `VariableValue`).
const GENERIC_WORDS: &[&str] = &[
    "Body", "Content", "Data", "Detail", "Details", "Entry", "Info", "Item", "Items", "List", "Meta", "Metadata",
    "Object", "Options", "Payload", "Result", "Results", "Settings", "Status", "Type", "Value", "Values",
];

/// Words dropped from operation names when they name types (`create_an_organization` →
/// `CreateOrganization`).
const FILLER_WORDS: &[&str] = &["a", "an", "the", "of", "to", "for", "with", "within", "in", "on", "by"];

/// PascalCase of an operation id without filler words, for type names derived from operations.
pub(crate) fn operation_noun(operation_id: &str) -> String {
    let words: Vec<&str> = operation_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    if words.is_empty() { pascal(operation_id) } else { pascal(&words.join(" ")) }
}

/// `true` for property words that need their parent's noun in front.
pub(crate) fn is_generic_word(pascal_word: &str) -> bool {
    GENERIC_WORDS.contains(&pascal_word)
}

/// `true` if a generated type (or resource handle) must not be called `name`: it would shadow a
/// prelude or crate root item the generated code uses.
pub(crate) fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
}

/// `true` if `name` is a Rust keyword: strict and reserved ones of the 2024 edition and the weak
/// keyword `union` (generated names step around all of them). Re-exported as
/// [`crate::is_rust_keyword`] so the workflow tools use the same list.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Most entries a case-conversion cache holds before it starts over.
const CACHE_LIMIT: usize = 1 << 16;

type Cache = std::cell::RefCell<std::collections::HashMap<String, String>>;

thread_local! {
    /// Case conversion is a large part of lowering, and the same property and tag words come
    /// back for every schema, so each thread remembers its recent conversions.
    static PASCAL: Cache = Cache::default();
    static SNAKE: Cache = Cache::default();
}

/// `convert(raw)`, remembered per thread (a pure function, so caching never changes a result).
fn memoized(cache: &'static std::thread::LocalKey<Cache>, raw: &str, convert: fn(&str) -> String) -> String {
    cache.with(|cache| {
        if let Some(hit) = cache.borrow().get(raw) {
            return hit.clone();
        }
        let out = convert(raw);
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(raw.to_owned(), out.clone());
        out
    })
}

/// Longest identifier derived from a spec name; longer ones are cut and end in a hash of the
/// full name (so the cut stays deterministic and distinct names stay distinct).
pub(crate) const MAX_IDENT_LEN: usize = 64;

/// ASCII-only UpperCamelCase of at most [`MAX_IDENT_LEN`] characters; never empty, never starts
/// with a digit, never the keyword `Self`.
pub(crate) fn pascal(raw: &str) -> String {
    memoized(&PASCAL, raw, pascal_uncached)
}

fn pascal_uncached(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let out = cleaned.to_upper_camel_case();
    let out = match out.chars().next() {
        None => "Unnamed".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("N{out}"),
        Some(_) => out,
    };
    // `Self` cannot even be a raw identifier.
    if out == "Self" { "SelfValue".to_owned() } else { shorten(out, "X") }
}

/// ASCII-only snake_case identifier text of at most [`MAX_IDENT_LEN`] characters (keywords get
/// a trailing `_`); never empty, never starts with a digit.
pub(crate) fn snake(raw: &str) -> String {
    memoized(&SNAKE, raw, snake_uncached)
}

fn snake_uncached(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let out = cleaned.to_snake_case();
    let out = match out.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{out}"),
        Some(_) => out,
    };
    if is_keyword(&out) { format!("{out}_") } else { shorten(out, "_") }
}

/// Cuts an over-long identifier to [`MAX_IDENT_LEN`]: its start, `sep` and 8 hex digits of a
/// (FNV-1a) hash of the whole identifier.
fn shorten(ident: String, sep: &str) -> String {
    if ident.len() <= MAX_IDENT_LEN {
        return ident;
    }
    let hash = ident.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let keep = MAX_IDENT_LEN - 8 - sep.len();
    // Identifiers here are ASCII, so any byte index is a char boundary.
    let start = ident.get(..keep).unwrap_or(&ident).trim_end_matches('_');
    format!("{start}{sep}{:08x}", hash as u32)
}

/// The last PascalCase word: `OrganizationVariable` → `Variable`.
pub(crate) fn last_word(pascal_name: &str) -> &str {
    let start = pascal_name.char_indices().rev().find(|(_, c)| c.is_ascii_uppercase()).map_or(0, |(i, _)| i);
    pascal_name.get(start..).unwrap_or(pascal_name)
}

/// English singular of the last word of a PascalCase name (`Organizations` → `Organization`).
pub(crate) fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", name.get(..name.len() - n).unwrap_or(name));
    if lower.ends_with("ies") && name.len() > 4 {
        cut(3, "y")
    } else if ["sses", "xes", "ches", "shes", "zzes"].iter().any(|s| lower.ends_with(s)) {
        cut(2, "")
    } else if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|s| lower.ends_with(s)) && name.len() > 3 {
        cut(1, "")
    } else if lower.ends_with("data") {
        format!("{name}Item")
    } else {
        name.to_owned()
    }
}

/// What naming knows about one type of the type space.
#[derive(Debug, Clone, Default)]
pub(crate) struct NamingInput {
    /// Every use of the type.
    pub hints: Vec<Hint>,
    /// Whether the type is emitted (and so needs a name).
    pub include: bool,
    /// The JSON name of the only property, for structs with exactly one.
    pub sole_field: Option<String>,
}

/// Picks a name for every included type.
///
/// Each type gets a ranked candidate list: a neutral name first when it is the body or response
/// of several differently named operations (`OrganizationVariableResponse`, `OkResponse`), then
/// the candidates of all its uses interleaved by rank (short → parent-qualified → full context
/// path), then the same qualified by resource group (`AdminCreateOrganizationBody`). Rank by rank,
/// every type still unnamed tries its next candidate; a contested name goes to the type used
/// in the shallowest tag (then the lowest id); taken and reserved names are skipped. A type left
/// without a name gets its first candidate plus the smallest free number (last resort).
pub(crate) fn assign(types: &[NamingInput]) -> Vec<String> {
    // Most types take their first or second candidate, so candidates are converted to
    // PascalCase (the costly part) only when a round reaches them.
    let mut lists: Vec<Candidates> = types.iter().map(|t| Candidates::new(raw_candidates(t))).collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|i| {
        let hints = types.get(*i).map_or(&[][..], |t| t.hints.as_slice());
        (!hints.iter().any(|h| h.pinned), hints.iter().map(|h| h.depth).min().unwrap_or(0), *i)
    });
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| (*s).to_owned()).collect();
    let mut names = vec![String::new(); lists.len()];
    let included = |i: usize| types.get(i).is_some_and(|t| t.include);
    // Round `r` offers every still unnamed type its `r`-th candidate.
    loop {
        let mut offered = false;
        for &i in &order {
            if !included(i) || !names[i].is_empty() {
                continue;
            }
            if let Some(candidate) = lists.get_mut(i).and_then(Candidates::next_name) {
                offered = true;
                if !taken.contains(candidate) {
                    taken.insert(candidate.to_owned());
                    names[i] = candidate.to_owned();
                }
            }
        }
        if !offered {
            break;
        }
    }
    for &i in &order {
        if !included(i) || !names[i].is_empty() {
            continue;
        }
        let base = lists.get(i).and_then(|l| l.names.first()).cloned().unwrap_or_else(|| "Type".to_owned());
        let mut n = 2;
        while taken.contains(&format!("{base}{n}")) {
            n += 1;
        }
        let name = format!("{base}{n}");
        taken.insert(name.clone());
        names[i] = name;
    }
    names
}

/// A type's candidate names, made PascalCase and deduplicated on demand.
struct Candidates {
    raw: std::vec::IntoIter<String>,
    /// The distinct names handed out so far, in order.
    names: Vec<String>,
}

impl Candidates {
    fn new(raw: Vec<String>) -> Self {
        Candidates { raw: raw.into_iter(), names: Vec::new() }
    }

    /// The next distinct candidate name, if any is left.
    fn next_name(&mut self) -> Option<&str> {
        for raw in self.raw.by_ref() {
            let name = pascal(&raw);
            if !self.names.contains(&name) {
                self.names.push(name);
                return self.names.last().map(String::as_str);
            }
        }
        None
    }
}

/// A type's candidate names in preference order, before case conversion (may repeat).
fn raw_candidates(input: &NamingInput) -> Vec<String> {
    let hints = &input.hints;
    let mut out: Vec<String> = Vec::new();
    // A component name comes first (pinned types also claim names first).
    for hint in hints.iter().filter(|h| h.pinned) {
        out.extend(hint.candidates.iter().cloned());
    }
    out.extend(neutral_names(input));
    let max = hints.iter().map(|h| h.candidates.len()).max().unwrap_or(0);
    for rank in 0..max {
        out.extend(hints.iter().filter_map(|hint| hint.candidates.get(rank).cloned()));
        if rank == 0 {
            // A nested tag's group is a real namespace: `AdminOrganization` reads better than
            // the operation-qualified `ListOrganizationsOrganization`.
            for hint in hints.iter().filter(|h| h.depth >= 2 && !h.group.is_empty()) {
                if let Some(c) = hint.candidates.first().filter(|c| !c.starts_with(&hint.group)) {
                    out.push(format!("{}{c}", hint.group));
                }
            }
        }
    }
    for hint in hints.iter().filter(|h| !h.group.is_empty()) {
        let group_one = singular(&hint.group);
        for c in &hint.candidates {
            if !c.starts_with(&hint.group) && !c.starts_with(&group_one) {
                out.push(format!("{}{c}", hint.group));
            }
        }
    }
    out
}

/// Names for a body/response structure shared by differently named operations: the words their
/// names end with in common (`create_organization_variable` + `update_organization_variable` →
/// `OrganizationVariableResponse`), then the sole property (`{ok}` → `OkResponse`).
fn neutral_names(input: &NamingInput) -> Vec<String> {
    let roots: Vec<&(String, &'static str)> = input.hints.iter().filter_map(|h| h.root.as_ref()).collect();
    let Some((_, role)) = roots.first() else {
        return Vec::new();
    };
    let mut ops: Vec<&str> = roots.iter().map(|(op, _)| op.as_str()).collect();
    ops.sort_unstable();
    ops.dedup();
    if ops.len() < 2 || roots.iter().any(|(_, r)| r != role) {
        return Vec::new();
    }
    let word_lists: Vec<Vec<&str>> = ops.iter().map(|op| pascal_words(op)).collect();
    let mut common: Vec<&str> = Vec::new();
    'outer: for k in 1.. {
        let mut word = None;
        for words in &word_lists {
            let Some(w) = words.len().checked_sub(k).and_then(|i| words.get(i)) else {
                break 'outer;
            };
            match word {
                None => word = Some(*w),
                Some(seen) if seen == *w => {}
                Some(_) => break 'outer,
            }
        }
        match word {
            Some(w) => common.insert(0, w),
            None => break,
        }
    }
    let mut out = Vec::new();
    if !common.is_empty() {
        out.push(format!("{}{role}", common.concat()));
    }
    if let Some(field) = &input.sole_field {
        out.push(format!("{}{role}", pascal(field)));
    }
    out
}

/// The words of a PascalCase name: `CreateOrganizationVariable` → `Create`, `Organization`, `Variable`.
pub(crate) fn pascal_words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.extend(name.get(start..i));
            start = i;
        }
    }
    out.extend(name.get(start..).filter(|w| !w.is_empty()));
    out
}

/// Unique snake_case identifiers for a list of raw names, in order (`_2`, `_3` on clashes),
/// avoiding everything in `taken`.
pub(crate) fn unique_snake(raw: &[&str], taken: &mut BTreeSet<String>) -> Vec<String> {
    raw.iter().map(|r| unique(snake(r), taken, "_")).collect()
}

/// Unique PascalCase identifiers for a list of raw names, in order, avoiding `taken`.
pub(crate) fn unique_pascal(raw: &[&str], taken: &mut BTreeSet<String>) -> Vec<String> {
    raw.iter().map(|r| unique(pascal(r), taken, "")).collect()
}

/// `base`, or `base{sep}2`, `base{sep}3`… — the first not in `taken`, which then takes it.
pub(crate) fn unique(base: String, taken: &mut BTreeSet<String>, sep: &str) -> String {
    let mut name = base.clone();
    // `type_` + `_2` would be `type__2`, which is not snake case.
    let stem = base.strip_suffix(sep).filter(|_| !sep.is_empty()).unwrap_or(&base);
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{stem}{sep}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cached conversions give the uncached result on first and repeated use, including across
    /// a cache reset.
    #[test]
    fn cached_case_conversion_matches_the_uncached_one() {
        let words = ["organizationId", "pg[sortDir]", "self", "2fa", "größe", "", "HTTPServer", "a b"];
        for round in 0..3 {
            for w in words {
                assert_eq!(pascal(w), pascal_uncached(w), "pascal({w:?}), round {round}");
                assert_eq!(snake(w), snake_uncached(w), "snake({w:?}), round {round}");
            }
        }
        for i in 0..CACHE_LIMIT + 10 {
            let w = format!("word{i}Value");
            assert_eq!(pascal(&w), pascal_uncached(&w));
        }
        assert_eq!(pascal("organizationId"), "OrganizationId");
    }

    #[test]
    fn identifiers_are_valid_rust() {
        let cases = [
            ("type", "type_"),
            ("pg[limit]", "pg_limit"),
            ("invoice_number", "invoice_number"),
            ("3dSecure", "n3d_secure"),
            ("größe", "gr_e"),
            ("", "value"),
            ("organizationId", "organization_id"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake(raw), expected, "snake({raw:?})");
        }
        assert_eq!(pascal("eu1 celonis"), "Eu1Celonis");
        assert_eq!(pascal("2fa"), "N2fa");
        assert_eq!(pascal("!!"), "Unnamed");
        assert_eq!(pascal("self"), "SelfValue");
        assert_eq!(snake("Self"), "self_");
        for long in ["a".repeat(1000), format!("{}b", "a".repeat(999)), "x_".repeat(500)] {
            let (s, p) = (snake(&long), pascal(&long));
            assert!(s.len() <= MAX_IDENT_LEN && p.len() <= MAX_IDENT_LEN, "{s} {p}");
            assert_eq!(snake(&s), s, "snake is idempotent on shortened names");
        }
        let p = pascal(&"a".repeat(1000));
        assert_eq!(pascal(&p), p, "pascal is idempotent on shortened names");
        assert_ne!(snake(&"a".repeat(1000)), snake(&format!("{}b", "a".repeat(999))));
    }

    #[test]
    fn singularizes_common_plurals() {
        for (plural, single) in [
            ("Organizations", "Organization"),
            ("Categories", "Category"),
            ("Addresses", "Address"),
            ("Status", "Status"),
            ("FeatureControls", "FeatureControl"),
            ("Data", "DataItem"),
        ] {
            assert_eq!(singular(plural), single);
        }
    }

    fn input(candidates: &[&str], depth: usize, group: &str) -> NamingInput {
        let hint = Hint {
            candidates: candidates.iter().map(|s| (*s).to_owned()).collect(),
            group: group.to_owned(),
            depth,
            ..Hint::default()
        };
        NamingInput { hints: vec![hint], include: true, sole_field: None }
    }

    #[test]
    fn collisions_fall_back_to_next_candidate_then_number() {
        let inputs = [
            input(&["Organization", "ListOrganization"], 0, ""),
            input(&["Organization", "GetOrganization"], 0, ""),
            input(&["Organization"], 0, ""),
            input(&["Error"], 0, ""),
        ];
        assert_eq!(assign(&inputs), ["Organization", "GetOrganization", "Organization2", "Error2"]);
    }

    #[test]
    fn contested_names_go_to_the_shallowest_tag_and_others_are_qualified_by_group() {
        let inputs = [
            input(&["CreateOrganizationBody"], 2, "Admin"),
            input(&["CreateOrganizationBody"], 1, "Organizations"),
            input(&["License", "OrganizationLicense"], 2, "Admin"),
            input(&["License", "OrganizationLicense"], 1, "Organizations"),
            input(&["OrganizationLicense"], 1, "Organizations"),
            input(&["License", "OrganizationLicense", "UpdateOrganizationOrganizationLicense"], 1, "Organizations"),
        ];
        assert_eq!(
            assign(&inputs),
            [
                "AdminCreateOrganizationBody",
                "CreateOrganizationBody",
                "AdminLicense",
                "License",
                "OrganizationLicense",
                "UpdateOrganizationOrganizationLicense"
            ]
        );
    }

    #[test]
    fn shared_roots_get_neutral_names() {
        let root = |op: &str, role: &'static str| Hint {
            candidates: vec![format!("{op}{role}")],
            root: Some((op.to_owned(), role)),
            depth: 1,
            ..Hint::default()
        };
        let shared = |ops: &[&str], sole: Option<&str>| NamingInput {
            hints: ops.iter().map(|op| root(op, "Response")).collect(),
            include: true,
            sole_field: sole.map(str::to_owned),
        };
        let inputs = [
            shared(&["CreateOrganizationVariable", "UpdateOrganizationVariable"], Some("organizationVariable")),
            shared(&["CancelSubscription", "DeletePaymentMethod", "ApplyCoupon"], Some("ok")),
            shared(&["DeleteOrganization", "DeleteOrganization"], Some("organization")),
            shared(&["ListThings"], Some("things")),
        ];
        assert_eq!(
            assign(&inputs),
            ["OrganizationVariableResponse", "OkResponse", "DeleteOrganizationResponse", "ListThingsResponse"]
        );
    }

    #[test]
    fn pascal_words_split_at_capitals() {
        assert_eq!(pascal_words("CreateOrganizationVariable"), ["Create", "Organization", "Variable"]);
        assert_eq!(pascal_words("N2fa"), ["N2fa"]);
        assert!(pascal_words("").is_empty());
    }
}
