//! Stand-in for the generated `make-com-api` crate until the generator lands: the real runtime
//! plus minimal hand-written `Zone` and `DocumentedError`. Replaced by `cargo xtask regen`.

#[path = "../../generator/runtime/mod.rs"]
mod runtime;
pub use runtime::*;

use std::fmt;

/// A Make hosted zone: the data centre an organization lives in.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Zone {
    /// EU1 production zone.
    Eu1,
    /// EU2 production zone.
    Eu2,
    /// US1 production zone.
    Us1,
    /// US2 production zone.
    Us2,
    /// Celonis EU1 production zone.
    CelonisEu1,
    /// Celonis US1 production zone.
    CelonisUs1,
}

impl Zone {
    /// Every zone.
    pub const ALL: [Zone; 6] = [
        Zone::Eu1,
        Zone::Eu2,
        Zone::Us1,
        Zone::Us2,
        Zone::CelonisEu1,
        Zone::CelonisUs1,
    ];

    /// The API base URL of the zone, including `/api/v2`.
    pub const fn base_url(self) -> &'static str {
        match self {
            Zone::Eu1 => "https://eu1.make.com/api/v2",
            Zone::Eu2 => "https://eu2.make.com/api/v2",
            Zone::Us1 => "https://us1.make.com/api/v2",
            Zone::Us2 => "https://us2.make.com/api/v2",
            Zone::CelonisEu1 => "https://eu1.make.celonis.com/api/v2",
            Zone::CelonisUs1 => "https://us1.make.celonis.com/api/v2",
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base_url())
    }
}

/// The typed bodies of documented error responses (none in this stand-in).
#[derive(Clone, Debug)]
pub enum DocumentedError {}
