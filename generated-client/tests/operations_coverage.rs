//! Coverage guard: every operation in specs/openapi.yaml has a wire test. Fails when an operation
//! is added to the spec (or its method/path changes) without a matching test in the
//! `tests/operations_<tag>*.rs` files: the call `.<operationId>(` and the expectation
//! `op("<METHOD>", "<path template>")` must both appear in a file of the operation's tag.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// The merged spec the client is generated from.
const SPEC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/openapi.yaml"));

/// One operation as the spec declares it.
#[derive(Debug, Default, Clone, PartialEq)]
struct SpecOperation {
    tag: String,
    operation_id: String,
    method: String,
    path: String,
}

/// Extracts the operations from the YAML text of the spec's `paths:` section by indentation
/// (path keys at 2 spaces, methods at 4, operation fields at 6, tag items at 6 after `tags:`).
fn spec_operations(yaml: &str) -> Vec<SpecOperation> {
    let mut operations = Vec::new();
    let mut in_paths = false;
    let mut current_path = String::new();
    let mut current: Option<SpecOperation> = None;
    let mut in_tags = false;
    for line in yaml.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let text = line.trim();
        if indent == 2 && text.starts_with('/') && text.ends_with(':') {
            operations.extend(current.take());
            current_path = text.trim_end_matches(':').to_owned();
        } else if indent == 4 && text.ends_with(':') {
            operations.extend(current.take());
            in_tags = false;
            let method = text.trim_end_matches(':');
            if ["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method) {
                current = Some(SpecOperation {
                    method: method.to_ascii_uppercase(),
                    path: current_path.clone(),
                    ..SpecOperation::default()
                });
            }
        } else if let Some(operation) = current.as_mut().filter(|_| indent == 6) {
            if let Some(tag) = text.strip_prefix("- ").filter(|_| in_tags) {
                if operation.tag.is_empty() {
                    operation.tag = tag.trim().trim_matches(['\'', '"']).to_owned();
                }
                continue;
            }
            in_tags = text == "tags:";
            if let Some(id) = text.strip_prefix("operationId: ") {
                operation.operation_id = id.trim().to_owned();
            }
        } else if let Some(operation) = current.as_mut().filter(|_| in_tags && indent == 8) {
            if let Some(tag) = text.strip_prefix("- ").filter(|_| operation.tag.is_empty()) {
                operation.tag = tag.trim().trim_matches(['\'', '"']).to_owned();
            }
        }
    }
    operations.extend(current);
    operations
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

/// The concatenated sources of `tests/<prefix>.rs` and `tests/<prefix>_*.rs`, without whitespace
/// (so that formatting cannot hide a call or an expectation).
fn tests_for(prefix: &str, sources: &[(String, String)]) -> String {
    sources
        .iter()
        .filter(|(stem, _)| stem == prefix || stem.starts_with(&format!("{prefix}_")))
        .flat_map(|(_, text)| text.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

fn test_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            sources.push((stem, std::fs::read_to_string(&path).unwrap()));
        }
    }
    sources
}

#[test]
fn the_parser_sees_every_operation_of_the_spec() {
    let operations = spec_operations(SPEC);
    let declared = SPEC.lines().filter(|line| line.trim_start().starts_with("operationId: ")).count();
    assert!(declared > 0, "no operationId in the spec");
    assert_eq!(operations.len(), declared, "{operations:#?}");
    for operation in &operations {
        assert!(!operation.operation_id.is_empty() && !operation.tag.is_empty(), "incomplete: {operation:?}");
    }
}

/// One line per operation that lacks its call or its wire expectation in its tag's test files.
fn missing_tests(operations: &[SpecOperation], sources: &[(String, String)]) -> Vec<String> {
    let mut missing = Vec::new();
    for operation in operations {
        let prefix = file_prefix(&operation.tag);
        let tests = tests_for(&prefix, sources);
        let call = format!(".{}(", operation.operation_id);
        let expectation = format!("op(\"{}\", \"{}\")", operation.method, operation.path);
        if !tests.contains(&call) || !tests.contains(&expectation.replace(' ', "")) {
            missing.push(format!(
                "{} {} ({} / {}): need `{call}` and `{expectation}` in tests/{prefix}*.rs",
                operation.method, operation.path, operation.tag, operation.operation_id
            ));
        }
    }
    missing
}

#[test]
fn every_operation_has_a_wire_test() {
    let missing = missing_tests(&spec_operations(SPEC), &test_sources());
    assert!(missing.is_empty(), "operations without a wire test:\n{}", missing.join("\n"));
}

#[test]
fn the_guard_catches_an_untested_operation() {
    let yaml = "openapi: 3.0.3\npaths:\n  /organizations/{organizationId}/teams:\n    get:\n      tags:\n      - Organizations\n      \
                operationId: list_teams_of_nowhere\n      responses: {}\n    patch:\n      tags:\n      - MMS\n      \
                operationId: update_child_organization_operations\ncomponents: {}\n";
    let operations = spec_operations(yaml);
    let template = "/organizations/{organizationId}/teams";
    let operation = |tag: &str, id: &str, method: &str| SpecOperation {
        tag: tag.into(),
        operation_id: id.into(),
        method: method.into(),
        path: template.into(),
    };
    assert_eq!(
        operations,
        [
            operation("Organizations", "list_teams_of_nowhere", "GET"),
            operation("MMS", "update_child_organization_operations", "PATCH")
        ]
    );
    // The first is not called anywhere; the second is called, but never expected at this path.
    let missing = missing_tests(&operations, &test_sources());
    assert_eq!(missing.len(), 2, "{missing:#?}");
    assert!(
        missing[0].contains("list_teams_of_nowhere") && missing[1].contains("update_child_organization_operations")
    );
    assert_eq!(file_prefix("Admin > Organizations"), "operations_admin_organizations");
    assert_eq!(file_prefix("MMS"), "operations_mms");
}
