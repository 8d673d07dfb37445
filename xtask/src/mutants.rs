//! `cargo xtask mutants`: mutation testing with cargo-mutants of the code where a silent
//! regression hurts users most — the client runtime and the pipeline's quirk fixes, names and
//! spec diff — each part with the tests that guard it. What is mutated, and the equivalent
//! mutants left out, are in `.cargo/mutants.toml`.

use std::path::Path;
use std::process::Command;

/// A part of the workspace under mutation testing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The client runtime as copied into `generated-client/src/runtime/`, against the
    /// `make-com-api` package's tests (loopback servers).
    Runtime,
    /// xtask's `normalize`, `merge`, `names` and `diff` modules, against xtask's unit tests and
    /// the integration tests that run the pipeline and the diff.
    Pipeline,
}

impl Part {
    /// Every part, in the order `cargo xtask mutants` runs them.
    pub const ALL: [Part; 2] = [Part::Runtime, Part::Pipeline];

    /// The part's name on the command line and in the output directory.
    pub fn name(self) -> &'static str {
        match self {
            Part::Runtime => "runtime",
            Part::Pipeline => "pipeline",
        }
    }
}

/// xtask's test targets that exercise normalize, merge, names and diff; the others (fetching,
/// `generate`, killed writes, realworld) spend minutes on code these modules do not reach, and
/// `parallel_pipeline` (thread-count independence) and `proptest_pages` (the extractors) spend
/// 11 s per mutant on properties these modules do not decide — leaving them out can only count
/// more mutants as missed, never fewer.
const PIPELINE_TESTS: [&str; 6] =
    ["diff_changes", "diff_real_pair", "diff_report", "hostile_pages", "located_errors", "regen"];

/// How `cargo xtask mutants` runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The parts to test.
    pub parts: Vec<Part>,
    /// Mutants tested at once (each in its own copy of the tree, with its own build).
    pub jobs: u16,
    /// Only list the mutants, test nothing.
    pub list: bool,
    /// Skip the mutants an earlier run of the same output caught (cargo-mutants `--iterate`).
    pub iterate: bool,
    /// Test the mutants in random order, so a run stopped early is a fair sample of the part.
    pub shuffle: bool,
    /// Only the mutants in these files, paths from the repository root (none: every file of the
    /// part). With [`Config::res`], a mutant matching either is tested.
    pub files: Vec<String>,
    /// Only the mutants whose name (`path:line:column: description`) matches one of these regexes
    /// (none: all).
    pub res: Vec<String>,
}

impl Config {
    /// Where cargo-mutants puts `part`'s results: `target/mutants/<part>`, or
    /// `target/mutants/<part>-subset` when only some of its mutants are tested.
    pub fn output_dir(&self, part: Part) -> String {
        let subset = !self.files.is_empty() || !self.res.is_empty();
        format!("target/mutants/{}{}", part.name(), if subset { "-subset" } else { "" })
    }
}

/// `text` with every regex metacharacter escaped, to match it literally.
fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `cargo` arguments that mutation-test `part`; results go to `target/mutants/<part>/`.
pub fn cargo_args(part: Part, config: &Config) -> Vec<String> {
    let mut args: Vec<String> = vec!["mutants".into()];
    if config.list {
        args.push("--list".into());
    } else {
        args.extend(["--jobs".into(), config.jobs.to_string()]);
        args.extend(["--output".into(), config.output_dir(part)]);
    }
    if config.iterate {
        args.push("--iterate".into());
    }
    if config.shuffle {
        args.push("--shuffle".into());
    }
    // cargo-mutants adds `--file` globs to the config's `examine_globs` (which already cover the
    // whole part) instead of narrowing them, so a file is selected by a regex on the mutant's
    // name, which starts with its path: `^generated-client/src/runtime/sse\.rs:`.
    for file in &config.files {
        args.extend(["--re".into(), format!("^{}:", escape_regex(file.trim_start_matches("./")))]);
    }
    for re in &config.res {
        args.extend(["--re".into(), re.clone()]);
    }
    match part {
        // Its doc tests are left out: each takes seconds to compile per mutant, and they are
        // mostly `no_run` examples that cannot tell a mutant from the original.
        Part::Runtime => {
            args.extend(["--package".into(), "make-com-api".into()]);
            cargo_args_for(&mut args, &["--lib", "--tests"]);
        }
        Part::Pipeline => {
            args.extend(["--package".into(), "xtask".into()]);
            let mut targets = vec!["--lib"];
            for test in PIPELINE_TESTS {
                targets.extend(["--test", test]);
            }
            cargo_args_for(&mut args, &targets);
        }
    }
    args
}

