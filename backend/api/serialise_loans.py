"""Loan quotes and applications in the API's JSON shapes."""

from __future__ import annotations

from typing import Any

from backend.services.clock import iso_utc
from backend.services.loan_applications import ApplicationRecord
from backend.services.loans import Eligibility, LoanQuote
from backend.services.money import money, rate


def loan_quote_json(priced: LoanQuote) -> dict[str, Any]:
    """The API's ``LoanQuote`` shape."""
    return {
        "offer_id": priced.offer_id,
        "amount": money(priced.amount_fen),
        "term_months": priced.term_months,
        "annual_rate": rate(priced.rate_bp),
        "monthly_repayment": money(priced.monthly_repayment_fen),
    }


def application_json(application: ApplicationRecord) -> dict[str, Any]:
    """The API's ``Application`` shape, schedule included."""
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
            for row in application.schedule
        ],
    }


def eligibility_json(found: Eligibility) -> dict[str, Any]:
    """The API's ``Eligibility`` shape: the offer's terms only when eligible."""
    decision = found.assessment
    eligible = decision.eligible
    return {
        "eligible": eligible,
        "offer_id": found.offer_id,
        "amount": money(decision.amount_fen) if eligible else None,
        "annual_rate": rate(decision.rate_bp) if eligible else None,
        "term_months": decision.term_months if eligible else None,
        "monthly_repayment": money(decision.monthly_repayment_fen)
        if eligible
        else None,
        "reasons": [r.fields() for r in decision.reasons],
        "improvements": [r.fields() for r in decision.improvements],
    }
