"""callwright.plot: the helpers draw what they say, and fail clearly."""

import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from callwright import erlang, forecast, plot  # noqa: E402
from callwright.exceptions import InvalidInputError, MissingDependencyError  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def history():
    index = pd.date_range("2024-01-01", periods=6 * 7 * 24, freq="h")
    values = np.where((index.hour >= 8) & (index.hour < 20), 40.0, 5.0)
    return pd.Series(values, index=index)


def test_forecast_plot():
    h = history()
    fc = forecast.forecast(h, days=2)
    ax = plot.forecast(fc, h.iloc[-48:])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["actual", "p10–p90", "forecast mean"]
    assert len(ax.lines) == 2 and len(ax.collections) == 1
    np.testing.assert_allclose(ax.lines[1].get_ydata(), fc["mean"].to_numpy())


def test_staffing_and_service_level_plots():
    table = erlang.staffing([0, 40, 100, 180], 180, 1800, shrinkage=0.3)
    fig, (top, bottom) = plt.subplots(2)
    assert plot.staffing(table, coverage=[0, 8, 20, 30], ax=top) is top
    assert [t.get_text() for t in top.get_legend().get_texts()] == ["required", "scheduled (with shrinkage)", "coverage"]
    np.testing.assert_array_equal(top.lines[0].get_ydata(), table["required_agents"].to_numpy())
    assert plot.service_level(table, target=0.8, ax=bottom) is bottom
    assert len(bottom.lines) == 2


def test_bad_inputs():
    table = erlang.staffing([10, 20], 180, 1800)
    with pytest.raises(InvalidInputError, match="coverage has 3 values"):
        plot.staffing(table, coverage=[1, 2, 3])
    with pytest.raises(InvalidInputError, match="column"):
        plot.forecast(table)
    with pytest.raises(InvalidInputError, match="DataFrame"):
        plot.service_level([0.8, 0.9])


def test_missing_matplotlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    table = erlang.staffing([10, 20], 180, 1800)
    with pytest.raises(MissingDependencyError, match=r"requires matplotlib: pip install 'callwright\[plot\]'"):
        plot.staffing(table)
