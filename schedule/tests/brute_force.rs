//! The implicit-break MIP against exhaustive enumeration of an explicit model (one column per
//! shift start and break position) on small random instances.

mod common;

use callwright_schedule::{
    BreakFormulation, BreakRule, Coverage, Horizon, ScheduleProblem, ShiftTemplate, SoftCoverage,
    SolverOptions, Status,
};
use proptest::prelude::*;

/// Hours 8..16 carry demand; everything else is zero.
const FIRST: usize = 8;
const HOURS: usize = 8;

fn problem(
    req: &[u8],
    cost_a: f64,
    cost_b: f64,
    soft: Option<f64>,
    aggregated: bool,
) -> ScheduleProblem {
    let mut requirement = vec![0.0; 24];
    for (i, &r) in req.iter().enumerate() {
        requirement[FIRST + i] = f64::from(r);
    }
    ScheduleProblem {
        horizon: Horizon {
            days: 1,
            interval_s: 3600.0,
            ..Horizon::default()
        },
        requirement,
        templates: vec![
            // 4-hour shifts starting 08–11 with a 1-hour break starting 1 or 2 hours in.
            ShiftTemplate {
                name: "a".into(),
                earliest_start_s: 8.0 * 3600.0,
                latest_start_s: 11.0 * 3600.0,
                start_step_s: 3600.0,
                lengths_s: vec![4.0 * 3600.0],
                cost_per_hour: cost_a,
                breaks: vec![BreakRule::new("break", 3600.0, 7200.0, vec![3600.0])],
                ..ShiftTemplate::default()
            },
            // 2-hour shifts starting 08, 11 or 14, no break.
            ShiftTemplate {
                name: "b".into(),
                earliest_start_s: 8.0 * 3600.0,
                latest_start_s: 14.0 * 3600.0,
                start_step_s: 3.0 * 3600.0,
                lengths_s: vec![2.0 * 3600.0],
                cost_per_hour: cost_b,
                ..ShiftTemplate::default()
            },
        ],
        coverage: soft.map_or(Coverage::Hard, |p| {
            Coverage::Soft(SoftCoverage {
                under_penalty: p,
                over_penalty: 0.0,
                interval_weights: None,
            })
        }),
        solver: SolverOptions {
            mip_rel_gap: Some(0.0),
            break_formulation: if aggregated {
                BreakFormulation::Aggregated
            } else {
                BreakFormulation::PerStart
            },
            ..SolverOptions::default()
        },
        ..ScheduleProblem::default()
    }
}

/// Explicit columns: (hours worked as offsets from FIRST, cost).
fn columns(cost_a: f64, cost_b: f64) -> Vec<(Vec<usize>, f64)> {
    let mut cols = Vec::new();
    for start in 0..4 {
        for brk in [1, 2] {
            let hours = (0..4).filter(|&k| k != brk).map(|k| start + k).collect();
            cols.push((hours, 4.0 * cost_a));
        }
    }
    for start in [0, 3, 6] {
        cols.push(((start..start + 2).collect(), 2.0 * cost_b));
    }
    cols
}

/// Minimum cost over all column counts in 0..=2 (enough: demand is at most 2, so a third
/// copy of any column never helps). `None` if hard coverage cannot be met.
fn brute_force(req: &[u8], cost_a: f64, cost_b: f64, soft: Option<f64>) -> Option<f64> {
    fn go(
        i: usize,
        cols: &[(Vec<usize>, f64)],
        cov: &mut [u32; HOURS],
        cost: f64,
        req: &[u8],
        soft: Option<f64>,
        best: &mut Option<f64>,
    ) {
        if i == cols.len() {
            let short: u32 = (0..HOURS)
                .map(|h| u32::from(req[h]).saturating_sub(cov[h]))
                .sum();
            let total = match soft {
                None if short > 0 => return,
                None => cost,
                Some(p) => cost + p * f64::from(short),
            };
            if best.is_none_or(|b| total < b) {
                *best = Some(total);
            }
            return;
        }
        for copies in 0..=2u32 {
            for &h in &cols[i].0 {
                cov[h] += copies;
            }
            go(
                i + 1,
                cols,
                cov,
                cost + f64::from(copies) * cols[i].1,
                req,
                soft,
                best,
            );
            for &h in &cols[i].0 {
                cov[h] -= copies;
            }
        }
    }
    let cols = columns(cost_a, cost_b);
    let mut best = None;
    go(0, &cols, &mut [0; HOURS], 0.0, req, soft, &mut best);
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn mip_matches_enumeration(
        req in proptest::collection::vec(0u8..=2, HOURS),
        cost_a in 1u8..=3,
        cost_b in 1u8..=4,
        soft in proptest::option::of(1u8..=6),
        aggregated in any::<bool>(),
    ) {
        let (ca, cb) = (f64::from(cost_a), f64::from(cost_b));
        let soft = soft.map(f64::from);
        let p = problem(&req, ca, cb, soft, aggregated);
        let expected = brute_force(&req, ca, cb, soft);
        match p.build() {
            // Hour 8 needs an "a" shift off its break or a "b" shift: always coverable here.
            Err(e) => prop_assert!(false, "unexpected error {e}"),
            Ok(scheduler) => {
                let s = scheduler.solve().unwrap();
                match expected {
                    None => prop_assert_eq!(s.status, Status::Infeasible),
                    Some(best) => {
                        prop_assert_eq!(s.status, Status::Optimal);
                        let recomputed = common::check(&p, &s);
                        prop_assert!((recomputed - best).abs() < 1e-6, "MIP {} vs enumeration {}", recomputed, best);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Random half-hourly days, cyclic or not, with several break rules: every schedule
    /// passes the independent checker (breaks in windows, coverage as claimed, cost).
    #[test]
    fn random_days_pass_the_checker(
        req in proptest::collection::vec(0u8..=6, 48),
        cyclic in any::<bool>(),
        lunch_from in 6u8..=8,
        lunch_width in 0u8..=4,
        soft in any::<bool>(),
    ) {
        let lunch_from = f64::from(lunch_from) * 1800.0;
        let lunch_to = lunch_from + f64::from(lunch_width) * 1800.0;
        let p = ScheduleProblem {
            horizon: Horizon { days: 1, interval_s: 1800.0, cyclic, ..Horizon::default() },
            requirement: req.iter().map(|&r| f64::from(r)).collect(),
            templates: vec![
                ShiftTemplate {
                    name: "long".into(),
                    lengths_s: vec![8.0 * 3600.0, 9.0 * 3600.0],
                    breaks: vec![
                        BreakRule::new("break", 3600.0, 2.5 * 3600.0, vec![1800.0]),
                        BreakRule::new("lunch", lunch_from, lunch_to, vec![1800.0, 3600.0]),
                    ],
                    ..ShiftTemplate::default()
                },
                ShiftTemplate {
                    name: "short".into(),
                    lengths_s: vec![4.0 * 3600.0],
                    cost_per_hour: 1.2,
                    breaks: vec![BreakRule::new("break", 3600.0, 2.5 * 3600.0, vec![1800.0])],
                    ..ShiftTemplate::default()
                },
            ],
            coverage: if soft { Coverage::Soft(SoftCoverage { under_penalty: 2.0, over_penalty: 0.1, interval_weights: None }) } else { Coverage::Hard },
            solver: SolverOptions { mip_rel_gap: Some(0.01), ..SolverOptions::default() },
            ..ScheduleProblem::default()
        };
        let s = p.solve().unwrap();
        common::check(&p, &s);
    }
}
