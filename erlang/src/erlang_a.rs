//! Erlang A (M/M/n+M): exponential patience, exact birth–death / incomplete-gamma measures.

use crate::erlang_b::inv_erlang_b_auto;
use crate::error::{
    Error, MAX_SCALED_PATIENCE, Result, check_agents, check_duration, check_load,
    check_positive_duration,
};
use crate::gamma::{answered_wait_ratio, queue_sums};
use crate::targets::ServiceLevelDefinition;

/// An M/M/n+M queue (Erlang A): `agents` servers, offered load `offered_load` Erlangs, average
/// handle time `aht_s`, and callers who hang up after an exponential patience with mean
/// `patience_s` seconds. It has a steady state for every `n`, including `n <= a`.
///
/// The measures are exact: they come from the birth–death chain in closed form (Erlang B and
/// the incomplete-gamma queue sum `G`), not from an approximation. Whole-number `agents` use
/// the integer Erlang B recursion, fractional ones its continuous extension. As `patience_s`
/// grows the measures tend to [`ErlangC`](crate::ErlangC)'s.
///
/// # Formula
///
/// ```text
/// θ = 1/patience, μ = 1/AHT, λ = a μ,  x = n μ/θ = n·patience/AHT,  y = λ/θ = a·patience/AHT
/// queue states n+j:  π_{n+j} = π_n t_j,  t_0 = 1,  t_j = t_{j−1} · y / (x + j)
/// G = Σ t_j = x e^y y^(−x) γ(x, y),   H = Σ j t_j,   1/B = 1/B(n, a)  (Erlang B)
/// P(wait)     = G / (1/B − 1 + G)
/// P(abandon)  = P(wait) · (H/G) / y                      (= θ E[queue] / λ)
/// mean wait of all  E[W] = P(abandon) · patience
/// offered wait V of an arrival that finds j waiting: (j+1)-th of x + j exponentials,
///   u = e^(−t/patience),  P(V > t) = π_n · K(u),  K(u) = u^x e^(y(1−u)) G(x, y u)
/// answered within t   S(t) = 1 − P(wait) + P(wait) (x/y) [1 − 1/G − K(u)/G + u^x e^(y(1−u))/G]
/// abandoned within t  A(t) = P(wait) − [S(t) − (1 − P(wait))] − P(wait) · u · K(u)/G
/// ASA of answered     = P(wait) · patience · (Σ_j t_j x/(x+j+1) Σ_{i=1}^{j+1} 1/(x+i)) / G
///                        / (1 − P(abandon))
/// occupancy           = a (1 − P(abandon)) / n
/// ```
///
/// # Examples
///
/// ```
/// use callwright_erlang::{ErlangA, ServiceLevelDefinition};
/// let q = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
/// assert!(q.prob_abandon() > 0.0 && q.prob_abandon() < 0.05);
/// let sl = q.service_level(20.0, ServiceLevelDefinition::OfOffered)?;
/// assert!(sl > 0.88); // abandonment shortens the queue
/// // Always a steady state, even with fewer agents than Erlangs:
/// let over = ErlangA::new(8.0, 10.0, 180.0, 120.0)?;
/// assert!(over.prob_abandon() > 0.1);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    agents: f64,
    offered_load: f64,
    aht_s: f64,
    patience_s: f64,
    /// n · patience / AHT.
    x: f64,
    /// a · patience / AHT.
    y: f64,
    ln_g: f64,
    prob_wait: f64,
    prob_abandon: f64,
}

impl ErlangA {
    /// Validates the inputs and computes `P(wait)` and `P(abandon)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAgents`] (NaN, infinite, `<= 0`, above 10^8),
    /// [`Error::InvalidOfferedLoad`], [`Error::InvalidDuration`] for `aht_s` or `patience_s`
    /// (both must be finite and `> 0`), [`Error::PatienceOutOfRange`] when
    /// `agents · patience_s / aht_s` or `offered_load · patience_s / aht_s` exceeds 10^12.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_erlang::ErlangA;
    /// assert!(ErlangA::new(10.0, 10.0, 180.0, 60.0).is_ok()); // n = a is fine here
    /// assert!(ErlangA::new(10.0, 10.0, 180.0, 0.0).is_err());
    /// ```
    pub fn new(agents: f64, offered_load: f64, aht_s: f64, patience_s: f64) -> Result<Self> {
        let a = check_load(offered_load)?;
        let n = check_agents(agents, true)?;
        let aht_s = check_positive_duration("aht_s", aht_s)?;
        let patience_s = check_positive_duration("patience_s", patience_s)?;
        check_scaled(n, a, aht_s, patience_s)?;
        Ok(Self::from_parts(
            n,
            a,
            aht_s,
            patience_s,
            inv_erlang_b_auto(n, a),
        ))
    }

