//! How one real-world spec's run ended, and the pure pieces that decide it: strict parsing into
//! openapiv3 (errors name the serde path) and reading `cargo check --message-format short` output.

use std::fmt;

/// The outcome of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file is not an OpenAPI 3.0 document openapiv3 accepts.
    ParseError {
        /// Serde path of the offending value (`paths./pets.get.responses`), `.` for the root.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// The generator rejected a construct, at a JSON pointer.
    GenerationError {
        /// JSON pointer into the spec.
        pointer: String,
        /// The generator's message.
        message: String,
    },
    /// Something panicked — always a bug to fix.
    Panicked {
        /// The panic message and location.
        message: String,
    },
    /// Generated; `cargo check` not run.
    Generated,
    /// Generated, and the crate passes `cargo check`.
    CheckOk,
    /// Generated, but the crate fails `cargo check`.
    CheckFailed {
        /// The first error cargo reported.
        first_error: String,
    },
    /// A file or process could not be handled (not the spec's fault).
    Io {
        /// What failed.
        message: String,
    },
}

impl Outcome {
    /// Whether this is a panic (the command then fails).
    pub fn is_panic(&self) -> bool {
        matches!(self, Outcome::Panicked { .. })
    }

    /// Generated (and, when checked, the check passed).
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Generated | Outcome::CheckOk)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::ParseError { path, message } => write!(f, "parse error: {message} — at `{path}`"),
            Outcome::GenerationError { pointer, message } => {
                write!(f, "generation error: {message} — at `{pointer}`")
            }
            Outcome::Panicked { message } => write!(f, "**PANIC**: {message}"),
            Outcome::Generated => f.write_str("generated (check skipped)"),
            Outcome::CheckOk => f.write_str("generated + check ok"),
            Outcome::CheckFailed { first_error } => write!(f, "check failed: {first_error}"),
            Outcome::Io { message } => write!(f, "io error: {message}"),
        }
    }
}

/// Parses a spec strictly into openapiv3; failures carry the serde path.
pub fn parse_spec(text: &str, yaml: bool) -> Result<openapiv3::OpenAPI, Outcome> {
    let result = if yaml {
        let value: serde_json::Value = yaml_serde::from_str(text)
            .map_err(|e| Outcome::ParseError { path: ".".into(), message: format!("not YAML: {e}") })?;
        serde_path_to_error::deserialize(&value).map_err(|e| (e.path().to_string(), e.inner().to_string()))
    } else {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| (e.path().to_string(), e.inner().to_string()))
    };
    result.map_err(|(path, message)| Outcome::ParseError { path, message })
}

/// Classifies a `cargo check --message-format short` run.
pub fn classify_check(success: bool, output: &str) -> Outcome {
    if success {
        Outcome::CheckOk
    } else {
        Outcome::CheckFailed { first_error: first_error(output).unwrap_or_else(|| "cargo failed".into()) }
    }
}

/// The first error in cargo's short-format output: a located compiler error
/// (`src/x.rs:1:2: error[E0425]: …`) if there is one, else the first `error…` line, else the
/// last non-empty line.
pub fn first_error(output: &str) -> Option<String> {
    let lines = || output.lines().map(str::trim).filter(|l| !l.is_empty());
    lines()
        .find(|l| l.contains(": error") && !l.starts_with("error"))
        .or_else(|| lines().find(|l| l.starts_with("error")))
        .or_else(|| lines().next_back())
        .map(str::to_string)
}

/// Text fit for one Markdown table cell: one line, `|` escaped, at most 220 characters.
pub fn cell(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    if one_line.chars().count() > 220 {
        let mut cut: String = one_line.chars().take(219).collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn classifies_check_output() {
        let located = "warning: unused import\nsrc/types.rs:12:5: error[E0412]: cannot find type `Foo` in this scope\nerror: could not compile `rw-x` (lib) due to 1 previous error\n";
        let cases = [
            (true, "warning: x\n", Outcome::CheckOk),
            (
                false,
                located,
                Outcome::CheckFailed {
                    first_error: "src/types.rs:12:5: error[E0412]: cannot find type `Foo` in this scope".into(),
                },
            ),
            (
                false,
                "error: failed to parse manifest at `/x/Cargo.toml`\n\nCaused by:\n  bad\n",
                Outcome::CheckFailed { first_error: "error: failed to parse manifest at `/x/Cargo.toml`".into() },
            ),
            (false, "killed\n", Outcome::CheckFailed { first_error: "killed".into() }),
            (false, "", Outcome::CheckFailed { first_error: "cargo failed".into() }),
        ];
        for (success, output, expected) in cases {
            assert_eq!(classify_check(success, output), expected, "{output}");
        }
    }

    #[test]
    fn parse_errors_name_the_serde_path() {
        let cases = [
            (
                r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":5}}}}}}"#,
                false,
                // Path items are untagged (`$ref` or item), so serde's path stops at `paths`.
                "paths",
            ),
            (r#"{"openapi":"3.0.0","info":{"title":5,"version":"1"},"paths":{}}"#, false, "info.title"),
            ("openapi: 3.0.0\ninfo: {title: t}\npaths: {}\n", true, "info"),
            (r#"{"openapi": "#, false, "openapi"),
        ];
        for (text, yaml, path) in cases {
            match parse_spec(text, yaml) {
                Err(Outcome::ParseError { path: got, .. }) => assert_eq!(got, path, "{text}"),
                other => panic!("{text}: expected a parse error, got {other:?}"),
            }
        }
        let ok = parse_spec("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", true).unwrap();
        assert_eq!(ok.info.title, "t");
    }

    #[test]
    fn outcomes_render_with_locations() {
        let e = Outcome::GenerationError { pointer: "#/paths/~1a/get".into(), message: "no".into() };
        assert_eq!(e.to_string(), "generation error: no — at `#/paths/~1a/get`");
        assert!(Outcome::Panicked { message: "boom".into() }.is_panic());
        assert!(!e.is_success() && Outcome::CheckOk.is_success());
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell(&"x".repeat(300)).chars().count(), 220);
    }
}
