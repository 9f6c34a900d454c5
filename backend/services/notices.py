"""Notices: the owner is told, without asking, when something needs them.

Four things are told: an order dispatched or delivered, a loan decision, a parcel
that will be overdue tomorrow, and an item about to run out. Each is one row per
(owner, kind, subject); the unique constraint makes a notice exist once, and its
``state`` makes it go out at most once:

- ``pending``: waiting for a way to reach the owner (or for quiet hours to end);
- ``sending``: a gateway claimed it and is delivering it;
- ``sent``; ``failed`` (the platform's answer was unclear: never sent again);
- ``muted`` (the owner said "不要提醒我"); ``expired`` (old news, never sent).

How a notice may go follows the platforms' rules for messages the owner did not
start: WeChat customer-service messages only within 48 hours of the owner's last
message and only a few in that window; outside it a template message if the
account has one; Telegram at any time. Otherwise the notice waits until the owner
writes again, for three days at most.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import MessagingAccount, Notice, Owner, Parcel
from backend.services import reorder
from backend.services.catalog import Catalog
from backend.services.clock import iso_utc, local_time, shop_today
from backend.services.errors import ConflictError, NotFoundError
from backend.services.parcels import OVERDUE_DAYS

KINDS = ("order_dispatched", "order_delivered", "loan_decision",
         "parcel_overdue_soon", "low_stock")  # fmt: skip
STATES = ("pending", "sending", "sent", "failed", "muted", "expired")
# An item is told about when it has less than this many days of stock left.
LOW_STOCK_NOTICE_DAYS = 2.0
KEEP_PENDING = dt.timedelta(days=3)
# A claim not settled within this is taken as lost (the gateway died mid-send):
# it is marked failed, never sent again.
CLAIM_LIFETIME = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class NoticeRules:
    """When and how often notices may go (read once at the backend's start)."""

    # Shop-local hours [start, end) when nothing is sent; None: no quiet hours.
    quiet_hours: tuple[int, int] | None = (21, 8)
    # How often a process scans for parcels due and stock running out.
    scan_every: dt.timedelta = dt.timedelta(seconds=60)
    wechat_window: dt.timedelta = dt.timedelta(hours=48)
    wechat_window_cap: int = 5

    def quiet(self, now: dt.datetime) -> bool:
        """Whether ``now`` falls in the shops' quiet hours."""
        if self.quiet_hours is None:
            return False
        start, end = self.quiet_hours
        hour = local_time(now).hour
        return start <= hour < end if start < end else hour >= start or hour < end


@dataclass(frozen=True)
class Route:
    """How a claimed notice goes: the platform, the account and the kind of send."""

    channel: str
    account: str
    via: str  # "custom" (WeChat window), "template" (WeChat), "message" (Telegram)


async def record(
    session: AsyncSession,
    shop_id: int,
    kind: str,
    subject: str,
    facts: dict[str, Any],
    now: dt.datetime,
) -> None:
    """Create the notice for each owner of the shop, unless it already exists.

    Two processes racing to record the same notice: the unique constraint fails
    one of them (IntegrityError), which the caller may ignore.
    """
    owners = (
        await session.execute(select(Owner.id).where(Owner.shop_id == shop_id))
    ).scalars()
    for owner_id in owners.all():
        told = await session.execute(
            select(Notice.id).where(Notice.owner_id == owner_id, Notice.kind == kind,
                                    Notice.subject == subject)
        )  # fmt: skip
        if told.first() is None:
            session.add(
                Notice(owner_id=owner_id, shop_id=shop_id, kind=kind, subject=subject,
                       facts=facts, state="pending", created_at=now, due_at=now)
            )  # fmt: skip


class Scanner:
    """Finds parcels about to be overdue and items about to run out, now and then."""

    def __init__(self) -> None:
        self._last: dt.datetime | None = None

    async def scan_if_due(
        self, db: Database, catalog: Catalog, rules: NoticeRules, now: dt.datetime
    ) -> None:
        """Scan the shops whose owners can be reached, at most every ``scan_every``."""
        if self._last is not None and now - self._last < rules.scan_every:
            return
        self._last = now
        await scan(db, catalog, now)


async def scan(db: Database, catalog: Catalog, now: dt.datetime) -> None:
    """Record notices for every shop with a linked chat account."""
    async with db.reading() as session:
        shops = (
            await session.execute(
                select(Owner.shop_id)
                .join(MessagingAccount, MessagingAccount.owner_id == Owner.id)
                .distinct()
            )
        ).scalars()
        shop_ids = sorted(shops.all())
    for shop_id in shop_ids:
        try:
            await _scan_shop(db, catalog, shop_id, now)
        except IntegrityError:
            continue  # another process recorded the same notices just now


async def _scan_shop(
    db: Database, catalog: Catalog, shop_id: int, now: dt.datetime
) -> None:
    today = shop_today(now)
    low = [
        item
        for item in await reorder.suggestions(db, catalog, shop_id, now)
        if item.days_left < LOW_STOCK_NOTICE_DAYS
    ]
    async with db.writing() as session:
        waiting = (
            await session.execute(
                select(Parcel).where(Parcel.shop_id == shop_id,
                                     Parcel.status == "waiting")
            )
        ).scalars()  # fmt: skip
        for parcel in waiting.all():
            # Overdue means more than OVERDUE_DAYS: tomorrow, for these.
            if (today - shop_today(parcel.arrived_at)).days == OVERDUE_DAYS:
                facts = _parcel_facts(parcel, today)
                await record(session, shop_id, "parcel_overdue_soon",
                             f"parcel:{parcel.id}", facts, now)  # fmt: skip
        week = today.isocalendar()
        for item in low:
            # Once a week per item: a reminder, not a nag.
            subject = f"{item.entry.sku}:{week.year}-W{week.week:02d}"
            facts = _stock_facts(item)
            await record(session, shop_id, "low_stock", subject, facts, now)


def _parcel_facts(parcel: Parcel, today: dt.date) -> dict[str, Any]:
    return {
        "parcel_id": parcel.id,
        "carrier": parcel.carrier,
        "recipient_masked": parcel.recipient_masked,
        "shelf_slot": parcel.shelf_slot,
        "days_waiting": (today - shop_today(parcel.arrived_at)).days,
    }


def _stock_facts(item: reorder.StockAdvice) -> dict[str, Any]:
    return {
        "sku": item.entry.sku,
        "name_zh": item.entry.name_zh,
        "name_en": item.entry.name_en,
        "days_left": math.floor(item.days_left * 10) / 10,
        "suggested_quantity": item.suggested_quantity,
    }


async def claim(
    db: Database,
    holder: str,
    channels: Sequence[str],
    template_channels: Sequence[str],
    rules: NoticeRules,
    now: dt.datetime,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Claim the notices that may go now, each with how it goes.

    Only one claimer gets a notice: the move from ``pending`` to ``sending`` is a
    conditional UPDATE.
    """
    if rules.quiet(now):
        return []
    claimed: list[dict[str, Any]] = []
    async with db.writing() as session:
        await _retire(session, now)
        pending = (
            await session.execute(
                select(Notice, Owner.notices_muted)
                .join(Owner, Owner.id == Notice.owner_id)
                .where(Notice.state == "pending", Notice.due_at <= now)
                .order_by(Notice.id)
                .limit(200)
            )
        ).all()
        for notice, muted in pending:
            if len(claimed) >= limit:
                break
            if muted:
                await _move(session, notice.id, "pending", state="muted")
                continue
            route = await _route(session, notice.owner_id, channels,
                                 template_channels, rules, now)  # fmt: skip
            if route is None:
                continue  # waits for the owner to write
            won = await _move(
                session, notice.id, "pending", state="sending", holder=holder,
                claimed_at=now, channel=route.channel, via=route.via,
            )  # fmt: skip
            if not won:
                continue
            if route.via == "custom":
                await _count_push(session, route.channel, route.account)
            claimed.append(await _claimed_json(session, notice, route))
    return claimed


async def _retire(session: AsyncSession, now: dt.datetime) -> None:
    await session.execute(
        update(Notice)
        .where(Notice.state == "pending", Notice.created_at < now - KEEP_PENDING)
        .values(state="expired")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Notice)
        .where(Notice.state == "sending", Notice.claimed_at < now - CLAIM_LIFETIME)
        .values(state="failed")
        .execution_options(synchronize_session=False)
    )


async def _route(
    session: AsyncSession,
    owner_id: int,
    channels: Sequence[str],
    template_channels: Sequence[str],
    rules: NoticeRules,
    now: dt.datetime,
) -> Route | None:
    accounts = (
        await session.execute(
            select(MessagingAccount)
            .where(MessagingAccount.owner_id == owner_id,
                   MessagingAccount.channel.in_(list(channels)))
            .order_by(MessagingAccount.id)
        )
    ).scalars().all()  # fmt: skip
    wechat = [a for a in accounts if a.channel == "wechat"]
    for account in wechat:
        if (
            account.last_inbound_at is not None
            and now - account.last_inbound_at < rules.wechat_window
            and account.pushes_since_inbound < rules.wechat_window_cap
        ):
            return Route("wechat", account.account_id, "custom")
    for account in accounts:
        if account.channel == "telegram":
            return Route("telegram", account.account_id, "message")
    if wechat and "wechat" in template_channels:
        return Route("wechat", wechat[0].account_id, "template")
    return None


async def _claimed_json(
    session: AsyncSession, notice: Notice, route: Route
) -> dict[str, Any]:
    language = (
        await session.execute(select(Owner.language).where(Owner.id == notice.owner_id))
    ).scalar_one()
    return {
        **notice_json(notice),
        "channel": route.channel,
        "account": route.account,
        "via": route.via,
        "language": language,
    }


def notice_json(notice: Notice) -> dict[str, Any]:
    """The API's ``Notice`` shape."""
    return {
        "id": notice.id,
        "shop_id": notice.shop_id,
        "owner_id": notice.owner_id,
        "kind": notice.kind,
        "facts": notice.facts,
        "state": notice.state,
        "created_at": iso_utc(notice.created_at),
        "sent_at": iso_utc(notice.sent_at),
    }


async def _move(
    session: AsyncSession, notice_id: int, from_state: str, **values: Any
) -> bool:
    moved = await session.execute(
        update(Notice)
        .where(Notice.id == notice_id, Notice.state == from_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)


async def _count_push(session: AsyncSession, channel: str, account: str) -> None:
    await session.execute(
        update(MessagingAccount)
        .where(MessagingAccount.channel == channel,
               MessagingAccount.account_id == account)
        .values(pushes_since_inbound=MessagingAccount.pushes_since_inbound + 1)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


OUTCOMES = ("sent", "unsent", "window_closed", "failed")


async def settle(
    db: Database, notice_id: int, holder: str, outcome: str, now: dt.datetime
) -> dict[str, Any]:
    """Record how a claimed notice went.

    ``sent``; ``unsent`` (nothing went: it waits for the next claim);
    ``window_closed`` (WeChat refused it: its window is taken as shut, and the
    notice waits); ``failed`` (unclear whether it arrived: never sent again).
    """
    async with db.writing() as session:
        notice = await session.get(Notice, notice_id)
        if notice is None:
            raise NotFoundError("There is no such notice.", code="unknown_notice")
        if notice.state != "sending" or notice.holder != holder:
            raise ConflictError(
                "This notice is not being sent by this holder.",
                code="notice_not_claimed",
                state=notice.state,
            )
        if outcome == "sent":
            await _move(session, notice_id, "sending", state="sent", sent_at=now)
        elif outcome == "failed":
            await _move(session, notice_id, "sending", state="failed")
        else:
            if outcome == "window_closed":
                await _shut_window(session, notice)
            await _move(
                session, notice_id, "sending", state="pending",
                holder=None, claimed_at=None, channel=None, via=None,
            )  # fmt: skip
        await session.refresh(notice)
        return notice_json(notice)


async def _shut_window(session: AsyncSession, notice: Notice) -> None:
    await session.execute(
        update(MessagingAccount)
        .where(MessagingAccount.owner_id == notice.owner_id,
               MessagingAccount.channel == notice.channel)
        .values(last_inbound_at=None)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


async def get(db: Database, shop_id: int, notice_id: int) -> dict[str, Any]:
    """One notice of this shop (the assistant words it)."""
    async with db.reading() as session:
        notice = (
            await session.execute(
                select(Notice).where(Notice.id == notice_id, Notice.shop_id == shop_id)
            )
        ).scalar_one_or_none()
        if notice is None:
            raise NotFoundError(
                "There is no such notice at this shop.", code="unknown_notice"
            )
        return notice_json(notice)


async def set_muted(
    db: Database, shop_id: int, owner_id: int, muted: bool
) -> dict[str, Any]:
    """Turn an owner's notices off ("不要提醒我") or on again."""
    async with db.writing() as session:
        owner = await session.get(Owner, owner_id)
        if owner is None or owner.shop_id != shop_id:
            raise NotFoundError("There is no such owner at this shop.",
                                code="unknown_owner")  # fmt: skip
        owner.notices_muted = muted
    return {"owner_id": owner_id, "muted": muted}


async def note_inbound(
    db: Database, channel: str, account: str, now: dt.datetime
) -> None:
    """The owner wrote: the platform's window for pushed messages opens afresh."""
    async with db.writing() as session:
        await session.execute(
            update(MessagingAccount)
            .where(MessagingAccount.channel == channel,
                   MessagingAccount.account_id == account)
            .values(last_inbound_at=now, pushes_since_inbound=0)
            .execution_options(synchronize_session=False)
        )  # fmt: skip


async def note_push(db: Database, channel: str, account: str) -> None:
    """A reply went as a pushed message: it counts against the window's cap."""
    async with db.writing() as session:
        await _count_push(session, channel, account)
