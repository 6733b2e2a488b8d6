//! Rendering of the tags that are not about structure: loops, cycles,
//! `firstof`, `filter`, `ifchanged`, `now`, `lorem`, `widthratio`,
//! `regroup`, `csrf_token`, `url`, `static`, `querystring`, partials and
//! translation.

use crate::compile::expr::Segment;
use std::sync::Arc;

use super::context::Slot;
use super::{Context, Renderer};
use crate::compile::{BlockTranslateNode, ForNode, MessagePiece, Node};
use crate::error::{Error, ErrorKind, Span};
use crate::value::display::{text_of, write_value};
use crate::value::{Dict, Map, Object, Value};

impl Renderer<'_> {
    pub(crate) fn render_tag(
        &mut self,
        node: &Node,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        match node {
            Node::Cycle(cycle) => {
                let key = &cycle.key;
                let values = &cycle.values;
                let position = self.state.cycles.entry(key.clone()).or_insert(0);
                let index = *position % values.len().max(1);
                *position = index + 1;
                let Some(expr) = values.get(index) else {
                    return Ok(());
                };
                let value = self
                    .eval(expr, ctx, false)
                    .map_err(|e| self.locate(e, cycle.span.into()))?;
                if let Some(name) = &cycle.name {
                    ctx.set_upward(name, value.clone());
                }
                if !cycle.silent {
                    self.print_value(out, &value, ctx.autoescape);
                }
            }
            Node::ResetCycle(Some(key)) => {
                self.state.cycles.insert(key.name.clone(), 0);
            }
            Node::Firstof(firstof) => {
                let (exprs, target, _) = &**firstof;
                for expr in exprs {
                    let value = self.eval(expr, ctx, true)?;
                    if value.is_true() {
                        match target {
                            Some(name) => {
                                let mut text = String::new();
                                self.print_value(&mut text, &value, ctx.autoescape);
                                ctx.set(&**name, rendered_value(text, &value, ctx.autoescape));
                            }
                            None => self.print_value(out, &value, ctx.autoescape),
                        }
                        return Ok(());
                    }
                }
                if let Some(name) = target {
                    ctx.set(&**name, Value::safe(""));
                }
            }
            Node::Filter(filter) => {
                let (expr, body, span) = &**filter;
                let mut inner = String::new();
                self.render_nodes(body, ctx, &mut inner)?;
                ctx.push();
                ctx.set("var", Value::safe(inner));
                let r = self.eval(expr, ctx, false);
                ctx.pop();
                let value = r.map_err(|e| self.locate(e, (*span).into()))?;
                // Django's FilterNode returns the filtered text as the
                // node's output: written as is (the body was escaped as it
                // rendered), and anything but text is an error there.
                match value.as_str() {
                    Some(text) => out.push_str(text),
                    None => {
                        let error = Error::render(format!(
                            "the filter tag's filters gave {}, not text",
                            value.type_name()
                        ));
                        return Err(self.locate(error, (*span).into()));
                    }
                }
            }
            Node::IfChanged(node) => {
                let run = self.loop_runs.last().copied().unwrap_or(0);
                let mut rendered = None;
                let current = if node.exprs.is_empty() {
                    let mut inner = String::new();
                    self.render_nodes(&node.body, ctx, &mut inner)?;
                    rendered = Some(inner.clone());
                    Value::str(inner)
                } else {
                    let mut values = Vec::new();
                    for e in &node.exprs {
                        values.push(self.eval(e, ctx, true)?);
                    }
                    Value::list(values)
                };
                let key = (run, node.key.clone());
                let changed = self.ifchanged.get(&key) != Some(&current);
                if changed {
                    self.ifchanged.insert(key, current);
                    match rendered {
                        // Django's `output or nodelist.render()`: an empty
                        // first rendering is rendered again.
                        Some(text) if !text.is_empty() => out.push_str(&text),
                        _ => self.render_nodes(&node.body, ctx, out)?,
                    }
                } else {
                    self.render_nodes(&node.otherwise, ctx, out)?;
                }
            }
            Node::Now(node) => {
                let (format, target, _) = &**node;
                let format = self.eval(format, ctx, false)?;
                let now =
                    crate::value::tz::now(self.env.settings.use_tz, &self.env.settings.time_zone)
                        .ok_or_else(|| Error::render("cannot read the current time"))?;
                // Django's `date` filter: named formats in the render's
                // language, an empty format is DATE_FORMAT.
                let format = match format.as_str().unwrap_or_default() {
                    "" => "DATE_FORMAT",
                    format => format,
                };
                let text = crate::value::display::date_filter_in(&now, format, self.lang())
                    .map_err(|e| Error::render(e.message()))?;
                match target {
                    Some(name) => ctx.set(&**name, Value::str(text)),
                    // A tag's output is not autoescaped.
                    None => out.push_str(&text),
                }
            }
            Node::Lorem(node) => {
                let count = self.eval(&node.count, ctx, false)?;
                // `int(count)`, 1 where Python raises.
                let count = count
                    .python_int()
                    .map_or(1, |i| i64::try_from(i).unwrap_or(i64::MAX));
                let limit = self.env.settings.max_output;
                let Some(text) =
                    crate::builtins::lorem::lorem(count, node.method, !node.random, limit)
                else {
                    let error = Error::new(
                        crate::error::ErrorKind::Limit,
                        format!("{{% lorem {count} %}} would write more than the output limit of {limit} bytes"),
                    );
                    return Err(self.locate(error, node.span.into()));
                };
                // Drawing the words is work: a unit per 4 bytes written
                // (about 4 ns a byte, as a node is a few).
                self.burn(text.len() as u64 / 4)
                    .map_err(|e| self.locate(e, node.span.into()))?;
                out.push_str(&text);
            }
            Node::WidthRatio(node) => {
                let value = self.eval(&node.value, ctx, false)?;
                let max = self.eval(&node.max, ctx, false)?;
                let width = self.eval(&node.width, ctx, false)?;
                // Python's `int()`, then multiplied with a float.
                let width = width.python_int().ok_or_else(|| {
                    self.locate(
                        Error::syntax("widthratio final argument must be a number"),
                        node.span.into(),
                    )
                })?;
                let result = match (python_float(&value), python_float(&max)) {
                    (Some(v), Some(m)) => filters::numbers::widthratio(v, m, width as f64),
                    _ => String::new(),
                };
                match &node.target {
                    Some(name) => ctx.set(&**name, Value::str(result)),
                    None => out.push_str(&result),
                }
            }
            Node::Regroup(node) => {
                let list = self.eval(&node.list, ctx, true)?;
                let items = match &list {
                    Value::None => Vec::new(),
                    // Django's `groupby(obj_list, …)`: TypeError.
                    other => crate::builtins::core::iterated(other)
                        .map_err(|e| self.locate(e, node.span.into()))?,
                };
                let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
                for item in items {
                    ctx.set(&*node.target, item.clone());
                    let key = self.eval(&node.key, ctx, true)?;
                    match groups.last_mut() {
                        Some((k, members)) if *k == key => members.push(item),
                        _ => groups.push((key, vec![item])),
                    }
                }
                let result = groups
                    .into_iter()
                    // Django's `GroupedResult(grouper, list)` named tuple.
                    .map(|(grouper, list)| {
                        Value::Object(Arc::new(Object::Named {
                            type_name: "GroupedResult",
                            fields: vec![("grouper", grouper), ("list", Value::list(list))],
                        }))
                    })
                    .collect();
                ctx.set(&*node.target, Value::list(result));
            }
            Node::Cache(cache) => self.cache(cache, ctx, out)?,
            Node::DjulaTranslate(node) => {
                let text = self.djula_translate(node, ctx)?;
                out.push_str(&text);
            }
            Node::Language(language) => {
                self.language_block(&language.0, &language.1, ctx, out)?;
            }
            Node::CurrentLanguage(named) => {
                let name = &named.name;
                // Django's `get_language()` is `to_language()` of the code
                // activated: lower case, `_` as `-`; `None` when translation
                // is deactivated (`{% language None %}`).
                if self.current_language() == super::i18n::NO_LANGUAGE {
                    ctx.set(&**name, Value::None);
                    return Ok(());
                }
                let language = match self.current_language().split_once('_') {
                    Some((lang, country)) => format!("{lang}-{country}"),
                    None => self.current_language().to_string(),
                }
                .to_lowercase();
                ctx.set(&**name, Value::str(language));
            }
            Node::CurrentTimezone(named) => {
                let name = &named.name;
                let zone = crate::value::tz::current_tz(&self.env.settings.time_zone);
                ctx.set(&**name, Value::str(zone.name()));
            }
            Node::CurrentLanguageBidi(named) => {
                let name = &named.name;
                let bidi = self.current_language_bidi();
                ctx.set(&**name, Value::Bool(bidi));
            }
            Node::Super(sup) => {
                let (name, span) = &**sup;
                let value = self
                    .block_super_named(name.as_deref(), ctx)
                    .map_err(|e| self.locate(e, (*span).into()))?;
                write_value(out, &value, ctx.autoescape);
            }
            Node::Js(js) => {
                let script = match &**js {
                    crate::compile::JsNode::Src(url, _) => {
                        let url = text_of(&self.eval(url, ctx, false)?);
                        let mut tag = String::from("\n<script type='text/javascript' src=\"");
                        filters::escape_into(&mut tag, &url);
                        tag.push_str("\"></script>");
                        tag
                    }
                    crate::compile::JsNode::Inline(body) => {
                        let mut tag = String::from("\n<script type='text/javascript'>");
                        self.render_nodes(body, ctx, &mut tag)?;
                        tag.push_str("</script>");
                        tag
                    }
                };
                self.scripts.push(script);
            }
            Node::EmitJs => {
                for script in self.scripts.drain(..) {
                    out.push_str(&script);
                }
            }
            Node::Ssi(node) => self.render_ssi(node, ctx, out)?,
            Node::SetLanguage(language) => {
                self.set_language(Some(language.name.to_string()));
            }
            Node::ShowLanguage => {
                let language = self
                    .language
                    .clone()
                    .unwrap_or_else(|| self.env.settings.current_language.clone());
                filters::escape_into(out, &language.to_uppercase());
            }
            Node::CspNonce(node) => {
                // Django's `nonce_attr`: a true `media` is rendered with the
                // nonce (no context value has `render`: AttributeError);
                // else `nonce="…"` unless the context has no nonce (None).
                if let Some(media) = &node.media {
                    let media = self.eval(media, ctx, false)?;
                    if media.is_true() {
                        let error = Error::render(format!(
                            "'{}' object has no attribute 'render'",
                            crate::value::methods::python_type(&media)
                        ));
                        return Err(self.locate(error, node.span.into()));
                    }
                }
                let attribute = match ctx.get("csp_nonce") {
                    None | Some(Value::None) => Value::str(""),
                    Some(nonce) => {
                        let mut text = String::from("nonce=\"");
                        if nonce.is_safe() {
                            text.push_str(&text_of(nonce));
                        } else {
                            filters::escape_into(&mut text, &text_of(nonce));
                        }
                        text.push('"');
                        Value::safe(text)
                    }
                };
                match &node.target {
                    Some(name) => ctx.set(&**name, attribute),
                    None => self.print_value(out, &attribute, ctx.autoescape),
                }
            }
            Node::CsrfToken(_) => {
                // Django's `if csrf_token:`: a false token writes nothing.
                // `format_html` writes it: Python's `str()`, escaped unless
                // safe. (Django 6.1's `format_html("")` for "NOTPROVIDED"
                // raises; the tag means to write nothing, and does here.)
                if let Some(token) = ctx.get("csrf_token").filter(|t| t.is_true()).cloned() {
                    if token.as_str() != Some("NOTPROVIDED") {
                        out.push_str(
                            "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"",
                        );
                        if token.is_safe() {
                            out.push_str(&token.to_text());
                        } else {
                            filters::escape_into(out, &token.to_text());
                        }
                        out.push_str("\">");
                    }
                }
            }
            // Django writes nothing unless DEBUG is on.
            Node::Debug if !self.env.settings.debug => {}
            Node::Debug => {
                let keys = ctx.keys();
                let mut text = String::new();
                for k in keys {
                    text.push_str(&k);
                    text.push('\n');
                }
                filters::escape_into(out, &text);
            }
            Node::Url(node) => {
                let name = self.eval(&node.name, ctx, false)?;
                let mut args = Vec::new();
                for a in &node.args {
                    args.push(self.eval(a, ctx, false)?);
                }
                let mut kwargs = Vec::new();
                for (k, e) in &node.kwargs {
                    kwargs.push((k.to_string(), self.eval(e, ctx, false)?));
                }
                let url = match self.env.url_resolver {
                    Some(resolver) => resolver(&text_of(&name), &args, &kwargs).ok_or_else(|| {
                        Error::render(format!("Reverse for '{}' not found.", text_of(&name)))
                    }),
                    None => Err(Error::render(format!(
                        "cannot reverse the URL '{}': no URL resolver is registered",
                        text_of(&name)
                    ))
                    .with_help("register one with Engine::set_url_resolver")),
                }
                .map_err(|e| self.locate(e, node.span.into()))?;
                match &node.target {
                    Some(target) => ctx.set(&**target, Value::str(url)),
                    None => write_value(out, &Value::str(url), ctx.autoescape),
                }
            }
            Node::Static(node) => {
                let (path, target, _) = &**node;
                let path = self.eval(path, ctx, false)?;
                // `quote(path)`: a string, or bytes; anything else is
                // Python's TypeError.
                let path = match &path {
                    Value::Str(_) | Value::Safe(_) => text_of(&path),
                    Value::Object(o) => match &**o {
                        Object::Bytes(b) => String::from_utf8(b.clone()).ok(),
                        _ => None,
                    }
                    .ok_or_else(|| Error::render("quote_from_bytes() expected bytes"))?,
                    _ => return Err(Error::render("quote_from_bytes() expected bytes")),
                };
                let url = static_url(&with_script_prefix(&self.env.settings.static_url), &path);
                match target {
                    Some(name) => ctx.set(&**name, Value::str(url)),
                    None => write_value(out, &Value::str(url), ctx.autoescape),
                }
            }
            Node::Prefix(prefix) => {
                let (is_static, target, _) = &**prefix;
                let prefix = if *is_static {
                    with_script_prefix(&self.env.settings.static_url)
                } else {
                    with_script_prefix(&self.env.settings.media_url)
                };
                match target {
                    Some(name) => ctx.set(&**name, Value::str(prefix)),
                    None => out.push_str(&prefix),
                }
            }
            Node::Querystring(node) => {
                let text = self
                    .querystring(node, ctx)
                    .map_err(|e| self.locate(e, node.span.into()))?;
                match &node.target {
                    Some(name) => ctx.set(&**name, Value::str(text)),
                    None => write_value(out, &Value::str(text), ctx.autoescape),
                }
            }
            Node::Partial(partial) => {
                let (name, span) = (&partial.name, &partial.span);
                // Django looks the partial up in the template where the tag
                // is written (a child's block rendering inside its parent,
                // a template an include reached: their own partials only).
                let origin = self.origins.last().map(|(origin, _)| origin.clone());
                let template = origin
                    .and_then(|origin| {
                        self.templates
                            .iter()
                            .rev()
                            .find(|t| t.name == origin)
                            .cloned()
                    })
                    .or_else(|| self.templates.last().cloned());
                let found = template
                    .as_ref()
                    .and_then(|t| Some((t.clone(), t.partial(name)?.clone())));
                let Some((owner, partial)) = found else {
                    let known: Vec<&str> = template
                        .as_ref()
                        .map(|t| t.partial_names())
                        .unwrap_or_default();
                    let error = Error::syntax(format!(
                        "Partial '{name}' is not defined in the current template."
                    ))
                    .suggest(name, known);
                    return Err(self.locate(error, (*span).into()));
                };
                self.enter((*span).into())?;
                // Django renders a partial as a template: a fresh render
                // context, so its cycles start over each time.
                let cycles = std::mem::take(&mut self.state.cycles);
                let scope = self.own_state_scope(false);
                // The partial's text is read from its own template's source
                // (one found by name: with recursive templates of one name,
                // it may not be the source on top).
                self.origins
                    .push((owner.name.clone(), owner.source.clone()));
                let r = self.render_nodes(&partial.body, ctx, out);
                self.origins.pop();
                self.end_state_scope(scope);
                self.state.cycles = cycles;
                self.leave();
                r?;
            }
            Node::PartialDef(def) if def.inline => {
                self.render_nodes(&def.body, ctx, out)?;
            }
            Node::Translate(node) => {
                // Django's `Variable` with `translate` calls the value's
                // `replace`: a variable that is not a string is an error.
                if !node.noop() && matches!(node.message.head, crate::compile::Head::Path(_)) {
                    let head = crate::compile::Expr {
                        head: node.message.head.clone(),
                        filters: crate::compile::expr::Filters::default(),
                    };
                    let value = self.eval(&head, ctx, false)?;
                    if value.as_str().is_none() {
                        let kind = crate::value::methods::python_type(&value);
                        return Err(self.locate(
                            Error::render(format!("'{kind}' object has no attribute 'replace'")),
                            node.span.into(),
                        ));
                    }
                }
                let value = match self.translate_tag(node, ctx)? {
                    Some(v) => v,
                    None => self.eval(&node.message, ctx, false)?,
                };
                let mut text = String::new();
                self.print_value(&mut text, &value, ctx.autoescape);
                match node.target() {
                    Some(name) => {
                        ctx.set(name, rendered_value(text, &value, ctx.autoescape));
                    }
                    None => out.push_str(&text),
                }
            }
            Node::TranslateText(node) => self.translate_literal_tag(&node.message, out),
            Node::BlockTranslate(node) => self.block_translate(node, ctx, out)?,
            Node::Custom(node) => super::custom::render_custom(self, node, ctx, out)?,
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn render_for(
        &mut self,
        node: &ForNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let values = self
            .eval(&node.iterable, ctx, true)
            .map_err(|e| self.locate(e, node.span.into()))?;
        let items = self.loop_items(values, node.entries, node.span.into())?;
        if items.is_empty() {
            // In the loop's frame, as Django's: what it binds ends with it.
            if let Some(empty) = &node.empty {
                ctx.push();
                let r = self.render_nodes(empty, ctx, out);
                ctx.pop();
                r?;
            }
            return Ok(());
        }
        let len = items.len();
        self.enter(node.span.into())?;
        let run = self.new_loop_run();
        self.loop_runs.push(run);
        // `forloop` is not built as a dict per iteration: lookups of
        // `forloop.counter` and friends read this state (see `lookup`).
        if node.uses_forloop {
            self.loops.push(Some(LoopState { index: 0, len }));
        }
        ctx.push();
        // The loop variables get their places in the new scope once; each
        // iteration then only replaces the values.
        // (A lone variable, the usual case, needs no vector.)
        // Several variables are unpacked as Django does it: into a scope
        // of their own each iteration (`context.update`, popped after the
        // body), so what the body binds does not outlive the iteration.
        let (single, mut several): ([Slot; 1], Vec<Slot>);
        let unpacking = node.targets.len() > 1;
        let slots: &[Slot] = match &*node.targets {
            [target] => {
                single = [ctx.bind(target.clone(), Value::None)];
                &single
            }
            _ => &[],
        };
        let mut result = Ok(());
        for i in 0..len {
            let index = if node.reversed { len - 1 - i } else { i };
            let item = items.get(index).cloned().unwrap_or_default();
            if let Some(Some(state)) = self.loops.last_mut().filter(|_| node.uses_forloop) {
                state.index = i;
            }
            let slots = if unpacking {
                ctx.push();
                several = node
                    .targets
                    .iter()
                    .map(|target| ctx.bind(target.clone(), Value::None))
                    .collect();
                &several
            } else {
                slots
            };
            let done = self
                .bind_loop_targets(node, slots, item, ctx)
                .and_then(|()| self.render_nodes(&node.body, ctx, out))
                .and_then(|()| self.check_output(out));
            if unpacking {
                ctx.pop();
            }
            if let Err(e) = done {
                result = Err(e);
                break;
            }
        }
        ctx.pop();
        if node.uses_forloop {
            self.loops.pop();
        }
        self.leave();
        self.loop_runs.pop();
        result
    }

    /// The items a `{% for %}` iterates over `values`: a list in place (an
    /// `Arc` clone, not a copy of its items).
    pub(crate) fn loop_items(
        &mut self,
        values: Value,
        entries: bool,
        span: Span,
    ) -> Result<Arc<[Value]>, Error> {
        let items: Arc<[Value]> = match values {
            Value::List(list) => return Ok(list),
            Value::None => return Ok(Arc::from([])),
            Value::Map(map) if entries => map
                .iter()
                .map(|(k, v)| Value::list(vec![Value::str(k.clone()), v.clone()]))
                .collect(),
            other => Arc::from(other.iter_items().ok_or_else(|| {
                self.locate(
                    Error::render(format!("'{}' object is not iterable", other.type_name())),
                    span,
                )
            })?),
        };
        // Items made for the loop (a string's characters, a dict's
        // pairs) are work, as a filter's list is.
        self.burn(items.len() as u64 * super::ITEM_FUEL)
            .map_err(|e| self.locate(e, span))?;
        Ok(items)
    }

    /// `forloop.…` of the loop `depth` levels out (0: innermost), from the
    /// loop state; `None` when the name does not exist.
    pub(crate) fn forloop_lookup(&self, depth: usize, segments: &[Segment]) -> Option<Value> {
        let Some(position) = self.loops.len().checked_sub(1 + depth) else {
            // The outermost loop's `parentloop` is an empty dict.
            return (depth > 0)
                .then(|| follow(LOOP_KEYS.empty.clone(), segments))
                .flatten();
        };
        let state = match self.loops.get(position) {
            Some(Some(state)) => *state,
            // Past the outermost loop: `parentloop` is an empty dict.
            _ => return follow(LOOP_KEYS.empty.clone(), segments),
        };
        let Some((first, rest)) = segments.split_first() else {
            let parent = self.forloop_lookup(depth + 1, &[]);
            return Some(forloop(&LOOP_KEYS, state.index, state.len, parent));
        };
        if &**first == "parentloop" {
            return self.forloop_lookup(depth + 1, rest);
        }
        follow(forloop_field(first, state.index, state.len)?, rest)
    }

    fn bind_loop_targets(
        &self,
        node: &ForNode,
        slots: &[Slot],
        item: Value,
        ctx: &mut Context,
    ) -> Result<(), Error> {
        match slots {
            [single] => ctx.rebind(*single, item),
            targets => {
                let parts = item.iter_items().unwrap_or_else(|| vec![item.clone()]);
                if parts.len() != targets.len() {
                    return Err(self.locate(
                        Error::render(format!(
                            "Need {} values to unpack in for loop; got {}. ",
                            targets.len(),
                            parts.len()
                        )),
                        node.span.into(),
                    ));
                }
                for (slot, v) in slots.iter().zip(parts) {
                    ctx.rebind(*slot, v);
                }
            }
        }
        Ok(())
    }

    /// `{% cache %}`: the body's output for this key, rendered on the
    /// first use in the render (see [`CacheNode`](crate::compile::CacheNode)).
    fn cache(
        &mut self,
        cache: &crate::compile::CacheNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        let value = self.eval(&cache.timeout, ctx, false)?;
        let timeout = match &value {
            Value::None => Some(None),
            Value::Int(i) => Some(Some(*i)),
            Value::Bool(b) => Some(Some(i64::from(*b))),
            Value::Float(f) if f.is_finite() => Some(Some(f.trunc() as i64)),
            Value::Str(_) | Value::Safe(_) => {
                let s: &str = value.as_str().unwrap_or_default();
                s.trim().parse::<i64>().ok().map(Some)
            }
            _ => None,
        };
        let Some(timeout) = timeout else {
            let message = format!(
                "\"cache\" tag got a non-integer timeout value: {}",
                value.to_repr()
            );
            return Err(self.locate(Error::syntax(message), cache.span.into()));
        };
        // Django's `make_template_fragment_key`: the name, then `str()` of
        // each `vary_on` value followed by `:`; one namespace per cache.
        let mut key = String::new();
        if let Some(using) = &cache.using {
            key.push_str(&self.eval(using, ctx, false)?.to_text());
        }
        key.push('\0');
        key.push_str(&cache.fragment);
        key.push('\0');
        for vary in &cache.vary_on {
            key.push_str(&self.eval(vary, ctx, false)?.to_text());
            key.push(':');
        }
        if let Some(cached) = self.fragments.get(&key) {
            out.push_str(cached);
            return Ok(());
        }
        let start = out.len();
        self.render_nodes(&cache.body, ctx, out)?;
        // A timeout of 0 or less expires at once (Django's cache.set).
        if timeout.is_none_or(|t| t > 0) {
            let rendered = out.get(start..).unwrap_or_default().to_string();
            self.fragments.insert(key, rendered);
        }
        Ok(())
    }

    fn block_translate(
        &mut self,
        node: &BlockTranslateNode,
        ctx: &mut Context,
        out: &mut String,
    ) -> Result<(), Error> {
        // Django resolves the message context first, before the `with`
        // bindings exist.
        let message_context = self.message_context(node.context.as_deref(), ctx)?;
        let mut values = Vec::new();
        for (k, e) in &node.bindings {
            values.push((k.clone(), self.eval(e, ctx, false)?));
        }
        ctx.push();
        for (k, v) in values {
            ctx.set(&*k, v);
        }
        let mut pieces = &node.singular;
        let mut counted = None;
        if let Some((name, expr)) = node.count.as_deref() {
            let count = self.eval(expr, ctx, false)?;
            let n = match count {
                Value::Int(i) => i as f64,
                Value::BigInt(ref i) => **i as f64,
                Value::Float(f) => f,
                Value::Bool(b) => f64::from(u8::from(b)),
                _ => {
                    ctx.pop();
                    let tag = "blocktranslate";
                    return Err(self.locate(
                        Error::syntax(format!(
                            "'{name}' argument to '{tag}' tag must be a number."
                        )),
                        node.span.into(),
                    ));
                }
            };
            ctx.set(&**name, count.clone());
            if n != 1.0 {
                pieces = &node.plural;
            }
            counted = Some(count);
        }
        let translated =
            self.block_translate_catalog(node, ctx, counted.as_ref(), message_context.as_deref());
        let translated = match translated {
            Ok(t) => t,
            Err(e) => {
                ctx.pop();
                return Err(e);
            }
        };
        if let Some(message) = translated {
            ctx.pop();
            match &node.target {
                Some(name) => ctx.set(&**name, Value::safe(message)),
                None => out.push_str(&message),
            }
            return Ok(());
        }
        // Django's untranslated message is the msgid (its text trimmed
        // when `trimmed`, with `%(name)s` placeholders) `%`-formatted with
        // the values, which are not trimmed.
        let mut data: Vec<(String, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for piece in pieces {
            if let MessagePiece::Var(path) = piece {
                #[cfg(test)]
                super::trace::note(
                    path,
                    ctx.bound_in_frames(&path.text()),
                    self.loops.iter().any(Option::is_none),
                );
                let name = path.text().into_owned();
                if !seen.insert(name.clone()) {
                    continue;
                }
                let value = match ctx.get(&name).cloned() {
                    Some(v) => v,
                    None => {
                        match super::invalid_text(self.env.settings, super::InvalidName::Key(&name))
                        {
                            Ok(text) => Value::str(text.unwrap_or_default()),
                            Err(e) => {
                                ctx.pop();
                                return Err(self.locate(e, node.span.into()));
                            }
                        }
                    }
                };
                let mut text = String::new();
                self.print_value(&mut text, &value, ctx.autoescape);
                data.push((name, text));
            }
        }
        ctx.pop();
        let (msgid, _) = super::i18n::message_id(pieces, node.trimmed, self.source());
        let message = super::i18n::python_format(&msgid, &data).unwrap_or_default();
        match &node.target {
            Some(name) => ctx.set(&**name, Value::safe(message)),
            None => out.push_str(&message),
        }
        Ok(())
    }

    fn querystring(
        &mut self,
        node: &crate::compile::QuerystringNode,
        ctx: &Context,
    ) -> Result<String, Error> {
        let mut bases = Vec::new();
        if node.bases.is_empty() {
            // Django reads the request's query; without a request (djula's
            // context names it `request`, with `GET`) it is an error.
            let get = ctx.get("request").and_then(|r| r.get_attr("GET")).ok_or_else(|| {
                Error::render("querystring: there is no request to read the query from")
                    .with_help("pass a query dict ({% querystring my_dict %}) or a `request` with `GET` in the context")
            })?;
            bases.push(get);
        } else {
            for b in &node.bases {
                bases.push(self.eval(b, ctx, false)?);
            }
        }
        // In the order keys were set; a removed key is `None` until set
        // again (then at the end, as a `QueryDict` does). Found by hash: a
        // tag or a base may hold thousands of keys.
        let mut params: Vec<(String, Option<Vec<String>>)> = Vec::new();
        let mut places: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        // A `QueryDict`: setting a key it has keeps the key's place; `None`
        // removes it; any iterable but a string is a list of values (a dict
        // its keys, bytes their numbers), a list without values keeps the
        // key, writing nothing. Values are Python's `str()` (`urlencode`),
        // not the template's display.
        let mut apply = |key: String, value: &Value| {
            let vals = match value {
                Value::None => {
                    if let Some(at) = places.remove(&key) {
                        if let Some((_, old)) = params.get_mut(at) {
                            *old = None;
                        }
                    }
                    return;
                }
                Value::Str(_) | Value::Safe(_) => vec![value.to_text()],
                other => match other.iter_items() {
                    Some(items) => items
                        .iter()
                        .filter(|v| !v.is_none())
                        .map(Value::to_text)
                        .collect(),
                    None => vec![other.to_text()],
                },
            };
            match places.get(&key).and_then(|&at| params.get_mut(at)) {
                Some((_, old)) => *old = Some(vals),
                None => {
                    places.insert(key.clone(), params.len());
                    params.push((key, Some(vals)));
                }
            }
        };
        for base in &bases {
            let Value::Map(map) = base else {
                return Err(Error::syntax(format!(
                    "querystring requires mappings for positional arguments (got {} instead).",
                    base.to_repr()
                )));
            };
            for (k, v) in map.iter() {
                apply(k.to_string(), v);
            }
        }
        for (k, e) in &node.updates {
            let key = self.eval(k, ctx, false)?;
            let value = self.eval(e, ctx, false)?;
            apply(text_of(&key), &value);
        }
        let params: Vec<(String, Vec<String>)> = params
            .into_iter()
            .filter_map(|(k, vals)| Some((k, vals?)))
            .collect();
        if params.is_empty() {
            return Ok("?".into());
        }
        let mut query = String::from("?");
        let mut first = true;
        for (k, vals) in &params {
            for v in vals {
                if !first {
                    query.push('&');
                }
                first = false;
                query.push_str(&quote_plus(k));
                query.push('=');
                query.push_str(&quote_plus(v));
            }
        }
        Ok(query)
    }
}

/// The `forloop` object for iteration `i` of `len`.
fn forloop(keys: &LoopKeys, i: usize, len: usize, parent: Option<Value>) -> Value {
    let n = |x: usize| Value::Int(i64::try_from(x).unwrap_or(i64::MAX));
    let entries = [
        (
            keys.parentloop.clone(),
            parent.unwrap_or_else(|| keys.empty.clone()),
        ),
        // Django 6.1's order: `length` is set with `parentloop`.
        (keys.length.clone(), n(len)),
        (keys.counter0.clone(), n(i)),
        (keys.counter.clone(), n(i + 1)),
        (keys.revcounter.clone(), n(len - i)),
        (keys.revcounter0.clone(), n(len - i - 1)),
        (keys.first.clone(), Value::Bool(i == 0)),
        (keys.last.clone(), Value::Bool(i + 1 == len)),
    ];
    Value::Map(Dict::from_unique(entries))
}

/// The names of the `forloop` object, allocated once for the process.
struct LoopKeys {
    parentloop: Arc<str>,
    counter0: Arc<str>,
    counter: Arc<str>,
    revcounter: Arc<str>,
    revcounter0: Arc<str>,
    first: Arc<str>,
    last: Arc<str>,
    length: Arc<str>,
    /// The empty `parentloop` of an outermost loop.
    empty: Value,
}

static LOOP_KEYS: once_cell::sync::Lazy<LoopKeys> = once_cell::sync::Lazy::new(|| LoopKeys {
    parentloop: Arc::from("parentloop"),
    counter0: Arc::from("counter0"),
    counter: Arc::from("counter"),
    revcounter: Arc::from("revcounter"),
    revcounter0: Arc::from("revcounter0"),
    first: Arc::from("first"),
    last: Arc::from("last"),
    length: Arc::from("length"),
    empty: Value::from(Map::new()),
});

/// Python's `float(value)` for `widthratio`.
fn python_float(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::BigInt(i) => Some(**i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Str(_) | Value::Safe(_) => {
            filters::py::parse_float(value.as_str().unwrap_or_default())
        }
        _ => None,
    }
}

/// Django's `static` without the staticfiles app: `urljoin(STATIC_URL,
/// quote(path))`. An absolute path replaces the prefix's path; a relative
/// one is resolved against the prefix's folder (`.` and `..` included).
/// Django's settings `_add_script_prefix` for `STATIC_URL` and
/// `MEDIA_URL`: a relative URL is taken from the site's root (script
/// prefix `/`); absolute paths and full URLs stay as they are.
fn with_script_prefix(url: &str) -> String {
    if url.starts_with('/') || url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else {
        format!("/{url}")
    }
}

pub(crate) fn static_url(prefix: &str, path: &str) -> String {
    let path = filters::text::urlencode(path, None);
    urljoin(prefix, &path)
}

/// Python's `urllib.parse.urljoin` for a base URL and a reference without
/// a scheme (what `quote` leaves of a static path).
fn urljoin(base: &str, reference: &str) -> String {
    if base.is_empty() {
        return reference.to_string();
    }
    if reference.is_empty() {
        return base.to_string();
    }
    // The base's scheme and authority (`https://host`), then its path.
    let (origin, base_path) = match base.find("://") {
        Some(at) => {
            let after = at + 3;
            let path_at = base
                .get(after..)
                .and_then(|rest| rest.find('/'))
                .map_or(base.len(), |i| after + i);
            base.split_at(path_at)
        }
        None if base.starts_with("//") => {
            let path_at = base
                .get(2..)
                .and_then(|r| r.find('/'))
                .map_or(base.len(), |i| i + 2);
            base.split_at(path_at)
        }
        None => ("", base),
    };
    if let Some(rest) = reference.strip_prefix("//") {
        // A network-path reference keeps only the base's scheme.
        let scheme = origin.split_once("://").map_or("", |(s, _)| s);
        return if scheme.is_empty() {
            format!("//{rest}")
        } else {
            format!("{scheme}://{rest}")
        };
    }
    let base_path = base_path.split(['?', '#']).next().unwrap_or_default();
    let path = join_paths(base_path, reference);
    // With a host, the path is absolute (`urlunparse`).
    if !origin.is_empty() && !path.starts_with('/') {
        return format!("{origin}/{path}");
    }
    format!("{origin}{path}")
}

/// The path part of Python's `urljoin`, step for step: a relative
/// reference is appended to the base's folder with empty segments in
/// between dropped, then `.` and `..` are resolved.
fn join_paths(base_path: &str, reference: &str) -> String {
    let segments: Vec<&str> = if reference.starts_with('/') {
        reference.split('/').collect()
    } else {
        let mut base: Vec<&str> = base_path.split('/').collect();
        if base.last().is_some_and(|last| !last.is_empty()) {
            base.pop();
        }
        let mut all: Vec<&str> = base;
        all.extend(reference.split('/'));
        let last = all.len().saturating_sub(1);
        all.iter()
            .enumerate()
            .filter(|(i, seg)| *i == 0 || *i == last || !seg.is_empty())
            .map(|(_, seg)| *seg)
            .collect()
    };
    let mut resolved: Vec<&str> = Vec::new();
    for segment in &segments {
        match *segment {
            ".." => {
                resolved.pop();
            }
            "." => {}
            other => resolved.push(other),
        }
    }
    if segments
        .last()
        .is_some_and(|last| *last == "." || *last == "..")
    {
        resolved.push("");
    }
    let joined = resolved.join("/");
    if joined.is_empty() {
        "/".to_string()
    } else {
        joined
    }
}

#[allow(dead_code)]
fn unused(_: Span, _: ErrorKind) {}

/// Python's `quote_plus`, as `QueryDict.urlencode` writes keys and values.
fn quote_plus(text: &str) -> String {
    filters::text::urlencode(text, Some("")).replace("%20", "+")
}

/// The state of a loop whose body uses `forloop`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoopState {
    pub(super) index: usize,
    pub(super) len: usize,
}

/// Applies the remaining segments of a path to a value.
fn follow(value: Value, segments: &[Segment]) -> Option<Value> {
    segments
        .iter()
        .try_fold(value, |current, segment| current.get_attr(segment))
}

/// Field `key` of `forloop` at item `i` (from 0) of `len` (not
/// `parentloop`): the one rule for the tree walker and the flat program.
/// The text `value` printed as (`print_value`), kept in a variable as
/// Django keeps `render_value_in_context`'s result (`firstof … as`,
/// `translate … as`): escaped, so safe, under autoescape; else
/// `str(value)`, safe only if the value was.
fn rendered_value(text: String, value: &Value, autoescape: bool) -> Value {
    if autoescape || value.is_safe() {
        Value::safe(text)
    } else {
        Value::str(text)
    }
}

pub(crate) fn forloop_field(key: &str, i: usize, len: usize) -> Option<Value> {
    let n = |x: usize| Value::Int(i64::try_from(x).unwrap_or(i64::MAX));
    Some(match key {
        "counter0" => n(i),
        "counter" => n(i + 1),
        "revcounter" => n(len - i),
        "revcounter0" => n(len - i - 1),
        "first" => Value::Bool(i == 0),
        "last" => Value::Bool(i + 1 == len),
        "length" => n(len),
        _ => return None,
    })
}

#[cfg(test)]
mod urljoin_tests {
    /// Expected values from Python 3.12's `urllib.parse.urljoin`.
    #[test]
    fn joins_as_python() {
        let cases = [
            ("/static/", "a/b.css", "/static/a/b.css"),
            ("/static/", "/x", "/x"),
            ("/static/", "../../y", "y"),
            ("/static/", "c", "/static/c"),
            ("/static/", "//h/z", "//h/z"),
            ("/static/", "a//b", "/static/a/b"),
            ("/static/", "./.", "/static/"),
            ("/static/", "", "/static/"),
            ("https://cdn.x/s/", "a/b.css", "https://cdn.x/s/a/b.css"),
            ("https://cdn.x/s/", "/x", "https://cdn.x/x"),
            ("https://cdn.x/s/", "../../y", "https://cdn.x/y"),
            ("https://cdn.x/s/", "c", "https://cdn.x/s/c"),
            ("https://cdn.x/s/", "//h/z", "https://h/z"),
            ("https://cdn.x/s/", "a//b", "https://cdn.x/s/a/b"),
            ("https://cdn.x/s/", "./.", "https://cdn.x/s/"),
            ("https://cdn.x/s/", "", "https://cdn.x/s/"),
            ("https://cdn.x", "a/b.css", "https://cdn.x/a/b.css"),
            ("https://cdn.x", "/x", "https://cdn.x/x"),
            ("https://cdn.x", "../../y", "https://cdn.x/y"),
            ("https://cdn.x", "c", "https://cdn.x/c"),
            ("https://cdn.x", "//h/z", "https://h/z"),
            ("https://cdn.x", "a//b", "https://cdn.x/a/b"),
            ("https://cdn.x", "./.", "https://cdn.x/"),
            ("https://cdn.x", "", "https://cdn.x"),
            ("", "a/b.css", "a/b.css"),
            ("", "/x", "/x"),
            ("", "../../y", "../../y"),
            ("", "c", "c"),
            ("", "//h/z", "//h/z"),
            ("", "a//b", "a//b"),
            ("", "./.", "./."),
            ("", "", ""),
            ("s/", "a/b.css", "s/a/b.css"),
            ("s/", "/x", "/x"),
            ("s/", "../../y", "y"),
            ("s/", "c", "s/c"),
            ("s/", "//h/z", "//h/z"),
            ("s/", "a//b", "s/a/b"),
            ("s/", "./.", "s/"),
            ("s/", "", "s/"),
            ("/static", "a/b.css", "/a/b.css"),
            ("/static", "/x", "/x"),
            ("/static", "../../y", "y"),
            ("/static", "c", "/c"),
            ("/static", "//h/z", "//h/z"),
            ("/static", "a//b", "/a/b"),
            ("/static", "./.", "/"),
            ("/static", "", "/static"),
        ];
        for (base, reference, want) in cases {
            assert_eq!(
                super::urljoin(base, reference),
                want,
                "urljoin({base:?}, {reference:?})"
            );
        }
    }
}
