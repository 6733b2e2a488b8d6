//! Django's string filters: case, padding, truncation, wrapping, slugs,
//! URL quoting, JavaScript escaping, `pluralize` and `yesno`.
//!
//! Every function takes the string Django's `@stringfilter` would see
//! (`str(value)`) and returns what the filter returns. Safety follows
//! Django: a function returns [`Safe`] only where Django marks its result
//! safe whatever the input; for `is_safe` filters (the output is safe when
//! the input was) see [`crate::flags`].
//!
//! ```
//! use djula_filters::text;
//! assert_eq!(text::title("joel's 1st BOOK"), "Joel's 1st Book");
//! assert_eq!(text::truncatewords("a b c d", 2), "a b …");
//! ```

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use percent_encoding::percent_encode_byte;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::error::{FilterError, MAX_WIDTH};
use crate::py;
use crate::Safe;

pub use crate::stringformat::{
    percent_format, percent_format_keyed, stringformat, stringformat_keyed, FormatValue, KeyLookup,
    KeyedValue, PercentError,
};

/// Python's `repr()` of a string: single quotes unless the text has `'`
/// and no `"`, with backslash escapes for control characters. Shared by the
/// filters and by djula's printing of lists and dicts.
///
/// ```
/// assert_eq!(djula_filters::text::python_repr("it's"), "\"it's\"");
/// assert_eq!(djula_filters::text::python_repr("a\nb"), "'a\\nb'");
/// ```
pub fn python_repr(value: &str) -> String {
    crate::stringformat::py_repr_str(value, false)
}
pub use crate::wrap::wordwrap;

