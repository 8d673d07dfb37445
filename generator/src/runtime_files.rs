//! The hand-written client runtime, emitted verbatim into the generated crate.

/// `(path inside the generated crate, source)` of every runtime file.
pub(crate) const RUNTIME_FILES: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../runtime/mod.rs")),
    ("src/runtime/body.rs", include_str!("../runtime/body.rs")),
    ("src/runtime/client.rs", include_str!("../runtime/client.rs")),
    ("src/runtime/error.rs", include_str!("../runtime/error.rs")),
    ("src/runtime/execute.rs", include_str!("../runtime/execute.rs")),
    ("src/runtime/media.rs", include_str!("../runtime/media.rs")),
    ("src/runtime/paginate.rs", include_str!("../runtime/paginate.rs")),
    ("src/runtime/raw.rs", include_str!("../runtime/raw.rs")),
    ("src/runtime/request.rs", include_str!("../runtime/request.rs")),
    ("src/runtime/retry.rs", include_str!("../runtime/retry.rs")),
    ("src/runtime/sse.rs", include_str!("../runtime/sse.rs")),
];
