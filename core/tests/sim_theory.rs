//! The simulator against theory: exact Erlang C and Erlang A, and the published
//! `ContactCenters` (Java) M/M/12 example.

mod sim_common;

use callwright_core::sim::{
    BatchMeans, Estimate, IntervalMethod, Scenario, Simulation, SimulationResults,
};
use callwright_erlang::{ErlangA, ErlangC, ServiceLevelDefinition};
use sim_common::single_queue;

/// Replications of the long runs: fewer in unoptimised builds to keep the suite quick (the
/// intervals are wider, the checks the same).
fn reps(release: u32, debug: u32) -> u32 {
    if cfg!(debug_assertions) {
        debug
    } else {
        release
    }
}

fn mean(e: &Estimate) -> f64 {
    e.mean.expect("defined")
}

fn show(name: &str, e: &Estimate) -> String {
    format!("{name}: {:?} ({:?}, {:?})", e.mean, e.ci_low, e.ci_high)
}

/// Asserts that the intervals of `r`'s service level (20 s), probability of waiting and ASA
/// contain M/M/`n`'s exact values at `rate` calls per second and mean handle time `aht`.
fn assert_erlang_c(r: &SimulationResults, n: u32, rate: f64, aht: f64) {
    let exact = ErlangC::new(f64::from(n), rate * aht, aht).unwrap();
    let t = &r.overall.total;
    let sl = exact.service_level(20.0).unwrap();
    assert!(
        t.sl_offered.contains(sl),
        "{} vs {sl}",
        show("sl", &t.sl_offered)
    );
    assert!(
        t.prob_wait.contains(exact.prob_wait()),
        "{} vs {}",
        show("p_wait", &t.prob_wait),
        exact.prob_wait()
    );
    assert!(
        t.asa_s.contains(exact.asa_s()),
        "{} vs {}",
        show("asa", &t.asa_s),
        exact.asa_s()
    );
}

#[test]
fn mmn_matches_erlang_c() {
    // M/M/10, a = 8 Erlangs, AHT 100 s; steady state after a warm-up.
    let (n, aht, rate) = (10u32, 100.0, 0.08);
    let s = single_queue(n, rate, aht, None, 100_000.0, 2_000.0);
    let r = Simulation::new(s)
        .seed(1)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    assert_erlang_c(&r, n, rate, aht);
    let occ = r.all_agents.total.occupancy;
    assert!(occ.contains(0.8), "{}", show("occupancy", &occ));
}

#[test]
fn mmn_plus_m_matches_erlang_a() {
    // M/M/10+M, a = 10 Erlangs (critically loaded), AHT 100 s, mean patience 200 s.
    let (n, aht, rate, patience) = (10u32, 100.0, 0.1, 200.0);
    let s = single_queue(n, rate, aht, Some(patience), 100_000.0, 2_000.0);
    let r = Simulation::new(s)
        .seed(2)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    let exact = ErlangA::new(f64::from(n), rate * aht, aht, patience).unwrap();
    let t = &r.overall.total;
    assert!(
        t.abandon_rate.contains(exact.prob_abandon()),
        "{} vs {}",
        show("abandon", &t.abandon_rate),
        exact.prob_abandon()
    );
    assert!(
        t.asa_s.contains(exact.asa_s()),
        "{} vs {}",
        show("asa", &t.asa_s),
        exact.asa_s()
    );
    assert!(
        t.prob_wait.contains(exact.prob_wait()),
        "{} vs {}",
        show("p_wait", &t.prob_wait),
        exact.prob_wait()
    );
    let sl = exact
        .service_level(20.0, ServiceLevelDefinition::OfOffered)
        .unwrap();
    assert!(
        t.sl_offered.contains(sl),
        "{} vs {sl}",
        show("sl", &t.sl_offered)
    );
}

/// `ContactCenters`, examples guide §1.1: M/M/12, λ = 4.2/min, μ = 0.5/min, one 8-hour day
/// starting empty, AWT 20 s, 1,000 replications: SL 0.902 (0.900, 0.904), ASA 0.099 min
/// (0.097, 0.102), occupancy 0.695 (0.694, 0.697).
#[test]
fn contactcenters_mm12_day() {
    let s = single_queue(12, 4.2 / 60.0, 120.0, None, 8.0 * 3600.0, 0.0);
    let r = Simulation::new(s)
        .seed(3)
        .replications(reps(1000, 250))
        .run()
        .unwrap();
    let t = &r.overall.total;
    assert!(
        t.sl_offered.overlaps(0.900, 0.904),
        "{}",
        show("sl", &t.sl_offered)
    );
    assert!(
        t.asa_s.overlaps(0.097 * 60.0, 0.102 * 60.0),
        "{}",
        show("asa", &t.asa_s)
    );
    let occ = &r.all_agents.total.occupancy;
    assert!(occ.overlaps(0.694, 0.697), "{}", show("occupancy", occ));
    assert!((mean(&t.offered) - 4.2 * 480.0).abs() < 10.0);
}

