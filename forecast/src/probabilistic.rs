//! Probabilistic forecasts: a gamma-distributed rate per interval, negative binomial counts,
//! quantiles and sample paths with within-day correlation.

use chrono::{Days, NaiveDate};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Gamma, Poisson};
use serde::{Deserialize, Serialize};
use statrs::distribution::{DiscreteCDF, NegativeBinomial, Poisson as PoissonCdf};

use crate::calendar::Calendar;
use crate::error::{Error, Result, check_non_negative};
use crate::metrics::check_probability;
use crate::models::Forecaster;
use crate::series::Series;

/// Over-dispersion of arrivals around a point forecast, as squared coefficients of variation of
/// two multiplicative gamma factors with mean 1: a daily busyness factor shared by every interval
/// of a day, and an independent factor per interval.
///
/// # Formula
///
/// ```text
/// Y(d, s) ~ Poisson(ŷ(d, s) · D(d) · E(d, s)),  D ~ Γ(mean 1, cv² = daily_cv2),
///                                               E ~ Γ(mean 1, cv² = interval_cv2)
/// marginal rate cv² = (1 + daily_cv2)(1 + interval_cv2) − 1
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dispersion {
    daily_cv2: f64,
    interval_cv2: f64,
}

impl Dispersion {
    /// Pure Poisson arrivals around the forecast (no over-dispersion).
    pub const POISSON: Self = Self {
        daily_cv2: 0.0,
        interval_cv2: 0.0,
    };

    /// A dispersion from the two squared coefficients of variation.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a negative or non-finite value.
    pub fn new(daily_cv2: f64, interval_cv2: f64) -> Result<Self> {
        Ok(Self {
            daily_cv2: check_non_negative("daily_cv2", daily_cv2)?,
            interval_cv2: check_non_negative("interval_cv2", interval_cv2)?,
        })
    }

    /// Squared coefficient of variation of the daily busyness factor.
    pub fn daily_cv2(&self) -> f64 {
        self.daily_cv2
    }

    /// Squared coefficient of variation of the per-interval factor.
    pub fn interval_cv2(&self) -> f64 {
        self.interval_cv2
    }

    /// Squared coefficient of variation of one interval's rate.
    pub fn rate_cv2(&self) -> f64 {
        (1.0 + self.daily_cv2) * (1.0 + self.interval_cv2) - 1.0
    }

    /// Estimates the dispersion of `model`'s errors by rolling-origin backtests inside
    /// `history`: `origins` origins one week apart, the latest `horizon_days` before the end,
    /// each forecasting the `horizon_days` days after it. Leaves `model` fitted on the whole
    /// history.
    ///
    /// # Formula
    ///
    /// Robust (median-based) matching, with F, A the forecast and actual day totals, fₛ, yₛ the
    /// intervals and mₛ = fₛ·A/F the forecast rescaled to the day's actual total: each cv² is the
    /// smallest value ≥ 0 with
    ///
    /// ```text
    /// median |yₛ − mₛ| / √(mₛ + mₛ²·interval_cv2)                    = 0.6745
    /// median |A − F| / √(F + interval_cv2·Σₛ fₛ² + F²·daily_cv2)     = 0.6745
    /// ```
    ///
    /// (0.6745 is the median of |N(0, 1)|), so a few outlying days (the day after a holiday)
    /// do not blow up the intervals of every day.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for zero `origins` or `horizon_days`,
    /// [`Error::NotEnoughHistory`] when no origin leaves enough data to fit, and the model's
    /// own errors from the final fit.
    pub fn estimate(
        model: &mut dyn Forecaster,
        history: &Series,
        calendar: &Calendar,
        origins: usize,
        horizon_days: usize,
    ) -> Result<Self> {
        let mut acc = Residuals::default();
        in_sample_forecasts(
            model,
            history,
            calendar,
            origins,
            horizon_days,
            |fc, dates| {
                acc.add(history, fc, dates);
            },
        )?;
        if acc.days.is_empty() {
            return Err(Error::NotEnoughHistory {
                model: model.name(),
                needed_days: horizon_days + 7,
                got_days: history.num_days(),
            });
        }
        Ok(acc.finish())
    }
}

