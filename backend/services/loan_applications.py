"""Reading loan applications back, with their repayment schedules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import LoanApplication
from backend.db.queries import loans as queries
from backend.services.errors import NotFoundError
from backend.services.identity import require_shop


@dataclass(frozen=True)
class Instalment:
    """One monthly repayment: when it is due and what it is made of, in fen."""

    due_date: dt.date
    principal_fen: int
    interest_fen: int
    amount_fen: int


@dataclass(frozen=True)
class ApplicationRecord:
    """A loan application with its terms and repayment schedule."""

    id: int
    status: str
    amount_fen: int
    term_months: int
    rate_bp: int
    monthly_repayment_fen: int
    created_at: dt.datetime
    schedule: tuple[Instalment, ...]


async def get_application(
    db: Database, shop_id: int, application_id: int
) -> ApplicationRecord:
    """One loan application of this shop with its repayment schedule."""
    async with db.reading() as session:
        application = await queries.application_by_id(
            session, shop_id, application_id
        )
        if application is None:
            raise NotFoundError(
                "There is no such loan application at this shop.",
                code="unknown_application",
            )
        return await _record(session, application)


async def list_applications(db: Database, shop_id: int) -> list[ApplicationRecord]:
    """This shop's loan applications, newest first."""
    async with db.reading() as session:
        await require_shop(session, shop_id)
        rows = await queries.applications_of_shop(session, shop_id)
        return [await _record(session, row) for row in rows]


async def _record(
    session: AsyncSession, application: LoanApplication
) -> ApplicationRecord:
    repayments = await queries.repayments_of(session, application.id)
    return ApplicationRecord(
        id=application.id,
        status=application.status,
        amount_fen=application.amount_fen,
        term_months=application.term_months,
        rate_bp=application.rate_bp,
        monthly_repayment_fen=application.monthly_repayment_fen,
        created_at=application.created_at,
        schedule=tuple(
            Instalment(row.due_date, row.principal_fen, row.interest_fen,
                       row.amount_fen)
            for row in repayments
        ),
    )  # fmt: skip
