//! Native staffing functions of `callwright.erlang`: required agents, the inverse questions
//! (the load or volume a staff carries) and the per-interval staffing table.
//!
//! Targets arrive as keyword options and are checked here once per call; the per-element work
//! runs with the GIL released.

use callwright_erlang::{
    self as erlang, Aht, Model, PARALLEL_THRESHOLD, ServiceLevelDefinition, Targets,
};
use numpy::{PyArrayDyn, PyReadonlyArrayDyn};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use crate::arrays::{common_shape, locate, map_elements, slice_of, to_pyarray};
use crate::erlang::parse_sl_definition;
use crate::error::Error;

/// The queueing model and the targets, from the keyword options every staffing function takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Goal {
    /// Erlang C, or Erlang A when a patience was given.
    pub(crate) model: Model,
    /// The targets to meet all at once.
    pub(crate) targets: Targets,
}

/// The keyword options as given by the caller, before checking.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct GoalOptions {
    service_level: Option<f64>,
    answer_within_s: Option<f64>,
    max_asa_s: Option<f64>,
    max_occupancy: Option<f64>,
    max_abandon: Option<f64>,
    patience_s: Option<f64>,
}

impl GoalOptions {
    /// Checks the combination of options and builds the model and targets.
    ///
    /// With no target at all the default is 80 % answered within 20 s. `service_level` and
    /// `answer_within_s` go together; `max_abandon` needs `patience_s` (Erlang C has no
    /// abandonment). Ranges are checked by the crate ([`Targets::validate`]).
    fn build(self, sl_definition: &str) -> Result<Goal, Error> {
        let definition: ServiceLevelDefinition = parse_sl_definition(sl_definition)?;
        let model = match self.patience_s {
            Some(patience_s) => Model::ErlangA { patience_s },
            None => Model::ErlangC,
        };
        if self.max_abandon.is_some() && self.patience_s.is_none() {
            return Err(Error::InvalidInput(
                "max_abandon needs patience_s: without a patience (Erlang C) nobody abandons"
                    .to_owned(),
            ));
        }
        let mut targets = Targets::none().with_definition(definition);
        match (self.service_level, self.answer_within_s) {
            (Some(fraction), Some(t)) => targets = targets.with_service_level(fraction, t),
            (Some(_), None) => {
                return Err(Error::InvalidInput(
                    "service_level needs answer_within_s (e.g. service_level=0.8, \
                     answer_within_s=20)"
                        .to_owned(),
                ));
            }
            (None, Some(_)) => {
                return Err(Error::InvalidInput(
                    "answer_within_s needs service_level (e.g. service_level=0.8, \
                     answer_within_s=20)"
                        .to_owned(),
                ));
            }
            (None, None) => {}
        }
        targets.max_asa_s = self.max_asa_s;
        targets.max_occupancy = self.max_occupancy;
        targets.max_abandon = self.max_abandon;
        if targets.is_empty() {
            targets = Targets::default().with_definition(definition);
        }
        targets.validate(model)?;
        Ok(Goal { model, targets })
    }
}

/// Checks a shrinkage: finite, in `[0, 1)`.
fn check_shrinkage(shrinkage: f64) -> Result<f64, Error> {
    // scheduled_agents validates the range and names the field.
    erlang::scheduled_agents(0.0, shrinkage)?;
    Ok(shrinkage)
}

/// Replaces the crate's interval tag by the position in the caller's array.
fn relocate(err: erlang::Error, shape: &[usize]) -> Error {
    match err {
        erlang::Error::AtInterval { index, source } => locate(Error::Erlang(*source), index, shape),
        other => Error::Erlang(other),
    }
}

