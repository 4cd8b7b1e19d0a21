//! End-to-end solves checked by the independent checker in `common`.

mod common;

use std::time::Duration;

use callwright_schedule::{
    BoundSource, BreakFormulation, BreakRule, Coverage, Error, Horizon, ScheduleProblem,
    ShiftTemplate, SoftCoverage, SolverOptions, Status, Tours, daily_opening_hours,
};
use common::{check, close};

const TEXTBOOK: [f64; 24] = [
    6.0, 6.0, 6.0, 6.0, 6.0, 8.0, 9.0, 12.0, 18.0, 22.0, 25.0, 21.0, 21.0, 20.0, 18.0, 21.0, 21.0,
    24.0, 24.0, 18.0, 18.0, 18.0, 12.0, 8.0,
];

fn hourly_any_start(len_h: f64) -> ShiftTemplate {
    ShiftTemplate {
        name: format!("{len_h}h"),
        latest_start_s: 23.0 * 3600.0,
        start_step_s: 3600.0,
        lengths_s: vec![len_h * 3600.0],
        ..ShiftTemplate::default()
    }
}

fn textbook() -> ScheduleProblem {
    ScheduleProblem {
        horizon: Horizon {
            days: 1,
            interval_s: 3600.0,
            cyclic: true,
            ..Horizon::default()
        },
        requirement: TEXTBOOK.to_vec(),
        templates: vec![hourly_any_start(8.0)],
        ..ScheduleProblem::default()
    }
}

#[test]
fn textbook_cyclic_day_needs_55_shifts() {
    let p = textbook();
    let s = p.solve().unwrap();
    assert_eq!(s.status, Status::Optimal);
    assert_eq!(s.bound_source, BoundSource::Proved);
    assert_eq!(s.shifts.len(), 55);
    assert!((s.objective - 55.0 * 8.0).abs() < 1e-9);
    assert!(close(s.unmet(), 0.0));
    check(&p, &s);
}

#[test]
fn textbook_with_breaks_is_checked_and_costs_at_least_as_much() {
    let mut p = textbook();
    p.horizon.interval_s = 900.0;
    p.requirement = TEXTBOOK.iter().flat_map(|&r| [r; 4]).collect();
    p.templates = vec![ShiftTemplate {
        latest_start_s: 23.0 * 3600.0,
        start_step_s: 3600.0,
        breaks: vec![
            BreakRule::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0]),
            BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]),
            BreakRule::new("break2", 6.0 * 3600.0, 7.0 * 3600.0, vec![900.0]),
        ],
        ..ShiftTemplate::default()
    }];
    p.solver.mip_rel_gap = Some(0.0);
    let s = p.solve().unwrap();
    assert_eq!(s.status, Status::Optimal);
    check(&p, &s);
    assert!(s.shifts.len() >= 55);
    assert!(s.shifts.iter().all(|x| x.breaks.len() == 3));
}

#[test]
fn day_plan_with_windows_breaks_lunch_and_opening_hours() {
    let h = Horizon {
        days: 1,
        interval_s: 900.0,
        ..Horizon::default()
    };
    let vh = h.validate().unwrap();
    let open = daily_opening_hours(&vh, 7.0 * 3600.0, 22.0 * 3600.0);
    // A two-peak day inside the opening hours.
    let requirement: Vec<f64> = (0..96)
        .map(|t| {
            let hour = f64::from(t) / 4.0;
            if (7.0..22.0).contains(&hour) {
                (3.0 + 8.0 * (-(hour - 10.5) * (hour - 10.5) / 4.0).exp()
                    + 6.0 * (-(hour - 17.0) * (hour - 17.0) / 6.0).exp())
                .round()
            } else {
                0.0
            }
        })
        .collect();
    let p = ScheduleProblem {
        horizon: h,
        requirement,
        templates: vec![
            ShiftTemplate {
                name: "full".into(),
                earliest_start_s: 7.0 * 3600.0,
                latest_start_s: 14.0 * 3600.0,
                start_step_s: 1800.0,
                lengths_s: vec![8.0 * 3600.0, 9.0 * 3600.0],
                cost_per_hour: 20.0,
                breaks: vec![
                    BreakRule::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0]),
                    BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]),
                ],
                ..ShiftTemplate::default()
            },
            ShiftTemplate {
                name: "part".into(),
                earliest_start_s: 7.0 * 3600.0,
                latest_start_s: 18.0 * 3600.0,
                start_step_s: 900.0,
                lengths_s: vec![4.0 * 3600.0],
                cost_per_hour: 24.0,
                max_per_day: Some(4),
                breaks: vec![BreakRule::new(
                    "break",
                    1.5 * 3600.0,
                    2.5 * 3600.0,
                    vec![900.0],
                )],
                ..ShiftTemplate::default()
            },
        ],
        opening_hours: Some(open),
        solver: SolverOptions {
            mip_rel_gap: Some(0.0),
            ..SolverOptions::default()
        },
        ..ScheduleProblem::default()
    };
    let s = p.solve().unwrap();
    assert_eq!(s.status, Status::Optimal);
    check(&p, &s);
    assert!(
        s.shifts
            .iter()
            .all(|x| x.start_s >= 7.0 * 3600.0 && x.start_s + x.length_s <= 22.0 * 3600.0)
    );
}

