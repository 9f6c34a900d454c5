"""Generate each demo shop's past: till turnover, item sales, stock, orders, loans.

Pure functions returning rows (dicts of column values); ``backend.seed.load`` inserts
them in bulk.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from backend.catalog.entry import CatalogEntry
from backend.seed.world import SEED, DemoShop
from backend.services.clock import SHOP_TZ
from backend.services.loan_rules import schedule
from backend.services.loans import add_months
from backend.services.money import to_fen
from backend.services.pricing import DELIVERY_FEE_FEN, FREE_DELIVERY_FEN

SALES_DAYS = 180
ITEM_DAYS = 28
WEEKDAY_FACTOR = (0.92, 0.9, 0.95, 1.0, 1.08, 1.3, 1.25)  # Monday … Sunday
# Weijun runs low on these (SKU → units on hand) so reorder advice has something to say.
WEIJUN_LOW = {"KO-COLA-330-24": 1, "KSF-BEEF-BAG-24": 1, "YL-PURE-250-24": 1}


@dataclass
class Rows:
    """Every generated row, by table name."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, **values: Any) -> None:
        """Append one row to a table."""
        self.tables.setdefault(table, []).append(values)


def local_utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Naive UTC for a Beijing-time wall clock on ``day``."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHOP_TZ)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def trading_days(shop: DemoShop, today: dt.date, limit: int) -> Iterator[dt.date]:
    """Past days the shop was open, most recent first (today excluded)."""
    for back in range(1, min(limit, shop.days_open) + 1):
        yield today - dt.timedelta(days=back)


def sales(rows: Rows, shop: DemoShop, today: dt.date, rng: random.Random) -> None:
    """Daily till turnover with a weekly rhythm, good and bad weeks, and noise."""
    week_factor: dict[int, float] = {}
    for day in trading_days(shop, today, SALES_DAYS):
        week = (today - day).days // 7
        if week not in week_factor:
            week_factor[week] = max(0.2, rng.gauss(1, shop.volatility))
        daily_noise = max(0.5, rng.gauss(1, 0.08))
        factor = WEEKDAY_FACTOR[day.weekday()] * week_factor[week] * daily_noise
        rows.add(
            "daily_sales",
            shop_id=shop.shop_id,
            day=day,
            turnover_fen=to_fen_int(shop.daily_turnover * factor),
        )


def to_fen_int(yuan: float) -> int:
    """Whole fen for a float yuan amount (generated data only)."""
    return round(yuan * 100)


def stock(
    rows: Rows,
    shop: DemoShop,
    today: dt.date,
    skus: tuple[str, ...],
    rng: random.Random,
) -> None:
    """What the shop stocks, how fast each item sells and what is on hand."""
    usual = dict(shop.usual)
    others = [sku for sku in rng.sample(skus, 24) if sku not in usual][:20]
    for sku in [*usual, *others]:
        # Usual items sell about one order's worth per week.
        rate = usual[sku] / 7 if sku in usual else rng.uniform(0.03, 0.35)
        for day in trading_days(shop, today, ITEM_DAYS):
            expected = rate * WEEKDAY_FACTOR[day.weekday()]
            units = int(expected) + (1 if rng.random() < expected % 1 else 0)
            if units:
                rows.add(
                    "item_sales", shop_id=shop.shop_id, day=day, sku=sku, units=units
                )
        if shop.shop_id == 1 and sku in WEIJUN_LOW:
            on_hand = WEIJUN_LOW[sku]
        else:
            on_hand = math.ceil(rate * rng.uniform(2, 30))
        rows.add("inventory", shop_id=shop.shop_id, sku=sku, on_hand=on_hand)


def orders(
    rows: Rows,
    shop: DemoShop,
    today: dt.date,
    catalog: dict[str, CatalogEntry],
    ids: Iterator[int],
    rng: random.Random,
) -> None:
    """Past wholesale orders: the usual lines, now and then something extra."""
    interval = 7 if shop.shop_id <= 2 else rng.randint(7, 14)
    for back in range(interval, min(SALES_DAYS, shop.days_open), interval):
        day = today - dt.timedelta(days=back)
        lines = {
            sku: max(1, qty + rng.choice((0, 0, 0, 1, -1))) for sku, qty in shop.usual
        }
        if rng.random() < 0.5:
            extra = rng.choice(tuple(catalog))
            lines.setdefault(extra, 1)
        order_id = next(ids)
        subtotal = 0
        for sku, qty in lines.items():
            price = to_fen(catalog[sku].price)
            subtotal += price * qty
            rows.add(
                "order_lines",
                order_id=order_id,
                sku=sku,
                quantity=qty,
                unit_price_fen=price,
                line_total_fen=price * qty,
            )
        fee = 0 if subtotal >= FREE_DELIVERY_FEN else DELIVERY_FEE_FEN
        created = local_utc(day, 9, rng.randint(0, 59))
        rows.add(
            "orders",
            id=order_id,
            shop_id=shop.shop_id,
            status="cancelled" if back == interval * 9 else "delivered",
            subtotal_fen=subtotal,
            delivery_fee_fen=fee,
            total_fen=subtotal + fee,
            delivery_date=day + dt.timedelta(days=1),
            created_at=created,
            updated_at=created,
        )


def past_loan(
    rows: Rows,
    shop: DemoShop,
    today: dt.date,
    application_id: int,
    late: bool,
) -> None:
    """An earlier six-month loan: repaid on time, or (``late``) with missed payments."""
    start = today - dt.timedelta(days=330 if not late else 100)
    amount, rate_bp, months = 20_000_00, 850, 6
    plan = schedule(amount, rate_bp, months)
    rows.add(
        "loan_applications",
        id=application_id,
        shop_id=shop.shop_id,
        offer_id=None,
        status="active" if late else "repaid",
        amount_fen=amount,
        rate_bp=rate_bp,
        term_months=months,
        monthly_repayment_fen=plan[0][2],
        consent=True,
        created_at=local_utc(start, 10),
    )
    for seq, (principal, interest, total) in enumerate(plan, start=1):
        due = add_months(start, seq)
        paid = None if (late and seq >= 2) or due >= today else due
        rows.add(
            "repayments",
            application_id=application_id,
            seq=seq,
            due_date=due,
            principal_fen=principal,
            interest_fen=interest,
            amount_fen=total,
            paid_on=paid,
        )


def rng_for(shop: DemoShop) -> random.Random:
    """A generator per shop, so one shop's data does not shift another's."""
    return random.Random(SEED * 1000 + shop.shop_id)
