//! The spec's YAML writer (`xtask::yaml`) against the YAML library it replaced (yaml_serde,
//! libyaml's emitter): the same text, byte for byte, for whole specs (the shipped pages, the
//! official excerpts, the Make-sized benchmark set) and for random values full of the characters
//! YAML treats specially; and what it writes reads back as the value written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use xtask::pipeline;

mod support;

fn ours<T: serde::Serialize>(value: &T) -> String {
    xtask::yaml::to_string(value, String::new()).unwrap()
}

fn library<T: serde::Serialize>(value: &T) -> String {
    yaml_serde::to_string(value).unwrap()
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
    format!("line {}: ours {:?}, library {:?}", line + 1, a.lines().nth(line), b.lines().nth(line))
}

fn assert_same_as_library(spec: &openapiv3::OpenAPI, what: &str) {
    let (a, b) = (ours(spec), library(spec));
    assert!(a == b, "{what}: {}", first_difference(&a, &b));
}

#[test]
fn the_shipped_spec_is_written_as_the_library_writes_it() {
    let root = xtask::regen::repo_root();
    let inputs = xtask::regen::read_inputs(&root).unwrap();
    let built = pipeline::build(&inputs.pages, inputs.lock.as_deref()).unwrap();
    assert_same_as_library(&built.spec, "specs/pages");
    // And `specs/openapi.yaml` is that text after its header.
    let checked_in = std::fs::read_to_string(root.join("specs/openapi.yaml")).unwrap();
    assert_eq!(checked_in, format!("{}{}", pipeline::YAML_HEADER, ours(&built.spec)));
}

#[test]
fn the_official_excerpts_and_the_benchmark_set_are_written_as_the_library_writes_them() {
    let built = pipeline::build(&support::excerpt_pages(), None).unwrap();
    assert_same_as_library(&built.spec, "official excerpts");
    let built = pipeline::build(&xtask::bench::make_sized(470, 68), None).unwrap();
    assert_same_as_library(&built.spec, "Make-sized set");
}

/// Small cases, the expected text written by hand from the YAML 1.2 rules.
#[test]
fn scalars_get_the_style_they_need() {
    let cases: &[(Value, &str)] = &[
        (
            json!({"a": "plain text", "b": "true", "c": "007", "d": "", "e": "x: y"}),
            "a: plain text\nb: 'true'\nc: '007'\nd: ''\ne: 'x: y'\n",
        ),
        (json!({"it's": "don't"}), "it's: don't\n"),
        (json!({"q": "'quoted'", "t": "tab\there"}), "q: '''quoted'''\nt: \"tab\\there\"\n"),
        (json!({"m": "one\ntwo\n"}), "m: |\n  one\n  two\n"),
        (json!({"m": "one\n\ntwo"}), "m: |-\n  one\n\n  two\n"),
        (json!({"m": " lead\nx"}), "m: |2-\n   lead\n  x\n"),
        (json!({"m": "end \nx"}), "m: \"end \\nx\"\n"),
        (json!({"m": "keep\n\n"}), "m: |+\n  keep\n\n"),
        (json!({"n": 1, "f": 1.5, "b": false, "z": null}), "n: 1\nf: 1.5\nb: false\nz: null\n"),
    ];
    for (value, expected) in cases {
        assert_eq!(ours(value), *expected, "{value}");
    }
}

/// Strings at the edges of the scalar rules (numbers with signs and radixes, out-of-range
/// numbers, leading zeros), written as the library writes them.
#[test]
fn edge_case_scalars_are_written_as_the_library_writes_them() {
    let long_zero = format!("0{}", "9".repeat(400));
    let strings = [
        "0x+5",
        "-0x-1",
        "0o+7",
        "+0x1F",
        "-0b101",
        "0x",
        "+-1",
        "-+1",
        "++1",
        "+.inf",
        "-.Inf",
        ".NaN",
        "inf",
        "1_000",
        "007",
        "-01",
        "+01",
        "0",
        "-0",
        long_zero.as_str(),
        &"9".repeat(40),
        &"9".repeat(400),
        &format!("0x{}", "F".repeat(33)),
        // Every control character with a short escape, and some without.
        "\u{0}\u{7}\u{8}\t\u{B}\u{C}\r\u{1B}\u{85}\u{2028}\u{2029}\u{1}\u{7F}\u{9F}\u{FEFF}\u{FFFF}",
        "a\u{2028}b",
        "a\u{2029} b",
        "\u{A0}nbsp",
    ];
    for s in strings {
        let value = json!({ "k": s, s: [s] });
        assert_eq!(ours(&value), library(&value), "{s:?}");
    }
}

