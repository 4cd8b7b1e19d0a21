//! Backtest on the real shared data: the protocol of `../shared/data/README.md` (last 4 weeks
//! held out, one origin, 1-4 weeks ahead), every model, with the Poisson noise floor.
//!
//! Run with `cargo run -p callwright-forecast --release --example forecast`.

#![allow(clippy::print_stdout, reason = "an example prints its report")]

#[path = "../tests/common/mod.rs"]
mod common;

use callwright_forecast::{
    Backtest, BacktestReport, Calendar, DayProfile, Forecaster, HoltWinters, Result, SameSlotMean,
    SeasonalNaive, Series,
};

fn run(title: &str, series: &Series, calendar: &Calendar, horizon_days: usize) -> Result<()> {
    let mut models: Vec<Box<dyn Forecaster>> = vec![
        Box::new(SeasonalNaive::new()),
        Box::new(SameSlotMean::new(4)?),
        Box::new(DayProfile::default()),
    ];
    println!("\n## {title}\n");
    let mut all = Vec::new();
    for m in &mut models {
        let bt = Backtest {
            horizon_days,
            ..Backtest::default()
        };
        let report = bt.run(m.as_mut(), series, calendar)?;
        all.extend(report.rows);
    }
    print!(
        "{}",
        BacktestReport {
            rows: all,
            interval: 0.8
        }
    );
    Ok(())
}

/// Robustness: 8 weekly origins instead of one, 1-4 weeks ahead, `all` rows only.
fn run_rolling(title: &str, series: &Series, calendar: &Calendar) -> Result<()> {
    let mut models: Vec<Box<dyn Forecaster>> = vec![
        Box::new(SeasonalNaive::new()),
        Box::new(SameSlotMean::new(4)?),
        Box::new(DayProfile::default()),
    ];
    let bt = Backtest {
        origins: 8,
        ..Backtest::default()
    };
    println!("\n## {title}: 1-4 weeks ahead, 8 weekly origins (all horizons)\n");
    let mut all = Vec::new();
    for m in &mut models {
        let rows = bt.run(m.as_mut(), series, calendar)?.rows;
        all.extend(rows.into_iter().filter(|r| r.horizon == "all"));
    }
    print!(
        "{}",
        BacktestReport {
            rows: all,
            interval: 0.8
        }
    );
    Ok(())
}

/// Short horizons (1-2 days ahead) from 20 daily origins: where Holt-Winters belongs.
fn run_short(title: &str, series: &Series, calendar: &Calendar) -> Result<()> {
    let mut models: Vec<Box<dyn Forecaster>> = vec![
        Box::new(SameSlotMean::new(4)?),
        Box::new(DayProfile::default()),
        Box::new(HoltWinters::default()),
    ];
    let bt = Backtest {
        horizon_days: 2,
        origins: 20,
        step_days: 1,
        bucket_days: 1,
        ..Backtest::default()
    };
    println!("\n## {title}: 1-2 days ahead, 20 daily origins\n");
    let mut all = Vec::new();
    for m in &mut models {
        all.extend(bt.run(m.as_mut(), series, calendar)?.rows);
    }
    print!(
        "{}",
        BacktestReport {
            rows: all,
            interval: 0.8
        }
    );
    Ok(())
}

fn main() -> Result<()> {
    let (bank5, origin) = common::bank_5min();
    // The README protocol holds out 28 days; the committed sample (used only when the shared
    // data is absent) is 6 weeks long, so it gets a 7-day hold-out and no extra sections.
    let horizon = match origin {
        common::Origin::Shared => 28,
        common::Origin::Sample => 7,
    };
    println!("data: {origin:?}, last {horizon} days held out, one origin");
    let bank30 = common::bank_30min().0;
    let cal = common::bank_calendar();
    let ncal = common::nyc_calendar();
    let city = common::nyc_hourly("num_calls").0;
    run("US bank, 30 min", &bank30, &cal, horizon)?;
    run("US bank, 5 min", &bank5, &cal, horizon)?;
    run("NYC EMS city, 1 h", &city, &ncal, horizon)?;
    run(
        "NYC EMS Staten Island, 1 h",
        &common::nyc_hourly("RICHMOND / STATEN ISLAND").0,
        &ncal,
        horizon,
    )?;
    if origin == common::Origin::Shared {
        run_rolling("US bank, 30 min", &bank30, &cal)?;
        run_rolling("NYC EMS city, 1 h", &city, &ncal)?;
        run_short("US bank, 30 min", &bank30, &cal)?;
        run_short("NYC EMS city, 1 h", &city, &ncal)?;
    }
    Ok(())
}
