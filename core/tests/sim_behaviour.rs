//! Simulator behaviour: conservation, determinism across thread counts, shifts and
//! headcount steps, trace replay, per-contact records, balking, overflow, busyness, and typed
//! errors for bad scenarios.

// Deterministic scenarios give exact times: compare them exactly.
#![allow(clippy::float_cmp)]

mod sim_common;

use callwright_core::sim::{
    BatchMeans, Busyness, ContactStats, Outcome, Scenario, SimError, Simulation,
};
use sim_common::single_queue;

/// Two types on a mixed pool with abandonment, balking, a queue cap that rejects, wrap-up,
/// lognormal service, a headcount that changes by period, and a shift group with a break.
const MIXED: &str = r#"
    name = "mixed"
    sl_threshold_s = 30
    [horizon]
    period_s = 1800
    periods = 4
    [routing]
    skills = ["a", "b"]
    profiles = [
        { id = "pa", queues = [{ queue = "qa" }] },
        { id = "pb", queues = [{ queue = "qb" }] },
        { id = "pab", queues = [{ queue = "qa" }, { queue = "qb" }] },
    ]
    [[routing.queues]]
    id = "qa"
    [[routing.queues.stages]]
    duration_s = 20
    requirement = "a >= 50"
    [[routing.queues.stages]]
    requirement = "a > 0"
    [[routing.queues]]
    id = "qb"
    max_waiting = 15
    on_full = "reject"
    [[contact_types]]
    id = "A"
    queue = "qa"
    arrivals = { process = "poisson", rates_per_s = [0.05, 0.1, 0.12, 0.06] }
    service = { dist = "lognormal", mean_s = 180, sd_s = 120 }
    service_by_group = { flex = { dist = "gamma", mean_s = 220, sd_s = 100 } }
    wrap_up = { dist = "deterministic", value_s = 15 }
    patience = { dist = "exponential", mean_s = 120 }
    balk_probability = 0.1
    [[contact_types]]
    id = "B"
    queue = "qb"
    arrivals = { process = "poisson", rates_per_s = 0.04 }
    service = { dist = "exponential", mean_s = 240 }
    patience = { dist = "empirical", values_s = [30, 90, 300, 600] }
    [[agent_groups]]
    id = "a_team"
    profile = "pa"
    skills = { a = 80 }
    headcount = [8, 14, 16, 9]
    [[agent_groups]]
    id = "flex"
    profile = "pab"
    skills = { a = 30, b = 60 }
    [[agent_groups.shifts]]
    start_s = 0
    end_s = 5400
    count = 6
    breaks = [{ start_s = 2700, end_s = 3600 }]
    [[agent_groups.shifts]]
    start_s = 1800
    end_s = 7200
    count = 4
"#;

fn mixed() -> Scenario {
    Scenario::from_toml(MIXED).unwrap()
}

fn m(x: &callwright_core::sim::Estimate) -> f64 {
    x.mean.unwrap_or(0.0)
}

fn assert_conserved(s: &ContactStats, what: &str) {
    let out = m(&s.answered)
        + m(&s.abandoned)
        + m(&s.balked)
        + m(&s.rejected)
        + m(&s.callbacks)
        + m(&s.waiting_at_end);
    assert!(
        (m(&s.offered) - out).abs() < 1e-9,
        "{what}: offered {} vs {out}",
        m(&s.offered)
    );
}

#[test]
fn arrivals_are_conserved_per_type_and_period() {
    // One replication: the means are the counts themselves.
    let r = Simulation::new(mixed())
        .seed(11)
        .replications(1)
        .run()
        .unwrap();
    for t in &r.contact_types {
        assert_conserved(&t.total, &t.id);
        for (p, s) in t.periods.iter().enumerate() {
            assert_conserved(s, &format!("{} period {p}", t.id));
        }
        assert!(m(&t.total.offered) > 100.0);
    }
    assert_conserved(&r.overall.total, "all");
    let a = r.contact_type("A").unwrap();
    assert!(m(&a.total.abandoned) > 0.0 && m(&a.total.balked) > 0.0);
    // Averaged over replications too.
    let r = Simulation::new(mixed())
        .seed(12)
        .replications(8)
        .run()
        .unwrap();
    for t in &r.contact_types {
        assert_conserved(&t.total, &t.id);
    }
    let occ = m(&r.all_agents.total.occupancy);
    assert!(occ > 0.3 && occ <= 1.0, "{occ}");
}

