//! Following a path a template reads (`user.name.title`, the items of
//! `tasks`) through a [`Shape`], by Django's lookup rules: a struct has its
//! fields, a dict any key, a list its numeric indexes, and every built-in
//! type the attributes and zero-argument methods Python gives it (the
//! tables of `value::methods`, which the renderer answers from).
//!
//! Everything here is a `const fn`, so that `djula_embed::embed!` can check
//! templates against a type's [`Context::SHAPE`](super::Context) while
//! the program compiles: a problem is then a panic during constant
//! evaluation, which rustc reports as a compile error with the message
//! [`Message`] builds. At run time the same functions return the same
//! problems.

// Constant functions cannot call `get` (not a const fn): every index here
// is below a length the loop condition just checked.
#![allow(clippy::indexing_slicing)]

use super::{Shape, Struct};
use crate::value::methods::{
    Returns, DATE_ATTRIBUTES, DICT_ATTRIBUTES, FLOAT_ATTRIBUTES, INT_ATTRIBUTES, LIST_ATTRIBUTES,
    STR_ATTRIBUTES,
};

/// One step of a path a template reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// `.name`: a dict key, an attribute or method, or a list index, in
    /// the order Django tries them.
    Attr(&'a str),
    /// One item, as `{% for x in … %}` takes them.
    Item,
}

/// Why a path does not fit a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem<'a> {
    /// A struct has no such field (nor a dict method of that name).
    NoField {
        /// The struct.
        of: &'static str,
        /// The missing name.
        name: &'a str,
        /// The closest field, when one is close.
        suggestion: Option<&'static str>,
    },
    /// A string, number, list or date has no such attribute or method.
    NoAttribute {
        /// What the value is ("a string").
        of: &'static str,
        /// The missing name.
        name: &'a str,
    },
    /// A number, a boolean or a date is looped over.
    NotIterable {
        /// What the value is ("an integer").
        of: &'static str,
    },
}

/// Where a path fails: the index of the step, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure<'a> {
    /// The index in the path of the step that fails.
    pub step: usize,
    /// Why.
    pub problem: Problem<'a>,
}

/// The shape reached by following `path` from `root`, or where and why it
/// does not fit.
///
/// ```
/// use djula::shape::check::{walk, Problem, Step};
/// use djula::{Context, Field, Shape, Struct};
///
/// static TASK: Shape = Shape::Struct(&Struct {
///     name: "Task",
///     fields: &[Field { name: "title", shape: &Shape::Str }],
///     flattened: &[],
/// });
/// static PAGE: Shape = Shape::Struct(&Struct {
///     name: "Page",
///     fields: &[Field { name: "tasks", shape: &Shape::List(&TASK) }],
///     flattened: &[],
/// });
/// let ok = walk(&PAGE, &[Step::Attr("tasks"), Step::Item, Step::Attr("title"), Step::Attr("upper")]);
/// assert!(matches!(ok, Ok(Shape::Str)));
/// let typo = walk(&PAGE, &[Step::Attr("tasks"), Step::Item, Step::Attr("titel")]).unwrap_err();
/// assert_eq!(typo.step, 2);
/// assert_eq!(typo.problem, Problem::NoField { of: "Task", name: "titel", suggestion: Some("title") });
/// ```
pub const fn walk<'a>(
    root: &'static Shape,
    path: &[Step<'a>],
) -> Result<&'static Shape, Failure<'a>> {
    let mut shape = root;
    let mut i = 0;
    while i < path.len() {
        match step(shape, path[i]) {
            Ok(next) => shape = next,
            Err(problem) => return Err(Failure { step: i, problem }),
        }
        i += 1;
    }
    Ok(shape)
}

