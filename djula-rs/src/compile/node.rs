//! The compiled form: a tree of nodes, one variant per construct.

use std::sync::Arc;

use super::expr::{Expr, Path};
use crate::error::{NodeSpan, Span};
use crate::syntax::condition::Condition;

/// A node list: shrunk to fit when compiled, and a pointer and a length
/// (not a vector's three words) in every node that holds one.
pub(crate) type Nodes = Box<[Node]>;

/// A node list behind one thin pointer, for the variants that hold one
/// beside a flag: a node stays two words.
pub(crate) type BoxedNodes = Box<Nodes>;

/// A compiled template node: two words (see the size test), as the node
/// lists are most of what a compiled template holds.
#[derive(Debug)]
pub(crate) enum Node {
    /// Text of the template's source, written as is.
    Text(SourceText),
    /// Text the compiler made (an error written in place): not in the
    /// source.
    BuiltText(Box<crate::value::Text>),
    /// Fixed text (`{% templatetag openblock %}`): a thin reference to
    /// the table's text.
    StaticText(&'static &'static str),
    /// `{{ expr }}`.
    Var(Box<(Expr, NodeSpan)>),
    /// `{% if %}…{% elif %}…{% else %}…{% endif %}`.
    If(Box<IfNode>),
    /// `{% for %}…{% empty %}…{% endfor %}`.
    For(Box<ForNode>),
    /// `{% with a=b %}` and other tags that bind names around a body.
    With(Box<WithNode>),
    /// `{% block name %}`.
    Block(Arc<BlockNode>),
    /// `{% extends parent %}` with the rest of the template.
    Extends(Box<ExtendsNode>),
    /// `{% include name %}` (shared with the program's [`Op::Include`](super::program::Op)).
    Include(Arc<IncludeNode>),
    /// `{% autoescape on|off %}`.
    Autoescape(bool, BoxedNodes),
    /// `{% localize on|off %}`: Django's `context.use_l10n` for the body.
    Localize(bool, BoxedNodes),
    /// `{% cycle %}`.
    Cycle(Box<CycleNode>),
    /// `{% resetcycle [name] %}`: the state key of the cycle it resets.
    ResetCycle(Option<Box<Named>>),
    /// `{% firstof a b c [as var] %}`.
    Firstof(Box<FirstofNode>),
    /// `{% filter f|g %}…{% endfilter %}`.
    Filter(Box<(Expr, Nodes, NodeSpan)>),
    /// `{% spaceless %}`.
    Spaceless(BoxedNodes),
    /// `{% ifchanged [exprs] %}…{% else %}…{% endifchanged %}`.
    IfChanged(Box<IfChangedNode>),
    /// `{% now "format" [as var] %}`.
    Now(Box<(Expr, Option<Box<str>>, NodeSpan)>),
    /// `{% lorem [count] [w|p|b] [random] %}`.
    Lorem(Box<LoremNode>),
    /// `{% widthratio value max width [as var] %}`.
    WidthRatio(Box<WidthRatioNode>),
    /// `{% regroup list by attr as name %}`.
    Regroup(Box<RegroupNode>),
    /// `{% csrf_token %}`.
    CsrfToken(NodeSpan),
    /// `{% debug %}`.
    Debug,
    /// `{% url name args… [as var] %}`.
    Url(Box<UrlNode>),
    /// `{% static path [as var] %}`.
    Static(Box<(Expr, Option<Box<str>>, NodeSpan)>),
    /// `{% get_static_prefix %}` / `{% get_media_prefix %}` (`true`: static).
    Prefix(Box<(bool, Option<Box<str>>, NodeSpan)>),
    /// `{% querystring %}`.
    Querystring(Box<QuerystringNode>),
    /// `{% partial name %}`: renders a partial of the current template.
    Partial(Box<Named>),
    /// `{% partialdef name [inline] %}`: renders nothing unless inline.
    PartialDef(Arc<PartialDef>),
    /// Tags that only render their body (`localize`, `timezone`, `cache`,
    /// `language`, …).
    Body(BoxedNodes),
    /// `{% cache timeout name [vary_on…] [using=…] %}`.
    Cache(Box<CacheNode>),
    /// `{% csp_nonce_attr [media] [as var] %}`.
    CspNonce(Box<CspNonceNode>),
    /// Binds a name to a value for the rest of the enclosing scope
    /// (`{% get_current_language as LANG %}`, `… as var` forms).
    SetVar(Box<(Box<str>, Expr, NodeSpan)>),
    /// `{% translate %}` / `{% trans %}`.
    Translate(Box<TranslateNode>),
    /// `{% translate "literal" %}` without options, the commonest form:
    /// the message alone (a [`TranslateNode`] holds an expression, the
    /// options and a span: more than twice the room).
    TranslateText(Box<TranslateText>),
    /// `{% blocktranslate %}` / `{% blocktrans %}`.
    BlockTranslate(Box<BlockTranslateNode>),
    /// Djula's `{_ "message" :key value _}`.
    DjulaTranslate(Box<DjulaTranslateNode>),
    /// Djula's `{% super [name] %}`.
    Super(Box<(Option<Box<str>>, NodeSpan)>),
    /// Djula's `{% js %}` / `{% js-script %}`: collected for `{% emit-js %}`.
    Js(Box<JsNode>),
    /// Djula's `{% emit-js %}`.
    EmitJs,
    /// Djula's `{% ssi path [parse] %}`.
    Ssi(Box<SsiNode>),
    /// Djula's `{% set-language xx %}`.
    SetLanguage(Box<Named>),
    /// Djula's `{% show-language %}`.
    ShowLanguage,
    /// `{% language code %}…{% endlanguage %}`: the body in another language.
    Language(Box<(Expr, Nodes, NodeSpan)>),
    /// `{% timezone tz %}…{% endtimezone %}`: the body with `tz` (a zone
    /// name, a `tzinfo`, or `None` for the default zone) the current zone.
    Timezone(Box<(Expr, Nodes, NodeSpan)>),
    /// `{% localtime on|off %}…{% endlocaltime %}`: whether aware values
    /// print in the current zone in the body (Django's `context.use_tz`).
    Localtime(bool, BoxedNodes),
    /// `{% get_current_timezone as NAME %}`.
    CurrentTimezone(Box<Named>),
    /// `{% get_current_language as NAME %}`.
    CurrentLanguage(Box<Named>),
    /// `{% get_current_language_bidi as NAME %}`.
    CurrentLanguageBidi(Box<Named>),
    /// A custom tag registered by the application.
    Custom(Box<super::custom::CustomNode>),
}

