"""Loan offers, applications and their repayment schedules."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class LoanOffer(Base):
    """Terms offered to a shop after an eligibility check."""

    __tablename__ = "loan_offers"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    amount_fen = Column(BigInteger, nullable=False)
    rate_bp = Column(Integer, nullable=False)
    term_months = Column(Integer, nullable=False)
    monthly_repayment_fen = Column(BigInteger, nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class LoanApplication(Base):
    """A loan an owner applied for, with consent recorded."""

    __tablename__ = "loan_applications"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    offer_id = Column(ForeignKey("loan_offers.id"), nullable=True)
    status = Column(String(20), nullable=False)
    amount_fen = Column(BigInteger, nullable=False)
    rate_bp = Column(Integer, nullable=False)
    term_months = Column(Integer, nullable=False)
    monthly_repayment_fen = Column(BigInteger, nullable=False)
    consent = Column(Boolean, nullable=False)
    created_at = Column(DateTime, nullable=False)


class Repayment(Base):
    """One instalment of a loan's repayment schedule."""

    __tablename__ = "repayments"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id = Column(Integer, primary_key=True)
    application_id = Column(ForeignKey("loan_applications.id"), nullable=False)
    seq = Column(Integer, nullable=False)
    due_date = Column(Date, nullable=False)
    principal_fen = Column(BigInteger, nullable=False)
    interest_fen = Column(BigInteger, nullable=False)
    amount_fen = Column(BigInteger, nullable=False)
    paid_on = Column(Date, nullable=True)
