"""Discrete-event simulation of a contact centre, driving the same router a vendor embeds.

A scenario (contact types with arrivals, service and patience; agent groups with headcount or
shifts; the routing configuration; the horizon) is given as a dict, as TOML text, or as a path
to a ``.toml`` / ``.json`` file, with the keys of the simulator's scenario files. :func:`run`
simulates independent replications in parallel (the GIL is released) and returns a
:class:`SimulationResults` whose tables are pandas DataFrames: every measure as its mean over
the replications with a 95 % confidence interval (``<measure>_ci_low`` / ``_ci_high``).
The same seed gives the same results on every machine and for any number of threads.

Example::

    >>> from callwright import sim
    >>> scenario = {
    ...     "sl_threshold_s": 20,
    ...     "horizon": {"period_s": 28800, "periods": 1},
    ...     "routing": {"profiles": [{"id": "p", "queues": [{"queue": "calls"}]}],
    ...                 "queues": [{"id": "calls"}]},
    ...     "contact_types": [{"id": "calls",
    ...                        "arrivals": {"process": "poisson", "rates_per_s": 0.07},
    ...                        "service": {"dist": "exponential", "mean_s": 120}}],
    ...     "agent_groups": [{"id": "agents", "profile": "p", "headcount": 12}],
    ... }
    >>> results = sim.run(scenario, replications=4, seed=42)
    >>> bool(0.8 < results.summary.loc["all", "sl_offered"] < 1.0)
    True
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

from callwright._callwright import sim as _native
from callwright._dependencies import import_pandas
from callwright.exceptions import InvalidInputError

if TYPE_CHECKING:
    # pandas is optional and its type stubs are a separate package.
    import pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["SimulationResults", "run", "validate"]

ScenarioLike = Union[Mapping[str, Any], str, "os.PathLike[str]"]


def _scenario_text(scenario: object) -> Tuple[str, str]:
    """The scenario as (text, format)."""
    if isinstance(scenario, Mapping):
        try:
            return json.dumps(scenario, allow_nan=False), "json"
        except (TypeError, ValueError) as err:
            raise InvalidInputError(f"scenario is not plain data: {err}") from None
    if isinstance(scenario, os.PathLike):
        path = Path(scenario)
        if path.suffix not in (".toml", ".json"):
            raise InvalidInputError(f"scenario file must end in .toml or .json, got {path.name}")
        try:
            return path.read_text(encoding="utf-8"), path.suffix[1:]
        except OSError as err:
            raise InvalidInputError(f"cannot read scenario file {path}: {err}") from None
    if isinstance(scenario, str):
        return scenario, "toml"
    raise InvalidInputError(
        f"scenario must be a dict, TOML text or a path, got {type(scenario).__name__}"
    )


def validate(scenario: ScenarioLike) -> Dict[str, Any]:
    """Check a scenario without running it; returns it as a dict with the defaults filled in.

    Raises:
        InvalidInputError: the scenario does not parse or has a bad value (the message names
            the field by its dotted path).
    """
    text, fmt = _scenario_text(scenario)
    result: Dict[str, Any] = json.loads(_native.validate(text, format=fmt))
    return result


def _flatten(stats: Mapping[str, Any]) -> Dict[str, float]:
    """One row of columns from a stats object: mean and CI per measure."""
    row: Dict[str, float] = {}

    def put(name: str, estimate: Mapping[str, Optional[float]]) -> None:
        for suffix, key in (("", "mean"), ("_ci_low", "ci_low"), ("_ci_high", "ci_high")):
            value = estimate.get(key)
            row[name + suffix] = float("nan") if value is None else float(value)

    for name, value in stats.items():
        if name == "wait_percentiles":
            for percentile in value:
                put(f"wait_p{round(percentile['p'] * 100, 6):g}_s", percentile["wait_s"])
        else:
            put(name, value)
    return row


class SimulationResults:
    """What :func:`run` returns: the tables of a simulation, as pandas DataFrames.

    Attributes:
        raw: the simulator's results as a dict (the JSON report).
        summary: one row per contact type (index ``contact_type``, with ``"all"`` first):
            offered, answered, abandoned, service levels (``sl_offered``,
            ``sl_excluding_early_abandons``, ``sl_answered``), ``prob_wait``, ``asa_s``,
            wait percentiles, each with its confidence interval.
        by_period: the same per contact type and period (MultiIndex
            ``(contact_type, period)``, with a ``period_start_s`` column).
        groups: one row per agent group (``"all"`` first): occupancy, busy and staffed
            seconds, contacts handled.
        groups_by_period: the same per group and period.
        predictions: one row per (contact type, predictor) when the scenario lists
            ``predictors`` (MultiIndex ``(contact_type, predictor)``, ``"all"`` last): predictions
            scored, ``bias_s`` (predicted − actual wait), ``rmse_s`` and the ``mean_wait_s`` of
            the scored contacts, each with its confidence interval; empty otherwise.
        records: one row per contact (when run with ``record_contacts=True``), else None.
    """

    def __init__(self, raw: Dict[str, Any], agent_ids: List[str]) -> None:
        pd = import_pandas("callwright.sim")
        self.raw = raw
        period_s = float(raw["period_s"])
        types = [raw["overall"], *raw["contact_types"]]
        groups = [raw["all_agents"], *raw["agent_groups"]]
        self.summary = pd.DataFrame(
            [_flatten(t["total"]) for t in types],
            index=pd.Index([t["id"] for t in types], name="contact_type"),
        )
        self.by_period = self._per_period(pd, types, "contact_type", period_s)
        self.groups = pd.DataFrame(
            [_flatten(g["total"]) for g in groups],
            index=pd.Index([g["id"] for g in groups], name="agent_group"),
        )
        self.groups_by_period = self._per_period(pd, groups, "agent_group", period_s)
        predictions = raw.get("predictions", [])
        self.predictions = pd.DataFrame(
            [_flatten({k: v for k, v in p.items() if k not in ("predictor", "contact_type")}) for p in predictions],
            index=pd.MultiIndex.from_tuples(
                [(p["contact_type"], p["predictor"]) for p in predictions],
                names=["contact_type", "predictor"],
            ),
        )
        self.records = self._records(pd, raw.get("records"), agent_ids)

    @staticmethod
    def _per_period(pd: Any, items: List[Dict[str, Any]], name: str, period_s: float) -> Any:
        rows, keys = [], []
        for item in items:
            for period, stats in enumerate(item["periods"]):
                row = {"period_start_s": period * period_s}
                row.update(_flatten(stats))
                rows.append(row)
                keys.append((item["id"], period))
        return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(keys, names=[name, "period"]))

    @staticmethod
    def _records(pd: Any, records: Optional[Dict[str, Any]], agent_ids: List[str]) -> Any:
        if records is None:
            return None
        type_ids = records["type_ids"]
        return pd.DataFrame(
            {
                "replication": records["replication"],
                "contact_type": [type_ids[i] for i in records["contact_type"]],
                "arrival_s": records["arrival_s"],
                "wait_s": records["wait_s"],
                "start_s": [float("nan") if v is None else v for v in records["start_s"]],
                "end_s": [float("nan") if v is None else v for v in records["end_s"]],
                "agent": [None if a is None else agent_ids[a] for a in records["agent"]],
                "outcome": records["outcome"],
            }
        )

    def __repr__(self) -> str:
        overall = self.summary.loc["all"]
        return (
            f"SimulationResults(scenario={self.raw['scenario']!r}, "
            f"replications={self.raw['replications']}, seed={self.raw['seed']}, "
            f"contacts={self.raw['contacts_simulated']}, "
            f"sl_offered={overall['sl_offered']:.4f}, asa_s={overall['asa_s']:.2f}, "
            f"abandon_rate={overall['abandon_rate']:.4f})"
        )

    def _repr_html_(self) -> str:
        """The headline measures per contact type as an HTML table, for Jupyter."""
        columns = [c for c in ("offered", "sl_offered", "asa_s", "abandon_rate", "prob_wait") if c in self.summary]
        table = self.summary[columns].to_html(float_format=lambda v: f"{v:.4g}")
        caption = html.escape(
            f"{self.raw['scenario'] or 'simulation'}: {self.raw['replications']} replications, "
            f"seed {self.raw['seed']}, SL threshold {self.raw['sl_threshold_s']:g} s"
        )
        return f"<div><p><b>{caption}</b></p>{table}</div>"


def run(
    scenario: ScenarioLike,
    *,
    replications: int = 30,
    seed: int = 0,
    threads: Optional[int] = None,
    record_contacts: bool = False,
) -> SimulationResults:
    """Simulate ``replications`` independent replications of ``scenario``.

    Args:
        scenario: a dict, TOML text, or a path to a ``.toml`` / ``.json`` scenario file.
        replications: number of replications, ``>= 1`` (confidence intervals need ``>= 2``).
        seed: the seed every replication's random streams derive from.
        threads: run on this many threads (default: all cores).
        record_contacts: also return one record per contact (:attr:`SimulationResults.records`).

    Raises:
        MissingDependencyError: pandas is not installed.
        InvalidInputError: the scenario does not parse or has a bad value; bad options.
    """
    text, fmt = _scenario_text(scenario)
    for name, value, low in (("replications", replications, 1), ("seed", seed, 0), ("threads", threads, 1)):
        if value is None and name == "threads":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InvalidInputError(f"{name} must be a whole number >= {low}, got {value!r}")
    import_pandas("callwright.sim.run()")
    raw = json.loads(
        _native.simulate(
            text,
            format=fmt,
            replications=replications,
            seed=seed,
            threads=threads,
            record_contacts=bool(record_contacts),
        )
    )
    agent_ids = _native.agent_ids(text, format=fmt) if raw.get("records") is not None else []
    return SimulationResults(raw, agent_ids)
