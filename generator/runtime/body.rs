//! Request bodies in every documented form: JSON (any JSON media type), text, bytes,
//! `application/x-www-form-urlencoded` and `multipart/form-data` (text fields and file parts),
//! each sent with the content type of the form chosen.

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;

use super::error::Error;
use super::request::RequestParts;

/// Bytes kept literal by the `application/x-www-form-urlencoded` serializer (WHATWG URL
/// standard): ASCII alphanumerics and `*-._`; a space becomes `+`, everything else `%XX`.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// The content type of a form-encoded body.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A request body of a generated operation or of [`RawRequest`](super::RawRequest).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RequestBody {
    /// A JSON document sent with `content_type` (`application/json`, `application/jsonc`,
    /// `application/problem+json`, …).
    Json {
        content_type: String,
        value: serde_json::Value,
    },
    /// Text (`text/*`, XML, JavaScript, …) sent as UTF-8 with `content_type`.
    Text { content_type: String, text: String },
    /// Bytes (`image/png`, `application/octet-stream`, …) sent as they are with `content_type`.
    Bytes { content_type: String, bytes: Bytes },
    /// `application/x-www-form-urlencoded` name/value pairs, in order.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts, in order.
    Multipart(Multipart),
}

// Constructors for generated operations; a spec without some body form leaves them unused.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every body form"
)]
impl RequestBody {
    /// `value` as JSON sent with `content_type`. Serializing a generated type to a `Value` cannot
    /// fail (string map keys, no custom serializers), so the `Null` fallback is never taken.
    pub(crate) fn json(content_type: &str, value: &impl Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        RequestBody::Json {
            content_type: content_type.to_owned(),
            value,
        }
    }

    /// `text` sent with `content_type`.
    pub(crate) fn text(content_type: &str, text: impl Into<String>) -> Self {
        RequestBody::Text {
            content_type: content_type.to_owned(),
            text: text.into(),
        }
    }

    /// `bytes` sent with `content_type`.
    pub(crate) fn bytes(content_type: &str, bytes: impl Into<Bytes>) -> Self {
        RequestBody::Bytes {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        }
    }

    /// The fields of `value` form-encoded; see [`form_pairs`] for how values are written.
    pub(crate) fn form(value: &impl Serialize) -> Self {
        RequestBody::Form(form_pairs(
            &serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
        ))
    }

    /// A `multipart/form-data` body (from a generated form type or a hand-built [`Multipart`]).
    pub(crate) fn multipart(form: impl Into<Multipart>) -> Self {
        RequestBody::Multipart(form.into())
    }

    /// The body as it goes on the wire: bytes with their content type, or multipart parts (a
    /// multipart body is rebuilt for every attempt, since a sent form is consumed).
    pub(crate) fn encode(&self) -> Result<WireBody, Error> {
        let (content_type, bytes) = match self {
            RequestBody::Json {
                content_type,
                value,
            } => (
                content_type.as_str(),
                Bytes::from(serde_json::to_vec(value).map_err(Error::Encode)?),
            ),
            RequestBody::Text { content_type, text } => {
                (content_type.as_str(), Bytes::from(text.clone()))
            }
            RequestBody::Bytes {
                content_type,
                bytes,
            } => (content_type.as_str(), bytes.clone()),
            RequestBody::Form(pairs) => (FORM_CONTENT_TYPE, Bytes::from(encode_form(pairs))),
            RequestBody::Multipart(form) => {
                // Fails early (a content type that is not a MIME type) instead of at send time.
                form.to_form()?;
                return Ok(WireBody::Multipart(form.clone()));
            }
        };
        let content_type = HeaderValue::from_str(content_type).map_err(|_| {
            Error::config(format!(
                "`{}` is not a valid content type",
                content_type.escape_debug()
            ))
        })?;
        Ok(WireBody::Fixed {
            content_type,
            bytes,
        })
    }
}

// Builder methods for generated `parts()` functions.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every body form"
)]
impl RequestParts {
    /// Sets the request body.
    pub(crate) fn body(mut self, body: RequestBody) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets the request body if there is one.
    pub(crate) fn body_opt(mut self, body: Option<RequestBody>) -> Self {
        self.body = body;
        self
    }
}

