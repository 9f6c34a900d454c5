"""Loan queries: a shop's trading record, its offers, applications and repayments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    DailySales,
    LoanApplication,
    LoanOffer,
    Order,
    Repayment,
)


async def daily_turnover(
    session: AsyncSession, shop_id: int, start: dt.date, end: dt.date
) -> dict[dt.date, int]:
    """Turnover in fen by shop-local day, from ``start`` up to (not with) ``end``."""
    rows = await session.execute(
        select(DailySales.day, DailySales.turnover_fen).where(
            DailySales.shop_id == shop_id,
            DailySales.day >= start,
            DailySales.day < end,
        )
    )
    return {day: int(turnover) for day, turnover in rows.all()}


async def orders_since(session: AsyncSession, shop_id: int, since: dt.datetime) -> int:
    """How many orders the shop placed (and did not cancel) since ``since``."""
    count = await session.execute(
        select(func.count(Order.id)).where(
            Order.shop_id == shop_id,
            Order.status != "cancelled",
            Order.created_at >= since,
        )
    )
    return int(count.scalar_one())


async def application_statuses(session: AsyncSession, shop_id: int) -> list[str]:
    """The status of each of the shop's loan applications."""
    rows = await session.execute(
        select(LoanApplication.status).where(LoanApplication.shop_id == shop_id)
    )
    return [str(status) for status in rows.scalars()]


async def instalment_dates(
    session: AsyncSession, shop_id: int
) -> list[tuple[dt.date, dt.date | None]]:
    """(due date, paid on) of every instalment of the shop's loans."""
    rows = await session.execute(
        select(Repayment.due_date, Repayment.paid_on)
        .join(LoanApplication, LoanApplication.id == Repayment.application_id)
        .where(LoanApplication.shop_id == shop_id)
    )
    return [(due, paid) for due, paid in rows.all()]


async def matching_offer(
    session: AsyncSession,
    shop_id: int,
    amount_fen: int,
    rate_bp: int,
    term_months: int,
    valid_after: dt.datetime,
) -> int | None:
    """The id of a same-terms offer still valid after ``valid_after``, if any."""
    found = await session.execute(
        select(LoanOffer.id).where(
            LoanOffer.shop_id == shop_id,
            LoanOffer.amount_fen == amount_fen,
            LoanOffer.rate_bp == rate_bp,
            LoanOffer.term_months == term_months,
            LoanOffer.expires_at > valid_after,
        )
    )
    offer_id = found.scalars().first()
    return int(offer_id) if offer_id is not None else None


async def offer_by_id(
    session: AsyncSession, shop_id: int, offer_id: int
) -> LoanOffer | None:
    """This shop's offer with this id (another shop's is not found)."""
    return (
        await session.execute(
            select(LoanOffer).where(
                LoanOffer.id == offer_id, LoanOffer.shop_id == shop_id
            )
        )
    ).scalar_one_or_none()


async def application_by_id(
    session: AsyncSession, shop_id: int, application_id: int
) -> LoanApplication | None:
    """This shop's application with this id (another shop's is not found)."""
    return (
        await session.execute(
            select(LoanApplication).where(
                LoanApplication.id == application_id,
                LoanApplication.shop_id == shop_id,
            )
        )
    ).scalar_one_or_none()


async def applications_of_shop(
    session: AsyncSession, shop_id: int
) -> list[LoanApplication]:
    """This shop's applications, newest first."""
    rows = await session.execute(
        select(LoanApplication)
        .where(LoanApplication.shop_id == shop_id)
        .order_by(LoanApplication.created_at.desc(), LoanApplication.id.desc())
    )
    return list(rows.scalars())


async def repayments_of(session: AsyncSession, application_id: int) -> list[Repayment]:
    """The application's instalments, in order."""
    rows = await session.execute(
        select(Repayment)
        .where(Repayment.application_id == application_id)
        .order_by(Repayment.seq)
    )
    return list(rows.scalars())


async def decide_submitted(
    session: AsyncSession, shop_id: int, application_id: int, decision: str
) -> bool:
    """Move a submitted application to ``decision``; of concurrent moves one wins."""
    moved = await session.execute(
        update(LoanApplication)
        .where(
            LoanApplication.id == application_id,
            LoanApplication.shop_id == shop_id,
            LoanApplication.status == "submitted",
        )
        .values(status=decision)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)
