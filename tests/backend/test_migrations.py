"""Migrations build exactly the schema the models describe, up and down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.db.database import Database
from backend.db.migrate import downgrade, upgrade
from backend.db.models import Base, utc_now
from backend.seed.load import seed


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


async def test_a_seeded_demo_world_goes_down_to_0003_and_back(
    tmp_path: object,
) -> None:
    """Every later migration, down and up, on a database full of foreign keys.

    SQLite refuses a batch migration's table copy here (the other tables' foreign
    keys block dropping the old one), which an empty database never shows.
    """
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/seeded.db")
    try:
        await upgrade(database)
        await seed(database, utc_now())
        await downgrade(database, "0003")
        assert "notices" not in await _tables(database)
        await upgrade(database)
        assert {"notices", "link_codes"} <= await _tables(database)
        assert await _differences(database) == []
    finally:
        await database.dispose()
