//! The benchmarks every forecast is judged against: seasonal naive and k-week same-slot mean.

use chrono::NaiveDate;

use super::{FitState, Forecaster, fitted};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::series::Series;

/// Seasonal naive: each interval repeats the same weekday and slot of the last observed week
/// before the origin (walking back further weeks past missing days).
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Calendar, Forecaster, Resolution, SeasonalNaive, Series};
/// use chrono::{Days, NaiveDate};
/// let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut h = Series::new(Resolution::DAY);
/// h.set(mon, 0, 7.0)?;
/// h.set(mon + Days::new(8), 0, 3.0)?; // Tuesday of the next week; that Monday is missing
/// let mut m = SeasonalNaive::new();
/// m.fit(&h, &Calendar::default())?;
/// let target = mon + Days::new(14);
/// assert_eq!(m.forecast(&[target])?.get(target, 0), Some(7.0));
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SeasonalNaive {
    state: Option<FitState>,
}

impl SeasonalNaive {
    /// An unfitted seasonal naive model.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Forecaster for SeasonalNaive {
    fn name(&self) -> String {
        "seasonal naive".to_owned()
    }

    fn fit(&mut self, history: &Series, calendar: &Calendar) -> Result<()> {
        self.state = Some(FitState::new(history, calendar)?);
        Ok(())
    }

    fn forecast(&self, dates: &[NaiveDate]) -> Result<Series> {
        let st = fitted(self.state.as_ref(), &self.name())?;
        let spd = st.history.slots_per_day();
        let first = st.history.first_date();
        st.build(dates, |_, base| {
            Ok((0..spd)
                .map(|slot| {
                    let mut d = Some(base);
                    while let Some(day) = d.filter(|&x| first.is_some_and(|f| x >= f)) {
                        if let Some(v) = st.history.get(day, slot) {
                            return Some(v);
                        }
                        d = Series::weeks_before(day, 1);
                    }
                    None
                })
                .collect())
        })
    }
}

/// Mean of the same weekday and slot over the last `weeks` calendar weeks before the origin;
/// weeks where the day or slot is missing are left out of the mean.
///
/// With `weeks = 4` this is the benchmark of the shared data README.
#[derive(Debug, Clone)]
pub struct SameSlotMean {
    weeks: usize,
    state: Option<FitState>,
}

impl SameSlotMean {
    /// A `weeks`-week same-slot mean.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `weeks` is zero.
    pub fn new(weeks: usize) -> Result<Self> {
        if weeks == 0 {
            return Err(Error::InvalidParameter {
                name: "weeks",
                value: 0.0,
                allowed: "≥ 1",
            });
        }
        Ok(Self { weeks, state: None })
    }

    /// Number of weeks averaged.
    pub fn weeks(&self) -> usize {
        self.weeks
    }
}

impl Forecaster for SameSlotMean {
    fn name(&self) -> String {
        format!("same-slot mean ({} w)", self.weeks)
    }

    fn fit(&mut self, history: &Series, calendar: &Calendar) -> Result<()> {
        self.state = Some(FitState::new(history, calendar)?);
        Ok(())
    }

    fn forecast(&self, dates: &[NaiveDate]) -> Result<Series> {
        let st = fitted(self.state.as_ref(), &self.name())?;
        let spd = st.history.slots_per_day();
        st.build(dates, |_, base| {
            let days: Vec<&[Option<f64>]> = (0..self.weeks as u64)
                .filter_map(|k| Series::weeks_before(base, k))
                .filter_map(|d| st.history.day(d))
                .collect();
            Ok((0..spd)
                .map(|slot| {
                    let (sum, n) = days
                        .iter()
                        .filter_map(|day| day[slot])
                        .fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
                    (n > 0.0).then(|| sum / n)
                })
                .collect())
        })
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
    use chrono::Days;

    fn mon() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
    }

    #[test]
    fn same_slot_mean_hand_computed_with_missing_week() {
        let mut h = Series::new(Resolution::new(720).unwrap());
        // four Mondays, the third missing; two slots per day
        for (w, a, b) in [(0, 2.0, 4.0), (1, 4.0, 8.0), (3, 6.0, 12.0)] {
            let d = mon() + Days::new(7 * w);
            h.set(d, 0, a).unwrap();
            h.set(d, 1, b).unwrap();
        }
        // a Wednesday after the last Monday sets the origin
        h.set(mon() + Days::new(23), 0, 1.0).unwrap();
        let mut m = SameSlotMean::new(4).unwrap();
        m.fit(&h, &Calendar::default()).unwrap();
        let t = mon() + Days::new(28);
        let f = m.forecast(&[t]).unwrap();
        assert_eq!(f.get(t, 0), Some(4.0));
        assert_eq!(f.get(t, 1), Some(8.0));
        // two weeks ahead uses the same base week
        let t2 = t + Days::new(7);
        assert_eq!(m.forecast(&[t2]).unwrap().get(t2, 1), Some(8.0));
        // a 2-week window only sees weeks 2 (missing) and 3
        let mut m2 = SameSlotMean::new(2).unwrap();
        m2.fit(&h, &Calendar::default()).unwrap();
        assert_eq!(m2.forecast(&[t]).unwrap().get(t, 0), Some(6.0));
    }

    #[test]
    fn errors() {
        assert!(SameSlotMean::new(0).is_err());
        let m = SeasonalNaive::new();
        assert!(matches!(m.forecast(&[mon()]), Err(Error::NotFitted { .. })));
        let mut m = SeasonalNaive::new();
        assert!(matches!(
            m.fit(&Series::new(Resolution::DAY), &Calendar::default()),
            Err(Error::Empty { .. })
        ));
        let mut h = Series::new(Resolution::DAY);
        h.set(mon(), 0, 1.0).unwrap();
        m.fit(&h, &Calendar::default()).unwrap();
        assert!(matches!(
            m.forecast(&[mon()]),
            Err(Error::DateNotAfterOrigin { .. })
        ));
    }
}
