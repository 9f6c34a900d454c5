"""Migrations build exactly the schema the models describe, up and down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.db.database import Database
from backend.db.migrate import downgrade, upgrade
from backend.db.models import Base


async def _differences(database: Database) -> list[object]:
    async with database.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync), Base.metadata
            )
        )


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(
            await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        )


async def test_upgrade_matches_models_and_downgrade_empties(database_url: str) -> None:
    # The session database is already at head: upgrading again is a no-op.
    database = Database(database_url)
    try:
        await upgrade(database)
        assert await _differences(database) == []
    finally:
        await database.dispose()


async def test_fresh_sqlite_round_trip(tmp_path: object) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/fresh.db")
    try:
        await upgrade(database)
        assert "orders" in await _tables(database)
        assert await _differences(database) == []
        await downgrade(database)
        assert await _tables(database) <= {"alembic_version"}
        await upgrade(database)
        assert "parcels" in await _tables(database)
    finally:
        await database.dispose()
