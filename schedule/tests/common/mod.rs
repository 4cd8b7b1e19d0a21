//! An independent checker: recomputes everything a schedule claims from the problem and the
//! returned shifts and breaks alone, with plain loops and no code from the model.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use callwright_schedule::{Coverage, Schedule, ScheduleProblem, ScheduledShift, Status};

/// Tolerance for floating-point comparisons of costs and coverage.
pub const TOL: f64 = 1e-6;

/// Whether two values agree within [`TOL`].
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < TOL
}

/// A time in seconds as a whole number of intervals.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "times in tests are small, non-negative multiples of the interval"
)]
pub fn intervals(time_s: f64, step_s: f64) -> usize {
    assert!(time_s >= -TOL, "negative time {time_s}");
    (time_s / step_s).round() as usize
}

/// Coverage of every interval recomputed from shifts and breaks.
pub fn recompute_coverage(problem: &ScheduleProblem, schedule: &Schedule) -> Vec<f64> {
    let step = problem.horizon.interval_s;
    let per_day = intervals(86_400.0, step);
    let n = per_day * problem.horizon.days as usize;
    let mut staffed = vec![0.0; n];
    for shift in &schedule.shifts {
        let first = intervals(shift.start_s, step);
        let len = intervals(shift.length_s, step);
        for k in 0..len {
            let at = (first + k) as f64 * step; // absolute time, not wrapped
            let on_break = shift
                .breaks
                .iter()
                .any(|b| b.start_s <= at + TOL && at + TOL < b.start_s + b.duration_s);
            if !on_break {
                let t = first + k;
                assert!(
                    problem.horizon.cyclic || t < n,
                    "shift runs past a non-cyclic horizon"
                );
                staffed[t % n] += 1.0;
            }
        }
    }
    staffed
}

/// Cost of a schedule recomputed from the problem.
pub fn recompute_objective(problem: &ScheduleProblem, schedule: &Schedule, staffed: &[f64]) -> f64 {
    let mut cost = 0.0;
    for shift in &schedule.shifts {
        cost += problem.templates[shift.template].cost_per_hour * shift.length_s / 3600.0;
    }
    if let Coverage::Soft(soft) = &problem.coverage {
        for (t, &s) in staffed.iter().enumerate() {
            let w = soft.interval_weights.as_ref().map_or(1.0, |w| w[t]);
            let r = problem.requirement[t];
            cost += w * soft.under_penalty * (r - s).max(0.0);
            cost += w * soft.over_penalty * (s - r).max(0.0);
        }
    }
    if let Some(tours) = &problem.tours {
        cost += tours.cost_per_employee * schedule.tours.len() as f64;
    }
    cost
}

/// Checks every claim of a schedule against the problem. Panics with a message on the first
/// violation. Returns the recomputed objective.
pub fn check(problem: &ScheduleProblem, schedule: &Schedule) -> f64 {
    let step = problem.horizon.interval_s;
    let horizon_s = step * schedule.coverage.len() as f64;
    assert_eq!(schedule.coverage.len(), problem.requirement.len());
    if schedule.status == Status::Infeasible {
        assert!(schedule.shifts.is_empty());
        assert!(schedule.objective.is_infinite());
        return f64::INFINITY;
    }
    for shift in &schedule.shifts {
        check_shift(problem, shift, horizon_s);
    }
    // Per-day limits.
    for (ti, t) in problem.templates.iter().enumerate() {
        for day in 0..problem.horizon.days as usize {
            let weekday = (usize::from(problem.horizon.first_weekday) + day) % 7;
            if !t.weekdays[weekday] {
                continue;
            }
            let c = schedule
                .shifts
                .iter()
                .filter(|s| s.template == ti && s.day == day)
                .count();
            assert!(c >= t.min_per_day as usize);
            assert!(t.max_per_day.is_none_or(|m| c <= m as usize));
        }
    }
    // Coverage as claimed.
    let staffed = recompute_coverage(problem, schedule);
    for (t, c) in schedule.coverage.iter().enumerate() {
        assert!(
            (c.staffed - staffed[t]).abs() < TOL,
            "interval {t}: claimed {} recomputed {}",
            c.staffed,
            staffed[t]
        );
        assert!(close(c.required, problem.requirement[t]));
        assert!((c.under - (c.required - staffed[t]).max(0.0)).abs() < TOL);
        assert!((c.over - (staffed[t] - c.required).max(0.0)).abs() < TOL);
        assert!((c.start_s - t as f64 * step).abs() < TOL);
        if problem.coverage == Coverage::Hard {
            assert!(staffed[t] >= c.required - TOL, "interval {t} under-covered");
        }
    }
    check_tours(problem, schedule);
    // Objective, bound, gap.
    let objective = recompute_objective(problem, schedule, &staffed);
    assert!((schedule.objective - objective).abs() < 1e-6 * objective.abs().max(1.0));
    assert!(schedule.bound <= schedule.objective + 1e-6 * objective.abs().max(1.0));
    assert!(schedule.gap >= 0.0);
    if schedule.status == Status::Optimal {
        assert!(schedule.gap < 1e-9);
    }
    objective
}

