//! Django's sequence filters: `join`, `first`, `last`, `length`, `slice`
//! (Python slice semantics), `random` (seedable), `make_list`, and the key
//! parsing and ordering of `dictsort` / `dictsortreversed`.
//!
//! ```
//! use djula_filters::lists::{slice, Piece, join};
//! assert_eq!(slice(&[1, 2, 3, 4], "::-2"), Some(vec![4, 2]));
//! let items = [Piece::Text("<a>"), Piece::Safe("<b>")];
//! assert_eq!(join(&items, Piece::Text(", "), true).as_str(), "&lt;a&gt;, <b>");
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

use std::cmp::Ordering;

use crate::py;
use crate::Safe;

/// A piece of text that is either plain (escaped under autoescape) or
/// already safe HTML (never escaped again): what Django's
/// `conditional_escape` tells apart.
///
/// ```
/// use djula_filters::lists::Piece;
/// assert_eq!(Piece::Text("<").escaped(true).as_str(), "&lt;");
/// assert_eq!(Piece::Safe("<").escaped(true).as_str(), "<");
/// assert_eq!(Piece::Text("<").escaped(false).as_str(), "<");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text (Python `str`).
    Text(&'a str),
    /// Safe HTML (Django's `SafeString`).
    Safe(&'a str),
}

impl<'a> Piece<'a> {
    /// The text, whichever kind.
    ///
    /// ```
    /// assert_eq!(djula_filters::lists::Piece::Safe("x").as_str(), "x");
    /// ```
    pub fn as_str(self) -> &'a str {
        match self {
            Piece::Text(s) | Piece::Safe(s) => s,
        }
    }

    /// `conditional_escape` when `autoescape`, else the text as is.
    ///
    /// ```
    /// assert_eq!(djula_filters::lists::Piece::Text("&").escaped(true).as_str(), "&amp;");
    /// ```
    pub fn escaped(self, autoescape: bool) -> Safe<String> {
        match self {
            Piece::Text(s) if autoescape => Safe::escape(s),
            other => Safe::mark(other.as_str().to_owned()),
        }
    }
}

/// Django's `join`: joins the items (their `str()`) with `sep`. Under
/// `autoescape` both the items and the separator are conditionally escaped
/// (safe pieces stay as they are); the result is safe.
///
/// ```
/// use djula_filters::lists::{join, Piece};
/// let items = [Piece::Text("alpha"), Piece::Text("beta & me")];
/// assert_eq!(join(&items, Piece::Text(", "), true).as_str(), "alpha, beta &amp; me");
/// assert_eq!(join(&items, Piece::Text("<br>"), false).as_str(), "alpha<br>beta & me");
/// ```
pub fn join(items: &[Piece<'_>], sep: Piece<'_>, autoescape: bool) -> Safe<String> {
    let sep = sep.escaped(autoescape);
    let mut out = Safe::default();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_safe(&sep);
        }
        out.push_safe(&item.escaped(autoescape));
    }
    out
}

/// Django's `first`: the first item, `None` for an empty sequence (Django
/// prints `""`).
///
/// ```
/// assert_eq!(djula_filters::lists::first(&["a", "b"]), Some(&"a"));
/// assert_eq!(djula_filters::lists::first::<i32>(&[]), None);
/// ```
pub fn first<T>(items: &[T]) -> Option<&T> {
    items.first()
}

/// Django's `last`: the last item, `None` for an empty sequence.
///
/// ```
/// assert_eq!(djula_filters::lists::last(&[1, 2]), Some(&2));
/// ```
pub fn last<T>(items: &[T]) -> Option<&T> {
    items.last()
}

/// Django's `length` of a string: its number of code points (for lists it
/// is their length; for values without a length Django gives 0).
///
/// ```
/// assert_eq!(djula_filters::lists::length_str("héllo"), 5);
/// ```
pub fn length_str(value: &str) -> usize {
    py::len(value)
}

/// Django's `make_list`: the characters of `str(value)`, each a string.
///
/// ```
/// assert_eq!(djula_filters::lists::make_list("abc"), vec!["a", "b", "c"]);
/// assert_eq!(djula_filters::lists::make_list("1234").len(), 4);
/// ```
pub fn make_list(value: &str) -> Vec<String> {
    value.chars().map(String::from).collect()
}

/// A seedable random source for Django's `random` filter.
///
/// ```
/// use djula_filters::lists::{random, Rng};
/// let mut a = Rng::with_seed(7);
/// let mut b = Rng::with_seed(7);
/// let items = [1, 2, 3, 4, 5];
/// assert_eq!(random(&items, &mut a), random(&items, &mut b));
/// ```
#[derive(Clone, Debug)]
pub struct Rng(oorandom::Rand64);

