//! Building the MIP with `good_lp`, solving it on `HiGHS` and reading the solution back.

use std::time::{Duration, Instant};

use good_lp::solvers::highs::{HighsPresolveType, HighsProblem};
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    VariableDefinition, highs, variable,
};

use crate::breaks::{ClassSolution, assign_breaks};
use crate::error::{Error, Result};
use crate::options::BreakFormulation;
use crate::problem::{BreakClass, Prepared};
use crate::result::{
    BoundSource, IntervalCoverage, Schedule, ScheduledBreak, ScheduledShift, Status, Tour,
};
use crate::warm::greedy;

/// The model's variables, indexed like the prepared problem.
struct Vars {
    /// One per shift option.
    x: Vec<Variable>,
    /// Per break class: (start interval, possibly past the horizon end; duration; variable).
    b: Vec<Vec<(usize, usize, Variable)>>,
    /// One per tour pattern.
    y: Vec<Variable>,
}

fn var(integer: bool, max: Option<u32>) -> VariableDefinition {
    let v = variable().min(0);
    let v = if integer { v.integer() } else { v };
    match max {
        Some(m) => v.max(m),
        None => v,
    }
}

/// The model under construction.
struct Builder<'a> {
    p: &'a Prepared,
    integer: bool,
    vars: ProblemVariables,
    rows: Vec<good_lp::Constraint>,
    /// Coverage terms per interval, collected sparsely.
    cov: Vec<Vec<(Variable, f64)>>,
    objective: Expression,
}

