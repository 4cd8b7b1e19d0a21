//! Element-wise evaluation over float64 arrays of one shape, with the GIL released.
//!
//! The Python layer converts every numeric argument to a C-contiguous float64 array and
//! broadcasts them to one shape; the functions here check that, view the arrays as slices, run
//! a pure Rust function per element inside `py.detach` and return new arrays of the same shape.
//! An error at one element is reported with that element's position.

use numpy::ndarray::{ArrayD, IxDyn};
use numpy::{Element, IntoPyArray, PyArrayDyn, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

use crate::error::Error;

/// A named float64 array argument.
pub(crate) type Operand<'a, 'py> = (&'static str, &'a PyReadonlyArrayDyn<'py, f64>);

/// The shape all `operands` share.
///
/// # Errors
///
/// [`Error::InvalidInput`] when there are no operands or two shapes differ.
pub(crate) fn common_shape(operands: &[Operand<'_, '_>]) -> Result<Vec<usize>, Error> {
    let Some((first_name, first)) = operands.first() else {
        return Err(Error::InvalidInput("no array arguments".to_owned()));
    };
    let shape = first.shape().to_vec();
    for (name, array) in &operands[1..] {
        if array.shape() != shape.as_slice() {
            return Err(Error::InvalidInput(format!(
                "{name} has shape {:?} but {first_name} has shape {shape:?}",
                array.shape()
            )));
        }
    }
    Ok(shape)
}

/// The elements of a C-contiguous array as a slice.
///
/// # Errors
///
/// [`Error::InvalidInput`] when the array is not C-contiguous.
pub(crate) fn slice_of<'a>(
    name: &str,
    array: &'a PyReadonlyArrayDyn<'_, f64>,
) -> Result<&'a [f64], Error> {
    array
        .as_slice()
        .map_err(|_| Error::InvalidInput(format!("{name} must be a C-contiguous float64 array")))
}

/// The multi-dimensional index of flat position `flat` in a C-ordered array of `shape`.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (slot, &extent) in index.iter_mut().zip(shape).rev() {
        if extent > 0 {
            *slot = flat % extent;
            flat /= extent;
        }
    }
    index
}

/// Tags `err` with the position of element `flat` of an array of `shape` (nothing for 0-d).
pub(crate) fn locate(err: Error, flat: usize, shape: &[usize]) -> Error {
    if shape.is_empty() {
        err
    } else {
        err.at(unravel(flat, shape))
    }
}

/// A new array of `shape` holding `values` (in C order).
///
/// # Errors
///
/// [`Error::InvalidInput`] if the number of values does not match the shape (a bug here).
pub(crate) fn to_pyarray<'py, T: Element>(
    py: Python<'py>,
    shape: &[usize],
    values: Vec<T>,
) -> Result<Bound<'py, PyArrayDyn<T>>, Error> {
    ArrayD::from_shape_vec(IxDyn(shape), values)
        .map(|array| array.into_pyarray(py))
        .map_err(|err| Error::InvalidInput(format!("result does not fit shape {shape:?}: {err}")))
}

/// Evaluates `f` at every element of the `N` same-shape float64 arrays, giving `M` outputs per element,
/// with the GIL released. Stops at the first failing element and reports its position.
///
/// # Errors
///
/// [`Error::InvalidInput`] when shapes differ or an array is not contiguous; the error of `f`
/// at the first failing element otherwise.
pub(crate) fn map_elements<'py, const N: usize, const M: usize, T, E, F>(
    py: Python<'py>,
    operands: [Operand<'_, 'py>; N],
    f: F,
) -> Result<[Bound<'py, PyArrayDyn<T>>; M], Error>
where
    T: Element + Copy + Send,
    E: Into<Error> + Send,
    F: Fn([f64; N]) -> Result<[T; M], E> + Send + Sync,
{
    let shape = common_shape(&operands)?;
    let mut slices: [&[f64]; N] = [&[]; N];
    for (slot, (name, array)) in slices.iter_mut().zip(operands) {
        *slot = slice_of(name, array)?;
    }
    let len: usize = shape.iter().product();
    let outcome = py.detach(|| {
        let mut outputs: [Vec<T>; M] = std::array::from_fn(|_| Vec::with_capacity(len));
        (0..len).try_for_each(|i| {
            let args: [f64; N] = std::array::from_fn(|k| slices[k][i]);
            let values = f(args).map_err(|err| (i, err))?;
            for (output, value) in outputs.iter_mut().zip(values) {
                output.push(value);
            }
            Ok::<_, (usize, E)>(())
        })?;
        Ok(outputs)
    });
    let outputs = outcome.map_err(|(i, err)| locate(err.into(), i, &shape))?;
    let mut arrays = Vec::with_capacity(M);
    for values in outputs {
        arrays.push(to_pyarray(py, &shape, values)?);
    }
    arrays
        .try_into()
        .map_err(|_| Error::InvalidInput("wrong number of outputs".to_owned()))
}
