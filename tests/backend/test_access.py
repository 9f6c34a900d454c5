"""Least privilege, route by route: every documented route is tried with no
credential, every other service's credential, another shop's credential and the
right one. A route that has no rule here fails the test.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from backend.api.routes import ROUTES, Route
from backend.app import init_app
from backend.config import normalise_database_url
from backend.openapi import openapi_document
from common.credentials import SERVICES
from tests.backend.conftest import TOKENS, Api, _prepare, make_config

WEIJUN, SUNSHINE = 1, 2
WEIJUN_PHONE, SUNSHINE_PHONE = "+8613800000001", "+8613800000002"
COLA = "KO-COLA-330-24"
LINES = {"lines": [{"sku": COLA, "quantity": 2}]}


@pytest.fixture(scope="module")
def access_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A demo world of its own: the right credential really applies for a loan."""
    path: Path = tmp_path_factory.mktemp("access") / "access.db"
    url = normalise_database_url(f"sqlite:///{path}")
    asyncio.run(_prepare(url))
    return url


@pytest.fixture
async def api(access_db: str) -> AsyncIterator[Api]:
    client = TestClient(TestServer(init_app(make_config(access_db))))
    await client.start_server()
    try:
        yield Api(client)
    finally:
        await client.close()


def _key() -> str:
    return uuid.uuid4().hex


async def _fresh_order(api: Api) -> int:
    session = await api.login(WEIJUN)
    status, order = await api.call(
        "POST", "/v1/shops/1/orders", {"lines": [{"sku": COLA, "quantity": 1}]},
        session=session, key=_key(),
    )  # fmt: skip
    assert status == 201, order
    return int(order["id"])


async def _fresh_parcel(api: Api) -> dict[str, Any]:
    status, parcel = await api.call(
        "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": f"SF{_key()[:12]}", "carrier": "顺丰", "recipient_name": "张三",
         "recipient_phone": "13900001111"},
    )  # fmt: skip
    assert status == 201, parcel
    return parcel


async def _fresh_notice(api: Api, holder: str | None) -> int:
    """A new notice of Weijun's (an order dispatched), claimed by ``holder`` if any."""
    order_id = await _fresh_order(api)
    status, _ = await api.call("POST", f"/v1/shops/1/orders/{order_id}/dispatch")
    assert status == 200
    status, found = await api.call(
        "POST", "/v1/notices/claims",
        {"holder": holder or "access-peek", "channels": ["telegram"], "limit": 100},
        service="gateway",
    )  # fmt: skip
    assert status == 200, found
    [notice] = [n for n in found["notices"] if n["facts"].get("order_id") == order_id]
    if holder is None:  # only wanted its id: put it back
        await api.call("POST", f"/v1/notices/{notice['id']}/outcome",
                       {"holder": "access-peek", "outcome": "unsent"},
                       service="gateway")  # fmt: skip
    return int(notice["id"])


async def _fresh_application(api: Api) -> int:
    """A submitted application of Weijun's (one open at a time: an earlier counts)."""
    _, listed = await api.call("GET", "/v1/shops/1/loan-applications", service="lender")
    submitted = [a for a in listed["applications"] if a["status"] == "submitted"]
    if submitted:
        return int(submitted[0]["id"])
    session = await api.login(WEIJUN)
    _, offer = await api.call("GET", "/v1/shops/1/loan-eligibility", session=session)
    status, application = await api.call(
        "POST", "/v1/shops/1/loan-applications",
        {"offer_id": offer["offer_id"], "amount": "10000.00", "term_months": 6,
         "consent": True},
        session=session, key=_key(),
    )  # fmt: skip
    assert status == 201, application
    return int(application["id"])


async def _pairing_code(api: Api) -> str:
    session = await api.login(WEIJUN)
    status, code = await api.call(
        "POST", "/v1/shops/1/kiosk-pairing-codes", session=session
    )
    assert status == 201, code
    return str(code["code"])


async def _link_code(api: Api) -> str:
    session = await api.login(WEIJUN)
    status, code = await api.call(
        "POST", "/v1/shops/1/link-codes", {"channel": "wechat"}, session=session
    )
    assert status == 201, code
    return str(code["code"])


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


async def _shop_token(api: Api, phone: str) -> str:
    resolved = await api.resolve(phone, conversation=f"conv-{phone[-1]}")
    return str(resolved["shop_token"])


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


