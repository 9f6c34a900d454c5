"""What notices there are, their states, and when and how often they may go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backend.services.clock import local_time

KINDS = ("order_dispatched", "order_delivered", "loan_decision",
         "parcel_overdue_soon", "low_stock")  # fmt: skip
STATES = ("pending", "sending", "sent", "failed", "muted", "expired")
OUTCOMES = ("sent", "unsent", "window_closed", "failed")
# An item is told about when it has less than this many days of stock left.
LOW_STOCK_NOTICE_DAYS = 2.0
KEEP_PENDING = dt.timedelta(days=3)
# A claim not settled within this is taken as lost (the gateway died mid-send):
# it is marked failed, never sent again.
CLAIM_LIFETIME = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class NoticeRules:
    """When and how often notices may go (read once at the backend's start)."""

    # Shop-local hours [start, end) when nothing is sent; None: no quiet hours.
    quiet_hours: tuple[int, int] | None = (21, 8)
    # How often a process scans for parcels due and stock running out.
    scan_every: dt.timedelta = dt.timedelta(seconds=60)
    wechat_window: dt.timedelta = dt.timedelta(hours=48)
    wechat_window_cap: int = 5

    def quiet(self, now: dt.datetime) -> bool:
        """Whether ``now`` falls in the shops' quiet hours."""
        if self.quiet_hours is None:
            return False
        start, end = self.quiet_hours
        hour = local_time(now).hour
        return start <= hour < end if start < end else hour >= start or hour < end
