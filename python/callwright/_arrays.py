"""Conversion of the caller's numbers and arrays for the native functions.

Every numeric argument may be a Python number, a numpy scalar or array (integer or float dtype),
a list, or a pandas Series. It is converted explicitly to float64; booleans, strings, complex
numbers, dates and non-numeric objects are refused with
:class:`~callwright.exceptions.InvalidInputError`. The arguments are then broadcast to one shape
with numpy's rules and handed to Rust as C-contiguous float64 arrays (no per-element Python
work). Values (NaN, negative, out of range) are checked in Rust.
"""

from __future__ import annotations

import numbers
from typing import Any, Dict, List, Tuple, Union

import numpy as np
import numpy.typing as npt

from callwright.exceptions import InvalidInputError

#: A number or an array-like of numbers.
ArrayLike = npt.ArrayLike
#: What an element-wise function returns: a float for scalar inputs, else an array.
FloatOrArray = Union[float, npt.NDArray[np.float64]]
#: What an element-wise count function returns: an int for scalar inputs, else an array.
IntOrArray = Union[int, npt.NDArray[np.int64]]

_NUMERIC_KINDS = "iuf"
# Exact types (bool is a subclass of int and is refused).
_PLAIN_SCALARS = (float, int)


def _describe(value: object) -> str:
    return type(value).__name__


def as_float_array(name: str, value: object) -> npt.NDArray[np.float64]:
    """Convert ``value`` to a float64 array, refusing anything that is not numeric."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise InvalidInputError(
            f"{name} must be a number or an array of numbers, got {_describe(value)} {value!r}"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"{name} could not be read as an array of numbers: {err}") from None
    kind = array.dtype.kind
    if kind == "O":
        for item in array.flat:
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
                raise InvalidInputError(
                    f"{name} must hold only numbers, found {_describe(item)} {item!r}"
                )
    if kind in _NUMERIC_KINDS or kind == "O":
        try:
            return np.asarray(array, dtype=np.float64)
        except (OverflowError, TypeError, ValueError) as err:
            raise InvalidInputError(f"{name} could not be converted to float64: {err}") from None
    raise InvalidInputError(
        f"{name} must be numeric (integer or float), got an array of dtype {array.dtype}"
    )


def broadcast(**named: object) -> Tuple[Tuple[int, ...], List[npt.NDArray[np.float64]]]:
    """Convert every argument and broadcast them to one shape.

    Returns the shape and one C-contiguous float64 array of that shape per argument, in order.
    """
    if all(type(value) in _PLAIN_SCALARS for value in named.values()):
        # Fast path for plain Python numbers: 0-d arrays, nothing to broadcast.
        try:
            return (), [np.array(value, dtype=np.float64) for value in named.values()]
        except OverflowError:
            pass  # an int too large for a float: the general path reports it
    arrays: Dict[str, npt.NDArray[np.float64]] = {
        name: as_float_array(name, value) for name, value in named.items()
    }
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise InvalidInputError(f"arguments do not broadcast to one shape: {shapes}") from None
    # asarray(order="C") copies only when needed and, unlike ascontiguousarray, keeps 0-d
    # arrays 0-d (so errors for scalar inputs carry no index).
    out = [np.asarray(np.broadcast_to(a, shape), order="C") for a in arrays.values()]
    return shape, out


def scalar_option(name: str, value: object) -> Any:
    """Check a keyword option that must be a single number (or None): returns a float or None."""
    if value is None:
        return None
    array = as_float_array(name, value)
    if array.ndim != 0:
        raise InvalidInputError(f"{name} must be a single number, got an array of shape {array.shape}")
    return float(array)


def scalar(name: str, value: object) -> float:
    """Check an argument that must be a single number (None is refused)."""
    if value is None:
        raise InvalidInputError(f"{name} must be a number, got None")
    result: float = scalar_option(name, value)
    return result


def unwrap_float(shape: Tuple[int, ...], array: npt.NDArray[np.float64]) -> FloatOrArray:
    """A Python float for 0-d results, else the array."""
    if shape == ():
        return float(array.reshape(()))
    return array


def unwrap_int(shape: Tuple[int, ...], array: npt.NDArray[np.int64]) -> IntOrArray:
    """A Python int for 0-d results, else the array."""
    if shape == ():
        return int(array.reshape(()))
    return array
