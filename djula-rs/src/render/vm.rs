//! Runs a flat program (`compile/program.rs`) in one loop: the fast path
//! of a render, beside the tree walker it hands the nodes it does not
//! lower to.

use std::sync::Arc;

use super::tags::LoopState;
use super::{Context, Renderer};
use crate::compile::program::{
    CellTexts, ForHead, IncludeOp, InlineInclude, LoopBody, Op, Program, Slot,
};
use crate::compile::{Head, Node, Path};
use crate::error::{Error, Span};
use crate::value::display::write_int;
use crate::value::Value;

/// A lowered loop being run: its items and where it is in them.
pub(crate) struct LoopSlot {
    items: Arc<[Value]>,
    /// The item's index in `items` (from the end when reversed).
    index: usize,
    /// Iterations done.
    done: usize,
    reversed: bool,
    /// The item unpacked, when the loop has several variables.
    parts: Option<Vec<Value>>,
    uses_forloop: bool,
    /// Not reversed, one variable, no `forloop`: nothing but the index moves.
    plain: bool,
}

/// The body of a tight loop, as [`Renderer::tight_loop`] runs it.
enum Tight<'p> {
    Ops(&'p [Op]),
    Cell(&'p CellTexts),
}

/// At most this many emptied slot vectors are kept (one per nesting of
/// program runs: page, block, include, …).
const MAX_SPARE_SLOT_VECTORS: usize = 16;

/// The value of a loop variable.
#[inline]
pub(crate) fn slot_value(slots: &[LoopSlot], slot: Slot) -> Option<&Value> {
    let lp = slots.get(usize::from(slot.level))?;
    match &lp.parts {
        None => lp.items.get(lp.index),
        Some(parts) => parts.get(usize::from(slot.target)),
    }
}

/// `forloop.counter` and its siblings of the loop at `slot.level`
/// without building the `forloop` dict; `None` for everything else
/// (`parentloop`, `forloop` itself, a `forloop` bound by a tag), which
/// the full lookup answers.
pub(crate) fn forloop_value(
    slots: &[LoopSlot],
    slot: Slot,
    path: &Path,
    ctx: &Context,
) -> Option<Value> {
    let [_, key] = &*path.segments else {
        return None;
    };
    let lp = slots.get(usize::from(slot.level))?;
    if !lp.uses_forloop || ctx.bound_in_frames("forloop") {
        return None;
    }
    super::tags::forloop_field(key, lp.done, lp.items.len())
}

impl Renderer<'_> {
    /// Prints a loop variable: integers and text inline, the rest as
    /// `{{ }}` prints it (localized).
    #[inline(always)]
    fn print_slot(&self, out: &mut String, slots: &[LoopSlot], slot: Slot, autoescape: bool) {
        if let Some(value) = slot_value(slots, slot) {
            self.print_item(out, value, autoescape);
        }
    }

    /// Prints a loop's item as `{{ }}` does.
    #[inline(always)]
    fn print_item(&self, out: &mut String, value: &Value, autoescape: bool) {
        match value {
            Value::Int(i) => write_int(out, *i),
            Value::Str(s) if autoescape => filters::escape_into(out, s),
            value => self.print_value(out, value, autoescape),
        }
    }

    /// A [`LoopBody::Tight`] or [`LoopBody::Cell`] loop, after `ForStart`
    /// found `items` not empty: what `ForStart`, the body and `ForNext`
    /// do, item by item, without the program's dispatch. The fuel is
    /// counted out before: the items it pays for run, and then, if it
    /// did not pay for all, the error comes where `ForNext` raises it.
    #[inline(never)]
    fn tight_loop(
        &mut self,
        head: &ForHead,
        body: Tight<'_>,
        items: &[Value],
        autoescape: bool,
        out: &mut String,
    ) -> Result<(), Error> {
        self.enter(head.span.into())?;
        let run = self.new_loop_run();
        self.loop_runs.push(run);
        let fuel = u64::from(head.fuel);
        let paid = match self.fuel.checked_div(fuel) {
            Some(iterations) => items
                .len()
                .min(usize::try_from(iterations).unwrap_or(usize::MAX)),
            None => items.len(),
        };
        let ordered = |done: usize| {
            if head.reversed {
                items.len() - 1 - done
            } else {
                done
            }
        };
        match body {
            Tight::Ops(body) => {
                for done in 0..paid {
                    let Some(item) = items.get(ordered(done)) else {
                        break;
                    };
                    self.fuel -= fuel;
                    for op in body {
                        match op {
                            Op::Text(text) => out.push_str(text),
                            Op::PrintSlot(_) => self.print_item(out, item, autoescape),
                            Op::PrintSlotText(_, text) => {
                                self.print_item(out, item, autoescape);
                                out.push_str(text);
                            }
                            _ => {}
                        }
                    }
                    self.check_output(out)
                        .map_err(|e| self.locate(e, head.span.into()))?;
                }
            }
            Tight::Cell(texts) => {
                if paid > 0 {
                    out.push_str(&texts.pre);
                }
                for done in 0..paid {
                    let Some(item) = items.get(ordered(done)) else {
                        break;
                    };
                    self.fuel -= fuel;
                    self.print_item(out, item, autoescape);
                    // The next item's text comes now; that item is paid
                    // for, so the output checked here is no more than
                    // the check after it would see.
                    out.push_str(if done + 1 < paid {
                        &texts.between
                    } else {
                        &texts.post
                    });
                    self.check_output(out)
                        .map_err(|e| self.locate(e, head.span.into()))?;
                }
            }
        }
        if paid < items.len() {
            return Err(self.locate(self.out_of_fuel(), Span::default()));
        }
        self.leave();
        self.loop_runs.pop();
        Ok(())
    }

    /// Runs `program`, the lowered form of `nodes`.
    pub(crate) fn run_program(
        &mut self,
        program: &Program,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let saved = (self.depth, self.loops.len(), self.loop_runs.len());
        // The loop slots of the outer run, if any, stay where they are; a
        // program run inside (an include) takes the spare vector.
        let mut slots = self.spare_slots.pop().unwrap_or_default();
        // An include inside an include reaches here again.
        let result = self.stack_checked(|this| this.execute(program, nodes, ctx, out, &mut slots));
        slots.clear();
        if self.spare_slots.len() < MAX_SPARE_SLOT_VECTORS {
            self.spare_slots.push(slots);
        }
        if result.is_err() {
            // Loops left in the middle: their state goes as the tree
            // walker's does when it unwinds.
            self.depth = saved.0;
            self.loops.truncate(saved.1);
            self.loop_runs.truncate(saved.2);
        }
        result
    }

    fn execute(
        &mut self,
        program: &Program,
        nodes: &[Node],
        ctx: &mut Context,
        out: &mut String,
        slots: &mut Vec<LoopSlot>,
    ) -> Result<(), Error> {
        let ops = &*program.ops;
        let mut pc = 0;
        while let Some(op) = ops.get(pc) {
            pc += 1;
            match op {
                Op::Text(text) => out.push_str(text),
                // Integers and text inline: the cells of a table.
                Op::PrintSlot(slot) => self.print_slot(out, slots, *slot, ctx.autoescape),
                Op::PrintSlotText(slot, text) => {
                    self.print_slot(out, slots, *slot, ctx.autoescape);
                    out.push_str(text);
                }
                Op::PrintPath(print) => {
                    let (expr, span) = &**print;
                    if let Head::Path(Path {
                        slot: Some(slot),
                        segments,
                        ..
                    }) = &expr.head
                    {
                        // As `lookup_in`: plain keys and indexes, borrowed.
                        let mut found = slot_value(slots, *slot);
                        for segment in segments.get(1..).unwrap_or_default() {
                            found = found.and_then(|v| v.get_item_hinted(segment, &segment.hint));
                        }
                        match found {
                            Some(Value::Int(i)) => write_int(out, *i),
                            Some(Value::Str(s)) if ctx.autoescape => filters::escape_into(out, s),
                            Some(value) => self.print_value(out, value, ctx.autoescape),
                            None => self
                                .print_in(expr, ctx, slots, out)
                                .map_err(|e| self.locate(e, (*span).into()))?,
                        }
                        continue;
                    }
                    self.print_in(expr, ctx, slots, out)
                        .map_err(|e| self.locate(e, (*span).into()))?;
                }
                Op::Print(print) => {
                    let (expr, span) = &**print;
                    self.print_in(expr, ctx, slots, out)
                        .map_err(|e| self.locate(e, (*span).into()))?;
                    self.check_output(out)
                        .map_err(|e| self.locate(e, (*span).into()))?;
                }
                Op::Burn(units) => self
                    .burn(u64::from(*units))
                    .map_err(|e| self.locate(e, Span::default()))?,
                Op::Unless(condition, target) => {
                    if !self.test_in(condition, ctx, slots)? {
                        pc = *target as usize;
                    }
                }
                Op::Jump(target) => pc = *target as usize,
                Op::Enter => self.enter(Span::default())?,
                Op::Leave => self.leave(),
                Op::CheckOutput => self.check_output(out)?,
                Op::Include(include) => self.include_in(include, ctx, slots, out)?,
                Op::Run { list, start, end } => {
                    if let Some(run) = program.run(nodes, *list, *start, *end) {
                        self.render_run(run, ctx, out)?;
                    }
                }
                Op::ForStart(head) => {
                    let values = self
                        .eval_in(&head.iterable, ctx, slots, true)
                        .map_err(|e| self.locate(e, head.span.into()))?
                        .into_owned();
                    let items = self.loop_items(values, head.entries, head.span.into())?;
                    if items.is_empty() {
                        pc = head.on_empty as usize;
                        continue;
                    }
                    match &head.body {
                        LoopBody::Stepped => {}
                        LoopBody::Tight { next } => {
                            let body = ops.get(pc..*next as usize).unwrap_or_default();
                            self.tight_loop(head, Tight::Ops(body), &items, ctx.autoescape, out)?;
                            pc = *next as usize + 1;
                            continue;
                        }
                        LoopBody::Cell { next, texts } => {
                            self.tight_loop(head, Tight::Cell(texts), &items, ctx.autoescape, out)?;
                            pc = *next as usize + 1;
                            continue;
                        }
                    }
                    let len = items.len();
                    self.enter(head.span.into())?;
                    let run = self.new_loop_run();
                    self.loop_runs.push(run);
                    if head.uses_forloop {
                        self.loops.push(Some(LoopState { index: 0, len }));
                    }
                    let mut lp = LoopSlot {
                        items,
                        index: if head.reversed { len - 1 } else { 0 },
                        done: 0,
                        reversed: head.reversed,
                        parts: None,
                        uses_forloop: head.uses_forloop,
                        plain: !head.reversed && head.targets == 1 && !head.uses_forloop,
                    };
                    if head.targets > 1 {
                        lp.parts = Some(self.unpack(&lp, head.targets, head.span.into())?);
                    }
                    slots.push(lp);
                    self.burn(u64::from(head.fuel))
                        .map_err(|e| self.locate(e, Span::default()))?;
                }
                Op::ForNext { body, fuel } => {
                    self.check_output(out)?;
                    let Some(lp) = slots.last_mut() else {
                        continue;
                    };
                    lp.done += 1;
                    let len = lp.items.len();
                    if lp.plain && lp.done < len {
                        // Forward, one variable, no `forloop`: the next item.
                        lp.index = lp.done;
                        pc = *body as usize;
                        self.burn(u64::from(*fuel))
                            .map_err(|e| self.locate(e, Span::default()))?;
                    } else if lp.done < len {
                        lp.index = if lp.reversed {
                            len - 1 - lp.done
                        } else {
                            lp.done
                        };
                        if lp.uses_forloop {
                            if let Some(Some(state)) = self.loops.last_mut() {
                                state.index = lp.done;
                            }
                        }
                        if let Some(parts) = &lp.parts {
                            let targets = u16::try_from(parts.len()).unwrap_or(u16::MAX);
                            let span =
                                match (*body as usize).checked_sub(1).and_then(|at| ops.get(at)) {
                                    Some(Op::ForStart(head)) => head.span,
                                    _ => (Span::default()).into(),
                                };
                            let lp = slots.last().map(|lp| self.unpack(lp, targets, span.into()));
                            if let (Some(lp_parts), Some(lp)) = (lp, slots.last_mut()) {
                                lp.parts = Some(lp_parts?);
                            }
                        }
                        pc = *body as usize;
                        self.burn(u64::from(*fuel))
                            .map_err(|e| self.locate(e, Span::default()))?;
                    } else {
                        let uses_forloop = lp.uses_forloop;
                        slots.pop();
                        if uses_forloop {
                            self.loops.pop();
                        }
                        self.leave();
                        self.loop_runs.pop();
                    }
                }
            }
        }
        Ok(())
    }

    /// `{% include %}` inside a lowered loop: the included template's
    /// program run on these slots when it lowers, else the tree walker's
    /// include with the loop variables bound in a scope. Both charge,
    /// nest and place errors as [`Renderer::render_include`].
    fn include_in(
        &mut self,
        op: &IncludeOp,
        ctx: &mut Context,
        slots: &mut Vec<LoopSlot>,
        out: &mut String,
    ) -> Result<(), Error> {
        let node = &*op.node;
        let Some(inline) = self.inline_include(op, ctx) else {
            ctx.push();
            for (level, names) in op.scope.iter().enumerate() {
                for (target, name) in names.iter().enumerate() {
                    let slot = Slot {
                        level: u16::try_from(level).unwrap_or(u16::MAX),
                        target: u16::try_from(target).unwrap_or(u16::MAX),
                    };
                    if let Some(value) = slot_value(slots, slot) {
                        ctx.set(name.clone(), value.clone());
                    }
                }
            }
            let result = self.render_include(node, ctx, out);
            ctx.pop();
            return result;
        };
        self.burn(crate::settings::INCLUDE_FUEL)
            .map_err(|e| self.locate(e, node.span.into()))?;
        self.enter(node.span.into())?;
        let template = &inline.template;
        self.templates.push(template.clone());
        self.origins
            .push((template.name.clone(), template.source.clone()));
        // An include of an include comes back here.
        let result = self
            .stack_checked(|this| this.execute(&inline.program, &template.nodes, ctx, out, slots));
        self.origins.pop();
        self.templates.pop();
        self.leave();
        result.map_err(|e| self.reached_from(e, "included from", node.span.into()))
    }

    /// The included template of `op` lowered in its loops' scope, decided
    /// once (see [`IncludeOp::inline`]); `None` sends the tag to the tree
    /// walker, which also reports a template that cannot be loaded.
    fn inline_include(&mut self, op: &IncludeOp, ctx: &Context) -> Option<Arc<InlineInclude>> {
        if !op.may_inline(self.env.settings.reload) {
            return None;
        }
        if let Some(decided) = op.inline.get() {
            return decided.clone();
        }
        let template = self.included_template(&op.node, ctx).ok()?;
        let inline = Program::lower_within(&template.nodes, &op.scope, &template.source)
            .map(|program| Arc::new(InlineInclude { template, program }));
        op.inline.get_or_init(|| inline).clone()
    }

    /// The current item of `lp` unpacked into its `targets` variables.
    fn unpack(&self, lp: &LoopSlot, targets: u16, span: Span) -> Result<Vec<Value>, Error> {
        let item = lp.items.get(lp.index).cloned().unwrap_or_default();
        let parts = item.iter_items().unwrap_or_else(|| vec![item.clone()]);
        if parts.len() != usize::from(targets) {
            return Err(self.locate(
                Error::render(format!(
                    "Need {} values to unpack in for loop; got {}. ",
                    targets,
                    parts.len()
                )),
                span,
            ));
        }
        Ok(parts)
    }
}
