"""The demo wholesaler's whole catalog, assembled from the per-category tables."""

from __future__ import annotations

from backend.catalog.entry import CatalogEntry, line_code
from backend.seed.catalog.dairy import DAIRY
from backend.seed.catalog.drinks import DRINKS
from backend.seed.catalog.household import HOUSEHOLD
from backend.seed.catalog.noodles import NOODLES
from backend.seed.catalog.pantry import OIL, RICE, SEASONINGS
from backend.seed.catalog.snacks import SNACKS

CATEGORIES: tuple[str, ...] = (
    "drinks",
    "noodles",
    "snacks",
    "rice",
    "oil",
    "seasonings",
    "household",
    "dairy",
)
"""Every category the wholesaler sells; tobacco and spirits are deliberately absent."""

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
"""The standard size of every product line: the first one listed in its table.

The seed writes it into the products table (``standard_size``); the running service
reads it from there, never from here.
"""
