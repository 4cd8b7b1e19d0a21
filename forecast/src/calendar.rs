//! Interval resolution, operating hours and special days.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Minutes in a day.
pub const MINUTES_PER_DAY: u32 = 1440;

/// The length of one interval, in whole minutes dividing a day (5, 6, 15, 30, 60, 1440, ...).
///
/// # Examples
///
/// ```
/// use callwright_forecast::Resolution;
/// let r = Resolution::new(30)?;
/// assert_eq!(r.slots_per_day(), 48);
/// assert_eq!(r.interval_s(), 1800.0);
/// assert!(Resolution::new(7).is_err());
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Resolution {
    minutes: u32,
}

impl Resolution {
    /// One interval per day.
    pub const DAY: Self = Self {
        minutes: MINUTES_PER_DAY,
    };

    /// An interval of `minutes` minutes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidResolution`] unless `minutes` ≥ 1 divides 1440.
    pub fn new(minutes: u32) -> Result<Self> {
        if minutes == 0 || !MINUTES_PER_DAY.is_multiple_of(minutes) {
            return Err(Error::InvalidResolution { minutes });
        }
        Ok(Self { minutes })
    }

    /// Interval length in minutes.
    pub fn minutes(self) -> u32 {
        self.minutes
    }

    /// Interval length in seconds.
    pub fn interval_s(self) -> f64 {
        f64::from(self.minutes) * 60.0
    }

    /// Number of intervals in a day.
    pub fn slots_per_day(self) -> usize {
        (MINUTES_PER_DAY / self.minutes) as usize
    }

    /// Slot index holding the time `t` (the interval that starts at or before it).
    pub fn slot_of(self, t: NaiveTime) -> usize {
        let minute = t.hour_minute();
        (minute / self.minutes) as usize
    }

    /// Minutes after midnight at which `slot` starts.
    pub fn slot_start_min(self, slot: usize) -> u32 {
        u32::try_from(slot).map_or(MINUTES_PER_DAY, |s| s.saturating_mul(self.minutes))
    }
}

impl TryFrom<u32> for Resolution {
    type Error = Error;
    fn try_from(minutes: u32) -> Result<Self> {
        Self::new(minutes)
    }
}

impl From<Resolution> for u32 {
    fn from(r: Resolution) -> u32 {
        r.minutes
    }
}

/// Minutes after midnight of a time of day.
trait HourMinute {
    fn hour_minute(&self) -> u32;
}

impl HourMinute for NaiveTime {
    fn hour_minute(&self) -> u32 {
        use chrono::Timelike;
        self.hour() * 60 + self.minute()
    }
}

/// Opening hours of one day of the week: `[open_min, close_min)` in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    /// Opening time, minutes after midnight.
    pub open_min: u32,
    /// Closing time, minutes after midnight (at most 1440).
    pub close_min: u32,
}

/// Operating hours per day of the week; `None` means closed all day. The default is open 24/7.
///
/// # Examples
///
/// ```
/// use callwright_forecast::{DayHours, OperatingHours};
/// use chrono::Weekday;
/// let hours = OperatingHours::weekdays(DayHours { open_min: 7 * 60, close_min: 21 * 60 + 5 })?;
/// assert!(hours.is_open(Weekday::Mon, 7 * 60, 30));
/// assert!(!hours.is_open(Weekday::Sat, 12 * 60, 30));
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatingHours {
    /// Hours Monday (index 0) to Sunday (index 6).
    pub days: [Option<DayHours>; 7],
}

impl Default for OperatingHours {
    fn default() -> Self {
        let all = DayHours {
            open_min: 0,
            close_min: MINUTES_PER_DAY,
        };
        Self {
            days: [Some(all); 7],
        }
    }
}

impl OperatingHours {
    /// The same hours Monday to Friday, closed at weekends.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHours`] when `close_min` ≤ `open_min` or past 1440.
    pub fn weekdays(hours: DayHours) -> Result<Self> {
        let mut days = [Some(hours); 7];
        days[5] = None;
        days[6] = None;
        let out = Self { days };
        out.validate()?;
        Ok(out)
    }

    /// Checks every day's open < close ≤ 1440.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHours`] naming the first bad day.
    pub fn validate(&self) -> Result<()> {
        for (i, d) in self.days.iter().enumerate() {
            if let Some(h) = d
                && (h.close_min <= h.open_min || h.close_min > MINUTES_PER_DAY)
            {
                return Err(Error::InvalidHours {
                    weekday: weekday_from_index(i).to_string(),
                    open_min: h.open_min,
                    close_min: h.close_min,
                });
            }
        }
        Ok(())
    }

    /// Whether an interval of `len_min` minutes starting `start_min` after midnight overlaps the
    /// open hours of `weekday`.
    pub fn is_open(&self, weekday: Weekday, start_min: u32, len_min: u32) -> bool {
        self.days[weekday.num_days_from_monday() as usize]
            .is_some_and(|h| start_min < h.close_min && start_min + len_min > h.open_min)
    }
}

fn weekday_from_index(i: usize) -> Weekday {
    match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// A declared special day: a holiday, a campaign, a known outage.
///
/// Days sharing a `label` (e.g. every `"christmas"`) are treated as occurrences of the same event:
/// models learn the event's effect on the day total and its intraday shape from past occurrences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    /// Event name shared by its occurrences.
    pub label: String,
    /// The centre is closed that day (forecast zero).
    #[serde(default)]
    pub closed: bool,
}

