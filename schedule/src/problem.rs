//! The scheduling problem as a planner states it, and its validated, expanded form.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::horizon::{Horizon, ValidHorizon};
use crate::options::{Coverage, SolverOptions, Tours};
use crate::result::Schedule;
use crate::template::{RuleKey, ShiftTemplate};

/// A shift scheduling problem: requirement per interval, shift templates with break rules,
/// coverage mode, optional opening hours and tours, and solver options.
///
/// [`build`](Self::build) validates everything and expands the templates into the concrete
/// shifts the optimiser chooses from; [`Scheduler::solve`] builds the MIP, solves it with
/// `HiGHS` and turns the solution into shifts with breaks, coverage per interval and tours.
///
/// # Model
///
/// ```text
/// x_j ≥ 0 integer        agents on shift option j (template, day, start, length)
/// b_{c,u,d} ≥ 0 integer  breaks of break class c starting at interval u lasting d
/// coverage_t = Σ_{j covers t} x_j − Σ_{(c,u,d) covers t} b_{c,u,d}
/// ```
///
/// Breaks are implicit (Bechtold and Jacobs 1990): break variables count breaks per start
/// time, not per shift. A break class groups the shifts whose breaks follow the same rule;
/// their windows are translates of each other, so sorted by start both window ends increase.
/// With `X_g` the shifts of class c with the g-th earliest start `s_g`, window
/// `[s_g + e, s_g + l]`, and `B_u` the breaks starting at `u`, the forward, backward and
/// balance constraints
///
/// ```text
/// Σ_{g' ≤ g} X_g' ≤ Σ_{u ≤ s_g + l} B_u     (shifts whose window has closed got a break)
/// Σ_{g' ≥ g} X_g' ≤ Σ_{u ≥ s_g + e} B_u     (shifts whose window has not opened get one later)
/// Σ_g X_g = Σ_u B_u
/// ```
///
/// are Hall's condition for this interval bipartite graph, so a one-to-one assignment of
/// breaks to shifts within their windows exists exactly when they hold; after the solve the
/// earliest-deadline-first rule finds it. The prefix sums are carried by continuous running
/// totals, so the model stays linear in size.
///
/// # Examples
///
/// ```
/// use callwright_schedule::{Horizon, ScheduleProblem, ShiftTemplate, Status};
///
/// // The textbook single-day case: hourly demand, 8-hour shifts starting any hour, the day
/// // repeats (cyclic). The known optimum is 55 shifts.
/// let demand = [6, 6, 6, 6, 6, 8, 9, 12, 18, 22, 25, 21, 21, 20, 18, 21, 21, 24, 24, 18, 18,
///               18, 12, 8];
/// let problem = ScheduleProblem {
///     horizon: Horizon { days: 1, interval_s: 3600.0, cyclic: true, ..Horizon::default() },
///     requirement: demand.iter().map(|&d| f64::from(d)).collect(),
///     templates: vec![ShiftTemplate {
///         latest_start_s: 23.0 * 3600.0,
///         start_step_s: 3600.0,
///         ..ShiftTemplate::default()
///     }],
///     ..ScheduleProblem::default()
/// };
/// let schedule = problem.build()?.solve()?;
/// assert_eq!(schedule.status, Status::Optimal);
/// assert_eq!(schedule.shifts.len(), 55);
/// assert!(schedule.coverage.iter().all(|c| c.staffed >= c.required));
/// # Ok::<(), callwright_schedule::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleProblem {
    /// The planning horizon.
    pub horizon: Horizon,
    /// Agents required per interval (≥ 0, one entry per interval of the horizon).
    pub requirement: Vec<f64>,
    /// The shift templates to choose from.
    pub templates: Vec<ShiftTemplate>,
    /// Hard or soft coverage.
    pub coverage: Coverage,
    /// Open intervals (one entry per interval). Shifts of templates that respect opening
    /// hours must lie entirely inside open intervals. `None`: always open.
    pub opening_hours: Option<Vec<bool>>,
    /// Weekly tours, solved in the same model.
    pub tours: Option<Tours>,
    /// Solver options.
    pub solver: SolverOptions,
}

impl ScheduleProblem {
    /// Validates the problem and expands templates into shift options.
    ///
    /// # Errors
    ///
    /// Every invalid input gives a typed error naming the field: empty horizon, vectors of the
    /// wrong length, NaN or negative requirements, costs or penalties, misaligned times,
    /// overlapping or misplaced breaks, bad tour rules or solver options. With hard coverage,
    /// an interval with positive requirement that no allowed shift can work in gives
    /// [`Error::UncoverableInterval`].
    pub fn build(&self) -> Result<Scheduler> {
        prepare(self).map(|prepared| Scheduler { prepared })
    }

    /// Shorthand for `self.build()?.solve()`.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build) and [`Scheduler::solve`].
    pub fn solve(&self) -> Result<Schedule> {
        self.build()?.solve()
    }
}

