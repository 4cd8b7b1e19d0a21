//! Statistics: counters per (contact type, period) and (agent group, period) within one
//! replication, their per-replication summaries, and the means and confidence intervals over
//! replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::results::{ContactStats, Estimate, GroupStats, PercentileEstimate};

/// Counters of one (contact type, period) cell.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cell {
    pub(crate) offered: u64,
    pub(crate) answered: u64,
    pub(crate) answered_within: u64,
    pub(crate) abandoned: u64,
    pub(crate) abandoned_within: u64,
    pub(crate) delayed: u64,
    pub(crate) balked: u64,
    pub(crate) rejected: u64,
    pub(crate) callbacks: u64,
    pub(crate) callbacks_offered: u64,
    pub(crate) callbacks_accepted: u64,
    pub(crate) callbacks_reached: u64,
    pub(crate) callbacks_unreachable: u64,
    /// Arrival to the start of a call back that reached the customer, summed.
    pub(crate) callback_wait_s: f64,
    pub(crate) waiting_at_end: u64,
    pub(crate) retrials: u64,
    pub(crate) wait_answered_s: f64,
    pub(crate) wait_abandoned_s: f64,
}

impl Cell {
    fn add(&mut self, o: &Cell) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.answered_within += o.answered_within;
        self.abandoned += o.abandoned;
        self.abandoned_within += o.abandoned_within;
        self.delayed += o.delayed;
        self.balked += o.balked;
        self.rejected += o.rejected;
        self.callbacks += o.callbacks;
        self.callbacks_offered += o.callbacks_offered;
        self.callbacks_accepted += o.callbacks_accepted;
        self.callbacks_reached += o.callbacks_reached;
        self.callbacks_unreachable += o.callbacks_unreachable;
        self.callback_wait_s += o.callback_wait_s;
        self.waiting_at_end += o.waiting_at_end;
        self.retrials += o.retrials;
        self.wait_answered_s += o.wait_answered_s;
        self.wait_abandoned_s += o.wait_abandoned_s;
    }
}

/// Sub-bins per power of two: about 3% resolution.
const SUB: usize = 32;
/// Octaves above 1/16 s: up to 2^20/16 s (about 18 hours); longer waits land in the last bin.
const OCTAVES: usize = 20;
/// Bins: `[0, 1/16)` s, then `SUB` per octave.
pub(crate) const BINS: usize = 1 + OCTAVES * SUB;

/// The bin of a wait (seconds, >= 0): log-linear, read off the float's exponent and mantissa.
#[inline]
pub(crate) fn wait_bin(wait_s: f64) -> usize {
    let x = wait_s * 16.0;
    if x < 1.0 {
        return 0;
    }
    let bits = x.to_bits();
    // x >= 1, so the biased exponent is at least 1023.
    #[allow(clippy::cast_possible_truncation)]
    let e = ((bits >> 52) & 0x7ff) as usize - 1023;
    if e >= OCTAVES {
        return BINS - 1;
    }
    #[allow(clippy::cast_possible_truncation)]
    let sub = ((bits >> 47) & 31) as usize;
    1 + e * SUB + sub
}

/// Bounds of bin `b`, seconds.
fn bin_bounds(b: usize) -> (f64, f64) {
    if b == 0 {
        return (0.0, 1.0 / 16.0);
    }
    let e = (b - 1) / SUB;
    let s = (b - 1) % SUB;
    let base = f64::from(1u32 << e) / 16.0;
    (
        base * (1.0 + s as f64 / SUB as f64),
        base * (1.0 + (s + 1) as f64 / SUB as f64),
    )
}

/// The `p`-quantile of waits recorded in `hist` (plus `zeros` waits of exactly 0), linear
/// within a bin; `None` if empty.
fn percentile(hist: &[u32], zeros: u64, p: f64) -> Option<f64> {
    let n: u64 = zeros + hist.iter().map(|&c| u64::from(c)).sum::<u64>();
    if n == 0 {
        return None;
    }
    let rank = p * n as f64;
    if rank <= zeros as f64 {
        return Some(0.0);
    }
    let mut below = zeros as f64;
    for (b, &c) in hist.iter().enumerate() {
        let c = f64::from(c);
        if c > 0.0 && below + c >= rank {
            let (lo, hi) = bin_bounds(b);
            return Some(lo + (hi - lo) * (rank - below) / c);
        }
        below += c;
    }
    Some(bin_bounds(BINS - 1).1)
}

