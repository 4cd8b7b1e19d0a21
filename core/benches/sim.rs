//! Simulator throughput: contacts simulated per second on one core.
//!
//! - `mm50`: M/M/50 at 90% load, about 100,000 contacts per run.
//! - `mixed_pool`: two types with abandonment on 20 A-only, 14 B-only and 10 flexible agents,
//!   about 100,000 contacts per run.
//!
//! Two measurements: wall-clock time (`sim`), and the CPU time of the one thread that runs the
//! replication (`sim_cpu`), which stays meaningful on a shared machine where wall-clock time
//! also counts time spent descheduled.
//!
//! Run with `cargo bench -p callwright-core --bench sim -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use callwright_core::sim::{Scenario, Simulation};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::{ThreadCpu, thread_cpu_ns};

const SCENARIOS: [(&str, &str); 2] = [
    ("mm50", include_str!("../../examples/sim/mm50.toml")),
    (
        "mixed_pool",
        include_str!("../../examples/sim/mixed_pool.toml"),
    ),
];

/// One replication of each scenario, with the number of contacts it simulates.
fn runs() -> Vec<(&'static str, Simulation, u64)> {
    SCENARIOS
        .iter()
        .map(|&(name, text)| {
            let scenario = Scenario::from_toml(text).expect("the example scenario parses");
            let sim = Simulation::new(scenario).seed(1).replications(1);
            let contacts = sim
                .run()
                .expect("the example scenario runs")
                .contacts_simulated;
            (name, sim, contacts)
        })
        .collect()
}

fn wall(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    for (name, sim, contacts) in runs() {
        // One replication runs on one rayon worker: one core.
        g.throughput(Throughput::Elements(contacts));
        g.bench_function(name, |b| b.iter(|| black_box(sim.run().expect("runs"))));
    }
    g.finish();
}

fn cpu(c: &mut Criterion<ThreadCpu>) {
    if thread_cpu_ns().is_none() {
        return;
    }
    // A one-thread pool: the replication runs on the thread that reads its own CPU time.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut g = c.benchmark_group("sim_cpu");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for (name, sim, contacts) in runs() {
        g.throughput(Throughput::Elements(contacts));
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                pool.install(|| {
                    let start = thread_cpu_ns().unwrap_or(0);
                    for _ in 0..iters {
                        black_box(sim.run().expect("runs"));
                    }
                    thread_cpu_ns().unwrap_or(0).saturating_sub(start)
                })
            });
        });
    }
    g.finish();
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
