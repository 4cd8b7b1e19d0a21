//! callwright-schedule: turns a staffing requirement per interval into shifts with breaks
//! (and, optionally, weekly tours) by mixed-integer programming with `good_lp` on `HiGHS`.
//!
//! The pipeline: describe the [`Horizon`], the requirement per interval, the
//! [`ShiftTemplate`]s (start windows, lengths, days, costs, limits, [`BreakRule`]s), the
//! [`Coverage`] mode, optional opening hours and [`Tours`], then
//! [`ScheduleProblem::build`] validates and expands the templates and [`Scheduler::solve`]
//! returns a [`Schedule`]: status, objective, bound and gap, timings, every shift with its
//! breaks, coverage against requirement per interval (with unmet demand) and tours.
//!
//! See [`ScheduleProblem`] for the model and an example.
//!
//! # Solver notes
//!
//! - Plain shift models (no breaks) are near-integral and solve fast: 28 days × 96
//!   quarter-hours with 2,688 shift options in about 0.2–0.45 s including model build on a
//!   shared 2-core machine (criterion bench `schedule`).
//! - Models with breaks are much harder for `HiGHS`. Its presolve slows them down, so it is
//!   off for them by default ([`SolverOptions::presolve`]); a day of quarter-hours with breaks
//!   and lunches then solves in about a second. A week of quarter-hours with breaks does not
//!   reach a 0.5 % gap in 30 s: set a time limit and a MIP gap. At the time limit the
//!   cheaper of `HiGHS`' best schedule and a greedy one seeded by the LP relaxation is
//!   returned (see [`Status::TimeLimit`]), with the LP relaxation as bound.
//! - `good_lp` does not expose `HiGHS`' MIP dual bound; see [`BoundSource`] for what the
//!   reported bound is in each case.
//! - `HiGHS` keeps one thread pool per process: see [`SolverOptions::threads`].

mod breaks;
mod error;
mod horizon;
mod model;
mod options;
mod problem;
mod result;
mod template;
mod warm;

pub use error::{Error, Result};
pub use horizon::{DAY_S, Horizon, ValidHorizon, daily_opening_hours};
pub use options::{BreakFormulation, Coverage, SoftCoverage, SolverOptions, Tours};
pub use problem::{ScheduleProblem, Scheduler};
pub use result::{
    BoundSource, IntervalCoverage, Schedule, ScheduledBreak, ScheduledShift, Status, Tour,
};
pub use template::{BreakRule, ShiftTemplate};