/// A body ready to send.
#[derive(Clone, Debug)]
pub(crate) enum WireBody {
    /// Bytes and the `Content-Type` they are sent with (unless the request sets its own).
    Fixed {
        content_type: HeaderValue,
        bytes: Bytes,
    },
    /// A multipart form; reqwest writes its `Content-Type` with the boundary.
    Multipart(Multipart),
}

/// The name/value pairs of a form-encoded body, from the JSON form of a value.
///
/// An object gives one pair per field, in name order (whatever the map's order, so the body is
/// the same for the same value): `null` fields are left out, strings are sent as they are,
/// numbers and booleans as their JSON text, an array sends one pair per item (`ids=1&ids=2`),
/// and objects (and arrays inside arrays) are sent as JSON text. A list of `[name, value]`
/// pairs (`&[("a", "1"), ("b", "2")]`) gives those pairs in order. Anything else gives none.
pub(crate) fn form_pairs(value: &serde_json::Value) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    match value {
        serde_json::Value::Object(fields) => {
            let mut fields: Vec<(&String, &serde_json::Value)> = fields.iter().collect();
            fields.sort_by(|a, b| a.0.cmp(b.0));
            for (name, value) in fields {
                match value {
                    serde_json::Value::Array(items) => {
                        pairs.extend(
                            items
                                .iter()
                                .filter_map(form_text)
                                .map(|text| (name.clone(), text)),
                        );
                    }
                    other => pairs.extend(form_text(other).map(|text| (name.clone(), text))),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                if let Some([serde_json::Value::String(name), value]) =
                    item.as_array().map(Vec::as_slice)
                {
                    pairs.extend(form_text(value).map(|text| (name.clone(), text)));
                }
            }
        }
        _ => {}
    }
    pairs
}

/// The text of one form value (`None` for `null`).
fn form_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// `name=value&…` in the `application/x-www-form-urlencoded` serialization.
pub(crate) fn encode_form(pairs: &[(String, String)]) -> String {
    let encode = |text: &str| {
        utf8_percent_encode(text, FORM)
            .to_string()
            .replace("%20", "+")
    };
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect();
    encoded.join("&")
}

/// A file (or any binary part) of a `multipart/form-data` body: its bytes, and optionally the
/// file name and content type sent with it.
///
/// ```
/// # use make_com_api::FilePart;
/// let logo = FilePart::new(vec![0x89, b'P', b'N', b'G']).file_name("logo.png").content_type("image/png");
/// # let _ = logo;
/// ```
///
/// Without a file name the part's name is sent as its file name, so servers treat the part as
/// a file upload; without a content type the one the API documents for the part is sent, else
/// `application/octet-stream`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes` (a `Vec<u8>`, `&'static [u8]`, `String` or [`Bytes`]).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's `Content-Type`, e.g. `image/png`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The part's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// One part of a [`Multipart`] body.
#[derive(Clone, Debug, PartialEq)]
enum PartValue {
    /// A text field, with the content type the API documents for it (if any).
    Text {
        text: String,
        content_type: Option<String>,
    },
    /// A file, with the content type sent when the file sets none.
    File {
        file: FilePart,
        default_content_type: Option<String>,
    },
}

