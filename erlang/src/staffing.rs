//! Staffing: the smallest number of agents meeting every target, shrinkage, and the inverse
//! questions (the load `n` agents carry, the service `n` agents give).

use serde::{Deserialize, Serialize};
use statrs::function::erf::erfc;

use crate::erlang_a::{ErlangA, check_scaled};
use crate::erlang_b::{InvErlangB, inv_erlang_b_auto, inv_erlang_b_int};
use crate::erlang_c::ErlangC;
use crate::error::{
    Error, MAX_AGENTS, MAX_SCALED_PATIENCE, Result, TargetKind, check_agents, check_duration,
    check_load, check_positive_duration,
};
use crate::targets::{Model, ServiceLevelDefinition, Targets};

/// How many `1/B` values below the starting guess the Erlang C search keeps for stepping down.
const RING: usize = 64;
/// Above this many agents the Erlang A search recomputes `1/B` instead of tabulating it.
const TABLE_LIMIT: u64 = 1 << 22;

/// Halfin–Whitt probability of waiting at `n = a + β √a`.
///
/// ```text
/// α(β) = 1 / (1 + β Φ(β) / φ(β))
/// ```
fn halfin_whitt_alpha(beta: f64) -> f64 {
    let cdf = 0.5 * erfc(-beta / std::f64::consts::SQRT_2);
    let ratio = cdf * (2.0 * std::f64::consts::PI).sqrt() * (0.5 * beta * beta).exp();
    1.0 / (1.0 + beta * ratio)
}

/// First target not met, or `None`.
fn unmet_c(q: &ErlangC, targets: &Targets) -> Option<TargetKind> {
    if targets.max_occupancy.is_some_and(|cap| q.occupancy() > cap) {
        return Some(TargetKind::MaxOccupancy);
    }
    if targets
        .service_level
        .is_some_and(|sl| 1.0 - q.tail(sl.answer_within_s) < sl.fraction)
    {
        return Some(TargetKind::ServiceLevel);
    }
    if targets.max_asa_s.is_some_and(|asa| q.asa_s() > asa) {
        return Some(TargetKind::MaxAsa);
    }
    None
}

/// First target not met, or `None`.
fn unmet_a(q: &ErlangA, targets: &Targets) -> Option<TargetKind> {
    assess_a(q, targets).0
}

/// First target not met (or `None`) and the smallest margin over the set targets, as a log
/// ratio of limit to value (negative where a target fails; `+∞` without targets). Logs make
/// the margins of the tail measures (1 − SL, P(abandon), ASA) close to linear in `n`, so a
/// secant predicts the answer well. The margin only steers the search; the decision is the
/// comparison itself.
fn assess_a(q: &ErlangA, targets: &Targets) -> (Option<TargetKind>, f64) {
    let log_ratio = |limit: f64, value: f64| (limit.ln() - value.ln()).clamp(-50.0, 50.0);
    let mut first = None;
    let mut margin = f64::INFINITY;
    let mut check = |kind: TargetKind, fails: bool, slack: f64| {
        if fails && first.is_none() {
            first = Some(kind);
        }
        margin = margin.min(slack);
    };
    if let Some(cap) = targets.max_occupancy {
        let occ = q.occupancy();
        check(TargetKind::MaxOccupancy, occ > cap, log_ratio(cap, occ));
    }
    if let Some(ab) = targets.max_abandon {
        let p = q.prob_abandon();
        check(TargetKind::MaxAbandon, p > ab, log_ratio(ab, p));
    }
    if let Some(sl) = targets.service_level {
        let got = q.service_level_unchecked(sl.answer_within_s, targets.service_level_definition);
        check(
            TargetKind::ServiceLevel,
            got < sl.fraction,
            log_ratio(1.0 - sl.fraction, 1.0 - got),
        );
    }
    if let Some(asa) = targets.max_asa_s {
        let got = q.asa_s();
        check(TargetKind::MaxAsa, got > asa, log_ratio(asa, got));
    }
    (first, margin)
}

