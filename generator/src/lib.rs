//! Turns a merged OpenAPI 3.0 spec into the Rust source files of a typed client.
