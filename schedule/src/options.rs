//! Coverage mode, tours and solver options.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How the requirement per interval must be met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub enum Coverage {
    /// Coverage ≥ requirement in every interval; minimise cost. An interval no allowed shift
    /// can work in is an error; a requirement the limits cannot meet gives
    /// [`Status::Infeasible`](crate::Status::Infeasible).
    #[default]
    Hard,
    /// Coverage may fall short or exceed; each agent-interval short or over is penalised.
    /// Never infeasible for lack of coverage: the shortfall is reported per interval.
    Soft(SoftCoverage),
}

/// Penalties of [`Coverage::Soft`].
///
/// # Formula
///
/// ```text
/// minimise  Σ shift cost + Σ_t w_t · (under_penalty · under_t + over_penalty · over_t)
/// where     coverage_t + under_t − over_t = requirement_t,  under_t, over_t ≥ 0
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoftCoverage {
    /// Cost of one agent missing for one interval (≥ 0).
    pub under_penalty: f64,
    /// Cost of one agent too many for one interval (≥ 0).
    pub over_penalty: f64,
    /// Optional weight per interval (≥ 0) multiplying both penalties, e.g. to make peak
    /// intervals matter more. `None` weighs every interval 1.
    pub interval_weights: Option<Vec<f64>>,
}

impl Default for SoftCoverage {
    /// Missing an agent for an interval costs 1000, overstaffing is free.
    fn default() -> Self {
        Self {
            under_penalty: 1000.0,
            over_penalty: 0.0,
            interval_weights: None,
        }
    }
}

/// Weekly tours: who works which days. Solved in the same model as the shifts.
///
/// Every employee follows one weekly days-off pattern, repeated every week of the horizon,
/// and works exactly one shift on each working day. The patterns allowed are all weekly
/// patterns with `work_days_per_week` working days that satisfy the rules (checked
/// cyclically, across the week boundary). The model links, for every day, the number of
/// employees working that day with the number of shifts starting on it; afterwards the day's
/// shifts are handed to that day's employees.
///
/// Not modelled: minimum rest between shifts on consecutive days and start-time consistency
/// across days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tours {
    /// Working days per week, 1 to 7.
    pub work_days_per_week: u32,
    /// Whether the days off of a week must be consecutive (e.g. Saturday and Sunday, or
    /// Sunday and Monday).
    pub consecutive_days_off: bool,
    /// Maximum consecutive working days, if any.
    pub max_consecutive_work_days: Option<u32>,
    /// Cost per employee over the horizon (≥ 0), on top of shift costs.
    pub cost_per_employee: f64,
}

impl Default for Tours {
    /// Five days on, two consecutive days off, no employee cost.
    fn default() -> Self {
        Self {
            work_days_per_week: 5,
            consecutive_days_off: true,
            max_consecutive_work_days: None,
            cost_per_employee: 0.0,
        }
    }
}

impl Tours {
    /// All weekly working-day patterns (index 0 = first day of the horizon's weeks) allowed by
    /// the rules, in a fixed order.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for 0 or more than 7 working days, [`Error::NotFinite`] /
    /// [`Error::OutOfRange`] for a bad employee cost, [`Error::NoTourPattern`] when no pattern
    /// passes the rules.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_schedule::Tours;
    ///
    /// // 5 days on with 2 consecutive days off: 7 patterns, one per first day off.
    /// assert_eq!(Tours::default().patterns()?.len(), 7);
    /// # Ok::<(), callwright_schedule::Error>(())
    /// ```
    pub fn patterns(&self) -> Result<Vec<[bool; 7]>> {
        if !(1..=7).contains(&self.work_days_per_week) {
            return Err(Error::OutOfRange {
                field: "tours.work_days_per_week".into(),
                value: f64::from(self.work_days_per_week),
                expected: "1 to 7",
            });
        }
        if !self.cost_per_employee.is_finite() {
            return Err(Error::NotFinite {
                field: "tours.cost_per_employee".into(),
                value: self.cost_per_employee,
            });
        }
        if self.cost_per_employee < 0.0 {
            return Err(Error::OutOfRange {
                field: "tours.cost_per_employee".into(),
                value: self.cost_per_employee,
                expected: "at least 0",
            });
        }
        let patterns: Vec<[bool; 7]> = (0u32..128)
            .filter(|mask| mask.count_ones() == self.work_days_per_week)
            .map(|mask| std::array::from_fn(|d| mask >> d & 1 == 1))
            .filter(|p| !self.consecutive_days_off || off_days_consecutive(*p))
            .filter(|p| {
                self.max_consecutive_work_days
                    .is_none_or(|m| longest_cyclic_run(*p) <= m as usize)
            })
            .collect();
        if patterns.is_empty() {
            return Err(Error::NoTourPattern {
                work_days: self.work_days_per_week,
                consecutive_days_off: self.consecutive_days_off,
                max_consecutive: self.max_consecutive_work_days,
            });
        }
        Ok(patterns)
    }
}

/// Whether the off days of a weekly pattern form one block on the cyclic week.
fn off_days_consecutive(p: [bool; 7]) -> bool {
    // Count the starts of off-blocks: an off day whose (cyclic) predecessor works.
    let starts = (0..7).filter(|&d| !p[d] && p[(d + 6) % 7]).count();
    starts <= 1
}

