//! Stress and edge cases: tiny and huge loads, n = a, t = 0, hostile inputs.

// Tests compare exact values on purpose and convert small known counts.
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use callwright_erlang::{
    Aht, ErlangA, ErlangC, Error, Model, ServiceLevelDefinition as D, Targets, erlang_b,
    erlang_b_continuous, erlang_c, max_offered_load, performance, required_agents,
    required_agents_per_interval, scheduled_agents,
};

#[test]
fn tiny_load() {
    let a = 0.001;
    let c = ErlangC::new(1.0, a, 300.0).unwrap();
    assert!((c.prob_wait() - a).abs() < 1e-9);
    let q = ErlangA::new(1.0, a, 300.0, 60.0).unwrap();
    assert!(q.prob_wait() > 0.0 && q.prob_wait() < 0.0011);
    assert_eq!(
        required_agents(Model::ErlangC, a, 300.0, &Targets::default()).unwrap(),
        1
    );
    let n = required_agents(
        Model::ErlangA { patience_s: 60.0 },
        a,
        300.0,
        &Targets::default(),
    );
    assert_eq!(n.unwrap(), 1);
}

#[test]
fn huge_load_and_agents() {
    let a = 50_000.0;
    for n in [50_001_u64, 50_100, 50_500, 51_000, 55_000, 60_000] {
        let c = erlang_c(n, a).unwrap();
        assert!(c.is_finite() && (0.0..=1.0).contains(&c));
        let q = ErlangA::new(n as f64, a, 300.0, 180.0).unwrap();
        assert!(q.prob_wait().is_finite() && q.prob_abandon().is_finite());
        for d in [D::OfOffered, D::OfOfferedLessShortAbandons, D::OfAnswered] {
            let sl = q.service_level(20.0, d).unwrap();
            assert!((0.0..=1.0).contains(&sl));
        }
        assert!(q.asa_s().is_finite());
    }
    let t = Targets::default();
    let n = required_agents(Model::ErlangC, a, 300.0, &t).unwrap();
    assert!(n > 50_000 && n < 50_300, "{n}");
    let na = required_agents(Model::ErlangA { patience_s: 180.0 }, a, 300.0, &t).unwrap();
    // Patience (180 s) shorter than AHT: an efficiency-driven regime where fewer agents than
    // Erlangs still answer 80 % within 20 s (the queue is short because callers leave).
    assert!(na > 40_000 && na < n, "{na}");
    let q = ErlangA::new(f64::from(na), a, 300.0, 180.0).unwrap();
    assert!(q.service_level(20.0, D::OfOffered).unwrap() >= 0.8);
    let fewer = ErlangA::new(f64::from(na - 1), a, 300.0, 180.0).unwrap();
    assert!(fewer.service_level(20.0, D::OfOffered).unwrap() < 0.8);
    let b = erlang_b(1_000_000, 1_000_000.0).unwrap();
    assert!(b > 0.0 && b < 1e-3);
    let b = erlang_b_continuous(999_999.5, 1_000_000.0).unwrap();
    assert!(b > 0.0 && b < 1e-3);
    let b = erlang_b(100, 1_000_000.0).unwrap();
    assert!(b > 0.9999 && b < 1.0);
}

#[test]
fn agents_equal_to_load() {
    for a in [1.0, 10.0, 1667.0, 50_000.0] {
        assert!(matches!(
            ErlangC::new(a, a, 300.0),
            Err(Error::Unstable { .. })
        ));
        let q = ErlangA::new(a, a, 300.0, 120.0).unwrap();
        assert!(q.prob_wait() > 0.0 && q.prob_wait() < 1.0);
        assert!(q.prob_abandon() > 0.0 && q.prob_abandon() < 1.0);
        assert!(q.asa_s().is_finite());
    }
    assert!(matches!(
        performance(Model::ErlangC, 10.0, 10.0, 180.0, 20.0, D::OfOffered),
        Err(Error::Unstable { .. })
    ));
}

#[test]
fn answer_time_zero() {
    let c = ErlangC::new(14.0, 10.0, 180.0).unwrap();
    assert!((c.service_level(0.0).unwrap() - (1.0 - c.prob_wait())).abs() < 1e-15);
    let q = ErlangA::new(14.0, 10.0, 180.0, 120.0).unwrap();
    for d in [D::OfOffered, D::OfOfferedLessShortAbandons] {
        let sl = q.service_level(0.0, d).unwrap();
        assert!((sl - (1.0 - q.prob_wait())).abs() < 1e-14);
    }
    let t = Targets::none().with_service_level(0.8, 0.0);
    let n = required_agents(Model::ErlangC, 10.0, 180.0, &t).unwrap();
    assert!(ErlangC::new(f64::from(n), 10.0, 180.0).unwrap().prob_wait() <= 0.2);
}

