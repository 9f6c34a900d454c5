"""Chat messages delivered more than once: each reaches the assistant only once.

A chat platform retries a message it thinks was not answered (WeChat after 5 s,
three tries; Telegram until it gets a 200). The gateway that receives a message
first *claims* its key here; the unique constraint picks one winner among processes.
The reply is kept with the key, and ``state`` says who delivers it:

- ``pending``: the assistant is still working on it;
- ``answered``: the reply is ready and a waiting request returns it passively;
- ``deferred``: a request gave up waiting and answered "success", so whoever
  finishes the turn pushes the reply through the platform's send API;
- ``pushed``: it was pushed.

Every move is one conditional UPDATE, so a request that gives up and a turn that
finishes at the same moment agree on exactly one delivery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from backend.db.database import Database
from backend.db.models import InboundMessage
from backend.db.queries import messaging as queries
from backend.services.errors import NotFoundError

KEEP_FOR = dt.timedelta(days=2)


@dataclass(frozen=True)
class Receipt:
    """What is known of a message: its state and, once ready, the reply."""

    state: str
    reply: dict[str, Any] | None
    claimed_now: bool = False


async def claim(db: Database, channel: str, key: str, now: dt.datetime) -> Receipt:
    """Claim a message key; ``claimed_now`` only for the first delivery of it."""
    try:
        async with db.writing() as session:
            # Old keys go: platforms retry within minutes, not days.
            await queries.drop_messages_before(session, now - KEEP_FOR)
            session.add(
                InboundMessage(
                    channel=channel,
                    message_key=key,
                    state="pending",
                    created_at=now,
                    updated_at=now,
                )
            )
            await session.flush()
        return Receipt("pending", None, claimed_now=True)
    except IntegrityError:
        return await look_up(db, channel, key)


async def look_up(db: Database, channel: str, key: str) -> Receipt:
    """The receipt of a claimed key (404 when never claimed)."""
    async with db.reading() as session:
        row = await queries.message(session, channel, key)
    if row is None:
        raise NotFoundError("No such message was claimed.", code="unknown_message")
    return Receipt(str(row.state), row.reply)


async def _move(
    db: Database,
    channel: str,
    key: str,
    from_state: str,
    to_state: str,
    now: dt.datetime,
    reply: dict[str, Any] | None = None,
) -> bool:
    values: dict[str, Any] = {"state": to_state, "updated_at": now}
    if reply is not None:
        values["reply"] = reply
    async with db.writing() as session:
        return await queries.move_message(session, channel, key, from_state, **values)


async def answer(
    db: Database, channel: str, key: str, reply: dict[str, Any], now: dt.datetime
) -> str:
    """Keep the reply; return ``passive`` (a waiting request takes it) or ``push``.

    ``push`` means a request already answered "success": the caller must send the
    reply itself, and it is recorded as pushed so nobody else does.
    """
    if await _move(db, channel, key, "pending", "answered", now, reply):
        return "passive"
    if await _move(db, channel, key, "deferred", "pushed", now, reply):
        return "push"
    current = await look_up(db, channel, key)
    return "passive" if current.state == "answered" else "done"


async def defer(db: Database, channel: str, key: str, now: dt.datetime) -> Receipt:
    """A request stops waiting: the reply will be pushed, unless it is ready now."""
    if await _move(db, channel, key, "pending", "deferred", now):
        return Receipt("deferred", None)
    return await look_up(db, channel, key)