fn target_value(targets: &Targets, kind: TargetKind) -> f64 {
    match kind {
        TargetKind::ServiceLevel => targets.service_level.map_or(f64::NAN, |s| s.fraction),
        TargetKind::MaxAsa => targets.max_asa_s.unwrap_or(f64::NAN),
        TargetKind::MaxAbandon => targets.max_abandon.unwrap_or(f64::NAN),
        TargetKind::MaxOccupancy => targets.max_occupancy.unwrap_or(f64::NAN),
    }
}

fn beyond_search(targets: &Targets, kind: TargetKind) -> Error {
    Error::UnreachableTarget {
        target: kind,
        value: target_value(targets, kind),
        reason: "not met even by the largest staffing searched (a + 50√a + 1000 agents, \
                 capped at 1e8)",
    }
}

/// Converts a whole, non-negative agent count (at most 1e8) to `u32`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn to_u32(n: u64) -> u32 {
    // Every count here is bounded by MAX_AGENTS = 1e8 < u32::MAX.
    n as u32
}

/// Ring-buffer slot of agent count `i`.
#[allow(clippy::cast_possible_truncation)]
fn slot(i: u64) -> usize {
    // The remainder is below RING = 64.
    (i % RING as u64) as usize
}

/// Converts a whole, non-negative `f64` (at most 1e8) to `u64`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn to_u64(n: f64) -> u64 {
    // Callers pass values already floored/clamped to [0, MAX_AGENTS].
    n as u64
}

/// A validated staffing problem (model + targets) with its square-root-staffing constants,
/// reusable across many offered loads (interval staffing builds it once).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Solver {
    model: Model,
    targets: Targets,
    /// Halfin–Whitt β for `P(wait) = 1 − SL fraction` (0 without a service-level target).
    beta0: f64,
    /// `−d ln α / dβ` at `beta0`: sets how much the answer-time factor lowers β.
    slope: f64,
}

