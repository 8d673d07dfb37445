//! `xtask::diff` output and command: Markdown rendering, semver advice, loading specs from git
//! revisions and files, and the `--fail-on` gate.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, ExitCode};

use tempfile::TempDir;

use xtask::diff::render::render_markdown;
use xtask::diff::semver::{Bump, Impact, Version, bump_for, bumped, impact};
use xtask::diff::{DiffArgs, Severity, diff_specs, load_spec_at_rev, parse_spec, run_to};

/// A spec with one MMS operation and two Organizations operations; `variant` edits it.
fn spec_yaml(variant: &str) -> String {
    let (org_desc, extra_param, sort_values, mms_present) = match variant {
        "old" => ("Gets one.", "", "[asc, desc]", true),
        // breaking: enum value removed, MMS op removed; non-breaking: optional param; docs: description.
        "new" => {
            ("Gets one organization.", "\n        - {name: cols, in: query, schema: {type: string}}", "[asc]", false)
        }
        "docs" => ("Gets one organization.", "", "[asc, desc]", true),
        _ => unreachable!(),
    };
    let mms = if mms_present {
        r#"
  /mms/{id}:
    get:
      operationId: get_mms
      tags: [MMS]
      summary: Get MMS
      responses: {"200": {description: ok}}"#
    } else {
        ""
    };
    format!(
        r#"openapi: 3.0.0
info: {{title: t, version: "1"}}
paths:
  /organizations:
    get:
      operationId: list_organizations
      tags: [Organizations]
      summary: List
      parameters:
        - {{name: "pg[sortDir]", in: query, schema: {{type: string, enum: {sort_values}}}}}
      responses: {{"200": {{description: ok}}}}
  /organizations/{{organizationId}}:
    get:
      operationId: get_organization
      tags: [Organizations]
      summary: Get
      description: {org_desc}
      x-make-source: {{page: organizations, heading: Get}}
      parameters:
        - {{name: organizationId, in: path, required: true, schema: {{type: integer}}}}{extra_param}
      responses: {{"200": {{description: ok}}}}{mms}
"#
    )
}

fn spec(variant: &str) -> openapiv3::OpenAPI {
    parse_spec(variant, &spec_yaml(variant)).unwrap()
}

#[test]
fn markdown_groups_by_resource_breaking_first_and_summarises_descriptions() {
    let log = diff_specs(&spec("old"), &spec("new")).unwrap();
    let md = render_markdown(&log, Version::parse("0.3.1").ok().as_ref());

    let pos = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("missing `{needle}` in:\n{md}"));
    assert!(md.starts_with("# Spec changes\n"));
    assert!(pos("2 breaking, 1 non-breaking, 1 operation(s) with description changes") > 0);
    assert!(pos("**minor** bump") > 0 && pos("(0.3.1 → 0.4.0)") > 0, "{md}");
    // Resources in order, breaking before non-breaking inside Organizations.
    assert!(pos("## MMS") < pos("## Organizations"));
    let orgs = pos("## Organizations");
    assert!(orgs < pos("### Breaking\n\n- `GET /organizations` (`list_organizations`)"));
    assert!(pos("enum value \"desc\" removed") < pos("### Non-breaking"));
    assert!(pos("### Non-breaking") < pos("optional query parameter `cols` added"));
    assert!(pos("- `GET /mms/{id}` (`get_mms`): operation removed") < orgs);
    // Description changes are listed by operation, the texts themselves are not dumped.
    assert!(pos("Text changed in 1 operation(s): `GET /organizations/{organizationId}` (`get_organization`).") > 0);
    assert!(!md.contains("Gets one"), "{md}");
}

#[test]
fn no_changes_renders_a_short_note() {
    let log = diff_specs(&spec("old"), &spec("old")).unwrap();
    assert!(log.is_empty());
    assert!(!diff_specs(&spec("old"), &spec("new")).unwrap().is_empty(), "a changelog with changes is not empty");
    assert_eq!(render_markdown(&log, Version::parse("1.0.0").ok().as_ref()), "# Spec changes\n\nNo changes.\n");
}

