"""Shop tokens reach one shop and stop when revoked, expired or purged; service
tokens rotate; the audit names who acted, never a secret."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from backend.app import init_app
from tests.backend.access.world import (
    COLA,
    SUNSHINE,
    SUNSHINE_PHONE,
    WEIJUN,
    WEIJUN_PHONE,
    _fresh_order,
    _fresh_parcel,
    _key,
    _shop_token,
)
from tests.backend.conftest import TOKENS, Api, make_config


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
