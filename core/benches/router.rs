//! Router throughput: routing decisions per second on the 1,000-agent / 50-queue / 20-skill
//! steady-state workload (`tests/common/workload.rs`), one router call (a push on arrival, a
//! pull on completion, or a timer) per iteration, driver included.
//!
//! Two loops: `with_driver` runs the workload's event loop (random draws, completion heap)
//! around the router; `router_only` replays a recorded stream of the same calls on a fresh
//! router, so only the router's own work is timed (determinism makes the replay make exactly
//! the recorded decisions).
//!
//! Two measurements of each: wall-clock time (criterion's default), and the CPU time of the
//! benchmarking thread (Linux `/proc/thread-self/schedstat`), which stays meaningful on a
//! shared, oversubscribed machine where wall-clock time also counts time spent descheduled.
//!
//! A third group, `router_predict`, times the wait-prediction calls on the warmed router.
//!
//! ```text
//! cargo bench -p callwright-core --bench router -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::{ThreadCpu, thread_cpu_ns};

#[path = "../tests/common/workload.rs"]
#[allow(
    dead_code,
    reason = "shared with the allocation test, which reads other fields"
)]
mod workload;

const NAME: &str = "1000_agents_50_queues_20_skills";
const WARM: usize = 300_000;
const RECORDED: usize = 2_000_000;

fn warmed() -> workload::Workload {
    let mut w = workload::Workload::new(42);
    // Reach steady state (queues, heaps and maps at their working size).
    for _ in 0..WARM {
        w.step();
    }
    w
}

/// A recorded stream of router calls and a router positioned after its warm-up part.
struct Replay {
    script: Vec<workload::Event>,
    router: callwright_core::Router,
    at: usize,
}

impl Replay {
    fn new() -> Self {
        let mut w = workload::Workload::new(42);
        w.log = Some(Vec::with_capacity(WARM + RECORDED));
        for _ in 0..WARM + RECORDED {
            w.step();
        }
        let script = w.log.take().unwrap_or_default();
        let mut r = Self {
            script,
            router: workload::router(42, workload::AGENTS, workload::QUEUES),
            at: 0,
        };
        r.rewind();
        r
    }

    /// A fresh router replayed through the warm-up (untimed).
    fn rewind(&mut self) {
        self.router = workload::router(42, workload::AGENTS, workload::QUEUES);
        for e in &self.script[..WARM] {
            workload::apply(&mut self.router, e);
        }
        self.at = WARM;
    }

    /// Replays `n` calls (rewinding first when the script would run out).
    fn run<M, F: FnMut() -> M>(&mut self, n: u64, mut clock: F) -> (M, M) {
        let n = usize::try_from(n).unwrap_or(usize::MAX).min(RECORDED);
        if self.at + n > self.script.len() {
            self.rewind();
        }
        let start = clock();
        for e in &self.script[self.at..self.at + n] {
            black_box(workload::apply(&mut self.router, e));
        }
        let end = clock();
        self.at += n;
        (start, end)
    }
}

fn wall(c: &mut Criterion) {
    let mut group = c.benchmark_group("router_wall");
    group.throughput(Throughput::Elements(1));
    let mut w = warmed();
    group.bench_function(format!("with_driver/{NAME}"), |b| {
        b.iter(|| black_box(w.step()));
    });
    let mut replay = Replay::new();
    group.bench_function(format!("router_only/{NAME}"), |b| {
        b.iter_custom(|iters| {
            let (start, end) = replay.run(iters, std::time::Instant::now);
            end - start
        });
    });
    group.finish();
}

fn cpu(c: &mut Criterion<ThreadCpu>) {
    if thread_cpu_ns().is_none() {
        return;
    }
    let mut group = c.benchmark_group("router_cpu");
    group.throughput(Throughput::Elements(1));
    // The kernel updates thread CPU time at scheduler ticks: few, long samples.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    let mut w = warmed();
    group.bench_function(format!("with_driver/{NAME}"), |b| {
        b.iter(|| black_box(w.step()));
    });
    let mut replay = Replay::new();
    group.bench_function(format!("router_only/{NAME}"), |b| {
        b.iter_custom(|iters| {
            let (start, end) = replay.run(iters, || thread_cpu_ns().unwrap_or(0));
            end.saturating_sub(start)
        });
    });
    group.finish();

    // Per-decision cost against the total number of agents: 4x the agents and queues (each
    // queue's eligible pool the same size), the arrival rate scaled to keep the load.
    let mut group = c.benchmark_group("router_cpu_scaling");
    group.throughput(Throughput::Elements(1));
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for agents in [1_000, 4_000] {
        let queues = workload::QUEUES * agents / workload::AGENTS;
        let mut w = workload::Workload::with_size(42, agents, queues);
        for _ in 0..WARM * agents / 1_000 {
            w.step();
        }
        group.bench_function(
            format!("with_driver/{agents}_agents_{queues}_queues"),
            |b| {
                b.iter(|| black_box(w.step()));
            },
        );
    }
    group.finish();
}

/// The wait-prediction calls on the warmed workload's router (state frozen): a new contact's
/// prediction for each queue in turn, and a waiting contact's, each predictor in turn.
fn predict(c: &mut Criterion) {
    use callwright_core::model::{ContactId, ContactStatus, QueueId};
    use callwright_core::routing::Predictor;
    let mut group = c.benchmark_group("router_predict");
    group.throughput(Throughput::Elements(1));
    let mut w = warmed();
    let now = w.router.now();
    let mut i = 0u32;
    group.bench_function(format!("new_contact/{NAME}"), |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let p = Predictor::ALL[i as usize % Predictor::ALL.len()];
            black_box(w.router.predict_wait(QueueId(i % 50), p, now))
        });
    });
    let waiting: Vec<ContactId> = (0..=w.newest_id())
        .rev()
        .map(ContactId)
        .filter(|&id| {
            matches!(
                w.router.contact_status(id),
                Ok(ContactStatus::Waiting { .. })
            )
        })
        .take(64)
        .collect();
    assert!(
        !waiting.is_empty(),
        "the warmed workload has waiting contacts"
    );
    group.bench_function(format!("waiting_contact/{NAME}"), |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let p = Predictor::ALL[i as usize % Predictor::ALL.len()];
            let id = waiting[i as usize % waiting.len()];
            black_box(w.router.predict_contact_wait(id, p, now))
        });
    });
    group.finish();
}

criterion_group!(wall_clock, wall, predict);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
