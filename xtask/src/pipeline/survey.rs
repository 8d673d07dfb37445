//! What the merged spec holds that reviewers should know about, though nothing is wrong
//! with it: path templates a URL could match more than one of (both operations are generated
//! as documented: a client builds URLs, it does not route them), and operations the docs mark
//! internal or private.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use super::locate::{Place, SourceIndex};
use crate::extract::markdown::METHODS;

/// Two path templates one request URL can match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Overlap {
    /// The first path (in spec order) and where its operations came from.
    pub first: PathAt,
    /// The second path and where its operations came from.
    pub second: PathAt,
    /// True when the paths differ only in their variables' names.
    pub only_variable_names: bool,
}

/// A path with its operations' methods and places.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PathAt {
    /// The path template.
    pub path: String,
    /// Upper-case method and place of each operation on it.
    pub ops: Vec<(String, Place)>,
}

impl fmt::Display for PathAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ops: Vec<String> = self.ops.iter().map(|(m, p)| format!("{m} {}:{}", p.file, p.line)).collect();
        write!(f, "`{}` ({})", self.path, ops.join(", "))
    }
}

impl fmt::Display for Overlap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = if self.only_variable_names {
            "the paths differ only in variable names"
        } else {
            "a templated segment of one matches a literal segment of the other"
        };
        write!(f, "{} and {}: {why}", self.first, self.second)
    }
}

/// An operation the docs mark internal (`x-internal`) or private (`x-private`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InternalOp {
    /// `METHOD /path`.
    pub key: String,
    /// The marks it carries (`x-internal`, `x-private`).
    pub marks: Vec<&'static str>,
    /// Where it came from, when known.
    pub place: Option<Place>,
}

impl fmt::Display for InternalOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.key, self.marks.join(", "))?;
        if let Some(p) = &self.place {
            write!(f, " at {}:{}", p.file, p.line)?;
        }
        Ok(())
    }
}

/// The internal marks (the generator's, in its order) an operation object sets to `true`.
fn internal_marks(op: &Value) -> Vec<&'static str> {
    generator::INTERNAL_MARKS.into_iter().filter(|m| op.get(*m) == Some(&Value::Bool(true))).collect()
}

/// Every operation of the merged spec marked internal or private, in path and method order.
pub fn internal_operations(spec: &Value, index: &SourceIndex) -> Vec<InternalOp> {
    let mut out = Vec::new();
    for (path, item) in spec.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let marks = internal_marks(op);
            if !marks.is_empty() {
                let place = index.operation(path, method).cloned();
                out.push(InternalOp { key: format!("{} {path}", method.to_uppercase()), marks, place });
            }
        }
    }
    out
}

/// One segment of a path template, for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment<'a> {
    Literal(&'a str),
    /// A segment with variables: its text with every `{name}` replaced by `{}`.
    Template(String),
}

impl Segment<'_> {
    fn of(text: &str) -> Segment<'_> {
        if !text.contains('{') {
            return Segment::Literal(text);
        }
        let mut shape = String::new();
        let mut rest = text;
        while let Some((before, after)) = rest.split_once('{') {
            shape.push_str(before);
            shape.push_str("{}");
            rest = after.split_once('}').map_or("", |(_, tail)| tail);
        }
        shape.push_str(rest);
        Segment::Template(shape)
    }

    /// Whether one URL segment can match both.
    fn compatible(&self, other: &Segment<'_>) -> bool {
        match (self, other) {
            (Segment::Literal(a), Segment::Literal(b)) => a == b,
            (Segment::Template(t), Segment::Literal(l)) | (Segment::Literal(l), Segment::Template(t)) => matches(t, l),
            (Segment::Template(a), Segment::Template(b)) => a == b || a == "{}" || b == "{}",
        }
    }
}

