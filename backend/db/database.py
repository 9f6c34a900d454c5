"""The database handle: engine, sessions and the write discipline.

SQLite allows one writer at a time. Write transactions start with ``BEGIN IMMEDIATE``
(so two writers never both read and then fail to upgrade their lock), writes from this
process queue on an asyncio lock instead of blocking threads, WAL lets readers carry
on meanwhile, and a busy timeout makes writers in other processes wait their turn.
PostgreSQL needs none of that: its row locks and unique indexes arbitrate.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import AsyncAdaptedQueuePool


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Stop the driver issuing its own deferred BEGIN; the "begin" listener does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_engine(url: str, echo: bool, begin: str, size: int) -> AsyncEngine:
    # SQLAlchemy defaults to no pool for SQLite files; opening a connection (and
    # setting its pragmas) per transaction costs more than the transaction.
    engine = create_async_engine(
        url,
        echo=echo,
        future=True,
        connect_args={"timeout": 30},
        poolclass=AsyncAdaptedQueuePool,
        pool_size=size,
        max_overflow=0,
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    event.listen(
        engine.sync_engine, "begin", lambda conn: conn.exec_driver_sql(begin)
    )
    return engine


class Database:
    """An async engine plus a session factory that knows how to write safely."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = _sqlite_engine(url, echo, "BEGIN", 8)
            self.write_engine = _sqlite_engine(url, echo, "BEGIN IMMEDIATE", 1)
        else:
            # pre_ping: after PostgreSQL restarts, a dead pooled connection is
            # replaced as it is taken, instead of failing the request that took it.
            self.write_engine = create_async_engine(
                url,
                echo=echo,
                future=True,
                pool_size=10,
                max_overflow=20,
                pool_pre_ping=True,
            )
            # Reads run in autocommit: no BEGIN/ROLLBACK round trips around a SELECT.
            self.engine = self.write_engine.execution_options(
                isolation_level="AUTOCOMMIT"
            )
        self._sessions = sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False, future=True
        )
        self._write_sessions = sessionmaker(
            self.write_engine, class_=AsyncSession, expire_on_commit=False, future=True
        )
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for queries only."""
        async with self._sessions() as session:
            yield session

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction, committed on success, rolled back on error."""
        lock = self._write_lock or contextlib.nullcontext()
        async with lock, self._write_sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.write_engine.dispose()
        if self.is_sqlite:
            await self.engine.dispose()