#[test]
fn same_seed_same_results_for_any_thread_count() {
    let sim = Simulation::new(mixed()).seed(5).replications(12);
    let one = sim.clone().threads(1).run().unwrap();
    let two = sim.clone().threads(2).run().unwrap();
    let four = sim.clone().threads(4).run().unwrap();
    assert_eq!(one, two);
    assert_eq!(one, four);
    assert_eq!(one.to_json().unwrap(), four.to_json().unwrap());
    let other = sim.seed(6).threads(2).run().unwrap();
    assert_ne!(one, other);
}

#[test]
fn results_serialise_to_json() {
    let r = Simulation::new(mixed())
        .seed(1)
        .replications(3)
        .run()
        .unwrap();
    let json = r.to_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["scenario"], "mixed");
    assert_eq!(
        v["contact_types"][0]["periods"].as_array().unwrap().len(),
        4
    );
    assert!(v["overall"]["total"]["sl_offered"]["mean"].is_f64());
    assert!(v["agent_groups"][1]["total"]["occupancy"]["ci_low"].is_f64());
    let back: callwright_core::sim::SimulationResults = serde_json::from_str(&json).unwrap();
    assert_eq!(back.contact_types.len(), 2);
}

#[test]
fn scenario_round_trips_through_toml_and_json() {
    let s = mixed();
    assert_eq!(Scenario::from_toml(&s.to_toml().unwrap()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json().unwrap()).unwrap(), s);
    let routing = s.expanded_routing().unwrap();
    assert_eq!(routing.agents.len(), 16 + 10);
    assert_eq!(routing.agents[0].id, "a_team-0");
    assert!(routing.groups.contains(&"flex".to_owned()));
}

/// One agent, shift 0–100 s; a contact arriving at 90 s with a 50 s service is finished at
/// 140 s (after the shift end); one arriving at 120 s finds nobody and is still waiting.
#[test]
fn shift_end_mid_contact_finishes_it() {
    let s = Scenario::from_toml(
        r#"
        record_contacts = true
        [horizon]
        period_s = 100
        periods = 2
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "trace", times_s = [10, 90, 120] }
        service = { dist = "deterministic", value_s = 50 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        shifts = [{ start_s = 0, end_s = 100 }]
        "#,
    )
    .unwrap();
    let r = Simulation::new(s).replications(1).run().unwrap();
    let rec = r.records.as_ref().unwrap();
    assert_eq!(rec.len(), 3);
    let row = |arrival: f64| rec.arrival_s.iter().position(|&a| a == arrival).unwrap();
    let (a, b, c) = (row(10.0), row(90.0), row(120.0));
    assert_eq!(rec.outcome[a], Outcome::Answered);
    assert_eq!(rec.end_s[a], Some(60.0));
    assert_eq!(rec.outcome[b], Outcome::Answered);
    assert_eq!(rec.start_s[b], Some(90.0));
    assert_eq!(rec.end_s[b], Some(140.0));
    assert_eq!(rec.agent[b], Some(0));
    assert_eq!(rec.outcome[c], Outcome::Waiting);
    assert_eq!(rec.wait_s[c], 80.0);
    let g = &r.agent_groups[0];
    // Staffed 100 s on shift + 40 s finishing; busy 50 + 50 s.
    assert_eq!(g.total.staffed_s.mean, Some(140.0));
    assert_eq!(g.total.busy_s.mean, Some(100.0));
    assert_eq!(g.periods[1].staffed_s.mean, Some(40.0));
    assert_eq!(r.overall.total.waiting_at_end.mean, Some(1.0));
}

/// A break: the agent finishes the contact in hand, takes nothing during the break, and takes
/// the waiting contact when it ends. Draining serves the rest after the horizon.
#[test]
fn breaks_and_drain() {
    let s = Scenario::from_toml(
        r#"
        record_contacts = true
        [horizon]
        period_s = 100
        periods = 2
        end = "drain"
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "trace", times_s = [40, 60, 190] }
        service = { dist = "deterministic", value_s = 30 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        shifts = [{ start_s = 0, end_s = 195, breaks = [{ start_s = 50, end_s = 100 }] }]
        "#,
    )
    .unwrap();
    let r = Simulation::new(s).replications(1).run().unwrap();
    let rec = r.records.unwrap();
    let start =
        |arrival: f64| rec.start_s[rec.arrival_s.iter().position(|&a| a == arrival).unwrap()];
    assert_eq!(start(40.0), Some(40.0));
    assert_eq!(start(60.0), Some(100.0));
    assert_eq!(start(190.0), Some(190.0));
    assert!(rec.outcome.iter().all(|&o| o == Outcome::Answered));
}

