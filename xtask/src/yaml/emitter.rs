//! Block-style YAML text from a stream of events (collection starts and ends, scalars): the
//! layout of the reviewed `specs/openapi.yaml` — two-space indents, sequences in mappings not
//! indented, empty collections as `{}`/`[]`, long lines never folded.

use super::scalar::{self, Style};

/// Spaces per nesting level.
const INDENT: usize = 2;

/// Longest key written as `key: value`; longer (or multi-line) keys use `? key`.
const SIMPLE_KEY_MAX: usize = 128;

/// Where the next node goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The document's root.
    Root,
    /// An item of the innermost sequence.
    Item,
    /// A key of the innermost mapping.
    Key,
    /// The value after a `key:` written on one line.
    SimpleValue,
    /// The value after a `? key`.
    ComplexValue,
}

/// The writer's state; column and flags follow the text written so far.
#[derive(Debug)]
pub struct Emitter {
    out: String,
    column: usize,
    /// Indent of the innermost collection; `None` before the root.
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    /// The last character written is a space, or nothing needs a separator before the next.
    whitespace: bool,
    /// Only indentation has been written on this line so far.
    indention: bool,
    /// The open collections, innermost last: whether each is a mapping, and the slot it
    /// fills in its parent.
    open: Vec<(bool, Slot)>,
    slot: Slot,
    /// The innermost open collection has no child yet: it is not known to be empty or not
    /// (its first child, or its end, says).
    pending: bool,
}

/// An event the emitter cannot place (a bug in the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misuse(pub &'static str);

impl Emitter {
    /// An emitter for one document, writing after `out`'s contents (which must end a line).
    pub fn new(out: String) -> Self {
        Emitter {
            out,
            column: 0,
            indent: None,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            open: Vec::new(),
            slot: Slot::Root,
            pending: false,
        }
    }

    /// Starts a mapping.
    pub fn begin_mapping(&mut self) -> Result<(), Misuse> {
        self.begin(true)
    }

    /// Starts a sequence.
    pub fn begin_sequence(&mut self) -> Result<(), Misuse> {
        self.begin(false)
    }

    /// Ends the innermost collection.
    pub fn end(&mut self) -> Result<(), Misuse> {
        if matches!(self.slot, Slot::SimpleValue | Slot::ComplexValue) {
            return Err(Misuse("mapping ended between a key and its value"));
        }
        let (mapping, slot) = self.open.pop().ok_or(Misuse("end without a collection"))?;
        if std::mem::take(&mut self.pending) {
            // Empty: written in flow style.
            self.indicator(if mapping { "{" } else { "[" }, true, true, false);
            self.indicator(if mapping { "}" } else { "]" }, false, false, false);
        } else {
            self.indent = self.indents.pop().ok_or(Misuse("unbalanced indents"))?;
        }
        self.slot = slot;
        self.after_node();
        Ok(())
    }

    /// Writes a string scalar in the style it asks for (see [`scalar::requested`]).
    pub fn string(&mut self, s: &str) -> Result<(), Misuse> {
        self.scalar(s, scalar::requested(s))
    }

    /// Writes a scalar (a number, a boolean, `null` or a string) asking for `style`.
    pub fn scalar(&mut self, s: &str, style: Style) -> Result<(), Misuse> {
        self.open_pending();
        let analysis = scalar::analyze(s);
        let is_key = self.slot == Slot::Key;
        let simple_key = is_key && !analysis.multiline && s.len() <= SIMPLE_KEY_MAX;
        if is_key {
            self.write_indent();
            if !simple_key {
                self.indicator("?", true, false, true);
            }
        } else {
            self.node_prefix()?;
        }
        let style = scalar::select(s, style, &analysis, simple_key);
        self.indents.push(self.indent);
        self.indent = Some(self.indent.map_or(INDENT, |i| i + INDENT));
        match style {
            Style::Plain => self.plain(s),
            Style::Single => self.single_quoted(s),
            Style::Double => self.double_quoted(s),
            Style::Literal => self.literal(s),
        }
        self.indent = self.indents.pop().ok_or(Misuse("unbalanced indents"))?;
        if is_key {
            self.slot = if simple_key { Slot::SimpleValue } else { Slot::ComplexValue };
        } else {
            self.after_node();
        }
        Ok(())
    }

    /// The document's text, its last line ended. (One document per stream: a block scalar that
    /// keeps its final line breaks needs no `...` after it.)
    pub fn finish(mut self) -> Result<String, Misuse> {
        if !self.open.is_empty() {
            return Err(Misuse("document ended inside a collection"));
        }
        self.write_indent();
        Ok(self.out)
    }

    fn begin(&mut self, mapping: bool) -> Result<(), Misuse> {
        self.open_pending();
        if self.slot == Slot::Key {
            return Err(Misuse("a collection as a mapping key"));
        }
        self.node_prefix()?;
        self.open.push((mapping, self.slot));
        self.pending = true;
        self.slot = if mapping { Slot::Key } else { Slot::Item };
        Ok(())
    }

