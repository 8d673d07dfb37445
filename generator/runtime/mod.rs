//! Hand-written client runtime: the HTTP client, errors, retries, pagination, request and
//! response media types (multipart, form, text, binary, server-sent events), an observer of
//! every attempt, and escape hatches.
//!
//! Generated operation code calls the crate-internal items re-exported here
//! (`RequestParts` and its builder methods, `encode_path_segment`, `ErrorDecoder`, `paginate_builder` and
//! `Client::execute`/`Client::execute_unit`/`Client::execute_raw`); users see the public ones.
//!
//! These files are copied into every generated crate byte for byte under the `@generated`
//! header; only `make_com_api`, the crate name the doc examples use, is replaced by the
//! generated crate's own name, so the examples compile (as doctests) in any generated crate.

mod body;
mod client;
mod error;
mod execute;
mod media;
mod observe;
mod paginate;
mod params;
mod query_key;
mod raw;
mod request;
mod retry;
mod sse;

pub use body::{FilePart, Multipart};
/// Cheaply cloneable bytes (re-exported from the `bytes` crate): binary request bodies, file
/// parts and binary responses use it. `Vec<u8>`, `&'static [u8]` and `String` convert into it.
///
/// Bytes rather than `Vec<u8>`: request builders are `Clone` and a retried request sends its
/// body again, both without copying it, and reqwest takes request bodies (and multipart file
/// parts) as `Bytes`, so sending one copies nothing either.
pub use bytes::Bytes;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Error};
pub use media::Binary;
pub use observe::Attempt;
pub use paginate::PageStream;
pub use raw::{RawRequest, RawResponse};
/// The HTTP method of a [`Client::request`] (re-exported from `reqwest`, so callers need no
/// direct dependency on it): `make_com_api::Method::GET`.
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream};

// The crate-internal API for generated operations, reachable as `crate::runtime::Name` (and
// `crate::Name` through the crate root's glob re-export). A spec without operations of some
// kind leaves some of these unused, hence the targeted allow.
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use paginate::{paginate_builder, paginate_tokens};
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use params::{JsonText, PathStyle, path_styled};
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use request::{ErrorDecoder, RequestParts, encode_path_segment, path_segment};
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use {
    body::RequestBody,
    media::{binary, header, header_list, json, text, text_value, unit},
    sse::{data_json, data_text},
};
