//! The make-codegen workflow as a library: the spec pipeline (extract → normalize →
//! merge → name) and the commands built on it. `main.rs` is only the command line.

pub mod crosscheck;
pub mod diag;
pub mod extract;
pub mod sources;
