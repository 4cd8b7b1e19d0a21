//! Erlang C (M/M/n): probability of waiting and the service measures built on it.

use crate::erlang_b::{inv_erlang_b_auto, inv_erlang_b_int};
use crate::error::{
    Error, Result, check_agents, check_duration, check_load, check_positive_duration,
};

/// `C(n, a)` from `r = 1/B(n, a)`, for `n > a`.
pub(crate) fn erlang_c_from_inv_b(n: f64, a: f64, r: f64) -> f64 {
    let b = 1.0 / r;
    (n * b / (n - a * (1.0 - b))).clamp(0.0, 1.0)
}

fn check_stable(n: f64, a: f64) -> Result<()> {
    if n > a {
        Ok(())
    } else {
        Err(Error::Unstable {
            offered_load: a,
            agents: n,
        })
    }
}

/// Erlang C probability of waiting `C(n, a)` for a whole number of agents (integer Erlang B
/// recursion, then the B→C relation).
///
/// # Formula
///
/// ```text
/// C(n, a) = n · B(n, a) / (n − a · (1 − B(n, a)))        for n > a
/// ```
///
/// # Errors
///
/// [`Error::Unstable`] when `agents <= offered_load` (no steady state);
/// [`Error::InvalidOfferedLoad`] / [`Error::InvalidAgents`] for bad inputs (including 0 agents).
///
/// # Examples
///
/// ```
/// use callwright_erlang::erlang_c;
/// let c = erlang_c(14, 10.0)?;
/// assert!((c - 0.1741).abs() < 1e-4);
/// assert!(erlang_c(10, 10.0).is_err()); // n = a: unstable
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn erlang_c(agents: u64, offered_load: f64) -> Result<f64> {
    let a = check_load(offered_load)?;
    let n = check_agents(agents as f64, true)?;
    check_stable(n, a)?;
    if a <= 0.0 {
        return Ok(0.0);
    }
    Ok(erlang_c_from_inv_b(n, a, inv_erlang_b_int(agents, a)))
}

/// Erlang C for a real (possibly fractional) number of agents, by the continuous Erlang B
/// extension (incomplete gamma) and the same B→C relation as [`erlang_c`]; whole numbers take
/// the integer path and equal [`erlang_c`] exactly.
///
/// # Formula
///
/// ```text
/// C(x, a) = x · B(x, a) / (x − a · (1 − B(x, a))),    B(x, a) = a^x e^(−a) / Γ(x + 1, a)
/// ```
///
/// # Errors
///
/// As [`erlang_c`].
///
/// # Examples
///
/// ```
/// use callwright_erlang::{erlang_c, erlang_c_continuous};
/// let c = erlang_c_continuous(13.5, 10.0)?;
/// assert!(erlang_c(14, 10.0)? < c && c < erlang_c(13, 10.0)?);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn erlang_c_continuous(agents: f64, offered_load: f64) -> Result<f64> {
    let a = check_load(offered_load)?;
    let x = check_agents(agents, true)?;
    check_stable(x, a)?;
    if a <= 0.0 {
        return Ok(0.0);
    }
    Ok(erlang_c_from_inv_b(x, a, inv_erlang_b_auto(x, a)))
}

/// An M/M/n queue (Erlang C): `agents` servers, offered load `offered_load` Erlangs, average
/// handle time `aht_s` seconds; callers never abandon.
///
/// Whole-number `agents` use the integer Erlang B recursion, fractional ones the continuous
/// (incomplete-gamma) extension.
///
/// # Formula
///
/// ```text
/// C      = P(wait) = n B / (n − a (1 − B))
/// SL(t)  = 1 − C · exp(−(n − a) t / AHT)
/// ASA    = C · AHT / (n − a)
/// Lq     = C · a / (n − a)
/// occupancy = a / n
/// ```
///
/// # Examples
///
/// ```
/// use callwright_erlang::ErlangC;
/// // 100 calls per 30 min, AHT 180 s → a = 10 Erl; 14 agents.
/// let q = ErlangC::new(14.0, 10.0, 180.0)?;
/// assert!((q.prob_wait() - 0.174).abs() < 1e-3);
/// assert!((q.service_level(20.0)? - 0.888).abs() < 1e-3);
/// assert!((q.asa_s() - 7.84).abs() < 1e-2);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    agents: f64,
    offered_load: f64,
    aht_s: f64,
    prob_wait: f64,
}

