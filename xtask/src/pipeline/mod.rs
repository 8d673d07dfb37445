//! The spec pipeline end to end: pages → extract → normalize → merge → name → one spec.
//!
//! Pure: page texts and the name lock come in, the typed spec, the new lock text and a
//! report go out; [`Built::yaml`] renders the spec as YAML. `regen` does the file IO
//! around it. Pages are extracted and normalized, and the merged spec is read into
//! openapiv3 types, on all cores; the results never depend on the number of threads.

mod locate;
pub(crate) mod par;
mod survey;
mod typed;

pub use locate::{Place, SourceIndex, dangling_refs};
pub use survey::{InternalOp, Overlap, PathAt, internal_operations, overlaps};
pub use typed::{YAML_HEADER, failure, to_yaml, validate, validate_merged};

use std::fmt::Write as _;

use serde_json::Value;

use crate::crosscheck;
use crate::diag::{Diagnostic, Diagnostics};
use crate::extract::{self, Endpoint, Skip};
use crate::merge::{self, Merged};
use crate::names::{self, NameChanges};
use crate::normalize::{self, Fix};
use crate::paths::SPEC_FILE;
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
    /// `specs/operation-names.toml`'s contents.
    pub lock: String,
    /// The regen report.
    pub report: Report,
    /// The page and line each operation and component of `spec` came from, to locate
    /// problems found in it later (by the generator).
    pub sources: SourceIndex,
}

impl Built {
    /// `specs/openapi.yaml`'s contents: the spec rendered by [`to_yaml`].
    pub fn yaml(&self) -> Result<String, Diagnostics> {
        to_yaml(&self.spec)
    }

    /// [`Built::yaml`], rendered on a thread of its own while `work` runs.
    pub fn yaml_alongside<R: Send>(&self, work: impl FnOnce() -> R + Send) -> (Result<String, Diagnostics>, R) {
        par::join(STACK_SIZE, || self.yaml(), work)
    }
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
            .map_err(|e| Diagnostics(vec![Diagnostic::new(SPEC_FILE, 0, format!("cannot start the pipeline: {e}"))]))?;
        worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn build_here(pages: &[PageText], lock_text: Option<&str>) -> Result<Built, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut endpoints: Vec<Endpoint> = Vec::new();
    let mut skips: Vec<Skip> = Vec::new();
    let mut counts = Vec::new();
    let mut fixes: Vec<Fix> = Vec::new();
    // Pages are independent until the merge: each is read on whichever core is free, and the
    // results are gathered in page order.
    for page in par::map(pages, par::workers(), STACK_SIZE, read_page) {
        counts.extend(page.count);
        endpoints.extend(page.endpoints);
        skips.extend(page.skips);
        fixes.extend(page.fixes);
        diags.0.extend(page.diags);
    }
    let lock = names::parse_lock(lock_text).map_err(|d| diags.0.extend(d.0)).ok();
    if !diags.is_empty() {
        diags.0.sort();
        return Err(diags);
    }
    // The merged spec is validated once; only when merging or validation fails are the
    // fragments (taken apart by the merge, so read again) validated one by one, so errors
    // name the page and line.
    let merged = merge::merge_owned(endpoints).and_then(|Merged { mut spec, notes, shadowed, sources }| {
        let (lock, names) = names::assign(&mut spec, &lock.unwrap_or_default())?;
        Ok((spec, lock, names, notes, shadowed, sources))
    });
    let (mut spec, lock, names, notes, shadowed, sources) = match merged {
        Ok(m) => m,
        Err(d) => return Err(located(d, pages)),
    };
    // A reference is written `"$ref"` (or with the `$` escaped); pages without one have none.
    let has_refs = pages.iter().any(|p| p.text.contains("$ref") || p.text.contains("\\u0024"));
    let dangling = if has_refs { dangling_refs(&spec, &sources) } else { Vec::new() };
    if !dangling.is_empty() {
        return Err(Diagnostics(sorted(dangling)));
    }
    let spec_typed = match typed::validate_merged(&mut spec, SPEC_FILE, 0, par::workers(), STACK_SIZE) {
        Ok(t) => t,
        Err(d) => {
            // A fragment that fails on its own says best where the problem is; otherwise the
            // merged spec's failure is mapped back to the page its operation came from.
            let fragments = fragment_errors(pages);
            let d = match typed::failure(&spec) {
                Some((pointer, message)) if fragments.is_empty() => sources.diagnostic(&pointer, &message),
                _ => d,
            };
            return Err(located_with(Diagnostics(vec![d]), fragments));
        }
    };
    let (overlaps, internal) = (overlaps(&spec, &sources), internal_operations(&spec, &sources));
    par::drop_later(spec);
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
        overlaps,
        internal,
        internal_included: false,
    };
    Ok(Built { spec: spec_typed, lock, report, sources })
}

/// Everything one page yields before the merge.
struct PageOut {
    /// Its operation count, when it could be read.
    count: Option<PageCount>,
    /// Its endpoints, normalized.
    endpoints: Vec<Endpoint>,
    /// Its skipped sections.
    skips: Vec<Skip>,
    /// The fixes normalization applied.
    fixes: Vec<Fix>,
    /// Its problems (unsorted).
    diags: Vec<Diagnostic>,
}

