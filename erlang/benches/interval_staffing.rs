//! Required agents for 10,000 intervals of a realistic intraday curve (volumes 0–850 per
//! 30 min, AHT 300 s, 80/20), serial path. Target: at most 3 ms on one core.

#![allow(missing_docs)]

use std::hint::black_box;

use callwright_erlang::{
    Aht, Model, Targets, required_agents_per_interval, required_agents_per_interval_serial,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// A seeded intraday curve: a two-peaked day shape (0 at night, up to 850 at the peak) with
/// multiplicative noise from a fixed linear congruential generator.
fn curve(intervals: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..intervals)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let noise = 0.85 + 0.3 * ((state >> 11) as f64 / (1_u64 << 53) as f64);
            let hour = (i % 48) as f64 / 2.0;
            let morning = (-((hour - 10.5) / 2.2_f64).powi(2)).exp();
            let afternoon = 0.8 * (-((hour - 15.0) / 2.5_f64).powi(2)).exp();
            let shape = if (7.0..21.0).contains(&hour) {
                morning + afternoon
            } else {
                0.0
            };
            (850.0 * shape * noise).clamp(0.0, 850.0).round()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let volumes = curve(10_000, 42);
    let targets = Targets::default();
    let mut group = c.benchmark_group("interval_staffing");
    group.bench_function("erlang_c_10000_intervals_serial", |b| {
        b.iter(|| {
            required_agents_per_interval_serial(
                Model::ErlangC,
                black_box(&volumes),
                Aht::Constant(300.0),
                1800.0,
                &targets,
            )
        });
    });
    group.bench_function("erlang_c_10000_intervals_parallel", |b| {
        b.iter(|| {
            required_agents_per_interval(
                Model::ErlangC,
                black_box(&volumes),
                Aht::Constant(300.0),
                1800.0,
                &targets,
            )
        });
    });
    group.bench_function("erlang_a_10000_intervals_serial", |b| {
        b.iter(|| {
            required_agents_per_interval_serial(
                Model::ErlangA { patience_s: 300.0 },
                black_box(&volumes),
                Aht::Constant(300.0),
                1800.0,
                &targets,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
