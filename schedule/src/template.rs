//! Shift templates and break rules, and their expansion into concrete shift options.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::horizon::{DAY_S, ValidHorizon};

/// A family of allowed shifts: start window and step, one or more lengths, days of the week,
/// cost, per-day head-count limits and break rules.
///
/// Start times are seconds from midnight of the shift's day; `latest_start_s` may exceed a day
/// (up to `earliest_start_s` + 24 h) for start windows that run past midnight. Shifts may
/// end on a later day. All times must be whole multiples of the horizon's interval length.
/// Cost is `cost_per_hour` × paid length; breaks are paid.
///
/// # Examples
///
/// ```
/// use callwright_schedule::{BreakRule, ShiftTemplate};
///
/// // 8-hour shifts starting 06:00–14:00 every 30 min, a 15-minute break 2–3 h in and a
/// // 30-or-60-minute lunch starting 3.5–5 h in.
/// let t = ShiftTemplate {
///     name: "day8".into(),
///     earliest_start_s: 6.0 * 3600.0,
///     latest_start_s: 14.0 * 3600.0,
///     start_step_s: 1800.0,
///     lengths_s: vec![8.0 * 3600.0],
///     cost_per_hour: 20.0,
///     breaks: vec![
///         BreakRule::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0]),
///         BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]),
///     ],
///     ..ShiftTemplate::default()
/// };
/// assert_eq!(t.lengths_s.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShiftTemplate {
    /// Name reported with every scheduled shift.
    pub name: String,
    /// Earliest start, seconds from midnight of the shift's day, in `[0, 86400)`.
    pub earliest_start_s: f64,
    /// Latest start, seconds from midnight, in `[earliest_start_s, earliest_start_s + 86400)`.
    pub latest_start_s: f64,
    /// Distance between allowed starts, seconds (> 0).
    pub start_step_s: f64,
    /// Allowed shift lengths, seconds (at least one).
    pub lengths_s: Vec<f64>,
    /// Days of the week (index 0 = Monday) on which shifts of this template may start.
    pub weekdays: [bool; 7],
    /// Cost per paid hour (≥ 0).
    pub cost_per_hour: f64,
    /// Minimum number of shifts of this template starting on each day it is allowed.
    pub min_per_day: u32,
    /// Maximum number of shifts of this template starting on any one day.
    pub max_per_day: Option<u32>,
    /// Break rules, in the order the breaks happen within a shift.
    pub breaks: Vec<BreakRule>,
    /// Whether shifts of this template must lie entirely inside the problem's opening hours.
    pub respect_opening_hours: bool,
}

impl Default for ShiftTemplate {
    /// 8-hour shifts starting every 30 minutes at any time of day, every day, cost 1 per hour,
    /// no limits, no breaks, inside opening hours.
    fn default() -> Self {
        Self {
            name: "shift".into(),
            earliest_start_s: 0.0,
            latest_start_s: DAY_S - 1800.0,
            start_step_s: 1800.0,
            lengths_s: vec![8.0 * 3600.0],
            weekdays: [true; 7],
            cost_per_hour: 1.0,
            min_per_day: 0,
            max_per_day: None,
            breaks: Vec::new(),
            respect_opening_hours: true,
        }
    }
}

/// One break (or lunch) every shift of a template takes, placed by the optimiser.
///
/// The break starts between `earliest_start_after_s` and `latest_start_after_s` after the
/// shift start, at any interval boundary, and lasts one of `durations_s`. It applies to
/// shifts at least `min_shift_length_s` long, so one template can give lunches to its long
/// shifts only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakRule {
    /// Name reported with every scheduled break.
    pub name: String,
    /// Earliest start after the shift start, seconds.
    pub earliest_start_after_s: f64,
    /// Latest start after the shift start, seconds.
    pub latest_start_after_s: f64,
    /// Allowed durations, seconds (at least one).
    pub durations_s: Vec<f64>,
    /// The rule applies to shifts of at least this length, seconds.
    pub min_shift_length_s: f64,
}

impl Default for BreakRule {
    /// A 15-minute break starting 2–3 hours into the shift, for every shift length.
    fn default() -> Self {
        Self::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0])
    }
}

impl BreakRule {
    /// A break rule applying to every shift length.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_schedule::BreakRule;
    ///
    /// let lunch = BreakRule::new("lunch", 3.0 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]);
    /// assert_eq!(lunch.min_shift_length_s, 0.0);
    /// ```
    pub fn new(
        name: impl Into<String>,
        earliest_start_after_s: f64,
        latest_start_after_s: f64,
        durations_s: Vec<f64>,
    ) -> Self {
        Self {
            name: name.into(),
            earliest_start_after_s,
            latest_start_after_s,
            durations_s,
            min_shift_length_s: 0.0,
        }
    }
}

