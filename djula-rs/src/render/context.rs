//! The variable scopes of a render: Django's `Context`, a stack of frames
//! over the user's root mapping.

use std::sync::Arc;

use crate::value::{Map, Value};

/// A stack of scopes; lookups search from the innermost frame out to the
/// root mapping.
#[derive(Clone)]
pub(crate) struct Context {
    root: Arc<Map>,
    /// Defaults every render sees, below the root.
    defaults: Option<Arc<Map>>,
    frames: Vec<Vec<(Arc<str>, Value)>>,
    /// Django's `context.autoescape`: lexically set by `{% autoescape %}`
    /// but inherited by included templates, hence a runtime flag.
    pub autoescape: bool,
}

impl Context {
    pub(crate) fn new(root: Arc<Map>, defaults: Option<Arc<Map>>, autoescape: bool) -> Context {
        Context {
            root,
            defaults,
            frames: vec![Vec::new()],
            autoescape,
        }
    }

    /// The value bound to `name`, innermost scope first.
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        for frame in self.frames.iter().rev() {
            if let Some((_, v)) = frame.iter().rev().find(|(k, _)| &**k == name) {
                return Some(v);
            }
        }
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
            if let Some((_, v)) = frame
                .iter()
                .rev()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
            {
                return Some(v);
            }
        }
        let root = self
            .root
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v);
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
    pub(crate) fn bound_in_frames(&self, name: &str) -> bool {
        self.frames
            .iter()
            .any(|frame| frame.iter().any(|(k, _)| &**k == name))
    }

    /// Whether `name` is bound anywhere.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Binds `name` in the innermost scope (Django's `context[name] = v`).
    pub(crate) fn set(&mut self, name: impl Into<Arc<str>>, value: Value) {
        let name = name.into();
        if self.frames.is_empty() {
            self.frames.push(Vec::new());
        }
        if let Some(frame) = self.frames.last_mut() {
            match frame.iter_mut().find(|(k, _)| *k == name) {
                Some(slot) => slot.1 = value,
                None => frame.push((name, value)),
            }
        }
    }

    /// Django's `set_upward`: rebinds `name` in the innermost scope that has
    /// it, else binds it in the innermost scope.
    pub(crate) fn set_upward(&mut self, name: &str, value: Value) {
        for frame in self.frames.iter_mut().rev() {
            if let Some(slot) = frame.iter_mut().find(|(k, _)| &**k == name) {
                slot.1 = value;
                return;
            }
        }
        self.set(name, value);
    }

    /// A copy sharing the values (cheap: values are reference counted).
    pub(crate) fn snapshot(&self) -> Context {
        self.clone()
    }

    pub(crate) fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    pub(crate) fn pop(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    /// A context for `{% include … only %}`: the same settings, no variables.
    pub(crate) fn isolated(&self) -> Context {
        Context {
            root: Arc::new(Map::new()),
            defaults: self.defaults.clone(),
            frames: vec![Vec::new()],
            autoescape: self.autoescape,
        }
    }

    /// Every bound name, for `{% debug %}` and error pages.
    pub(crate) fn keys(&self) -> Vec<Arc<str>> {
        let mut keys: Vec<Arc<str>> = self.root.iter().map(|(k, _)| k.clone()).collect();
        for frame in &self.frames {
            for (k, _) in frame {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        keys
    }
}