async def test_nested_ids_of_another_shop_are_not_found_nor_changed(api: Api) -> None:
    order = await _fresh_order(api)
    parcel = await _fresh_parcel(api)
    sunshine = await _shop_token(api, SUNSHINE_PHONE)
    session = await api.login(SUNSHINE)

    async def as_sunshine(method: str, path: str, body: Any = None) -> tuple[int, Any]:
        return await api.call(
            method, f"/v1/shops/2{path}", body, session=session, service="actions",
            shop_token=sunshine,
        )  # fmt: skip

    attempts = [
        ("GET", f"/orders/{order}", None, "unknown_order"),
        ("POST", f"/orders/{order}/cancel", None, "unknown_order"),
        ("GET", "/loan-applications/1", None, "unknown_application"),
        ("POST", f"/parcels/{parcel['id']}/return", None, "unknown_parcel"),
        ("POST", "/parcels/pickups", {"code": parcel["pickup_code"]},
         "wrong_pickup_code"),
    ]  # fmt: skip
    for method, path, body, code in attempts:
        status, answer = await as_sunshine(method, path, body)
        assert status == 404, (path, answer)
        assert answer["error"]["code"] == code, (path, answer)
    # Nothing of Weijun's moved.
    status, still = await api.call("GET", f"/v1/shops/1/orders/{order}")
    assert still["status"] == "placed"
    _, parcels = await api.call("GET", "/v1/shops/1/parcels?status=waiting")
    assert parcel["id"] in {p["id"] for p in parcels["parcels"]}
    # Sunshine's own lists hold none of Weijun's rows.
    _, orders = await as_sunshine("GET", "/orders")
    assert order not in {o["id"] for o in orders["orders"]}
    _, own = await as_sunshine("GET", "/parcels")
    assert parcel["id"] not in {p["id"] for p in own["parcels"]}


async def test_revoked_and_expired_shop_tokens_stop_working(
    api: Api, access_db: str
) -> None:
    token = await _shop_token(api, WEIJUN_PHONE)
    status, me = await api.call("GET", "/v1/shop-token", service="actions",
                                shop_token=token)  # fmt: skip
    assert status == 200 and me["shop_id"] == WEIJUN and me["channel"] == "phone"
    assert me["conversation_id"] == "conv-1"
    status, _ = await api.call("DELETE", "/v1/shop-token", service="gateway",
                               shop_token=token)  # fmt: skip
    assert status == 200
    status, answer = await api.call("GET", "/v1/shops/1/parcels", service="actions",
                                    shop_token=token)  # fmt: skip
    assert status == 401 and answer["error"]["code"] == "shop_token_invalid"

    # An operator revokes every live token of a shop at once (a lost tablet).
    one, two = [await _shop_token(api, WEIJUN_PHONE) for _ in range(2)]
    status, answer = await api.call("DELETE", "/v1/shops/1/shop-tokens")
    assert status == 200 and answer["revoked"] >= 2
    for revoked in (one, two):
        status, _ = await api.call("GET", "/v1/shop-token", service="actions",
                                   shop_token=revoked)  # fmt: skip
        assert status == 401

    config = make_config(access_db)
    short_lived = type(config)(**{**config.__dict__, "shop_token_minutes": 0})
    client = TestClient(TestServer(init_app(short_lived)))
    await client.start_server()
    try:
        expiring = Api(client)
        token = await _shop_token(expiring, WEIJUN_PHONE)
        status, answer = await expiring.call(
            "GET", "/v1/shops/1/parcels", service="actions", shop_token=token
        )
        assert status == 401 and answer["error"]["code"] == "shop_token_invalid"
    finally:
        await client.close()


async def test_two_tokens_live_while_rotating(access_db: str) -> None:
    config = make_config(access_db)
    old, new = TOKENS["actions"], "rotated-actions-token-9876543210"
    tokens = {service: [token] for service, token in TOKENS.items()}
    tokens["actions"] = [new, old]
    from backend.services.tokens import ServiceCredentials

    rotating = type(config)(
        **{**config.__dict__, "credentials": ServiceCredentials(tokens)}
    )
    client = TestClient(TestServer(init_app(rotating)))
    await client.start_server()
    try:
        api = Api(client)
        shop_token = await _shop_token(api, WEIJUN_PHONE)
        for bearer, expected in ((old, 200), (new, 200), ("retired-token-123456", 401)):
            response = await client.get(
                "/v1/shops/1/parcels",
                headers={
                    "Authorization": f"Bearer {bearer}",
                    "X-Shop-Token": shop_token,
                },
            )
            assert response.status == expected, bearer
    finally:
        await client.close()


