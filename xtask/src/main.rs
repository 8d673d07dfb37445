//! `cargo xtask`: the workflow commands of make-codegen (`regen`, `bench`, …).

use std::process::ExitCode;

use xtask::regen::{self, Mode, Outcome};

/// mimalloc: regen allocates many small short-lived values (JSON trees, token streams,
/// syntax trees); with glibc's allocator about 40% of a large regen went to malloc and free.
/// Built without transparent huge pages (`no_thp` in Cargo.toml): a regen runs once in a
/// fresh process, and faulting in and zeroing 2 MB pages roughly doubled the cold pipeline.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  regen [--check]   rebuild specs/openapi.yaml, the name lock and generated-client/ from
                    the page snapshots; --check writes nothing and fails if anything is stale
  diff [--base REV | OLD.yaml NEW.yaml] [--fail-on breaking|non-breaking|any]
                    Markdown changelog of the merged spec: REV (default HEAD) against the
                    working tree, or two files; breaking changes and the semver bump they need
  fetch             download every page in specs/sources.toml into specs/pages/
                    (a page that fails keeps its snapshot); then run regen
  bench [--cargo-check]
                    time the pipeline stages, generation and the whole regen on the real pages
                    and synthetic 500/5,000-operation sets; --cargo-check also times `cargo check`
                    of the generated crate (run it with `cargo run --release -p xtask -- bench`)
  realworld [--skip-check] [--only TEXT]
                    install real public OpenAPI specs from npm into target/realworld/, generate a
                    client for each and `cargo check` it; prints a table of outcomes";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen"] => regen_cmd(Mode::Write),
        ["regen", "--check"] => regen_cmd(Mode::Check),
        ["bench", rest @ ..] => bench_cmd(rest),
        ["realworld", rest @ ..] => realworld_cmd(rest),
        ["diff", rest @ ..] => diff_cmd(rest),
        ["fetch"] => fetch_cmd(),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn regen_cmd(mode: Mode) -> ExitCode {
    let root = regen::repo_root();
    match regen::run(&root, mode, &mut std::io::stdout()) {
        Ok(Outcome::Fresh) => {
            println!("everything is up to date");
            ExitCode::SUCCESS
        }
        Ok(Outcome::Written(files)) => {
            println!("wrote {} file(s):", files.len());
            for f in files {
                println!("  {f}");
            }
            ExitCode::SUCCESS
        }
        Ok(Outcome::Stale(diff)) => {
            println!("{diff}");
            eprintln!("error: checked-in files are stale; run `cargo xtask regen` and commit the result");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{}", e.message(mode));
            ExitCode::FAILURE
        }
    }
}

fn diff_cmd(args: &[&str]) -> ExitCode {
    let mut parsed = xtask::diff::DiffArgs::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--base" => match it.next() {
                Some(rev) => parsed.base = Some((*rev).to_string()),
                None => return usage_error("--base needs a git revision"),
            },
            "--fail-on" => match it.next().and_then(|s| xtask::diff::Severity::parse(s)) {
                Some(sev) => parsed.fail_on = Some(sev),
                None => return usage_error("--fail-on takes breaking, non-breaking or any"),
            },
            file if !file.starts_with("--") => files.push(std::path::PathBuf::from(file)),
            other => return usage_error(&format!("unknown option {other}")),
        }
    }
    match files.len() {
        0 => {}
        2 => parsed.files = Some((files[0].clone(), files[1].clone())),
        _ => return usage_error("diff takes either no files or two (OLD NEW)"),
    }
    match xtask::diff::run(&regen::repo_root(), &parsed) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn fetch_cmd() -> ExitCode {
    let cfg = xtask::fetch::FetchConfig::default();
    match xtask::fetch::run(&regen::repo_root(), &cfg, &mut std::io::stdout()) {
        Ok(report) if report.is_success() => {
            println!("next: `cargo xtask regen`, then `cargo xtask diff` to review the changes");
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!("error: some pages could not be fetched; their snapshots were left as they were");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn bench_cmd(args: &[&str]) -> ExitCode {
    let mut config = xtask::bench::Config::default();
    for arg in args {
        match *arg {
            "--cargo-check" => config.cargo_check = true,
            other => return usage_error(&format!("unknown bench option {other}")),
        }
    }
    xtask::bench::run(&config, &mut std::io::stdout())
}

fn realworld_cmd(args: &[&str]) -> ExitCode {
    let mut config = xtask::realworld::Config::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--skip-check" => config.skip_check = true,
            "--only" => match it.next() {
                Some(text) => config.only = Some((*text).to_string()),
                None => return usage_error("--only needs a text to match spec names"),
            },
            other => return usage_error(&format!("unknown realworld option {other}")),
        }
    }
    xtask::realworld::run(&regen::repo_root(), &config, &mut std::io::stdout())
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}
