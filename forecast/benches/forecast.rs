//! Fit + forecast time on 16 weeks of 30-minute data (one series, seeded synthetic arrivals
//! with a daily shape, weekday effects and Poisson noise), forecasting the next 4 weeks.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use std::hint::black_box;

use callwright_forecast::{
    Calendar, DayProfile, Dispersion, Forecaster, HoltWinters, ProbabilisticForecast, Resolution,
    SameSlotMean, Series,
};
use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Poisson};

fn history() -> (Series, Vec<NaiveDate>) {
    let mut rng = StdRng::seed_from_u64(2003);
    let res = Resolution::new(30).expect("30 divides a day");
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let mut s = Series::new(res);
    for day in 0..(16 * 7) {
        let date = start + Days::new(day);
        let weekday = [1.1, 1.0, 0.95, 0.95, 0.9, 0.5, 0.4][usize::try_from(day % 7).unwrap_or(0)];
        for slot in 0..48 {
            let t = (slot as f64 - 26.0) / 8.0;
            let rate = 5.0 + 400.0 * weekday * (-0.5 * t * t).exp();
            let count = Poisson::new(rate).expect("positive rate").sample(&mut rng);
            s.set(date, slot, count).expect("valid count");
        }
    }
    let horizon = (0..28).map(|d| start + Days::new(16 * 7 + d)).collect();
    (s, horizon)
}

fn bench(c: &mut Criterion) {
    let (h, horizon) = history();
    let cal = Calendar::default();
    c.bench_function("day_profile fit+forecast 16w 30min -> 4w", |b| {
        b.iter(|| {
            let mut m = DayProfile::default();
            m.fit(black_box(&h), &cal).expect("fit");
            black_box(m.forecast(&horizon).expect("forecast"))
        });
    });
    c.bench_function(
        "day_profile probabilistic (dispersion 8 origins + p10/p90) 16w 30min -> 4w",
        |b| {
            b.iter(|| {
                let mut m = DayProfile::default();
                let d = Dispersion::estimate(&mut m, black_box(&h), &cal, 8, 28).expect("disp");
                let f = ProbabilisticForecast::new(m.forecast(&horizon).expect("forecast"), d);
                black_box((f.quantiles(0.1).expect("q"), f.quantiles(0.9).expect("q")))
            });
        },
    );
    c.bench_function(
        "holt_winters (estimated) fit+forecast 16w 30min -> 4w",
        |b| {
            b.iter(|| {
                let mut m = HoltWinters::default();
                m.fit(black_box(&h), &cal).expect("fit");
                black_box(m.forecast(&horizon).expect("forecast"))
            });
        },
    );
    c.bench_function("same_slot_mean(4) fit+forecast 16w 30min -> 4w", |b| {
        b.iter(|| {
            let mut m = SameSlotMean::new(4).expect("weeks");
            m.fit(black_box(&h), &cal).expect("fit");
            black_box(m.forecast(&horizon).expect("forecast"))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