/// `{% firstof %}`: the values, the `as` name and the tag's place.
pub(crate) type FirstofNode = (Box<[Expr]>, Option<Box<str>>, NodeSpan);

/// Text of a template's source, by range: a text node reads it from the
/// source of the template being rendered (which the renderer keeps for
/// errors), so it holds no pointer of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceText {
    start: u32,
    len: u32,
}

impl SourceText {
    /// Where `text`, a slice of `source`, sits in it; `None` when it is
    /// not a slice of it (or past `u32` offsets).
    pub(crate) fn within(source: &str, text: &str) -> Option<SourceText> {
        let span = Span::within(source, text)?;
        Some(SourceText {
            start: u32::try_from(span.start).ok()?,
            len: u32::try_from(span.end - span.start).ok()?,
        })
    }

    /// The text, read from the source of its template (empty when
    /// `source` is not that source and the range falls outside it).
    #[inline]
    pub(crate) fn read(self, source: &str) -> &str {
        let start = self.start as usize;
        source
            .get(start..start.saturating_add(self.len as usize))
            .unwrap_or_default()
    }
}

/// A tag's one name and where the tag is (`{% partial name %}`, `… as
/// name`): boxed in its node, as these tags are rare.
#[derive(Debug)]
pub(crate) struct Named {
    pub name: Box<str>,
    pub span: NodeSpan,
}

impl Named {
    pub(crate) fn boxed(name: &str, span: Span) -> Box<Named> {
        Box::new(Named {
            name: name.into(),
            span: span.into(),
        })
    }
}

#[derive(Debug)]
pub(crate) struct IfNode {
    /// Conditions with their bodies and where each branch's tag (`if`,
    /// `elif`, `else`) is; a `None` condition is the `else`.
    pub branches: Box<[IfBranch]>,
}

/// One branch of an [`IfNode`]: its condition (`None`: the `else`), body
/// and tag.
pub(crate) type IfBranch = (Option<Condition<Expr>>, Nodes, NodeSpan);