impl Builder<'_> {
    fn shifts(&mut self) -> Vec<Variable> {
        let n = self.cov.len();
        let p = self.p;
        p.options
            .iter()
            .map(|o| {
                let v = self.vars.add(var(self.integer, p.max_per_day[o.template]));
                for k in 0..o.len {
                    self.cov[(o.start + k) % n].push((v, 1.0));
                }
                self.objective.add_mul(o.cost, v);
                v
            })
            .collect()
    }

    /// Break variables of one class with their forward, backward and balance rows.
    fn break_class(&mut self, class: &BreakClass, x: &[Variable]) -> Vec<(usize, usize, Variable)> {
        let n = self.cov.len();
        let (e, l) = (class.rule.earliest, class.rule.latest);
        // Groups of members with equal start, in start order.
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for &j in &class.members {
            let s = self.p.options[j].start;
            match groups.last_mut() {
                Some((gs, list)) if *gs == s => list.push(j),
                _ => groups.push((s, vec![j])),
            }
        }
        if self.p.solver.break_formulation == BreakFormulation::PerStart {
            return self.per_start_breaks(class, &groups, x);
        }
        // Break start times: the union of the windows, ascending.
        let mut times: Vec<usize> = Vec::new();
        for &(s, _) in &groups {
            let from = times.last().map_or(s + e, |&last| (last + 1).max(s + e));
            times.extend(from..=s + l);
        }
        let mut class_b = Vec::with_capacity(times.len() * class.rule.durations.len());
        // Running totals of breaks up to each time.
        let mut cum_b: Vec<Variable> = Vec::with_capacity(times.len());
        for (k, &u) in times.iter().enumerate() {
            let total = self.vars.add(variable().min(0));
            let mut row = Expression::with_capacity(class.rule.durations.len() + 2);
            row.add_mul(1.0, total);
            if k > 0 {
                row.add_mul(-1.0, cum_b[k - 1]);
            }
            for &d in &class.rule.durations {
                let v = self.vars.add(var(self.integer, None));
                for i in 0..d {
                    self.cov[(u + i) % n].push((v, -1.0));
                }
                row.add_mul(-1.0, v);
                class_b.push((u, d, v));
            }
            self.rows.push(row.eq(0.0));
            cum_b.push(total);
        }
        // Running totals of shifts up to each group, with the forward and backward rows.
        let mut cum_x: Vec<Variable> = Vec::with_capacity(groups.len());
        let mut t_end = 0; // index of the last time ≤ s_g + l
        let mut t_open = 0; // number of times < s_g + e
        for (g, (s, members)) in groups.iter().enumerate() {
            let total = self.vars.add(variable().min(0));
            let mut row = Expression::with_capacity(members.len() + 2);
            row.add_mul(1.0, total);
            if g > 0 {
                row.add_mul(-1.0, cum_x[g - 1]);
            }
            for &j in members {
                row.add_mul(-1.0, x[j]);
            }
            self.rows.push(row.eq(0.0));
            while t_end + 1 < times.len() && times[t_end + 1] <= s + l {
                t_end += 1;
            }
            // Forward: shifts up to g got their break by s_g + l.
            self.rows
                .push((Expression::from(total) - cum_b[t_end]).leq(0.0));
            while t_open < times.len() && times[t_open] < s + e {
                t_open += 1;
            }
            // Backward: breaks before s_g + e all went to shifts before g.
            if g > 0 && t_open > 0 {
                self.rows
                    .push((Expression::from(cum_b[t_open - 1]) - cum_x[g - 1]).leq(0.0));
            }
            cum_x.push(total);
        }
        if let (Some(&cx), Some(&cb)) = (cum_x.last(), cum_b.last()) {
            self.rows.push((Expression::from(cx) - cb).eq(0.0));
        }
        class_b
    }

    /// Aykin-style break variables: one per group of shifts with equal start, break start
    /// and duration, with one row per group (every shift of the group takes one break).
    fn per_start_breaks(
        &mut self,
        class: &BreakClass,
        groups: &[(usize, Vec<usize>)],
        x: &[Variable],
    ) -> Vec<(usize, usize, Variable)> {
        let n = self.cov.len();
        let (e, l) = (class.rule.earliest, class.rule.latest);
        let per_group = (l - e + 1) * class.rule.durations.len();
        let mut class_b = Vec::with_capacity(groups.len() * per_group);
        for (s, members) in groups {
            let mut row = Expression::with_capacity(per_group + members.len());
            for u in s + e..=s + l {
                for &d in &class.rule.durations {
                    let v = self.vars.add(var(self.integer, None));
                    for i in 0..d {
                        self.cov[(u + i) % n].push((v, -1.0));
                    }
                    row.add_mul(1.0, v);
                    class_b.push((u, d, v));
                }
            }
            for &j in members {
                row.add_mul(-1.0, x[j]);
            }
            self.rows.push(row.eq(0.0));
        }
        // The assignment step scans break starts in time order.
        class_b.sort_by_key(|&(u, d, _)| (u, d));
        class_b
    }

    fn limits(&mut self, x: &[Variable]) {
        for limit in &self.p.limits {
            let mut row = Expression::with_capacity(limit.options.len());
            for &j in &limit.options {
                row.add_mul(1.0, x[j]);
            }
            if limit.min > 0 {
                self.rows.push(row.clone().geq(f64::from(limit.min)));
            }
            if let Some(max) = limit.max {
                self.rows.push(row.leq(f64::from(max)));
            }
        }
    }

    fn coverage(&mut self) {
        let p = self.p;
        for (t, terms) in std::mem::take(&mut self.cov).into_iter().enumerate() {
            let required = p.requirement[t];
            let mut row = Expression::with_capacity(terms.len() + 2);
            for (v, c) in terms {
                row.add_mul(c, v);
            }
            match &p.soft {
                None if required > 0.0 => self.rows.push(row.geq(required)),
                None => {}
                Some((under_pen, over_pen)) => {
                    let under = self.vars.add(variable().min(0));
                    let over = self.vars.add(variable().min(0));
                    self.objective.add_mul(under_pen[t], under);
                    self.objective.add_mul(over_pen[t], over);
                    row.add_mul(1.0, under);
                    row.add_mul(-1.0, over);
                    self.rows.push(row.eq(required));
                }
            }
        }
    }

    /// Pattern variables and, per day, employees working = shifts starting.
    fn tours(&mut self, x: &[Variable]) -> Vec<Variable> {
        let p = self.p;
        let Some((patterns, cost)) = &p.tours else {
            return Vec::new();
        };
        let y: Vec<Variable> = patterns
            .iter()
            .map(|_| self.vars.add(var(self.integer, None)))
            .collect();
        for &v in &y {
            self.objective.add_mul(*cost, v);
        }
        let mut per_day: Vec<Expression> = (0..p.horizon.horizon().days as usize)
            .map(|d| {
                let mut e = Expression::with_capacity(patterns.len());
                for (pattern, &v) in patterns.iter().zip(&y) {
                    if pattern[d % 7] {
                        e.add_mul(1.0, v);
                    }
                }
                e
            })
            .collect();
        for (j, o) in p.options.iter().enumerate() {
            per_day[o.day].add_mul(-1.0, x[j]);
        }
        self.rows.extend(per_day.into_iter().map(|e| e.eq(0.0)));
        y
    }
}