/// Required agents per element of the broadcast `offered_load` / `aht_s` arrays (agents to
/// schedule when `shrinkage > 0`).
#[pyfunction]
#[pyo3(signature = (
    offered_load, aht_s, *, service_level = None, answer_within_s = None, max_asa_s = None,
    max_occupancy = None, max_abandon = None, patience_s = None, shrinkage = 0.0,
    sl_definition = "of_offered"
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn required_agents<'py>(
    py: Python<'py>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    service_level: Option<f64>,
    answer_within_s: Option<f64>,
    max_asa_s: Option<f64>,
    max_occupancy: Option<f64>,
    max_abandon: Option<f64>,
    patience_s: Option<f64>,
    shrinkage: f64,
    sl_definition: &str,
) -> PyResult<Bound<'py, PyArrayDyn<i64>>> {
    let goal = GoalOptions {
        service_level,
        answer_within_s,
        max_asa_s,
        max_occupancy,
        max_abandon,
        patience_s,
    }
    .build(sl_definition)?;
    let shrinkage = check_shrinkage(shrinkage)?;
    let operands = [("offered_load", &offered_load), ("aht_s", &aht_s)];
    let shape = common_shape(&operands)?;
    let loads = slice_of("offered_load", &offered_load)?;
    let ahts = slice_of("aht_s", &aht_s)?;
    let required = py
        .detach(|| solve_loads(&goal, loads, ahts))
        .map_err(|(i, err)| match i {
            Some(i) => locate(Error::Erlang(err), i, &shape),
            None => Error::Erlang(err),
        })?;
    let mut out = Vec::with_capacity(required.len());
    for (i, n) in required.into_iter().enumerate() {
        let n = erlang::scheduled_agents_ceil(n, shrinkage)
            .map_err(|err| locate(Error::Erlang(err), i, &shape))?;
        out.push(i64::from(n));
    }
    Ok(to_pyarray(py, &shape, out)?)
}

/// Required agents for each `(offered load, AHT)` pair; on error, the first failing position
/// (`None` for an error not tied to one element).
///
/// The crate prepares its solver once per call (the costly part of a single solve) only in
/// [`erlang::required_agents_per_interval`], which takes volumes. A load `a` with handle time
/// `h` is the volume `a / h` of a 1-second interval, which the crate turns back into
/// `(a / h) · h`: equal to `a` to within an ulp, far below any staffing boundary. Loads where
/// that does not hold (non-finite or non-positive AHT, zero or subnormal quotient from a
/// positive load, overflow) go through [`erlang::required_agents`] one by one, which also
/// reports their errors exactly as for a single call.
fn solve_loads(
    goal: &Goal,
    loads: &[f64],
    ahts: &[f64],
) -> Result<Vec<u32>, (Option<usize>, erlang::Error)> {
    let mut volumes = Vec::with_capacity(loads.len());
    let mut batch_ahts = Vec::with_capacity(loads.len());
    let mut batch_index = Vec::with_capacity(loads.len());
    let mut out = vec![0_u32; loads.len()];
    let mut first_error: Option<(usize, erlang::Error)> = None;
    for (i, (&a, &h)) in loads.iter().zip(ahts).enumerate() {
        let v = a / h;
        let batchable = a.is_finite()
            && a >= 0.0
            && h.is_finite()
            && h > 0.0
            && (v.is_normal() || (v == 0.0 && a == 0.0));
        if batchable {
            volumes.push(v);
            batch_ahts.push(h);
            batch_index.push(i);
        } else if first_error.is_none() {
            match erlang::required_agents(goal.model, a, h, &goal.targets) {
                Ok(n) => out[i] = n,
                Err(err) => first_error = Some((i, err)),
            }
        }
    }
    let batch = erlang::required_agents_per_interval(
        goal.model,
        &volumes,
        Aht::PerInterval(&batch_ahts),
        1.0,
        &goal.targets,
    );
    match batch {
        Ok(required) => {
            for (&i, n) in batch_index.iter().zip(required) {
                out[i] = n;
            }
        }
        Err(erlang::Error::AtInterval { index, source }) => {
            let i = batch_index[index];
            if first_error.as_ref().is_none_or(|(j, _)| i < *j) {
                first_error = Some((i, *source));
            }
        }
        Err(err) => return Err((None, err)),
    }
    match first_error {
        Some((i, err)) => Err((Some(i), err)),
        None => Ok(out),
    }
}

