//! The variable scopes of a render: Django's `Context`, a stack of frames
//! over the user's root mapping.

use crate::compile::expr::Segment;
use std::sync::Arc;

use super::scratch::{self, ContextBuffers, Frame};
use crate::value::{Dict, Value};

/// Where [`Context::bind`] put a name: its scope and its place in it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    frame: usize,
    index: usize,
}

/// A stack of scopes; lookups search from the innermost frame out to the
/// root mapping.
pub(crate) struct Context {
    root: Dict,
    /// Defaults every render sees, below the root.
    defaults: Option<Dict>,
    frames: Vec<Frame>,
    /// Emptied scopes kept for reuse, so a loop run inside another loop
    /// does not allocate its scope again.
    spare: Vec<Frame>,
    /// The root's names folded to ASCII lower case, to the first of them
    /// (Djula's case-insensitive lookups), made on the first such lookup.
    root_folded: std::cell::OnceCell<std::collections::HashMap<Box<str>, Arc<str>>>,
    /// Django's `context.autoescape`: lexically set by `{% autoescape %}`
    /// but inherited by included templates, hence a runtime flag.
    pub autoescape: bool,
}

impl Context {
    pub(crate) fn new(root: Dict, defaults: Option<Dict>, autoescape: bool) -> Context {
        let ContextBuffers {
            mut frames,
            mut spare,
        } = scratch::take_context();
        frames.push(spare.pop().unwrap_or_default());
        Context {
            root,
            defaults,
            frames,
            spare,
            root_folded: std::cell::OnceCell::new(),
            autoescape,
        }
    }

