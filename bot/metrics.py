"""The Rasa server's Prometheus metrics: turns by channel, conversation lock waits.

:func:`serve_metrics` adds ``GET /metrics`` to the Sanic app that ``rasa run``
builds; ``bot.run_rasa`` calls it before handing over to Rasa.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from prometheus_client import Counter, Histogram

from common.metrics import TURN_BUCKETS, add_sanic_metrics_route, timed_outcome

TURN_SECONDS = Histogram(
    "zhanggui_rasa_turn_seconds",
    "Time Rasa took for one turn posted to a channel (actions included).",
    ["channel"],
    buckets=TURN_BUCKETS,
)
TURNS = Counter(
    "zhanggui_rasa_turns_total",
    "Turns posted to a channel that Rasa ran, by outcome (ok or failed).",
    ["channel", "outcome"],
)
LOCK_WAIT_SECONDS = Histogram(
    "zhanggui_rasa_lock_wait_seconds",
    "Wait for a conversation's lock in Redis (cluster mode) before a turn ran.",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LOCK_FAILURES = Counter(
    "zhanggui_rasa_lock_failures_total",
    "Conversation locks that could not be taken (Redis down, waited too long).",
)


def timed_turn(channel: str) -> contextlib.AbstractContextManager[None]:
    """Count and time one turn of ``channel`` (a failure is an exception)."""
    return timed_outcome(TURN_SECONDS, TURNS, channel)


def serve_metrics() -> None:
    """Make ``rasa run`` serve ``GET /metrics`` (without Rasa's token: counts only).

    Rasa builds its Sanic app inside ``serve_application`` and offers no hook for
    extra routes; ``configure_app`` is the one step that returns the app before it
    runs, so it is wrapped here. Idempotent.
    """
    from rasa.core import run

    original = run.configure_app
    if getattr(original, "zhanggui_metrics", False):
        return

    @functools.wraps(original)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = original(*args, **kwargs)
        add_sanic_metrics_route(app)
        return app

    configure_app.zhanggui_metrics = True  # type: ignore[attr-defined]
    run.configure_app = configure_app
