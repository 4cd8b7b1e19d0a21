"""callwright: contact-centre routing, forecasting, staffing, scheduling and simulation.

Submodules:

- :mod:`callwright.erlang`: Erlang B / C / A, service measures and staffing per interval.
- :mod:`callwright.forecast`: forecasts per interval with quantiles, and backtests (pandas).
- :mod:`callwright.routing`: the embeddable :class:`~callwright.routing.Router`.
- :mod:`callwright.schedule`: shifts with breaks covering a requirement (MIP on HiGHS).
- :mod:`callwright.sim`: discrete-event simulation driving the same router (pandas).
- :mod:`callwright.plot`: matplotlib helpers (forecast band, staffing, service level).
- :mod:`callwright.exceptions`: the exception hierarchy (:class:`CallwrightError` base).

Durations are in seconds and say so in their names (``aht_s``, ``answer_within_s``).
"""

from callwright import erlang, exceptions, forecast, plot, routing, schedule, sim
from callwright._callwright import __version__
from callwright.exceptions import CallwrightError

__all__ = [
    "CallwrightError",
    "__version__",
    "erlang",
    "exceptions",
    "forecast",
    "plot",
    "routing",
    "schedule",
    "sim",
]
