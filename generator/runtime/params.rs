//! Query, header, cookie and path parameters of any shape (objects, maps, unions, nested arrays),
//! written per OpenAPI 3.0's `style` and `explode`: the value is serialized with serde (so
//! objects keep their declared property order) and flattened into `name=value` pairs.
//!
//! Scalars are written as text like `Display` writes them (strings as is, `true`, `42`, `1.5`,
//! `-2` for `-2.0`); `null` values and unset properties are left out. The rules, for a parameter `name`:
//!
//! - exploded `form` (`query_exploded`): an object's properties become pairs of their own
//!   (`a=1&b=2`); an array gives one `name=item` pair per item; a nested object is written as
//!   `key[sub]=value` and a nested array's items (or object) as one pair, joined with `,`;
//! - joined (`query_joined`, `form`/`pipeDelimited`/`spaceDelimited` without `explode`): one pair
//!   whose value is every array item, or every key and value of an object, joined with the
//!   separator (`name=a,b`, `name=k1,v1,k2,v2`);
//! - `deepObject` (`query_deep`): `name[key]=value`, nested as `name[a][b]=value`; arrays of
//!   scalars as `name[key][]=item`, other arrays by index (`name[key][0][x]=value`);
//! - headers (`header_value`, `style: simple`): the joined form with `,`; exploded objects as
//!   `k1=v1,k2=v2`;
//! - path parameters (`path_styled`, for arrays, objects and the `label`/`matrix` styles; a
//!   `simple` scalar is just its text): `simple` `a,b`, `label` `.a,b` (exploded `.a.b`),
//!   `matrix` `;name=a,b` (exploded `;name=a;name=b`), objects as keys and values (exploded
//!   `k=v` items), everything but the separators percent-encoded;
//! - cookies (`cookie`): the pairs of exploded `form` (or the joined form without `explode`), all
//!   in one `Cookie` header as `name=value; other=value`, names and values percent-encoded.
//!
//! Separators inside query values are percent-encoded like the rest of the value (`a%2Cb`);
//! servers decode the query before splitting it.

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::request::{RequestParts, VALUE, encode_path_segment};

/// A serialized parameter value, in the order serde wrote it.
enum Node {
    /// `null`, or a value that could not be serialized.
    Null,
    /// A string, number or boolean as text.
    Text(String),
    /// An array.
    List(Vec<Node>),
    /// An object's properties, in order.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Serializes `value` (to JSON text first: unlike `serde_json::Value`, the text keeps the
    /// properties in declaration order). Generated types always serialize.
    fn of(value: &impl Serialize) -> Node {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Node::Null)
    }

    /// Every item (or key and value) as text joined with `separator`; `None` for `null`.
    fn joined(&self, separator: char) -> Option<String> {
        let items: Vec<String> = match self {
            Node::Null => return None,
            Node::Text(text) => return Some(text.clone()),
            Node::List(items) => items
                .iter()
                .filter_map(|item| item.joined(separator))
                .collect(),
            Node::Object(fields) => fields
                .iter()
                .filter_map(|(key, value)| Some([key.clone(), value.joined(separator)?]))
                .flatten()
                .collect(),
        };
        Some(items.join(&separator.to_string()))
    }

    /// The pairs of exploded `form` style for a parameter called `name`.
    fn exploded(&self, name: &str, out: &mut Vec<(String, String)>) {
        match self {
            Node::Object(fields) => {
                for (key, value) in fields {
                    value.exploded_value(key, out);
                }
            }
            other => other.exploded_value(name, out),
        }
    }

    /// One property (or the whole value) of exploded `form` style under `key`.
    fn exploded_value(&self, key: &str, out: &mut Vec<(String, String)>) {
        match self {
            Node::Null => {}
            Node::Text(text) => out.push((key.to_owned(), text.clone())),
            Node::List(items) => {
                out.extend(
                    items
                        .iter()
                        .filter_map(|item| Some((key.to_owned(), item.joined(',')?))),
                );
            }
            Node::Object(_) => self.deep(key, out),
        }
    }

    /// The pairs of `deepObject` style under `prefix`.
    fn deep(&self, prefix: &str, out: &mut Vec<(String, String)>) {
        match self {
            Node::Null => {}
            Node::Text(text) => out.push((prefix.to_owned(), text.clone())),
            Node::Object(fields) => {
                for (key, value) in fields {
                    value.deep(&format!("{prefix}[{key}]"), out);
                }
            }
            Node::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Node::Text(text) => out.push((format!("{prefix}[]"), text.clone())),
                        other => other.deep(&format!("{prefix}[{i}]"), out),
                    }
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Builds a [`Node`] from JSON, keeping the order of object properties.
struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some(entry) = map.next_entry()? {
            fields.push(entry);
        }
        Ok(Node::Object(fields))
    }
}

