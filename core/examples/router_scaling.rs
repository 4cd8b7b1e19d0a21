//! Drives the router bench's steady-state workload (`core/tests/common/workload.rs`) with a
//! given number of agents (queues scaled with them, 50 per 1,000 agents, so each queue's
//! eligible pool keeps its size): the program behind the cache-miss figures in the
//! "Performance" section of `callwright_core::routing`.
//!
//! ```text
//! cargo build --release -p callwright-core --example router_scaling
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/router_scaling 4000 0
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/router_scaling 4000 200000
//! ```
//!
//! Arguments: agents (default 1000), router calls to make after the warm-up (default
//! 200,000). The warm-up is 150 calls per agent; the difference between two runs with
//! different call counts is the cost of those calls alone.
#![allow(clippy::print_stdout)]

#[path = "../tests/common/workload.rs"]
#[allow(
    dead_code,
    reason = "shared with the bench and the allocation test, which read other parts"
)]
mod workload;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let agents: usize = args.next().map_or(Ok(1000), |a| a.parse())?;
    let calls: u64 = args.next().map_or(Ok(200_000), |a| a.parse())?;
    let queues = (workload::QUEUES * agents / workload::AGENTS).max(1);
    let mut w = workload::Workload::with_size(42, agents, queues);
    for _ in 0..150 * agents {
        w.step();
    }
    let (warm_calls, warm_assigned) = (w.calls, w.assigned);
    let mut decisions = 0;
    while w.calls - warm_calls < calls {
        decisions += w.step();
    }
    println!(
        "{agents} agents, {queues} queues: {} calls, {decisions} decisions, {} assigned after warm-up",
        w.calls - warm_calls,
        w.assigned - warm_assigned
    );
    Ok(())
}
