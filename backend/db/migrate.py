"""Run the Alembic migrations programmatically (no alembic.ini, any working dir)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

from backend.db.database import Database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Any = None) -> Config:
    """An Alembic configuration pointing at ``backend/migrations``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema up to ``revision``."""

    def run(connection: Any) -> None:
        command.upgrade(alembic_config(connection), revision)

    async with database.write_engine.begin() as connection:
        await connection.run_sync(run)


async def downgrade(database: Database, revision: str = "base") -> None:
    """Take the schema down to ``revision``."""

    def run(connection: Any) -> None:
        command.downgrade(alembic_config(connection), revision)

    async with database.write_engine.begin() as connection:
        await connection.run_sync(run)
