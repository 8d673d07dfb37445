//! Rendering: every output Rust file is cut into parts, and each part is built (`quote!`),
//! parsed (`syn`) and printed (`prettyplease`) on a worker thread. A file's text is the
//! `@generated` header followed by its parts' texts in order.
//!
//! Printing a file in parts gives the same text as printing it whole: prettyplease prints a
//! file's inner attributes and then each item on its own lines, one after the other, so the
//! output never depends on how a file was cut or on how many cores did the work (a test
//! compares the two).

use proc_macro2::TokenStream;
use rayon::prelude::*;

use super::RUST_HEADER;
use crate::error::{Error, Pointer};

/// Stack of a render worker. Token building and parsing recurse once per level of type nesting
/// (`Vec<Vec<…>>`), so deep but valid specs need more than a default thread stack.
const WORKER_STACK: usize = 32 * 1024 * 1024;

/// Most workers used, however many cores there are.
const MAX_WORKERS: usize = 8;

/// Builds a part's tokens on the worker (token streams cannot cross threads).
type Build<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// A piece of one output file: whole items (the first part of a file may also carry its inner
/// attributes).
pub(crate) struct Part<'a> {
    /// Path of the file inside the generated crate.
    pub path: String,
    /// Makes its code.
    build: Build<'a>,
}

impl<'a> Part<'a> {
    /// A part whose tokens `build` makes.
    pub(crate) fn tokens(path: &str, build: impl Fn() -> TokenStream + Send + Sync + 'a) -> Self {
        Part { path: path.to_owned(), build: Box::new(build) }
    }
}

/// Builds, parses and prints one part.
fn print_part(part: &Part<'_>) -> Result<String, Error> {
    let file = syn::parse2::<syn::File>((part.build)()).map_err(|e| {
        Error::new(&Pointer::root(), format!("internal error: generated `{}` does not parse: {e}", part.path))
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Renders every part on the available cores (rayon, results in input order) and joins
/// consecutive parts of the same path into files. The first error in input order wins, so
/// errors are as deterministic as the output. A worker that panics makes this function panic
/// with the worker's message.
pub(crate) fn render_parts(parts: &[Part<'_>]) -> Result<Vec<(String, String)>, Error> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    render_on(parts, cores.clamp(1, MAX_WORKERS))
}

/// [`render_parts`] on `workers` threads.
fn render_on(parts: &[Part<'_>], workers: usize) -> Result<Vec<(String, String)>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.min(parts.len()).max(1))
        .stack_size(WORKER_STACK)
        .thread_name(|n| format!("render-{n}"))
        .build();
    let printed: Vec<Result<String, Error>> = match pool {
        Ok(pool) => pool.install(|| parts.par_iter().map(print_part).collect()),
        // No thread could be started: this one does the work.
        Err(_) => parts.iter().map(print_part).collect(),
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for (part, text) in parts.iter().zip(printed) {
        let text = text?;
        match files.last_mut() {
            Some((path, contents)) if *path == part.path => contents.push_str(&text),
            _ => files.push((part.path.clone(), format!("{RUST_HEADER}\n{text}"))),
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use quote::quote;

    use super::*;

    #[test]
    fn files_start_with_the_header_and_keep_inner_docs() {
        let parts = [Part::tokens("src/zone.rs", || quote!(#![doc = " The zones."] pub(crate) fn f() -> u8 { 1 }))];
        let files = render_parts(&parts).unwrap();
        let [(path, out)] = files.as_slice() else { panic!("one file expected: {files:?}") };
        assert_eq!(path, "src/zone.rs");
        assert_eq!(out, &format!("{RUST_HEADER}\n//! The zones.\npub(crate) fn f() -> u8 {{\n    1\n}}\n"));
    }

    #[test]
    fn unparsable_sources_are_errors_naming_the_file() {
        let e = render_parts(&[Part::tokens("src/bad.rs", || quote!(fn))]).unwrap_err();
        assert!(e.message.contains("src/bad.rs"), "{e}");
    }

    /// A worker's panic reaches the caller with its message, whichever worker ran the part.
    #[test]
    fn a_panicking_part_panics_the_caller_with_its_message() {
        let parts: Vec<Part<'_>> = (0..40)
            .map(|i| {
                Part::tokens(&format!("src/ok{i}.rs"), move || {
                    assert!(i != 23, "part {i} failed on purpose");
                    quote!(
                        fn f() {}
                    )
                })
            })
            .collect();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_parts(&parts)));
        let Err(payload) = caught else { panic!("the panic must reach the caller") };
        assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("part 23 failed on purpose"));
    }

    /// The first failing part in input order is the one reported, whatever the scheduling.
    #[test]
    fn the_first_error_in_input_order_is_reported() {
        let mut parts: Vec<Part<'_>> = (0..40)
            .map(|i| {
                Part::tokens(&format!("src/ok{i}.rs"), || {
                    quote!(
                        fn f() {}
                    )
                })
            })
            .collect();
        parts.insert(7, Part::tokens("src/first.rs", || quote!(struct)));
        parts.push(Part::tokens("src/second.rs", || quote!(enum)));
        let e = render_parts(&parts).unwrap_err();
        assert!(e.message.contains("src/first.rs"), "{e}");
    }

    /// Printing a file in parts gives exactly prettyplease's text for the whole file, including
    /// attributes, docs and items whose printing depends on line width, on 1, 2 or 5 workers.
    #[test]
    fn parts_join_into_the_text_of_the_whole_file() {
        fn item(i: usize) -> TokenStream {
            let name = quote::format_ident!("Item{i}");
            let long = format!("a long literal that forces prettyplease to break the line, number {i}");
            quote! {
                /// Docs.
                #[derive(Debug)]
                #[cfg(feature = "x")]
                pub struct #name { a: u8, b: Vec<String> }
                impl #name {
                    /// A method.
                    pub fn call(&self, first_argument: u64, second_argument: &str) -> Result<(), String> {
                        if first_argument > 3 { return Err(format!("{} {}", #long, second_argument)); }
                        Ok(())
                    }
                }
                const _: () = ();
            }
        }
        const ITEMS: usize = 30;
        let all = (0..ITEMS).map(item);
        let whole = quote!(#![doc = " Inner docs."] #(#all)*);
        let expected = format!("{RUST_HEADER}\n{}", prettyplease::unparse(&syn::parse2(whole).unwrap()));
        for cut in [1, 2, 7, ITEMS] {
            let parts: Vec<Part<'_>> = (0..ITEMS)
                .step_by(cut)
                .map(|start| {
                    Part::tokens("src/types.rs", move || {
                        let inner = (start == 0).then(|| quote!(#![doc = " Inner docs."]));
                        let items = (start..(start + cut).min(ITEMS)).map(item);
                        quote!(#inner #(#items)*)
                    })
                })
                .collect();
            for workers in [1, 2, 5] {
                let files = render_on(&parts, workers).unwrap();
                assert_eq!(files.len(), 1);
                assert_eq!(files[0].1, expected, "cut every {cut} items, {workers} workers");
            }
        }
    }
}
