//! Duration distributions for service, after-contact work and patience, all in seconds.

use rand_distr::{Distribution, Exp, Exp1, Gamma, LogNormal};
use serde::{Deserialize, Serialize};

use super::error::{SimResult, invalid};
use super::rng::Xoshiro;

/// A distribution of durations in seconds, as written in a scenario file.
///
/// In TOML: `{ dist = "exponential", mean_s = 120 }`,
/// `{ dist = "lognormal", mean_s = 180, sd_s = 120 }`, `{ dist = "gamma", mean_s = 180, sd_s = 90 }`,
/// `{ dist = "deterministic", value_s = 30 }`, `{ dist = "empirical", values_s = [12, 40, 95] }`
/// (each listed value equally likely).
///
/// # Examples
///
/// ```
/// use callwright_core::sim::Dist;
///
/// let d: Dist = toml::from_str(r#"dist = "lognormal"
/// mean_s = 180
/// sd_s = 120"#).unwrap();
/// assert_eq!(d.mean_s(), 180.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum Dist {
    /// Exponential with the given mean.
    Exponential {
        /// Mean, seconds (> 0).
        mean_s: f64,
    },
    /// Lognormal with the given mean and standard deviation (of the duration itself, not of
    /// its logarithm).
    Lognormal {
        /// Mean, seconds (> 0).
        mean_s: f64,
        /// Standard deviation, seconds (> 0).
        sd_s: f64,
    },
    /// Gamma with the given mean and standard deviation.
    Gamma {
        /// Mean, seconds (> 0).
        mean_s: f64,
        /// Standard deviation, seconds (> 0).
        sd_s: f64,
    },
    /// Always the same value.
    Deterministic {
        /// The value, seconds (>= 0).
        value_s: f64,
    },
    /// Uniform resampling of observed values.
    Empirical {
        /// The observed values, seconds (each >= 0, at least one).
        values_s: Vec<f64>,
    },
}

impl Dist {
    /// The distribution's mean, seconds.
    pub fn mean_s(&self) -> f64 {
        match self {
            Self::Exponential { mean_s }
            | Self::Lognormal { mean_s, .. }
            | Self::Gamma { mean_s, .. } => *mean_s,
            Self::Deterministic { value_s } => *value_s,
            Self::Empirical { values_s } => {
                if values_s.is_empty() {
                    0.0
                } else {
                    values_s.iter().sum::<f64>() / values_s.len() as f64
                }
            }
        }
    }

    /// Validates the parameters and builds the sampler; `field` names the distribution in
    /// errors.
    pub(crate) fn sampler(&self, field: &str) -> SimResult<Sampler> {
        let positive = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(v)
            } else {
                Err(invalid(
                    format!("{field}.{name}"),
                    v,
                    "must be finite and > 0",
                ))
            }
        };
        let bad =
            |name: &str, v: f64| invalid(format!("{field}.{name}"), v, "parameters out of range");
        Ok(match self {
            Self::Exponential { mean_s } => {
                let m = positive("mean_s", *mean_s)?;
                Exp::new(1.0 / m).map_err(|_| bad("mean_s", m))?;
                // What `Exp::new(1 / m)` keeps and multiplies a standard draw by.
                Sampler::Exp {
                    lambda_inverse: 1.0 / (1.0 / m),
                }
            }
            Self::Lognormal { mean_s, sd_s } => {
                let m = positive("mean_s", *mean_s)?;
                let s = positive("sd_s", *sd_s)?;
                let sigma2 = (1.0 + (s / m) * (s / m)).ln();
                let mu = m.ln() - sigma2 / 2.0;
                Sampler::LogNormal(LogNormal::new(mu, sigma2.sqrt()).map_err(|_| bad("sd_s", s))?)
            }
            Self::Gamma { mean_s, sd_s } => {
                let m = positive("mean_s", *mean_s)?;
                let s = positive("sd_s", *sd_s)?;
                let shape = (m / s) * (m / s);
                Sampler::Gamma(Gamma::new(shape, m / shape).map_err(|_| bad("sd_s", s))?)
            }
            Self::Deterministic { value_s } => {
                if !(value_s.is_finite() && *value_s >= 0.0) {
                    return Err(invalid(
                        format!("{field}.value_s"),
                        value_s,
                        "must be finite and >= 0",
                    ));
                }
                Sampler::Const(*value_s)
            }
            Self::Empirical { values_s } => {
                if values_s.is_empty() {
                    return Err(invalid(
                        format!("{field}.values_s"),
                        "[]",
                        "needs at least one value",
                    ));
                }
                for (i, v) in values_s.iter().enumerate() {
                    if !(v.is_finite() && *v >= 0.0) {
                        return Err(invalid(
                            format!("{field}.values_s[{i}]"),
                            v,
                            "must be finite and >= 0",
                        ));
                    }
                }
                Sampler::Empirical(values_s.clone().into_boxed_slice())
            }
        })
    }
}

