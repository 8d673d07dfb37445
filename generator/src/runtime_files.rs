//! Placeholder for the hand-written runtime file list (replaced by the runtime branch at merge).

/// `(output path inside the generated crate, source)` for every runtime file.
pub(crate) const RUNTIME_FILES: &[(&str, &str)] = &[];
