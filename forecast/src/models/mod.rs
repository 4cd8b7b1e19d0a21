//! Forecasting models behind one interface, [`Forecaster`].

mod benchmarks;
mod day_profile;
mod holt_winters;

use chrono::NaiveDate;

pub use benchmarks::{SameSlotMean, SeasonalNaive};
pub use day_profile::{DayProfile, DayProfileConfig, LevelStat};
pub use holt_winters::{HoltWinters, HoltWintersConfig};

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::series::Series;

/// The fit/forecast interface every model implements.
///
/// `fit` learns from a history of counts per interval (and the calendar: operating hours, special
/// days); `forecast` returns the expected count of each open interval of the requested dates,
/// which must all lie after the last day of the history. Fitting again replaces the previous fit.
///
/// # Examples
///
/// ```
/// use callwright_forecast::{Calendar, Forecaster, Resolution, SameSlotMean, Series};
/// use chrono::{Days, NaiveDate};
/// let monday = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut history = Series::new(Resolution::DAY);
/// for (week, v) in [10.0, 20.0, 30.0, 40.0].into_iter().enumerate() {
///     history.set(monday + Days::new(7 * week as u64), 0, v)?;
/// }
/// let mut model = SameSlotMean::new(4)?;
/// model.fit(&history, &Calendar::default())?;
/// let next_monday = monday + Days::new(28);
/// let fc = model.forecast(&[next_monday])?;
/// assert_eq!(fc.get(next_monday, 0), Some(25.0));
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
pub trait Forecaster {
    /// Short model name for reports, e.g. `same-slot mean (4 w)`.
    fn name(&self) -> String;

    /// Learns from `history`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] or [`Error::NotEnoughHistory`] when there is too little data.
    fn fit(&mut self, history: &Series, calendar: &Calendar) -> Result<()>;

    /// Expected counts per interval for `dates`, each after the end of the fitted history.
    /// Slots closed by the calendar are zero; slots never observed at that weekday are absent.
    ///
    /// # Errors
    ///
    /// [`Error::NotFitted`] before `fit`, [`Error::DateNotAfterOrigin`] for a date too early.
    fn forecast(&self, dates: &[NaiveDate]) -> Result<Series>;
}

/// What every fitted model keeps: the history, the calendar and the forecast origin.
#[derive(Debug, Clone)]
pub(crate) struct FitState {
    pub history: Series,
    pub calendar: Calendar,
    pub origin: NaiveDate,
}

impl FitState {
    pub fn new(history: &Series, calendar: &Calendar) -> Result<Self> {
        calendar.hours.validate()?;
        let origin = history
            .last_date()
            .ok_or(Error::Empty { what: "history" })?;
        Ok(Self {
            history: history.clone(),
            calendar: calendar.clone(),
            origin,
        })
    }

    /// The latest date on or before the origin that is a whole number of weeks before `date`.
    pub fn base_date(&self, date: NaiveDate) -> Result<NaiveDate> {
        if date <= self.origin {
            return Err(Error::DateNotAfterOrigin {
                date,
                origin: self.origin,
            });
        }
        let ahead = u64::try_from((date - self.origin).num_days()).unwrap_or(0);
        Series::weeks_before(date, ahead.div_ceil(7)).ok_or(Error::DateNotAfterOrigin {
            date,
            origin: self.origin,
        })
    }

    /// Builds the forecast series: closed slots zero, open slots from `value` (absent if `None`).
    pub fn build<F>(&self, dates: &[NaiveDate], mut value: F) -> Result<Series>
    where
        F: FnMut(NaiveDate, NaiveDate) -> Result<Vec<Option<f64>>>,
    {
        let res = self.history.resolution();
        let mut out = Series::new(res);
        for &date in dates {
            let base = self.base_date(date)?;
            let day = value(date, base)?;
            for (slot, v) in day.into_iter().enumerate() {
                if !self.calendar.is_open(date, slot, res) {
                    out.set(date, slot, 0.0)?;
                } else if let Some(v) = v {
                    out.set(date, slot, v)?;
                }
            }
        }
        Ok(out)
    }
}

/// Fitted state or the error to report when there is none.
pub(crate) fn fitted<'a>(state: Option<&'a FitState>, name: &str) -> Result<&'a FitState> {
    state.ok_or_else(|| Error::NotFitted {
        model: name.to_owned(),
    })
}
