//! Scheduling benches: build + solve (validation, template expansion, model build, `HiGHS` MIP,
//! break assignment, coverage) of seeded synthetic requirements.
//!
//! - `28x96`: 28 days × 96 quarter-hour intervals, 8-hour and 4-hour shifts starting every
//!   30 minutes (96 shift options a day, 2,688 in all), hard coverage, cyclic.
//! - `7x48`: 7 days × 48 half-hour intervals, same templates.
//! - `1x96_breaks`: one cyclic day of quarter-hours with a 15-minute break in every shift and
//!   a 30-or-60-minute lunch in the 8-hour shifts (implicit break variables). Multi-day
//!   versions of this model are much harder for `HiGHS` (see the crate's notes).

use std::hint::black_box;

use callwright_schedule::{BreakRule, Horizon, ScheduleProblem, ShiftTemplate, SolverOptions};
use criterion::{Criterion, criterion_group, criterion_main};

/// A small deterministic generator (64-bit LCG), so inputs are the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / 9_007_199_254_740_992.0
    }
}

/// Agents required: a two-peak day, quieter weekends, ±15 % noise, rounded up.
fn requirement(days: u32, per_day: u32, seed: u64) -> Vec<f64> {
    let mut rng = Lcg(seed);
    (0..days * per_day)
        .map(|t| {
            let day = t / per_day;
            let hour = f64::from(t % per_day) * 24.0 / f64::from(per_day);
            let weekend = if day % 7 >= 5 { 0.6 } else { 1.0 };
            let curve = 4.0
                + 30.0 * (-(hour - 10.5).powi(2) / 6.0).exp()
                + 22.0 * (-(hour - 16.0).powi(2) / 8.0).exp();
            (curve * weekend * (0.85 + 0.3 * rng.next_f64())).ceil()
        })
        .collect()
}

fn problem(days: u32, interval_s: f64, breaks: bool) -> ScheduleProblem {
    let per_day = if interval_s > 1000.0 { 48 } else { 96 };
    let full_breaks = if breaks {
        vec![
            BreakRule::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0]),
            BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]),
        ]
    } else {
        Vec::new()
    };
    let part_breaks = if breaks {
        vec![BreakRule::new(
            "break",
            1.5 * 3600.0,
            2.5 * 3600.0,
            vec![900.0],
        )]
    } else {
        Vec::new()
    };
    ScheduleProblem {
        horizon: Horizon {
            days,
            interval_s,
            cyclic: true,
            ..Horizon::default()
        },
        requirement: requirement(days, per_day, 42),
        templates: vec![
            ShiftTemplate {
                name: "full".into(),
                lengths_s: vec![8.0 * 3600.0],
                cost_per_hour: 1.0,
                breaks: full_breaks,
                ..ShiftTemplate::default()
            },
            ShiftTemplate {
                name: "part".into(),
                lengths_s: vec![4.0 * 3600.0],
                cost_per_hour: 1.1,
                breaks: part_breaks,
                ..ShiftTemplate::default()
            },
        ],
        solver: SolverOptions {
            mip_rel_gap: Some(0.005),
            ..SolverOptions::default()
        },
        ..ScheduleProblem::default()
    }
}

fn bench(c: &mut Criterion) {
    let cases = [
        ("28x96", problem(28, 900.0, false)),
        ("7x48", problem(7, 1800.0, false)),
        ("1x96_breaks", problem(1, 900.0, true)),
    ];
    let mut group = c.benchmark_group("schedule");
    group.sample_size(10);
    for (name, p) in &cases {
        // One solve outside the timing loop to report what the timed solves achieve.
        match p.solve() {
            Ok(s) => eprintln!(
                "{name}: {} shift options, status {:?}, objective {:.2}, bound {:.2} ({:?}), \
                 gap {:.4} %, build {:.1} ms, solve {:.1} ms, {} shifts",
                p.build().map_or(0, |b| b.shift_options()),
                s.status,
                s.objective,
                s.bound,
                s.bound_source,
                100.0 * s.gap,
                s.build_time.as_secs_f64() * 1e3,
                s.solve_time.as_secs_f64() * 1e3,
                s.shifts.len()
            ),
            Err(e) => eprintln!("{name}: {e}"),
        }
        group.bench_function(*name, |b| b.iter(|| black_box(p).solve()));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