/// The same with exponential patience of mean 1 min: 58.6 (57.7, 59.6) abandoned per day,
/// SL 0.968.
#[test]
fn contactcenters_mm12_day_with_abandonment() {
    let s = single_queue(12, 4.2 / 60.0, 120.0, Some(60.0), 8.0 * 3600.0, 0.0);
    let r = Simulation::new(s)
        .seed(4)
        .replications(reps(1000, 250))
        .run()
        .unwrap();
    let t = &r.overall.total;
    assert!(
        t.abandoned.overlaps(57.7, 59.6),
        "{}",
        show("abandoned", &t.abandoned)
    );
    // ContactCenters counts SL as answered within AWT over (offered − abandoned within AWT).
    let sl = &t.sl_excluding_early_abandons;
    assert!((mean(sl) - 0.968).abs() < 0.002, "{}", show("sl", sl));
    assert!(sl.overlaps(0.967, 0.969), "{}", show("sl", sl));
}

/// A chat queue served by `agents` agents of capacity `capacity`: Poisson arrivals at
/// `rate_per_s`, exponential service with mean `aht_s`, one period after a warm-up.
fn chat_queue(agents: u32, capacity: u16, rate_per_s: f64, aht_s: f64) -> Scenario {
    Scenario::from_toml(&format!(
        r#"
        [horizon]
        period_s = 100000
        periods = 1
        warm_up_s = 3000
        [routing]
        profiles = [{{ id = "p", queues = [{{ queue = "chat" }}] }}]
        queues = [{{ id = "chat", channel = "chat" }}]
        [[contact_types]]
        id = "chat"
        arrivals = {{ process = "poisson", rates_per_s = {rate_per_s:?} }}
        service = {{ dist = "exponential", mean_s = {aht_s:?} }}
        [[agent_groups]]
        id = "agents"
        profile = "p"
        capacity = {{ chat = {capacity} }}
        headcount = {agents}
        "#
    ))
    .expect("the test scenario parses")
}

#[test]
fn chat_occupancy_is_per_capacity() {
    // 4 agents × 3 chats = 12 slots, an M/M/12-like queue; a = 0.03 × 300 = 9 Erlangs.
    // Nothing abandons, so in the long run occupancy = a / (agents × capacity) = 0.75.
    let (agents, capacity, rate, aht) = (4u32, 3u16, 0.03, 300.0);
    let r = Simulation::new(chat_queue(agents, capacity, rate, aht))
        .seed(16)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    let expected = rate * aht / f64::from(agents * u32::from(capacity));
    let occ = &r.all_agents.total.occupancy;
    assert!(
        occ.contains(expected),
        "{} vs {expected}",
        show("occupancy", occ)
    );
    // Chat slots are servers: 12 voice agents with the same seed see the same arrivals and
    // service times, hence the same occupancy (per contact it would be 3 times as much).
    let voice = single_queue(12, rate, aht, None, 100_000.0, 3_000.0);
    let v = Simulation::new(voice)
        .seed(16)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    let v_occ = mean(&v.all_agents.total.occupancy);
    assert!((mean(occ) - v_occ).abs() < 1e-9, "{} vs {v_occ}", mean(occ));
    // The same queue seen as M/M/12 (each slot a server): the slots' wait probability.
    let exact = ErlangC::new(f64::from(agents * u32::from(capacity)), rate * aht, aht).unwrap();
    let t = &r.overall.total;
    assert!(
        t.prob_wait.contains(exact.prob_wait()),
        "{} vs {}",
        show("p_wait", &t.prob_wait),
        exact.prob_wait()
    );
    // Overloaded (a = 15 on 12 slots): every slot stays busy, occupancy tends to 1, never
    // above it (per contact it would be about 3).
    let r = Simulation::new(chat_queue(agents, capacity, 0.05, aht))
        .seed(6)
        .replications(reps(20, 5))
        .run()
        .unwrap();
    let occ = mean(&r.all_agents.total.occupancy);
    assert!(occ <= 1.0 && occ > 0.99, "occupancy {occ}");
}

