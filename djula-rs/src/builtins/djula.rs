//! Djula's own filters, beside Django's: `force-escape`, `scan`,
//! `replace`…`with`, `sort`, `reverse`, `rest`, `datetime`, `format`.

use super::{ArgSpec, FilterDef};
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
            |v, a, _| {
                let pattern = a.map(text_of).unwrap_or_default();
                scan(&compile_regex(&pattern).map_err(Error::render)?, v)
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
                    Value::Str(s) => Value::str(s.chars().rev().collect::<String>()),
                    Value::Safe(s) => Value::safe(s.chars().rev().collect::<String>()),
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

/// A regular expression of `scan` or `replace`…`with`, compiled once.
/// Without the `regex` feature there is none: every pattern is refused,
/// at template compile time, with the reason.
#[cfg(feature = "regex")]
pub(crate) struct Pattern(regex::Regex);

/// A regular expression of `scan` or `replace`…`with`: none can exist
/// without the `regex` feature.
#[cfg(not(feature = "regex"))]
pub(crate) enum Pattern {}

impl Pattern {
    #[cfg(feature = "regex")]
    fn first_match<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.0.find(text).map(|m| m.as_str())
    }

    #[cfg(not(feature = "regex"))]
    fn first_match<'t>(&self, _: &'t str) -> Option<&'t str> {
        match *self {}
    }

    /// Every match replaced by `with`, taken literally (no `$1` groups).
    #[cfg(feature = "regex")]
    fn replace_all(&self, text: &str, with: &str) -> String {
        self.0.replace_all(text, regex::NoExpand(with)).into_owned()
    }

    #[cfg(not(feature = "regex"))]
    fn replace_all(&self, _: &str, _: &str) -> String {
        match *self {}
    }
}

/// `pattern` compiled, or why it cannot be.
pub(crate) fn compile_regex(pattern: &str) -> Result<Pattern, String> {
    #[cfg(feature = "regex")]
    {
        regex::Regex::new(pattern)
            .map(Pattern)
            .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))
    }
    #[cfg(not(feature = "regex"))]
    {
        Err(format!(
            "the regular expression {pattern:?} needs djula's `regex` feature (Djula's `scan` and `replace`…`with` filters)"
        ))
    }
}

fn scan(re: &Pattern, v: &Value) -> Result<Value, Error> {
    let text = text_of(v);
    Ok(re.first_match(&text).map(Value::str).unwrap_or_default())
}

/// `scan` bound to a pattern compiled once (at template compile time).
pub(crate) fn scan_with(re: Pattern) -> FilterDef {
    FilterDef::new(
        "scan",
        ArgSpec::Required,
        super::is_safe("scan"),
        move |v, _, _| scan(&re, v),
    )
}

/// Djula's fused `replace:"re"|with:"text"`: the pattern compiled once, the
/// replacement as the filter's argument.
pub(crate) fn replace_with(re: Pattern) -> FilterDef {
    FilterDef::new(
        "replace",
        ArgSpec::Required,
        super::is_safe("replace"),
        move |v, a, _| {
            let replacement = a.map(text_of).unwrap_or_default();
            Ok(Value::str(re.replace_all(&text_of(v), &replacement)))
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
