//! Parameter styles: which runtime writer each query, header and cookie parameter's `style` and
//! `explode` (and its shape) selects, array wire names under both `QueryArrays` conventions,
//! cookie parameters as arguments and setters, and the setters' docs. The wire text itself is
//! tested through a compiled client against a loopback server (`golden-params` in `compile.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::{Config, QueryArrays, generate};
use serde_json::{Value, json};

/// One GET `/things` operation with `params`, generated with `arrays`.
fn things(params: Value, arrays: QueryArrays) -> Vec<generator::GeneratedFile> {
    let s = spec(json!({"/things": {"get": op("list_things", "Things", json!({"parameters": params}))}}));
    generate(&s, &Config { query_arrays: arrays, ..Config::default() }).unwrap_or_else(|e| panic!("{e}"))
}

fn parts_text(src: &str) -> String {
    compact(&find_fn(src, "parts").expect("parts fn"))
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

/// Properties in name order, so the struct's field order does not depend on serde_json's
/// `preserve_order` (on in workspace-wide builds).
fn object() -> Value {
    json!({"type": "object", "properties": {"size": {"type": "integer"}, "status": {"type": "string"}}})
}

/// `{"in": location, "name": name}` plus `extra` keys.
fn param(location: &str, name: &str, extra: Value) -> Value {
    let mut p = json!({"in": location, "name": name});
    if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
        p.extend(extra.clone());
    }
    p
}

#[test]
fn each_query_style_and_shape_selects_its_writer() {
    use QueryArrays::{Brackets, Repeat};
    let cases: Vec<(Value, QueryArrays, &str)> = vec![
        // Exploded `form` arrays of scalars: one pair per value, named per the convention.
        (
            param("query", "ids", json!({"schema": strings()})),
            Brackets,
            ".query_each(\"ids[]\",self.ids.iter().flatten())",
        ),
        (param("query", "ids", json!({"schema": strings()})), Repeat, ".query_each(\"ids\",self.ids.iter().flatten())"),
        (
            param("query", "ids[]", json!({"schema": strings()})),
            Repeat,
            ".query_each(\"ids[]\",self.ids.iter().flatten())",
        ),
        (
            param("query", "ids", json!({"style": "form", "explode": true, "schema": strings()})),
            Repeat,
            ".query_each(\"ids\",self.ids.iter().flatten())",
        ),
        (
            param("query", "ids", json!({"style": "pipeDelimited", "explode": true, "schema": strings()})),
            Brackets,
            ".query_each(\"ids[]\",self.ids.iter().flatten())",
        ),
        // Not exploded: one pair, items joined with the style's separator.
        (
            param("query", "ids", json!({"explode": false, "schema": strings()})),
            Brackets,
            ".query_joined(\"ids\",',',self.ids.as_ref())",
        ),
        (
            param("query", "ids", json!({"style": "pipeDelimited", "schema": strings()})),
            Brackets,
            ".query_joined(\"ids\",'|',self.ids.as_ref())",
        ),
        (
            param("query", "ids", json!({"style": "spaceDelimited", "required": true, "schema": strings()})),
            Brackets,
            ".query_joined(\"ids\",' ',Some(&self.ids))",
        ),
        // Objects: exploded form, joined form, deepObject.
        (
            param("query", "filter", json!({"schema": object()})),
            Brackets,
            ".query_exploded(\"filter\",self.filter.as_ref())",
        ),
        (
            param("query", "filter", json!({"explode": false, "schema": object()})),
            Brackets,
            ".query_joined(\"filter\",',',self.filter.as_ref())",
        ),
        (
            param("query", "filter", json!({"style": "deepObject", "explode": true, "schema": object()})),
            Brackets,
            ".query_deep(\"filter\",self.filter.as_ref())",
        ),
        (
            param("query", "filter", json!({"style": "deepObject", "required": true, "schema": object()})),
            Brackets,
            ".query_deep(\"filter\",Some(&self.filter))",
        ),
        (
            param(
                "query",
                "meta",
                json!({"style": "deepObject", "schema": {"type": "object", "additionalProperties": {"type": "string"}}}),
            ),
            Brackets,
            ".query_deep(\"meta\",self.meta.as_ref())",
        ),
        // A scalar is `name=value` in every style.
        (
            param("query", "q", json!({"style": "deepObject", "schema": {"type": "string"}})),
            Brackets,
            ".query_opt(\"q\",self.q.as_ref())",
        ),
        (
            param("query", "q", json!({"explode": false, "schema": {"type": "integer"}})),
            Brackets,
            ".query_opt(\"q\",self.q.as_ref())",
        ),
        // Nested arrays and arrays of objects go through serde; exploded arrays keep the convention.
        (
            param("query", "matrix", json!({"schema": {"type": "array", "items": strings()}})),
            Brackets,
            ".query_exploded(\"matrix[]\",self.matrix.as_ref())",
        ),
        (
            param("query", "matrix", json!({"schema": {"type": "array", "items": strings()}})),
            Repeat,
            ".query_exploded(\"matrix\",self.matrix.as_ref())",
        ),
        (
            param("query", "rows", json!({"style": "deepObject", "schema": {"type": "array", "items": object()}})),
            Brackets,
            ".query_deep(\"rows\",self.rows.as_ref())",
        ),
        // An untyped value too.
        (param("query", "any", json!({"schema": {}})), Brackets, ".query_exploded(\"any\",self.any.as_ref())"),
    ];
    for (p, arrays, expected) in cases {
        let files = things(json!([p.clone()]), arrays);
        let parts = parts_text(file(&files, "src/resources/things.rs"));
        // `compact` drops spaces, including the one of `' '`.
        assert!(parts.contains(&expected.replace(' ', "")), "{p} ({arrays:?}): {expected} not in {parts}");
    }
}