/// The largest offered load (Erlangs) each element's `agents` carry at the targets
/// (`inf` when the targets hold at every load).
#[pyfunction]
#[pyo3(signature = (
    agents, aht_s, *, service_level = None, answer_within_s = None, max_asa_s = None,
    max_occupancy = None, max_abandon = None, patience_s = None, sl_definition = "of_offered"
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn max_offered_load<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    service_level: Option<f64>,
    answer_within_s: Option<f64>,
    max_asa_s: Option<f64>,
    max_occupancy: Option<f64>,
    max_abandon: Option<f64>,
    patience_s: Option<f64>,
    sl_definition: &str,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let goal = GoalOptions {
        service_level,
        answer_within_s,
        max_asa_s,
        max_occupancy,
        max_abandon,
        patience_s,
    }
    .build(sl_definition)?;
    let [out] = map_elements(py, [("agents", &agents), ("aht_s", &aht_s)], |[n, aht]| {
        erlang::max_offered_load(goal.model, n, aht, &goal.targets).map(|a| [a])
    })?;
    Ok(out)
}

/// The largest volume per interval of `interval_s` seconds each element's `agents` carry at the
/// targets (`inf` when the targets hold at every load).
#[pyfunction]
#[pyo3(signature = (
    agents, aht_s, interval_s, *, service_level = None, answer_within_s = None,
    max_asa_s = None, max_occupancy = None, max_abandon = None, patience_s = None,
    sl_definition = "of_offered"
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn max_volume<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    interval_s: PyReadonlyArrayDyn<'py, f64>,
    service_level: Option<f64>,
    answer_within_s: Option<f64>,
    max_asa_s: Option<f64>,
    max_occupancy: Option<f64>,
    max_abandon: Option<f64>,
    patience_s: Option<f64>,
    sl_definition: &str,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let goal = GoalOptions {
        service_level,
        answer_within_s,
        max_asa_s,
        max_occupancy,
        max_abandon,
        patience_s,
    }
    .build(sl_definition)?;
    let [out] = map_elements(
        py,
        [
            ("agents", &agents),
            ("aht_s", &aht_s),
            ("interval_s", &interval_s),
        ],
        |[n, aht, interval]| {
            erlang::max_volume(goal.model, n, aht, interval, &goal.targets).map(|v| [v])
        },
    )?;
    Ok(out)
}

/// Columns of the staffing table for one interval.
#[derive(Debug, Clone, Copy)]
struct Row {
    offered_load: f64,
    required: i64,
    scheduled: i64,
    service_level: f64,
    asa_s: f64,
    prob_wait: f64,
    prob_abandon: f64,
    mean_wait_s: f64,
    occupancy: f64,
}

/// The staffing table of a volume curve: per interval the offered load, the required agents,
/// the agents to schedule after shrinkage and the service the required agents give. Intervals
/// without contacts get 0 agents and NaN measures (there is no service to measure).
#[pyfunction]
#[pyo3(signature = (
    volumes, aht_s, interval_s, *, service_level = None, answer_within_s = None,
    max_asa_s = None, max_occupancy = None, max_abandon = None, patience_s = None,
    shrinkage = 0.0, sl_definition = "of_offered"
))]
#[allow(clippy::too_many_arguments)] // the keyword options of the Python API
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn staffing<'py>(
    py: Python<'py>,
    volumes: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    interval_s: f64,
    service_level: Option<f64>,
    answer_within_s: Option<f64>,
    max_asa_s: Option<f64>,
    max_occupancy: Option<f64>,
    max_abandon: Option<f64>,
    patience_s: Option<f64>,
    shrinkage: f64,
    sl_definition: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let goal = GoalOptions {
        service_level,
        answer_within_s,
        max_asa_s,
        max_occupancy,
        max_abandon,
        patience_s,
    }
    .build(sl_definition)?;
    let shrinkage = check_shrinkage(shrinkage)?;
    let shape = common_shape(&[("volumes", &volumes), ("aht_s", &aht_s)])?;
    if shape.len() != 1 {
        return Err(Error::InvalidInput(format!(
            "volumes must be one-dimensional (one value per interval), got shape {shape:?}"
        ))
        .into());
    }
    let volume_values = slice_of("volumes", &volumes)?;
    let aht_values = slice_of("aht_s", &aht_s)?;
    let rows = py
        .detach(|| staffing_rows(&goal, volume_values, aht_values, interval_s, shrinkage))
        .map_err(|err| relocate(err, &shape))?;
    let columns = PyDict::new(py);
    let column = |f: fn(&Row) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let count = |f: fn(&Row) -> i64| rows.iter().map(f).collect::<Vec<i64>>();
    columns.set_item(
        "offered_load",
        to_pyarray(py, &shape, column(|r| r.offered_load))?,
    )?;
    columns.set_item(
        "required_agents",
        to_pyarray(py, &shape, count(|r| r.required))?,
    )?;
    columns.set_item(
        "scheduled_agents",
        to_pyarray(py, &shape, count(|r| r.scheduled))?,
    )?;
    if goal.targets.service_level.is_some() {
        columns.set_item(
            "service_level",
            to_pyarray(py, &shape, column(|r| r.service_level))?,
        )?;
    }
    columns.set_item("asa_s", to_pyarray(py, &shape, column(|r| r.asa_s))?)?;
    columns.set_item(
        "prob_wait",
        to_pyarray(py, &shape, column(|r| r.prob_wait))?,
    )?;
    if patience_s.is_some() {
        columns.set_item(
            "prob_abandon",
            to_pyarray(py, &shape, column(|r| r.prob_abandon))?,
        )?;
        columns.set_item(
            "mean_wait_s",
            to_pyarray(py, &shape, column(|r| r.mean_wait_s))?,
        )?;
    }
    columns.set_item(
        "occupancy",
        to_pyarray(py, &shape, column(|r| r.occupancy))?,
    )?;
    Ok(columns)
}

