//! Native half of `callwright.erlang`: Erlang B / C / A over float64 arrays.
//!
//! Every function takes C-contiguous float64 arrays of one shape (the Python layer converts and
//! broadcasts the caller's scalars, lists and arrays) and returns new arrays of that shape.
//! The work runs with the GIL released.

use callwright_erlang::{self as erlang, ErlangA, ErlangC, MAX_AGENTS, ServiceLevelDefinition};
use numpy::{PyArrayDyn, PyReadonlyArrayDyn};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arrays::map_elements;
use crate::error::Error;

/// Names of the service-level definitions, as accepted by `sl_definition`.
const SL_DEFINITIONS: [(&str, ServiceLevelDefinition); 3] = [
    ("of_offered", ServiceLevelDefinition::OfOffered),
    (
        "of_offered_less_short_abandons",
        ServiceLevelDefinition::OfOfferedLessShortAbandons,
    ),
    ("of_answered", ServiceLevelDefinition::OfAnswered),
];

/// Parses a service-level definition name.
///
/// # Errors
///
/// [`Error::InvalidInput`] listing the allowed names.
pub(crate) fn parse_sl_definition(name: &str) -> Result<ServiceLevelDefinition, Error> {
    SL_DEFINITIONS
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, definition)| *definition)
        .ok_or_else(|| {
            let allowed: Vec<String> = SL_DEFINITIONS
                .iter()
                .map(|(key, _)| format!("'{key}'"))
                .collect();
            Error::InvalidInput(format!(
                "unknown sl_definition '{name}': expected one of {}",
                allowed.join(", ")
            ))
        })
}

/// `agents` as a whole number when it is one (and in range), for the integer recursions.
fn whole_agents(agents: f64) -> Option<u64> {
    if agents.fract() == 0.0 && (0.0..=MAX_AGENTS).contains(&agents) {
        // A whole number in [0, 1e8]: the conversion is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(agents as u64)
    } else {
        None
    }
}

/// Erlang B blocking probability per element (integer recursion for whole `agents`, the
/// continuous extension for fractional ones).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn erlang_b<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let [out] = map_elements(
        py,
        [("agents", &agents), ("offered_load", &offered_load)],
        |[n, a]| {
            match whole_agents(n) {
                Some(whole) => erlang::erlang_b(whole, a),
                None => erlang::erlang_b_continuous(n, a),
            }
            .map(|b| [b])
        },
    )?;
    Ok(out)
}

/// Erlang C probability of waiting per element (integer recursion for whole `agents`, the
/// continuous extension for fractional ones).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn erlang_c<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let [out] = map_elements(
        py,
        [("agents", &agents), ("offered_load", &offered_load)],
        |[n, a]| {
            match whole_agents(n) {
                Some(whole) => erlang::erlang_c(whole, a),
                None => erlang::erlang_c_continuous(n, a),
            }
            .map(|c| [c])
        },
    )?;
    Ok(out)
}

/// Erlang C service level, ASA (s), occupancy, probability of waiting and mean queue length
/// per element; the service level is for `answer_within_s`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn erlang_c_measures<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    answer_within_s: PyReadonlyArrayDyn<'py, f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let outputs = map_elements(
        py,
        [
            ("agents", &agents),
            ("offered_load", &offered_load),
            ("aht_s", &aht_s),
            ("answer_within_s", &answer_within_s),
        ],
        |[n, a, aht, t]| {
            let q = ErlangC::new(n, a, aht)?;
            Ok::<_, erlang::Error>([
                q.service_level(t)?,
                q.asa_s(),
                q.occupancy(),
                q.prob_wait(),
                q.mean_queue_length(),
            ])
        },
    )?;
    measures_dict(
        py,
        [
            "service_level",
            "asa_s",
            "occupancy",
            "prob_wait",
            "mean_queue_length",
        ],
        outputs,
    )
}

