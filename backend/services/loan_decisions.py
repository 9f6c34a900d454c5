"""The lender's decision on a submitted loan application, told to the owner."""

from __future__ import annotations

import datetime as dt

from backend.db.database import Database
from backend.db.queries import loans as queries
from backend.services import audit, notices
from backend.services.errors import ConflictError
from backend.services.loan_applications import ApplicationRecord, get_application
from backend.services.money import money

DECISIONS = ("approved", "rejected")


async def decide(
    db: Database, shop_id: int, application_id: int, decision: str, now: dt.datetime
) -> ApplicationRecord:
    """Approve or reject a submitted application (the same decision again is fine)."""
    current = await get_application(db, shop_id, application_id)
    async with db.writing() as session:
        if await queries.decide_submitted(session, shop_id, application_id, decision):
            audit.record(session, now, f"loan_{decision}", shop_id, None,
                         f"loan_application:{application_id}")  # fmt: skip
            facts = {
                "application_id": application_id,
                "decision": decision,
                "amount": money(current.amount_fen),
                "term_months": current.term_months,
                "monthly_repayment": money(current.monthly_repayment_fen),
            }
            subject = f"loan_application:{application_id}"
            await notices.record(
                session, shop_id, "loan_decision", subject, facts, now
            )
    decided = await get_application(db, shop_id, application_id)
    if decided.status != decision:
        raise ConflictError(
            f"This application is {decided.status}; it cannot become {decision}.",
            code="application_decided",
            status=decided.status,
        )
    return decided
