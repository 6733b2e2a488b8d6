//! The flat program: a list of nodes lowered to instructions that
//! `render/vm.rs` runs in one loop, beside the node tree (which stays the
//! compiler's form: analyses walk it, and the program falls back to it).
//!
//! Lowered: text, `{{ … }}`, `{% if %}` (jumps) and `{% for %}` loops whose
//! body and `{% empty %}` hold only those. Such a loop keeps its variables
//! in the program's loop slots instead of a context scope: their uses are
//! resolved at compile time ([`Path::slot`]), and an item is borrowed from
//! the list, never cloned into a scope. Every other node runs through the
//! tree walker ([`Op::Run`]), and so do text, `{{ … }}` and `{% if %}`
//! outside lowered loops unless an `if` holds one: what the program adds
//! is the loops, and a template without them has no program (the tree
//! walker runs its nodes) and costs nothing. Inside a lowered loop there is no node for the
//! tree walker, so no name lookup can miss a loop variable.
//!
//! A `{% include %}` inside a lowered loop lowers too ([`Op::Include`]):
//! when the included template holds only what lowers, it runs as its own
//! program lowered inside the loop's scope, so `{{ item.name }}` in a card
//! template included per item reads the loop's slot; otherwise the loop
//! variables are bound in a scope for the tree walker, as a loop on the
//! tree walker binds them.
//!
//! The program charges the fuel, counts nesting depth and checks the
//! output size at the same points as the tree walker.

use std::sync::{Arc, OnceLock};

use super::expr::{Arg, Expr, Head, Path};
use super::node::{CompiledTemplate, ForNode, IfNode, IncludeNode, Node};
use crate::error::NodeSpan;
use crate::syntax::condition::Condition;

/// A loop variable of a lowered loop: the loop (0: the outermost loop of
/// the program run) and the variable's place among its targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub level: u16,
    pub target: u16,
}

impl Slot {
    /// The `target` of `forloop` (of the loop at `level`, the innermost).
    pub(crate) const FORLOOP: u16 = u16::MAX;
}

/// The instructions of one node list.
#[derive(Debug, Default)]
pub(crate) struct Program {
    pub ops: Box<[Op]>,
    /// The node lists [`Op::Run`] names past the first: paths of
    /// `[index, branch]` pairs through lowered `if`s from the program's
    /// node list (list 0, the program's own list, is not stored: most
    /// programs name no other).
    pub lists: Box<[Box<[u32]>]>,
}

/// Text an instruction writes: its own copy, behind one thin pointer so
/// that an instruction stays two words. (Reading it from the template's
/// source by range, as text nodes do, held less but cost the page 5k
/// instructions in bounds and character-boundary checks.)
pub(crate) type OpText = Box<Box<str>>;

/// One instruction. Jump targets are indexes into [`Program::ops`].
#[derive(Debug)]
pub(crate) enum Op {
    /// Writes text as is.
    Text(OpText),
    /// `{{ x }}` where `x` is a loop variable, without filters.
    PrintSlot(Slot),
    /// [`Op::PrintSlot`] and then [`Op::Text`] in one instruction (a
    /// table cell's `{{ x }}</td>`). Both never fail and charge nothing;
    /// no jump lands between them (every jump target follows a jump,
    /// `ForStart`, or is a `CheckOutput`).
    PrintSlotText(Slot, OpText),
    /// `{{ x.key… }}` where `x` is a loop variable, without filters.
    PrintPath(Box<(Expr, NodeSpan)>),
    /// `{{ expr }}`.
    Print(Box<(Expr, NodeSpan)>),
    /// Charges fuel for a node list (one unit per node, as the tree walker).
    Burn(u32),
    /// Unless the condition holds, jumps.
    Unless(Box<Condition<Expr>>, u32),
    Jump(u32),
    /// One nesting level more (an `if` branch taken), and one less.
    Enter,
    Leave,
    /// Fails past the output limit; flushes a streaming render.
    CheckOutput,
    /// Starts a lowered loop: evaluates the list; when it is empty, jumps
    /// to `on_empty`, else binds the first item and goes on into the body.
    ForStart(Box<ForHead>),
    /// The end of a loop body: the next item, the body's fuel (its node
    /// count) charged, and back to the body at the index given; or, after
    /// the last item, the loop's state dropped.
    ForNext {
        body: u32,
        fuel: u32,
    },
    /// `{% include %}` inside a lowered loop.
    Include(Box<IncludeOp>),
    /// Renders nodes `start..end` of list `list` (see [`Program::lists`])
    /// through the tree walker.
    Run {
        list: u32,
        start: u32,
        end: u32,
    },
}

