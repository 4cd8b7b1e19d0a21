//! Reference data and tolerances for the integration tests, kept in one place (in the manner
//! of statrs' `prec.rs`).
//!
//! The reference values come from `tests/reference/make_reference.py` (mpmath, 50 digits):
//! Erlang B by the incomplete-gamma closed form, Erlang C from B, Erlang A by explicit
//! birth–death sums with incomplete-beta service levels.

#![allow(dead_code)]

use serde_json::Value;

/// Erlang B relative tolerance (observed worst: 3.4e-15 over n up to 60,000, a up to 50,000;
/// the recursion's rounding error grows slowly with n, hence the margin).
pub const ERLANG_B_REL: f64 = 1e-12;
/// Erlang B below this is compared through its base-10 logarithm.
pub const ERLANG_B_TINY: f64 = 1e-250;
/// Absolute tolerance on log10 B for tiny values.
pub const ERLANG_B_LOG10_ABS: f64 = 1e-8;
/// Erlang C probability of waiting and ASA, relative.
/// (Observed worst: 1.3e-14.)
pub const ERLANG_C_REL: f64 = 1e-12;
/// Service levels, absolute (they are probabilities near 1).
/// (Observed worst over Erlang C and all three Erlang A definitions: 1.5e-14.)
pub const SERVICE_LEVEL_ABS: f64 = 1e-12;
/// Erlang A probabilities of waiting and abandoning, relative.
/// (Observed worst: 1.2e-14.)
pub const ERLANG_A_REL: f64 = 1e-12;
/// Erlang A ASA of answered contacts, relative.
/// (Observed worst: 9.2e-15.)
pub const ERLANG_A_ASA_REL: f64 = 1e-12;
/// Erlang A fractional agents (incomplete-gamma form in mpmath vs ours), relative.
pub const ERLANG_A_FRACTIONAL_REL: f64 = 1e-11;

/// The reference JSON, parsed.
pub fn reference() -> Value {
    let text = include_str!("../reference/reference.json");
    serde_json::from_str(text).expect("reference.json parses")
}

/// `value[key]` as f64.
pub fn num(value: &Value, key: &str) -> f64 {
    value[key]
        .as_f64()
        .unwrap_or_else(|| panic!("field {key} missing in {value}"))
}

/// Asserts `|got − want| <= rel · |want|`.
pub fn assert_rel(what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs();
    assert!(
        err <= rel * want.abs(),
        "{what}: got {got:e}, want {want:e}, relative error {:e} > {rel:e}",
        err / want.abs()
    );
}

/// Asserts `|got − want| <= abs`.
pub fn assert_abs(what: &str, got: f64, want: f64, abs: f64) {
    assert!(
        (got - want).abs() <= abs,
        "{what}: got {got:e}, want {want:e}, abs error {:e} > {abs:e}",
        (got - want).abs()
    );
}