/// The serde shapes an openapiv3 spec does not use much (or at all): structs without flattened
/// fields, options, unit and newtype structs, tuples, unit variants, `char`, `f32`, infinities
/// and NaN, integer keys — written as the library writes them.
#[test]
fn serde_shapes_are_written_as_the_library_writes_them() {
    #[derive(serde::Serialize)]
    struct Unit;
    #[derive(serde::Serialize)]
    struct Newtype(u8);
    #[derive(serde::Serialize)]
    struct Pair(i8, &'static str);
    #[derive(serde::Serialize)]
    enum Kind {
        Plain,
    }
    #[derive(serde::Serialize)]
    struct Shapes {
        unit: Unit,
        newtype: Newtype,
        pair: Pair,
        tuple: (u16, bool),
        kind: Kind,
        none: Option<u32>,
        some: Option<i128>,
        letter: char,
        quote: char,
        singles: Vec<f32>,
        doubles: Vec<f64>,
        by_number: std::collections::BTreeMap<u64, Vec<()>>,
        empty: Vec<u8>,
    }
    let value = Shapes {
        unit: Unit,
        newtype: Newtype(7),
        pair: Pair(-1, "two"),
        tuple: (3, true),
        kind: Kind::Plain,
        none: None,
        some: Some(-170_141_183_460_469_231_731_687_303_715_884_105_728),
        letter: 'x',
        quote: '\'',
        singles: vec![1.5, 0.1, 1e-7, f32::INFINITY, f32::NEG_INFINITY, f32::NAN],
        doubles: vec![0.1, 1e300, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN],
        by_number: [(200, vec![()]), (404, vec![])].into_iter().collect(),
        empty: vec![],
    };
    assert_eq!(ours(&value), library(&value));
    // Shapes YAML needs a tag for are refused, with a reason.
    #[derive(serde::Serialize)]
    enum Tagged {
        Newtype(u8),
        Tuple(u8, u8),
        Struct { a: u8 },
    }
    for value in [Tagged::Newtype(1), Tagged::Tuple(1, 2), Tagged::Struct { a: 1 }] {
        let error = xtask::yaml::to_string(&value, String::new()).unwrap_err();
        assert!(error.to_string().starts_with("cannot write the variant `Tagged::"), "{error}");
    }
    let bytes = serde_bytes_like(&[1, 2]);
    assert_eq!(
        xtask::yaml::to_string(&bytes, String::new()).unwrap_err().to_string(),
        "cannot write raw bytes as YAML"
    );
}

/// A value serde serializes as raw bytes.
fn serde_bytes_like(bytes: &'static [u8]) -> impl serde::Serialize {
    struct Bytes(&'static [u8]);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    Bytes(bytes)
}

#[test]
fn collections_nest_as_block_yaml() {
    let value = json!({
        "list": ["a", {"k": "v", "w": ["x"]}, ["y", "z"], [], {}],
        "empty": {},
        "map": {"inner": {"deep": 1}},
    });
    let expected =
        "list:\n- a\n- k: v\n  w:\n  - x\n- - y\n  - z\n- []\n- {}\nempty: {}\nmap:\n  inner:\n    deep: 1\n";
    assert_eq!(ours(&value), expected);
    assert_eq!(ours(&json!([["a"], "b"])), "- - a\n- b\n");
    // Keys longer than 128 bytes, or with a line break, are written after `? `.
    let long = "k".repeat(129);
    assert_eq!(ours(&json!({ long.clone(): 1 })), format!("? {long}\n: 1\n"));
    assert_eq!(ours(&json!({"a\nb": 1})), "? |-\n  a\n  b\n: 1\n");
}

/// Pieces of text YAML gives meaning to: indicators at the start and inside, spaces and line
/// breaks at the edges, characters that need escapes, words that read as other types.
const PIECES: &[&str] = &[
    "a", "word", " ", "  ", "\n", "\r", "\t", "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}", "\u{FEFF}", "🦀", "é",
    "\u{0}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}", "\u{7F}", "\u{9F}", "\u{FFFE}", ":", ": ", "#", " #", "-",
    "- ", "?", "? ", "'", "\"", "\\", "|", ">", "[", "]", "{", "}", ",", "&", "*", "!", "%", "@", "`", "---", "...",
    "true", "null", "~", "0", "007", "0x1F", "-0o7", "1e3", ".inf", "12", "1.5", "+", "_",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat()),
        (120usize..140).prop_map(|n| "k".repeat(n)),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_values_are_written_as_the_library_writes_them(value in value()) {
        let (a, b) = (ours(&value), library(&value));
        prop_assert!(a == b, "{}", first_difference(&a, &b));
    }

    #[test]
    fn random_values_read_back_unchanged(value in value()) {
        let back: Value = yaml_serde::from_str(&ours(&value)).unwrap();
        prop_assert_eq!(back, value);
    }
}
