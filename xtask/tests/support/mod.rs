//! Helpers for the tests that run regen on a scratch copy of the repository: the copy, in a
//! temporary directory removed when it is dropped (a failing test included), and byte-for-byte
//! snapshots of a tree.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::fs;
use std::path::Path;

use tempfile::TempDir;
use xtask::pipeline::PageText;
use xtask::regen;
use xtask::sources::{Form, Page};

/// A temporary copy of what regen reads and writes: `specs/` and `generated-client/` (without
/// build output).
pub fn scratch_repo() -> TempDir {
    let dir = tempfile::Builder::new().prefix("make-codegen-test-").tempdir().unwrap();
    for sub in ["specs", "generated-client"] {
        copy_dir(&regen::repo_root().join(sub), &dir.path().join(sub));
    }
    dir
}

/// Copies the tree `from` to `to`, skipping `target/` folders.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Every directory (as `None`) and file (with its bytes) under `root`, by relative path, sorted.
pub fn snapshot(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                out.push((rel, None));
                stack.push(e.path());
            } else {
                out.push((rel, Some(fs::read(e.path()).unwrap())));
            }
        }
    }
    out.sort();
    out
}

/// The pages of `tests/fixtures/official-excerpts/` (real operations of Make's official spec, in
/// the docs' markdown format), as regen would read them.
pub fn excerpt_pages() -> Vec<PageText> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/official-excerpts");
    ["ai-agents", "consumptions", "devices", "sdk-apps"]
        .iter()
        .map(|slug| PageText {
            page: Page {
                slug: (*slug).to_string(),
                url: format!("https://developers.make.com/api-documentation/api-reference/{slug}"),
                snapshot: format!("pages/{slug}.md"),
                form: Form::Markdown,
            },
            text: fs::read_to_string(dir.join(format!("{slug}.md"))).unwrap(),
        })
        .collect()
}
