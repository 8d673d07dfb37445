//! Names from the method and the path's nouns, for operations whose summary says too little
//! ("List", "Detail", none at all) or names another operation of the resource already:
//! `GET /devices` → `list_devices`, `GET /devices/{deviceId}` → `get_device`,
//! `DELETE /devices/{deviceId}/incomings` → `delete_device_incomings`,
//! `POST /agents/{agentId}/run/stream` → `run_agent_stream`.

use heck::ToSnakeCase;

/// Verbs a path segment may start with (`/commit`, `/run/stream`, `/accept-invitation`): the
/// operation does that to the resource before it.
const PATH_VERBS: &[&str] = &[
    "accept",
    "activate",
    "add",
    "apply",
    "approve",
    "archive",
    "assign",
    "block",
    "cancel",
    "check",
    "clone",
    "close",
    "commit",
    "confirm",
    "connect",
    "copy",
    "count",
    "create",
    "deactivate",
    "decline",
    "delete",
    "disable",
    "disconnect",
    "download",
    "duplicate",
    "enable",
    "execute",
    "export",
    "get",
    "import",
    "install",
    "invite",
    "join",
    "leave",
    "lock",
    "login",
    "logout",
    "move",
    "pause",
    "ping",
    "publish",
    "reactivate",
    "refresh",
    "reject",
    "release",
    "reload",
    "remove",
    "rename",
    "reset",
    "restore",
    "resume",
    "retry",
    "revoke",
    "rollback",
    "run",
    "search",
    "send",
    "set",
    "share",
    "start",
    "stop",
    "submit",
    "subscribe",
    "sync",
    "test",
    "transfer",
    "trigger",
    "unarchive",
    "unassign",
    "unblock",
    "uninstall",
    "unlock",
    "unpublish",
    "unshare",
    "unsubscribe",
    "update",
    "upload",
    "validate",
    "verify",
];

/// Summary words that say what is done but not to what, with the verb they stand for.
const GENERIC: &[(&str, Option<&str>)] = &[
    ("list", Some("list")),
    ("detail", Some("get")),
    ("details", Some("get")),
    ("get", Some("get")),
    ("retrieve", Some("get")),
    ("fetch", Some("get")),
    ("show", Some("get")),
    ("view", Some("get")),
    ("read", Some("get")),
    ("info", Some("get")),
    ("information", Some("get")),
    ("delete", Some("delete")),
    ("remove", Some("delete")),
    ("create", Some("create")),
    ("add", Some("create")),
    ("new", Some("create")),
    ("update", Some("update")),
    ("edit", Some("update")),
    ("modify", Some("update")),
    ("change", Some("update")),
    ("set", Some("set")),
    ("replace", Some("set")),
    ("all", None),
    ("by", None),
    ("id", None),
    ("item", None),
    ("items", None),
    ("one", None),
];

/// Plurals the suffix rules get wrong.
const IRREGULAR: &[(&str, &str)] = &[
    ("aliases", "alias"),
    ("analyses", "analysis"),
    ("bonuses", "bonus"),
    ("children", "child"),
    ("indices", "index"),
    ("people", "person"),
    ("statuses", "status"),
    ("viruses", "virus"),
];

/// Words that look plural and are not.
const NOT_PLURAL: &[&str] = &["analytics", "news", "series", "species", "stats"];

/// Whether the summary's words (already snake-cased, fillers dropped) only say what is done
/// (`List`, `Detail`, `Delete all`); then the verb they mean, if any.
pub(super) fn generic_summary(words: &[&str]) -> Option<Option<&'static str>> {
    let mut verb = None;
    for w in words {
        let (_, meaning) = GENERIC.iter().find(|(g, _)| g == w)?;
        verb = verb.or(*meaning);
    }
    Some(verb)
}

/// The singular of an English noun (`devices` → `device`, `policies` → `policy`,
/// `addresses` → `address`, `status` stays).
pub(super) fn singular(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_string();
    }
    if word.len() <= 2 || NOT_PLURAL.contains(&word) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    if ["sses", "shes", "ches", "xes", "zzes"].iter().any(|s| word.ends_with(s)) {
        return word.strip_suffix("es").unwrap_or(word).to_string();
    }
    if ["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return word.to_string();
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

fn is_plural(word: &str) -> bool {
    singular(word) != word
}

/// One segment of a path.
enum Segment {
    /// A literal segment's words (`ai-agents` → `ai`, `agents`).
    Literal(Vec<String>),
    /// A templated segment's variable name words (`{SDK_appVersion}` → `sdk`, `app`, `version`).
    Param(Vec<String>),
}

fn words(text: &str) -> Vec<String> {
    text.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            if let Some((_, after)) = s.split_once('{') {
                let name = after.split_once('}').map_or(after, |(n, _)| n);
                return Some(Segment::Param(words(name)));
            }
            let w = words(s);
            // Version and `api` segments say nothing about the resource.
            let version =
                |w: &str| w.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            let noise = matches!(w.as_slice(), [one] if one == "api" || version(one));
            (!noise && !w.is_empty()).then_some(Segment::Literal(w))
        })
        .collect()
}

