//! Day level × intraday profile: daily totals and the shape within the day, estimated apart.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{FitState, Forecaster, fitted};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::series::Series;

/// How the recent same-weekday day totals are summarised into a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelStat {
    /// Arithmetic mean.
    Mean,
    /// Median: robust to one odd day (an outage, an unflagged holiday) in the window.
    #[default]
    Median,
}

/// Settings of [`DayProfile`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayProfileConfig {
    /// Same-weekday ordinary days whose totals make the level.
    pub level_days: usize,
    /// Same-weekday ordinary days pooled into the intraday profile.
    pub profile_days: usize,
    /// Summary of the level window.
    pub level: LevelStat,
    /// Past years used for the year-over-year trend factor (0 disables it).
    pub trend_years: usize,
}

impl Default for DayProfileConfig {
    fn default() -> Self {
        Self {
            level_days: 6,
            profile_days: 16,
            level: LevelStat::Median,
            trend_years: 3,
        }
    }
}

impl DayProfileConfig {
    /// Validates and builds the model.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a window is empty.
    pub fn build(self) -> Result<DayProfile> {
        for (name, v) in [
            ("level_days", self.level_days),
            ("profile_days", self.profile_days),
        ] {
            if v == 0 {
                return Err(Error::InvalidParameter {
                    name,
                    value: 0.0,
                    allowed: "≥ 1",
                });
            }
        }
        Ok(DayProfile {
            config: self,
            state: None,
        })
    }
}

/// Day level × intraday profile.
///
/// # Formula
///
/// ```text
/// day(d)      = stat{ total(b − 7k) : the last `level_days` ordinary days on d's weekday }
///               × trend(d) × event(d)
/// trend(d)    = mean over past years y of  mean total(d − 364y ± 3 days)
///                                         / mean total(origin − 364y − 7·level_days .. origin − 364y]
/// event(d)    = mean over past occurrences o of d's special-day label of
///               total(o) / mean total(o ± 7, o ± 14 days, ordinary)
/// share(d, s) = Σ y(e, s) / Σ total(e) over the last `profile_days` ordinary days on d's weekday
///               (past occurrences of the label on a special day), renormalised over open slots
/// ŷ(d, s)     = day(d) × share(d, s)          (so Σ_s ŷ(d, s) = day(d) exactly)
/// ```
///
/// `b` is the last date on or before the origin that is a whole number of weeks before `d`.
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Calendar, DayProfileConfig, Forecaster, Resolution, Series};
/// use chrono::{Days, NaiveDate};
/// let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut h = Series::new(Resolution::new(720)?); // two half-day slots
/// for w in 0..4 {
///     let d = mon + Days::new(7 * w);
///     h.set(d, 0, 30.0)?;
///     h.set(d, 1, 10.0 + 10.0 * w as f64)?;
/// }
/// let mut m = DayProfileConfig::default().build()?;
/// m.fit(&h, &Calendar::default())?;
/// let t = mon + Days::new(28);
/// let f = m.forecast(&[t])?;
/// assert_eq!(m.day_forecast(t)?, 55.0); // median of 40, 50, 60, 70
/// assert!((f.get(t, 0).unwrap() + f.get(t, 1).unwrap() - 55.0).abs() < 1e-9);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DayProfile {
    config: DayProfileConfig,
    state: Option<FitState>,
}

const YEAR_DAYS: u64 = 364;

impl DayProfile {
    /// The settings.
    pub fn config(&self) -> &DayProfileConfig {
        &self.config
    }

    fn ordinary(st: &FitState, d: NaiveDate) -> Option<f64> {
        if st.calendar.is_ordinary(d) {
            st.history.day_total(d)
        } else {
            None
        }
    }

    /// The last `n` ordinary days with data on `base`'s weekday, at or before `base`.
    fn same_weekday_days(st: &FitState, base: NaiveDate, n: usize) -> Vec<NaiveDate> {
        let Some(first) = st.history.first_date() else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(n);
        let mut d = Some(base);
        while let Some(day) = d.filter(|&x| x >= first) {
            if out.len() == n {
                break;
            }
            if Self::ordinary(st, day).is_some() {
                out.push(day);
            }
            d = Series::weeks_before(day, 1);
        }
        out
    }

