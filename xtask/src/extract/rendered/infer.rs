//! Schemas inferred from example JSON on rendered pages (request and response samples).
//!
//! Rules: integers stay `integer` (with `format: int64` when a value does not fit 32
//! bits), any fraction makes a `number`; RFC 3339 timestamps get `format: date-time`;
//! arrays merge the schemas of all their items (an empty array has `items: {}`);
//! `null` makes a field `nullable` (alone it gives `{nullable: true}`: type unknown).
//! Examples are samples, so nothing is marked required.

use serde_json::{Map, Value, json};

/// The schema of one example value.
pub(crate) fn infer(value: &Value) -> Value {
    match value {
        Value::Null => json!({"nullable": true}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                int_schema(i128::from(i))
            } else if let Some(u) = n.as_u64() {
                int_schema(i128::from(u))
            } else {
                json!({"type": "number"})
            }
        }
        Value::String(s) if is_date_time(s) => json!({"type": "string", "format": "date-time"}),
        Value::String(_) => json!({"type": "string"}),
        Value::Array(items) => {
            let merged = items.iter().map(infer).reduce(|a, b| merge(&a, &b)).unwrap_or_else(|| json!({}));
            json!({"type": "array", "items": merged})
        }
        Value::Object(m) => {
            let props: Map<String, Value> = m.iter().map(|(k, v)| (k.clone(), infer(v))).collect();
            json!({"type": "object", "properties": props})
        }
    }
}

fn int_schema(i: i128) -> Value {
    if i < i128::from(i32::MIN) || i > i128::from(i32::MAX) {
        json!({"type": "integer", "format": "int64"})
    } else {
        json!({"type": "integer"})
    }
}

/// `YYYY-MM-DDTHH:MM:SS…` (date, `T`, time) — enough to tell timestamps from prose.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 19
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
}

/// Merges two inferred schemas of values seen in the same place.
pub(crate) fn merge(a: &Value, b: &Value) -> Value {
    let ta = a.get("type").and_then(Value::as_str);
    let tb = b.get("type").and_then(Value::as_str);
    let nullable = is_nullable(a) || is_nullable(b);
    let mut out = match (ta, tb) {
        (None, None) => json!({}),
        (Some(_), None) if is_nullable(b) => a.clone(),
        (None, Some(_)) if is_nullable(a) => b.clone(),
        (Some("object"), Some("object")) => {
            let mut props = props_of(a);
            for (k, v) in props_of(b) {
                let merged = match props.get(&k) {
                    Some(existing) => merge(existing, &v),
                    None => v,
                };
                props.insert(k, merged);
            }
            json!({"type": "object", "properties": props})
        }
        (Some("array"), Some("array")) => {
            let empty = json!({});
            let ia = a.get("items").unwrap_or(&empty);
            let ib = b.get("items").unwrap_or(&empty);
            let items = if ia == &empty {
                ib.clone()
            } else if ib == &empty {
                ia.clone()
            } else {
                merge(ia, ib)
            };
            json!({"type": "array", "items": items})
        }
        (Some("integer"), Some("integer")) => {
            if a.get("format").is_some() {
                a.clone()
            } else {
                b.clone()
            }
        }
        (Some("integer"), Some("number")) | (Some("number"), Some("integer")) => {
            json!({"type": "number"})
        }
        (Some("string"), Some("string")) => {
            if a.get("format") == b.get("format") {
                a.clone()
            } else {
                json!({"type": "string"})
            }
        }
        (Some(x), Some(y)) if x == y => a.clone(),
        // Different kinds of value in the same place: any type.
        _ => json!({}),
    };
    if nullable {
        if let Value::Object(m) = &mut out {
            m.insert("nullable".to_string(), Value::Bool(true));
        }
    }
    out
}

fn is_nullable(s: &Value) -> bool {
    s.get("nullable").and_then(Value::as_bool).unwrap_or(false)
}

fn props_of(s: &Value) -> Map<String, Value> {
    s.get("properties").and_then(Value::as_object).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn infers_scalars() {
        for (value, schema) in [
            (json!(7), json!({"type": "integer"})),
            (json!(1099511627776_u64), json!({"type": "integer", "format": "int64"})),
            (json!(1.5), json!({"type": "number"})),
            (json!("x"), json!({"type": "string"})),
            (json!("2023-06-05T12:00:00.000Z"), json!({"type": "string", "format": "date-time"})),
            (json!(true), json!({"type": "boolean"})),
            (json!(null), json!({"nullable": true})),
            (json!([]), json!({"type": "array", "items": {}})),
        ] {
            assert_eq!(infer(&value), schema, "{value}");
        }
    }

    #[test]
    fn arrays_of_objects_merge_items_and_null_makes_nullable() {
        let v = json!({"teams": [
            {"id": 6, "name": "A", "externalId": null},
            {"id": null, "name": "B", "externalId": "x", "extra": 1.5},
            {"id": 2, "extra": 3}
        ]});
        assert_eq!(
            infer(&v),
            json!({"type": "object", "properties": {"teams": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer", "nullable": true},
                "name": {"type": "string"},
                "externalId": {"type": "string", "nullable": true},
                "extra": {"type": "number"}
            }}}}})
        );
    }

    #[test]
    fn conflicting_kinds_become_any() {
        assert_eq!(infer(&json!([1, "a"])), json!({"type": "array", "items": {}}));
        assert_eq!(
            infer(&json!([[], [1]])),
            json!({"type": "array", "items": {"type": "array", "items": {"type": "integer"}}})
        );
    }
}
