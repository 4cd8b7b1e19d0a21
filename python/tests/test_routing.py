"""callwright.routing.Router: decisions for hand-checkable event streams, and bad events."""

import pytest

from callwright import routing
from callwright.exceptions import CallwrightError, InvalidInputError
from callwright.routing import Router

CONFIG = """
skills = ["billing"]

[[profiles]]
id = "billing"
queues = [{ queue = "billing" }]

[[queues]]
id = "billing"
strategy = "most_skilled"
# First 30 s: experts only; then anyone holding the skill.
[[queues.stages]]
duration_s = 30
requirement = "billing >= 70"
[[queues.stages]]
requirement = "billing > 0"

[[agents]]
id = "ann"
profile = "billing"
skills = { billing = 90 }
[[agents]]
id = "bob"
profile = "billing"
skills = { billing = 40 }
"""

CONFIG_DICT = {
    "skills": ["billing"],
    "profiles": [{"id": "billing", "queues": [{"queue": "billing"}]}],
    "queues": [
        {
            "id": "billing",
            "strategy": "most_skilled",
            "stages": [{"duration_s": 30, "requirement": "billing >= 70"}, {"requirement": "billing > 0"}],
        }
    ],
    "agents": [
        {"id": "ann", "profile": "billing", "skills": {"billing": 90}},
        {"id": "bob", "profile": "billing", "skills": {"billing": 40}},
    ],
}


def test_expert_first_then_overflow_to_the_stage_two_agent():
    router = Router(CONFIG)
    assert router.agents == ["ann", "bob"] and router.queues == ["billing"]
    first = router.arrive(1, "billing", 0.0)
    assert first == [{"kind": "assigned", "contact": 1, "agent": "ann", "queue": "billing", "stage": 0, "at_s": 0.0, "waited_s": 0.0}]
    second = router.arrive(2, "billing", 5.0)
    assert second == [{"kind": "queued", "contact": 2, "queue": "billing", "at_s": 5.0}]
    assert router.waiting("billing") == 1
    assert router.contact_status(2) == {"status": "waiting", "queue": "billing", "stage": 0}
    assert router.next_timer() == 35.0
    decisions = router.advance(35.0)
    assert [d["kind"] for d in decisions] == ["stage_changed", "assigned"]
    assert decisions[1]["agent"] == "bob" and decisions[1]["waited_s"] == 30.0
    assert router.contact_status(2) == {"status": "assigned", "queue": "billing", "agent": "bob"}
    assert router.agent_state("bob") == "busy"
    assert router.now == 35.0
    assert "Router(agents=2" in repr(router)


def test_completion_wrap_up_and_presence():
    router = Router(CONFIG)
    router.arrive(1, "billing", 0.0)
    router.arrive(2, "billing", 1.0)  # waits for an expert
    done = router.complete(1, 10.0, wrap_up_s=5.0)
    assert done == []  # Ann is wrapping up, nobody else may take contact 2 yet
    assert router.agent_state("ann") == "after_contact_work"
    assert router.next_timer() == 15.0
    ended = router.advance(15.0)
    assert [d["kind"] for d in ended] == ["wrap_up_ended", "assigned"]
    assert ended[1]["agent"] == "ann" and ended[1]["contact"] == 2
    router.complete(2, 20.0)
    assert router.agent_state("ann") == "idle"
    assert router.set_presence("ann", "break", 21.0) == []
    assert router.agent_state("ann") == "on_break"
    router.arrive(3, "billing", 22.0)
    assert router.abandon(3, 23.0) == []
    assert router.waiting("billing") == 0


def test_from_dict_and_load(tmp_path):
    a, b = routing.from_dict(CONFIG_DICT), Router(CONFIG)
    events = [(1, 0.0), (2, 1.0), (3, 2.0)]
    assert [a.arrive(c, "billing", t) for c, t in events] == [b.arrive(c, "billing", t) for c, t in events]
    path = tmp_path / "router.toml"
    path.write_text(CONFIG)
    assert routing.load(path).agents == ["ann", "bob"]


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda r: r.arrive(1, "sales", 0.0), "unknown queue `sales`"),
        (lambda r: r.arrive(1, "billing", float("nan")), "invalid time"),
        (lambda r: r.arrive(1, "billing", -1.0), "invalid time"),
        (lambda r: (r.arrive(1, "billing", 5.0), r.arrive(2, "billing", 1.0)), "time went backwards"),
        (lambda r: (r.arrive(1, "billing", 0.0), r.arrive(1, "billing", 1.0)), "already known"),
        (lambda r: r.complete(99, 0.0), "unknown contact 99"),
        (lambda r: (r.arrive(1, "billing", 0.0), r.abandon(1, 1.0)), "not waiting"),
        (lambda r: (r.arrive(1, "billing", 0.0), r.complete(1, 1.0, wrap_up_s=-2.0)), "wrap_up_s"),
        (lambda r: r.set_presence("ann", "lunch", 0.0), "'available', 'break', 'offline'"),
        (lambda r: r.set_presence("zoe", "break", 0.0), "unknown agent `zoe`"),
        (lambda r: r.end_wrap_up("ann", 0.0), "not in after-contact work"),
        (lambda r: r.arrive(1, "billing", 0.0, preferred_agent="zoe"), "unknown agent"),
    ],
)
def test_bad_events_raise_invalid_input(call, pattern):
    router = Router(CONFIG)
    with pytest.raises(InvalidInputError, match=pattern) as info:
        call(router)
    assert isinstance(info.value, ValueError)


def test_a_failed_call_leaves_the_router_usable():
    router = Router(CONFIG)
    with pytest.raises(InvalidInputError):
        router.arrive(1, "sales", 0.0)
    assert router.arrive(1, "billing", 0.0)[0]["agent"] == "ann"


