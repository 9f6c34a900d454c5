"""Chat messages claimed once across processes, and the shared platform token."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from backend.db.database import Database
from backend.db.models import utc_now
from backend.services import inbound_messages, platform_tokens
from backend.services.errors import ConflictError


def _key() -> str:
    return f"msg-{uuid.uuid4().hex}"


async def test_twenty_deliveries_of_one_message_claim_it_once(
    database_url: str,
) -> None:
    # Separate handles stand for separate gateway processes.
    databases = [Database(database_url) for _ in range(4)]
    key = _key()
    try:
        receipts = await asyncio.gather(
            *(
                inbound_messages.claim(databases[i % 4], "wechat", key, utc_now())
                for i in range(20)
            )
        )
    finally:
        for database in databases:
            await database.dispose()
    assert sum(receipt.claimed_now for receipt in receipts) == 1
    assert {receipt.state for receipt in receipts} == {"pending"}


async def test_a_reply_ready_in_time_goes_back_passively(database_url: str) -> None:
    database = Database(database_url)
    key = _key()
    try:
        await inbound_messages.claim(database, "wechat", key, utc_now())
        deliver = await inbound_messages.answer(
            database, "wechat", key, {"texts": ["好"]}, utc_now()
        )
        assert deliver == "passive"
        retry = await inbound_messages.claim(database, "wechat", key, utc_now())
        assert not retry.claimed_now
        assert retry.state == "answered" and retry.reply == {"texts": ["好"]}
        # A request that gives up now still finds the reply and returns it.
        late = await inbound_messages.defer(database, "wechat", key, utc_now())
        assert late.state == "answered" and late.reply == {"texts": ["好"]}
    finally:
        await database.dispose()


async def test_a_deferred_reply_is_pushed_exactly_once(database_url: str) -> None:
    database = Database(database_url)
    key = _key()
    try:
        await inbound_messages.claim(database, "telegram", key, utc_now())
        deferred = await inbound_messages.defer(database, "telegram", key, utc_now())
        assert deferred.state == "deferred" and deferred.reply is None
        first = await inbound_messages.answer(
            database, "telegram", key, {"texts": ["a"]}, utc_now()
        )
        second = await inbound_messages.answer(
            database, "telegram", key, {"texts": ["a"]}, utc_now()
        )
        assert (first, second) == ("push", "done")
        # The same key on another channel is another message.
        other = await inbound_messages.claim(database, "wechat", key, utc_now())
        assert other.claimed_now
    finally:
        await database.dispose()


async def test_one_refresher_at_a_time_and_everyone_shares_its_token(
    database_url: str,
) -> None:
    database = Database(database_url)
    platform = "wechat"
    now = utc_now()
    try:
        leases = await asyncio.gather(
            *(
                platform_tokens.lease(database, platform, f"p{i}", None, now)
                for i in range(8)
            )
        )
        holders = [f"p{i}" for i, found in enumerate(leases) if found.refresh]
        assert len(holders) == 1
        loser = next(f"p{i}" for i in range(8) if f"p{i}" != holders[0])
        try:
            await platform_tokens.store(database, platform, loser, "bad", 7200, now)
        except ConflictError as error:
            assert error.code == "lease_held"
        else:
            raise AssertionError("a process without the lease stored a token")
        await platform_tokens.store(database, platform, holders[0], "tok-1", 7200, now)
        shared = await platform_tokens.lease(database, platform, loser, None, now)
        assert (shared.token, shared.refresh) == ("tok-1", False)

        # Near its end the old token is still handed out while one process refreshes.
        later = now + dt.timedelta(seconds=7200 - 60)
        first = await platform_tokens.lease(database, platform, "p1", None, later)
        second = await platform_tokens.lease(database, platform, "p2", None, later)
        assert first.refresh and not second.refresh
        assert first.token == second.token == "tok-1"

        # A token the platform refused is dropped and refreshed at once.
        await platform_tokens.store(database, platform, "p1", "tok-2", 7200, later)
        refused = await platform_tokens.lease(database, platform, "p3", "tok-2", later)
        assert refused.refresh and refused.token is None
    finally:
        await database.dispose()