#[test]
fn week_crossing_midnight_non_cyclic() {
    // Night demand: late evenings need night shifts that cross midnight; on the last day
    // they cannot (non-cyclic: shifts end inside the horizon), so the checker also confirms
    // nothing runs past the end.
    let days = 3u32;
    let requirement: Vec<f64> = (0..days * 48)
        .map(|t| {
            let h = f64::from(t % 48) / 2.0;
            if (6.0..22.0).contains(&h) { 1.0 } else { 2.0 }
        })
        .collect();
    let mut p = ScheduleProblem {
        horizon: Horizon {
            days,
            interval_s: 1800.0,
            ..Horizon::default()
        },
        requirement,
        templates: vec![
            ShiftTemplate {
                name: "night".into(),
                earliest_start_s: 21.0 * 3600.0,
                latest_start_s: 23.0 * 3600.0,
                lengths_s: vec![8.0 * 3600.0],
                breaks: vec![BreakRule::new(
                    "break",
                    3.0 * 3600.0,
                    5.0 * 3600.0,
                    vec![1800.0],
                )],
                ..ShiftTemplate::default()
            },
            ShiftTemplate {
                name: "day".into(),
                latest_start_s: 14.0 * 3600.0,
                ..ShiftTemplate::default()
            },
        ],
        ..ScheduleProblem::default()
    };
    // The last evening would need a shift running past the horizon's end.
    assert!(matches!(
        p.build(),
        Err(Error::UncoverableInterval { interval: 140, .. })
    ));
    for r in &mut p.requirement[140..] {
        *r = 0.0;
    }
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(
        s.shifts.iter().any(|x| x.template_name == "night"
            && x.start_s + x.length_s > 86_400.0 * (x.day + 1) as f64)
    );
}

#[test]
fn weekly_tours_five_two() {
    // A cyclic week, 30-min intervals, weekday/weekend demand, 5 days on with 2 consecutive off.
    let requirement: Vec<f64> = (0..7 * 48)
        .map(|t| {
            let day = t / 48;
            let h = f64::from(t % 48) / 2.0;
            let base = if day >= 5 { 2.0 } else { 4.0 };
            if (8.0..20.0).contains(&h) { base } else { 0.0 }
        })
        .collect();
    let p = ScheduleProblem {
        horizon: Horizon {
            days: 7,
            interval_s: 1800.0,
            cyclic: true,
            ..Horizon::default()
        },
        requirement,
        templates: vec![ShiftTemplate {
            earliest_start_s: 6.0 * 3600.0,
            latest_start_s: 14.0 * 3600.0,
            lengths_s: vec![8.0 * 3600.0],
            breaks: vec![BreakRule::new(
                "lunch",
                3.0 * 3600.0,
                5.0 * 3600.0,
                vec![1800.0],
            )],
            ..ShiftTemplate::default()
        }],
        tours: Some(Tours {
            cost_per_employee: 1.0,
            ..Tours::default()
        }),
        solver: SolverOptions {
            mip_rel_gap: Some(0.0),
            ..SolverOptions::default()
        },
        ..ScheduleProblem::default()
    };
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(!s.tours.is_empty());
    for tour in &s.tours {
        assert_eq!(tour.working_days.iter().filter(|&&w| w).count(), 5);
        assert_eq!(tour.shifts.len(), 5);
    }
}

#[test]
fn tours_need_whole_weeks() {
    let mut p = textbook();
    p.tours = Some(Tours::default());
    assert_eq!(
        p.build().unwrap_err(),
        Error::ToursNeedWholeWeeks { days: 1 }
    );
}

