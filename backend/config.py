"""The backend's settings, read once at start and passed inward."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backend.services.notices import NoticeRules
from backend.services.tokens import ServiceCredentials
from common.credentials import SERVICES, token_list
from common.settings import (
    PROJECT_ROOT,
    SettingsError,
    decimal_number,
    port,
    profile_of,
    whole_number,
)

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/zhanggui.db"


@dataclass(frozen=True)
class BackendConfig:
    """Everything the backend needs to know about its deployment."""

    profile: str
    credentials: ServiceCredentials
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    client_max_size: int = 64 * 1024
    session_minutes: int = 30
    # A conversation's shop token lives for hours, not days; channels renew it.
    shop_token_minutes: int = 240
    workers: int = 1
    notice_rules: NoticeRules = field(default_factory=NoticeRules)

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is SQLite (writes are then serialised in-process)."""
        return self.database_url.startswith("sqlite")


def normalise_database_url(url: str, root: Path = PROJECT_ROOT) -> str:
    """Pick the async driver and anchor a relative SQLite path at the project root."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("postgresql+asyncpg://"):
        return url
    if url.startswith(("sqlite://", "sqlite+aiosqlite://")):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if not path or path == ":memory:":
            raise SettingsError("DATABASE_URL must name a SQLite file, not memory")
        if not Path(path).is_absolute():
            path = str(root / path)
        return f"sqlite+aiosqlite:///{path}"
    raise SettingsError(
        "DATABASE_URL must be a sqlite:/// or postgresql:// URL, "
        f"not {url.split(':', 1)[0]!r}"
    )


def load_config(settings: Mapping[str, str]) -> BackendConfig:
    """Build the backend configuration; refuses demo tokens outside demo profiles."""
    profile = profile_of(settings)
    try:
        credentials = ServiceCredentials(
            {service: token_list(settings, service) for service in SERVICES}
        )
    except ValueError as error:
        raise SettingsError(f"service tokens: {error}") from error
    return BackendConfig(
        profile=profile,
        credentials=credentials,
        database_url=normalise_database_url(
            settings.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        ),
        host=settings.get("BACKEND_HOST", "127.0.0.1"),
        port=port(settings, "BACKEND_PORT", 8080),
        workers=whole_number(settings, "BACKEND_WORKERS", 1, 1, 16),
        notice_rules=NoticeRules(
            quiet_hours=quiet_hours(settings.get("ZHANGGUI_QUIET_HOURS", "21-8")),
            scan_every=dt.timedelta(
                seconds=decimal_number(
                    settings, "ZHANGGUI_NOTICE_SCAN_S", 60, 0, 86_400
                )
            ),
        ),
        shop_token_minutes=round(
            60 * decimal_number(settings, "ZHANGGUI_SHOP_TOKEN_HOURS", 4, 0.25, 24)
        ),
    )


def quiet_hours(raw: str) -> tuple[int, int] | None:
    """``"21-8"``: shop-local hours when no notice goes (``"off"``: none)."""
    if raw.strip().lower() in ("off", "none", ""):
        return None
    match = re.fullmatch(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*", raw)
    if match is None or not all(0 <= int(h) <= 23 for h in match.groups()):
        raise SettingsError(
            f"ZHANGGUI_QUIET_HOURS must look like 21-8 (hours 0-23) or off, not {raw!r}"
        )
    start, end = (int(h) for h in match.groups())
    return None if start == end else (start, end)
