//! Router throughput: routing decisions per second on the 1,000-agent / 50-queue / 20-skill
//! steady-state workload (`tests/common/workload.rs`), one router call (a push on arrival, a
//! pull on completion, or a timer) per iteration, driver included.
//!
//! ```text
//! cargo bench -p callwright-core --bench router -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../tests/common/workload.rs"]
#[allow(
    dead_code,
    reason = "shared with the allocation test, which reads other fields"
)]
mod workload;

fn router(c: &mut Criterion) {
    let mut group = c.benchmark_group("router");
    group.throughput(Throughput::Elements(1));
    let mut w = workload::Workload::new(42);
    // Reach steady state (queues, heaps and maps at their working size).
    for _ in 0..300_000 {
        w.step();
    }
    group.bench_function("decision/1000_agents_50_queues_20_skills", |b| {
        b.iter(|| black_box(w.step()));
    });
    group.finish();
}

criterion_group!(benches, router);
criterion_main!(benches);