#[test]
fn soft_coverage_reports_unmet_demand_instead_of_failing() {
    let mut p = textbook();
    p.horizon.cyclic = false;
    // Only starts 08:00–12:00: the night cannot be covered.
    p.templates[0].earliest_start_s = 8.0 * 3600.0;
    p.templates[0].latest_start_s = 12.0 * 3600.0;
    assert!(matches!(
        p.build(),
        Err(Error::UncoverableInterval { interval: 0, .. })
    ));
    p.coverage = Coverage::Soft(SoftCoverage {
        under_penalty: 100.0,
        ..SoftCoverage::default()
    });
    let s = p.solve().unwrap();
    check(&p, &s);
    for (t, c) in s.coverage.iter().enumerate() {
        if !(8..20).contains(&t) {
            assert!(close(c.staffed, 0.0));
            assert!(close(c.under, TEXTBOOK[t]));
        }
    }
    assert!(s.unmet() >= TEXTBOOK[..8].iter().sum::<f64>());
}

#[test]
fn soft_coverage_trades_penalty_against_cost() {
    // One interval short by one agent costs 5; an extra 8-hour shift costs 8: leave it short.
    let mut p = textbook();
    p.coverage = Coverage::Soft(SoftCoverage {
        under_penalty: 5.0,
        over_penalty: 0.0,
        interval_weights: None,
    });
    let s = p.solve().unwrap();
    let recomputed = check(&p, &s);
    assert!(s.unmet() > 0.0);
    assert!(recomputed < 440.0);
    // Weighting every interval by 10 makes shortfall dearer than shifts again.
    p.coverage = Coverage::Soft(SoftCoverage {
        under_penalty: 5.0,
        over_penalty: 0.0,
        interval_weights: Some(vec![10.0; 24]),
    });
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(close(s.unmet(), 0.0));
    assert_eq!(s.shifts.len(), 55);
}

#[test]
fn over_penalty_is_charged() {
    let mut p = textbook();
    p.coverage = Coverage::Soft(SoftCoverage {
        under_penalty: 1000.0,
        over_penalty: 0.5,
        interval_weights: None,
    });
    let s = p.solve().unwrap();
    let recomputed = check(&p, &s);
    let over: f64 = s.coverage.iter().map(|c| c.over).sum();
    assert!((recomputed - (s.shift_cost() + 0.5 * over)).abs() < 1e-6);
}

#[test]
fn zero_demand_gives_an_empty_optimal_schedule() {
    let mut p = textbook();
    p.requirement = vec![0.0; 24];
    let s = p.solve().unwrap();
    assert_eq!(s.status, Status::Optimal);
    assert!(s.shifts.is_empty());
    assert!(close(s.objective, 0.0));
    check(&p, &s);
}

#[test]
fn per_day_limits_can_make_hard_coverage_infeasible() {
    let mut p = textbook();
    p.templates[0].max_per_day = Some(30);
    let s = p.solve().unwrap();
    assert_eq!(s.status, Status::Infeasible);
    assert_eq!(s.bound_source, BoundSource::Infeasible);
    assert!(s.shifts.is_empty());
    assert!(close(s.unmet(), TEXTBOOK.iter().sum::<f64>()));
    check(&p, &s);
    // The same limits with soft coverage give a schedule and its shortfall.
    p.coverage = Coverage::Soft(SoftCoverage::default());
    let s = p.solve().unwrap();
    check(&p, &s);
    assert_eq!(s.shifts.len(), 30);
    assert!(s.unmet() > 0.0);
}

#[test]
fn min_per_day_is_honoured() {
    let mut p = textbook();
    p.templates.push(ShiftTemplate {
        name: "pricey".into(),
        cost_per_hour: 3.0,
        min_per_day: 2,
        ..hourly_any_start(4.0)
    });
    let s = p.solve().unwrap();
    check(&p, &s);
    assert_eq!(
        s.shifts
            .iter()
            .filter(|x| x.template_name == "pricey")
            .count(),
        2
    );
}

#[test]
fn weekdays_restrict_days() {
    let mut p = textbook();
    p.horizon.days = 2;
    p.horizon.first_weekday = 5; // Saturday, Sunday
    p.requirement = [TEXTBOOK, TEXTBOOK].concat();
    p.templates[0].weekdays = [true, true, true, true, true, true, false];
    // Sunday can only be worked by Saturday shifts that wrap past midnight: uncoverable.
    assert!(matches!(p.build(), Err(Error::UncoverableInterval { .. })));
    p.templates.push(ShiftTemplate {
        name: "weekend".into(),
        cost_per_hour: 2.0,
        ..hourly_any_start(8.0)
    });
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(
        s.shifts
            .iter()
            .filter(|x| x.day == 1)
            .all(|x| x.template_name == "weekend")
    );
}

