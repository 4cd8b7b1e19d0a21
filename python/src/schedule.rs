//! Native half of `callwright.schedule`: solve a shift scheduling problem given as JSON (the
//! fields of `callwright_schedule::ScheduleProblem`) with the GIL released, and return the
//! schedule as JSON (the Python layer turns it into `DataFrame`s).

use callwright_schedule::ScheduleProblem;
use pyo3::prelude::*;

use crate::error::Error;

/// Parses a problem from JSON.
fn parse(problem: &str) -> Result<ScheduleProblem, Error> {
    serde_json::from_str(problem)
        .map_err(|err| Error::InvalidInput(format!("scheduling problem does not parse: {err}")))
}

/// Validates, builds and solves the problem; returns the schedule as JSON.
#[pyfunction]
fn solve(py: Python<'_>, problem: &str) -> PyResult<String> {
    let problem = parse(problem)?;
    let schedule = py.detach(|| problem.solve()).map_err(Error::from)?;
    serde_json::to_string(&schedule)
        .map_err(|err| Error::InvalidInput(format!("schedule does not serialise: {err}")).into())
}

/// Validates the problem and returns the number of shift options the templates expand to.
#[pyfunction]
fn shift_options(problem: &str) -> PyResult<usize> {
    let scheduler = parse(problem)?.build().map_err(Error::from)?;
    Ok(scheduler.shift_options())
}

/// Registers the native submodule `callwright._callwright.schedule`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = crate::new_submodule(parent, "schedule")?;
    module.add_function(wrap_pyfunction!(solve, &module)?)?;
    module.add_function(wrap_pyfunction!(shift_options, &module)?)?;
    crate::add_submodule(parent, &module)
}
