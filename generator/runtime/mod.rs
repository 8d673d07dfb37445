//! Hand-written client runtime: the HTTP client, errors, retries, pagination and escape hatches.
//!
//! Generated operation code calls the crate-internal items re-exported here
//! (`RequestParts` and its builder methods, `encode_path_segment`, `ErrorDecoder`, `paginate_builder` and
//! `Client::execute`/`Client::execute_unit`/`Client::execute_raw`); users see the public ones.
//!
//! These files are copied into every generated crate byte for byte under the `@generated`
//! header; only `make_com_api`, the crate name the doc examples use, is replaced by the
//! generated crate's own name, so the examples compile (as doctests) in any generated crate.

mod client;
mod error;
mod execute;
mod paginate;
mod params;
mod raw;
mod request;
mod retry;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Error};
pub use paginate::PageStream;
pub use raw::{RawRequest, RawResponse};
/// The HTTP method of a [`Client::request`] (re-exported from `reqwest`, so callers need no
/// direct dependency on it): `make_com_api::Method::GET`.
pub use reqwest::Method;
pub use retry::RetryPolicy;

// The crate-internal API for generated operations, reachable as `crate::runtime::Name` (and
// `crate::Name` through the crate root's glob re-export). A spec without operations of some
// kind leaves some of these unused, hence the targeted allow.
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use paginate::paginate_builder;
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use params::JsonText;
#[allow(
    unused_imports,
    reason = "used by generated operation code, which may not need every item"
)]
pub(crate) use request::{ErrorDecoder, RequestParts, encode_path_segment, path_segment};