@pytest.mark.parametrize(
    ("config", "pattern"),
    [
        ("skills = [", "does not parse"),
        ('skills = ["a", "a"]', "duplicate"),
        (CONFIG.replace("billing >= 70", "billing >>= 70"), "invalid requirement expression"),
        (CONFIG.replace('profile = "billing"', 'profile = "sales"', 1), "unknown routing profile"),
        ("colour = 3", "does not parse"),
    ],
)
def test_bad_configurations(config, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        Router(config)


def test_bad_dict_configurations():
    with pytest.raises(InvalidInputError, match="does not parse"):
        routing.from_dict({"skills": "billing"})
    with pytest.raises(InvalidInputError, match="plain data"):
        routing.from_dict({"skills": {1, 2}})
    with pytest.raises(CallwrightError):
        routing.from_dict({**CONFIG_DICT, "agents": [{"id": "x", "profile": "nope"}]})


@pytest.mark.parametrize("contact", [-1, 2**64, "one", 1.5, True, None])
def test_bad_contact_ids(contact):
    router = Router(CONFIG)
    with pytest.raises(InvalidInputError, match="contact must be an integer id"):
        router.arrive(contact, "billing", 0.0)
    with pytest.raises(InvalidInputError, match="contact must be an integer id"):
        router.contact_status(contact)


def test_large_contact_ids_and_wrong_types():
    router = Router(CONFIG)
    assert router.arrive(2**64 - 1, "billing", 0.0)[0]["contact"] == 2**64 - 1
    with pytest.raises(TypeError):
        router.arrive(1, "billing", "now")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        router.set_presence("ann", None, 0.0)  # type: ignore[arg-type]


TAGGED = CONFIG.replace('skills = ["billing"]', 'skills = ["billing"]\ncontact_tags = ["gold", "silver"]').replace(
    'strategy = "most_skilled"',
    'strategy = { preferred = "most_skilled" }\npreferred_wait_s = 10\ntag_priority = { gold = 20 }',
).replace('requirement = "billing >= 70"', 'requirement = "billing >= 70"\nwhen = "gold"')


def test_contact_tags_choose_stages_and_priority():
    router = Router(TAGGED)
    # Untagged: the experts-only stage does not apply, so Bob may take it at once.
    assert router.arrive(1, "billing", 0.0, tags=["silver"])[0]["agent"] == "ann"
    assert router.arrive(2, "billing", 1.0)[0] == {
        "kind": "assigned", "contact": 2, "agent": "bob", "queue": "billing", "stage": 1, "at_s": 1.0, "waited_s": 0.0,
    }
    router.arrive(3, "billing", 2.0)
    router.arrive(4, "billing", 3.0, tags=["gold"])
    # Bob frees up: the gold contact (priority 20) is ahead, but only Ann may take it in stage 0;
    # Bob takes the untagged one.
    assert [(d["contact"], d["agent"]) for d in router.complete(2, 4.0)] == [(3, "bob")]
    assert [(d["contact"], d["agent"]) for d in router.complete(1, 5.0)] == [(4, "ann")]
    with pytest.raises(InvalidInputError, match="unknown contact tag `platinum`"):
        router.arrive(5, "billing", 6.0, tags=["platinum"])
    with pytest.raises(TypeError):
        router.arrive(5, "billing", 6.0, tags="gold")  # type: ignore[arg-type]


def test_preferred_wait_reserves_the_contact_for_a_busy_agent():
    router = Router(TAGGED)
    router.arrive(1, "billing", 0.0, tags=["gold"])  # Ann
    assert router.arrive(2, "billing", 1.0, preferred_agent="ann") == [
        {"kind": "queued", "contact": 2, "queue": "billing", "at_s": 1.0}
    ]
    assert router.agent_state("bob") == "idle"  # Bob is free, but contact 2 waits for Ann
    assert router.next_timer() == 11.0
    assert [(d["contact"], d["agent"]) for d in router.complete(1, 4.0)] == [(2, "ann")]


def test_agents_join_and_change_at_run_time():
    router = Router(CONFIG)
    router.arrive(1, "billing", 0.0)  # Ann
    assert router.arrive(2, "billing", 1.0)[0]["kind"] == "queued"
    cleo = {"id": "cleo", "profile": "billing", "skills": {"billing": 75}}
    joined = router.add_agent(cleo, 2.0)
    assert [(d["contact"], d["agent"], d["waited_s"]) for d in joined] == [(2, "cleo", 1.0)]
    assert router.agents == ["ann", "bob", "cleo"]
    # Bob trains up to expert level and takes the next contact at once.
    assert router.update_agent("bob", {"id": "bob", "profile": "billing", "skills": {"billing": 80}}, 3.0) == []
    assert router.arrive(3, "billing", 4.0)[0]["agent"] == "bob"
    with pytest.raises(InvalidInputError, match="duplicate agent id `cleo`"):
        router.add_agent(cleo, 5.0)
    with pytest.raises(InvalidInputError, match=r"capacity\.voice"):
        router.update_agent("bob", {"id": "bob", "profile": "billing", "capacity": {"voice": 0}}, 5.0)
    with pytest.raises(InvalidInputError, match="keeps the agent's id"):
        router.update_agent("bob", cleo, 5.0)
    with pytest.raises(InvalidInputError, match="plain data"):
        router.add_agent({"id": "dan", "profile": "billing", "skills": {1, 2}}, 5.0)
    with pytest.raises(InvalidInputError, match="does not parse"):
        router.add_agent({"id": "dan"}, 5.0)
    assert router.agent_state("bob") == "busy" and router.now == 4.0
