"""The action server's Prometheus metrics: each action run and each backend call.

Actions are labelled by name (only names the server knows: an unknown one is
``unknown``), backend calls by method and path template (ids become ``{id}``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import Counter, Histogram

from common.metrics import CALL_BUCKETS, add_sanic_metrics_route

if TYPE_CHECKING:
    from sanic import Sanic
    from sanic.request import Request
    from sanic.response import BaseHTTPResponse

ACTION_SECONDS = Histogram(
    "zhanggui_action_seconds",
    "Time to run one custom action (its backend calls included).",
    ["action"],
    buckets=CALL_BUCKETS,
)
ACTION_ERRORS = Counter(
    "zhanggui_action_errors_total",
    "Action runs answered with an error status (rejected, unknown or broken).",
    ["action", "status"],
)
BACKEND_CALL_SECONDS = Histogram(
    "zhanggui_actions_backend_call_seconds",
    "Time of one backend API call from the action server.",
    ["method", "route"],
    buckets=CALL_BUCKETS,
)
BACKEND_CALL_ERRORS = Counter(
    "zhanggui_actions_backend_call_errors_total",
    "Backend calls that failed: unreachable, or answered 4xx/5xx.",
    ["method", "route", "kind"],
)
WEBHOOK_PATH = "/webhook"
UNKNOWN = "unknown"


def _action_of(request: Request) -> str:
    from sanic.exceptions import SanicException

    # Sanic keeps the body rasa-sdk already parsed. Rasa does not deflate it by
    # default; a deflated one is simply not named.
    try:
        body = request.json
    except SanicException:
        return UNKNOWN
    name = body.get("next_action") if isinstance(body, dict) else None
    return name if isinstance(name, str) and name else UNKNOWN


def instrument(app: Sanic) -> None:
    """Time every action run and serve ``GET /metrics`` on the action server."""

    @app.middleware("request")
    async def started(request: Request) -> None:
        # Sanic runs request middleware again before an error handler: keep the
        # first start.
        if request.path == WEBHOOK_PATH and not hasattr(request.ctx, "started"):
            request.ctx.started = time.perf_counter()

    @app.middleware("response")
    async def finished(request: Request, response: BaseHTTPResponse) -> None:
        start = getattr(request.ctx, "started", None)
        if start is None:
            return
        status = response.status or 200
        # A 404 means the executor does not know the name: don't make it a label.
        action = UNKNOWN if status == 404 else _action_of(request)
        ACTION_SECONDS.labels(action).observe(time.perf_counter() - start)
        if status >= 400:
            ACTION_ERRORS.labels(action, str(status)).inc()

    add_sanic_metrics_route(app)

