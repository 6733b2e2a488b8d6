//! How Django registers each built-in filter: the flags a template engine
//! needs to treat safe strings and autoescaping exactly as Django does.
//!
//! ```
//! use djula_filters::flags::{flags, SafeOutput};
//! let f = flags("lower").unwrap();
//! assert!(f.is_safe && f.string_filter && !f.needs_autoescape);
//! assert_eq!(flags("linebreaks").unwrap().output, SafeOutput::Always);
//! assert!(flags("length_is").is_none()); // removed in Django 5.1
//! ```

/// Whether a filter's result is safe HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SafeOutput {
    /// Django marks the result safe whatever the input (`mark_safe`,
    /// `format_html`, `SafeString`); the typed function returns
    /// [`crate::Safe`].
    Always,
    /// Safe exactly when the input was safe (`is_safe=True` on a filter
    /// returning a string).
    IfInputSafe,
    /// Never safe (`is_safe=False`): the engine escapes the result under
    /// autoescape.
    Never,
    /// `cut`: safe when the input was safe and the argument is not `";"`.
    CutRule,
}

/// The registration of one Django filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterFlags {
    /// Django's `is_safe` flag.
    pub is_safe: bool,
    /// Django's `needs_autoescape`: the typed function takes an
    /// `autoescape: bool` (pass `autoescape && !input_is_safe`).
    pub needs_autoescape: bool,
    /// `@stringfilter`: the input is converted with `str()` first.
    pub string_filter: bool,
    /// What the result's safety is.
    pub output: SafeOutput,
}

const fn f(
    is_safe: bool,
    needs_autoescape: bool,
    string_filter: bool,
    output: SafeOutput,
) -> FilterFlags {
    FilterFlags {
        is_safe,
        needs_autoescape,
        string_filter,
        output,
    }
}

use SafeOutput::{Always, CutRule, IfInputSafe, Never};

/// Every Django 6.1 built-in filter with its flags, in alphabetical order.
pub const BUILTIN_FILTERS: &[(&str, FilterFlags)] = &[
    ("add", f(false, false, false, Never)),
    ("addslashes", f(true, false, true, IfInputSafe)),
    ("capfirst", f(true, false, true, IfInputSafe)),
    ("center", f(true, false, true, IfInputSafe)),
    ("cut", f(false, false, true, CutRule)),
    ("date", f(false, false, false, Never)),
    ("default", f(false, false, false, Never)),
    ("default_if_none", f(false, false, false, Never)),
    ("dictsort", f(false, false, false, Never)),
    ("dictsortreversed", f(false, false, false, Never)),
    ("divisibleby", f(false, false, false, Never)),
    ("escape", f(true, false, true, Always)),
    ("escapejs", f(false, false, true, Always)),
    ("escapeseq", f(true, false, false, IfInputSafe)),
    ("filesizeformat", f(true, false, false, IfInputSafe)),
    ("first", f(false, false, false, Never)),
    ("floatformat", f(true, false, false, Always)),
    ("force_escape", f(true, false, true, Always)),
    ("get_digit", f(false, false, false, Never)),
    ("iriencode", f(true, false, true, IfInputSafe)),
    ("join", f(true, true, false, Always)),
    ("json_script", f(true, false, false, Always)),
    ("last", f(true, false, false, IfInputSafe)),
    ("length", f(false, false, false, Never)),
    ("linebreaks", f(true, true, true, Always)),
    ("linebreaksbr", f(true, true, true, Always)),
    ("linenumbers", f(true, true, true, Always)),
    ("ljust", f(true, false, true, IfInputSafe)),
    ("lower", f(true, false, true, IfInputSafe)),
    ("make_list", f(false, false, true, Never)),
    ("phone2numeric", f(true, false, false, IfInputSafe)),
    ("pluralize", f(false, false, false, Never)),
    ("pprint", f(true, false, false, IfInputSafe)),
    ("random", f(true, false, false, IfInputSafe)),
    ("rjust", f(true, false, true, IfInputSafe)),
    ("safe", f(true, false, true, Always)),
    ("safeseq", f(true, false, false, IfInputSafe)),
    ("slice", f(true, false, false, IfInputSafe)),
    ("slugify", f(true, false, true, IfInputSafe)),
    ("stringformat", f(true, false, false, IfInputSafe)),
    ("striptags", f(true, false, true, IfInputSafe)),
    ("time", f(false, false, false, Never)),
    ("timesince", f(false, false, false, Never)),
    ("timeuntil", f(false, false, false, Never)),
    ("title", f(true, false, true, IfInputSafe)),
    ("truncatechars", f(true, false, true, IfInputSafe)),
    ("truncatechars_html", f(true, false, true, IfInputSafe)),
    ("truncatewords", f(true, false, true, IfInputSafe)),
    ("truncatewords_html", f(true, false, true, IfInputSafe)),
    ("unordered_list", f(true, true, false, Always)),
    ("upper", f(false, false, true, Never)),
    ("urlencode", f(false, false, true, Never)),
    ("urlize", f(true, true, true, Always)),
    ("urlizetrunc", f(true, true, true, Always)),
    ("wordcount", f(false, false, true, Never)),
    ("wordwrap", f(true, false, true, IfInputSafe)),
    ("yesno", f(false, false, false, Never)),
];

/// The flags of Django's built-in filter `name`; `None` for names Django
/// 6.1 does not have.
///
/// ```
/// assert!(djula_filters::flags::flags("urlize").unwrap().needs_autoescape);
/// assert!(djula_filters::flags::flags("nope").is_none());
/// ```
pub fn flags(name: &str) -> Option<FilterFlags> {
    BUILTIN_FILTERS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| BUILTIN_FILTERS.get(i))
        .map(|(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_complete() {
        assert!(BUILTIN_FILTERS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(BUILTIN_FILTERS.len(), 57);
        assert_eq!(flags("cut").unwrap().output, SafeOutput::CutRule);
    }
}
