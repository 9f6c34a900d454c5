"""Loan eligibility, offers and applications, backed by the shop's own records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import LoanApplication, LoanOffer, Repayment
from backend.db.queries import loans as queries
from backend.services import audit, idempotency
from backend.services.clock import shop_today
from backend.services.errors import ConflictError, InvalidRequestError, NotFoundError
from backend.services.identity import require_shop
from backend.services.loan_applications import ApplicationRecord, get_application
from backend.services.loan_rules import (
    Assessment,
    ShopRecord,
    assess,
    monthly_payment,
    schedule,
)
from backend.services.money import money

OFFER_DAYS = 7
OPEN_STATUSES = ("submitted", "approved", "active")
TERMS = (6, 12, 24)
MIN_AMOUNT_FEN = 1_000_00
GRACE_DAYS = 3


@dataclass(frozen=True)
class LoanQuote:
    """What an amount over a term under an offer costs a month, in fen."""

    offer_id: int
    amount_fen: int
    term_months: int
    rate_bp: int
    monthly_repayment_fen: int


async def shop_record(
    session: AsyncSession, shop_id: int, now: dt.datetime
) -> ShopRecord:
    """Gather what the lender looks at from the shop's own data."""
    shop = await require_shop(session, shop_id)
    today = shop_today(now)
    daily = await queries.daily_turnover(
        session, shop_id, today - dt.timedelta(days=90), today
    )
    weekly = tuple(
        sum(
            daily.get(today - dt.timedelta(days=7 * week + offset), 0)
            for offset in range(1, 8)
        )
        for week in range(12)
    )
    orders = await queries.orders_since(session, shop_id, now - dt.timedelta(days=90))
    statuses = await queries.application_statuses(session, shop_id)
    grace = dt.timedelta(days=GRACE_DAYS)
    late = sum(
        1
        for due, paid in await queries.instalment_dates(session, shop_id)
        if (paid is None and due < today - grace)
        or (paid is not None and paid > due + grace)
    )
    return ShopRecord(
        today=today,
        opened_on=shop.opened_on,
        turnover_90d_fen=sum(daily.values()),
        weekly_sales_fen=weekly,
        orders_90d=int(orders),
        repaid_on_time=statuses.count("repaid"),
        late_repayments=int(late),
        application_in_progress=any(s in OPEN_STATUSES for s in statuses),
    )


@dataclass(frozen=True)
class Eligibility:
    """The shop's assessment and, when eligible, the offer recorded for it."""

    assessment: Assessment
    offer_id: int | None


async def eligibility(db: Database, shop_id: int, now: dt.datetime) -> Eligibility:
    """Assess the shop and, when eligible, record an offer it can apply for."""
    async with db.writing() as session:
        decision = assess(await shop_record(session, shop_id, now))
        offer_id = None
        if decision.eligible:
            offer_id = await _offer_for(session, shop_id, decision, now)
    return Eligibility(decision, offer_id)


async def _offer_for(
    session: AsyncSession, shop_id: int, decision: Assessment, now: dt.datetime
) -> int:
    existing = await queries.matching_offer(
        session, shop_id, decision.amount_fen, decision.rate_bp,
        decision.term_months, now + dt.timedelta(days=1),
    )  # fmt: skip
    if existing is not None:
        return existing
    offer = LoanOffer(
        shop_id=shop_id,
        amount_fen=decision.amount_fen,
        rate_bp=decision.rate_bp,
        term_months=decision.term_months,
        monthly_repayment_fen=decision.monthly_repayment_fen,
        created_at=now,
        expires_at=now + dt.timedelta(days=OFFER_DAYS),
    )
    session.add(offer)
    await session.flush()
    return int(offer.id)


