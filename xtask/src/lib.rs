//! The make-codegen workflow as a library: the spec pipeline (extract → normalize →
//! merge → name) and the commands built on it. `main.rs` is only the command line.

pub mod bench;
pub mod client;
pub mod crosscheck;
pub mod diag;
pub mod diff;
pub mod extract;
pub mod fetch;
pub mod files;
pub mod generate;
pub mod journal;
pub mod merge;
pub mod mutants;
pub mod names;
pub mod normalize;
pub mod paths;
pub mod pipeline;
pub mod progress;
pub mod realworld;
pub mod regen;
pub mod report;
pub mod sources;
pub mod yaml;