impl ErlangC {
    /// Validates the inputs and computes `P(wait)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAgents`] (NaN, infinite, `<= 0` or above 10^8),
    /// [`Error::InvalidOfferedLoad`], [`Error::InvalidDuration`] for `aht_s` (must be `> 0`),
    /// [`Error::Unstable`] when `agents <= offered_load`.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_erlang::{ErlangC, Error};
    /// assert!(matches!(ErlangC::new(10.0, 10.0, 180.0), Err(Error::Unstable { .. })));
    /// ```
    pub fn new(agents: f64, offered_load: f64, aht_s: f64) -> Result<Self> {
        let a = check_load(offered_load)?;
        let n = check_agents(agents, true)?;
        let aht_s = check_positive_duration("aht_s", aht_s)?;
        check_stable(n, a)?;
        let r = inv_erlang_b_auto(n, a);
        Ok(Self::from_parts(n, a, aht_s, r))
    }

    /// Builds from validated parts and a known `1/B` (staffing search path).
    pub(crate) fn from_parts(agents: f64, offered_load: f64, aht_s: f64, inv_b: f64) -> Self {
        let prob_wait = if offered_load > 0.0 {
            erlang_c_from_inv_b(agents, offered_load, inv_b)
        } else {
            0.0
        };
        Self {
            agents,
            offered_load,
            aht_s,
            prob_wait,
        }
    }

    /// Number of agents.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// assert_eq!(ErlangC::new(14.0, 10.0, 180.0)?.agents(), 14.0);
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
    /// # use callwright_erlang::ErlangC;
    /// assert_eq!(ErlangC::new(14.0, 10.0, 180.0)?.offered_load(), 10.0);
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
    /// # use callwright_erlang::ErlangC;
    /// assert_eq!(ErlangC::new(14.0, 10.0, 180.0)?.aht_s(), 180.0);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Probability that an arriving contact waits, `C(n, a)`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let p = ErlangC::new(14.0, 10.0, 180.0)?.prob_wait();
    /// assert!((p - 0.1741).abs() < 1e-4);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    /// Probability that a contact waits longer than `t_s` seconds.
    ///
    /// # Formula
    ///
    /// ```text
    /// P(W > t) = C · exp(−(n − a) t / AHT)
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `t_s` is NaN, infinite or negative.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let q = ErlangC::new(14.0, 10.0, 180.0)?;
    /// assert_eq!(q.prob_wait_longer_than(0.0)?, q.prob_wait());
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn prob_wait_longer_than(&self, t_s: f64) -> Result<f64> {
        let t = check_duration("t_s", t_s)?;
        Ok(self.tail(t))
    }

    pub(crate) fn tail(&self, t: f64) -> f64 {
        if self.prob_wait <= 0.0 {
            return 0.0;
        }
        self.prob_wait * (-(self.agents - self.offered_load) * t / self.aht_s).exp()
    }

