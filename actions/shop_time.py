"""The shops' clock: every time and date said to an owner is China time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHOP_TIME = ZoneInfo("Asia/Shanghai")


def today_in_shop() -> date:
    """Today, where the shops are."""
    return datetime.now(SHOP_TIME).date()
