//! The one error type of djula: what went wrong, where, and how to fix it.
//!
//! `Display` is one line (`page.html:2:9: Invalid filter: 'lowr'`), as
//! Rust error types are; the alternate form (`{:#}`) is the full report in
//! rustc's style: the source line, a caret under the offending token, the
//! suggestion and the include chain. With the `miette` feature, [`Error`]
//! is also a `miette::Diagnostic`.

use std::fmt;
use std::sync::Arc;

/// What kind of error happened. Django's exception names in brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The template text is not valid (`TemplateSyntaxError`), found while compiling.
    Syntax,
    /// A template name that no loader knows (`TemplateDoesNotExist`).
    TemplateNotFound,
    /// A problem while rendering: a bad filter argument, a failed lookup in
    /// strict mode, a missing URL resolver, … (`TemplateSyntaxError`,
    /// `ValueError`, … raised at render time).
    Render,
    /// A limit was exceeded: nesting depth, include depth, output size.
    Limit,
    /// The context could not be converted to template values.
    Context,
    /// Reading a template file failed.
    Io,
}

/// A span in a template's source: byte offsets, with the line and column
/// (both from 1) of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Where `part`, a slice of `source`, sits in it; `None` when `part`
    /// is not a slice of `source` (a string built elsewhere).
    ///
    /// ```
    /// let source = "{{ name|lowr }}";
    /// let part = &source[8..12];
    /// assert_eq!(djula::Span::within(source, part), Some(djula::Span { start: 8, end: 12 }));
    /// assert_eq!(djula::Span::within(source, "lowr"), None);
    /// ```
    pub fn within(source: &str, part: &str) -> Option<Span> {
        // Addresses are compared, never dereferenced.
        let start = (part.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
        let end = start + part.len();
        (end <= source.len()).then_some(Span { start, end })
    }
}

/// A [`Span`] in half the room, for what a compiled template keeps per
/// node (`{{ … }}` is the commonest node: this keeps `Node` at 56 bytes).
/// Offsets past 4 GiB are clamped: only an error's place could be off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NodeSpan {
    start: u32,
    end: u32,
}

impl From<Span> for NodeSpan {
    fn from(span: Span) -> NodeSpan {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        NodeSpan {
            start: clamp(span.start),
            end: clamp(span.end),
        }
    }
}

