//! The changelog data model: one [`Change`] per difference, classified for a user of the generated client.

use std::fmt;

/// How a change affects code written against the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Existing user code keeps compiling and behaving as before (additions, relaxations, docs).
    NonBreaking,
    /// Existing user code may stop compiling or start failing at run time.
    Breaking,
}

impl Severity {
    /// Parses the `--fail-on` value: `breaking` or `non-breaking` (also `any`, meaning every change).
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "breaking" => Some(Severity::Breaking),
            "non-breaking" | "nonbreaking" | "any" => Some(Severity::NonBreaking),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::NonBreaking => "non-breaking",
            Severity::Breaking => "breaking",
        })
    }
}

/// Where a parameter or field lives: in the request or in a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Request body (sent by the client).
    Request,
    /// Response body (received by the client).
    Response,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Request => "request",
            Side::Response => "response",
        })
    }
}

/// What changed. Parameter and field names are as in the spec (`pg[limit]`,
/// dotted field paths like `organization.license.operations`, arrays as `[]`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A server (zone) was added to `servers`.
    ServerAdded {
        /// Server URL.
        url: String,
    },
    /// A server (zone) was removed from `servers`.
    ServerRemoved {
        /// Server URL.
        url: String,
    },
    /// A new operation.
    OperationAdded,
    /// An operation disappeared.
    OperationRemoved,
    /// The operation's `operationId` (the Rust method name) changed.
    MethodRenamed {
        /// Old method name.
        old: String,
        /// New method name.
        new: String,
    },
    /// The operation moved to another resource (first tag).
    ResourceChanged {
        /// Old resource.
        old: String,
        /// New resource.
        new: String,
    },
    /// A parameter was added.
    ParameterAdded {
        /// `query`, `path`, `header`, `cookie`.
        location: String,
        /// Parameter name.
        name: String,
        /// Whether it is required.
        required: bool,
    },
    /// A parameter was removed.
    ParameterRemoved {
        /// Where it was.
        location: String,
        /// Parameter name.
        name: String,
    },
    /// A parameter was removed and one with the same location and schema added.
    ParameterRenamed {
        /// Where it is.
        location: String,
        /// Old name.
        old: String,
        /// New name.
        new: String,
    },
    /// A parameter became required or optional.
    ParameterRequiredChanged {
        /// Where it is.
        location: String,
        /// Parameter name.
        name: String,
        /// True when it is now required.
        required: bool,
    },
    /// A parameter's type changed (type, format or nullability).
    ParameterRetyped {
        /// Where it is.
        location: String,
        /// Parameter name (with `[]` for array items).
        name: String,
        /// Old type, e.g. `integer(int64)`.
        old: String,
        /// New type.
        new: String,
    },
    /// A request body appeared.
    RequestBodyAdded {
        /// Whether it is required.
        required: bool,
    },
    /// The request body disappeared.
    RequestBodyRemoved,
    /// A successful response (2xx) or its JSON body appeared.
    ResponseAdded {
        /// Status code, e.g. `200`.
        status: String,
    },
    /// A successful response (2xx) or its JSON body disappeared.
    ResponseRemoved {
        /// Status code.
        status: String,
    },
    /// A body field was added.
    FieldAdded {
        /// Request or response.
        side: Side,
        /// Dotted path.
        path: String,
        /// Whether it is required (in its object).
        required: bool,
    },
    /// A body field was removed.
    FieldRemoved {
        /// Request or response.
        side: Side,
        /// Dotted path.
        path: String,
    },
    /// A body field's type changed.
    FieldRetyped {
        /// Request or response.
        side: Side,
        /// Dotted path (empty for the body itself).
        path: String,
        /// Old type.
        old: String,
        /// New type.
        new: String,
    },
    /// A body field became required or optional.
    FieldRequiredChanged {
        /// Request or response.
        side: Side,
        /// Dotted path.
        path: String,
        /// True when it is now required.
        required: bool,
    },
    /// An enum value was added (to a parameter or field).
    EnumValueAdded {
        /// Where: `parameter pg[sortDir]` or `response field status`.
        at: String,
        /// The value, JSON-encoded.
        value: String,
    },
    /// An enum value was removed.
    EnumValueRemoved {
        /// Where.
        at: String,
        /// The value, JSON-encoded.
        value: String,
    },
    /// A scope was added to the operation's security requirement.
    ScopeAdded {
        /// Scope, e.g. `organizations:write`.
        scope: String,
    },
    /// A scope was removed from the operation's security requirement.
    ScopeRemoved {
        /// Scope.
        scope: String,
    },
    /// Only documentation changed (summary or a description) at this place.
    DescriptionChanged {
        /// What: `summary`, `description`, `parameter cols`, `response field pg.limit`.
        what: String,
    },
}

