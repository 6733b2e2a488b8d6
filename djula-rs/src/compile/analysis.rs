//! What a template reads: a pass over the compiled nodes that follows
//! Django's scoping rules and reports every variable path the template
//! looks up, with where it is written and what the name refers to there,
//! either a binding the templates make (a loop variable, a `with` name,
//! an `… as var`) or the render's context.
//!
//! The pass walks a template as the renderer would run it, without values:
//! through `{% extends %}` (only the root template's nodes render; each
//! `{% block %}` renders its most derived version, `{{ block.super }}` the
//! next one), `{% include %}` (the included template sees the includer's
//! names, or only its `with` values with `only`) and `{% partial %}`. Both
//! branches of every condition are taken, and a loop body is walked again
//! while a binding it makes can reach the next iteration.
//!
//! Scoping, as Django's `Context` is a stack of frames:
//!
//! - a new frame, dropped at the end, for `{% for %}` (loop variables and
//!   `forloop`; with several loop variables, one more frame per
//!   iteration), `{% with %}`, `{% block %}` (`block`), `{% include %}`
//!   (its `with` values), `{% filter %}`'s `var` (for the filters only) and
//!   `{% blocktranslate %}`'s `with` and `count` names (for the message);
//! - `… as var` (`firstof`, `url`, `now`, `regroup`, `widthratio`,
//!   `static`, `get_static_prefix`, `get_media_prefix`, `querystring`,
//!   `translate`, `blocktranslate asvar`, `get_current_language[_bidi]`,
//!   `get_available_languages`, `get_language_info[_list]`,
//!   `get_current_timezone`) binds in the innermost frame, for the rest of
//!   it: it outlives an `{% if %}`, `{% filter %}`, `{% spaceless %}`…
//!   around it (those push no frame), not a `{% for %}`, `{% with %}`,
//!   `{% block %}` or `{% include %}`;
//! - `{% cycle … as name %}` rebinds `name` where it is already bound
//!   (Django's `set_upward`), else binds it in the innermost frame.
//!
//! A name bound on some paths only (in one branch of an `{% if %}`, in a
//! loop body that may run no time) may still come from the context: the
//! read lists the bindings it may see and whether it may fall through.

// What each read and binding holds beyond the names (locations, binding
// kinds, the expressions loop variables iterate) is for the typed check of
// contexts to come; until then only the tests read some of it.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::expr::{Arg, Expr, Head, Path};
use super::node::*;
use crate::error::{Error, Span};
use crate::syntax::condition::Condition;

/// Index of a [`Read`] in [`Analysis::reads`].
pub(crate) type ReadId = usize;
/// Index of a [`Binding`] in [`Analysis::bindings`].
pub(crate) type BindingId = usize;

/// Where something is written: a template and a byte range of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    pub template: Arc<str>,
    pub span: Span,
}

/// One variable lookup the template makes.
#[derive(Debug, Clone)]
pub(crate) struct Read {
    /// The path as written, split at the dots (`user.name`). A
    /// `{% blocktranslate %}` placeholder is one key, dots included:
    /// Django looks the whole text up.
    pub path: Vec<Arc<str>>,
    pub location: Location,
    /// The bindings the first segment may refer to here.
    pub bindings: Vec<BindingId>,
    /// Whether the first segment may be unbound here, and what it is read
    /// from then.
    pub unbound: Option<Unbound>,
    /// The identity of the compiled path (its address): the same on every
    /// visit of the same place (a template included twice gives two reads
    /// with one site).
    pub site: usize,
}

/// What an unbound name is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unbound {
    /// The render's context (then the engine's default context).
    Context,
    /// Inside `{% include … only %}`: an empty context (then the engine's
    /// default context); the render's context does not reach it.
    Isolated,
}

/// A name the templates bind.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub name: Arc<str>,
    pub location: Location,
    pub kind: BindingKind,
    /// The identity of the construct that binds it.
    pub site: usize,
}

/// What a bound name holds.
#[derive(Debug, Clone)]
pub(crate) enum BindingKind {
    /// A `{% for %}` variable: item `index` of `count` (unpacked when
    /// there are several; a dict's `(key, value)` entries with Djula's
    /// `(k . v)`, `entries`) of the items of `iterable`.
    LoopItem {
        iterable: ValueOf,
        index: usize,
        count: usize,
        entries: bool,
    },
    /// `forloop` in a loop body.
    ForLoop,
    /// `block` in a block body.
    Block,
    /// The value of an expression: `{% with %}`, `{% include … with %}`,
    /// `{% blocktranslate with/count %}`, `get_language_info[_list]`.
    Value(ValueOf),
    /// `{% regroup list by key as name %}`: the groups (`grouper`, `list`).
    Groups(ValueOf),
    /// The same name while the key is read: one item of the list.
    GroupItem(ValueOf),
    /// `{% cycle … as name %}`: one of the values.
    Cycle(Vec<ValueOf>),
    /// `{% filter %}`'s `var`: the body's text.
    FilterOutput,
    /// Text a tag makes (`firstof`, `url`, `now`, `static`,
    /// `get_current_timezone`, …), by tag name.
    Text(&'static str),
    /// Another value a tag makes, by tag name: `get_current_language_bidi`
    /// (a boolean).
    Made(&'static str),
    /// A value fixed when the template compiles: `get_available_languages`
    /// (pairs of texts).
    Fixed,
}

/// An expression a binding takes its value from.
#[derive(Debug, Clone)]
pub(crate) struct ValueOf {
    /// The read of its head; `None` for a literal.
    pub read: Option<ReadId>,
    /// Its filters' names, in order.
    pub filters: Vec<Box<str>>,
}

/// A template the pass could not follow.
#[derive(Debug, Clone)]
pub(crate) struct Unfollowed {
    pub location: Location,
    pub why: Why,
}

/// Why a template was not followed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Why {
    /// `{% include name %}` with a name known only at render time.
    DynamicInclude,
    /// `{% extends name %}` with a name known only at render time: the
    /// child's blocks are walked as if the parent rendered each of them
    /// at its top level.
    DynamicExtends,
    /// Djula's `{% ssi path parse %}`: a file read at render time.
    Ssi,
    /// The template could not be loaded (the error's message).
    Missing(String),
    /// `{% partial name %}` names no partial of the templates rendered.
    NoPartial(String),
    /// Templates extend each other in a cycle.
    ExtendsCycle,
    /// The depth or work limit of the pass.
    Limit,
}

/// Everything the pass found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    pub reads: Vec<Read>,
    pub bindings: Vec<Binding>,
    pub unfollowed: Vec<Unfollowed>,
}

/// Names Django's context always has, below everything else.
const BUILTINS: [&str; 3] = ["True", "False", "None"];

impl Analysis {
    /// The names (with `nested`, the whole paths) the template may read
    /// from the render's context: reads that may be unbound, outside
    /// `{% include … only %}`, less Django's `True`, `False` and `None`.
    pub(crate) fn undeclared(&self, nested: bool) -> BTreeSet<String> {
        self.reads
            .iter()
            .filter(|r| r.unbound == Some(Unbound::Context))
            .filter(|r| r.path.first().is_some_and(|h| !BUILTINS.contains(&&**h)))
            .map(|r| {
                if nested {
                    r.path.join(".")
                } else {
                    r.path.first().map(|h| h.to_string()).unwrap_or_default()
                }
            })
            .collect()
    }
}

/// Other templates, for `{% include %}` and `{% extends %}`: the engine's
/// loaders and cache.
pub(crate) trait TemplateLoader {
    /// The compiled template `name`, as the template `current` names it.
    fn load(&self, name: &str, current: Option<&str>) -> Result<Arc<CompiledTemplate>, Error>;
}

/// Nodes the pass visits at most (every visit: a template included many
/// times counts each time); past it, it stops with [`Why::Limit`].
const BUDGET: usize = 2_000_000;
/// Passes over a loop body at most (a binding reaching the next
/// iteration needs two; more only through chains of rebinding).
const LOOP_PASSES: usize = 4;