/// Django's `addslashes`: backslash-escapes `\`, `"` and `'`.
///
/// ```
/// assert_eq!(djula_filters::text::addslashes(r#"a'b"c\d"#), r#"a\'b\"c\\d"#);
/// ```
pub fn addslashes(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Django's `capfirst`: upper-cases the first character.
///
/// ```
/// assert_eq!(djula_filters::text::capfirst("hello world"), "Hello world");
/// assert_eq!(djula_filters::text::capfirst("ßa"), "SSa");
/// ```
pub fn capfirst(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let mut out = String::with_capacity(value.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
    }
}

fn check_width(filter: &str, width: i64) -> Result<usize, FilterError> {
    if width > MAX_WIDTH {
        return Err(FilterError::new(format!(
            "{filter}: width {width} is too large (the limit is {MAX_WIDTH})"
        )));
    }
    Ok(usize::try_from(width).unwrap_or(0))
}

fn pad(value: &str, left: usize, right: usize) -> String {
    let mut out = String::with_capacity(value.len() + left + right);
    out.extend(std::iter::repeat_n(' ', left));
    out.push_str(value);
    out.extend(std::iter::repeat_n(' ', right));
    out
}

/// Django's `center`: centers `value` in a field `width` characters wide
/// (Python's `f"{value:^{width}}"`: an odd leftover space goes right).
///
/// Widths above [`MAX_WIDTH`] are an error (Django runs out of memory).
///
/// ```
/// assert_eq!(djula_filters::text::center("ab", 5).unwrap(), " ab  ");
/// assert_eq!(djula_filters::text::center("ab", -3).unwrap(), "ab");
/// ```
pub fn center(value: &str, width: i64) -> Result<String, FilterError> {
    let width = check_width("center", width)?;
    let total = width.saturating_sub(py::len(value));
    Ok(pad(value, total / 2, total - total / 2))
}

/// Django's `ljust`: left-aligns `value` in a field `width` characters wide.
///
/// ```
/// assert_eq!(djula_filters::text::ljust("ab", 4).unwrap(), "ab  ");
/// ```
pub fn ljust(value: &str, width: i64) -> Result<String, FilterError> {
    let width = check_width("ljust", width)?;
    Ok(pad(value, 0, width.saturating_sub(py::len(value))))
}

/// Django's `rjust`: right-aligns `value` in a field `width` characters wide.
///
/// ```
/// assert_eq!(djula_filters::text::rjust("ab", 4).unwrap(), "  ab");
/// ```
pub fn rjust(value: &str, width: i64) -> Result<String, FilterError> {
    let width = check_width("rjust", width)?;
    Ok(pad(value, width.saturating_sub(py::len(value)), 0))
}

/// Django's `cut`: removes every occurrence of `arg`.
///
/// Django keeps a safe input safe unless `arg` is `";"`.
///
/// ```
/// assert_eq!(djula_filters::text::cut("a b c", " "), "abc");
/// ```
pub fn cut(value: &str, arg: &str) -> String {
    if arg.is_empty() {
        return value.to_owned();
    }
    value.replace(arg, "")
}

/// Django's `lower`.
///
/// ```
/// assert_eq!(djula_filters::text::lower("ÀB"), "àb");
/// ```
pub fn lower(value: &str) -> String {
    value.to_lowercase()
}

/// Django's `upper`.
///
/// ```
/// assert_eq!(djula_filters::text::upper("straße"), "STRASSE");
/// ```
pub fn upper(value: &str) -> String {
    value.to_uppercase()
}

/// Django's `title`: Python's `str.title()`, then lower-cases a letter
/// after `x'` (`joel's`) and after a digit (`1st`).
///
/// ```
/// assert_eq!(djula_filters::text::title("a TALE of 2CITIES"), "A Tale Of 2cities");
/// ```
pub fn title(value: &str) -> String {
    let out = crate::py::title(value);
    // Django's fix-ups: ([a-z])'([A-Z]) and \d([A-Z]) are lower-cased.
    let chars: Vec<char> = out.chars().collect();
    let mut fixed = String::with_capacity(out.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = |k: usize| i.checked_sub(k).and_then(|j| chars.get(j)).copied();
        let lower_it = c.is_ascii_uppercase()
            // `\d`: a decimal digit of any script, not any numeral.
            && (before(1).is_some_and(|p| py::decimal_value(p).is_some())
                || (before(1) == Some('\'') && before(2).is_some_and(|p| p.is_ascii_lowercase())));
        if lower_it {
            fixed.push(c.to_ascii_lowercase());
        } else {
            fixed.push(c);
        }
    }
    fixed
}

fn is_combining(c: char) -> bool {
    canonical_combining_class(c) != 0
}

/// Django's `truncatechars`: truncates to `length` characters (combining
/// marks do not count), ending with `…` when anything was cut. The text is
/// NFC-normalised first, as Django does.
///
/// ```
/// assert_eq!(djula_filters::text::truncatechars("Testing, testing", 7), "Testin…");
/// assert_eq!(djula_filters::text::truncatechars("short", 10), "short");
/// assert_eq!(djula_filters::text::truncatechars("short", 0), "");
/// ```
pub fn truncatechars(value: &str, length: i64) -> String {
    let Ok(length) = usize::try_from(length) else {
        return String::new();
    };
    if length == 0 {
        return String::new();
    }
    if value.is_ascii() {
        // One byte per character and no combining marks: count bytes.
        if value.len() <= length {
            return value.to_owned();
        }
        let mut out = String::with_capacity(length + 2);
        out.push_str(value.get(..length - 1).unwrap_or_default());
        out.push('…');
        return out;
    }
    // Normalizing is the costly part; text already in NFC (most text) is
    // used as it stands.
    let already_nfc = value.is_ascii()
        || unicode_normalization::is_nfc_quick(value.chars())
            == unicode_normalization::IsNormalized::Yes;
    let text: std::borrow::Cow<'_, str> = if already_nfc {
        std::borrow::Cow::Borrowed(value)
    } else {
        std::borrow::Cow::Owned(value.nfc().collect())
    };
    // The ellipsis takes one place.
    let truncate_len = length - 1;
    let mut s_len = 0usize;
    let mut end_index: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_combining(c) {
            continue;
        }
        s_len += 1;
        if end_index.is_none() && s_len > truncate_len {
            end_index = Some(i);
        }
        if s_len > length {
            let mut out = text.get(..end_index.unwrap_or(0)).unwrap_or("").to_owned();
            out.push('…');
            return out;
        }
    }
    text.into_owned()
}

/// Django's `truncatewords`: keeps the first `length` words (split on
/// whitespace, which collapses newlines and runs of spaces) and appends
/// ` …` when words were dropped.
///
/// ```
/// assert_eq!(djula_filters::text::truncatewords("A sentence with a few words", 3), "A sentence with …");
/// assert_eq!(djula_filters::text::truncatewords("a\n b", 5), "a b");
/// ```
pub fn truncatewords(value: &str, length: i64) -> String {
    let Ok(length) = usize::try_from(length) else {
        return String::new();
    };
    if length == 0 {
        return String::new();
    }
    let words: Vec<&str> = py::split_whitespace(value).collect();
    let mut out = words
        .get(..length.min(words.len()))
        .unwrap_or(&[])
        .join(" ");
    if words.len() > length && !out.ends_with(" …") {
        out.push_str(" …");
    }
    out
}

