//! Where each part of the merged spec came from: operations and components mapped back to the
//! page and line of the fragment that documented them, so problems found after the merge
//! (by validation, reference checks or the generator) name the page, not `specs/openapi.yaml`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::Diagnostic;
use crate::extract::markdown::METHODS;
use crate::paths::SPEC_FILE;
use generator::PointerToken;

/// A page and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The snapshot file, relative to the repository root.
    pub file: String,
    /// 1-based line of the endpoint heading.
    pub line: usize,
}

/// Merged-spec locations → the fragments they came from. The first fragment to document an
/// operation or define a component is its place (later identical copies were merged into it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceIndex {
    /// (path, lower-case method) → place.
    ops: BTreeMap<(String, String), Place>,
    /// (component kind, name) → place.
    components: BTreeMap<(String, String), Place>,
}

impl SourceIndex {
    /// Records where the operation `method` on `path` came from, unless it is known already.
    pub fn add_operation(&mut self, path: &str, method: &str, file: &str, line: usize) {
        let place = Place { file: file.to_string(), line };
        self.ops.entry((path.to_string(), method.to_string())).or_insert(place);
    }

    /// Records where `components.{kind}.{name}` came from, unless it is known already.
    pub fn add_component(&mut self, kind: &str, name: &str, file: &str, line: usize) {
        let place = Place { file: file.to_string(), line };
        self.components.entry((kind.to_string(), name.to_string())).or_insert(place);
    }

    /// The place of the operation `method` on `path`.
    pub fn operation(&self, path: &str, method: &str) -> Option<&Place> {
        self.ops.get(&(path.to_string(), method.to_string()))
    }

    /// The operations on `path` with their places, in OpenAPI method order.
    pub fn operations_on(&self, path: &str) -> Vec<(&str, &Place)> {
        let mut out: Vec<(&str, &Place)> = METHODS
            .iter()
            .filter_map(|m| self.ops.get(&(path.to_string(), (*m).to_string())).map(|p| (*m, p)))
            .collect();
        out.dedup();
        out
    }

    /// The place of a merged-spec location given as unescaped pointer tokens (`paths`, the
    /// path, the method, …): an operation, or the first operation of a path, or a component.
    pub fn locate(&self, tokens: &[String]) -> Option<&Place> {
        match tokens {
            [root, path, rest @ ..] if root == "paths" => match rest.first() {
                Some(method) if METHODS.contains(&method.as_str()) => self.operation(path, method),
                _ => self.operations_on(path).first().map(|(_, p)| *p),
            },
            [root, kind, name, ..] if root == "components" => {
                self.components.get(&(kind.to_string(), name.to_string()))
            }
            _ => None,
        }
    }

    /// A problem at the merged-spec location `pointer` (`#/paths/~1a/get/…`): at the page and
    /// line it came from when known, else at `specs/openapi.yaml`. The pointer stays in the
    /// message, as it names the place inside the fragment too.
    pub fn diagnostic(&self, pointer: &str, message: &str) -> Diagnostic {
        match self.locate(&tokens(pointer)) {
            Some(place) => Diagnostic::new(&place.file, place.line, format!("{pointer} (in {SPEC_FILE}): {message}")),
            None => Diagnostic::new(SPEC_FILE, 0, format!("{pointer}: {message}")),
        }
    }
}

/// The unescaped tokens of a JSON pointer, with or without its leading `#`.
pub fn tokens(pointer: &str) -> Vec<String> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// Every `$ref` of the merged spec that points to nothing in it (or outside it), as located
/// problems. Example values, defaults, enums and extensions are data, not references, and are
/// not looked into.
pub fn dangling_refs(spec: &Value, index: &SourceIndex) -> Vec<Diagnostic> {
    let mut walk = RefWalk { spec, index, path: Vec::new(), out: Vec::new() };
    walk.value(spec);
    walk.out
}

/// Keys whose values are data, never references.
const DATA_KEYS: [&str; 4] = ["example", "default", "enum", "const"];

/// The reference check's walk: the path to the current value is kept as borrowed tokens, and
/// a pointer is written only for a problem.
struct RefWalk<'a> {
    spec: &'a Value,
    index: &'a SourceIndex,
    path: Vec<Token<'a>>,
    out: Vec<Diagnostic>,
}

