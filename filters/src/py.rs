//! Small pieces of Python's string semantics that Django's filters rely on,
//! and that djula's lookups of `str` methods use too.

/// Python's `str.isspace()` for one character: Unicode White_Space plus the
/// ASCII information separators `\x1c`..`\x1f`.
///
/// ```
/// assert!(djula_filters::py::is_space('\x1c') && !djula_filters::py::is_space('a'));
/// ```
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `_PyUnicode_IsCased`: a letter with case (titlecase digraphs
/// included).
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || c.to_lowercase().ne(c.to_uppercase())
}

/// Unicode titlecase of one character, which Rust's std lacks: the
/// digraphs have their own titlecase letters; letters whose uppercase is
/// several characters (`ß` → `SS`, `ﬁ` → `FI`) keep only the first one
/// upper case (`Ss`, `Fi`), as Python's `str.title()` does.
fn push_titlecase(out: &mut String, c: char) {
    let digraph = match c {
        '\u{1c4}'..='\u{1c6}' => Some('\u{1c5}'),
        '\u{1c7}'..='\u{1c9}' => Some('\u{1c8}'),
        '\u{1ca}'..='\u{1cc}' => Some('\u{1cb}'),
        '\u{1f1}'..='\u{1f3}' => Some('\u{1f2}'),
        _ => None,
    };
    if let Some(t) = digraph {
        out.push(t);
        return;
    }
    if !c.is_ascii() {
        let exceptions = crate::py_char_classes::TITLE_EXCEPTIONS;
        let code = u32::from(c);
        if let Ok(at) = exceptions.binary_search_by_key(&code, |&(cp, _)| cp) {
            if let Some((_, title)) = exceptions.get(at) {
                out.push_str(title);
                return;
            }
        }
    }
    let mut upper = c.to_uppercase();
    if upper.len() <= 1 || c == '\u{149}' {
        out.extend(upper);
        return;
    }
    if let Some(first) = upper.next() {
        out.push(first);
    }
    for rest in upper {
        out.extend(rest.to_lowercase());
    }
}

