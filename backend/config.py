"""The backend's settings, read once at start and passed inward."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import validator

from backend.services.notices import NoticeRules
from backend.services.tokens import ServiceCredentials
from common.credentials import SERVICES, token_list
from common.settings import (
    PROJECT_ROOT,
    Profile,
    SettingsError,
    SettingsModel,
    port_setting,
    read_settings,
    setting,
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


class BackendSettings(SettingsModel):
    """The backend's declared settings (names and defaults: docs/contract.md)."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")
    database_url: str = setting("DATABASE_URL", DEFAULT_DATABASE_URL)
    host: str = setting("BACKEND_HOST", "127.0.0.1")
    port: int = port_setting("BACKEND_PORT", 8080)
    workers: int = setting("BACKEND_WORKERS", 1, ge=1, le=16)
    quiet_hours: tuple[int, int] | None = setting("ZHANGGUI_QUIET_HOURS", (21, 8))
    notice_scan_s: float = setting("ZHANGGUI_NOTICE_SCAN_S", 60, ge=0, le=86_400)
    shop_token_hours: float = setting(
        "ZHANGGUI_SHOP_TOKEN_HOURS", 4, ge=0.25, le=24
    )

    @validator("database_url")
    def _database_url(cls, value: str) -> str:  # noqa: N805 (pydantic's cls)
        return normalise_database_url(value)

    @validator("quiet_hours", pre=True)
    def _quiet_hours(cls, value: object) -> object:  # noqa: N805
        return quiet_hours(value) if isinstance(value, str) else value


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
    declared = read_settings(BackendSettings, settings)
    try:
        credentials = ServiceCredentials(
            {service: token_list(settings, service) for service in SERVICES}
        )
    except ValueError as error:
        raise SettingsError(f"service tokens: {error}") from error
    return BackendConfig(
        profile=declared.profile,
        credentials=credentials,
        database_url=declared.database_url,
        host=declared.host,
        port=declared.port,
        workers=declared.workers,
        notice_rules=NoticeRules(
            quiet_hours=declared.quiet_hours,
            scan_every=dt.timedelta(seconds=declared.notice_scan_s),
        ),
        shop_token_minutes=round(60 * declared.shop_token_hours),
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