/// Rolling-origin forecasts inside `history`: `origins` origins one week apart, the latest
/// `horizon_days` before its end, each forecasting the following `horizon_days` days that have
/// data; `visit` sees each forecast and its dates. Refits `model` on the whole history at the end.
pub(crate) fn in_sample_forecasts<F>(
    model: &mut dyn Forecaster,
    history: &Series,
    calendar: &Calendar,
    origins: usize,
    horizon_days: usize,
    mut visit: F,
) -> Result<()>
where
    F: FnMut(&Series, &[NaiveDate]),
{
    for (name, v) in [("origins", origins), ("horizon_days", horizon_days)] {
        if v == 0 {
            return Err(Error::InvalidParameter {
                name,
                value: 0.0,
                allowed: "≥ 1",
            });
        }
    }
    let last = history
        .last_date()
        .ok_or(Error::Empty { what: "history" })?;
    for i in 0..origins as u64 {
        let Some(origin) = last.checked_sub_days(Days::new(horizon_days as u64 + 7 * i)) else {
            break;
        };
        let train = history.before(origin + Days::new(1));
        if train.is_empty() || model.fit(&train, calendar).is_err() {
            continue;
        }
        let dates: Vec<NaiveDate> = history
            .range(origin + Days::new(1), last)
            .dates()
            .take_while(|d| {
                u64::try_from((*d - origin).num_days()).is_ok_and(|n| n <= horizon_days as u64)
            })
            .collect();
        let fc = model.forecast(&dates)?;
        visit(&fc, &dates);
    }
    model.fit(history, calendar)
}

/// Smallest k with cdf(k) ≥ p, searched from a normal-approximation start (a few cdf calls
/// instead of a bisection over the whole range).
fn discrete_quantile<F: Fn(u64) -> f64>(cdf: F, mean: f64, var: f64, p: f64) -> u64 {
    let z = statrs::function::erf::erfc_inv(2.0 * p) * -std::f64::consts::SQRT_2;
    let guess = (mean + z * var.sqrt()).round().max(0.0);
    let step = (var.sqrt() * 0.25).floor().max(1.0);
    // both are finite and ≥ 0; `as` saturates beyond the u64 range
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "finite, non-negative, saturating"
    )]
    let (mut k, step) = (guess as u64, step as u64);
    if cdf(k) >= p {
        // walk down in steps, then refine
        while k > 0 && cdf(k.saturating_sub(step)) >= p {
            k = k.saturating_sub(step);
        }
        let mut lo = k.saturating_sub(step);
        let mut hi = k;
        if cdf(lo) >= p {
            return lo;
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if cdf(mid) >= p { hi = mid } else { lo = mid }
        }
        hi
    } else {
        while cdf(k + step) < p {
            k += step;
        }
        let mut lo = k;
        let mut hi = k + step;
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if cdf(mid) >= p { hi = mid } else { lo = mid }
        }
        hi
    }
}

/// Residuals collected by the in-sample backtests.
#[derive(Default)]
struct Residuals {
    /// (actual, forecast rescaled to the actual day total) per interval.
    intervals: Vec<(f64, f64)>,
    /// (actual day total, forecast day total, Σ forecast² over the day's intervals) per day.
    days: Vec<(f64, f64, f64)>,
}

/// Median absolute value of a standard normal variable.
const NORMAL_MEDIAN_ABS: f64 = 0.674_489_750_196_081_7;

impl Residuals {
    fn add(&mut self, actual: &Series, fc: &Series, dates: &[NaiveDate]) {
        for &d in dates {
            let pairs: Vec<(f64, f64)> = (0..actual.slots_per_day())
                .filter_map(|s| Some((actual.get(d, s)?, fc.get(d, s)?)))
                .collect();
            let a: f64 = pairs.iter().map(|p| p.0).sum();
            let f: f64 = pairs.iter().map(|p| p.1).sum();
            if f <= 0.0 {
                continue;
            }
            let ratio = a / f;
            self.intervals.extend(
                pairs
                    .iter()
                    .filter(|p| p.1 > 0.0)
                    .map(|&(y, fs)| (y, fs * ratio)),
            );
            self.days
                .push((a, f, pairs.iter().map(|p| p.1 * p.1).sum::<f64>()));
        }
    }

