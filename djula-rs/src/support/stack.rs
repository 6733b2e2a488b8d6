//! Stack growth for the recursive passes.
//!
//! Nesting depth is bounded by `Settings::max_depth`; this makes sure that
//! bound, not the size of the caller's thread stack, is what decides.

/// Free stack below which a new segment is allocated: room for `STRIDE`
/// levels of the largest (debug build) frames.
const RED_ZONE: usize = 512 * 1024;
/// The renderer checks the stack every `STRIDE` levels of nesting.
pub(crate) const STRIDE: usize = 4;
/// Size of each new stack segment.
const SEGMENT: usize = 2 * 1024 * 1024;

/// Runs `f`, first growing the stack if little of it is left.
#[inline]
pub(crate) fn guarded<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