/// A `multipart/form-data` request body: text fields and file parts, sent in the order added.
///
/// Operations whose body the API documents as `multipart/form-data` take a generated form type
/// with one field per documented part (convertible into `Multipart`); build one by hand for
/// [`RawRequest::multipart`](super::RawRequest::multipart) or for a form the API leaves untyped:
///
/// ```
/// # use make_com_api::{FilePart, Multipart};
/// let form = Multipart::new()
///     .text("agentId", "123e4567-e89b-12d3-a456-426614174000")
///     .file("file", FilePart::new("hello").file_name("notes.txt").content_type("text/plain"));
/// # let _ = form;
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Multipart {
    parts: Vec<(String, PartValue)>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds the text field `name`.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push((
            name.into(),
            PartValue::Text {
                text: value.into(),
                content_type: None,
            },
        ));
        self
    }

    /// Adds the file part `name`.
    #[must_use]
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.parts.push((
            name.into(),
            PartValue::File {
                file,
                default_content_type: None,
            },
        ));
        self
    }

    /// The number of parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The reqwest form for one attempt.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            let part = match value {
                PartValue::Text { text, content_type } => {
                    let part = reqwest::multipart::Part::text(text.clone());
                    match content_type {
                        Some(content_type) => with_mime(part, content_type)?,
                        None => part,
                    }
                }
                PartValue::File {
                    file,
                    default_content_type,
                } => {
                    let length = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                    let body = reqwest::Body::from(file.bytes.clone());
                    let part = reqwest::multipart::Part::stream_with_length(body, length)
                        .file_name(file.file_name.clone().unwrap_or_else(|| name.clone()));
                    let content_type = file
                        .content_type
                        .as_deref()
                        .or(default_content_type.as_deref())
                        .unwrap_or("application/octet-stream");
                    with_mime(part, content_type)?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// `part` with `Content-Type: content_type`; an invalid MIME type is an [`Error::Config`].
fn with_mime(
    part: reqwest::multipart::Part,
    content_type: &str,
) -> Result<reqwest::multipart::Part, Error> {
    part.mime_str(content_type).map_err(|_| {
        Error::config(format!(
            "`{}` is not a valid content type for a multipart part",
            content_type.escape_debug()
        ))
    })
}

// Part builders for the `From<generated form> for Multipart` impls: `_opt` variants skip unset
// fields, list variants add one part per item, `content_type` is the one the API documents.
#[allow(
    dead_code,
    reason = "called by generated form types; a spec may not need every kind of part"
)]
impl Multipart {
    /// A text field from a scalar (string, number, boolean, enum).
    pub(crate) fn text_field(
        mut self,
        name: &str,
        value: &impl ToString,
        content_type: Option<&str>,
    ) -> Self {
        let content_type = content_type.map(str::to_owned);
        self.parts.push((
            name.to_owned(),
            PartValue::Text {
                text: value.to_string(),
                content_type,
            },
        ));
        self
    }

    /// [`Multipart::text_field`] if the value is set.
    pub(crate) fn text_field_opt(
        self,
        name: &str,
        value: Option<&impl ToString>,
        content_type: Option<&str>,
    ) -> Self {
        match value {
            Some(value) => self.text_field(name, value, content_type),
            None => self,
        }
    }

    /// One text field per item.
    pub(crate) fn text_fields<V: ToString>(
        self,
        name: &str,
        values: impl IntoIterator<Item = V>,
        content_type: Option<&str>,
    ) -> Self {
        values.into_iter().fold(self, |form, value| {
            form.text_field(name, &value, content_type)
        })
    }

    /// A field holding the JSON text of `value` (objects, maps, untyped values), sent as
    /// `application/json` unless the API documents another content type.
    pub(crate) fn json_field(
        self,
        name: &str,
        value: &impl Serialize,
        content_type: Option<&str>,
    ) -> Self {
        // Serializing a generated type cannot fail (see `RequestBody::json`).
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.text_field(
            name,
            &text,
            Some(content_type.unwrap_or("application/json")),
        )
    }

    /// [`Multipart::json_field`] if the value is set.
    pub(crate) fn json_field_opt(
        self,
        name: &str,
        value: Option<&impl Serialize>,
        content_type: Option<&str>,
    ) -> Self {
        match value {
            Some(value) => self.json_field(name, value, content_type),
            None => self,
        }
    }

    /// A file part; `content_type` is sent when the file sets none.
    pub(crate) fn file_field(
        mut self,
        name: &str,
        file: FilePart,
        content_type: Option<&str>,
    ) -> Self {
        let default_content_type = content_type.map(str::to_owned);
        self.parts.push((
            name.to_owned(),
            PartValue::File {
                file,
                default_content_type,
            },
        ));
        self
    }

    /// [`Multipart::file_field`] if the file is set.
    pub(crate) fn file_field_opt(
        self,
        name: &str,
        file: Option<FilePart>,
        content_type: Option<&str>,
    ) -> Self {
        match file {
            Some(file) => self.file_field(name, file, content_type),
            None => self,
        }
    }

    /// One file part per file.
    pub(crate) fn file_fields(
        self,
        name: &str,
        files: Vec<FilePart>,
        content_type: Option<&str>,
    ) -> Self {
        files
            .into_iter()
            .fold(self, |form, file| form.file_field(name, file, content_type))
    }
}