async def apply(
    db: Database,
    shop_id: int,
    owner_id: int,
    offer_id: int,
    amount_fen: int,
    term_months: int,
    key: str,
    now: dt.datetime,
) -> tuple[ApplicationRecord, bool]:
    """Apply for a loan under an offer, once per key; returns (application, new?)."""
    digest = idempotency.request_hash([offer_id, amount_fen, term_months])

    async def create(session: AsyncSession) -> int:
        decision = assess(await shop_record(session, shop_id, now))
        if not decision.eligible:
            raise ConflictError(
                "This shop cannot get a loan right now.",
                code="not_eligible",
                reasons=[r.fields() for r in decision.reasons],
            )
        offer = await _live_offer(session, shop_id, offer_id, now)
        _check_terms(offer, amount_fen, term_months)
        return await _insert(session, offer, owner_id, amount_fen, term_months, now)

    application_id, created = await idempotency.once(
        db, shop_id, "loan_application", key, digest, create
    )
    return await get_application(db, shop_id, application_id), created


async def quote(
    db: Database,
    shop_id: int,
    offer_id: int,
    amount_fen: int,
    term_months: int,
    now: dt.datetime,
) -> LoanQuote:
    """What a loan of this amount and term under the offer costs a month."""
    async with db.reading() as session:
        offer = await _live_offer(session, shop_id, offer_id, now)
    _check_terms(offer, amount_fen, term_months)
    return LoanQuote(
        offer_id=offer.id,
        amount_fen=amount_fen,
        term_months=term_months,
        rate_bp=offer.rate_bp,
        monthly_repayment_fen=monthly_payment(amount_fen, offer.rate_bp, term_months),
    )


async def _live_offer(
    session: AsyncSession, shop_id: int, offer_id: int, now: dt.datetime
) -> LoanOffer:
    """This shop's offer, not expired (another shop's offer is not found)."""
    offer = await queries.offer_by_id(session, shop_id, offer_id)
    if offer is None:
        raise NotFoundError("There is no such loan offer.", code="unknown_offer")
    if offer.expires_at <= now:
        raise ConflictError(
            "This offer has expired; check eligibility again.", code="offer_expired"
        )
    return offer


def _check_terms(offer: LoanOffer, amount_fen: int, term_months: int) -> None:
    if not MIN_AMOUNT_FEN <= amount_fen <= offer.amount_fen or amount_fen % 100:
        raise InvalidRequestError(
            f"The amount must be whole yuan between {money(MIN_AMOUNT_FEN)} and "
            f"{money(offer.amount_fen)}.",
            code="invalid_amount",
        )
    if term_months not in TERMS:
        raise InvalidRequestError(
            "term_months must be 6, 12 or 24.", code="invalid_term"
        )


async def _insert(
    session: AsyncSession,
    offer: LoanOffer,
    owner_id: int,
    amount_fen: int,
    term_months: int,
    now: dt.datetime,
) -> int:
    application = LoanApplication(
        shop_id=offer.shop_id,
        offer_id=offer.id,
        status="submitted",
        amount_fen=amount_fen,
        rate_bp=offer.rate_bp,
        term_months=term_months,
        monthly_repayment_fen=monthly_payment(amount_fen, offer.rate_bp, term_months),
        consent=True,
        created_at=now,
    )
    session.add(application)
    await session.flush()
    today = shop_today(now)
    session.add_all(
        Repayment(
            application_id=application.id,
            seq=seq,
            due_date=add_months(today, seq),
            principal_fen=principal,
            interest_fen=interest,
            amount_fen=amount,
        )
        for seq, (principal, interest, amount) in enumerate(
            schedule(amount_fen, offer.rate_bp, term_months), start=1
        )
    )
    audit.record(
        session, now, "loan_applied", offer.shop_id, owner_id,
        f"loan_application:{application.id}",
        amount_fen=amount_fen, term_months=term_months, consent=True,
    )  # fmt: skip
    return int(application.id)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the 28th so every month has it)."""
    month_index = day.month - 1 + months
    return dt.date(day.year + month_index // 12, month_index % 12 + 1, min(day.day, 28))
