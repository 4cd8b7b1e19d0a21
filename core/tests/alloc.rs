//! No heap allocation per routing decision in steady state, checked with a counting global
//! allocator on the bench workload (1,000 agents, 50 queues, 20 skills).
#![allow(
    unsafe_code,
    reason = "a counting GlobalAlloc must implement an unsafe trait"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

#[path = "common/workload.rs"]
#[allow(
    dead_code,
    reason = "shared with the bench, which also replays recorded calls"
)]
mod workload;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Tests run on parallel threads; each holds this while counting, so none counts another's.
static COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn steady_state_decisions_allocate_nothing() {
    let _alone = COUNTING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut w = workload::Workload::new(7);
    for _ in 0..300_000 {
        w.step();
    }
    let (calls, assigned) = (w.calls, w.assigned);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..200_000 {
        w.step();
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    let (calls, assigned) = (w.calls - calls, w.assigned - assigned);
    assert!(
        calls == 200_000 && assigned > 50_000,
        "{calls} calls, {assigned} assigned"
    );
    assert_eq!(
        allocations, 0,
        "{allocations} allocations in {calls} routing calls"
    );
}

#[test]
fn wait_predictions_allocate_nothing() {
    use callwright_core::model::{ContactId, QueueId};
    use callwright_core::routing::Predictor;
    let _alone = COUNTING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut w = workload::Workload::new(11);
    for _ in 0..300_000 {
        w.step();
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let (mut answered, mut waiting) = (0u32, 0u32);
    for i in 0..100_000u32 {
        w.step();
        let now = w.router.now();
        let p = Predictor::ALL[i as usize % Predictor::ALL.len()];
        let q = QueueId(i % 50);
        if w.router.predict_wait(q, p, now).expect("valid").is_some() {
            answered += 1;
        }
        // One of the 64 newest contacts.
        let id = ContactId(w.newest_id().saturating_sub(u64::from(i % 64)));
        if let Ok(Some(_)) = w.router.predict_contact_wait(id, p, now) {
            waiting += 1;
        }
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    assert!(answered > 50_000 && waiting > 100, "{answered} {waiting}");
    assert_eq!(allocations, 0, "{allocations} allocations");
}