/// One step from `shape`.
const fn step<'a>(shape: &'static Shape, step: Step<'a>) -> Result<&'static Shape, Problem<'a>> {
    match (shape, step) {
        (Shape::Any, _) => Ok(&Shape::Any),
        // None.x and looping over None give nothing in Django, quietly:
        // an optional value is followed as the value it may be.
        (Shape::Optional(inner), _) => self::step(inner, step),
        (Shape::Struct(fields), Step::Attr(name)) => match fields.field(name) {
            Some(found) => Ok(found),
            None => match returns(DICT_ATTRIBUTES, name) {
                Some(r) => Ok(returned(r, shape)),
                None => Err(Problem::NoField {
                    of: fields.name,
                    name,
                    suggestion: closest_field(fields, name),
                }),
            },
        },
        (Shape::Map(value), Step::Attr(name)) => match returns(DICT_ATTRIBUTES, name) {
            Some(r) => Ok(returned(r, shape)),
            None => Ok(value),
        },
        (Shape::List(item), Step::Attr(name)) => {
            if is_index(name) {
                Ok(item)
            } else {
                attribute(LIST_ATTRIBUTES, "a list", shape, name)
            }
        }
        (Shape::Str, Step::Attr(name)) => {
            if is_index(name) {
                Ok(&Shape::Str)
            } else {
                attribute(STR_ATTRIBUTES, "a string", shape, name)
            }
        }
        (Shape::Int, Step::Attr(name)) => attribute(INT_ATTRIBUTES, "an integer", shape, name),
        (Shape::Bool, Step::Attr(name)) => attribute(INT_ATTRIBUTES, "a boolean", shape, name),
        (Shape::Float, Step::Attr(name)) => attribute(FLOAT_ATTRIBUTES, "a float", shape, name),
        (Shape::Date, Step::Attr(name)) => attribute(DATE_ATTRIBUTES, "a date", shape, name),
        (Shape::Nothing, Step::Attr(name)) => Err(Problem::NoAttribute { of: "None", name }),
        (Shape::List(item), Step::Item) => Ok(item),
        // A dict (a struct is one once serialized) and a string loop over
        // their keys and characters.
        (Shape::Map(_) | Shape::Struct(_) | Shape::Str, Step::Item) => Ok(&Shape::Str),
        (Shape::Nothing, Step::Item) => Ok(&Shape::Any),
        (Shape::Int, Step::Item) => Err(Problem::NotIterable { of: "an integer" }),
        (Shape::Bool, Step::Item) => Err(Problem::NotIterable { of: "a boolean" }),
        (Shape::Float, Step::Item) => Err(Problem::NotIterable { of: "a float" }),
        (Shape::Date, Step::Item) => Err(Problem::NotIterable { of: "a date" }),
    }
}

/// An attribute from a built-in type's table, or the problem.
const fn attribute<'a>(
    table: &[(&str, Returns)],
    of: &'static str,
    shape: &'static Shape,
    name: &'a str,
) -> Result<&'static Shape, Problem<'a>> {
    match returns(table, name) {
        Some(r) => Ok(returned(r, shape)),
        None => Err(Problem::NoAttribute { of, name }),
    }
}

/// What `name` returns according to `table`.
const fn returns(table: &[(&str, Returns)], name: &str) -> Option<Returns> {
    let mut i = 0;
    while i < table.len() {
        if same(table[i].0, name) {
            return Some(table[i].1);
        }
        i += 1;
    }
    None
}

/// The shape of what a method of `on` returns.
const fn returned(r: Returns, on: &'static Shape) -> &'static Shape {
    match r {
        Returns::Str => &Shape::Str,
        Returns::Bool => &Shape::Bool,
        Returns::Int => &Shape::Int,
        Returns::Float => &Shape::Float,
        Returns::StrList => &Shape::List(&Shape::Str),
        Returns::IntList => &Shape::List(&Shape::Int),
        Returns::Same => on,
        Returns::Item => match on {
            Shape::List(item) => item,
            _ => &Shape::Any,
        },
        Returns::ValueList => match on {
            Shape::Map(Shape::Str) => &Shape::List(&Shape::Str),
            Shape::Map(Shape::Int) => &Shape::List(&Shape::Int),
            _ => &Shape::List(&Shape::Any),
        },
        Returns::Nothing => &Shape::Nothing,
        Returns::Unknown => &Shape::Any,
    }
}

/// A list index as Django reads one: an integer, maybe negative.
const fn is_index(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = if !bytes.is_empty() && bytes[0] == b'-' {
        1
    } else {
        0
    };
    if i == bytes.len() {
        return false;
    }
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            return false;
        }
        i += 1;
    }
    true
}

/// Byte-wise string equality, usable in constants.
pub(crate) const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The longest name the suggestion compares.
const MAX_NAME: usize = 64;

/// The field closest to `name`: the edit-distance half of the rule of
/// djula's other "did you mean" suggestions (`support::suggest`: at most a
/// third of the name's length in edits, between 1 and 3, a swap of two
/// neighbours counting as one), without its Jaro-Winkler half, which needs
/// more than a constant can compute cheaply.
const fn closest_field(fields: &Struct, name: &str) -> Option<&'static str> {
    let third = name.len() / 3;
    let allowed = if third < 1 {
        1
    } else if third > 3 {
        3
    } else {
        third
    };
    let mut best: Option<&'static str> = None;
    let mut best_distance = allowed + 1;
    let mut i = 0;
    while i < fields.fields.len() {
        let candidate = fields.fields[i].name;
        let d = distance(candidate, name);
        if d < best_distance {
            best = Some(candidate);
            best_distance = d;
        }
        i += 1;
    }
    best
}

