"""Optional dependencies are imported lazily with a helpful message."""

import sys

import pytest

from callwright import _dependencies
from callwright.exceptions import CallwrightError, MissingDependencyError


def test_import_pandas_returns_module():
    pd = _dependencies.import_pandas()
    assert hasattr(pd, "DataFrame")


def test_import_pyplot_returns_module():
    plt = _dependencies.import_pyplot()
    assert hasattr(plt, "subplots")


def test_missing_pandas_raises_helpful_error(monkeypatch):
    # a None entry in sys.modules makes `import pandas` raise ImportError
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"requires pandas: pip install 'callwright\[pandas\]'"):
        _dependencies.import_pandas("staffing()")
    with pytest.raises(ImportError):
        _dependencies.import_pandas()
    with pytest.raises(CallwrightError, match="staffing"):
        _dependencies.import_pandas("staffing()")


def test_missing_matplotlib_names_plot_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"requires matplotlib: pip install 'callwright\[plot\]'"):
        _dependencies.import_pyplot()


def test_import_callwright_does_not_import_pandas():
    import subprocess

    code = "import sys, callwright, callwright.erlang; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
