//! The version bump the generated client needs for a changelog, following Cargo's semver rules.
//!
//! Rule (also in the README): from 1.0.0 on, breaking → major, additive → minor, description-only →
//! patch. Before 1.0.0 Cargo treats `0.y` as the compatibility boundary, so breaking → minor and
//! additive or description-only → patch (a minor bump would force every user to edit their
//! `Cargo.toml` for a compatible change). Under `0.0.z` every release is incompatible anyway, so any
//! change → patch.

use std::fmt;

use super::model::{Changelog, Severity};

/// How much of the client's public API a changelog touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing changed.
    None,
    /// Only documentation text changed.
    DocsOnly,
    /// New things, nothing existing broke.
    Additive,
    /// Existing user code may break.
    Breaking,
}

/// Which version component to increment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Keep the version.
    None,
    /// `x.y.z` → `x.y.(z+1)`.
    Patch,
    /// `x.y.z` → `x.(y+1).0`.
    Minor,
    /// `x.y.z` → `(x+1).0.0`.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// A plain `major.minor.patch` version (pre-release and build suffixes are not supported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major component.
    pub major: u64,
    /// Minor component.
    pub minor: u64,
    /// Patch component.
    pub patch: u64,
}

impl Version {
    /// Parses `1.2.3`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.');
        let mut next = || parts.next().and_then(|p| p.parse::<u64>().ok());
        let v = Version { major: next()?, minor: next()?, patch: next()? };
        parts.next().is_none().then_some(v)
    }

    /// The version after applying `bump`.
    pub fn bumped(self, bump: Bump) -> Version {
        let Version { major, minor, patch } = self;
        match bump {
            Bump::None => self,
            Bump::Patch => Version { major, minor, patch: patch + 1 },
            Bump::Minor => Version { major, minor: minor + 1, patch: 0 },
            Bump::Major => Version { major: major + 1, minor: 0, patch: 0 },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The impact of a changelog: its most severe change.
pub fn impact(changelog: &Changelog) -> Impact {
    if changelog.api_changes(Severity::Breaking).next().is_some() {
        Impact::Breaking
    } else if changelog.api_changes(Severity::NonBreaking).next().is_some() {
        Impact::Additive
    } else if changelog.doc_changes().next().is_some() {
        Impact::DocsOnly
    } else {
        Impact::None
    }
}

/// The bump a client currently at `current` needs for a change of `impact` (see the module docs).
pub fn bump_for(impact: Impact, current: Version) -> Bump {
    match (impact, current.major, current.minor) {
        (Impact::None, _, _) => Bump::None,
        (_, 0, 0) => Bump::Patch,
        (Impact::Breaking, 0, _) => Bump::Minor,
        (_, 0, _) => Bump::Patch,
        (Impact::Breaking, _, _) => Bump::Major,
        (Impact::Additive, _, _) => Bump::Minor,
        (Impact::DocsOnly, _, _) => Bump::Patch,
    }
}