/// Python's `str.title()`: after a cased character, lower case; after
/// any other, title case (`ß` → `Ss`, `ǆ` → `ǅ`). The one rule for the
/// `title` filter (which adds Django's fix-ups) and the `str.title`
/// method.
///
/// ```
/// assert_eq!(djula_filters::py::title("o'brien straße 2nd"), "O'Brien Straße 2Nd");
/// assert_eq!(djula_filters::py::title("ß"), "Ss");
/// assert_eq!(djula_filters::py::title("ΣΑΣ aΣ b"), "Σας Aς B");
/// ```
pub fn title(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut lowering = Lowering::of(value);
    let mut prev_cased = false;
    for (at, c) in value.char_indices() {
        if prev_cased {
            lowering.push(&mut out, at, c);
        } else {
            push_titlecase(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

/// Python's lower-casing of single characters of one text, for `title`,
/// `capitalize` and `swapcase`: a capital sigma becomes `ς` where
/// Unicode's Final_Sigma rule holds (a cased letter before it and none
/// after it, case-ignorable characters skipped), as in CPython.
///
/// Rust's `str::to_lowercase` applies the same rule, and lowers every other
/// character alone (both sigmas are two bytes): a sigma's lower case is read
/// from the whole text lowered, once, at the place the text before it
/// lowers to. The place is tracked as the text is read, so a text of many
/// sigmas costs no more than one pass.
struct Lowering<'a> {
    value: &'a str,
    /// `value` lowered, made at the first capital sigma.
    lowered: Option<String>,
    /// Bytes of `value` read so far, and the bytes they lower to.
    read: usize,
    lowered_len: usize,
}

impl<'a> Lowering<'a> {
    fn of(value: &'a str) -> Self {
        Lowering {
            value,
            lowered: None,
            read: 0,
            lowered_len: 0,
        }
    }

    /// Appends the lower case of `c`, found at byte `at` (callers go
    /// forward through the text).
    fn push(&mut self, out: &mut String, at: usize, c: char) {
        if c != 'Σ' {
            out.extend(c.to_lowercase());
            return;
        }
        for skipped in self.value.get(self.read..at).unwrap_or_default().chars() {
            self.lowered_len += match skipped {
                'Σ' => 'σ'.len_utf8(),
                other => other.to_lowercase().map(char::len_utf8).sum(),
            };
        }
        self.read = at;
        let value = self.value;
        let lowered = self.lowered.get_or_insert_with(|| value.to_lowercase());
        let sigma = lowered
            .get(self.lowered_len..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('σ');
        out.push(sigma);
    }
}

/// Python's `str.capitalize()`: the first character in title case, the
/// rest in lower case.
///
/// ```
/// assert_eq!(djula_filters::py::capitalize("ßA b"), "Ssa b");
/// assert_eq!(djula_filters::py::capitalize("ΣΑΣ"), "Σας");
/// ```
pub fn capitalize(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    if let Some(first) = chars.next() {
        push_titlecase(&mut out, first);
    }
    let rest = first_len(value);
    let mut lowering = Lowering::of(value);
    for (at, c) in value.get(rest..).unwrap_or_default().char_indices() {
        lowering.push(&mut out, rest + at, c);
    }
    out
}

/// Python's `str.swapcase()`: upper case to lower (a capital sigma by the
/// final-sigma rule, as `lower`), lower case to upper.
///
/// ```
/// assert_eq!(djula_filters::py::swapcase("ΣΑΣ aB ß"), "σας Ab SS");
/// ```
pub fn swapcase(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut lowering = Lowering::of(value);
    for (at, c) in value.char_indices() {
        if c.is_uppercase() {
            lowering.push(&mut out, at, c);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The byte length of the first character of `value` (0 when empty).
fn first_len(value: &str) -> usize {
    value.chars().next().map_or(0, char::len_utf8)
}

/// Python's `str.split()` with no argument.
///
/// ```
/// assert_eq!(djula_filters::py::split_whitespace(" a\x1cb ").collect::<Vec<_>>(), ["a", "b"]);
/// ```
pub fn split_whitespace(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|w| !w.is_empty())
}

/// Python's `str.splitlines()` (without keepends).
///
/// ```
/// assert_eq!(djula_filters::py::splitlines("a\r\nb\rc\n"), ["a", "b", "c"]);
/// ```
pub fn splitlines(s: &str) -> Vec<&str> {
    split_lines(s, false)
}

/// Python's `str.splitlines(keepends=True)`.
pub(crate) fn splitlines_keepends(s: &str) -> Vec<&str> {
    split_lines(s, true)
}

/// Splits at Python's line boundaries (`\r\n` counts as one).
fn split_lines(s: &str, keepends: bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = iter.peek() {
                iter.next();
                end = j + 1;
            }
        }
        lines.push(s.get(start..if keepends { end } else { i }).unwrap_or(""));
        start = end;
    }
    if start < s.len() {
        lines.push(s.get(start..).unwrap_or(""));
    }
    lines
}

/// Python's `str.strip()` with no argument.
pub(crate) fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `len()` of a str: the number of code points.
pub(crate) fn len(s: &str) -> usize {
    s.chars().count()
}

/// The zero of each run of ten Unicode decimal digits (category Nd), as
/// Python 3.12 (Unicode 15.0) has them: `unicodedata.decimal(c) == 0`.
const DECIMAL_ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// Whether `c` lies in one of `ranges` (inclusive, sorted): the lookup of
/// every generated character table.
pub(crate) fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let code = u32::from(c);
    let at = ranges.partition_point(|&(_, hi)| hi < code);
    ranges.get(at).is_some_and(|&(lo, _)| lo <= code)
}

/// Python's `c.isalpha()`: a letter (categories Lu, Ll, Lt, Lm, Lo of
/// Python's Unicode 15.0), not Rust's wider Alphabetic property.
///
/// ```
/// assert!(djula_filters::py::is_alpha('é'));
/// assert!(!djula_filters::py::is_alpha('\u{345}')); // a combining mark
/// ```
pub fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic() || !c.is_ascii() && in_ranges(crate::py_char_classes::ALPHA, c)
}

/// A character of Python's regular expression `\w` on text: what
/// `c.isalnum()` takes (letters and numerals of every script), and `_`.
///
/// ```
/// assert!(djula_filters::py::is_word('ß'));
/// assert!(djula_filters::py::is_word('_'));
/// assert!(!djula_filters::py::is_word('-'));
/// ```
pub fn is_word(c: char) -> bool {
    c == '_' || is_alnum(c)
}

/// Python's `c.isalnum()`: `isalpha` or `isnumeric` (which holds the
/// decimals and the digits).
///
/// ```
/// assert!(djula_filters::py::is_alnum('一') && djula_filters::py::is_alnum('é'));
/// assert!(!djula_filters::py::is_alnum('_'));
/// ```
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_numeric(c)
}

/// Python's `c.isnumeric()`: digits, fractions, numerals (`Ⅻ`, `一`).
///
/// ```
/// assert!(djula_filters::py::is_numeric('一'));
/// assert!(djula_filters::py::is_numeric('½'));
/// assert!(!djula_filters::py::is_numeric('x'));
/// ```
pub fn is_numeric(c: char) -> bool {
    c.is_ascii_digit() || !c.is_ascii() && in_ranges(crate::py_char_classes::NUMERIC, c)
}

/// Python's `s.isidentifier()`: a first character of XID_Start or `_`,
/// then XID_Continue characters (no keyword check, as Python's).
///
/// ```
/// assert!(djula_filters::py::is_identifier("_ünïcode1"));
/// assert!(!djula_filters::py::is_identifier("1a"));
/// assert!(!djula_filters::py::is_identifier(""));
/// ```
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| in_ranges(crate::py_char_classes::XID_START, c))
        && chars.all(|c| in_ranges(crate::py_char_classes::XID_CONTINUE, c))
}

