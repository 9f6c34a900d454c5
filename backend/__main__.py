"""Command line: ``python -m backend serve|migrate|seed|pair-code``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections.abc import Sequence

from backend.config import BackendConfig, load_config
from backend.db.database import Database
from backend.db.migrate import upgrade
from backend.db.models import utc_now
from backend.seed.load import is_empty, seed
from backend.serve import serve
from backend.services.clock import iso_utc
from backend.services.kiosks import issue_pairing_code
from common.settings import load_settings, start_or_exit


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backend")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the HTTP API")
    commands.add_parser("migrate", help="bring the database schema up to date")
    seed_parser = commands.add_parser("seed", help="load the demo world")
    mode = seed_parser.add_mutually_exclusive_group()
    mode.add_argument("--reset", action="store_true", help="wipe everything first")
    mode.add_argument(
        "--if-empty", action="store_true", help="only seed a database with no shops"
    )
    pair = commands.add_parser("pair-code", help="print a one-time kiosk pairing code")
    pair.add_argument("--shop", type=int, default=1, help="shop id (default 1)")
    return parser


async def _migrate(config: BackendConfig) -> int:
    database = Database(config.database_url)
    try:
        await upgrade(database)
    finally:
        await database.dispose()
    print("database schema is up to date")
    return 0


async def _seed(config: BackendConfig, reset: bool, if_empty: bool) -> int:
    database = Database(config.database_url)
    try:
        await upgrade(database)
        if not await is_empty(database):
            if if_empty:
                print("database already has shops; not seeding")
                return 0
            if not reset:
                print("database already has shops; use --reset to start over")
                return 1
        started = time.perf_counter()
        counts = await seed(database, utc_now(), reset=reset)
    finally:
        await database.dispose()
    total = sum(counts.values())
    print(f"seeded {total} rows in {time.perf_counter() - started:.1f} s: {counts}")
    return 0


async def _pair_code(config: BackendConfig, shop_id: int) -> int:
    database = Database(config.database_url)
    try:
        code = await issue_pairing_code(database, shop_id, utc_now())
    finally:
        await database.dispose()
    print(
        f"pairing code for shop {shop_id}: {code.code} (valid until "
        f"{iso_utc(code.expires_at)}, one use)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one backend command."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = start_or_exit("backend", lambda: load_config(load_settings()))
    if args.command == "serve":
        return serve(config)
    if args.command == "migrate":
        return asyncio.run(_migrate(config))
    if args.command == "seed":
        return asyncio.run(_seed(config, args.reset, args.if_empty))
    return asyncio.run(_pair_code(config, args.shop))


if __name__ == "__main__":
    raise SystemExit(main())
