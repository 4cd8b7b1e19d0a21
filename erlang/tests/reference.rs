//! Erlang B, C and A against independent high-precision values (mpmath) and the published
//! 100-calls example.

// Tests compare exact values on purpose and convert small known counts.
#![allow(
    clippy::float_cmp,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

mod common;

use callwright_erlang::{
    ErlangA, ErlangC, Model, ServiceLevelDefinition as D, Targets, erlang_b, erlang_b_continuous,
    erlang_c, erlang_c_continuous, required_agents,
};
use common::*;

fn as_whole(x: f64) -> Option<u64> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = x as u64;
    (n as f64 == x).then_some(n)
}

#[test]
fn erlang_b_matches_mpmath() {
    let data = reference();
    let rows = data["erlang_b"].as_array().unwrap();
    assert!(rows.len() > 50);
    for row in rows {
        let (x, a) = (num(row, "agents"), num(row, "offered_load"));
        let want = num(row, "value");
        let got = match as_whole(x) {
            Some(n) => {
                let int = erlang_b(n, a).unwrap();
                let cont = erlang_b_continuous(x, a).unwrap();
                assert_eq!(int, cont, "whole agents take the integer path");
                int
            }
            None => erlang_b_continuous(x, a).unwrap(),
        };
        let what = format!("B({x}, {a})");
        if want < ERLANG_B_TINY {
            if got > 0.0 {
                assert_abs(&what, got.log10(), num(row, "log10"), ERLANG_B_LOG10_ABS);
            } else {
                assert!(num(row, "log10") < -307.0, "{what} underflowed early");
            }
        } else {
            assert_rel(&what, got, want, ERLANG_B_REL);
        }
    }
}

#[test]
fn erlang_c_matches_mpmath() {
    let data = reference();
    for row in data["erlang_c"].as_array().unwrap() {
        let (x, a, aht) = (
            num(row, "agents"),
            num(row, "offered_load"),
            num(row, "aht_s"),
        );
        let want = num(row, "prob_wait");
        let got = match as_whole(x) {
            Some(n) => erlang_c(n, a).unwrap(),
            None => erlang_c_continuous(x, a).unwrap(),
        };
        let what = format!("C({x}, {a})");
        if want < ERLANG_B_TINY {
            assert!(got < 1e-240, "{what}: {got}");
            continue;
        }
        assert_rel(&what, got, want, ERLANG_C_REL);
        let q = ErlangC::new(x, a, aht).unwrap();
        assert_rel(
            &format!("ASA {what}"),
            q.asa_s(),
            num(row, "asa_s"),
            ERLANG_C_REL,
        );
        assert_rel(
            &format!("Lq {what}"),
            q.mean_queue_length(),
            num(row, "mean_queue_length"),
            ERLANG_C_REL,
        );
        for t in row["by_time"].as_array().unwrap() {
            let ts = num(t, "t_s");
            assert_abs(
                &format!("SL({ts}) {what}"),
                q.service_level(ts).unwrap(),
                num(t, "service_level"),
                SERVICE_LEVEL_ABS,
            );
        }
    }
}

#[test]
fn erlang_a_matches_birth_death_sums() {
    let data = reference();
    let rows = data["erlang_a"].as_array().unwrap();
    assert!(rows.len() >= 10);
    for row in rows {
        let q = ErlangA::new(
            num(row, "agents"),
            num(row, "offered_load"),
            num(row, "aht_s"),
            num(row, "patience_s"),
        )
        .unwrap();
        let what = format!(
            "A(n={}, a={})",
            num(row, "agents"),
            num(row, "offered_load")
        );
        assert_rel(&what, q.prob_wait(), num(row, "prob_wait"), ERLANG_A_REL);
        assert_rel(
            &format!("P(ab) {what}"),
            q.prob_abandon(),
            num(row, "prob_abandon"),
            ERLANG_A_REL,
        );
        assert_rel(
            &format!("ASA {what}"),
            q.asa_s(),
            num(row, "asa_s"),
            ERLANG_A_ASA_REL,
        );
        assert_rel(
            &format!("E[W] {what}"),
            q.mean_wait_s(),
            num(row, "mean_wait_s"),
            ERLANG_A_REL,
        );
        assert_rel(
            &format!("occupancy {what}"),
            q.occupancy(),
            num(row, "occupancy"),
            ERLANG_A_REL,
        );
        for t in row["by_time"].as_array().unwrap() {
            let ts = num(t, "t_s");
            let cases = [
                (
                    "answered",
                    q.answered_within(ts).unwrap(),
                    "answered_within",
                ),
                (
                    "abandoned",
                    q.abandoned_within(ts).unwrap(),
                    "abandoned_within",
                ),
                (
                    "SL offered",
                    q.service_level(ts, D::OfOffered).unwrap(),
                    "sl_of_offered",
                ),
                (
                    "SL less short",
                    q.service_level(ts, D::OfOfferedLessShortAbandons).unwrap(),
                    "sl_of_offered_less_short_abandons",
                ),
                (
                    "SL answered",
                    q.service_level(ts, D::OfAnswered).unwrap(),
                    "sl_of_answered",
                ),
            ];
            for (name, got, key) in cases {
                assert_abs(
                    &format!("{name}({ts}) {what}"),
                    got,
                    num(t, key),
                    SERVICE_LEVEL_ABS,
                );
            }
        }
    }
}

#[test]
fn erlang_a_fractional_agents_match_gamma_form() {
    let data = reference();
    for row in data["erlang_a_fractional"].as_array().unwrap() {
        let q = ErlangA::new(
            num(row, "agents"),
            num(row, "offered_load"),
            num(row, "aht_s"),
            num(row, "patience_s"),
        )
        .unwrap();
        assert_rel(
            "fractional P(wait)",
            q.prob_wait(),
            num(row, "prob_wait"),
            ERLANG_A_FRACTIONAL_REL,
        );
    }
}

#[test]
fn published_example() {
    let data = reference();
    let ex = &data["published"][0];
    let a = num(ex, "volume") * num(ex, "aht_s") / num(ex, "interval_s");
    let aht = num(ex, "aht_s");
    let targets =
        Targets::none().with_service_level(num(ex, "fraction"), num(ex, "answer_within_s"));
    let n = required_agents(Model::ErlangC, a, aht, &targets).unwrap();
    assert_eq!(u64::from(n), ex["agents"].as_u64().unwrap());
    let q = ErlangC::new(f64::from(n), a, aht).unwrap();
    // Published figures are rounded to 3 significant digits.
    assert_abs(
        "SL",
        q.service_level(20.0).unwrap(),
        num(ex, "service_level"),
        5e-4,
    );
    assert_abs("P(wait)", q.prob_wait(), num(ex, "prob_wait"), 5e-4);
    assert_abs("ASA", q.asa_s(), num(ex, "asa_s"), 5e-3);
}