/// A break rule in intervals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct RuleKey {
    pub name: String,
    /// Earliest start offset from the shift start, intervals.
    pub earliest: usize,
    /// Latest start offset from the shift start, intervals.
    pub latest: usize,
    /// Allowed durations, intervals, ascending and distinct.
    pub durations: Vec<usize>,
}

/// A template converted to intervals and checked.
#[derive(Debug, Clone)]
pub(crate) struct ValidTemplate {
    pub earliest: usize,
    pub latest: usize,
    pub step: usize,
    /// Lengths in intervals, each with the indices of the break rules that apply to it.
    pub lengths: Vec<(usize, Vec<usize>)>,
    pub rules: Vec<RuleKey>,
}

fn non_negative(field: &str, value: f64) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::NotFinite {
            field: field.into(),
            value,
        });
    }
    if value < 0.0 {
        return Err(Error::OutOfRange {
            field: field.into(),
            value,
            expected: "at least 0",
        });
    }
    Ok(value)
}

fn positive_intervals(h: &ValidHorizon, field: &str, value_s: f64) -> Result<usize> {
    let n = h.to_intervals(field, value_s)?;
    if n == 0 {
        return Err(Error::OutOfRange {
            field: field.into(),
            value: value_s,
            expected: "more than 0 seconds",
        });
    }
    Ok(n)
}

impl ShiftTemplate {
    /// Checks the template against the horizon and converts it to intervals.
    pub(crate) fn validate(&self, h: &ValidHorizon, index: usize) -> Result<ValidTemplate> {
        let f = |name: &str| format!("templates[{index}].{name}");
        let earliest = h.to_intervals(&f("earliest_start_s"), self.earliest_start_s)?;
        if self.earliest_start_s >= DAY_S {
            return Err(Error::OutOfRange {
                field: f("earliest_start_s"),
                value: self.earliest_start_s,
                expected: "less than 86400 seconds",
            });
        }
        let latest = h.to_intervals(&f("latest_start_s"), self.latest_start_s)?;
        if latest < earliest || self.latest_start_s >= self.earliest_start_s + DAY_S {
            return Err(Error::OutOfRange {
                field: f("latest_start_s"),
                value: self.latest_start_s,
                expected: "at least earliest_start_s and less than a day after it",
            });
        }
        let step = positive_intervals(h, &f("start_step_s"), self.start_step_s)?;
        non_negative(&f("cost_per_hour"), self.cost_per_hour)?;
        if let Some(max) = self.max_per_day
            && max < self.min_per_day
        {
            return Err(Error::OutOfRange {
                field: f("max_per_day"),
                value: f64::from(max),
                expected: "at least min_per_day",
            });
        }
        if self.lengths_s.is_empty() {
            return Err(Error::Empty {
                field: f("lengths_s"),
            });
        }
        let (rules, min_lengths) = self.validate_rules(h, index)?;
        let mut lengths = Vec::with_capacity(self.lengths_s.len());
        for (i, &len_s) in self.lengths_s.iter().enumerate() {
            let len = positive_intervals(h, &f(&format!("lengths_s[{i}]")), len_s)?;
            if h.horizon().cyclic && len > h.intervals() {
                return Err(Error::OutOfRange {
                    field: f(&format!("lengths_s[{i}]")),
                    value: len_s,
                    expected: "at most the horizon length in a cyclic horizon",
                });
            }
            let applying: Vec<usize> = (0..rules.len())
                .filter(|&k| len_s >= min_lengths[k])
                .collect();
            let mut previous: Option<usize> = None;
            for &k in &applying {
                let r = &rules[k];
                let longest = r.durations.last().copied().unwrap_or(0);
                if r.latest + longest > len {
                    return Err(Error::BreakOutsideShift {
                        template: self.name.clone(),
                        rule: r.name.clone(),
                        length_s: len_s,
                    });
                }
                if let Some(p) = previous {
                    let q = &rules[p];
                    if q.latest + q.durations.last().copied().unwrap_or(0) > r.earliest {
                        return Err(Error::OverlappingBreaks {
                            template: self.name.clone(),
                            first: q.name.clone(),
                            second: r.name.clone(),
                        });
                    }
                }
                previous = Some(k);
            }
            lengths.push((len, applying));
        }
        lengths.sort_unstable();
        lengths.dedup();
        Ok(ValidTemplate {
            earliest,
            latest,
            step,
            lengths,
            rules,
        })
    }

