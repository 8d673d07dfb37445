//! The spec pipeline end to end: pages → extract → normalize → merge → name → one spec.
//!
//! Pure: page texts and the name lock come in, the spec (typed and as YAML), the
//! new lock text and a report go out. `regen` does the file IO around it.

use serde_json::Value;

use crate::crosscheck;
use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::{self, Endpoint, Skip};
use crate::merge::{self, Merged};
use crate::names::{self, NameChanges};
use crate::normalize::{self, Fix};
use crate::report::{PageCount, Report};
use crate::sources::Page;

/// A page of the manifest with its snapshot text.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The manifest entry.
    pub page: Page,
    /// The snapshot's contents.
    pub text: String,
}

/// What the pipeline produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// The merged spec, as the generator reads it.
    pub spec: openapiv3::OpenAPI,
    /// `specs/openapi.yaml`'s contents.
    pub yaml: String,
    /// `specs/operation-names.toml`'s contents.
    pub lock: String,
    /// The regen report.
    pub report: Report,
}

/// Deepest JSON nesting accepted in one endpoint document. Markdown fragments stay
/// within it (serde_json refuses deeper JSON); documents whose schemas are inferred
/// from rendered examples may not.
pub const MAX_DEPTH: usize = 128;

/// Stack of the thread the stages run on. Deserializing a schema into openapiv3
/// types takes roughly 50 KB of stack per nesting level in debug builds, so
/// [`MAX_DEPTH`] levels need more than a default 2 MB thread stack.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Runs every stage; all problems of a run are returned together.
///
/// The stages run on a thread of their own with a stack large enough for the
/// deepest document accepted, so deep input gives a result, never a stack overflow.
pub fn build(pages: &[PageText], lock_text: Option<&str>) -> Result<Built, Diagnostics> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("pipeline".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || build_here(pages, lock_text))
            .map_err(|e| {
                Diagnostics(vec![Diagnostic::new("specs/openapi.yaml", 0, format!("cannot start the pipeline: {e}"))])
            })?;
        worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn build_here(pages: &[PageText], lock_text: Option<&str>) -> Result<Built, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut endpoints: Vec<Endpoint> = Vec::new();
    let mut skips: Vec<Skip> = Vec::new();
    let mut counts = Vec::new();
    for p in pages {
        match extract::extract_page(&p.page, &p.text) {
            Ok(out) => {
                counts.push(PageCount { file: p.page.file(), form: p.page.form, operations: out.endpoints.len() });
                endpoints.extend(out.endpoints);
                skips.extend(out.skips);
            }
            Err(d) => diags.0.extend(d.0),
        }
    }
    let lock = names::parse_lock(lock_text).map_err(|d| diags.0.extend(d.0)).ok();
    let fixes: Vec<Fix> = normalize::normalize(&mut endpoints).map_err(|d| diags.0.extend(d.0)).unwrap_or_default();
    for e in &endpoints {
        if let Some(pointer) = deeper_than(&e.document, MAX_DEPTH) {
            diags.push(Diagnostic::new(
                &e.file,
                e.line,
                format!("`{pointer}` is nested more than {MAX_DEPTH} levels deep"),
            ));
        }
    }
    if !diags.is_empty() {
        diags.0.sort();
        return Err(diags);
    }
    // The merged spec is validated once; only when merging or validation fails are the
    // fragments validated one by one, so errors name the page and line.
    let built = merge::merge(&endpoints).and_then(|Merged { mut spec, notes, shadowed }| {
        let (lock, names) = names::assign(&mut spec, &lock.unwrap_or_default())?;
        let typed = validate(&spec, "specs/openapi.yaml", 0).map_err(|d| Diagnostics(vec![d]))?;
        Ok((typed, lock, names, notes, shadowed))
    });
    let (spec_typed, lock, names, notes, shadowed) = match built {
        Ok(b) => b,
        Err(mut d) => {
            let located: Vec<Diagnostic> =
                endpoints.iter().filter_map(|e| validate(&e.document, &e.file, e.line).err()).collect();
            if !located.is_empty() {
                // The fragment-level errors say where; the merged-spec error only repeats them.
                d.0.retain(|x| x.file != "specs/openapi.yaml");
                d.0.extend(located);
            }
            d.0.sort();
            return Err(d);
        }
    };
    let yaml = to_yaml(&spec_typed)?;
    skips.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    counts.sort_by(|a, b| a.file.cmp(&b.file));
    let inconsistencies = shadowed.iter().flat_map(|(md, rendered)| crosscheck::compare(md, rendered)).collect();
    let report = Report {
        pages: counts,
        fixes: sorted(fixes),
        skips,
        names: sorted_names(names),
        notes,
        shadowed,
        inconsistencies,
    };
    Ok(Built { spec: spec_typed, yaml, lock, report })
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn sorted_names(mut n: NameChanges) -> NameChanges {
    n.added.sort();
    n.vanished.sort();
    n
}

/// The JSON pointer of the first array or object nested inside `max` others, if
/// any (iterative, so the check itself cannot overflow the stack).
pub fn deeper_than(doc: &Value, max: usize) -> Option<String> {
    let mut stack: Vec<(&Value, usize, String)> = vec![(doc, 0, "#".to_string())];
    while let Some((v, depth, pointer)) = stack.pop() {
        let children: Vec<(&Value, String)> = match v {
            Value::Array(items) => items.iter().enumerate().map(|(i, c)| (c, format!("{pointer}/{i}"))).collect(),
            Value::Object(map) => map
                .iter()
                .map(|(k, c)| (c, format!("{pointer}/{}", crate::extract::markdown::pointer_escape(k))))
                .collect(),
            _ => continue,
        };
        if depth >= max {
            return Some(pointer);
        }
        stack.extend(children.into_iter().rev().map(|(c, p)| (c, depth + 1, p)));
    }
    None
}

/// Deserializes a document strictly into openapiv3 types; errors name the JSON path.
pub fn validate(doc: &Value, file: &str, line: usize) -> Result<openapiv3::OpenAPI, Diagnostic> {
    // Fast path: plain deserialization. Only a document that fails is read again with path
    // tracking, which is several times slower, to say where it fails.
    if let Ok(spec) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(doc) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc).map_err(|e| {
        let path = e.path().to_string();
        Diagnostic::new(file, line, format!("not valid OpenAPI 3.0 at `{path}`: {}", e.inner()))
    })
}

/// Serializes the spec as YAML with LF line ends and a trailing newline.
pub fn to_yaml(spec: &openapiv3::OpenAPI) -> Result<String, Diagnostics> {
    let body = yaml_serde::to_string(spec).map_err(|e| {
        Diagnostics(vec![Diagnostic::new("specs/openapi.yaml", 0, format!("cannot serialize the spec: {e}"))])
    })?;
    let mut out = String::from(
        "# @generated by `cargo xtask regen` from the pages in specs/sources.toml — do not edit.\n\
         # Reviewers: this is the merged Make API spec the client is generated from.\n",
    );
    out.push_str(&body.replace("\r\n", "\n"));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
