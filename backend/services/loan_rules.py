"""Loan decisions from a shop's own records: pure rules, no I/O.

Reasons are written to be spoken: short sentences, numbers as words in Chinese and
with thousands separators in English, so a TTS engine reads them right. The
wording of numbers and money is :mod:`common.spoken_numbers`, shared by every service.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from backend.services.money import CENT
from common.languages import EN, ZH
from common.spoken_numbers import whole_yuan_words, zh_integer

MIN_TRADING_DAYS = 90
MIN_TURNOVER_FEN = 30_000_00
MAX_CV = 0.45
STEADY_CV = 0.2
LENDING_SHARE = Decimal("0.3")
AMOUNT_STEP_FEN = 5_000_00
MAX_AMOUNT_FEN = 200_000_00
BASE_RATE_BP = 850
GOOD_HISTORY_DISCOUNT_BP = 50
TERM_MONTHS = 12
REGULAR_ORDERS = 6


@dataclass(frozen=True)
class Reason:
    """One plain explanation, in both languages."""

    code: str
    text_zh: str
    text_en: str

    def fields(self) -> dict[str, str]:
        """The reason as plain fields (an API body, an error's details)."""
        return {"code": self.code, "text_zh": self.text_zh, "text_en": self.text_en}


@dataclass(frozen=True)
class ShopRecord:
    """What the lender looks at, gathered from the shop's own data."""

    today: dt.date
    opened_on: dt.date
    turnover_90d_fen: int
    weekly_sales_fen: tuple[int, ...]
    orders_90d: int
    repaid_on_time: int
    late_repayments: int
    application_in_progress: bool


@dataclass(frozen=True)
class Assessment:
    """The decision and the terms on offer."""

    eligible: bool
    amount_fen: int
    rate_bp: int
    term_months: int
    monthly_repayment_fen: int
    reasons: tuple[Reason, ...]
    improvements: tuple[Reason, ...]


def zh_number(value: int) -> str:
    """An integer in Chinese words: 50000 → 五万."""
    return zh_integer(value)


def yuan_zh(fen: int) -> str:
    """A rounded amount in Chinese words: 5000000 fen → 五万元."""
    return whole_yuan_words(fen, ZH)


def yuan_en(fen: int) -> str:
    """A rounded amount in English: 5000000 fen → 50,000 yuan."""
    return whole_yuan_words(fen, EN)


def variation(weekly: tuple[int, ...]) -> float:
    """Coefficient of variation of weekly sales (0 = perfectly steady)."""
    if len(weekly) < 2 or statistics.mean(weekly) <= 0:
        return float("inf")
    return statistics.pstdev(weekly) / statistics.mean(weekly)


def monthly_payment(amount_fen: int, rate_bp: int, months: int) -> int:
    """Annuity instalment in fen, rounded half up to the cent."""
    principal = Decimal(amount_fen) / 100
    monthly_rate = Decimal(rate_bp) / 10000 / 12
    if monthly_rate == 0:
        payment = principal / months
    else:
        payment = principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)
    return int(payment.quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def schedule(amount_fen: int, rate_bp: int, months: int) -> list[tuple[int, int, int]]:
    """(principal, interest, amount) in fen per month; the last clears the rest."""
    payment = monthly_payment(amount_fen, rate_bp, months)
    monthly_rate = Decimal(rate_bp) / 10000 / 12
    balance = amount_fen
    rows = []
    for month in range(1, months + 1):
        interest = int((balance * monthly_rate).quantize(Decimal(1), ROUND_HALF_UP))
        principal = balance if month == months else payment - interest
        rows.append((principal, interest, principal + interest))
        balance -= principal
    return rows


def _date_zh(day: dt.date) -> str:
    return f"{zh_number(day.month)}月{zh_number(day.day)}日"


def _refuse(*reasons: Reason, improvements: tuple[Reason, ...] = ()) -> Assessment:
    return Assessment(False, 0, 0, 0, 0, reasons, improvements)


def assess(record: ShopRecord) -> Assessment:
    """Decide eligibility and terms from the shop's record."""
    trading = (record.today - record.opened_on).days
    if trading < MIN_TRADING_DAYS:
        wait = MIN_TRADING_DAYS - trading
        ready = record.opened_on + dt.timedelta(days=MIN_TRADING_DAYS)
        return _refuse(
            Reason(
                "too_new",
                f"开店满九十天才能申请，还差{zh_number(wait)}天。",
                f"Shops can apply after ninety days of trading; {wait} days to go.",
            ),
            improvements=(
                Reason(
                    "ask_again_later",
                    f"每天照常记账，{_date_zh(ready)}以后再来问我。",
                    f"Keep recording sales and ask again after {ready:%B} {ready.day}.",
                ),
            ),
        )
    if record.late_repayments:
        return _refuse(
            Reason(
                "late_repayment",
                "你有一笔还款逾期了，还清以后才能再申请。",
                "A loan repayment is overdue; please pay it before applying again.",
            )
        )
    if record.application_in_progress:
        return _refuse(
            Reason(
                "application_in_progress",
                "你已经有一笔贷款申请在处理中。",
                "You already have a loan application in progress.",
            )
        )
    if record.turnover_90d_fen < MIN_TURNOVER_FEN:
        return _refuse(
            Reason(
                "low_turnover",
                f"近三个月销售额{yuan_zh(record.turnover_90d_fen)}，"
                f"不到{yuan_zh(MIN_TURNOVER_FEN)}。",
                f"Sales in the last three months were "
                f"{yuan_en(record.turnover_90d_fen)}, "
                f"under {yuan_en(MIN_TURNOVER_FEN)}.",
            )
        )
    cv = variation(record.weekly_sales_fen)
    if cv > MAX_CV:
        return _refuse(
            Reason(
                "unsteady_sales",
                "每周的销售额起伏太大，暂时不能借款。",
                "Your weekly sales go up and down too much for a loan right now.",
            )
        )
    return _offer(record, cv)


def _reasons(record: ShopRecord, cv: float) -> tuple[list[Reason], list[Reason]]:
    """What the offer rests on, and what would raise it, in the order they are said."""
    rounded = round(record.turnover_90d_fen / 100_000) * 100_000
    reasons = [
        Reason(
            "turnover",
            f"近三个月你卖了大约{yuan_zh(rounded)}。",
            f"Your sales in the last three months were about {yuan_en(rounded)}.",
        )
    ]
    improvements = []
    if cv <= STEADY_CV:
        reasons.append(
            Reason("steady_sales", "每周生意很稳定。", "Your weekly sales are steady.")
        )
    else:
        improvements.append(
            Reason(
                "steadier_sales",
                "每周销售更稳定一些，可以借得更多。",
                "Steadier weekly sales would raise the amount you can borrow.",
            )
        )
    if record.repaid_on_time:
        reasons.append(
            Reason(
                "good_repayment",
                "以前的贷款都按时还清了，利率更低。",
                "You repaid earlier loans on time, so your rate is lower.",
            )
        )
    if record.orders_90d >= REGULAR_ORDERS:
        reasons.append(
            Reason(
                "regular_orders",
                "你经常在平台上进货。",
                "You restock on the platform regularly.",
            )
        )
    else:
        improvements.append(
            Reason(
                "order_on_platform",
                "多在平台上进货，额度会更高。",
                "Restocking through the platform more often raises your limit.",
            )
        )
    return reasons, improvements


def _offer(record: ShopRecord, cv: float) -> Assessment:
    reasons, improvements = _reasons(record, cv)
    share = LENDING_SHARE
    if not cv <= STEADY_CV:  # Unsteady, as in _reasons (a NaN included).
        share = share * Decimal("0.7")
    rate_bp = BASE_RATE_BP
    if record.repaid_on_time:
        rate_bp -= GOOD_HISTORY_DISCOUNT_BP
    raw = int(Decimal(record.turnover_90d_fen) * share)
    amount = min(MAX_AMOUNT_FEN, raw // AMOUNT_STEP_FEN * AMOUNT_STEP_FEN)
    if amount < AMOUNT_STEP_FEN:
        return _refuse(
            Reason(
                "low_turnover",
                "目前的销售额还不够借款。",
                "Your sales are not yet high enough for a loan.",
            )
        )
    payment = monthly_payment(amount, rate_bp, TERM_MONTHS)
    return Assessment(
        True,
        amount,
        rate_bp,
        TERM_MONTHS,
        payment,
        tuple(reasons),
        tuple(improvements),
    )
