//! The native module `callwright._callwright`: thin `PyO3` wrappers over the callwright crates.
//!
//! The public Python API is the `callwright` package, which re-exports from here and adds the
//! pure-Python glue (broadcasting of inputs, pandas and plotting helpers). Each crate gets one
//! native submodule (`callwright._callwright.erlang`, ...), registered in `sys.modules` so it
//! can be imported by its dotted name.

use pyo3::prelude::*;

mod arrays;
mod erlang;
pub mod error;
pub mod exceptions;
mod forecast;
mod routing;
mod schedule;
mod sim;
mod staffing;

/// Creates the submodule `callwright._callwright.<name>` (not yet attached to `parent`).
pub(crate) fn new_submodule<'py>(
    parent: &Bound<'py, PyModule>,
    name: &str,
) -> PyResult<Bound<'py, PyModule>> {
    let full = format!("{}.{name}", parent.name()?);
    PyModule::new(parent.py(), &full)
}

/// Attaches `module` to `parent` and registers it in `sys.modules` under its dotted name, so
/// `import callwright._callwright.<name>` works.
pub(crate) fn add_submodule(
    parent: &Bound<'_, PyModule>,
    module: &Bound<'_, PyModule>,
) -> PyResult<()> {
    parent.add_submodule(module)?;
    parent
        .py()
        .import("sys")?
        .getattr("modules")?
        .set_item(module.name()?, module)
}

/// The native extension module.
#[pymodule]
fn _callwright(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    exceptions::register(m)?;
    erlang::register(m)?;
    forecast::register(m)?;
    routing::register(m)?;
    sim::register(m)?;
    schedule::register(m)?;
    Ok(())
}