/// Python's `c.isprintable()`: not a control, format, private-use,
/// unassigned or separator character, the ASCII space aside.
///
/// ```
/// assert!(djula_filters::py::is_printable(' '));
/// assert!(!djula_filters::py::is_printable('\u{e000}')); // private use
/// assert!(!djula_filters::py::is_printable('\u{a0}'));
/// ```
pub fn is_printable(c: char) -> bool {
    match u32::from(c) {
        0x20..=0x7e => true,
        0..=0x9f => false,
        _ => crate::py_printable::is_printable(c),
    }
}

/// The value of a Unicode decimal digit (`٣` is 3), as Python's `int()`
/// and `float()` read one; `None` for any other character.
///
/// ```
/// assert_eq!(djula_filters::py::decimal_value('٣'), Some(3));
/// assert_eq!(djula_filters::py::decimal_value('²'), None);
/// ```
pub fn decimal_value(c: char) -> Option<u32> {
    let cp = u32::from(c);
    let at = DECIMAL_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = DECIMAL_ZEROS.get(at.checked_sub(1)?)?;
    let value = cp - zero;
    (value < 10).then_some(value)
}

/// `text` with its Unicode decimal digits written as ASCII ones, as
/// Python's `int()` and `float()` read them first.
///
/// ```
/// assert_eq!(djula_filters::py::ascii_digits("٣.٥"), "3.5");
/// ```
pub fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match decimal_value(c) {
                Some(d) if !c.is_ascii() => char::from(b'0' + d as u8),
                _ => c,
            })
            .collect(),
    )
}

/// [`parse_int`] where a number past `i64` stands for `i64`'s bound in
/// its direction (a slice bound, where Python clamps to the length).
pub(crate) fn parse_int_saturating(s: &str) -> Option<i64> {
    parse_int(s).or_else(|| {
        let t = ascii_digits(s);
        let t = strip(&t);
        let negative = t.starts_with('-');
        let digits = t.trim_start_matches(['+', '-']);
        let well_formed = t.len() - digits.len() <= 1
            && !digits.is_empty()
            && !digits.starts_with('_')
            && !digits.ends_with('_')
            && !digits.contains("__")
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        well_formed.then_some(if negative { i64::MIN } else { i64::MAX })
    })
}

/// Parses a Python `int(str)`: surrounding whitespace, a sign, digits and
/// single underscores between digits.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let s = ascii_digits(s);
    let t = strip(&s);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = i64::from(c.to_digit(10)?);
        value = value.checked_mul(10)?;
        value = if neg {
            value.checked_sub(d)?
        } else {
            value.checked_add(d)?
        };
    }
    Some(value)
}

