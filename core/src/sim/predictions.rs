//! Scoring wait predictors: each replication sums the errors of every (contact type,
//! predictor) pair; the run reports bias and RMSE with intervals over replications.

use crate::routing::Predictor;

use super::results::PredictionResults;
use super::stats::{mean_ci, signed_mean_ci};

/// Error sums of one (contact type, predictor) pair in one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ErrorSums {
    n: u64,
    error_s: f64,
    squared_s2: f64,
    wait_s: f64,
}

impl ErrorSums {
    /// Scores a prediction against the wait that followed.
    #[inline]
    pub(crate) fn add(&mut self, predicted_s: f64, wait_s: f64) {
        let e = predicted_s - wait_s;
        self.n += 1;
        self.error_s += e;
        self.squared_s2 += e * e;
        self.wait_s += wait_s;
    }

    fn merge(&mut self, o: &Self) {
        self.n += o.n;
        self.error_s += o.error_s;
        self.squared_s2 += o.squared_s2;
        self.wait_s += o.wait_s;
    }
}

/// The results for `types` (ids) and `predictors` from each replication's sums, laid out
/// `type * predictors + predictor`: per type, then `"all"`, each predictor in order.
pub(crate) fn aggregate(
    types: &[String],
    predictors: &[Predictor],
    reps: &[Vec<ErrorSums>],
) -> Vec<PredictionResults> {
    let k = predictors.len();
    let all = types.len();
    let sums = |rep: &[ErrorSums], t: usize, p: usize| -> ErrorSums {
        if t == all {
            let mut s = ErrorSums::default();
            for t in 0..all {
                s.merge(&rep[t * k + p]);
            }
            s
        } else {
            rep[t * k + p]
        }
    };
    let mut out = Vec::with_capacity((all + 1) * k);
    for t in 0..=all {
        for (p, &predictor) in predictors.iter().enumerate() {
            let per_rep: Vec<ErrorSums> = reps.iter().map(|r| sums(r, t, p)).collect();
            let scored: Vec<f64> = per_rep.iter().map(|s| s.n as f64).collect();
            let with = || per_rep.iter().filter(|s| s.n > 0);
            let bias: Vec<f64> = with().map(|s| s.error_s / s.n as f64).collect();
            let rmse: Vec<f64> = with().map(|s| (s.squared_s2 / s.n as f64).sqrt()).collect();
            let wait: Vec<f64> = with().map(|s| s.wait_s / s.n as f64).collect();
            out.push(PredictionResults {
                predictor,
                contact_type: types.get(t).map_or_else(|| "all".to_owned(), Clone::clone),
                scored: mean_ci(&scored),
                bias_s: signed_mean_ci(&bias),
                rmse_s: mean_ci(&rmse),
                mean_wait_s: mean_ci(&wait),
            });
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::float_cmp, reason = "exact sums")]
mod tests {
    use super::*;

    #[test]
    fn sums_and_layout() {
        let mut a = ErrorSums::default();
        a.add(10.0, 4.0); // +6
        a.add(2.0, 4.0); // −2
        let b = ErrorSums::default();
        let reps = vec![vec![a, b], vec![a, b]];
        let types = vec!["x".to_owned(), "y".to_owned()];
        let r = aggregate(&types, &[Predictor::HeadOfLine], &reps);
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r[0].contact_type.as_str(), r[0].bias_s.mean),
            ("x", Some(2.0))
        );
        assert_eq!(r[0].rmse_s.mean, Some(20.0f64.sqrt()));
        assert_eq!(r[0].mean_wait_s.mean, Some(4.0));
        // No scored contacts: no bias.
        assert_eq!((r[1].scored.mean, r[1].bias_s.mean), (Some(0.0), None));
        assert_eq!(
            (r[2].contact_type.as_str(), r[2].bias_s.mean),
            ("all", Some(2.0))
        );
    }
}
