//! Shared encoding of internally tagged unions (objects told apart by one string property), so
//! each generated union needs only a `match` over its tag values.
//!
//! Decoding reads the whole object once, picks the variant by its tag and decodes the payload
//! from that object; an unknown tag keeps the object as it came. Encoding writes the payload's
//! fields and then the variant's tag.
#![allow(
    dead_code,
    reason = "called by generated tagged unions, which cargo features may leave out"
)]

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde_json::Value;

/// Serializes `payload` (an object) with the property `tag` set to `value`.
pub(crate) fn serialize<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    tag: &str,
    value: &str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    match serde_json::to_value(payload).map_err(S::Error::custom)? {
        Value::Object(mut object) => {
            object.insert(tag.to_owned(), Value::String(value.to_owned()));
            serde::Serialize::serialize(&object, serializer)
        }
        _ => Err(S::Error::custom(format!(
            "the `{tag}: {value}` variant did not serialize to a JSON object"
        ))),
    }
}

/// Deserializes a JSON value and hands its tag (the string at `tag`, if there is one) and the
/// value itself to `decode`.
pub(crate) fn deserialize<'de, D, T>(
    deserializer: D,
    tag: &str,
    decode: impl FnOnce(Option<&str>, Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    let found = value.get(tag).and_then(Value::as_str).map(str::to_owned);
    decode(found.as_deref(), value).map_err(D::Error::custom)
}

/// Decodes a variant's payload from its object, without the tag property when `strip` (the
/// payload type does not declare it, so it would land in its catch-all map).
pub(crate) fn variant<T: DeserializeOwned>(
    mut value: Value,
    tag: &str,
    strip: bool,
) -> Result<Box<T>, serde_json::Error> {
    if let (true, Value::Object(object)) = (strip, &mut value) {
        object.remove(tag);
    }
    serde_json::from_value(value).map(Box::new)
}