impl NodeSpan {
    /// Byte offset of the first byte.
    pub(crate) fn start(self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last byte.
    pub(crate) fn end(self) -> usize {
        self.end as usize
    }
}

impl From<NodeSpan> for Span {
    fn from(span: NodeSpan) -> Span {
        Span {
            start: span.start as usize,
            end: span.end as usize,
        }
    }
}

/// A template error, with its location and a suggestion where one exists.
///
/// `Display` is one line: the template, line and column, and the message.
/// The alternate form, `{:#}`, prints the whole story in the style of rustc:
///
/// ```
/// let engine = djula::Engine::new();
/// let err = engine.compile_str("page.html", "<p>\n{{ name|lowr }}</p>").unwrap_err();
/// assert_eq!(err.to_string(), "page.html:2:9: Invalid filter: 'lowr'");
/// assert_eq!(format!("{err:#}"), "\
/// error: Invalid filter: 'lowr'
///  --> page.html:2:9
///   |
/// 2 | {{ name|lowr }}</p>
///   |         ^^^^
///   = help: did you mean 'lower'?");
/// assert_eq!(err.line(), Some(2));
/// ```
#[derive(Clone)]
pub struct Error {
    repr: Box<Repr>,
}

#[derive(Clone)]
struct Repr {
    kind: ErrorKind,
    message: String,
    help: Option<String>,
    location: Option<Location>,
    /// The templates that included (or were extended by) the one where
    /// the error is, innermost first.
    chain: Vec<ChainLink>,
    /// The lower-level error that caused this one (an I/O error, a
    /// serializer's error), for [`std::error::Error::source`].
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
    /// The errors this one gathers ([`Engine::check`](crate::Engine::check)
    /// reports every broken template at once).
    problems: Vec<Error>,
    /// Further facts, one `= note:` line each (the places a missing
    /// template was looked for).
    notes: Vec<String>,
    /// Django's `VariableDoesNotExist` (a filter argument that names
    /// nothing): `{% if %}` reads it as false, where other errors raise.
    missing_variable: bool,
}

/// One step out of an included or extended template.
#[derive(Clone)]
struct ChainLink {
    /// "included from" or "extended by".
    how: &'static str,
    template: Arc<str>,
    line: usize,
    column: usize,
}

#[derive(Clone)]
struct Location {
    template: Arc<str>,
    line: usize,
    column: usize,
    /// The line, or the part of a long line around the token (see
    /// [`EXCERPT_CONTEXT`]), with `…` where it was cut.
    source_line: String,
    /// Characters of `source_line` before the token.
    caret_at: usize,
    /// Caret length, in characters, within `source_line`.
    width: usize,
}

/// A report keeps at most this many characters of the line on each side
/// of the offending token, and of the token itself: an error in a
/// template written on one long line still reports in a few short lines.
const EXCERPT_CONTEXT: usize = 80;

/// The part of `line` an error shows around the token at character
/// `column0` that is `width` characters long: `(text, caret_at, width)`.
fn excerpt(line: &str, column0: usize, width: usize) -> (String, usize, usize) {
    let width = width.clamp(1, EXCERPT_CONTEXT);
    let start = column0.saturating_sub(EXCERPT_CONTEXT);
    let end = column0 + width + EXCERPT_CONTEXT;
    let mut text = String::new();
    let mut cut_end = false;
    for (i, c) in line.chars().enumerate() {
        if i >= end {
            cut_end = true;
            break;
        }
        if i >= start {
            text.push(c);
        }
    }
    if start == 0 && !cut_end {
        return (text, column0, width);
    }
    let mut caret_at = column0 - start;
    if start > 0 {
        text.insert(0, '…');
        caret_at += 1;
    }
    if cut_end {
        text.push('…');
    }
    (text, caret_at, width)
}

impl Error {
    /// A new error of `kind` with `message`, no location yet.
    ///
    /// ```
    /// let e = djula::Error::new(djula::ErrorKind::Render, "boom");
    /// assert_eq!(e.message(), "boom");
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            repr: Box::new(Repr {
                kind,
                message: message.into(),
                help: None,
                location: None,
                chain: Vec::new(),
                source: None,
                problems: Vec::new(),
                missing_variable: false,
                notes: Vec::new(),
            }),
        }
    }

    pub(crate) fn syntax(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Syntax, message)
    }

    pub(crate) fn render(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Render, message)
    }

    /// A render error that is Django's `VariableDoesNotExist`.
    pub(crate) fn missing_variable(message: impl Into<String>) -> Error {
        let mut error = Error::render(message);
        error.repr.missing_variable = true;
        error
    }

    /// Whether this is Django's `VariableDoesNotExist` (see
    /// [`Error::missing_variable`]).
    pub(crate) fn is_missing_variable(&self) -> bool {
        self.repr.missing_variable
    }

    /// Records the lower-level error behind this one (see
    /// [`std::error::Error::source`]).
    pub(crate) fn caused_by(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.repr.source = Some(Arc::new(source));
        self
    }

    /// Gathers `problems` under this error (its message says how many).
    pub(crate) fn with_problems(mut self, problems: Vec<Error>) -> Error {
        self.repr.problems = problems;
        self
    }

    /// The errors this one gathers: every broken template of
    /// [`Engine::check`](crate::Engine::check), each with its own place.
    /// Empty for an error about one place.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("a.html", "{{ x|nope }}").unwrap();
    /// e.add_template("b.html", "{% if %}").unwrap();
    /// let err = e.check().unwrap_err();
    /// let places: Vec<_> = err.problems().iter().map(|p| p.template_name()).collect();
    /// assert_eq!(places, [Some("a.html"), Some("b.html")]);
    /// ```
    pub fn problems(&self) -> &[Error] {
        &self.repr.problems
    }

    /// Adds `= note:` lines.
    pub(crate) fn with_notes(mut self, notes: impl IntoIterator<Item = String>) -> Error {
        self.repr.notes.extend(notes);
        self
    }

    /// The notes under the error: for a template that does not exist, the
    /// places each loader looked for it (Django's postmortem).
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("djula-notes-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let mut engine = djula::Engine::new();
    /// engine.add_template_directory(&dir).unwrap();
    /// let err = engine.template("no-such-page.html").unwrap_err();
    /// let looked = dir.join("no-such-page.html");
    /// assert_eq!(err.notes(), [format!("looked for {}", looked.display())]);
    /// # std::fs::remove_dir(&dir).unwrap();
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.repr.notes
    }

    /// Adds a `help:` line.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Error {
        self.repr.help = Some(help.into());
        self
    }

    /// Adds a "did you mean" help line when a close candidate exists.
    pub(crate) fn suggest<'a>(
        self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Error {
        match crate::support::suggest::closest(wrong, candidates) {
            Some(best) => self.with_help(format!("did you mean '{best}'?")),
            None => self,
        }
    }

    /// Places the error at `span` of `source` (the template `name`), unless
    /// it already has a location (the innermost place wins).
    pub(crate) fn at(self, name: &Arc<str>, source: &str, span: Span) -> Error {
        self.placed(name, source, None, span)
    }

    /// [`Error::at`] in a source held as shared text: placing many errors
    /// in one template (Djula's `catch_template_errors` writes each in
    /// place) scans only the text between one and the next.
    pub(crate) fn at_shared(self, name: &Arc<str>, source: &Arc<str>, span: Span) -> Error {
        self.placed(name, source, Some(source), span)
    }

    fn placed(
        mut self,
        name: &Arc<str>,
        source: &str,
        shared: Option<&Arc<str>>,
        span: Span,
    ) -> Error {
        if self.repr.location.is_some() {
            return self;
        }
        let start = span.start.min(source.len());
        let place = match shared {
            Some(shared) if source.is_char_boundary(start) => place_after_last(shared, start),
            _ => place_from_start(source, start),
        };
        // The token's width in characters (its first line, enough of it).
        let in_line = source
            .get(start..span.end.min(source.len()))
            .unwrap_or_default()
            .split('\n')
            .next()
            .unwrap_or_default();
        let width = in_line
            .chars()
            .take(EXCERPT_CONTEXT + 1)
            .count()
            .clamp(1, EXCERPT_CONTEXT);
        // Only what the excerpt shows of the line is read: at most
        // `EXCERPT_CONTEXT` characters before the token and as many after
        // it (a template on one long line places each error in constant
        // time).
        let line = source.get(place.line_start..).unwrap_or_default();
        let token_at = start - place.line_start;
        let before = line.get(..token_at).unwrap_or_default();
        let from = before
            .char_indices()
            .rev()
            .nth(EXCERPT_CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let shown_before = before.get(from..).unwrap_or_default().chars().count();
        let mut rest = line.get(token_at..).unwrap_or_default().chars();
        let mut to = token_at;
        for c in rest.by_ref().take(width + EXCERPT_CONTEXT) {
            if c == '\n' {
                break;
            }
            to += c.len_utf8();
        }
        let more_after = line
            .get(to..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c != '\n' && c != '\r');
        let window = line
            .get(from..to)
            .unwrap_or_default()
            .trim_end_matches('\r');
        let (mut source_line, mut caret_at, width) = excerpt(window, shown_before, width);
        if from > 0 {
            source_line.insert(0, '…');
            caret_at += 1;
        }
        if more_after {
            source_line.push('…');
        }
        self.repr.location = Some(Location {
            template: name.clone(),
            line: place.line,
            column: place.column,
            source_line,
            caret_at,
            width,
        });
        self
    }

    /// Records that the template where the error is was included (`how`:
    /// "included from") or extended (`how`: "extended by") at `span` of
    /// `source` (the template `name`). Only for an error that has a place.
    pub(crate) fn reached_from(
        mut self,
        how: &'static str,
        name: &Arc<str>,
        source: &str,
        span: Span,
    ) -> Error {
        if self.repr.location.is_none() {
            return self;
        }
        let (line, column) = line_and_column(source, span.start);
        self.repr.chain.push(ChainLink {
            how,
            template: name.clone(),
            line,
            column,
        });
        self
    }

    /// The templates that included or extended the one where the error is,
    /// innermost first: (how, template, line, column).
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("row.html", "{{ x|divisibleby:0 }}").unwrap();
    /// e.add_template("page.html", "<ul>\n  {% include 'row.html' %}</ul>").unwrap();
    /// let err = e.template("page.html").unwrap().render(&serde_json::json!({"x": 1})).unwrap_err();
    /// assert_eq!(err.template_name(), Some("row.html"));
    /// let chain: Vec<_> = err.chain().collect();
    /// assert_eq!(chain, [("included from", "page.html", 2, 3)]);
    /// assert!(format!("{err:#}").ends_with("= note: included from page.html:2:3"));
    /// ```
    pub fn chain(&self) -> impl Iterator<Item = (&str, &str, usize, usize)> {
        self.repr
            .chain
            .iter()
            .map(|link| (link.how, &*link.template, link.line, link.column))
    }

    /// What kind of error this is.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("t", "{% if %}").unwrap_err();
    /// assert_eq!(e.kind(), djula::ErrorKind::Syntax);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    /// The message alone, without location or help.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("t", "{{ }}").unwrap_err();
    /// assert_eq!(e.message(), "Empty variable tag on line 1");
    /// ```
    pub fn message(&self) -> &str {
        &self.repr.message
    }

    /// Writes the error where the failing tag or variable stood, as
    /// Djula's `*catch-template-errors-p*` does: `{# Error: … #}`, the
    /// message escaped (it may quote the context). One rule for errors
    /// caught while parsing, compiling and rendering.
    pub(crate) fn write_in_place(&self, out: &mut String) {
        out.push_str("{# Error: ");
        filters::escape_into(out, self.message());
        out.push_str(" #}");
    }

    /// The suggestion, if any.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("t", "{% fro x in y %}{% endfor %}").unwrap_err();
    /// assert!(e.help().is_some());
    /// ```
    pub fn help(&self) -> Option<&str> {
        self.repr.help.as_deref()
    }

    /// The template the error is in.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("a.html", "{% bad %}").unwrap_err();
    /// assert_eq!(e.template_name(), Some("a.html"));
    /// ```
    pub fn template_name(&self) -> Option<&str> {
        self.repr.location.as_ref().map(|l| &*l.template)
    }

    /// The line (from 1) where the error is.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("a", "x\n{% bad %}").unwrap_err();
    /// assert_eq!(e.line(), Some(2));
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.repr.location.as_ref().map(|l| l.line)
    }

    /// The column (from 1, in characters) where the error is.
    ///
    /// ```
    /// let e = djula::Engine::new().compile_str("a", "ab{% bad %}").unwrap_err();
    /// assert_eq!(e.column(), Some(6)); // under the tag's name
    /// ```
    pub fn column(&self) -> Option<usize> {
        self.repr.location.as_ref().map(|l| l.column)
    }
}

