//! Allocations and bytes allocated per render, for every engine and
//! workload of `one_render` (a counting global allocator).
//!
//! ```text
//! cargo run --release -p benches --features peers --example allocations
//! ```
//!
//! Each cell renders once to warm up (lazy statics, the learned output
//! size), then counts the allocations of `RENDERS` renders and divides.
//! "beyond output" subtracts one allocation per render: the returned
//! `String` that holds the page.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "../peers/mod.rs"]
mod peers;

/// The system allocator, counting calls and bytes.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the counters are plain atomics and never touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const RENDERS: usize = 20;

fn main() {
    let all = peers::All::new();
    let data = peers::Data::standard();
    println!("allocations (bytes) per render; `beyond output` excludes the page's String");
    println!();
    print!("| engine |");
    for workload in peers::WORKLOADS {
        print!(" {workload} | beyond output |");
    }
    println!();
    println!("|---|{}", "---:|---:|".repeat(peers::WORKLOADS.len()));
    for engine in peers::ENGINES {
        print!("| {engine} |");
        for workload in peers::WORKLOADS {
            let render = all.renderer(engine, workload, &data);
            std::hint::black_box(render());
            let (a0, b0) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
            for _ in 0..RENDERS {
                std::hint::black_box(render());
            }
            let allocations = (ALLOCATIONS.load(Relaxed) - a0) as f64 / RENDERS as f64;
            let bytes = (BYTES.load(Relaxed) - b0) / RENDERS;
            print!(
                " {allocations:.0} ({}) | {:.0} |",
                human(bytes),
                allocations - 1.0
            );
        }
        println!();
    }
}

/// Bytes as B / KiB / MiB.
fn human(bytes: usize) -> String {
    match bytes {
        b if b < 10 * 1024 => format!("{b} B"),
        b if b < 10 * 1024 * 1024 => format!("{} KiB", b / 1024),
        b => format!("{} MiB", b / (1024 * 1024)),
    }
}
