//! A reader for GNU gettext `.po` files and compiled `.mo` files.
//!
//! Hand-written rather than a crate: the `.po` crates on crates.io do not
//! report the line of a malformed entry, and a `.mo` file is a small table
//! of offsets. Both readers check every bound and never panic.

use super::catalog::Message;

/// An error while reading a catalog: its line (1-based; 0 for `.mo`) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// Which string the continuation lines of an entry append to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Ctx,
    Id,
    IdPlural,
    Str(usize),
}

#[derive(Default)]
struct Entry {
    ctx: Option<String>,
    id: Option<String>,
    id_plural: Option<String>,
    strs: Vec<(usize, String)>,
    fuzzy: bool,
    obsolete: bool,
    line: usize,
}

impl Entry {
    fn is_empty(&self) -> bool {
        self.ctx.is_none() && self.id.is_none() && self.strs.is_empty()
    }

    fn finish(self, out: &mut Vec<Message>) -> Result<(), ParseError> {
        if self.is_empty() || self.obsolete {
            return Ok(());
        }
        let Some(id) = self.id else {
            return Err(error(self.line, "entry without msgid"));
        };
        if self.strs.is_empty() {
            return Err(error(self.line, format!("msgid \"{id}\" has no msgstr")));
        }
        let mut strs = self.strs;
        strs.sort_by_key(|(i, _)| *i);
        for (expected, (i, _)) in strs.iter().enumerate() {
            if *i != expected {
                return Err(error(self.line, format!("msgstr[{expected}] is missing")));
            }
        }
        // Like msgfmt, fuzzy entries are not used (the header always is).
        if self.fuzzy && !id.is_empty() {
            return Ok(());
        }
        out.push(Message {
            context: self.ctx,
            id,
            plural: self.id_plural,
            strs: strs.into_iter().map(|(_, s)| s).collect(),
            line: self.line,
        });
        Ok(())
    }
}

/// Parses the text of a `.po` file into its messages (the header included,
/// as the message with the empty msgid).
pub(crate) fn parse_po(text: &str) -> Result<Vec<Message>, ParseError> {
    let mut messages = Vec::new();
    let mut entry = Entry::default();
    let mut field: Option<Field> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            // A comment after the strings starts a new entry.
            if field.is_some() && !entry.strs.is_empty() {
                std::mem::take(&mut entry).finish(&mut messages)?;
                field = None;
            }
            if let Some(flags) = rest.strip_prefix(',') {
                if flags.split(',').any(|f| f.trim() == "fuzzy") {
                    entry.fuzzy = true;
                }
            }
            if rest.starts_with('~') {
                entry.obsolete = true;
            }
            continue;
        }
        if line.starts_with('"') {
            let s = unquote(line, line_no)?;
            let target = match field {
                Some(Field::Ctx) => entry.ctx.as_mut(),
                Some(Field::Id) => entry.id.as_mut(),
                Some(Field::IdPlural) => entry.id_plural.as_mut(),
                Some(Field::Str(i)) => entry.strs.iter_mut().find(|(j, _)| *j == i).map(|(_, s)| s),
                None => None,
            };
            match target {
                Some(t) => t.push_str(&s),
                None => return Err(error(line_no, "a string outside any msgid or msgstr")),
            }
            continue;
        }
        let (keyword, rest) = match line.find(|c: char| c.is_whitespace() || c == '"') {
            Some(at) => (line.get(..at).unwrap_or(""), line.get(at..).unwrap_or("")),
            None => (line, ""),
        };
        let value = unquote(rest.trim(), line_no)?;
        if matches!(keyword, "msgctxt" | "msgid") && !entry.strs.is_empty() {
            std::mem::take(&mut entry).finish(&mut messages)?;
        }
        if keyword == "msgid" && entry.id.is_some() {
            return Err(error(entry.line, "msgid without msgstr"));
        }
        if entry.is_empty() {
            entry.line = line_no;
        }
        field = Some(match keyword {
            "msgctxt" => {
                entry.ctx = Some(value);
                Field::Ctx
            }
            "msgid" => {
                entry.id = Some(value);
                Field::Id
            }
            "msgid_plural" => {
                if entry.id.is_none() {
                    return Err(error(line_no, "msgid_plural before msgid"));
                }
                entry.id_plural = Some(value);
                Field::IdPlural
            }
            "msgstr" => {
                if entry.id.is_none() {
                    return Err(error(line_no, "msgstr before msgid"));
                }
                entry.strs.push((0, value));
                Field::Str(0)
            }
            other => {
                let index = other
                    .strip_prefix("msgstr[")
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|i| i.parse::<usize>().ok());
                match index {
                    Some(i) if entry.id.is_some() && i < 16 => {
                        if entry.strs.iter().any(|(j, _)| *j == i) {
                            return Err(error(line_no, format!("msgstr[{i}] given twice")));
                        }
                        entry.strs.push((i, value));
                        Field::Str(i)
                    }
                    Some(_) => return Err(error(line_no, format!("unexpected {other}"))),
                    None => return Err(error(line_no, format!("unknown keyword '{other}'"))),
                }
            }
        });
    }
    entry.finish(&mut messages)?;
    Ok(messages)
}

