//! The growable buffers a render works in (scopes, the template and loop
//! stacks), kept per thread between renders: a render reuses the last
//! one's buffers instead of allocating its own.
//!
//! Only empty buffers are kept, and only a bounded number of scopes, so
//! nothing of one render's data outlives it.

use std::cell::RefCell;
use std::sync::Arc;
use std::thread::LocalKey;

use crate::compile::CompiledTemplate;

use super::tags::LoopState;

pub(crate) use super::frame::Frame;

/// At most this many empty scopes are kept per thread.
const MAX_SPARE_FRAMES: usize = 32;

/// The buffers of a [`super::Context`].
#[derive(Default)]
pub(crate) struct ContextBuffers {
    pub frames: Vec<Frame>,
    pub spare: Vec<Frame>,
}

/// The buffers of a [`super::Renderer`].
#[derive(Default)]
pub(crate) struct RendererBuffers {
    pub templates: Vec<Arc<CompiledTemplate>>,
    pub origins: Vec<(Arc<str>, Arc<str>)>,
    pub loop_runs: Vec<u64>,
    pub loops: Vec<Option<LoopState>>,
    pub slots: Vec<Vec<super::vm::LoopSlot>>,
    pub state: super::RenderState,
}

thread_local! {
    static CONTEXT: RefCell<Option<ContextBuffers>> = const { RefCell::new(None) };
    static RENDERER: RefCell<Option<RendererBuffers>> = const { RefCell::new(None) };
}

/// The buffers kept in `slot`, or new ones.
fn take<T: Default>(slot: &'static LocalKey<RefCell<Option<T>>>) -> T {
    slot.try_with(|kept| kept.try_borrow_mut().ok().and_then(|mut k| k.take()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Keeps `buffers` (already emptied) in `slot` for the next render.
fn give<T>(slot: &'static LocalKey<RefCell<Option<T>>>, buffers: T) {
    let _ = slot.try_with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            *kept = Some(buffers);
        }
    });
}

/// Empty context buffers: this thread's last ones, or new ones.
pub(crate) fn take_context() -> ContextBuffers {
    take(&CONTEXT)
}

/// Empties `buffers` and keeps them for the next context of this thread.
pub(crate) fn give_context(mut buffers: ContextBuffers) {
    for mut frame in buffers.frames.drain(..) {
        if buffers.spare.len() < MAX_SPARE_FRAMES {
            frame.clear();
            buffers.spare.push(frame);
        }
    }
    buffers.spare.truncate(MAX_SPARE_FRAMES);
    give(&CONTEXT, buffers);
}

/// Empty renderer buffers: this thread's last ones, or new ones.
pub(crate) fn take_renderer() -> RendererBuffers {
    take(&RENDERER)
}

/// Empties `buffers` and keeps them for the next render of this thread.
pub(crate) fn give_renderer(mut buffers: RendererBuffers) {
    buffers.templates.clear();
    buffers.origins.clear();
    buffers.loop_runs.clear();
    buffers.loops.clear();
    for slots in &mut buffers.slots {
        slots.clear();
    }
    buffers.state.clear();
    give(&RENDERER, buffers);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn buffers_come_back_empty_with_their_capacity() {
        let mut buffers = take_context();
        let mut frame = Frame::with_capacity(8);
        frame.set(Arc::from("x"), Value::Int(1));
        buffers.frames.push(frame);
        give_context(buffers);
        let again = take_context();
        assert!(again.frames.is_empty());
        assert!(again.spare.iter().all(Frame::is_empty));
        assert!(again.spare.iter().any(|f| f.capacity() >= 8));
    }
}
