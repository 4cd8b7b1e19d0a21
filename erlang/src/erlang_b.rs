//! Erlang B: blocking probability of the M/M/n/n loss system, for whole and fractional `n`.

use crate::error::{Result, check_agents, check_load};
use crate::gamma;

/// The reciprocal Erlang B sequence `r_k = 1/B(k, a)`, advanced two steps per dependent
/// multiply-add (twice the speed of the plain recursion, same accuracy). Every code path that
/// needs `1/B(n, a)` for whole `n` goes through it, so they all get bit-identical values.
///
/// ```text
/// c_k = k / a,   r_0 = 1
/// k odd:   r_k = 1 + c_k r_{k−1}
/// k even:  r_k = (1 + c_k) + (c_k c_{k−1}) r_{k−2}      (two steps of r_k = 1 + c_k r_{k−1})
/// ```
///
/// Once `r` overflows to `+∞` (B below the smallest normal `f64`) it stays there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InvErlangB {
    a: f64,
    k: u64,
    prev: f64,
    cur: f64,
}

impl InvErlangB {
    /// Starts at `k = 0` for load `a > 0`.
    pub(crate) fn new(a: f64) -> Self {
        Self {
            a,
            k: 0,
            prev: 1.0,
            cur: 1.0,
        }
    }

    /// Current `k`.
    pub(crate) fn k(&self) -> u64 {
        self.k
    }

    /// `1/B(k, a)` at the current `k`.
    pub(crate) fn value(&self) -> f64 {
        self.cur
    }

    /// One step, `k → k + 1`; returns the new value.
    #[inline]
    pub(crate) fn step(&mut self) -> f64 {
        let k1 = self.k + 1;
        let c = k1 as f64 / self.a;
        let next = if k1 % 2 == 1 {
            1.0 + c * self.cur
        } else {
            let c_prev = (k1 - 1) as f64 / self.a;
            (1.0 + c) + (c * c_prev) * self.prev
        };
        self.prev = self.cur;
        self.cur = next;
        self.k = k1;
        next
    }

    /// Advances to `k = n` (no-op if already there or past), calling `visit(k, r_k)` for every
    /// `k > from` reached on the way.
    #[inline]
    pub(crate) fn advance_to(&mut self, n: u64, from: u64, mut visit: impl FnMut(u64, f64)) {
        if self.k < n && self.k % 2 == 1 {
            let r = self.step();
            if self.k > from {
                visit(self.k, r);
            }
        }
        // From an even k: pairs (odd value off the dependency chain, even value on it).
        // Divisions (not a multiplication by 1/a, whose rounding would bias every step the
        // same way); they are off the dependency chain.
        let a = self.a;
        let mut even = self.cur;
        let mut k = self.k;
        let mut odd = self.prev;
        while k + 2 <= n {
            let c1 = (k + 1) as f64 / a;
            let c2 = (k + 2) as f64 / a;
            odd = 1.0 + c1 * even;
            even = (1.0 + c2) + (c2 * c1) * even;
            k += 2;
            if k - 1 > from {
                visit(k - 1, odd);
            }
            if k > from {
                visit(k, even);
            }
            if even == f64::INFINITY {
                // Stays +∞ from here on; jump to the end.
                if k < n {
                    while k < n {
                        k += 1;
                        if k > from {
                            visit(k, f64::INFINITY);
                        }
                    }
                    odd = f64::INFINITY;
                }
                break;
            }
        }
        self.k = k;
        self.cur = even;
        self.prev = odd;
        if self.k < n {
            let r = self.step();
            if self.k > from {
                visit(self.k, r);
            }
        }
    }
}

/// `1 / B(n, a)` for whole `n` and `a > 0` (see [`InvErlangB`]).
pub(crate) fn inv_erlang_b_int(n: u64, a: f64) -> f64 {
    let mut rec = InvErlangB::new(a);
    rec.advance_to(n, u64::MAX, |_, _| {});
    rec.value()
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
/// (evaluated two steps per dependent multiply-add:
/// `1/B(k) = (1 + c_k) + c_k c_{k−1} · 1/B(k − 2)` with `c_k = k / a`).
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
/// the incomplete-gamma form at the fractional part, then the recursion upward. At whole
/// numbers it takes the integer path, so it equals [`erlang_b`] exactly.
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
    Ok(1.0 / inv_erlang_b_auto(x, a))
}

#[cfg(test)]
#[allow(clippy::float_cmp, clippy::cast_possible_truncation)]
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
    fn paired_recursion_paths_are_bit_identical() {
        for a in [0.37, 3.0, 41.5, 1667.0] {
            let mut single = InvErlangB::new(a);
            let mut by_step = vec![1.0];
            for _ in 0..301 {
                by_step.push(single.step());
            }
            for n in [0_u64, 1, 2, 7, 64, 65, 300, 301] {
                assert_eq!(inv_erlang_b_int(n, a), by_step[n as usize], "a={a} n={n}");
            }
            // Resuming from odd and even positions, with a visit window.
            for start in [0_u64, 5, 6] {
                let mut rec = InvErlangB::new(a);
                rec.advance_to(start, u64::MAX, |_, _| {});
                let mut seen = Vec::new();
                rec.advance_to(251, start + 3, |k, r| seen.push((k, r)));
                assert_eq!(rec.value(), by_step[251]);
                let want: Vec<(u64, f64)> = (start + 4..=251)
                    .map(|k| (k, by_step[k as usize]))
                    .collect();
                assert_eq!(seen, want, "a={a} start={start}");
            }
            // Close to the plain one-step recursion.
            let mut plain = 1.0_f64;
            for k in 1..=301 {
                plain = 1.0 + (f64::from(k) / a) * plain;
            }
            if plain.is_infinite() {
                assert!(by_step[301].is_infinite());
            } else {
                let rel = (plain - by_step[301]).abs() / plain;
                assert!(rel <= 1e-13, "a={a}: relative gap {rel:e}");
            }
        }
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
