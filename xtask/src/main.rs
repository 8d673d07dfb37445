//! `cargo xtask`: the workflow commands of make-codegen (`regen`, `diff`, `fetch`, `bench`,
//! `realworld`). Only the command line lives here; the commands are in the library.
//!
//! Adding a command is one [`Command`] variant (its arguments and help) and one arm in `main`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use xtask::regen::{self, Mode, Outcome};

/// mimalloc: regen allocates many small short-lived values (JSON trees, token streams,
/// syntax trees); with glibc's allocator about 40% of a large regen went to malloc and free.
/// Built without transparent huge pages (`no_thp` in Cargo.toml): a regen runs once in a
/// fresh process, and faulting in and zeroing 2 MB pages roughly doubled the cold pipeline.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Workflow commands of make-codegen: Make's API docs → specs/openapi.yaml → generated-client/.
///
/// When the docs change: `cargo xtask fetch --discover && cargo xtask regen && cargo xtask diff`.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", arg_required_else_help = true)]
struct Cli {
    /// The repository to work on (default: the checkout this xtask was built in).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rebuild specs/openapi.yaml, the name lock and generated-client/ from the page snapshots.
    Regen(RegenArgs),
    /// Markdown changelog of the merged spec: breaking changes and the semver bump they need.
    Diff(DiffArgs),
    /// Download the doc pages into specs/pages/ (--discover: add new API-reference pages first).
    ///
    /// Downloads every page of specs/sources.toml into its snapshot, politely: a few requests at
    /// once, retries honouring Retry-After, and conditional requests so an unchanged page is not
    /// downloaded again. With --discover, first reads the docs' page index and adds a [[page]]
    /// entry for every API-reference page the manifest lacks. Then run `cargo xtask regen`.
    Fetch(FetchArgs),
    /// Time the pipeline stages, generation and the whole regen (use a release build).
    Bench(BenchArgs),
    /// Generate clients for real public OpenAPI specs from npm and `cargo check` them.
    Realworld(RealworldArgs),
    /// A client crate from any OpenAPI 3.0 spec (JSON or YAML).
    ///
    /// Missing operationIds and tags are filled in and listed; only files that changed are
    /// written, all or nothing.
    Generate(GenerateArgs),
    /// Mutation testing (cargo-mutants) of the client runtime and the pipeline's quirk fixes.
    ///
    /// Needs `cargo install cargo-mutants --locked`. Mutates generated-client/src/runtime/
    /// (tested by make-com-api's tests) and xtask's normalize, merge, names and diff modules
    /// (tested by the pipeline's tests); `.cargo/mutants.toml` lists what is left out and why.
    /// Results: target/mutants/<part>/mutants.out/. Not part of CI: it takes about an hour.
    Mutants(MutantsArgs),
}

#[derive(Debug, Args)]
struct RegenArgs {
    /// Write nothing; fail with a diff if any checked-in file is stale.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// Git revision whose checked-in spec is compared with the working tree [default: HEAD].
    #[arg(long, value_name = "REV", conflicts_with = "files")]
    base: Option<String>,
    /// Compare two spec files (OLD NEW) instead.
    #[arg(num_args = 2, value_names = ["OLD", "NEW"])]
    files: Vec<PathBuf>,
    /// Exit non-zero when a change of this severity (or worse) is found.
    #[arg(long, value_name = "SEVERITY", value_parser = ["breaking", "non-breaking", "any"])]
    fail_on: Option<String>,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// First read the docs' page index ([discover] in specs/sources.toml) and add a [[page]] entry
    /// for every API-reference page not listed yet; pages that left the index are reported.
    #[arg(long)]
    discover: bool,
    /// Index to read instead of the manifest's (a sitemap, sitemap index or llms.txt); repeatable.
    #[arg(long = "index", value_name = "URL", requires = "discover")]
    indexes: Vec<String>,
    /// Fetch every page and index from this origin instead (a local copy of the site), keeping
    /// the URL paths; the manifest keeps its URLs.
    #[arg(long, value_name = "URL")]
    mirror: Option<String>,
    /// Requests in flight at once.
    #[arg(short, long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    jobs: u16,
    /// Timeout of one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Retries of a request after the first attempt (5xx, 429, timeouts, truncated bodies).
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Also time `cargo check` of each generated crate (minutes).
    #[arg(long)]
    cargo_check: bool,
    /// Measure only the sets whose label contains TEXT (`real`, `Make-sized`, `500`, `5,000`).
    #[arg(long, value_name = "TEXT")]
    only: Option<String>,
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// The OpenAPI 3.0 spec (JSON or YAML).
    #[arg(long, value_name = "PATH")]
    spec: PathBuf,
    /// The crate directory to write.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The crate's package name [default: derived from the spec's title].
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
}

