//! `cargo xtask bench`: times the pipeline stages, generation alone and the whole in-memory regen
//! on the real pages and on synthetic markdown pages in the same format (500 and 5,000
//! operations), counts the generated lines and — with [`Config::cargo_check`] — times `cargo check`
//! of the generated crate with its dependencies prebuilt. Prints one Markdown table.
//!
//! Targets (issues 2, 3, 6): regen on the real pages well under 100 ms; 5,000 operations regen in
//! under 2 s; the real client crate checks in under 3 s (dependencies prebuilt); everything grows
//! linearly with the number of operations (compare the per-operation columns across rows).

mod synthetic;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::client::ClientSettings;
use crate::extract;
use crate::merge;
use crate::names;
use crate::normalize;
use crate::pipeline::{self, PageText};
use crate::realworld::workspace;
use crate::regen::{self, Inputs};

pub use synthetic::{make_sized, pages as synthetic};

/// What the benchmark measures besides the in-process stages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Also time `cargo check` of each generated crate (dependencies prebuilt in
    /// `target/bench-check`; the first, untimed run builds them). Slow the first time.
    pub cargo_check: bool,
    /// Measure only the sets whose label contains this text (all when `None`), for example to
    /// profile one of them.
    pub only: Option<String>,
}

/// Labels of the measured sets.
const REAL: &str = "real pages";
const MAKE: &str = "synthetic Make-sized, media + shapes";
const MID: &str = "synthetic 500 ops";
const BIG: &str = "synthetic 5,000 ops";

/// A measured set: its label, how its inputs are made from the real pages' inputs, and the
/// number of runs whose median is reported.
type Set = (&'static str, fn(&Inputs) -> Inputs, usize);

/// The synthetic `pages` with the real pages' client settings and no name lock.
fn synthetic_inputs(real: &Inputs, pages: Vec<PageText>) -> Inputs {
    Inputs { pages, lock: None, client: real.client.clone() }
}

/// The regen time target on the real pages.
const REAL_TARGET: Duration = Duration::from_millis(100);
/// Operations of the Make-sized synthetic set (Make's whole API has about 470).
const MAKE_OPS: usize = 470;
/// The regen time target for the Make-sized set (release build).
const MAKE_TARGET: Duration = Duration::from_millis(100);
/// The regen time target for 5,000 operations.
const BIG_TARGET: Duration = Duration::from_secs(2);
/// The `cargo check` target for the generated crate (dependencies prebuilt).
const CHECK_TARGET: Duration = Duration::from_secs(3);

/// Runs the benchmark on the repository at `root` and prints the table to `out`, with progress
/// on stderr.
pub fn run(root: &Path, config: &Config, out: &mut dyn Write) -> ExitCode {
    let real = match regen::read_inputs(root) {
        Ok(inputs) => inputs,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // (label, inputs, runs): fewer runs for the synthetic sets keep the default bench under ~30 s.
    let sets: [Set; 4] = [
        (REAL, |real| real.clone(), 5),
        (MAKE, |real| synthetic_inputs(real, make_sized(MAKE_OPS, 68)), 3),
        (MID, |real| synthetic_inputs(real, synthetic(500, 10)), 3),
        (BIG, |real| synthetic_inputs(real, synthetic(5000, 50)), 3),
    ];
    let wanted = |label: &str| config.only.as_deref().is_none_or(|only| label.contains(only));
    let sets: Vec<_> = sets.into_iter().filter(|(label, ..)| wanted(label)).collect();
    if sets.is_empty() {
        eprintln!("bench: no set's label contains {:?}; the sets are: {REAL}, {MAKE}, {MID}, {BIG}", config.only);
        return ExitCode::FAILURE;
    }
    let profile =
        if cfg!(debug_assertions) { "debug (use `cargo run --release -p xtask -- bench`)" } else { "release" };
    let _ = writeln!(out, "build: {profile}; each time is the median of 5 runs (real pages) or 3 (synthetic sets)\n");
    let mut header = String::from(
        "| input | ops | extract | normalize | merge+name | pipeline | generate | regen | regen/op | lines | lines/op |",
    );
    let mut rule = String::from("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    if config.cargo_check {
        header.push_str(" cargo check | check/op |");
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    let mut rows = Vec::new();
    let progress = crate::progress::start("bench", sets.len());
    for (label, make_inputs, runs) in &sets {
        progress.working(&format!("measuring {label}"));
        let row = match measure(&make_inputs(&real), *runs, config, root) {
            Ok(row) => row,
            Err(e) => {
                eprintln!("{label}: {e}");
                return ExitCode::FAILURE;
            }
        };
        progress.done(out, &render_row(label, &row));
        rows.push((*label, row));
    }
    drop(progress);
    let _ = writeln!(out, "\n{}", verdicts(&rows));
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn per_op(d: Duration, ops: usize) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6 / ops.max(1) as f64)
}

/// One row of the table.
#[derive(Debug, Clone, Default)]
struct Row {
    ops: usize,
    extract: Duration,
    normalize: Duration,
    merge: Duration,
    pipeline: Duration,
    generate: Duration,
    regen: Duration,
    lines: usize,
    check: Option<Duration>,
}

fn render_row(label: &str, r: &Row) -> String {
    let mut line = format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} |",
        r.ops,
        ms(r.extract),
        ms(r.normalize),
        ms(r.merge),
        ms(r.pipeline),
        ms(r.generate),
        ms(r.regen),
        per_op(r.regen, r.ops),
        r.lines,
        r.lines as f64 / r.ops.max(1) as f64,
    );
    if let Some(check) = r.check {
        let check_per_op = check.as_secs_f64() * 1e3 / r.ops.max(1) as f64;
        line.push_str(&format!(" {:.2} s | {check_per_op:.2} ms |", check.as_secs_f64()));
    }
    line
}