/// Everything one replication counts.
#[derive(Debug, Clone)]
pub(crate) struct RepStats {
    pub(crate) types: usize,
    pub(crate) groups: usize,
    pub(crate) periods: usize,
    /// (type, period) at `type * periods + period`.
    pub(crate) cells: Vec<Cell>,
    /// Waits of answered contacts with wait > 0, same layout, `BINS` each.
    pub(crate) hist: Vec<u32>,
    /// Answered contacts with wait exactly 0, same layout as `cells`.
    pub(crate) zero_waits: Vec<u64>,
    /// (group, period) at `group * periods + period`.
    pub(crate) busy_s: Vec<f64>,
    pub(crate) staffed_s: Vec<f64>,
    pub(crate) handled: Vec<u64>,
}

impl RepStats {
    pub(crate) fn new(types: usize, groups: usize, periods: usize) -> Self {
        Self {
            types,
            groups,
            periods,
            cells: vec![Cell::default(); types * periods],
            hist: vec![0; types * periods * BINS],
            zero_waits: vec![0; types * periods],
            busy_s: vec![0.0; groups * periods],
            staffed_s: vec![0.0; groups * periods],
            handled: vec![0; groups * periods],
        }
    }

    /// Records an answered contact's wait in cell `cell`.
    #[inline]
    pub(crate) fn record_wait(&mut self, cell: usize, wait_s: f64) {
        if wait_s <= 0.0 {
            self.zero_waits[cell] += 1;
        } else {
            self.hist[cell * BINS + wait_bin(wait_s)] += 1;
        }
    }

    /// The replication cut into its periods: one single-period `RepStats` per period, in
    /// order (the batches of a batch-means run).
    pub(crate) fn split_periods(&self) -> Vec<RepStats> {
        let (t_n, g_n, p_n) = (self.types, self.groups, self.periods);
        (0..p_n)
            .map(|p| {
                let cells: Vec<usize> = (0..t_n).map(|t| t * p_n + p).collect();
                let groups: Vec<usize> = (0..g_n).map(|g| g * p_n + p).collect();
                RepStats {
                    types: t_n,
                    groups: g_n,
                    periods: 1,
                    cells: cells.iter().map(|&c| self.cells[c]).collect(),
                    hist: cells
                        .iter()
                        .flat_map(|&c| &self.hist[c * BINS..(c + 1) * BINS])
                        .copied()
                        .collect(),
                    zero_waits: cells.iter().map(|&c| self.zero_waits[c]).collect(),
                    busy_s: groups.iter().map(|&g| self.busy_s[g]).collect(),
                    staffed_s: groups.iter().map(|&g| self.staffed_s[g]).collect(),
                    handled: groups.iter().map(|&g| self.handled[g]).collect(),
                }
            })
            .collect()
    }

