"""callwright.sim: results against queueing theory, tables, determinism, bad scenarios."""

import copy
import json

import numpy as np
import pandas as pd
import pytest

from callwright import erlang, sim
from callwright.exceptions import InvalidInputError

# M/M/12: 0.07 calls/s, mean service 120 s: a = 8.4 Erlangs. One long period after a warm-up.
MMC = {
    "name": "mmc",
    "sl_threshold_s": 20,
    "record_contacts": False,
    "horizon": {"period_s": 200_000, "periods": 1, "warm_up_s": 5_000},
    "routing": {"profiles": [{"id": "p", "queues": [{"queue": "calls"}]}], "queues": [{"id": "calls"}]},
    "contact_types": [
        {
            "id": "calls",
            "arrivals": {"process": "poisson", "rates_per_s": 0.07},
            "service": {"dist": "exponential", "mean_s": 120},
        }
    ],
    "agent_groups": [{"id": "agents", "profile": "p", "headcount": 12}],
}


def test_mmc_agrees_with_erlang_c():
    results = sim.run(MMC, replications=8, seed=7)
    overall = results.summary.loc["all"]
    n, a, aht = 12, 0.07 * 120, 120.0
    for column, theory in [
        ("prob_wait", erlang.erlang_c(n, a)),
        ("sl_offered", erlang.service_level(n, a, aht, 20)),
        ("asa_s", erlang.asa(n, a, aht)),
    ]:
        assert overall[f"{column}_ci_low"] - 0.01 <= theory <= overall[f"{column}_ci_high"] + 0.01, column
        assert overall[column] == pytest.approx(theory, rel=0.08)
    assert results.groups.loc["agents", "occupancy"] == pytest.approx(a / n, rel=0.03)


def test_tagged_contact_types_are_served_first():
    scenario = copy.deepcopy(MMC)
    scenario["routing"]["contact_tags"] = ["gold"]
    scenario["routing"]["queues"] = [{"id": "calls", "wait_weight": 0, "tag_priority": {"gold": 10}}]
    plain = scenario["contact_types"][0]
    plain["arrivals"] = {"process": "poisson", "rates_per_s": 0.05}
    gold = {**plain, "id": "gold", "queue": "calls", "tags": ["gold"], "arrivals": {"process": "poisson", "rates_per_s": 0.02}}
    scenario["contact_types"].append(gold)
    asa = sim.run(scenario, replications=4, seed=3).summary["asa_s"]
    assert asa.loc["gold"] < asa.loc["calls"] / 3
    gold["tags"] = ["platinum"]
    with pytest.raises(InvalidInputError, match=r"contact_types\[1\]\.tags\[0\]"):
        sim.run(scenario, replications=1)


def test_tables_and_determinism():
    scenario = copy.deepcopy(MMC)
    scenario["horizon"] = {"period_s": 3600, "periods": 3}
    first = sim.run(scenario, replications=3, seed=11, record_contacts=True)
    again = sim.run(scenario, replications=3, seed=11, record_contacts=True, threads=1)
    pd.testing.assert_frame_equal(first.summary, again.summary)
    pd.testing.assert_frame_equal(first.records, again.records)
    assert list(first.summary.index) == ["all", "calls"]
    assert first.by_period.index.names == ["contact_type", "period"]
    assert first.by_period.loc[("calls", 2), "period_start_s"] == 7200.0
    assert {"offered", "offered_ci_low", "offered_ci_high", "wait_p90_s"} <= set(first.summary.columns)
    assert list(first.groups.index) == ["all", "agents"]
    assert len(first.groups_by_period) == 6
    rec = first.records
    assert list(rec.columns) == ["replication", "contact_type", "arrival_s", "wait_s", "start_s", "end_s", "agent", "outcome"]
    assert set(rec["replication"]) == {0, 1, 2}
    answered = rec[rec["outcome"] == "answered"]
    assert answered["agent"].str.startswith("agents").all()
    np.testing.assert_allclose(answered["start_s"] - answered["arrival_s"], answered["wait_s"], atol=1e-9)
    total = first.summary.loc["calls", "offered"] * 3
    assert len(rec) == pytest.approx(total, abs=0.5)
    other = sim.run(scenario, replications=3, seed=12)
    assert not first.summary.equals(other.summary)
    assert "SimulationResults(scenario='mmc'" in repr(first)
    assert "<table" in first._repr_html_()
    assert sim.run(scenario, replications=2).records is None


