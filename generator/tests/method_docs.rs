//! An operation's rustdoc: the summary, then the description unless it only repeats the summary
//! (modulo whitespace, case and trailing punctuation).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

#[test]
fn a_description_repeating_the_summary_is_printed_once() {
    let cases = [
        ("Accept invitation", "Accept invitation", false),
        ("Accept invitation", "Accept invitation.", false),
        ("Accept  invitation", " accept invitation!\r\n", false),
        ("Accept invitation", "Accept invitation, if it is still open.", true),
        ("List", "Get a list of devices of a given team.", true),
    ];
    for (summary, description, printed_twice) in cases {
        let s = spec(
            json!({"/a": {"get": op("accept", "Things", json!({"summary": summary, "description": description}))}}),
        );
        let files = gen_files(&s);
        let doc = docs(&find_fn(file(&files, "src/resources/things.rs"), "accept").unwrap().attrs);
        let paragraphs: Vec<&str> = doc.split("\n\n").map(str::trim).collect();
        assert_eq!(paragraphs.first().copied(), Some(summary), "{doc}");
        let second = paragraphs.get(1).copied().unwrap_or_default();
        assert_eq!(second == description.trim(), printed_twice, "{summary:?} / {description:?}:\n{doc}");
        assert!(second.starts_with("`GET /a`") != printed_twice, "{doc}");
    }
}
