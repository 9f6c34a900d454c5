"""Shop-local dates. Shops are in China, so a day starts at midnight Beijing time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHOP_TZ = ZoneInfo("Asia/Shanghai")


def shop_today(now_utc: dt.datetime) -> dt.date:
    """The shop-local date for a naive-UTC instant."""
    return local_time(now_utc).date()


def local_time(now_utc: dt.datetime) -> dt.datetime:
    """The shop-local wall-clock time for a naive-UTC instant."""
    return now_utc.replace(tzinfo=dt.timezone.utc).astimezone(SHOP_TZ)


def iso_utc(moment: dt.datetime | None) -> str | None:
    """Render a naive-UTC instant as ISO 8601 with its offset."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.timezone.utc).isoformat()