/// Reads one `"…"` string with C escapes.
fn unquote(text: &str, line: usize) -> Result<String, ParseError> {
    let inner = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|_| text.len() >= 2)
        .ok_or_else(|| error(line, format!("expected a quoted string, found '{text}'")))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some(c @ ('\\' | '"' | '\'' | '?')) => out.push(c),
                Some(other) => return Err(error(line, format!("unknown escape '\\{other}'"))),
                None => return Err(error(line, "a string ends with a backslash")),
            },
            '"' => return Err(error(line, "an unescaped '\"' inside a string")),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Parses a compiled `.mo` file (either byte order).
pub(crate) fn parse_mo(bytes: &[u8]) -> Result<Vec<Message>, ParseError> {
    let word = |at: usize, big: bool| -> Result<usize, ParseError> {
        let b: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| error(0, format!("truncated .mo file (offset {at})")))?;
        let v = if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        };
        usize::try_from(v).map_err(|_| error(0, "offset out of range"))
    };
    let big = match word(0, false)? {
        0x9504_12de => false,
        0xde12_0495 => true,
        _ => return Err(error(0, "not a .mo file (bad magic number)")),
    };
    if word(4, big)? >> 16 > 1 {
        return Err(error(0, "unsupported .mo revision"));
    }
    let count = word(8, big)?;
    let originals = word(12, big)?;
    let translations = word(16, big)?;
    let string = |table: usize, i: usize| -> Result<&str, ParseError> {
        let len = word(table + i * 8, big)?;
        let at = word(table + i * 8 + 4, big)?;
        let raw = bytes
            .get(at..at.saturating_add(len))
            .ok_or_else(|| error(0, format!("string {i} lies outside the .mo file")))?;
        std::str::from_utf8(raw).map_err(|_| error(0, format!("string {i} is not UTF-8")))
    };
    if count > bytes.len() / 8 {
        return Err(error(0, "message count larger than the .mo file"));
    }
    let mut messages = Vec::with_capacity(count);
    for i in 0..count {
        let original = string(originals, i)?;
        let translated = string(translations, i)?;
        let (context, original) = match original.split_once('\u{4}') {
            Some((c, o)) => (Some(c.to_string()), o),
            None => (None, original),
        };
        let (id, plural) = match original.split_once('\0') {
            Some((s, p)) => (s.to_string(), Some(p.to_string())),
            None => (original.to_string(), None),
        };
        messages.push(Message {
            context,
            id,
            plural,
            strs: translated.split('\0').map(str::to_string).collect(),
            line: 0,
        });
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_contexts_plurals_and_errors() {
        let po = "# comment\nmsgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=n>1;\\n\"\n\n#, fuzzy\nmsgid \"f\"\nmsgstr \"F\"\n\nmsgctxt \"m\"\nmsgid \"May\"\nmsgstr \"Mai\"\n\nmsgid \"a\"\n\"b\"\nmsgid_plural \"abs\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\\\"\"\n";
        let m = parse_po(po).unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[1].context.as_deref(), Some("m"));
        assert_eq!(m[2].id, "ab");
        assert_eq!(m[2].strs, vec!["x".to_string(), "y\"".to_string()]);
        assert_eq!(
            parse_po("msgid \"a\"\nmsgstr \"b\nmsgid").unwrap_err().line,
            2
        );
        assert_eq!(parse_po("msgid \"a\"\nbogus \"b\"").unwrap_err().line, 2);
        assert!(parse_mo(b"nope").is_err());
    }
}