    /// A child arrives: the pending collection is not empty, so it opens as a block.
    fn open_pending(&mut self) {
        if !std::mem::take(&mut self.pending) {
            return;
        }
        if let Some(&(mapping, parent_slot)) = self.open.last() {
            // A sequence that is a mapping's value is not indented.
            let in_mapping = matches!(parent_slot, Slot::SimpleValue | Slot::ComplexValue);
            let indentless = !mapping && in_mapping && !self.indention;
            self.indents.push(self.indent);
            self.indent = Some(match self.indent {
                None => 0,
                Some(i) if indentless => i,
                Some(i) => i + INDENT,
            });
        }
    }

    /// What goes before a node in its slot: `- ` for an item, `:` after a key.
    fn node_prefix(&mut self) -> Result<(), Misuse> {
        match self.slot {
            Slot::Root => {}
            Slot::Item => {
                self.write_indent();
                self.indicator("-", true, false, true);
            }
            Slot::SimpleValue => self.indicator(":", false, false, false),
            Slot::ComplexValue => {
                self.write_indent();
                self.indicator(":", true, false, true);
            }
            Slot::Key => return Err(Misuse("a key where a value belongs")),
        }
        Ok(())
    }

    /// After a value in `self.slot`: the next slot of the collection it was in.
    fn after_node(&mut self) {
        if matches!(self.slot, Slot::SimpleValue | Slot::ComplexValue) {
            self.slot = Slot::Key;
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Writes a line break of the text: LF as the stream's line end, others as they are.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    /// Starts a line at the current indent, unless only indentation is written on this one. (The
    /// other two reasons to break, kept as libyaml has them, never hold for the events this
    /// writer is given: when only indentation is written, the column is at or left of the
    /// indent, and a scalar's indent is never 0.)
    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, text: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention &= is_indention;
    }

    fn plain(&mut self, s: &str) {
        if !self.whitespace && !s.is_empty() {
            self.put(' ');
        }
        for c in s.chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// In single quotes. The only line breaks that get here are LS and PS (printable, so
    /// quotable; a line feed asks for a block scalar, CR and NEL for double quotes); they are
    /// written as they are and the text goes on on an indented line.
    fn single_quoted(&mut self, s: &str) {
        self.indicator("'", true, false, false);
        let mut breaks = false;
        for c in s.chars() {
            if c == ' ' {
                self.put(c);
            } else if scalar::is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted(&mut self, s: &str) {
        self.indicator("\"", true, false, false);
        for c in s.chars() {
            if !scalar::is_printable(c) || c == '\u{FEFF}' || scalar::is_break(c) || c == '"' || c == '\\' {
                self.escape(c);
            } else {
                self.put(c);
            }
        }
        self.indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn escape(&mut self, c: char) {
        self.put('\\');
        let short = match c {
            '\0' => Some('0'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{B}' => Some('v'),
            '\u{C}' => Some('f'),
            '\r' => Some('r'),
            '\u{1B}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        if let Some(short) = short {
            self.put(short);
            return;
        }
        let code = u32::from(c);
        let (prefix, digits) = match code {
            0..=0xFF => ('x', 2),
            0x100..=0xFFFF => ('u', 4),
            _ => ('U', 8),
        };
        self.put(prefix);
        for shift in (0..digits).rev() {
            let digit = (code >> (shift * 4)) & 0xF;
            self.put(char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()));
        }
    }

    fn literal(&mut self, s: &str) {
        self.indicator("|", true, false, false);
        let first = s.chars().next();
        if first.is_some_and(|c| c == ' ' || scalar::is_break(c)) {
            self.indicator(&INDENT.to_string(), false, false, false);
        }
        let mut tail = s.chars().rev();
        let keep = match (tail.next(), tail.next()) {
            (Some(last), before) if scalar::is_break(last) => before.is_none_or(scalar::is_break),
            _ => false,
        };
        let ends_with_break = s.chars().next_back().is_some_and(scalar::is_break);
        if keep {
            self.indicator("+", false, false, false);
        } else if !ends_with_break {
            self.indicator("-", false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if scalar::is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Events out of order are refused, never written.
    #[test]
    fn misplaced_events_are_refused() {
        let mut e = Emitter::new(String::new());
        assert_eq!(e.end(), Err(Misuse("end without a collection")));
        e.begin_mapping().unwrap();
        assert_eq!(e.begin_sequence(), Err(Misuse("a collection as a mapping key")));
        e.string("k").unwrap();
        assert_eq!(e.end(), Err(Misuse("mapping ended between a key and its value")));
        e.string("v").unwrap();
        assert_eq!(e.finish().map(|_| ()), Err(Misuse("document ended inside a collection")));
        let mut e = Emitter::new(String::new());
        e.begin_sequence().unwrap();
        e.string("a").unwrap();
        e.end().unwrap();
        assert_eq!(e.finish(), Ok("- a\n".to_owned()));
    }
}