/// The longest run of working days on the repeated week.
fn longest_cyclic_run(p: [bool; 7]) -> usize {
    if p.iter().all(|&w| w) {
        return usize::MAX;
    }
    let mut best = 0;
    let mut run = 0;
    for d in 0..14 {
        if p[d % 7] {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Solver options. `HiGHS` is silent unless `verbose` is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SolverOptions {
    /// Wall-clock limit for the MIP; the best schedule found by then is returned with
    /// [`Status::TimeLimit`](crate::Status::TimeLimit).
    pub time_limit: Option<Duration>,
    /// Relative MIP gap at which `HiGHS` stops (`HiGHS`' own default, 1e-4, when `None`).
    pub mip_rel_gap: Option<f64>,
    /// Threads `HiGHS` may use (`HiGHS` decides when `None`). `HiGHS` creates one thread pool
    /// per process on its first solve; a later solve asking for a different count fails with
    /// [`Error::Solver`](crate::Error::Solver), so set this the same way for every solve of a
    /// process.
    pub threads: Option<u32>,
    /// Let `HiGHS` write its log to standard output.
    pub verbose: bool,
    /// How implicit breaks are modelled.
    pub break_formulation: BreakFormulation,
    /// Whether `HiGHS` runs its presolve. `None`: only for models without breaks, where it
    /// helps; with breaks it was found to slow the solve down several times.
    pub presolve: Option<bool>,
}

/// Formulation of the implicit break variables. Both give the same optimum; they differ in
/// model size and in how well `HiGHS` solves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum BreakFormulation {
    /// Bechtold–Jacobs: break variables per break class, start time and duration, shared by
    /// all shifts of the class, with forward and backward constraints (see
    /// [`ScheduleProblem`](crate::ScheduleProblem)). Fewest variables.
    #[default]
    Aggregated,
    /// Aykin: break variables per group of shifts with equal start, break start and
    /// duration, one row per group. More variables, no long constraint chains.
    PerStart,
}

impl Default for SolverOptions {
    /// No time limit, `HiGHS`' default gap and threads, silent, automatic presolve.
    fn default() -> Self {
        Self {
            time_limit: None,
            mip_rel_gap: None,
            threads: None,
            verbose: false,
            break_formulation: BreakFormulation::default(),
            presolve: None,
        }
    }
}

impl SolverOptions {
    /// Checks the options.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] for a zero time limit, a gap outside `[0, 1]` or zero threads;
    /// [`Error::NotFinite`] for a NaN gap.
    pub fn validate(&self) -> Result<()> {
        if let Some(t) = self.time_limit
            && t.is_zero()
        {
            return Err(Error::OutOfRange {
                field: "solver.time_limit".into(),
                value: 0.0,
                expected: "more than 0 seconds",
            });
        }
        if let Some(g) = self.mip_rel_gap {
            if !g.is_finite() {
                return Err(Error::NotFinite {
                    field: "solver.mip_rel_gap".into(),
                    value: g,
                });
            }
            if !(0.0..=1.0).contains(&g) {
                return Err(Error::OutOfRange {
                    field: "solver.mip_rel_gap".into(),
                    value: g,
                    expected: "0 to 1",
                });
            }
        }
        if self.threads == Some(0) {
            return Err(Error::OutOfRange {
                field: "solver.threads".into(),
                value: 0.0,
                expected: "at least 1",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_two_patterns() {
        let p = Tours::default().patterns().unwrap();
        assert_eq!(p.len(), 7);
        assert!(p.iter().all(|q| q.iter().filter(|&&w| w).count() == 5));
        assert!(p.contains(&[true, true, true, true, true, false, false]));
        assert!(p.contains(&[false, true, true, true, true, true, false]));
    }

    #[test]
    fn max_consecutive_rule() {
        let t = Tours {
            consecutive_days_off: false,
            max_consecutive_work_days: Some(3),
            ..Tours::default()
        };
        // 5 working days with runs of at most 3 on a cyclic week: runs 3+2 split by single
        // off days.
        let p = t.patterns().unwrap();
        assert!(!p.is_empty());
        assert!(p.iter().all(|q| longest_cyclic_run(*q) <= 3));
        let t = Tours {
            max_consecutive_work_days: Some(2),
            ..Tours::default()
        };
        assert!(matches!(t.patterns(), Err(Error::NoTourPattern { .. })));
    }

    #[test]
    fn rejects_bad_options() {
        assert!(
            Tours {
                work_days_per_week: 0,
                ..Tours::default()
            }
            .patterns()
            .is_err()
        );
        assert!(
            Tours {
                cost_per_employee: f64::NAN,
                ..Tours::default()
            }
            .patterns()
            .is_err()
        );
        let o = SolverOptions {
            mip_rel_gap: Some(f64::NAN),
            ..SolverOptions::default()
        };
        assert!(matches!(o.validate(), Err(Error::NotFinite { .. })));
        let o = SolverOptions {
            time_limit: Some(Duration::ZERO),
            ..SolverOptions::default()
        };
        assert!(o.validate().is_err());
        let o = SolverOptions {
            threads: Some(0),
            ..SolverOptions::default()
        };
        assert!(o.validate().is_err());
        assert!(SolverOptions::default().validate().is_ok());
    }
}
