"""What the assistant asks of notices: one notice to word, the owner's mute."""

from __future__ import annotations

from backend.db.database import Database
from backend.db.models import Owner
from backend.db.queries import notices as queries
from backend.services.errors import NotFoundError
from backend.services.notices.records import MutePreference, NoticeRecord, record_of


async def get(db: Database, shop_id: int, notice_id: int) -> NoticeRecord:
    """One notice of this shop (the assistant words it)."""
    async with db.reading() as session:
        notice = await queries.of_shop(session, shop_id, notice_id)
        if notice is None:
            raise NotFoundError(
                "There is no such notice at this shop.", code="unknown_notice"
            )
        return record_of(notice)


async def set_muted(
    db: Database, shop_id: int, owner_id: int, muted: bool
) -> MutePreference:
    """Turn an owner's notices off ("不要提醒我") or on again."""
    async with db.writing() as session:
        owner = await session.get(Owner, owner_id)
        if owner is None or owner.shop_id != shop_id:
            raise NotFoundError("There is no such owner at this shop.",
                                code="unknown_owner")  # fmt: skip
        owner.notices_muted = muted
    return MutePreference(owner_id, muted)