impl Solver {
    pub(crate) fn new(model: Model, targets: &Targets) -> Result<Self> {
        targets.validate(model)?;
        let (beta0, slope) = match targets.service_level {
            Some(sl) if sl.fraction > 0.0 => {
                let p = 1.0 - sl.fraction;
                let (mut lo, mut hi) = (0.0_f64, 8.0_f64);
                for _ in 0..32 {
                    let mid = 0.5 * (lo + hi);
                    if halfin_whitt_alpha(mid) > p {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let beta = 0.5 * (lo + hi);
                let h = 1.0e-4;
                let slope = (halfin_whitt_alpha(beta).ln() - halfin_whitt_alpha(beta + h).ln()) / h;
                (beta, slope.max(1.0e-6))
            }
            _ => (0.0, 1.0),
        };
        Ok(Self {
            model,
            targets: *targets,
            beta0,
            slope,
        })
    }

    /// Square-root-staffing guess `a + β √a`, β from Halfin–Whitt with one Newton correction
    /// for the answer-time factor `exp(−β √a t / AHT)`.
    fn guess(&self, a: f64, aht_s: f64) -> f64 {
        let root = a.sqrt();
        let k = self
            .targets
            .service_level
            .map_or(0.0, |sl| root * sl.answer_within_s / aht_s);
        let beta = self.beta0 * self.slope / (self.slope + k);
        a + beta * root
    }

    fn n_max(&self, a: f64) -> f64 {
        let mut m = a + 50.0 * a.sqrt() + 1000.0;
        if let Some(cap) = self.targets.max_occupancy {
            m = m.max((a / cap).ceil() + 1.0);
        }
        m.min(MAX_AGENTS).floor()
    }

    /// Required agents for validated `a >= 0`, `aht_s > 0`.
    pub(crate) fn solve(&self, a: f64, aht_s: f64) -> Result<u32> {
        if a <= 0.0 {
            return Ok(0);
        }
        match self.model {
            Model::ErlangC => self.solve_c(a, aht_s),
            Model::ErlangA { patience_s } => self.solve_a(a, aht_s, patience_s),
        }
    }

    fn solve_c(&self, a: f64, aht_s: f64) -> Result<u32> {
        let targets = &self.targets;
        let mut lower = a.floor() + 1.0;
        if let Some(cap) = targets.max_occupancy {
            lower = lower.max((a / cap).floor());
        }
        let n_max = self.n_max(a);
        if lower > n_max {
            // Even the smallest admissible staffing exceeds the 1e8-agent limit.
            return Err(Error::InvalidAgents { value: lower });
        }
        let guess = to_u64(self.guess(a, aht_s).floor().clamp(lower, n_max));
        let lower = to_u64(lower);
        let n_max = to_u64(n_max);
        // Forward recursion to the guess, keeping the last RING reciprocals.
        let mut ring = [0.0_f64; RING];
        let mut rec = InvErlangB::new(a);
        rec.advance_to(guess, guess.saturating_sub(RING as u64), |i, r| {
            ring[slot(i)] = r;
        });
        let r = rec.value();
        let eval = |n: u64, r: f64| unmet_c(&ErlangC::from_parts(n as f64, a, aht_s, r), targets);
        let mut n = guess;
        if eval(n, r).is_none() {
            // Step down while the next lower staffing still meets every target.
            let mut r_n = r;
            while n > lower {
                let prev = n - 1;
                let r_prev = if guess - prev < RING as u64 {
                    ring[slot(prev)]
                } else {
                    // Backward recursion (stable here: n > a keeps 1/B well above 1).
                    (r_n - 1.0) * a / n as f64
                };
                if eval(prev, r_prev).is_some() {
                    break;
                }
                n = prev;
                r_n = r_prev;
            }
            return Ok(to_u32(n));
        }
        // Step up, one O(1) recursion step per candidate.
        loop {
            if n >= n_max {
                let kind = eval(n, rec.value()).unwrap_or(TargetKind::ServiceLevel);
                return Err(beyond_search(targets, kind));
            }
            n += 1;
            let r = rec.step();
            if eval(n, r).is_none() {
                return Ok(to_u32(n));
            }
        }
    }

    fn solve_a(&self, a: f64, aht_s: f64, patience_s: f64) -> Result<u32> {
        let targets = &self.targets;
        let ratio = patience_s / aht_s;
        check_scaled(0.0, a, aht_s, patience_s)?;
        let n_max = self.n_max(a).min((MAX_SCALED_PATIENCE / ratio).floor());
        if n_max < 1.0 {
            return Err(Error::PatienceOutOfRange {
                field: "agents * patience_s / aht_s",
                value: ratio,
            });
        }
        let guess = to_u64(self.guess(a, aht_s).round().clamp(1.0, n_max));
        let n_max = to_u64(n_max);
        let mut table = InvBTable::with_capacity(a, guess + 2 * to_u64(a.sqrt().ceil()) + 2);
        let mut eval = |n: u64| {
            let r = table.get(n);
            assess_a(
                &ErlangA::from_parts(n as f64, a, aht_s, patience_s, r),
                targets,
            )
        };
        // Phase 1: from the guess, step towards the other side until the answer is bracketed
        // (`lo` fails, `hi` meets; 0 = not found yet). Steps follow the secant of the target
        // margin, at least 1 and at most max(2 × the last step, √a), so a poor prediction
        // degrades to an exponential search.
        let (kind, margin) = eval(guess);
        let (mut lo, mut hi) = (0_u64, 0_u64);
        let (mut m_lo, mut m_hi) = (f64::NAN, f64::NAN);
        if kind.is_none() {
            (hi, m_hi) = (guess, margin);
        } else {
            (lo, m_lo) = (guess, margin);
        }
        let cap = to_u64(a.sqrt().ceil()).max(2);
        let mut step = 1_u64;
        let mut last = (guess, margin);
        while hi == 0 || (lo == 0 && hi > 1) {
            let up = hi == 0;
            let cand = if up {
                (last.0 + step).min(n_max)
            } else {
                last.0.saturating_sub(step).max(1)
            };
            let (kind, m) = eval(cand);
            match kind {
                None => (hi, m_hi) = (cand, m),
                Some(k) if up && cand == n_max => return Err(beyond_search(targets, k)),
                Some(_) => (lo, m_lo) = (cand, m),
            }
            let slope = (m - last.1) / (cand as f64 - last.0 as f64);
            let distance = (-m / slope).abs();
            step = if distance.is_finite() {
                to_u64(distance.ceil().min(1.0e15)).clamp(1, (2 * step).max(cap))
            } else {
                2 * step
            };
            last = (cand, m);
        }
        if lo == 0 {
            return Ok(1); // even one agent meets every target
        }
        // Phase 2: false position on the margin, checking both neighbours of each predicted
        // root; a bisection step whenever a round did not halve the bracket.
        let mut bisect = false;
        while hi - lo > 1 {
            let width = hi - lo;
            let c = if !bisect && m_hi > m_lo {
                let root = lo as f64 + width as f64 * (-m_lo) / (m_hi - m_lo);
                to_u64(root.ceil().clamp((lo + 1) as f64, (hi - 1) as f64))
            } else {
                lo + width / 2
            };
            let (kind, m) = eval(c);
            let next = if kind.is_none() {
                (hi, m_hi) = (c, m);
                c - 1
            } else {
                (lo, m_lo) = (c, m);
                c + 1
            };
            if next > lo && next < hi {
                let (kind, m) = eval(next);
                if kind.is_none() {
                    (hi, m_hi) = (next, m);
                } else {
                    (lo, m_lo) = (next, m);
                }
            }
            bisect = 2 * (hi - lo) > width;
        }
        Ok(to_u32(hi))
    }
}

/// `1/B(k, a)` for k = 0, 1, …, extended on demand by the forward recursion (the same
/// arithmetic as a fresh computation, so values are identical).
struct InvBTable {
    a: f64,
    rec: InvErlangB,
    values: Vec<f64>,
}

impl InvBTable {
    fn with_capacity(a: f64, capacity: u64) -> Self {
        #[allow(clippy::cast_possible_truncation)]
        let capacity = capacity.min(TABLE_LIMIT) as usize; // at most 2^22
        let mut values = Vec::with_capacity(capacity + 1);
        values.push(1.0);
        Self {
            a,
            rec: InvErlangB::new(a),
            values,
        }
    }

    fn get(&mut self, n: u64) -> f64 {
        if n > TABLE_LIMIT {
            return inv_erlang_b_int(n, self.a);
        }
        #[allow(clippy::cast_possible_truncation)]
        let n = n as usize; // n <= TABLE_LIMIT (2^22)
        if self.values.len() <= n {
            let values = &mut self.values;
            self.rec
                .advance_to(n as u64, self.rec.k(), |_, r| values.push(r));
        }
        self.values[n]
    }
}

/// The smallest number of agents meeting every set target at once.
///
/// Searches from the square-root-staffing guess `n ≈ a + β√a` (β from Halfin–Whitt, adjusted
/// for the answer time) and steps: under Erlang C each step is one `O(1)` update of the integer
/// Erlang B recursion, so one solve costs `O(n)` once; under Erlang A it brackets the answer
/// and closes in by secant / false-position steps on the log margins of the targets (falling
/// back to doubling steps and bisection), typically 5–8 candidates, each costing about `O(√n)`
/// on top of one `O(n)` Erlang B table.
/// Under Erlang C the answer is always `> a` (stability) and `max_abandon` is met trivially
/// (nobody abandons); under Erlang A it may be `< a`. An offered load of 0 needs 0 agents.
///
/// # Formula
///
/// ```text
/// n* = min { n : SL(n, t) >= x  and  ASA(n) <= y  and  P(abandon)(n) <= z  and  occupancy(n) <= cap }
/// start: n0 = a + β √a,  α(β₀) = 1 − x  with  α(β) = 1 / (1 + β Φ(β)/φ(β))   (Halfin–Whitt),
///        β = β₀ · s / (s + √a · t / AHT),  s = −d ln α/dβ at β₀   (one Newton step for the
///        answer-time factor exp(−β √a t / AHT))
/// ```
///
/// The returned `n` meets every target and `n − 1` does not. Under Erlang A with the
/// `OfAnswered` or `OfOfferedLessShortAbandons` definitions the service level need not rise
/// with `n` when nearly everyone abandons; the answer is then the lower end of the run of
/// adequate staffing levels found from the guess.
///
/// # Errors
///
/// [`Error::InvalidOfferedLoad`], [`Error::InvalidDuration`] (`aht_s`, `patience_s`),
/// target range errors from [`Targets::validate`], [`Error::UnreachableTarget`] naming the
/// target no staffing meets (SL 100 %, ASA 0 s, occupancy 0, Erlang A abandonment 0, or not met
/// by `a + 50√a + 1000` agents), [`Error::PatienceOutOfRange`].
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Model, Targets, required_agents};
/// // 100 calls per 30 min at AHT 180 s is 10 Erl; 80/20 needs 14 agents.
/// let n = required_agents(Model::ErlangC, 10.0, 180.0, &Targets::default())?;
/// assert_eq!(n, 14);
/// let n_a = required_agents(Model::ErlangA { patience_s: 120.0 }, 10.0, 180.0, &Targets::default())?;
/// assert!(n_a <= 14);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn required_agents(
    model: Model,
    offered_load: f64,
    aht_s: f64,
    targets: &Targets,
) -> Result<u32> {
    let a = check_load(offered_load)?;
    let aht_s = check_positive_duration("aht_s", aht_s)?;
    Solver::new(model, targets)?.solve(a, aht_s)
}

