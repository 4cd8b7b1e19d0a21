"""The embeddable router, usable from a Python service.

:class:`Router` is event-driven and has no clock: report arrivals, completions, abandonments
and presence changes with your own ``now_s`` (seconds, never decreasing), ask
:meth:`Router.next_timer` when the next overflow stage or wrap-up end is due and call
:meth:`Router.advance` then. Every call returns the decisions it made, in order, as dicts with a
``kind`` (``"assigned"``, ``"queued"``, ``"stage_changed"``, ``"moved"``, ``"callback"``,
``"callback_offered"``, ``"rejected"``, ``"wrap_up_ended"``), the ``contact`` id, the ``queue``
and ``agent`` ids and ``at_s``. Identical event streams give identical decisions. It is the same
router the simulator drives.

:meth:`Router.predict_wait` and :meth:`Router.predict_contact_wait` predict waits (one of
:data:`PREDICTORS`, with a band); a queue with a ``callback`` option offers callbacks
(``"callback_offered"``) that :meth:`Router.accept_callback` takes up.

Contacts may carry tags declared in the configuration's ``contact_tags``
(``router.arrive(7, "billing", 3.0, tags=["gold"])``): a queue's ``tag_priority`` ranks them
and a stage's ``when`` decides whether they pass through it. Agents can join
(:meth:`Router.add_agent`) or change (:meth:`Router.update_agent`) while the router runs, with
the keys of an ``[[agents]]`` table.

Example::

    >>> from callwright.routing import Router
    >>> router = Router('''
    ... skills = ["billing"]
    ... [[profiles]]
    ... id = "billing"
    ... queues = [{ queue = "billing" }]
    ... [[queues]]
    ... id = "billing"
    ... strategy = "most_skilled"
    ... [[queues.stages]]
    ... duration_s = 30
    ... requirement = "billing >= 70"
    ... [[queues.stages]]
    ... requirement = "billing > 0"
    ... [[agents]]
    ... id = "ann"
    ... profile = "billing"
    ... skills = { billing = 90 }
    ... [[agents]]
    ... id = "bob"
    ... profile = "billing"
    ... skills = { billing = 40 }
    ... ''')
    >>> router.arrive(1, "billing", 0.0)[0]["agent"]
    'ann'
    >>> router.arrive(2, "billing", 5.0)[0]["kind"]
    'queued'
    >>> router.next_timer()
    35.0
    >>> [d["kind"] for d in router.advance(35.0)]
    ['stage_changed', 'assigned']
"""

from __future__ import annotations

import json
import os
from typing import Any, Mapping, Union

from callwright._callwright.routing import PREDICTORS, PRESENCES, Router
from callwright.exceptions import InvalidInputError

__all__ = ["PREDICTORS", "PRESENCES", "Router", "from_dict", "load"]


def from_dict(config: Mapping[str, Any]) -> Router:
    """Build a :class:`Router` from a configuration dict (the same keys as the TOML file)."""
    try:
        text = json.dumps(config, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"configuration is not plain data: {err}") from None
    return Router.from_json(text)


def load(path: Union[str, os.PathLike[str]]) -> Router:
    """Build a :class:`Router` from a TOML configuration file."""
    with open(path, encoding="utf-8") as file:
        return Router(file.read())
