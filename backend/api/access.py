"""Who is calling and what they may do, checked once for every request.

1. The bearer token names the calling service (401 when missing or unknown).
2. The route's rule in ``backend/api/routes.py`` must list that service (403).
3. A conversation service (the action server) reaches a shop only with the
   conversation's shop token for that shop (401 without, 403 ``wrong_shop`` with
   another shop's). Platform services (courier, wholesale, operator) act on any shop
   within their rights.
4. Money routes also need the owner's PIN session for that shop.
Refused cross-shop attempts and every operator call are written to the audit log.
"""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from backend.api.app_keys import CONFIG, DATABASE, GRANT, OWNER, SERVICE
from backend.api.errors import json_error, status_of
from backend.api.routes import Route, route_of
from backend.db.models import utc_now
from backend.services import audit, pin_sessions, shop_tokens
from backend.services.errors import DomainError, ForbiddenError
from common.headers import (
    AUTHORIZATION,
    CONVERSATION_HEADER,
    OWNER_SESSION_HEADER,
    SHOP_TOKEN_HEADER,
)
from common.metrics import METRICS_PATH

log = logging.getLogger(__name__)

# /metrics holds counts by route and service only: a scraper needs no token.
PUBLIC_PATHS = frozenset({"/healthz", "/openapi.json", METRICS_PATH})
# Services that reach a shop only through that conversation's shop token.
CONVERSATION_SERVICES = frozenset({"actions"})


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get(AUTHORIZATION, "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@web.middleware
async def access_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Authenticate the service, then apply the route's rule."""
    if request.path in PUBLIC_PATHS:
        return await handler(request)
    token = _bearer(request)
    if token is None:
        return json_error(
            401, "service_token_required", "Send Authorization: Bearer <service token>."
        )
    service = request.app[CONFIG].credentials.service_of(token)
    if service is None:
        return json_error(401, "invalid_service_token", "The service token is wrong.")
    request[SERVICE] = service
    route = route_of(request)
    if route is None:
        return await handler(request)  # unknown path or method: 404 / 405
    if service not in route.services:
        return json_error(
            403,
            "service_not_allowed",
            f"The {service} service may not call {route.method.upper()} {route.path}.",
        )
    conversation = request.headers.get(CONVERSATION_HEADER, "")[:100] or None
    with audit.acting(service, conversation):
        try:
            await _check_shop(request, route, service)
        except ForbiddenError:
            await _record_refusal(request, route, service)
            raise
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except DomainError as error:
            status = status_of(error)
            raise
        finally:
            if service == "operator":
                await _record_operator_call(request, route, status)


async def _check_shop(request: web.Request, route: Route, service: str) -> None:
    now = utc_now()
    db = request.app[DATABASE]
    shop_id = _path_int(request, "shop_id")
    needs_token = route.shop_token == "own" or (
        route.shop_token == "path" and service in CONVERSATION_SERVICES
    )
    if needs_token:
        grant = await shop_tokens.check(db, request.headers.get(SHOP_TOKEN_HEADER), now)
        request[GRANT] = grant
        audit.set_conversation(grant.conversation_id)
        owner_id = _path_int(request, "owner_id")
        if (shop_id is not None and shop_id != grant.shop_id) or (
            owner_id is not None and owner_id != grant.owner_id
        ):
            raise ForbiddenError(
                "This shop token belongs to another shop.", code="wrong_shop"
            )
    if route.owner_session:
        assert shop_id is not None, f"{route.path}: money routes name their shop"
        request[OWNER] = await pin_sessions.check_session(
            db, request.headers.get(OWNER_SESSION_HEADER), shop_id, now
        )


def _path_int(request: web.Request, name: str) -> int | None:
    raw = request.match_info.get(name)
    return int(raw) if raw is not None else None


async def _record_refusal(request: web.Request, route: Route, service: str) -> None:
    grant = request.get(GRANT)
    async with request.app[DATABASE].writing() as session:
        audit.record(
            session,
            utc_now(),
            "cross_shop_refused",
            _path_int(request, "shop_id"),
            None,
            f"{route.method.upper()} {route.path}",
            token_shop_id=grant.shop_id if grant else None,
        )
    log.warning(
        "refused %s %s for %s: credential of another shop",
        route.method.upper(),
        request.path,
        service,
    )


async def _record_operator_call(
    request: web.Request, route: Route, status: int
) -> None:
    async with request.app[DATABASE].writing() as session:
        audit.record(
            session,
            utc_now(),
            "operator_call",
            _path_int(request, "shop_id"),
            request.get(OWNER),
            f"{route.method.upper()} {route.path}",
            status=status,
        )
