"""The declarative base and the clock every table's times are stored in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import declarative_base

Base: Any = declarative_base()


def utc_now() -> dt.datetime:
    """Return the current time as naive UTC, the form every table stores."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
