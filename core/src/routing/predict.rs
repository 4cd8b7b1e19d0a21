//! Expected-wait prediction and callback offers.
//!
//! # Predictors
//!
//! For a contact that is `k`-th in line (`k − 1` waiting contacts entered its queue before
//! it; a new arrival is `waiting + 1`-th), with `s` agents working the queue logged in, mean
//! handle time `1/μ` and mean patience `1/θ`:
//!
//! | [`Predictor`] | predicted wait | basis |
//! |---|---|---|
//! | `queue_length` | `k / (s μ)` | M/M/s: the line moves one place per service completion |
//! | `queue_length_abandon` | `Σ_{j=0}^{k−1} 1 / (s μ + j θ)` | M/M/s+M: those ahead also abandon |
//! | `head_of_line` | the wait so far of the contact at the head of the line | delay history |
//! | `last_to_enter` | the wait of the last contact taken from the line | delay history |
//! | `line_speed` | `k ×` the mean time between departures from the line | observed, per queue |
//!
//! Ibrahim & Whitt (2009) show the queue-length predictors are the most accurate when their
//! model holds (and `queue_length_abandon` when callers abandon), and the delay-history ones
//! are robust when it does not. `line_speed` is the per-contact-type predictor for
//! multi-skill centres, where only some agents serve a type and `s μ` is unknown: it measures
//! how fast this queue's line actually moves (an exponentially weighted mean of the gaps
//! between departures — served, abandoned or moved — counted only while the line is
//! non-empty).
//!
//! `μ` and `θ` come from the queue's [`PredictionConfig`] when given, else are learned as the
//! router runs: `1/μ` as the mean handle time (service plus after-contact work) of completed
//! contacts of the queue, `θ` as abandonments divided by the total time contacts waited in the
//! line (the maximum-likelihood estimate for exponential patience). Delay-history predictors
//! for a contact already waiting predict its remaining wait as the history value minus what it
//! has already waited (at least 0).
//!
//! A contact that an available eligible agent would take now is predicted a wait of 0.
//!
//! # Bands
//!
//! The band is the central `band` share (default 80%) of a gamma distribution with the
//! prediction's mean and variance — exact in shape for `queue_length` (the wait of the `k`-th
//! in line is Erlang), a two-moment fit for `queue_length_abandon`; the others take the
//! `queue_length` coefficient of variation `1/√k`. Quantiles use the Wilson–Hilferty
//! approximation (within about 1% of the exact gamma quantiles for shape ≥ 1).
//!
//! # Callbacks
//!
//! A queue with a [`CallbackConfig`] offers a callback to a contact that has to wait when its
//! predicted wait exceeds `offer_above_s` ([`Decision::CallbackOffered`]). If the caller
//! accepts ([`Router::accept_callback`]), the contact keeps its place in line (in the
//! callback queue, if one is set) or is re-queued at a set time; an accepted callback no
//! longer counts towards the learned patience and ignores the queue's `max_wait_s`.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use super::line::Line;
use super::router::{CStatus, Router, index_u32};
use crate::error::{Error, Result};
use crate::model::{ContactId, QueueId, check_time};
use crate::routing::{Decision, OverflowReason, RouterConfig};

/// A way of predicting a contact's wait (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predictor {
    /// `k / (s μ)`: M/M/s.
    QueueLength,
    /// `Σ 1 / (s μ + j θ)`: M/M/s+M.
    QueueLengthAbandon,
    /// The wait so far of the contact at the head of the line.
    HeadOfLine,
    /// The wait of the last contact taken from the line.
    LastToEnter,
    /// `k ×` the observed mean gap between departures from the line.
    LineSpeed,
}

impl Predictor {
    /// Every predictor, in declaration order.
    pub const ALL: [Self; 5] = [
        Self::QueueLength,
        Self::QueueLengthAbandon,
        Self::HeadOfLine,
        Self::LastToEnter,
        Self::LineSpeed,
    ];

