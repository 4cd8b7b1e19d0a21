//! The simulator allocates nothing per event in steady state: a run twice as long makes
//! (almost) no more allocations. Only one test lives in this file, so nothing else allocates
//! in the process while it counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use callwright_core::sim::{Scenario, Simulation};

/// Counts allocations (and reallocations) on top of the system allocator.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counter has no effect on memory.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Two contact types with abandonment and wrap-up on a mixed pool (the second throughput
/// benchmark's shape, smaller), over `length_s` seconds.
fn scenario(length_s: f64) -> Scenario {
    Scenario::from_toml(&format!(
        r#"
        [horizon]
        period_s = {length_s:?}
        periods = 1
        [routing]
        skills = ["a", "b"]
        profiles = [
            {{ id = "pa", queues = [{{ queue = "A" }}] }},
            {{ id = "pb", queues = [{{ queue = "B" }}] }},
            {{ id = "pab", queues = [{{ queue = "A" }}, {{ queue = "B" }}] }},
        ]
        queues = [{{ id = "A", wait_weight = 1.0 }}, {{ id = "B", wait_weight = 1.0 }}]
        [[contact_types]]
        id = "A"
        arrivals = {{ process = "poisson", rates_per_s = 0.4 }}
        service = {{ dist = "exponential", mean_s = 60 }}
        wrap_up = {{ dist = "exponential", mean_s = 5 }}
        patience = {{ dist = "exponential", mean_s = 120 }}
        [[contact_types]]
        id = "B"
        arrivals = {{ process = "poisson", rates_per_s = 0.2667 }}
        service = {{ dist = "exponential", mean_s = 60 }}
        patience = {{ dist = "exponential", mean_s = 120 }}
        [[agent_groups]]
        id = "a"
        profile = "pa"
        skills = {{ a = 50 }}
        headcount = 20
        [[agent_groups]]
        id = "b"
        profile = "pb"
        skills = {{ b = 50 }}
        headcount = 14
        [[agent_groups]]
        id = "ab"
        profile = "pab"
        skills = {{ a = 50, b = 50 }}
        headcount = 10
        "#
    ))
    .expect("the test scenario parses")
}

fn allocations_of(length_s: f64) -> (u64, u64) {
    let sim = Simulation::new(scenario(length_s))
        .seed(3)
        .replications(1)
        .threads(1);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let r = sim.run().expect("runs");
    (
        ALLOCATIONS.load(Ordering::Relaxed) - before,
        r.contacts_simulated,
    )
}

#[test]
fn steady_state_allocates_nothing_per_event() {
    allocations_of(1_000.0); // pools, lazy statics
    let (short, n_short) = allocations_of(30_000.0);
    let (long, n_long) = allocations_of(60_000.0);
    assert!(n_long > n_short + 15_000, "{n_short} {n_long}");
    let extra = long.saturating_sub(short);
    // Tens of thousands more contacts (and events); only the odd buffer growth (a longer run
    // reaches a slightly longer queue) may allocate.
    assert!(
        extra <= 16,
        "{extra} more allocations for {} more contacts",
        n_long - n_short
    );
}
