//! Double-seasonal Holt-Winters (Taylor 2003, 2008) for short horizons.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{FitState, Forecaster};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::series::Series;

/// Settings of [`HoltWinters`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HoltWintersConfig {
    /// Weeks of history the model runs over (the first third, at most four weeks, initialises
    /// it).
    pub fit_weeks: usize,
    /// Level smoothing α.
    pub alpha: f64,
    /// Intraday (daily) seasonal smoothing δ.
    pub delta: f64,
    /// Intraweek (weekly) seasonal smoothing ω.
    pub omega: f64,
    /// AR(1) coefficient φ of the one-step errors, per interval.
    pub phi: f64,
    /// Estimate α, δ, ω, φ by minimising the one-step squared error (coordinate search starting
    /// from the values above); otherwise use them as given.
    pub estimate: bool,
}

impl Default for HoltWintersConfig {
    fn default() -> Self {
        Self {
            fit_weeks: 12,
            alpha: 0.02,
            delta: 0.15,
            omega: 0.15,
            phi: 0.8,
            estimate: true,
        }
    }
}

impl HoltWintersConfig {
    /// Validates and builds the model.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for `fit_weeks` < 3 or a smoothing parameter outside [0, 1].
    pub fn build(self) -> Result<HoltWinters> {
        if self.fit_weeks < 3 {
            return Err(Error::InvalidParameter {
                name: "fit_weeks",
                value: self.fit_weeks as f64,
                allowed: "≥ 3",
            });
        }
        for (name, v) in [
            ("alpha", self.alpha),
            ("delta", self.delta),
            ("omega", self.omega),
            ("phi", self.phi),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::InvalidParameter {
                    name,
                    value: v,
                    allowed: "between 0 and 1",
                });
            }
        }
        Ok(HoltWinters {
            config: self,
            fit: None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    alpha: f64,
    delta: f64,
    omega: f64,
    phi: f64,
}

/// The model's state after running through the history.
#[derive(Debug, Clone)]
struct HwState {
    level: f64,
    daily: Vec<f64>,
    weekly: Vec<f64>,
    last_error: f64,
    sse: f64,
    n: usize,
}

#[derive(Debug, Clone)]
struct HwFit {
    state: FitState,
    params: Params,
    hw: HwState,
    /// Active (weekday, slot) positions: observed at least once in the fit window.
    active: Vec<bool>,
}

/// Double-seasonal Holt-Winters with an AR(1) error correction (Taylor 2003), multiplicative,
/// run along the calendar's active intervals: the daily index is per slot of the day, the weekly
/// index per (weekday, slot), and a missing interval (a holiday, a DST gap) only advances time,
/// so nothing shifts. Meant for horizons of hours to a few days.
///
/// # Formula
///
/// ```text
/// ŷₜ   = lₜ₋₁ · dₛ · w₍wd,s₎ + φ·eₜ₋₁,     eₜ = yₜ − ŷₜ
/// lₜ   = α · yₜ / (dₛ w₍wd,s₎) + (1 − α) · lₜ₋₁
/// dₛ   ← δ · yₜ / (lₜ w₍wd,s₎) + (1 − δ) · dₛ
/// w₍wd,s₎ ← ω · yₜ / (lₜ dₛ) + (1 − ω) · w₍wd,s₎
/// ŷₜ₊ₖ = lₜ · dₛ · w₍wd,s₎ + φᵏ · eₜ
/// ```
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Calendar, Forecaster, HoltWintersConfig, Resolution, Series};
/// use chrono::{Days, NaiveDate};
/// let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut h = Series::new(Resolution::new(360)?);
/// for d in 0..56u64 {
///     for s in 0..4 {
///         h.set(start + Days::new(d), s, [20.0, 60.0, 50.0, 10.0][s])?;
///     }
/// }
/// let mut m = HoltWintersConfig::default().build()?;
/// m.fit(&h, &Calendar::default())?;
/// let t = start + Days::new(56);
/// assert!((m.forecast(&[t])?.get(t, 1).unwrap() - 60.0).abs() < 1e-6);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct HoltWinters {
    config: HoltWintersConfig,
    fit: Option<HwFit>,
}

/// Smallest seasonal index, so a slot that was empty at start-up can still recover.
const MIN_INDEX: f64 = 1e-3;

