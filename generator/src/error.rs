//! The generator's error type: a message plus the JSON pointer of the offending spec location.

use std::fmt;

/// A generation failure, located in the input spec.
///
/// `pointer` is a JSON pointer into the spec document (RFC 6901, written with a leading `#`),
/// for example `#/paths/~1organizations/get/responses/200`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where in the spec the problem is.
    pub pointer: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Error {
    /// Creates an error at `pointer`.
    pub fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error { pointer: pointer.to_string(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for Error {}

/// A JSON pointer under construction; cheap to extend while walking the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer {
    segments: Vec<String>,
}

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer::default()
    }

    /// Returns a new pointer with `segment` appended (escaped per RFC 6901 on display).
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let mut segments = self.segments.clone();
        segments.push(segment.to_string());
        Pointer { segments }
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for segment in &self.segments {
            f.write_str("/")?;
            f.write_str(&segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = Pointer::root().join("paths").join("/organizations/{id}").join("a~b");
        assert_eq!(p.to_string(), "#/paths/~1organizations~1{id}/a~0b");
    }
}
