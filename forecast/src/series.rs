//! A calendar-aware interval series indexed by (date, slot), never by position.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::calendar::Resolution;
use crate::error::{Error, Result, check_non_negative};

/// Values per interval, keyed by calendar date and slot of the day.
///
/// A day absent from the series (a holiday with no data, a gap in the feed) and a slot without a
/// value (a DST gap, a closed hour) are simply missing: nothing shifts, so "the same slot one week
/// earlier" is always `date - 7 days`, whatever is missing in between.
///
/// Timestamps are local clock times: a spring-forward hour that does not exist is simply a
/// missing slot, and the repeated fall-back hour sums into one slot.
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Resolution, Series};
/// use chrono::NaiveDate;
/// let mut s = Series::new(Resolution::new(30)?);
/// let day = NaiveDate::from_ymd_opt(2003, 3, 3).unwrap();
/// s.set(day, 14, 120.0)?; // 07:00-07:30
/// s.add(day, 14, 5.0)?;
/// assert_eq!(s.get(day, 14), Some(125.0));
/// assert_eq!(s.get(day, 15), None);
/// assert_eq!(s.day_total(day), Some(125.0));
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    resolution: Resolution,
    days: BTreeMap<NaiveDate, Vec<Option<f64>>>,
}

impl Series {
    /// An empty series at `resolution`.
    pub fn new(resolution: Resolution) -> Self {
        Self {
            resolution,
            days: BTreeMap::new(),
        }
    }

    /// Sums values into the intervals holding their timestamps (interval starts or any time
    /// inside the interval).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for a NaN, infinite or negative value.
    pub fn from_counts<I>(resolution: Resolution, points: I) -> Result<Self>
    where
        I: IntoIterator<Item = (NaiveDateTime, f64)>,
    {
        let mut s = Self::new(resolution);
        for (t, v) in points {
            s.add_at(t, v)?;
        }
        Ok(s)
    }