/// Parses a Python `float(str)`: whitespace, `inf`/`nan` spellings,
/// underscores between digits, Unicode decimal digits.
///
/// ```
/// assert_eq!(djula_filters::py::parse_float(" 1_000.5 "), Some(1000.5));
/// assert_eq!(djula_filters::py::parse_float("_1"), None);
/// ```
pub fn parse_float(s: &str) -> Option<f64> {
    let s = ascii_digits(s);
    let t = strip(&s);
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        return lower.parse::<f64>().ok();
    }
    if t.contains('_') {
        // Underscores are allowed only between digits.
        let b = t.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'_' {
                let before = i.checked_sub(1).and_then(|j| b.get(j));
                let after = b.get(i + 1);
                if !matches!((before, after), (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit())
                {
                    return None;
                }
            }
        }
    }
    let cleaned: String = t.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty()
        || !cleaned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

/// Python's `str.expandtabs()` (tab size 8; columns restart after `\n`
/// and `\r`).
///
/// ```
/// assert_eq!(djula_filters::py::expandtabs("a\tb"), "a       b");
/// ```
pub fn expandtabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0usize;
    for c in line.chars() {
        match c {
            '\t' => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_class_tables_are_sorted_disjoint_ranges() {
        use crate::py_char_classes::{ALPHA, NUMERIC, XID_CONTINUE, XID_START};
        for table in [ALPHA, NUMERIC, XID_START, XID_CONTINUE] {
            assert!(table.iter().all(|(lo, hi)| lo <= hi));
            assert!(table.windows(2).all(|w| w[0].1 + 1 < w[1].0));
        }
    }

    #[test]
    fn title_case_is_not_always_upper_case() {
        // Georgian keeps its case in title case; Greek with a subscript
        // iota takes the capital with the iota beneath (`ᾼ`), not `ΑΙ`.
        assert_eq!(title("ა ბ"), "ა ბ");
        assert_eq!(title("ᾳ ᾀx"), "ᾼ ᾈx");
        assert_eq!(capitalize("ᾳΑ"), "ᾼα");
        assert_eq!(title("ß ﬁ ǆ"), "Ss Fi ǅ");
        let table = crate::py_char_classes::TITLE_EXCEPTIONS;
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn character_classes_follow_python_not_rust() {
        // A combining mark: Alphabetic for Rust, not a letter for Python.
        assert!('\u{345}'.is_alphabetic() && !is_alpha('\u{345}'));
        // A CJK numeral: numeric for Python only.
        assert!(!'万'.is_numeric() && is_numeric('万'));
        assert!(is_word('万') && is_word('é') && !is_word('\u{345}'));
        assert!(is_identifier("_x\u{301}") && !is_identifier("\u{301}x"));
        assert!(!is_printable('\u{e000}') && !is_printable('\u{7f}') && is_printable('é'));
        // Range edges: the first and last letters of a range, and past them.
        assert!(is_alpha('A') && is_alpha('Z') && !is_alpha('[') && !is_alpha('@'));
        assert!(is_alpha('\u{f8}') && !is_alpha('\u{f7}'));
    }

    #[test]
    fn python_semantics() {
        assert_eq!(splitlines("a\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(splitlines("a\n\nb"), vec!["a", "", "b"]);
        assert_eq!(parse_int(" -1_000 "), Some(-1000));
        assert_eq!(parse_int("1__0"), None);
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert!(parse_float("-Infinity").is_some_and(|f| f.is_infinite()));
        assert_eq!(parse_float("0x10"), None);
        assert_eq!(
            split_whitespace(" a\x1cb ").collect::<Vec<_>>(),
            vec!["a", "b"]
        );
    }

    #[test]
    fn sigmas_lower_by_their_place() {
        // Expected texts from Python 3.12.
        assert_eq!(title("ΣΑΣ ΑΣ.Σ aΣΣ"), "Σας Ασ.Σ Aσς");
        assert_eq!(capitalize("ΣΣΣ'Σ x"), "Σσσ'ς x");
        assert_eq!(swapcase("aΣ ΣΑΣ İΣ"), "Aς σας i̇ς");
        // Many sigmas: one pass, not one per sigma.
        let long = "Σ".repeat(200_000);
        let titled = title(&long);
        assert!(titled.starts_with("Σσ") && titled.ends_with('ς'));
    }
}
