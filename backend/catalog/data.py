"""The whole wholesale catalog, assembled from the per-category tables."""

from __future__ import annotations

from backend.catalog.dairy import DAIRY
from backend.catalog.drinks import DRINKS
from backend.catalog.entry import CatalogEntry, line_code
from backend.catalog.household import HOUSEHOLD
from backend.catalog.noodles import NOODLES
from backend.catalog.pantry import OIL, RICE, SEASONINGS
from backend.catalog.snacks import SNACKS

PRODUCTS: tuple[CatalogEntry, ...] = (
    *DRINKS,
    *NOODLES,
    *SNACKS,
    *RICE,
    *OIL,
    *SEASONINGS,
    *HOUSEHOLD,
    *DAIRY,
)
"""Every product, in a stable order (category, then brand line, then size)."""

BY_SKU: dict[str, CatalogEntry] = {entry.sku: entry for entry in PRODUCTS}
"""Products by SKU."""

STANDARD_SKUS: frozenset[str] = frozenset(
    {line_code(entry): entry.sku for entry in reversed(PRODUCTS)}.values()
)
"""The standard size of every product line: the first one listed in its table."""