def test_toml_text_and_files(tmp_path):
    toml = """
sl_threshold_s = 20
[horizon]
period_s = 3600
periods = 1
[routing]
profiles = [{ id = "p", queues = [{ queue = "calls" }] }]
queues = [{ id = "calls" }]
[[contact_types]]
id = "calls"
arrivals = { process = "poisson", rates_per_s = 0.07 }
service = { dist = "exponential", mean_s = 120 }
[[agent_groups]]
id = "agents"
profile = "p"
headcount = 12
"""
    from_text = sim.run(toml, replications=2, seed=3)
    path = tmp_path / "scenario.toml"
    path.write_text(toml)
    from_file = sim.run(path, replications=2, seed=3)
    pd.testing.assert_frame_equal(from_text.summary, from_file.summary)
    json_path = tmp_path / "scenario.json"
    json_path.write_text(json.dumps(sim.validate(toml)))
    pd.testing.assert_frame_equal(sim.run(json_path, replications=2, seed=3).summary, from_text.summary)
    assert sim.validate(MMC)["sl_threshold_s"] == 20


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (lambda s: s["contact_types"][0]["arrivals"].update(rates_per_s=-1.0), r"contact_types\[0\]"),
        (lambda s: s["horizon"].update(periods=0), "periods"),
        (lambda s: s["agent_groups"][0].update(profile="nope"), "nope"),
        (lambda s: s.update(colour="blue"), "colour"),
        (lambda s: s["routing"].update(agents=[{"id": "x", "profile": "p"}]), "agent_groups"),
        (lambda s: s["contact_types"][0].update(queue="elsewhere"), "elsewhere"),
    ],
)
def test_bad_scenarios(change, pattern):
    scenario = copy.deepcopy(MMC)
    change(scenario)
    with pytest.raises(InvalidInputError, match=pattern):
        sim.run(scenario, replications=2)
    with pytest.raises(InvalidInputError):
        sim.validate(scenario)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"replications": 0}, "replications"),
        ({"replications": 2.5}, "replications"),
        ({"seed": -1}, "seed"),
        ({"threads": 0}, "threads"),
        ({"replications": True}, "replications"),
    ],
)
def test_bad_options(kwargs, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        sim.run(MMC, **kwargs)


def test_bad_scenario_inputs(tmp_path):
    with pytest.raises(InvalidInputError, match="does not parse"):
        sim.run("horizon = [", replications=2)
    with pytest.raises(InvalidInputError, match="plain data"):
        sim.run({"horizon": {1, 2}})
    with pytest.raises(InvalidInputError, match=r"\.toml or \.json"):
        sim.run(tmp_path / "scenario.yaml")
    with pytest.raises(InvalidInputError, match="cannot read"):
        sim.run(tmp_path / "missing.toml")
    with pytest.raises(InvalidInputError, match="must be a dict"):
        sim.run(42)  # type: ignore[arg-type]


def test_predictions_and_callbacks_tables():
    # M/M/12 at about 98% load with callbacks offered above 60 s of predicted wait.
    scenario = copy.deepcopy(MMC)
    scenario["horizon"] = {"period_s": 20_000, "periods": 1, "warm_up_s": 2_000}
    scenario["predictors"] = ["queue_length", "head_of_line"]
    scenario["contact_types"][0]["arrivals"]["rates_per_s"] = 0.098
    scenario["contact_types"][0]["patience"] = {"dist": "exponential", "mean_s": 300}
    scenario["contact_types"][0]["callback"] = {"accept_probability": 0.5}
    scenario["routing"]["queues"][0]["prediction"] = {"service_s": 120}
    scenario["routing"]["queues"][0]["callback"] = {"offer_above_s": 60, "predictor": "queue_length"}
    results = sim.run(scenario, replications=4, seed=3)
    table = results.predictions
    assert table.index.names == ["contact_type", "predictor"]
    assert list(table.index) == [
        ("calls", "queue_length"),
        ("calls", "head_of_line"),
        ("all", "queue_length"),
        ("all", "head_of_line"),
    ]
    assert {"scored", "bias_s", "bias_s_ci_low", "rmse_s", "mean_wait_s"} <= set(table.columns)
    assert (table["scored"] > 100).all()
    assert table.loc[("all", "queue_length"), "rmse_s"] > 0
    overall = results.summary.loc["all"]
    assert overall["callbacks_offered"] > 20
    # About half accept.
    assert 0.3 < overall["callback_acceptance"] < 0.7
    assert overall["callbacks"] == pytest.approx(overall["callbacks_accepted"])
    # Without predictors the table is empty.
    assert sim.run(MMC, replications=2, seed=1).predictions.empty


def test_bad_callback_settings_name_the_field():
    scenario = copy.deepcopy(MMC)
    scenario["contact_types"][0]["callback"] = {"accept_probability": 2}
    with pytest.raises(InvalidInputError, match=r"contact_types\[0\]\.callback\.accept_probability"):
        sim.run(scenario, replications=1)
    scenario = copy.deepcopy(MMC)
    scenario["predictors"] = ["crystal_ball"]
    with pytest.raises(InvalidInputError, match="crystal_ball"):
        sim.run(scenario, replications=1)
