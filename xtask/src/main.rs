//! `cargo xtask`: the workflow commands of make-codegen.
fn main() {}