/// Whether `literal` matches the template shape `shape` (each `{}` standing for one or more
/// characters).
fn matches(shape: &str, literal: &str) -> bool {
    let pieces: Vec<&str> = shape.split("{}").collect();
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else { return false };
    let Some(mut rest) = literal.strip_prefix(first) else { return false };
    for piece in pieces.iter().skip(1).take(pieces.len().saturating_sub(2)) {
        // One character at least for the variable before the piece.
        let Some(at) = rest.get(1..).and_then(|r| r.find(piece)) else { return false };
        rest = rest.get(at + 1 + piece.len()..).unwrap_or("");
    }
    rest.len() > last.len() && rest.ends_with(last)
}

/// Pairs of paths of the merged spec one URL can match, each pair once (the lesser path
/// first), sorted.
pub fn overlaps(spec: &Value, index: &SourceIndex) -> Vec<Overlap> {
    let paths: Vec<&String> =
        spec.get("paths").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k).collect();
    // Only paths with the same number of segments and, when both start with a literal, the
    // same first segment can match one URL; paths starting with a variable meet all others
    // of their length.
    type Parsed<'p> = (&'p String, Vec<Segment<'p>>);
    let mut groups: BTreeMap<(usize, Option<&str>), Vec<Parsed<'_>>> = BTreeMap::new();
    for path in paths {
        let segments: Vec<Segment<'_>> = path.split('/').map(Segment::of).collect();
        let first = segments.iter().find_map(|s| match s {
            Segment::Literal("") => None,
            Segment::Literal(l) => Some(Some(*l)),
            Segment::Template(_) => Some(None),
        });
        groups.entry((segments.len(), first.flatten())).or_default().push((path, segments));
    }
    let at = |path: &str| PathAt {
        path: path.to_string(),
        ops: index.operations_on(path).into_iter().map(|(m, p)| (m.to_uppercase(), p.clone())).collect(),
    };
    let mut out = Vec::new();
    let mut pair = |(a, sa): &Parsed<'_>, (b, sb): &Parsed<'_>| {
        if sa.iter().zip(sb).all(|(x, y)| x.compatible(y)) {
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            out.push(Overlap { first: at(first), second: at(second), only_variable_names: sa == sb });
        }
    };
    for ((len, first), group) in &groups {
        for (i, a) in group.iter().enumerate() {
            group.iter().skip(i + 1).for_each(|b| pair(a, b));
        }
        if first.is_none() {
            // Against the paths of the same length starting with a literal.
            let literal_first = groups.range((*len, Some(""))..(*len + 1, None)).flat_map(|(_, g)| g);
            for (a, b) in group.iter().flat_map(|a| literal_first.clone().map(move |b| (a, b))) {
                pair(a, b);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::*;

    fn spec(paths: &[&str]) -> (Value, SourceIndex) {
        let mut index = SourceIndex::default();
        let mut map = serde_json::Map::new();
        for (i, p) in paths.iter().enumerate() {
            map.insert((*p).to_string(), json!({"get": {"responses": {}}}));
            index.add_operation(p, "get", "specs/pages/p.md", i + 1);
        }
        (json!({"paths": map}), index)
    }

    /// (first path, second path, differ only in variable names).
    type Pair = (String, String, bool);

    fn found(paths: &[&str]) -> Vec<Pair> {
        let (s, index) = spec(paths);
        overlaps(&s, &index).into_iter().map(|o| (o.first.path, o.second.path, o.only_variable_names)).collect()
    }

    fn pair(a: &str, b: &str, names: bool) -> Pair {
        (a.to_string(), b.to_string(), names)
    }

    #[test]
    fn paths_one_url_can_match_are_paired() {
        let m = "/apps/{app}/modules/{module}";
        let cases: Vec<(Vec<&str>, Vec<Pair>)> = vec![
            // Differ only in a variable's name.
            (
                vec!["/apps/{app}/modules/{module}/{section}", "/apps/{app}/modules/{module}/{visibility}"],
                vec![pair("/apps/{app}/modules/{module}/{section}", "/apps/{app}/modules/{module}/{visibility}", true)],
            ),
            // Three of them: every pair once.
            (
                vec!["/a/{x}/{p}", "/a/{x}/{q}", "/a/{y}/{r}"],
                vec![
                    pair("/a/{x}/{p}", "/a/{x}/{q}", true),
                    pair("/a/{x}/{p}", "/a/{y}/{r}", true),
                    pair("/a/{x}/{q}", "/a/{y}/{r}", true),
                ],
            ),
            // A templated segment beside literal siblings.
            (
                vec!["/apps/{app}/{visibility}", "/apps/{app}/commit", "/apps/{app}/icon", "/apps/{app}/icon/{size}"],
                vec![
                    pair("/apps/{app}/commit", "/apps/{app}/{visibility}", false),
                    pair("/apps/{app}/icon", "/apps/{app}/{visibility}", false),
                ],
            ),
            // Crossed: `/a/b/c` matches both.
            (vec!["/a/{x}/c", "/a/b/{y}"], vec![pair("/a/b/{y}", "/a/{x}/c", false)]),
            // Partly templated segments match by their literal parts.
            (
                vec!["/f/{id}.json", "/f/latest.json", "/f/latest.xml", "/f/.json"],
                vec![pair("/f/latest.json", "/f/{id}.json", false)],
            ),
            (vec!["/f/{a}.json", "/f/{b}.xml"], vec![]),
            (vec!["/f/{a}.json", "/f/{b}"], vec![pair("/f/{a}.json", "/f/{b}", false)]),
            // A path starting with a variable meets every path of its length.
            (
                vec!["/{tenant}/users", "/acme/users", "/acme/{id}", "/{t}/{u}", "/zeta/users/x"],
                vec![
                    pair("/acme/users", "/acme/{id}", false),
                    pair("/acme/users", "/{tenant}/users", false),
                    pair("/acme/users", "/{t}/{u}", false),
                    pair("/acme/{id}", "/{tenant}/users", false),
                    pair("/acme/{id}", "/{t}/{u}", false),
                    pair("/{tenant}/users", "/{t}/{u}", false),
                ],
            ),
            // Nothing in common.
            (vec!["/a", "/b", "/a/{x}", m, "/a/b/c"], vec![]),
        ];
        for (paths, want) in cases {
            assert_eq!(found(&paths), want, "{paths:?}");
        }
    }

    #[test]
    fn overlaps_name_methods_and_places() {
        let (s, index) = spec(&["/a/{x}", "/a/{y}"]);
        let got: Vec<String> = overlaps(&s, &index).iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "`/a/{x}` (GET specs/pages/p.md:1) and `/a/{y}` (GET specs/pages/p.md:2): the paths differ only in variable names"
            ]
        );
    }

    #[test]
    fn template_matching() {
        for (shape, literal, want) in [
            ("{}", "x", true),
            ("{}", "", false),
            ("{}.json", "a.json", true),
            ("{}.json", ".json", false),
            ("v{}-{}", "v1-2", true),
            ("v{}-{}", "v1-", false),
            ("v{}-{}", "v-2", false),
            ("a{}", "b1", false),
        ] {
            assert_eq!(matches(shape, literal), want, "{shape} ~ {literal}");
        }
    }

    #[test]
    fn internal_and_private_operations_are_listed() {
        let s = json!({"paths": {
            "/a": {"get": {"x-internal": true}, "post": {"x-internal": false}},
            "/b": {"delete": {"x-private": true, "x-internal": true}, "put": {}}
        }});
        let mut index = SourceIndex::default();
        index.add_operation("/a", "get", "specs/pages/a.md", 3);
        let got: Vec<String> = internal_operations(&s, &index).iter().map(ToString::to_string).collect();
        assert_eq!(got, ["GET /a (x-internal) at specs/pages/a.md:3", "DELETE /b (x-internal, x-private)"]);
    }
}
