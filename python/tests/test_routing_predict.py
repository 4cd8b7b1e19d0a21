"""callwright.routing: wait predictions (against the M/M/s closed form) and callback offers."""

import math

import pytest

from callwright.exceptions import InvalidInputError
from callwright.routing import PREDICTORS, Router

CONFIG = """
profiles = [{ id = "p", queues = [{ queue = "q" }, { queue = "cb" }] }]
[[queues]]
id = "q"
prediction = { service_s = 100, patience_s = 50 }
callback = { offer_above_s = 150, predictor = "queue_length", queue = "cb" }
[[queues]]
id = "cb"
[[agents]]
id = "a0"
profile = "p"
[[agents]]
id = "a1"
profile = "p"
"""


def test_predictors_are_listed():
    assert PREDICTORS == ["queue_length", "queue_length_abandon", "head_of_line", "last_to_enter", "line_speed"]


def test_queue_length_predictions_match_the_closed_form():
    router = Router(CONFIG)
    assert router.predict_wait("q", 0.0, predictor="queue_length") == {
        "mean_s": 0.0,
        "low_s": 0.0,
        "high_s": 0.0,
        "ahead": 0,
    }
    for contact in range(5):
        router.arrive(contact, "q", 1.0)
    # Two agents busy, three waiting: a new contact is 4th in line, 4 / (2 / 100 s) = 200 s.
    p = router.predict_wait("q", 2.0, predictor="queue_length")
    assert p["ahead"] == 3 and p["mean_s"] == pytest.approx(200.0)
    assert 0.0 < p["low_s"] < 200.0 < p["high_s"]
    # With abandonment (patience 50 s): sum of 1 / (2/100 + j/50) over j = 0..3.
    p = router.predict_wait("q", 2.0)
    assert p["mean_s"] == pytest.approx(sum(1.0 / (0.02 + j / 50.0) for j in range(4)))
    # The last waiting contact is 3rd in line: 150 s.
    p = router.predict_contact_wait(4, 2.0, predictor="queue_length")
    assert p["ahead"] == 2 and p["mean_s"] == pytest.approx(150.0)
    # Nothing to go on yet for the delay-history predictors' last-to-enter.
    assert router.predict_wait("q", 2.0, predictor="last_to_enter") is None


def test_callback_offered_accepted_and_scheduled():
    router = Router(CONFIG)
    for contact in range(4):
        kinds = [d["kind"] for d in router.arrive(contact, "q", 0.0)]
    # Two in service; contact 3 is 2nd in line (100 s predicted): no offer.
    assert kinds == ["queued"]
    # Contact 5 is 3rd (150 s, not above the threshold), contact 6 4th (200 s): offered.
    assert [d["kind"] for d in router.arrive(5, "q", 0.0)] == ["queued"]
    assert [d["kind"] for d in router.arrive(6, "q", 0.0)] == ["queued", "callback_offered"]
    moved = router.accept_callback(6, 1.0)
    assert [(d["kind"], d.get("reason"), d.get("queue")) for d in moved] == [
        ("moved", "callback_accepted", "cb"),
        ("queued", None, "cb"),
    ]
    router.accept_callback(5, 2.0, at_s=600.0)
    assert router.contact_status(5) == {"status": "callback_scheduled", "queue": "cb", "at_s": 600.0}
    assert router.next_timer() == 600.0


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda r: r.predict_wait("q", 0.0, predictor="psychic"), "unknown predictor 'psychic'"),
        (lambda r: r.predict_wait("nope", 0.0), "unknown queue `nope`"),
        (lambda r: r.predict_wait("q", math.nan), "invalid time"),
        (lambda r: r.predict_contact_wait(7, 0.0), "unknown contact 7"),
        (lambda r: (r.arrive(1, "q", 0.0), r.predict_contact_wait(1, 0.0)), "not waiting"),
        (lambda r: (r.arrive(1, "q", 0.0), r.accept_callback(1, 0.0)), "not waiting"),
        (
            lambda r: ([r.arrive(c, "q", 0.0) for c in range(3)], r.accept_callback(2, 5.0, at_s=1.0)),
            "before now",
        ),
        (
            lambda r: ([r.arrive(c, "q", 0.0) for c in range(3)], r.accept_callback(2, 0.0), r.accept_callback(2, 0.0)),
            "already accepted a callback",
        ),
    ],
)
def test_bad_prediction_and_callback_calls(call, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        call(Router(CONFIG))


def test_bad_prediction_configuration_names_the_field():
    with pytest.raises(InvalidInputError, match=r"queues\[0\]\.prediction\.band"):
        Router('[[queues]]\nid = "q"\nprediction = { band = 2 }\n')