impl Rng {
    /// A generator with a fixed seed: the same choices every run.
    ///
    /// ```
    /// let _ = djula_filters::lists::Rng::with_seed(42);
    /// ```
    pub fn with_seed(seed: u64) -> Self {
        Rng(oorandom::Rand64::new(u128::from(seed)))
    }

    /// A generator seeded from the clock and the process.
    ///
    /// ```
    /// let _ = djula_filters::lists::Rng::from_entropy();
    /// ```
    pub fn from_entropy() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        Rng::with_seed(h.finish())
    }

    /// A uniform index below `n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        usize::try_from(self.0.rand_range(0..n)).unwrap_or(0)
    }
}

/// Django's `random`: a uniformly chosen item; `None` for an empty
/// sequence (Django prints `""`).
///
/// ```
/// use djula_filters::lists::{random, Rng};
/// let mut rng = Rng::with_seed(1);
/// assert!(["a", "b"].contains(random(&["a", "b"], &mut rng).unwrap()));
/// assert_eq!(random::<u8>(&[], &mut rng), None);
/// ```
pub fn random<'a, T>(items: &'a [T], rng: &mut Rng) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(rng.below(items.len()))
}

/// The positions Django's `slice` takes from a sequence of `len` items,
/// for the argument text `arg` (`"2"` is `[:2]`, `"1:3"`, `"::-1"`, …,
/// Python's `slice(*bits).indices(len)`). `None` means Django returns the
/// value unchanged: an argument that is not integers, more than three
/// parts, or a zero step.
///
/// ```
/// use djula_filters::lists::slice_indices;
/// assert_eq!(slice_indices(5, "2"), Some(vec![0, 1]));
/// assert_eq!(slice_indices(5, "-2:"), Some(vec![3, 4]));
/// assert_eq!(slice_indices(5, "::0"), None);
/// assert_eq!(slice_indices(5, "a"), None);
/// ```
pub fn slice_indices(len: usize, arg: &str) -> Option<Vec<usize>> {
    let mut bits: Vec<Option<i64>> = Vec::new();
    for part in arg.split(':') {
        if part.is_empty() {
            bits.push(None);
        } else {
            bits.push(Some(py::parse_int_saturating(part)?));
        }
    }
    let (start, stop, step) = match bits.as_slice() {
        [stop] => (None, *stop, None),
        [start, stop] => (*start, *stop, None),
        [start, stop, step] => (*start, *stop, *step),
        _ => return None,
    };
    let step = i128::from(step.unwrap_or(1));
    if step == 0 {
        return None;
    }
    let len = i128::try_from(len).ok()?;
    let adjust = |v: Option<i64>, default: i128, low: i128, high: i128| -> i128 {
        match v {
            None => default,
            Some(v) => {
                let mut v = i128::from(v);
                if v < 0 {
                    v += len;
                }
                v.clamp(low, high)
            }
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let start = adjust(start, 0, 0, len);
        let stop = adjust(stop, len, 0, len);
        let mut i = start;
        while i < stop {
            out.push(usize::try_from(i).ok()?);
            i += step;
        }
    } else {
        let start = adjust(start, len - 1, -1, len - 1);
        let stop = adjust(stop, -1, -1, len - 1);
        let mut i = start;
        while i > stop {
            out.push(usize::try_from(i).ok()?);
            i += step;
        }
    }
    Some(out)
}

/// Django's `slice` over a slice of items; `None` means "return the value
/// unchanged" (see [`slice_indices`]).
///
/// ```
/// assert_eq!(djula_filters::lists::slice(&["a", "b", "c"], "1:"), Some(vec!["b", "c"]));
/// ```
pub fn slice<T: Clone>(items: &[T], arg: &str) -> Option<Vec<T>> {
    let idx = slice_indices(items.len(), arg)?;
    Some(idx.iter().filter_map(|&i| items.get(i).cloned()).collect())
}

/// Django's `slice` over a string's characters; `None` means "return the
/// value unchanged".
///
/// ```
/// assert_eq!(djula_filters::lists::slice_str("abcdef", "::2").as_deref(), Some("ace"));
/// ```
pub fn slice_str(value: &str, arg: &str) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    let idx = slice_indices(chars.len(), arg)?;
    Some(idx.iter().filter_map(|&i| chars.get(i)).collect())
}

/// How `dictsort` finds the sort key of each item (Django's
/// `_property_resolver`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The argument was an integer: `item[n]` (list index or dict key `n`).
    Index(i64),
    /// The argument is text that Python's `float()` accepts: `item[text]`
    /// (a dict key; on a list this is a `TypeError`, so `""`).
    Item(String),
    /// A dotted path: each part is `item[part]`, falling back to the
    /// attribute `part`.
    Path(Vec<String>),
}