#[test]
fn gap_and_time_limit_report_a_valid_bound() {
    let mut p = textbook();
    p.horizon.interval_s = 900.0;
    p.requirement = TEXTBOOK.iter().flat_map(|&r| [r; 4]).collect();
    p.templates = vec![ShiftTemplate {
        start_step_s: 900.0,
        lengths_s: vec![4.0 * 3600.0, 6.0 * 3600.0, 8.0 * 3600.0],
        cost_per_hour: 1.0,
        breaks: vec![BreakRule::new(
            "break",
            1.0 * 3600.0,
            3.0 * 3600.0,
            vec![900.0, 1800.0],
        )],
        ..ShiftTemplate::default()
    }];
    p.solver = SolverOptions {
        time_limit: Some(Duration::from_secs(20)),
        mip_rel_gap: Some(0.2),
        ..SolverOptions::default()
    };
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(matches!(
        s.status,
        Status::Optimal | Status::WithinGap | Status::TimeLimit
    ));
    match s.status {
        Status::WithinGap => {
            assert_eq!(s.bound_source, BoundSource::GapTolerance);
            assert!(s.gap <= 0.2 + 1e-12);
        }
        Status::TimeLimit => {
            assert_eq!(s.bound_source, BoundSource::LpRelaxation);
            assert!(s.bound > 0.0);
        }
        _ => assert_eq!(s.bound_source, BoundSource::Proved),
    }
    assert!(s.solve_time > Duration::ZERO);
}

#[test]
fn typed_errors_for_bad_input() {
    let mut p = textbook();
    p.requirement[3] = f64::NAN;
    assert!(
        matches!(p.build(), Err(Error::NotFinite { ref field, .. }) if field == "requirement[3]")
    );
    p.requirement[3] = -1.0;
    assert!(
        matches!(p.build(), Err(Error::OutOfRange { ref field, .. }) if field == "requirement[3]")
    );
    p.requirement.pop();
    assert!(matches!(
        p.build(),
        Err(Error::LengthMismatch {
            len: 23,
            expected: 24,
            ..
        })
    ));

    let mut p = textbook();
    p.templates[0].cost_per_hour = -2.0;
    assert!(
        matches!(p.build(), Err(Error::OutOfRange { ref field, value, .. }) if field == "templates[0].cost_per_hour" && close(value, -2.0))
    );

    let mut p = textbook();
    p.horizon.days = 0;
    assert_eq!(p.build().unwrap_err(), Error::EmptyHorizon { days: 0 });

    let mut p = textbook();
    p.templates.clear();
    assert_eq!(p.build().unwrap_err(), Error::NoTemplates);

    let mut p = textbook();
    p.opening_hours = Some(vec![true; 5]);
    assert!(matches!(p.build(), Err(Error::LengthMismatch { .. })));

    let mut p = textbook();
    p.coverage = Coverage::Soft(SoftCoverage {
        under_penalty: f64::INFINITY,
        ..SoftCoverage::default()
    });
    assert!(
        matches!(p.build(), Err(Error::NotFinite { ref field, .. }) if field == "coverage.under_penalty")
    );

    let mut p = textbook();
    p.solver.mip_rel_gap = Some(-0.1);
    assert!(matches!(p.build(), Err(Error::OutOfRange { .. })));
}

#[test]
fn config_round_trips_through_json() {
    let mut p = textbook();
    p.templates[0].breaks.push(BreakRule::default());
    p.tours = Some(Tours::default());
    p.coverage = Coverage::Soft(SoftCoverage::default());
    p.solver.time_limit = Some(Duration::from_millis(1500));
    let json = serde_json::to_string(&p).unwrap();
    let back: ScheduleProblem = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    // Defaults fill missing fields.
    let minimal: ScheduleProblem = serde_json::from_str(
        r#"{"requirement": [1.0], "horizon": {"days": 1, "interval_s": 86400.0}}"#,
    )
    .unwrap();
    assert!(matches!(minimal.build(), Err(Error::OutOfRange { .. })));
    let s = textbook().solve().unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"status\":\"Optimal\""));
}