impl fmt::Display for Error {
    /// One line, `template:line:column: message`; `{:#}` gives the full
    /// report (see [`Error`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return self.write_report(f);
        }
        if let Some(loc) = &self.repr.location {
            write!(f, "{}:{}:{}: ", loc.template, loc.line, loc.column)?;
        }
        f.write_str(&self.repr.message)?;
        for (i, problem) in self.repr.problems.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The full report: message, place, source line with a caret under the
    /// token, help, and the include or extends chain.
    fn write_report(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.repr.message)?;
        if !self.repr.problems.is_empty() {
            f.write_str(":")?;
            for problem in &self.repr.problems {
                write!(f, "\n\n{problem:#}")?;
            }
        }
        if let Some(loc) = &self.repr.location {
            let gutter = loc.line.to_string().len();
            let pad = " ".repeat(gutter);
            write!(f, "\n{pad}--> {}:{}:{}", loc.template, loc.line, loc.column)?;
            write!(f, "\n{pad} |")?;
            write!(f, "\n{} | {}", loc.line, loc.source_line)?;
            // As wide as what it stands under, as a terminal shows it: a
            // tab stays a tab, a CJK character takes two columns.
            let columns = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            let mut indent = String::new();
            for c in loc.source_line.chars().take(loc.caret_at) {
                match c {
                    '\t' => indent.push('\t'),
                    c => indent.extend(std::iter::repeat_n(' ', columns(c))),
                }
            }
            let under: usize = loc
                .source_line
                .chars()
                .skip(loc.caret_at)
                .take(loc.width)
                .map(columns)
                .sum();
            write!(f, "\n{pad} | {indent}{}", "^".repeat(under.max(1)))?;
            if let Some(help) = &self.repr.help {
                write!(f, "\n{pad} = help: {help}")?;
            }
            for note in &self.repr.notes {
                write!(f, "\n{pad} = note: {note}")?;
            }
            for link in &self.repr.chain {
                let (how, name) = (link.how, &link.template);
                write!(
                    f,
                    "\n{pad} = note: {how} {name}:{}:{}",
                    link.line, link.column
                )?;
            }
        } else {
            if let Some(help) = &self.repr.help {
                write!(f, "\n  = help: {help}")?;
            }
            for note in &self.repr.notes {
                write!(f, "\n  = note: {note}")?;
            }
        }
        Ok(())
    }
}