/// Operating hours plus special days: everything a model needs to know about the calendar.
///
/// # Examples
///
/// ```
/// use callwright_forecast::Calendar;
/// use chrono::NaiveDate;
/// let mut cal = Calendar::default();
/// let xmas = NaiveDate::from_ymd_opt(2019, 12, 25).unwrap();
/// cal.add_special_day(xmas, "christmas", false);
/// assert_eq!(cal.special_day(xmas).map(|s| s.label.as_str()), Some("christmas"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Operating hours; intervals outside them are forecast zero.
    #[serde(default)]
    pub hours: OperatingHours,
    /// Declared special days by date.
    #[serde(default)]
    pub special_days: BTreeMap<NaiveDate, SpecialDay>,
}

impl Calendar {
    /// A calendar with the given operating hours and no special days.
    pub fn with_hours(hours: OperatingHours) -> Self {
        Self {
            hours,
            special_days: BTreeMap::new(),
        }
    }

    /// Declares `date` a special day with `label`; `closed` marks a day with no service.
    pub fn add_special_day(&mut self, date: NaiveDate, label: &str, closed: bool) {
        self.special_days.insert(
            date,
            SpecialDay {
                label: label.to_owned(),
                closed,
            },
        );
    }

    /// The special day declared for `date`, if any.
    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.special_days.get(&date)
    }

    /// Whether `date` is an ordinary day (not declared special).
    pub fn is_ordinary(&self, date: NaiveDate) -> bool {
        !self.special_days.contains_key(&date)
    }

    /// Whether slot `slot` of `date` is open at `resolution`.
    pub fn is_open(&self, date: NaiveDate, slot: usize, resolution: Resolution) -> bool {
        if self.special_day(date).is_some_and(|s| s.closed) {
            return false;
        }
        self.hours.is_open(
            date.weekday(),
            resolution.slot_start_min(slot),
            resolution.minutes(),
        )
    }

    /// US federal-style holidays commonly seen in contact-centre data for the given years:
    /// New Year's Day, Memorial Day, Independence Day, Labor Day, Thanksgiving, Christmas Eve,
    /// Christmas and New Year's Eve, each with its own label (none marked closed).
    #[must_use]
    pub fn with_us_holidays(mut self, years: std::ops::RangeInclusive<i32>) -> Self {
        for y in years {
            let fixed = [
                (1, 1, "new_year"),
                (7, 4, "independence_day"),
                (12, 24, "christmas_eve"),
                (12, 25, "christmas"),
                (12, 31, "new_years_eve"),
            ];
            for (m, d, label) in fixed {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    self.add_special_day(date, label, false);
                }
            }
            let nth = [
                (5, Weekday::Mon, None, "memorial_day"),
                (9, Weekday::Mon, Some(1), "labor_day"),
                (11, Weekday::Thu, Some(4), "thanksgiving"),
            ];
            for (m, wd, n, label) in nth {
                let date = match n {
                    Some(n) => NaiveDate::from_weekday_of_month_opt(y, m, wd, n),
                    None => last_weekday_of_month(y, m, wd),
                };
                if let Some(date) = date {
                    self.add_special_day(date, label, false);
                }
            }
        }
        self
    }
}

fn last_weekday_of_month(year: i32, month: u32, wd: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, wd, n))
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "tests compare exactly representable values"
)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn resolutions() {
        for m in [5, 6, 15, 30, 60, 1440] {
            assert_eq!(
                Resolution::new(m).unwrap().slots_per_day() * m as usize,
                1440
            );
        }
        assert_eq!(
            Resolution::new(0),
            Err(Error::InvalidResolution { minutes: 0 })
        );
        let r = Resolution::new(30).unwrap();
        assert_eq!(r.slot_of(NaiveTime::from_hms_opt(7, 29, 59).unwrap()), 14);
        assert_eq!(r.slot_start_min(14), 420);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "30");
        assert!(serde_json::from_str::<Resolution>("7").is_err());
    }

    #[test]
    fn hours_and_specials() {
        let h = OperatingHours::weekdays(DayHours {
            open_min: 420,
            close_min: 1265,
        })
        .unwrap();
        let mut cal = Calendar::with_hours(h);
        let r = Resolution::new(30).unwrap();
        assert!(cal.is_open(d(2003, 3, 3), 14, r));
        assert!(cal.is_open(d(2003, 3, 3), 42, r)); // 21:00-21:30 overlaps 21:00-21:05
        assert!(!cal.is_open(d(2003, 3, 3), 43, r));
        assert!(!cal.is_open(d(2003, 3, 1), 20, r)); // Saturday
        cal.add_special_day(d(2003, 7, 4), "independence_day", true);
        assert!(!cal.is_open(d(2003, 7, 4), 20, r));
        assert!(
            OperatingHours::weekdays(DayHours {
                open_min: 600,
                close_min: 500
            })
            .is_err()
        );
    }

    #[test]
    fn us_holidays() {
        let cal = Calendar::default().with_us_holidays(2003..=2003);
        assert_eq!(
            cal.special_day(d(2003, 5, 26)).unwrap().label,
            "memorial_day"
        );
        assert_eq!(cal.special_day(d(2003, 9, 1)).unwrap().label, "labor_day");
        assert_eq!(
            cal.special_day(d(2003, 11, 27)).unwrap().label,
            "thanksgiving"
        );
        assert_eq!(cal.special_days.len(), 8);
    }
}
