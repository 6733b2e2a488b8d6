//! Djula's own filters, beside Django's: `force-escape`, `scan`,
//! `replace`…`with`, `sort`, `reverse`, `rest`, `datetime`, `format`.

use std::sync::Arc;

use super::{ArgSpec, FilterDef, FilterEnv};
use crate::error::Error;
use crate::value::display::text_of;
use crate::value::Value;

/// Djula's own filters whose result is safe when the input was (Django's
/// `is_safe`); the rest of Djula's filters are not.
pub(crate) const SAFE_FILTERS: &[&str] = &["force-escape"];

pub(super) fn all() -> Vec<FilterDef> {
    vec![
        // Djula's `trans`: the renderer translates the value in the
        // render's language (src/render/i18n.rs); on its own, the identity.
        FilterDef {
            kind: super::FilterKind::Translate,
            ..FilterDef::new(
                "trans",
                ArgSpec::None,
                super::is_safe("trans"),
                |v, _, _| Ok(v.clone()),
            )
        },
        FilterDef::new(
            "force-escape",
            ArgSpec::None,
            super::is_safe("force-escape"),
            |v, _, _| Ok(Value::safe(filters::escape(&text_of(v)))),
        ),
        FilterDef::new(
            "scan",
            ArgSpec::Required,
            super::is_safe("scan"),
            |v, a, env| {
                let pattern = a.map(text_of).unwrap_or_default();
                scan(render_time_regex(&pattern, env)?.as_ref(), v, env)
            },
        ),
        // `replace` is only valid followed by `with`; `bind_regex_filters`
        // fuses the pair, so reaching this at render time is impossible.
        FilterDef::new(
            "replace",
            ArgSpec::Required,
            super::is_safe("replace"),
            |_, _, _| Err(Error::render("'replace' must be followed by 'with'")),
        ),
        FilterDef::new(
            "with",
            ArgSpec::Required,
            super::is_safe("with"),
            |_, _, _| Err(Error::render("'with' must follow 'replace'")),
        ),
        FilterDef::new(
            "sort",
            ArgSpec::Optional,
            super::is_safe("sort"),
            |v, a, _| {
                let Some(mut items) = v.iter_items() else {
                    return Ok(v.clone());
                };
                let descending = match a.map(text_of).as_deref() {
                    None | Some("<") => false,
                    Some(">") => true,
                    Some(other) => {
                        return Err(Error::render(format!("sort: unknown order '{other}'"))
                            .with_help("use sort:\"<\" or sort:\">\""))
                    }
                };
                items.sort_by(|x, y| x.python_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
                if descending {
                    items.reverse();
                }
                Ok(Value::list(items))
            },
        ),
        FilterDef::new(
            "reverse",
            ArgSpec::None,
            super::is_safe("reverse"),
            |v, _, _| {
                Ok(match v {
                    // Reversed markup is not markup (`>b<` becomes `<b>`):
                    // a safe string comes out plain, to be escaped.
                    Value::Str(_) | Value::Safe(_) => {
                        let s = v.as_str().unwrap_or_default();
                        Value::str(s.chars().rev().collect::<String>())
                    }
                    other => match other.iter_items() {
                        Some(mut items) => {
                            items.reverse();
                            Value::list(items)
                        }
                        None => other.clone(),
                    },
                })
            },
        ),
        FilterDef::new("rest", ArgSpec::None, super::is_safe("rest"), |v, _, _| {
            Ok(match v {
                Value::Str(s) => Value::str(s.chars().skip(1).collect::<String>()),
                Value::Safe(s) => Value::safe(s.chars().skip(1).collect::<String>()),
                other => Value::list(
                    other
                        .iter_items()
                        .unwrap_or_default()
                        .into_iter()
                        .skip(1)
                        .collect(),
                ),
            })
        }),
        FilterDef::new(
            "datetime",
            ArgSpec::Optional,
            super::is_safe("datetime"),
            |v, a, _| {
                let Value::Date(d) = v else {
                    return Ok(Value::str(""));
                };
                let format = a.map(text_of).unwrap_or_else(|| "c".into());
                Ok(Value::str(super::format_date(d, &format)?))
            },
        ),
        FilterDef::new(
            "format",
            ArgSpec::Required,
            super::is_safe("format"),
            |v, a, _| {
                lisp_format(&a.map(text_of).unwrap_or_default(), v)
                    .map(Value::str)
                    .map_err(Error::render)
            },
        ),
    ]
}

/// A regular expression of `scan` or `replace`…`with`, compiled once, in
/// CL-PPCRE's Perl syntax as Djula reads it: look-around and
/// back-references included (`fancy-regex`; a pattern without them runs
/// on `regex-automata`, in linear time). Without the `regex` feature there
/// is none: every pattern is refused, at template compile time, with the
/// reason.
#[cfg(feature = "regex")]
pub(crate) struct Pattern {
    regex: fancy_regex::Regex,
    /// See [`may_backtrack`].
    backtracks: bool,
}

/// A regular expression of `scan` or `replace`…`with`: none can exist
/// without the `regex` feature.
#[cfg(not(feature = "regex"))]
pub(crate) enum Pattern {}

/// How many times one search may backtrack (look-around, back-references)
/// before it stops with an error.
#[cfg(feature = "regex")]
const BACKTRACK_LIMIT: usize = 1_000_000;

/// The longest text a pattern that may backtrack is run on, in bytes.
/// fancy-regex bounds its own backtracking, but not the searches it hands
/// to its linear engine from inside it, so one search may cost about the
/// text's length times the backtracks: bounded here, at a few hundred
/// milliseconds. Longer texts are an error that says so.
#[cfg(feature = "regex")]
const MAX_BACKTRACKING_TEXT: usize = 10_000;

/// Fuel units charged per nanosecond a backtracking search took: its cost
/// cannot be known before (see [`MAX_BACKTRACKING_TEXT`]), so it is
/// measured, and `Settings::fuel` (100 million units by default, about a
/// second of such searches) bounds a loop of them as it bounds any loop. A
/// pattern without look-around or back-references runs in linear time and
/// is charged one unit per 64 bytes of text it reads.
#[cfg(feature = "regex")]
const NANOSECONDS_PER_UNIT: u128 = 10;

/// Whether `pattern` may use fancy-regex's backtracking engine: any
/// look-around, back-reference (`\1`, `\k<…>`, `(?P=…)`), atomic group,
/// possessive quantifier, conditional or recursion. Over-approximate: a
/// plain pattern read as one is only measured.
#[cfg(feature = "regex")]
fn may_backtrack(pattern: &str) -> bool {
    const MARKS: [&str; 15] = [
        "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?(", "(?P", "\\k", "\\g", "\\G", "\\K", "*+", "++",
        "?+", "}+",
    ];
    MARKS.iter().any(|m| pattern.contains(m))
        || pattern.as_bytes().windows(2).any(|w| {
            w.first() == Some(&b'\\') && w.get(1).is_some_and(|d| (b'1'..=b'9').contains(d))
        })
}

impl Pattern {
    /// Runs `search` on `text`, charging its fuel: measured for a pattern
    /// that may backtrack (on at most [`MAX_BACKTRACKING_TEXT`] bytes), by
    /// length for a linear one.
    #[cfg(feature = "regex")]
    fn charged<T>(
        &self,
        text: &str,
        env: &FilterEnv<'_>,
        search: impl FnOnce() -> Result<T, String>,
    ) -> Result<T, String> {
        if !self.backtracks {
            env.charge(1 + text.len() as u64 / 64);
            return search();
        }
        if text.len() > MAX_BACKTRACKING_TEXT {
            return Err(format!(
                "a pattern with look-around or back-references is run on texts of at most {MAX_BACKTRACKING_TEXT} bytes; this one has {}",
                text.len()
            ));
        }
        let start = std::time::Instant::now();
        let result = search();
        let units = start.elapsed().as_nanos() / NANOSECONDS_PER_UNIT;
        env.charge(1 + u64::try_from(units).unwrap_or(u64::MAX));
        result
    }

    #[cfg(feature = "regex")]
    fn first_match<'t>(
        &self,
        text: &'t str,
        env: &FilterEnv<'_>,
    ) -> Result<Option<&'t str>, String> {
        self.charged(text, env, || {
            self.regex
                .find(text)
                .map(|m| m.map(|m| m.as_str()))
                .map_err(|e| format!("scan: {e}"))
        })
    }

    #[cfg(not(feature = "regex"))]
    fn first_match<'t>(&self, _: &'t str, _: &FilterEnv<'_>) -> Result<Option<&'t str>, String> {
        match *self {}
    }

    /// Every match replaced by `with`, read as CL-PPCRE's
    /// `regex-replace-all` reads a replacement string: `\N` and `\{N}`
    /// are register N (empty when it did not take part), `\&` the match,
    /// `` \` `` the text before it, `\'` the text after it, `\\` one
    /// backslash; anything else as it is.
    #[cfg(feature = "regex")]
    fn replace_all(&self, text: &str, with: &str, env: &FilterEnv<'_>) -> Result<String, String> {
        let template = replacement_template(with)?;
        self.charged(text, env, || self.replace_with_template(text, &template))
    }

    /// [`Pattern::replace_all`]'s work, its replacement split already.
    #[cfg(feature = "regex")]
    fn replace_with_template(
        &self,
        text: &str,
        template: &[Replacement<'_>],
    ) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for captures in self.regex.captures_iter(text) {
            let captures = captures.map_err(|e| format!("replace: {e}"))?;
            let Some(whole) = captures.get(0) else {
                continue;
            };
            out.push_str(text.get(last..whole.start()).unwrap_or_default());
            for part in template {
                match part {
                    Replacement::Text(t) => out.push_str(t),
                    Replacement::Register(n) => {
                        if *n >= captures.len() {
                            return Err(format!(
                                "replace: reference to non-existent register {n} in replacement string"
                            ));
                        }
                        out.push_str(captures.get(*n).map_or("", |m| m.as_str()));
                    }
                    Replacement::Match => out.push_str(whole.as_str()),
                    Replacement::Before => {
                        out.push_str(text.get(..whole.start()).unwrap_or_default())
                    }
                    Replacement::After => out.push_str(text.get(whole.end()..).unwrap_or_default()),
                }
            }
            last = whole.end();
        }
        out.push_str(text.get(last..).unwrap_or_default());
        Ok(out)
    }

    #[cfg(not(feature = "regex"))]
    fn replace_all(&self, _: &str, _: &str, _: &FilterEnv<'_>) -> Result<String, String> {
        match *self {}
    }
}

