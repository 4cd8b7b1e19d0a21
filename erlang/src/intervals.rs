//! Interval staffing: required agents for every interval of a volume curve.

use rayon::prelude::*;

use crate::error::{Error, Result, check_duration, check_positive_duration};
use crate::staffing::Solver;
use crate::targets::{Model, Targets};

/// Slices at least this long are staffed in parallel by [`required_agents_per_interval`].
pub const PARALLEL_THRESHOLD: usize = 2048;

/// Average handle time for interval staffing: one value for all intervals or one per interval.
///
/// # Examples
///
/// ```
/// use callwright_erlang::Aht;
/// let per = [300.0, 320.0];
/// assert!(matches!(Aht::PerInterval(&per), Aht::PerInterval(_)));
/// let _same = Aht::Constant(300.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aht<'a> {
    /// The same AHT (seconds) in every interval.
    Constant(f64),
    /// One AHT (seconds) per interval, the same length as the volumes.
    PerInterval(&'a [f64]),
}

impl Aht<'_> {
    fn at(&self, index: usize) -> f64 {
        match self {
            Self::Constant(v) => *v,
            Self::PerInterval(values) => values[index],
        }
    }
}

fn prepare(
    model: Model,
    volumes: &[f64],
    aht: Aht<'_>,
    interval_s: f64,
    targets: &Targets,
) -> Result<(Solver, f64)> {
    let interval_s = check_positive_duration("interval_s", interval_s)?;
    if let Aht::PerInterval(values) = aht
        && values.len() != volumes.len()
    {
        return Err(Error::LengthMismatch {
            field: "aht_s",
            expected: volumes.len(),
            found: values.len(),
        });
    }
    Ok((Solver::new(model, targets)?, interval_s))
}

fn one(solver: &Solver, volume: f64, aht_s: f64, interval_s: f64) -> Result<u32> {
    if !(volume.is_finite() && volume >= 0.0) {
        return Err(Error::InvalidVolume { value: volume });
    }
    if volume == 0.0 {
        // No contacts, no agents; the AHT of an empty interval may be 0 but not NaN or < 0.
        check_duration("aht_s", aht_s)?;
        return Ok(0);
    }
    let aht_s = check_positive_duration("aht_s", aht_s)?;
    let a = volume * aht_s / interval_s;
    if !a.is_finite() {
        return Err(Error::InvalidOfferedLoad { value: a });
    }
    solver.solve(a, aht_s)
}

fn first_error(results: Vec<Result<u32>>) -> Result<Vec<u32>> {
    let mut out = Vec::with_capacity(results.len());
    for (index, r) in results.into_iter().enumerate() {
        match r {
            Ok(n) => out.push(n),
            Err(e) => {
                return Err(Error::AtInterval {
                    index,
                    source: Box::new(e),
                });
            }
        }
    }
    Ok(out)
}

/// Required agents per interval (see [`required_agents`](crate::required_agents)), one solve per
/// interval with offered load `a = volume · AHT / interval_s`; a volume of 0 needs 0 agents.
///
/// Runs on the rayon thread pool when there are at least [`PARALLEL_THRESHOLD`] intervals;
/// the result is identical to [`required_agents_per_interval_serial`] (each interval is solved
/// independently by the same code), and on error the *first* failing interval is reported.
///
/// # Errors
///
/// [`Error::LengthMismatch`] when a per-interval AHT slice has the wrong length,
/// [`Error::InvalidDuration`] for `interval_s`, target and model errors as in
/// [`required_agents`](crate::required_agents), and [`Error::AtInterval`] wrapping the first
/// per-interval error (bad volume or AHT, unreachable target).
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Aht, Model, Targets, required_agents_per_interval};
/// let volumes = [0.0, 100.0, 250.0];
/// let n = required_agents_per_interval(Model::ErlangC, &volumes, Aht::Constant(180.0), 1800.0,
///                                      &Targets::default())?;
/// assert_eq!(n[0], 0);
/// assert_eq!(n[1], 14);
/// assert!(n[2] > n[1]);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn required_agents_per_interval(
    model: Model,
    volumes: &[f64],
    aht: Aht<'_>,
    interval_s: f64,
    targets: &Targets,
) -> Result<Vec<u32>> {
    if volumes.len() < PARALLEL_THRESHOLD {
        return required_agents_per_interval_serial(model, volumes, aht, interval_s, targets);
    }
    let (solver, interval_s) = prepare(model, volumes, aht, interval_s, targets)?;
    let results: Vec<Result<u32>> = volumes
        .par_iter()
        .with_min_len(256)
        .enumerate()
        .map(|(i, &v)| one(&solver, v, aht.at(i), interval_s))
        .collect();
    first_error(results)
}

/// The serial path of [`required_agents_per_interval`]: same answers, one thread.
///
/// # Errors
///
/// As [`required_agents_per_interval`].
///
/// # Examples
///
/// ```
/// use callwright_erlang::{Aht, Model, Targets, required_agents_per_interval_serial};
/// let volumes = [100.0, 120.0];
/// let aht = [180.0, 200.0];
/// let n = required_agents_per_interval_serial(Model::ErlangA { patience_s: 120.0 }, &volumes,
///                                             Aht::PerInterval(&aht), 1800.0,
///                                             &Targets::default())?;
/// assert_eq!(n.len(), 2);
/// # Ok::<(), callwright_erlang::Error>(())
/// ```
pub fn required_agents_per_interval_serial(
    model: Model,
    volumes: &[f64],
    aht: Aht<'_>,
    interval_s: f64,
    targets: &Targets,
) -> Result<Vec<u32>> {
    let (solver, interval_s) = prepare(model, volumes, aht, interval_s, targets)?;
    let mut out = Vec::with_capacity(volumes.len());
    for (index, &v) in volumes.iter().enumerate() {
        match one(&solver, v, aht.at(index), interval_s) {
            Ok(n) => out.push(n),
            Err(e) => {
                return Err(Error::AtInterval {
                    index,
                    source: Box::new(e),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_interval() {
        let v = [10.0, f64::NAN, 5.0];
        let e = required_agents_per_interval_serial(
            Model::ErlangC,
            &v,
            Aht::Constant(300.0),
            1800.0,
            &Targets::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::AtInterval { index: 1, .. }));
        let e = required_agents_per_interval(
            Model::ErlangC,
            &v,
            Aht::PerInterval(&[1.0]),
            1800.0,
            &Targets::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::LengthMismatch { .. }));
    }

    #[test]
    fn parallel_equals_serial_large() {
        let volumes: Vec<f64> = (0..5000).map(|i| f64::from((i * 37) % 851)).collect();
        for model in [Model::ErlangC, Model::ErlangA { patience_s: 200.0 }] {
            let t = Targets::default().with_max_asa_s(30.0);
            let p = required_agents_per_interval(model, &volumes, Aht::Constant(300.0), 1800.0, &t)
                .unwrap();
            let s = required_agents_per_interval_serial(
                model,
                &volumes,
                Aht::Constant(300.0),
                1800.0,
                &t,
            )
            .unwrap();
            assert_eq!(p, s);
        }
    }
}
