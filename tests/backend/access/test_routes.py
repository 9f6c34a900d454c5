"""Least privilege, route by route: every documented route is tried with no
credential, every other service's credential, another shop's credential and the
right one. A route that has no rule here fails the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.api.routes import ROUTES, Route
from backend.openapi import openapi_document
from common.credentials import SERVICES
from tests.backend.access.world import (
    LINES,
    SUNSHINE_PHONE,
    WEIJUN,
    WEIJUN_PHONE,
    _fresh_application,
    _fresh_notice,
    _fresh_order,
    _fresh_parcel,
    _key,
    _link_code,
    _pairing_code,
    _shop_token,
)
from tests.backend.conftest import Api


async def _target(api: Api, route: Route) -> tuple[str, Any]:
    """A path and body of Weijun's for which the right credential succeeds."""
    ids: dict[str, Any] = {"shop_id": WEIJUN, "owner_id": WEIJUN, "application_id": 1}
    if "{order_id}" in route.path:
        ids["order_id"] = await _fresh_order(api)
        if route.path.endswith("/deliver"):
            status, _ = await api.call(
                "POST", f"/v1/shops/1/orders/{ids['order_id']}/dispatch"
            )
            assert status == 200
    if "{parcel_id}" in route.path:
        ids["parcel_id"] = (await _fresh_parcel(api))["id"]
    holder = f"access-{_key()[:8]}"
    if "{notice_id}" in route.path:
        claimed = route.path.endswith("/outcome")
        ids["notice_id"] = await _fresh_notice(api, holder if claimed else None)
    if route.path.endswith("/decision"):
        ids["application_id"] = await _fresh_application(api)
    bodies: dict[tuple[str, str], Any] = {
        ("post", "/v1/identity/resolve"): {"channel": "phone", "id": WEIJUN_PHONE},
        ("post", "/v1/owners/{owner_id}/pin-sessions"): {"pin": "2468"},
        ("post", "/v1/shops/{shop_id}/handoffs"):
            {"conversation_id": "c-1", "reason": "wants a person", "channel": "phone"},
        ("post", "/v1/shops/{shop_id}/link-codes"): {"channel": "wechat"},
        ("post", "/v1/shops/{shop_id}/quotes"): LINES,
        ("post", "/v1/shops/{shop_id}/orders"): LINES,
        ("post", "/v1/shops/{shop_id}/parcels/check-ins"):
            {"tracking_no": f"YT{_key()[:12]}", "carrier": "圆通",
             "recipient_name": "李四", "recipient_phone": "13900002222"},
        ("post", "/v1/notices/claims"): {"holder": holder, "channels": ["wechat"]},
        ("post", "/v1/notices/{notice_id}/outcome"):
            {"holder": holder, "outcome": "sent"},
        ("put", "/v1/shops/{shop_id}/notice-preferences"): {"muted": False},
        ("post", "/v1/shops/{shop_id}/loan-applications/{application_id}/decision"):
            {"decision": "approved"},
    }  # fmt: skip
    body = bodies.get((route.method, route.path))
    message = {"channel": "wechat", "key": f"msg-{_key()}"}
    if route.path.startswith("/v1/inbound-messages/"):
        status, _ = await api.call(
            "POST", "/v1/inbound-messages", message, service="gateway"
        )
        assert status == 201
        body = {**message, "reply": {"texts": ["好的"]}}
        if route.path.endswith("/defer"):
            body = message
    elif route.path == "/v1/inbound-messages":
        body = message
    elif route.path.startswith("/v1/platform-tokens"):
        # One holder for both routes: a lease taken by one blocks the other's store.
        body = {"platform": "wechat", "holder": "access-test"}
        if route.method == "put":
            body.update(token=f"tok-{_key()}", expires_in=7200)
    if route.path == "/v1/kiosks/pair":
        body = {"code": await _pairing_code(api), "device_name": "counter"}
    elif route.path == "/v1/link-codes/redeem":
        body = {"channel": "wechat", "account": f"wx-access-{_key()[:8]}",
                "code": await _link_code(api)}  # fmt: skip
    elif route.path.endswith("/parcels/pickups"):
        body = {"code": (await _fresh_parcel(api))["pickup_code"]}
    elif route.path.endswith(("/loan-applications", "/loan-quotes")):
        session = await api.login(WEIJUN)
        _, offer = await api.call(
            "GET", "/v1/shops/1/loan-eligibility", session=session
        )
        body = {"offer_id": offer["offer_id"], "amount": "20000.00",
                "term_months": 12}  # fmt: skip
        if route.path.endswith("/loan-applications"):
            body["consent"] = True
    assert route.request is None or body is not None, (
        f"no sample body for {route.method.upper()} {route.path}: add one here"
    )
    query = "?q=cola&lang=en" if route.path.endswith("/catalog/resolve") else ""
    return route.path.format(**ids) + query, body


def test_every_documented_route_has_a_rule() -> None:
    documented = {
        (method, path)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }
    ruled = {(route.method, route.path) for route in ROUTES}
    assert documented == ruled
    for route in ROUTES:
        assert route.services <= set(SERVICES), route
        assert route.shop_token in {"path", "own", "none"}, route


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
async def test_route_admits_only_the_right_credential(api: Api, route: Route) -> None:
    path, body = await _target(api, route)
    method = route.method.upper()
    response = await api.client.request(method, path, json=body)
    assert response.status == 401, f"no credential: {response.status}"
    assert (await response.json())["error"]["code"] == "service_token_required"

    weijun = await _shop_token(api, WEIJUN_PHONE)
    for service in sorted(set(SERVICES) - route.services):
        status, answer = await api.call(
            method, path, body, service=service, shop_token=weijun
        )
        assert status == 403, f"{service}: {status} {answer}"
        assert answer["error"]["code"] == "service_not_allowed"

    session = await api.login(WEIJUN) if route.owner_session else None
    key = _key() if route.idempotency_key else None
    needs_shop_token = route.shop_token == "own" or (
        route.shop_token == "path" and "actions" in route.services
    )
    caller = "actions" if "actions" in route.services else min(route.services)
    if needs_shop_token:
        status, answer = await api.call(
            method, path, body, session=session, key=key, service=caller
        )
        assert status == 401 and answer["error"]["code"] == "shop_token_required"
    if route.shop_token == "path" and "actions" in route.services:
        sunshine = await _shop_token(api, SUNSHINE_PHONE)
        status, answer = await api.call(
            method, path, body, session=session, key=key,
            service="actions", shop_token=sunshine,
        )  # fmt: skip
        assert status == 403 and answer["error"]["code"] == "wrong_shop", answer

    status, answer = await api.call(
        method, path, body, session=session, key=key, service=caller,
        shop_token=weijun if needs_shop_token else None,
    )  # fmt: skip
    assert status == route.status, f"{caller}: {status} {answer}"


def test_the_contract_states_each_services_rights() -> None:
    root = Path(__file__).resolve().parents[3]
    contract = (root / "docs" / "contract.md").read_text()
    stated = {}
    for line in contract.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith("`"):
            stated[cells[0].strip("`")] = frozenset(
                name.strip() for name in cells[1].split(",")
            )
    for route in ROUTES:
        name = f"{route.method.upper()} {route.path}"
        assert stated.get(name) == route.services, f"docs/contract.md on {name}"
