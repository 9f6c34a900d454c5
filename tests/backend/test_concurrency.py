"""Exactly once under concurrency: 20 identical orders, 20 pickups of one code.

Requests are split over two app instances on the same database, as two server
processes would be, so the database (not an in-process lock) has to arbitrate.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from backend.app import init_app
from backend.db.database import Database
from backend.db.models import AuditEntry, IdempotencyRecord, Order
from tests.backend.conftest import Api, make_config, new_key
from tests.fixtures.shops import MakeShop

CONCURRENT = 20


@pytest.fixture
async def two_apis(database_url: str) -> AsyncIterator[tuple[Api, Api]]:
    clients = [
        TestClient(TestServer(init_app(make_config(database_url)))) for _ in range(2)
    ]
    for client in clients:
        await client.start_server()
    try:
        yield Api(clients[0]), Api(clients[1])
    finally:
        for client in clients:
            await client.close()


async def _count(database_url: str, query: object) -> int:
    database = Database(database_url)
    try:
        async with database.reading() as session:
            return int((await session.execute(query)).scalar_one())  # type: ignore[call-overload]
    finally:
        await database.dispose()


async def test_twenty_identical_orders_make_one(
    two_apis: tuple[Api, Api], database_url: str, make_shop: MakeShop
) -> None:
    shop = (await make_shop()).shop_id
    first, second = two_apis
    session = await first.login(shop)
    key = new_key()
    body = {"lines": [{"sku": "KO-COLA-330-24", "quantity": 3}]}
    before = await _count(
        database_url, select(func.count(Order.id)).where(Order.shop_id == shop)
    )
    answers = await asyncio.gather(
        *(
            api.call("POST", f"/v1/shops/{shop}/orders", body, session=session, key=key)
            for api in (first, second) * (CONCURRENT // 2)
        )
    )
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: CONCURRENT - 1}, answers
    assert len({answer["id"] for _, answer in answers}) == 1
    after = await _count(
        database_url, select(func.count(Order.id)).where(Order.shop_id == shop)
    )
    assert after == before + 1
    records = await _count(
        database_url,
        select(func.count(IdempotencyRecord.id)).where(IdempotencyRecord.key == key),
    )
    assert records == 1


async def test_twenty_pickups_hand_over_once(
    two_apis: tuple[Api, Api], database_url: str, make_shop: MakeShop
) -> None:
    shop = (await make_shop()).shop_id
    first, second = two_apis
    status, parcel = await first.call(
        "POST",
        f"/v1/shops/{shop}/parcels/check-ins",
        {
            "tracking_no": f"YT{new_key()[:10]}",
            "carrier": "圆通速递",
            "recipient_name": "王芳",
            "recipient_phone": "13900001111",
        },
    )
    assert status == 201, parcel
    answers = await asyncio.gather(
        *(
            api.call(
                "POST",
                f"/v1/shops/{shop}/parcels/pickups",
                {"code": parcel["pickup_code"]},
            )
            for api in (first, second) * (CONCURRENT // 2)
        )
    )
    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: CONCURRENT - 1}, answers
    assert all(
        body["error"]["code"] == "already_picked_up"
        for status, body in answers
        if status == 409
    )
    pickups = await _count(
        database_url,
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "parcel_picked_up",
            AuditEntry.subject == f"parcel:{parcel['id']}",
        ),
    )
    assert pickups == 1


async def test_twenty_identical_loan_applications_make_one(
    two_apis: tuple[Api, Api], make_shop: MakeShop
) -> None:
    first, second = two_apis
    # A steady shop of its own, eligible for a loan nobody else applies for.
    shop = (await make_shop()).shop_id
    session = await first.login(shop)
    _, offer = await first.call(
        "GET", f"/v1/shops/{shop}/loan-eligibility", session=session
    )
    assert offer["eligible"], offer
    key = new_key()
    body = {
        "offer_id": offer["offer_id"],
        "amount": "20000.00",
        "term_months": 6,
        "consent": True,
    }
    answers = await asyncio.gather(
        *(
            api.call(
                "POST",
                f"/v1/shops/{shop}/loan-applications",
                body,
                session=session,
                key=key,
            )
            for api in (first, second) * (CONCURRENT // 2)
        )
    )
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: CONCURRENT - 1}, answers
    assert len({answer["id"] for _, answer in answers}) == 1


async def test_concurrent_wrong_pins_are_all_counted(
    two_apis: tuple[Api, Api], make_shop: MakeShop
) -> None:
    first, second = two_apis
    owner = (await make_shop()).pin_sessions
    answers = await asyncio.gather(
        *(api.call("POST", owner, {"pin": "0000"}) for api in (first, second) * 5)
    )
    statuses = Counter(status for status, _ in answers)
    assert statuses == {401: 4, 423: 6}, answers
    left = sorted(
        body["error"]["tries_left"] for status, body in answers if status == 401
    )
    assert left == [1, 2, 3, 4]