/// A shift's template, start, length, cost, opening hours and breaks.
fn check_shift(problem: &ScheduleProblem, shift: &ScheduledShift, horizon_s: f64) {
    let step = problem.horizon.interval_s;
    let t = &problem.templates[shift.template];
    assert_eq!(shift.template_name, t.name);
    // Start inside the window on the template's day, on the step grid.
    let mut offset = shift.start_s - shift.day as f64 * 86_400.0;
    if offset < t.earliest_start_s - TOL {
        assert!(
            problem.horizon.cyclic,
            "wrapped start in a non-cyclic horizon"
        );
        offset += horizon_s;
    }
    assert!(offset >= t.earliest_start_s - TOL && offset <= t.latest_start_s + TOL);
    let k = (offset - t.earliest_start_s) / t.start_step_s;
    assert!((k - k.round()).abs() < TOL, "start off the step grid");
    let weekday = (usize::from(problem.horizon.first_weekday) + shift.day) % 7;
    assert!(t.weekdays[weekday], "shift on a day its template excludes");
    assert!(
        t.lengths_s
            .iter()
            .any(|&l| (l - shift.length_s).abs() < TOL)
    );
    assert!((shift.cost - t.cost_per_hour * shift.length_s / 3600.0).abs() < TOL);
    if !problem.horizon.cyclic {
        assert!(shift.start_s + shift.length_s <= horizon_s + TOL);
    }
    if let (Some(open), true) = (&problem.opening_hours, t.respect_opening_hours) {
        let first = intervals(shift.start_s, step);
        let len = intervals(shift.length_s, step);
        for i in 0..len {
            assert!(open[(first + i) % open.len()], "shift works while closed");
        }
    }
    // Exactly one break per applicable rule, inside its window, in order, not overlapping.
    let rules: Vec<_> = t
        .breaks
        .iter()
        .filter(|r| shift.length_s >= r.min_shift_length_s)
        .collect();
    assert_eq!(shift.breaks.len(), rules.len(), "wrong number of breaks");
    let mut previous_end = shift.start_s;
    for (b, r) in shift.breaks.iter().zip(&rules) {
        assert_eq!(b.rule, r.name);
        let after = b.start_s - shift.start_s;
        assert!(
            after >= r.earliest_start_after_s - TOL && after <= r.latest_start_after_s + TOL,
            "break {} at {after} s outside [{}, {}]",
            r.name,
            r.earliest_start_after_s,
            r.latest_start_after_s
        );
        assert!(
            r.durations_s
                .iter()
                .any(|&d| (d - b.duration_s).abs() < TOL)
        );
        assert!(b.start_s >= previous_end - TOL, "breaks overlap");
        previous_end = b.start_s + b.duration_s;
        assert!(previous_end <= shift.start_s + shift.length_s + TOL);
    }
}

/// Tours: one shift per working day, every shift in exactly one tour.
fn check_tours(problem: &ScheduleProblem, schedule: &Schedule) {
    if problem.tours.is_some() {
        let mut owner = vec![None; schedule.shifts.len()];
        for (e, tour) in schedule.tours.iter().enumerate() {
            let mut days: Vec<usize> = tour
                .shifts
                .iter()
                .map(|&i| schedule.shifts[i].day)
                .collect();
            let expected: Vec<usize> = (0..problem.horizon.days as usize)
                .filter(|d| tour.working_days[d % 7])
                .collect();
            days.sort_unstable();
            assert_eq!(days, expected, "employee {e} works the wrong days");
            for &i in &tour.shifts {
                assert!(owner[i].is_none(), "shift {i} given twice");
                owner[i] = Some(e);
                assert_eq!(schedule.shifts[i].employee, Some(e));
            }
        }
        assert!(owner.iter().all(Option::is_some), "a shift has no employee");
    } else {
        assert!(schedule.tours.is_empty());
    }
}
