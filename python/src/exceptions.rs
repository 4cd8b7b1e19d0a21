//! The Python exception hierarchy of callwright.
//!
//! ```text
//! Exception
//! └── CallwrightError                              base of every callwright error
//!     ├── InvalidInputError      (also ValueError)  an argument has a bad value, type or shape
//!     ├── UnstableError          (also ValueError)  the queue has no steady state (agents ≤ load)
//!     ├── InfeasibleError                           no solution meets the targets or constraints
//!     └── MissingDependencyError (also ImportError) an optional extra (pandas, matplotlib) is missing
//! ```
//!
//! `pyo3::create_exception!` gives a class exactly one base, and several of these classes need
//! two (a callwright base and a builtin), so each class is created once per interpreter by
//! calling `type(name, bases, namespace)` and cached. The classes live in the native submodule
//! `callwright._callwright.exceptions` and report `callwright.exceptions` as their module, which
//! re-exports them (so they pickle and print under their public name).

use pyo3::exceptions::{PyException, PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

/// The public module that re-exports the exception classes.
const PUBLIC_MODULE: &str = "callwright.exceptions";

/// One class of the callwright exception hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exc {
    /// `CallwrightError(Exception)`: the base of every error raised by callwright.
    Callwright,
    /// `InvalidInputError(CallwrightError, ValueError)`: an argument has a bad value, type or
    /// shape (NaN, negative, unknown option, arrays of different lengths, ...).
    InvalidInput,
    /// `UnstableError(CallwrightError, ValueError)`: the queue has no steady state (for example
    /// Erlang C with agents ≤ offered load).
    Unstable,
    /// `InfeasibleError(CallwrightError)`: no solution meets the given targets or constraints.
    Infeasible,
    /// `MissingDependencyError(CallwrightError, ImportError)`: an optional dependency (pandas,
    /// matplotlib) is not installed.
    MissingDependency,
}

/// Builtin base classes an exception class adds to its callwright base.
#[derive(Clone, Copy)]
enum Builtin {
    Exception,
    ValueError,
    ImportError,
}

impl Exc {
    /// Every class, parents before children.
    pub const ALL: [Exc; 5] = [
        Exc::Callwright,
        Exc::InvalidInput,
        Exc::Unstable,
        Exc::Infeasible,
        Exc::MissingDependency,
    ];

    /// The class name in Python.
    pub fn name(self) -> &'static str {
        match self {
            Exc::Callwright => "CallwrightError",
            Exc::InvalidInput => "InvalidInputError",
            Exc::Unstable => "UnstableError",
            Exc::Infeasible => "InfeasibleError",
            Exc::MissingDependency => "MissingDependencyError",
        }
    }

    fn doc(self) -> &'static str {
        match self {
            Exc::Callwright => "Base class of every error raised by callwright.",
            Exc::InvalidInput => {
                "An argument has a bad value, type or shape (NaN, negative, unknown option, \
                 arrays that do not broadcast, ...). Also a ValueError."
            }
            Exc::Unstable => {
                "The queue has no steady state: with agents <= offered load the queue grows \
                 without bound (Erlang C). Also a ValueError."
            }
            Exc::Infeasible => "No solution meets the given targets or constraints.",
            Exc::MissingDependency => {
                "An optional dependency (pandas, matplotlib) is not installed. Also an ImportError."
            }
        }
    }

    /// The callwright parent (None for the base) and the builtin parent, in MRO order.
    fn parents(self) -> (Option<Exc>, Option<Builtin>) {
        match self {
            Exc::Callwright => (None, Some(Builtin::Exception)),
            Exc::InvalidInput | Exc::Unstable => (Some(Exc::Callwright), Some(Builtin::ValueError)),
            Exc::Infeasible => (Some(Exc::Callwright), None),
            Exc::MissingDependency => (Some(Exc::Callwright), Some(Builtin::ImportError)),
        }
    }

    fn index(self) -> usize {
        match self {
            Exc::Callwright => 0,
            Exc::InvalidInput => 1,
            Exc::Unstable => 2,
            Exc::Infeasible => 3,
            Exc::MissingDependency => 4,
        }
    }

    /// The Python class, created on first use and cached for the life of the interpreter.
    ///
    /// # Errors
    ///
    /// Only if Python fails to create the class (out of memory).
    pub fn type_object(self, py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
        static TYPES: [PyOnceLock<Py<PyType>>; 5] = [
            PyOnceLock::new(),
            PyOnceLock::new(),
            PyOnceLock::new(),
            PyOnceLock::new(),
            PyOnceLock::new(),
        ];
        let ty = TYPES[self.index()].get_or_try_init(py, || self.create(py))?;
        Ok(ty.bind(py).clone())
    }

    fn create(self, py: Python<'_>) -> PyResult<Py<PyType>> {
        let (parent, builtin) = self.parents();
        let mut bases: Vec<Bound<'_, PyType>> = Vec::with_capacity(2);
        if let Some(parent) = parent {
            bases.push(parent.type_object(py)?);
        }
        if let Some(builtin) = builtin {
            bases.push(match builtin {
                Builtin::Exception => py.get_type::<PyException>(),
                Builtin::ValueError => py.get_type::<PyValueError>(),
                Builtin::ImportError => py.get_type::<PyImportError>(),
            });
        }
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", PUBLIC_MODULE)?;
        namespace.set_item("__doc__", self.doc())?;
        let class =
            py.get_type::<PyType>()
                .call1((self.name(), PyTuple::new(py, bases)?, namespace))?;
        Ok(class.cast_into::<PyType>()?.unbind())
    }

    /// A lazily raised error of this class with `message`.
    pub fn err(self, message: impl Into<String>) -> PyErr {
        let message = message.into();
        Python::attach(|py| match self.type_object(py) {
            Ok(ty) => PyErr::from_type(ty, message),
            Err(err) => err,
        })
    }
}

/// Registers the native submodule `callwright._callwright.exceptions`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = parent.py();
    let module = crate::new_submodule(parent, "exceptions")?;
    for exc in Exc::ALL {
        module.add(exc.name(), exc.type_object(py)?)?;
    }
    crate::add_submodule(parent, &module)
}