/// Builds the model; `integer = false` gives its LP relaxation.
fn build(p: &Prepared, integer: bool) -> (HighsProblem, Vars, Expression) {
    let n = p.horizon.intervals();
    let mut builder = Builder {
        p,
        integer,
        vars: ProblemVariables::new(),
        rows: Vec::new(),
        cov: vec![Vec::new(); n],
        objective: Expression::with_capacity(p.options.len() + 2 * n),
    };
    let x = builder.shifts();
    let b = p
        .classes
        .iter()
        .map(|class| builder.break_class(class, &x))
        .collect();
    builder.limits(&x);
    builder.coverage();
    let y = builder.tours(&x);
    let Builder {
        vars,
        rows,
        objective,
        ..
    } = builder;

    let mut problem = vars.minimise(objective.clone()).using(highs);
    problem.set_verbose(p.solver.verbose);
    if let Some(limit) = p.solver.time_limit {
        problem = problem.set_time_limit(limit.as_secs_f64());
    }
    if let Some(gap) = p.solver.mip_rel_gap {
        problem = problem.set_option("mip_rel_gap", gap);
    }
    if let Some(threads) = p.solver.threads {
        problem = problem.set_threads(threads);
    }
    // HiGHS' presolve makes the break models much slower (a day of quarter-hours with breaks
    // and lunches: ~1 s without it, 4–11 s with it) but speeds up plain shift models.
    let presolve = p.solver.presolve.unwrap_or(p.classes.is_empty());
    if !presolve {
        problem = problem.set_presolve(HighsPresolveType::Off);
    }
    for row in rows {
        problem.add_constraint(row);
    }
    (problem, Vars { x, b, y }, objective)
}

/// `HiGHS`' default relative MIP gap (option `mip_rel_gap`).
const HIGHS_MIP_REL_GAP: f64 = 1e-4;
/// `HiGHS`' default absolute MIP gap (option `mip_abs_gap`).
const HIGHS_MIP_ABS_GAP: f64 = 1e-6;

/// What is known about the optimum besides the returned schedule.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Proved,
    Tolerance { rel: f64, abs: f64 },
    Lp(f64),
}

/// Rounds a solver value that should be a non-negative integer.
fn count(value: f64) -> usize {
    // Integer variables come back within HiGHS' feasibility tolerance of an integer.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "rounded and clamped at 0; counts are far below usize::MAX"
    )]
    let c = value.round().max(0.0) as usize;
    c
}

pub(crate) fn solve(p: &Prepared) -> Result<Schedule> {
    let build_start = Instant::now();
    if p.options.is_empty() {
        // Nothing to choose: an empty schedule, infeasible only if a limit asks for shifts.
        let status = if p.limits.iter().any(|l| l.min > 0) {
            Status::Infeasible
        } else {
            Status::Optimal
        };
        return finish(
            p,
            status,
            &[],
            &[],
            &[],
            build_start.elapsed(),
            Duration::ZERO,
            Bound::Proved,
        );
    }
    let (problem, vars, _) = build(p, true);
    let build_time = build_start.elapsed();
    let solve_start = Instant::now();
    let solved = problem.solve();
    let solution = match solved {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => {
            return finish(
                p,
                Status::Infeasible,
                &[],
                &[],
                &[],
                build_time,
                solve_start.elapsed(),
                Bound::Proved,
            );
        }
        Err(ResolutionError::Other("NoSolutionFound")) if p.solver.time_limit.is_some() => {
            return time_limited(p, None, build_time, solve_start);
        }
        Err(e) => {
            return Err(Error::Solver {
                message: e.to_string(),
            });
        }
    };
    let status = match solution.status() {
        SolutionStatus::Optimal => Status::Optimal,
        SolutionStatus::GapLimit => Status::WithinGap,
        SolutionStatus::TimeLimit => Status::TimeLimit,
    };
    let x: Vec<usize> = vars.x.iter().map(|&v| count(solution.value(v))).collect();
    let b: Vec<ClassSolution> = vars
        .b
        .iter()
        .map(|list| {
            list.iter()
                .map(|&(u, d, v)| (u, d, count(solution.value(v))))
                .collect()
        })
        .collect();
    let y: Vec<usize> = vars.y.iter().map(|&v| count(solution.value(v))).collect();
    let bound = match status {
        Status::Optimal | Status::Infeasible => Bound::Proved,
        // HiGHS stopped because (objective − dual bound) ≤ max(rel·|objective|, abs).
        Status::WithinGap => Bound::Tolerance {
            rel: p.solver.mip_rel_gap.unwrap_or(HIGHS_MIP_REL_GAP),
            abs: HIGHS_MIP_ABS_GAP,
        },
        Status::TimeLimit => return time_limited(p, Some((x, b, y)), build_time, solve_start),
    };
    finish(
        p,
        status,
        &x,
        &b,
        &y,
        build_time,
        solve_start.elapsed(),
        bound,
    )
}

