//! A greedy feasible schedule, returned when `HiGHS` finds none within the time limit.

use std::collections::HashMap;

use crate::breaks::ClassSolution;
use crate::problem::Prepared;

/// The breaks of one shift: (break class, start interval, duration in intervals).
type Placement = Vec<(usize, usize, usize)>;

/// A feasible solution of the hard-coverage model in the model's own terms.
#[derive(Debug, Clone)]
pub(crate) struct WarmStart {
    /// Count per shift option.
    pub x: Vec<usize>,
    /// Per break class: (break start, duration, count), ascending start.
    pub breaks: Vec<ClassSolution>,
}

/// Starts from the whole part of `seed` (the LP relaxation's shift values), if given. Then
/// sweeps the intervals in order; while one is short, adds the shift covering it (each break
/// at the earliest position that leaves the interval covered) that works the most short
/// intervals per unit cost. A shift with its breaks never lowers coverage
/// anywhere, so every interval stays covered once it is. Then shifts that have become
/// redundant are dropped, last added first. With soft coverage the empty schedule is
/// returned. `None` with tours or minimum counts, or when a per-day maximum blocks the sweep.
pub(crate) fn greedy(p: &Prepared, seed: Option<&[f64]>) -> Option<WarmStart> {
    if p.tours.is_some() || p.limits.iter().any(|l| l.min > 0) {
        return None;
    }
    if p.soft.is_some() {
        return Some(WarmStart {
            x: vec![0; p.options.len()],
            breaks: vec![Vec::new(); p.classes.len()],
        });
    }
    let n = p.horizon.intervals();
    let mut covers: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (j, o) in p.options.iter().enumerate() {
        for k in 0..o.len {
            covers[(o.start + k) % n].push((j, k));
        }
    }
    let mut limit_of: Vec<Option<usize>> = vec![None; p.options.len()];
    for (i, l) in p.limits.iter().enumerate() {
        if l.max.is_some() {
            for &j in &l.options {
                limit_of[j] = Some(i);
            }
        }
    }
    let mut used = vec![0_u32; p.limits.len()];
    let mut staffed = vec![0_i64; n];
    let mut chosen: Vec<(usize, Placement)> = Vec::new();
    // Start from the whole shifts of the LP relaxation, breaks at their earliest positions.
    for (j, &value) in seed.unwrap_or(&[]).iter().enumerate() {
        for _ in 0..count_floor(value) {
            let blocked =
                limit_of[j].is_some_and(|i| p.limits[i].max.is_some_and(|m| used[i] >= m));
            let Some(placement) = place_breaks(p, j, usize::MAX) else {
                break;
            };
            if blocked {
                break;
            }
            if let Some(i) = limit_of[j] {
                used[i] += 1;
            }
            shift_coverage(p, j, &placement, 1, &mut staffed);
            chosen.push((j, placement));
        }
    }
    for t in 0..n {
        while (staffed[t] as f64) < p.requirement[t] - 1e-9 {
            // (short intervals worked per unit cost, option, break placement)
            let mut best: Option<(f64, usize, Placement)> = None;
            for &(j, k) in &covers[t] {
                let blocked =
                    limit_of[j].is_some_and(|i| p.limits[i].max.is_some_and(|m| used[i] >= m));
                if blocked {
                    continue;
                }
                if let Some(placement) = place_breaks(p, j, k) {
                    let score = useful(p, j, &placement, &staffed) / p.options[j].cost.max(1e-9);
                    if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                        best = Some((score, j, placement));
                    }
                }
            }
            let (_, j, placement) = best?;
            if let Some(i) = limit_of[j] {
                used[i] += 1;
            }
            shift_coverage(p, j, &placement, 1, &mut staffed);
            chosen.push((j, placement));
        }
    }
    // Drop shifts, latest added first, whose removal keeps every interval covered.
    let mut kept = vec![true; chosen.len()];
    for (i, (j, placement)) in chosen.iter().enumerate().rev() {
        shift_coverage(p, *j, placement, -1, &mut staffed);
        let o = &p.options[*j];
        let still_covered = (0..o.len).all(|k| {
            let t = (o.start + k) % n;
            staffed[t] as f64 >= p.requirement[t] - 1e-9
        });
        if still_covered {
            kept[i] = false;
        } else {
            shift_coverage(p, *j, placement, 1, &mut staffed);
        }
    }
    let mut x = vec![0; p.options.len()];
    let mut counts: Vec<HashMap<(usize, usize), usize>> = vec![HashMap::new(); p.classes.len()];
    for ((j, placement), _) in chosen.into_iter().zip(kept).filter(|(_, keep)| *keep) {
        x[j] += 1;
        for (c, u, d) in placement {
            *counts[c].entry((u, d)).or_insert(0) += 1;
        }
    }
    let breaks = counts
        .into_iter()
        .map(|class| {
            let mut list: ClassSolution = class.into_iter().map(|((u, d), c)| (u, d, c)).collect();
            list.sort_unstable();
            list
        })
        .collect();
    Some(WarmStart { x, breaks })
}