#[test]
fn content_parameters_are_json_text_unless_scalar() {
    let json = |schema: Value| json!({"application/json": {"schema": schema}});
    let cases = [
        (
            param("query", "where", json!({"content": json(object())})),
            ".query_opt(\"where\",self.where_.as_ref().map(crate::runtime::JsonText).as_ref()",
        ),
        (
            param("query", "where", json!({"required": true, "content": json(strings())})),
            ".query(\"where\",&crate::runtime::JsonText(&self.where_))",
        ),
        // A scalar is written as text whatever the media type.
        (
            param("query", "user", json!({"content": json(json!({"type": "string"}))})),
            ".query_opt(\"user\",self.user.as_ref())",
        ),
        (
            param("query", "user", json!({"content": {"*/*": {"schema": {"type": "integer"}}}})),
            ".query_opt(\"user\",self.user.as_ref())",
        ),
        (
            param("header", "X-Where", json!({"content": json(object())})),
            ".header_opt(\"X-Where\",self.x_where.as_ref().map(crate::runtime::JsonText).as_ref()",
        ),
        (
            param("cookie", "prefs", json!({"content": json(object())})),
            ".cookie(\"prefs\",false,self.prefs.as_ref().map(crate::runtime::JsonText).as_ref()",
        ),
    ];
    for (p, expected) in cases {
        let files = things(json!([p.clone()]), QueryArrays::Brackets);
        let parts = parts_text(file(&files, "src/resources/things.rs"));
        assert!(parts.contains(expected), "{p}: {expected} not in {parts}");
    }
    // A path parameter whose content is a JSON array is one encoded segment.
    let s = spec(json!({"/things/{ids}": {"get": op("get_things", "Things", json!({"parameters": [
        param("path", "ids", json!({"required": true, "content": json(strings())}))
    ]}))}}));
    let parts = parts_text(file(&gen_files(&s), "src/resources/things.rs"));
    assert!(parts.contains("crate::runtime::path_segment(&crate::runtime::JsonText(&self.ids))"), "{parts}");
    // Other media types carry scalars only; an empty `content` is an error.
    for (p, pointer, needle) in [
        (
            param("query", "where", json!({"content": {"text/plain": {"schema": object()}}})),
            "#/paths/~1things/get/parameters/0/content/text~1plain/schema",
            "must be a scalar",
        ),
        (param("query", "where", json!({"content": {}})), "#/paths/~1things/get/parameters/0/content", "empty"),
    ] {
        let s = spec(json!({"/things": {"get": op("list_things", "Things", json!({"parameters": [p]}))}}));
        let e = generate(&s, &Config::default()).unwrap_err();
        assert_eq!(e.pointer, pointer, "{e}");
        assert!(e.message.contains(needle), "{e}");
    }
}

