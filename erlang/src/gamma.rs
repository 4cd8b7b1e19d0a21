//! Incomplete-gamma building blocks for the continuous Erlang B extension and the exact
//! Erlang A sums.
//!
//! Everything here works with *scaled* quantities (the incomplete gamma functions multiplied by
//! `e^z z^{-s}`), so nothing overflows for loads up to 10^6 and beyond, and it works in logs
//! where a value itself can overflow.
//!
//! # Formula
//!
//! ```text
//! γ(s, z) = ∫_0^z t^(s−1) e^(−t) dt,   Γ(s, z) = ∫_z^∞ t^(s−1) e^(−t) dt,   γ + Γ = Γ(s)
//! lower:  e^z z^(−s) γ(s, z) = Σ_{m≥0} z^m / (s (s+1) ⋯ (s+m))          (series, z < s + 1)
//! upper:  e^z z^(−s) Γ(s, z) = 1/(z+1−s − 1·(1−s)/(z+3−s − 2·(2−s)/(z+5−s − ⋯)))
//!                                                                 (continued fraction, z ≥ s + 1)
//! G(x, z) = Σ_{m≥0} z^m / ((x+1)(x+2)⋯(x+m)) = x e^z z^(−x) γ(x, z)      (Erlang A queue sum)
//! ```

use statrs::function::gamma::{gamma, ln_gamma};

/// Relative size below which a further series term is dropped.
const TERM_EPS: f64 = 1.0e-17;
/// Guard against division by zero in the modified Lentz algorithm.
const TINY: f64 = 1.0e-300;
/// Iteration cap of the continued fraction (it converges in O(√z) steps; this is a safety net).
const MAX_CF_ITERATIONS: u32 = 50_000_000;
/// Half of ln(2π).
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// `d − ln(1 + d)` for `d > −1`, accurate also for small `d`.
fn log1pmx(d: f64) -> f64 {
    if d.abs() < 0.3 {
        // Σ_{k≥2} (−1)^k d^k / k
        let mut power = d * d;
        let mut sum = 0.0;
        let mut k = 2.0;
        loop {
            let term = power / k;
            sum += term;
            if term.abs() <= TERM_EPS * sum.abs() {
                return sum;
            }
            power *= -d;
            k += 1.0;
        }
    } else {
        d - d.ln_1p()
    }
}

/// `ln Γ(x) + z − x ln z` for `x > 0`, `z > 0`, without cancellation for large `x`.
fn ln_gamma_scaled(x: f64, z: f64) -> f64 {
    if x < 30.0 {
        ln_gamma(x) + z - x * z.ln()
    } else {
        // Stirling: ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + δ(x).
        let inv = 1.0 / x;
        let inv2 = inv * inv;
        let delta =
            inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
        x * log1pmx((z - x) / x) - 0.5 * x.ln() + HALF_LN_2PI + delta
    }
}

/// `e^z z^(−s) Γ(s, z)` by the continued fraction (modified Lentz). Meant for `z ≥ s + 1`.
pub(crate) fn upper_scaled(s: f64, z: f64) -> f64 {
    let mut b = z + 1.0 - s;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    let mut i = 1.0;
    for _ in 0..MAX_CF_ITERATIONS {
        let an = -i * (i - s);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 3.0e-16 {
            break;
        }
        i += 1.0;
    }
    h
}

/// `e^z z^(−s) γ(s, z) = Σ_{m≥0} z^m / (s (s+1) ⋯ (s+m))` by its series. Meant for `z < s + 1`.
pub(crate) fn lower_scaled_series(s: f64, z: f64) -> f64 {
    let mut term = 1.0 / s;
    let mut sum = term;
    let mut k = s;
    loop {
        k += 1.0;
        term *= z / k;
        sum += term;
        if term <= TERM_EPS * sum {
            return sum;
        }
    }
}

/// Regularised upper incomplete gamma `Q(s, z) = Γ(s, z) / Γ(s)` for `s > 0`, `z >= 0`.
///
/// Used to cross-check the scaled forms; the staffing code never needs it directly.
#[cfg(test)]
pub(crate) fn gamma_q(s: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return 1.0;
    }
    let log_prefactor = -ln_gamma_scaled(s, z); // ln( z^s e^−z / Γ(s) )
    if z < s + 1.0 {
        1.0 - (log_prefactor.exp() * lower_scaled_series(s, z))
    } else {
        log_prefactor.exp() * upper_scaled(s, z)
    }
}

