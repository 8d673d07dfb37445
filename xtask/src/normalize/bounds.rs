//! OpenAPI 3.1's numeric `exclusiveMinimum`/`exclusiveMaximum` rewritten to 3.0's form:
//! the bound in `minimum`/`maximum` plus a boolean `exclusiveMinimum`/`exclusiveMaximum`.

use serde_json::{Map, Number, Value};

/// One bound: the 3.1 keyword, its 3.0 partner, and whether it bounds from below.
const BOUNDS: [(&str, &str, bool); 2] = [("exclusiveMinimum", "minimum", true), ("exclusiveMaximum", "maximum", false)];

/// Rewrites numeric exclusive bounds of one schema object in place. Returns what was done
/// (`Ok`) or what cannot be fixed (`Err`), one entry per bound touched.
///
/// When the schema also has an inclusive bound, the stricter of the two is kept: `minimum: 5`
/// with `exclusiveMinimum: 0` stays `minimum: 5` (every value ≥ 5 is > 0), while `minimum: 0`
/// with `exclusiveMinimum: 0` becomes `minimum: 0, exclusiveMinimum: true`.
pub(super) fn exclusive_bounds(obj: &mut Map<String, Value>) -> Vec<Result<String, String>> {
    let mut out = Vec::new();
    for (exclusive, inclusive, lower) in BOUNDS {
        let bound = match obj.get(exclusive) {
            None | Some(Value::Bool(_)) => continue,
            Some(Value::Number(n)) => n.clone(),
            Some(other) => {
                out.push(Err(format!("`{exclusive}` must be a boolean (or a number, OpenAPI 3.1), found {other}")));
                continue;
            }
        };
        let what = match obj.get(inclusive) {
            None => {
                set(obj, exclusive, inclusive, bound.clone());
                format!("`{exclusive}: {bound}` (OpenAPI 3.1) → `{inclusive}: {bound}` + `{exclusive}: true`")
            }
            Some(Value::Number(old)) => {
                let old = old.clone();
                let (b, o) = (bound.as_f64().unwrap_or(f64::NAN), old.as_f64().unwrap_or(f64::NAN));
                let inclusive_is_stricter = if lower { o > b } else { o < b };
                if inclusive_is_stricter {
                    obj.remove(exclusive);
                    format!("`{exclusive}: {bound}` (OpenAPI 3.1) dropped: `{inclusive}: {old}` is stricter")
                } else {
                    set(obj, exclusive, inclusive, bound.clone());
                    format!(
                        "`{exclusive}: {bound}` (OpenAPI 3.1) with `{inclusive}: {old}` → `{inclusive}: {bound}` + `{exclusive}: true`"
                    )
                }
            }
            Some(other) => {
                out.push(Err(format!("`{inclusive}` must be a number, found {other}")));
                continue;
            }
        };
        out.push(Ok(what));
    }
    out
}

fn set(obj: &mut Map<String, Value>, exclusive: &str, inclusive: &str, bound: Number) {
    obj.insert(inclusive.into(), Value::Number(bound));
    obj.insert(exclusive.into(), Value::Bool(true));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use serde_json::json;

    use super::*;

    #[test]
    fn numeric_bounds_become_openapi_3_0_bounds() {
        let cases = [
            (
                json!({"type": "number", "exclusiveMinimum": 0}),
                json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}),
                vec![Ok("`exclusiveMinimum: 0` (OpenAPI 3.1) → `minimum: 0` + `exclusiveMinimum: true`")],
            ),
            (
                json!({"type": "integer", "exclusiveMaximum": 10}),
                json!({"type": "integer", "exclusiveMaximum": true, "maximum": 10}),
                vec![Ok("`exclusiveMaximum: 10` (OpenAPI 3.1) → `maximum: 10` + `exclusiveMaximum: true`")],
            ),
            // Both bounds at once.
            (
                json!({"exclusiveMinimum": 1.5, "exclusiveMaximum": 2}),
                json!({"exclusiveMinimum": true, "minimum": 1.5, "exclusiveMaximum": true, "maximum": 2}),
                vec![
                    Ok("`exclusiveMinimum: 1.5` (OpenAPI 3.1) → `minimum: 1.5` + `exclusiveMinimum: true`"),
                    Ok("`exclusiveMaximum: 2` (OpenAPI 3.1) → `maximum: 2` + `exclusiveMaximum: true`"),
                ],
            ),
            // An inclusive bound that is stricter wins; the exclusive one goes.
            (
                json!({"minimum": 5, "exclusiveMinimum": 0}),
                json!({"minimum": 5}),
                vec![Ok("`exclusiveMinimum: 0` (OpenAPI 3.1) dropped: `minimum: 5` is stricter")],
            ),
            (
                json!({"maximum": 1, "exclusiveMaximum": 3}),
                json!({"maximum": 1}),
                vec![Ok("`exclusiveMaximum: 3` (OpenAPI 3.1) dropped: `maximum: 1` is stricter")],
            ),
            // Equal or looser inclusive bounds give way to the exclusive one.
            (
                json!({"minimum": 0, "exclusiveMinimum": 0}),
                json!({"minimum": 0, "exclusiveMinimum": true}),
                vec![Ok(
                    "`exclusiveMinimum: 0` (OpenAPI 3.1) with `minimum: 0` → `minimum: 0` + `exclusiveMinimum: true`",
                )],
            ),
            (
                json!({"maximum": 10, "exclusiveMaximum": 10}),
                json!({"maximum": 10, "exclusiveMaximum": true}),
                vec![Ok(
                    "`exclusiveMaximum: 10` (OpenAPI 3.1) with `maximum: 10` → `maximum: 10` + `exclusiveMaximum: true`",
                )],
            ),
            (
                json!({"maximum": 9, "exclusiveMaximum": 3}),
                json!({"maximum": 3, "exclusiveMaximum": true}),
                vec![Ok(
                    "`exclusiveMaximum: 3` (OpenAPI 3.1) with `maximum: 9` → `maximum: 3` + `exclusiveMaximum: true`",
                )],
            ),
            // 3.0 booleans are left alone.
            (json!({"minimum": 0, "exclusiveMinimum": true}), json!({"minimum": 0, "exclusiveMinimum": true}), vec![]),
            // Bad input is reported, never guessed at.
            (
                json!({"exclusiveMinimum": "0"}),
                json!({"exclusiveMinimum": "0"}),
                vec![Err("`exclusiveMinimum` must be a boolean (or a number, OpenAPI 3.1), found \"0\"")],
            ),
            (
                json!({"minimum": "a", "exclusiveMinimum": 0}),
                json!({"minimum": "a", "exclusiveMinimum": 0}),
                vec![Err("`minimum` must be a number, found \"a\"")],
            ),
        ];
        for (input, want, want_what) in cases {
            let Value::Object(mut obj) = input.clone() else { unreachable!() };
            let got = exclusive_bounds(&mut obj);
            assert_eq!(Value::Object(obj), want, "input {input}");
            let want_what: Vec<Result<String, String>> =
                want_what.into_iter().map(|r| r.map(str::to_string).map_err(str::to_string)).collect();
            assert_eq!(got, want_what, "input {input}");
        }
    }
}
