//! The license parameter table of the White Label admin page → a `License` schema.
//!
//! The table renders as: `Parameter`, `Description and values`, then per parameter a
//! name line (`operations REQUIRED`), description paragraphs, `Type: uinteger`
//! (`enum<string>`, `boolean`, …) and optionally `Values:` with bullets
//! (`• min: 0`, `• max: 15`, `• default: 60`, or enumerated values).

use serde_json::{Map, Value, json};

use super::params::typed_value;
use super::text::{is_blank, prose};

/// The header lines that open the table.
pub(crate) const HEADER: [&str; 2] = ["Parameter", "Description and values"];

/// Title given to the schema so reviewers and the generator can name it.
pub(crate) const TITLE: &str = "License";

/// Parses the rows of the table (the lines after its header). `first_line` is the
/// 1-based line of `lines[0]`. Errors are `(line, message)`.
pub(crate) fn parse_table(lines: &[&str], first_line: usize) -> Result<Value, (usize, String)> {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines.get(i).copied().unwrap_or("").trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        let at = first_line + i;
        let (name, is_required) = match line.strip_suffix(" REQUIRED") {
            Some(n) => (n.trim(), true),
            None => (line, false),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((at, format!("expected a license parameter name, found `{line}`")));
        }
        i += 1;
        // Description up to `Type:`.
        let desc_start = i;
        while lines.get(i).is_some_and(|l| !l.trim().starts_with("Type:")) {
            i += 1;
        }
        let Some(type_line) = lines.get(i) else {
            return Err((at, format!("license parameter `{name}` has no `Type:` line")));
        };
        let description = prose(lines.get(desc_start..i).unwrap_or(&[]));
        let ty = type_line.trim().trim_start_matches("Type:").trim();
        let type_at = first_line + i;
        let mut schema =
            type_schema(ty).ok_or_else(|| (type_at, format!("unknown license parameter type `{ty}` for `{name}`")))?;
        i += 1;
        // Optional `Values:` with bullets.
        let mut j = i;
        while lines.get(j).is_some_and(|l| is_blank(l)) {
            j += 1;
        }
        if lines.get(j).is_some_and(|l| l.trim() == "Values:") {
            i = j + 1;
            let mut values = Vec::new();
            loop {
                while lines.get(i).is_some_and(|l| is_blank(l)) {
                    i += 1;
                }
                match lines.get(i).map(|l| l.trim()).and_then(|l| l.strip_prefix('•')) {
                    Some(v) => {
                        values.push((first_line + i, v.trim()));
                        i += 1;
                    }
                    None => break,
                }
            }
            apply_values(&mut schema, name, &values)?;
        }
        if schema.get("enum").and_then(Value::as_array).is_some_and(Vec::is_empty) {
            return Err((type_at, format!("license parameter `{name}` is an enum without values")));
        }
        if !description.is_empty() {
            set(&mut schema, "description", Value::String(description));
        }
        widen_int64(&mut schema);
        if is_required {
            required.push(Value::String(name.to_string()));
        }
        props.insert(name.to_string(), schema);
    }
    if props.is_empty() {
        return Err((first_line, "the license parameter table has no rows".to_string()));
    }
    let mut out = json!({"title": TITLE, "type": "object", "description": "The organization's license: the features and limits for the users in the organization.", "properties": props});
    if !required.is_empty() {
        set(&mut out, "required", Value::Array(required));
    }
    Ok(out)
}

fn type_schema(ty: &str) -> Option<Value> {
    let (inner, is_enum) = match ty.strip_prefix("enum<").and_then(|t| t.strip_suffix('>')) {
        Some(t) => (t, true),
        None => (ty, false),
    };
    let mut schema = match inner {
        "uinteger" => json!({"type": "integer", "minimum": 0}),
        "integer" => json!({"type": "integer"}),
        "number" => json!({"type": "number"}),
        "string" => json!({"type": "string"}),
        "boolean" if !is_enum => json!({"type": "boolean"}),
        _ => return None,
    };
    if is_enum {
        set(&mut schema, "enum", json!([]));
    }
    Some(schema)
}

