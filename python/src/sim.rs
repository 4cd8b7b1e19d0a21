//! Native half of `callwright.sim`: run a scenario's replications with the GIL released and
//! return the simulator's results as JSON (the Python layer turns them into `DataFrame`s).

use callwright_core::sim::{Scenario, Simulation};
use pyo3::prelude::*;

use crate::error::Error;

/// The accepted values of `format`.
const FORMATS: [&str; 2] = ["toml", "json"];

/// Parses a scenario given as TOML or JSON text.
fn parse(text: &str, format: &str) -> Result<Scenario, Error> {
    match format {
        "toml" => Ok(Scenario::from_toml(text)?),
        "json" => Ok(Scenario::from_json(text)?),
        other => Err(Error::InvalidInput(format!(
            "unknown format '{other}': expected one of '{}', '{}'",
            FORMATS[0], FORMATS[1]
        ))),
    }
}

/// Runs `replications` replications of the scenario from `seed` (on `threads` threads, or
/// the shared pool) and returns the results as JSON. `record_contacts` overrides the
/// scenario's setting when given.
#[pyfunction]
#[pyo3(signature = (
    scenario, *, format = "toml", replications = 30, seed = 0, threads = None,
    record_contacts = None
))]
fn simulate(
    py: Python<'_>,
    scenario: &str,
    format: &str,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    record_contacts: Option<bool>,
) -> PyResult<String> {
    let mut scenario = parse(scenario, format)?;
    if let Some(record) = record_contacts {
        scenario.record_contacts = record;
    }
    let mut run = Simulation::new(scenario)
        .seed(seed)
        .replications(replications);
    if let Some(n) = threads {
        run = run.threads(n);
    }
    let json = py
        .detach(|| run.run().and_then(|results| results.to_json()))
        .map_err(Error::from)?;
    Ok(json)
}

/// Checks a scenario without running it; returns it normalised as JSON (defaults filled in).
#[pyfunction]
#[pyo3(signature = (scenario, *, format = "toml"))]
fn validate(scenario: &str, format: &str) -> PyResult<String> {
    let scenario = parse(scenario, format)?;
    scenario.validate().map_err(Error::from)?;
    Ok(scenario.to_json().map_err(Error::from)?)
}

/// The ids of the scenario's agents in router order (the `agent` column of contact records
/// indexes this list).
#[pyfunction]
#[pyo3(signature = (scenario, *, format = "toml"))]
fn agent_ids(scenario: &str, format: &str) -> PyResult<Vec<String>> {
    let routing = parse(scenario, format)?
        .expanded_routing()
        .map_err(Error::from)?;
    Ok(routing.agents.into_iter().map(|agent| agent.id).collect())
}

/// Registers the native submodule `callwright._callwright.sim`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = crate::new_submodule(parent, "sim")?;
    module.add_function(wrap_pyfunction!(simulate, &module)?)?;
    module.add_function(wrap_pyfunction!(validate, &module)?)?;
    module.add_function(wrap_pyfunction!(agent_ids, &module)?)?;
    crate::add_submodule(parent, &module)
}