    /// Bins raw arrival timestamps into counts per interval. Only days with at least one arrival
    /// appear; within such a day, intervals without arrivals are zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_forecast::{Resolution, Series};
    /// use chrono::NaiveDate;
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 8).unwrap();
    /// let t = |h, m, s| day.and_hms_opt(h, m, s).unwrap();
    /// let s = Series::from_arrivals(Resolution::new(15)?, [t(9, 0, 1), t(9, 14, 59), t(9, 15, 0)]);
    /// assert_eq!(s.get(day, 36), Some(2.0));
    /// assert_eq!(s.get(day, 37), Some(1.0));
    /// assert_eq!(s.get(day, 38), Some(0.0));
    /// # Ok::<(), callwright_forecast::Error>(())
    /// ```
    pub fn from_arrivals<I>(resolution: Resolution, arrivals: I) -> Self
    where
        I: IntoIterator<Item = NaiveDateTime>,
    {
        let spd = resolution.slots_per_day();
        let mut days: BTreeMap<NaiveDate, Vec<Option<f64>>> = BTreeMap::new();
        for t in arrivals {
            let slot = resolution.slot_of(t.time());
            let day = days.entry(t.date()).or_insert_with(|| vec![Some(0.0); spd]);
            if let Some(Some(v)) = day.get_mut(slot) {
                *v += 1.0;
            }
        }
        Self { resolution, days }
    }

    /// The interval length.
    pub fn resolution(&self) -> Resolution {
        self.resolution
    }

    /// Intervals per day.
    pub fn slots_per_day(&self) -> usize {
        self.resolution.slots_per_day()
    }

    fn check_slot(&self, slot: usize) -> Result<()> {
        let spd = self.slots_per_day();
        if slot >= spd {
            return Err(Error::SlotOutOfRange {
                slot,
                slots_per_day: spd,
            });
        }
        Ok(())
    }

    fn day_mut(&mut self, date: NaiveDate) -> &mut Vec<Option<f64>> {
        let spd = self.slots_per_day();
        self.days.entry(date).or_insert_with(|| vec![None; spd])
    }

    /// Sets the value of `slot` on `date`.
    ///
    /// # Errors
    ///
    /// [`Error::SlotOutOfRange`], or [`Error::InvalidValue`] for NaN, infinite or negative values.
    pub fn set(&mut self, date: NaiveDate, slot: usize, value: f64) -> Result<()> {
        self.check_slot(slot)?;
        check_non_negative("value", value)?;
        self.day_mut(date)[slot] = Some(value);
        Ok(())
    }

    /// Adds `value` to `slot` on `date` (a missing slot counts as zero).
    ///
    /// # Errors
    ///
    /// As [`Series::set`].
    pub fn add(&mut self, date: NaiveDate, slot: usize, value: f64) -> Result<()> {
        self.check_slot(slot)?;
        check_non_negative("value", value)?;
        let cell = &mut self.day_mut(date)[slot];
        *cell = Some(cell.unwrap_or(0.0) + value);
        Ok(())
    }

    /// Adds `value` to the interval holding timestamp `t`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for NaN, infinite or negative values.
    pub fn add_at(&mut self, t: NaiveDateTime, value: f64) -> Result<()> {
        self.add(t.date(), self.resolution.slot_of(t.time()), value)
    }

    /// Value of `slot` on `date`, if observed.
    pub fn get(&self, date: NaiveDate, slot: usize) -> Option<f64> {
        self.days.get(&date)?.get(slot).copied().flatten()
    }

    /// All slots of `date` (missing slots `None`), if the day is present.
    pub fn day(&self, date: NaiveDate) -> Option<&[Option<f64>]> {
        self.days.get(&date).map(Vec::as_slice)
    }

    /// Sum of the observed slots of `date`, if the day is present.
    pub fn day_total(&self, date: NaiveDate) -> Option<f64> {
        self.day(date).map(|d| d.iter().flatten().sum())
    }

    /// Whether the day is present.
    pub fn contains_day(&self, date: NaiveDate) -> bool {
        self.days.contains_key(&date)
    }

    /// Present days, in order.
    pub fn dates(&self) -> impl DoubleEndedIterator<Item = NaiveDate> + '_ {
        self.days.keys().copied()
    }

    /// First present day.
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.days.keys().next().copied()
    }

    /// Last present day.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.days.keys().next_back().copied()
    }

    /// Number of present days.
    pub fn num_days(&self) -> usize {
        self.days.len()
    }

    /// Whether no day is present.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Every observed `(date, slot, value)`, in time order.
    pub fn iter(&self) -> impl Iterator<Item = (NaiveDate, usize, f64)> + '_ {
        self.days.iter().flat_map(|(&d, v)| {
            v.iter()
                .enumerate()
                .filter_map(move |(s, x)| x.map(|x| (d, s, x)))
        })
    }

    /// Sum of all observed values.
    pub fn total(&self) -> f64 {
        self.iter().map(|(_, _, v)| v).sum()
    }

    /// The days in `[from, to]` (both inclusive).
    #[must_use]
    pub fn range(&self, from: NaiveDate, to: NaiveDate) -> Self {
        Self {
            resolution: self.resolution,
            days: if from <= to {
                self.days
                    .range(from..=to)
                    .map(|(d, v)| (*d, v.clone()))
                    .collect()
            } else {
                BTreeMap::new()
            },
        }
    }

    /// The days strictly before `date`.
    #[must_use]
    pub fn before(&self, date: NaiveDate) -> Self {
        Self {
            resolution: self.resolution,
            days: self
                .days
                .range(..date)
                .map(|(d, v)| (*d, v.clone()))
                .collect(),
        }
    }

    /// Re-bins into coarser intervals by summing; an interval is observed when any of its
    /// sub-intervals is. Bins follow clock time (`floor` of the start), so a lone 21:00-21:05 slot
    /// makes its own 21:00-21:30 bin.
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleResolution`] unless `to` is a whole multiple of the current resolution.
    pub fn aggregate(&self, to: Resolution) -> Result<Self> {
        let from_m = self.resolution.minutes();
        if !to.minutes().is_multiple_of(from_m) {
            return Err(Error::IncompatibleResolution {
                from_minutes: from_m,
                to_minutes: to.minutes(),
            });
        }
        let k = (to.minutes() / from_m) as usize;
        let days = self
            .days
            .iter()
            .map(|(d, v)| {
                let bins = v
                    .chunks(k)
                    .map(|c| c.iter().flatten().copied().reduce(|a, b| a + b))
                    .collect();
                (*d, bins)
            })
            .collect();
        Ok(Self {
            resolution: to,
            days,
        })
    }

    /// The date `weeks` weeks before `date`.
    pub(crate) fn weeks_before(date: NaiveDate, weeks: u64) -> Option<NaiveDate> {
        date.checked_sub_days(Days::new(7 * weeks))
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "tests compare exactly representable values"
)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2003, 3, day).unwrap()
    }

    #[test]
    fn set_get_and_errors() {
        let mut s = Series::new(Resolution::new(60).unwrap());
        assert!(matches!(
            s.set(d(3), 24, 1.0),
            Err(Error::SlotOutOfRange { slot: 24, .. })
        ));
        assert!(s.set(d(3), 1, -1.0).is_err());
        assert!(s.set(d(3), 1, f64::NAN).is_err());
        s.set(d(3), 1, 4.0).unwrap();
        assert_eq!(s.num_days(), 1);
        assert_eq!(s.get(d(3), 0), None);
        assert_eq!(s.total(), 4.0);
    }

    #[test]
    fn aggregate_floor_bins() {
        let r5 = Resolution::new(5).unwrap();
        let mut s = Series::new(r5);
        // 07:00..21:00 inclusive, 169 slots of 1 call each
        for slot in 84..=252 {
            s.set(d(3), slot, 1.0).unwrap();
        }
        let s30 = s.aggregate(Resolution::new(30).unwrap()).unwrap();
        assert_eq!(s30.get(d(3), 14), Some(6.0));
        assert_eq!(s30.get(d(3), 41), Some(6.0));
        assert_eq!(s30.get(d(3), 42), Some(1.0)); // the lone 21:00 slot
        assert_eq!(s30.get(d(3), 43), None);
        assert_eq!(s30.total(), 169.0);
        assert!(s.aggregate(Resolution::new(6).unwrap()).is_err());
        let day = s.aggregate(Resolution::DAY).unwrap();
        assert_eq!(day.get(d(3), 0), Some(169.0));
    }

    #[test]
    fn ranges_keep_dates() {
        let mut s = Series::new(Resolution::DAY);
        for day in [3, 4, 6, 10] {
            s.set(d(day), 0, f64::from(day)).unwrap();
        }
        assert_eq!(s.before(d(6)).dates().collect::<Vec<_>>(), vec![d(3), d(4)]);
        assert_eq!(s.range(d(4), d(6)).num_days(), 2);
        assert_eq!(s.range(d(6), d(4)).num_days(), 0);
        assert_eq!(Series::weeks_before(d(10), 1), Some(d(3)));
    }
}
