"""Notices: recorded once, claimed once, and sent only when the platform allows.

Each test makes a shop of its own and links the chat accounts it needs to its owner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, update

from backend.db.database import Database
from backend.db.models import MessagingAccount, Notice, Parcel
from backend.services import notices
from backend.services.catalog import load_catalog
from backend.services.errors import ConflictError
from backend.services.notices import NoticeRules
from tests.backend.conftest import Api
from tests.fixtures.shops import MakeShop

ANY_HOUR = NoticeRules(quiet_hours=None)
# 10:00 in Beijing, outside the default quiet hours (21-8).
DAYTIME = dt.datetime(2026, 11, 30, 2, 0)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    handle = Database(database_url)
    try:
        yield handle
    finally:
        await handle.dispose()


async def _link(database: Database, owner_id: int, channel: str) -> str:
    account = f"{channel}-{uuid.uuid4().hex[:12]}"
    async with database.writing() as session:
        session.add(
            MessagingAccount(owner_id=owner_id, channel=channel, account_id=account,
                             pushes_since_inbound=0)
        )  # fmt: skip
    return account


async def _record(database: Database, shop_id: int, subject: str) -> None:
    async with database.writing() as session:
        await notices.record(session, shop_id, "order_dispatched", subject,
                             {"order_id": 1}, DAYTIME)  # fmt: skip


async def _claim(
    database: Database,
    channels: tuple[str, ...] = ("wechat", "telegram"),
    templates: tuple[str, ...] = (),
    rules: NoticeRules = ANY_HOUR,
    now: dt.datetime = DAYTIME,
    holder: str = "gw-1",
    shop_id: int | None = None,
) -> list[dict]:
    claimed = await notices.claim(database, holder, channels, templates, rules, now,
                                  limit=100)  # fmt: skip
    return [n for n in claimed if shop_id is None or n["shop_id"] == shop_id]


async def test_a_notice_is_recorded_once_per_subject(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    await _link(database, owner_id, "telegram")
    for _ in range(3):
        await _record(database, shop, "order:1")
    claimed = await _claim(database, shop_id=shop)
    assert [n["kind"] for n in claimed] == ["order_dispatched"]
    assert await _claim(database, shop_id=shop) == []  # claimed: never again


async def test_wechat_goes_only_inside_its_window_and_under_its_cap(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    account = await _link(database, owner_id, "wechat")
    await _record(database, shop, "order:a")
    # The owner never wrote: no customer-service message may go, and no template.
    assert await _claim(database, shop_id=shop) == []
    # A template may go outside the window.
    [templated] = await _claim(database, templates=("wechat",), shop_id=shop)
    assert (templated["via"], templated["account"]) == ("template", account)

    await notices.note_inbound(database, "wechat", account, DAYTIME)
    for n in range(6):
        await _record(database, shop, f"order:w{n}")
    claimed = await _claim(database, shop_id=shop)
    # Five pushes in the window, then the rest wait.
    assert [n["via"] for n in claimed] == ["custom"] * 5
    # The window closes 48 hours after the owner's message.
    await notices.note_inbound(database, "wechat", account, DAYTIME)
    later = DAYTIME + dt.timedelta(hours=49)
    assert await _claim(database, now=later, shop_id=shop) == []
    [one] = await _claim(database, shop_id=shop)
    assert one["via"] == "custom"


async def test_telegram_goes_at_any_time_and_wechat_is_preferred_in_its_window(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    wechat = await _link(database, owner_id, "wechat")
    telegram = await _link(database, owner_id, "telegram")
    await _record(database, shop, "order:t1")
    [first] = await _claim(database, shop_id=shop)
    assert (first["channel"], first["account"]) == ("telegram", telegram)
    await notices.note_inbound(database, "wechat", wechat, DAYTIME)
    await _record(database, shop, "order:t2")
    [second] = await _claim(database, shop_id=shop)
    assert (second["channel"], second["via"]) == ("wechat", "custom")
    # A gateway without a Telegram bridge cannot take the next one.
    await notices.note_inbound(database, "wechat", wechat, DAYTIME)
    async with database.writing() as session:
        await session.execute(
            update(MessagingAccount)
            .where(MessagingAccount.account_id == wechat)
            .values(last_inbound_at=None)
        )
    await _record(database, shop, "order:t3")
    assert await _claim(database, channels=("wechat",), shop_id=shop) == []


async def test_quiet_hours_hold_notices_until_morning(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    await _link(database, owner_id, "telegram")
    await _record(database, shop, "order:q")
    rules = NoticeRules(quiet_hours=(21, 8))
    ten_pm = dt.datetime(2026, 11, 30, 14, 0)  # 22:00 in Beijing
    assert await _claim(database, rules=rules, now=ten_pm, shop_id=shop) == []
    seven_am = dt.datetime(2026, 11, 30, 23, 0)  # 07:00 the next day
    assert await _claim(database, rules=rules, now=seven_am, shop_id=shop) == []
    [claimed] = await _claim(database, rules=rules, now=DAYTIME, shop_id=shop)
    assert claimed["kind"] == "order_dispatched"


def test_quiet_hours_within_one_day_and_across_midnight() -> None:
    daytime_rest = NoticeRules(quiet_hours=(12, 14))
    assert daytime_rest.quiet(dt.datetime(2026, 11, 30, 4, 30))  # 12:30
    assert not daytime_rest.quiet(dt.datetime(2026, 11, 30, 6, 0))  # 14:00
    assert not NoticeRules(quiet_hours=None).quiet(dt.datetime(2026, 11, 30, 15, 0))


async def test_a_muted_owner_is_not_told_until_unmuted(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    await _link(database, owner_id, "telegram")
    await notices.set_muted(database, shop, owner_id, True)
    await _record(database, shop, "order:m1")
    assert await _claim(database, shop_id=shop) == []
    async with database.reading() as session:
        state = (
            await session.execute(select(Notice.state).where(Notice.shop_id == shop))
        ).scalar_one()
    assert state == "muted"
    await notices.set_muted(database, shop, owner_id, False)
    await _record(database, shop, "order:m2")
    assert [n["facts"] for n in await _claim(database, shop_id=shop)] == [
        {"order_id": 1}
    ]


async def test_many_gateways_claim_a_notice_once(
    database_url: str, make_shop: MakeShop
) -> None:
    handles = [Database(database_url) for _ in range(4)]
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    try:
        await _link(handles[0], owner_id, "telegram")
        await _record(handles[0], shop, "order:race")
        claims = await asyncio.gather(
            *(_claim(handles[i % 4], holder=f"gw-{i}", shop_id=shop) for i in range(12))
        )
    finally:
        for handle in handles:
            await handle.dispose()
    assert sum(len(found) for found in claims) == 1


async def test_outcomes_decide_whether_a_notice_is_offered_again(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    account = await _link(database, owner_id, "wechat")
    await notices.note_inbound(database, "wechat", account, DAYTIME)
    await _record(database, shop, "order:o1")
    [claimed] = await _claim(database, shop_id=shop)
    with pytest.raises(ConflictError):
        await notices.settle(database, claimed["id"], "someone-else", "sent", DAYTIME)
    # Nothing went: it is offered again.
    await notices.settle(database, claimed["id"], "gw-1", "unsent", DAYTIME)
    [again] = await _claim(database, shop_id=shop)
    assert again["id"] == claimed["id"]
    # WeChat said the window is shut: it waits, and so do the others.
    await notices.settle(database, again["id"], "gw-1", "window_closed", DAYTIME)
    assert await _claim(database, shop_id=shop) == []
    await notices.note_inbound(database, "wechat", account, DAYTIME)
    [third] = await _claim(database, shop_id=shop)
    # Unclear whether it arrived: never sent again.
    await notices.settle(database, third["id"], "gw-1", "failed", DAYTIME)
    assert await _claim(database, shop_id=shop) == []
    # A gateway that died mid-send: after ten minutes the notice is failed, not resent.
    await _record(database, shop, "order:o2")
    [lost] = await _claim(database, shop_id=shop)
    later = DAYTIME + dt.timedelta(minutes=11)
    assert await _claim(database, now=later, shop_id=shop) == []
    async with database.reading() as session:
        state = (await session.get(Notice, lost["id"])).state
    assert state == "failed"


async def test_the_scan_finds_a_parcel_due_tomorrow_once(
    database: Database, make_shop: MakeShop
) -> None:
    made = await make_shop()
    shop, owner_id = made.shop_id, made.owner_id
    await _link(database, owner_id, "telegram")
    now = DAYTIME
    async with database.writing() as session:
        parcel = Parcel(
            shop_id=shop, tracking_no=f"ZT{uuid.uuid4().int % 10**10}",
            carrier="中通快递",
            recipient_masked="张*", recipient_phone_masked="139****0000",
            pickup_code=f"{uuid.uuid4().int % 10**6:06d}", shelf_slot="C2",
            status="waiting", arrived_at=now - dt.timedelta(days=5),
        )  # fmt: skip
        session.add(parcel)
    catalog = await load_catalog(database)
    await notices.scan(database, catalog, now)
    await notices.scan(database, catalog, now)
    claimed = await _claim(database, shop_id=shop)
    due = [n for n in claimed if n["kind"] == "parcel_overdue_soon"]
    assert len(due) == 1, claimed
    assert due[0]["facts"]["shelf_slot"] == "C2"
    assert due[0]["facts"]["days_waiting"] == 5


async def test_the_scan_tells_weijun_cola_is_running_out_once_a_week(
    database: Database,
) -> None:
    catalog = await load_catalog(database)
    now = DAYTIME
    await notices.scan(database, catalog, now)
    await notices.scan(database, catalog, now + dt.timedelta(days=1))
    async with database.reading() as session:
        subjects = (
            await session.execute(
                select(Notice.subject).where(Notice.shop_id == 1,
                                             Notice.kind == "low_stock")
            )
        ).scalars().all()  # fmt: skip
    cola = [s for s in subjects if s.startswith("KO-COLA-330-24:")]
    assert len(cola) == 1, subjects


async def test_the_lenders_decision_is_kept_once_and_told(
    api: Api, database: Database, make_shop: MakeShop
) -> None:
    shop = await make_shop()
    session = await api.login(shop.owner_id)
    _, offer = await api.call("GET", f"{shop.path}/loan-eligibility", session=session)
    status, applied = await api.call(
        "POST", f"{shop.path}/loan-applications",
        {"offer_id": offer["offer_id"], "amount": "8000.00", "term_months": 6,
         "consent": True},
        session=session, key=uuid.uuid4().hex,
    )  # fmt: skip
    assert status == 201, applied
    _, listed = await api.call(
        "GET", f"{shop.path}/loan-applications", service="lender"
    )
    submitted = [a for a in listed["applications"] if a["status"] == "submitted"]
    assert [a["id"] for a in submitted] == [applied["id"]]
    path = f"{shop.path}/loan-applications/{submitted[0]['id']}/decision"
    status, decided = await api.call(
        "POST", path, {"decision": "approved"}, service="lender"
    )
    assert (status, decided["status"]) == (200, "approved")
    again = await api.call("POST", path, {"decision": "approved"}, service="lender")
    assert again[0] == 200
    status, refused = await api.call(
        "POST", path, {"decision": "rejected"}, service="lender"
    )
    assert (status, refused["error"]["code"]) == (409, "application_decided")
    status, bad = await api.call("POST", path, {"decision": "maybe"}, service="lender")
    assert status == 422, bad
    async with database.reading() as session:
        told = (
            await session.execute(
                select(Notice.facts).where(
                    Notice.kind == "loan_decision",
                    Notice.subject == f"loan_application:{submitted[0]['id']}",
                )
            )
        ).scalars().all()  # fmt: skip
    assert [facts["decision"] for facts in told] == ["approved"]