impl ChangeKind {
    /// True for documentation-only changes.
    pub fn is_doc_only(&self) -> bool {
        matches!(self, ChangeKind::DescriptionChanged { .. })
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ChangeKind as K;
        match self {
            K::ServerAdded { url } => write!(f, "server `{url}` added"),
            K::ServerRemoved { url } => write!(f, "server `{url}` removed"),
            K::OperationAdded => write!(f, "operation added"),
            K::OperationRemoved => write!(f, "operation removed"),
            K::MethodRenamed { old, new } => write!(f, "method renamed `{old}` → `{new}`"),
            K::ResourceChanged { old, new } => write!(f, "moved from resource `{old}` to `{new}`"),
            K::ParameterAdded { location, name, required } => {
                let req = if *required { "required" } else { "optional" };
                write!(f, "{req} {location} parameter `{name}` added")
            }
            K::ParameterRemoved { location, name } => {
                write!(f, "{location} parameter `{name}` removed")
            }
            K::ParameterRenamed { location, old, new } => {
                write!(f, "{location} parameter renamed `{old}` → `{new}`")
            }
            K::ParameterRequiredChanged { location, name, required } => {
                let now = if *required { "required" } else { "optional" };
                write!(f, "{location} parameter `{name}` is now {now}")
            }
            K::ParameterRetyped { location, name, old, new } => {
                write!(f, "{location} parameter `{name}` type `{old}` → `{new}`")
            }
            K::RequestBodyAdded { required } => {
                let req = if *required { "required" } else { "optional" };
                write!(f, "{req} request body added")
            }
            K::RequestBodyRemoved => write!(f, "request body removed"),
            K::ResponseAdded { status } => write!(f, "response {status} added"),
            K::ResponseRemoved { status } => write!(f, "response {status} removed"),
            K::FieldAdded { side, path, required } => {
                let req = if *required { "required " } else { "" };
                write!(f, "{req}{side} field `{path}` added")
            }
            K::FieldRemoved { side, path } => write!(f, "{side} field `{path}` removed"),
            K::FieldRetyped { side, path, old, new } => {
                if path.is_empty() {
                    write!(f, "{side} body type `{old}` → `{new}`")
                } else {
                    write!(f, "{side} field `{path}` type `{old}` → `{new}`")
                }
            }
            K::FieldRequiredChanged { side, path, required } => {
                let now = if *required { "required" } else { "optional" };
                write!(f, "{side} field `{path}` is now {now}")
            }
            K::EnumValueAdded { at, value } => write!(f, "{at}: enum value {value} added"),
            K::EnumValueRemoved { at, value } => write!(f, "{at}: enum value {value} removed"),
            K::ScopeAdded { scope } => write!(f, "scope `{scope}` now required"),
            K::ScopeRemoved { scope } => write!(f, "scope `{scope}` no longer required"),
            K::DescriptionChanged { what } => write!(f, "{what} text changed"),
        }
    }
}

/// One difference between the two specs, located at one operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The resource the operation belongs to: its first tag (in the new spec when it exists there).
    pub resource: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template (the new one when it exists).
    pub path: String,
    /// The Rust method name (`operationId`), new when it exists, else old; empty when absent.
    pub operation_id: String,
    /// What changed.
    pub kind: ChangeKind,
    /// Breaking or not, for a user of the generated client.
    pub severity: Severity,
    /// Location in the spec the change concerns, as a JSON pointer (`#/paths/~1organizations/get/parameters`).
    pub pointer: String,
}

/// All differences between two specs, sorted by resource, severity (breaking first), operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changelog {
    /// Every change, including description-only ones.
    pub changes: Vec<Change>,
}

impl Changelog {
    /// True when nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Changes of exactly this severity, excluding description-only changes.
    pub fn api_changes(&self, severity: Severity) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.severity == severity && !c.kind.is_doc_only())
    }

    /// Description-only changes.
    pub fn doc_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.kind.is_doc_only())
    }

    /// True when some change is at least `severity` (description-only changes count as non-breaking).
    pub fn has_at_least(&self, severity: Severity) -> bool {
        self.changes.iter().any(|c| c.severity >= severity)
    }

    /// Sorts the changes into their canonical order (resource, breaking first, path, method, kind).
    pub fn sort(&mut self) {
        self.changes.sort_by(|a, b| {
            (&a.resource, std::cmp::Reverse(a.severity), &a.path, &a.method, &a.kind, &a.pointer).cmp(&(
                &b.resource,
                std::cmp::Reverse(b.severity),
                &b.path,
                &b.method,
                &b.kind,
                &b.pointer,
            ))
        });
        self.changes.dedup();
    }
}