fn weekday_index(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

impl HoltWinters {
    /// The fitted α, δ, ω, φ, if fitted.
    pub fn parameters(&self) -> Option<[f64; 4]> {
        self.fit
            .as_ref()
            .map(|f| [f.params.alpha, f.params.delta, f.params.omega, f.params.phi])
    }

    /// The fit window: the last `fit_weeks` weeks of the history.
    fn window(&self, history: &Series) -> Result<(Series, NaiveDate, NaiveDate)> {
        let last = history
            .last_date()
            .ok_or(Error::Empty { what: "history" })?;
        let first = last
            .checked_sub_days(Days::new(7 * self.config.fit_weeks as u64 - 1))
            .unwrap_or(last);
        let first = first.max(history.first_date().unwrap_or(first));
        let window = history.range(first, last);
        if (last - first).num_days() < 20 {
            return Err(Error::NotEnoughHistory {
                model: self.name(),
                needed_days: 21,
                got_days: usize::try_from((last - first).num_days() + 1).unwrap_or(0),
            });
        }
        Ok((window, first, last))
    }

    /// Runs the recursions from `first` to `last` and returns the final state.
    fn run(
        window: &Series,
        active: &[bool],
        first: NaiveDate,
        last: NaiveDate,
        p: Params,
    ) -> HwState {
        let spd = window.slots_per_day();
        // Initialise from the first weeks: level = mean, weekly index = slot mean / level.
        let init_weeks = (((last - first).num_days() + 1) / 7 / 3)
            .clamp(1, 4)
            .unsigned_abs();
        let init_end = first + Days::new(7 * init_weeks - 1);
        let init = window.range(first, init_end);
        let (sum, n) = init
            .iter()
            .fold((0.0, 0.0), |(s, n), (_, _, v)| (s + v, n + 1.0));
        let level0 = if n > 0.0 {
            (sum / n).max(MIN_INDEX)
        } else {
            1.0
        };
        let mut weekly = vec![1.0; 7 * spd];
        let mut counts = vec![0.0; 7 * spd];
        let mut sums = vec![0.0; 7 * spd];
        for (d, s, v) in init.iter() {
            let i = weekday_index(d) * spd + s;
            sums[i] += v;
            counts[i] += 1.0;
        }
        for i in 0..7 * spd {
            if counts[i] > 0.0 {
                weekly[i] = (sums[i] / counts[i] / level0).max(MIN_INDEX);
            }
        }
        let mut hw = HwState {
            level: level0,
            daily: vec![1.0; spd],
            weekly,
            last_error: 0.0,
            sse: 0.0,
            n: 0,
        };
        let scored_from = init_end + Days::new(1);
        let mut date = first;
        while date <= last {
            let wd = weekday_index(date);
            let day = window.day(date);
            for s in 0..spd {
                let i = wd * spd + s;
                if !active[i] {
                    continue;
                }
                let seasonal = hw.daily[s] * hw.weekly[i];
                let forecast = hw.level * seasonal + p.phi * hw.last_error;
                let Some(y) = day.and_then(|v| v[s]) else {
                    // missing interval: time passes, the error correction decays
                    hw.last_error *= p.phi;
                    continue;
                };
                let e = y - forecast;
                if date >= scored_from {
                    hw.sse += e * e;
                    hw.n += 1;
                }
                let y_adj = (y - p.phi * hw.last_error).max(0.0);
                let level =
                    (p.alpha * y_adj / seasonal + (1.0 - p.alpha) * hw.level).max(MIN_INDEX);
                hw.daily[s] = (p.delta * y_adj / (level * hw.weekly[i])
                    + (1.0 - p.delta) * hw.daily[s])
                    .max(MIN_INDEX);
                hw.weekly[i] = (p.omega * y_adj / (level * hw.daily[s])
                    + (1.0 - p.omega) * hw.weekly[i])
                    .max(MIN_INDEX);
                hw.level = level;
                hw.last_error = e;
            }
            date = date + Days::new(1);
        }
        hw
    }

    fn estimate(
        window: &Series,
        active: &[bool],
        first: NaiveDate,
        last: NaiveDate,
        start: Params,
    ) -> Params {
        let grids: [&[f64]; 4] = [
            &[0.0, 0.005, 0.01, 0.02, 0.03, 0.05],
            &[0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5],
            &[0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5],
            &[0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95],
        ];
        let sse = |p: Params| Self::run(window, active, first, last, p).sse;
        let mut best = start;
        let mut best_sse = sse(best);
        for _ in 0..2 {
            for (k, grid) in grids.iter().enumerate() {
                for &v in *grid {
                    let mut p = best;
                    match k {
                        0 => p.alpha = v,
                        1 => p.delta = v,
                        2 => p.omega = v,
                        _ => p.phi = v,
                    }
                    let e = sse(p);
                    if e < best_sse {
                        best_sse = e;
                        best = p;
                    }
                }
            }
        }
        best
    }
}

impl Forecaster for HoltWinters {
    fn name(&self) -> String {
        "double-seasonal Holt-Winters".to_owned()
    }

    fn fit(&mut self, history: &Series, calendar: &Calendar) -> Result<()> {
        let state = FitState::new(history, calendar)?;
        let (window, first, last) = self.window(history)?;
        let spd = window.slots_per_day();
        let mut active = vec![false; 7 * spd];
        for (d, s, _) in window.iter() {
            active[weekday_index(d) * spd + s] = true;
        }
        let start = Params {
            alpha: self.config.alpha,
            delta: self.config.delta,
            omega: self.config.omega,
            phi: self.config.phi,
        };
        let params = if self.config.estimate {
            Self::estimate(&window, &active, first, last, start)
        } else {
            start
        };
        let hw = Self::run(&window, &active, first, last, params);
        self.fit = Some(HwFit {
            state,
            params,
            hw,
            active,
        });
        Ok(())
    }

    fn forecast(&self, dates: &[NaiveDate]) -> Result<Series> {
        let hw_fit = self
            .fit
            .as_ref()
            .ok_or_else(|| Error::NotFitted { model: self.name() })?;
        let fit = &hw_fit.state;
        let spd = fit.history.slots_per_day();
        let hw = &hw_fit.hw;
        let phi = hw_fit.params.phi;
        fit.build(dates, |date, _| {
            // steps ahead: active intervals between the origin's end and this day's start
            let days_ahead = (date - fit.origin).num_days() - 1;
            let per_week = hw_fit.active.iter().filter(|a| **a).count() as f64;
            let before = days_ahead as f64 * per_week / 7.0;
            let wd = weekday_index(date);
            Ok((0..spd)
                .map(|s| {
                    let i = wd * spd + s;
                    hw_fit.active[i].then(|| {
                        let k = before + s as f64 + 1.0;
                        (hw.level * hw.daily[s] * hw.weekly[i] + phi.powf(k) * hw.last_error)
                            .max(0.0)
                    })
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Resolution;

    #[test]
    fn recovers_a_weekly_pattern_across_a_missing_day() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut h = Series::new(Resolution::new(360).unwrap());
        for d in 0..70u64 {
            let date = start + Days::new(d);
            if d == 45 {
                continue; // a missing day must not shift the weekly pattern
            }
            let k = if d % 7 == 5 { 0.5 } else { 1.0 };
            for s in 0..4 {
                h.set(date, s, k * [20.0, 60.0, 50.0, 10.0][s]).unwrap();
            }
        }
        let mut m = HoltWinters::default();
        m.fit(&h, &Calendar::default()).unwrap();
        let sat = start + Days::new(75);
        let mon = start + Days::new(70);
        let f = m.forecast(&[mon, sat]).unwrap();
        assert!((f.get(mon, 1).unwrap() - 60.0).abs() < 1e-6);
        assert!((f.get(sat, 1).unwrap() - 30.0).abs() < 1e-6);
        assert!(m.parameters().is_some());
    }

    #[test]
    fn validation() {
        assert!(
            HoltWintersConfig {
                alpha: 1.5,
                ..HoltWintersConfig::default()
            }
            .build()
            .is_err()
        );
        let mut h = Series::new(Resolution::DAY);
        h.set(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 0, 1.0)
            .unwrap();
        assert!(matches!(
            HoltWinters::default().fit(&h, &Calendar::default()),
            Err(Error::NotEnoughHistory { .. })
        ));
    }
}