/// A validated distribution, ready to draw from.
#[derive(Debug, Clone)]
pub(crate) enum Sampler {
    /// Exponential: a standard exponential draw times `lambda_inverse`, exactly as
    /// `rand_distr::Exp` draws, without its call through `Rng::sample`.
    Exp {
        lambda_inverse: f64,
    },
    LogNormal(LogNormal<f64>),
    Gamma(Gamma<f64>),
    Const(f64),
    Empirical(Box<[f64]>),
}

impl Sampler {
    /// [`Sampler::sample`] with the exponential case in line, for the hottest call sites
    /// (service times, patience): it saves a call per draw there.
    #[allow(
        clippy::inline_always,
        reason = "the point of this function: the exponential draw in line"
    )]
    #[inline(always)]
    pub(crate) fn sample_inline(&self, rng: &mut Xoshiro) -> f64 {
        if let Self::Exp { lambda_inverse } = self {
            exponential(*lambda_inverse, rng)
        } else {
            self.sample(rng)
        }
    }

    /// One draw, seconds (finite and non-negative).
    #[inline]
    pub(crate) fn sample(&self, rng: &mut Xoshiro) -> f64 {
        match self {
            Self::Exp { lambda_inverse } => exponential(*lambda_inverse, rng),
            Self::LogNormal(d) => d.sample(rng),
            Self::Gamma(d) => d.sample(rng),
            Self::Const(v) => *v,
            Self::Empirical(values) => {
                let n = values.len() as f64;
                // The float-to-int cast saturates; `min` guards the (impossible) n itself.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let i = ((rng.uniform() * n) as usize).min(values.len() - 1);
                values[i]
            }
        }
    }
}

/// A standard exponential draw times `lambda_inverse`, as `rand_distr::Exp` draws.
#[inline]
fn exponential(lambda_inverse: f64, rng: &mut Xoshiro) -> f64 {
    let e: f64 = Exp1.sample(rng);
    e * lambda_inverse
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(d: &Dist) -> (f64, f64) {
        let s = d.sampler("d").unwrap();
        let mut rng = Xoshiro::new(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / f64::from(n);
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / f64::from(n - 1);
        (m, v.sqrt())
    }

    #[test]
    fn means_and_sds_match() {
        let (m, s) = moments(&Dist::Exponential { mean_s: 120.0 });
        assert!(
            (m / 120.0 - 1.0).abs() < 0.01 && (s / 120.0 - 1.0).abs() < 0.02,
            "{m} {s}"
        );
        let (m, s) = moments(&Dist::Lognormal {
            mean_s: 180.0,
            sd_s: 120.0,
        });
        assert!(
            (m / 180.0 - 1.0).abs() < 0.01 && (s / 120.0 - 1.0).abs() < 0.03,
            "{m} {s}"
        );
        let (m, s) = moments(&Dist::Gamma {
            mean_s: 180.0,
            sd_s: 90.0,
        });
        assert!(
            (m / 180.0 - 1.0).abs() < 0.01 && (s / 90.0 - 1.0).abs() < 0.02,
            "{m} {s}"
        );
        let (m, s) = moments(&Dist::Deterministic { value_s: 30.0 });
        assert!((m - 30.0).abs() < 1e-9 && s.abs() < 1e-9);
        let (m, _) = moments(&Dist::Empirical {
            values_s: vec![10.0, 20.0, 60.0],
        });
        assert!((m - 30.0).abs() < 0.3, "{m}");
    }

    #[test]
    fn bad_parameters_name_the_field() {
        let e = Dist::Exponential { mean_s: -1.0 }
            .sampler("service")
            .unwrap_err();
        assert!(e.to_string().contains("service.mean_s"), "{e}");
        let e = Dist::Empirical { values_s: vec![] }
            .sampler("patience")
            .unwrap_err();
        assert!(e.to_string().contains("patience.values_s"), "{e}");
        let e = Dist::Lognormal {
            mean_s: 1.0,
            sd_s: f64::NAN,
        }
        .sampler("x")
        .unwrap_err();
        assert!(e.to_string().contains("x.sd_s"), "{e}");
        assert!(Dist::Deterministic { value_s: -2.0 }.sampler("x").is_err());
    }
}