    /// Condenses the replication: every scope's counters and percentiles.
    pub(crate) fn summarise(&self, percentiles: &[f64]) -> RepSummary {
        let (t_n, p_n, g_n) = (self.types, self.periods, self.groups);
        let scopes = (t_n + 1) * (p_n + 1);
        let mut cells = vec![Cell::default(); scopes];
        let mut hist = vec![0u32; scopes * BINS];
        let mut zeros = vec![0u64; scopes];
        let scope = |t: usize, p: usize| t * (p_n + 1) + p;
        for t in 0..t_n {
            for p in 0..p_n {
                let src = t * p_n + p;
                for dst in [scope(t, p), scope(t, p_n), scope(t_n, p), scope(t_n, p_n)] {
                    cells[dst].add(&self.cells[src]);
                    zeros[dst] += self.zero_waits[src];
                    let from = &self.hist[src * BINS..(src + 1) * BINS];
                    for (d, s) in hist[dst * BINS..(dst + 1) * BINS].iter_mut().zip(from) {
                        *d += s;
                    }
                }
            }
        }
        let pct = (0..scopes)
            .flat_map(|s| {
                let h = &hist[s * BINS..(s + 1) * BINS];
                let z = zeros[s];
                percentiles.iter().map(move |&p| percentile(h, z, p))
            })
            .collect();
        let gscopes = (g_n + 1) * (p_n + 1);
        let mut groups = vec![GroupCell::default(); gscopes];
        for g in 0..g_n {
            for p in 0..p_n {
                let src = g * p_n + p;
                for dst in [
                    g * (p_n + 1) + p,
                    g * (p_n + 1) + p_n,
                    g_n * (p_n + 1) + p,
                    g_n * (p_n + 1) + p_n,
                ] {
                    groups[dst].busy_s += self.busy_s[src];
                    groups[dst].staffed_s += self.staffed_s[src];
                    groups[dst].handled += self.handled[src];
                }
            }
        }
        RepSummary { cells, pct, groups }
    }
}

/// Agent counters of one (group, period) scope.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct GroupCell {
    busy_s: f64,
    staffed_s: f64,
    handled: u64,
}

/// One replication, condensed. Scopes are (type or all, period or whole horizon) at
/// `t * (periods + 1) + p`, with `t = types` for all types and `p = periods` for the horizon;
/// likewise for groups.
#[derive(Debug, Clone)]
pub(crate) struct RepSummary {
    cells: Vec<Cell>,
    /// `percentiles.len()` per scope.
    pct: Vec<Option<f64>>,
    groups: Vec<GroupCell>,
}

/// The 0.975 quantile of Student's t with `n − 1` degrees of freedom.
fn t_quantile(n: usize) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).ok()?;
    Some(t.inverse_cdf(0.975))
}

/// The valid range of an estimated quantity; its interval is clamped to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    /// Counts, times, percentiles: [0, ∞).
    NonNegative,
    /// A part over its whole (service levels, rates, probabilities, occupancy): [0, 1].
    Unit,
}

impl Range {
    /// `e` with its interval bounds clamped to the range.
    fn clamp(self, e: Estimate) -> Estimate {
        let high = match self {
            Self::NonNegative => f64::INFINITY,
            Self::Unit => 1.0,
        };
        Estimate {
            mean: e.mean,
            ci_low: e.ci_low.map(|v| v.clamp(0.0, high)),
            ci_high: e.ci_high.map(|v| v.clamp(0.0, high)),
        }
    }
}

/// Mean and Student-t interval of `xs` (values >= 0: the interval is clamped at 0).
pub(crate) fn mean_ci(xs: &[f64]) -> Estimate {
    Range::NonNegative.clamp(signed_mean_ci(xs))
}

/// Mean and Student-t interval of `xs`, which may be negative (a bias): nothing is clamped.
pub(crate) fn signed_mean_ci(xs: &[f64]) -> Estimate {
    let n = xs.len();
    if n == 0 {
        return Estimate::default();
    }
    let m = xs.iter().sum::<f64>() / n as f64;
    let Some(t) = t_quantile(n) else {
        return Estimate {
            mean: Some(m),
            ci_low: None,
            ci_high: None,
        };
    };
    let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64;
    let half = t * (var / n as f64).sqrt();
    Estimate {
        mean: Some(m),
        ci_low: Some(m - half),
        ci_high: Some(m + half),
    }
}

/// Ratio of means `Σy / Σx` with a delta-method Student-t interval clamped to `range`.
fn ratio_ci(ys: &[f64], xs: &[f64], range: Range) -> Estimate {
    let n = xs.len();
    let sx: f64 = xs.iter().sum();
    if n == 0 || sx <= 0.0 {
        return Estimate::default();
    }
    let r = ys.iter().sum::<f64>() / sx;
    let Some(t) = t_quantile(n) else {
        return Estimate {
            mean: Some(r),
            ci_low: None,
            ci_high: None,
        };
    };
    let xbar = sx / n as f64;
    let var = ys
        .iter()
        .zip(xs)
        .map(|(y, x)| (y - r * x) * (y - r * x))
        .sum::<f64>()
        / (n - 1) as f64;
    let half = t * var.sqrt() / (xbar * (n as f64).sqrt());
    range.clamp(Estimate {
        mean: Some(r),
        ci_low: Some(r - half),
        ci_high: Some(r + half),
    })
}

