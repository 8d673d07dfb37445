//! A serde serializer that writes any value built from maps, sequences, strings, numbers,
//! booleans and nulls (an openapiv3 spec, a JSON value) as block YAML through the
//! [`Emitter`]. Enum variants that YAML would need a tag for are refused.

use std::fmt;

use serde::ser::{self, Serialize};

use super::emitter::{Emitter, Misuse};
use super::scalar::Style;

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Misuse> for Error {
    fn from(m: Misuse) -> Self {
        Error(format!("internal error: {}", m.0))
    }
}

/// Feeds serde's calls to an [`Emitter`].
pub struct Serializer {
    pub emitter: Emitter,
}

type Result<T = ()> = std::result::Result<T, Error>;

impl Serializer {
    fn plain(&mut self, text: &str) -> Result {
        Ok(self.emitter.scalar(text, Style::Plain)?)
    }

    /// A float as ryu writes it (the shortest text that reads back the same), YAML's spellings
    /// for infinities and NaN.
    fn float<F: ryu::Float + Into<f64>>(&mut self, v: F) -> Result {
        match v.into() {
            f64::INFINITY => self.plain(".inf"),
            f64::NEG_INFINITY => self.plain("-.inf"),
            wide if wide.is_nan() => self.plain(".nan"),
            _ => self.plain(ryu::Buffer::new().format_finite(v)),
        }
    }

    fn tagged(&self, what: &str) -> Error {
        Error(format!("cannot write {what} as YAML without a tag"))
    }
}

/// Serializer methods writing an integer as its decimal text.
macro_rules! integers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result {
            self.plain(&v.to_string())
        })*
    };
}

impl ser::Serializer for &mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.plain(if v { "true" } else { "false" })
    }
    integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128,
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result {
        Ok(self.emitter.scalar(v.encode_utf8(&mut [0; 4]), Style::Single)?)
    }
    fn serialize_str(self, v: &str) -> Result {
        Ok(self.emitter.string(v)?)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Error("cannot write raw bytes as YAML".to_owned()))
    }
    fn serialize_none(self) -> Result {
        self.plain("null")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.plain("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.plain("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result {
        Err(self.tagged(&format!("the variant `{name}::{variant}`")))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self> {
        self.emitter.begin_sequence()?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(self.tagged(&format!("the variant `{name}::{variant}`")))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self> {
        self.emitter.begin_mapping()?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(self.tagged(&format!("the variant `{name}::{variant}`")))
    }
}

/// The sequence-like serde traits: each element is a node of the sequence.
macro_rules! sequences {
    ($($trait:ident::$method:ident),*) => {
        $(impl ser::$trait for &mut Serializer {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                Ok(self.emitter.end()?)
            }
        })*
    };
}

sequences!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeMap for &mut Serializer {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        Ok(self.emitter.end()?)
    }
}

impl ser::SerializeStruct for &mut Serializer {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.emitter.string(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        Ok(self.emitter.end()?)
    }
}
