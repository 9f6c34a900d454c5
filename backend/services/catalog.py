"""The wholesale catalog as the running service sees it, loaded from the database."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from backend.catalog.entry import CatalogEntry
from backend.db.database import Database
from backend.db.models import Product
from backend.db.queries import catalog as queries
from backend.services.errors import InvalidRequestError
from backend.services.money import from_fen, to_fen

if TYPE_CHECKING:
    from backend.catalog.resolver import CatalogIndex


@dataclass(frozen=True)
class Catalog:
    """Every product by SKU plus the spoken-name resolver over them."""

    entries: dict[str, CatalogEntry]
    index: CatalogIndex = field(repr=False)

    @classmethod
    def of(
        cls, entries: Iterable[CatalogEntry], standard_skus: Collection[str] = ()
    ) -> Catalog:
        """Build a catalog (and its resolver index) from entries.

        Args:
            entries: Every product.
            standard_skus: The standard size of each product line that has one.
        """
        # Imported here: only the running service resolves names; seeding, the CLI
        # and migrations should not pay for (or depend on) building the index.
        from backend.catalog.resolver import CatalogIndex

        listed = tuple(entries)
        return cls(
            {entry.sku: entry for entry in listed},
            CatalogIndex(listed, standard_skus),
        )

    def get(self, sku: str) -> CatalogEntry:
        """The entry for ``sku`` or a clear 422."""
        entry = self.entries.get(sku)
        if entry is None:
            raise InvalidRequestError(
                f"There is no product with SKU {sku!r}.", code="unknown_sku", sku=sku
            )
        return entry


def entry_of(row: Product) -> CatalogEntry:
    """A catalog entry from its table row."""
    return CatalogEntry(
        sku=row.sku,
        name_zh=row.name_zh,
        name_en=row.name_en,
        brand_zh=row.brand_zh,
        brand_en=row.brand_en,
        category=row.category,
        pack_size=row.pack_size,
        unit_zh=row.unit_zh,
        unit_en=row.unit_en,
        price=from_fen(row.price_fen),
        aliases=tuple(row.aliases or ()),
    )


def entry_fields(entry: CatalogEntry) -> dict[str, Any]:
    """The entry's fields by name (aliases as a list)."""
    fields = asdict(entry)
    fields["aliases"] = list(entry.aliases)
    return fields


def row_values(entry: CatalogEntry, *, standard_size: bool) -> dict[str, Any]:
    """Column values for inserting an entry into the products table.

    Args:
        entry: The product.
        standard_size: Whether it is its product line's standard size.
    """
    fields = entry_fields(entry)
    fields["price_fen"] = to_fen(fields.pop("price"))
    fields["standard_size"] = standard_size
    return fields


async def load_catalog(db: Database) -> Catalog:
    """Read the whole catalog, standard sizes included, from the database."""
    async with db.reading() as session:
        rows = await queries.all_products(session)
        products = [(entry_of(row), bool(row.standard_size)) for row in rows]
    return Catalog.of(
        (entry for entry, _ in products),
        {entry.sku for entry, standard in products if standard},
    )
