//! Accuracy metrics: WAPE, MASE, pinball loss, interval coverage and the Poisson noise floor.

use statrs::function::gamma::ln_gamma;

use crate::error::{Error, Result};
use crate::series::Series;

fn same_len(field: &'static str, got: usize, expected: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            field,
            got,
            expected,
        })
    }
}

fn check_all(field: &'static str, v: &[f64]) -> Result<()> {
    v.iter()
        .try_for_each(|&x| crate::error::check_non_negative(field, x).map(|_| ()))
}

/// Observed values of `actual` and `forecast` at the (date, slot) keys present in both, in time
/// order.
///
/// # Errors
///
/// [`Error::ResolutionMismatch`] when the series have different resolutions.
pub fn aligned(actual: &Series, forecast: &Series) -> Result<(Vec<f64>, Vec<f64>)> {
    if actual.resolution() != forecast.resolution() {
        return Err(Error::ResolutionMismatch {
            left_minutes: actual.resolution().minutes(),
            right_minutes: forecast.resolution().minutes(),
        });
    }
    Ok(actual
        .iter()
        .filter_map(|(d, s, y)| forecast.get(d, s).map(|f| (y, f)))
        .unzip())
}

/// Weighted absolute percentage error.
///
/// # Formula
///
/// ```text
/// WAPE = Σ |yᵢ − ŷᵢ| / Σ yᵢ
/// ```
///
/// # Examples
///
/// ```
/// use callwright_forecast::wape;
/// assert_eq!(wape(&[10.0, 30.0], &[12.0, 27.0])?, 0.125);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::LengthMismatch`], [`Error::InvalidValue`] for negative or non-finite input,
/// [`Error::Empty`] when the actuals sum to zero.
pub fn wape(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    same_len("forecast", forecast.len(), actual.len())?;
    check_all("actual", actual)?;
    check_all("forecast", forecast)?;
    let total: f64 = actual.iter().sum();
    if total <= 0.0 {
        return Err(Error::Empty {
            what: "actual total",
        });
    }
    Ok(abs_err(actual, forecast) / total)
}

fn abs_err(actual: &[f64], forecast: &[f64]) -> f64 {
    actual
        .iter()
        .zip(forecast)
        .map(|(y, f)| (y - f).abs())
        .sum()
}

/// Mean absolute scaled error: mean absolute error divided by `scale`, normally the in-sample
/// error of the weekly seasonal naive ([`seasonal_naive_scale`]).
///
/// # Errors
///
/// As [`wape`]; [`Error::InvalidParameter`] when `scale` is not positive and finite.
pub fn mase(actual: &[f64], forecast: &[f64], scale: f64) -> Result<f64> {
    same_len("forecast", forecast.len(), actual.len())?;
    check_all("actual", actual)?;
    check_all("forecast", forecast)?;
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::InvalidParameter {
            name: "scale",
            value: scale,
            allowed: "finite and > 0",
        });
    }
    if actual.is_empty() {
        return Err(Error::Empty { what: "actual" });
    }
    Ok(abs_err(actual, forecast) / actual.len() as f64 / scale)
}

/// In-sample mean absolute error of the weekly seasonal naive: each observed interval against
/// the same slot on the most recent earlier observed day of the same weekday. Calendar-aligned,
/// so a missing day never compares a Monday with a Tuesday.
///
/// # Errors
///
/// [`Error::Empty`] when no interval has an earlier same-weekday value, or the error is zero.
pub fn seasonal_naive_scale(history: &Series) -> Result<f64> {
    let first = history
        .first_date()
        .ok_or(Error::Empty { what: "history" })?;
    let (mut sum, mut n) = (0.0, 0.0);
    for (d, s, y) in history.iter() {
        let mut prev = Series::weeks_before(d, 1);
        while let Some(p) = prev.filter(|&p| p >= first) {
            if let Some(x) = history.get(p, s) {
                sum += (y - x).abs();
                n += 1.0;
                break;
            }
            prev = Series::weeks_before(p, 1);
        }
    }
    if n == 0.0 || sum <= 0.0 {
        return Err(Error::Empty {
            what: "seasonal naive in-sample errors",
        });
    }
    Ok(sum / n)
}

/// Mean pinball (quantile) loss of the `p`-quantile forecasts `q`.
///
/// # Formula
///
/// ```text
/// L = mean max(p·(y − q), (p − 1)·(y − q))
/// ```
///
/// # Errors
///
/// As [`wape`] (without the zero-total check); [`Error::InvalidParameter`] unless 0 < p < 1.
pub fn pinball_loss(actual: &[f64], q: &[f64], p: f64) -> Result<f64> {
    same_len("quantile", q.len(), actual.len())?;
    check_probability(p)?;
    if actual.is_empty() {
        return Err(Error::Empty { what: "actual" });
    }
    let loss: f64 = actual
        .iter()
        .zip(q)
        .map(|(y, q)| {
            let e = y - q;
            (p * e).max((p - 1.0) * e)
        })
        .sum();
    Ok(loss / actual.len() as f64)
}

pub(crate) fn check_probability(p: f64) -> Result<()> {
    if p > 0.0 && p < 1.0 {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name: "probability",
            value: p,
            allowed: "strictly between 0 and 1",
        })
    }
}

