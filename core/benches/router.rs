//! Router throughput: routing decisions per second on the 1,000-agent / 50-queue / 20-skill
//! steady-state workload (`tests/common/workload.rs`), one router call (a push on arrival, a
//! pull on completion, or a timer) per iteration, driver included.
//!
//! Two measurements of the same loop: wall-clock time (criterion's default), and the CPU time
//! of the benchmarking thread (Linux `/proc/thread-self/schedstat`), which stays meaningful on
//! a shared, oversubscribed machine where wall-clock time also counts time spent descheduled.
//!
//! ```text
//! cargo bench -p callwright-core --bench router -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../tests/common/workload.rs"]
#[allow(
    dead_code,
    reason = "shared with the allocation test, which reads other fields"
)]
mod workload;

/// CPU time of the current thread, nanoseconds (`None` off Linux).
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Criterion measurement: CPU time of the benchmarking thread.
struct ThreadCpu;

struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "ns (cpu)"
    }
    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let n = match throughput {
            Throughput::Elements(n) | Throughput::Bytes(n) | Throughput::BytesDecimal(n) => {
                *n as f64
            }
            _ => 1.0,
        };
        for v in values {
            *v = n * 1e3 / *v;
        }
        "Melem/s (cpu)"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns().unwrap_or(0)
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().unwrap_or(0).saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

const NAME: &str = "decision/1000_agents_50_queues_20_skills";

fn warmed() -> workload::Workload {
    let mut w = workload::Workload::new(42);
    // Reach steady state (queues, heaps and maps at their working size).
    for _ in 0..300_000 {
        w.step();
    }
    w
}

fn wall(c: &mut Criterion) {
    let mut group = c.benchmark_group("router_wall");
    group.throughput(Throughput::Elements(1));
    let mut w = warmed();
    group.bench_function(NAME, |b| b.iter(|| black_box(w.step())));
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
    group.bench_function(NAME, |b| b.iter(|| black_box(w.step())));
    group.finish();
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);