    fn level(&self, st: &FitState, base: NaiveDate) -> Option<f64> {
        let mut totals: Vec<f64> = Self::same_weekday_days(st, base, self.config.level_days)
            .into_iter()
            .filter_map(|d| st.history.day_total(d))
            .collect();
        if totals.is_empty() {
            return None;
        }
        Some(match self.config.level {
            LevelStat::Mean => totals.iter().sum::<f64>() / totals.len() as f64,
            LevelStat::Median => median(&mut totals),
        })
    }

    fn mean_ordinary(st: &FitState, days: impl Iterator<Item = NaiveDate>) -> Option<f64> {
        let (s, n) = days
            .filter(|&d| d <= st.origin)
            .filter_map(|d| Self::ordinary(st, d))
            .fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
        (n > 0.0 && s > 0.0).then(|| s / n)
    }

    fn trend(&self, st: &FitState, date: NaiveDate) -> f64 {
        let window = 7 * self.config.level_days as u64;
        let ratios: Vec<f64> = (1..=self.config.trend_years as u64)
            .filter_map(|y| {
                let dy = date.checked_sub_days(Days::new(YEAR_DAYS * y))?;
                let oy = st.origin.checked_sub_days(Days::new(YEAR_DAYS * y))?;
                let target = Self::mean_ordinary(
                    st,
                    (0..7).filter_map(|i| (dy + Days::new(i)).checked_sub_days(Days::new(3))),
                )?;
                let reference = Self::mean_ordinary(
                    st,
                    (0..window).filter_map(|i| oy.checked_sub_days(Days::new(i))),
                )?;
                Some(target / reference)
            })
            .collect();
        if ratios.is_empty() {
            1.0
        } else {
            ratios.iter().sum::<f64>() / ratios.len() as f64
        }
    }

    /// Past occurrences of `label` (at or before the origin, with data) and the event's mean
    /// effect on the day total.
    fn event(st: &FitState, label: &str) -> (Vec<NaiveDate>, Option<f64>) {
        let occurrences: Vec<NaiveDate> = st
            .calendar
            .special_days
            .range(..=st.origin)
            .filter(|(d, s)| s.label == label && st.history.day_total(**d).is_some_and(|t| t > 0.0))
            .map(|(d, _)| *d)
            .collect();
        let effects: Vec<f64> = occurrences
            .iter()
            .filter_map(|&o| {
                let total = st.history.day_total(o)?;
                let around = [7u64, 14].into_iter().flat_map(|k| {
                    [
                        o.checked_sub_days(Days::new(k)),
                        o.checked_add_days(Days::new(k)),
                    ]
                });
                let normal = Self::mean_ordinary(st, around.flatten())?;
                Some(total / normal)
            })
            .collect();
        let effect =
            (!effects.is_empty()).then(|| effects.iter().sum::<f64>() / effects.len() as f64);
        (occurrences, effect)
    }

    /// Pooled intraday shares over `days`, renormalised over the open slots of `date`.
    fn profile(st: &FitState, days: &[NaiveDate], date: NaiveDate) -> Vec<Option<f64>> {
        let res = st.history.resolution();
        let spd = res.slots_per_day();
        let mut num = vec![None; spd];
        for &d in days {
            if let Some(day) = st.history.day(d) {
                for (acc, v) in num.iter_mut().zip(day) {
                    if let Some(v) = v {
                        *acc = Some(acc.unwrap_or(0.0) + v);
                    }
                }
            }
        }
        for (slot, acc) in num.iter_mut().enumerate() {
            if !st.calendar.is_open(date, slot, res) {
                *acc = None;
            }
        }
        let total: f64 = num.iter().flatten().sum();
        if total <= 0.0 {
            return vec![None; spd];
        }
        num.into_iter().map(|v| v.map(|v| v / total)).collect()
    }

    /// Forecast day total and intraday shares of `date`.
    fn day_and_shares(&self, st: &FitState, date: NaiveDate) -> Result<(f64, Vec<Option<f64>>)> {
        let base = st.base_date(date)?;
        let spd = st.history.slots_per_day();
        if st.calendar.special_day(date).is_some_and(|s| s.closed) {
            return Ok((0.0, vec![Some(0.0); spd]));
        }
        let Some(level) = self.level(st, base) else {
            return Ok((0.0, vec![None; spd]));
        };
        let mut day = level * self.trend(st, date);
        let mut profile_days = Self::same_weekday_days(st, base, self.config.profile_days);
        if let Some(special) = st.calendar.special_day(date) {
            let (occurrences, effect) = Self::event(st, &special.label);
            if let Some(e) = effect {
                day *= e;
            }
            if !occurrences.is_empty() {
                profile_days = occurrences;
            }
        }
        Ok((day, Self::profile(st, &profile_days, date)))
    }

