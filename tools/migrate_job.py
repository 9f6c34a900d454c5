"""The migration step of a deployment on an orchestrator (docker compose, Kubernetes).

``python -m tools.migrate_job``: run once per release, before the services start (a
compose one-shot service, a Kubernetes Job). Like ``./zhanggui up --cluster`` it
creates the backend's database and Rasa's ``<name>_tracker`` database when they are
missing, checks Redis, migrates the backend's schema and, in the demo profiles only,
seeds the demo world into an empty database. Its settings are the backend's
(``DATABASE_URL`` on PostgreSQL and every service token, which the backend's
configuration checks) plus ``REDIS_URL``.

``python -m tools.migrate_job --wait``: wait until the backend's schema is at the
newest revision (a Kubernetes init container: a new backend never serves an old
schema); exit 1 after ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Sequence

from sqlalchemy import text

from common.settings import load_settings, profile_of
from tools.cluster_stores import ensure_stores, load_stores


def newest_revisions() -> set[str]:
    """The head revision(s) of the backend's migrations."""
    from alembic.script import ScriptDirectory

    from backend.db.migrate import alembic_config

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def _current_revisions(database_url: str) -> set[str]:
    from backend.config import normalise_database_url
    from backend.db.database import Database

    database = Database(normalise_database_url(database_url))
    try:
        async with database.reading() as session:
            rows = await session.execute(
                text("SELECT version_num FROM alembic_version")
            )
            return {str(row) for row in rows.scalars()}
    finally:
        await database.dispose()


def wait_for_schema(database_url: str, timeout_s: float, every_s: float = 3.0) -> bool:
    """Whether the schema reached the newest revision within ``timeout_s``."""
    want = newest_revisions()
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if asyncio.run(_current_revisions(database_url)) == want:
                return True
        except Exception as error:  # no server yet, no table yet: keep waiting
            print(f"[migrate] waiting for the schema: {error}", flush=True)
        if time.monotonic() >= deadline:
            return False
        time.sleep(every_s)


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the stores and migrate, or wait for the migration to be done."""
    parser = argparse.ArgumentParser(prog="python -m tools.migrate_job")
    parser.add_argument("--wait", action="store_true", help="wait for the migration")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    settings = load_settings()
    stores = load_stores(settings)
    if args.wait:
        if wait_for_schema(stores.database_url, args.timeout):
            print("[migrate] the schema is at the newest revision", flush=True)
            return 0
        print("[migrate] gave up waiting for the migration", file=sys.stderr)
        return 1
    from tools.run import prepare_database

    ensure_stores(stores)
    env = {**os.environ, **{k: v for k, v in settings.items() if k.isupper()}}
    env["DATABASE_URL"] = stores.database_url
    prepare_database(profile_of(settings), env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