#[derive(Clone, Copy)]
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> RefWalk<'a> {
    fn value(&mut self, v: &'a Value) {
        match v {
            Value::Object(map) => {
                self.check(map);
                for (key, child) in map {
                    if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                        continue;
                    }
                    self.path.push(Token::Key(key));
                    match (key.as_str(), child) {
                        // Example objects may be references; their values are data.
                        ("examples", Value::Object(examples)) => {
                            for (name, example) in examples {
                                if let Value::Object(example) = example {
                                    self.path.push(Token::Key(name));
                                    self.check(example);
                                    self.path.pop();
                                }
                            }
                        }
                        _ => self.value(child),
                    }
                    self.path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.path.push(Token::Index(i));
                    self.value(child);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// The object's `$ref`, if it has one, must resolve inside the spec.
    fn check(&mut self, obj: &serde_json::Map<String, Value>) {
        let Some(Value::String(r)) = obj.get("$ref") else { return };
        let problem = match r.strip_prefix('#') {
            Some(local) if self.spec.pointer(local).is_some() => return,
            Some(_) => format!("`$ref` `{r}` points to nothing in the merged spec"),
            None => format!("`$ref` `{r}` points outside the document (only `#/…` references are supported)"),
        };
        let mut pointer = String::from("#");
        for t in &self.path {
            pointer.push('/');
            match t {
                Token::Key(k) => pointer.push_str(&PointerToken(k).to_string()),
                Token::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        self.out.push(self.index.diagnostic(&pointer, &problem));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::*;

    fn index() -> SourceIndex {
        let mut i = SourceIndex::default();
        i.add_operation("/a/{id}", "get", "specs/pages/a.md", 5);
        i.add_operation("/a/{id}", "delete", "specs/pages/a.md", 12);
        i.add_operation("/a/{id}", "get", "specs/pages/later.md", 99);
        i.add_operation("/b", "post", "specs/pages/b.md", 3);
        i.add_component("schemas", "Team/Admin", "specs/pages/b.md", 3);
        i
    }

    #[test]
    fn pointers_map_back_to_the_first_page_that_documented_them() {
        let i = index();
        let cases = [
            ("#/paths/~1a~1{id}/get/responses/200", Some(("specs/pages/a.md", 5))),
            ("#/paths/~1a~1{id}/delete", Some(("specs/pages/a.md", 12))),
            // A path-level location: its first operation in OpenAPI order.
            ("#/paths/~1a~1{id}/parameters/0", Some(("specs/pages/a.md", 5))),
            ("#/paths/~1a~1{id}", Some(("specs/pages/a.md", 5))),
            ("#/components/schemas/Team~1Admin/properties/x", Some(("specs/pages/b.md", 3))),
            ("#/paths/~1a~1{id}/put", None),
            ("#/paths/~1nowhere/get", None),
            ("#/components/schemas/Other", None),
            ("#/servers/0", None),
            ("#", None),
            ("", None),
        ];
        for (pointer, want) in cases {
            let got = i.locate(&tokens(pointer)).map(|p| (p.file.as_str(), p.line));
            assert_eq!(got, want, "{pointer}");
        }
    }

    #[test]
    fn diagnostics_name_the_page_and_keep_the_pointer() {
        let i = index();
        assert_eq!(
            i.diagnostic("#/paths/~1b/post/requestBody", "boom").to_string(),
            "specs/pages/b.md:3: #/paths/~1b/post/requestBody (in specs/openapi.yaml): boom"
        );
        assert_eq!(i.diagnostic("#/servers", "no servers").to_string(), "specs/openapi.yaml:0: #/servers: no servers");
    }

    #[test]
    fn tokens_unescape() {
        assert_eq!(tokens("#/paths/~1a~0b~01/get"), ["paths", "/a~b~1", "get"]);
        assert_eq!(tokens("/x/0"), ["x", "0"]);
        assert!(tokens("#").is_empty());
    }

    #[test]
    fn dangling_references_are_located_and_data_is_not_looked_into() {
        let spec = json!({
            "paths": {
                "/a/{id}": {"get": {
                    "parameters": [{"$ref": "#/components/parameters/Missing"}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Team~1Admin"},
                        "example": {"$ref": "#/not/a/reference"},
                        "examples": {
                            "one": {"value": {"$ref": "#/data/too"}},
                            "two": {"$ref": "#/components/examples/Gone"}
                        }
                    }}}},
                    "x-extension": {"$ref": "#/anything"}
                }},
                "/b": {"post": {"requestBody": {"$ref": "other.yaml#/Body"}, "responses": {}}}
            },
            "components": {"schemas": {"Team/Admin": {"type": "object", "properties": {
                "m": {"$ref": "#/components/schemas/Member"},
                "d": {"type": "string", "default": {"$ref": "#/nope"}, "enum": [{"$ref": "#/nope"}]}
            }}}}
        });
        let got: Vec<String> = dangling_refs(&spec, &index()).iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "specs/pages/a.md:5: #/paths/~1a~1{id}/get/parameters/0 (in specs/openapi.yaml): `$ref` `#/components/parameters/Missing` points to nothing in the merged spec",
                "specs/pages/a.md:5: #/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two (in specs/openapi.yaml): `$ref` `#/components/examples/Gone` points to nothing in the merged spec",
                "specs/pages/b.md:3: #/paths/~1b/post/requestBody (in specs/openapi.yaml): `$ref` `other.yaml#/Body` points outside the document (only `#/…` references are supported)",
                "specs/pages/b.md:3: #/components/schemas/Team~1Admin/properties/m (in specs/openapi.yaml): `$ref` `#/components/schemas/Member` points to nothing in the merged spec",
            ]
        );
    }
}