/// A validated problem, ready to solve.
#[derive(Debug, Clone)]
pub struct Scheduler {
    pub(crate) prepared: Prepared,
}

impl Scheduler {
    /// Number of concrete shift options (template × day × start × length) the optimiser
    /// chooses from.
    pub fn shift_options(&self) -> usize {
        self.prepared.options.len()
    }

    /// Builds the MIP, solves it and post-processes the solution.
    ///
    /// # Errors
    ///
    /// [`Error::NoSolutionFound`] when the time limit passes before any schedule is found,
    /// [`Error::Solver`] when `HiGHS` fails. Infeasibility is not an error: it gives a
    /// [`Schedule`] with [`Status::Infeasible`](crate::Status::Infeasible).
    pub fn solve(&self) -> Result<Schedule> {
        crate::model::solve(&self.prepared)
    }
}

/// A concrete shift the optimiser may use.
#[derive(Debug, Clone)]
pub(crate) struct ShiftOption {
    pub template: usize,
    pub day: usize,
    /// Start interval in `[0, intervals)`.
    pub start: usize,
    /// Length in intervals.
    pub len: usize,
    pub cost: f64,
    /// Break classes this shift takes a break from.
    pub classes: Vec<usize>,
}

/// Shifts whose breaks follow one rule; their break windows are translates of each other.
#[derive(Debug, Clone)]
pub(crate) struct BreakClass {
    pub rule: RuleKey,
    /// Option indices, ascending start.
    pub members: Vec<usize>,
}

/// Per-template, per-day head-count limits.
#[derive(Debug, Clone)]
pub(crate) struct DayLimit {
    pub min: u32,
    pub max: Option<u32>,
    pub options: Vec<usize>,
}

/// The validated problem, in intervals.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub horizon: ValidHorizon,
    pub requirement: Vec<f64>,
    pub template_names: Vec<String>,
    pub max_per_day: Vec<Option<u32>>,
    /// Sorted by (start, template, length).
    pub options: Vec<ShiftOption>,
    pub classes: Vec<BreakClass>,
    pub limits: Vec<DayLimit>,
    /// Per-interval (under, over) penalties for soft coverage.
    pub soft: Option<(Vec<f64>, Vec<f64>)>,
    /// Allowed weekly patterns and the cost per employee.
    pub tours: Option<(Vec<[bool; 7]>, f64)>,
    pub solver: SolverOptions,
}

fn check_values(field: &str, values: &[f64], expected_len: usize) -> Result<()> {
    if values.len() != expected_len {
        return Err(Error::LengthMismatch {
            field: field.into(),
            len: values.len(),
            expected: expected_len,
        });
    }
    for (t, &v) in values.iter().enumerate() {
        if !v.is_finite() {
            return Err(Error::NotFinite {
                field: format!("{field}[{t}]"),
                value: v,
            });
        }
        if v < 0.0 {
            return Err(Error::OutOfRange {
                field: format!("{field}[{t}]"),
                value: v,
                expected: "at least 0",
            });
        }
    }
    Ok(())
}

fn check_penalty(field: &str, value: f64) -> Result<f64> {
    check_values(field, &[value], 1).map_err(|e| match e {
        Error::NotFinite { value, .. } => Error::NotFinite {
            field: field.into(),
            value,
        },
        Error::OutOfRange {
            value, expected, ..
        } => Error::OutOfRange {
            field: field.into(),
            value,
            expected,
        },
        other => other,
    })?;
    Ok(value)
}

fn prepare(p: &ScheduleProblem) -> Result<Prepared> {
    let horizon = p.horizon.validate()?;
    let n = horizon.intervals();
    check_values("requirement", &p.requirement, n)?;
    if p.templates.is_empty() {
        return Err(Error::NoTemplates);
    }
    if let Some(open) = &p.opening_hours
        && open.len() != n
    {
        return Err(Error::LengthMismatch {
            field: "opening_hours".into(),
            len: open.len(),
            expected: n,
        });
    }
    p.solver.validate()?;
    let soft = soft_penalties(&p.coverage, n)?;
    let tours = tour_patterns(p)?;
    let (options, classes, limits) = expand(p, &horizon)?;

    if soft.is_none() {
        check_coverable(&options, &classes, &p.requirement)?;
    }
    Ok(Prepared {
        horizon,
        requirement: p.requirement.clone(),
        template_names: p.templates.iter().map(|t| t.name.clone()).collect(),
        max_per_day: p.templates.iter().map(|t| t.max_per_day).collect(),
        options,
        classes,
        limits,
        soft,
        tours,
        solver: p.solver.clone(),
    })
}