#[derive(Debug)]
pub(crate) struct ForNode {
    /// Loop variable names, shared so binding them allocates nothing.
    pub targets: Box<[Arc<str>]>,
    pub iterable: Expr,
    pub reversed: bool,
    pub body: Nodes,
    pub empty: Option<Nodes>,
    /// Whether the body mentions `forloop` (the object is built only then).
    pub uses_forloop: bool,
    /// Djula's `(key . value)`: a dict is iterated by its entries.
    pub entries: bool,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct WithNode {
    /// Names (interned) and their values.
    pub bindings: Box<[(Arc<str>, Expr)]>,
    pub body: Nodes,
    /// The body's flat program, when it holds a loop worth lowering.
    pub program: Option<Box<super::program::Program>>,
    pub span: NodeSpan,
}

/// A template's name and source, shared by the blocks it defines.
pub(crate) type BlockOrigin = (Arc<str>, Arc<str>);

#[derive(Debug)]
pub(crate) struct BlockNode {
    pub name: Arc<str>,
    pub body: Nodes,
    /// The body's flat program, when it holds a loop worth lowering (a
    /// block without one runs on the tree walker and costs nothing here).
    pub program: Option<Box<super::program::Program>>,
    /// The template the block was written in, so errors inside an
    /// overriding block point into the child, not the parent.
    pub origin: Option<Arc<BlockOrigin>>,
}

#[derive(Debug)]
pub(crate) struct ExtendsNode {
    pub parent: Expr,
    /// The blocks defined anywhere in the child, by name.
    pub blocks: Box<[Arc<BlockNode>]>,
    /// The whole tag (where the chain of an error inside the parent points).
    pub span: NodeSpan,
    /// The parent's name in the tag (where "does not exist" points).
    pub name_span: NodeSpan,
    /// The parent, once loaded, when its name is a literal and templates
    /// are not reloaded (see [`names_one_template`]).
    pub resolved: std::sync::OnceLock<Arc<CompiledTemplate>>,
}

#[derive(Debug)]
pub(crate) struct IncludeNode {
    pub template: Expr,
    pub bindings: Box<[(Box<str>, Expr)]>,
    pub only: bool,
    /// The whole tag (where the chain of an error inside the included
    /// template points).
    pub span: NodeSpan,
    /// The template's name in the tag (where "does not exist" points).
    pub name_span: NodeSpan,
    /// The included template, once loaded, when its name is a literal and
    /// templates are not reloaded: later renders skip the cache lookup.
    pub resolved: std::sync::OnceLock<Arc<CompiledTemplate>>,
}

impl IncludeNode {
    /// Whether the tag names one template for good (a literal name, and
    /// templates are not reloaded), so [`IncludeNode::resolved`] keeps it.
    pub(crate) fn names_one_template(&self, reload: bool) -> bool {
        names_one_template(&self.template, reload)
    }
}

/// Whether an `{% include %}` or `{% extends %}` names one template for
/// good: a literal name, and templates are not reloaded. The template it
/// loads can then be kept on the node.
pub(crate) fn names_one_template(name: &Expr, reload: bool) -> bool {
    !reload && name.filters.is_empty() && matches!(name.head, super::expr::Head::Literal(_))
}

/// `{% cache %}`: the body is rendered once per key (the fragment's name,
/// the `str()` of its `vary_on` values and the cache named by `using=`)
/// and its output reused for the rest of the render, as Django's
/// fragment cache gives it back (every render starts with an empty cache,
/// as Django's default local-memory cache starts a process).
#[derive(Debug)]
pub(crate) struct CacheNode {
    pub timeout: Expr,
    /// The fragment's name, as written (Django never resolves it).
    pub fragment: Box<str>,
    pub vary_on: Box<[Expr]>,
    pub using: Option<Expr>,
    pub body: Nodes,
    pub span: NodeSpan,
}

#[derive(Debug, Clone)]
pub(crate) struct CycleNode {
    /// Shared with every `{% cycle name %}` that refers to the cycle.
    pub values: Arc<[Expr]>,
    pub name: Option<Box<str>>,
    pub silent: bool,
    /// The key of this cycle's state: its name, or a unique id.
    pub key: Box<str>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct IfChangedNode {
    pub exprs: Box<[Expr]>,
    pub body: Nodes,
    pub otherwise: Nodes,
    /// The key of this tag's state (a unique id).
    pub key: Box<str>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct LoremNode {
    pub count: Expr,
    pub method: char,
    pub random: bool,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct WidthRatioNode {
    pub value: Expr,
    pub max: Expr,
    pub width: Expr,
    pub target: Option<Box<str>>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct RegroupNode {
    pub list: Expr,
    pub key: Expr,
    pub target: Box<str>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct UrlNode {
    pub name: Expr,
    pub args: Box<[Expr]>,
    pub kwargs: Box<[(Box<str>, Expr)]>,
    pub target: Option<Box<str>>,
    pub span: NodeSpan,
}

/// Django 6.1's `{% csp_nonce_attr %}`, a simple tag taking the context
/// and an optional `media`.
#[derive(Debug)]
pub(crate) struct CspNonceNode {
    /// A `Media` to render with the nonce; no context value is one, so a
    /// true value is Django's `AttributeError`.
    pub media: Option<Expr>,
    pub target: Option<Box<str>>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct QuerystringNode {
    /// Mappings to start from (default: `request.GET`).
    pub bases: Box<[Expr]>,
    pub updates: Box<[(Expr, Expr)]>,
    pub target: Option<Box<str>>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) struct PartialDef {
    pub name: Box<str>,
    pub body: Nodes,
    pub inline: bool,
}

/// The `{% partialdef %}`s of a template, in the order they are written,
/// found by name in constant time (a template may hold thousands). Shared
/// by the template and its fragments (`page.html#name`).
#[derive(Debug, Default)]
pub(crate) struct Partials {
    defs: Vec<Arc<PartialDef>>,
    by_name: std::collections::HashMap<Box<str>, usize>,
}

impl Partials {
    /// Adds `def`; `false` (and nothing added) when its name is taken.
    pub(crate) fn insert(&mut self, def: Arc<PartialDef>) -> bool {
        if self.by_name.contains_key(&def.name) {
            return false;
        }
        self.by_name.insert(def.name.clone(), self.defs.len());
        self.defs.push(def);
        true
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Arc<PartialDef>> {
        self.defs.get(*self.by_name.get(name)?)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The names, in the order they are written (for suggestions).
    pub(crate) fn names(&self) -> Vec<&str> {
        self.defs.iter().map(|d| &*d.name).collect()
    }
}

#[derive(Debug)]
pub(crate) struct TranslateNode {
    pub message: Expr,
    /// `noop`, `context "…"` and `as name`, boxed together as they are
    /// rare.
    pub options: Option<Box<TranslateOptions>>,
    pub span: NodeSpan,
}

/// The message of a [`Node::TranslateText`] (shared: see
/// [`crate::compile::Expr::share_literal`]). Nothing in it can fail, so
/// it keeps no span.
#[derive(Debug)]
pub(crate) struct TranslateText {
    pub message: Arc<str>,
}

/// The rare options of a [`TranslateNode`].
#[derive(Debug)]
pub(crate) struct TranslateOptions {
    /// `noop`: the message is not translated.
    pub noop: bool,
    /// `context "…"`: the message context (msgctxt).
    pub context: Option<Expr>,
    /// `as name`.
    pub target: Option<Box<str>>,
}

impl TranslateNode {
    /// `noop`: the message is not translated.
    pub(crate) fn noop(&self) -> bool {
        self.options.as_ref().is_some_and(|o| o.noop)
    }

    /// The message context (`context "…"`).
    pub(crate) fn context(&self) -> Option<&Expr> {
        self.options.as_ref()?.context.as_ref()
    }

    /// The name the translation is bound to (`as name`).
    pub(crate) fn target(&self) -> Option<&str> {
        self.options.as_ref()?.target.as_deref()
    }
}

#[derive(Debug)]
pub(crate) struct BlockTranslateNode {
    pub bindings: Box<[(Box<str>, Expr)]>,
    /// `count n=…`: boxed, as it is rare (as `context`).
    pub count: Option<Box<(Box<str>, Expr)>>,
    /// The singular message, as pieces of text and `{{ name }}` placeholders.
    pub singular: Box<[MessagePiece]>,
    pub plural: Box<[MessagePiece]>,
    pub target: Option<Box<str>>,
    pub trimmed: bool,
    /// `context "…"`: the message context (msgctxt).
    pub context: Option<Box<Expr>>,
    pub span: NodeSpan,
}

#[derive(Debug, Clone)]
pub(crate) enum MessagePiece {
    /// Text of the template's source (see [`SourceText`]).
    Text(SourceText),
    /// Text that is not a slice of the source (kept, never dropped).
    OwnText(Arc<str>),
    Var(Path),
}

#[derive(Debug)]
pub(crate) struct DjulaTranslateNode {
    pub message: Expr,
    pub args: Box<[(Box<str>, Expr)]>,
    pub span: NodeSpan,
}

#[derive(Debug)]
pub(crate) enum JsNode {
    /// `<script src=…>`.
    Src(Expr, NodeSpan),
    /// An inline script body.
    Inline(Nodes),
}

#[derive(Debug)]
pub(crate) struct SsiNode {
    pub path: Expr,
    pub parse: bool,
    pub span: NodeSpan,
}

/// Which of the engine's loaders a template's source came from, or none
/// (a template compiled from a string), in four bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LoaderIndex(Option<std::num::NonZeroU32>);

impl LoaderIndex {
    /// The loader at `index` (none past `u32::MAX - 1`).
    pub(crate) fn new(index: usize) -> LoaderIndex {
        let stored = u32::try_from(index).ok().and_then(|i| i.checked_add(1));
        LoaderIndex(stored.and_then(std::num::NonZeroU32::new))
    }

    /// The loader's index.
    pub(crate) fn get(self) -> Option<u32> {
        self.0.map(|stored| stored.get() - 1)
    }
}

/// A whole compiled template.
#[derive(Debug)]
pub(crate) struct CompiledTemplate {
    pub name: Arc<str>,
    /// Which of the engine's loaders the source came from (`None`: a
    /// template compiled from a string): with the name, the template's
    /// origin, which Django's recursive `extends` skips.
    pub loader: LoaderIndex,
    pub source: Arc<str>,
    pub nodes: Nodes,
    /// `nodes` lowered to the flat program the renderer runs, when they
    /// hold a loop worth lowering (else the tree walker runs them).
    pub program: Option<Box<super::program::Program>>,
    /// `None` when the template defines none.
    pub partials: Option<Arc<Partials>>,
    /// Output size of the last render, to pre-size the next buffer.
    pub output_hint: std::sync::atomic::AtomicU32,
    /// The blocks of the template, found on first use (see
    /// [`CompiledTemplate::blocks`]).
    pub block_list: std::sync::OnceLock<Box<[Arc<BlockNode>]>>,
}

impl CompiledTemplate {
    pub(crate) fn partial(&self, name: &str) -> Option<&Arc<PartialDef>> {
        self.partials.as_ref()?.get(name)
    }

    /// The names of the template's partials (for suggestions).
    pub(crate) fn partial_names(&self) -> Vec<&str> {
        self.partials
            .as_ref()
            .map(|p| p.names())
            .unwrap_or_default()
    }

    /// The `{% extends %}` node when the template has one (Django requires
    /// it to be the first non-text node).
    pub(crate) fn extends(&self) -> Option<&ExtendsNode> {
        self.nodes.iter().find_map(|n| match n {
            Node::Extends(e) => Some(&**e),
            _ => None,
        })
    }

    /// Every block of a root template (one without `extends`), outermost
    /// first. Found once, on first use: every render of a page that
    /// extends this template registers them.
    pub(crate) fn blocks(&self) -> &[Arc<BlockNode>] {
        self.block_list.get_or_init(|| {
            let mut found = Vec::new();
            collect_blocks(&self.nodes, &mut found);
            found.into()
        })
    }
}

/// Collects the blocks of `nodes`, outermost first, without descending into
/// the blocks' own children twice.
pub(crate) fn collect_blocks(nodes: &[Node], found: &mut Vec<Arc<BlockNode>>) {
    // An explicit stack: templates may nest deeply.
    let mut stack: Vec<&[Node]> = vec![nodes];
    while let Some(list) = stack.pop() {
        for node in list.iter().rev() {
            for child in node.children() {
                stack.push(child);
            }
        }
        for node in list {
            if let Node::Block(b) = node {
                found.push(b.clone());
            }
        }
    }
}

impl Node {
    /// The node lists nested directly inside this node.
    pub(crate) fn children(&self) -> Vec<&[Node]> {
        match self {
            Node::If(n) => n.branches.iter().map(|(_, b, _)| &b[..]).collect(),
            Node::For(n) => {
                let mut v = vec![&n.body[..]];
                if let Some(e) = &n.empty {
                    v.push(&e[..]);
                }
                v
            }
            Node::With(n) => vec![&n.body[..]],
            Node::Block(b) => vec![&b.body[..]],
            Node::Autoescape(_, b)
            | Node::Localtime(_, b)
            | Node::Localize(_, b)
            | Node::Spaceless(b)
            | Node::Body(b) => {
                vec![&b[..]]
            }
            Node::Filter(f) => vec![&f.1[..]],
            Node::Cache(c) => vec![&c.body[..]],
            Node::Language(l) | Node::Timezone(l) => vec![&l.1[..]],
            Node::IfChanged(n) => vec![&n.body[..], &n.otherwise[..]],
            Node::PartialDef(p) => vec![&p.body[..]],
            Node::Custom(c) => vec![&c.body[..]],
            Node::Js(js) => match &**js {
                JsNode::Inline(body) => vec![&body[..]],
                JsNode::Src(..) => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// A template another one names with a literal: `{% extends "x" %}` or
/// `{% include "x" %}` (for [`CompiledTemplate::references`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reference {
    pub name: String,
    pub span: Span,
    /// `"extends"` or `"includes"`, for messages.
    pub tag: &'static str,
}

impl CompiledTemplate {
    /// Every template this one names with a literal in `{% extends %}` or
    /// `{% include %}`, in source order.
    pub(crate) fn references(&self) -> Vec<Reference> {
        let literal = |expr: &Expr| match (&expr.head, &*expr.filters) {
            (super::expr::Head::Literal(v), []) => Some(v.to_text()),
            _ => None,
        };
        let mut found = Vec::new();
        // An explicit stack: templates may nest deeply.
        let mut stack: Vec<&[Node]> = vec![&self.nodes];
        while let Some(list) = stack.pop() {
            for node in list {
                match node {
                    Node::Extends(e) => {
                        if let Some(name) = literal(&e.parent) {
                            found.push(Reference {
                                name,
                                span: e.name_span.into(),
                                tag: "extends",
                            });
                        }
                        stack.extend(e.blocks.iter().map(|b| &b.body[..]));
                    }
                    Node::Include(i) => {
                        if let Some(name) = literal(&i.template) {
                            found.push(Reference {
                                name,
                                span: i.name_span.into(),
                                tag: "includes",
                            });
                        }
                    }
                    other => stack.extend(other.children()),
                }
            }
        }
        found.sort_by_key(|r| r.span.start);
        // Nested blocks are reached both from the extends node and their parent.
        found.dedup();
        found
    }
}

#[cfg(test)]
mod source_text_tests {
    use super::SourceText;

    #[test]
    fn a_text_node_is_a_range_of_its_source() {
        let source = "<p>é {{ x }} ü</p>";
        let head = SourceText::within(source, &source[..6]).unwrap();
        assert_eq!(head.read(source), "<p>é ");
        let tail = SourceText::within(source, &source[13..]).unwrap();
        assert_eq!(tail.read(source), " ü</p>");
        // Text built elsewhere is no range of the source.
        assert!(SourceText::within(source, &String::from("<p>")).is_none());
        // Read against another (shorter) source: empty, never a panic.
        assert_eq!(tail.read("<p>"), "");
        assert_eq!(head.read("<p>é"), "");
    }
}

#[cfg(test)]
mod loader_index_tests {
    use super::LoaderIndex;

    #[test]
    fn a_loader_index_reads_back_as_given() {
        assert_eq!(LoaderIndex::default().get(), None);
        assert_eq!(LoaderIndex::new(0).get(), Some(0));
        assert_eq!(LoaderIndex::new(7).get(), Some(7));
        assert_ne!(LoaderIndex::new(0), LoaderIndex::default());
        // Past what four bytes hold: none, never a wrong loader.
        assert_eq!(LoaderIndex::new(u32::MAX as usize).get(), None);
        assert_eq!(std::mem::size_of::<LoaderIndex>(), 4);
    }
}

#[cfg(test)]
mod size_tests {
    /// The node is what the renderer walks and most of what a compiled
    /// template holds: a regression in its size is a regression in cache
    /// use and memory. Large variants are boxed, text is a range of the
    /// source.
    #[test]
    fn compiled_types_keep_their_size() {
        assert_eq!(std::mem::size_of::<super::Node>(), 16);
        assert_eq!(std::mem::size_of::<super::Expr>(), 40);
    }
}
