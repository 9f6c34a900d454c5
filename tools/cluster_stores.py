"""Cluster mode's shared stores: PostgreSQL databases made ready, Redis checked."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import redis
from sqlalchemy.engine import URL, make_url

from common.settings import SettingsError, SettingsModel, read_settings, setting

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/zhanggui"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class Stores:
    """Where the cluster keeps its state, and how many connections Rasa may hold."""

    database_url: str  # the backend's
    tracker_url: str  # Rasa's conversations: the same server, a database of its own
    redis_url: str
    redis_prefix: str
    tracker_pool: int
    tracker_overflow: int

    def rasa_settings(self) -> dict[str, str]:
        """The settings each Rasa replica reads (bot/server.py, Rasa's SQL_* env)."""
        return {
            "ZHANGGUI_TRACKER_URL": self.tracker_url,
            "REDIS_URL": self.redis_url,
            "ZHANGGUI_REDIS_PREFIX": self.redis_prefix,
            "SQL_POOL_SIZE": str(self.tracker_pool),
            "SQL_MAX_OVERFLOW": str(self.tracker_overflow),
        }


class StoreSettings(SettingsModel):
    """The cluster stores' declared settings (names and defaults: docs/contract.md)."""

    # Rasa's default is 50 + 100 per process; two replicas of that could take
    # 300 of PostgreSQL's default 100 connections. A turn holds one at a time.
    tracker_pool: int = setting("ZHANGGUI_TRACKER_POOL", 5, ge=1, le=100)
    tracker_overflow: int = setting("ZHANGGUI_TRACKER_OVERFLOW", 5, ge=0, le=100)
    database_url: str | None = setting("DATABASE_URL")
    redis_url: str | None = setting("REDIS_URL")
    redis_prefix: str | None = setting("ZHANGGUI_REDIS_PREFIX")


def load_stores(settings: Mapping[str, str]) -> Stores:
    """Read the stores' settings; PostgreSQL is required in cluster mode."""
    declared = read_settings(StoreSettings, settings)
    url = make_url(declared.database_url or DEFAULT_DATABASE_URL)
    if not url.drivername.startswith("postgres") or not url.database:
        raise SettingsError("cluster mode needs DATABASE_URL=postgresql://.../<db>")
    plain = url.set(drivername="postgresql")
    tracker = plain.set(database=f"{url.database}_tracker")
    return Stores(
        database_url=_text(plain),
        tracker_url=_text(tracker),
        redis_url=declared.redis_url or DEFAULT_REDIS_URL,
        redis_prefix=declared.redis_prefix or "zhanggui:",
        tracker_pool=declared.tracker_pool,
        tracker_overflow=declared.tracker_overflow,
    )


def _text(url: URL) -> str:
    return url.render_as_string(hide_password=False)


async def _create_missing(url: URL, names: tuple[str, ...]) -> None:
    import asyncpg

    admin = url.set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(_text(admin), timeout=10)
    try:
        for name in names:
            exists = await connection.fetchval(
                "SELECT 1 FROM pg_database WHERE datname = $1", name
            )
            if not exists:
                await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def ensure_stores(stores: Stores) -> None:
    """Create the two databases if missing and check Redis answers."""
    backend, tracker = make_url(stores.database_url), make_url(stores.tracker_url)
    names = (str(backend.database), str(tracker.database))
    try:
        asyncio.run(_create_missing(backend, names))
    except Exception as error:  # asyncpg and OSError: no usable server
        raise SystemExit(f"PostgreSQL at {backend.host}: {error}") from error
    client = redis.Redis.from_url(stores.redis_url, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {stores.redis_url}: {error}") from error
    finally:
        client.close()