/// Django's `wordcount`: the number of whitespace-separated words.
///
/// ```
/// assert_eq!(djula_filters::text::wordcount(" lots of  words\n"), 3);
/// ```
pub fn wordcount(value: &str) -> usize {
    py::split_whitespace(value).count()
}

fn is_word_char(c: char) -> bool {
    py::is_word(c)
}

/// Django's `slugify`: ASCII-folds (NFKD, dropping what is not ASCII) unless
/// `allow_unicode` (then NFKC), lower-cases, drops what is not a word
/// character, space or hyphen, turns runs of spaces and hyphens into one
/// hyphen and strips leading and trailing `-` and `_`.
///
/// ```
/// use djula_filters::text::slugify;
/// assert_eq!(slugify(" Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/", false),
///            "jack-jill-like-numbers-123-and-4-and-silly-characters");
/// assert_eq!(slugify("Un \u{e9}l\u{e9}phant", false), "un-elephant");
/// assert_eq!(slugify("你好 World", true), "你好-world");
/// ```
pub fn slugify(value: &str, allow_unicode: bool) -> String {
    let folded: String = if allow_unicode {
        value.nfkc().collect()
    } else {
        value.nfkd().filter(char::is_ascii).collect()
    };
    let lowered = folded.to_lowercase();
    let mut out = String::with_capacity(lowered.len());
    let mut in_sep = false;
    for c in lowered.chars() {
        if c == '-' || py::is_space(c) {
            in_sep = true;
        } else if is_word_char(c) {
            if in_sep {
                out.push('-');
                in_sep = false;
            }
            out.push(c);
        }
    }
    if in_sep {
        out.push('-');
    }
    out.trim_matches(['-', '_']).to_owned()
}

/// Django's `phone2numeric`: letters become their phone keypad digits.
///
/// ```
/// assert_eq!(djula_filters::text::phone2numeric("0800 flowers"), "0800 3569377");
/// ```
pub fn phone2numeric(value: &str) -> String {
    value
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='c' => '2',
            'd'..='f' => '3',
            'g'..='i' => '4',
            'j'..='l' => '5',
            'm'..='o' => '6',
            'p'..='s' => '7',
            't'..='v' => '8',
            'w'..='z' => '9',
            other => other,
        })
        .collect()
}

/// Django's `linenumbers`: prefixes each line with its number, zero-padded
/// to the width of the last number. `autoescape` escapes each line (pass
/// `autoescape && !input_is_safe`).
///
/// ```
/// let out = djula_filters::text::linenumbers("one\n<two>", true);
/// assert_eq!(out.as_str(), "1. one\n2. &lt;two&gt;");
/// ```
pub fn linenumbers(value: &str, autoescape: bool) -> Safe<String> {
    let lines: Vec<&str> = value.split('\n').collect();
    let width = lines.len().to_string().len();
    let mut out = Safe::with_capacity(value.len() + lines.len() * (width + 2));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_safe(&Safe::mark("\n"));
        }
        out.push_safe(&Safe::mark(format!("{:0width$}. ", i + 1)));
        if autoescape {
            out.push_text(line);
        } else {
            out.push_safe(&Safe::mark(*line));
        }
    }
    out
}

/// The singular/plural choice of Django's `pluralize` for one value.
///
/// ```
/// use djula_filters::text::{pluralize, Countable};
/// assert_eq!(pluralize(Countable::Number(2.0), "y,ies"), "ies");
/// assert_eq!(pluralize(Countable::Len(1), "es"), "");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Countable<'a> {
    /// A number (`int` or `float`): singular when it equals 1.
    Number(f64),
    /// A string: singular when `float(s) == 1`; not a number gives `""`.
    Text(&'a str),
    /// A sized container (list, dict): singular when its length is 1.
    Len(usize),
    /// Anything else (`None`, objects): the result is `""`.
    Other,
}