/// `template:line:column` of `span`, and the lines of a report that show
/// it (the gutter, the source line, the caret line), as `{:#}` writes them:
/// for `djula_embed::embed!`'s compile-time messages.
pub(crate) fn place_and_snippet(name: &Arc<str>, source: &str, span: Span) -> (String, String) {
    let error = Error::new(ErrorKind::Context, "").at(name, source, span);
    let place = match &error.repr.location {
        Some(loc) => format!("{}:{}:{}", loc.template, loc.line, loc.column),
        None => name.to_string(),
    };
    // The report's lines after `error:` and `-->`.
    let report = format!("{error:#}");
    let snippet = report.lines().skip(2).collect::<Vec<_>>().join("\n");
    (place, snippet)
}

/// Line and column (both from 1; the column in characters) of byte
/// `offset` in `source`.
fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let place = place_from_start(source, offset.min(source.len()));
    (place.line, place.column)
}

/// Where a byte offset lies in a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    /// From 1.
    line: usize,
    /// From 1, in characters.
    column: usize,
    /// The byte offset where the line starts.
    line_start: usize,
}

/// The place of byte `offset` (at most the source's length), counted from
/// the start of `source`.
fn place_from_start(source: &str, offset: usize) -> Place {
    let before = source.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    Place {
        line,
        column,
        line_start,
    }
}

