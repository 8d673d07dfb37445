//! `cargo xtask`: the workflow commands of make-codegen (`regen`, `bench`, …).

use std::process::ExitCode;

use xtask::regen::{self, Mode, Outcome};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  regen [--check]   rebuild specs/openapi.yaml, the name lock and generated-client/ from
                    the page snapshots; --check writes nothing and fails if anything is stale
  bench             time the pipeline stages on the real pages and a synthetic 5,000-operation set";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen"] => regen_cmd(Mode::Write),
        ["regen", "--check"] => regen_cmd(Mode::Check),
        ["bench"] => xtask::bench::run(&mut std::io::stdout()),
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
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
