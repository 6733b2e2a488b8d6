//! A template checked against the shape of its context: every path the
//! analysis (`compile::analysis`) finds the template reading, written
//! from the context's root (a loop variable becomes the items of what it
//! loops over, a `{% with %}` name the path it stands for), followed
//! through the [`Shape`] by `shape::check`, the `const fn` rulebook that
//! `djula_embed::embed!` also runs while the program compiles.
//!
//! What is checked, and what is let through:
//! - names read from the context (not the engine's default context, not
//!   Django's `True`, `False`, `None`): unknown names and fields, fields
//!   of strings, numbers, lists or dates that Python's types lack, loops
//!   over numbers, booleans and dates;
//! - a value after a filter, or a loop over a filtered list, is not
//!   followed (filters change types); nor are names tags make (`forloop`,
//!   `… as var` text, `cycle`, `regroup` groups);
//! - an optional value is followed as the value it may be: Django's
//!   `None.x` and loops over `None` give nothing, quietly, and an optional
//!   is fine in `if`, `default` and `firstof`.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::compile::analysis::{Analysis, BindingKind, Location, ReadId, Unbound, ValueOf};
use crate::error::{Error, ErrorKind};
use crate::shape::check::{failure, Message, Step};
use crate::shape::Shape;

/// One step of a path, owned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PathStep {
    /// `.name`.
    Attr(Arc<str>),
    /// One item of a list (a loop variable).
    Item,
}

/// A path the template reads, from the context's root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ContextRead {
    pub steps: Vec<PathStep>,
    /// Failures before this step are another read's (see `check::failure`).
    pub from: usize,
    pub template: Arc<str>,
    pub start: usize,
    pub end: usize,
}

/// A path a template reads, as `djula_embed::embed!` needs it to write a
/// compile-time check (see `Template::__context_reads`; not a stable API).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedRead {
    /// The steps from the context's root: `Some(name)` for `.name`,
    /// `None` for one item of a list.
    pub steps: Vec<Option<String>>,
    /// Failures before this step are another read's.
    pub from: usize,
    /// `template:line:column`.
    pub place: String,
    /// The source line and a caret under the path, as djula's reports
    /// show them.
    pub snippet: String,
}

/// Django's names every context has.
const ALWAYS_DEFINED: [&str; 3] = ["True", "False", "None"];
/// How many bindings deep a path is followed (a loop variable of a loop
/// variable of a `with` name…).
const MAX_CHAIN: usize = 16;

/// Every path `analysis` reads from the context, `globals` (the names the
/// engine's default context supplies) left out.
pub(crate) fn context_reads(
    analysis: &Analysis,
    globals: &dyn Fn(&str) -> bool,
) -> Vec<ContextRead> {
    let mut found = BTreeSet::new();
    let resolver = Resolver { analysis, globals };
    for (id, read) in analysis.reads.iter().enumerate() {
        // A `{% blocktranslate %}` placeholder is one key, dots included:
        // no struct field is named so; not followed.
        if read.path.iter().any(|segment| segment.contains('.')) {
            continue;
        }
        let rest = attrs(read.path.get(1..).unwrap_or_default());
        for prefix in resolver.heads(id, 0) {
            let from = if prefix.bound { prefix.steps.len() } else { 0 };
            let mut steps = prefix.steps;
            steps.extend(rest.iter().cloned());
            found.insert(located(steps, from, &read.location));
        }
    }
    // Each loop over a path from the context: its items must exist,
    // reported where the loop names what it loops over.
    for binding in &analysis.bindings {
        if let BindingKind::LoopItem {
            iterable,
            index: 0,
            entries: false,
            ..
        } = &binding.kind
        {
            let Some(id) = plain(iterable) else { continue };
            let Some(read) = analysis.reads.get(id) else {
                continue;
            };
            for mut steps in resolver.paths(id, 0) {
                let from = steps.len();
                steps.push(PathStep::Item);
                found.insert(located(steps, from, &read.location));
            }
        }
    }
    found.into_iter().collect()
}

fn located(steps: Vec<PathStep>, from: usize, location: &Location) -> ContextRead {
    ContextRead {
        steps,
        from,
        template: location.template.clone(),
        start: location.span.start,
        end: location.span.end,
    }
}