#[test]
fn impact_of_changelogs() {
    assert_eq!(impact(&diff_specs(&spec("old"), &spec("old")).unwrap()), Impact::None);
    assert_eq!(impact(&diff_specs(&spec("old"), &spec("docs")).unwrap()), Impact::DocsOnly);
    assert_eq!(impact(&diff_specs(&spec("old"), &spec("new")).unwrap()), Impact::Breaking);
    // Reversed: the MMS op and enum value come back, the optional param goes away (breaking).
    assert_eq!(impact(&diff_specs(&spec("new"), &spec("old")).unwrap()), Impact::Breaking);
}

#[test]
fn fail_on_values_parse_in_any_case() {
    let cases = [
        ("breaking", Some(Severity::Breaking)),
        (" Breaking ", Some(Severity::Breaking)),
        ("non-breaking", Some(Severity::NonBreaking)),
        ("nonbreaking", Some(Severity::NonBreaking)),
        ("any", Some(Severity::NonBreaking)),
        ("minor", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(Severity::parse(text), want, "{text:?}");
    }
    // Messages name a severity as `--fail-on` spells it.
    for severity in [Severity::Breaking, Severity::NonBreaking] {
        assert_eq!(Severity::parse(&severity.to_string()), Some(severity));
    }
}

#[test]
fn semver_bump_rule() {
    // (impact, current, bump, next)
    let cases = [
        (Impact::None, "1.2.3", Bump::None, "1.2.3"),
        (Impact::DocsOnly, "1.2.3", Bump::Patch, "1.2.4"),
        (Impact::Additive, "1.2.3", Bump::Minor, "1.3.0"),
        (Impact::Breaking, "1.2.3", Bump::Major, "2.0.0"),
        (Impact::DocsOnly, "0.2.3", Bump::Patch, "0.2.4"),
        (Impact::Additive, "0.2.3", Bump::Patch, "0.2.4"),
        (Impact::Breaking, "0.2.3", Bump::Minor, "0.3.0"),
        (Impact::Breaking, "0.0.3", Bump::Patch, "0.0.4"),
        (Impact::None, "0.0.3", Bump::None, "0.0.3"),
        // Build metadata is dropped by a bump, kept without one.
        (Impact::Additive, "1.2.3+build.5", Bump::Minor, "1.3.0"),
        (Impact::None, "1.2.3+build.5", Bump::None, "1.2.3+build.5"),
    ];
    for (impact, current, bump, next) in cases {
        let v = Version::parse(current).unwrap();
        assert_eq!(bump_for(impact, &v), bump, "{impact:?} at {current}");
        assert_eq!(bumped(&v, bump).to_string(), next, "{impact:?} at {current}");
    }
    for bad in ["1.2", "1.2.3.4", "1.2.x", "", "v1.2.3"] {
        assert!(Version::parse(bad).is_err(), "{bad}");
    }
}

/// A pre-release previews its release: the bump that release already is releases it; a
/// larger one goes past it. The bump never disappears.
#[test]
fn pre_release_versions_are_bumped() {
    // (impact, current, bump, next)
    let cases = [
        (Impact::DocsOnly, "1.2.3-beta.1", Bump::Patch, "1.2.3"),
        (Impact::Additive, "1.2.0-beta.1", Bump::Minor, "1.2.0"),
        (Impact::Additive, "1.2.3-beta.1", Bump::Minor, "1.3.0"),
        (Impact::Breaking, "2.0.0-rc.1", Bump::Major, "2.0.0"),
        (Impact::Breaking, "2.1.0-rc.1", Bump::Major, "3.0.0"),
        (Impact::Breaking, "0.3.0-alpha", Bump::Minor, "0.3.0"),
        (Impact::Breaking, "0.3.1-alpha", Bump::Minor, "0.4.0"),
        (Impact::Additive, "0.3.1-alpha+exp.sha.5114f85", Bump::Patch, "0.3.1"),
        (Impact::None, "0.3.1-alpha", Bump::None, "0.3.1-alpha"),
    ];
    for (impact, current, bump, next) in cases {
        let v = Version::parse(current).unwrap();
        assert_eq!(bump_for(impact, &v), bump, "{impact:?} at {current}");
        assert_eq!(bumped(&v, bump).to_string(), next, "{impact:?} at {current}");
    }
    // The changelog names the bump and the version it leads to.
    let log = diff_specs(&spec("old"), &spec("new")).unwrap();
    let md = render_markdown(&log, Version::parse("0.4.0-beta.2").ok().as_ref());
    assert!(md.contains("**minor** bump for breaking changes (0.4.0-beta.2 → 0.4.0)"), "{md}");
}

#[test]
fn invalid_spec_error_names_its_origin() {
    let err = parse_spec("HEAD:specs/openapi.yaml", "openapi: 3.0.0\npaths: [\n").unwrap_err().to_string();
    assert!(err.starts_with("HEAD:specs/openapi.yaml: "), "{err}");
    assert!(err.contains("line"), "{err}");
}

/// A fresh git repository with `specs/openapi.yaml` = old committed, new in the working tree,
/// and a generated-client manifest at version 0.1.0, in a temporary directory.
fn repo() -> TempDir {
    let dir = tempfile::Builder::new().prefix("xtask-diff-").tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("specs")).unwrap();
    std::fs::create_dir_all(root.join("generated-client")).unwrap();
    std::fs::write(
        root.join("generated-client/Cargo.toml"),
        "[package]\nname = \"make-com-api\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(root.join("specs/openapi.yaml"), spec_yaml("old")).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "old spec"]);
    std::fs::write(root.join("specs/openapi.yaml"), spec_yaml("new")).unwrap();
    dir
}

fn run(root: &Path, args: &DiffArgs) -> (bool, String) {
    let mut out = Vec::new();
    let passed = run_to(root, args, &mut out).unwrap();
    (passed, String::from_utf8(out).unwrap())
}

#[test]
fn load_spec_at_rev_reads_the_committed_version() {
    let repo = repo();
    let root = repo.path();
    let committed = load_spec_at_rev(root, "HEAD", "specs/openapi.yaml").unwrap();
    assert!(committed.paths.paths.contains_key("/mms/{id}"), "HEAD has the old spec");
    let err = load_spec_at_rev(root, "HEAD", "specs/missing.yaml").unwrap_err().to_string();
    assert!(err.contains("HEAD:specs/missing.yaml"), "{err}");
}

#[test]
fn run_compares_base_revision_with_working_tree_and_gates_ci() {
    let repo = repo();
    let root = repo.path();
    let cases = [(None, true), (Some(Severity::Breaking), false), (Some(Severity::NonBreaking), false)];
    for (fail_on, expected_pass) in cases {
        let (passed, md) = run(root, &DiffArgs { base: None, files: None, fail_on });
        assert_eq!(passed, expected_pass, "{fail_on:?}");
        assert!(md.contains("`GET /mms/{id}` (`get_mms`): operation removed"), "{md}");
        assert!(md.contains("(0.1.0 → 0.2.0)"), "client version read from generated-client: {md}");
    }
    // `cargo xtask diff`'s exit code follows the gate.
    let gate = |fail_on| xtask::diff::run(root, &DiffArgs { base: None, files: None, fail_on }).unwrap();
    assert_eq!((gate(None), gate(Some(Severity::Breaking))), (ExitCode::SUCCESS, ExitCode::from(1)));
    // Same spec on both sides: the gate passes even with --fail-on non-breaking.
    std::fs::write(root.join("specs/openapi.yaml"), spec_yaml("old")).unwrap();
    let (passed, md) =
        run(root, &DiffArgs { base: Some("HEAD".into()), files: None, fail_on: Some(Severity::NonBreaking) });
    assert!(passed);
    assert!(md.contains("No changes."));
}

#[test]
fn run_compares_two_files() {
    let repo = repo();
    let root = repo.path();
    let (old, new) = (root.join("old.yaml"), root.join("new.yaml"));
    std::fs::write(&old, spec_yaml("old")).unwrap();
    std::fs::write(&new, spec_yaml("docs")).unwrap();
    let args = DiffArgs { base: None, files: Some((old.clone(), new.clone())), fail_on: Some(Severity::Breaking) };
    let (passed, md) = run(root, &args);
    assert!(passed, "documentation-only changes are not breaking");
    assert!(md.contains("**patch** bump") && md.contains("(0.1.0 → 0.1.1)"), "{md}");

    let both = DiffArgs { base: Some("HEAD".into()), files: Some((old, new)), fail_on: None };
    assert!(run_to(root, &both, &mut Vec::new()).is_err(), "--base and files are exclusive");
    let missing = DiffArgs { base: None, files: Some((root.join("nope.yaml"), root.join("new.yaml"))), fail_on: None };
    let err = run_to(root, &missing, &mut Vec::new()).unwrap_err().to_string();
    assert!(err.contains("nope.yaml"), "{err}");
}