/// Optimal-string-alignment distance over bytes (Damerau-Levenshtein
/// where a swap of neighbours is one edit); names longer than
/// [`MAX_NAME`] are never close.
const fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > MAX_NAME || b.len() > MAX_NAME {
        return usize::MAX;
    }
    // Three rows of the table: i-2, i-1 and i.
    let mut before = [0usize; MAX_NAME + 1];
    let mut previous = [0usize; MAX_NAME + 1];
    let mut current = [0usize; MAX_NAME + 1];
    let mut j = 0;
    while j <= b.len() {
        previous[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        current[0] = i;
        let mut j = 1;
        while j <= b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            let mut m = previous[j] + 1;
            if current[j - 1] + 1 < m {
                m = current[j - 1] + 1;
            }
            if previous[j - 1] + cost < m {
                m = previous[j - 1] + cost;
            }
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && before[j - 2] + 1 < m
            {
                m = before[j - 2] + 1;
            }
            current[j] = m;
            j += 1;
        }
        before = previous;
        previous = current;
        i += 1;
    }
    previous[b.len()]
}

/// The size of a [`Message`].
const MESSAGE_BYTES: usize = 2048;

/// A problem's message, built without allocating so that constant
/// evaluation can build it (and panic with it).
///
/// ```
/// use djula::shape::check::{Message, Problem};
///
/// let problem = Problem::NoField { of: "Task", name: "titel", suggestion: Some("title") };
/// let m = Message::new().push("tasks.html:3:12: ").problem(&problem);
/// assert_eq!(m.as_str(), "tasks.html:3:12: `Task` has no field `titel`; did you mean `title`?");
/// ```
#[derive(Clone, Copy)]
pub struct Message {
    bytes: [u8; MESSAGE_BYTES],
    len: usize,
}

impl Message {
    /// An empty message.
    pub const fn new() -> Message {
        Message {
            bytes: [0; MESSAGE_BYTES],
            len: 0,
        }
    }

