"""Delivering notices: gateways claim what may go now, then say how it went."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Notice
from backend.db.queries import notices as queries
from backend.services.errors import ConflictError, NotFoundError
from backend.services.notices.records import ClaimedNotice, NoticeRecord, record_of
from backend.services.notices.rules import CLAIM_LIFETIME, KEEP_PENDING, NoticeRules


@dataclass(frozen=True)
class DeliveryRoute:
    """How a claimed notice goes: the platform, the account and the kind of send."""

    channel: str
    account: str
    via: str  # "custom" (WeChat window), "template" (WeChat), "message" (Telegram)


async def claim(
    db: Database,
    holder: str,
    channels: Sequence[str],
    template_channels: Sequence[str],
    rules: NoticeRules,
    now: dt.datetime,
    limit: int = 20,
) -> list[ClaimedNotice]:
    """Claim the notices that may go now, each with how it goes.

    Only one claimer gets a notice: the move from ``pending`` to ``sending`` is a
    conditional UPDATE.
    """
    if rules.quiet(now):
        return []
    claimed: list[ClaimedNotice] = []
    async with db.writing() as session:
        await queries.expire_stale(session, now - KEEP_PENDING, now - CLAIM_LIFETIME)
        for notice, muted in await queries.pending_due(session, now, 200):
            if len(claimed) >= limit:
                break
            if muted:
                await queries.move(session, notice.id, "pending", state="muted")
                continue
            route = await _route(session, notice.owner_id, channels,
                                 template_channels, rules, now)  # fmt: skip
            if route is None:
                continue  # waits for the owner to write
            won = await queries.move(
                session, notice.id, "pending", state="sending", holder=holder,
                claimed_at=now, channel=route.channel, via=route.via,
            )  # fmt: skip
            if not won:
                continue
            if route.via == "custom":
                await queries.count_push(session, route.channel, route.account)
            claimed.append(await _claimed(session, notice, route))
    return claimed


async def _route(
    session: AsyncSession,
    owner_id: int,
    channels: Sequence[str],
    template_channels: Sequence[str],
    rules: NoticeRules,
    now: dt.datetime,
) -> DeliveryRoute | None:
    accounts = await queries.chat_accounts(session, owner_id, channels)
    wechat = [a for a in accounts if a.channel == "wechat"]
    for account in wechat:
        if (
            account.last_inbound_at is not None
            and now - account.last_inbound_at < rules.wechat_window
            and account.pushes_since_inbound < rules.wechat_window_cap
        ):
            return DeliveryRoute("wechat", account.account_id, "custom")
    for account in accounts:
        if account.channel == "telegram":
            return DeliveryRoute("telegram", account.account_id, "message")
    if wechat and "wechat" in template_channels:
        return DeliveryRoute("wechat", wechat[0].account_id, "template")
    return None


async def _claimed(
    session: AsyncSession, notice: Notice, route: DeliveryRoute
) -> ClaimedNotice:
    language = await queries.owner_language(session, notice.owner_id)
    return ClaimedNotice(
        id=notice.id,
        shop_id=notice.shop_id,
        owner_id=notice.owner_id,
        kind=notice.kind,
        facts=notice.facts,
        state=notice.state,
        created_at=notice.created_at,
        sent_at=notice.sent_at,
        channel=route.channel,
        account=route.account,
        via=route.via,
        language=language,
    )


async def settle(
    db: Database, notice_id: int, holder: str, outcome: str, now: dt.datetime
) -> NoticeRecord:
    """Record how a claimed notice went.

    ``sent``; ``unsent`` (nothing went: it waits for the next claim);
    ``window_closed`` (WeChat refused it: its window is taken as shut, and the
    notice waits); ``failed`` (unclear whether it arrived: never sent again).
    """
    async with db.writing() as session:
        notice = await queries.by_id(session, notice_id)
        if notice is None:
            raise NotFoundError("There is no such notice.", code="unknown_notice")
        if notice.state != "sending" or notice.holder != holder:
            raise ConflictError(
                "This notice is not being sent by this holder.",
                code="notice_not_claimed",
                state=notice.state,
            )
        if outcome == "sent":
            await queries.move(session, notice_id, "sending", state="sent",
                               sent_at=now)  # fmt: skip
        elif outcome == "failed":
            await queries.move(session, notice_id, "sending", state="failed")
        else:
            if outcome == "window_closed":
                await queries.shut_window(session, notice.owner_id, notice.channel)
            await queries.move(
                session, notice_id, "sending", state="pending",
                holder=None, claimed_at=None, channel=None, via=None,
            )  # fmt: skip
        await session.refresh(notice)
        return record_of(notice)


async def note_inbound(
    db: Database, channel: str, account: str, now: dt.datetime
) -> None:
    """The owner wrote: the platform's window for pushed messages opens afresh."""
    async with db.writing() as session:
        await queries.open_window(session, channel, account, now)


async def note_push(db: Database, channel: str, account: str) -> None:
    """A reply went as a pushed message: it counts against the window's cap."""
    async with db.writing() as session:
        await queries.count_push(session, channel, account)
