//! Parameter and body-field lists of rendered pages, where the renderer glues name,
//! type and presence into one line (`organizationIdintegerRequired`,
//! `pg[sortDir]string · enumOptional`, `valueone ofOptional`).
//!
//! The type vocabulary is finite, so a line is split from the end: the presence
//! suffix (`Required` / `Optional`), then the longest base type (with `[]` array
//! suffixes and ` · ` annotations), and whatever is left is the name.

use serde_json::{Map, Value, json};

use super::text::{clean_line, is_blank, prose};

/// Base type words as the renderer prints them; multi-word ones first.
const BASES: &[&str] =
    &["one of", "any of", "all of", "string", "integer", "number", "boolean", "object", "array", "any", "null", "file"];

/// Formats the renderer prints after ` · ` (`string · email`).
const FORMATS: &[&str] = &[
    "email",
    "date-time",
    "date",
    "time",
    "uuid",
    "uri",
    "url",
    "hostname",
    "ipv4",
    "ipv6",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
];

/// One glued `name type presence` line, split.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glued<'a> {
    /// The name; empty for a bare alternative of a `one of` (`stringOptional`).
    pub name: &'a str,
    /// The schema the type words describe.
    pub schema: Value,
    /// `Required` (true) or `Optional` (false).
    pub required: bool,
    /// `Example:` text glued onto the same line (`hashstringRequiredExample: bf1e…`).
    pub example: Option<&'a str>,
    /// The type is `one of` / `any of` / `all of`: alternatives follow as bare type lines.
    pub composite: Option<&'static str>,
}

/// Splits a glued line. `Ok(None)`: not a parameter line at all (prose).
/// `Err`: it ends like one but its type annotation is not understood.
pub(crate) fn split_glued(line: &str) -> Result<Option<Glued<'_>>, String> {
    let line = line.trim();
    let (core, example) =
        match ["RequiredExample:", "OptionalExample:"].iter().find_map(|m| line.find(m).map(|i| (i, m.len()))) {
            Some((i, len)) => {
                let presence_end = i + len - "Example:".len();
                (line.get(..presence_end).unwrap_or(line), line.get(i + len..).map(str::trim))
            }
            None => (line, None),
        };
    let (core, required) = if let Some(c) = core.strip_suffix("Required") {
        (c, true)
    } else if let Some(c) = core.strip_suffix("Optional") {
        (c, false)
    } else {
        return Ok(None);
    };
    let mut parts = core.split(" · ");
    let name_type = parts.next().unwrap_or("");
    let annotations: Vec<&str> = parts.collect();
    // Array suffixes, innermost last: `string[]` → depth 1.
    let mut rest = name_type;
    let mut depth = 0;
    while let Some(r) = rest.strip_suffix("[]") {
        if BASES.iter().any(|b| r.ends_with(b)) {
            rest = r;
            depth += 1;
        } else {
            break;
        }
    }
    let Some(base) = BASES.iter().filter(|b| rest.ends_with(*b)).max_by_key(|b| b.len()) else {
        return Ok(None);
    };
    let name = rest.get(..rest.len() - base.len()).unwrap_or("");
    if !valid_name(name) {
        return Ok(None);
    }
    let mut schema = base_schema(base);
    let composite = ["one of", "any of", "all of"].into_iter().find(|c| c == base);
    for a in &annotations {
        let a = a.trim();
        if a == "enum" || a == "nullable" {
            if a == "nullable" {
                insert(&mut schema, "nullable", Value::Bool(true));
            }
        } else if FORMATS.contains(&a) {
            insert(&mut schema, "format", Value::String(a.to_string()));
        } else if let Some(n) = a.strip_prefix("min: ").and_then(|n| n.trim().parse::<i64>().ok()) {
            insert(&mut schema, if base == &"string" { "minLength" } else { "minimum" }, json!(n));
        } else if let Some(n) = a.strip_prefix("max: ").and_then(|n| n.trim().parse::<i64>().ok()) {
            insert(&mut schema, if base == &"string" { "maxLength" } else { "maximum" }, json!(n));
        } else {
            return Err(format!("unknown type annotation `{a}` in parameter line `{line}`"));
        }
    }
    for _ in 0..depth {
        schema = json!({"type": "array", "items": schema});
    }
    // `cols[]` with an array type is the wire spelling of `cols`.
    let name = if depth > 0 { name.strip_suffix("[]").unwrap_or(name) } else { name };
    Ok(Some(Glued { name, schema, required, example, composite }))
}

fn valid_name(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric() || "[]_.-$@".contains(c))
}

fn base_schema(base: &str) -> Value {
    match base {
        "string" | "integer" | "number" | "boolean" | "object" => json!({"type": base}),
        "array" => json!({"type": "array", "items": {}}),
        "null" => json!({"nullable": true}),
        "file" => json!({"type": "string", "format": "binary"}),
        "one of" => json!({"oneOf": []}),
        "any of" => json!({"anyOf": []}),
        "all of" => json!({"allOf": []}),
        _ => json!({}),
    }
}