/// Agents to schedule so that `required` remain after shrinkage `s` (breaks, training,
/// absence): the exact real value, no rounding.
///
/// # Formula
///
/// ```text
/// scheduled = required / (1 − s)
/// ```
///
/// # Errors
///
/// [`Error::InvalidAgents`] for a bad `required`; [`Error::InvalidProbability`] unless
/// `0 <= shrinkage < 1`.
///
/// # Examples
///
/// ```
/// use callwright_erlang::scheduled_agents;
/// assert!((scheduled_agents(14.0, 0.3)? - 20.0).abs() < 1e-12);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn scheduled_agents(required: f64, shrinkage: f64) -> Result<f64> {
    let required = check_agents(required, false)?;
    if !(0.0..1.0).contains(&shrinkage) {
        return Err(Error::InvalidProbability {
            field: "shrinkage",
            value: shrinkage,
            range: "[0, 1)",
        });
    }
    Ok(required / (1.0 - shrinkage))
}

/// [`scheduled_agents`] rounded up to whole agents, ignoring floating-point noise below 10^-9
/// of an agent (so 14 / (1 − 0.3) is 20, not 21).
///
/// # Formula
///
/// ```text
/// scheduled = ⌈required / (1 − s) − 1e−9⌉
/// ```
///
/// # Errors
///
/// As [`scheduled_agents`], plus [`Error::InvalidAgents`] when the result exceeds 10^8.
///
/// # Examples
///
/// ```
/// use callwright_erlang::scheduled_agents_ceil;
/// assert_eq!(scheduled_agents_ceil(14, 0.3)?, 20);
/// assert_eq!(scheduled_agents_ceil(14, 0.25)?, 19);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn scheduled_agents_ceil(required: u32, shrinkage: f64) -> Result<u32> {
    let exact = scheduled_agents(f64::from(required), shrinkage)?;
    let rounded = (exact - 1.0e-9).ceil().max(0.0);
    let rounded = check_agents(rounded, false)?;
    Ok(to_u32(to_u64(rounded)))
}