#[test]
fn both_break_formulations_reach_the_same_optimum() {
    let mut p = textbook();
    p.horizon.interval_s = 1800.0;
    p.requirement = TEXTBOOK.iter().flat_map(|&r| [r; 2]).collect();
    p.templates = vec![ShiftTemplate {
        start_step_s: 1800.0,
        lengths_s: vec![6.0 * 3600.0, 8.0 * 3600.0],
        breaks: vec![
            BreakRule::new("break", 1.5 * 3600.0, 2.5 * 3600.0, vec![1800.0]),
            BreakRule {
                min_shift_length_s: 8.0 * 3600.0,
                ..BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0])
            },
        ],
        ..ShiftTemplate::default()
    }];
    p.solver.mip_rel_gap = Some(0.0);
    let mut objectives = Vec::new();
    for f in [BreakFormulation::Aggregated, BreakFormulation::PerStart] {
        p.solver.break_formulation = f;
        let s = p.solve().unwrap();
        assert!(
            matches!(s.status, Status::Optimal | Status::WithinGap),
            "{:?}",
            s.status
        );
        objectives.push(check(&p, &s));
    }
    assert!(close(objectives[0], objectives[1]), "{objectives:?}");
}

#[test]
fn time_limited_hard_break_model_still_returns_a_schedule() {
    // A week of quarter-hours with breaks and lunches: HiGHS cannot finish this quickly, so
    // the greedy starting schedule guarantees something to return at the time limit.
    let requirement: Vec<f64> = (0..7 * 96)
        .map(|t| {
            let h = f64::from(t % 96) / 4.0;
            (3.0 + 20.0 * (-(h - 11.0) * (h - 11.0) / 8.0).exp() + f64::from(t % 7) / 3.0).ceil()
        })
        .collect();
    let p = ScheduleProblem {
        horizon: Horizon {
            days: 7,
            interval_s: 900.0,
            cyclic: true,
            ..Horizon::default()
        },
        requirement,
        templates: vec![
            ShiftTemplate {
                name: "full".into(),
                breaks: vec![
                    BreakRule::new("break", 2.0 * 3600.0, 3.0 * 3600.0, vec![900.0]),
                    BreakRule::new("lunch", 3.5 * 3600.0, 5.0 * 3600.0, vec![1800.0, 3600.0]),
                ],
                ..ShiftTemplate::default()
            },
            ShiftTemplate {
                name: "part".into(),
                lengths_s: vec![4.0 * 3600.0],
                cost_per_hour: 1.1,
                breaks: vec![BreakRule::new(
                    "break",
                    1.5 * 3600.0,
                    2.5 * 3600.0,
                    vec![900.0],
                )],
                ..ShiftTemplate::default()
            },
        ],
        solver: SolverOptions {
            time_limit: Some(Duration::from_secs(3)),
            mip_rel_gap: Some(0.001),
            ..SolverOptions::default()
        },
        ..ScheduleProblem::default()
    };
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(!s.shifts.is_empty());
    if s.status == Status::TimeLimit {
        assert_eq!(s.bound_source, BoundSource::LpRelaxation);
        assert!(s.bound > 0.0 && s.gap < 1.0);
    }
}

#[test]
fn start_windows_past_midnight() {
    // Starts 22:00–02:00: in a cyclic day the late starts wrap to the horizon's start; in a
    // two-day plain horizon they fall on the next day and the last ones are dropped.
    let night = ShiftTemplate {
        name: "night".into(),
        earliest_start_s: 22.0 * 3600.0,
        latest_start_s: 26.0 * 3600.0,
        start_step_s: 3600.0,
        lengths_s: vec![6.0 * 3600.0],
        breaks: vec![BreakRule::new(
            "break",
            2.0 * 3600.0,
            3.0 * 3600.0,
            vec![1800.0],
        )],
        ..ShiftTemplate::default()
    };
    let req = |h: usize| if (6..22).contains(&h) { 0.0 } else { 3.0 };
    let p = ScheduleProblem {
        horizon: Horizon {
            days: 1,
            interval_s: 1800.0,
            cyclic: true,
            ..Horizon::default()
        },
        requirement: (0..48).map(|t| req(t / 2)).collect(),
        templates: vec![night.clone()],
        ..ScheduleProblem::default()
    };
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(s.shifts.iter().any(|x| x.start_s < 6.0 * 3600.0));

    let p = ScheduleProblem {
        horizon: Horizon {
            days: 2,
            interval_s: 1800.0,
            ..Horizon::default()
        },
        requirement: (0..96).map(|t| req(t % 48 / 2)).collect(),
        templates: vec![night],
        coverage: Coverage::Soft(SoftCoverage::default()),
        ..ScheduleProblem::default()
    };
    let s = p.solve().unwrap();
    check(&p, &s);
    assert!(s.shifts.iter().any(|x| x.day == 0 && x.start_s >= 86_400.0));
    // The first night's early hours cannot be reached without wrapping: unmet.
    assert!(s.coverage[..4].iter().all(|c| close(c.under, 3.0)));
}