fn insert(schema: &mut Value, key: &str, value: Value) {
    if let Value::Object(m) = schema {
        m.insert(key.to_string(), value);
    }
}

/// One entry of a parameter or body-field list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Parameter / property name (`cols`, `pg[sortDir]`).
    pub name: String,
    /// Whether the page marks it `Required`.
    pub required: bool,
    /// Schema, with `example` and `enum` when the page gives them.
    pub schema: Value,
    /// The description paragraphs (may be empty).
    pub description: String,
    /// 1-based line of the glued line.
    pub line: usize,
}

/// Parses the entries of one section. `lines` are the section's lines (without its
/// header), `first_line` the 1-based line number of `lines[0]`.
/// Errors are `(line, message)`.
pub(crate) fn parse_fields(lines: &[&str], first_line: usize) -> Result<Vec<Field>, (usize, String)> {
    let mut fields = Vec::new();
    let mut cur: Option<Entry<'_>> = None;
    for (i, line) in lines.iter().enumerate() {
        let at = first_line + i;
        let glued = split_glued(line).map_err(|m| (at, m))?;
        match glued {
            Some(g) if !g.name.is_empty() => {
                if let Some(e) = cur.take() {
                    fields.push(e.finish());
                }
                cur = Some(Entry::new(g, at));
                continue;
            }
            _ => {}
        }
        let Some(e) = cur.as_mut() else {
            if is_blank(line) {
                continue;
            }
            return Err((
                at,
                format!("expected a parameter line (name, type, Required/Optional), found `{}`", line.trim()),
            ));
        };
        e.take_line(line, glued);
    }
    if let Some(e) = cur.take() {
        fields.push(e.finish());
    }
    Ok(fields)
}

struct Entry<'a> {
    glued: Glued<'a>,
    line: usize,
    description: Vec<&'a str>,
    example: Option<&'a str>,
    enum_values: Option<Vec<String>>,
    in_values: bool,
    variants: Vec<Value>,
    /// `or` separators seen; more than `variants.len() - 1` means alternatives the
    /// renderer printed no line for (objects, arrays).
    ors: usize,
}

impl<'a> Entry<'a> {
    fn new(glued: Glued<'a>, line: usize) -> Self {
        let example = glued.example;
        Self {
            glued,
            line,
            description: Vec::new(),
            example,
            enum_values: None,
            in_values: false,
            variants: Vec::new(),
            ors: 0,
        }
    }

    fn take_line(&mut self, line: &'a str, glued: Option<Glued<'a>>) {
        let t = line.trim();
        if self.in_values {
            if is_blank(line) {
                self.in_values = false;
            } else {
                let v = clean_line(t);
                let v = v.strip_prefix("- ").unwrap_or(&v).trim_matches('`').to_string();
                self.enum_values.get_or_insert_with(Vec::new).push(v);
            }
            return;
        }
        if self.glued.composite.is_some() {
            if let Some(g) = glued {
                self.variants.push(g.schema);
                return;
            }
            if t == "or" {
                self.ors += 1;
                return;
            }
        }
        if let Some(ex) = t.strip_prefix("Example:") {
            self.example = Some(ex.trim());
        } else if t == "Possible values:" {
            self.in_values = true;
            self.enum_values.get_or_insert_with(Vec::new);
        } else {
            self.description.push(line);
        }
    }

    fn finish(self) -> Field {
        let mut schema = self.glued.schema;
        if let (Some(key), Value::Object(m)) = (self.glued.composite, &mut schema) {
            let key = match key {
                "one of" => "oneOf",
                "any of" => "anyOf",
                _ => "allOf",
            };
            let mut variants = self.variants;
            if self.ors + 1 > variants.len() {
                // Alternatives the page does not show: any value.
                variants.push(json!({}));
            }
            m.insert(key.to_string(), Value::Array(variants));
        }
        if let Some(values) = self.enum_values.filter(|v| !v.is_empty()) {
            let typed: Vec<Value> = values.iter().map(|v| typed_value(&schema, v)).collect();
            insert(&mut schema, "enum", Value::Array(typed));
        }
        if let Some(raw) = self.example.filter(|r| !r.is_empty()) {
            let example = example_value(&schema, raw);
            insert(&mut schema, "example", example);
        }
        Field {
            name: self.glued.name.to_string(),
            required: self.glued.required,
            schema,
            description: prose(&self.description),
            line: self.line,
        }
    }
}

fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

/// A value written on the page, typed by the schema it belongs to.
pub(crate) fn typed_value(schema: &Value, raw: &str) -> Value {
    match schema_type(schema) {
        Some("integer") => raw.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(raw.to_string())),
        Some("number") => raw
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .unwrap_or_else(|| Value::String(raw.to_string())),
        Some("boolean") => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(raw.to_string()),
        },
        _ => Value::String(raw.to_string()),
    }
}

