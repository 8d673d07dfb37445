//! End-to-end tests of `regen` on the real page snapshots: freshness, determinism, atomic failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fs;
use std::path::PathBuf;

use support::{scratch_repo, snapshot};
use xtask::pipeline;
use xtask::regen::{self, Mode, Outcome};

fn root() -> PathBuf {
    regen::repo_root()
}

#[test]
fn checked_in_outputs_are_fresh() {
    let outcome = regen::run(&root(), Mode::Check, &mut Vec::new()).unwrap();
    match outcome {
        Outcome::Fresh => {}
        Outcome::Stale(diff) => panic!("checked-in files are stale; run `cargo xtask regen`:\n{diff}"),
        Outcome::Written(_) => panic!("check mode must not write"),
    }
}

#[test]
fn same_inputs_give_identical_bytes_in_any_page_order() {
    let inputs = regen::read_inputs(&root()).unwrap();
    let (_, first) = regen::outputs(&inputs).unwrap();
    let (_, second) = regen::outputs(&inputs).unwrap();
    assert_eq!(first, second);
    assert!(first.iter().any(|o| o.path == "generated-client/src/lib.rs"), "the client is part of regen");
    let pages = inputs.pages.clone();
    let mut reversed = inputs.clone();
    reversed.pages.reverse();
    let mut rotated = inputs.clone();
    rotated.pages.rotate_left(2);
    for order in [reversed, rotated] {
        let (_, other) = regen::outputs(&order).unwrap();
        assert_eq!(first, other);
    }
    // Without a lock the names are derived again, the same way each time.
    let fresh = pipeline::build(&pages, None).unwrap();
    assert_eq!(fresh.lock, pipeline::build(&pages, None).unwrap().lock);
    assert_eq!(fresh.yaml().unwrap(), pipeline::build(&pages, None).unwrap().yaml().unwrap());
}

#[test]
fn spec_covers_every_markdown_operation_with_scopes_and_sources() {
    let pages = regen::read_pages(&root()).unwrap();
    let built = pipeline::build(&pages, None).unwrap();
    let ops: Vec<_> = built.spec.operations().collect();
    let md_fragments: usize =
        pages.iter().filter(|p| p.page.snapshot.ends_with(".md")).map(|p| p.text.matches("```json").count()).sum();
    assert!(ops.len() >= md_fragments, "{} ops for {md_fragments} fragments", ops.len());
    // Issue 4: the five pages document 40 operations (34 markdown fragments + 6 rendered-only).
    assert_eq!(ops.len(), 40);
    for (path, method, op) in &ops {
        assert!(op.operation_id.is_some(), "{method} {path} has no operationId");
        assert!(op.extensions.contains_key("x-make-source"), "{method} {path} has no source");
        let security = op.security.as_ref().unwrap_or_else(|| panic!("{method} {path} has no security"));
        let scopes: Vec<&String> = security.iter().flat_map(|r| r.values().flatten()).collect();
        if op.extensions.contains_key("x-make-inferred") {
            // Rendered pages name no scopes; the token scheme is still required.
            assert!(security.iter().any(|r| r.contains_key("token")), "{method} {path}");
        } else {
            assert!(!scopes.is_empty(), "{method} {path} lost its scopes");
        }
    }
    assert_eq!(built.spec.servers.len(), 6);
    // The docs' quirks are gone from the output.
    let yaml = built.yaml().unwrap();
    assert!(!yaml.contains("bigint"));
    assert!(!yaml.contains("format: datetime"));
    assert!(!yaml.contains('\r'));
}

#[test]
fn bad_page_fails_with_location_says_nothing_was_written_and_leaves_files_untouched() {
    let scratch = scratch_repo();
    let dir = scratch.path();
    let before = snapshot(dir);
    let mms = dir.join("specs/pages/mms.md");
    let text = fs::read_to_string(&mms).unwrap();
    let broken = text.replacen("```json\n{\"openapi\"", "```json\n{\"openapi\" oops", 1);
    fs::write(&mms, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("oops")).unwrap() + 1;
    let err = regen::run(dir, Mode::Write, &mut Vec::new()).unwrap_err().message(Mode::Write);
    assert!(err.starts_with(&format!("error: specs/pages/mms.md:{line}: fragment is not valid JSON")), "{err}");
    // The failure kept regen from writing, and the message says so, once.
    assert!(err.ends_with("\n1 problem(s); nothing was written"), "{err}");
    assert_eq!(err.matches("nothing was written").count(), 1, "{err}");
    // `--check` never writes, so it does not say so.
    let check = regen::run(dir, Mode::Check, &mut Vec::new()).unwrap_err().message(Mode::Check);
    assert!(check.ends_with("\n1 problem(s)") && !check.contains("written"), "{check}");
    fs::write(&mms, &text).unwrap();
    assert_eq!(before, snapshot(dir));
}