    /// Builds from validated parts and a known `1/B(n, a)` (staffing search path).
    pub(crate) fn from_parts(
        agents: f64,
        offered_load: f64,
        aht_s: f64,
        patience_s: f64,
        inv_b: f64,
    ) -> Self {
        let ratio = patience_s / aht_s;
        let x = agents * ratio;
        let y = offered_load * ratio;
        let mut q = Self {
            agents,
            offered_load,
            aht_s,
            patience_s,
            x,
            y,
            ln_g: 0.0,
            prob_wait: 0.0,
            prob_abandon: 0.0,
        };
        if offered_load <= 0.0 {
            return q;
        }
        let (ln_g, h_over_g) = queue_sums(x, y);
        // P(wait) = 1 / (1 + (1/B − 1)/G), in logs so neither 1/B nor G may overflow.
        let excess = inv_b - 1.0;
        let prob_wait = if excess == f64::INFINITY {
            0.0
        } else if excess <= 0.0 {
            1.0
        } else {
            1.0 / (1.0 + (excess.ln() - ln_g).exp())
        };
        q.ln_g = ln_g;
        q.prob_wait = prob_wait;
        q.prob_abandon = (prob_wait * h_over_g / y).clamp(0.0, prob_wait);
        q
    }

    /// Number of agents.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// assert_eq!(ErlangA::new(14.0, 10.0, 180.0, 120.0)?.agents(), 14.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn agents(&self) -> f64 {
        self.agents
    }

    /// Offered load in Erlangs.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// assert_eq!(ErlangA::new(14.0, 10.0, 180.0, 120.0)?.offered_load(), 10.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn offered_load(&self) -> f64 {
        self.offered_load
    }

    /// Average handle time in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// assert_eq!(ErlangA::new(14.0, 10.0, 180.0, 120.0)?.aht_s(), 180.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Mean patience in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// assert_eq!(ErlangA::new(14.0, 10.0, 180.0, 120.0)?.patience_s(), 120.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn patience_s(&self) -> f64 {
        self.patience_s
    }

    /// Probability that an arriving contact finds every agent busy and waits.
    ///
    /// # Formula
    ///
    /// ```text
    /// P(wait) = G / (1/B(n, a) − 1 + G)
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::{ErlangA, ErlangC};
    /// let a = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
    /// assert!(a.prob_wait() < ErlangC::new(14.0, 10.0, 180.0)?.prob_wait());
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    /// Probability that a contact abandons (hangs up before an answer).
    ///
    /// # Formula
    ///
    /// ```text
    /// P(abandon) = θ · E[queue length] / λ = P(wait) · (H / G) / y
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let p = ErlangA::new(14.0, 10.0, 180.0, 120.0)?.prob_abandon();
    /// assert!(p > 0.0 && p < 0.05);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn prob_abandon(&self) -> f64 {
        self.prob_abandon
    }

    /// Mean time in queue over all contacts (answered and abandoned), in seconds.
    ///
    /// # Formula
    ///
    /// ```text
    /// E[W] = P(abandon) · patience        (exponential patience: abandonment rate θ E[W])
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let q = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
    /// assert!((q.mean_wait_s() - q.prob_abandon() * 120.0).abs() < 1e-12);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn mean_wait_s(&self) -> f64 {
        self.prob_abandon * self.patience_s
    }

    /// Mean number of contacts waiting (Little's law on [`mean_wait_s`](Self::mean_wait_s)).
    ///
    /// # Formula
    ///
    /// ```text
    /// Lq = λ · E[W] = (a / AHT) · E[W]
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let q = ErlangA::new(8.0, 10.0, 180.0, 120.0)?;
    /// assert!(q.mean_queue_length() > 0.5);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        self.offered_load / self.aht_s * self.mean_wait_s()
    }

    /// Average speed of answer of the *answered* contacts, in seconds (the usual ACD "ASA":
    /// contacts answered at once count with wait 0, abandoned ones are left out).
    ///
    /// # Formula
    ///
    /// ```text
    /// ASA = P(wait) · patience · (Σ_j t_j · x/(x+j+1) · Σ_{i=1}^{j+1} 1/(x+i)) / G / (1 − P(abandon))
    /// ```
    ///
    /// (`x/(x+j+1)` is the chance that a contact finding `j` waiting is served, the harmonic sum
    /// times the patience its mean wait given that.) The sum costs `O(√y)` terms (plus
    /// `O(y − x)` when `y − x < 4096`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::{ErlangA, ErlangC};
    /// let a = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
    /// assert!(a.asa_s() < ErlangC::new(14.0, 10.0, 180.0)?.asa_s());
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn asa_s(&self) -> f64 {
        if self.prob_wait <= 0.0 {
            return 0.0;
        }
        let served = 1.0 - self.prob_abandon;
        if served <= 0.0 {
            return 0.0;
        }
        self.prob_wait * self.patience_s * answered_wait_ratio(self.x, self.y) / served
    }

    /// Occupancy: the fraction of agent time spent handling contacts (only answered contacts
    /// take agent time).
    ///
    /// # Formula
    ///
    /// ```text
    /// occupancy = a · (1 − P(abandon)) / n
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let q = ErlangA::new(8.0, 10.0, 180.0, 120.0)?;
    /// assert!(q.occupancy() < 1.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        (self.offered_load * (1.0 - self.prob_abandon) / self.agents).min(1.0)
    }

    /// Returns `(answered within t, abandoned within t, still waiting at t)` as fractions of
    /// offered contacts.
    fn split_at(&self, t: f64) -> (f64, f64) {
        if self.prob_wait <= 0.0 {
            return (1.0, 0.0);
        }
        let pw = self.prob_wait;
        let s = t / self.patience_s;
        let u = (-s).exp();
        // ln(u^x e^(y(1−u))) = −x s − y expm1(−s)
        let ln_e = -self.x * s - self.y * (-s).exp_m1();
        let (ln_g_u, _) = queue_sums(self.x, self.y * u);
        let k_over_g = (ln_g_u + ln_e - self.ln_g).exp();
        let e_over_g = (ln_e - self.ln_g).exp();
        let one_minus_inv_g = -(-self.ln_g).exp_m1();
        let bracket = one_minus_inv_g - k_over_g + e_over_g;
        let served_after_wait = (pw * (self.x / self.y) * bracket).clamp(0.0, pw);
        let answered = ((1.0 - pw) + served_after_wait).clamp(0.0, 1.0);
        let abandoned = (pw - served_after_wait - pw * u * k_over_g).clamp(0.0, 1.0);
        (answered, abandoned)
    }

    /// Fraction of offered contacts answered within `t_s` seconds (including those answered
    /// at once).
    ///
    /// # Formula
    ///
    /// ```text
    /// S(t) = 1 − P(wait) + P(wait) (x/y) [1 − 1/G − K(u)/G + u^x e^(y(1−u))/G],  u = e^(−t/patience)
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `t_s` is NaN, infinite or negative.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let q = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
    /// assert!((q.answered_within(0.0)? - (1.0 - q.prob_wait())).abs() < 1e-14);
    /// assert!((q.answered_within(1.0e6)? - (1.0 - q.prob_abandon())).abs() < 1e-12);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn answered_within(&self, t_s: f64) -> Result<f64> {
        let t = check_duration("t_s", t_s)?;
        Ok(self.split_at(t).0)
    }

    /// Fraction of offered contacts that abandon within `t_s` seconds of arriving.
    ///
    /// # Formula
    ///
    /// ```text
    /// A(t) = P(wait) − (S(t) − (1 − P(wait))) − P(wait) · u · K(u)/G
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `t_s` is NaN, infinite or negative.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangA;
    /// let q = ErlangA::new(14.0, 10.0, 180.0, 120.0)?;
    /// assert_eq!(q.abandoned_within(0.0)?, 0.0);
    /// assert!((q.abandoned_within(1.0e6)? - q.prob_abandon()).abs() < 1e-12);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn abandoned_within(&self, t_s: f64) -> Result<f64> {
        let t = check_duration("t_s", t_s)?;
        Ok(self.split_at(t).1)
    }

    /// Service level for answer time `answer_within_s` under the chosen definition (see
    /// [`ServiceLevelDefinition`] for the three formulas).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `answer_within_s` is NaN, infinite or negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_erlang::{ErlangA, ServiceLevelDefinition as D};
    /// let q = ErlangA::new(12.0, 10.0, 180.0, 60.0)?;
    /// let offered = q.service_level(20.0, D::OfOffered)?;
    /// let less_short = q.service_level(20.0, D::OfOfferedLessShortAbandons)?;
    /// let answered = q.service_level(20.0, D::OfAnswered)?;
    /// assert!(offered <= less_short && offered <= answered);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn service_level(
        &self,
        answer_within_s: f64,
        definition: ServiceLevelDefinition,
    ) -> Result<f64> {
        let t = check_duration("answer_within_s", answer_within_s)?;
        Ok(self.service_level_unchecked(t, definition))
    }

    pub(crate) fn service_level_unchecked(
        &self,
        t: f64,
        definition: ServiceLevelDefinition,
    ) -> f64 {
        let (answered, abandoned) = self.split_at(t);
        let sl = match definition {
            ServiceLevelDefinition::OfOffered => answered,
            ServiceLevelDefinition::OfOfferedLessShortAbandons => {
                let base = 1.0 - abandoned;
                if base > 0.0 { answered / base } else { 0.0 }
            }
            ServiceLevelDefinition::OfAnswered => {
                let base = 1.0 - self.prob_abandon;
                if base > 0.0 { answered / base } else { 0.0 }
            }
        };
        sl.clamp(0.0, 1.0)
    }
}