/// The place of byte `offset` (a character boundary) in `source`,
/// counted on from the last place found in the same source by this
/// thread when it lies before (the source is held, so its address names
/// it), else from the start.
fn place_after_last(source: &Arc<str>, offset: usize) -> Place {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Arc<str>, usize, Place)>> =
            const { std::cell::RefCell::new(None) };
    }
    let known = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|(held, at, _)| Arc::ptr_eq(held, source) && *at <= offset)
            .map(|(_, at, place)| (*at, *place))
    });
    let place = match known {
        Some((at, place)) => {
            let between = source.get(at..offset).unwrap_or_default();
            match between.rfind('\n') {
                None => Place {
                    column: place.column + between.chars().count(),
                    ..place
                },
                Some(last) => Place {
                    line: place.line + between.bytes().filter(|b| *b == b'\n').count(),
                    column: between.get(last + 1..).unwrap_or_default().chars().count() + 1,
                    line_start: at + last + 1,
                },
            }
        }
        None => place_from_start(source, offset),
    };
    LAST.with(|last| *last.borrow_mut() = Some((source.clone(), offset, place)));
    place
}

/// The kind and the full report, so that `unwrap()` shows the caret.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {self:#}", self.repr.kind)
    }
}

/// `source()` is the lower-level error where there is one: the I/O error
/// of a template file or an output writer, the serializer's error of a
/// context.
///
/// ```
/// use std::error::Error as _;
///
/// struct Full;
/// impl std::io::Write for Full {
///     fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
///         Err(std::io::Error::other("disk full"))
///     }
///     fn flush(&mut self) -> std::io::Result<()> {
///         Ok(())
///     }
/// }
/// let mut engine = djula::Engine::new();
/// engine.add_template("t.html", "{{ x }}").unwrap();
/// let page = engine.template("t.html").unwrap();
/// let err = page.write_to(&mut Full, &serde_json::json!({"x": "a"})).unwrap_err();
/// assert_eq!(err.kind(), djula::ErrorKind::Io);
/// assert_eq!(err.source().unwrap().to_string(), "disk full");
/// ```
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.repr
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<crate::value::ConvertError> for Error {
    fn from(e: crate::value::ConvertError) -> Error {
        Error::new(ErrorKind::Context, e.to_string())
    }
}

/// A message from application code (a filter or tag) as a render error.
///
/// ```
/// let e: djula::Error = String::from("no such user").into();
/// assert_eq!((e.kind(), e.message()), (djula::ErrorKind::Render, "no such user"));
/// ```
impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::render(message)
    }
}