/// Nobody on duty in period 0: contacts wait for period 1's agents.
#[test]
fn headcount_steps_by_period() {
    let s = Scenario::from_toml(
        r#"
        record_contacts = true
        sl_threshold_s = 10
        [horizon]
        period_s = 60
        periods = 2
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "trace", times_s = [5, 30, 61] }
        service = { dist = "deterministic", value_s = 10 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        headcount = [0, 2]
        "#,
    )
    .unwrap();
    let r = Simulation::new(s).replications(1).run().unwrap();
    let rec = r.records.as_ref().unwrap();
    let mut starts: Vec<f64> = rec.start_s.iter().map(|s| s.unwrap()).collect();
    starts.sort_by(f64::total_cmp);
    assert_eq!(starts, vec![60.0, 60.0, 70.0]);
    let q = &r.contact_types[0];
    assert_eq!(q.periods[0].answered.mean, Some(2.0));
    assert_eq!(q.periods[0].sl_offered.mean, Some(0.0));
    assert_eq!(q.periods[1].sl_offered.mean, Some(1.0));
    assert_eq!(r.agent_groups[0].periods[0].staffed_s.mean, Some(0.0));
    assert_eq!(r.agent_groups[0].periods[1].staffed_s.mean, Some(120.0));
    assert_eq!(q.total.asa_s.mean, Some((55.0 + 30.0 + 9.0) / 3.0));
}

/// Contacts the A-only agents cannot take overflow (by stage) to weaker agents.
#[test]
fn overflow_stages_reach_more_agents() {
    let r = Simulation::new(mixed())
        .seed(3)
        .replications(4)
        .run()
        .unwrap();
    let flex = r.agent_group("flex").unwrap();
    assert!(m(&flex.total.handled) > 0.0);
    let b = r.contact_type("B").unwrap();
    assert!(m(&b.total.answered) > 0.0);
}

#[test]
fn busyness_overdisperses_daily_volume() {
    let base = single_queue(20, 0.1, 100.0, Some(100.0), 20_000.0, 0.0);
    let mut busy = base.clone();
    busy.busyness = Some(callwright_core::sim::Busyness { shape: 25.0 });
    let half = |e: &callwright_core::sim::Estimate| e.ci_high.unwrap() - e.ci_low.unwrap();
    let plain = Simulation::new(base)
        .seed(9)
        .replications(60)
        .run()
        .unwrap();
    let over = Simulation::new(busy)
        .seed(9)
        .replications(60)
        .run()
        .unwrap();
    let (p, o) = (&plain.overall.total.offered, &over.overall.total.offered);
    // Poisson: sd = sqrt(2000) ≈ 45; with a gamma factor of sd 0.2: sd ≈ 400.
    assert!(half(o) > 4.0 * half(p), "{p:?} {o:?}");
    assert!((m(o) / 2000.0 - 1.0).abs() < 0.15, "{o:?}");
}

#[test]
fn warm_up_is_not_counted() {
    let s = single_queue(5, 0.04, 100.0, None, 1_000.0, 5_000.0);
    let r = Simulation::new(s).replications(20).run().unwrap();
    let offered = m(&r.overall.total.offered);
    assert!((offered - 40.0).abs() < 8.0, "{offered}");
    assert!(r.contacts_simulated > 20 * 200);
    assert_eq!(r.all_agents.total.staffed_s.mean, Some(5_000.0));
}

fn err(s: &str) -> SimError {
    Scenario::from_toml(s).unwrap().validate().unwrap_err()
}

#[test]
fn zero_replications_or_threads_are_refused() {
    let sim = Simulation::new(Scenario::from_toml(MIXED).unwrap());
    for (run, field) in [
        (sim.clone().replications(0), "replications"),
        (sim.clone().threads(0), "threads"),
    ] {
        let e = run.run().unwrap_err();
        assert!(
            matches!(&e, SimError::InvalidValue { field: f, value, .. } if f == field && value == "0"),
            "{e}"
        );
    }
}

