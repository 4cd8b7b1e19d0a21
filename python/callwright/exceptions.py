"""The exceptions raised by callwright.

Every error is a :class:`CallwrightError`. Errors caused by a bad argument (a NaN, a negative
duration, arrays that do not broadcast, an unknown option) are :class:`InvalidInputError`, which
is also a :class:`ValueError`::

    Exception
    └── CallwrightError
        ├── InvalidInputError      (also ValueError)
        ├── UnstableError          (also ValueError)  agents <= offered load: no steady state
        ├── InfeasibleError                           no solution meets the targets
        └── MissingDependencyError (also ImportError) pandas / matplotlib not installed
"""

from callwright._callwright.exceptions import (
    CallwrightError,
    InfeasibleError,
    InvalidInputError,
    MissingDependencyError,
    UnstableError,
)

__all__ = [
    "CallwrightError",
    "InfeasibleError",
    "InvalidInputError",
    "MissingDependencyError",
    "UnstableError",
]