#[test]
fn speed_divides_service_times() {
    // M/M/10 whose agents draw a mean service of 200 s at speed 2: an M/M/10 with AHT
    // 100 s, a = 8 Erlangs.
    let (n, aht, rate) = (10u32, 100.0, 0.08);
    let mut s = single_queue(n, rate, 2.0 * aht, None, 100_000.0, 2_000.0);
    s.agent_groups[0].speed = 2.0;
    let r = Simulation::new(s)
        .seed(7)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    assert_erlang_c(&r, n, rate, aht);
    let g = &r.all_agents.total;
    assert!(
        g.occupancy.contains(0.8),
        "{}",
        show("occupancy", &g.occupancy)
    );
    // Mean handle time: busy agent-seconds per contact handled.
    let handle = mean(&g.busy_s) / mean(&g.handled);
    assert!((handle - aht).abs() < 0.02 * aht, "mean handle {handle}");
}

/// Steady state by batch means: ONE run of M/M/10 at ρ = 0.9 (a = 9 Erlangs, AHT 100 s),
/// 20,000 s of warm-up, then 4,000,000 s cut into 20 batches of 200,000 s (about 50 times
/// the queue's relaxation time, so the batches are nearly independent). Over 40 seeds the
/// intervals covered Erlang C 36–38 times out of 40 (nominal 38).
#[test]
fn batch_means_match_erlang_c() {
    let (n, aht, rate) = (10u32, 100.0, 0.09);
    let mut s = single_queue(n, rate, aht, None, 4_000_000.0, 20_000.0);
    s.horizon.batch_means = Some(BatchMeans { batches: 20 });
    let run = Simulation::new(s).seed(0).replications(1);
    let r = run.run().unwrap();
    assert_eq!(r.method, IntervalMethod::BatchMeans);
    assert_eq!(
        (r.replications, r.batches, r.observations),
        (1, Some(20), 20)
    );
    assert_erlang_c(&r, n, rate, aht);
    let occ = &r.all_agents.total.occupancy;
    assert!(occ.contains(0.9), "{}", show("occupancy", occ));
    // Counts are per batch: λ × 200,000 s = 18,000 offered.
    let t = &r.overall.total;
    assert!(
        t.offered.contains(18_000.0),
        "{}",
        show("offered", &t.offered)
    );
    // The one reported period is the whole run.
    assert_eq!(r.overall.periods, vec![r.overall.total.clone()]);
    assert!((r.period_s - 4_000_000.0).abs() < 1e-6, "{}", r.period_s);
    // Same seed, same results.
    assert_eq!(run.run().unwrap(), r);
}

#[test]
fn tag_priority_matches_the_non_preemptive_priority_queue() {
    // M/M/10 at 90% load: gold (a third of the calls) carries a tag the queue ranks first,
    // with no priority aging (strict priority, first come first served within a class).
    // Cobham's formula for equal service rates: W_k = C(n, a) / (n μ) / ((1 − σ_{k−1})(1 − σ_k))
    // with σ_k the load of classes 1..k over n.
    let (n, aht, gold, plain) = (10u32, 100.0, 0.03, 0.06);
    let s = Scenario::from_toml(&format!(
        r#"
        [horizon]
        period_s = 100000
        periods = 1
        warm_up_s = 2000
        [routing]
        contact_tags = ["gold"]
        profiles = [{{ id = "p", queues = [{{ queue = "q" }}] }}]
        queues = [{{ id = "q", wait_weight = 0, tag_priority = {{ gold = 10 }} }}]
        [[contact_types]]
        id = "gold"
        queue = "q"
        tags = ["gold"]
        arrivals = {{ process = "poisson", rates_per_s = {gold:?} }}
        service = {{ dist = "exponential", mean_s = {aht:?} }}
        [[contact_types]]
        id = "plain"
        queue = "q"
        arrivals = {{ process = "poisson", rates_per_s = {plain:?} }}
        service = {{ dist = "exponential", mean_s = {aht:?} }}
        [[agent_groups]]
        id = "agents"
        profile = "p"
        headcount = {n}
        "#
    ))
    .unwrap();
    let r = Simulation::new(s)
        .seed(3)
        .replications(reps(40, 10))
        .run()
        .unwrap();
    let c = ErlangC::new(f64::from(n), (gold + plain) * aht, aht)
        .unwrap()
        .prob_wait();
    let capacity = f64::from(n) / aht;
    let (s1, s2) = (gold / capacity, (gold + plain) / capacity);
    let exact = [
        c / capacity / (1.0 - s1),
        c / capacity / ((1.0 - s1) * (1.0 - s2)),
    ];
    for (t, w) in r.contact_types.iter().zip(exact) {
        assert!(
            t.total.asa_s.contains(w),
            "{}: {} vs {w}",
            t.id,
            show("asa", &t.total.asa_s)
        );
    }
}