/// An `{% include %}` inside a lowered loop.
#[derive(Debug)]
pub(crate) struct IncludeOp {
    pub node: Arc<IncludeNode>,
    /// The variables of the lowered loops around the tag, outermost first:
    /// the scope the included template is lowered in, or, when it does not
    /// lower, the names bound for the tree walker.
    pub scope: Box<[Vec<Arc<str>>]>,
    /// The included template and its program lowered in `scope`, decided
    /// on the first render that reaches the tag; `None` when the template
    /// holds a node the program does not lower, or the tag's name is not a
    /// literal that can be kept.
    pub inline: OnceLock<Option<Arc<InlineInclude>>>,
}

/// An included template lowered inside the loops of its [`IncludeOp`].
#[derive(Debug)]
pub(crate) struct InlineInclude {
    pub template: Arc<CompiledTemplate>,
    pub program: Program,
}

impl IncludeOp {
    /// Whether the tag can keep one included template and run it inline:
    /// a literal name (no reload), with no `only` and no `with` (their
    /// scopes the tree walker builds).
    pub(crate) fn may_inline(&self, reload: bool) -> bool {
        self.node.names_one_template(reload) && !self.node.only && self.node.bindings.is_empty()
    }
}

#[derive(Debug)]
pub(crate) struct ForHead {
    pub iterable: Expr,
    pub span: NodeSpan,
    pub reversed: bool,
    /// More than one loop variable (each item unpacked).
    pub targets: u16,
    pub uses_forloop: bool,
    pub entries: bool,
    pub on_empty: u32,
    /// The body's node count, charged before each iteration.
    pub fuel: u32,
    pub body: LoopBody,
}

/// How a lowered loop's body runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoopBody {
    /// Instruction by instruction, `ForNext` moving to the next item.
    Stepped,
    /// Only text and prints of the loop's one variable, no `forloop`
    /// (`{{ x }}, {{ x }};`): `ForStart` runs the whole loop in a tight
    /// inner loop, charging fuel and checking the output at the points
    /// `ForNext` would, then resumes after the `ForNext` at `next`.
    Tight { next: u32 },
    /// [`LoopBody::Tight`] with one print between two texts
    /// (`<td>{{ c }}</td>`, `<li>{{ tag }}</li>`): written as `pre`, then
    /// the item and `post + pre` for every item but the last, whose text
    /// is `post` alone. One write of text per item instead of two.
    Cell { next: u32, texts: Box<CellTexts> },
}

/// The texts around the one print of a [`LoopBody::Cell`] loop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CellTexts {
    pub pre: Box<str>,
    pub post: Box<str>,
    /// `post` and then `pre`: what comes between two items.
    pub between: Box<str>,
}