/// A parameter value written as its JSON text (a `content: application/json` parameter):
/// `Display` gives the text, and serializing it gives the text as a string.
#[allow(
    dead_code,
    reason = "used by generated operations; a spec may have no such parameter"
)]
pub(crate) struct JsonText<'a, T>(pub(crate) &'a T);

impl<T: Serialize> std::fmt::Display for JsonText<'_, T> {
    /// Writes the JSON text; generated types always serialize (an error writes nothing).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self.0).unwrap_or_default())
    }
}

impl<T: Serialize> Serialize for JsonText<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// OpenAPI 3.0 `style` of a path parameter written by [`path_styled`].
#[allow(
    dead_code,
    reason = "used by generated operations; a spec may not use every style"
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathStyle {
    /// `simple`: `a,b`; an object as `k,v,k,v`, exploded `k=v,k=v`.
    Simple,
    /// `label`: `.a,b`, exploded `.a.b`; an object as `.k,v,k,v`, exploded `.k=v.k=v`.
    Label,
    /// `matrix`: `;name=a,b`, exploded `;name=a;name=b`; an object as `;name=k,v,k,v`, exploded
    /// `;k=v;k=v`.
    Matrix,
}

/// The path text of parameter `name` with value `value` in `style` (RFC 6570 path expansion, as
/// OpenAPI 3.0 defines it): every name, key and item percent-encoded, so a value can never add a
/// path segment; separators literal. A nested array or object is one item, its parts joined
/// with an encoded `,` (`%2C`); `null` items are left out; a `null` value is empty (`simple`),
/// `.` or `;name`.
#[allow(
    dead_code,
    reason = "used by generated operations; a spec may have no such path parameter"
)]
pub(crate) fn path_styled(
    name: &str,
    style: PathStyle,
    explode: bool,
    value: &impl Serialize,
) -> String {
    let node = Node::of(value);
    // An object's keys and values, each encoded (fields whose value is `null` left out).
    let pairs: Vec<(String, String)> = match &node {
        Node::Object(fields) => fields
            .iter()
            .filter_map(|(key, value)| {
                Some((
                    encode_path_segment(key),
                    encode_path_segment(&value.joined(',')?),
                ))
            })
            .collect(),
        _ => Vec::new(),
    };
    // The items of an array, a scalar or an object (keys and values), each encoded.
    let items: Vec<String> = match &node {
        Node::Null => Vec::new(),
        Node::Text(text) => vec![encode_path_segment(text)],
        Node::List(items) => items
            .iter()
            .filter_map(|item| Some(encode_path_segment(&item.joined(',')?)))
            .collect(),
        Node::Object(_) => pairs
            .iter()
            .flat_map(|(k, v)| [k.clone(), v.clone()])
            .collect(),
    };
    // An exploded object's `key=value` items.
    let key_values = || -> Vec<String> { pairs.iter().map(|(k, v)| format!("{k}={v}")).collect() };
    let name = encode_path_segment(name);
    match (style, explode, &node) {
        (PathStyle::Simple, true, Node::Object(_)) => key_values().join(","),
        (PathStyle::Simple, _, _) => items.join(","),
        (PathStyle::Label, true, Node::Object(_)) => format!(".{}", key_values().join(".")),
        (PathStyle::Label, true, _) => format!(".{}", items.join(".")),
        (PathStyle::Label, false, _) => format!(".{}", items.join(",")),
        (PathStyle::Matrix, true, Node::Object(_)) => {
            key_values().iter().map(|kv| format!(";{kv}")).collect()
        }
        (PathStyle::Matrix, true, Node::List(_)) => {
            items.iter().map(|item| format!(";{name}={item}")).collect()
        }
        (PathStyle::Matrix, _, _) if items.is_empty() => format!(";{name}"),
        (PathStyle::Matrix, _, _) => format!(";{name}={}", items.join(",")),
    }
}