#[derive(Debug, Args)]
struct MutantsArgs {
    /// Test only this part [default: both].
    #[arg(value_name = "PART", value_parser = ["runtime", "pipeline"])]
    part: Option<String>,
    /// Mutants tested at once, each with its own build (the machine's cores are shared).
    #[arg(short, long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=8))]
    jobs: u16,
    /// Only list the mutants.
    #[arg(long)]
    list: bool,
    /// Skip the mutants the previous run (same part and subset) caught or found unviable.
    #[arg(long)]
    iterate: bool,
    /// Test the mutants in random order, so a run stopped early is a fair sample.
    #[arg(long)]
    shuffle: bool,
    /// Only the mutants in this file (repeatable), e.g. after adding tests for its survivors;
    /// results go to `target/mutants/<part>-subset/`.
    #[arg(long, value_name = "PATH")]
    file: Vec<String>,
    /// Only the mutants whose description matches this regex (repeatable), likewise.
    #[arg(long, value_name = "REGEX")]
    re: Vec<String>,
}

#[derive(Debug, Args)]
struct RealworldArgs {
    /// Generation outcomes only; no `cargo check` of the generated crates.
    #[arg(long)]
    skip_check: bool,
    /// Only specs whose name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    only: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(xtask::paths::repo_root);
    let out = &mut std::io::stdout();
    match cli.command {
        Command::Regen(args) => regen_cmd(&root, if args.check { Mode::Check } else { Mode::Write }),
        Command::Diff(args) => diff_cmd(&root, args),
        Command::Fetch(args) => fetch_cmd(&root, args),
        Command::Bench(args) => {
            xtask::bench::run(&root, &xtask::bench::Config { cargo_check: args.cargo_check, only: args.only }, out)
        }
        Command::Realworld(args) => xtask::realworld::run(
            &root,
            &xtask::realworld::Config { skip_check: args.skip_check, only: args.only },
            out,
        ),
        Command::Generate(args) => {
            generate_cmd(xtask::generate::Config { spec: args.spec, out: args.out, name: args.name })
        }
        Command::Mutants(args) => mutants_cmd(&root, args),
    }
}

fn regen_cmd(root: &std::path::Path, mode: Mode) -> ExitCode {
    match regen::run(root, mode, &mut std::io::stdout()) {
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

fn diff_cmd(root: &std::path::Path, args: DiffArgs) -> ExitCode {
    let files = match <[PathBuf; 2]>::try_from(args.files) {
        Ok([old, new]) => Some((old, new)),
        Err(_) => None,
    };
    let parsed = xtask::diff::DiffArgs {
        base: args.base,
        files,
        fail_on: args.fail_on.as_deref().and_then(xtask::diff::Severity::parse),
    };
    match xtask::diff::run(root, &parsed) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn fetch_cmd(root: &std::path::Path, args: FetchArgs) -> ExitCode {
    let cfg = xtask::fetch::FetchConfig {
        timeout: Duration::from_secs(args.timeout),
        retries: args.retries,
        concurrency: usize::from(args.jobs),
        base_override: args.mirror,
        discover: args.discover,
        indexes: args.indexes,
        ..xtask::fetch::FetchConfig::default()
    };
    match xtask::fetch::run(root, &cfg, &mut std::io::stdout()) {
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

fn generate_cmd(config: xtask::generate::Config) -> ExitCode {
    match xtask::generate::run(&config) {
        Ok(report) => {
            for line in report.lines(&config) {
                println!("{line}");
            }
            println!("next: `cargo check` in {}", config.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn mutants_cmd(root: &std::path::Path, args: MutantsArgs) -> ExitCode {
    use xtask::mutants::Part;
    let parts = match args.part.as_deref() {
        Some("runtime") => vec![Part::Runtime],
        Some(_) => vec![Part::Pipeline],
        None => Part::ALL.to_vec(),
    };
    let config = xtask::mutants::Config {
        parts,
        jobs: args.jobs,
        list: args.list,
        iterate: args.iterate,
        shuffle: args.shuffle,
        files: args.file,
        res: args.re,
    };
    match xtask::mutants::run(root, &config) {
        Ok(failed) if failed.is_empty() => ExitCode::SUCCESS,
        Ok(failed) => {
            for part in failed {
                let dir = config.output_dir(part);
                eprintln!("error: {} mutants survived or timed out; see {dir}/mutants.out/", part.name());
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