/// Django's `pluralize`: `arg` is `"plural"` or `"singular,plural"`
/// (default `"s"`); more than one comma gives `""`.
///
/// ```
/// use djula_filters::text::{pluralize, Countable};
/// assert_eq!(pluralize(Countable::Number(1.0), "s"), "");
/// assert_eq!(pluralize(Countable::Text("2"), "s"), "s");
/// assert_eq!(pluralize(Countable::Number(1.0), "y,ies"), "y");
/// assert_eq!(pluralize(Countable::Number(0.0), "a,b,c"), "");
/// ```
pub fn pluralize<'a>(value: Countable<'_>, arg: &'a str) -> &'a str {
    let (singular, plural) = match arg.split_once(',') {
        None => ("", arg),
        Some((_, rest)) if rest.contains(',') => return "",
        Some(pair) => pair,
    };
    let is_one = match value {
        Countable::Number(n) => n == 1.0,
        Countable::Text(s) => match py::parse_float(s) {
            Some(n) => n == 1.0,
            None => return "",
        },
        Countable::Len(n) => n == 1,
        Countable::Other => return "",
    };
    if is_one {
        singular
    } else {
        plural
    }
}

/// Django's `yesno`: maps true, false and none (`None` in `value`) to the
/// comma-separated words of `arg` (default `"yes,no,maybe"`). With two
/// words none maps to the second. With fewer than two words Django returns
/// the value unchanged: that is `None` here.
///
/// ```
/// use djula_filters::text::yesno;
/// assert_eq!(yesno(Some(true), None), Some("yes"));
/// assert_eq!(yesno(None, Some("certainly,get out of town")), Some("get out of town"));
/// assert_eq!(yesno(Some(false), Some("x")), None);
/// ```
pub fn yesno(value: Option<bool>, arg: Option<&str>) -> Option<&str> {
    let arg = arg.unwrap_or("yes,no,maybe");
    let bits: Vec<&str> = arg.split(',').collect();
    let (yes, no) = match bits.as_slice() {
        [yes, no, ..] => (*yes, *no),
        _ => return None,
    };
    let maybe = match bits.as_slice() {
        [_, _, maybe] => *maybe,
        _ => no,
    };
    Some(match value {
        None => maybe,
        Some(true) => yes,
        Some(false) => no,
    })
}

/// Django's `default`: `value` when it is truthy, else `arg` (the engine
/// decides truthiness: empty strings, lists and dicts, 0, `None` and
/// `False` are falsy).
///
/// ```
/// assert_eq!(djula_filters::text::default("", false, "nothing"), "nothing");
/// assert_eq!(djula_filters::text::default("x", true, "nothing"), "x");
/// ```
pub fn default<T>(value: T, value_is_truthy: bool, arg: T) -> T {
    if value_is_truthy {
        value
    } else {
        arg
    }
}

/// Django's `default_if_none`: `arg` only when the value is `None`.
///
/// ```
/// assert_eq!(djula_filters::text::default_if_none(None, "n/a"), "n/a");
/// assert_eq!(djula_filters::text::default_if_none(Some(""), "n/a"), "");
/// ```
pub fn default_if_none<T>(value: Option<T>, arg: T) -> T {
    value.unwrap_or(arg)
}

/// Python's `urllib.parse.quote(value, safe)`: UTF-8 bytes other than
/// ASCII letters, digits, `_.-~` and the ASCII characters of `safe` become
/// `%XX`. (`percent-encoding`'s sets are `'static`; `safe` is not.)
fn quote(value: &str, safe: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        let keep = c.is_ascii_alphanumeric()
            || matches!(c, '_' | '.' | '-' | '~')
            || (c.is_ascii() && safe.contains(c));
        if keep {
            out.push(c);
        } else {
            let bytes = value.get(i..i + c.len_utf8()).unwrap_or("").as_bytes();
            for &b in bytes {
                out.push_str(percent_encode_byte(b));
            }
        }
    }
    out
}

/// Django's `urlencode`: Python's `quote(value, safe)`; `safe` defaults to
/// `"/"` (pass `Some("")` to quote `/` too).
///
/// ```
/// use djula_filters::text::urlencode;
/// assert_eq!(urlencode("/test&\"/me?/", None), "/test%26%22/me%3F/");
/// assert_eq!(urlencode("/a b/", Some("")), "%2Fa%20b%2F");
/// assert_eq!(urlencode("é", None), "%C3%A9");
/// ```
pub fn urlencode(value: &str, safe: Option<&str>) -> String {
    quote(value, safe.unwrap_or("/"))
}

