//! The generated client's files: runs the generator over the merged spec and
//! tells which files under `generated-client/` regen owns.

use std::fs;
use std::io;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::files::Output;
use crate::regen::CLIENT_DIR;

/// The generator's files, placed under `generated-client/`.
pub fn outputs(_spec: &openapiv3::OpenAPI) -> Result<Vec<Output>, Diagnostics> {
    Ok(Vec::new())
}

/// Files under `generated-client/` that carry the `@generated` marker: regen
/// owns them (and may delete them when it stops producing them). Hand-written
/// files (tests, examples) never carry it and are never touched.
pub fn owned_files(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    walk(&root.join(CLIENT_DIR), CLIENT_DIR, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        let rel_path = format!("{rel}/{name}");
        if entry.file_type()?.is_dir() {
            if name != "target" {
                walk(&path, &rel_path, out)?;
            }
        } else if is_generated(&path)? {
            out.push(rel_path);
        }
    }
    Ok(())
}

fn is_generated(path: &Path) -> io::Result<bool> {
    let Ok(text) = fs::read_to_string(path) else { return Ok(false) };
    Ok(text.lines().take(3).any(|l| l.contains("@generated")))
}
