//! The parts of Python 3.12's `html.parser.HTMLParser` that Django's
//! `striptags`, `truncatechars_html` and `truncatewords_html` rely on,
//! followed step by step: its quirks decide Django's output.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use crate::py;
use crate::unescape::unescape;

/// What the parser reports.
pub(crate) trait Sink {
    /// Text. `Err(())` stops the parse (the truncators' `TruncationCompleted`).
    fn data(&mut self, text: &str) -> Result<(), ()>;
    fn start_tag(&mut self, tag: &str, text: &str, self_closing: bool) -> Result<(), ()>;
    fn end_tag(&mut self, tag: &str) -> Result<(), ()>;
    fn charref(&mut self, _name: &str) {}
    fn entityref(&mut self, _name: &str) {}
}

pub(crate) struct Parser<'a> {
    pub(crate) raw: &'a str,
    pub(crate) convert_charrefs: bool,
    pub(crate) cdata_elem: Option<String>,
    /// Set when Python's parser would raise `AssertionError`.
    pub(crate) assertion: Option<String>,
}

fn byte(s: &str, i: usize) -> Option<u8> {
    s.as_bytes().get(i).copied()
}

/// The char at byte `i` (for Unicode `\s` tests).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

fn is_space_at(s: &str, i: usize) -> bool {
    char_at(s, i).is_some_and(py::is_space)
}

/// Advances over one char.
fn next_char(s: &str, i: usize) -> usize {
    i + char_at(s, i).map_or(1, char::len_utf8)
}

/// `tagfind_tolerant`: `([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*` at
/// `i`: the name's end and the match's end.
fn tagfind(s: &str, i: usize) -> Option<(usize, usize)> {
    if !byte(s, i).is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut j = i + 1;
    while let Some(b) = byte(s, j) {
        if matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c' | b' ' | b'/' | b'>' | 0) {
            break;
        }
        j = next_char(s, j);
    }
    let name_end = j;
    Some((name_end, skip_sep(s, j)))
}

/// `(?:\s|/(?!>))*`
fn skip_sep(s: &str, mut j: usize) -> usize {
    loop {
        if is_space_at(s, j) {
            j = next_char(s, j);
        } else if byte(s, j) == Some(b'/') && byte(s, j + 1) != Some(b'>') {
            j += 1;
        } else {
            return j;
        }
    }
}

fn skip_spaces(s: &str, mut j: usize) -> usize {
    while is_space_at(s, j) {
        j = next_char(s, j);
    }
    j
}

/// One attribute as `attrfind_tolerant` (and the attribute part of
/// `locatestarttagend_tolerant`) matches it at `j`: the end, or `None`.
fn attribute(s: &str, j: usize, trailing_space: bool) -> Option<usize> {
    let prev_ok = j
        .checked_sub(1)
        .and_then(|p| s.get(..j).and_then(|t| t.chars().last()).or(char_at(s, p)))
        .is_some_and(|c| c == '\'' || c == '"' || c == '/' || py::is_space(c));
    let first = char_at(s, j)?;
    if !prev_ok || py::is_space(first) || first == '/' || first == '>' {
        return None;
    }
    let mut k = next_char(s, j);
    while let Some(c) = char_at(s, k) {
        if py::is_space(c) || matches!(c, '/' | '=' | '>') {
            break;
        }
        k = next_char(s, k);
    }
    // Optional value: \s*=+\s*('…'|"…"|bare)
    let mut v = skip_spaces(s, k);
    if byte(s, v) == Some(b'=') {
        while byte(s, v) == Some(b'=') {
            v += 1;
        }
        v = skip_spaces(s, v);
        let value_end = match byte(s, v) {
            Some(q @ (b'\'' | b'"')) => s
                .get(v + 1..)
                .and_then(|t| t.find(char::from(q)))
                .map(|e| v + 1 + e + 1),
            _ => {
                let mut e = v;
                while let Some(c) = char_at(s, e) {
                    if c == '>' || py::is_space(c) {
                        break;
                    }
                    e = next_char(s, e);
                }
                Some(e)
            }
        };
        if let Some(e) = value_end {
            k = if trailing_space { skip_spaces(s, e) } else { e };
        }
    }
    Some(skip_sep(s, k))
}