    /// The snake-case name used in configuration files and reports.
    ///
    /// ```
    /// use callwright_core::routing::Predictor;
    /// assert_eq!(Predictor::HeadOfLine.name(), "head_of_line");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::QueueLength => "queue_length",
            Self::QueueLengthAbandon => "queue_length_abandon",
            Self::HeadOfLine => "head_of_line",
            Self::LastToEnter => "last_to_enter",
            Self::LineSpeed => "line_speed",
        }
    }
}

/// A predicted wait with its band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WaitPrediction {
    /// Expected wait from now, seconds.
    pub mean_s: f64,
    /// Lower end of the band, seconds.
    pub low_s: f64,
    /// Upper end of the band, seconds.
    pub high_s: f64,
    /// Contacts ahead in line (those that entered the queue earlier and still wait).
    pub ahead: u32,
}

impl WaitPrediction {
    const NOW: Self = Self {
        mean_s: 0.0,
        low_s: 0.0,
        high_s: 0.0,
        ahead: 0,
    };
}

/// What a queue's predictors assume (each learned from the running router when omitted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PredictionConfig {
    /// Mean handle time (service plus after-contact work), seconds (> 0).
    pub service_s: Option<f64>,
    /// Mean patience, seconds (> 0).
    pub patience_s: Option<f64>,
    /// Share of the wait distribution inside the band, in (0, 1).
    pub band: f64,
}

impl Default for PredictionConfig {
    fn default() -> Self {
        Self {
            service_s: None,
            patience_s: None,
            band: 0.8,
        }
    }
}

/// A queue's callback (virtual hold) offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackConfig {
    /// Offer a callback when the predicted wait of a contact that has to wait exceeds this,
    /// seconds (>= 0).
    pub offer_above_s: f64,
    /// The predictor that decides.
    #[serde(default = "default_callback_predictor")]
    pub predictor: Predictor,
    /// The queue accepted callbacks wait in (keeping their arrival time, so their place in
    /// line); default this queue.
    #[serde(default)]
    pub queue: Option<String>,
}

fn default_callback_predictor() -> Predictor {
    Predictor::QueueLengthAbandon
}

/// How an accepted callback waits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CallbackMode {
    /// The contact keeps its place in line while the customer hangs up; an agent calls back
    /// when it reaches the head.
    KeepPlace,
    /// The contact leaves the line now and re-enters it at `at_s` (router seconds) as a new
    /// entry, its arrival time reset to `at_s`.
    At(f64),
}

/// Per-queue prediction state.
#[derive(Debug, Clone)]
pub(crate) struct QueueLine {
    pub(crate) line: Line,
    service_s: Option<f64>,
    patience_s: Option<f64>,
    /// Standard normal quantile of the band's upper end.
    z: f64,
    pub(crate) callback: Option<CallbackRt>,
    /// Agents working the queue whose presence is available.
    pub(crate) staffed: u32,
    served: u64,
    handle_s: f64,
    abandoned: u64,
    waited_s: f64,
    last_wait_s: Option<f64>,
    gap_s: f64,
    gaps: u64,
    last_departure: f64,
    nonempty_since: f64,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct CallbackRt {
    offer_above_s: f64,
    predictor: Predictor,
    pub(crate) queue: u32,
}

/// Weight of the newest gap in the line-speed mean (about the last 20 departures).
const GAP_WEIGHT: f64 = 0.05;

/// Builds every queue's prediction state from the configuration.
pub(crate) fn build_lines(config: &RouterConfig) -> Result<Vec<QueueLine>> {
    let queue = |name: &str| -> Result<u32> {
        config
            .queues
            .iter()
            .position(|q| q.id == name)
            .map(index_u32)
            .ok_or_else(|| Error::UnknownQueue {
                id: name.to_owned(),
            })
    };
    let positive = |field: String, v: Option<f64>| -> Result<Option<f64>> {
        match v {
            Some(x) if !(x.is_finite() && x > 0.0) => Err(Error::InvalidValue {
                field,
                value: x.to_string(),
                reason: "finite and positive",
            }),
            _ => Ok(v),
        }
    };
    config
        .queues
        .iter()
        .enumerate()
        .map(|(qi, qc)| {
            let p = &qc.prediction;
            let service_s = positive(format!("queues[{qi}].prediction.service_s"), p.service_s)?;
            let patience_s = positive(format!("queues[{qi}].prediction.patience_s"), p.patience_s)?;
            if !(p.band > 0.0 && p.band < 1.0) {
                return Err(Error::InvalidValue {
                    field: format!("queues[{qi}].prediction.band"),
                    value: p.band.to_string(),
                    reason: "strictly between 0 and 1",
                });
            }
            let z = Normal::standard().inverse_cdf(0.5 + p.band / 2.0);
            let callback = match &qc.callback {
                None => None,
                Some(cb) => {
                    check_time("offer_above_s", cb.offer_above_s).map_err(|_| {
                        Error::InvalidValue {
                            field: format!("queues[{qi}].callback.offer_above_s"),
                            value: cb.offer_above_s.to_string(),
                            reason: "finite and non-negative",
                        }
                    })?;
                    let target = match &cb.queue {
                        Some(name) => queue(name)?,
                        None => index_u32(qi),
                    };
                    Some(CallbackRt {
                        offer_above_s: cb.offer_above_s,
                        predictor: cb.predictor,
                        queue: target,
                    })
                }
            };
            Ok(QueueLine {
                line: Line::with_capacity(64),
                service_s,
                patience_s,
                z,
                callback,
                staffed: 0,
                served: 0,
                handle_s: 0.0,
                abandoned: 0,
                waited_s: 0.0,
                last_wait_s: None,
                gap_s: 0.0,
                gaps: 0,
                last_departure: 0.0,
                nonempty_since: 0.0,
            })
        })
        .collect()
}

impl QueueLine {
    /// A contact that arrived at `arrival` enters the line at `now`; returns its ordinal.
    #[inline]
    pub(crate) fn enter(&mut self, arrival: f64, now: f64) -> u64 {
        if self.line.len() == 0 {
            self.nonempty_since = now;
        }
        self.line.push(arrival)
    }