fn attrs(segments: &[Arc<str>]) -> Vec<PathStep> {
    segments.iter().map(|s| PathStep::Attr(s.clone())).collect()
}

/// The read of an expression without filters, if it is one.
fn plain(value: &ValueOf) -> Option<ReadId> {
    if value.filters.is_empty() {
        value.read
    } else {
        None
    }
}

/// What a read's first name may stand for, from the context's root.
struct Head {
    steps: Vec<PathStep>,
    /// Through a binding (a loop variable, a `with` name): the steps are
    /// another read's, checked there.
    bound: bool,
}

struct Resolver<'a> {
    analysis: &'a Analysis,
    globals: &'a dyn Fn(&str) -> bool,
}

impl Resolver<'_> {
    /// The context paths read `id`'s first name may stand for.
    fn heads(&self, id: ReadId, depth: usize) -> Vec<Head> {
        let Some(read) = self.analysis.reads.get(id) else {
            return Vec::new();
        };
        let Some(name) = read.path.first() else {
            return Vec::new();
        };
        let mut heads = Vec::new();
        if read.unbound == Some(Unbound::Context)
            && !ALWAYS_DEFINED.contains(&&**name)
            && !(self.globals)(name)
        {
            heads.push(Head {
                steps: vec![PathStep::Attr(name.clone())],
                bound: false,
            });
        }
        if depth >= MAX_CHAIN {
            return heads;
        }
        for &b in &read.bindings {
            let Some(binding) = self.analysis.bindings.get(b) else {
                continue;
            };
            let (source, item, index) = match &binding.kind {
                BindingKind::LoopItem {
                    iterable,
                    index,
                    count,
                    entries: false,
                } => (plain(iterable), true, (*count > 1).then_some(*index)),
                BindingKind::Value(value) => (plain(value), false, None),
                BindingKind::GroupItem(list) => (plain(list), true, None),
                _ => (None, false, None),
            };
            let Some(source) = source else { continue };
            for mut steps in self.paths(source, depth + 1) {
                if item {
                    steps.push(PathStep::Item);
                }
                if let Some(index) = index {
                    steps.push(PathStep::Attr(index.to_string().into()));
                }
                heads.push(Head { steps, bound: true });
            }
        }
        heads
    }

    /// The whole context paths read `id` may stand for.
    fn paths(&self, id: ReadId, depth: usize) -> Vec<Vec<PathStep>> {
        let Some(read) = self.analysis.reads.get(id) else {
            return Vec::new();
        };
        if read.path.iter().any(|segment| segment.contains('.')) {
            return Vec::new();
        }
        let rest = attrs(read.path.get(1..).unwrap_or_default());
        self.heads(id, depth)
            .into_iter()
            .map(|head| {
                let mut steps = head.steps;
                steps.extend(rest.iter().cloned());
                steps
            })
            .collect()
    }
}

/// The steps of `read` as the checker takes them.
pub(crate) fn steps(read: &ContextRead) -> Vec<Step<'_>> {
    read.steps
        .iter()
        .map(|s| match s {
            PathStep::Attr(name) => Step::Attr(name),
            PathStep::Item => Step::Item,
        })
        .collect()
}

/// Checks every read against `shape`; `source` gives a template's source
/// (for the snippet). One error gathers every problem.
pub(crate) fn check(
    reads: &[ContextRead],
    shape: &'static Shape,
    source: &dyn Fn(&str) -> Option<Arc<str>>,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    for read in reads {
        let path = steps(read);
        if let Some(found) = failure(shape, &path, read.from) {
            let message = Message::new().problem(&found.problem);
            let error = Error::new(ErrorKind::Context, message.as_str());
            let error = match source(&read.template) {
                Some(text) => error.at(
                    &read.template,
                    &text,
                    crate::error::Span {
                        start: read.start,
                        end: read.end,
                    },
                ),
                None => error,
            };
            problems.push(error);
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Context,
        format!(
            "{} path(s) the templates read do not fit the context",
            problems.len()
        ),
    )
    .with_problems(problems))
}