/// A part of a replacement string (CL-PPCRE's replacement template).
#[cfg(feature = "regex")]
#[derive(Debug, PartialEq, Eq)]
enum Replacement<'a> {
    Text(&'a str),
    Register(usize),
    Match,
    Before,
    After,
}

/// `with` as CL-PPCRE's `build-replacement-template` splits it.
#[cfg(feature = "regex")]
fn replacement_template(with: &str) -> Result<Vec<Replacement<'_>>, String> {
    let mut parts = Vec::new();
    let mut text_start = 0;
    let mut rest = with.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        if c != '\\' {
            continue;
        }
        let special = match rest.peek().map(|&(_, next)| next) {
            Some('&') => Some((Replacement::Match, 2)),
            Some('`') => Some((Replacement::Before, 2)),
            Some('\'') => Some((Replacement::After, 2)),
            Some('\\') => Some((Replacement::Text("\\"), 2)),
            Some(d) if d.is_ascii_digit() => {
                let digits: &str = with.get(i + 1..).unwrap_or_default();
                let len = digits.bytes().take_while(u8::is_ascii_digit).count();
                Some((register(digits.get(..len).unwrap_or_default())?, 1 + len))
            }
            Some('{') => {
                let inner = with.get(i + 2..).unwrap_or_default();
                let len = inner.bytes().take_while(u8::is_ascii_digit).count();
                if len > 0 && inner.as_bytes().get(len) == Some(&b'}') {
                    Some((register(inner.get(..len).unwrap_or_default())?, len + 3))
                } else {
                    None
                }
            }
            _ => None,
        };
        let Some((part, len)) = special else {
            continue;
        };
        if text_start < i {
            parts.push(Replacement::Text(
                with.get(text_start..i).unwrap_or_default(),
            ));
        }
        parts.push(part);
        text_start = i + len;
        while rest.peek().is_some_and(|&(j, _)| j < text_start) {
            rest.next();
        }
    }
    if text_start < with.len() {
        parts.push(Replacement::Text(
            with.get(text_start..).unwrap_or_default(),
        ));
    }
    Ok(parts)
}