    /// A contact leaves the line at `now` after waiting `waited` in it; `on_line` says whether
    /// the customer was on the line (not an accepted callback) for the patience estimate.
    #[inline]
    pub(crate) fn leave(&mut self, ordinal: u64, now: f64, waited: f64, on_line: bool) {
        self.line.remove(ordinal);
        if on_line {
            self.waited_s += waited;
        }
        let gap = now - self.last_departure.max(self.nonempty_since);
        self.gap_s = if self.gaps == 0 {
            gap
        } else {
            self.gap_s + GAP_WEIGHT * (gap - self.gap_s)
        };
        self.gaps += 1;
        self.last_departure = now;
    }

    /// A contact taken from the line had waited `wait_s` since it arrived.
    #[inline]
    pub(crate) fn served_after(&mut self, wait_s: f64) {
        self.last_wait_s = Some(wait_s);
    }

    /// A contact of the queue completed after `handle_s` (service plus after-contact work).
    #[inline]
    pub(crate) fn completed(&mut self, handle_s: f64) {
        self.served += 1;
        self.handle_s += handle_s;
    }

    /// A waiting customer hung up.
    #[inline]
    pub(crate) fn abandoned(&mut self) {
        self.abandoned += 1;
    }

    /// Counts time an accepted callback had waited on the line before accepting.
    pub(crate) fn add_waited(&mut self, waited: f64) {
        self.waited_s += waited;
    }

    fn service_rate(&self) -> Option<f64> {
        let mean = self
            .service_s
            .or_else(|| (self.served > 0).then(|| self.handle_s / self.served as f64))?;
        (mean > 0.0).then(|| f64::from(self.staffed) / mean)
    }

    fn abandon_rate(&self) -> f64 {
        match self.patience_s {
            Some(p) => 1.0 / p,
            None if self.waited_s > 0.0 => self.abandoned as f64 / self.waited_s,
            None => 0.0,
        }
    }