async def _audit_rows(url: str) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from backend.db.database import Database
    from backend.db.models import AuditEntry

    database = Database(url)
    try:
        async with database.reading() as session:
            rows = (await session.execute(select(AuditEntry))).scalars()
            return [
                {column: getattr(row, column) for column in
                 ("action", "shop_id", "subject", "detail", "service",
                  "conversation_id")}
                for row in rows
            ]  # fmt: skip
    finally:
        await database.dispose()


async def test_audit_names_service_shop_and_conversation_never_secrets(
    api: Api, access_db: str
) -> None:
    weijun = await _shop_token(api, WEIJUN_PHONE)  # conversation "conv-1"

    async def as_actions(method: str, path: str, body: Any = None, **kw: Any) -> Any:
        status, answer = await api.call(
            method, path, body, service="actions", shop_token=weijun, **kw
        )
        return status, answer

    status, pin = await as_actions("POST", "/v1/owners/1/pin-sessions", {"pin": "2468"})
    assert status == 201
    status, order = await as_actions(
        "POST", "/v1/shops/1/orders", {"lines": [{"sku": COLA, "quantity": 3}]},
        session=pin["token"], key=_key(),
    )  # fmt: skip
    assert status == 201
    parcel = await _fresh_parcel(api)
    status, _ = await as_actions(
        "POST", "/v1/shops/1/parcels/pickups", {"code": parcel["pickup_code"]}
    )
    assert status == 200
    status, _ = await as_actions("GET", "/v1/shops/2/parcels")
    assert status == 403
    status, _ = await api.call("GET", "/v1/shops/2/orders")  # the operator
    assert status == 200

    rows = await _audit_rows(access_db)
    placed = [r for r in rows if r["subject"] == f"order:{order['id']}"]
    assert placed and placed[0]["action"] == "order_placed"
    assert placed[0]["service"] == "actions"
    assert placed[0]["conversation_id"] == "conv-1"
    picked = [r for r in rows if r["subject"] == f"parcel:{parcel['id']}"]
    assert {r["action"] for r in picked} == {"parcel_checked_in", "parcel_picked_up"}
    assert {r["service"] for r in picked} == {"operator", "actions"}
    refused = [r for r in rows if r["action"] == "cross_shop_refused"]
    assert any(
        r["shop_id"] == 2 and r["service"] == "actions"
        and r["conversation_id"] == "conv-1" and r["detail"]["token_shop_id"] == 1
        for r in refused
    )  # fmt: skip
    assert any(
        r["action"] == "operator_call"
        and r["subject"] == "GET /v1/shops/{shop_id}/orders"
        and r["shop_id"] == 2 and r["detail"]["status"] == 200
        for r in rows
    )  # fmt: skip
    secrets = {"2468", parcel["pickup_code"], weijun, pin["token"], *TOKENS.values()}
    for row in rows:
        text = repr(row)
        assert not any(secret in text for secret in secrets), row


def test_the_contract_states_each_services_rights() -> None:
    root = Path(__file__).resolve().parents[2]
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


async def test_long_dead_tokens_are_purged_when_the_shop_resolves_again(
    access_db: str,
) -> None:
    import datetime as dt

    from sqlalchemy import func, select

    from backend.db.database import Database
    from backend.db.models import ShopToken, utc_now
    from backend.services import identity

    database = Database(access_db)

    async def tokens_of_weijun() -> int:
        async with database.reading() as session:
            query = select(func.count()).where(ShopToken.shop_id == WEIJUN)
            return int((await session.execute(query)).scalar_one())

    try:
        now = utc_now()
        await identity.resolve(database, "phone", WEIJUN_PHONE, None, now, 60)
        assert await tokens_of_weijun() >= 1
        later = now + dt.timedelta(days=2)
        await identity.resolve(database, "phone", WEIJUN_PHONE, None, later, 60)
        assert await tokens_of_weijun() == 1  # only the one just issued
    finally:
        await database.dispose()