/// `locatestarttagend_tolerant.match(raw, i).end()`.
fn locate_start_tag_end(s: &str, i: usize) -> usize {
    let Some((name_end, _)) = tagfind(s, i + 1) else {
        return i + 1;
    };
    // (?:[\s/]* (?:attr)* )?
    let mut j = name_end;
    while char_at(s, j).is_some_and(|c| c == '/' || py::is_space(c)) {
        j = next_char(s, j);
    }
    while let Some(e) = attribute(s, j, true) {
        if e == j {
            break;
        }
        j = e;
    }
    skip_spaces(s, j)
}

impl<'a> Parser<'a> {
    /// `check_for_whole_start_tag`: the end of the tag, or `None` when
    /// incomplete.
    fn whole_start_tag(&self, i: usize) -> Option<usize> {
        let s = self.raw;
        let j = locate_start_tag_end(s, i);
        match byte(s, j) {
            Some(b'>') => Some(j + 1),
            Some(b'/') => {
                if byte(s, j + 1) == Some(b'>') {
                    Some(j + 2)
                } else {
                    None
                }
            }
            None => None,
            Some(b) if b.is_ascii_alphabetic() || b == b'=' || b == b'/' => None,
            Some(_) => Some(if j > i { j } else { i + 1 }),
        }
    }

    /// `parse_starttag`: `Ok(None)` for incomplete.
    fn start_tag(&mut self, i: usize, sink: &mut dyn Sink) -> Result<Option<usize>, ()> {
        let s = self.raw;
        let Some(endpos) = self.whole_start_tag(i) else {
            return Ok(None);
        };
        let text = s.get(i..endpos).unwrap_or("");
        let Some((name_end, mut k)) = tagfind(s, i + 1) else {
            return Ok(Some(endpos));
        };
        let tag = s.get(i + 1..name_end).unwrap_or("").to_lowercase();
        while k < endpos {
            match attribute(s, k, false) {
                Some(e) if e > k => k = e,
                _ => break,
            }
        }
        let end = py::strip(s.get(k.min(endpos)..endpos).unwrap_or(""));
        if end != ">" && end != "/>" {
            self.data(sink, text)?;
            return Ok(Some(endpos));
        }
        if end.ends_with("/>") {
            sink.start_tag(&tag, text, true)?;
        } else {
            sink.start_tag(&tag, text, false)?;
            if tag == "script" || tag == "style" {
                self.cdata_elem = Some(tag);
            }
        }
        Ok(Some(endpos))
    }

    /// `endtagfind`: `</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>` at `i`.
    fn endtagfind(&self, i: usize) -> Option<(String, usize)> {
        let s = self.raw;
        let mut j = skip_spaces(s, i + 2);
        let start = j;
        if !byte(s, j).is_some_and(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        while byte(s, j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'_'))
        {
            j += 1;
        }
        let name = s.get(start..j)?.to_lowercase();
        j = skip_spaces(s, j);
        (byte(s, j) == Some(b'>')).then_some((name, j + 1))
    }

    fn end_tag(&mut self, i: usize, sink: &mut dyn Sink) -> Result<Option<usize>, ()> {
        let s = self.raw;
        let Some(gt) = s.get(i + 1..).and_then(|t| t.find('>')) else {
            return Ok(None);
        };
        let gtpos = i + 1 + gt + 1;
        match self.endtagfind(i) {
            None => {
                if self.cdata_elem.is_some() {
                    self.data(sink, s.get(i..gtpos).unwrap_or(""))?;
                    return Ok(Some(gtpos));
                }
                let Some((name_end, m_end)) = tagfind(s, i + 2) else {
                    if s.get(i..i + 3) == Some("</>") {
                        return Ok(Some(i + 3));
                    }
                    return Ok(self.bogus_comment(i));
                };
                let tag = s.get(i + 2..name_end).unwrap_or("").to_lowercase();
                let close = s
                    .get(m_end..)
                    .and_then(|t| t.find('>'))
                    .map_or(m_end, |p| m_end + p);
                sink.end_tag(&tag)?;
                Ok(Some(close + 1))
            }
            Some((elem, end)) => {
                if let Some(cdata) = &self.cdata_elem {
                    if &elem != cdata {
                        self.data(sink, s.get(i..end).unwrap_or(""))?;
                        return Ok(Some(end));
                    }
                }
                sink.end_tag(&elem)?;
                self.cdata_elem = None;
                Ok(Some(end))
            }
        }
    }

    fn bogus_comment(&self, i: usize) -> Option<usize> {
        self.raw.get(i + 2..)?.find('>').map(|p| i + 2 + p + 1)
    }