    /// The prediction for the `k`-th in line (`k >= 1`) who has waited `elapsed` since it
    /// arrived, at `now`; `None` when the predictor has nothing to go on yet.
    pub(crate) fn estimate(
        &self,
        predictor: Predictor,
        k: u32,
        elapsed: f64,
        now: f64,
    ) -> Option<WaitPrediction> {
        let kf = f64::from(k);
        let (mean, var) = match predictor {
            Predictor::QueueLength => {
                let r = self.service_rate().filter(|&r| r > 0.0)?;
                (kf / r, kf / (r * r))
            }
            Predictor::QueueLengthAbandon => {
                let r = self.service_rate().filter(|&r| r > 0.0)?;
                let theta = self.abandon_rate();
                if theta > 0.0 {
                    let (sum, squares) = harmonic_sums(r / theta, k);
                    (sum / theta, squares / (theta * theta))
                } else {
                    (kf / r, kf / (r * r))
                }
            }
            Predictor::HeadOfLine => {
                let head = self.line.head_arrival()?;
                let m = (now - head - elapsed).max(0.0);
                (m, m * m / kf)
            }
            Predictor::LastToEnter => {
                let m = (self.last_wait_s? - elapsed).max(0.0);
                (m, m * m / kf)
            }
            Predictor::LineSpeed => {
                if self.gaps == 0 {
                    return None;
                }
                (kf * self.gap_s, kf * self.gap_s * self.gap_s)
            }
        };
        let (low_s, high_s) = gamma_band(mean, var, self.z);
        Some(WaitPrediction {
            mean_s: mean,
            low_s,
            high_s,
            ahead: k - 1,
        })
    }
}

/// `(Σ_{j=0}^{k−1} 1/(x + j), Σ_{j=0}^{k−1} 1/(x + j)²)` for `x > 0`: term by term for short
/// sums (and while `x + j < 20`), the rest as the differences `ψ(x + k) − ψ(x)` and
/// `ψ₁(x) − ψ₁(x + k)` of the digamma and trigamma asymptotic series (with `ln(1 + k/x)`
/// computed without cancellation), so the cost does not grow with `k`.
fn harmonic_sums(x: f64, k: u32) -> (f64, f64) {
    let (mut x, mut k, mut sum, mut squares) = (x, k, 0.0, 0.0);
    while k > 0 && (k <= 32 || x < 20.0) {
        sum += 1.0 / x;
        squares += 1.0 / (x * x);
        x += 1.0;
        k -= 1;
    }
    if k == 0 {
        return (sum, squares);
    }
    let kf = f64::from(k);
    let y = x + kf;
    // ψ(t) ≈ ln t − 1/(2t) − 1/(12t²) + 1/(120t⁴) − 1/(252t⁶) + 1/(240t⁸) for t >= 20.
    let digamma_tail = |t: f64| {
        let t2 = 1.0 / (t * t);
        -0.5 / t - t2 * (1.0 / 12.0 - t2 * (1.0 / 120.0 - t2 * (1.0 / 252.0 - t2 / 240.0)))
    };
    // ψ₁(t) ≈ 1/t + 1/(2t²) + 1/(6t³) − 1/(30t⁵) + 1/(42t⁷) − 1/(30t⁹) for t >= 20.
    let trigamma_tail = |t: f64| {
        let i = 1.0 / t;
        let i2 = i * i;
        i2 * (0.5 + i * (1.0 / 6.0 - i2 * (1.0 / 30.0 - i2 * (1.0 / 42.0 - i2 / 30.0))))
    };
    (
        sum + (kf / x).ln_1p() + digamma_tail(y) - digamma_tail(x),
        squares + kf / (x * y) + trigamma_tail(x) - trigamma_tail(y),
    )
}

/// The central band of a gamma distribution with this mean and variance (Wilson–Hilferty),
/// `z` the standard normal quantile of its upper end.
fn gamma_band(mean: f64, var: f64, z: f64) -> (f64, f64) {
    if mean <= 0.0 || var <= 0.0 {
        return (mean, mean);
    }
    let shape = mean * mean / var;
    let scale = var / mean;
    let c = 1.0 / (9.0 * shape);
    let q = |z: f64| (shape * scale * (1.0 - c + z * c.sqrt()).max(0.0).powi(3)).max(0.0);
    (q(-z), q(z))
}

impl Router {
    /// The predicted wait of a new contact of `queue` arriving at `now`, by `predictor`;
    /// `None` while the predictor has nothing to go on (no handle time known yet, nobody in
    /// line for `head_of_line`, nobody taken from the line yet for `last_to_enter`, no
    /// departures yet for `line_speed`).
    ///
    /// Costs O(number of the queue's delay tiers + log of the line); allocates nothing and
    /// scans no waiting contacts. Timers due before `now` are not fired (call
    /// [`Router::advance`] first for that); the router's decisions do not change.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownQueue`].
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_core::model::{ContactId, ContactSpec};
    /// use callwright_core::routing::{Predictor, Router};
    ///
    /// let mut router = Router::from_toml(r#"
    ///     profiles = [{ id = "p", queues = [{ queue = "sales" }] }]
    ///     [[queues]]
    ///     id = "sales"
    ///     prediction = { service_s = 120 }
    ///     [[agents]]
    ///     id = "ann"
    ///     profile = "p"
    /// "#)?;
    /// let sales = router.queue_id("sales")?;
    /// router.arrive(ContactSpec::new(ContactId(1), sales), 0.0)?; // Ann takes it
    /// router.arrive(ContactSpec::new(ContactId(2), sales), 1.0)?; // waits
    /// // A third contact would be second in line behind one agent: 2 × 120 s.
    /// let p = router.predict_wait(sales, Predictor::QueueLength, 2.0)?.unwrap();
    /// assert_eq!((p.ahead, p.mean_s), (1, 240.0));
    /// assert!(p.low_s < 240.0 && p.high_s > 240.0);
    /// # Ok::<(), callwright_core::Error>(())
    /// ```
    pub fn predict_wait(
        &mut self,
        queue: QueueId,
        predictor: Predictor,
        now: f64,
    ) -> Result<Option<WaitPrediction>> {
        self.check_now(now)?;
        let qi = self.queue_index(queue)?;
        if self.can_take_now(qi, now) {
            return Ok(Some(WaitPrediction::NOW));
        }
        let lines = &self.lines[qi as usize];
        Ok(lines.estimate(predictor, lines.line.len() + 1, 0.0, now))
    }