impl LoopBody {
    /// How a loop whose body lowered to `body` (its ops up to the
    /// `ForNext` at `next`) runs; `level` is the loop's slot level.
    fn of(body: &[Op], next: u32, level: usize) -> LoopBody {
        let own = |slot: &Slot| usize::from(slot.level) == level && slot.target == 0;
        let tight = body.iter().all(|op| match op {
            Op::Text(_) => true,
            Op::PrintSlot(slot) | Op::PrintSlotText(slot, _) => own(slot),
            _ => false,
        });
        if !tight {
            return LoopBody::Stepped;
        }
        let (pre, post): (&str, &str) = match body {
            [Op::PrintSlot(_)] => ("", ""),
            [Op::PrintSlotText(_, post)] => ("", post),
            [Op::Text(pre), Op::PrintSlot(_)] => (pre, ""),
            [Op::Text(pre), Op::PrintSlotText(_, post)] => (pre, post),
            _ => return LoopBody::Tight { next },
        };
        LoopBody::Cell {
            next,
            texts: Box::new(CellTexts {
                pre: pre.into(),
                post: post.into(),
                between: format!("{post}{pre}").into_boxed_str(),
            }),
        }
    }
}

impl Program {
    /// The program of `nodes`, a node list of the template whose source
    /// is `source`.
    pub(crate) fn lower(nodes: &[Node], source: &str) -> Program {
        let mut lowering = Lowering {
            source,
            ops: spare_ops::take(),
            lists: Vec::new(),
            scope: Vec::new(),
            lower_all: false,
        };
        lowering.list(nodes, &mut Vec::new());
        Program {
            ops: spare_ops::finish(lowering.ops),
            lists: lowering.lists.into(),
        }
    }

    /// The program of `nodes` when one of them is worth lowering (a loop
    /// that lowers whole, or an `if` around one); `None` when the tree
    /// walker would run all of them anyway.
    pub(crate) fn lower_if_worth(nodes: &[Node], source: &str) -> Option<Box<Program>> {
        nodes
            .iter()
            .any(worth)
            .then(|| Box::new(Program::lower(nodes, source)))
    }

    /// The program of an included template's `nodes` run inside lowered
    /// loops whose variables are `scope` (outermost first): every node
    /// lowered, loop variables read from the slots of the loops around.
    /// `None` when a node does not lower.
    pub(crate) fn lower_within(
        nodes: &[Node],
        scope: &[Vec<Arc<str>>],
        source: &str,
    ) -> Option<Program> {
        if !nodes.iter().all(lowerable) {
            return None;
        }
        let mut lowering = Lowering {
            source,
            ops: spare_ops::take(),
            lists: Vec::new(),
            scope: scope.to_vec(),
            lower_all: true,
        };
        lowering.list(nodes, &mut Vec::new());
        Some(Program {
            ops: spare_ops::finish(lowering.ops),
            lists: lowering.lists.into(),
        })
    }

    /// Nodes `start..end` of list `list` of `nodes` (see [`Op::Run`]).
    pub(crate) fn run<'n>(
        &self,
        nodes: &'n [Node],
        list: u32,
        start: u32,
        end: u32,
    ) -> Option<&'n [Node]> {
        let mut found = nodes;
        let path: &[u32] = match list.checked_sub(1) {
            None => &[],
            Some(at) => self.lists.get(at as usize)?,
        };
        for pair in path.chunks(2) {
            let [index, branch] = pair else { return None };
            let Node::If(n) = found.get(*index as usize)? else {
                return None;
            };
            found = &n.branches.get(*branch as usize)?.1;
        }
        found.get(start as usize..end as usize)
    }
}

/// The instruction buffer lowering writes into, kept per thread between
/// lowerings: a program is copied out at its exact size, so no program's
/// vector grows step by step, and none keeps unused capacity.
mod spare_ops {
    use std::cell::RefCell;

    use super::Op;

    /// A larger buffer is not kept (one huge template must not pin it).
    const MAX_KEPT: usize = 4096;

    thread_local! {
        static SPARE: RefCell<Vec<Op>> = const { RefCell::new(Vec::new()) };
    }