#[test]
fn object_parameters_are_typed_structs_as_arguments_or_setters() {
    let files = things(
        json!([
            param("query", "filter", json!({"style": "deepObject", "required": true, "schema": object()})),
            param("query", "page", json!({"schema": {"type": "object", "properties": {"limit": {"type": "integer"}}}}))
        ]),
        QueryArrays::Brackets,
    );
    let src = file(&files, "src/resources/things.rs");
    let args: Vec<String> = find_fn(src, "list_things").unwrap().sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["&self", "filter:crate::types::Filter"]);
    let setter = find_fn(src, "page").expect("setter for the optional object");
    assert_eq!(compact(&setter.sig.inputs), "mutself,value:crate::types::Page");
    let types = file(&files, "src/types.rs");
    let filter = find_struct(types, "Filter").expect("Filter struct");
    assert_eq!(field_names(&filter), ["size", "status", "extra"]);
    assert!(attrs_contain(&filter.attrs, "Serialize"));
}

#[test]
fn header_objects_and_nested_arrays_are_written_through_serde() {
    let cases = [
        (
            param("header", "X-Filter", json!({"schema": object()})),
            ".header_value(\"X-Filter\",false,self.x_filter.as_ref())",
        ),
        (
            param("header", "X-Filter", json!({"explode": true, "required": true, "schema": object()})),
            ".header_value(\"X-Filter\",true,Some(&self.x_filter))",
        ),
        (
            param("header", "X-Matrix", json!({"schema": {"type": "array", "items": strings()}})),
            ".header_value(\"X-Matrix\",false,self.x_matrix.as_ref())",
        ),
        // Arrays of scalars keep the `Display` writer, exploded or not.
        (
            param("header", "X-Ids", json!({"explode": true, "schema": strings()})),
            ".header_list_opt(\"X-Ids\",self.x_ids.as_ref())",
        ),
    ];
    for (p, expected) in cases {
        let files = things(json!([p.clone()]), QueryArrays::Brackets);
        let parts = parts_text(file(&files, "src/resources/things.rs"));
        assert!(parts.contains(expected), "{p}: {expected} not in {parts}");
    }
}

#[test]
fn cookie_parameters_are_arguments_or_setters_sent_in_one_cookie_header() {
    let files = things(
        json!([
            param("cookie", "session", json!({"required": true, "schema": {"type": "string"}})),
            param("query", "q", json!({"schema": {"type": "string"}})),
            param(
                "cookie",
                "theme",
                json!({"schema": {"type": "string", "enum": ["dark", "light"]}, "description": "UI theme."})
            ),
            param("cookie", "ids", json!({"explode": false, "schema": strings()})),
            param("cookie", "prefs", json!({"schema": object()}))
        ]),
        QueryArrays::Brackets,
    );
    let src = file(&files, "src/resources/things.rs");
    let args: Vec<String> = find_fn(src, "list_things").unwrap().sig.inputs.iter().map(compact).collect();
    assert_eq!(args, ["&self", "session:implInto<String>"]);
    for setter in ["theme", "ids", "prefs"] {
        assert!(find_fn(src, setter).is_some(), "setter {setter}");
    }
    let parts = parts_text(src);
    let expected = [
        ".query_opt(\"q\",self.q.as_ref())",
        ".cookie(\"session\",true,Some(&self.session))",
        ".cookie(\"theme\",true,self.theme.as_ref())",
        ".cookie(\"ids\",false,self.ids.as_ref())",
        ".cookie(\"prefs\",true,self.prefs.as_ref())",
    ];
    assert_in_order(&parts, &expected);
    let theme_docs = docs(&find_fn(src, "theme").unwrap().attrs);
    assert!(theme_docs.contains("UI theme.") && theme_docs.contains("Sent as cookie `theme`."), "{theme_docs}");
}

#[test]
fn setter_docs_say_how_the_value_is_written() {
    let files = things(
        json!([
            param("query", "filter", json!({"style": "deepObject", "schema": object()})),
            param("query", "ids", json!({"style": "pipeDelimited", "schema": strings()})),
            param("query", "page", json!({"schema": object()})),
            param("header", "X-Filter", json!({"schema": object()}))
        ]),
        QueryArrays::Brackets,
    );
    let src = file(&files, "src/resources/things.rs");
    for (setter, needle) in [
        ("filter", "Sent as `filter[key]=value` pairs (`deepObject`)."),
        ("ids", "Sent as `ids` with the items joined by `|`."),
        ("page", "an object's properties as `key=value` pairs"),
        ("x_filter", "Sent as header `X-Filter`, keys and values joined with `,`."),
    ] {
        let text = docs(&find_fn(src, setter).unwrap().attrs).replace("\n ", " ");
        assert!(text.contains(needle), "{setter}: {needle:?} not in {text:?}");
    }
}