/// Analyses `template` as a render of it would run, loading what it
/// includes and extends through `loader`; `max_depth` bounds the nesting
/// of includes, extends and partials, as in a render.
pub(crate) fn analyze(
    template: &Arc<CompiledTemplate>,
    loader: &dyn TemplateLoader,
    max_depth: usize,
) -> Analysis {
    let mut walker = Walker {
        loader,
        out: Analysis::default(),
        scope: Scope::new(false),
        templates: Vec::new(),
        origins: Vec::new(),
        blocks: Blocks::default(),
        entered: Vec::new(),
        budget: BUDGET,
        depth: 0,
        max_depth,
    };
    walker.template(template);
    walker.out
}

/// One name in a frame: the bindings it may hold, and whether it may be
/// unset in this frame (then lookups go on to the frames below).
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    name: Arc<str>,
    bindings: Vec<BindingId>,
    maybe_unset: bool,
}

/// Django's context stack, with the bindings in place of values.
#[derive(Debug, Clone)]
struct Scope {
    frames: Vec<Vec<Entry>>,
    /// Inside `{% include … only %}`.
    isolated: bool,
}

/// What the names of a scope refer to: names with the sites of their
/// bindings and whether they may be unbound, sorted. Two scopes with the
/// same signature give every read the same answer.
type Signature = Vec<(Arc<str>, Vec<usize>, bool)>;

impl Scope {
    fn new(isolated: bool) -> Scope {
        Scope {
            frames: vec![Vec::new()],
            isolated,
        }
    }

    /// The bindings `name` may refer to, and whether it may be unbound.
    fn lookup(&self, name: &str) -> (Vec<BindingId>, bool) {
        let mut found = Vec::new();
        for frame in self.frames.iter().rev() {
            if let Some(entry) = frame.iter().find(|e| &*e.name == name) {
                for b in &entry.bindings {
                    if !found.contains(b) {
                        found.push(*b);
                    }
                }
                if !entry.maybe_unset {
                    return (found, false);
                }
            }
        }
        (found, true)
    }

    /// Django's `context[name] = value`: the innermost frame.
    fn bind(&mut self, name: Arc<str>, id: BindingId) {
        if self.frames.is_empty() {
            self.frames.push(Vec::new());
        }
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        match frame.iter_mut().find(|e| e.name == name) {
            Some(entry) => {
                entry.bindings = vec![id];
                entry.maybe_unset = false;
            }
            None => frame.push(Entry {
                name,
                bindings: vec![id],
                maybe_unset: false,
            }),
        }
    }

    /// Django's `set_upward`: the innermost frame that has `name`, else
    /// the innermost frame.
    fn set_upward(&mut self, name: Arc<str>, id: BindingId) {
        let innermost = self.frames.len().saturating_sub(1);
        let holder = self
            .frames
            .iter()
            .rposition(|frame| frame.iter().any(|e| e.name == name));
        match holder {
            Some(at) if at != innermost => {
                let mut certain = false;
                if let Some(entry) = self
                    .frames
                    .get_mut(at)
                    .and_then(|f| f.iter_mut().find(|e| e.name == name))
                {
                    if entry.maybe_unset {
                        // Set there where it is set, else in the innermost frame.
                        if !entry.bindings.contains(&id) {
                            entry.bindings.push(id);
                        }
                    } else {
                        entry.bindings = vec![id];
                        certain = true;
                    }
                }
                if !certain {
                    self.bind(name, id);
                }
            }
            _ => self.bind(name, id),
        }
    }

    fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    /// Joins two paths through the same code: what either may hold. Both
    /// have the same frames.
    fn merge(&mut self, other: &Scope) {
        for (mine, theirs) in self.frames.iter_mut().zip(&other.frames) {
            for entry in mine.iter_mut() {
                match theirs.iter().find(|t| t.name == entry.name) {
                    Some(t) => {
                        for b in &t.bindings {
                            if !entry.bindings.contains(b) {
                                entry.bindings.push(*b);
                            }
                        }
                        entry.maybe_unset |= t.maybe_unset;
                    }
                    None => entry.maybe_unset = true,
                }
            }
            for t in theirs {
                if !mine.iter().any(|e| e.name == t.name) {
                    let mut t = t.clone();
                    t.maybe_unset = true;
                    mine.push(t);
                }
            }
        }
    }

    fn signature(&self, bindings: &[Binding]) -> Signature {
        let mut names: Vec<&Arc<str>> = self.frames.iter().flatten().map(|e| &e.name).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let (ids, unbound) = self.lookup(name);
                let mut sites: Vec<usize> = ids
                    .iter()
                    .filter_map(|id| bindings.get(*id).map(|b| b.site))
                    .collect();
                sites.sort_unstable();
                sites.dedup();
                (name.clone(), sites, unbound)
            })
            .collect()
    }
}

/// The `{% extends %}` state of one template render (Django's
/// `BlockContext`): an include starts its own.
#[derive(Default)]
struct Blocks {
    /// The versions of each block not yet rendered, most derived last.
    overrides: HashMap<Arc<str>, Vec<Arc<BlockNode>>>,
    /// The blocks being rendered, innermost last.
    names: Vec<Arc<str>>,
    /// The templates of the extends chain, child first.
    chain: Vec<Arc<str>>,
}

struct Walker<'l> {
    loader: &'l dyn TemplateLoader,
    out: Analysis,
    scope: Scope,
    /// The templates being rendered, innermost last (partials are found
    /// in them, as the renderer finds them).
    templates: Vec<Arc<CompiledTemplate>>,
    /// Name and source of the template the nodes being walked are written
    /// in, innermost last.
    origins: Vec<(Arc<str>, Arc<str>)>,
    blocks: Blocks,
    /// Templates and partials being walked, with the scope they were
    /// entered with: entering one again with the same scope would read
    /// nothing new (a recursive include ends there).
    entered: Vec<(usize, Signature)>,
    budget: usize,
    depth: usize,
    max_depth: usize,
}

