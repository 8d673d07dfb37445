//! Cargo features per top-level resource group: declared in Cargo.toml (all default), gating
//! resource modules, accessors, and types by the groups that use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

#[test]
fn each_top_level_group_is_a_default_feature_gating_its_code_and_types() {
    let obj = |name: &str| {
        json!({"type": "object", "properties": {name: {"type": "object", "properties": {
            "id": {"type": "integer"}, name: {"type": "string"}
        }}}})
    };
    let shared = json!({"type": "object", "properties": {"ok": {"type": "integer"}}});
    let s = spec(json!({
        "/a": {"get": op("get_alpha", "Alpha", json!({"responses": ok_json(obj("alpha"))})),
               "post": op("ping_alpha", "Alpha", json!({"responses": ok_json(shared.clone())}))},
        "/b": {"get": op("get_beta", "Beta > Inner", json!({"responses": ok_json(obj("beta"))})),
               "post": op("ping_beta", "Beta > Inner", json!({"responses": ok_json(shared)}))}
    }));
    let files = gen_files(&s);
    let cargo = file(&files, "Cargo.toml");
    assert!(cargo.contains("[features]\ndefault = [\"alpha\", \"beta\"]\n\"alpha\" = []\n\"beta\" = []\n"), "{cargo}");
    let root = compact(&parse(file(&files, "src/resources/mod.rs")));
    assert!(root.contains("#[cfg(feature=\"alpha\")]pubmodalpha;"), "{root}");
    assert!(root.contains("#[cfg(feature=\"beta\")]pubmodbeta;"), "{root}");
    assert!(root.contains("#[cfg(feature=\"beta\")]pubfnbeta(&self)"), "{root}");
    let types = file(&files, "src/types.rs");
    let gate = |name: &str| {
        find_struct(types, name)
            .map(|s| compact(&s.attrs.iter().find(|a| a.path().is_ident("cfg")).unwrap().meta))
            .unwrap_or_default()
    };
    assert_eq!(gate("Alpha"), "cfg(feature=\"alpha\")");
    assert_eq!(gate("Beta"), "cfg(feature=\"beta\")");
    assert_eq!(gate("OkResponse"), "cfg(any(feature=\"alpha\",feature=\"beta\"))");
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("# Cargo features") && lib.contains("- `alpha`") && lib.contains("- `beta`"), "{lib}");
}
