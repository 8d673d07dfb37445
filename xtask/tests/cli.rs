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
