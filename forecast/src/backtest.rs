//! Rolling-origin backtests with scores by horizon bucket and the Poisson noise floor.

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::metrics::{
    check_probability, coverage, pinball_loss, poisson_floor_wape, seasonal_naive_scale, wape,
};
use crate::models::Forecaster;
use crate::probabilistic::{Dispersion, ProbabilisticForecast};
use crate::series::Series;

/// Rolling-origin backtest settings. The default is the protocol of the shared data README: the
/// last 28 days held out, one origin, scored by week ahead.
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Backtest, Calendar, Resolution, SameSlotMean, Series};
/// use chrono::{Days, NaiveDate};
/// let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut s = Series::new(Resolution::new(360)?);
/// for d in 0..84u64 {
///     for slot in 0..4 {
///         s.set(start + Days::new(d), slot, 100.0 + ((d * 7 + slot as u64) % 13) as f64)?;
///     }
/// }
/// let report = Backtest::default().run(&mut SameSlotMean::new(4)?, &s, &Calendar::default())?;
/// let all = report.rows.last().unwrap();
/// assert_eq!(all.horizon, "all");
/// assert!(all.wape < 0.2 && all.poisson_floor > 0.0);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backtest {
    /// Days forecast after each origin.
    pub horizon_days: usize,
    /// Number of forecast origins; the latest is `horizon_days` before the last date.
    pub origins: usize,
    /// Days between origins.
    pub step_days: usize,
    /// Width of a horizon bucket in days (7: scores per week ahead).
    pub bucket_days: usize,
    /// Central prediction-interval probability whose coverage is scored.
    pub interval: f64,
    /// In-sample origins used to estimate the dispersion before each forecast.
    pub dispersion_origins: usize,
}

impl Default for Backtest {
    fn default() -> Self {
        Self {
            horizon_days: 28,
            origins: 1,
            step_days: 7,
            bucket_days: 7,
            interval: 0.8,
            dispersion_origins: 8,
        }
    }
}

/// Scores of one model over one horizon bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// Model name.
    pub model: String,
    /// Horizon bucket, e.g. `1-7 d`, or `all`.
    pub horizon: String,
    /// Intervals scored.
    pub n: usize,
    /// Weighted absolute percentage error.
    pub wape: f64,
    /// Mean absolute scaled error (in-sample weekly seasonal naive scale).
    pub mase: f64,
    /// Mean pinball loss over the interval bounds and the median, divided by the mean actual.
    pub pinball: f64,
    /// Share of actuals inside the central prediction interval.
    pub coverage: f64,
    /// WAPE of a perfect rate forecast (Poisson noise alone).
    pub poisson_floor: f64,
}

/// All rows of a backtest: one per horizon bucket, then `all`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Score rows.
    pub rows: Vec<ScoreRow>,
    /// Central interval probability that `coverage` refers to.
    pub interval: f64,
}

#[derive(Default)]
struct Bucket {
    y: Vec<f64>,
    f: Vec<f64>,
    scaled_abs: Vec<f64>,
    lo: Vec<f64>,
    mid: Vec<f64>,
    hi: Vec<f64>,
}