/// Rejects patience so long (relative to AHT) that the sums would take too long.
pub(crate) fn check_scaled(n: f64, a: f64, aht_s: f64, patience_s: f64) -> Result<()> {
    let ratio = patience_s / aht_s;
    let x = n * ratio;
    if x.is_nan() || x > MAX_SCALED_PATIENCE {
        return Err(Error::PatienceOutOfRange {
            field: "agents * patience_s / aht_s",
            value: x,
        });
    }
    let y = a * ratio;
    if y.is_nan() || y > MAX_SCALED_PATIENCE {
        return Err(Error::PatienceOutOfRange {
            field: "offered_load * patience_s / aht_s",
            value: y,
        });
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::ErlangC;

    /// Brute-force birth–death chain (states 0..N) for small cases.
    fn brute(n: usize, a: f64, aht: f64, patience: f64) -> (f64, f64) {
        let (lambda, mu, theta) = (a / aht, 1.0 / aht, 1.0 / patience);
        let mut p = vec![1.0_f64];
        for k in 1..4000 {
            let death = if k <= n {
                k as f64 * mu
            } else {
                n as f64 * mu + (k - n) as f64 * theta
            };
            let next = p[k - 1] * lambda / death;
            p.push(next);
        }
        let total: f64 = p.iter().sum();
        let wait: f64 = p[n..].iter().sum::<f64>() / total;
        let queue: f64 = p
            .iter()
            .enumerate()
            .skip(n)
            .map(|(k, v)| (k - n) as f64 * v)
            .sum::<f64>()
            / total;
        (wait, theta * queue / lambda)
    }

    #[test]
    fn matches_brute_force_chain() {
        for &(n, a, aht, pat) in &[
            (3_usize, 2.0, 100.0, 50.0),
            (14, 10.0, 180.0, 120.0),
            (8, 10.0, 180.0, 120.0),
            (20, 25.0, 300.0, 600.0),
        ] {
            let q = ErlangA::new(n as f64, a, aht, pat).unwrap();
            let (w, ab) = brute(n, a, aht, pat);
            assert!(
                (q.prob_wait() - w).abs() < 1e-12,
                "{n} {a}: {} vs {w}",
                q.prob_wait()
            );
            assert!(
                (q.prob_abandon() - ab).abs() < 1e-12,
                "{} vs {ab}",
                q.prob_abandon()
            );
        }
    }

    #[test]
    fn tends_to_erlang_c() {
        let c = ErlangC::new(14.0, 10.0, 180.0).unwrap();
        let a = ErlangA::new(14.0, 10.0, 180.0, 1.0e9).unwrap();
        assert!((a.prob_wait() - c.prob_wait()).abs() < 1e-6);
        assert!(a.prob_abandon() < 1e-7);
        assert!((a.asa_s() - c.asa_s()).abs() < 1e-4);
        for d in [
            ServiceLevelDefinition::OfOffered,
            ServiceLevelDefinition::OfOfferedLessShortAbandons,
            ServiceLevelDefinition::OfAnswered,
        ] {
            let sa = a.service_level(20.0, d).unwrap();
            assert!(
                (sa - c.service_level(20.0).unwrap()).abs() < 1e-6,
                "{d:?} {sa}"
            );
        }
    }

    #[test]
    fn n_equal_a_and_below_have_numbers() {
        let q = ErlangA::new(50_000.0, 50_000.0, 300.0, 120.0).unwrap();
        assert!(q.prob_wait().is_finite() && q.prob_wait() > 0.0 && q.prob_wait() < 1.0);
        let q = ErlangA::new(1.0, 500.0, 300.0, 60.0).unwrap();
        assert!(q.prob_wait() > 0.99 && q.prob_abandon() > 0.9);
        assert!(q.asa_s().is_finite());
        let q = ErlangA::new(10.0, 0.0, 300.0, 60.0).unwrap();
        assert_eq!(q.prob_wait(), 0.0);
        assert_eq!(
            q.service_level(0.0, ServiceLevelDefinition::OfOffered)
                .unwrap(),
            1.0
        );
    }
}