impl Walker<'_> {
    fn template(&mut self, t: &Arc<CompiledTemplate>) {
        self.templates.push(t.clone());
        self.origins.push((t.name.clone(), t.source.clone()));
        self.nodes(&t.nodes);
        self.origins.pop();
        self.templates.pop();
    }

    fn nodes(&mut self, nodes: &[Node]) {
        crate::support::stack::guarded(|| {
            for node in nodes {
                self.node(node);
            }
        });
    }

    /// Enters an include, extends or partial: `false` past the limits.
    fn enter(&mut self, span: Span) -> bool {
        if self.depth >= self.max_depth || self.budget == 0 {
            self.unfollowed(span, Why::Limit);
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn origin(&self) -> (Arc<str>, Arc<str>) {
        self.origins
            .last()
            .cloned()
            .unwrap_or_else(|| (Arc::from(""), Arc::from("")))
    }

    fn at(&self, span: Span) -> Location {
        Location {
            template: self.origin().0,
            span,
        }
    }

    /// Where `text` is written inside `container`, from `cursor` on (the
    /// parts of a tag are read in order); the container when not found.
    fn locate(&self, container: Span, text: &str, cursor: &mut usize) -> Location {
        let (template, source) = self.origin();
        let span = find_word(&source, container, text, cursor).unwrap_or(container);
        Location { template, span }
    }

    fn unfollowed(&mut self, span: Span, why: Why) {
        let location = self.at(span);
        let already = self
            .out
            .unfollowed
            .iter()
            .any(|u| u.location == location && u.why == why);
        if !already {
            self.out.unfollowed.push(Unfollowed { location, why });
        }
    }

    fn bind(&mut self, name: &str, location: Location, kind: BindingKind, site: usize) {
        let id = self.new_binding(name, location, kind, site);
        self.scope.bind(Arc::from(name), id);
    }

    fn new_binding(
        &mut self,
        name: &str,
        location: Location,
        kind: BindingKind,
        site: usize,
    ) -> BindingId {
        self.out.bindings.push(Binding {
            name: Arc::from(name),
            location,
            kind,
            site,
        });
        self.out.bindings.len() - 1
    }

    /// Records a read of `path` (first segment looked up in the scope).
    fn record(&mut self, path: Vec<Arc<str>>, location: Location, site: usize) -> ReadId {
        let head = path.first().map(|h| &**h).unwrap_or_default();
        let (bindings, falls) = self.scope.lookup(head);
        let unbound = falls.then_some(if self.scope.isolated {
            Unbound::Isolated
        } else {
            Unbound::Context
        });
        self.out.reads.push(Read {
            path,
            location,
            bindings,
            unbound,
            site,
        });
        self.out.reads.len() - 1
    }

    fn read(&mut self, path: &Path, container: Span, cursor: &mut usize) -> ReadId {
        let location = self.locate(container, &path.text(), cursor);
        let names = path.segments.iter().map(|s| s.name.clone()).collect();
        let id = self.record(names, location, path.site());
        // `{{ block.super }}` renders the parent's version of the block.
        let is_super = matches!(&*path.segments, [b, s, ..] if &**b == "block" && &**s == "super");
        let in_block = self.out.reads.get(id).is_some_and(|r| {
            r.bindings.iter().any(|b| {
                self.out
                    .bindings
                    .get(*b)
                    .is_some_and(|b| matches!(b.kind, BindingKind::Block))
            })
        });
        if is_super && in_block {
            self.block_super(None);
        }
        id
    }

    /// The reads of an expression: its head and its filters' arguments.
    fn expr(&mut self, e: &Expr, container: Span, cursor: &mut usize) -> ValueOf {
        let read = match &e.head {
            Head::Path(p) => Some(self.read(p, container, cursor)),
            Head::Literal(_) | Head::Translated(_) => None,
        };
        let filters = self.filter_args(e, container, cursor);
        ValueOf { read, filters }
    }

    /// The reads of the filters' arguments of `e`; its filter names.
    fn filter_args(&mut self, e: &Expr, container: Span, cursor: &mut usize) -> Vec<Box<str>> {
        let mut names = Vec::with_capacity(e.filters.len());
        for call in e.filters.iter() {
            if let Some(Arg::Path(p)) = &call.arg {
                self.read(p, container, cursor);
            }
            names.push(call.def.name.clone());
        }
        names
    }

    fn expr_at(&mut self, e: &Expr, container: Span) -> ValueOf {
        let mut cursor = container.start;
        self.expr(e, container, &mut cursor)
    }

    fn condition(&mut self, c: &Condition<Expr>, container: Span, cursor: &mut usize) {
        match c {
            Condition::Operand(e) => {
                self.expr(e, container, cursor);
            }
            Condition::Not(inner) => self.condition(inner, container, cursor),
            Condition::And(terms) | Condition::Or(terms) => {
                for term in terms {
                    self.condition(term, container, cursor);
                }
            }
            Condition::Compare(_, left, right) => {
                self.condition(left, container, cursor);
                self.condition(right, container, cursor);
            }
        }
    }

    /// A read the engine makes by name (`{% csrf_token %}` reads
    /// `csrf_token`), at the tag.
    fn implicit(&mut self, path: &[&str], span: Span, site: usize) {
        let path = path.iter().map(|s| Arc::from(*s)).collect();
        self.record(path, self.at(span), site);
    }

    /// `… as name`: text bound in the innermost frame.
    fn bind_text(&mut self, target: Option<&str>, tag: &'static str, span: Span, site: usize) {
        if let Some(name) = target {
            let location = self.locate(span, name, &mut span.start.clone());
            self.bind(name, location, BindingKind::Text(tag), site);
        }
    }

    fn node(&mut self, node: &Node) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let site = node as *const Node as usize;
        match node {
            Node::Text(_)
            | Node::BuiltText(_)
            | Node::StaticText(_)
            | Node::TranslateText(_)
            | Node::ResetCycle(_)
            | Node::Debug
            | Node::EmitJs
            | Node::SetLanguage(_)
            | Node::ShowLanguage => {}
            Node::Var(var) => {
                let (expr, span) = &**var;
                self.expr_at(expr, (*span).into());
            }
            Node::If(n) => self.if_node(n),
            Node::For(n) => self.for_node(n),
            Node::With(n) => {
                let mut cursor = n.span.start();
                let values: Vec<ValueOf> = n
                    .bindings
                    .iter()
                    .map(|(_, e)| self.expr(e, n.span.into(), &mut cursor))
                    .collect();
                self.scope.push();
                for ((name, _), value) in n.bindings.iter().zip(values) {
                    let location = self.locate(n.span.into(), name, &mut n.span.start().clone());
                    let site = name.as_ptr() as usize;
                    self.bind(name, location, BindingKind::Value(value), site);
                }
                self.nodes(&n.body);
                self.scope.pop();
            }
            Node::Block(b) => self.block(b),
            Node::Extends(e) => self.extends(e),
            Node::Include(i) => self.include(i),
            Node::Autoescape(_, body)
            | Node::Localtime(_, body)
            | Node::Localize(_, body)
            | Node::Spaceless(body)
            | Node::Body(body) => {
                self.nodes(body);
            }
            Node::Cycle(c) => {
                let mut cursor = c.span.start();
                let values: Vec<ValueOf> = c
                    .values
                    .iter()
                    .map(|e| self.expr(e, c.span.into(), &mut cursor))
                    .collect();
                if let Some(name) = &c.name {
                    let location = self.locate(c.span.into(), name, &mut cursor);
                    let id = self.new_binding(name, location, BindingKind::Cycle(values), site);
                    self.scope.set_upward(Arc::from(&**name), id);
                }
            }
            Node::Firstof(firstof) => {
                let (exprs, target, span) = &**firstof;
                let mut cursor = span.start();
                for e in exprs {
                    self.expr(e, (*span).into(), &mut cursor);
                }
                self.bind_text(target.as_deref(), "firstof", (*span).into(), site);
            }
            Node::Filter(f) => {
                let (expr, body, span) = &**f;
                self.nodes(body);
                // The filters run on `var`, bound for them alone.
                self.scope.push();
                self.bind(
                    "var",
                    self.at((*span).into()),
                    BindingKind::FilterOutput,
                    site,
                );
                self.expr(expr, (*span).into(), &mut span.start().clone());
                self.scope.pop();
            }
            Node::IfChanged(n) => {
                let mut cursor = n.span.start();
                for e in &n.exprs {
                    self.expr(e, n.span.into(), &mut cursor);
                }
                let before = self.scope.clone();
                if n.exprs.is_empty() {
                    // The body renders first, for the comparison; then
                    // its text is written, or the `else` part renders.
                    self.nodes(&n.body);
                    let rendered = self.scope.clone();
                    self.nodes(&n.otherwise);
                    self.scope.merge(&rendered);
                } else {
                    self.nodes(&n.body);
                    let changed = std::mem::replace(&mut self.scope, before);
                    self.nodes(&n.otherwise);
                    self.scope.merge(&changed);
                }
            }
            Node::Now(n) => {
                let (_, target, span) = &**n;
                self.bind_text(target.as_deref(), "now", (*span).into(), site);
            }
            Node::Lorem(n) => {
                self.expr_at(&n.count, n.span.into());
            }
            Node::WidthRatio(n) => {
                let mut cursor = n.span.start();
                for e in [&n.value, &n.max, &n.width] {
                    self.expr(e, n.span.into(), &mut cursor);
                }
                self.bind_text(n.target.as_deref(), "widthratio", n.span.into(), site);
            }
            Node::Regroup(n) => {
                let mut cursor = n.span.start();
                let list = self.expr(&n.list, n.span.into(), &mut cursor);
                let location = self.locate(n.span.into(), &n.target, &mut n.span.start().clone());
                // The key is read with the name bound to each item in turn.
                let item = BindingKind::GroupItem(list.clone());
                self.bind(&n.target, location.clone(), item, site);
                self.expr(&n.key, n.span.into(), &mut cursor);
                self.bind(&n.target, location, BindingKind::Groups(list), site + 1);
            }
            Node::CsrfToken(span) => self.implicit(&["csrf_token"], (*span).into(), site),
            Node::CspNonce(n) => {
                self.implicit(&["csp_nonce"], n.span.into(), site);
                if let Some(media) = &n.media {
                    let mut cursor = n.span.start();
                    self.expr(media, n.span.into(), &mut cursor);
                }
                self.bind_text(n.target.as_deref(), "csp_nonce_attr", n.span.into(), site);
            }
            Node::Url(n) => {
                let mut cursor = n.span.start();
                self.expr(&n.name, n.span.into(), &mut cursor);
                for e in &n.args {
                    self.expr(e, n.span.into(), &mut cursor);
                }
                for (_, e) in &n.kwargs {
                    self.expr(e, n.span.into(), &mut cursor);
                }
                self.bind_text(n.target.as_deref(), "url", n.span.into(), site);
            }
            Node::Static(s) => {
                let (path, target, span) = &**s;
                self.expr_at(path, (*span).into());
                self.bind_text(target.as_deref(), "static", (*span).into(), site);
            }
            Node::Prefix(prefix) => {
                let (is_static, target, span) = &**prefix;
                let tag = if *is_static {
                    "get_static_prefix"
                } else {
                    "get_media_prefix"
                };
                self.bind_text(target.as_deref(), tag, (*span).into(), site);
            }
            Node::Querystring(n) => {
                let mut cursor = n.span.start();
                if n.bases.is_empty() {
                    // Without a mapping, the query of `request` (djula
                    // reads it from the context).
                    self.implicit(&["request", "GET"], n.span.into(), site);
                }
                for e in &n.bases {
                    self.expr(e, n.span.into(), &mut cursor);
                }
                for (k, v) in &n.updates {
                    self.expr(k, n.span.into(), &mut cursor);
                    self.expr(v, n.span.into(), &mut cursor);
                }
                self.bind_text(n.target.as_deref(), "querystring", n.span.into(), site);
            }
            Node::Partial(partial) => self.partial(&partial.name, partial.span.into()),
            Node::PartialDef(def) => {
                if def.inline {
                    self.nodes(&def.body);
                }
            }
            Node::Cache(c) => {
                let mut cursor = c.span.start();
                self.expr(&c.timeout, c.span.into(), &mut cursor);
                for e in c.vary_on.iter().chain(&c.using) {
                    self.expr(e, c.span.into(), &mut cursor);
                }
                self.nodes(&c.body);
            }
            Node::Timezone(t) | Node::Language(t) => {
                let (expr, body, span) = &**t;
                self.expr_at(expr, (*span).into());
                self.nodes(body);
            }
            Node::SetVar(s) => {
                let (name, expr, span) = &**s;
                let value = self.expr_at(expr, (*span).into());
                let kind = if value.read.is_some() {
                    BindingKind::Value(value)
                } else if value.filters.is_empty() {
                    BindingKind::Fixed
                } else {
                    BindingKind::Value(value)
                };
                let location = self.locate((*span).into(), name, &mut span.start().clone());
                self.bind(name, location, kind, site);
            }
            Node::Translate(n) => {
                let mut cursor = n.span.start();
                self.expr(&n.message, n.span.into(), &mut cursor);
                if let Some(c) = n.context() {
                    self.expr(c, n.span.into(), &mut cursor);
                }
                self.bind_text(n.target(), "translate", n.span.into(), site);
            }
            Node::BlockTranslate(n) => self.block_translate(n, site),
            Node::DjulaTranslate(n) => {
                let mut cursor = n.span.start();
                self.expr(&n.message, n.span.into(), &mut cursor);
                for (_, e) in &n.args {
                    self.expr(e, n.span.into(), &mut cursor);
                }
            }
            Node::Super(sup) => self.block_super(sup.0.as_deref()),
            Node::Js(js) => match &**js {
                JsNode::Src(e, span) => {
                    self.expr_at(e, (*span).into());
                }
                JsNode::Inline(body) => self.nodes(body),
            },
            Node::Ssi(n) => {
                self.expr_at(&n.path, n.span.into());
                if n.parse {
                    self.unfollowed(n.span.into(), Why::Ssi);
                }
            }
            Node::CurrentLanguage(named) => {
                let (name, span) = (&named.name, &named.span);
                let location = self.locate((*span).into(), name, &mut span.start().clone());
                self.bind(
                    name,
                    location,
                    BindingKind::Text("get_current_language"),
                    site,
                );
            }
            Node::CurrentTimezone(named) => {
                let (name, span) = (&named.name, &named.span);
                let location = self.locate((*span).into(), name, &mut span.start().clone());
                self.bind(
                    name,
                    location,
                    BindingKind::Text("get_current_timezone"),
                    site,
                );
            }
            Node::CurrentLanguageBidi(named) => {
                let (name, span) = (&named.name, &named.span);
                let location = self.locate((*span).into(), name, &mut span.start().clone());
                let kind = BindingKind::Made("get_current_language_bidi");
                self.bind(name, location, kind, site);
            }
            Node::Custom(c) => {
                let mut cursor = c.span.start();
                for e in &c.args {
                    self.expr(e, c.span.into(), &mut cursor);
                }
                self.nodes(&c.body);
            }
        }
    }

    fn if_node(&mut self, n: &IfNode) {
        let before = self.scope.clone();
        let mut after: Option<Scope> = None;
        let mut has_else = false;
        for (condition, body, span) in n.branches.iter() {
            self.scope = before.clone();
            match condition {
                Some(c) => {
                    self.condition(c, (*span).into(), &mut span.start());
                }
                None => has_else = true,
            }
            self.nodes(body);
            match &mut after {
                Some(a) => a.merge(&self.scope),
                None => after = Some(self.scope.clone()),
            }
        }
        let mut after = after.unwrap_or_else(|| before.clone());
        if !has_else {
            after.merge(&before);
        }
        self.scope = after;
    }

    fn for_node(&mut self, n: &ForNode) {
        let iterable = self.expr_at(&n.iterable, n.span.into());
        let before = self.scope.clone();
        // No item: the `{% empty %}` part, in the loop's frame.
        let mut after_empty = before.clone();
        if let Some(empty) = &n.empty {
            self.scope.push();
            self.nodes(empty);
            self.scope.pop();
            after_empty = std::mem::replace(&mut self.scope, before.clone());
        }
        self.scope.push();
        let forloop = self.new_binding(
            "forloop",
            self.at(n.span.into()),
            BindingKind::ForLoop,
            n.span.start(),
        );
        self.scope.bind(Arc::from("forloop"), forloop);
        let count = n.targets.len();
        let mut targets = Vec::with_capacity(count);
        let mut cursor = n.span.start();
        for (index, name) in n.targets.iter().enumerate() {
            let kind = BindingKind::LoopItem {
                iterable: iterable.clone(),
                index,
                count,
                entries: n.entries,
            };
            let location = self.locate(n.span.into(), name, &mut cursor);
            let id = self.new_binding(name, location, kind, name.as_ptr() as usize);
            targets.push((name.clone(), id));
        }
        // One loop variable lives in the loop's frame; several are pushed
        // in a frame of their own each iteration (Django's unpacking), so
        // what the body binds then does not reach the next iteration.
        let unpack = count > 1;
        let set_targets = |scope: &mut Scope| {
            if unpack {
                scope.push();
            }
            for (name, id) in &targets {
                scope.bind(name.clone(), *id);
            }
            scope.bind(Arc::from("forloop"), forloop);
        };
        let mut input = self.scope.clone();
        let mut seen = Vec::new();
        let mut ends: Option<Scope> = None;
        for _ in 0..LOOP_PASSES {
            // A pass copies, signs and merges the scope: it costs the
            // budget by the scope's size, or nested loops (each up to
            // `LOOP_PASSES` passes over the next) would cost seconds while
            // visiting few nodes.
            let size =
                self.scope.frames.iter().map(Vec::len).sum::<usize>() + self.scope.frames.len();
            self.budget = self.budget.saturating_sub(size);
            if self.budget == 0 {
                break;
            }
            self.scope = input.clone();
            set_targets(&mut self.scope);
            let signature = self.scope.signature(&self.out.bindings);
            if seen.contains(&signature) {
                break;
            }
            seen.push(signature);
            self.nodes(&n.body);
            if unpack {
                self.scope.pop();
            }
            match &mut ends {
                Some(e) => e.merge(&self.scope),
                None => ends = Some(self.scope.clone()),
            }
            // The next iteration starts where this one ended.
            input = self.scope.clone();
        }
        self.scope = ends.unwrap_or(input);
        self.scope.pop();
        // The body runs at least once, else the `{% empty %}` part does.
        self.scope.merge(&after_empty);
    }

    fn block(&mut self, b: &Arc<BlockNode>) {
        let overriding = self
            .blocks
            .overrides
            .get_mut(&b.name)
            .and_then(|stack| stack.pop());
        let chosen = overriding.clone().unwrap_or_else(|| b.clone());
        self.walk_block(&chosen, &b.name);
        if let Some(pushed) = overriding {
            self.blocks
                .overrides
                .entry(b.name.clone())
                .or_default()
                .push(pushed);
        }
    }

    /// Renders one version of the block `name`, as Django's `BlockNode`:
    /// in a frame of its own, with `block` bound.
    fn walk_block(&mut self, chosen: &Arc<BlockNode>, name: &str) {
        self.blocks.names.push(name.into());
        if let Some(origin) = &chosen.origin {
            self.origins.push((**origin).clone());
        }
        self.scope.push();
        let site = Arc::as_ptr(chosen) as usize;
        self.bind("block", self.at(Span::default()), BindingKind::Block, site);
        self.nodes(&chosen.body);
        self.scope.pop();
        if chosen.origin.is_some() {
            self.origins.pop();
        }
        self.blocks.names.pop();
    }

    /// `{{ block.super }}` / Djula's `{% super [name] %}`: the next version
    /// of the block, rendered with a copy of the scope.
    fn block_super(&mut self, name: Option<&str>) {
        let Some(name) = name
            .map(Arc::from)
            .or_else(|| self.blocks.names.last().cloned())
        else {
            return;
        };
        let Some(next) = self
            .blocks
            .overrides
            .get_mut(&name)
            .and_then(|stack| stack.pop())
        else {
            return;
        };
        let saved = self.scope.clone();
        self.walk_block(&next, &name);
        self.scope = saved;
        self.blocks.overrides.entry(name).or_default().push(next);
    }

    fn extends(&mut self, e: &ExtendsNode) {
        self.expr_at(&e.parent, e.span.into());
        for block in &e.blocks {
            self.blocks
                .overrides
                .entry(block.name.clone())
                .or_default()
                .insert(0, block.clone());
        }
        let Some(name) = literal_name(&e.parent) else {
            self.unfollowed(e.span.into(), Why::DynamicExtends);
            // The parent is unknown: each outermost block of the child,
            // as if the parent rendered it at its top level.
            let nested: Vec<*const BlockNode> = e
                .blocks
                .iter()
                .flat_map(|b| {
                    let mut inner = Vec::new();
                    collect_blocks(&b.body, &mut inner);
                    inner
                })
                .map(|b| Arc::as_ptr(&b))
                .collect();
            for block in &e.blocks {
                if !nested.contains(&Arc::as_ptr(block)) {
                    self.block(block);
                }
            }
            return;
        };
        let current = self.templates.last().map(|t| t.name.clone());
        let parent = match self.loader.load(&name, current.as_deref()) {
            Ok(parent) => parent,
            Err(error) => {
                self.unfollowed(e.span.into(), Why::Missing(error.message().to_string()));
                return;
            }
        };
        if self.blocks.chain.is_empty() {
            if let Some(current) = current {
                self.blocks.chain.push(current);
            }
        }
        if self.blocks.chain.contains(&parent.name) {
            self.unfollowed(e.span.into(), Why::ExtendsCycle);
            return;
        }
        self.blocks.chain.push(parent.name.clone());
        if parent.extends().is_none() {
            for block in parent.blocks() {
                self.blocks
                    .overrides
                    .entry(block.name.clone())
                    .or_default()
                    .insert(0, block.clone());
            }
        }
        if self.enter(e.span.into()) {
            // The parent renders in the same frame (Django pushes none).
            self.template(&parent);
            self.leave();
        }
    }

    fn include(&mut self, i: &IncludeNode) {
        let mut cursor = i.span.start();
        self.expr(&i.template, i.span.into(), &mut cursor);
        let values: Vec<ValueOf> = i
            .bindings
            .iter()
            .map(|(_, e)| self.expr(e, i.span.into(), &mut cursor))
            .collect();
        let Some(name) = literal_name(&i.template) else {
            self.unfollowed(i.span.into(), Why::DynamicInclude);
            return;
        };
        let current = self.templates.last().map(|t| t.name.clone());
        let template = match self.loader.load(&name, current.as_deref()) {
            Ok(t) => t,
            Err(error) => {
                self.unfollowed(i.span.into(), Why::Missing(error.message().to_string()));
                return;
            }
        };
        let saved_scope = if i.only {
            Some(std::mem::replace(&mut self.scope, Scope::new(true)))
        } else {
            self.scope.push();
            None
        };
        for ((key, _), value) in i.bindings.iter().zip(values) {
            let location = self.locate(i.span.into(), key, &mut i.span.start().clone());
            let site = key.as_ptr() as usize;
            self.bind(key, location, BindingKind::Value(value), site);
        }
        let key = Arc::as_ptr(&template) as usize;
        let signature = self.scope.signature(&self.out.bindings);
        let again = self
            .entered
            .iter()
            .any(|(k, s)| *k == key && *s == signature);
        if !again && self.enter(i.span.into()) {
            self.entered.push((key, signature));
            let saved_blocks = std::mem::take(&mut self.blocks);
            self.template(&template);
            self.blocks = saved_blocks;
            self.entered.pop();
            self.leave();
        }
        match saved_scope {
            Some(scope) => self.scope = scope,
            None => self.scope.pop(),
        }
    }

    fn partial(&mut self, name: &str, span: Span) {
        let origin = self.origin().0;
        // As the render: the template where the tag is written.
        let owner = self
            .templates
            .iter()
            .rev()
            .find(|t| t.name == origin)
            .or(self.templates.last())
            .cloned();
        let found = owner.and_then(|t| t.partial(name).map(|p| (p.clone(), t.clone())));
        let Some((def, owner)) = found else {
            self.unfollowed(span, Why::NoPartial(name.to_string()));
            return;
        };
        let key = Arc::as_ptr(&def) as usize;
        let signature = self.scope.signature(&self.out.bindings);
        if self
            .entered
            .iter()
            .any(|(k, s)| *k == key && *s == signature)
            || !self.enter(span)
        {
            return;
        }
        self.entered.push((key, signature));
        self.origins
            .push((owner.name.clone(), owner.source.clone()));
        self.nodes(&def.body);
        self.origins.pop();
        self.entered.pop();
        self.leave();
    }

    fn block_translate(&mut self, n: &BlockTranslateNode, site: usize) {
        let mut cursor = n.span.start();
        // Django resolves the message context and the `with` values first,
        // then binds them (and `count`) for the message alone.
        if let Some(c) = &n.context {
            self.expr(c, n.span.into(), &mut cursor);
        }
        let values: Vec<ValueOf> = n
            .bindings
            .iter()
            .map(|(_, e)| self.expr(e, n.span.into(), &mut cursor))
            .collect();
        self.scope.push();
        for ((name, _), value) in n.bindings.iter().zip(values) {
            let location = self.locate(n.span.into(), name, &mut n.span.start().clone());
            self.bind(
                name,
                location,
                BindingKind::Value(value),
                name.as_ptr() as usize,
            );
        }
        if let Some((name, e)) = n.count.as_deref() {
            let value = self.expr(e, n.span.into(), &mut cursor);
            let location = self.locate(n.span.into(), name, &mut n.span.start().clone());
            self.bind(
                name,
                location,
                BindingKind::Value(value),
                name.as_ptr() as usize,
            );
        }
        // The placeholders are in the body, after the tag.
        let (_, source) = self.origin();
        let body = Span {
            start: n.span.start(),
            end: source.len(),
        };
        let mut cursor = n.span.end();
        for piece in n.singular.iter().chain(&n.plural) {
            if let MessagePiece::Var(path) = piece {
                // Django looks the placeholder's whole text up.
                let location = self.locate(body, &path.text(), &mut cursor);
                let key = vec![Arc::from(&*path.text())];
                self.record(key, location, path.site());
            }
        }
        self.scope.pop();
        self.bind_text(n.target.as_deref(), "blocktranslate", n.span.into(), site);
    }
}