/// Erlang C waiting-time percentile (s) per element: the wait that a fraction `p` of
/// contacts does not exceed.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn wait_percentile<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    p: PyReadonlyArrayDyn<'py, f64>,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let [out] = map_elements(
        py,
        [
            ("agents", &agents),
            ("offered_load", &offered_load),
            ("aht_s", &aht_s),
            ("p", &p),
        ],
        |[n, a, aht, p]| {
            let q = ErlangC::new(n, a, aht)?;
            q.wait_percentile_s(p).map(|w| [w])
        },
    )?;
    Ok(out)
}

/// Erlang A (M/M/n+M) measures per element: probabilities of waiting and abandoning, ASA of
/// answered contacts (s), mean wait of all contacts (s), mean queue length, occupancy, and,
/// when `answer_within_s` is given, the service level under `sl_definition`.
#[pyfunction]
#[pyo3(signature = (agents, offered_load, aht_s, patience_s, answer_within_s, *, sl_definition = "of_offered"))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments by value
fn erlang_a<'py>(
    py: Python<'py>,
    agents: PyReadonlyArrayDyn<'py, f64>,
    offered_load: PyReadonlyArrayDyn<'py, f64>,
    aht_s: PyReadonlyArrayDyn<'py, f64>,
    patience_s: PyReadonlyArrayDyn<'py, f64>,
    answer_within_s: Option<PyReadonlyArrayDyn<'py, f64>>,
    sl_definition: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let definition = parse_sl_definition(sl_definition)?;
    let names = [
        "prob_wait",
        "prob_abandon",
        "asa_s",
        "mean_wait_s",
        "mean_queue_length",
        "occupancy",
    ];
    let operands = [
        ("agents", &agents),
        ("offered_load", &offered_load),
        ("aht_s", &aht_s),
        ("patience_s", &patience_s),
    ];
    let measures = |q: &ErlangA| {
        [
            q.prob_wait(),
            q.prob_abandon(),
            q.asa_s(),
            q.mean_wait_s(),
            q.mean_queue_length(),
            q.occupancy(),
        ]
    };
    let Some(answer_within_s) = answer_within_s else {
        let outputs = map_elements(py, operands, |[n, a, aht, patience]| {
            ErlangA::new(n, a, aht, patience).map(|q| measures(&q))
        })?;
        return measures_dict(py, names, outputs);
    };
    let [o0, o1, o2, o3] = operands;
    let outputs = map_elements(
        py,
        [o0, o1, o2, o3, ("answer_within_s", &answer_within_s)],
        |[n, a, aht, patience, t]| {
            let q = ErlangA::new(n, a, aht, patience)?;
            let [m0, m1, m2, m3, m4, m5] = measures(&q);
            Ok::<_, erlang::Error>([
                m0,
                m1,
                m2,
                m3,
                m4,
                m5,
                q.service_level(t, definition)?,
                q.answered_within(t)?,
                q.abandoned_within(t)?,
            ])
        },
    )?;
    let names = [
        names[0],
        names[1],
        names[2],
        names[3],
        names[4],
        names[5],
        "service_level",
        "answered_within",
        "abandoned_within",
    ];
    measures_dict(py, names, outputs)
}

/// A dict mapping each measure name to its array.
fn measures_dict<'py, const M: usize>(
    py: Python<'py>,
    names: [&str; M],
    arrays: [Bound<'py, PyArrayDyn<f64>>; M],
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, array) in names.into_iter().zip(arrays) {
        dict.set_item(name, array)?;
    }
    Ok(dict)
}

/// Registers the native submodule `callwright._callwright.erlang`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = crate::new_submodule(parent, "erlang")?;
    module.add_function(wrap_pyfunction!(erlang_b, &module)?)?;
    module.add_function(wrap_pyfunction!(erlang_c, &module)?)?;
    module.add_function(wrap_pyfunction!(erlang_c_measures, &module)?)?;
    module.add_function(wrap_pyfunction!(wait_percentile, &module)?)?;
    module.add_function(wrap_pyfunction!(erlang_a, &module)?)?;
    crate::staffing::register(&module)?;
    module.add(
        "SL_DEFINITIONS",
        SL_DEFINITIONS.map(|(name, _)| name).to_vec(),
    )?;
    crate::add_submodule(parent, &module)
}