/// Extracts and normalizes one page and checks its documents' depth.
fn read_page(p: &PageText) -> PageOut {
    let mut out =
        PageOut { count: None, endpoints: Vec::new(), skips: Vec::new(), fixes: Vec::new(), diags: Vec::new() };
    match extract::extract_page(&p.page, &p.text) {
        Ok(extracted) => {
            out.count =
                Some(PageCount { file: p.page.file(), form: p.page.form, operations: extracted.endpoints.len() });
            out.endpoints = extracted.endpoints;
            out.skips = extracted.skips;
        }
        Err(d) => out.diags = d.0,
    }
    match normalize::normalize(&mut out.endpoints) {
        Ok(fixes) => out.fixes = fixes,
        Err(d) => out.diags.extend(d.0),
    }
    for e in &out.endpoints {
        if let Some(pointer) = deeper_than(&e.document, MAX_DEPTH) {
            out.diags.push(Diagnostic::new(
                &e.file,
                e.line,
                format!("`{pointer}` is nested more than {MAX_DEPTH} levels deep"),
            ));
        }
    }
    out
}

/// A merge or validation failure, with the fragment-level errors that say where it is
/// when there are any (the merged-spec error then only repeats them); sorted. The
/// fragments are read from the pages again: the merge took them apart.
fn located(d: Diagnostics, pages: &[PageText]) -> Diagnostics {
    located_with(d, fragment_errors(pages))
}

/// Each fragment's own validation failure, located at its page and line.
fn fragment_errors(pages: &[PageText]) -> Vec<Diagnostic> {
    par::map(pages, par::workers(), STACK_SIZE, read_page)
        .iter()
        .flat_map(|p| &p.endpoints)
        .filter_map(|e| validate(&e.document, &e.file, e.line).err())
        .collect()
}

/// [`located`] with the fragments' errors already known.
fn located_with(mut d: Diagnostics, located: Vec<Diagnostic>) -> Diagnostics {
    if !located.is_empty() {
        d.0.retain(|x| x.file != SPEC_FILE);
        d.0.extend(located);
    }
    d.0.sort();
    d
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
/// any (iterative, so the check itself cannot overflow the stack). Allocates only
/// for the walk's stack and the pointer it returns.
pub fn deeper_than(doc: &Value, max: usize) -> Option<String> {
    let root = Children::of(doc)?;
    if max == 0 {
        return Some("#".to_string());
    }
    // frames[d] walks the children of the container at depth d on the current path;
    // path[d] is the step from it to the child being visited.
    let mut frames: Vec<Children<'_>> = vec![root];
    let mut path: Vec<Step<'_>> = Vec::new();
    while let Some(frame) = frames.last_mut() {
        let Some((step, child)) = frame.next() else {
            frames.pop();
            path.pop();
            continue;
        };
        let Some(grandchildren) = Children::of(child) else { continue };
        path.push(step);
        if frames.len() >= max {
            return Some(pointer(&path));
        }
        frames.push(grandchildren);
    }
    None
}

/// A step from a container to one of its children.
#[derive(Clone, Copy)]
enum Step<'a> {
    Index(usize),
    Key(&'a str),
}

/// The children of an array or object, with the steps to them.
enum Children<'a> {
    Array(std::iter::Enumerate<std::slice::Iter<'a, Value>>),
    Object(serde_json::map::Iter<'a>),
}

impl<'a> Children<'a> {
    fn of(v: &'a Value) -> Option<Self> {
        match v {
            Value::Array(items) => Some(Children::Array(items.iter().enumerate())),
            Value::Object(map) => Some(Children::Object(map.iter())),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<(Step<'a>, &'a Value)> {
        match self {
            Children::Array(it) => it.next().map(|(i, c)| (Step::Index(i), c)),
            Children::Object(it) => it.next().map(|(k, c)| (Step::Key(k.as_str()), c)),
        }
    }
}

fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::from("#");
    for step in path {
        let _ = match step {
            Step::Index(i) => write!(out, "/{i}"),
            Step::Key(k) => write!(out, "/{}", generator::PointerToken(k)),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn deeper_than_names_the_first_container_past_the_limit() {
        // Depths: root 0, `a` 1, the array 2, its object 3, `d` 4.
        let doc = json!({"a": {"b/c~": [{"d": []}], "e": 1}});
        assert_eq!(deeper_than(&doc, 5), None);
        assert_eq!(deeper_than(&doc, 4).as_deref(), Some("#/a/b~1c~0/0/d"));
        assert_eq!(deeper_than(&doc, 3).as_deref(), Some("#/a/b~1c~0/0"));
        assert_eq!(deeper_than(&doc, 1).as_deref(), Some("#/a"));
        assert_eq!(deeper_than(&doc, 0).as_deref(), Some("#"));
    }

    #[test]
    fn deeper_than_reports_in_document_order_and_ignores_scalars() {
        let doc = json!({"x": [1, "s", {"k": null}], "y": [[[]]], "z": [[[[]]]]});
        assert_eq!(deeper_than(&doc, 2).as_deref(), Some("#/x/2"));
        assert_eq!(deeper_than(&doc, 3).as_deref(), Some("#/y/0/0"));
        assert_eq!(deeper_than(&doc, 4).as_deref(), Some("#/z/0/0/0"));
        assert_eq!(deeper_than(&doc, 5), None);
        assert_eq!(deeper_than(&json!("text"), 0), None);
        assert_eq!(deeper_than(&json!([]), 1), None);
    }

    #[test]
    fn deeper_than_walks_very_deep_documents_without_recursion() {
        let mut doc = json!(1);
        for i in 0..100_000 {
            doc = if i % 2 == 0 {
                Value::Array(vec![doc])
            } else {
                Value::Object(std::iter::once(("k".to_string(), doc)).collect())
            };
        }
        let pointer = deeper_than(&doc, 3).unwrap_or_default();
        assert_eq!(pointer, "#/k/0/k");
        assert_eq!(deeper_than(&doc, 100_001), None);
        // serde_json drops deep values recursively; take it apart by hand.
        while let Some(inner) = match &mut doc {
            Value::Array(a) => a.pop(),
            Value::Object(o) => o.remove("k"),
            _ => None,
        } {
            doc = inner;
        }
    }
}
