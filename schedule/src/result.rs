//! What a solve returns.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How the solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Status {
    /// Proved optimal.
    Optimal,
    /// Feasible; `HiGHS` stopped because its relative gap fell below the requested MIP gap.
    WithinGap,
    /// Feasible; stopped at the time limit. The schedule is the cheaper of `HiGHS`' best one
    /// (if it found any) and a greedy one built without the solver (hard coverage: the LP
    /// relaxation's whole shifts, shifts added where still short, redundant ones dropped;
    /// soft coverage: no shifts). `HiGHS` may overrun the limit while in its root node.
    TimeLimit,
    /// No schedule satisfies the hard constraints (hard coverage under the per-day limits,
    /// tours). The schedule is empty; objective and bound are +∞.
    Infeasible,
}

/// Where [`Schedule::bound`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum BoundSource {
    /// The MIP was proved optimal: the bound is the objective.
    Proved,
    /// `HiGHS` stopped at its gap tolerance, which guarantees
    /// `objective − dual bound ≤ max(mip_rel_gap · |objective|, mip_abs_gap)`: the bound is
    /// that guarantee (`good_lp` does not expose the dual bound itself), so the reported gap
    /// is the tolerance, an upper bound on the true gap.
    GapTolerance,
    /// Stopped at the time limit. `good_lp` does not expose `HiGHS`' MIP dual bound, so the
    /// bound is the optimum of the LP relaxation of the same model, solved separately. It is
    /// valid but may be weaker than the bound `HiGHS` had (0 if the LP itself did not finish
    /// within the time limit).
    LpRelaxation,
    /// The problem is infeasible: the bound is +∞.
    Infeasible,
}

/// A break placed in one scheduled shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledBreak {
    /// The break rule's name.
    pub rule: String,
    /// Start, seconds from the start of the horizon. In a cyclic horizon this may exceed the
    /// horizon's end: take it modulo the horizon length.
    pub start_s: f64,
    /// Duration, seconds.
    pub duration_s: f64,
}

/// One shift worked by one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledShift {
    /// Index of the template in the problem.
    pub template: usize,
    /// The template's name.
    pub template_name: String,
    /// Day of the horizon the shift belongs to (0-based).
    pub day: usize,
    /// Start, seconds from the start of the horizon (less than the horizon length).
    pub start_s: f64,
    /// Length, seconds. In a cyclic horizon the shift may wrap past the horizon's end.
    pub length_s: f64,
    /// Cost of the shift.
    pub cost: f64,
    /// Its breaks, in time order.
    pub breaks: Vec<ScheduledBreak>,
    /// Index into [`Schedule::tours`] of the employee working it, when tours were asked for.
    pub employee: Option<usize>,
}

/// Requirement and coverage of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalCoverage {
    /// Start of the interval, seconds from the start of the horizon.
    pub start_s: f64,
    /// Agents required.
    pub required: f64,
    /// Agents on shift and not on break.
    pub staffed: f64,
    /// Unmet demand: `max(0, required − staffed)`.
    pub under: f64,
    /// Overstaffing: `max(0, staffed − required)`.
    pub over: f64,
}

/// One employee's weekly working-day pattern and shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tour {
    /// Working days of the pattern; index `d % 7` for day `d` of the horizon.
    pub working_days: [bool; 7],
    /// Indices into [`Schedule::shifts`], one per working day, in day order.
    pub shifts: Vec<usize>,
}

/// The result of a solve: status, objective and bound, timings, shifts with breaks,
/// coverage against requirement per interval and, if asked for, tours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// How the solve ended.
    pub status: Status,
    /// Cost of the returned schedule: shift costs, employee costs and (soft coverage)
    /// penalties computed from the actual coverage. +∞ when infeasible.
    pub objective: f64,
    /// A lower bound on the optimal objective (see [`BoundSource`]).
    pub bound: f64,
    /// Where `bound` comes from.
    pub bound_source: BoundSource,
    /// Relative gap `(objective − bound) / max(|objective|, 1e-9)`, 0 when optimal, +∞ when
    /// infeasible.
    pub gap: f64,
    /// Time spent building the model.
    pub build_time: Duration,
    /// Time spent in the solver, including the LP relaxation solve when one was needed for
    /// the bound.
    pub solve_time: Duration,
    /// Every shift, one entry per agent, ordered by start.
    pub shifts: Vec<ScheduledShift>,
    /// One entry per interval of the horizon.
    pub coverage: Vec<IntervalCoverage>,
    /// One entry per employee when tours were asked for, else empty.
    pub tours: Vec<Tour>,
}

impl Schedule {
    /// Total unmet demand in agent-intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_schedule::{Coverage, Horizon, ScheduleProblem, ShiftTemplate, SoftCoverage};
    ///
    /// // Four hours of demand, but the only template starts at 02:00: the first two hours
    /// // cannot be covered and are reported as unmet.
    /// let problem = ScheduleProblem {
    ///     horizon: Horizon { days: 1, interval_s: 3600.0, ..Horizon::default() },
    ///     requirement: [vec![1.0; 4], vec![0.0; 20]].concat(),
    ///     templates: vec![ShiftTemplate {
    ///         earliest_start_s: 7200.0,
    ///         latest_start_s: 7200.0,
    ///         start_step_s: 3600.0,
    ///         lengths_s: vec![7200.0],
    ///         ..ShiftTemplate::default()
    ///     }],
    ///     coverage: Coverage::Soft(SoftCoverage::default()),
    ///     ..ScheduleProblem::default()
    /// };
    /// let s = problem.solve()?;
    /// assert_eq!(s.unmet(), 2.0);
    /// assert_eq!(s.shifts.len(), 1);
    /// # Ok::<(), callwright_schedule::Error>(())
    /// ```
    pub fn unmet(&self) -> f64 {
        self.coverage.iter().map(|c| c.under).sum()
    }

    /// Total cost of the shifts.
    pub fn shift_cost(&self) -> f64 {
        self.shifts.iter().map(|s| s.cost).sum()
    }
}