/// Per-interval (under, over) penalties of soft coverage.
fn soft_penalties(coverage: &Coverage, n: usize) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
    Ok(match coverage {
        Coverage::Hard => None,
        Coverage::Soft(s) => {
            let under = check_penalty("coverage.under_penalty", s.under_penalty)?;
            let over = check_penalty("coverage.over_penalty", s.over_penalty)?;
            let weights = match &s.interval_weights {
                Some(w) => {
                    check_values("coverage.interval_weights", w, n)?;
                    w.clone()
                }
                None => vec![1.0; n],
            };
            Some((
                weights.iter().map(|w| w * under).collect(),
                weights.iter().map(|w| w * over).collect(),
            ))
        }
    })
}

/// Allowed weekly patterns and the cost per employee.
fn tour_patterns(p: &ScheduleProblem) -> Result<Option<(Vec<[bool; 7]>, f64)>> {
    match &p.tours {
        Some(t) => {
            if !p.horizon.days.is_multiple_of(7) {
                return Err(Error::ToursNeedWholeWeeks {
                    days: p.horizon.days,
                });
            }
            Ok(Some((t.patterns()?, t.cost_per_employee)))
        }
        None => Ok(None),
    }
}

/// Expands the templates into shift options sorted by start, break classes and day limits.
fn expand(
    p: &ScheduleProblem,
    horizon: &ValidHorizon,
) -> Result<(Vec<ShiftOption>, Vec<BreakClass>, Vec<DayLimit>)> {
    let n = horizon.intervals();
    let cyclic = horizon.horizon().cyclic;
    let mut class_ids: HashMap<RuleKey, usize> = HashMap::new();
    let mut classes: Vec<BreakClass> = Vec::new();
    let mut options = Vec::new();
    let mut limits = Vec::new();
    let per_day = horizon.per_day();
    for (ti, template) in p.templates.iter().enumerate() {
        let v = template.validate(horizon, ti)?;
        let rule_class: Vec<usize> = v
            .rules
            .iter()
            .map(|r| {
                let next = classes.len();
                let id = *class_ids.entry(r.clone()).or_insert(next);
                if id == next {
                    classes.push(BreakClass {
                        rule: r.clone(),
                        members: Vec::new(),
                    });
                }
                id
            })
            .collect();
        let open = p
            .opening_hours
            .as_ref()
            .filter(|_| template.respect_opening_hours);
        for day in 0..p.horizon.days as usize {
            if !template.weekdays[horizon.weekday(day)] {
                continue;
            }
            let first_option = options.len();
            for offset in (v.earliest..=v.latest).step_by(v.step) {
                let raw = day * per_day + offset;
                let start = if cyclic { raw % n } else { raw };
                for (len, rules) in &v.lengths {
                    if !cyclic && start + len > n {
                        continue;
                    }
                    if let Some(open) = open
                        && (0..*len).any(|k| !open[(start + k) % n])
                    {
                        continue;
                    }
                    options.push(ShiftOption {
                        template: ti,
                        day,
                        start,
                        len: *len,
                        cost: template.cost_per_hour * (*len as f64) * horizon.interval_s()
                            / 3600.0,
                        classes: rules.iter().map(|&k| rule_class[k]).collect(),
                    });
                }
            }
            if template.min_per_day > 0 || template.max_per_day.is_some() {
                limits.push(DayLimit {
                    min: template.min_per_day,
                    max: template.max_per_day,
                    options: (first_option..options.len()).collect(),
                });
            }
        }
    }
    // Sort options by start; remap the limit lists through the permutation.
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by_key(|&j| {
        (
            options[j].start,
            options[j].template,
            options[j].len,
            options[j].day,
        )
    });
    let mut new_index = vec![0; options.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Option<ShiftOption>> = options.into_iter().map(Some).collect();
    let options: Vec<ShiftOption> = order.iter().filter_map(|&old| sorted[old].take()).collect();
    for limit in &mut limits {
        for j in &mut limit.options {
            *j = new_index[*j];
        }
    }
    for (j, option) in options.iter().enumerate() {
        for &c in &option.classes {
            classes[c].members.push(j);
        }
    }

    Ok((options, classes, limits))
}

/// With hard coverage, every interval with positive requirement needs a shift that covers it
/// with its breaks placed elsewhere.
fn check_coverable(options: &[ShiftOption], classes: &[BreakClass], req: &[f64]) -> Result<()> {
    let n = req.len();
    let mut coverable = vec![false; n];
    for o in options {
        // Offsets inside the shift that every placement of some break covers.
        let forced: Vec<(usize, usize)> = o
            .classes
            .iter()
            .map(|&c| {
                let r = &classes[c].rule;
                let shortest = r.durations.first().copied().unwrap_or(0);
                (r.latest, r.earliest + shortest)
            })
            .collect();
        for k in 0..o.len {
            if !forced.iter().any(|&(from, to)| k >= from && k < to) {
                coverable[(o.start + k) % n] = true;
            }
        }
    }
    match (0..n).find(|&t| req[t] > 0.0 && !coverable[t]) {
        Some(t) => Err(Error::UncoverableInterval {
            interval: t,
            requirement: req[t],
        }),
        None => Ok(()),
    }
}