    /// The predicted remaining wait of a waiting contact at `now`, by `predictor` (`None` as
    /// for [`Router::predict_wait`]); its place is counted among the contacts that entered
    /// its current queue before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`], [`Error::UnknownContact`],
    /// [`Error::ContactNotWaiting`].
    pub fn predict_contact_wait(
        &self,
        contact: ContactId,
        predictor: Predictor,
        now: f64,
    ) -> Result<Option<WaitPrediction>> {
        self.check_now(now)?;
        let ci = self.contact_index(contact)?;
        let c = &self.contacts[ci as usize];
        if c.status != CStatus::Waiting {
            return Err(Error::ContactNotWaiting { id: contact.0 });
        }
        let lines = &self.lines[c.queue as usize];
        let k = lines.line.ahead(c.line_ord) + 1;
        Ok(lines.estimate(predictor, k, now - c.arrival, now))
    }

    /// The caller accepted the callback offered to a waiting contact, at `now`.
    ///
    /// With [`CallbackMode::KeepPlace`] the contact stays in line (moving to the queue's
    /// callback queue, if one is set, keeping its arrival time — a [`Decision::Moved`] with
    /// reason [`OverflowReason::CallbackAccepted`], possibly followed by an assignment); with
    /// [`CallbackMode::At`] it leaves the line and re-enters the callback queue at that time
    /// (see [`Router::next_timer`]). Either way it is no longer subject to `max_wait_s`, and
    /// the caller should stop its abandonment clock. A contact may accept a callback without
    /// having been offered one.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTime`] (`now` or the callback time, which must not be before `now`),
    /// [`Error::TimeWentBackwards`], [`Error::UnknownContact`], [`Error::ContactNotWaiting`],
    /// [`Error::CallbackAlreadyAccepted`].
    pub fn accept_callback(
        &mut self,
        contact: ContactId,
        now: f64,
        mode: CallbackMode,
    ) -> Result<&[Decision]> {
        self.check_now(now)?;
        let ci = self.contact_index(contact)?;
        if let CallbackMode::At(at) = mode {
            check_time("callback at_s", at)?;
            if at < now {
                return Err(Error::InvalidTime {
                    field: "callback at_s (before now)",
                    value: at,
                });
            }
        }
        let c = self.contacts[ci as usize];
        if c.status != CStatus::Waiting {
            return Err(Error::ContactNotWaiting { id: contact.0 });
        }
        if c.callback {
            return Err(Error::CallbackAlreadyAccepted { id: contact.0 });
        }
        self.decisions.clear();
        self.run_timers(now);
        let c = self.contacts[ci as usize];
        if c.status == CStatus::Waiting && c.id == contact.0 {
            let from = c.queue;
            let target = self.lines[from as usize]
                .callback
                .map_or(from, |cb| cb.queue);
            self.lines[from as usize].add_waited(now - c.entry);
            self.contacts[ci as usize].callback = true;
            match mode {
                CallbackMode::KeepPlace if target == from => {
                    // Its maximum-wait timer no longer applies.
                    self.schedule_contact(ci);
                }
                CallbackMode::KeepPlace => {
                    self.unqueue(ci, now);
                    self.decisions.push(Decision::Moved {
                        contact,
                        from: QueueId(from),
                        to: QueueId(target),
                        reason: OverflowReason::CallbackAccepted,
                        at_s: now,
                    });
                    self.contacts[ci as usize].queue = target;
                    self.place(ci, now);
                }
                CallbackMode::At(at) => {
                    self.unqueue(ci, now);
                    self.contacts[ci as usize].queue = target;
                    self.hold_until(ci, at);
                }
            }
        }
        self.finish(now);
        Ok(&self.decisions)
    }