/// The Erlang A queue sums at `x = n·patience/aht`, `z = a·patience/aht` (or `z` scaled by
/// `e^(−t/patience)` for service levels).
///
/// Returns `(ln G, H / G)` where `t_0 = 1`, `t_m = t_{m−1} · z / (x + m)`, `G = Σ t_m` and
/// `H = Σ m t_m`. Needs `x > 0`, `z >= 0`.
pub(crate) fn queue_sums(x: f64, z: f64) -> (f64, f64) {
    if z <= 0.0 {
        return (0.0, 0.0);
    }
    if z < x + 1.0 {
        // Terms fall from the first one on: plain series, G = 1 + tail.
        let mut term = 1.0;
        let mut tail = 0.0;
        let mut first_moment = 0.0;
        let mut m = 0.0;
        loop {
            m += 1.0;
            term *= z / (x + m);
            tail += term;
            first_moment += m * term;
            if term <= TERM_EPS * (1.0 + tail) && m * term <= TERM_EPS * first_moment {
                break;
            }
        }
        (tail.ln_1p(), first_moment / (1.0 + tail))
    } else {
        // G = x e^z z^−x (Γ(x) − Γ(x, z)) = x e^L (1 − Q(x, z)), L = ln Γ(x) + z − x ln z.
        let big_l = ln_gamma_scaled(x, z);
        let q = (upper_scaled(x, z).ln() - big_l).exp();
        let ln_g = x.ln() + big_l + (-q).ln_1p();
        // Σ (x + m) t_m over m ≥ 1 equals z G, hence H = x + (z − x) G (no cancellation: z > x).
        (ln_g, x * (-ln_g).exp() + (z - x))
    }
}

/// `1 / B(x0, a)`, the reciprocal of the continuous Erlang B function at a fractional number of
/// servers `0 < x0 < 1` and load `a > 0`.
///
/// # Formula
///
/// ```text
/// 1 / B(x, a) = e^a a^(−x) Γ(x + 1, a)
/// ```
pub(crate) fn inv_erlang_b_fraction(x0: f64, a: f64) -> f64 {
    let s = x0 + 1.0;
    if a >= s + 1.0 {
        // e^a a^−x0 Γ(s, a) = a · e^a a^−s Γ(s, a)
        a * upper_scaled(s, a)
    } else {
        // e^a a^−x0 (Γ(s) − γ(s, a)) = e^a a^−x0 Γ(s) − a · e^a a^−s γ(s, a)
        a.exp() * a.powf(-x0) * gamma(s) - a * lower_scaled_series(s, a)
    }
}

/// `ψ(b) − ψ(a)` for `0 < a <= b` (digamma difference), accurate when the two are close.
fn digamma_difference(mut a: f64, b: f64) -> f64 {
    // Shift small arguments up: ψ(a) = ψ(a + 1) − 1/a.
    let mut sum = 0.0;
    let mut b = b;
    while a < 12.0 {
        sum += 1.0 / a;
        a += 1.0;
        b += 1.0;
        // ψ(b) shifted the same way adds and removes 1/b terms:
        sum -= 1.0 / (b - 1.0);
    }
    // Asymptotic tail ψ(z) = ln z − 1/(2z) − Σ B_2k / (2k z^2k).
    let tail = |z: f64| {
        let r = 1.0 / z;
        let r2 = r * r;
        -0.5 * r
            - r2 * (1.0 / 12.0
                - r2 * (1.0 / 120.0 - r2 * (1.0 / 252.0 - r2 * (1.0 / 240.0 - r2 / 132.0))))
    };
    sum + ((b - a) / a).ln_1p() + tail(b) - tail(a)
}

