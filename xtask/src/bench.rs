//! `cargo xtask bench`: times the pipeline stages on the real pages and on synthetic
//! markdown pages in the same format (500 and 5,000 operations), printed as a table.
//!
//! Targets (issue 2): the real pages well under 100 ms; time grows linearly with
//! the number of operations (compare the per-operation column across rows).

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::extract;
use crate::merge;
use crate::names;
use crate::normalize;
use crate::pipeline::{self, PageText};
use crate::regen;
use crate::sources::{Form, Page};

/// Runs the benchmark and prints the table to `out`.
pub fn run(out: &mut dyn Write) -> ExitCode {
    let root = regen::repo_root();
    let real = match regen::read_pages(&root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let sets =
        [("real pages", real), ("synthetic 500 ops", synthetic(500, 10)), ("synthetic 5,000 ops", synthetic(5000, 50))];
    let profile =
        if cfg!(debug_assertions) { "debug (use `cargo run --release -p xtask -- bench`)" } else { "release" };
    let _ = writeln!(out, "build: {profile}; each cell is the median of 5 runs\n");
    let _ = writeln!(out, "| input | ops | extract | normalize | merge+name | whole pipeline | per op |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for (label, pages) in &sets {
        match measure(pages) {
            Ok(row) => {
                let per_op = row.total.as_secs_f64() * 1e6 / row.ops.max(1) as f64;
                let _ = writeln!(
                    out,
                    "| {label} | {} | {} | {} | {} | {} | {per_op:.1} µs |",
                    row.ops,
                    ms(row.extract),
                    ms(row.normalize),
                    ms(row.merge),
                    ms(row.total)
                );
            }
            Err(e) => {
                eprintln!("{label}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

struct Row {
    ops: usize,
    extract: Duration,
    normalize: Duration,
    merge: Duration,
    total: Duration,
}

/// Median of five runs of each stage.
fn measure(pages: &[PageText]) -> Result<Row, String> {
    let mut rows = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let mut endpoints = Vec::new();
        for p in pages {
            endpoints.extend(extract::extract_page(&p.page, &p.text).map_err(|e| e.to_string())?.endpoints);
        }
        let t1 = Instant::now();
        normalize::normalize(&mut endpoints).map_err(|e| e.to_string())?;
        let t2 = Instant::now();
        let ops = endpoints.len();
        let mut merged = merge::merge(endpoints).map_err(|e| e.to_string())?;
        names::assign(&mut merged.spec, &names::Lock::new()).map_err(|e| e.to_string())?;
        let t3 = Instant::now();
        pipeline::build(pages, None).map_err(|e| e.to_string())?;
        let t4 = Instant::now();
        rows.push(Row { ops, extract: t1 - t0, normalize: t2 - t1, merge: t3 - t2, total: t4 - t3 });
    }
    rows.sort_by_key(|r| r.total);
    rows.into_iter().nth(2).ok_or_else(|| "no runs".to_string())
}

/// Markdown pages in the docs' format with `ops` operations spread over `pages_n` pages.
pub fn synthetic(ops: usize, pages_n: usize) -> Vec<PageText> {
    let per_page = ops.div_ceil(pages_n.max(1));
    (0..pages_n)
        .map(|p| {
            let mut text = format!("# Resource {p}\n\nSynthetic page.\n\n");
            for i in 0..per_page.min(ops.saturating_sub(p * per_page)) {
                let frag = serde_json::json!({
                    "openapi": "3.0.0",
                    "info": {"title": "Synthetic", "version": "1.0.0"},
                    "tags": [{"name": format!("Resource{p}"), "description": "Synthetic."}],
                    "servers": [{"url": "https://eu1.make.com/api/v2", "description": "EU1 production zone"}],
                    "security": [{"token": [format!("resource{p}:read")]}],
                    "components": {"securitySchemes": {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}},
                    "paths": {format!("/resource{p}/{{id}}/item{i}"): {"get": {
                        "tags": [format!("Resource{p}")],
                        "summary": format!("Get item {i} of resource {p}"),
                        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"item": {"type": "object", "properties": {
                                "id": {"type": "integer"}, "name": {"type": "string"},
                                "created": {"type": "string", "format": "datetime"},
                                "size": {"type": "bigint"}}}}}}}}}}}}
                });
                text.push_str(&format!("## Get item {i} of resource {p}\n\n> Gets \\`item{i}\\`.\n\n```json\n{frag}\n```\n\n"));
            }
            let page = Page {
                slug: format!("resource{p}"),
                url: format!("https://example.invalid/resource{p}"),
                snapshot: format!("pages/resource{p}.md"),
                form: Form::Markdown,
            };
            PageText { page, text }
        })
        .collect()
}
