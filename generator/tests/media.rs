//! Media types, lowered and emitted: every request body form (JSON and its subtypes,
//! form-encoded, multipart, text, bytes, several at once, none), multipart form types, every
//! kind of success response, documented response headers, and located errors for what is not
//! supported. Each case is a small inline spec; the emitted code is inspected with syn. Keys
//! of the inline specs are in name order, so they read the same with and without serde_json's
//! `preserve_order` (on in workspace builds).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use generator::{Config, generate};
use serde_json::{Value, json};

/// `POST /things` (`do_it`, tag `Things`) with `extra` fields; the generated resource module.
fn things(extra: Value) -> String {
    let files = gen_files(&spec(json!({"/things": {"post": op("do_it", "Things", extra)}})));
    file(&files, "src/resources/things.rs").to_owned()
}

/// `things` with a request body of these media types (all with `schema`), required.
fn with_body(content: Value) -> String {
    things(json!({"requestBody": {"required": true, "content": content}}))
}

fn object() -> Value {
    json!({"type": "object", "properties": {"name": {"type": "string"}}})
}

/// The argument list of a function, compacted (`body:implInto<String>`).
fn args(src: &str, name: &str) -> Vec<String> {
    let f = find_fn(src, name).unwrap_or_else(|| panic!("no fn {name}\n{src}"));
    f.sig.inputs.iter().skip(1).map(compact).collect()
}