/// Ratio `Σ t_j w_j / Σ t_j` with the Erlang A queue terms `t_j` (see [`queue_sums`], here with
/// `z = y`) and `w_j = x/(x+j+1) · Σ_{i=1}^{j+1} 1/(x+i)`.
///
/// Multiplied by the patience it gives the mean wait of a served contact that arrived to find
/// `j` contacts waiting, weighted by its chance of being served.
pub(crate) fn answered_wait_ratio(x: f64, y: f64) -> f64 {
    if y <= 0.0 {
        return x / (x + 1.0) / (x + 1.0);
    }
    // Terms rise while y ≥ x + j, so the largest is at j = ⌊y − x⌋ (or 0).
    let peak = (y - x).floor().max(0.0);
    if peak < 4096.0 {
        // Forward from j = 0, rescaling so a large peak cannot overflow.
        let mut term = 1.0;
        let mut harmonic = 1.0 / (x + 1.0);
        let mut sum = 1.0;
        let mut weighted = x / (x + 1.0) * harmonic;
        let mut j = 0.0;
        loop {
            j += 1.0;
            term *= y / (x + j);
            harmonic += 1.0 / (x + j + 1.0);
            sum += term;
            weighted += term * x / (x + j + 1.0) * harmonic;
            if sum > 1.0e250 {
                term *= 1.0e-250;
                sum *= 1.0e-250;
                weighted *= 1.0e-250;
            }
            if j > peak && term <= TERM_EPS * sum {
                break;
            }
        }
        return weighted / sum;
    }
    // Sum outward from the peak (term 1 there), both directions, O(√y) terms.
    let harmonic_peak = digamma_difference(x + 1.0, x + peak + 2.0);
    let mut sum = 1.0;
    let mut weighted = x / (x + peak + 1.0) * harmonic_peak;
    // Upward.
    let mut term = 1.0;
    let mut harmonic = harmonic_peak;
    let mut j = peak;
    loop {
        j += 1.0;
        term *= y / (x + j);
        harmonic += 1.0 / (x + j + 1.0);
        sum += term;
        weighted += term * x / (x + j + 1.0) * harmonic;
        if term <= TERM_EPS * sum {
            break;
        }
    }
    // Downward: t_j = t_{j+1} (x + j + 1) / y, h_j = h_{j+1} − 1/(x + j + 2).
    let mut term = 1.0;
    let mut harmonic = harmonic_peak;
    let mut j = peak;
    while j >= 1.0 {
        term *= (x + j) / y;
        harmonic -= 1.0 / (x + j + 1.0);
        j -= 1.0;
        sum += term;
        weighted += term * x / (x + j + 1.0) * harmonic;
        if term <= TERM_EPS * sum {
            break;
        }
    }
    weighted / sum
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use statrs::function::gamma::{digamma, gamma_ur};

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
    }

    #[test]
    fn q_matches_statrs() {
        for &(s, z) in &[
            (0.5, 0.1),
            (1.5, 0.7),
            (2.0, 3.0),
            (10.0, 9.0),
            (10.0, 12.0),
            (100.0, 90.0),
            (100.0, 110.0),
            (1000.0, 1000.5),
        ] {
            let ours = gamma_q(s, z);
            let theirs = gamma_ur(s, z);
            assert!(close(ours, theirs, 1e-11), "Q({s},{z}) {ours} vs {theirs}");
        }
    }

    #[test]
    fn queue_sums_agree_with_naive_sum_on_both_branches() {
        for &(x, z) in &[
            (5.0, 2.0),
            (5.0, 5.5),
            (5.0, 6.5),
            (5.0, 30.0),
            (0.3, 4.0),
            (40.0, 41.5),
        ] {
            let (mut t, mut g, mut h) = (1.0_f64, 1.0_f64, 0.0_f64);
            for m in 1..5000 {
                t *= z / (x + f64::from(m));
                g += t;
                h += f64::from(m) * t;
            }
            let (ln_g, hg) = queue_sums(x, z);
            assert!(
                close(ln_g.exp(), g, 1e-12),
                "G({x},{z}) {} vs {g}",
                ln_g.exp()
            );
            assert!(close(hg, h / g, 1e-11), "H/G({x},{z}) {hg} vs {}", h / g);
        }
    }

    #[test]
    fn branches_meet_at_the_switch() {
        for x in [3.0, 50.0, 2000.0, 1.0e6] {
            let below = queue_sums(x, x + 1.0 - 1e-9).0;
            let above = queue_sums(x, x + 1.0).0;
            // The two arguments differ by 1e-9, so ln G may differ by about that much.
            assert!(close(below, above, 1e-8), "x={x}: {below} vs {above}");
        }
    }

    #[test]
    fn digamma_difference_matches_statrs() {
        for &(a, b) in &[(0.5, 3.0), (3.0, 5000.0), (20.0, 20.5), (1.0e4, 2.0e4)] {
            let want = digamma(b) - digamma(a);
            assert!(close(digamma_difference(a, b), want, 1e-12));
        }
    }

    #[test]
    fn answered_wait_ratio_paths_agree() {
        // Naive sum, then the peak-outward path (peak ≥ 4096) against a forward sum in logs.
        for &(x, y) in &[(5.0, 3.0), (2.0, 50.0), (1000.0, 6000.0)] {
            let (mut t, mut h, mut s, mut w) = (1.0_f64, 1.0 / (x + 1.0), 1.0_f64, 0.0_f64);
            w += x / (x + 1.0) * h;
            for j in 1..40_000 {
                let j = f64::from(j);
                t *= y / (x + j);
                h += 1.0 / (x + j + 1.0);
                s += t;
                w += t * x / (x + j + 1.0) * h;
                if s > 1e250 {
                    t *= 1e-250;
                    s *= 1e-250;
                    w *= 1e-250;
                }
            }
            let got = answered_wait_ratio(x, y);
            assert!(close(got, w / s, 1e-10), "({x},{y}) {got} vs {}", w / s);
        }
    }

    #[test]
    fn continuous_erlang_b_base_at_zero_and_one() {
        // x0 → 0 gives B = 1; B(1, a) = a / (1 + a).
        for a in [0.01, 0.5, 1.0, 2.5, 7.0, 300.0] {
            assert!(close(inv_erlang_b_fraction(1e-12, a), 1.0, 1e-9));
            assert!(close(
                1.0 / inv_erlang_b_fraction(1.0 - 1e-12, a),
                a / (1.0 + a),
                1e-9
            ));
        }
    }
}