/// Appends a noun to the words so far. With `collapse` (the noun directly follows another
/// literal segment), a noun repeating the end of what is there replaces it (`/ai-agents/v1/agents`
/// → `ai agent`, not `ai agents agent`); after a variable it is a sub-resource and stays
/// (`/teams/{teamId}/teams` → `team teams`).
fn push_noun(out: &mut Vec<String>, noun: &[String], collapse: bool) {
    let start = out.len().saturating_sub(noun.len());
    let repeats = out
        .get(start..)
        .is_some_and(|tail| tail.len() == noun.len() && tail.iter().zip(noun).all(|(a, b)| singular(a) == singular(b)));
    if collapse && !noun.is_empty() && repeats {
        out.truncate(start);
    }
    out.extend(noun.iter().cloned());
}

/// The name of `method` on `path` from its nouns. `verb` is the verb a generic summary gave
/// (`List` → `list`), if any. With `detailed`, variables after the first one following a noun
/// add their own words (`/modules/{moduleName}/{moduleSection}` → `…_module_section`), to tell
/// apart paths that differ only there.
pub(super) fn path_name(verb: Option<&str>, method: &str, path: &str, detailed: bool) -> String {
    let segments = segments(path);
    // A verb segment (`/commit`, `/run/stream`) says what is done; the nouns before it say to what.
    let action = segments
        .iter()
        .rposition(|s| matches!(s, Segment::Literal(w) if w.first().is_some_and(|v| PATH_VERBS.contains(&v.as_str()))));
    let (before, after) = segments.split_at(action.unwrap_or(segments.len()));
    // The variables after the last literal segment, for `detailed`.
    let last_literal = before.iter().rposition(|s| matches!(s, Segment::Literal(_)));
    let mut nouns: Vec<String> = Vec::new();
    for (i, s) in before.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|j| before.get(j));
        match s {
            Segment::Literal(w) => {
                let mut noun = w.clone();
                if matches!(before.get(i + 1), Some(Segment::Param(_))) {
                    if let Some(last) = noun.last_mut() {
                        *last = singular(last);
                    }
                }
                push_noun(&mut nouns, &noun, matches!(previous, Some(Segment::Literal(_))));
            }
            Segment::Param(w)
                if detailed && matches!(previous, Some(Segment::Param(_))) && last_literal.is_none_or(|l| i > l) =>
            {
                let own: Vec<String> = w.iter().filter(|x| !nouns.contains(x)).cloned().collect();
                push_noun(&mut nouns, &own, false);
            }
            Segment::Param(_) => {}
        }
    }
    let item = matches!(before.last(), Some(Segment::Param(_)));
    let mut extra: Vec<String> = Vec::new();
    let verb = match after.split_first() {
        Some((Segment::Literal(w), rest)) => {
            extra.extend(w.iter().skip(1).cloned());
            for s in rest {
                if let Segment::Literal(w) = s {
                    extra.extend(w.iter().cloned());
                }
            }
            w.first().cloned().unwrap_or_default()
        }
        _ => {
            let verb = verb.map(str::to_string).unwrap_or_else(|| method_verb(method, item, nouns.last()));
            if verb == "create" {
                if let Some(last) = nouns.last_mut().filter(|_| !item) {
                    *last = singular(last);
                }
            }
            verb
        }
    };
    let all: Vec<String> = std::iter::once(verb).chain(nouns).chain(extra).filter(|w| !w.is_empty()).collect();
    all.join("_").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>().to_ascii_lowercase()
}