    /// Break rules in intervals, with the minimum shift length each applies to.
    fn validate_rules(&self, h: &ValidHorizon, index: usize) -> Result<(Vec<RuleKey>, Vec<f64>)> {
        let mut rules = Vec::with_capacity(self.breaks.len());
        let mut min_lengths = Vec::with_capacity(self.breaks.len());
        for (k, rule) in self.breaks.iter().enumerate() {
            let g = |name: &str| format!("templates[{index}].breaks[{k}].{name}");
            let e = h.to_intervals(&g("earliest_start_after_s"), rule.earliest_start_after_s)?;
            let l = h.to_intervals(&g("latest_start_after_s"), rule.latest_start_after_s)?;
            if l < e {
                return Err(Error::OutOfRange {
                    field: g("latest_start_after_s"),
                    value: rule.latest_start_after_s,
                    expected: "at least earliest_start_after_s",
                });
            }
            if rule.durations_s.is_empty() {
                return Err(Error::Empty {
                    field: g("durations_s"),
                });
            }
            let mut durations = rule
                .durations_s
                .iter()
                .enumerate()
                .map(|(i, &d)| positive_intervals(h, &g(&format!("durations_s[{i}]")), d))
                .collect::<Result<Vec<_>>>()?;
            durations.sort_unstable();
            durations.dedup();
            min_lengths.push(non_negative(
                &g("min_shift_length_s"),
                rule.min_shift_length_s,
            )?);
            rules.push(RuleKey {
                name: rule.name.clone(),
                earliest: e,
                latest: l,
                durations,
            });
        }
        Ok((rules, min_lengths))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::horizon::Horizon;

    fn horizon() -> ValidHorizon {
        Horizon {
            days: 1,
            interval_s: 900.0,
            ..Horizon::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn converts_to_intervals() {
        let t = ShiftTemplate {
            earliest_start_s: 3600.0,
            latest_start_s: 7200.0,
            start_step_s: 900.0,
            breaks: vec![BreakRule::default()],
            ..ShiftTemplate::default()
        };
        let v = t.validate(&horizon(), 0).unwrap();
        assert_eq!((v.earliest, v.latest, v.step), (4, 8, 1));
        assert_eq!(v.lengths, vec![(32, vec![0])]);
        assert_eq!(v.rules[0].durations, vec![1]);
        assert_eq!((v.rules[0].earliest, v.rules[0].latest), (8, 12));
    }

    #[test]
    fn rejects_bad_templates() {
        let h = horizon();
        let bad = |t: ShiftTemplate| t.validate(&h, 3).unwrap_err();
        let e = bad(ShiftTemplate {
            cost_per_hour: -1.0,
            ..ShiftTemplate::default()
        });
        assert_eq!(
            e,
            Error::OutOfRange {
                field: "templates[3].cost_per_hour".into(),
                value: -1.0,
                expected: "at least 0"
            }
        );
        let e = bad(ShiftTemplate {
            cost_per_hour: f64::NAN,
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::NotFinite { .. }));
        let e = bad(ShiftTemplate {
            lengths_s: vec![],
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::Empty { .. }));
        let e = bad(ShiftTemplate {
            lengths_s: vec![1000.0],
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::NotAligned { .. }));
        let e = bad(ShiftTemplate {
            start_step_s: 0.0,
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::OutOfRange { .. }));
        let e = bad(ShiftTemplate {
            min_per_day: 3,
            max_per_day: Some(2),
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::OutOfRange { .. }));
        let e = bad(ShiftTemplate {
            lengths_s: vec![3.0 * 3600.0],
            breaks: vec![BreakRule::default()],
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::BreakOutsideShift { .. }));
        let e = bad(ShiftTemplate {
            breaks: vec![
                BreakRule::default(),
                BreakRule::new("lunch", 3.0 * 3600.0, 4.0 * 3600.0, vec![1800.0]),
            ],
            ..ShiftTemplate::default()
        });
        assert!(matches!(e, Error::OverlappingBreaks { .. }));
    }

    #[test]
    fn rules_apply_by_length() {
        let t = ShiftTemplate {
            lengths_s: vec![4.0 * 3600.0, 8.0 * 3600.0],
            breaks: vec![
                BreakRule::new("b", 7200.0, 9000.0, vec![900.0]),
                BreakRule {
                    min_shift_length_s: 6.0 * 3600.0,
                    ..BreakRule::new("lunch", 4.0 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0])
                },
            ],
            ..ShiftTemplate::default()
        };
        let v = t.validate(&horizon(), 0).unwrap();
        assert_eq!(v.lengths, vec![(16, vec![0]), (32, vec![0, 1])]);
    }
}