#[test]
fn unreachable_and_hostile_inputs_are_errors() {
    let t = Targets::none().with_service_level(1.0, 0.0);
    assert!(matches!(
        required_agents(Model::ErlangC, 10.0, 180.0, &t),
        Err(Error::UnreachableTarget { .. })
    ));
    assert!(matches!(
        required_agents(Model::ErlangA { patience_s: 60.0 }, 10.0, 180.0, &t),
        Err(Error::UnreachableTarget { .. })
    ));
    let t = Targets::none().with_max_abandon(0.0);
    assert!(matches!(
        required_agents(Model::ErlangA { patience_s: 60.0 }, 10.0, 180.0, &t),
        Err(Error::UnreachableTarget { .. })
    ));
    let t = Targets::default();
    for bad in [f64::NAN, f64::INFINITY, -1.0] {
        assert!(required_agents(Model::ErlangC, bad, 180.0, &t).is_err());
        assert!(required_agents(Model::ErlangC, 10.0, bad, &t).is_err());
        assert!(required_agents(Model::ErlangA { patience_s: bad }, 10.0, 180.0, &t).is_err());
        assert!(ErlangA::new(bad, 10.0, 180.0, 60.0).is_err());
        assert!(erlang_b_continuous(bad, 1.0).is_err());
        assert!(scheduled_agents(10.0, bad).is_err());
        assert!(max_offered_load(Model::ErlangC, bad, 180.0, &t).is_err());
    }
    assert!(matches!(
        max_offered_load(Model::ErlangC, 10.0, 180.0, &Targets::none()),
        Err(Error::NoTargets)
    ));
    assert!(matches!(
        ErlangA::new(10.0, 10.0, 1.0, 1.0e13),
        Err(Error::PatienceOutOfRange { .. })
    ));
    let v = [10.0, -5.0];
    let e = required_agents_per_interval(Model::ErlangC, &v, Aht::Constant(300.0), 1800.0, &t);
    assert!(matches!(e, Err(Error::AtInterval { index: 1, .. })));
}

#[test]
fn inverse_questions_round_trip() {
    let t = Targets::default().with_max_asa_s(15.0);
    for model in [Model::ErlangC, Model::ErlangA { patience_s: 150.0 }] {
        for n in [3.0, 14.0, 120.0, 1700.0] {
            let a = max_offered_load(model, n, 240.0, &t).unwrap();
            assert!(a > 0.0 && a.is_finite());
            // Just below the limit n agents suffice, just above they do not.
            let below = required_agents(model, a * (1.0 - 1e-9), 240.0, &t).unwrap();
            let above = required_agents(model, a * (1.0 + 1e-6), 240.0, &t).unwrap();
            assert!(f64::from(below) <= n, "{model:?} n={n} below={below}");
            assert!(f64::from(above) > n, "{model:?} n={n} above={above}");
        }
    }
}

#[test]
fn zero_volume_needs_no_agents() {
    let v = vec![0.0; 10];
    let n = required_agents_per_interval(
        Model::ErlangA { patience_s: 60.0 },
        &v,
        Aht::Constant(300.0),
        900.0,
        &Targets::default(),
    )
    .unwrap();
    assert!(n.iter().all(|&x| x == 0));
}

#[test]
fn load_beyond_the_agent_limit_is_a_clear_error() {
    let e = required_agents(Model::ErlangC, 2.0e8, 300.0, &Targets::default());
    assert!(matches!(e, Err(Error::InvalidAgents { .. })), "{e:?}");
}

#[test]
fn config_types_round_trip_through_serde() {
    let t = Targets::default()
        .with_max_asa_s(30.0)
        .with_definition(D::OfAnswered);
    let text = serde_json::to_string(&t).unwrap();
    assert!(text.contains("of_answered"), "{text}");
    let back: Targets = serde_json::from_str(&text).unwrap();
    assert_eq!(back, t);
    // Missing fields take their defaults (80/20, answered of offered).
    let partial: Targets = serde_json::from_str(r#"{"max_abandon": 0.05}"#).unwrap();
    assert_eq!(partial.max_abandon, Some(0.05));
    assert_eq!(partial.service_level, Targets::default().service_level);
    let m: Model = serde_json::from_str(r#"{"kind": "erlang_a", "patience_s": 120.0}"#).unwrap();
    assert_eq!(m, Model::ErlangA { patience_s: 120.0 });
    let m: Model = serde_json::from_str(r#"{"kind": "erlang_c"}"#).unwrap();
    assert_eq!(m, Model::ErlangC);
}

#[test]
fn any_load_meets_a_full_occupancy_cap_under_erlang_a() {
    let t = Targets::none().with_max_occupancy(1.0);
    let a = max_offered_load(Model::ErlangA { patience_s: 100.0 }, 50.0, 300.0, &t).unwrap();
    assert_eq!(a, f64::INFINITY);
    // Under Erlang C the same cap allows anything below n (stability), approached from below.
    let c = max_offered_load(Model::ErlangC, 50.0, 300.0, &t).unwrap();
    assert!(c < 50.0 && c > 49.999_999);
}

#[test]
fn no_targets_give_the_smallest_admissible_staffing() {
    let none = Targets::none();
    assert_eq!(
        required_agents(Model::ErlangC, 10.5, 180.0, &none).unwrap(),
        11
    );
    let a = required_agents(Model::ErlangA { patience_s: 60.0 }, 500.0, 180.0, &none);
    assert_eq!(a.unwrap(), 1);
}