#[test]
fn bad_scenarios_get_typed_errors_naming_the_field() {
    let negative = MIXED.replace("rates_per_s = 0.04", "rates_per_s = -0.04");
    let e = err(&negative);
    assert!(
        matches!(&e, SimError::InvalidValue { field, .. } if field == "contact_types[1].arrivals.rates_per_s[0]"),
        "{e}"
    );

    let unknown_tag = MIXED.replace("queue = \"qb\"\n", "queue = \"qb\"\n    tags = [\"vip\"]\n");
    let e = err(&unknown_tag);
    assert!(
        matches!(&e, SimError::UnknownTag { field, name } if field == "contact_types[1].tags[0]" && name == "vip"),
        "{e}"
    );

    let unknown_skill = MIXED.replace("skills = { a = 80 }", "skills = { c = 80 }");
    let e = err(&unknown_skill);
    assert!(
        matches!(&e, SimError::UnknownSkill { field, name } if field == "agent_groups[0].skills" && name == "c"),
        "{e}"
    );

    // Only A agents left, B has nobody.
    let no_b = MIXED.replace("profile = \"pab\"", "profile = \"pa\"");
    assert_eq!(
        err(&no_b),
        SimError::NoAgentCanServe {
            contact_type: "B".into()
        }
    );

    let empty = MIXED.replace("periods = 4", "periods = 0");
    assert_eq!(
        err(&empty),
        SimError::EmptyHorizon {
            field: "horizon.periods"
        }
    );
    let empty = MIXED.replace("period_s = 1800", "period_s = 0");
    assert_eq!(
        err(&empty),
        SimError::EmptyHorizon {
            field: "horizon.period_s"
        }
    );

    let wrong_len = MIXED.replace("headcount = [8, 14, 16, 9]", "headcount = [8, 14]");
    assert!(
        matches!(err(&wrong_len), SimError::InvalidValue { field, .. } if field == "agent_groups[0].headcount")
    );

    let bad_queue = MIXED.replace("queue = \"qb\"\n", "queue = \"qz\"\n");
    assert!(
        matches!(err(&bad_queue), SimError::UnknownQueue { field, id } if field == "contact_types[1].queue" && id == "qz")
    );

    let bad_group = MIXED.replace("service_by_group = { flex", "service_by_group = { flux");
    assert!(
        matches!(err(&bad_group), SimError::UnknownGroup { field, .. } if field == "contact_types[0].service_by_group")
    );

    let bad_service = MIXED.replace("mean_s = 240", "mean_s = -240");
    assert!(
        matches!(err(&bad_service), SimError::InvalidValue { field, .. } if field == "contact_types[1].service.mean_s")
    );

    let bad_break = MIXED.replace(
        "breaks = [{ start_s = 2700, end_s = 3600 }]",
        "breaks = [{ start_s = 2700, end_s = 9000 }]",
    );
    assert!(
        matches!(err(&bad_break), SimError::InvalidValue { field, .. } if field == "agent_groups[1].shifts[0].breaks[0]")
    );

    let bad_balk = MIXED.replace("balk_probability = 0.1", "balk_probability = 1.5");
    assert!(
        matches!(err(&bad_balk), SimError::InvalidValue { field, .. } if field == "contact_types[0].balk_probability")
    );

    let unsorted = MIXED.replace(
        "arrivals = { process = \"poisson\", rates_per_s = 0.04 }",
        "arrivals = { process = \"trace\", times_s = [5, 3] }",
    );
    assert!(
        matches!(err(&unsorted), SimError::InvalidValue { field, .. } if field == "contact_types[1].arrivals.times_s[1]")
    );

    let mut with_agents = mixed();
    with_agents.routing.agents = with_agents.expanded_routing().unwrap().agents;
    assert_eq!(
        with_agents.validate().unwrap_err(),
        SimError::AgentsInRouting
    );

    let bad_requirement = MIXED.replace("requirement = \"a > 0\"", "requirement = \"zz > 0\"");
    assert!(matches!(err(&bad_requirement), SimError::Routing(_)));

    assert!(matches!(
        Scenario::from_toml("[horizon]\nperiod_s = 1"),
        Err(SimError::Parse { .. })
    ));
    // Errors from `run` are the same as from `validate`.
    let e = Simulation::new(Scenario::from_toml(&empty).unwrap())
        .run()
        .unwrap_err();
    assert_eq!(
        e,
        SimError::EmptyHorizon {
            field: "horizon.period_s"
        }
    );
}

