"""The append-only audit log: what was done, to which shop, by which service.

Which service acts, and for which conversation, is known at the API edge; it is
carried to :func:`record` in a context variable so that the rules deep in the
service layer need not pass it along. Entries never hold a PIN, a full pickup
code or a token.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """The service acting, and the conversation it acts for (if any)."""

    service: str | None = None
    conversation_id: str | None = None


_NOBODY = Actor()  # frozen: safe to share as the default
_ACTOR: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "audit_actor",
    default=_NOBODY,
)


@contextlib.contextmanager
def acting(service: str, conversation_id: str | None) -> Iterator[None]:
    """Attribute what is recorded inside the block to ``service``."""
    reset = _ACTOR.set(Actor(service, conversation_id))
    try:
        yield
    finally:
        _ACTOR.reset(reset)


def set_conversation(conversation_id: str | None) -> None:
    """The shop token names the conversation: it wins over a header's claim."""
    if conversation_id:
        _ACTOR.set(replace(_ACTOR.get(), conversation_id=conversation_id))


def record(
    session: AsyncSession,
    now: dt.datetime,
    action: str,
    shop_id: int | None,
    owner_id: int | None = None,
    subject: str | None = None,
    **detail: Any,
) -> None:
    """Add an entry to the session's transaction (never updated, never deleted)."""
    session.add(
        AuditEntry(
            at=now,
            shop_id=shop_id,
            owner_id=owner_id,
            action=action,
            subject=subject,
            detail=detail,
            service=_ACTOR.get().service,
            conversation_id=_ACTOR.get().conversation_id,
        )
    )
