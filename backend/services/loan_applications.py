"""Reading loan applications back, with their repayment schedules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import LoanApplication, Repayment
from backend.services.clock import iso_utc
from backend.services.errors import NotFoundError
from backend.services.identity import require_shop
from backend.services.money import money, rate


async def get_application(
    db: Database, shop_id: int, application_id: int
) -> dict[str, Any]:
    """One loan application of this shop with its repayment schedule."""
    async with db.reading() as session:
        application = (
            await session.execute(
                select(LoanApplication).where(
                    LoanApplication.id == application_id,
                    LoanApplication.shop_id == shop_id,
                )
            )
        ).scalar_one_or_none()
        if application is None:
            raise NotFoundError(
                "There is no such loan application at this shop.",
                code="unknown_application",
            )
        return await _application_json(session, application)


async def list_applications(db: Database, shop_id: int) -> list[dict[str, Any]]:
    """This shop's loan applications, newest first."""
    async with db.reading() as session:
        await require_shop(session, shop_id)
        rows = (
            await session.execute(
                select(LoanApplication)
                .where(LoanApplication.shop_id == shop_id)
                .order_by(LoanApplication.created_at.desc(), LoanApplication.id.desc())
            )
        ).scalars()
        return [await _application_json(session, row) for row in rows.all()]


async def _application_json(
    session: AsyncSession, application: LoanApplication
) -> dict[str, Any]:
    repayments = (
        await session.execute(
            select(Repayment)
            .where(Repayment.application_id == application.id)
            .order_by(Repayment.seq)
        )
    ).scalars()
    return {
        "id": application.id,
        "status": application.status,
        "amount": money(application.amount_fen),
        "term_months": application.term_months,
        "annual_rate": rate(application.rate_bp),
        "monthly_repayment": money(application.monthly_repayment_fen),
        "created_at": iso_utc(application.created_at),
        "schedule": [
            {
                "due_date": row.due_date.isoformat(),
                "principal": money(row.principal_fen),
                "interest": money(row.interest_fen),
                "amount": money(row.amount_fen),
            }
            for row in repayments
        ],
    }
