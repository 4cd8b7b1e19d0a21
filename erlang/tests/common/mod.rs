//! Reference data and tolerances for the integration tests, kept in one place (in the manner
//! of statrs' `prec.rs`).
//!
//! The reference values come from `tests/reference/make_reference.py` (mpmath, 50 digits):
//! Erlang B by the incomplete-gamma closed form, Erlang C from B, Erlang A by explicit
//! birth–death sums with incomplete-beta service levels.

#![allow(dead_code)]

use serde_json::Value;

/// Erlang B (integer recursion) relative tolerance: the recursion's rounding error grows
/// roughly with √n, still far below 1e-10 at n = 60,000.
pub const ERLANG_B_REL: f64 = 1e-10;
/// Erlang B below this is compared through its base-10 logarithm.
pub const ERLANG_B_TINY: f64 = 1e-250;
/// Absolute tolerance on log10 B for tiny values.
pub const ERLANG_B_LOG10_ABS: f64 = 1e-8;
/// Erlang C probability of waiting and ASA, relative.
pub const ERLANG_C_REL: f64 = 1e-10;
/// Service levels, absolute (they are probabilities near 1).
pub const SERVICE_LEVEL_ABS: f64 = 1e-11;
/// Erlang A probabilities of waiting and abandoning, relative.
pub const ERLANG_A_REL: f64 = 1e-10;
/// Erlang A ASA of answered contacts, relative.
pub const ERLANG_A_ASA_REL: f64 = 1e-9;
/// Erlang A fractional agents (incomplete-gamma form in mpmath vs ours), relative.
pub const ERLANG_A_FRACTIONAL_REL: f64 = 1e-9;

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
