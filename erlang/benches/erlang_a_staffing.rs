//! Erlang A staffing at a = 1,667 Erl, patience 300 s, AHT 300 s, 80/20. Target: at most 50 µs.
//! Also the Erlang C solve at the same load, and one Erlang A evaluation, for scale.

#![allow(missing_docs)]

use std::hint::black_box;

use callwright_erlang::{ErlangA, Model, ServiceLevelDefinition, Targets, required_agents};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let targets = Targets::default();
    let mut group = c.benchmark_group("single_solve");
    group.bench_function("erlang_a_required_agents_a1667_p300", |b| {
        b.iter(|| {
            required_agents(
                Model::ErlangA { patience_s: 300.0 },
                black_box(1667.0),
                300.0,
                &targets,
            )
        });
    });
    group.bench_function("erlang_c_required_agents_a1667", |b| {
        b.iter(|| required_agents(Model::ErlangC, black_box(1667.0), 300.0, &targets));
    });
    group.bench_function("erlang_a_measures_n1700_a1667", |b| {
        b.iter(|| {
            let q = ErlangA::new(black_box(1700.0), 1667.0, 300.0, 300.0)?;
            q.service_level(20.0, ServiceLevelDefinition::OfOffered)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
