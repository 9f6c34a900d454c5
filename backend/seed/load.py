"""Write the demo world into the database in a few bulk inserts."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Base, Order, Owner, Shop
from backend.seed import history
from backend.seed.catalog.data import PRODUCTS, STANDARD_SKUS
from backend.seed.parcels import parcels
from backend.seed.world import DEMO_PAIRING_CODE, DEMO_SHOPS, DemoShop, extra_shops
from backend.services.catalog import row_values
from backend.services.clock import shop_today
from backend.services.pin_sessions import hash_pin
from backend.services.tokens import token_hash
from common.channels import TELEGRAM, WECHAT

PAIRING_DAYS = 30
ADDED_PHONE_PREFIX = "+86137"  # the demo world's owners have +86138 and +86139 numbers
LATE_PAYER_SHOP = 7  # one ordinary shop missed a repayment, to show a refusal


async def is_empty(db: Database) -> bool:
    """Whether no shop exists yet."""
    async with db.reading() as session:
        return (
            int((await session.execute(select(func.count(Shop.id)))).scalar_one()) == 0
        )


async def seed(db: Database, now: dt.datetime, reset: bool = False) -> dict[str, int]:
    """Fill the database with the demo world; returns row counts per table."""
    rows = build_rows(now)
    async with db.writing() as session:
        if reset:
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            batch = rows.tables.get(table.name)
            if batch:
                await session.execute(insert(table), batch)
        if not db.is_sqlite:
            await _advance_sequences(session)
    return {name: len(batch) for name, batch in rows.tables.items()}


async def add_shop(db: Database, now: dt.datetime, shaped_like: DemoShop) -> DemoShop:
    """Add one shop to a seeded database, with its owner, past trade and orders.

    The shop is shaped like ``shaped_like`` (age, turnover, steadiness, usual order,
    PIN, language); it gets the next free id, a phone number of its own
    (``ADDED_PHONE_PREFIX`` and its id) and names ending in its id. Returns it.
    """
    today = shop_today(now)
    catalog = {entry.sku: entry for entry in PRODUCTS}
    async with db.writing() as session:
        if not db.is_sqlite:
            await session.execute(text("LOCK TABLE shops IN EXCLUSIVE MODE"))
        shop_id = 1 + max([await _max_id(session, Shop), await _max_id(session, Owner)])
        shop = replace(
            shaped_like,
            shop_id=shop_id,
            name_zh=f"{shaped_like.name_zh}{shop_id}",
            name_en=f"{shaped_like.name_en} {shop_id}",
            phone=f"{ADDED_PHONE_PREFIX}{shop_id:08d}",
        )
        rows = history.Rows()
        _shop_and_owner(rows, shop, today, hash_pin(shop.pin))
        rng = history.rng_for(shop)
        history.sales(rows, shop, today, rng)
        history.stock(rows, shop, today, tuple(catalog), rng)
        order_ids = itertools.count(1 + await _max_id(session, Order))
        history.orders(rows, shop, today, catalog, order_ids, rng)
        for table in Base.metadata.sorted_tables:
            batch = rows.tables.get(table.name)
            if batch:
                await session.execute(insert(table), batch)
        if not db.is_sqlite:
            await _advance_sequences(session)
    return shop


async def _max_id(session: AsyncSession, model: Any) -> int:
    found = (await session.execute(select(func.max(model.id)))).scalar_one()
    return int(found or 0)


def build_rows(now: dt.datetime) -> history.Rows:
    """Every row of the demo world, deterministic for a given day."""
    today = shop_today(now)
    catalog = {entry.sku: entry for entry in PRODUCTS}
    skus = tuple(catalog)
    shops: list[DemoShop] = [*DEMO_SHOPS, *extra_shops(skus)]
    rows = history.Rows()
    for entry in PRODUCTS:
        standard = entry.sku in STANDARD_SKUS
        rows.add("products", **row_values(entry, standard_size=standard))
    pin_hashes = {pin: hash_pin(pin) for pin in {shop.pin for shop in shops}}
    order_ids = itertools.count(1)
    for shop in shops:
        _shop_and_owner(rows, shop, today, pin_hashes[shop.pin])
        rng = history.rng_for(shop)
        history.sales(rows, shop, today, rng)
        history.stock(rows, shop, today, skus, rng)
        history.orders(rows, shop, today, catalog, order_ids, rng)
    history.past_loan(rows, DEMO_SHOPS[0], today, 1, late=False)
    history.past_loan(rows, shops[LATE_PAYER_SHOP - 1], today, 2, late=True)
    parcels(rows, now)
    rows.add(
        "kiosk_pairing_codes",
        shop_id=1,
        code_hash=token_hash(DEMO_PAIRING_CODE),
        created_at=now,
        expires_at=now + dt.timedelta(days=PAIRING_DAYS),
        used_at=None,
    )
    return rows


def _shop_and_owner(
    rows: history.Rows, shop: DemoShop, today: dt.date, pin_hash: str
) -> None:
    rows.add(
        "shops",
        id=shop.shop_id,
        name_zh=shop.name_zh,
        name_en=shop.name_en,
        city=shop.city,
        opened_on=today - dt.timedelta(days=shop.days_open),
    )
    rows.add(
        "owners",
        id=shop.shop_id,
        shop_id=shop.shop_id,
        display_name=shop.owner_name,
        phone=shop.phone,
        pin_hash=pin_hash,
        language=shop.language,
        failed_pin_tries=0,
        locked_until=None,
    )
    for channel, account in ((WECHAT, shop.wechat), (TELEGRAM, shop.telegram)):
        if account:
            rows.add(
                "messaging_accounts",
                owner_id=shop.shop_id,
                channel=channel,
                account_id=account,
            )


async def _advance_sequences(session: AsyncSession) -> None:
    # Rows were inserted with explicit ids; move each serial past them.
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            await session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