    /// An empty buffer: this thread's kept one, or a new one (a lowering
    /// inside another gets a new one).
    pub(super) fn take() -> Vec<Op> {
        SPARE
            .try_with(|spare| spare.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// The program's instructions at their exact size; the buffer is kept.
    pub(super) fn finish(mut ops: Vec<Op>) -> Box<[Op]> {
        let exact: Box<[Op]> = ops.drain(..).collect();
        if ops.capacity() <= MAX_KEPT {
            let _ = SPARE.try_with(|spare| {
                if let Ok(mut spare) = spare.try_borrow_mut() {
                    if spare.capacity() < ops.capacity() {
                        *spare = ops;
                    }
                }
            });
        }
        exact
    }
}

struct Lowering<'s> {
    /// The source the text nodes are ranges of.
    source: &'s str,
    ops: Vec<Op>,
    lists: Vec<Box<[u32]>>,
    /// The variables of the lowered loops around, outermost first.
    scope: Vec<Vec<Arc<str>>>,
    /// Inside a lowered loop's body or `{% empty %}`: every node is
    /// lowered (a run's path cannot lead into a loop).
    lower_all: bool,
}

impl Lowering<'_> {
    fn here(&self) -> u32 {
        u32::try_from(self.ops.len()).unwrap_or(u32::MAX)
    }

    fn patch(&mut self, at: usize, target: u32) {
        match self.ops.get_mut(at) {
            Some(Op::Unless(_, t) | Op::Jump(t)) => *t = target,
            Some(Op::ForStart(head)) => head.on_empty = target,
            _ => {}
        }
    }

    /// A node list: charged, then each node. `path` leads to the list.
    fn list(&mut self, nodes: &[Node], path: &mut Vec<u32>) {
        if !nodes.is_empty() {
            self.ops.push(Op::Burn(count(nodes)));
        }
        self.nodes(nodes, path);
    }

    /// The nodes of a list, uncharged: runs of nodes for the tree walker
    /// and the nodes worth lowering. `path` leads to the list.
    fn nodes(&mut self, nodes: &[Node], path: &mut Vec<u32>) {
        let mut run: Option<usize> = None;
        for (i, node) in nodes.iter().enumerate() {
            if !self.lower_all && !worth(node) {
                run.get_or_insert(i);
                continue;
            }
            if let Some(start) = run.take() {
                self.run(path, start, i);
            }
            path.push(index(i));
            self.node(node, path);
            path.pop();
        }
        if let Some(start) = run {
            self.run(path, start, nodes.len());
        }
    }

    fn run(&mut self, path: &[u32], start: usize, end: usize) {
        let list = match self.lists.iter().rposition(|p| **p == *path) {
            _ if path.is_empty() => 0,
            Some(at) => at + 1,
            None => {
                self.lists.push(path.into());
                self.lists.len()
            }
        };
        self.ops.push(Op::Run {
            list: index(list),
            start: index(start),
            end: index(end),
        });
    }

    /// Writes `text`: merged into the instruction before when that one
    /// ends with text.
    fn text(&mut self, text: &str) {
        match self.ops.last_mut() {
            Some(Op::Text(previous) | Op::PrintSlotText(_, previous)) => {
                let mut merged = String::with_capacity(previous.len() + text.len());
                merged.push_str(previous);
                merged.push_str(text);
                **previous = merged.into_boxed_str();
            }
            Some(Op::PrintSlot(slot)) => {
                let slot = *slot;
                if let Some(last) = self.ops.last_mut() {
                    *last = Op::PrintSlotText(slot, Box::new(text.into()));
                }
            }
            _ => self.ops.push(Op::Text(Box::new(text.into()))),
        }
    }