fn apply_values(schema: &mut Value, name: &str, values: &[(usize, &str)]) -> Result<(), (usize, String)> {
    let is_number = matches!(schema.get("type").and_then(Value::as_str), Some("integer" | "number"));
    let mut enumerated = Vec::new();
    for (at, v) in values {
        let typed = |raw: &str| -> Result<Value, (usize, String)> {
            let t = typed_value(schema, raw.trim());
            if t.is_string() && schema.get("type").and_then(Value::as_str) != Some("string") {
                return Err((*at, format!("license parameter `{name}`: value `{raw}` does not fit its type")));
            }
            Ok(t)
        };
        if let Some(n) = v.strip_prefix("min:") {
            if !is_number {
                return Err((*at, format!("license parameter `{name}`: `min` on a non-numeric type")));
            }
            set(schema, "minimum", typed(n)?);
        } else if let Some(n) = v.strip_prefix("max:") {
            if !is_number {
                return Err((*at, format!("license parameter `{name}`: `max` on a non-numeric type")));
            }
            set(schema, "maximum", typed(n)?);
        } else if let Some(d) = v.strip_prefix("default:") {
            set(schema, "default", typed(d)?);
        } else {
            enumerated.push(typed(v)?);
        }
    }
    if !enumerated.is_empty() {
        set(schema, "enum", Value::Array(enumerated));
    }
    Ok(())
}

/// Integers whose documented bounds exceed 32 bits get `format: int64`.
fn widen_int64(schema: &mut Value) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let big = |v: &Value| v.as_i64().is_some_and(|i| i > i64::from(i32::MAX) || i < i64::from(i32::MIN));
    let mut seen: Vec<&Value> = ["minimum", "maximum", "default"].iter().filter_map(|k| schema.get(*k)).collect();
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        seen.extend(e.iter());
    }
    if seen.into_iter().any(big) {
        set(schema, "format", Value::String("int64".to_string()));
    }
}

fn set(schema: &mut Value, key: &str, value: Value) {
    if let Value::Object(m) = schema {
        m.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const TABLE: &str = "
restartPeriod

The reset period.

Type: enum<string>

Values:

  • 1 month

  • 1 year

transfer REQUIRED

Bytes.

Type: uinteger

Values:

  • min: 104857600

  • max: 1099511627776

retention

Days.

Type: enum<uinteger>

Values:

  • 7

  • 30

  • default: 30

gracePeriod

Must be 0.

Type: uinteger

Values:

  • 0

fulltext

Full text.

Type: boolean

Values:

  • default: false

appslimit

Apps.

Type: uinteger
";

    #[test]
    fn builds_the_license_schema() {
        let lines: Vec<&str> = TABLE.lines().collect();
        let s = parse_table(&lines, 1).unwrap();
        assert_eq!(s["title"], "License");
        assert_eq!(s["required"], json!(["transfer"]));
        let p = &s["properties"];
        assert_eq!(
            p["restartPeriod"],
            json!({"type": "string", "enum": ["1 month", "1 year"], "description": "The reset period."})
        );
        assert_eq!(
            p["transfer"],
            json!({"type": "integer", "minimum": 104857600, "maximum": 1099511627776_u64, "format": "int64", "description": "Bytes."})
        );
        assert_eq!(
            p["retention"],
            json!({"type": "integer", "minimum": 0, "enum": [7, 30], "default": 30, "description": "Days."})
        );
        assert_eq!(
            p["gracePeriod"],
            json!({"type": "integer", "minimum": 0, "enum": [0], "description": "Must be 0."})
        );
        assert_eq!(p["fulltext"], json!({"type": "boolean", "default": false, "description": "Full text."}));
        assert_eq!(p["appslimit"], json!({"type": "integer", "minimum": 0, "description": "Apps."}));
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        for (text, line, needle) in [
            ("a\n\nx\n\nType: float\n", 5, "unknown license parameter type `float`"),
            ("a\n\nno type here\n", 1, "has no `Type:` line"),
            ("a\nType: uinteger\nValues:\n  • min: lots\n", 4, "does not fit its type"),
            ("a\nType: enum<string>\n", 2, "is an enum without values"),
            ("two words here\nType: boolean\n", 1, "expected a license parameter name"),
        ] {
            let lines: Vec<&str> = text.lines().collect();
            let (at, msg) = parse_table(&lines, 1).unwrap_err();
            assert_eq!(at, line, "{text}");
            assert!(msg.contains(needle), "{msg}");
        }
    }
}