/// Register `\N` of a replacement: `\0` is refused, as CL-PPCRE does.
#[cfg(feature = "regex")]
fn register(digits: &str) -> Result<Replacement<'static>, String> {
    match digits.parse::<usize>() {
        Ok(n) if n > 0 => Ok(Replacement::Register(n)),
        _ => Err(format!(
            "replace: illegal substring \"\\{digits}\" in replacement string"
        )),
    }
}

/// The most a compiled pattern may take (the `regex` crate's default is
/// 10 MB): `\w{200}` (Unicode classes repeated) took 50 to 90 ms to
/// compile; past this it is an error at once.
#[cfg(feature = "regex")]
const REGEX_SIZE_LIMIT: usize = 2 << 20;

/// The fuel a pattern compiled while rendering costs (one that is not a
/// literal in the template): about the time of a large compile.
const REGEX_COMPILE_FUEL: u64 = 20_000;

/// At most this many compiled patterns are kept per thread.
const KEPT_PATTERNS: usize = 256;

/// A pattern compiled, or why it cannot be.
type Compiled = Result<Arc<Pattern>, String>;

/// `pattern` compiled once per thread for as long as it is kept (with its
/// error): a pattern costs milliseconds to compile, and a template, a
/// directory of them or a loop may use one many times. The flag says
/// whether it was compiled by this call.
pub(crate) fn kept_regex(pattern: &str) -> (Compiled, bool) {
    thread_local! {
        static KEPT: std::cell::RefCell<std::collections::HashMap<Box<str>, Compiled>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(kept) = KEPT.with(|kept| kept.borrow().get(pattern).cloned()) {
        return (kept, false);
    }
    let made = compile_regex(pattern).map(Arc::new);
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.len() >= KEPT_PATTERNS {
            kept.clear();
        }
        kept.insert(pattern.into(), made.clone());
    });
    (made, true)
}