/// A message from application code (a filter or tag) as a render error.
///
/// ```
/// let e: djula::Error = "no such user".into();
/// assert_eq!(e.message(), "no such user");
/// ```
impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::render(message)
    }
}

impl From<std::fmt::Error> for Error {
    fn from(_: std::fmt::Error) -> Error {
        Error::new(ErrorKind::Io, "the output writer failed")
    }
}

/// With the `miette` feature: the error's kind as the code
/// (`djula::Syntax`, …), its help, and the source line with a label under
/// the offending token; the include chain as a note in the help.
///
/// ```
/// # #[cfg(feature = "miette")] {
/// use miette::Diagnostic;
///
/// let err = djula::Engine::new().compile_str("page.html", "{{ name|lowr }}").unwrap_err();
/// assert_eq!(err.code().unwrap().to_string(), "djula::Syntax");
/// let label = err.labels().unwrap().next().unwrap();
/// assert_eq!((label.offset(), label.len()), (8, 4));
/// # }
/// ```
#[cfg(feature = "miette")]
impl miette::Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("djula::{:?}", self.repr.kind)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let mut lines: Vec<String> = self.repr.help.iter().cloned().collect();
        lines.extend(self.repr.notes.iter().cloned());
        for link in &self.repr.chain {
            lines.push(format!(
                "{} {}:{}:{}",
                link.how, link.template, link.line, link.column
            ));
        }
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.repr.problems.is_empty()).then(|| {
            Box::new(
                self.repr
                    .problems
                    .iter()
                    .map(|p| p as &dyn miette::Diagnostic),
            ) as Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.repr
            .location
            .as_ref()
            .map(|loc| loc as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let loc = self.repr.location.as_ref()?;
        let byte_at = |chars: usize| {
            loc.source_line
                .char_indices()
                .nth(chars)
                .map_or(loc.source_line.len(), |(i, _)| i)
        };
        let start = byte_at(loc.caret_at);
        let end = byte_at(loc.caret_at + loc.width).max(start);
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            Some(self.repr.message.clone()),
            start,
            end - start,
        ))))
    }
}

/// The one line an error keeps of its template, read by miette as that
/// line of the named template (labels are offsets within the line).
#[cfg(feature = "miette")]
impl miette::SourceCode for Location {
    fn read_span<'a>(
        &'a self,
        _span: &miette::SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.template.to_string(),
            self.source_line.as_bytes(),
            (0, self.source_line.len()).into(),
            self.line.saturating_sub(1),
            0,
            1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_on_from_the_last_place_agrees_with_counting_from_the_start() {
        let source: Arc<str> =
            Arc::from("ab\né{% x %}\r\n\n日本語 {{ y }}\nlast line, long ".repeat(40));
        let boundaries: Vec<usize> = (0..=source.len())
            .filter(|&i| source.is_char_boundary(i))
            .collect();
        // In order (as a compile meets errors), backwards, and jumping about.
        let mut offsets = boundaries.clone();
        offsets.extend(boundaries.iter().rev());
        offsets.extend(
            boundaries
                .iter()
                .step_by(7)
                .chain(boundaries.iter().step_by(3).rev()),
        );
        for offset in offsets {
            assert_eq!(
                place_after_last(&source, offset),
                place_from_start(&source, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn an_error_on_a_long_line_shows_a_window_around_its_token() {
        let name: Arc<str> = Arc::from("t");
        let line = format!("{}{{% bad %}}{}\nnext", "é".repeat(500), "x".repeat(500));
        let source: Arc<str> = Arc::from(line.as_str());
        let start = "é".len() * 500;
        let span = Span {
            start,
            end: start + "{% bad %}".len(),
        };
        for error in [
            Error::new(ErrorKind::Syntax, "m").at(&name, &source, span),
            Error::new(ErrorKind::Syntax, "m").at_shared(&name, &source, span),
        ] {
            let Some(loc) = &error.repr.location else {
                panic!("no location")
            };
            assert_eq!((loc.line, loc.column), (1, 501));
            let expected = format!("…{}{{% bad %}}{}…", "é".repeat(80), "x".repeat(80));
            assert_eq!(loc.source_line, expected);
            assert_eq!((loc.caret_at, loc.width), (81, 9));
        }
    }
}