/// Share of actuals inside `[lower, upper]` (bounds included).
///
/// # Errors
///
/// [`Error::LengthMismatch`], [`Error::Empty`] for empty input.
pub fn coverage(actual: &[f64], lower: &[f64], upper: &[f64]) -> Result<f64> {
    same_len("lower", lower.len(), actual.len())?;
    same_len("upper", upper.len(), actual.len())?;
    if actual.is_empty() {
        return Err(Error::Empty { what: "actual" });
    }
    let inside = actual
        .iter()
        .zip(lower.iter().zip(upper))
        .filter(|(y, (l, u))| *l <= *y && *y <= *u)
        .count();
    Ok(inside as f64 / actual.len() as f64)
}

/// Mean absolute deviation E|Y − λ| of a Poisson(λ) count about its mean, exactly.
///
/// # Formula
///
/// ```text
/// E|Y − λ| = 2 · λ^(⌊λ⌋+1) · e^(−λ) / ⌊λ⌋!        (≈ √(2λ/π) for large λ)
/// ```
///
/// # Examples
///
/// ```
/// use callwright_forecast::poisson_mean_abs_dev;
/// // λ = 1: E|Y − 1| = P(Y=0)·1 + P(Y=2)·1 + P(Y=3)·2 + ... = 2/e
/// assert!((poisson_mean_abs_dev(1.0)? - 2.0 / std::f64::consts::E).abs() < 1e-12);
/// # Ok::<(), callwright_forecast::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] for a negative or non-finite rate.
pub fn poisson_mean_abs_dev(lambda: f64) -> Result<f64> {
    crate::error::check_non_negative("rate", lambda)?;
    if lambda == 0.0 {
        return Ok(0.0);
    }
    let k = lambda.floor();
    Ok(2.0 * ((k + 1.0) * lambda.ln() - lambda - ln_gamma(k + 1.0)).exp())
}

/// The WAPE a perfect rate forecast would still score because counts are Poisson around their
/// rate, taking the actuals as the rates: Σ E|Y − yᵢ| / Σ yᵢ with Y ~ Poisson(yᵢ).
///
/// # Errors
///
/// As [`poisson_mean_abs_dev`]; [`Error::Empty`] when the actuals sum to zero.
pub fn poisson_floor_wape(actual: &[f64]) -> Result<f64> {
    let total: f64 = actual.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(Error::Empty {
            what: "actual total",
        });
    }
    let mut mad = 0.0;
    for &y in actual {
        mad += poisson_mean_abs_dev(y)?;
    }
    Ok(mad / total)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "tests compare exactly representable values"
)]
mod tests {
    use super::*;
    use crate::calendar::Resolution;
    use chrono::{Days, NaiveDate};

    #[test]
    fn hand_computed() {
        assert!((mase(&[1.0, 3.0], &[2.0, 2.0], 2.0).unwrap() - 0.5).abs() < 1e-12);
        // p = 0.9: under-forecast by 10 costs 9, over-forecast by 10 costs 1
        assert!((pinball_loss(&[10.0, 0.0], &[0.0, 10.0], 0.9).unwrap() - 5.0).abs() < 1e-12);
        assert_eq!(
            coverage(&[1.0, 5.0, 9.0], &[0.0, 6.0, 9.0], &[2.0, 8.0, 9.0]).unwrap(),
            2.0 / 3.0
        );
        assert!(wape(&[0.0], &[1.0]).is_err());
        assert!(wape(&[1.0], &[1.0, 2.0]).is_err());
        assert!(wape(&[1.0], &[f64::NAN]).is_err());
        assert!(pinball_loss(&[1.0], &[1.0], 1.0).is_err());
    }

    #[test]
    fn poisson_mad_matches_direct_sum() {
        for lambda in [0.3, 2.5, 17.0, 150.7] {
            let direct: f64 = (0..2000u32)
                .map(|y| {
                    let yf = f64::from(y);
                    let lp = yf * f64::ln(lambda) - lambda - ln_gamma(yf + 1.0);
                    (yf - lambda).abs() * lp.exp()
                })
                .sum();
            let exact = poisson_mean_abs_dev(lambda).unwrap();
            assert!((exact - direct).abs() < 1e-9 * direct.max(1.0), "{lambda}");
        }
        let big = poisson_mean_abs_dev(1000.0).unwrap();
        assert!((big / (2000.0 / std::f64::consts::PI).sqrt() - 1.0).abs() < 1e-3);
    }

    #[test]
    fn scale_walks_past_missing_days() {
        let mon = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut h = Series::new(Resolution::DAY);
        h.set(mon, 0, 10.0).unwrap();
        h.set(mon + Days::new(1), 0, 100.0).unwrap(); // a Tuesday, never compared with Monday
        h.set(mon + Days::new(14), 0, 16.0).unwrap(); // week 2 Monday; week 1 missing
        h.set(mon + Days::new(21), 0, 13.0).unwrap();
        // |16 − 10| and |13 − 16|
        assert!((seasonal_naive_scale(&h).unwrap() - 4.5).abs() < 1e-12);
    }
}
