"""The backend's Prometheus metrics: every request, and what the shops made.

Labelled by route template (``/v1/shops/{shop_id}/orders``), method, status class
and calling service: never by a shop, an owner or anything from a body.
"""

from __future__ import annotations

import time

from aiohttp import web
from aiohttp.typedefs import Handler
from prometheus_client import Counter, Histogram

from backend.api.app_keys import SERVICE
from common.metrics import CALL_BUCKETS, status_class

REQUEST_SECONDS = Histogram(
    "zhanggui_backend_request_seconds",
    "Time to answer one API request.",
    ["method", "route", "status"],
    buckets=CALL_BUCKETS,
)
ORDERS_PLACED = Counter(
    "zhanggui_orders_placed_total",
    "Orders placed (an idempotent replay is not counted again).",
    ["service"],
)
PICKUPS = Counter(
    "zhanggui_parcel_pickups_total",
    "Parcels handed over against their pickup code.",
    ["service"],
)
LOAN_APPLICATIONS = Counter(
    "zhanggui_loan_applications_total",
    "Loan applications made (an idempotent replay is not counted again).",
    ["service"],
)
# Labels stay bounded whatever a client sends: services come from the token table,
# unknown paths share one route value, unusual methods one method value.
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(request: web.Request) -> str:
    """The matched route's template, or ``unmatched`` (a 404 names no route)."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNMATCHED


@web.middleware
async def metrics_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Time every request; outermost, so it sees the status the client gets."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:  # redirects pass the error middleware
        status = error.status
        raise
    finally:
        method = request.method if request.method in METHODS else "other"
        REQUEST_SECONDS.labels(
            method, route_of(request), status_class(status)
        ).observe(time.perf_counter() - started)


def caller_of(request: web.Request) -> str:
    """The calling service (set by the access check) for the ``service`` label."""
    return str(request.get(SERVICE, "unknown"))