    /// A node worth lowering, or any node inside a lowered loop. `path`
    /// ends with the node's index.
    fn node(&mut self, node: &Node, path: &mut Vec<u32>) {
        match node {
            Node::Text(text) => self.text(text.read(self.source)),
            Node::StaticText(text) => self.text(text),
            Node::BuiltText(text) => self.text(text),
            Node::Var(var) => {
                let (expr, span) = &**var;
                let expr = self.expr(expr);
                match (&expr.head, &*expr.filters) {
                    (
                        Head::Path(Path {
                            slot: Some(slot),
                            segments,
                            ..
                        }),
                        [],
                    ) if segments.len() == 1 && slot.target != Slot::FORLOOP => {
                        self.ops.push(Op::PrintSlot(*slot));
                    }
                    (
                        Head::Path(Path {
                            slot: Some(slot), ..
                        }),
                        [],
                    ) if slot.target != Slot::FORLOOP => {
                        self.ops.push(Op::PrintPath(Box::new((expr, *span))));
                    }
                    _ => self.ops.push(Op::Print(Box::new((expr, *span)))),
                }
            }
            Node::If(n) if self.scope.is_empty() || lowerable(node) => self.lower_if(n, path),
            Node::For(n) if lowerable(node) => self.lower_for(n),
            // Only inside a lowered loop or its `{% empty %}` (where the
            // scope may be empty again): elsewhere `nodes` leaves it to
            // the tree walker.
            Node::Include(n) => {
                self.ops.push(Op::Include(Box::new(IncludeOp {
                    node: n.clone(),
                    scope: self.scope.clone().into_boxed_slice(),
                    inline: OnceLock::new(),
                })));
                self.ops.push(Op::CheckOutput);
            }
            // Not reached: `nodes` keeps them for the tree walker.
            _ => {}
        }
    }

    fn lower_if(&mut self, node: &IfNode, path: &mut Vec<u32>) {
        let mut to_end = Vec::new();
        for (b, (condition, body, _)) in node.branches.iter().enumerate() {
            let test = condition.as_ref().map(|c| {
                self.ops.push(Op::Unless(Box::new(self.condition(c)), 0));
                self.ops.len() - 1
            });
            self.ops.push(Op::Enter);
            path.push(u32::try_from(b).unwrap_or(u32::MAX));
            self.list(body, path);
            path.pop();
            self.ops.push(Op::Leave);
            // The last branch ends where the `if` does: no jump.
            let last = condition.is_none() || b + 1 == node.branches.len();
            if !last {
                to_end.push(self.ops.len());
                self.ops.push(Op::Jump(0));
            }
            if let Some(at) = test {
                let next = self.here();
                self.patch(at, next);
            }
            if condition.is_none() {
                break;
            }
        }
        let end = self.here();
        for at in to_end {
            self.patch(at, end);
        }
        self.ops.push(Op::CheckOutput);
    }

    fn lower_for(&mut self, node: &ForNode) {
        let head = ForHead {
            iterable: self.expr(&node.iterable),
            span: node.span,
            reversed: node.reversed,
            targets: u16::try_from(node.targets.len()).unwrap_or(u16::MAX),
            uses_forloop: node.uses_forloop,
            entries: node.entries,
            on_empty: 0,
            fuel: loop_fuel(&node.body),
            body: LoopBody::Stepped,
        };
        let start = self.ops.len();
        self.ops.push(Op::ForStart(Box::new(head)));
        let outer = std::mem::replace(&mut self.lower_all, true);
        let body = self.here();
        self.scope.push(node.targets.to_vec());
        // Lowered bodies hold no node for the tree walker: no path needed.
        // Their fuel is charged by `ForStart` and `ForNext`.
        self.nodes(&node.body, &mut Vec::new());
        let level = self.scope.len() - 1;
        self.scope.pop();
        let next = self.here();
        if node.targets.len() == 1 && !node.uses_forloop {
            let shape = LoopBody::of(
                self.ops.get(body as usize..).unwrap_or_default(),
                next,
                level,
            );
            if let Some(Op::ForStart(head)) = self.ops.get_mut(start) {
                head.body = shape;
            }
        }
        self.ops.push(Op::ForNext {
            body,
            fuel: loop_fuel(&node.body),
        });
        let to_end = self.ops.len();
        self.ops.push(Op::Jump(0));
        let empty = self.here();
        self.patch(start, empty);
        if let Some(nodes) = &node.empty {
            self.list(nodes, &mut Vec::new());
        }
        self.lower_all = outer;
        let end = self.here();
        self.patch(to_end, end);
        self.ops.push(Op::CheckOutput);
    }