    /// `text` added (cut, on a character boundary, when the message is full).
    pub const fn push(mut self, text: &str) -> Message {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() && self.len < MESSAGE_BYTES {
            // Only whole characters: stop before a multi-byte one that
            // does not fit.
            if self.len + utf8_width(bytes[i]) > MESSAGE_BYTES {
                break;
            }
            self.bytes[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    /// The text of `problem` added.
    pub const fn problem(self, problem: &Problem<'_>) -> Message {
        match *problem {
            Problem::NoField {
                of,
                name,
                suggestion,
            } => {
                let m = self
                    .push("`")
                    .push(of)
                    .push("` has no field `")
                    .push(name)
                    .push("`");
                match suggestion {
                    Some(s) => m.push("; did you mean `").push(s).push("`?"),
                    None => m,
                }
            }
            Problem::NoAttribute { of, name } => self
                .push(of)
                .push(" has no attribute or method `")
                .push(name)
                .push("`"),
            Problem::NotIterable { of } => self.push("cannot loop over ").push(of),
        }
    }

    /// The message so far.
    pub const fn as_str(&self) -> &str {
        let (head, _) = self.bytes.split_at(self.len);
        match std::str::from_utf8(head) {
            Ok(text) => text,
            // Unreachable: only whole characters are pushed.
            Err(_) => "",
        }
    }
}

impl Default for Message {
    fn default() -> Message {
        Message::new()
    }
}

/// How many bytes the UTF-8 character starting with `first` takes.
const fn utf8_width(first: u8) -> usize {
    if first < 0x80 {
        1
    } else if first >= 0xF0 {
        4
    } else if first >= 0xE0 {
        3
    } else {
        2
    }
}

/// Where `path` fails, counting only failures at step `from` or later
/// (the steps before it are another read's, checked and reported there:
/// what a loop variable stands for is checked where the loop is written).
///
/// ```
/// use djula::shape::check::{failure, Step};
/// use djula::{Context, Shape};
///
/// let list = <Vec<String> as Context>::SHAPE;
/// let path = [Step::Attr("nope"), Step::Item];
/// assert!(failure(list, &path, 0).is_some());
/// assert!(failure(list, &path, 1).is_none());
/// ```
pub const fn failure<'a>(
    root: &'static Shape,
    path: &[Step<'a>],
    from: usize,
) -> Option<Failure<'a>> {
    match walk(root, path) {
        Err(failure) if failure.step >= from => Some(failure),
        _ => None,
    }
}

/// One path a template reads, as `embed!` writes it for a compile-time
/// check: the path from the context's root, and the message's place (the
/// template, line and column) and snippet (the source line and a caret
/// under the path).
#[derive(Debug, Clone, Copy)]
pub struct Read {
    /// From the context's root; loop variables already replaced by the
    /// items of what they loop over.
    pub path: &'static [Step<'static>],
    /// The first step written at this place (see [`failure`]).
    pub from: usize,
    /// `template:line:column`.
    pub place: &'static str,
    /// The source line and the caret line under the path.
    pub snippet: &'static str,
}

/// Checks every read against `root`, panicking with the first problem's
/// full message: called in a constant, the panic is a compile error.
///
/// ```
/// use djula::shape::check::{assert_reads, Read, Step};
/// use djula::{Context, Shape};
///
/// const _: () = assert_reads(
///     <Vec<String> as Context>::SHAPE,
///     &[Read { path: &[Step::Item, Step::Attr("upper")], from: 0, place: "t.html:1:4", snippet: "" }],
/// );
/// ```
///
/// ```compile_fail
/// use djula::shape::check::{assert_reads, Read, Step};
/// use djula::{Context, Shape};
///
/// const _: () = assert_reads(
///     <i64 as Context>::SHAPE,
///     &[Read { path: &[Step::Item], from: 0, place: "t.html:1:4", snippet: "" }],
/// );
/// ```
// The panic is the point: evaluated in a constant, it is the compile error.
#[allow(clippy::panic)]
pub const fn assert_reads(root: &'static Shape, reads: &[Read]) {
    let mut i = 0;
    while i < reads.len() {
        let read = reads[i];
        if let Some(failure) = failure(root, read.path, read.from) {
            let message = Message::new()
                .push(read.place)
                .push(": ")
                .problem(&failure.problem)
                .push("\n")
                .push(read.snippet);
            panic!("{}", message.as_str());
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Context;

    #[test]
    fn distances() {
        assert_eq!(distance("title", "titel"), 1);
        assert_eq!(distance("ca", "abc"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn built_in_types_by_their_tables() {
        let text = <String as Context>::SHAPE;
        assert!(matches!(walk(text, &[Step::Attr("title")]), Ok(Shape::Str)));
        assert!(matches!(
            walk(text, &[Step::Attr("split"), Step::Item]),
            Ok(Shape::Str)
        ));
        assert!(matches!(walk(text, &[Step::Attr("0")]), Ok(Shape::Str)));
        assert_eq!(
            walk(text, &[Step::Attr("name")]).unwrap_err().problem,
            Problem::NoAttribute {
                of: "a string",
                name: "name"
            }
        );
        let number = <i64 as Context>::SHAPE;
        assert!(matches!(
            walk(number, &[Step::Attr("bit_length")]),
            Ok(Shape::Int)
        ));
        assert_eq!(
            walk(number, &[Step::Item]).unwrap_err().problem,
            Problem::NotIterable { of: "an integer" }
        );
        let list = <Vec<Option<f64>> as Context>::SHAPE;
        assert!(matches!(
            walk(list, &[Step::Attr("-1"), Step::Attr("hex")]),
            Ok(Shape::Str)
        ));
        assert!(walk(list, &[Step::Attr("length")]).is_err());
        let map = <std::collections::HashMap<String, i64> as Context>::SHAPE;
        assert!(matches!(
            walk(map, &[Step::Attr("anything")]),
            Ok(Shape::Int)
        ));
        assert!(matches!(
            walk(map, &[Step::Attr("keys"), Step::Item]),
            Ok(Shape::Str)
        ));
        assert!(matches!(walk(map, &[Step::Item]), Ok(Shape::Str)));
        let any = <serde_json::Value as Context>::SHAPE;
        assert!(matches!(
            walk(any, &[Step::Attr("x"), Step::Item, Step::Attr("y")]),
            Ok(Shape::Any)
        ));
    }

    #[test]
    fn messages_stop_at_a_character_boundary() {
        let long = "é".repeat(MESSAGE_BYTES);
        let m = Message::new().push("x").push(&long);
        assert_eq!(m.as_str().len(), MESSAGE_BYTES - 1);
        assert!(m.as_str().ends_with('é'));
    }
}