#[test]
fn regen_writes_only_changed_files_and_check_reports_a_diff() {
    let scratch = scratch_repo();
    let dir = scratch.path();
    let spec = dir.join("specs/openapi.yaml");
    let good = fs::read_to_string(&spec).unwrap();
    fs::write(&spec, good.replace("List user organizations", "List user orgs")).unwrap();
    match regen::run(dir, Mode::Check, &mut Vec::new()).unwrap() {
        Outcome::Stale(diff) => {
            assert!(diff.contains("a/specs/openapi.yaml"), "{diff}");
            assert!(diff.contains("-      summary: List user orgs"), "{diff}");
        }
        other => panic!("expected stale, got {other:?}"),
    }
    assert!(fs::read_to_string(&spec).unwrap().contains("List user orgs"), "check mode wrote");
    match regen::run(dir, Mode::Write, &mut Vec::new()).unwrap() {
        Outcome::Written(files) => assert_eq!(files, ["specs/openapi.yaml"]),
        other => panic!("expected a write, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&spec).unwrap(), good);
    assert!(matches!(regen::run(dir, Mode::Check, &mut Vec::new()).unwrap(), Outcome::Fresh));
}

#[test]
fn hand_edited_name_survives_a_reworded_summary() {
    let scratch = scratch_repo();
    let dir = scratch.path();
    let lock_path = dir.join("specs/operation-names.toml");
    let lock = fs::read_to_string(&lock_path).unwrap();
    fs::write(&lock_path, lock.replace("= \"list_user_organizations\"", "= \"list\"")).unwrap();
    let page = dir.join("specs/pages/organizations.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("\"summary\":\"List user organizations\"", "\"summary\":\"Retrieve organizations\""))
        .unwrap();
    regen::run(dir, Mode::Write, &mut Vec::new()).unwrap();
    let spec = fs::read_to_string(dir.join("specs/openapi.yaml")).unwrap();
    assert!(spec.contains("operationId: list\n"), "hand edit lost");
    assert!(spec.contains("summary: Retrieve organizations"));
    assert!(!spec.contains("retrieve_organizations"));
}

/// Code review tools collapse the generated client code but show the merged spec, which is
/// what reviewers read (`.gitattributes`).
#[test]
fn generated_client_code_is_collapsed_in_reviews_and_the_spec_is_not() {
    let src = root().join("generated-client/src");
    let mut paths: Vec<String> = snapshot(&src)
        .into_iter()
        .filter(|(_, bytes)| bytes.is_some())
        .map(|(rel, _)| format!("generated-client/src/{rel}"))
        .collect();
    assert!(paths.len() > 10, "{paths:?}");
    paths.push(xtask::paths::SPEC_FILE.to_string());
    // `git check-attr` reads the attributes file of a work tree; a fresh repository holding only
    // the checkout's `.gitattributes` asks it the same question anywhere (cargo-mutants' copies
    // of the tree, for one, have no `.git`).
    let scratch = tempfile::tempdir().unwrap();
    fs::copy(root().join(".gitattributes"), scratch.path().join(".gitattributes")).unwrap();
    let init = std::process::Command::new("git").arg("-C").arg(scratch.path()).args(["init", "-q"]).status().unwrap();
    assert!(init.success());
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(scratch.path())
        .args(["check-attr", "linguist-generated", "--"])
        .args(&paths)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let attrs: Vec<(&str, &str)> = stdout.lines().filter_map(|l| l.split_once(": linguist-generated: ")).collect();
    assert_eq!(attrs.len(), paths.len(), "{stdout}");
    for (path, value) in attrs {
        let expected = if path == xtask::paths::SPEC_FILE { "unset" } else { "set" };
        assert_eq!(value, expected, "{path}");
    }
}
