//! Query templates inside path keys (`/search?q={query}&type=all`), which some real specs write
//! instead of declaring query parameters: the template's variables become query parameters and
//! its literal pairs are sent with every request.

use std::collections::BTreeSet;

use super::operation::BUILDER_NAMES;
use crate::error::{Error, Pointer};
use crate::ir::{Param, Style};
use crate::typespace::TypeRef;
use crate::typespace::naming::unique_snake;

/// The path without its query template, and the template's literal `name=value` pairs.
type Applied<'p> = (&'p str, Vec<(String, String)>);

/// Splits the query template off `path` (the operation at `ptr`) and applies it: a
/// `name={variable}` pair whose variable is declared as a path parameter moves it to `query`
/// under the pair's name (required, as path parameters are; arrays and objects joined with `,`
/// as in `simple` style); one already declared as a query parameter is left as it is; one
/// declared nowhere becomes a required string query parameter. Returns the path without its
/// template and the literal `name=value` pairs, to be sent as they are. Anything else (a
/// variable name, a variable inside a longer value, a variable also used in the path) is a
/// located error. A path without `?` is returned as it is, with no pairs.
pub(super) fn apply<'p>(
    path: &'p str,
    path_params: &mut Vec<Param>,
    query: &mut Vec<Param>,
    (headers, cookies): (&[Param], &[Param]),
    ptr: &Pointer,
) -> Result<Applied<'p>, Error> {
    let Some((in_path, template)) = path.split_once('?') else {
        return Ok((path, Vec::new()));
    };
    let unsupported =
        |pair: &str, why: &str| Error::new(ptr, format!("query template pair `{pair}` in path `{path}`: {why}"));
    let mut fixed = Vec::new();
    for pair in template.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name.is_empty() || name.contains(['{', '}']) {
            return Err(unsupported(pair, "its name must be literal"));
        }
        let Some(var) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
            if value.contains(['{', '}']) {
                return Err(unsupported(pair, "a variable must be the whole value"));
            }
            fixed.push((name.to_owned(), value.to_owned()));
            continue;
        };
        if in_path.contains(&format!("{{{var}}}")) {
            return Err(unsupported(pair, "its variable is also a path segment"));
        }
        if let Some(i) = path_params.iter().position(|p| p.wire_name == var) {
            let mut param = path_params.remove(i);
            param.wire_name = name.to_owned();
            param.style = match param.style {
                Style::Path(_) => Style::Joined(','),
                other => other,
            };
            query.push(param);
        } else if !query.iter().any(|p| p.wire_name == name || p.wire_name == var) {
            let mut taken: BTreeSet<String> = BUILDER_NAMES.iter().map(|s| (*s).to_owned()).collect();
            let all = path_params.iter().chain(query.iter()).chain(headers).chain(cookies);
            taken.extend(all.map(|p| p.ident.clone()));
            let ident = unique_snake(&[var], &mut taken).pop().unwrap_or_else(|| var.to_owned());
            query.push(Param {
                wire_name: name.to_owned(),
                setter: ident.clone(),
                ident,
                ty: TypeRef::String,
                required: true,
                docs: None,
                style: Style::Plain,
                deprecated: false,
            });
        }
    }
    Ok((in_path, fixed))
}