/// The verb an HTTP method stands for on an item (`/devices/{id}`) or a literal path end.
fn method_verb(method: &str, item: bool, last_noun: Option<&String>) -> String {
    let verb = match method {
        "get" if item || !last_noun.is_some_and(|n| is_plural(n)) => "get",
        "get" => "list",
        "post" if item => "update",
        "post" => "create",
        "put" => "set",
        "patch" => "update",
        "delete" => "delete",
        "head" => "check",
        other => other,
    };
    verb.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_method_and_path() {
        let cases = [
            (None, "get", "/devices", "list_devices"),
            (None, "get", "/devices/{deviceId}", "get_device"),
            (None, "delete", "/devices/{deviceId}", "delete_device"),
            (None, "delete", "/devices/{deviceId}/incomings", "delete_device_incomings"),
            (None, "get", "/devices/{deviceId}/incomings", "list_device_incomings"),
            (None, "post", "/devices", "create_device"),
            (None, "patch", "/devices/{deviceId}", "update_device"),
            (None, "put", "/admin/system-settings/{key}", "set_admin_system_setting"),
            (None, "get", "/sdk/apps/{SDK_appName}/{SDK_appVersion}/readme", "get_sdk_app_readme"),
            (None, "put", "/sdk/apps/{SDK_appName}/{SDK_appVersion}/readme", "set_sdk_app_readme"),
            // Verbs in the path.
            (None, "post", "/sdk/apps/{SDK_appName}/{SDK_appVersion}/commit", "commit_sdk_app"),
            (None, "post", "/ai-agents/v1/agents/{agentId}/run/stream", "run_ai_agent_stream"),
            (None, "post", "/organizations/accept-invitation", "accept_organizations_invitation"),
            (None, "post", "/scenarios/{scenarioId}/clone", "clone_scenario"),
            (None, "get", "/users/search", "search_users"),
            // Versions and `api` segments are noise; repeated nouns collapse.
            (None, "patch", "/ai-agents/v1/agents/{agentId}", "update_ai_agent"),
            (None, "get", "/api/v2/teams/{teamId}/teams", "list_team_teams"),
            // A `v` without digits is a word, not a version.
            (None, "delete", "/v/{id}", "delete_v"),
            // A generic summary's verb wins over the method's.
            (Some("get"), "get", "/devices/{deviceId}", "get_device"),
            (Some("list"), "get", "/consumptions/reports/{organizationId}/{teamId}", "list_consumptions_report"),
            (Some("create"), "put", "/hooks", "create_hook"),
            (None, "get", "/", "get"),
            (None, "options", "/a/{b}", "options_a"),
            (None, "head", "/devices/{id}", "check_device"),
            (None, "get", "/files/{id}.json", "get_file"),
        ];
        for (verb, method, path, want) in cases {
            assert_eq!(path_name(verb, method, path, false), want, "{method} {path}");
        }
    }

    #[test]
    fn detailed_names_add_the_variables_that_tell_paths_apart() {
        let base = "/sdk/apps/{SDK_appName}/{SDK_appVersion}/modules/{SDK_moduleName}";
        let cases = [
            ("get", format!("{base}/{{SDK_moduleSection}}"), "get_sdk_app_module_section"),
            ("post", format!("{base}/{{SDK_moduleVisibility}}"), "update_sdk_app_module_visibility"),
            ("get", "/a/{x}/{y}/{z}".to_string(), "get_a_y_z"),
            ("get", "/devices/{deviceId}".to_string(), "get_device"),
        ];
        for (method, path, want) in cases {
            assert_eq!(path_name(None, method, &path, true), want, "{method} {path}");
        }
        assert_eq!(path_name(None, "get", &format!("{base}/{{SDK_moduleSection}}"), false), "get_sdk_app_module");
    }

    #[test]
    fn singulars() {
        for (plural, want) in [
            ("devices", "device"),
            ("policies", "policy"),
            ("ties", "tie"),
            ("addresses", "address"),
            ("matches", "match"),
            ("boxes", "box"),
            ("statuses", "status"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("series", "series"),
            ("ids", "id"),
            ("as", "as"),
            ("incomings", "incoming"),
            ("people", "person"),
            ("data", "data"),
        ] {
            assert_eq!(singular(plural), want, "{plural}");
        }
    }

    #[test]
    fn generic_summaries() {
        assert_eq!(generic_summary(&["list"]), Some(Some("list")));
        assert_eq!(generic_summary(&["detail"]), Some(Some("get")));
        assert_eq!(generic_summary(&["delete", "all"]), Some(Some("delete")));
        assert_eq!(generic_summary(&["all"]), Some(None));
        assert_eq!(generic_summary(&[]), Some(None));
        assert_eq!(generic_summary(&["list", "devices"]), None);
        assert_eq!(generic_summary(&["commit", "changes"]), None);
    }
}
