//! The planning horizon: days split into equal intervals.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// Days × intervals of equal length, starting at midnight of the first day.
///
/// With `cyclic` the horizon repeats: a shift that runs past its end continues at its start.
/// This is the textbook single-day model (every day looks the same) and the usual weekly model
/// (every week looks the same). Without `cyclic`, every shift must end inside the horizon.
///
/// # Examples
///
/// ```
/// use callwright_schedule::Horizon;
///
/// let week = Horizon { days: 7, interval_s: 1800.0, ..Horizon::default() };
/// assert_eq!(week.validate()?.intervals(), 336);
/// # Ok::<(), callwright_schedule::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Horizon {
    /// Number of days, at least 1.
    pub days: u32,
    /// Interval length in seconds: 900, 1800 or 3600.
    pub interval_s: f64,
    /// Day of the week of the first day: 0 = Monday … 6 = Sunday.
    pub first_weekday: u8,
    /// Whether the horizon wraps around (see the type's documentation).
    pub cyclic: bool,
}

impl Default for Horizon {
    /// One day of 30-minute intervals starting on a Monday, not cyclic.
    fn default() -> Self {
        Self {
            days: 1,
            interval_s: 1800.0,
            first_weekday: 0,
            cyclic: false,
        }
    }
}

impl Horizon {
    /// Checks the horizon and returns it with derived counts.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyHorizon`] for zero days, [`Error::OutOfRange`] for an interval length other
    /// than 15, 30 or 60 minutes or a weekday above 6.
    pub fn validate(&self) -> Result<ValidHorizon> {
        if self.days == 0 {
            return Err(Error::EmptyHorizon { days: self.days });
        }
        if !self.interval_s.is_finite() {
            return Err(Error::NotFinite {
                field: "horizon.interval_s".into(),
                value: self.interval_s,
            });
        }
        let per_day = match self.interval_s {
            900.0 => 96,
            1800.0 => 48,
            3600.0 => 24,
            _ => {
                return Err(Error::OutOfRange {
                    field: "horizon.interval_s".into(),
                    value: self.interval_s,
                    expected: "900, 1800 or 3600 seconds",
                });
            }
        };
        if self.first_weekday > 6 {
            return Err(Error::OutOfRange {
                field: "horizon.first_weekday".into(),
                value: f64::from(self.first_weekday),
                expected: "0 (Monday) to 6 (Sunday)",
            });
        }
        Ok(ValidHorizon {
            horizon: self.clone(),
            per_day,
        })
    }
}

/// A checked [`Horizon`] with derived counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidHorizon {
    horizon: Horizon,
    per_day: usize,
}

impl ValidHorizon {
    /// The horizon as given.
    pub fn horizon(&self) -> &Horizon {
        &self.horizon
    }

    /// Intervals per day.
    pub fn per_day(&self) -> usize {
        self.per_day
    }

    /// Total number of intervals.
    pub fn intervals(&self) -> usize {
        self.per_day * self.horizon.days as usize
    }

    /// Interval length, seconds.
    pub fn interval_s(&self) -> f64 {
        self.horizon.interval_s
    }

    /// Day of the week (0 = Monday) of day `day` of the horizon.
    pub fn weekday(&self, day: usize) -> usize {
        (usize::from(self.horizon.first_weekday) + day) % 7
    }

    /// Converts a time in seconds to a whole number of intervals.
    ///
    /// # Errors
    ///
    /// [`Error::NotFinite`], [`Error::OutOfRange`] for a negative time, [`Error::NotAligned`]
    /// when it is not a multiple of the interval length.
    pub(crate) fn to_intervals(&self, field: &str, value_s: f64) -> Result<usize> {
        if !value_s.is_finite() {
            return Err(Error::NotFinite {
                field: field.into(),
                value: value_s,
            });
        }
        if value_s < 0.0 {
            return Err(Error::OutOfRange {
                field: field.into(),
                value: value_s,
                expected: "at least 0 seconds",
            });
        }
        let n = value_s / self.interval_s();
        if (n - n.round()).abs() > 1e-9 {
            return Err(Error::NotAligned {
                field: field.into(),
                value_s,
                interval_s: self.interval_s(),
            });
        }
        // Exact after the alignment check; times are far below 2^52 intervals.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked whole and non-negative"
        )]
        Ok(n.round() as usize)
    }
}

/// Builds an opening-hours mask: `true` for every interval of every day that lies inside
/// `[open_s, close_s)` (seconds from midnight). With `close_s` ≤ `open_s` the opening runs
/// past midnight (e.g. 20:00–02:00).
///
/// # Examples
///
/// ```
/// use callwright_schedule::{daily_opening_hours, Horizon};
///
/// let h = Horizon { days: 1, interval_s: 3600.0, ..Horizon::default() }.validate()?;
/// let open = daily_opening_hours(&h, 8.0 * 3600.0, 20.0 * 3600.0);
/// assert_eq!(open.iter().filter(|&&o| o).count(), 12);
/// assert!(!open[7] && open[8] && open[19] && !open[20]);
/// # Ok::<(), callwright_schedule::Error>(())
/// ```
pub fn daily_opening_hours(horizon: &ValidHorizon, open_s: f64, close_s: f64) -> Vec<bool> {
    let per_day = horizon.per_day();
    (0..horizon.intervals())
        .map(|t| {
            let start = (t % per_day) as f64 * horizon.interval_s();
            if open_s < close_s {
                start >= open_s && start < close_s
            } else {
                start >= open_s || start < close_s
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_horizons() {
        let h = Horizon {
            days: 0,
            ..Horizon::default()
        };
        assert_eq!(h.validate(), Err(Error::EmptyHorizon { days: 0 }));
        let h = Horizon {
            interval_s: 600.0,
            ..Horizon::default()
        };
        assert!(matches!(h.validate(), Err(Error::OutOfRange { .. })));
        let h = Horizon {
            interval_s: f64::NAN,
            ..Horizon::default()
        };
        assert!(matches!(h.validate(), Err(Error::NotFinite { .. })));
        let h = Horizon {
            first_weekday: 7,
            ..Horizon::default()
        };
        assert!(matches!(h.validate(), Err(Error::OutOfRange { .. })));
    }

    #[test]
    fn converts_aligned_times_only() {
        let h = Horizon::default().validate().unwrap();
        assert_eq!(h.to_intervals("x", 5400.0), Ok(3));
        assert!(matches!(
            h.to_intervals("x", 1000.0),
            Err(Error::NotAligned { .. })
        ));
        assert!(matches!(
            h.to_intervals("x", -1800.0),
            Err(Error::OutOfRange { .. })
        ));
    }

    #[test]
    fn weekday_wraps() {
        let h = Horizon {
            days: 9,
            first_weekday: 5,
            ..Horizon::default()
        }
        .validate()
        .unwrap();
        assert_eq!(h.weekday(0), 5);
        assert_eq!(h.weekday(2), 0);
        assert_eq!(h.weekday(8), 6);
    }

    #[test]
    fn overnight_opening() {
        let h = Horizon {
            interval_s: 3600.0,
            ..Horizon::default()
        }
        .validate()
        .unwrap();
        let open = daily_opening_hours(&h, 20.0 * 3600.0, 2.0 * 3600.0);
        assert_eq!(open.iter().filter(|&&o| o).count(), 6);
        assert!(open[0] && open[1] && !open[2] && open[20] && open[23]);
    }
}