/// Required parameters are the handle method's arguments: past clippy's limit of seven (with
/// `self`) that one method allows `too_many_arguments`, with a reason; below it nothing is allowed.
#[test]
fn many_required_parameters_allow_too_many_arguments_on_that_method_only() {
    let required = |n: usize| {
        let params: Vec<Value> = (0..n)
            .map(|i| param("query", &format!("p{i}"), json!({"required": true, "schema": {"type": "string"}})))
            .collect();
        let code: String = things(Value::Array(params), QueryArrays::Repeat).into_iter().map(|f| f.contents).collect();
        code.split_whitespace().collect::<String>().matches("#[allow(clippy::too_many_arguments").count()
    };
    assert_eq!(required(6), 0);
    assert_eq!(required(7), 1);
    assert_eq!(required(12), 1);
}

/// A query template in the path key (`/find?q={term}&kind=all`, as some real specs write it):
/// variables become required query parameters under the pair's name — moved from the path
/// parameters, kept when declared as query parameters, strings when declared nowhere — and
/// literal pairs are sent with every request; the path itself loses the template.
#[test]
fn query_templates_in_path_keys_become_query_parameters() {
    let generated = |key: &str, params: Value| {
        let s = spec(json!({key: {"get": op("find", "Things", json!({"parameters": params}))}}));
        let files = generate(&s, &Config::default()).unwrap_or_else(|e| panic!("{key}: {e}"));
        let src = file(&files, "src/resources/things.rs").to_owned();
        let f = find_fn(&src, "find").unwrap_or_else(|| panic!("no fn find\n{src}"));
        let args: Vec<String> = f.sig.inputs.iter().skip(1).map(compact).collect();
        (args, parts_text(&src))
    };
    let int = json!({"type": "integer"});
    let path_param = param("path", "term", json!({"required": true, "schema": int}));
    let cases: Vec<(&str, Value, Vec<&str>, &str)> = vec![
        (
            "/find?q={term}&kind=all",
            json!([path_param]),
            vec!["term:i64"],
            r#"String::from("/find");crate::runtime::RequestParts::new(reqwest::Method::GET,path).route("/find").query("kind",&"all").query("q",&self.term)"#,
        ),
        (
            "/find?q={q}",
            json!([param("query", "q", json!({"schema": int}))]),
            vec![],
            r#"String::from("/find");crate::runtime::RequestParts::new(reqwest::Method::GET,path).route("/find").query_opt("q",self.q.as_ref())"#,
        ),
        (
            "/find/{id}?since={since}&",
            json!([param("path", "id", json!({"required": true, "schema": int}))]),
            vec!["id:i64", "since:implInto<String>"],
            r#".query("since",&self.since)"#,
        ),
        (
            "/find?ids={ids}",
            json!([param("path", "ids", json!({"required": true, "schema": {"type": "array", "items": int}}))]),
            vec!["ids:Vec<i64>"],
            r#".query_joined("ids",',',Some(&self.ids))"#,
        ),
    ];
    for (key, params, args, parts) in cases {
        let (got_args, got_parts) = generated(key, params);
        assert_eq!(got_args, args, "{key}");
        assert!(got_parts.contains(parts), "{key}: {parts} not in {got_parts}");
    }
    // Templates that are not `name={variable}` or `name=value` pairs are located errors.
    for (key, needle) in [
        ("/find?{kind}=1", "its name must be literal"),
        ("/find?q=a{term}", "a variable must be the whole value"),
        ("/find/{term}?q={term}", "its variable is also a path segment"),
    ] {
        let params = json!([param("path", "term", json!({"required": true, "schema": int}))]);
        let s = spec(json!({key: {"get": op("find", "Things", json!({"parameters": params}))}}));
        let e = generate(&s, &Config::default()).unwrap_err();
        assert!(e.message.contains(needle), "{key}: {e}");
        assert_eq!(e.pointer, format!("#/paths/{}/get", key.replace('/', "~1")), "{key}");
    }
}