// Builder methods for generated `parts()` functions; a spec without, say, cookie parameters
// leaves some of them unused.
#[allow(
    dead_code,
    reason = "called by generated operations; a spec may not need every method"
)]
impl RequestParts {
    /// Adds `value` (if set) as exploded `form` query parameters (see the module docs).
    pub(crate) fn query_exploded(mut self, name: &str, value: Option<&impl Serialize>) -> Self {
        if let Some(value) = value {
            Node::of(value).exploded(name, &mut self.query);
        }
        self
    }

    /// Adds `value` (if set) as one query parameter `name` whose items are joined with
    /// `separator` (`form`, `pipeDelimited` or `spaceDelimited` without `explode`).
    pub(crate) fn query_joined(
        mut self,
        name: &str,
        separator: char,
        value: Option<&impl Serialize>,
    ) -> Self {
        if let Some(joined) = value.and_then(|value| Node::of(value).joined(separator)) {
            self.query.push((name.to_owned(), joined));
        }
        self
    }

    /// Adds `value` (if set) as `deepObject` query parameters: `name[key]=value`.
    pub(crate) fn query_deep(mut self, name: &str, value: Option<&impl Serialize>) -> Self {
        if let Some(value) = value {
            Node::of(value).deep(name, &mut self.query);
        }
        self
    }

    /// Adds `value` (if set) as header `name` in `style: simple`: items, keys and values joined
    /// with `,`; with `explode`, an object's properties as `key=value` items.
    pub(crate) fn header_value(
        mut self,
        name: &str,
        explode: bool,
        value: Option<&impl Serialize>,
    ) -> Self {
        let text = value.and_then(|value| match Node::of(value) {
            Node::Object(fields) if explode => {
                let items: Vec<String> = fields
                    .iter()
                    .filter_map(|(key, value)| Some([key.clone(), value.joined(',')?].join("=")))
                    .collect();
                Some(items.join(","))
            }
            node => node.joined(','),
        });
        if let Some(text) = text {
            self.headers.push((name.to_owned(), text));
        }
        self
    }

    /// Adds `value` (if set) to the request's one `Cookie` header as `name=value` (`form`
    /// style: with `explode`, an object's properties and an array's items as pairs of their
    /// own), names and values percent-encoded.
    pub(crate) fn cookie(
        mut self,
        name: &str,
        explode: bool,
        value: Option<&impl Serialize>,
    ) -> Self {
        let Some(value) = value else { return self };
        let node = Node::of(value);
        let mut pairs = Vec::new();
        if explode {
            node.exploded(name, &mut pairs);
        } else if let Some(joined) = node.joined(',') {
            pairs.push((name.to_owned(), joined));
        }
        for (name, value) in pairs {
            let mut pair: String = utf8_percent_encode(&name, VALUE).collect();
            pair.push('=');
            pair.extend(utf8_percent_encode(&value, VALUE));
            match self
                .headers
                .iter_mut()
                .find(|(header, _)| header == "Cookie")
            {
                Some((_, cookies)) => {
                    cookies.push_str("; ");
                    cookies.push_str(&pair);
                }
                None => self.headers.push(("Cookie".to_owned(), pair)),
            }
        }
        self
    }
}