/// Django's `iriencode` (`iri_to_uri`): percent-encodes what may not appear
/// in a URI, leaving reserved characters and `%` alone.
///
/// ```
/// assert_eq!(djula_filters::text::iriencode("?test=1&me=2 é"), "?test=1&me=2%20%C3%A9");
/// ```
pub fn iriencode(value: &str) -> String {
    quote(value, "/#%[]=:;$&()+,!?*@'~")
}

/// Django's `escapejs`: escapes characters for use inside JavaScript string
/// literals as `\uXXXX`. Django returns a safe string.
///
/// ```
/// let out = djula_filters::text::escapejs("\"<a>\"\n");
/// assert_eq!(out.as_str(), r"\u0022\u003Ca\u003E\u0022\u000A");
/// ```
pub fn escapejs(value: &str) -> Safe<String> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let code = u32::from(c);
        let escape = matches!(
            c,
            '\\' | '\'' | '"' | '>' | '<' | '&' | '=' | '-' | ';' | '`' | '\u{2028}' | '\u{2029}'
        ) || code < 32
            || (0x7f..0xa0).contains(&code);
        if escape {
            out.push_str(&format!("\\u{code:04X}"));
        } else {
            out.push(c);
        }
    }
    Safe::mark(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding() {
        assert_eq!(center("abc", 6).unwrap(), " abc  ");
        assert_eq!(center("test", 6).unwrap(), " test ");
        assert_eq!(ljust("test", 10).unwrap(), "test      ");
        assert_eq!(rjust("test", 10).unwrap(), "      test");
        assert!(center("ab", 99_999_999_999).is_err());
        assert_eq!(ljust("ab", i64::MIN).unwrap(), "ab");
    }

    #[test]
    fn title_like_django() {
        // Values from Django's test_title.py and the shell.
        assert_eq!(title("a nice title, isn't it?"), "A Nice Title, Isn't It?");
        assert_eq!(title("discoth\u{e8}que"), "Discoth\u{e8}que");
        assert_eq!(title("555 WEST 53RD STREET"), "555 West 53rd Street");
        assert_eq!(title("joel is a slug"), "Joel Is A Slug");
        assert_eq!(title("o'neil"), "O'Neil");
        assert_eq!(title("ǆa ﬃx ŉa ß !"), "ǅa Ffix ʼNa Ss !");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncatechars("Testing, testing", 16), "Testing, testing");
        assert_eq!(truncatechars("Testing, testing", 15), "Testing, testi…");
        assert_eq!(truncatechars("abc", 1), "…");
        assert_eq!(truncatechars("abc", -1), "");
        // Combining marks do not count.
        assert_eq!(truncatechars("a\u{301}bcd", 3), "\u{e1}b…");
        assert_eq!(truncatewords("A sentence with a few words in it", 1), "A …");
        assert_eq!(truncatewords("A sentence", 100), "A sentence");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("__strip__ -me-", false), "strip__-me");
        assert_eq!(slugify("a_b  c--d", false), "a_b-c-d");
        assert_eq!(slugify("İstanbul", false), "istanbul");
    }

    #[test]
    fn quoting() {
        assert_eq!(urlencode("a+b c", Some("+")), "a+b%20c");
        assert_eq!(iriencode("S\u{f8}r-Trøndelag"), "S%C3%B8r-Tr%C3%B8ndelag");
        assert_eq!(
            escapejs("\u{2028}\u{7f}=").as_str(),
            "\\u2028\\u007F\\u003D"
        );
    }

    #[test]
    fn choices() {
        assert_eq!(yesno(None, Some("a,b,c,d")), Some("b"));
        assert_eq!(yesno(Some(true), Some("a,b,c")), Some("a"));
        assert_eq!(pluralize(Countable::Text("1.0"), "s"), "");
        assert_eq!(pluralize(Countable::Text("x"), "s"), "");
        assert_eq!(pluralize(Countable::Other, "s"), "");
    }

    #[test]
    fn misc() {
        assert_eq!(capfirst(""), "");
        assert_eq!(cut("a;b", ";"), "ab");
        assert_eq!(wordcount(""), 0);
        assert_eq!(
            linenumbers("a\nb\nc\nd\ne\nf\ng\nh\ni\nj", false).as_str(),
            "01. a\n02. b\n03. c\n04. d\n05. e\n06. f\n07. g\n08. h\n09. i\n10. j"
        );
    }
}
