//! Simulator throughput: contacts simulated per second on one core.
//!
//! - `mm50`: M/M/50 at 90% load, about 100,000 contacts per run.
//! - `mixed_pool`: two types with abandonment on 20 A-only, 14 B-only and 10 flexible agents,
//!   about 100,000 contacts per run.
//!
//! Run with `cargo bench -p callwright-core --bench sim -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use callwright_core::sim::{Scenario, Simulation};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const MM50: &str = include_str!("../../examples/sim/mm50.toml");
const MIXED: &str = include_str!("../../examples/sim/mixed_pool.toml");

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    for (name, text) in [("mm50", MM50), ("mixed_pool", MIXED)] {
        let scenario = Scenario::from_toml(text).expect("the example scenario parses");
        // One replication runs on one rayon worker: one core.
        let sim = Simulation::new(scenario).seed(1).replications(1);
        let contacts = sim
            .run()
            .expect("the example scenario runs")
            .contacts_simulated;
        g.throughput(Throughput::Elements(contacts));
        g.bench_function(name, |b| b.iter(|| black_box(sim.run().expect("runs"))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