    /// The forecast day total of `date` (what its interval forecasts sum to).
    ///
    /// # Errors
    ///
    /// As [`Forecaster::forecast`].
    pub fn day_forecast(&self, date: NaiveDate) -> Result<f64> {
        let st = fitted(self.state.as_ref(), &self.name())?;
        let (day, shares) = self.day_and_shares(st, date)?;
        Ok(if shares.iter().any(Option::is_some) {
            day
        } else {
            0.0
        })
    }
}

impl Forecaster for DayProfile {
    fn name(&self) -> String {
        "day level × profile".to_owned()
    }

    fn fit(&mut self, history: &Series, calendar: &Calendar) -> Result<()> {
        let st = FitState::new(history, calendar)?;
        if st
            .history
            .dates()
            .all(|d| st.history.day_total(d).is_none_or(|t| t <= 0.0))
        {
            return Err(Error::Empty {
                what: "history with a positive day total",
            });
        }
        self.state = Some(st);
        Ok(())
    }

    fn forecast(&self, dates: &[NaiveDate]) -> Result<Series> {
        let st = fitted(self.state.as_ref(), &self.name())?;
        st.build(dates, |date, _| {
            let (day, shares) = self.day_and_shares(st, date)?;
            Ok(shares.into_iter().map(|s| s.map(|s| s * day)).collect())
        })
    }
}

/// Median of a non-empty slice (reorders it).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
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

    fn mon() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 1, 2).unwrap()
    }

    #[test]
    fn median_even_odd() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn special_day_effect_and_shape_come_from_past_occurrences() {
        // Daily series of two slots over 60 weeks; every day 100 = 60 + 40, except the
        // "event" day each year, which has total 50 = 10 + 40.
        let r = Resolution::new(720).unwrap();
        let mut h = Series::new(r);
        let mut cal = Calendar::default();
        let event_last_year = mon() + Days::new(7 * 8);
        cal.add_special_day(event_last_year, "event", false);
        for i in 0..(7 * 60) {
            let d = mon() + Days::new(i);
            let (a, b) = if d == event_last_year {
                (10.0, 40.0)
            } else {
                (60.0, 40.0)
            };
            h.set(d, 0, a).unwrap();
            h.set(d, 1, b).unwrap();
        }
        let origin = h.last_date().unwrap();
        let event_now = event_last_year + Days::new(YEAR_DAYS);
        assert!(event_now > origin);
        cal.add_special_day(event_now, "event", false);
        let mut m = DayProfile::default();
        m.fit(&h, &cal).unwrap();
        let f = m.forecast(&[event_now]).unwrap();
        assert!((m.day_forecast(event_now).unwrap() - 50.0).abs() < 1e-9);
        assert!((f.get(event_now, 0).unwrap() - 10.0).abs() < 1e-9);
        assert!((f.get(event_now, 1).unwrap() - 40.0).abs() < 1e-9);
        // an ordinary day is unaffected
        let other = event_now + Days::new(1);
        assert!((m.day_forecast(other).unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn closed_special_day_is_zero() {
        let r = Resolution::DAY;
        let mut h = Series::new(r);
        for i in 0..14 {
            h.set(mon() + Days::new(i), 0, 5.0).unwrap();
        }
        let mut cal = Calendar::default();
        let t = mon() + Days::new(15);
        cal.add_special_day(t, "closed", true);
        let mut m = DayProfile::default();
        m.fit(&h, &cal).unwrap();
        assert_eq!(m.forecast(&[t]).unwrap().get(t, 0), Some(0.0));
        assert_eq!(m.day_forecast(t).unwrap(), 0.0);
    }

    #[test]
    fn config_roundtrip_and_validation() {
        let c: DayProfileConfig = serde_json::from_str(r#"{"level_days": 5}"#).unwrap();
        assert_eq!(c.level_days, 5);
        assert_eq!(c.profile_days, 16);
        assert!(
            DayProfileConfig {
                profile_days: 0,
                ..DayProfileConfig::default()
            }
            .build()
            .is_err()
        );
    }
}