/// A pattern given at render time (`scan:pattern_var`), each compile
/// charged to the fuel.
fn render_time_regex(pattern: &str, env: &FilterEnv<'_>) -> Result<Arc<Pattern>, Error> {
    let (re, compiled) = kept_regex(pattern);
    if compiled {
        env.charge(REGEX_COMPILE_FUEL);
    }
    re.map_err(Error::render)
}

/// `pattern` compiled, or why it cannot be.
fn compile_regex(pattern: &str) -> Result<Pattern, String> {
    #[cfg(feature = "regex")]
    {
        fancy_regex::RegexBuilder::new(pattern)
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|regex| Pattern {
                regex,
                backtracks: may_backtrack(pattern),
            })
            .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))
    }
    #[cfg(not(feature = "regex"))]
    {
        Err(format!(
            "the regular expression {pattern:?} needs djula's `regex` feature (Djula's `scan` and `replace`…`with` filters)"
        ))
    }
}

fn scan(re: &Pattern, v: &Value, env: &FilterEnv<'_>) -> Result<Value, Error> {
    let text = text_of(v);
    // No match is Djula's NIL, which it prints as nothing.
    Ok(Value::str(
        re.first_match(&text, env)
            .map_err(Error::render)?
            .unwrap_or(""),
    ))
}