/// Passes `targets` to every cargo command cargo-mutants runs (`--cargo-arg`), so the build
/// step compiles only the test targets the test step runs.
fn cargo_args_for(args: &mut Vec<String>, targets: &[&str]) {
    args.extend(targets.iter().map(|t| format!("--cargo-arg={t}")));
}

/// Runs cargo-mutants for every part of `config` in `root`; returns the parts whose run failed
/// because a mutant survived or timed out (empty: every run passed).
pub fn run(root: &Path, config: &Config) -> Result<Vec<Part>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut failed = Vec::new();
    if !config.list {
        // cargo-mutants creates its output directory but not the parents.
        let parent = root.join("target/mutants");
        std::fs::create_dir_all(&parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    for &part in &config.parts {
        let args = cargo_args(part, config);
        eprintln!("mutants: {}: cargo {}", part.name(), args.join(" "));
        let status = Command::new(&cargo)
            .args(&args)
            .current_dir(root)
            // No debug info: each mutant relinks every test binary of its package.
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .status()
            .map_err(|e| format!("could not run `cargo mutants`: {e}"))?;
        match status.code() {
            Some(0) => {}
            // cargo-mutants' "some mutants survived" and "some timed out".
            Some(2 | 3) => failed.push(part),
            // Exit 101 is cargo's "no such subcommand" as well as a crash.
            Some(101) => {
                return Err(format!(
                    "`cargo {}` failed ({status}); is cargo-mutants installed? \
                     `cargo install cargo-mutants --locked`",
                    args.join(" ")
                ));
            }
            _ => return Err(format!("`cargo {}` failed ({status}); its output above says why", args.join(" "))),
        }
    }
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_mutates_its_package_with_its_tests_and_keeps_its_results_apart() {
        let config = Config {
            parts: Part::ALL.to_vec(),
            jobs: 2,
            list: false,
            iterate: false,
            shuffle: false,
            files: Vec::new(),
            res: Vec::new(),
        };
        let runtime = cargo_args(Part::Runtime, &config).join(" ");
        assert_eq!(
            runtime,
            "mutants --jobs 2 --output target/mutants/runtime --package make-com-api --cargo-arg=--lib --cargo-arg=--tests"
        );
        let pipeline = cargo_args(Part::Pipeline, &config).join(" ");
        assert!(pipeline.starts_with(
            "mutants --jobs 2 --output target/mutants/pipeline --package xtask --cargo-arg=--lib --cargo-arg=--test"
        ));
        assert!(pipeline.contains("--cargo-arg=regen") && pipeline.contains("--cargo-arg=diff_changes"), "{pipeline}");
        let listed = cargo_args(Part::Runtime, &Config { list: true, ..config.clone() }).join(" ");
        assert_eq!(listed, "mutants --list --package make-com-api --cargo-arg=--lib --cargo-arg=--tests");
        let subset = Config {
            files: vec!["./src/a-b.rs".into()],
            res: vec!["len".into()],
            iterate: true,
            shuffle: true,
            ..config
        };
        let subset = cargo_args(Part::Runtime, &subset).join(" ");
        assert_eq!(
            subset,
            "mutants --jobs 2 --output target/mutants/runtime-subset --iterate --shuffle --re ^src/a\\-b\\.rs: --re len --package make-com-api --cargo-arg=--lib --cargo-arg=--tests"
        );
    }
}
