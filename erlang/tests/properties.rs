//! Property tests of the invariants: monotonicity, ranges, the B–C relation, staffing
//! minimality, Erlang A → Erlang C.

// Tests compare exact values on purpose and convert small known counts.
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use callwright_erlang::{
    ErlangA, ErlangC, Model, ServiceLevelDefinition as D, Targets, erlang_b, erlang_b_continuous,
    erlang_c, required_agents,
};
use proptest::prelude::*;

const DEFINITIONS: [D; 3] = [D::OfOffered, D::OfOfferedLessShortAbandons, D::OfAnswered];

/// Whether `n` agents meet `targets` (through the public measures only).
fn meets(model: Model, n: f64, a: f64, aht: f64, targets: &Targets) -> bool {
    match model {
        Model::ErlangC => {
            let Ok(q) = ErlangC::new(n, a, aht) else {
                return false; // unstable
            };
            targets
                .service_level
                .is_none_or(|sl| q.service_level(sl.answer_within_s).unwrap() >= sl.fraction)
                && targets.max_asa_s.is_none_or(|m| q.asa_s() <= m)
                && targets.max_occupancy.is_none_or(|m| q.occupancy() <= m)
        }
        Model::ErlangA { patience_s } => {
            let q = ErlangA::new(n, a, aht, patience_s).unwrap();
            targets.service_level.is_none_or(|sl| {
                q.service_level(sl.answer_within_s, targets.service_level_definition)
                    .unwrap()
                    >= sl.fraction
            }) && targets.max_asa_s.is_none_or(|m| q.asa_s() <= m)
                && targets.max_abandon.is_none_or(|m| q.prob_abandon() <= m)
                && targets.max_occupancy.is_none_or(|m| q.occupancy() <= m)
        }
    }
}