/// `scan` bound to a pattern compiled once (at template compile time).
pub(crate) fn scan_with(re: Arc<Pattern>) -> FilterDef {
    FilterDef::new(
        "scan",
        ArgSpec::Required,
        super::is_safe("scan"),
        move |v, _, env| scan(&re, v, env),
    )
}

/// Djula's fused `replace:"re"|with:"text"`: the pattern compiled once, the
/// replacement as the filter's argument.
pub(crate) fn replace_with(re: Arc<Pattern>) -> FilterDef {
    FilterDef::new(
        "replace",
        ArgSpec::Required,
        super::is_safe("replace"),
        move |v, a, env| {
            let replacement = a.map(text_of).unwrap_or_default();
            re.replace_all(&text_of(v), &replacement, env)
                .map(Value::str)
                .map_err(Error::render)
        },
    )
}

/// The common directives of Common Lisp's `format`, applied to one value:
/// `~a` (as text), `~d` (integer), `~:d` (integer with `,` groups), `~,Nf`
/// (fixed point with N decimals), `~%` (newline), `~~` (tilde).
fn lisp_format(control: &str, value: &Value) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = control.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        let mut params = String::new();
        while let Some(&p) = chars.peek() {
            if p.is_ascii_digit() || p == ',' || p == ':' || p == '@' {
                params.push(p);
                chars.next();
            } else {
                break;
            }
        }
        let directive = chars
            .next()
            .ok_or("format: the control string ends with '~'")?;
        match (directive.to_ascii_lowercase(), params.as_str()) {
            ('a', "") => out.push_str(&text_of(value)),
            ('d', "") => out.push_str(&integer(value)?.to_string()),
            ('d', ":") => out.push_str(&group_thousands(integer(value)?)),
            ('f', p) if p.starts_with(',') && p.len() > 1 => {
                let decimals: usize = p
                    .get(1..)
                    .unwrap_or_default()
                    .parse()
                    .map_err(|_| format!("format: bad ~{p}f"))?;
                let x = match value {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    other => text_of(other)
                        .trim()
                        .parse()
                        .map_err(|_| "format: ~f needs a number".to_string())?,
                };
                out.push_str(&format!("{x:.prec$}", prec = decimals.min(100)));
            }
            ('%', "") => out.push('\n'),
            ('~', "") => out.push('~'),
            (d, p) => {
                return Err(format!(
                "format: the directive ~{p}{d} is not supported (supported: ~a ~d ~:d ~,Nf ~% ~~)"
            ))
            }
        }
    }
    Ok(out)
}

fn integer(value: &Value) -> Result<i64, String> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => Ok(*f as i64),
        other => text_of(other)
            .trim()
            .parse()
            .map_err(|_| format!("format: ~d needs an integer, got {}", other.to_repr())),
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lisp_format_directives() {
        assert_eq!(
            lisp_format("~:d", &Value::Int(1_000_000)).unwrap(),
            "1,000,000"
        );
        assert_eq!(lisp_format("n=~d", &Value::Int(-5)).unwrap(), "n=-5");
        assert_eq!(
            lisp_format("~,2f", &Value::Float(12.345_6)).unwrap(),
            "12.35"
        );
        assert_eq!(lisp_format("[~a]", &Value::str("x")).unwrap(), "[x]");
        assert!(lisp_format("~s", &Value::Int(1))
            .unwrap_err()
            .contains("not supported"));
    }
}