    /// The value bound to `name`, innermost scope first.
    #[inline(always)]
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        for frame in self.frames.iter().rev() {
            if let Some(v) = frame.get(name) {
                return Some(v);
            }
        }
        self.get_global(name)
    }

    /// The value bound to `name` in the root mapping, the defaults or
    /// Django's builtins (`True`, `False`, `None`).
    fn get_global(&self, name: &str) -> Option<&Value> {
        self.root
            .get(name)
            .or_else(|| self.defaults.as_ref().and_then(|d| d.get(name)))
            .or(match name {
                // Django's context builtins, below everything else.
                "True" => Some(&Value::Bool(true)),
                "False" => Some(&Value::Bool(false)),
                "None" => Some(&Value::None),
                _ => None,
            })
    }

    /// The value bound to a name equal to `name` ignoring ASCII case
    /// (Djula's case-insensitive names).
    pub(crate) fn get_ignore_case(&self, name: &str) -> Option<&Value> {
        for frame in self.frames.iter().rev() {
            if let Some(v) = frame.get_ignore_case(name) {
                return Some(v);
            }
        }
        // The root, by an index of its names folded to lower case, made on
        // the first such lookup of the render (a context may hold many
        // names, and every miss would read them all).
        let folded = self.root_folded.get_or_init(|| {
            let mut folded = std::collections::HashMap::new();
            for (k, _) in self.root.iter() {
                folded
                    .entry(k.to_ascii_lowercase().into_boxed_str())
                    .or_insert_with(|| k.clone());
            }
            folded
        });
        let root = folded
            .get(&*name.to_ascii_lowercase())
            .and_then(|k| self.root.get(k));
        root.or_else(|| {
            self.defaults.as_ref().and_then(|d| {
                d.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v)
            })
        })
    }

    /// Whether `name` is bound by a tag (`with`, a loop variable, …) rather
    /// than by the user's context.
    #[inline(always)]
    pub(crate) fn bound_in_frames(&self, name: &str) -> bool {
        // Inlined: this runs per `forloop` test, mostly over empty scopes.
        for frame in &self.frames {
            if frame.position(name).is_some() {
                return true;
            }
        }
        false
    }

    /// Binds `name` in the innermost scope (Django's `context[name] = v`).
    pub(crate) fn set(&mut self, name: impl Into<Arc<str>>, value: Value) {
        self.bind(name.into(), value);
    }

    /// Binds `name` in the innermost scope, as [`Context::set`], and says
    /// where, so that a loop rebinds its variable each iteration with
    /// [`Context::rebind`] instead of searching the scope by name.
    pub(crate) fn bind(&mut self, name: Arc<str>, value: Value) -> Slot {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let frame = self.frames.len() - 1;
        let index = match self.frames.last_mut() {
            Some(entries) => entries.set(name, value),
            None => 0,
        };
        Slot { frame, index }
    }

    /// Replaces the value at `slot` (from [`Context::bind`] in a scope that
    /// is still open: entries of a scope are only ever added or replaced).
    #[inline]
    pub(crate) fn rebind(&mut self, slot: Slot, value: Value) {
        if let Some(entry) = self
            .frames
            .get_mut(slot.frame)
            .and_then(|f| f.get_mut(slot.index))
        {
            *entry = value;
        }
    }

    /// The value a dotted path names when every step is a plain dict key or
    /// list index, borrowed from the context: the fast path of a lookup.
    /// `None` sends the caller to the full lookup (missing names, computed
    /// attributes such as dict methods, case-insensitive names).
    #[inline]
    pub(crate) fn resolve(&self, segments: &[Segment]) -> Option<&Value> {
        let (first, rest) = segments.split_first()?;
        let mut current = self.get(first)?;
        for segment in rest {
            current = current.get_item_hinted(segment, &segment.hint)?;
        }
        Some(current)
    }

    /// Django's `set_upward`: rebinds `name` in the innermost scope that has
    /// it, else binds it in the innermost scope.
    pub(crate) fn set_upward(&mut self, name: &str, value: Value) {
        for frame in self.frames.iter_mut().rev() {
            if let Some(at) = frame.position(name) {
                if let Some(slot) = frame.get_mut(at) {
                    *slot = value;
                }
                return;
            }
        }
        self.set(name, value);
    }

    /// A copy sharing the values (cheap: values are reference counted).
    /// Its scopes are merged into one, the inner names last, so lookups
    /// see what they see here, and the copy costs one buffer at most.
    pub(crate) fn snapshot(&self) -> Context {
        let mut bound = Frame::default();
        for (name, value) in self.frames.iter().flat_map(Frame::iter) {
            bound.set(name.clone(), value.clone());
        }
        Context {
            root: self.root.clone(),
            defaults: self.defaults.clone(),
            frames: if bound.is_empty() {
                Vec::new()
            } else {
                vec![bound]
            },
            spare: Vec::new(),
            root_folded: std::cell::OnceCell::new(),
            autoescape: self.autoescape,
        }
    }

    pub(crate) fn push(&mut self) {
        let frame = self.spare.pop().unwrap_or_default();
        self.frames.push(frame);
    }

    /// An empty scope to fill before it is pushed with
    /// [`Context::push_filled`]: `{% with a=b b=a %}` evaluates every
    /// value in the scope outside, so the new scope stays out of sight
    /// until all are known. A spare one, so a render reuses its buffer.
    pub(crate) fn fresh_frame(&mut self) -> Frame {
        self.spare.pop().unwrap_or_default()
    }

    /// Pushes a scope filled from [`Context::fresh_frame`].
    pub(crate) fn push_filled(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    /// Gives back a scope from [`Context::fresh_frame`] that was not pushed
    /// (its values failed to evaluate).
    pub(crate) fn return_frame(&mut self, mut frame: Frame) {
        frame.clear();
        self.spare.push(frame);
    }

    pub(crate) fn pop(&mut self) {
        if self.frames.len() > 1 {
            if let Some(mut frame) = self.frames.pop() {
                frame.clear();
                self.spare.push(frame);
            }
        }
    }

    /// A context for `{% include … only %}`: the same settings, no variables.
    pub(crate) fn isolated(&self) -> Context {
        Context::new(Dict::default(), self.defaults.clone(), self.autoescape)
    }

    /// Every bound name, for `{% debug %}` and error pages.
    pub(crate) fn keys(&self) -> Vec<Arc<str>> {
        let mut keys: Vec<Arc<str>> = self.root.iter().map(|(k, _)| k.clone()).collect();
        let mut seen: std::collections::HashSet<Arc<str>> = keys.iter().cloned().collect();
        for frame in &self.frames {
            for (k, _) in frame.iter() {
                if seen.insert(k.clone()) {
                    keys.push(k.clone());
                }
            }
        }
        keys
    }
}

impl Drop for Context {
    /// Hands the scopes back for the next render of this thread.
    fn drop(&mut self) {
        // The context's small blocks, for the next conversion to fill.
        crate::value::keep_spare(Value::Map(std::mem::take(&mut self.root)));
        scratch::give_context(ContextBuffers {
            frames: std::mem::take(&mut self.frames),
            spare: std::mem::take(&mut self.spare),
        });
    }
}