impl Backtest {
    fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("horizon_days", self.horizon_days),
            ("origins", self.origins),
            ("step_days", self.step_days),
            ("bucket_days", self.bucket_days),
            ("dispersion_origins", self.dispersion_origins),
        ] {
            if v == 0 {
                return Err(Error::InvalidParameter {
                    name,
                    value: 0.0,
                    allowed: "≥ 1",
                });
            }
        }
        check_probability(self.interval)
    }

    /// Runs the backtest of `model` on `series`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for bad settings, [`Error::NotEnoughHistory`] when an origin
    /// leaves too little data, [`Error::Empty`] when the training data has no seasonal naive
    /// error to scale MASE by (a perfectly periodic series), and any error of the model.
    pub fn run(
        &self,
        model: &mut dyn Forecaster,
        series: &Series,
        calendar: &Calendar,
    ) -> Result<BacktestReport> {
        self.validate()?;
        let last = series.last_date().ok_or(Error::Empty { what: "series" })?;
        let n_buckets = self.horizon_days.div_ceil(self.bucket_days);
        let mut buckets: Vec<Bucket> = (0..n_buckets).map(|_| Bucket::default()).collect();
        let p_lo = (1.0 - self.interval) / 2.0;
        let p_hi = 1.0 - p_lo;
        for i in 0..self.origins {
            let back = (self.horizon_days + i * self.step_days) as u64;
            let origin = last
                .checked_sub_days(Days::new(back))
                .ok_or(Error::NotEnoughHistory {
                    model: model.name(),
                    needed_days: self.horizon_days + i * self.step_days,
                    got_days: series.num_days(),
                })?;
            let train = series.before(origin + Days::new(1));
            if train.is_empty() {
                return Err(Error::NotEnoughHistory {
                    model: model.name(),
                    needed_days: self.horizon_days + i * self.step_days + 1,
                    got_days: series.num_days(),
                });
            }
            let scale = seasonal_naive_scale(&train)?;
            let dispersion = Dispersion::estimate(
                model,
                &train,
                calendar,
                self.dispersion_origins,
                self.horizon_days,
            )?;
            let actual = series.range(
                origin + Days::new(1),
                origin + Days::new(self.horizon_days as u64),
            );
            let dates: Vec<NaiveDate> = actual.dates().collect();
            let fc = ProbabilisticForecast::new(model.forecast(&dates)?, dispersion);
            for (d, s, y) in actual.iter() {
                let Some(f) = fc.mean().get(d, s) else {
                    continue;
                };
                let ahead = usize::try_from((d - origin).num_days() - 1).unwrap_or(0);
                let b = &mut buckets[(ahead / self.bucket_days).min(n_buckets - 1)];
                b.y.push(y);
                b.f.push(f);
                b.scaled_abs.push((y - f).abs() / scale);
                b.lo.push(fc.count_quantile(f, p_lo)?);
                b.mid.push(fc.count_quantile(f, 0.5)?);
                b.hi.push(fc.count_quantile(f, p_hi)?);
            }
        }
        let mut rows = Vec::with_capacity(n_buckets + 1);
        let mut all = Bucket::default();
        for (k, b) in buckets.into_iter().enumerate() {
            if b.y.is_empty() {
                continue;
            }
            let (from, to) = (
                k * self.bucket_days + 1,
                ((k + 1) * self.bucket_days).min(self.horizon_days),
            );
            let label = if from == to {
                format!("{from} d")
            } else {
                format!("{from}-{to} d")
            };
            rows.push(Self::score(model.name(), label, &b, p_lo, p_hi)?);
            all.y.extend(b.y);
            all.f.extend(b.f);
            all.scaled_abs.extend(b.scaled_abs);
            all.lo.extend(b.lo);
            all.mid.extend(b.mid);
            all.hi.extend(b.hi);
        }
        if all.y.is_empty() {
            return Err(Error::Empty {
                what: "forecast intervals with actuals",
            });
        }
        rows.push(Self::score(
            model.name(),
            "all".to_owned(),
            &all,
            p_lo,
            p_hi,
        )?);
        Ok(BacktestReport {
            rows,
            interval: self.interval,
        })
    }

    fn score(model: String, horizon: String, b: &Bucket, p_lo: f64, p_hi: f64) -> Result<ScoreRow> {
        let n = b.y.len();
        let mean_y = b.y.iter().sum::<f64>() / n as f64;
        let pinball = (pinball_loss(&b.y, &b.lo, p_lo)?
            + pinball_loss(&b.y, &b.mid, 0.5)?
            + pinball_loss(&b.y, &b.hi, p_hi)?)
            / 3.0;
        Ok(ScoreRow {
            model,
            horizon,
            n,
            wape: wape(&b.y, &b.f)?,
            mase: b.scaled_abs.iter().sum::<f64>() / n as f64,
            pinball: if mean_y > 0.0 { pinball / mean_y } else { 0.0 },
            coverage: coverage(&b.y, &b.lo, &b.hi)?,
            poisson_floor: poisson_floor_wape(&b.y)?,
        })
    }
}

impl fmt::Display for BacktestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cov = format!("cov{:.0}", self.interval * 100.0);
        writeln!(
            f,
            "{:<26} {:>9} {:>7} {:>7} {:>7} {:>9} {:>7} {:>14}",
            "model", "horizon", "n", "WAPE", "MASE", "pinball/ȳ", cov, "Poisson floor"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<26} {:>9} {:>7} {:>7.4} {:>7.3} {:>9.4} {:>7.3} {:>14.4}",
                r.model, r.horizon, r.n, r.wape, r.mase, r.pinball, r.coverage, r.poisson_floor
            )?;
        }
        Ok(())
    }
}
