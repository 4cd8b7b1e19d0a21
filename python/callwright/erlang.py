"""Erlang B, C and A: queueing formulas, service measures and staffing.

Every function takes numbers or arrays and broadcasts them with numpy's rules, so one call
covers a whole day of intervals. Scalar inputs give a Python ``float`` (or ``int``); any array
input gives a numpy array of the broadcast shape. Integer and float inputs are both accepted.
Durations are in seconds and say so in their names (``aht_s``, ``answer_within_s``,
``patience_s``, ``interval_s``); the offered load ``a = λ · AHT`` is in Erlangs.

Bad values (NaN, infinite, negative, out of range, arrays that do not broadcast, strings, an
unknown option) raise :class:`~callwright.exceptions.InvalidInputError` (a ``ValueError``); an
error at one element of an array names its index. Erlang C with ``agents <= offered_load`` has
no steady state and raises :class:`~callwright.exceptions.UnstableError`; targets no staffing
can meet raise :class:`~callwright.exceptions.InfeasibleError`.

Service level with abandonment (Erlang A) can be counted three ways, chosen with
``sl_definition``: ``"of_offered"`` (answered within t / offered, the default and strictest),
``"of_offered_less_short_abandons"`` (answered within t / (offered − abandoned within t)) and
``"of_answered"`` (answered within t / answered). Without abandonment (Erlang C) they coincide.

Example: 100 calls per 30 minutes at an AHT of 180 s is an offered load of 10 Erlangs; 80 %
answered within 20 s needs 14 agents::

    >>> from callwright import erlang
    >>> erlang.required_agents(10.0, 180, service_level=0.8, answer_within_s=20)
    14
    >>> round(erlang.service_level(14, 10.0, 180, 20), 3)
    0.888
"""

from __future__ import annotations

import html
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, overload

import numpy as np
import numpy.typing as npt

from callwright import _arrays
from callwright._arrays import ArrayLike, FloatOrArray, IntOrArray
from callwright._callwright import erlang as _native
from callwright._dependencies import import_pandas
from callwright.exceptions import InvalidInputError

if TYPE_CHECKING:
    # pandas is optional and its type stubs are a separate package.
    import pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "SL_DEFINITIONS",
    "ErlangAResult",
    "asa",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "max_offered_load",
    "max_volume",
    "occupancy",
    "required_agents",
    "service_level",
    "staffing",
    "wait_percentile",
]

#: The accepted values of ``sl_definition``.
SL_DEFINITIONS: Tuple[str, ...] = tuple(_native.SL_DEFINITIONS)


def _check_definition(sl_definition: object) -> str:
    if not isinstance(sl_definition, str):
        allowed = ", ".join(repr(d) for d in SL_DEFINITIONS)
        raise InvalidInputError(
            f"sl_definition must be a string, one of {allowed}; got {sl_definition!r}"
        )
    return sl_definition