/// The targets, each with the measured value and whether it is met; a target whose sets were
/// not measured (see [`Config::only`]) is left out.
fn verdicts(rows: &[(&str, Row)]) -> String {
    let mut out = String::from("targets:\n");
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    let row = |label: &str| rows.iter().find(|(l, _)| *l == label).map(|(_, r)| r);
    if let Some(real) = row(REAL) {
        out.push_str(&format!(
            "- regen on the real pages well under 100 ms (checked: < 100 ms): {} ({})\n",
            ms(real.regen),
            met(real.regen < REAL_TARGET)
        ));
    }
    if let Some(make) = row(MAKE) {
        out.push_str(&format!(
            "- Make-sized set ({} ops: multipart, binary, text, event streams, response headers, tagged unions, open enums, primitive unions) regen under 100 ms: {} ({})\n",
            make.ops,
            ms(make.regen),
            met(make.regen < MAKE_TARGET)
        ));
    }
    if let Some(big) = row(BIG) {
        out.push_str(&format!(
            "- 5,000 operations regen under 2 s: {} ({})\n",
            ms(big.regen),
            met(big.regen < BIG_TARGET)
        ));
    }
    if let (Some(mid), Some(big)) = (row(MID), row(BIG)) {
        let ratio = |f: fn(&Row) -> f64| f(big) / big.ops.max(1) as f64 / (f(mid) / mid.ops.max(1) as f64);
        out.push_str(&format!(
            "- linear growth (per-op cost at 5,000 ÷ per-op cost at 500, ≈1 is linear): regen {:.2}, lines {:.2}",
            ratio(|r| r.regen.as_secs_f64()),
            ratio(|r| r.lines as f64)
        ));
        if let (Some(_), Some(_)) = (mid.check, big.check) {
            out.push_str(&format!(", cargo check {:.2}", ratio(|r| r.check.map_or(0.0, |d| d.as_secs_f64()))));
        }
        out.push('\n');
    }
    if let Some(check) = row(REAL).and_then(|r| r.check) {
        out.push_str(&format!(
            "- the real client crate checks in under 3 s (dependencies prebuilt): {:.2} s ({})\n",
            check.as_secs_f64(),
            met(check < CHECK_TARGET)
        ));
    }
    out
}