/// Function `name` of the `impl` block of type `owner`.
fn impl_fn(src: &str, owner: &str, name: &str) -> syn::ImplItemFn {
    items(src)
        .into_iter()
        .filter_map(|i| match i {
            syn::Item::Impl(im) if compact(&im.self_ty) == owner && im.trait_.is_none() => Some(im),
            _ => None,
        })
        .flat_map(|im| im.items)
        .find_map(|ii| match ii {
            syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {owner}::{name}\n{src}"))
}

/// The compact text of function `name`, without the trailing commas prettyplease adds to
/// argument lists it breaks over lines.
fn fn_text(src: &str, name: &str) -> String {
    compact(&find_fn(src, name).unwrap_or_else(|| panic!("no fn {name}\n{src}"))).replace(",)", ")")
}

/// The handle methods of `src` (functions of the first impl block) in order.
fn handle_methods(src: &str) -> Vec<String> {
    items(src)
        .into_iter()
        .find_map(|i| match i {
            syn::Item::Impl(im) => Some(
                im.items
                    .into_iter()
                    .filter_map(|ii| match ii {
                        syn::ImplItem::Fn(f) if f.sig.ident != "new" => Some(f.sig.ident.to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn each_request_media_type_has_its_body_form() {
    // (content, body argument, how the handle method stores it)
    let cases = [
        (json!({"application/json": {"schema": object()}}), "body:crate::types::DoItBody", "body"),
        (
            json!({"application/jsonc": {"schema": object()}}),
            "body:crate::types::DoItBody",
            "body:crate::runtime::RequestBody::json(\"application/jsonc\",&body)",
        ),
        (
            json!({"application/problem+json": {"schema": object()}}),
            "body:crate::types::DoItBody",
            "body:crate::runtime::RequestBody::json(\"application/problem+json\",&body)",
        ),
        (json!({"application/json": {}}), "body:serde_json::Value", "body"),
        (
            json!({"text/markdown": {"schema": {"type": "string"}}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"text/markdown\",body)",
        ),
        (
            json!({"application/xml": {"schema": object()}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"application/xml\",body)",
        ),
        (
            json!({"text/xml": {"schema": {"not": {}}}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"text/xml\",body)",
        ),
        (
            json!({"application/javascript": {}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"application/javascript\",body)",
        ),
        (
            json!({"image/png": {"schema": {"type": "string", "format": "binary"}}}),
            "body:implInto<crate::Bytes>",
            "body:crate::runtime::RequestBody::bytes(\"image/png\",body)",
        ),
        (
            json!({"application/pdf": {}}),
            "body:implInto<crate::Bytes>",
            "body:crate::runtime::RequestBody::bytes(\"application/pdf\",body)",
        ),
        (
            json!({"image/*": {}}),
            "body:implInto<crate::Bytes>",
            "body:crate::runtime::RequestBody::bytes(\"application/octet-stream\",body)",
        ),
        (
            json!({"application/x-www-form-urlencoded": {"schema": object()}}),
            "body:crate::types::DoItBody",
            "body:crate::runtime::RequestBody::form(&body)",
        ),
        (
            json!({"application/x-www-form-urlencoded": {}}),
            "body:std::collections::BTreeMap<String,serde_json::Value>",
            "body:crate::runtime::RequestBody::form(&body)",
        ),
        // A form whose schema is not an object has no fields: the caller's encoded text.
        (
            json!({"application/x-www-form-urlencoded": {"schema": {"type": "array", "items": {"type": "string"}}}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"application/x-www-form-urlencoded\",body)",
        ),
        (
            json!({"application/x-www-form-urlencoded": {"schema": {"type": "string"}}}),
            "body:implInto<String>",
            "body:crate::runtime::RequestBody::text(\"application/x-www-form-urlencoded\",body)",
        ),
        (
            json!({"multipart/form-data": {"schema": object()}}),
            "body:DoItMultipart",
            "body:crate::runtime::RequestBody::multipart(body)",
        ),
        (
            json!({"multipart/form-data": {"schema": {"type": "object"}}}),
            "body:crate::Multipart",
            "body:crate::runtime::RequestBody::multipart(body)",
        ),
    ];
    for (content, arg, init) in cases {
        let src = with_body(content.clone());
        assert_eq!(args(&src, "do_it"), [arg], "{content}");
        assert!(fn_text(&src, "do_it").contains(init), "{content}: {}", fn_text(&src, "do_it"));
        let parts = fn_text(&src, "parts");
        let expected = if init == "body" { ".json(Some(&self.body))" } else { ".body(self.body.clone())" };
        assert!(parts.contains(expected), "{content}: {parts}");
    }
}

#[test]
fn an_empty_content_map_is_no_body() {
    let src = things(json!({"requestBody": {"required": true, "content": {}}}));
    assert!(args(&src, "do_it").is_empty());
    let builder = find_struct(&src, "DoItRequest").unwrap();
    assert!(!field_names(&builder).contains(&"body".to_owned()));
}

#[test]
fn several_media_types_prefer_json_and_offer_the_others_as_methods() {
    let cases = [
        (
            json!({"multipart/form-data": {"schema": object()}, "application/json": {"schema": object()}}),
            vec!["do_it", "do_it_multipart"],
        ),
        (
            json!({"application/json": {"schema": object()}, "application/jsonc": {"schema": object()}}),
            vec!["do_it", "do_it_jsonc"],
        ),
        // Typed forms before text, text before bytes, whatever the order in the spec.
        (json!({"application/octet-stream": {}, "text/plain": {}}), vec!["do_it", "do_it_bytes"]),
        (json!({"application/octet-stream": {}, "multipart/form-data": {}}), vec!["do_it", "do_it_bytes"]),
        (
            json!({"application/x-www-form-urlencoded": {"schema": object()}, "application/vnd.api+json": {"schema": object()}}),
            vec!["do_it", "do_it_form"],
        ),
        (
            json!({"application/json": {"schema": object()}, "application/xml": {}, "text/xml": {}}),
            vec!["do_it", "do_it_xml", "do_it_xml_2"],
        ),
        // A multipart type other than form-data is skipped beside a supported form.
        (json!({"multipart/mixed": {}, "text/plain": {}}), vec!["do_it"]),
    ];
    for (content, methods) in cases {
        let src = with_body(content.clone());
        assert_eq!(handle_methods(&src), methods, "{content}");
    }
    let src = with_body(json!({"multipart/form-data": {"schema": object()}, "application/json": {"schema": object()}}));
    assert_eq!(args(&src, "do_it"), ["body:crate::types::DoItBody"]);
    assert_eq!(args(&src, "do_it_multipart"), ["body:DoItMultipart"]);
    // Both forms share the builder, which stores the encoded body.
    let builder = find_struct(&src, "DoItRequest").unwrap();
    assert_eq!(field(&builder, "body").unwrap().0, "crate :: runtime :: RequestBody");
    let docs = docs(&find_fn(&src, "do_it").unwrap().attrs);
    assert!(
        docs.contains("The body can also be sent as `multipart/form-data` with [`Self::do_it_multipart`]."),
        "{docs}"
    );
}

#[test]
fn optional_bodies_are_setters_and_alternatives_still_methods() {
    let src = things(json!({"requestBody": {"content": {"text/plain": {}, "image/png": {}}}}));
    assert!(args(&src, "do_it").is_empty());
    assert_eq!(args(&src, "body"), ["body:implInto<String>"]);
    assert!(fn_text(&src, "body").contains("self.body=Some(crate::runtime::RequestBody::text(\"text/plain\",body))"));
    assert_eq!(args(&src, "do_it_png"), ["body:implInto<crate::Bytes>"]);
    assert!(fn_text(&src, "do_it_png").contains("body:Some(crate::runtime::RequestBody::bytes(\"image/png\",body))"));
    assert!(fn_text(&src, "parts").contains(".body_opt(self.body.clone())"));
}

#[test]
fn a_content_type_header_parameter_never_becomes_an_argument_or_setter() {
    let src = things(json!({
        "parameters": [{"name": "Content-Type", "in": "header", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"text/markdown": {}}}
    }));
    assert_eq!(args(&src, "do_it"), ["body:implInto<String>"]);
    assert!(find_fn(&src, "content_type").is_none());
    assert!(!fn_text(&src, "parts").contains("header"), "{}", fn_text(&src, "parts"));
}

#[test]
fn multipart_forms_get_a_typed_field_per_part() {
    let src = with_body(json!({"multipart/form-data": {
        "schema": {"type": "object", "required": ["title", "file", "new"], "properties": {
            "blob": {"nullable": true},
            "count": {"type": "integer"},
            "extras": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "file": {"type": "string", "format": "binary"},
            "meta": {"type": "object", "properties": {"k": {"type": "string"}}},
            "mode": {"type": "string", "enum": ["a", "b"]},
            "new": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "title": {"type": "string", "description": "Shown in lists."}
        }},
        "encoding": {"file": {"contentType": "image/png, image/jpeg"}, "meta": {"contentType": "application/vnd.meta+json"}}
    }}));
    let form = find_struct(&src, "DoItMultipart").expect("form type");
    let types: Vec<(String, String)> =
        field_names(&form).into_iter().map(|n| (n.clone(), field(&form, &n).unwrap().0.replace(' ', ""))).collect();
    let expected = [
        ("blob", "Option<crate::FilePart>"),
        ("count", "Option<i64>"),
        ("extras", "Option<Vec<crate::FilePart>>"),
        ("file", "crate::FilePart"),
        ("meta", "Option<crate::types::ItMeta>"),
        ("mode", "Option<crate::types::Mode>"),
        ("new", "bool"),
        ("tags", "Option<Vec<String>>"),
        ("title", "String"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(types, expected);
    let new = impl_fn(&src, "DoItMultipart", "new");
    let new_args: Vec<String> = new.sig.inputs.iter().map(compact).collect();
    assert_eq!(new_args, ["file:crate::FilePart", "new:bool", "title:implInto<String>"]);
    // A part named `new` gets its setter under another name (here it is required: no setter).
    assert_eq!(args(&src, "tags"), ["value:implIntoIterator<Item=implInto<String>>"]);
    let from = fn_text(&src, "from");
    for call in [
        ".file_fields(\"extras\",form.extras.unwrap_or_default(),None)",
        ".file_field(\"file\",form.file,Some(\"image/png\"))",
        ".file_field_opt(\"blob\",form.blob,None)",
        ".json_field_opt(\"meta\",form.meta.as_ref(),Some(\"application/vnd.meta+json\"))",
        ".text_field_opt(\"mode\",form.mode.as_ref(),None)",
        ".text_field(\"new\",&form.new,None)",
        ".text_fields(\"tags\",form.tags.iter().flatten(),None)",
        ".text_field(\"title\",&form.title,None)",
    ] {
        assert!(from.contains(call), "{call} not in {from}");
    }
    let title = form.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == "title")).unwrap();
    assert_eq!(docs(&title.attrs), " Shown in lists.\n\n Sent as part `title`.");
}

#[test]
fn a_part_named_new_gets_a_setter_that_does_not_clash() {
    let src = with_body(
        json!({"multipart/form-data": {"schema": {"type": "object", "properties": {"new": {"type": "string"}}}}}),
    );
    let setter = impl_fn(&src, "DoItMultipart", "set_new");
    assert!(compact(&setter.block).contains("self.new=Some(value.into())"), "{}", compact(&setter.block));
    assert!(derives(&src, "DoItMultipart").contains("Default"), "no required part: Default");
}

fn derives(src: &str, name: &str) -> String {
    let s = find_struct(src, name).unwrap();
    s.attrs.iter().map(compact).collect::<Vec<_>>().join(" ")
}

/// `GET /things` (`get_it`) with `responses`; the generated resource module.
fn responding(responses: Value) -> String {
    let files = gen_files(&spec(json!({"/things": {"get": op("get_it", "Things", json!({"responses": responses}))}})));
    file(&files, "src/resources/things.rs").to_owned()
}

fn ok(media: &str, schema: Option<Value>) -> Value {
    let mt = match schema {
        Some(s) => json!({"schema": s}),
        None => json!({}),
    };
    json!({"200": {"description": "ok", "content": {media: mt}}})
}

#[test]
fn each_success_response_has_its_send() {
    // (responses, send's return type, its runtime call, the Accept it asks for)
    let string = Some(json!({"type": "string"}));
    let cases = [
        (
            ok("text/plain", string.clone()),
            "String",
            "execute_as(self.parts(),crate::resources::no_documented_errors,crate::runtime::text",
            Some("text/plain"),
        ),
        (ok("text/plain", Some(json!({"type": "boolean"}))), "bool", "crate::runtime::text_value", Some("text/plain")),
        (ok("text/plain", Some(json!({"type": "integer"}))), "i64", "crate::runtime::text_value", Some("text/plain")),
        (ok("text/plain", Some(json!({"type": "number"}))), "f64", "crate::runtime::text_value", Some("text/plain")),
        (ok("text/markdown", None), "String", "crate::runtime::text", Some("text/markdown")),
        (ok("application/xml", Some(object())), "String", "crate::runtime::text", Some("application/xml")),
        // XML is never typed: a schema the generator rejects elsewhere does not matter here.
        (ok("application/xml", Some(json!({"not": {}}))), "String", "crate::runtime::text", Some("application/xml")),
        (ok("text/xml", Some(json!({"type": "boolean"}))), "String", "crate::runtime::text", Some("text/xml")),
        (ok("application/javascript", None), "String", "crate::runtime::text", Some("application/javascript")),
        (
            ok("image/png", Some(json!({"type": "string", "format": "binary"}))),
            "crate::Binary",
            "crate::runtime::binary",
            Some("image/png"),
        ),
        (ok("*/*", None), "crate::Binary", "crate::runtime::binary", Some("*/*")),
        (
            ok("text/event-stream", Some(json!({"nullable": true}))),
            "crate::EventStream<String>",
            "execute_events(self.parts(),crate::resources::no_documented_errors,crate::runtime::data_text",
            Some("text/event-stream"),
        ),
        (
            ok("text/event-stream", Some(object())),
            "crate::EventStream<crate::types::GetItResponse>",
            "crate::runtime::data_json",
            Some("text/event-stream"),
        ),
        (ok("application/json", None), "serde_json::Value", "execute(self.parts()", None),
        (ok("application/vnd.api+json", Some(object())), "crate::types::GetItResponse", "execute(self.parts()", None),
        (
            json!({"200": {"description": "ok", "content": {"text/plain": {}, "application/json": {"schema": object()}}}}),
            "crate::types::GetItResponse",
            "execute(self.parts()",
            None,
        ),
        (
            json!({"200": {"description": "no body"}, "201": {"description": "made", "content": {"application/json": {"schema": object()}}}}),
            "crate::types::GetItResponse",
            "execute(self.parts()",
            None,
        ),
        (json!({"204": {"description": "done"}}), "()", "execute_unit(self.parts()", None),
        (json!({"200": {"description": "done", "content": {}}}), "()", "execute_unit(self.parts()", None),
        (json!({}), "crate::RawResponse", "execute_documented(self.parts()", None),
        (json!({"302": {"description": "elsewhere"}}), "crate::RawResponse", "execute_documented(self.parts()", None),
        (json!({"default": {"description": "any"}}), "crate::RawResponse", "execute_documented(self.parts()", None),
    ];
    for (responses, returns, call, accept) in cases {
        let src = responding(responses.clone());
        let send = find_fn(&src, "send").unwrap();
        let output = compact(&send.sig.output);
        assert_eq!(output, format!("->Result<{returns},crate::Error>"), "{responses}");
        assert!(compact(&send.block).contains(call), "{responses}: {}", compact(&send.block));
        let parts = fn_text(&src, "parts");
        match accept {
            Some(media) => assert!(parts.contains(&format!(".accept(\"{media}\")")), "{responses}: {parts}"),
            None => assert!(!parts.contains(".accept("), "{responses}: {parts}"),
        }
    }
}

#[test]
fn the_method_docs_say_what_send_returns() {
    let cases = [
        (ok("text/plain", None), "(returns the response text, `text/plain`)"),
        (ok("text/plain", Some(json!({"type": "boolean"}))), "(returns a boolean parsed from the response text)"),
        (ok("image/png", None), "as [`Binary`](crate::Binary)"),
        (ok("text/event-stream", None), "server-sent events with text data"),
        (json!({}), "(returns the raw response: the API documents no response body)"),
    ];
    for (responses, needle) in cases {
        let src = responding(responses);
        let text = docs(&find_fn(&src, "get_it").unwrap().attrs);
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn documented_response_headers_are_a_typed_struct() {
    let src = responding(json!({"200": {
        "description": "ok",
        "headers": {
            "Content-Type": {"schema": {"type": "string"}},
            "X-Blob": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
            "X-Count": {"required": true, "schema": {"type": "integer"}},
            "X-Tags": {"schema": {"type": "array", "items": {"type": "string"}}},
            "x-imt-package-name": {"description": "The name.", "schema": {"type": "string"}}
        },
        "content": {"text/plain": {}}
    }}));
    let headers = find_struct(&src, "GetItHeaders").expect("headers type");
    let fields: Vec<(String, String)> = field_names(&headers)
        .into_iter()
        .map(|n| (n.clone(), field(&headers, &n).unwrap().0.replace(' ', "")))
        .collect();
    let expected = [
        ("x_blob", "Option<String>"),
        ("x_count", "Option<i64>"),
        ("x_tags", "Option<Vec<String>>"),
        ("x_imt_package_name", "Option<String>"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(fields, expected);
    let read = fn_text(&src, "read");
    assert!(read.contains("x_tags:crate::runtime::header_list(status,headers,\"x-tags\")?"), "{read}");
    assert!(read.contains("x_count:crate::runtime::header(status,headers,\"x-count\")?"), "{read}");
    let with_headers = find_fn(&src, "send_with_headers").expect("send_with_headers");
    assert_eq!(compact(&with_headers.sig.output), "->Result<(String,GetItHeaders),crate::Error>");
    assert!(compact(&with_headers.block).contains("crate::runtime::text,GetItHeaders::read"));

    let plain = responding(ok("text/plain", None));
    assert!(find_fn(&plain, "send_with_headers").is_none());
    assert!(find_struct(&plain, "GetItHeaders").is_none());
}

#[test]
fn header_references_resolve() {
    let mut s = spec(json!({"/things": {"get": op("get_it", "Things", json!({"responses": {"200": {
        "description": "ok", "headers": {"X-Ref": {"$ref": "#/components/headers/Limit"}}
    }}}))}}));
    s.components = serde_json::from_value(json!({"headers": {"Limit": {"schema": {"type": "number"}}}})).unwrap();
    let files = gen_files(&s);
    let src = file(&files, "src/resources/things.rs");
    let headers = find_struct(src, "GetItHeaders").unwrap();
    assert_eq!(field(&headers, "x_ref").unwrap().0.replace(' ', ""), "Option<f64>");
    let send = find_fn(src, "send_with_headers").unwrap();
    assert!(compact(&send.block).contains("crate::runtime::unit"), "{}", compact(&send.block));
}

#[test]
fn unsupported_bodies_are_located_errors() {
    let cases = [(
        json!({"multipart/mixed": {}, "multipart/related": {}}),
        "#/paths/~1things/post/requestBody/content",
        "multipart/mixed, multipart/related",
    )];
    for (content, pointer, needle) in cases {
        let s = spec(json!({"/things": {"post": op("do_it", "Things", json!({"requestBody": {"content": content}}))}}));
        let error = generate(&s, &Config::default()).unwrap_err();
        assert_eq!(error.pointer, pointer, "{error}");
        assert!(error.message.contains(needle), "{needle:?} not in {error}");
    }
}

#[test]
fn an_alternative_method_may_not_clash_with_another_operation() {
    let s = spec(json!({
        "/a": {"post": op("upload", "Things", json!({"requestBody": {"required": true, "content": {
            "application/json": {"schema": object()}, "multipart/form-data": {"schema": object()}
        }}}))},
        "/b": {"post": op("upload_multipart", "Things", json!({}))}
    }));
    let error = generate(&s, &Config::default()).unwrap_err();
    assert!(error.message.contains("`upload_multipart` is used twice"), "{error}");
}
