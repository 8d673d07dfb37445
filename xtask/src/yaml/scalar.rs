//! How a string is written as a YAML scalar: which styles (plain, single-quoted, double-quoted,
//! literal block) can carry it unchanged, and which one a string asks for.
//!
//! The rules are YAML 1.2's (and libyaml's reading of them, which the reviewed
//! `specs/openapi.yaml` has always been written with): a plain scalar cannot start with an
//! indicator, contain `: ` or ` #`, start or end with a space or hold a line break; single
//! quotes cannot hold non-printable characters; a block scalar cannot hold a space right
//! before a line break. A string that would read back as another type (`true`, `null`, `12`,
//! `0o7`, `1e3`, `007`) is quoted.

/// A scalar's written form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As it is.
    Plain,
    /// In `'…'`, a `'` doubled.
    Single,
    /// In `"…"` with backslash escapes.
    Double,
    /// A `|` block, one line of text per line.
    Literal,
}

/// What a string's characters allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    /// It holds a line break.
    pub multiline: bool,
    /// It can be written plain in block context.
    pub plain: bool,
    /// It can be written in single quotes.
    pub single: bool,
    /// It can be written as a block scalar.
    pub block: bool,
}

/// A line break as YAML counts them: LF, CR, NEL, LS, PS.
pub fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A space, a line break or the end of the text: what ends an indicator (`: `, ` #`). YAML
/// counts tabs as blanks too, but a string holding a tab (or any other character that is not
/// printable) is never written plain, so here they need not be told apart.
fn is_blank_or_end(c: Option<char>) -> bool {
    c.is_none_or(|c| c == ' ' || is_break(c))
}

/// A character YAML lets a stream hold as it is (no tab, no control character, no BOM).
pub fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) && c != '\u{FEFF}'
}

/// Characters that cannot start a plain scalar.
const LEADING_INDICATORS: &str = "#,[]{}&*!|>'\"%@`";

/// Which styles can carry `s` unchanged (in block context).
pub fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis { multiline: false, plain: true, single: true, block: false };
    }
    let mut indicators = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_blank = true;
    let mut chars = s.chars().peekable();
    let (first, last) = (s.chars().next(), s.chars().next_back());
    let mut at_start = true;
    while let Some(c) = chars.next() {
        let followed_by_blank = is_blank_or_end(chars.peek().copied());
        if at_start {
            indicators |= LEADING_INDICATORS.contains(c) || (matches!(c, '?' | ':' | '-') && followed_by_blank);
        } else {
            indicators |= (c == ':' && followed_by_blank) || (c == '#' && preceded_by_blank);
        }
        special |= !is_printable(c);
        if c == ' ' {
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_blank = is_blank_or_end(Some(c));
        at_start = false;
    }
    let edge_space = first == Some(' ') || last == Some(' ');
    let trailing_space = last == Some(' ');
    // Any line break rules plain out, wherever it is (at an edge, beside a space).
    let plain = !(edge_space || special || line_breaks || indicators);
    let single = !(break_space || space_break || special);
    let block = !(trailing_space || space_break || special);
    Analysis { multiline: line_breaks, plain, single, block }
}

/// The style a string value asks for before its characters are looked at: a block for text
/// with a line feed, quotes for text that would read back as a null, a boolean or a number
/// (or as digits with a leading zero), plain otherwise.
pub fn requested(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if reads_as_other_type(s) {
        Style::Single
    } else {
        Style::Plain
    }
}

/// The style `s` is written in, as a mapping key (`key`) or a value.
pub fn select(s: &str, requested: Style, analysis: &Analysis, key: bool) -> Style {
    let mut style = requested;
    if key && analysis.multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!analysis.plain || (s.is_empty() && key)) {
        style = Style::Single;
    }
    if style == Style::Single && !analysis.single {
        style = Style::Double;
    }
    if style == Style::Literal && (!analysis.block || key) {
        style = Style::Double;
    }
    style
}

/// Whether plain `s` would read back as something other than a string.
fn reads_as_other_type(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || leading_zero_digits(s)
        || is_integer(s)
        || is_float(s)
}

