//! Average handle time forecasts per interval.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::models::FitState;
use crate::series::Series;

/// Volume-weighted same-slot mean of AHT over the last `weeks` weeks: the AHT forecast of a
/// slot is the total handle time of that weekday and slot divided by its total volume.
///
/// # Formula
///
/// ```text
/// AHT(d, s) = Σₖ v(b − 7k, s) · aht(b − 7k, s) / Σₖ v(b − 7k, s),   k = 0 .. weeks − 1
/// ```
///
/// # Examples
///
/// ```
/// use callwright_forecast::{AhtSameSlot, Calendar, Resolution, Series};
/// use chrono::{Days, NaiveDate};
/// let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let (mut vol, mut aht) = (Series::new(Resolution::DAY), Series::new(Resolution::DAY));
/// vol.set(mon, 0, 100.0)?;
/// aht.set(mon, 0, 300.0)?;
/// vol.set(mon + Days::new(7), 0, 300.0)?;
/// aht.set(mon + Days::new(7), 0, 200.0)?;
/// let mut m = AhtSameSlot::new(2)?;
/// m.fit(&vol, &aht, &Calendar::default())?;
/// let t = mon + Days::new(14);
/// assert_eq!(m.forecast(&[t])?.get(t, 0), Some(225.0)); // (100·300 + 300·200) / 400
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct AhtSameSlot {
    weeks: usize,
    volume: Option<FitState>,
    aht_s: Option<Series>,
}

impl AhtSameSlot {
    /// A `weeks`-week volume-weighted same-slot AHT model.
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
        Ok(Self {
            weeks,
            volume: None,
            aht_s: None,
        })
    }

    /// Learns from contacts per interval and their AHT in seconds.
    ///
    /// # Errors
    ///
    /// [`Error::ResolutionMismatch`], [`Error::Empty`] for an empty history.
    pub fn fit(&mut self, volume: &Series, aht_s: &Series, calendar: &Calendar) -> Result<()> {
        if volume.resolution() != aht_s.resolution() {
            return Err(Error::ResolutionMismatch {
                left_minutes: volume.resolution().minutes(),
                right_minutes: aht_s.resolution().minutes(),
            });
        }
        self.volume = Some(FitState::new(volume, calendar)?);
        self.aht_s = Some(aht_s.clone());
        Ok(())
    }

    /// AHT forecast in seconds per interval of `dates`; slots with no volume in the window are
    /// absent, closed slots zero.
    ///
    /// # Errors
    ///
    /// [`Error::NotFitted`], [`Error::DateNotAfterOrigin`].
    pub fn forecast(&self, dates: &[NaiveDate]) -> Result<Series> {
        let (Some(st), Some(aht)) = (self.volume.as_ref(), self.aht_s.as_ref()) else {
            return Err(Error::NotFitted {
                model: "same-slot AHT".to_owned(),
            });
        };
        let spd = st.history.slots_per_day();
        st.build(dates, |_, base| {
            Ok((0..spd)
                .map(|slot| {
                    let (num, den) = (0..self.weeks as u64)
                        .filter_map(|k| Series::weeks_before(base, k))
                        .filter_map(|d| Some((st.history.get(d, slot)?, aht.get(d, slot)?)))
                        .fold((0.0, 0.0), |(n, v), (vol, a)| (n + vol * a, v + vol));
                    (den > 0.0).then(|| num / den)
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{DayHours, OperatingHours, Resolution};
    use chrono::Days;

    #[test]
    fn weights_by_volume_skips_missing_and_zeroes_closed_slots() {
        let r = Resolution::new(720).unwrap();
        let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let (mut vol, mut aht) = (Series::new(r), Series::new(r));
        // slot 0: two weeks with AHT; slot 1 has volume but no AHT in week 0
        vol.set(mon, 0, 10.0).unwrap();
        aht.set(mon, 0, 100.0).unwrap();
        vol.set(mon + Days::new(7), 0, 30.0).unwrap();
        aht.set(mon + Days::new(7), 0, 300.0).unwrap();
        vol.set(mon, 1, 5.0).unwrap();
        vol.set(mon + Days::new(7), 1, 5.0).unwrap();
        aht.set(mon + Days::new(7), 1, 240.0).unwrap();
        let hours = OperatingHours {
            days: [Some(DayHours {
                open_min: 0,
                close_min: 720,
            }); 7],
        };
        let mut m = AhtSameSlot::new(4).unwrap();
        m.fit(&vol, &aht, &Calendar::with_hours(hours)).unwrap();
        let t = mon + Days::new(14);
        let f = m.forecast(&[t]).unwrap();
        assert!((f.get(t, 0).unwrap() - 250.0).abs() < 1e-9); // (10·100 + 30·300) / 40
        assert_eq!(f.get(t, 1), Some(0.0)); // closed afternoon
        assert!(AhtSameSlot::new(0).is_err());
        assert!(matches!(
            AhtSameSlot::new(1).unwrap().forecast(&[t]),
            Err(Error::NotFitted { .. })
        ));
        let other = Series::new(Resolution::new(60).unwrap());
        assert!(matches!(
            m.fit(&vol, &other, &Calendar::default()),
            Err(Error::ResolutionMismatch { .. })
        ));
    }
}
