//! The version bump the generated client needs for a changelog, following Cargo's semver rules.
//!
//! Rule (also in the README): from 1.0.0 on, breaking → major, additive → minor, description-only →
//! patch. Before 1.0.0 Cargo treats `0.y` as the compatibility boundary, so breaking → minor and
//! additive or description-only → patch (a minor bump would force every user to edit their
//! `Cargo.toml` for a compatible change). Under `0.0.z` every release is incompatible anyway, so any
//! change → patch. Pre-release versions follow the same rule on their numbers; see [`bumped`].

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

/// A semver version (the `semver` crate's), pre-release and build metadata included.
pub use ::semver::Version;

/// The version after applying `bump` to `current`.
///
/// A pre-release (`1.2.0-beta.1`) is a preview of its release (`1.2.0`); when that release is
/// already the bump (here `minor` or `patch`), the bump releases it instead of skipping it. So a
/// patch bump of `x.y.z-pre` gives `x.y.z`; a minor bump gives `x.y.0` when `z` is 0, else
/// `x.(y+1).0`; a major bump gives `x.0.0` when `y` and `z` are 0, else `(x+1).0.0` (npm's rule).
/// Build metadata is dropped by any bump.
pub fn bumped(current: &Version, bump: Bump) -> Version {
    let Version { major, minor, patch, .. } = *current;
    let pre = !current.pre.is_empty();
    let (major, minor, patch) = match bump {
        Bump::None => return current.clone(),
        Bump::Patch if pre => (major, minor, patch),
        Bump::Patch => (major, minor, patch.saturating_add(1)),
        Bump::Minor if pre && patch == 0 => (major, minor, 0),
        Bump::Minor => (major, minor.saturating_add(1), 0),
        Bump::Major if pre && minor == 0 && patch == 0 => (major, 0, 0),
        Bump::Major => (major.saturating_add(1), 0, 0),
    };
    Version::new(major, minor, patch)
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
pub fn bump_for(impact: Impact, current: &Version) -> Bump {
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