/// The optimum of the LP relaxation, a lower bound on the MIP optimum, with its shift values.
/// Only an optimal LP solution is a bound; if the LP fails or stops early, 0 is used (every
/// cost and penalty is non-negative, so 0 is always a valid bound).
fn lp_relaxation(p: &Prepared) -> (f64, Option<Vec<f64>>) {
    let (relaxed, vars, objective) = build(p, false);
    match relaxed.solve() {
        Ok(s) if matches!(s.status(), SolutionStatus::Optimal) => (
            objective.eval_with(&s).max(0.0),
            Some(vars.x.iter().map(|&v| s.value(v)).collect()),
        ),
        _ => (0.0, None),
    }
}

/// Stopped at the time limit: returns the cheaper of `HiGHS`' schedule, if it found one, and
/// the greedy schedule seeded with the LP relaxation's shifts, with the LP bound. (The greedy
/// schedule is not passed to `HiGHS` as a MIP start: `HiGHS` 1.16 can then prune the true
/// optimum and still report "optimal" when presolve shifts the objective.)
fn time_limited(
    p: &Prepared,
    found: Option<(Vec<usize>, Vec<ClassSolution>, Vec<usize>)>,
    build_time: Duration,
    solve_start: Instant,
) -> Result<Schedule> {
    // good_lp does not expose HiGHS' MIP dual bound: solve the LP relaxation for one.
    let (lp, lp_x) = lp_relaxation(p);
    let greedy_schedule = match greedy(p, lp_x.as_deref()) {
        Some(w) => Some(finish(
            p,
            Status::TimeLimit,
            &w.x,
            &w.breaks,
            &[],
            build_time,
            solve_start.elapsed(),
            Bound::Lp(lp),
        )?),
        None => None,
    };
    let highs_schedule = match found {
        Some((x, b, y)) => Some(finish(
            p,
            Status::TimeLimit,
            &x,
            &b,
            &y,
            build_time,
            solve_start.elapsed(),
            Bound::Lp(lp),
        )?),
        None => None,
    };
    match (highs_schedule, greedy_schedule) {
        (Some(h), Some(g)) => Ok(if g.objective < h.objective { g } else { h }),
        (Some(s), None) | (None, Some(s)) => Ok(s),
        (None, None) => Err(Error::NoSolutionFound {
            time_limit_s: p.solver.time_limit.map_or(0.0, |d| d.as_secs_f64()),
        }),
    }
}