fn targets_strategy() -> impl Strategy<Value = Targets> {
    (
        prop::option::of((0.3_f64..0.97, 0.0_f64..90.0)),
        prop::option::of(1.0_f64..120.0),
        prop::option::of(0.005_f64..0.2),
        prop::option::of(0.6_f64..1.0),
        0_usize..3,
    )
        .prop_map(|(sl, asa, ab, occ, def)| {
            let mut t = Targets::none().with_definition(DEFINITIONS[def]);
            if let Some((f, s)) = sl {
                t = t.with_service_level(f, s);
            }
            t.max_asa_s = asa;
            t.max_abandon = ab;
            t.max_occupancy = occ;
            t
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn erlang_b_monotone(n in 0_u64..3000, a in 0.001_f64..3000.0, da in 0.001_f64..50.0) {
        let b = erlang_b(n, a).unwrap();
        prop_assert!((0.0..=1.0).contains(&b));
        prop_assert!(erlang_b(n + 1, a).unwrap() <= b);
        prop_assert!(erlang_b(n, a + da).unwrap() >= b);
    }

    #[test]
    fn continuous_b_between_neighbours(n in 0_u64..2000, f in 0.01_f64..0.99, a in 0.01_f64..2000.0) {
        let x = n as f64 + f;
        let mid = erlang_b_continuous(x, a).unwrap();
        prop_assert!(mid <= erlang_b(n, a).unwrap() * (1.0 + 1e-12));
        prop_assert!(mid >= erlang_b(n + 1, a).unwrap() * (1.0 - 1e-12));
    }

    #[test]
    fn c_from_b_exactly_and_monotone(a in 0.001_f64..3000.0, extra in 1_u64..200) {
        let n = a.floor() as u64 + extra;
        let nf = n as f64;
        let b = erlang_b(n, a).unwrap();
        let c = erlang_c(n, a).unwrap();
        let want = nf * b / (nf - a * (1.0 - b));
        prop_assert!((c - want).abs() <= 1e-14 * want.max(1e-300));
        prop_assert!(c >= b); // waiting is likelier than blocking
        prop_assert!(erlang_c(n + 1, a).unwrap() <= c);
        let a2 = (a + 0.5).min(nf - 1e-6);
        prop_assert!(erlang_c(n, a2).unwrap() >= c);
    }

    #[test]
    fn measures_in_range(
        n in 1.0_f64..500.0, a in 0.0_f64..600.0, aht in 10.0_f64..900.0,
        patience in 1.0_f64..3000.0, t in 0.0_f64..600.0,
    ) {
        let q = ErlangA::new(n, a, aht, patience).unwrap();
        for p in [q.prob_wait(), q.prob_abandon(), q.occupancy()] {
            prop_assert!((0.0..=1.0).contains(&p), "{p}");
        }
        prop_assert!(q.prob_abandon() <= q.prob_wait() + 1e-15);
        prop_assert!(q.asa_s().is_finite() && q.asa_s() >= 0.0);
        for d in DEFINITIONS {
            let sl = q.service_level(t, d).unwrap();
            prop_assert!((0.0..=1.0).contains(&sl), "{d:?} {sl}");
        }
        let s = q.answered_within(t).unwrap();
        let ab = q.abandoned_within(t).unwrap();
        prop_assert!(s + ab <= 1.0 + 1e-12);
        if n > a {
            let c = ErlangC::new(n, a, aht).unwrap();
            let sl = c.service_level(t).unwrap();
            prop_assert!((0.0..=1.0).contains(&sl));
        }
    }

    #[test]
    fn erlang_a_monotone_in_agents_and_load(
        n in 1_u32..400, a in 0.1_f64..400.0, aht in 30.0_f64..600.0, patience in 5.0_f64..2000.0,
    ) {
        let q = ErlangA::new(f64::from(n), a, aht, patience).unwrap();
        let more = ErlangA::new(f64::from(n + 1), a, aht, patience).unwrap();
        let busier = ErlangA::new(f64::from(n), a * 1.05, aht, patience).unwrap();
        prop_assert!(more.prob_wait() <= q.prob_wait() * (1.0 + 1e-12));
        prop_assert!(more.prob_abandon() <= q.prob_abandon() * (1.0 + 1e-12) + 1e-300);
        prop_assert!(busier.prob_wait() >= q.prob_wait() * (1.0 - 1e-12));
        let t = 20.0;
        prop_assert!(
            more.service_level(t, D::OfOffered).unwrap()
                >= q.service_level(t, D::OfOffered).unwrap() - 1e-12
        );
    }

    #[test]
    fn erlang_a_tends_to_erlang_c(a in 0.5_f64..300.0, spare in 0.5_f64..40.0, aht in 30.0_f64..600.0) {
        let n = (a + spare).ceil();
        let c = ErlangC::new(n, a, aht).unwrap();
        // The gap to Erlang C shrinks like 1/patience and is largest near n = a (ASA there
        // moves by about 1e6 s² / patience), so go far out; x = n · 1e9 stays below 1e12.
        let patience = aht * 1.0e9;
        let q = ErlangA::new(n, a, aht, patience).unwrap();
        prop_assert!((q.prob_wait() - c.prob_wait()).abs() < 1e-5);
        prop_assert!(q.prob_abandon() < 1e-5);
        prop_assert!((q.asa_s() - c.asa_s()).abs() <= 1e-4 * c.asa_s().max(1.0));
        for d in DEFINITIONS {
            let diff = q.service_level(20.0, d).unwrap() - c.service_level(20.0).unwrap();
            prop_assert!(diff.abs() < 1e-5, "{d:?} {diff}");
        }
    }

    #[test]
    fn staffing_is_minimal_erlang_c(a in 0.001_f64..3000.0, aht in 30.0_f64..900.0, t in targets_strategy()) {
        let n = required_agents(Model::ErlangC, a, aht, &t).unwrap();
        let nf = f64::from(n);
        prop_assert!(nf > a);
        prop_assert!(meets(Model::ErlangC, nf, a, aht, &t));
        prop_assert!(!meets(Model::ErlangC, nf - 1.0, a, aht, &t));
    }

    #[test]
    fn staffing_is_minimal_erlang_a(
        a in 0.001_f64..2000.0, aht in 30.0_f64..900.0, patience in 10.0_f64..1200.0,
        t in targets_strategy(),
    ) {
        let model = Model::ErlangA { patience_s: patience };
        let n = required_agents(model, a, aht, &t).unwrap();
        let nf = f64::from(n);
        prop_assert!(n >= 1);
        prop_assert!(meets(model, nf, a, aht, &t));
        if n > 1 {
            prop_assert!(!meets(model, nf - 1.0, a, aht, &t));
        }
    }
}
