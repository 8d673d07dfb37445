//! Writes YAML: the reviewed `specs/openapi.yaml` comes out of [`to_string`].
//!
//! A small block-style writer instead of a general YAML library: the spec is written on every
//! regen, and a general emitter spent about a tenth of regen's CPU time on it (walking an event
//! queue per scalar). The text is the same, byte for byte, as the YAML library the file was
//! written with before (tests compare the two on specs and on random values), so the reviewed
//! file did not change.

mod emitter;
mod scalar;
mod ser;

pub use ser::Error;

/// `value` as one YAML document after `prefix` (which must be empty or end a line).
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T, prefix: String) -> Result<String, Error> {
    let mut serializer = ser::Serializer { emitter: emitter::Emitter::new(prefix) };
    value.serialize(&mut serializer)?;
    Ok(serializer.emitter.finish()?)
}
