//! Intraday update: re-estimate the rest of today from the arrivals observed so far.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::models::Forecaster;
use crate::probabilistic::{Dispersion, ProbabilisticForecast, in_sample_forecasts};
use crate::series::Series;

/// Re-forecasts the rest of a day from the arrivals seen so far.
///
/// With N arrivals observed where E were forecast, the remaining intervals are scaled by
/// 1 + w·(N/E − 1). The weight w depends on how far into the day we are (how many slots have
/// been observed): it is the least-squares slope of the rest-of-day ratio on the so-far ratio
/// over in-sample backtests ([`IntradayUpdate::calibrate`]), clamped to `[0, 1]`. On real data
/// it is well below the 1 a pure shared-busyness model would give: part of a busy morning is a
/// shifted shape, not a busier day.
///
/// # Formula
///
/// ```text
/// x = N/E − 1 (slots before the cut),  y = A/F − 1 (slots from the cut on)
/// w(cut) = clamp(Σ x·y / Σ x², 0, 1)      over in-sample backtest days
/// ŷ'(s) = ŷ(s) · (1 + w(cut) · x)         for every slot s ≥ cut
/// ```
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Dispersion, IntradayUpdate, Resolution, Series};
/// use chrono::NaiveDate;
/// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let r = Resolution::new(360)?;
/// let (mut fc, mut seen) = (Series::new(r), Series::new(r));
/// for s in 0..4 { fc.set(day, s, 100.0)?; }
/// seen.set(day, 0, 150.0)?; // a busy first quarter
/// let upd = IntradayUpdate::new(vec![0.0, 0.5, 0.5, 0.5])?;
/// let rest = upd.update(&fc, &seen, day, Dispersion::new(0.01, 0.0)?)?;
/// assert!((rest.mean().get(day, 1).unwrap() - 125.0).abs() < 1e-9);
/// assert_eq!(rest.mean().get(day, 0), None);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntradayUpdate {
    /// Weight by cut: `weights[k]` applies once slots `0..k` of the day have been observed.
    weights: Vec<f64>,
}

impl IntradayUpdate {
    /// An update with the given weight per cut (index = number of slots observed).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a weight outside `[0, 1]`.
    pub fn new(weights: Vec<f64>) -> Result<Self> {
        if let Some(&w) = weights.iter().find(|w| !(0.0..=1.0).contains(*w)) {
            return Err(Error::InvalidParameter {
                name: "weight",
                value: w,
                allowed: "between 0 and 1",
            });
        }
        Ok(Self { weights })
    }