/// The largest offered load (Erlangs) that `agents` agents carry while meeting every set target.
///
/// Found by bisection on the load (the measures worsen as load grows), to a relative precision
/// of about 10^-12. Returns `f64::INFINITY` when the targets hold for every load Erlang A can
/// evaluate (possible with only an occupancy cap of 1: abandonment keeps occupancy below 1).
/// Whole `agents` use the integer Erlang B recursion, fractional ones the continuous extension.
///
/// # Formula
///
/// ```text
/// a* = sup { a : n agents meet every target at load a }      (Erlang C: a* < n)
/// ```
///
/// # Errors
///
/// [`Error::NoTargets`] when no target is set; [`Error::InvalidAgents`] (must be `> 0`),
/// [`Error::InvalidDuration`], target range errors from [`Targets::validate`].
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Model, Targets, max_offered_load, required_agents};
/// let t = Targets::default();
/// let a = max_offered_load(Model::ErlangC, 14.0, 180.0, &t)?;
/// assert!(a > 10.0 && a < 14.0);
/// assert_eq!(required_agents(Model::ErlangC, a * 0.999_999, 180.0, &t)?, 14);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn max_offered_load(model: Model, agents: f64, aht_s: f64, targets: &Targets) -> Result<f64> {
    targets.validate(model)?;
    if targets.is_empty() {
        return Err(Error::NoTargets);
    }
    let n = check_agents(agents, true)?;
    let aht_s = check_positive_duration("aht_s", aht_s)?;
    if let Model::ErlangA { patience_s } = model {
        check_scaled(n, 0.0, aht_s, patience_s)?;
    }
    let meets = |a: f64| -> bool {
        match model {
            Model::ErlangC => {
                a < n
                    && unmet_c(
                        &ErlangC::from_parts(n, a, aht_s, inv_erlang_b_auto(n, a)),
                        targets,
                    )
                    .is_none()
            }
            Model::ErlangA { patience_s } => {
                check_scaled(n, a, aht_s, patience_s).is_ok()
                    && unmet_a(
                        &ErlangA::from_parts(n, a, aht_s, patience_s, inv_erlang_b_auto(n, a)),
                        targets,
                    )
                    .is_none()
            }
        }
    };
    let mut lo = 0.0_f64;
    let mut hi = n;
    if let Model::ErlangA { patience_s } = model {
        // Grow until the targets fail. Met at every load up to 2^40 n, or up to the largest
        // load Erlang A evaluates (a · patience / AHT <= 1e12), means "any load".
        let mut doublings = 0;
        while meets(hi) {
            lo = hi;
            hi *= 2.0;
            doublings += 1;
            if doublings > 40 || check_scaled(n, hi, aht_s, patience_s).is_err() {
                return Ok(f64::INFINITY);
            }
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if hi - lo <= 1.0e-12 * hi || mid <= lo || mid >= hi {
            break;
        }
        if meets(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

/// The largest volume (contacts per interval of `interval_s` seconds) that `agents` agents carry
/// at the targets: [`max_offered_load`] converted with `volume = a · interval_s / aht_s`.
///
/// # Errors
///
/// As [`max_offered_load`], plus [`Error::InvalidDuration`] for `interval_s`.
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Model, Targets, max_volume};
/// let calls = max_volume(Model::ErlangC, 14.0, 180.0, 1800.0, &Targets::default())?;
/// assert!(calls >= 100.0 && calls < 140.0); // 14 agents handle the published 100 calls
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn max_volume(
    model: Model,
    agents: f64,
    aht_s: f64,
    interval_s: f64,
    targets: &Targets,
) -> Result<f64> {
    let interval_s = check_positive_duration("interval_s", interval_s)?;
    let a = max_offered_load(model, agents, aht_s, targets)?;
    Ok(a * interval_s / aht_s)
}

/// What a staffing level gives: the reverse calculation of [`performance`].
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Model, ServiceLevelDefinition, performance};
/// let p = performance(Model::ErlangC, 14.0, 10.0, 180.0, 20.0, ServiceLevelDefinition::OfOffered)?;
/// assert!((p.service_level - 0.888).abs() < 1e-3);
/// assert_eq!(p.prob_abandon, 0.0);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// Agents.
    pub agents: f64,
    /// Offered load in Erlangs.
    pub offered_load: f64,
    /// Probability an arriving contact waits.
    pub prob_wait: f64,
    /// Service level at `answer_within_s` under the requested definition.
    pub service_level: f64,
    /// The answer time the service level refers to, seconds.
    pub answer_within_s: f64,
    /// Average speed of answer in seconds (of answered contacts; Erlang C: of all).
    pub asa_s: f64,
    /// Probability of abandonment (0 under Erlang C).
    pub prob_abandon: f64,
    /// Mean wait over all contacts in seconds (equals `asa_s` under Erlang C).
    pub mean_wait_s: f64,
    /// Agent occupancy.
    pub occupancy: f64,
}