/// `Example:` text → a value: JSON if it parses (`{"value": x}` unwraps to `x`),
/// otherwise the text; a string-typed schema always gets the text.
fn example_value(schema: &Value, raw: &str) -> Value {
    let parsed = serde_json::from_str::<Value>(raw).ok().map(|v| match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("value") => unwrap_value(m),
        v => v,
    });
    match (schema_type(schema), parsed) {
        (Some("string"), Some(Value::String(s))) => Value::String(s),
        (Some("string"), _) => Value::String(raw.to_string()),
        (_, Some(v)) => v,
        (_, None) => Value::String(raw.to_string()),
    }
}

fn unwrap_value(mut m: Map<String, Value>) -> Value {
    m.remove("value").unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn splits_glued_lines() {
        let cases: &[(&str, &str, Value, bool, Option<&str>)] = &[
            ("organizationIdintegerRequired", "organizationId", json!({"type": "integer"}), true, None),
            ("colsstring[]Optional", "cols", json!({"type": "array", "items": {"type": "string"}}), false, None),
            ("pg[sortDir]string · enumOptional", "pg[sortDir]", json!({"type": "string"}), false, None),
            (
                "nextResetstring · date-timeOptional",
                "nextReset",
                json!({"type": "string", "format": "date-time"}),
                false,
                None,
            ),
            ("valueone ofOptional", "value", json!({"oneOf": []}), false, None),
            ("emailstring · emailRequired", "email", json!({"type": "string", "format": "email"}), true, None),
            (
                "teamsIdinteger[]Optional",
                "teamsId",
                json!({"type": "array", "items": {"type": "integer"}}),
                false,
                None,
            ),
            ("hashstringRequiredExample: bf1e-9c", "hash", json!({"type": "string"}), true, Some("bf1e-9c")),
            ("stringOptional", "", json!({"type": "string"}), false, None),
            ("typeIdnumberOptional", "typeId", json!({"type": "number"}), false, None),
            ("cols[]string[]Optional", "cols", json!({"type": "array", "items": {"type": "string"}}), false, None),
        ];
        for (line, name, schema, required, example) in cases {
            let g = split_glued(line).unwrap().unwrap_or_else(|| panic!("{line} not split"));
            assert_eq!((g.name, &g.schema, g.required, g.example), (*name, schema, *required, *example), "{line}");
        }
    }

    #[test]
    fn prose_is_not_a_parameter_line() {
        for line in
            ["The ID of the organization.", "Example: 11", "or", "Set it if Optional", "two wordsstringRequired", ""]
        {
            assert_eq!(split_glued(line).unwrap(), None, "{line}");
        }
    }

    #[test]
    fn unknown_annotation_is_an_error() {
        let err = split_glued("idinteger · weirdRequired").unwrap_err();
        assert!(err.contains("`weird`"), "{err}");
    }

    #[test]
    fn parses_a_section_with_descriptions_examples_enums_and_variants() {
        let text = "idintegerOptional\n\nThe ID.\n\nExample: {\"value\":5}\nzonestringOptional\nExample: 11\n\
                    pg[sortDir]string · enumOptional\n\nThe order.\n\nPossible values:\nasc\ndesc\n\n\
                    valueone ofOptional\n\nA value.\n\nstringOptional\nor\nbooleanOptional\n\
                    colsstring[]Optional\n\nExample: {\"value\":[\"id\",\"name\"]}";
        let lines: Vec<&str> = text.lines().collect();
        let f = parse_fields(&lines, 10).unwrap();
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["id", "zone", "pg[sortDir]", "value", "cols"]);
        assert_eq!(f[0].schema, json!({"type": "integer", "example": 5}));
        assert_eq!(f[0].description, "The ID.");
        assert_eq!(f[0].line, 10);
        assert_eq!(f[1].schema, json!({"type": "string", "example": "11"}));
        assert_eq!(f[2].schema, json!({"type": "string", "enum": ["asc", "desc"]}));
        assert_eq!(f[3].schema, json!({"oneOf": [{"type": "string"}, {"type": "boolean"}]}));
        assert_eq!(f[3].description, "A value.");
        assert_eq!(f[4].schema, json!({"type": "array", "items": {"type": "string"}, "example": ["id", "name"]}));
    }

    #[test]
    fn unrendered_alternatives_of_a_one_of_become_any() {
        let lines = ["valueone ofOptional", "stringOptional", "or", "numberOptional", "or", "or"];
        let f = parse_fields(&lines, 1).unwrap();
        assert_eq!(f[0].schema, json!({"oneOf": [{"type": "string"}, {"type": "number"}, {}]}));
    }

    #[test]
    fn text_before_the_first_parameter_is_an_error_with_its_line() {
        let lines = ["", "stray words"];
        assert_eq!(parse_fields(&lines, 7).unwrap_err().0, 8);
    }
}