    /// The weight per cut.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Learns the weight of every cut from rolling-origin backtests of `model` inside `history`
    /// (as [`Dispersion::estimate`]); leaves `model` fitted on the whole history.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for zero `origins` or `horizon_days`, and the model's errors.
    pub fn calibrate(
        model: &mut dyn Forecaster,
        history: &Series,
        calendar: &Calendar,
        origins: usize,
        horizon_days: usize,
    ) -> Result<Self> {
        let spd = history.slots_per_day();
        let mut sxy = vec![0.0; spd + 1];
        let mut sxx = vec![0.0; spd + 1];
        in_sample_forecasts(
            model,
            history,
            calendar,
            origins,
            horizon_days,
            |fc, dates| {
                for &d in dates {
                    let pairs: Vec<(f64, f64)> = (0..spd)
                        .map(|s| match (history.get(d, s), fc.get(d, s)) {
                            (Some(a), Some(f)) => (a, f),
                            _ => (0.0, 0.0),
                        })
                        .collect();
                    let (total_a, total_f) = pairs
                        .iter()
                        .fold((0.0, 0.0), |(a, f), p| (a + p.0, f + p.1));
                    let (mut seen_a, mut seen_f) = (0.0, 0.0);
                    for (cut, p) in pairs.iter().enumerate() {
                        let (rest_a, rest_f) = (total_a - seen_a, total_f - seen_f);
                        if seen_f > 0.0 && rest_f > 0.0 {
                            let x = seen_a / seen_f - 1.0;
                            let y = rest_a / rest_f - 1.0;
                            sxy[cut] += x * y;
                            sxx[cut] += x * x;
                        }
                        seen_a += p.0;
                        seen_f += p.1;
                    }
                }
            },
        )?;
        let weights = sxy
            .iter()
            .zip(&sxx)
            .map(|(xy, xx)| {
                if *xx > 0.0 {
                    (xy / xx).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        Ok(Self { weights })
    }

    /// Forecast of the slots of `date` not yet in `observed`, given the day's `forecast`. The
    /// cut is the number of leading slots observed; the daily busyness left is
    /// `dispersion.daily_cv2() · (1 − w²)`.
    ///
    /// # Errors
    ///
    /// [`Error::ResolutionMismatch`] for series at different resolutions, [`Error::Empty`] when
    /// `forecast` has no slot for `date`.
    pub fn update(
        &self,
        forecast: &Series,
        observed: &Series,
        date: NaiveDate,
        dispersion: Dispersion,
    ) -> Result<ProbabilisticForecast> {
        if forecast.resolution() != observed.resolution() {
            return Err(Error::ResolutionMismatch {
                left_minutes: forecast.resolution().minutes(),
                right_minutes: observed.resolution().minutes(),
            });
        }
        let day = forecast.day(date).ok_or(Error::Empty {
            what: "forecast for the date",
        })?;
        let (mut seen_n, mut seen_e, mut cut) = (0.0, 0.0, 0);
        let mut rest = Vec::new();
        for (slot, f) in day.iter().enumerate() {
            let Some(f) = *f else { continue };
            match observed.get(date, slot) {
                Some(n) => {
                    seen_n += n;
                    seen_e += f;
                    cut = slot + 1;
                }
                None => rest.push((slot, f)),
            }
        }
        let w = self.weights.get(cut).copied().unwrap_or(0.0);
        let factor = if seen_e > 0.0 {
            (1.0 + w * (seen_n / seen_e - 1.0)).max(0.0)
        } else {
            1.0
        };
        let mut mean = Series::new(forecast.resolution());
        for (slot, f) in rest {
            mean.set(date, slot, f * factor)?;
        }
        Ok(ProbabilisticForecast::new(
            mean,
            Dispersion::new(
                dispersion.daily_cv2() * (1.0 - w * w),
                dispersion.interval_cv2(),
            )?,
        ))
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
    use crate::models::SameSlotMean;
    use chrono::Days;

    #[test]
    fn quiet_morning_lowers_the_afternoon() {
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let r = Resolution::new(360).unwrap();
        let mut fc = Series::new(r);
        let mut seen = Series::new(r);
        for s in 0..4 {
            fc.set(day, s, 100.0).unwrap();
        }
        seen.set(day, 0, 60.0).unwrap();
        seen.set(day, 1, 60.0).unwrap();
        let prior = Dispersion::new(0.02, 0.001).unwrap();
        let upd = IntradayUpdate::new(vec![0.0, 0.5, 0.8, 0.8, 0.8]).unwrap();
        let rest = upd.update(&fc, &seen, day, prior).unwrap();
        // cut 2, w = 0.8: 1 + 0.8 · (120/200 − 1) = 0.68
        assert!((rest.mean().get(day, 3).unwrap() - 68.0).abs() < 1e-9);
        assert!((rest.dispersion().daily_cv2() - 0.02 * 0.36).abs() < 1e-12);
        let other = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert!(upd.update(&fc, &seen, other, prior).is_err());
        assert!(IntradayUpdate::new(vec![1.5]).is_err());
    }

    #[test]
    fn calibration_recovers_a_shared_day_factor() {
        // Every day's level is scaled by a factor shared by all its slots, so the morning
        // predicts the afternoon perfectly: the weights should be close to 1.
        let r = Resolution::new(360).unwrap();
        let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut h = Series::new(r);
        for i in 0..(7 * 20) {
            let k = 1.0 + 0.2 * ((i * 37 % 11) as f64 / 10.0 - 0.5);
            for s in 0..4 {
                h.set(mon + Days::new(i), s, 1000.0 * k).unwrap();
            }
        }
        let mut m = SameSlotMean::new(4).unwrap();
        let upd = IntradayUpdate::calibrate(&mut m, &h, &Calendar::default(), 8, 7).unwrap();
        assert_eq!(upd.weights().len(), 5);
        assert_eq!(upd.weights()[0], 0.0);
        for w in &upd.weights()[1..4] {
            assert!(*w > 0.9, "{w}");
        }
    }
}