/// Turns shift, break and tour counts into the reported schedule.
#[allow(
    clippy::too_many_arguments,
    reason = "one internal call site per outcome"
)]
fn finish(
    p: &Prepared,
    status: Status,
    x: &[usize],
    b: &[ClassSolution],
    y: &[usize],
    build_time: Duration,
    solve_time: Duration,
    bound: Bound,
) -> Result<Schedule> {
    let step = p.horizon.interval_s();
    // Shift instances in option order (options are sorted by start).
    let mut first_instance = Vec::with_capacity(x.len());
    let mut shifts = Vec::with_capacity(x.iter().sum());
    for (j, &copies) in x.iter().enumerate() {
        let o = &p.options[j];
        first_instance.push(shifts.len());
        for _ in 0..copies {
            shifts.push(ScheduledShift {
                template: o.template,
                template_name: p.template_names[o.template].clone(),
                day: o.day,
                start_s: o.start as f64 * step,
                length_s: o.len as f64 * step,
                cost: o.cost,
                breaks: Vec::new(),
                employee: None,
            });
        }
    }
    for (class, counts) in p.classes.iter().zip(b) {
        let placed = assign_breaks(p, class, x, &first_instance, counts)?;
        for (instance, u, d) in placed {
            shifts[instance].breaks.push(ScheduledBreak {
                rule: class.rule.name.clone(),
                start_s: u as f64 * step,
                duration_s: d as f64 * step,
            });
        }
    }
    for s in &mut shifts {
        s.breaks.sort_by(|a, c| a.start_s.total_cmp(&c.start_s));
    }
    let tours = assign_tours(p, y, &mut shifts)?;

    let coverage = coverage(p, x, b);

    if status == Status::Infeasible {
        return Ok(Schedule {
            status,
            objective: f64::INFINITY,
            bound: f64::INFINITY,
            bound_source: BoundSource::Infeasible,
            gap: f64::INFINITY,
            build_time,
            solve_time,
            shifts,
            coverage,
            tours,
        });
    }
    let mut objective: f64 = shifts.iter().map(|s| s.cost).sum();
    if let Some((under_pen, over_pen)) = &p.soft {
        objective += coverage
            .iter()
            .enumerate()
            .map(|(t, c)| under_pen[t] * c.under + over_pen[t] * c.over)
            .sum::<f64>();
    }
    if let Some((_, cost)) = &p.tours {
        objective += cost * tours.len() as f64;
    }
    let (bound, bound_source) = match bound {
        Bound::Proved => (objective, BoundSource::Proved),
        Bound::Tolerance { rel, abs } => (
            objective - (rel * objective.abs()).max(abs),
            BoundSource::GapTolerance,
        ),
        Bound::Lp(lp) => (lp.min(objective), BoundSource::LpRelaxation),
    };
    let gap = ((objective - bound) / objective.abs().max(1e-9)).max(0.0);
    Ok(Schedule {
        status,
        objective,
        bound,
        bound_source,
        gap,
        build_time,
        solve_time,
        shifts,
        coverage,
        tours,
    })
}

/// Coverage per interval of the returned shift and break counts.
fn coverage(p: &Prepared, x: &[usize], b: &[ClassSolution]) -> Vec<IntervalCoverage> {
    let n = p.horizon.intervals();
    let step = p.horizon.interval_s();
    let mut staffed = vec![0.0_f64; n];
    for (j, &copies) in x.iter().enumerate() {
        let o = &p.options[j];
        for k in 0..o.len {
            staffed[(o.start + k) % n] += copies as f64;
        }
    }
    for counts in b {
        for &(u, d, c) in counts {
            for i in 0..d {
                staffed[(u + i) % n] -= c as f64;
            }
        }
    }
    (0..n)
        .map(|t| IntervalCoverage {
            start_s: t as f64 * step,
            required: p.requirement[t],
            staffed: staffed[t],
            under: (p.requirement[t] - staffed[t]).max(0.0),
            over: (staffed[t] - p.requirement[t]).max(0.0),
        })
        .collect()
}

/// Expands pattern counts into employees and hands each day's shifts to that day's employees.
fn assign_tours(p: &Prepared, y: &[usize], shifts: &mut [ScheduledShift]) -> Result<Vec<Tour>> {
    let Some((patterns, _)) = &p.tours else {
        return Ok(Vec::new());
    };
    let mut tours: Vec<Tour> = Vec::with_capacity(y.iter().sum());
    for (pattern, &copies) in patterns.iter().zip(y) {
        for _ in 0..copies {
            tours.push(Tour {
                working_days: *pattern,
                shifts: Vec::new(),
            });
        }
    }
    let days = p.horizon.horizon().days as usize;
    let mut by_day: Vec<Vec<usize>> = vec![Vec::new(); days];
    for (i, s) in shifts.iter().enumerate() {
        by_day[s.day].push(i);
    }
    for (d, day_shifts) in by_day.iter().enumerate() {
        let working: Vec<usize> = (0..tours.len())
            .filter(|&e| tours[e].working_days[d % 7])
            .collect();
        if working.len() != day_shifts.len() {
            return Err(Error::Solver {
                message: format!(
                    "day {d}: {} employees work but {} shifts start; the tour rows do not hold",
                    working.len(),
                    day_shifts.len()
                ),
            });
        }
        for (&e, &i) in working.iter().zip(day_shifts) {
            tours[e].shifts.push(i);
            shifts[i].employee = Some(e);
        }
    }
    Ok(tours)
}
