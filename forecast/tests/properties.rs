//! Properties that hold for any input: totals survive aggregation, quantiles are monotone,
//! day level × profile intervals sum exactly to the day forecast, and forecasts depend on the
//! calendar, never on positions (removing other weekdays changes nothing).

use callwright_forecast::{
    Calendar, DayProfile, Dispersion, Forecaster, ProbabilisticForecast, Resolution, SameSlotMean,
    SeasonalNaive, Series,
};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
}

/// A 6-slot-per-day history (4-hour intervals) over `days` days, with the days in `missing`
/// left out, values from `seed`.
fn history(days: u64, missing: &[u64], values: &[f64]) -> Series {
    let mut s = Series::new(Resolution::new(240).expect("240 divides a day"));
    for d in 0..days {
        if missing.contains(&d) {
            continue;
        }
        for slot in 0..6 {
            let i = usize::try_from(d).unwrap_or(0) * 6 + slot;
            s.set(start() + Days::new(d), slot, values[i % values.len()])
                .expect("valid");
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn aggregation_preserves_totals(values in prop::collection::vec(0.0f64..500.0, 1..300)) {
        let s = history(30, &[3, 17], &values);
        for minutes in [480, 720, 1440] {
            let a = s.aggregate(Resolution::new(minutes).expect("valid")).expect("multiple");
            prop_assert!((a.total() - s.total()).abs() < 1e-6 * s.total().max(1.0));
            for d in s.dates() {
                let (x, y) = (a.day_total(d).expect("day"), s.day_total(d).expect("day"));
                prop_assert!((x - y).abs() < 1e-6 * y.max(1.0));
            }
        }
    }

    #[test]
    fn quantiles_are_monotone(lambda in 0.0f64..5000.0, daily in 0.0f64..0.1, interval in 0.0f64..0.1) {
        let f = ProbabilisticForecast::new(
            Series::new(Resolution::DAY),
            Dispersion::new(daily, interval).expect("valid"),
        );
        let mut prev = 0.0;
        for p in [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] {
            let q = f.count_quantile(lambda, p).expect("quantile");
            prop_assert!(q >= prev, "q({p}) = {q} < {prev}");
            prev = q;
        }
    }

    #[test]
    fn intervals_sum_to_the_day_forecast(
        values in prop::collection::vec(1.0f64..500.0, 6..200),
        missing in prop::collection::vec(0u64..56, 0..8),
    ) {
        let h = history(56, &missing, &values);
        let mut m = DayProfile::default();
        m.fit(&h, &Calendar::default()).expect("fit");
        let dates: Vec<NaiveDate> = (0..14).map(|d| start() + Days::new(56 + d)).collect();
        let f = m.forecast(&dates).expect("forecast");
        for &d in &dates {
            let day = m.day_forecast(d).expect("day");
            let sum: f64 = f.day_total(d).unwrap_or(0.0);
            prop_assert!((sum - day).abs() <= 1e-9 * day.max(1.0), "{d}: {sum} vs {day}");
        }
    }

    #[test]
    fn other_weekdays_never_matter(
        values in prop::collection::vec(1.0f64..500.0, 6..200),
        missing in prop::collection::vec(0u64..56, 0..8),
    ) {
        let full = history(56, &missing, &values);
        let target = start() + Days::new(56 + 7); // a Monday two weeks out
        let mut mondays = Series::new(full.resolution());
        for d in full.dates().filter(|d| d.weekday() == target.weekday()) {
            for slot in 0..6 {
                if let Some(v) = full.get(d, slot) {
                    mondays.set(d, slot, v).expect("valid");
                }
            }
        }
        // the origin must stay the same for the week alignment: keep the last day
        let last = full.last_date().expect("data");
        if let Some(v) = full.get(last, 0) {
            mondays.set(last, 0, v).expect("valid");
        }
        let models: Vec<Box<dyn Fn() -> Box<dyn Forecaster>>> = vec![
            Box::new(|| Box::new(SeasonalNaive::new())),
            Box::new(|| Box::new(SameSlotMean::new(4).expect("weeks"))),
            Box::new(|| Box::new(DayProfile::default())),
        ];
        for make in &models {
            let (mut a, mut b) = (make(), make());
            a.fit(&full, &Calendar::default()).expect("fit");
            b.fit(&mondays, &Calendar::default()).expect("fit");
            let (fa, fb) = (a.forecast(&[target]).expect("fc"), b.forecast(&[target]).expect("fc"));
            for slot in 0..6 {
                let (x, y) = (fa.get(target, slot), fb.get(target, slot));
                prop_assert!(
                    match (x, y) {
                        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                        (None, None) => true,
                        _ => false,
                    },
                    "{}: slot {slot}: {x:?} vs {y:?}", a.name()
                );
            }
        }
    }
}