/// Whole part of a non-negative solver value (0 for anything else).
fn count_floor(value: f64) -> usize {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped at 0 and floored; LP values are far below usize::MAX"
    )]
    let c = (value + 1e-6).floor().max(0.0) as usize;
    c
}

/// Number of intervals option `j` with these breaks would work that are still short.
fn useful(p: &Prepared, j: usize, placement: &Placement, staffed: &[i64]) -> f64 {
    let n = staffed.len();
    let o = &p.options[j];
    let mut count = 0_u32;
    for k in 0..o.len {
        let on_break = placement
            .iter()
            .any(|&(_, u, d)| (u..u + d).contains(&(o.start + k)));
        let t = (o.start + k) % n;
        if !on_break && (staffed[t] as f64) < p.requirement[t] - 1e-9 {
            count += 1;
        }
    }
    f64::from(count)
}

/// Adds (`sign` = 1) or removes (`sign` = −1) one shift with its breaks from `staffed`.
fn shift_coverage(p: &Prepared, j: usize, placement: &Placement, sign: i64, staffed: &mut [i64]) {
    let n = staffed.len();
    let o = &p.options[j];
    for k in 0..o.len {
        staffed[(o.start + k) % n] += sign;
    }
    for &(_, u, d) in placement {
        for i in 0..d {
            staffed[(u + i) % n] -= sign;
        }
    }
}

/// One break per class of option `j`, none covering offset `k`: (class, start, duration).
fn place_breaks(p: &Prepared, j: usize, k: usize) -> Option<Placement> {
    let o = &p.options[j];
    o.classes
        .iter()
        .map(|&c| {
            let r = &p.classes[c].rule;
            let d = *r.durations.first()?;
            let off = (r.earliest..=r.latest).find(|&off| k < off || k >= off + d)?;
            Some((c, o.start + off, d))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BreakRule, Horizon, ScheduleProblem, ShiftTemplate};

    #[test]
    fn greedy_schedule_covers_every_interval() {
        let problem = ScheduleProblem {
            horizon: Horizon {
                days: 2,
                interval_s: 900.0,
                cyclic: true,
                ..Horizon::default()
            },
            requirement: (0..192).map(|t| f64::from(t % 96 / 8 % 5)).collect(),
            templates: vec![ShiftTemplate {
                lengths_s: vec![4.0 * 3600.0, 8.0 * 3600.0],
                breaks: vec![BreakRule::new(
                    "b",
                    3600.0,
                    2.0 * 3600.0,
                    vec![900.0, 1800.0],
                )],
                ..ShiftTemplate::default()
            }],
            ..ScheduleProblem::default()
        };
        let p = problem.build().unwrap().prepared;
        let warm = greedy(&p, None).unwrap();
        let mut staffed = vec![0_i64; 192];
        for (j, &c) in warm.x.iter().enumerate() {
            let o = &p.options[j];
            for k in 0..o.len {
                staffed[(o.start + k) % 192] += i64::try_from(c).unwrap();
            }
        }
        let mut breaks = 0;
        for class in &warm.breaks {
            for &(u, d, c) in class {
                breaks += c;
                for i in 0..d {
                    staffed[(u + i) % 192] -= i64::try_from(c).unwrap();
                }
            }
        }
        assert_eq!(breaks, warm.x.iter().sum::<usize>());
        for (t, (&s, &r)) in staffed.iter().zip(&p.requirement).enumerate() {
            assert!(s as f64 >= r, "interval {t}");
        }
    }
}