/// Means and intervals over replications.
pub(crate) struct Aggregate<'a> {
    pub(crate) reps: &'a [RepSummary],
    pub(crate) percentiles: &'a [f64],
}

impl Aggregate<'_> {
    /// Contact measures of scope `s`.
    pub(crate) fn contacts(&self, s: usize) -> ContactStats {
        let col = |f: &dyn Fn(&Cell) -> f64| -> Vec<f64> {
            self.reps.iter().map(|r| f(&r.cells[s])).collect()
        };
        let offered = col(&|c| c.offered as f64);
        let answered = col(&|c| c.answered as f64);
        let within = col(&|c| c.answered_within as f64);
        let abandoned = col(&|c| c.abandoned as f64);
        let ab_within = col(&|c| c.abandoned_within as f64);
        let ab_after = col(&|c| (c.abandoned - c.abandoned_within) as f64);
        let excl: Vec<f64> = offered.iter().zip(&ab_within).map(|(o, a)| o - a).collect();
        let k = self.percentiles.len();
        let wait_percentiles = self
            .percentiles
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let xs: Vec<f64> = self.reps.iter().filter_map(|r| r.pct[s * k + i]).collect();
                PercentileEstimate {
                    p,
                    wait_s: mean_ci(&xs),
                }
            })
            .collect();
        ContactStats {
            offered: mean_ci(&offered),
            answered: mean_ci(&answered),
            abandoned: mean_ci(&abandoned),
            abandoned_before_threshold: mean_ci(&ab_within),
            abandoned_after_threshold: mean_ci(&ab_after),
            balked: mean_ci(&col(&|c| c.balked as f64)),
            rejected: mean_ci(&col(&|c| c.rejected as f64)),
            callbacks: mean_ci(&col(&|c| c.callbacks as f64)),
            callbacks_offered: mean_ci(&col(&|c| c.callbacks_offered as f64)),
            callbacks_accepted: mean_ci(&col(&|c| c.callbacks_accepted as f64)),
            callbacks_reached: mean_ci(&col(&|c| c.callbacks_reached as f64)),
            callbacks_unreachable: mean_ci(&col(&|c| c.callbacks_unreachable as f64)),
            callback_acceptance: ratio_ci(
                &col(&|c| c.callbacks_accepted as f64),
                &col(&|c| c.callbacks_offered as f64),
                Range::Unit,
            ),
            mean_callback_wait_s: ratio_ci(
                &col(&|c| c.callback_wait_s),
                &col(&|c| c.callbacks_reached as f64),
                Range::NonNegative,
            ),
            waiting_at_end: mean_ci(&col(&|c| c.waiting_at_end as f64)),
            retrials: mean_ci(&col(&|c| c.retrials as f64)),
            abandon_rate: ratio_ci(&abandoned, &offered, Range::Unit),
            sl_offered: ratio_ci(&within, &offered, Range::Unit),
            sl_excluding_early_abandons: ratio_ci(&within, &excl, Range::Unit),
            sl_answered: ratio_ci(&within, &answered, Range::Unit),
            prob_wait: ratio_ci(&col(&|c| c.delayed as f64), &offered, Range::Unit),
            asa_s: ratio_ci(&col(&|c| c.wait_answered_s), &answered, Range::NonNegative),
            mean_abandon_wait_s: ratio_ci(
                &col(&|c| c.wait_abandoned_s),
                &abandoned,
                Range::NonNegative,
            ),
            wait_percentiles,
        }
    }

    /// Agent measures of group scope `s`.
    pub(crate) fn agents(&self, s: usize) -> GroupStats {
        let busy: Vec<f64> = self.reps.iter().map(|r| r.groups[s].busy_s).collect();
        let staffed: Vec<f64> = self.reps.iter().map(|r| r.groups[s].staffed_s).collect();
        let handled: Vec<f64> = self
            .reps
            .iter()
            .map(|r| r.groups[s].handled as f64)
            .collect();
        GroupStats {
            occupancy: ratio_ci(&busy, &staffed, Range::Unit),
            busy_s: mean_ci(&busy),
            staffed_s: mean_ci(&staffed),
            handled: mean_ci(&handled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_and_order() {
        assert_eq!(wait_bin(0.0), 0);
        assert_eq!(wait_bin(0.06), 0);
        let mut prev = 0;
        let mut w = 0.07;
        while w < 60_000.0 {
            let b = wait_bin(w);
            assert!(b >= prev);
            let (lo, hi) = bin_bounds(b);
            assert!(
                lo <= w * (1.0 + 1e-12) && w < hi * (1.0 + 1e-12),
                "{w} in [{lo}, {hi})"
            );
            prev = b;
            w *= 1.01;
        }
        assert_eq!(wait_bin(1e9), BINS - 1);
    }

    #[test]
    fn percentiles_interpolate() {
        let mut h = vec![0u32; BINS];
        for i in 1..=1000 {
            h[wait_bin(f64::from(i) * 0.1)] += 1;
        }
        let med = percentile(&h, 0, 0.5).unwrap();
        assert!((med - 50.0).abs() < 50.0 * 0.04, "{med}");
        assert_eq!(percentile(&h, 2000, 0.5), Some(0.0));
        assert_eq!(percentile(&vec![0; BINS], 0, 0.5), None);
    }

    #[test]
    fn intervals() {
        let e = mean_ci(&[1.0, 2.0, 3.0]);
        assert_eq!(e.mean, Some(2.0));
        // t_{0.975, 2} = 4.303; s = 1; half = 4.303 / sqrt(3).
        assert!((e.ci_high.unwrap() - 2.0 - 4.302_653 / 3f64.sqrt()).abs() < 1e-4);
        let r = ratio_ci(&[1.0, 2.0], &[2.0, 4.0], Range::Unit);
        assert_eq!(r.mean, Some(0.5));
        assert!((r.ci_low.unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(ratio_ci(&[1.0], &[0.0], Range::Unit), Estimate::default());
        assert_eq!(mean_ci(&[4.0]).ci_low, None);
    }

    #[test]
    fn intervals_are_clamped_to_the_valid_range() {
        // Service levels 1, 1, 0.9 over 10 offered each: residuals 1/3, 1/3, −2/3, s = √(1/3);
        // unclamped 29/30 ± 4.303 × 0.5774 / (10 √3) = (0.8232, 1.1101).
        let r = ratio_ci(&[10.0, 10.0, 9.0], &[10.0; 3], Range::Unit);
        assert!((r.mean.unwrap() - 29.0 / 30.0).abs() < 1e-12);
        assert_eq!(r.ci_high, Some(1.0));
        assert!((r.ci_low.unwrap() - 0.8232).abs() < 1e-4, "{r:?}");
        // Unbounded above as a time: the same numbers keep their upper end.
        let w = ratio_ci(&[10.0, 10.0, 9.0], &[10.0; 3], Range::NonNegative);
        assert!((w.ci_high.unwrap() - 1.1101).abs() < 1e-4, "{w:?}");
        // Counts 0, 0, 0, 5: mean 1.25, half-width 3.182 × 2.5 / 2 = 3.98, low end clamped.
        let c = mean_ci(&[0.0, 0.0, 0.0, 5.0]);
        assert_eq!(c.ci_low, Some(0.0));
        assert!(
            (c.ci_high.unwrap() - (1.25 + 3.182_446 * 2.5 / 2.0)).abs() < 1e-4,
            "{c:?}"
        );
        // A rate near 0: the low end stops at 0.
        let a = ratio_ci(&[0.0, 0.0, 1.0], &[10.0; 3], Range::Unit);
        assert_eq!(a.ci_low, Some(0.0));
    }
}