/// Medians of the stages over `runs` runs, then (optionally) the `cargo check` time.
fn measure(inputs: &Inputs, runs: usize, config: &Config, root: &Path) -> Result<Row, String> {
    let pages = &inputs.pages;
    let mut samples: Vec<Row> = Vec::new();
    let mut files = Vec::new();
    let mut ops = 0;
    for _ in 0..runs.max(1) {
        let mut row = stages(pages)?;
        // The whole pipeline: the typed spec, the lock and the report, and the YAML (which
        // `regen::outputs` renders alongside generation).
        let t0 = Instant::now();
        let built = pipeline::build(pages, inputs.lock.as_deref()).map_err(|e| e.to_string())?;
        built.yaml().map_err(|e| e.to_string())?;
        let t1 = Instant::now();
        files = generate(&built.spec, &inputs.client)?;
        let t2 = Instant::now();
        regen::outputs(inputs).map_err(|e| e.to_string())?;
        let t3 = Instant::now();
        ops = built.report.pages.iter().map(|p| p.operations).sum();
        row.pipeline = t1 - t0;
        row.generate = t2 - t1;
        row.regen = t3 - t2;
        samples.push(row);
    }
    let lines = files.iter().map(|f| f.contents.lines().count()).sum();
    let median = |f: fn(&Row) -> Duration| {
        let mut v: Vec<Duration> = samples.iter().map(f).collect();
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    let check = if config.cargo_check { Some(check_time(&files, ops, root)?) } else { None };
    Ok(Row {
        ops,
        extract: median(|r| r.extract),
        normalize: median(|r| r.normalize),
        merge: median(|r| r.merge),
        pipeline: median(|r| r.pipeline),
        generate: median(|r| r.generate),
        regen: median(|r| r.regen),
        lines,
        check,
    })
}

/// One timed run of each stage on one thread. The whole pipeline, timed by the caller as
/// `pipeline::build` plus rendering the YAML, runs the per-page stages and the validation
/// on all cores, reads the merged spec into openapiv3 types and cross-checks page forms.
fn stages(pages: &[PageText]) -> Result<Row, String> {
    let t0 = Instant::now();
    let mut endpoints = Vec::new();
    for p in pages {
        endpoints.extend(extract::extract_page(&p.page, &p.text).map_err(|e| e.to_string())?.endpoints);
    }
    let t1 = Instant::now();
    normalize::normalize(&mut endpoints).map_err(|e| e.to_string())?;
    let t2 = Instant::now();
    let mut merged = merge::merge_owned(endpoints).map_err(|e| e.to_string())?;
    names::assign(&mut merged.spec, &names::Lock::new()).map_err(|e| e.to_string())?;
    let t3 = Instant::now();
    Ok(Row { extract: t1 - t0, normalize: t2 - t1, merge: t3 - t2, ..Row::default() })
}

fn generate(spec: &openapiv3::OpenAPI, settings: &ClientSettings) -> Result<Vec<generator::GeneratedFile>, String> {
    let config = generator::Config {
        crate_name: settings.name.clone(),
        crate_version: settings.version.clone(),
        description: settings.description.clone(),
        ..generator::Config::default()
    };
    generator::generate(spec, &config).map_err(|e| format!("generation failed: {e}"))
}

/// `cargo check` time of the generated crate after touching `src/lib.rs`, with dependencies (and
/// the crate itself) built by an untimed first run. The crate is written to a temporary
/// workspace (removed afterwards); the target dir is `target/bench-check` in the repository.
fn check_time(files: &[generator::GeneratedFile], ops: usize, root: &Path) -> Result<Duration, String> {
    let ws_guard = workspace::temp_dir("make-codegen-bench").map_err(|e| e.to_string())?;
    let ws = ws_guard.path();
    let dir = format!("bench-{ops}");
    let package = workspace::package_name(files).ok_or("generated Cargo.toml has no package name")?;
    let target = root.join("target").join("bench-check");
    let result = (|| {
        workspace::write(ws, root, &[workspace::Member { dir: dir.clone(), files }]).map_err(|e| e.to_string())?;
        eprintln!("bench: building the dependencies of the {ops}-op crate (untimed)…");
        let warm = workspace::cargo_check(ws, &target, &package).map_err(|e| e.to_string())?;
        if !warm.success {
            return Err(format!("cargo check of the generated crate failed:\n{}", warm.output));
        }
        workspace::touch(&ws.join(&dir).join("src/lib.rs")).map_err(|e| e.to_string())?;
        let timed = workspace::cargo_check(ws, &target, &package).map_err(|e| e.to_string())?;
        if !timed.success {
            return Err(format!("cargo check of the generated crate failed:\n{}", timed.output));
        }
        Ok(timed.elapsed)
    })();
    drop(ws_guard);
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// Generated code each construct of the Make-sized set leaves.
    const MAKE_CONSTRUCTS: [&str; 8] = [
        "RequestBody::multipart(body)",
        "RequestBody::text(\"text/markdown\", body)",
        "crate::runtime::text_value",
        "crate::runtime::binary",
        "crate::EventStream<",
        "send_with_headers",
        "crate::tagged::variant(",
        "    Csv,\n",
    ];

    /// The synthetic pages go through the whole regen: every operation is extracted, the spec
    /// generates, and the shared `pg` object and error body are emitted once, not per operation.
    #[test]
    fn synthetic_pages_regen_end_to_end() {
        let settings =
            ClientSettings { name: "x".into(), version: "0.1.0".into(), description: "x".into(), ..Default::default() };
        for (ops, pages) in [(7, 1), (40, 3)] {
            let inputs = Inputs { pages: synthetic(ops, pages), lock: None, client: settings.clone() };
            let (built, files) = regen::outputs(&inputs).unwrap();
            let counted: usize = built.report.pages.iter().map(|p| p.operations).sum();
            assert_eq!(counted, ops);
            let types = files.iter().find(|f| f.path.ends_with("src/types.rs")).unwrap();
            let show_last = types.contents.matches("pub show_last:").count();
            assert_eq!(show_last, 1, "the `pg` object should be deduplicated:\n{}", types.contents);
        }
    }

    /// The Make-sized set generates with every media kind and schema shape in the client: the
    /// generated code has multipart forms, bytes, text, event streams, typed response headers,
    /// a tagged union, an open enum (its constants; every string enum is open) and a primitive
    /// union (an untagged enum of a bool, an integer and a string).
    #[test]
    fn make_sized_set_uses_every_construct() {
        let settings =
            ClientSettings { name: "x".into(), version: "0.1.0".into(), description: "x".into(), ..Default::default() };
        let inputs = Inputs { pages: make_sized(MAKE_OPS, 68), lock: None, client: settings };
        let (built, files) = regen::outputs(&inputs).unwrap();
        let counted: usize = built.report.pages.iter().map(|p| p.operations).sum();
        assert_eq!(counted, MAKE_OPS);
        let code: String = files.iter().map(|f| f.contents.as_str()).collect();
        for construct in MAKE_CONSTRUCTS {
            assert!(code.contains(construct), "no `{construct}` in the generated code");
        }
        let primitive_union =
            "#[serde(untagged)]\npub enum Connection0Value {\n    /// The value as a boolean.\n    Bool(bool),";
        assert!(code.contains(primitive_union), "no primitive union");
    }

    #[test]
    fn verdicts_flag_missed_targets() {
        let row =
            |ops, regen_ms| Row { ops, regen: Duration::from_millis(regen_ms), lines: ops * 10, ..Row::default() };
        let text =
            verdicts(&[(REAL, row(30, 20)), (MAKE, row(470, 120)), (MID, row(500, 200)), (BIG, row(5000, 2500))]);
        assert!(text.contains("real pages well under 100 ms (checked: < 100 ms): 20.00 ms (met)"), "{text}");
        assert!(text.contains("primitive unions) regen under 100 ms: 120.00 ms (MISSED)"), "{text}");
        assert!(text.contains("under 2 s: 2500.00 ms (MISSED)"), "{text}");
        assert!(text.contains("regen 1.25, lines 1.00\n"), "{text}");
        assert!(!text.contains("checks in"), "{text}");
        let checked = |ops, secs| Row { check: Some(Duration::from_secs(secs)), ..row(ops, 10) };
        let text = verdicts(&[
            (REAL, checked(30, 4)),
            (MAKE, checked(470, 4)),
            (MID, checked(500, 5)),
            (BIG, checked(5000, 40)),
        ]);
        assert!(text.contains("cargo check 0.80"), "{text}");
        assert!(text.contains("checks in under 3 s (dependencies prebuilt): 4.00 s (MISSED)"), "{text}");
        // Only the Make-sized set measured: only its target is judged.
        let text = verdicts(&[(MAKE, row(470, 90))]);
        assert_eq!(
            text,
            "targets:\n- Make-sized set (470 ops: multipart, binary, text, event streams, response headers, tagged unions, open enums, primitive unions) regen under 100 ms: 90.00 ms (met)\n"
        );
    }
}
