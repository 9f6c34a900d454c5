"""Standard sizes are catalog data: seeded, migrated, loaded; none when unmarked."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable, Sequence

import pytest
import sqlalchemy as sa

from backend.catalog.entry import CatalogEntry, line_code
from backend.catalog.resolver import CatalogIndex
from backend.config import normalise_database_url
from backend.db.database import Database
from backend.db.migrate import downgrade, upgrade
from backend.db.models import Product, utc_now
from backend.seed.catalog.data import BY_SKU, PRODUCTS, STANDARD_SKUS
from backend.seed.load import seed
from backend.services.catalog import load_catalog, row_values
from tests.backend.conftest import PG_SERVER, _admin

BY_SKU_ORDER = sorted(PRODUCTS, key=lambda entry: entry.sku)  # as the database reads
SIZE_POINTS = 0.05  # the share of the score a favoured size is worth
REAL_LINE = [BY_SKU[sku] for sku in sorted(BY_SKU) if sku.startswith("KO-COLA-")]
"""A catalog that happens to share one line's SKUs with the demo's, 330 ml included."""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_database(
    request: pytest.FixtureRequest, tmp_path: object
) -> AsyncIterator[Database]:
    """A database with no schema at all, on either server."""
    name = f"zg_sizes_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = normalise_database_url(f"sqlite:///{tmp_path}/{name}.db")
    else:
        try:
            await _admin("SELECT 1")
        except Exception as error:  # any failure to connect means: no server
            pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({error})")
        await _admin(f'CREATE DATABASE "{name}"')
        url = normalise_database_url(f"{PG_SERVER}/{name}")
    database = Database(url)
    try:
        yield database
    finally:
        await database.dispose()
        if request.param == "postgres":
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _insert_before_0006(
    database: Database, entries: Iterable[CatalogEntry]
) -> None:
    # The products table as revision 0005 left it: no standard_size column yet.
    columns = [c for c in Product.__table__.c if c.name != "standard_size"]
    products = sa.table("products", *(sa.column(c.name, c.type) for c in columns))
    rows = [row_values(entry, standard_size=False) for entry in entries]
    for row in rows:
        del row["standard_size"]
    async with database.writing() as session:
        await session.execute(sa.insert(products), rows)


async def _standard_skus(database: Database) -> set[str]:
    async with database.reading() as session:
        query = sa.select(Product.sku).where(Product.standard_size)
        return set((await session.execute(query)).scalars())


async def _product_columns(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: {c["name"] for c in sa.inspect(sync).get_columns("products")}
        )


def _first_of_line(entries: Sequence[CatalogEntry], sku: str) -> str:
    line = line_code(BY_SKU[sku])
    return next(entry.sku for entry in entries if line_code(entry) == line)


def test_a_catalog_without_standard_sizes_favours_no_size() -> None:
    unmarked = CatalogIndex(BY_SKU_ORDER)
    marked = CatalogIndex(BY_SKU_ORDER, STANDARD_SKUS)
    for query, standard in (
        ("可口可乐", "KO-COLA-330-24"),
        ("coke", "KO-COLA-330-24"),
        ("农夫山泉", "NF-WATER-550-24"),
    ):
        plain, favoured = unmarked.resolve(query).best, marked.resolve(query).best
        assert plain is not None and favoured is not None, query
        assert favoured.entry.sku == standard, query
        # No size earns the size points: catalog order alone picks among the sizes.
        assert plain.entry.sku == _first_of_line(BY_SKU_ORDER, standard), query
        assert plain.score == pytest.approx(favoured.score - SIZE_POINTS, abs=1e-3)
    said = unmarked.resolve("可口可乐2升").best
    assert said is not None and said.entry.sku == "KO-COLA-2L-6"


@pytest.mark.parametrize("order", ["sku", "reversed"])
def test_standard_size_does_not_depend_on_catalog_order(order: str) -> None:
    entries = (
        sorted(PRODUCTS, key=lambda e: e.sku)
        if order == "sku"
        else list(reversed(PRODUCTS))
    )
    shuffled = CatalogIndex(entries, STANDARD_SKUS)
    for query, sku in (
        ("可口可乐", "KO-COLA-330-24"),
        ("农夫山泉", "NF-WATER-550-24"),
        ("coke", "KO-COLA-330-24"),
        ("金龙鱼油", "JLY-BLEND-5L-1"),
    ):
        best = shuffled.resolve(query).best
        assert best is not None and best.entry.sku == sku, (order, query)


async def test_the_seed_writes_standard_sizes_and_the_loader_reads_them(
    database_url: str,
) -> None:
    database = Database(database_url)
    try:
        assert await _standard_skus(database) == STANDARD_SKUS
        best = (await load_catalog(database)).index.resolve("可口可乐").best
        assert best is not None and best.entry.sku == "KO-COLA-330-24"
        assert best.score == 1.0
    finally:
        await database.dispose()


async def test_a_demo_database_keeps_its_standard_sizes_down_and_up(
    empty_database: Database,
) -> None:
    # The whole demo world, so that inventory and orders name the products.
    await upgrade(empty_database)
    await seed(empty_database, utc_now())
    await downgrade(empty_database, "0005")
    assert "standard_size" not in await _product_columns(empty_database)
    await upgrade(empty_database)
    assert await _standard_skus(empty_database) == STANDARD_SKUS
    catalog = await load_catalog(empty_database)
    colas = catalog.index.resolve("可乐").candidates[:2]
    assert {match.entry.sku for match in colas} == {"KO-COLA-330-24", "PEP-COLA-330-24"}


async def test_upgrading_another_catalog_marks_no_standard_size(
    empty_database: Database,
) -> None:
    await upgrade(empty_database, "0005")
    await _insert_before_0006(empty_database, REAL_LINE)
    await upgrade(empty_database)
    assert await _standard_skus(empty_database) == set()
    best = (await load_catalog(empty_database)).index.resolve("可口可乐").best
    assert best is not None and best.entry.sku == REAL_LINE[0].sku != "KO-COLA-330-24"
    await downgrade(empty_database, "0005")
    assert "standard_size" not in await _product_columns(empty_database)