    fn find_from(&self, i: usize, pat: &str) -> Option<usize> {
        self.raw.get(i..)?.find(pat).map(|p| i + p)
    }

    /// `--\s*>` after `<!--`.
    fn comment(&self, i: usize) -> Option<usize> {
        let s = self.raw;
        let mut from = i + 4;
        loop {
            let p = self.find_from(from, "--")?;
            let e = skip_spaces(s, p + 2);
            if byte(s, e) == Some(b'>') {
                return Some(e + 1);
            }
            from = p + 1;
        }
    }

    /// `parse_html_declaration`. `Err` for Python's `AssertionError` on a
    /// marked section (`<![`) without a known keyword.
    fn declaration(&mut self, i: usize) -> Result<Option<usize>, ()> {
        let s = self.raw;
        if s.get(i..i + 4) == Some("<!--") {
            return Ok(self.comment(i));
        }
        if s.get(i..i + 3) == Some("<![") {
            // _scan_name: [a-zA-Z][-_.a-zA-Z0-9]*\s*
            let start = i + 3;
            if start >= s.len() {
                return Ok(None);
            }
            if !byte(s, start).is_some_and(|b| b.is_ascii_alphabetic()) {
                self.assertion = Some(format!(
                    "expected name token at {:?}",
                    s.get(i..)
                        .unwrap_or("")
                        .chars()
                        .take(20)
                        .collect::<String>()
                ));
                return Err(());
            }
            let mut j = start + 1;
            while byte(s, j)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                j += 1;
            }
            let name = s.get(start..j).unwrap_or("").to_ascii_lowercase();
            let after = skip_spaces(s, j);
            if after >= s.len() {
                return Ok(None);
            }
            let double = match name.as_str() {
                "temp" | "cdata" | "ignore" | "include" | "rcdata" => true,
                "if" | "else" | "endif" => false,
                _ => {
                    self.assertion =
                        Some(format!("unknown status keyword {name:?} in marked section"));
                    return Err(());
                }
            };
            // `]\s*]\s*>` or `]\s*>`
            let mut from = i + 3;
            loop {
                let Some(p) = self.find_from(from, "]") else {
                    return Ok(None);
                };
                let mut a = skip_spaces(s, p + 1);
                if double {
                    if byte(s, a) != Some(b']') {
                        from = p + 1;
                        continue;
                    }
                    a = skip_spaces(s, a + 1);
                }
                if byte(s, a) == Some(b'>') {
                    return Ok(Some(a + 1));
                }
                from = p + 1;
            }
        }
        if s.get(i..i + 9)
            .is_some_and(|t| t.eq_ignore_ascii_case("<!doctype"))
        {
            return Ok(self.find_from(i + 9, ">").map(|p| p + 1));
        }
        Ok(self.bogus_comment(i))
    }

    fn data(&self, sink: &mut dyn Sink, text: &str) -> Result<(), ()> {
        if self.convert_charrefs && self.cdata_elem.is_none() {
            sink.data(&unescape(text))
        } else {
            sink.data(text)
        }
    }

    /// `goahead(end)`: returns where unprocessed input starts.
    pub(crate) fn goahead(
        &mut self,
        mut i: usize,
        end: bool,
        sink: &mut dyn Sink,
    ) -> Result<usize, ()> {
        let s = self.raw;
        let n = s.len();
        while i < n {
            let j = if self.convert_charrefs && self.cdata_elem.is_none() {
                match self.find_from(i, "<") {
                    Some(j) => j,
                    None => {
                        let from = i.max(n.saturating_sub(34));
                        // rfind on chars: back up to a char boundary.
                        let mut from = from;
                        while !s.is_char_boundary(from) {
                            from -= 1;
                        }
                        let amp = s.get(from..).and_then(|t| t.rfind('&')).map(|p| from + p);
                        if let Some(a) = amp {
                            let tail = s.get(a..).unwrap_or("");
                            if !tail.chars().any(|c| c == ';' || py::is_space(c)) {
                                break;
                            }
                        }
                        n
                    }
                }
            } else if let Some(cdata) = &self.cdata_elem {
                match find_cdata_end(s, i, cdata) {
                    Some(j) => j,
                    None => break,
                }
            } else {
                match s.get(i..).and_then(|t| t.find(['<', '&'])) {
                    Some(p) => i + p,
                    None => n,
                }
            };
            if i < j {
                self.data(sink, s.get(i..j).unwrap_or(""))?;
            }
            i = j;
            if i == n {
                break;
            }
            let rest = s.get(i..).unwrap_or("");
            if rest.starts_with('<') {
                let k = if byte(s, i + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
                    self.start_tag(i, sink)?
                } else if rest.starts_with("</") {
                    self.end_tag(i, sink)?
                } else if rest.starts_with("<!--") {
                    self.comment(i)
                } else if rest.starts_with("<?") {
                    self.find_from(i + 2, ">").map(|p| p + 1)
                } else if rest.starts_with("<!") {
                    self.declaration(i)?
                } else if i + 1 < n {
                    self.data(sink, "<")?;
                    Some(i + 1)
                } else {
                    break;
                };
                let k = match k {
                    Some(k) => k,
                    None => {
                        if !end {
                            break;
                        }
                        let k = match self.find_from(i + 1, ">") {
                            Some(p) => p + 1,
                            None => self.find_from(i + 1, "<").unwrap_or(i + 1),
                        };
                        self.data(sink, s.get(i..k).unwrap_or(""))?;
                        k
                    }
                };
                i = k;
            } else if rest.starts_with("&#") {
                if let Some((name, k)) = charref(s, i) {
                    sink.charref(name);
                    i = k;
                    continue;
                }
                if rest.contains(';') {
                    self.data(sink, s.get(i..i + 2).unwrap_or(""))?;
                    i += 2;
                }
                break;
            } else if rest.starts_with('&') {
                if let Some((name, k)) = entityref(s, i) {
                    sink.entityref(name);
                    i = k;
                    continue;
                }
                if byte(s, i + 1).is_some_and(|b| b.is_ascii_alphabetic() || b == b'#') {
                    // `incomplete`: wait for more input.
                    if end && s.get(i..).is_some_and(|t| t.len() == 2) {
                        i += 1;
                    }
                    break;
                } else if i + 1 < n {
                    self.data(sink, "&")?;
                    i += 1;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if end && i < n && self.cdata_elem.is_none() {
            self.data(sink, s.get(i..n).unwrap_or(""))?;
            i = n;
        }
        Ok(i)
    }
}

/// `</\s*script\s*>` (case-insensitive) from `i`.
fn find_cdata_end(s: &str, i: usize, elem: &str) -> Option<usize> {
    let mut from = i;
    loop {
        let p = s.get(from..)?.find("</").map(|p| from + p)?;
        let a = skip_spaces(s, p + 2);
        let name_ok = s
            .get(a..a + elem.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(elem));
        if name_ok {
            let b = skip_spaces(s, a + elem.len());
            if byte(s, b) == Some(b'>') {
                return Some(p);
            }
        }
        from = p + 2;
    }
}

/// `charref`: `&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]`; the name and
/// where parsing resumes.
fn charref(s: &str, i: usize) -> Option<(&str, usize)> {
    let start = i + 2;
    let (digits_start, hex) = match byte(s, start) {
        Some(b'x' | b'X') => (start + 1, true),
        _ => (start, false),
    };
    let mut j = digits_start;
    while byte(s, j).is_some_and(|b| {
        if hex {
            b.is_ascii_hexdigit()
        } else {
            b.is_ascii_digit()
        }
    }) {
        j += 1;
    }
    if j == digits_start {
        return None;
    }
    let term = byte(s, j);
    // The terminator must exist and not be a hex digit (a decimal run
    // followed by a-f does not match at all).
    match term {
        None => return None,
        Some(b) if b.is_ascii_hexdigit() => return None,
        _ => {}
    }
    let name = s.get(start..j)?;
    let k = if term == Some(b';') { j + 1 } else { j };
    Some((name, k))
}

/// `entityref`: `&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]`.
fn entityref(s: &str, i: usize) -> Option<(&str, usize)> {
    let start = i + 1;
    if !byte(s, start).is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut j = start + 1;
    while byte(s, j).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        j += 1;
    }
    if byte(s, j).is_some() {
        let k = if byte(s, j) == Some(b';') { j + 1 } else { j };
        return Some((s.get(start..j)?, k));
    }
    // At the end of input the terminator must come from the run itself.
    let run = s.get(start..j)?;
    let p = run.rfind(['-', '.']).filter(|&p| p > 0)?;
    Some((run.get(..p)?, start + p))
}