@overload
def erlang_b(agents: float, offered_load: float) -> float: ...
@overload
def erlang_b(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray: ...
def erlang_b(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray:
    """Erlang B blocking probability ``B(n, a)`` of the M/M/n/n loss system.

    Whole numbers of agents use the recursion ``1/B(k) = 1 + (k/a) · 1/B(k−1)`` (no
    factorials); fractional ones its continuous (incomplete-gamma) extension.

    Args:
        agents: number of agents (servers), ``0 <= agents <= 1e8``.
        offered_load: offered load in Erlangs, ``>= 0``.

    Returns:
        The probability that an arriving contact finds every agent busy (and is lost).

    Raises:
        InvalidInputError: a NaN, infinite, negative or too large value, or non-numeric input.
    """
    shape, (n, a) = _arrays.broadcast(agents=agents, offered_load=offered_load)
    return _arrays.unwrap_float(shape, _native.erlang_b(n, a))


@overload
def erlang_c(agents: float, offered_load: float) -> float: ...
@overload
def erlang_c(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray: ...
def erlang_c(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray:
    """Erlang C probability that an arriving contact waits, ``C(n, a)`` of the M/M/n queue.

    ``C = n·B / (n − a·(1 − B))`` with ``B`` the Erlang B probability; fractional agents use
    the continuous extension.

    Args:
        agents: number of agents, ``> offered_load`` and at most ``1e8``.
        offered_load: offered load in Erlangs, ``>= 0``.

    Raises:
        UnstableError: ``agents <= offered_load`` (the queue has no steady state).
        InvalidInputError: a NaN, infinite, negative or too large value, or non-numeric input.
    """
    shape, (n, a) = _arrays.broadcast(agents=agents, offered_load=offered_load)
    return _arrays.unwrap_float(shape, _native.erlang_c(n, a))


def _erlang_c_measure(
    measure: str, agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike, answer_within_s: ArrayLike
) -> FloatOrArray:
    shape, (n, a, aht, t) = _arrays.broadcast(
        agents=agents, offered_load=offered_load, aht_s=aht_s, answer_within_s=answer_within_s
    )
    result: npt.NDArray[np.float64] = _native.erlang_c_measures(n, a, aht, t)[measure]
    return _arrays.unwrap_float(shape, result)


@overload
def service_level(agents: float, offered_load: float, aht_s: float, answer_within_s: float) -> float: ...
@overload
def service_level(
    agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike, answer_within_s: ArrayLike
) -> FloatOrArray: ...
def service_level(
    agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike, answer_within_s: ArrayLike
) -> FloatOrArray:
    """Erlang C service level: the fraction of contacts answered within ``answer_within_s``.

    ``SL(t) = 1 − C(n, a) · exp(−(n − a) · t / AHT)``.

    Args:
        agents: number of agents, ``> offered_load``.
        offered_load: offered load in Erlangs.
        aht_s: average handle time in seconds, ``> 0``.
        answer_within_s: the answer-time threshold in seconds, ``>= 0``.

    Raises:
        UnstableError: ``agents <= offered_load``.
        InvalidInputError: a bad value or non-numeric input.
    """
    return _erlang_c_measure("service_level", agents, offered_load, aht_s, answer_within_s)


@overload
def asa(agents: float, offered_load: float, aht_s: float) -> float: ...
@overload
def asa(agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike) -> FloatOrArray: ...
def asa(agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike) -> FloatOrArray:
    """Erlang C average speed of answer in seconds: ``ASA = C(n, a) · AHT / (n − a)``.

    Args:
        agents: number of agents, ``> offered_load``.
        offered_load: offered load in Erlangs.
        aht_s: average handle time in seconds, ``> 0``.

    Raises:
        UnstableError: ``agents <= offered_load``.
        InvalidInputError: a bad value or non-numeric input.
    """
    return _erlang_c_measure("asa_s", agents, offered_load, aht_s, 0.0)


@overload
def occupancy(agents: float, offered_load: float) -> float: ...
@overload
def occupancy(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray: ...
def occupancy(agents: ArrayLike, offered_load: ArrayLike) -> FloatOrArray:
    """Erlang C agent occupancy ``a / n`` (the fraction of time agents are busy).

    Args:
        agents: number of agents, ``> offered_load``.
        offered_load: offered load in Erlangs.

    Raises:
        UnstableError: ``agents <= offered_load`` (occupancy would be 100 % with an ever
            growing queue).
        InvalidInputError: a bad value or non-numeric input.
    """
    return _erlang_c_measure("occupancy", agents, offered_load, 1.0, 0.0)


@overload
def wait_percentile(agents: float, offered_load: float, aht_s: float, p: float) -> float: ...
@overload
def wait_percentile(agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike, p: ArrayLike) -> FloatOrArray: ...
def wait_percentile(agents: ArrayLike, offered_load: ArrayLike, aht_s: ArrayLike, p: ArrayLike) -> FloatOrArray:
    """Erlang C waiting-time percentile in seconds: the wait a fraction ``p`` of contacts
    does not exceed (0 when at least ``p`` are answered at once).

    Args:
        agents: number of agents, ``> offered_load``.
        offered_load: offered load in Erlangs.
        aht_s: average handle time in seconds, ``> 0``.
        p: the percentile as a fraction in ``[0, 1)``, e.g. 0.9.

    Raises:
        UnstableError: ``agents <= offered_load``.
        InvalidInputError: a bad value or non-numeric input.
    """
    shape, (n, a, aht, q) = _arrays.broadcast(agents=agents, offered_load=offered_load, aht_s=aht_s, p=p)
    return _arrays.unwrap_float(shape, _native.wait_percentile(n, a, aht, q))


def _format_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=8, separator=", ")
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


@dataclass(frozen=True, eq=False)
class ErlangAResult:
    """The measures of an Erlang A (M/M/n+M) queue, as returned by :func:`erlang_a`.

    Every measure is a float for scalar inputs, else an array of the broadcast shape.
    ``service_level``, ``answered_within`` and ``abandoned_within`` are ``None`` unless
    ``answer_within_s`` was given.
    """

    #: Number of agents.
    agents: FloatOrArray
    #: Offered load in Erlangs.
    offered_load: FloatOrArray
    #: Average handle time in seconds.
    aht_s: FloatOrArray
    #: Mean patience in seconds.
    patience_s: FloatOrArray
    #: Probability that an arriving contact waits.
    prob_wait: FloatOrArray
    #: Probability that a contact abandons.
    prob_abandon: FloatOrArray
    #: Average speed of answer of answered contacts, seconds.
    asa_s: FloatOrArray
    #: Mean wait of all contacts (answered or abandoned), seconds.
    mean_wait_s: FloatOrArray
    #: Mean number of contacts waiting.
    mean_queue_length: FloatOrArray
    #: Agent occupancy ``a (1 − P(abandon)) / n``.
    occupancy: FloatOrArray
    #: The answer-time threshold of the service level, seconds (or None).
    answer_within_s: Optional[FloatOrArray] = None
    #: How the service level is counted (one of :data:`SL_DEFINITIONS`).
    sl_definition: str = "of_offered"
    #: Service level at ``answer_within_s`` under ``sl_definition`` (or None).
    service_level: Optional[FloatOrArray] = None
    #: Fraction of offered contacts answered within ``answer_within_s`` (or None).
    answered_within: Optional[FloatOrArray] = None
    #: Fraction of offered contacts that abandon within ``answer_within_s`` (or None).
    abandoned_within: Optional[FloatOrArray] = None

    def to_dict(self) -> Dict[str, Any]:
        """The inputs and measures as a dict (``None`` entries left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def __repr__(self) -> str:
        parts = [f"{name}={_format_value(value)}" for name, value in self.to_dict().items()]
        return "ErlangAResult(" + ", ".join(parts) + ")"

    def _repr_html_(self) -> str:
        """An HTML table of the inputs and measures, for Jupyter."""
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:right'>{html.escape(_format_value(value))}</td></tr>"
            for name, value in self.to_dict().items()
        )
        return (
            "<table><caption>Erlang A (M/M/n+M)</caption>"
            "<thead><tr><th>measure</th><th>value</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def erlang_a(
    agents: ArrayLike,
    offered_load: ArrayLike,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    *,
    answer_within_s: Optional[ArrayLike] = None,
    sl_definition: str = "of_offered",
) -> ErlangAResult:
    """Erlang A (M/M/n+M): callers hang up after an exponential patience with mean
    ``patience_s`` seconds. Exact birth–death measures; a steady state exists for every
    number of agents, including ``agents <= offered_load``.

    Args:
        agents: number of agents, ``> 0``.
        offered_load: offered load in Erlangs, ``>= 0``.
        aht_s: average handle time in seconds, ``> 0``.
        patience_s: mean patience in seconds, ``> 0``.
        answer_within_s: if given, also compute the service level (and the fractions answered
            and abandoned) within this many seconds.
        sl_definition: how the service level is counted, one of :data:`SL_DEFINITIONS`.

    Returns:
        An :class:`ErlangAResult` (floats for scalar inputs, arrays otherwise).

    Raises:
        InvalidInputError: a bad value, non-numeric input, or an unknown ``sl_definition``.
    """
    definition = _check_definition(sl_definition)
    named: Dict[str, object] = {
        "agents": agents,
        "offered_load": offered_load,
        "aht_s": aht_s,
        "patience_s": patience_s,
    }
    if answer_within_s is not None:
        named["answer_within_s"] = answer_within_s
    shape, arrays = _arrays.broadcast(**named)
    t = arrays[4] if answer_within_s is not None else None
    measures = _native.erlang_a(arrays[0], arrays[1], arrays[2], arrays[3], t, sl_definition=definition)

    def get(name: str) -> FloatOrArray:
        return _arrays.unwrap_float(shape, measures[name])

    def given(index: int) -> FloatOrArray:
        return _arrays.unwrap_float(shape, arrays[index])

    with_sl = answer_within_s is not None
    return ErlangAResult(
        agents=given(0),
        offered_load=given(1),
        aht_s=given(2),
        patience_s=given(3),
        prob_wait=get("prob_wait"),
        prob_abandon=get("prob_abandon"),
        asa_s=get("asa_s"),
        mean_wait_s=get("mean_wait_s"),
        mean_queue_length=get("mean_queue_length"),
        occupancy=get("occupancy"),
        answer_within_s=given(4) if with_sl else None,
        sl_definition=definition,
        service_level=get("service_level") if with_sl else None,
        answered_within=get("answered_within") if with_sl else None,
        abandoned_within=get("abandoned_within") if with_sl else None,
    )


def _targets(
    service_level: object,
    answer_within_s: object,
    max_asa_s: object,
    max_occupancy: object,
    max_abandon: object,
    patience_s: object,
    sl_definition: object,
) -> Dict[str, Any]:
    return {
        "service_level": _arrays.scalar_option("service_level", service_level),
        "answer_within_s": _arrays.scalar_option("answer_within_s", answer_within_s),
        "max_asa_s": _arrays.scalar_option("max_asa_s", max_asa_s),
        "max_occupancy": _arrays.scalar_option("max_occupancy", max_occupancy),
        "max_abandon": _arrays.scalar_option("max_abandon", max_abandon),
        "patience_s": _arrays.scalar_option("patience_s", patience_s),
        "sl_definition": _check_definition(sl_definition),
    }


@overload
def required_agents(
    offered_load: float,
    aht_s: float,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> int: ...
@overload
def required_agents(
    offered_load: ArrayLike,
    aht_s: ArrayLike,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> IntOrArray: ...
def required_agents(
    offered_load: ArrayLike,
    aht_s: ArrayLike,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> IntOrArray:
    """The smallest number of agents meeting every target, per element of ``offered_load`` /
    ``aht_s`` (broadcast). An offered load of 0 needs 0 agents. Long arrays are solved in
    parallel with the GIL released.

    Args:
        offered_load: offered load in Erlangs, ``>= 0``.
        aht_s: average handle time in seconds, ``> 0``.
        service_level: target fraction answered within ``answer_within_s``, in ``[0, 1)``;
            give both or neither.
        answer_within_s: answer-time threshold of the service level, seconds.
        max_asa_s: maximum average speed of answer, seconds (of answered contacts under
            Erlang A).
        max_occupancy: maximum agent occupancy in ``(0, 1]``.
        max_abandon: maximum probability of abandonment; needs ``patience_s``.
        patience_s: mean caller patience in seconds: staff with Erlang A instead of Erlang C.
        shrinkage: fraction of paid time agents are unavailable, in ``[0, 1)``; when ``> 0``
            the result is the number to *schedule*, ``ceil(required / (1 − shrinkage))``.
        sl_definition: how the service level is counted under Erlang A, one of
            :data:`SL_DEFINITIONS`.

    With no target at all the default is 80 % answered within 20 s; every target given is met
    at once.

    Returns:
        An int for scalar inputs, else an int64 array of the broadcast shape.

    Raises:
        InvalidInputError: a bad value (the message names the element), a bad option
            combination (``service_level`` without ``answer_within_s``, ``max_abandon``
            without ``patience_s``), non-numeric input.
        InfeasibleError: a target no staffing meets (100 % service level, ASA of 0, ...).
    """
    options = _targets(service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s, sl_definition)
    s = _arrays.scalar("shrinkage", shrinkage)
    shape, (a, aht) = _arrays.broadcast(offered_load=offered_load, aht_s=aht_s)
    return _arrays.unwrap_int(shape, _native.required_agents(a, aht, shrinkage=s, **options))


def max_offered_load(
    agents: ArrayLike,
    aht_s: ArrayLike,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    sl_definition: str = "of_offered",
) -> FloatOrArray:
    """The largest offered load (Erlangs) that ``agents`` agents carry while meeting every
    target: the inverse of :func:`required_agents`. ``inf`` when the targets hold at any load
    (possible under Erlang A with only a loose occupancy cap).

    Args:
        agents: number of agents, ``> 0`` (fractional allowed).
        aht_s: average handle time in seconds, ``> 0``.
        service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s,
            sl_definition: the targets and model, as in :func:`required_agents` (at least one
            target; none means 80/20).

    Raises:
        InvalidInputError: a bad value or option combination, non-numeric input.
    """
    options = _targets(service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s, sl_definition)
    shape, (n, aht) = _arrays.broadcast(agents=agents, aht_s=aht_s)
    return _arrays.unwrap_float(shape, _native.max_offered_load(n, aht, **options))


def max_volume(
    agents: ArrayLike,
    aht_s: ArrayLike,
    interval_s: ArrayLike,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    sl_definition: str = "of_offered",
) -> FloatOrArray:
    """The largest volume (contacts per interval of ``interval_s`` seconds) that ``agents``
    agents carry while meeting every target: :func:`max_offered_load` times
    ``interval_s / aht_s``.

    Args:
        agents: number of agents, ``> 0``.
        aht_s: average handle time in seconds, ``> 0``.
        interval_s: interval length in seconds, ``> 0``.
        service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s,
            sl_definition: the targets and model, as in :func:`required_agents`.

    Raises:
        InvalidInputError: a bad value or option combination, non-numeric input.
    """
    options = _targets(service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s, sl_definition)
    shape, (n, aht, interval) = _arrays.broadcast(agents=agents, aht_s=aht_s, interval_s=interval_s)
    return _arrays.unwrap_float(shape, _native.max_volume(n, aht, interval, **options))


def staffing(
    volumes: ArrayLike,
    aht_s: ArrayLike,
    interval_s: float,
    *,
    service_level: Optional[float] = None,
    answer_within_s: Optional[float] = None,
    max_asa_s: Optional[float] = None,
    max_occupancy: Optional[float] = None,
    max_abandon: Optional[float] = None,
    patience_s: Optional[float] = None,
    shrinkage: float = 0.0,
    sl_definition: str = "of_offered",
) -> pandas.DataFrame:
    """The staffing table of a volume curve, one row per interval (requires pandas).

    Columns: ``volume``, ``aht_s``, ``offered_load`` (Erlangs), ``required_agents``,
    ``scheduled_agents`` (``ceil(required / (1 − shrinkage))``), and the service the required
    agents give: ``service_level`` (when there is a service-level target), ``asa_s``,
    ``prob_wait``, ``prob_abandon`` and ``mean_wait_s`` (Erlang A only), ``occupancy``.
    Intervals without contacts need 0 agents and have NaN measures.

    Args:
        volumes: contacts offered per interval, 1-D; a pandas Series keeps its index (e.g. a
            DatetimeIndex), anything else gets a RangeIndex named ``interval``.
        aht_s: average handle time in seconds, one value or one per interval (may be 0 where
            the volume is 0).
        interval_s: interval length in seconds, e.g. 1800 for 30 minutes.
        shrinkage: fraction of paid time agents are unavailable, in ``[0, 1)``.
        service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s,
            sl_definition: the targets and model, as in :func:`required_agents`; the
            ``service_level`` column is at the target's ``answer_within_s``.

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: a bad value (the message names the interval), a wrong shape.
        InfeasibleError: a target no staffing meets.
    """
    pd = import_pandas("callwright.erlang.staffing()")
    options = _targets(service_level, answer_within_s, max_asa_s, max_occupancy, max_abandon, patience_s, sl_definition)
    s = _arrays.scalar("shrinkage", shrinkage)
    interval = _arrays.scalar("interval_s", interval_s)
    v = _arrays.as_float_array("volumes", volumes)
    if v.ndim != 1:
        raise InvalidInputError(f"volumes must be one-dimensional (one value per interval), got shape {v.shape}")
    aht = _arrays.as_float_array("aht_s", aht_s)
    if aht.ndim > 1 or (aht.ndim == 1 and aht.shape != v.shape):
        raise InvalidInputError(
            f"aht_s must be one number or one per interval ({v.shape[0]}), got shape {aht.shape}"
        )
    aht = np.asarray(np.broadcast_to(aht, v.shape), order="C")
    v = np.asarray(v, order="C")
    columns = _native.staffing(v, aht, interval, shrinkage=s, **options)
    index = volumes.index if isinstance(volumes, pd.Series) else pd.RangeIndex(len(v), name="interval")
    data: Dict[str, Any] = {"volume": v, "aht_s": aht}
    data.update(columns)
    return pd.DataFrame(data, index=index)