    fn slot_of(&self, path: &Path) -> Option<Slot> {
        let first = path.segments.first()?;
        if &**first == "forloop" {
            // Inside a lowered loop, the innermost loop is a lowered one.
            return Some(Slot {
                level: u16::try_from(self.scope.len().checked_sub(1)?).ok()?,
                target: Slot::FORLOOP,
            });
        }
        self.scope
            .iter()
            .enumerate()
            .rev()
            .find_map(|(level, targets)| {
                let target = targets.iter().rposition(|t| **t == **first)?;
                Some(Slot {
                    level: u16::try_from(level).ok()?,
                    target: u16::try_from(target).ok()?,
                })
            })
    }

    fn path(&self, path: &Path) -> Path {
        Path {
            slot: self.slot_of(path),
            ..path.clone()
        }
    }

    /// A copy of `expr` with its loop variables resolved to slots.
    fn expr(&self, expr: &Expr) -> Expr {
        let mut expr = expr.clone();
        if self.scope.is_empty() {
            return expr;
        }
        if let Head::Path(p) = &expr.head {
            expr.head = Head::Path(self.path(p));
        }
        let mut filters = expr.filters.to_vec();
        for call in &mut filters {
            if let Some(Arg::Path(p)) = &call.arg {
                call.arg = Some(Arg::Path(self.path(p)));
            }
        }
        expr.filters = filters.into();
        expr
    }

    fn condition(&self, condition: &Condition<Expr>) -> Condition<Expr> {
        match condition {
            Condition::Operand(e) => Condition::Operand(self.expr(e)),
            Condition::Not(c) => Condition::Not(Box::new(self.condition(c))),
            Condition::And(terms) => {
                Condition::And(terms.iter().map(|c| self.condition(c)).collect())
            }
            Condition::Or(terms) => {
                Condition::Or(terms.iter().map(|c| self.condition(c)).collect())
            }
            Condition::Compare(op, l, r) => Condition::Compare(
                *op,
                Box::new(self.condition(l)),
                Box::new(self.condition(r)),
            ),
        }
    }
}

fn count(nodes: &[Node]) -> u32 {
    u32::try_from(nodes.len()).unwrap_or(u32::MAX)
}