/// Callers who abandon call again half the time: retrials are offered again (and counted),
/// and arrivals are still conserved.
#[test]
fn retrials_after_abandonment() {
    let mut s = single_queue(3, 0.05, 100.0, Some(30.0), 20_000.0, 0.0);
    s.record_contacts = true;
    s.contact_types[0].retrial = Some(callwright_core::sim::Retrial {
        probability: 0.5,
        delay: callwright_core::sim::Dist::Exponential { mean_s: 300.0 },
    });
    let r = Simulation::new(s.clone())
        .seed(2)
        .replications(1)
        .run()
        .unwrap();
    let t = &r.overall.total;
    assert_conserved(t, "all");
    let retrials = m(&t.retrials);
    // About half the abandonments come back (less those falling after the end).
    assert!(
        retrials > 0.3 * m(&t.abandoned) && retrials < 0.6 * m(&t.abandoned),
        "{retrials} {t:?}"
    );
    let rec = r.records.unwrap();
    assert_eq!(rec.retrial.iter().filter(|&&x| x).count() as f64, retrials);

    s.contact_types[0].retrial.as_mut().unwrap().probability = 1.0;
    let e = s.validate().unwrap_err();
    assert!(
        matches!(&e, SimError::InvalidValue { field, .. } if field == "contact_types[0].retrial.probability"),
        "{e}"
    );
}

/// Every scenario file shipped in `examples/sim/` parses and validates.
#[test]
fn example_scenarios_validate() {
    let dir = "../examples/sim";
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let s =
                Scenario::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            s.validate()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 2);
}

/// A break that starts mid-contact: the contact is finished, the time spent finishing it
/// counts as staffed, and nothing new is taken until the break ends.
#[test]
fn break_starting_mid_contact() {
    let s = Scenario::from_toml(
        r#"
        record_contacts = true
        [horizon]
        period_s = 100
        periods = 1
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "trace", times_s = [10, 20] }
        service = { dist = "deterministic", value_s = 40 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        shifts = [{ start_s = 0, end_s = 100, breaks = [{ start_s = 30, end_s = 60 }] }]
        "#,
    )
    .unwrap();
    let r = Simulation::new(s).replications(1).run().unwrap();
    let rec = r.records.as_ref().unwrap();
    let start =
        |arrival: f64| rec.start_s[rec.arrival_s.iter().position(|&a| a == arrival).unwrap()];
    assert_eq!(start(10.0), Some(10.0));
    assert_eq!(start(20.0), Some(60.0));
    let g = &r.agent_groups[0].total;
    // Staffed 0-30 and 60-100, plus 30-50 finishing the first contact.
    assert_eq!(g.staffed_s.mean, Some(90.0));
    assert_eq!(g.busy_s.mean, Some(80.0));
}

/// A group's speed must be finite and positive; the error names the field and the value.
#[test]
fn speed_is_validated() {
    for bad in [0.0, -1.0, f64::INFINITY] {
        let mut s = single_queue(2, 0.01, 60.0, None, 1000.0, 0.0);
        s.agent_groups[0].speed = bad;
        match s.validate() {
            Err(SimError::InvalidValue { field, value, .. }) => {
                assert_eq!(field, "agent_groups[0].speed");
                assert_eq!(value, bad.to_string());
            }
            other => panic!("speed {bad}: {other:?}"),
        }
    }
    let s = Scenario::from_toml(
        r#"
        [horizon]
        period_s = 100
        periods = 1
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "trace", times_s = [10] }
        service = { dist = "deterministic", value_s = 50 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        speed = 2.5
        headcount = 1
        "#,
    )
    .unwrap();
    assert_eq!(s.expanded_routing().unwrap().agents[0].speed, 2.5);
    // 50 s of service at speed 2.5 take 20 s.
    let r = Simulation::new(s).replications(1).run().unwrap();
    assert_eq!(r.agent_groups[0].total.busy_s.mean, Some(20.0));
}

