//! Coverage guard for the Make client's hand-written wire tests: every operation of
//! `specs/openapi.yaml` has a test in `generated-client/tests/operations_<tag>*.rs` that is found
//! by name (`<operationId>` or `<operationId>_…`), calls the operation (`.<operationId>(…)`),
//! mounts the exact request expectation `op("<METHOD>", "<path template>")` with `mount` (which
//! expects it once) and asserts it with `verify`. The test files are parsed with syn, so a call
//! in a comment or a string, or an expectation that is built but never mounted, does not count.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::{self, Visit};
use xtask::regen;

/// One operation as the spec declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SpecOperation {
    tag: String,
    operation_id: String,
    method: String,
    path: String,
}

/// The operations of the merged spec.
fn spec_operations(yaml: &str) -> Vec<SpecOperation> {
    let spec: openapiv3::OpenAPI = yaml_serde::from_str(yaml).unwrap();
    spec.operations()
        .map(|(path, method, op)| SpecOperation {
            tag: op.tags.first().cloned().unwrap_or_default(),
            operation_id: op.operation_id.clone().unwrap_or_default(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
        })
        .collect()
}

/// What one test function does, as far as the guard cares.
#[derive(Debug, Default)]
struct TestFn {
    /// The names of the methods it calls (`.list_teams(…)` → `list_teams`).
    calls: BTreeSet<String>,
    /// The `(METHOD, template)` of every `op(…)` expectation it passes to `mount`.
    mounted: BTreeSet<(String, String)>,
    /// Whether it calls `verify(…)`.
    verifies: bool,
    /// `let` bindings to `op(…)` expectations seen so far, by variable name.
    bindings: BTreeMap<String, (String, String)>,
}

/// The `(METHOD, template)` of `op("METHOD", "template")` at the root of a builder chain
/// (`&op(…).params(…).query(…)`).
fn op_root(expr: &syn::Expr) -> Option<(String, String)> {
    match expr {
        syn::Expr::MethodCall(call) => op_root(&call.receiver),
        syn::Expr::Reference(reference) => op_root(&reference.expr),
        syn::Expr::Paren(paren) => op_root(&paren.expr),
        syn::Expr::Call(call) if is_fn(&call.func, "op") => {
            let strings: Vec<String> = call
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                    _ => None,
                })
                .collect();
            match strings.as_slice() {
                [method, template] if call.args.len() == 2 => Some((method.clone(), template.clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `func` is the plain function name `name`.
fn is_fn(func: &syn::Expr, name: &str) -> bool {
    matches!(func, syn::Expr::Path(p) if p.path.is_ident(name))
}

impl<'ast> Visit<'ast> for TestFn {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Ident(name), Some(init)) = (&local.pat, &local.init) {
            if let Some(op) = op_root(&init.expr) {
                self.bindings.insert(name.ident.to_string(), op);
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.calls.insert(call.method.to_string());
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if is_fn(&call.func, "verify") {
            self.verifies = true;
        }
        if is_fn(&call.func, "mount") {
            let expectation = call.args.iter().nth(1).and_then(|arg| {
                let arg = match arg {
                    syn::Expr::Reference(reference) => &*reference.expr,
                    other => other,
                };
                match arg {
                    syn::Expr::Path(p) => p.path.get_ident().and_then(|id| self.bindings.get(&id.to_string()).cloned()),
                    other => op_root(other),
                }
            });
            self.mounted.extend(expectation);
        }
        visit::visit_expr_call(self, call);
    }
}

/// The test functions (`#[test]`, `#[tokio::test]`) of one source file, by name.
fn test_fns(source: &str) -> BTreeMap<String, TestFn> {
    let file = syn::parse_file(source).unwrap();
    let mut tests = BTreeMap::new();
    for item in file.items {
        let syn::Item::Fn(f) = item else { continue };
        let is_test = f.attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"));
        if is_test {
            let mut test = TestFn::default();
            test.visit_block(&f.block);
            tests.insert(f.sig.ident.to_string(), test);
        }
    }
    tests
}

/// `Admin > Organizations` → `operations_admin_organizations`.
fn file_prefix(tag: &str) -> String {
    let words: Vec<String> = tag
        .split(" > ")
        .map(|part| {
            part.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
        })
        .collect();
    format!("operations_{}", words.join("_"))
}

/// `(file stem, source)` of every test file of the client.
fn client_test_sources() -> Vec<(String, String)> {
    let dir = regen::repo_root().join("generated-client/tests");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let stem = Path::new(&path).file_stem().unwrap().to_string_lossy().into_owned();
            sources.push((stem, std::fs::read_to_string(&path).unwrap()));
        }
    }
    sources.sort();
    sources
}

/// One line per operation without a test that is named for it, calls it, mounts its exact
/// request expectation and verifies it, in a test file of its tag.
fn missing_tests(operations: &[SpecOperation], sources: &[(String, String)]) -> Vec<String> {
    let mut by_prefix: BTreeMap<String, BTreeMap<String, TestFn>> = BTreeMap::new();
    let mut missing = Vec::new();
    for operation in operations {
        let prefix = file_prefix(&operation.tag);
        let tests = by_prefix.entry(prefix.clone()).or_insert_with(|| {
            sources
                .iter()
                .filter(|(stem, _)| *stem == prefix || stem.starts_with(&format!("{prefix}_")))
                .flat_map(|(_, source)| test_fns(source))
                .collect()
        });
        let id = &operation.operation_id;
        let expectation = (operation.method.clone(), operation.path.clone());
        let named = || tests.iter().filter(|(name, _)| *name == id || name.starts_with(&format!("{id}_")));
        let covered = named().any(|(_, t)| t.calls.contains(id) && t.mounted.contains(&expectation) && t.verifies);
        if !covered {
            let names: Vec<&String> = named().map(|(name, _)| name).collect();
            missing.push(format!(
                "{} {} ({} / {id}): need a test `{id}_…` in tests/{prefix}*.rs that calls `.{id}(…)`, \
                 passes `op(\"{}\", \"{}\")` to `mount` and calls `verify` (tests named for it: {names:?})",
                operation.method, operation.path, operation.tag, operation.method, operation.path
            ));
        }
    }
    missing
}

#[test]
fn every_operation_of_the_spec_has_a_wire_test() {
    let spec = std::fs::read_to_string(regen::repo_root().join(xtask::paths::SPEC_FILE)).unwrap();
    let operations = spec_operations(&spec);
    assert!(operations.len() >= 40, "{operations:#?}");
    for operation in &operations {
        assert!(!operation.operation_id.is_empty() && !operation.tag.is_empty(), "incomplete: {operation:?}");
    }
    let missing = missing_tests(&operations, &client_test_sources());
    assert!(missing.is_empty(), "operations without a wire test:\n{}", missing.join("\n"));
}

/// What the guard accepts and rejects, on inline test files.
#[test]
fn the_guard_wants_a_named_test_that_calls_mounts_and_verifies() {
    let operation = SpecOperation {
        tag: "Admin > Teams".into(),
        operation_id: "list_teams".into(),
        method: "GET".into(),
        path: "/teams/{teamId}".into(),
    };
    let test = |name: &str, body: &str| format!("#[tokio::test]\nasync fn {name}() {{\n{body}\n}}\n");
    let complete = r#"
        let expected = op("GET", "/teams/{teamId}").params(&["7"]);
        mount(&server, &expected, 200, json!({})).await;
        expect_ok(&server, api.admin().teams().list_teams(7).send().await).await;
        verify(&server).await;"#;
    let cases = [
        ("complete", "list_teams_decodes_teams", complete.to_owned(), true),
        ("named for the operation alone", "list_teams", complete.to_owned(), true),
        ("mounted inline", "list_teams_x", complete.replace("&expected", "&op(\"GET\", \"/teams/{teamId}\")"), true),
        ("named for another operation", "list_teams2_decodes", complete.to_owned(), false),
        ("named for nothing", "decodes_teams", complete.to_owned(), false),
        (
            "the call only in a comment",
            "list_teams_x",
            complete.replace("api.admin()", "// .list_teams(\n api.admin()").replace(".list_teams(7)", ".other(7)"),
            false,
        ),
        (
            "the expectation only in a string",
            "list_teams_x",
            complete.replace(
                "op(\"GET\", \"/teams/{teamId}\")",
                "op(\"GET\", \"/x\"); let _ = \"op(\\\"GET\\\", \\\"/teams/{teamId}\\\")\"",
            ),
            false,
        ),
        ("another method", "list_teams_x", complete.replace("op(\"GET\"", "op(\"POST\""), false),
        ("another path", "list_teams_x", complete.replace("/teams/{teamId}", "/teams"), false),
        (
            "built but not mounted",
            "list_teams_x",
            complete.replace("mount(&server, &expected", "mount(&server, &other"),
            false,
        ),
        ("mounted but not verified", "list_teams_x", complete.replace("verify(&server).await;", ""), false),
    ];
    for (what, name, body, covered) in cases {
        let sources = vec![("operations_admin_teams_extra".to_owned(), test(name, &body))];
        let missing = missing_tests(std::slice::from_ref(&operation), &sources);
        assert_eq!(missing.is_empty(), covered, "{what}: {missing:?}");
    }
    // A complete test in the files of another tag does not count.
    let sources = vec![("operations_teams".to_owned(), test("list_teams_x", complete))];
    assert_eq!(missing_tests(std::slice::from_ref(&operation), &sources).len(), 1);
    assert_eq!(file_prefix("Admin > Organizations"), "operations_admin_organizations");
    assert_eq!(file_prefix("MMS"), "operations_mms");
}
