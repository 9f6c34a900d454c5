"""What every service's ``/metrics`` shares: buckets, label helpers, the exposition.

Each service defines its own metrics next to its code (``backend/metrics.py``,
``actions/metrics.py``, ``bot/metrics.py``, ``voice/metrics.py``), all named
``zhanggui_...``. Labels only ever take values from a short, fixed set (a channel,
an action name, a route template, a status class): never a shop, a sender, a phone
number, a PIN or a code, so a scrape reveals nothing about anyone.

Every process keeps its own numbers; scrape each process (each replica's own port).
The one exception is the backend with ``BACKEND_WORKERS`` > 1: its workers share a
port, so they write to a shared directory (``PROMETHEUS_MULTIPROC_DIR``, set by
``backend.serve``) and any worker answers ``/metrics`` for all of them.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

if TYPE_CHECKING:
    from sanic import Sanic
    from sanic.request import Request as SanicRequest
    from sanic.response import HTTPResponse

# No ``*_created`` series: Prometheus does not need them, and they double the count.
disable_created_metrics()

METRICS_PATH = "/metrics"
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

# HTTP calls inside the system: a few ms for a read, up to seconds for a busy write.
CALL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# A whole turn (understanding, actions, backend calls): ~0.1 s to the 30 s timeout.
TURN_BUCKETS = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0)

_NUMBER_SEGMENT = re.compile(r"/\d+(?=/|$)")


def status_class(status: int) -> str:
    """``201`` → ``"2xx"``: the status as a label of five values."""
    return f"{status // 100}xx"


def path_template(path: str) -> str:
    """``/v1/shops/1/orders/7/cancel`` → ``/v1/shops/{id}/orders/{id}/cancel``.

    For paths our own clients build, whose only variable parts are numeric ids.
    """
    return _NUMBER_SEGMENT.sub("/{id}", path.split("?", 1)[0])


@contextlib.contextmanager
def timed_outcome(seconds: Histogram, outcomes: Counter, label: str) -> Iterator[None]:
    """Time the block into ``seconds`` and count it ``ok``, or ``failed`` if it raised.

    ``seconds`` takes one label (``label``), ``outcomes`` that one and the outcome.
    """
    started = time.perf_counter()
    outcome = "failed"
    try:
        yield
        outcome = "ok"
    finally:
        seconds.labels(label).observe(time.perf_counter() - started)
        outcomes.labels(label, outcome).inc()


def exposition() -> bytes:
    """This process's metrics, or every worker's in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


async def aiohttp_metrics(_request: web.Request) -> web.Response:
    """``GET /metrics`` for an aiohttp service (no token: it holds only counts)."""
    return web.Response(
        body=exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
    )


def add_sanic_metrics_route(app: Sanic) -> None:
    """Serve ``GET /metrics`` on a Sanic app (the action server, Rasa)."""
    from sanic.response import raw

    async def metrics(_request: SanicRequest) -> HTTPResponse:
        return raw(exposition(), content_type=CONTENT_TYPE_LATEST)

    app.add_route(metrics, METRICS_PATH, methods=["GET"], name="zhanggui_metrics")
