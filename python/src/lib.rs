//! The native module `callwright._callwright`: thin PyO3 wrappers over the callwright crates.
//! The public Python API is the `callwright` package, which re-exports from here.

use pyo3::prelude::*;

/// The native extension module.
#[pymodule]
fn _callwright(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