    /// Whether an available eligible agent would take a new contact of queue `qi` at `now`.
    fn can_take_now(&mut self, qi: u32, now: f64) -> bool {
        let q = &self.queues[qi as usize];
        let first = q.slot(0, 0);
        let open = usize::from(q.tiers_at(now, now));
        (first..first + open).any(|s| self.slot_has_agent(s))
    }

    /// The prediction a contact about to wait in `qi` gets for the callback offer, if the
    /// queue offers callbacks and the prediction exceeds the threshold.
    pub(crate) fn callback_offer(&self, qi: u32, now: f64) -> Option<f64> {
        let lines = &self.lines[qi as usize];
        let cb = lines.callback?;
        let p = lines.estimate(cb.predictor, lines.line.len() + 1, 0.0, now)?;
        (p.mean_s > cb.offer_above_s).then_some(p.mean_s)
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact values")]
mod tests {
    use super::*;

    fn direct(x: f64, k: u32, power: i32) -> f64 {
        (0..k).map(|j| (x + f64::from(j)).powi(-power)).sum()
    }

    #[test]
    fn harmonic_sums_match_direct_sums() {
        for &x in &[1e-3, 0.5, 3.0, 9.9, 19.99, 20.0, 47.5, 1e3, 1e6, 1e9] {
            for &k in &[1u32, 2, 31, 32, 33, 100, 1_000, 50_000] {
                let (sum, squares) = harmonic_sums(x, k);
                for (h, d) in [(sum, direct(x, k, 1)), (squares, direct(x, k, 2))] {
                    assert!((h - d).abs() <= 1e-12 * d, "x {x} k {k}: {h} vs {d}");
                }
            }
        }
    }

    #[test]
    fn gamma_band_is_close_to_exact_erlang_quantiles() {
        use statrs::distribution::Gamma;
        let z = Normal::standard().inverse_cdf(0.9);
        for k in [1.0, 2.0, 5.0, 40.0] {
            let rate = 0.5;
            let (lo, hi) = gamma_band(k / rate, k / (rate * rate), z);
            let g = Gamma::new(k, rate).unwrap();
            let (elo, ehi) = (g.inverse_cdf(0.1), g.inverse_cdf(0.9));
            assert!((hi - ehi).abs() < 0.015 * ehi, "k {k}: {hi} vs {ehi}");
            assert!((lo - elo).abs() < 0.05 * elo + 0.02, "k {k}: {lo} vs {elo}");
        }
        assert_eq!(gamma_band(0.0, 0.0, z), (0.0, 0.0));
    }
}