/// Parses `dictsort`'s argument. `arg_is_int` says the template gave an
/// integer (`dictsort:0`) rather than text. `None` means Django gives `""`
/// (a path to a private name: a part starting with `_`).
///
/// ```
/// use djula_filters::lists::{dictsort_key, SortKey};
/// assert_eq!(dictsort_key("age", false), Some(SortKey::Path(vec!["age".into()])));
/// assert_eq!(dictsort_key("a.b", false), Some(SortKey::Path(vec!["a".into(), "b".into()])));
/// assert_eq!(dictsort_key("0", true), Some(SortKey::Index(0)));
/// assert_eq!(dictsort_key("1", false), Some(SortKey::Item("1".into())));
/// assert_eq!(dictsort_key("a._b", false), None);
/// ```
pub fn dictsort_key(arg: &str, arg_is_int: bool) -> Option<SortKey> {
    if arg_is_int {
        return py::parse_int(arg).map(SortKey::Index);
    }
    if py::parse_float(arg).is_some() {
        return Some(SortKey::Item(arg.to_owned()));
    }
    if arg.contains("._") || arg.starts_with('_') || arg.is_empty() {
        return None;
    }
    Some(SortKey::Path(arg.split('.').map(str::to_owned).collect()))
}

/// The order `dictsort` (or `dictsortreversed` when `reverse`) puts items
/// in, given each item's key: a stable sort, as Python's `sorted` (equal
/// keys keep their order in both directions). `cmp` answers `None` for
/// keys Python cannot compare; then Django gives `""` and so does `None`
/// here.
///
/// ```
/// use djula_filters::lists::sorted_order;
/// let keys = [3, 1, 2, 1];
/// assert_eq!(sorted_order(&keys, false, |a, b| a.partial_cmp(b)), Some(vec![1, 3, 2, 0]));
/// assert_eq!(sorted_order(&keys, true, |a, b| a.partial_cmp(b)), Some(vec![0, 2, 1, 3]));
/// ```
pub fn sorted_order<K, F>(keys: &[K], reverse: bool, mut cmp: F) -> Option<Vec<usize>>
where
    F: FnMut(&K, &K) -> Option<Ordering>,
{
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let mut failed = false;
    order.sort_by(|&a, &b| {
        let (Some(ka), Some(kb)) = (keys.get(a), keys.get(b)) else {
            failed = true;
            return Ordering::Equal;
        };
        let ord = if reverse { cmp(kb, ka) } else { cmp(ka, kb) };
        ord.unwrap_or_else(|| {
            failed = true;
            Ordering::Equal
        })
    });
    if failed {
        None
    } else {
        Some(order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_slices() {
        // Python: list(range(5))[spec]
        let cases: [(&str, &[usize]); 9] = [
            ("1:3", &[1, 2]),
            ("-1", &[0, 1, 2, 3]),
            ("::-1", &[4, 3, 2, 1, 0]),
            ("3:0:-1", &[3, 2, 1]),
            ("-100:100", &[0, 1, 2, 3, 4]),
            ("10:", &[]),
            ("::3", &[0, 3]),
            ("-2::-2", &[3, 1]),
            ("0", &[]),
        ];
        for (spec, want) in cases {
            assert_eq!(slice_indices(5, spec).as_deref(), Some(want), "{spec}");
        }
        assert_eq!(slice_indices(5, "1:2:3:4"), None);
        assert_eq!(slice_indices(0, "::-1"), Some(vec![]));
        assert_eq!(slice_indices(3, &format!("{}::-1", i64::MIN)), Some(vec![]));
        assert_eq!(slice_str("abc", " 1 :").as_deref(), Some("bc"));
        assert_eq!(slice_str("abc", " 1 : "), None);
    }

    #[test]
    fn joins() {
        let items = [Piece::Safe("<a>"), Piece::Text("&")];
        assert_eq!(
            join(&items, Piece::Safe("<br>"), true).as_str(),
            "<a><br>&amp;"
        );
        assert_eq!(join(&[], Piece::Text(","), true).as_str(), "");
    }

    #[test]
    fn random_is_uniformish() {
        let mut rng = Rng::with_seed(3);
        let items = [0usize, 1, 2];
        let mut seen = [0; 3];
        for _ in 0..300 {
            let i = *random(&items, &mut rng).unwrap();
            seen[i] += 1;
        }
        assert!(seen.iter().all(|&n| n > 50));
    }
}