    /// Service level: the fraction of contacts answered within `answer_within_s` seconds (with
    /// no abandonment all three service-level definitions coincide).
    ///
    /// # Formula
    ///
    /// ```text
    /// SL(t) = 1 − C · exp(−(n − a) t / AHT)
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] when `answer_within_s` is NaN, infinite or negative.
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let sl = ErlangC::new(14.0, 10.0, 180.0)?.service_level(20.0)?;
    /// assert!((sl - 0.888).abs() < 1e-3);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn service_level(&self, answer_within_s: f64) -> Result<f64> {
        let t = check_duration("answer_within_s", answer_within_s)?;
        Ok(1.0 - self.tail(t))
    }

    /// Average speed of answer in seconds (mean wait over all contacts, including those
    /// answered at once).
    ///
    /// # Formula
    ///
    /// ```text
    /// ASA = C · AHT / (n − a)
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let asa = ErlangC::new(14.0, 10.0, 180.0)?.asa_s();
    /// assert!((asa - 7.835).abs() < 1e-2);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn asa_s(&self) -> f64 {
        self.prob_wait * self.aht_s / (self.agents - self.offered_load)
    }

    /// Mean number of contacts waiting in the queue.
    ///
    /// # Formula
    ///
    /// ```text
    /// Lq = C · a / (n − a)
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let q = ErlangC::new(14.0, 10.0, 180.0)?;
    /// // Little's law: Lq = λ · ASA with λ = a / AHT.
    /// assert!((q.mean_queue_length() - 10.0 / 180.0 * q.asa_s()).abs() < 1e-12);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn mean_queue_length(&self) -> f64 {
        self.prob_wait * self.offered_load / (self.agents - self.offered_load)
    }

    /// Agent occupancy: the fraction of agent time spent handling contacts.
    ///
    /// # Formula
    ///
    /// ```text
    /// occupancy = a / n
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// assert!((ErlangC::new(14.0, 10.0, 180.0)?.occupancy() - 10.0 / 14.0).abs() < 1e-15);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn occupancy(&self) -> f64 {
        self.offered_load / self.agents
    }

    /// The `p`-quantile of the waiting time over all contacts, in seconds: the smallest `t` with
    /// `P(W <= t) >= p`. It is 0 when `p <= 1 − C` (that many are answered at once).
    ///
    /// # Formula
    ///
    /// ```text
    /// t_p = max(0, AHT / (n − a) · ln(C / (1 − p)))
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidProbability`] unless `0 <= p < 1` (the 100 % quantile is infinite).
    ///
    /// # Examples
    ///
    /// ```
    /// # use callwright_erlang::ErlangC;
    /// let q = ErlangC::new(14.0, 10.0, 180.0)?;
    /// assert_eq!(q.wait_percentile_s(0.5)?, 0.0);
    /// let t95 = q.wait_percentile_s(0.95)?;
    /// assert!((q.service_level(t95)? - 0.95).abs() < 1e-12);
    /// # Ok::<(), callwright_erlang::Error>(())
    /// ```
    pub fn wait_percentile_s(&self, p: f64) -> Result<f64> {
        if !(0.0..1.0).contains(&p) {
            return Err(Error::InvalidProbability {
                field: "p",
                value: p,
                range: "[0, 1)",
            });
        }
        if self.prob_wait <= 1.0 - p {
            return Ok(0.0);
        }
        let rate = (self.agents - self.offered_load) / self.aht_s;
        Ok(((self.prob_wait / (1.0 - p)).ln() / rate).max(0.0))
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::erlang_b::erlang_b;

    #[test]
    fn published_example() {
        let q = ErlangC::new(14.0, 10.0, 180.0).unwrap();
        assert!((q.prob_wait() - 0.174).abs() < 5e-4);
        assert!((q.service_level(20.0).unwrap() - 0.888).abs() < 5e-4);
        assert!((q.asa_s() - 7.84).abs() < 5e-3);
        let q13 = ErlangC::new(13.0, 10.0, 180.0).unwrap();
        assert!(q13.service_level(20.0).unwrap() < 0.8);
    }

    #[test]
    fn relation_to_b() {
        for (n, a) in [(5_u64, 4.5), (14, 10.0), (120, 100.0)] {
            let b = erlang_b(n, a).unwrap();
            let nf = n as f64;
            let c = erlang_c(n, a).unwrap();
            assert!((c - nf * b / (nf - a * (1.0 - b))).abs() < 1e-15);
        }
    }

    #[test]
    fn unstable_and_stress() {
        assert!(matches!(erlang_c(10, 10.0), Err(Error::Unstable { .. })));
        assert!(matches!(
            ErlangC::new(9.5, 10.0, 1.0),
            Err(Error::Unstable { .. })
        ));
        let c = erlang_c(1, 0.001).unwrap();
        assert!((c - 0.001).abs() < 1e-12);
        let c = erlang_c(60_000, 50_000.0).unwrap();
        assert!((0.0..1e-300).contains(&c));
        let c = erlang_c(50_001, 50_000.0).unwrap();
        assert!(c > 0.9 && c < 1.0);
        let q = ErlangC::new(14.0, 10.0, 180.0).unwrap();
        assert!((q.service_level(0.0).unwrap() - (1.0 - q.prob_wait())).abs() < 1e-15);
    }

    #[test]
    fn bad_inputs() {
        assert!(ErlangC::new(f64::NAN, 1.0, 1.0).is_err());
        assert!(ErlangC::new(2.0, 1.0, 0.0).is_err());
        assert!(ErlangC::new(2.0, 1.0, f64::INFINITY).is_err());
        let q = ErlangC::new(2.0, 1.0, 1.0).unwrap();
        assert!(q.service_level(-1.0).is_err());
        assert!(q.service_level(f64::NAN).is_err());
        assert!(q.wait_percentile_s(1.0).is_err());
    }
}
