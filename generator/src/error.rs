//! The generator's error type: a message plus the JSON pointer of the offending spec location.

use std::fmt;
use std::sync::Arc;

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
///
/// Pointers share their parent: `join` allocates only the new segment, so the walk over a
/// large spec does not copy every path prefix (the text is built only for an error).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer {
    last: Option<Arc<Segment>>,
}

/// One segment of a [`Pointer`] and the pointer it extends.
#[derive(Debug, PartialEq, Eq)]
struct Segment {
    parent: Pointer,
    text: String,
}

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer::default()
    }

    /// Returns a new pointer with `segment` appended (escaped per RFC 6901 on display).
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        Pointer { last: Some(Arc::new(Segment { parent: self.clone(), text: segment.to_string() })) }
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut at = self.last.as_deref();
        while let Some(segment) = at {
            segments.push(segment.text.as_str());
            at = segment.parent.last.as_deref();
        }
        f.write_str("#")?;
        for segment in segments.iter().rev() {
            write!(f, "/{}", PointerToken(segment))?;
        }
        Ok(())
    }
}

/// One reference token of a JSON pointer, displayed escaped (RFC 6901: `~` → `~0`, `/` → `~1`):
/// `format!("#/paths/{}", PointerToken("/a/{id}"))` is `#/paths/~1a~1{id}`. Writes straight to
/// the formatter, so extending a `String` with `write!` allocates nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointerToken<'a>(pub &'a str);

impl fmt::Display for PointerToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['~', '/']) {
            let (plain, special) = rest.split_at(at);
            f.write_str(plain)?;
            f.write_str(if special.starts_with('~') { "~0" } else { "~1" })?;
            rest = special.get(1..).unwrap_or_default();
        }
        f.write_str(rest)
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

    #[test]
    fn pointer_tokens_escape_tilde_before_slash() {
        let cases =
            [("", ""), ("plain", "plain"), ("a/b", "a~1b"), ("~1", "~01"), ("/~/", "~1~0~1"), ("日/本~", "日~1本~0")];
        for (token, escaped) in cases {
            assert_eq!(PointerToken(token).to_string(), escaped, "{token:?}");
        }
    }

    #[test]
    fn pointers_extending_one_parent_stay_independent() {
        let parent = Pointer::root().join("components").join("schemas");
        let a = parent.join("A");
        let b = parent.join("B/C").join(0);
        assert_eq!(parent.to_string(), "#/components/schemas");
        assert_eq!(a.to_string(), "#/components/schemas/A");
        assert_eq!(b.to_string(), "#/components/schemas/B~1C/0");
        assert_eq!(Pointer::root().to_string(), "#");
        assert_eq!(a, Pointer::root().join("components").join("schemas").join("A"));
        assert_ne!(a, b);
    }
}