/// Digits with a leading zero (`007`, `-01`): a string in YAML 1.2, quoted so that readers of
/// older YAML do not take it for an octal number.
fn leading_zero_digits(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer: decimal, `0x`, `0o` or `0b`, with an optional sign, in the range of a 128-bit
/// integer (`u128` when positive, `i128` when negative).
fn is_integer(s: &str) -> bool {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, digits) = match body.get(..2) {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ => (10, body),
    };
    // Digits only: the standard parsers below would also take a sign (`0x+5`), which YAML does
    // not. (No digits at all fails there.)
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    if negative {
        i128::from_str_radix(&format!("-{digits}"), radix).is_ok()
    } else {
        u128::from_str_radix(digits, radix).is_ok()
    }
}

/// A finite floating-point number as Rust reads one (`1.5`, `-2e3`, `.5`), or YAML's
/// `.inf`/`.nan` spellings.
fn is_float(s: &str) -> bool {
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => s,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(s, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_read_as_other_types_ask_for_quotes() {
        for s in ["", "~", "null", "TRUE", "false", "12", "-3", "+4", "0x1F", "-0o7", "0b101", "007", "-01", "1.5"] {
            assert_eq!(requested(s), Style::Single, "{s:?}");
        }
        for s in [".5", "1e3", "-2E-2", "+1.5", "+.inf", ".inf", "-.Inf", ".NaN", "inf", "NaN", "1_000"] {
            let expected = if matches!(s, "inf" | "NaN" | "1_000") { Style::Plain } else { Style::Single };
            assert_eq!(requested(s), expected, "{s:?}");
        }
        for s in ["yes", "0x", "0xG", "0x+5", "-0x-1", "0o+7", "+-1", "-+1", "1.2.3", "Infinity", "200 OK", "0", "-0"] {
            let expected = if matches!(s, "0" | "-0") { Style::Single } else { Style::Plain };
            assert_eq!(requested(s), expected, "{s:?}");
        }
        // Past the 128-bit range an integer is a float, past f64's an ordinary string.
        assert_eq!(requested(&"9".repeat(40)), Style::Single);
        assert_eq!(requested(&"9".repeat(400)), Style::Plain);
        // …but digits after a leading zero are quoted however many there are.
        assert_eq!(requested(&format!("0{}", "9".repeat(400))), Style::Single);
        assert_eq!(requested(&format!("0x{}", "F".repeat(33))), Style::Plain);
        assert_eq!(requested("a\nb"), Style::Literal);
    }

    #[test]
    fn indicators_and_spaces_rule_out_plain() {
        let plain = |s: &str| analyze(s).plain;
        for s in ["a", "a-b", "a:b", "a#b", "http://x", "-a", ":a", "?a", "a?", "a,b"] {
            assert!(plain(s), "{s:?}");
        }
        for s in ["#a", "- a", ": a", "? a", "a: b", "a #b", "a:", "[a", "*a", "' a", " a", "a ", "---x", "...", "a\tb"]
        {
            assert!(!plain(s), "{s:?}");
        }
    }

    #[test]
    fn breaks_and_special_characters_choose_between_quotes_and_blocks() {
        let a = analyze("a \nb");
        assert_eq!((a.multiline, a.single, a.block), (true, false, false));
        let a = analyze("a\n b");
        assert_eq!((a.single, a.block), (false, true));
        let a = analyze("a\u{2028}b");
        assert_eq!((a.plain, a.single), (false, true));
        assert!(!analyze("tab\there").single);
        assert!(!analyze("bom\u{FEFF}").single);
        assert!(analyze("emoji 🦀 ok").plain);
        assert!(!analyze("trailing ").block);
    }

    #[test]
    fn keys_never_get_blocks_and_empty_keys_are_quoted() {
        let s = "a\nb";
        assert_eq!(select(s, requested(s), &analyze(s), true), Style::Double);
        assert_eq!(select(s, requested(s), &analyze(s), false), Style::Literal);
        assert_eq!(select("", Style::Plain, &analyze(""), true), Style::Single);
        assert_eq!(select("a: b", Style::Plain, &analyze("a: b"), false), Style::Single);
        assert_eq!(select("a\tb", Style::Plain, &analyze("a\tb"), false), Style::Double);
    }
}