/// The service `agents` agents give at `offered_load`: P(wait), service level, ASA,
/// abandonment and occupancy (reverse calculation).
///
/// Whole `agents` use the integer Erlang B recursion, fractional ones the continuous
/// extension; the formulas are those of [`ErlangC`] and [`ErlangA`].
///
/// # Errors
///
/// Input errors as in [`ErlangC::new`] / [`ErlangA::new`] (including [`Error::Unstable`] for
/// Erlang C with `agents <= offered_load`), [`Error::InvalidDuration`] for `answer_within_s`.
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Model, ServiceLevelDefinition, performance};
/// let p = performance(Model::ErlangA { patience_s: 90.0 }, 9.0, 10.0, 180.0, 20.0,
///                     ServiceLevelDefinition::OfOffered)?;
/// assert!(p.prob_abandon > 0.0 && p.occupancy < 1.0);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn performance(
    model: Model,
    agents: f64,
    offered_load: f64,
    aht_s: f64,
    answer_within_s: f64,
    definition: ServiceLevelDefinition,
) -> Result<Performance> {
    let t = check_duration("answer_within_s", answer_within_s)?;
    model.validate()?;
    Ok(match model {
        Model::ErlangC => {
            let q = ErlangC::new(agents, offered_load, aht_s)?;
            Performance {
                agents: q.agents(),
                offered_load: q.offered_load(),
                prob_wait: q.prob_wait(),
                service_level: 1.0 - q.tail(t),
                answer_within_s: t,
                asa_s: q.asa_s(),
                prob_abandon: 0.0,
                mean_wait_s: q.asa_s(),
                occupancy: q.occupancy(),
            }
        }
        Model::ErlangA { patience_s } => {
            let q = ErlangA::new(agents, offered_load, aht_s, patience_s)?;
            Performance {
                agents: q.agents(),
                offered_load: q.offered_load(),
                prob_wait: q.prob_wait(),
                service_level: q.service_level_unchecked(t, definition),
                answer_within_s: t,
                asa_s: q.asa_s(),
                prob_abandon: q.prob_abandon(),
                mean_wait_s: q.mean_wait_s(),
                occupancy: q.occupancy(),
            }
        }
    })
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn halfin_whitt_alpha_shape() {
        assert!((halfin_whitt_alpha(0.0) - 1.0).abs() < 1e-15);
        assert!(halfin_whitt_alpha(1.0) < 0.25 && halfin_whitt_alpha(1.0) > 0.2);
    }

    #[test]
    fn published_example_and_neighbours() {
        let t = Targets::default();
        assert_eq!(
            required_agents(Model::ErlangC, 10.0, 180.0, &t).unwrap(),
            14
        );
        assert_eq!(required_agents(Model::ErlangC, 0.0, 180.0, &t).unwrap(), 0);
        let t = Targets::none().with_max_occupancy(0.5);
        assert_eq!(
            required_agents(Model::ErlangC, 10.0, 180.0, &t).unwrap(),
            20
        );
    }

    #[test]
    fn unreachable_targets_error() {
        let t = Targets::none().with_service_level(1.0, 0.0);
        let e = required_agents(Model::ErlangC, 10.0, 180.0, &t).unwrap_err();
        assert!(matches!(
            e,
            Error::UnreachableTarget {
                target: TargetKind::ServiceLevel,
                ..
            }
        ));
        let t = Targets::none().with_max_asa_s(1e-300);
        let e = required_agents(Model::ErlangC, 10.0, 180.0, &t);
        // Either met with very many agents or reported as beyond the search: never a hang.
        assert!(e.is_ok() || matches!(e, Err(Error::UnreachableTarget { .. })));
    }

    #[test]
    fn step_down_far_from_guess_matches_step_up() {
        // A loose target: the guess overshoots and the search walks far down.
        for a in [5.0, 400.0, 20_000.0] {
            let t = Targets::none().with_service_level(0.1, 600.0);
            let n = required_agents(Model::ErlangC, a, 300.0, &t).unwrap();
            assert_eq!(f64::from(n), a.floor() + 1.0);
        }
    }
}