/// The template name an `{% include %}` or `{% extends %}` gives as a
/// literal string.
fn literal_name(e: &Expr) -> Option<String> {
    match (&e.head, &*e.filters) {
        (Head::Literal(v), []) => v.as_str().map(str::to_string),
        _ => None,
    }
}

/// Where `word` stands in `source` inside `container`, from `cursor` on
/// (then from the start), as a whole word: not part of a longer name or
/// path. Moves `cursor` past it.
fn find_word(source: &str, container: Span, word: &str, cursor: &mut usize) -> Option<Span> {
    if word.is_empty() {
        return None;
    }
    let end = container.end.min(source.len());
    let starts = [(*cursor).max(container.start), container.start];
    for from in starts {
        let Some(hay) = source.get(from..end) else {
            continue;
        };
        for (i, _) in hay.match_indices(word) {
            let start = from + i;
            let stop = start + word.len();
            let before = source.get(..start).and_then(|s| s.chars().next_back());
            let after = source.get(stop..).and_then(|s| s.chars().next());
            let part_of_name =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if !part_of_name(before) && !part_of_name(after) {
                *cursor = stop;
                return Some(Span { start, end: stop });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    /// An engine holding `templates` (the first is the one analysed).
    fn engine(templates: &[(&str, &str)]) -> Engine {
        let mut e = Engine::new();
        for (name, source) in templates {
            e.add_template(name, source).unwrap();
        }
        e
    }

    fn analysis(templates: &[(&str, &str)]) -> Analysis {
        let e = engine(templates);
        let t = e.template(templates[0].0).unwrap();
        t.analysis()
    }

    /// The top-level names the first template reads from its context.
    fn names(templates: &[(&str, &str)]) -> Vec<String> {
        analysis(templates).undeclared(false).into_iter().collect()
    }

    fn one(source: &str) -> Vec<String> {
        names(&[("t", source)])
    }

    fn paths(source: &str) -> Vec<String> {
        analysis(&[("t", source)])
            .undeclared(true)
            .into_iter()
            .collect()
    }

    #[test]
    fn plain_reads_filters_and_their_arguments() {
        assert_eq!(one("{{ a }}{{ b.c|default:d.e|add:1 }}"), ["a", "b", "d"]);
        assert_eq!(paths("{{ b.c|default:d.e|add:'x' }}"), ["b.c", "d.e"]);
        assert_eq!(
            one("{{ 'lit' }}{{ 1.5 }}{{ _('msg') }}"),
            Vec::<String>::new()
        );
        assert_eq!(
            one("{{ True }}{{ None|default:False }}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn paths_are_kept_whole() {
        assert_eq!(
            paths("{{ items.0.name }}{{ items }}"),
            ["items", "items.0.name"]
        );
        assert_eq!(one("{{ items.0.name }}"), ["items"]);
    }

    #[test]
    fn for_binds_its_variables_and_forloop_in_the_body() {
        assert_eq!(
            one("{% for x in xs %}{{ x.a }}{{ forloop.counter }}{{ y }}{% endfor %}"),
            ["xs", "y"]
        );
        assert_eq!(
            one("{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}"),
            ["pairs"]
        );
        // Not after the loop, and not in `{% empty %}`.
        assert_eq!(one("{% for x in xs %}{% endfor %}{{ x }}"), ["x", "xs"]);
        assert_eq!(
            one("{% for x in xs %}{% empty %}{{ x }}{{ forloop }}{% endfor %}"),
            ["forloop", "x", "xs"]
        );
        // The list is read before the variable is bound.
        assert_eq!(one("{% for x in x %}{{ x }}{% endfor %}"), ["x"]);
        assert_eq!(one("{{ forloop.counter }}"), ["forloop"]);
        assert_eq!(
            one("{% for a in as %}{% for b in a.bs %}{{ forloop.parentloop.counter }}{{ b }}{% endfor %}{% endfor %}"),
            ["as"]
        );
        // Djula's `(key . value)`.
        assert_eq!(
            one("{% for (k . v) in d %}{{ k }}{{ v }}{% endfor %}"),
            ["d"]
        );
    }

    #[test]
    fn a_loop_variable_knows_the_list_it_comes_from() {
        let a = analysis(&[("t", "{% for x in order.items %}{{ x.name }}{% endfor %}")]);
        let read = a
            .reads
            .iter()
            .find(|r| r.path.join(".") == "x.name")
            .unwrap();
        assert_eq!(read.unbound, None);
        let [binding] = read.bindings[..] else {
            panic!("{read:?}")
        };
        let BindingKind::LoopItem {
            iterable,
            index: 0,
            count: 1,
            ..
        } = &a.bindings[binding].kind
        else {
            panic!("{:?}", a.bindings[binding])
        };
        let list = &a.reads[iterable.read.unwrap()];
        assert_eq!(list.path.join("."), "order.items");
        assert_eq!(list.unbound, Some(Unbound::Context));
    }

    #[test]
    fn with_binds_for_its_body_after_reading_every_value() {
        assert_eq!(one("{% with a=b %}{{ a }}{% endwith %}"), ["b"]);
        assert_eq!(one("{% with b as a %}{{ a }}{% endwith %}"), ["b"]);
        assert_eq!(one("{% with a=b %}{% endwith %}{{ a }}"), ["a", "b"]);
        // Every value is read before any name is bound.
        assert_eq!(one("{% with a=1 b=a %}{{ b }}{% endwith %}"), ["a"]);
        assert_eq!(
            one("{% with a=1 %}{% with b=a %}{{ b }}{% endwith %}{% endwith %}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn as_var_binds_for_the_rest_of_the_frame() {
        // After the tag, not before it.
        assert_eq!(one("{{ v }}{% firstof a b as v %}{{ v }}"), ["a", "b", "v"]);
        assert_eq!(one("{% firstof a b as v %}{{ v }}"), ["a", "b"]);
        // An `{% if %}` pushes no frame: bound in every branch, bound after.
        assert_eq!(
            one("{% if c %}{% firstof a as v %}{% else %}{% now 'Y' as v %}{% endif %}{{ v }}"),
            ["a", "c"]
        );
        // Bound in one branch only: the context may be asked.
        assert_eq!(
            one("{% if c %}{% firstof a as v %}{% endif %}{{ v }}"),
            ["a", "c", "v"]
        );
        assert_eq!(
            one("{% if c %}{% firstof a as v %}{% elif d %}{% firstof a as v %}{% endif %}{{ v }}"),
            ["a", "c", "d", "v"]
        );
        // Nor do `filter`, `spaceless`, `autoescape`, `ifchanged`, `language`.
        for wrap in [
            ("{% filter upper %}", "{% endfilter %}"),
            ("{% spaceless %}", "{% endspaceless %}"),
            ("{% autoescape off %}", "{% endautoescape %}"),
            ("{% load l10n %}{% localize %}", "{% endlocalize %}"),
            ("{% load i18n %}{% language 'fr' %}", "{% endlanguage %}"),
            ("{% load tz %}{% timezone 'UTC' %}", "{% endtimezone %}"),
            ("{% load cache %}{% cache 10 frag %}", "{% endcache %}"),
        ] {
            let source = format!("{}{{% now 'Y' as v %}}{}{{{{ v }}}}", wrap.0, wrap.1);
            assert_eq!(one(&source), Vec::<String>::new(), "{source}");
        }
        // A `for`, `with`, `block` or included template does push one.
        assert_eq!(
            one("{% for i in l %}{% now 'Y' as v %}{% endfor %}{{ v }}"),
            ["l", "v"]
        );
        assert_eq!(
            one("{% with a=1 %}{% now 'Y' as v %}{% endwith %}{{ v }}"),
            ["v"]
        );
        assert_eq!(
            one("{% block b %}{% now 'Y' as v %}{% endblock %}{{ v }}"),
            ["v"]
        );
        assert_eq!(
            names(&[
                ("t", "{% include 'i' %}{{ v }}"),
                ("i", "{% now 'Y' as v %}{{ v }}")
            ]),
            ["v"]
        );
    }

    #[test]
    fn every_as_var_form_binds() {
        let forms = [
            "{% firstof a as v %}",
            "{% cycle a 'x' as v %}",
            "{% cycle a 'x' as v silent %}",
            "{% url 'home' a as v %}",
            "{% now 'Y' as v %}{{ a }}",
            "{% regroup a by key as v %}",
            "{% widthratio a 1 2 as v %}",
            "{% load i18n %}{% get_current_language as v %}{{ a }}",
            "{% load i18n %}{% get_current_language_bidi as v %}{{ a }}",
            "{% load i18n %}{% get_available_languages as v %}{{ a }}",
            "{% load i18n %}{% get_language_info for a as v %}",
            "{% load i18n %}{% get_language_info_list for a as v %}",
            "{% load i18n %}{% translate a as v %}",
            "{% load i18n %}{% blocktranslate asvar v %}{{ a }}{% endblocktranslate %}",
            "{% load tz %}{% get_current_timezone as v %}{{ a }}",
            "{% load static %}{% static a as v %}",
            "{% load static %}{% get_static_prefix as v %}{{ a }}",
            "{% load static %}{% get_media_prefix as v %}{{ a }}",
            "{% querystring a as v %}",
        ];
        for form in forms {
            assert_eq!(one(&format!("{form}{{{{ v }}}}")), ["a"], "{form}");
            // The binding does not reach back.
            assert_eq!(one(&format!("{{{{ v }}}}{form}")), ["a", "v"], "{form}");
        }
    }

    #[test]
    fn cycle_rebinds_where_the_name_is_bound() {
        // `set_upward`: bound in the `with` frame, gone after it.
        assert_eq!(
            one("{% with v=1 %}{% for i in l %}{% cycle 'a' 'b' as v %}{% endfor %}{% endwith %}{{ v }}"),
            ["l", "v"]
        );
        // A named cycle used again (`{% cycle v %}`) reads its values again.
        assert_eq!(one("{% cycle a b as v %}{% cycle v %}{{ v }}"), ["a", "b"]);
    }

    #[test]
    fn a_binding_made_late_in_a_loop_body_reaches_the_next_iteration() {
        let a = analysis(&[(
            "t",
            "{% for x in xs %}{{ v }}{% firstof x as v %}{% endfor %}",
        )]);
        assert_eq!(a.undeclared(false), ["v", "xs"].map(String::from).into());
        let v = a.reads.iter().filter(|r| r.path.join(".") == "v");
        // First iteration: the context; the next ones: the firstof.
        let seen: Vec<(bool, usize)> = v.map(|r| (r.unbound.is_some(), r.bindings.len())).collect();
        assert_eq!(seen, [(true, 0), (false, 1)]);
        // With several loop variables each iteration has its own frame:
        // nothing reaches the next one.
        let a = analysis(&[(
            "t",
            "{% for x, y in xs %}{{ v }}{% firstof x as v %}{% endfor %}",
        )]);
        let v = a.reads.iter().filter(|r| r.path.join(".") == "v");
        let seen: Vec<(bool, usize)> = v.map(|r| (r.unbound.is_some(), r.bindings.len())).collect();
        assert_eq!(seen, [(true, 0)]);
        // Bound before the read: never the context.
        assert_eq!(
            one("{% for x in xs %}{% firstof x as v %}{{ v }}{% endfor %}"),
            ["xs"]
        );
    }

    #[test]
    fn conditions_and_tag_arguments_are_reads() {
        assert_eq!(
            one("{% if a and not b or c.d == e|length %}{% elif f in g %}{% else %}{{ h }}{% endif %}"),
            ["a", "b", "c", "e", "f", "g", "h"]
        );
        assert_eq!(
            one("{% if true and nil %}{% endif %}"),
            Vec::<String>::new()
        );
        assert_eq!(one("{% url name a k=b as v %}"), ["a", "b", "name"]);
        assert_eq!(one("{% cycle a 'x' b %}"), ["a", "b"]);
        assert_eq!(
            one("{% ifchanged a b.c %}{{ d }}{% else %}{{ e }}{% endifchanged %}"),
            ["a", "b", "d", "e"]
        );
        assert_eq!(one("{% widthratio a b c %}"), ["a", "b", "c"]);
        assert_eq!(one("{% lorem n w %}"), ["n"]);
        assert_eq!(
            one("{% ifequal a b %}{{ c }}{% else %}{{ d }}{% endifequal %}"),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            one("{% load cache %}{% cache t frag user.id using=backend %}{{ x }}{% endcache %}"),
            ["backend", "t", "user", "x"]
        );
        assert_eq!(
            one("{% load tz %}{% timezone tz %}{% endtimezone %}"),
            ["tz"]
        );
        assert_eq!(
            one("{% load i18n %}{% language code %}{% endlanguage %}"),
            ["code"]
        );
        assert_eq!(one("{% load static %}{% static path %}"), ["path"]);
        assert_eq!(one("{% js src %}"), ["src"]);
        assert_eq!(one("{_ msg :name n _}"), ["msg", "n"]);
        assert_eq!(
            one("{% load i18n %}{% translate msg context ctx %}"),
            ["ctx", "msg"]
        );
        assert_eq!(one("{% querystring a k=b %}"), ["a", "b"]);
        assert_eq!(paths("{% querystring %}"), ["request.GET"]);
        assert_eq!(
            one("{% csrf_token %}{% csp_nonce_attr %}"),
            ["csp_nonce", "csrf_token"]
        );
        assert_eq!(
            one("{% debug %}{% now 'Y' %}{% lorem %}{% templatetag openblock %}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn filter_binds_var_for_its_filters_only() {
        assert_eq!(
            one("{% filter default:x|upper %}{{ var }}{% endfilter %}"),
            ["var", "x"]
        );
    }

    #[test]
    fn regroup_reads_the_list_not_the_key() {
        assert_eq!(
            one("{% regroup xs by key as g %}{% for grp in g %}{{ grp.grouper }}{% endfor %}"),
            ["xs"]
        );
        // The key's filter arguments are read with the name bound to an item.
        assert_eq!(
            one("{% regroup xs by key|default:other as g %}"),
            ["other", "xs"]
        );
        assert_eq!(one("{% regroup xs by key|default:g.x as g %}"), ["xs"]);
    }

    #[test]
    fn blocktranslate_binds_for_its_message() {
        assert_eq!(
            one("{% load i18n %}{% blocktranslate with n=user.name count c=items|length %}{{ n }} {{ c }} {{ other }}{% plural %}{{ c }} {{ more }}{% endblocktranslate %}{{ n }}"),
            ["items", "more", "n", "other", "user"]
        );
        // The count is read with the `with` names bound.
        assert_eq!(
            one("{% load i18n %}{% blocktranslate with n=5 count c=n %}x{% plural %}y{% endblocktranslate %}"),
            Vec::<String>::new()
        );
        // A placeholder is one key, dots and all.
        assert_eq!(
            paths("{% load i18n %}{% blocktranslate %}{{ a.b }}{% endblocktranslate %}"),
            ["a.b"]
        );
    }

    #[test]
    fn partials_read_where_they_are_used() {
        let source = "{% partialdef p %}{{ v }}{{ w }}{% endpartialdef %}{% with v=1 %}{% partial p %}{% endwith %}";
        assert_eq!(one(source), ["w"]);
        // A partial not used reads nothing; an inline one reads in place.
        assert_eq!(
            one("{% partialdef p %}{{ v }}{% endpartialdef %}"),
            Vec::<String>::new()
        );
        assert_eq!(
            one("{% partialdef p inline %}{{ v }}{% endpartialdef %}"),
            ["v"]
        );
        // An `as var` in a partial binds where it is used (no frame).
        assert_eq!(
            one("{% partialdef p %}{% now 'Y' as v %}{% endpartialdef %}{% partial p %}{{ v }}"),
            Vec::<String>::new()
        );
        // Recursion ends.
        assert_eq!(
            one("{% partialdef p %}{{ a }}{% for c in a.children %}{% with a=c %}{% partial p %}{% endwith %}{% endfor %}{% endpartialdef %}{% partial p %}"),
            ["a"]
        );
        // `name#partial` is a template of its own.
        let e = engine(&[("t", "{% partialdef p %}{{ v }}{% endpartialdef %}{{ w }}")]);
        let names: Vec<String> = e
            .template("t#p")
            .unwrap()
            .undeclared_variables(false)
            .into_iter()
            .collect();
        assert_eq!(names, ["v"]);
    }

    #[test]
    fn extends_renders_the_root_with_the_most_derived_blocks() {
        let base = ("base", "{{ site }}{% block title %}{{ default_title }}{% endblock %}{% block body %}{% endblock %}");
        // The child's content outside blocks does not render; its blocks
        // replace the parent's.
        assert_eq!(
            names(&[
                (
                    "child",
                    "{% extends 'base' %}{{ outside }}{% block title %}{{ title }}{% endblock %}"
                ),
                base
            ]),
            ["site", "title"]
        );
        // `{{ block.super }}` reads the parent's version; `block` is bound.
        assert_eq!(
            names(&[("child", "{% extends 'base' %}{% block title %}{{ block.super }}{{ title }}{% endblock %}"), base]),
            ["default_title", "site", "title"]
        );
        // Djula's `{% super %}` too.
        assert_eq!(
            names(&[
                (
                    "child",
                    "{% extends 'base' %}{% block title %}{% super %}{% endblock %}"
                ),
                base
            ]),
            ["default_title", "site"]
        );
        // A block the parent does not have never renders.
        assert_eq!(
            names(&[
                (
                    "child",
                    "{% extends 'base' %}{% block orphan %}{{ z }}{% endblock %}"
                ),
                base
            ]),
            ["default_title", "site"]
        );
        // The child's `with` around a block does not reach it; the
        // parent's does.
        assert_eq!(
            names(&[("child", "{% extends 'base' %}{% with title=1 %}{% block title %}{{ title }}{% endblock %}{% endwith %}"), base]),
            ["site", "title"]
        );
        assert_eq!(
            names(&[
                (
                    "child",
                    "{% extends 'base2' %}{% block b %}{{ a }}{{ c }}{% endblock %}"
                ),
                (
                    "base2",
                    "{% with a=1 %}{% block b %}{% endblock %}{% endwith %}"
                ),
            ]),
            ["c"]
        );
        // Three levels, a block nested in an overriding one.
        assert_eq!(
            names(&[
                ("leaf", "{% extends 'mid' %}{% block inner %}{{ leaf }}{{ block.super }}{% endblock %}"),
                ("mid", "{% extends 'base3' %}{% block outer %}{{ mid }}{% block inner %}{{ mid_inner }}{% endblock %}{% endblock %}"),
                ("base3", "{% block outer %}{{ base }}{% endblock %}"),
            ]),
            ["leaf", "mid", "mid_inner"]
        );
        // Outside a block, `block` is an ordinary name.
        assert_eq!(one("{{ block.super }}"), ["block"]);
        // A name known at render time only: read, and the blocks walked.
        assert_eq!(
            one("{% extends parent %}{% block a %}{{ x }}{% endblock %}"),
            ["parent", "x"]
        );
    }

    #[test]
    fn include_sees_the_includers_names() {
        let row = ("row", "{{ u.name }}{{ forloop.counter }}{{ title }}");
        assert_eq!(
            names(&[
                ("t", "{% for u in us %}{% include 'row' %}{% endfor %}"),
                row
            ]),
            ["title", "us"]
        );
        assert_eq!(
            names(&[("t", "{% include 'row' with u=me %}"), row]),
            ["forloop", "me", "title"]
        );
        // `only`: the with values alone; the rest is not the context's.
        assert_eq!(
            names(&[
                (
                    "t",
                    "{% for x in l %}{% include 'row' with u=me only %}{% endfor %}"
                ),
                row
            ]),
            ["l", "me"]
        );
        let a = analysis(&[("t", "{% include 'row' only %}"), row]);
        assert!(a.reads.iter().all(|r| r.unbound == Some(Unbound::Isolated)));
        // A name known at render time only cannot be followed.
        let a = analysis(&[("t", "{% include tpl with a=b %}")]);
        assert_eq!(a.undeclared(false), ["b", "tpl"].map(String::from).into());
        assert_eq!(a.unfollowed[0].why, Why::DynamicInclude);
        // Recursion ends.
        assert_eq!(
            names(&[("tree", "{{ node.name }}{% for c in node.children %}{% include 'tree' with node=c %}{% endfor %}")]),
            ["node"]
        );
    }

    #[test]
    fn default_context_names_are_reported() {
        let mut e = engine(&[("t", "{{ site }}{{ user }}")]);
        e.set_default_context(&serde_json::json!({"site": "x"}))
            .unwrap();
        let names: Vec<String> = e
            .template("t")
            .unwrap()
            .undeclared_variables(false)
            .into_iter()
            .collect();
        assert_eq!(names, ["site", "user"]);
    }

    #[test]
    fn reads_point_at_their_path() {
        let source = "{% if a and b.c %}{{ x|default:a }}{% endif %}";
        let a = analysis(&[("t", source)]);
        let at: Vec<(String, &str)> = a
            .reads
            .iter()
            .map(|r| {
                (
                    r.path.join("."),
                    &source[r.location.span.start..r.location.span.end],
                )
            })
            .collect();
        assert_eq!(
            at,
            [
                ("a".into(), "a"),
                ("b.c".into(), "b.c"),
                ("x".into(), "x"),
                ("a".into(), "a")
            ]
        );
        // The second `a` is the filter argument's.
        assert_eq!(
            a.reads[3].location.span.start,
            source.rfind(":a").unwrap() + 1
        );
        assert!(a.reads.iter().all(|r| &*r.location.template == "t"));
        // A child's block is read in the child.
        let a = analysis(&[
            (
                "child",
                "{% extends 'base' %}{% block b %}{{ here }}{% endblock %}",
            ),
            ("base", "{{ there }}{% block b %}{% endblock %}"),
        ]);
        let at: Vec<(String, &str)> = a
            .reads
            .iter()
            .map(|r| (r.path.join("."), &*r.location.template))
            .collect();
        assert_eq!(at, [("there".into(), "base"), ("here".into(), "child")]);
    }
}
