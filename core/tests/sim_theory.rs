//! The simulator against theory: exact Erlang C and Erlang A, and the published
//! `ContactCenters` (Java) M/M/12 example.

mod sim_common;

use callwright_core::sim::{Estimate, Simulation};
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
