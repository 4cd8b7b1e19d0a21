"""Lazy imports of the optional dependencies (pandas, matplotlib).

``import callwright`` needs only numpy. Functions that return DataFrames or draw plots call
:func:`import_pandas` / :func:`import_pyplot` when they run, and a missing package raises
:class:`~callwright.exceptions.MissingDependencyError` (an ``ImportError``) saying which extra to
install.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from callwright.exceptions import MissingDependencyError

# module name -> (extra that provides it, what the user asked for it)
_EXTRAS = {
    "pandas": "pandas",
    "matplotlib": "plot",
    "matplotlib.pyplot": "plot",
}


def _import(module: str, feature: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as err:
        top = module.split(".")[0]
        extra = _EXTRAS.get(module, top)
        raise MissingDependencyError(
            f"{feature} requires {top}: pip install 'callwright[{extra}]'"
        ) from err


def import_pandas(feature: str = "this function") -> ModuleType:
    """Import and return pandas, or raise MissingDependencyError naming ``feature``."""
    module: ModuleType = _import("pandas", feature)
    return module


def import_pyplot(feature: str = "this function") -> ModuleType:
    """Import and return matplotlib.pyplot, or raise MissingDependencyError naming ``feature``."""
    module: ModuleType = _import("matplotlib.pyplot", feature)
    return module