/// Intervals stay inside the quantity's range: with a service level close to 1, the upper
/// end of a few replications' interval would pass 1; it is clamped to 1, and low ends of
/// counts near 0 to 0.
#[test]
fn intervals_are_clamped() {
    // One agent, a call every 1000 s on average, 20 s each; waits rarely pass t = 10 s.
    let s = Scenario::from_toml(
        r#"
        sl_threshold_s = 10
        [horizon]
        period_s = 20000
        periods = 1
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "poisson", rates_per_s = 0.001 }
        service = { dist = "deterministic", value_s = 20 }
        patience = { dist = "exponential", mean_s = 20 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        headcount = 1
        "#,
    )
    .unwrap();
    let r = Simulation::new(s).seed(1).replications(8).run().unwrap();
    let t = &r.overall.total;
    let sl = &t.sl_offered;
    assert!(sl.mean.unwrap() < 1.0 && sl.mean.unwrap() > 0.95, "{sl:?}");
    assert_eq!(sl.ci_high, Some(1.0), "{sl:?}");
    for (name, e) in [
        ("sl_offered", sl),
        ("sl_answered", &t.sl_answered),
        (
            "sl_excluding_early_abandons",
            &t.sl_excluding_early_abandons,
        ),
        ("abandon_rate", &t.abandon_rate),
        ("prob_wait", &t.prob_wait),
        ("occupancy", &r.all_agents.total.occupancy),
    ] {
        let (lo, hi) = (e.ci_low.unwrap(), e.ci_high.unwrap());
        assert!(
            0.0 <= lo && lo <= e.mean.unwrap() && hi <= 1.0,
            "{name}: {e:?}"
        );
    }
    for (name, e) in [
        ("abandoned", &t.abandoned),
        ("waiting_at_end", &t.waiting_at_end),
        ("asa_s", &t.asa_s),
    ] {
        assert!(e.ci_low.unwrap() >= 0.0, "{name}: {e:?}");
    }
    // A few abandon, in some replications only: the intervals start at 0.
    assert!(t.abandoned.mean.unwrap() > 0.0, "{:?}", t.abandoned);
    assert_eq!(t.abandoned.ci_low, Some(0.0), "{:?}", t.abandoned);
    assert_eq!(t.abandon_rate.ci_low, Some(0.0), "{:?}", t.abandon_rate);
}

/// Batch means needs at least 2 batches of a single, stationary period; errors name the
/// field.
#[test]
fn batch_means_is_validated() {
    let field = |edit: &dyn Fn(&mut Scenario)| {
        let mut s = single_queue(2, 0.01, 60.0, None, 1000.0, 0.0);
        s.horizon.batch_means = Some(BatchMeans { batches: 10 });
        edit(&mut s);
        match s.validate() {
            Err(SimError::InvalidValue { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        field(&|s| s.horizon.batch_means = Some(BatchMeans { batches: 1 })),
        "horizon.batch_means.batches"
    );
    assert_eq!(
        field(&|s| {
            s.horizon.periods = 2;
            s.horizon.period_s = 500.0;
        }),
        "horizon.periods"
    );
    assert_eq!(
        field(&|s| s.busyness = Some(Busyness { shape: 10.0 })),
        "busyness.shape"
    );
    // From a file: parsed, and the results say how the intervals were formed.
    let s = Scenario::from_toml(
        r#"
        [horizon]
        period_s = 10000
        periods = 1
        warm_up_s = 100
        batch_means = { batches = 4 }
        [routing]
        profiles = [{ id = "p", queues = [{ queue = "q" }] }]
        queues = [{ id = "q" }]
        [[contact_types]]
        id = "q"
        arrivals = { process = "poisson", rates_per_s = 0.05 }
        service = { dist = "exponential", mean_s = 60 }
        [[agent_groups]]
        id = "g"
        profile = "p"
        headcount = 5
        "#,
    )
    .unwrap();
    let run = Simulation::new(s).seed(3).replications(2);
    let r = run.clone().threads(1).run().unwrap();
    assert_eq!((r.batches, r.observations), (Some(4), 8));
    let json = r.to_json().unwrap();
    assert!(json.contains("\"method\": \"batch_means\""), "{json}");
    // Batches are pooled in replication order: the same for any number of threads.
    assert_eq!(run.threads(2).run().unwrap(), r);
}