    fn finish(&self) -> Dispersion {
        let interval_cv2 = robust_cv2(self.intervals.iter().map(|&(y, m)| (y - m, m, m * m)));
        let daily_cv2 = robust_cv2(
            self.days
                .iter()
                .map(|&(a, f, f2)| (a - f, f + interval_cv2 * f2, f * f)),
        );
        Dispersion {
            daily_cv2,
            interval_cv2,
        }
    }
}

/// The smallest cv² ≥ 0 for which the residuals standardised by their model standard deviation
/// have the median absolute value of a standard normal (robust to outlying days).
///
/// Items are (residual, variance without the cv² term, multiplier of cv²).
fn robust_cv2(items: impl Iterator<Item = (f64, f64, f64)>) -> f64 {
    let items: Vec<(f64, f64, f64)> = items.map(|(e, v0, k)| (e.abs(), v0, k)).collect();
    if items.is_empty() {
        return 0.0;
    }
    let median_abs_z = |cv2: f64| {
        let mut z: Vec<f64> = items
            .iter()
            .map(|&(e, v0, k)| {
                let v = v0 + k * cv2;
                if v > 0.0 { e / v.sqrt() } else { 0.0 }
            })
            .collect();
        let mid = z.len() / 2;
        *z.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    if median_abs_z(0.0) <= NORMAL_MEDIAN_ABS {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, 1e-4);
    while median_abs_z(hi) > NORMAL_MEDIAN_ABS && hi < 1e6 {
        lo = hi;
        hi *= 4.0;
    }
    while hi - lo > 1e-4 * hi {
        let mid = 0.5 * (lo + hi);
        if median_abs_z(mid) > NORMAL_MEDIAN_ABS {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// A point forecast with its dispersion: per interval a gamma rate distribution and the implied
/// negative binomial count distribution.
#[derive(Debug, Clone)]
pub struct ProbabilisticForecast {
    mean: Series,
    dispersion: Dispersion,
}

impl ProbabilisticForecast {
    /// Wraps a point forecast (expected counts per interval).
    pub fn new(mean: Series, dispersion: Dispersion) -> Self {
        Self { mean, dispersion }
    }

    /// The whole pipeline step in one call: estimates `model`'s dispersion by rolling-origin
    /// backtests inside `history` (8 weekly origins, horizon = the days from the end of the
    /// history to the last requested date, at least 7), fits it on the whole history and
    /// forecasts `dates`.
    ///
    /// # Errors
    ///
    /// As [`Dispersion::estimate`] and [`Forecaster::forecast`]; [`Error::Empty`] for no dates.
    pub fn fit_forecast(
        model: &mut dyn Forecaster,
        history: &Series,
        calendar: &Calendar,
        dates: &[NaiveDate],
    ) -> Result<Self> {
        let origin = history
            .last_date()
            .ok_or(Error::Empty { what: "history" })?;
        let last = dates.iter().max().ok_or(Error::Empty { what: "dates" })?;
        let ahead = usize::try_from((*last - origin).num_days()).unwrap_or(0);
        let dispersion = Dispersion::estimate(model, history, calendar, 8, ahead.max(7))?;
        Ok(Self::new(model.forecast(dates)?, dispersion))
    }

    /// The point forecast (expected counts).
    pub fn mean(&self) -> &Series {
        &self.mean
    }

    /// The dispersion.
    pub fn dispersion(&self) -> Dispersion {
        self.dispersion
    }

    /// Gamma distribution of the rate of `slot` on `date` as `(shape, scale)`; `None` when the
    /// interval is not forecast or its rate is zero or not random.
    pub fn rate_distribution(&self, date: NaiveDate, slot: usize) -> Option<(f64, f64)> {
        let lambda = self.mean.get(date, slot)?;
        let cv2 = self.dispersion.rate_cv2();
        (lambda > 0.0 && cv2 > 0.0).then(|| (1.0 / cv2, lambda * cv2))
    }

    /// The `p`-quantile of the count in an interval with expected count `lambda`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless 0 < p < 1; [`Error::InvalidValue`] for a bad rate.
    pub fn count_quantile(&self, lambda: f64, p: f64) -> Result<f64> {
        check_probability(p)?;
        check_non_negative("rate", lambda)?;
        if lambda == 0.0 {
            return Ok(0.0);
        }
        let cv2 = self.dispersion.rate_cv2();
        let var = lambda + lambda * lambda * cv2;
        let q = if cv2 > 1e-12 {
            let r = 1.0 / cv2;
            let nb =
                NegativeBinomial::new(r, r / (r + lambda)).map_err(|_| Error::InvalidValue {
                    field: "rate",
                    value: lambda,
                })?;
            discrete_quantile(|k| nb.cdf(k), lambda, var, p)
        } else {
            let po = PoissonCdf::new(lambda).map_err(|_| Error::InvalidValue {
                field: "rate",
                value: lambda,
            })?;
            discrete_quantile(|k| po.cdf(k), lambda, var, p)
        };
        Ok(q as f64)
    }

    /// The `p`-quantile of the count in every forecast interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_forecast::{Dispersion, ProbabilisticForecast, Resolution, Series};
    /// use chrono::NaiveDate;
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    /// let mut mean = Series::new(Resolution::new(60)?);
    /// mean.set(day, 9, 100.0)?;
    /// let f = ProbabilisticForecast::new(mean, Dispersion::new(0.01, 0.0)?);
    /// let (lo, hi) = (f.quantiles(0.1)?, f.quantiles(0.9)?);
    /// assert!(lo.get(day, 9) < Some(100.0) && hi.get(day, 9) > Some(100.0));
    /// # Ok::<(), callwright_forecast::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless 0 < p < 1.
    pub fn quantiles(&self, p: f64) -> Result<Series> {
        check_probability(p)?;
        let mut out = Series::new(self.mean.resolution());
        for (d, s, lambda) in self.mean.iter() {
            out.set(d, s, self.count_quantile(lambda, p)?)?;
        }
        Ok(out)
    }

    /// `n` simulated count paths. Within a day, intervals share the daily busyness factor, so
    /// a busy morning makes a busy afternoon more likely; days are independent. The same seed
    /// gives the same paths.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] if a forecast rate cannot parameterise the samplers.
    pub fn sample_paths(&self, n: usize, seed: u64) -> Result<Vec<Series>> {
        let mut rng = StdRng::seed_from_u64(seed);
        let gamma = |cv2: f64| -> Result<Option<Gamma<f64>>> {
            if cv2 > 0.0 {
                Gamma::new(1.0 / cv2, cv2)
                    .map(Some)
                    .map_err(|_| Error::InvalidValue {
                        field: "cv2",
                        value: cv2,
                    })
            } else {
                Ok(None)
            }
        };
        let daily = gamma(self.dispersion.daily_cv2)?;
        let interval = gamma(self.dispersion.interval_cv2)?;
        let mut paths = Vec::with_capacity(n);
        for _ in 0..n {
            let mut path = Series::new(self.mean.resolution());
            for d in self.mean.dates() {
                let busy = daily.map_or(1.0, |g| g.sample(&mut rng));
                for s in 0..self.mean.slots_per_day() {
                    let Some(lambda) = self.mean.get(d, s) else {
                        continue;
                    };
                    let e = interval.map_or(1.0, |g| g.sample(&mut rng));
                    let rate = lambda * busy * e;
                    let count = if rate > 0.0 {
                        Poisson::new(rate)
                            .map_err(|_| Error::InvalidValue {
                                field: "rate",
                                value: rate,
                            })?
                            .sample(&mut rng)
                    } else {
                        0.0
                    };
                    path.set(d, s, count)?;
                }
            }
            paths.push(path);
        }
        Ok(paths)
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "tests compare exactly representable values"
)]
mod tests {
    use super::*;
    use crate::calendar::Resolution;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
    }

    #[test]
    fn poisson_quantiles_match_known_values() {
        let f = ProbabilisticForecast::new(Series::new(Resolution::DAY), Dispersion::POISSON);
        // Poisson(10): P(Y ≤ 5) = 0.0671, P(Y ≤ 6) = 0.1301 → 10% quantile is 6
        assert_eq!(f.count_quantile(10.0, 0.1).unwrap(), 6.0);
        // P(Y ≤ 13) = 0.8645, P(Y ≤ 14) = 0.9165 → 90% quantile is 14
        assert_eq!(f.count_quantile(10.0, 0.9).unwrap(), 14.0);
        assert!(f.count_quantile(10.0, 0.0).is_err());
        assert!(f.count_quantile(-1.0, 0.5).is_err());
    }

    #[test]
    fn fast_quantile_matches_bisection() {
        for (lambda, cv2) in [
            (0.3, 0.0),
            (3.0, 0.2),
            (40.0, 0.01),
            (1150.0, 0.004),
            (9000.0, 0.0),
        ] {
            let f = ProbabilisticForecast::new(
                Series::new(Resolution::DAY),
                Dispersion::new(cv2, 0.0).unwrap(),
            );
            for p in [0.01, 0.1, 0.5, 0.9, 0.99] {
                let fast = f.count_quantile(lambda, p).unwrap();
                let slow = if cv2 > 0.0 {
                    let r = 1.0 / cv2;
                    NegativeBinomial::new(r, r / (r + lambda))
                        .unwrap()
                        .inverse_cdf(p)
                } else {
                    PoissonCdf::new(lambda).unwrap().inverse_cdf(p)
                };
                assert_eq!(fast, slow as f64, "λ {lambda} cv2 {cv2} p {p}");
            }
        }
    }

    #[test]
    fn negative_binomial_widens_intervals() {
        let tight = ProbabilisticForecast::new(Series::new(Resolution::DAY), Dispersion::POISSON);
        let wide = ProbabilisticForecast::new(
            Series::new(Resolution::DAY),
            Dispersion::new(0.04, 0.01).unwrap(),
        );
        let w = |f: &ProbabilisticForecast| {
            f.count_quantile(500.0, 0.9).unwrap() - f.count_quantile(500.0, 0.1).unwrap()
        };
        assert!(w(&wide) > 2.0 * w(&tight));
    }

    #[test]
    fn sample_paths_are_seeded_and_correlated_within_a_day() {
        let mut mean = Series::new(Resolution::new(360).unwrap());
        for d in 0..400 {
            for s in 0..4 {
                mean.set(day() + Days::new(d), s, 200.0).unwrap();
            }
        }
        let disp = Dispersion::new(0.05, 0.0).unwrap();
        let f = ProbabilisticForecast::new(mean, disp);
        let a = f.sample_paths(2, 7).unwrap();
        assert_eq!(a, f.sample_paths(2, 7).unwrap());
        assert_ne!(a[0], a[1]);
        // correlation between slot 0 and slot 3 of the same day across 400 days
        let p = &a[0];
        let xs: Vec<(f64, f64)> = p
            .dates()
            .map(|d| (p.get(d, 0).unwrap(), p.get(d, 3).unwrap()))
            .collect();
        let n = xs.len() as f64;
        let (mx, my) = (
            xs.iter().map(|x| x.0).sum::<f64>() / n,
            xs.iter().map(|x| x.1).sum::<f64>() / n,
        );
        let cov = xs.iter().map(|x| (x.0 - mx) * (x.1 - my)).sum::<f64>() / n;
        let vx = xs.iter().map(|x| (x.0 - mx).powi(2)).sum::<f64>() / n;
        let vy = xs.iter().map(|x| (x.1 - my).powi(2)).sum::<f64>() / n;
        // theory: cov = λ²·cv² = 2000, var = λ + λ²·cv² = 2200 → ρ ≈ 0.91
        let rho = cov / (vx * vy).sqrt();
        assert!((rho - 0.91).abs() < 0.06, "rho {rho}");
        assert!((mx / 200.0 - 1.0).abs() < 0.05);
    }

    #[test]
    fn dispersion_validation() {
        assert!(Dispersion::new(-0.1, 0.0).is_err());
        assert!(Dispersion::new(0.0, f64::INFINITY).is_err());
        let d = Dispersion::new(0.1, 0.2).unwrap();
        assert!((d.rate_cv2() - 0.32).abs() < 1e-12);
    }
}
