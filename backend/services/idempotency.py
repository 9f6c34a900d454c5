"""Exactly-once creation keyed by ``Idempotency-Key``.

A unique constraint on (shop, scope, key) is the arbiter: of concurrent requests with
one key, one transaction inserts the record together with the resource it created;
the others either find that record or hit the constraint, roll back, and then read it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import IdempotencyRecord, utc_now
from backend.db.queries import idempotency as queries
from backend.services.errors import DomainError, InvalidRequestError

_KEY = re.compile(r"[\x21-\x7e]{1,200}")

Create = Callable[[AsyncSession], Awaitable[int]]


def check_key(key: str | None) -> str:
    """Validate an ``Idempotency-Key`` header value."""
    if not key:
        raise InvalidRequestError(
            "This request needs an Idempotency-Key header so a retry cannot "
            "do it twice.",
            code="idempotency_key_required",
        )
    if not _KEY.fullmatch(key):
        raise InvalidRequestError(
            "Idempotency-Key must be 1 to 200 visible ASCII characters.",
            code="invalid_idempotency_key",
        )
    return key


def request_hash(payload: Any) -> str:
    """A stable digest of a request body, to spot a key reused for something else."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def _existing(
    session: AsyncSession, shop_id: int, scope: str, key: str, digest: str
) -> int | None:
    record = await queries.record(session, shop_id, scope, key)
    if record is None:
        return None
    if record.request_hash != digest:
        raise InvalidRequestError(
            "This Idempotency-Key was already used for a different request.",
            code="idempotency_key_reused",
        )
    return int(record.resource_id)


async def once(
    db: Database, shop_id: int, scope: str, key: str, digest: str, create: Create
) -> tuple[int, bool]:
    """Run ``create`` at most once per key; return (resource id, created now?)."""
    try:
        async with db.writing() as session:
            found = await _existing(session, shop_id, scope, key, digest)
            if found is not None:
                return found, False
            resource_id = await create(session)
            session.add(
                IdempotencyRecord(
                    shop_id=shop_id,
                    scope=scope,
                    key=key,
                    request_hash=digest,
                    resource_id=resource_id,
                    created_at=utc_now(),
                )
            )
            await session.flush()
        return resource_id, True
    except (IntegrityError, DomainError):
        # Either a concurrent twin won the unique constraint, or it committed first
        # and changed the state this request was judged on (an application now in
        # progress makes the shop "not eligible"). Its result answers this retry too.
        async with db.reading() as session:
            found = await _existing(session, shop_id, scope, key, digest)
        if found is None:
            raise
        return found, False
