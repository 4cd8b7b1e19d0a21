//! The README baselines (seasonal naive and 4-week same-slot mean) reproduced exactly on the
//! shared real data: this checks the calendar handling (missing days, weekly alignment), the
//! 30-minute aggregation and the metrics against published numbers.

mod common;

use callwright_forecast::{
    Backtest, Calendar, Forecaster, SameSlotMean, ScoreRow, SeasonalNaive, Series,
};
use common::Origin;

/// Published scores are rounded to three decimals.
const README_TOL: f64 = 0.0005 + 1e-9;
/// Scores computed independently (plain Python) on the committed sample.
const SAMPLE_TOL: f64 = 1e-6;

fn all_row(model: &mut dyn Forecaster, s: &Series, horizon_days: usize) -> ScoreRow {
    let bt = Backtest {
        horizon_days,
        ..Backtest::default()
    };
    let report = bt
        .run(model, s, &Calendar::default())
        .expect("backtest runs");
    report.rows.last().expect("an `all` row").clone()
}

/// (seasonal naive WAPE, MASE, 4-week mean WAPE, MASE) against the expected values.
fn check(name: &str, s: &Series, origin: Origin, readme: [f64; 4], sample: [f64; 4]) {
    let (expected, tol, horizon) = match origin {
        Origin::Shared => (readme, README_TOL, 28),
        Origin::Sample => (sample, SAMPLE_TOL, 7),
    };
    let sn = all_row(&mut SeasonalNaive::new(), s, horizon);
    let m4 = all_row(&mut SameSlotMean::new(4).expect("4 weeks"), s, horizon);
    let got = [sn.wape, sn.mase, m4.wape, m4.mase];
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!(
            (g - e).abs() <= tol,
            "{name} ({origin:?}) score {i}: got {g:.6}, expected {e}"
        );
    }
}

#[test]
fn us_bank_30min() {
    let (s, o) = common::bank_30min();
    check(
        "bank 30 min",
        &s,
        o,
        [0.081, 1.014, 0.064, 0.798],
        [0.099_216, 1.205_586, 0.065_419, 0.794_911],
    );
}

#[test]
fn us_bank_5min() {
    let (s, o) = common::bank_5min();
    check(
        "bank 5 min",
        &s,
        o,
        [0.112, 1.023, 0.087, 0.794],
        [0.126_004, 1.124_974, 0.089_816, 0.801_884],
    );
}

#[test]
fn nyc_city_hourly() {
    let (s, o) = common::nyc_hourly("num_calls");
    check(
        "NYC city",
        &s,
        o,
        [0.139, 1.323, 0.096, 0.914],
        [0.115_824, 1.019_453, 0.105_779, 0.931_042],
    );
}

#[test]
fn poisson_floor_matches_readme() {
    let (s, o) = common::bank_30min();
    if o == Origin::Shared {
        let row = all_row(&mut SeasonalNaive::new(), &s, 28);
        assert!((row.poisson_floor - 0.023).abs() <= README_TOL);
        let (nyc, _) = common::nyc_hourly("num_calls");
        let row = all_row(&mut SeasonalNaive::new(), &nyc, 28);
        assert!((row.poisson_floor - 0.059).abs() <= README_TOL);
    } else {
        // √(2/(π·λ)) for λ ≈ 1100 calls per half hour
        let row = all_row(&mut SeasonalNaive::new(), &s, 7);
        assert!((0.02..0.03).contains(&row.poisson_floor));
    }
}
