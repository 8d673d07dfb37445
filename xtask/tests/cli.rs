//! The `cargo xtask` command line through the built binary: `--help` on every command prints its
//! usage and exits 0; usage errors print what is wrong and exit 2 (before anything runs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

#[test]
fn every_command_has_help_and_exits_0() {
    let cases: [(&[&str], &str, &[&str]); 9] = [
        (
            &["--help"],
            "Usage: cargo xtask [OPTIONS] <COMMAND>",
            &["regen", "diff", "fetch", "bench", "realworld", "generate"],
        ),
        (&["help", "fetch"], "Usage: cargo xtask fetch", &["--discover"]),
        (&["regen", "--help"], "Usage: cargo xtask regen", &["--check"]),
        (&["diff", "--help"], "Usage: cargo xtask diff", &["--base <REV>", "--fail-on <SEVERITY>", "[OLD] [NEW]"]),
        (
            &["fetch", "--help"],
            "Usage: cargo xtask fetch",
            &["--discover", "--index <URL>", "--mirror <URL>", "--jobs <N>", "--timeout"],
        ),
        (&["bench", "--help"], "Usage: cargo xtask bench", &["--cargo-check"]),
        (&["realworld", "--help"], "Usage: cargo xtask realworld", &["--skip-check", "--only <TEXT>"]),
        (&["generate", "--help"], "Usage: cargo xtask generate", &["--spec <PATH>", "--out <DIR>", "--name <CRATE>"]),
        (&["mutants", "--help"], "Usage: cargo xtask mutants", &["[PART]", "--jobs <N>", "--list", "cargo-mutants"]),
    ];
    for (args, usage, options) in cases {
        let out = xtask(args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains(usage), "{args:?}: {stdout}");
        for option in options {
            assert!(stdout.contains(option), "{args:?} lacks {option}: {stdout}");
        }
    }
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let cases: [(&[&str], &str); 10] = [
        (&[], "Usage: cargo xtask"),
        (&["bogus"], "unrecognized subcommand 'bogus'"),
        (&["regen", "--chek"], "unexpected argument '--chek'"),
        (&["diff", "only-one.yaml"], "2 values required"),
        (&["diff", "--base", "HEAD", "a.yaml", "b.yaml"], "cannot be used with"),
        (&["diff", "--fail-on", "sometimes"], "invalid value 'sometimes'"),
        (&["fetch", "--index", "https://example.invalid/sitemap.xml"], "--discover"),
        (&["fetch", "--jobs", "0"], "invalid value '0'"),
        (&["generate", "--spec", "api.yaml"], "--out <DIR>"),
        (&["mutants", "everything"], "invalid value 'everything'"),
    ];
    for (args, message) in cases {
        let out = xtask(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing runs");
    }
}

/// `cargo xtask diff OLD NEW --fail-on LEVEL` exits 1 and says which gate failed, naming the
/// level as the option spells it.
#[test]
fn a_failed_diff_gate_exits_1_and_names_its_level() {
    let dir = tempfile::tempdir().unwrap();
    let op = |id: &str| {
        format!(
            "    get:\n      operationId: {id}\n      tags: [A]\n      responses: {{\"200\": {{description: ok}}}}\n"
        )
    };
    let head = "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths:\n";
    let one = format!("{head}  /a:\n{}", op("get_a"));
    let two = format!("{one}  /b:\n{}", op("get_b"));
    let (one_path, two_path) = (dir.path().join("one.yaml"), dir.path().join("two.yaml"));
    std::fs::write(&one_path, one).unwrap();
    std::fs::write(&two_path, two).unwrap();
    let (one, two) = (one_path.to_str().unwrap(), two_path.to_str().unwrap());
    // Removing an operation is breaking; adding one is not.
    for (old, new, level) in [(two, one, "breaking"), (one, two, "non-breaking")] {
        let out = xtask(&["diff", old, new, "--fail-on", level]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{level}: {stderr}");
        assert!(stderr.contains(&format!("diff: found {level} changes (--fail-on {level})")), "{stderr}");
    }
}
