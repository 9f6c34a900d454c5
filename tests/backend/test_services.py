"""Time-dependent service rules, driven with an explicit clock on real databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from backend.api.middleware import error_middleware
from backend.db.database import Database
from backend.db.models import utc_now
from backend.services import identity, kiosks, loans
from backend.services.errors import (
    ConflictError,
    InvalidRequestError,
    LockedError,
    NotFoundError,
    UnauthorizedError,
)
from tests.fixtures.shops import MakeShop


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


async def test_pairing_codes_expire(db: Database, make_shop: MakeShop) -> None:
    shop = (await make_shop()).shop_id
    long_ago = utc_now() - dt.timedelta(hours=1)
    code = await kiosks.issue_pairing_code(db, shop, long_ago, minutes=10)
    with pytest.raises(NotFoundError) as refused:
        await kiosks.pair(db, code.code, "tablet", utc_now())
    assert refused.value.code == "unknown_pairing_code"
    fresh = await kiosks.issue_pairing_code(db, shop, utc_now())
    paired = await kiosks.pair(db, fresh.code, "tablet", utc_now())
    assert paired.shop_id == shop
    with pytest.raises(ConflictError):
        await kiosks.pair(db, fresh.code, "tablet", utc_now())


async def test_sessions_expire_and_lockouts_end(
    db: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    owner = made.owner_id
    now = utc_now()
    issued = await identity.open_session(db, owner, "1234", now, minutes=30)
    assert await identity.check_session(db, issued.token, owner, now) == owner
    later = now + dt.timedelta(minutes=31)
    with pytest.raises(UnauthorizedError) as expired:
        await identity.check_session(db, issued.token, owner, later)
    assert expired.value.code == "owner_session_invalid"
    for _ in range(4):
        with pytest.raises(UnauthorizedError):
            await identity.open_session(db, owner, "9999", now, minutes=30)
    with pytest.raises(LockedError):
        await identity.open_session(db, owner, "9999", now, minutes=30)
    with pytest.raises(LockedError):
        await identity.open_session(
            db, owner, "1234", now + dt.timedelta(minutes=14), minutes=30
        )
    after = now + dt.timedelta(minutes=16)
    reopened = await identity.open_session(db, owner, "1234", after, minutes=30)
    assert reopened.shop_id == made.shop_id


async def test_offers_are_checked_when_applying(
    db: Database, make_shop: MakeShop
) -> None:
    now = utc_now()
    shop = (await make_shop()).shop_id
    other = (await make_shop()).shop_id
    found = await loans.eligibility(db, shop, now)
    assert found.assessment.eligible, found
    offer = {"offer_id": found.offer_id}
    too_much = found.assessment.amount_fen + 100_00
    with pytest.raises(InvalidRequestError) as refused:
        await loans.apply(db, shop, shop, offer["offer_id"], too_much, 12, "k-a", now)
    assert refused.value.code == "invalid_amount"
    with pytest.raises(NotFoundError):
        await loans.apply(db, shop, shop, 999_999, 1_000_00, 12, "k-b", now)
    week_later = now + dt.timedelta(days=8)
    with pytest.raises(ConflictError) as expired:
        await loans.apply(
            db, shop, shop, offer["offer_id"], 1_000_00, 12, "k-c", week_later
        )
    assert expired.value.code == "offer_expired"
    # Another shop's offer is not found, whatever id is sent.
    with pytest.raises(NotFoundError):
        await loans.apply(db, other, other, offer["offer_id"], 1_000_00, 12, "k-d", now)


async def test_unexpected_errors_become_a_plain_500() -> None:
    async def broken(_request: web.Request) -> web.Response:
        raise RuntimeError("secret internals /etc/passwd")

    app = web.Application(middlewares=[error_middleware])
    app.router.add_get("/boom", broken)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        response = await client.get("/boom")
        assert response.status == 500
        text = await response.text()
        assert "internal_error" in text
        assert "secret" not in text and "Traceback" not in text
    finally:
        await client.close()


async def test_an_unreachable_database_is_a_503_to_retry() -> None:
    # PostgreSQL restarting: the caller is told to retry, not that we broke.
    from asyncpg.exceptions import CannotConnectNowError
    from sqlalchemy.exc import OperationalError

    errors = {
        "/refused": ConnectionRefusedError(111, "Connection refused"),
        "/starting": CannotConnectNowError("the database system is starting up"),
        "/wrapped": OperationalError("SELECT 1", {}, OSError("server closed")),
    }

    def failing(error: Exception) -> object:
        async def handler(_request: web.Request) -> web.Response:
            raise error

        return handler

    app = web.Application(middlewares=[error_middleware])
    for path, error in errors.items():
        app.router.add_get(path, failing(error))  # type: ignore[arg-type]
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        for path in errors:
            response = await client.get(path)
            assert response.status == 503, path
            assert response.headers["Retry-After"] == "2"
            body = await response.json()
            assert body["error"]["code"] == "database_unavailable"
    finally:
        await client.close()