/// The rows of [`staffing`], computed without the GIL.
fn staffing_rows(
    goal: &Goal,
    volumes: &[f64],
    aht_s: &[f64],
    interval_s: f64,
    shrinkage: f64,
) -> Result<Vec<Row>, erlang::Error> {
    let required = erlang::required_agents_per_interval(
        goal.model,
        volumes,
        Aht::PerInterval(aht_s),
        interval_s,
        &goal.targets,
    )?;
    let answer_within_s = goal
        .targets
        .service_level
        .map_or(0.0, |sl| sl.answer_within_s);
    let row = |index: usize| -> Result<Row, erlang::Error> {
        let (volume, aht, n) = (volumes[index], aht_s[index], required[index]);
        let scheduled = erlang::scheduled_agents_ceil(n, shrinkage)?;
        let offered_load = if volume > 0.0 {
            volume * aht / interval_s
        } else {
            0.0
        };
        if n == 0 {
            return Ok(Row {
                offered_load,
                required: 0,
                scheduled: i64::from(scheduled),
                service_level: f64::NAN,
                asa_s: f64::NAN,
                prob_wait: f64::NAN,
                prob_abandon: f64::NAN,
                mean_wait_s: f64::NAN,
                occupancy: f64::NAN,
            });
        }
        let p = erlang::performance(
            goal.model,
            f64::from(n),
            offered_load,
            aht,
            answer_within_s,
            goal.targets.service_level_definition,
        )?;
        Ok(Row {
            offered_load,
            required: i64::from(n),
            scheduled: i64::from(scheduled),
            service_level: p.service_level,
            asa_s: p.asa_s,
            prob_wait: p.prob_wait,
            prob_abandon: p.prob_abandon,
            mean_wait_s: p.mean_wait_s,
            occupancy: p.occupancy,
        })
    };
    let rows: Vec<Result<Row, erlang::Error>> = if volumes.len() >= PARALLEL_THRESHOLD {
        (0..volumes.len())
            .into_par_iter()
            .with_min_len(256)
            .map(row)
            .collect()
    } else {
        (0..volumes.len()).map(row).collect()
    };
    rows.into_iter()
        .enumerate()
        .map(|(index, r)| {
            r.map_err(|e| erlang::Error::AtInterval {
                index,
                source: Box::new(e),
            })
        })
        .collect()
}

/// Adds the staffing functions to the native submodule `callwright._callwright.erlang`.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(required_agents, module)?)?;
    module.add_function(wrap_pyfunction!(max_offered_load, module)?)?;
    module.add_function(wrap_pyfunction!(max_volume, module)?)?;
    module.add_function(wrap_pyfunction!(staffing, module)?)?;
    Ok(())
}
