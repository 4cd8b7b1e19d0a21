//! Erlang B: blocking probability of the M/M/n/n loss system, for whole and fractional `n`.

use crate::error::{Result, check_agents, check_load};
use crate::gamma;

/// `1 / B(n, a)` by the integer recursion on the reciprocal, for `a > 0`.
///
/// Returns `+∞` once the reciprocal overflows (then `B` is below the smallest normal `f64` and
/// reads as 0); the loop stops there, so it never runs past that point.
pub(crate) fn inv_erlang_b_int(n: u64, a: f64) -> f64 {
    let mut r = 1.0_f64;
    let mut k = 0.0_f64;
    for _ in 0..n {
        k += 1.0;
        r = 1.0 + (k / a) * r;
        if r == f64::INFINITY {
            break;
        }
    }
    r
}

/// `1 / B(x, a)` by the continuous extension, for `x >= 0`, `a > 0`.
pub(crate) fn inv_erlang_b_continuous(x: f64, a: f64) -> f64 {
    let whole = x.floor();
    let fraction = x - whole;
    let mut r = if fraction > 0.0 {
        gamma::inv_erlang_b_fraction(fraction, a)
    } else {
        1.0
    };
    let mut k = fraction;
    let mut left = whole;
    while left >= 1.0 && r != f64::INFINITY {
        k += 1.0;
        r = 1.0 + (k / a) * r;
        left -= 1.0;
    }
    r
}

/// `1 / B(agents, a)` for validated inputs: the integer recursion when `agents` is a whole
/// number, the continuous extension otherwise; `+∞` when `a = 0 < agents`.
pub(crate) fn inv_erlang_b_auto(agents: f64, a: f64) -> f64 {
    if a <= 0.0 {
        return if agents > 0.0 { f64::INFINITY } else { 1.0 };
    }
    if agents.fract() == 0.0 {
        // Whole number, validated to lie in [0, 1e8]: the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = agents as u64;
        inv_erlang_b_int(n, a)
    } else {
        inv_erlang_b_continuous(agents, a)
    }
}

/// Erlang B blocking probability `B(n, a)` for a whole number of agents, by the integer
/// recursion on the reciprocal (no factorials: stable for `n` and `a` up to 10^6 and beyond).
///
/// # Formula
///
/// ```text
/// 1/B(0, a) = 1,    1/B(k, a) = 1 + (k / a) · 1/B(k − 1, a)
/// ```
///
/// # Errors
///
/// [`Error::InvalidOfferedLoad`](crate::Error::InvalidOfferedLoad) when `offered_load` is NaN,
/// infinite or negative; [`Error::InvalidAgents`](crate::Error::InvalidAgents) when `agents`
/// exceeds [`MAX_AGENTS`](crate::MAX_AGENTS).
///
/// # Examples
///
/// ```
/// use callwright_erlang::erlang_b;
/// let b = erlang_b(2, 1.0)?;
/// assert!((b - 0.2).abs() < 1e-15); // (1/2) / (1 + 1 + 1/2)
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn erlang_b(agents: u64, offered_load: f64) -> Result<f64> {
    let a = check_load(offered_load)?;
    let n = check_agents(agents as f64, false)?;
    Ok(1.0 / inv_erlang_b_auto(n, a))
}

/// Erlang B for a real (possibly fractional) number of agents, by the continuous extension:
/// the incomplete-gamma form at the fractional part, then the integer recursion upward. At whole
/// numbers it agrees with [`erlang_b`] to rounding.
///
/// # Formula
///
/// ```text
/// B(x, a) = a^x e^(−a) / Γ(x + 1, a)         (Γ(s, a): upper incomplete gamma)
/// ```
///
/// # Errors
///
/// [`Error::InvalidAgents`](crate::Error::InvalidAgents) for NaN, infinite, negative or
/// too large `agents`; [`Error::InvalidOfferedLoad`](crate::Error::InvalidOfferedLoad) for a bad
/// `offered_load`.
///
/// # Examples
///
/// ```
/// use callwright_erlang::{erlang_b, erlang_b_continuous};
/// let low = erlang_b(10, 8.0)?;
/// let mid = erlang_b_continuous(10.5, 8.0)?;
/// let high = erlang_b(11, 8.0)?;
/// assert!(high < mid && mid < low);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn erlang_b_continuous(agents: f64, offered_load: f64) -> Result<f64> {
    let a = check_load(offered_load)?;
    let x = check_agents(agents, false)?;
    if a <= 0.0 {
        return Ok(if x > 0.0 { 0.0 } else { 1.0 });
    }
    Ok(1.0 / inv_erlang_b_continuous(x, a))
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn small_cases_by_hand() {
        assert!((erlang_b(0, 3.0).unwrap() - 1.0).abs() < 1e-15);
        assert!((erlang_b(1, 3.0).unwrap() - 0.75).abs() < 1e-15);
        assert_eq!(erlang_b(3, 0.0).unwrap(), 0.0);
        assert_eq!(erlang_b(0, 0.0).unwrap(), 1.0);
    }

    #[test]
    fn huge_inputs_are_finite() {
        let b = erlang_b(1_000_000, 1.0e6).unwrap();
        assert!(b.is_finite() && b > 0.0 && b < 1.0);
        let b = erlang_b(1_000_000, 1.0).unwrap();
        assert_eq!(b, 0.0);
        let b = erlang_b(10, 1.0e6).unwrap();
        assert!(b > 0.99 && b < 1.0);
    }

    #[test]
    fn continuous_agrees_at_integers() {
        for (n, a) in [(1_u64, 0.5), (7, 3.0), (30, 25.0), (200, 180.0)] {
            let int = erlang_b(n, a).unwrap();
            let near = erlang_b_continuous(n as f64 - 1e-9, a).unwrap();
            assert!(
                (near - int).abs() <= 1e-7 * int,
                "n={n} a={a} {near} vs {int}"
            );
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert!(erlang_b(1, f64::NAN).is_err());
        assert!(erlang_b(1, -1.0).is_err());
        assert!(erlang_b_continuous(f64::INFINITY, 1.0).is_err());
        assert!(erlang_b_continuous(-0.5, 1.0).is_err());
    }
}