/// What one iteration of a loop over `body` costs: a unit per node, and
/// one for an empty body (as the tree walker's empty list), so that nested
/// loops with nothing inside still count their iterations.
fn loop_fuel(body: &[Node]) -> u32 {
    count(body).max(1)
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Whether lowering `node` outside loops pays: a loop that lowers whole,
/// or an `if` around one.
fn worth(node: &Node) -> bool {
    match node {
        Node::For(_) => lowerable(node),
        Node::If(n) => n.branches.iter().any(|(_, body, _)| body.iter().any(worth)),
        _ => false,
    }
}

/// Whether `node` lowers whole, with nothing left for the tree walker
/// (the condition for keeping loop variables in slots).
fn lowerable(node: &Node) -> bool {
    match node {
        Node::Text(_) | Node::StaticText(_) | Node::BuiltText(_) => true,
        Node::Var(var) => !reads_block(&var.0),
        Node::If(n) => n.branches.iter().all(|(condition, body, _)| {
            condition.as_ref().is_none_or(|c| !condition_reads_block(c))
                && body.iter().all(lowerable)
        }),
        Node::For(n) => {
            // Names with a meaning of their own in lookups stay in the context.
            n.targets
                .iter()
                .all(|t| !matches!(&**t, "forloop" | "block"))
                && n.body.iter().all(lowerable)
                && n.empty.iter().flatten().all(lowerable)
                // An included template may read `forloop`: the loop keeps
                // its state for lookups (the compiler says so for a body
                // with an include; this keeps it a rule here).
                && (n.uses_forloop || !n.body.iter().any(holds_include))
        }
        // Inside a lowered loop; at the top of a program it is not
        // `worth` lowering and stays with the tree walker.
        Node::Include(_) => true,
        _ => false,
    }
}

/// Whether `expr` reads `block` (`{{ block.super }}`): that renders the
/// parent's block here, which may read the loop's variables, so those
/// must be in the context.
fn reads_block(expr: &Expr) -> bool {
    let is_block = |path: &Path| path.segments.first().is_some_and(|s| &**s == "block");
    matches!(&expr.head, Head::Path(path) if is_block(path))
        || expr
            .filters
            .iter()
            .any(|call| matches!(&call.arg, Some(Arg::Path(path)) if is_block(path)))
}

fn condition_reads_block(condition: &Condition<Expr>) -> bool {
    match condition {
        Condition::Operand(e) => reads_block(e),
        Condition::Not(c) => condition_reads_block(c),
        Condition::And(terms) | Condition::Or(terms) => terms.iter().any(condition_reads_block),
        Condition::Compare(_, l, r) => condition_reads_block(l) || condition_reads_block(r),
    }
}

/// Whether a lowerable node holds an `{% include %}`.
fn holds_include(node: &Node) -> bool {
    match node {
        Node::Include(_) => true,
        Node::If(n) => n
            .branches
            .iter()
            .any(|(_, body, _)| body.iter().any(holds_include)),
        Node::For(n) => n
            .body
            .iter()
            .chain(n.empty.iter().flatten())
            .any(holds_include),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Op;

    /// The program is what the renderer runs: keep its instruction small.
    #[test]
    fn op_keeps_its_size() {
        assert_eq!(std::mem::size_of::<super::Op>(), 16);
    }

    fn ops(source: &str) -> Vec<String> {
        let compiled = crate::compile::compiler::compile_template(
            "t".into(),
            source.into(),
            &crate::builtins::registry::Registry::new(),
            &crate::settings::Settings::default(),
        );
        let Ok(compiled) = compiled else {
            return vec![];
        };
        compiled
            .program
            .as_deref()
            .map(|p| &*p.ops)
            .unwrap_or_default()
            .iter()
            .map(|op| match op {
                Op::Text(t) => format!("Text({t})"),
                Op::PrintSlot(_) => "PrintSlot".into(),
                Op::PrintSlotText(_, t) => format!("PrintSlotText({t})"),
                Op::ForStart(_) => "ForStart".into(),
                Op::ForNext { .. } => "ForNext".into(),
                other => format!("{other:?}")
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect(),
            })
            .collect()
    }

    fn bodies(source: &str) -> Vec<String> {
        let compiled = crate::compile::compiler::compile_template(
            "t".into(),
            source.into(),
            &crate::builtins::registry::Registry::new(),
            &crate::settings::Settings::default(),
        )
        .unwrap();
        compiled
            .program
            .as_deref()
            .map(|p| &*p.ops)
            .unwrap_or_default()
            .iter()
            .filter_map(|op| match op {
                Op::ForStart(head) => Some(match &head.body {
                    super::LoopBody::Stepped => "stepped".to_string(),
                    super::LoopBody::Tight { next } => format!("tight {next}"),
                    super::LoopBody::Cell { next, texts } => {
                        format!("cell {next} {} {} {}", texts.pre, texts.post, texts.between)
                    }
                }),
                _ => None,
            })
            .collect()
    }

    /// A block whose body holds a loop gets its own program; one without
    /// loops stays with the tree walker.
    #[test]
    fn blocks_with_loops_are_lowered() {
        let compiled = crate::compile::compiler::compile_template(
            "t".into(),
            "{% block a %}{% for x in xs %}{{ x }}{% endfor %}{% endblock %}{% block b %}{{ y }}{% endblock %}"
                .into(),
            &crate::builtins::registry::Registry::new(),
            &crate::settings::Settings::default(),
        )
        .unwrap();
        let lowered: Vec<bool> = compiled
            .nodes
            .iter()
            .filter_map(|node| match node {
                crate::compile::node::Node::Block(block) => Some(block.program.is_some()),
                _ => None,
            })
            .collect();
        assert_eq!(lowered, [true, false]);
    }

    #[test]
    fn loops_of_text_and_their_variable_run_tight() {
        // The outer loop holds a loop; the inner one, its cells.
        assert_eq!(
            bodies(
                "{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}{% endfor %}"
            ),
            ["stepped", "cell 6 <td> </td> </td><td>"]
        );
        assert_eq!(
            bodies(
                "{% for c in r %}{{ c }}{% endfor %}{% for c in r %}{{ c }},{{ c }}{% endfor %}"
            ),
            ["cell 3   ", "tight 9"]
        );
        for stepped in [
            "{% for x in xs %}{{ forloop.counter }}{% endfor %}",
            "{% for x in xs %}{{ x|upper }}{% endfor %}",
            "{% for x in xs %}{{ x.name }}{% endfor %}",
            "{% for a, b in xs %}{{ a }}{% endfor %}",
            "{% for x in xs %}{% if x %}{{ x }}{% endif %}{% endfor %}",
            "{% for r in rows %}{% for c in r %}{{ r }}{% endfor %}{% endfor %}",
        ] {
            assert!(
                bodies(stepped).last().map(String::as_str) == Some("stepped"),
                "{stepped}: {:?}",
                bodies(stepped)
            );
        }
    }

    /// An include inside a loop lowers with it (the loop keeps `forloop`
    /// for the included template); outside loops it stays with the tree
    /// walker.
    #[test]
    fn includes_lower_inside_loops() {
        assert_eq!(
            ops("{% for x in xs %}{% include 'a' %}{% endfor %}{% include 'b' %}"),
            [
                "Burn",
                "ForStart",
                "Include",
                "CheckOutput",
                "ForNext",
                "Jump",
                "CheckOutput",
                "Run"
            ]
        );
    }

    /// An included template lowers inside its loops' scope only when all
    /// of it lowers; its names of those loops become their slots.
    #[test]
    fn included_templates_lower_within_the_loops_around() {
        let compile = |source: &str| {
            crate::compile::compiler::compile_template(
                "t".into(),
                source.into(),
                &crate::builtins::registry::Registry::new(),
                &crate::settings::Settings::default(),
            )
            .unwrap()
        };
        let scope = [vec![std::sync::Arc::<str>::from("p")]];
        let card = compile("<{{ p.name }}>{% for t in p.tags %}{{ t }}{{ q }}{% endfor %}");
        let program = super::Program::lower_within(&card.nodes, &scope, &card.source).unwrap();
        let slots: Vec<Option<super::Slot>> = program
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::PrintPath(print) | Op::Print(print) => match &print.0.head {
                    super::Head::Path(path) => Some(path.slot),
                    _ => None,
                },
                Op::PrintSlot(slot) | Op::PrintSlotText(slot, _) => Some(Some(*slot)),
                _ => None,
            })
            .collect();
        let at = |level, target| Some(super::Slot { level, target });
        assert_eq!(slots, [at(0, 0), at(1, 0), None]);
        let with = compile("{% with n=p.name %}{{ n }}{% endwith %}");
        assert!(super::Program::lower_within(&with.nodes, &scope, &with.source).is_none());
    }

    #[test]
    fn a_printed_loop_variable_takes_the_text_after_it() {
        assert_eq!(
            ops("{% for x in xs %}<td>{{ x }}</td>{{ x }}a{{ x }}{% endfor %}"),
            [
                "Burn",
                "ForStart",
                "Text(<td>)",
                "PrintSlotText(</td>)",
                "PrintSlotText(a)",
                "PrintSlot",
                "ForNext",
                "Jump",
                "CheckOutput"
            ]
        );
    }
}
