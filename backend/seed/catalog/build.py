"""Small helpers that expand a product line into one entry per size or flavour.

The data modules describe each product line once (brand, name, aliases) and list its
sizes; this keeps names, SKUs and aliases consistent across variants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from backend.catalog.entry import CatalogEntry
from common.vocabulary import UNITS as SHARED_UNITS

UNITS: dict[str, str] = {
    SHARED_UNITS[name].zh: SHARED_UNITS[name].en
    for name in ("case", "bag", "tub", "pack", "bottle", "bundle", "box")
}
"""Chinese ordering unit → the English word the wholesaler prints."""


@dataclass(frozen=True)
class Brand:
    """A brand: SKU prefix and printed names (the resolver indexes brands itself)."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Size:
    """One sellable size of a product line.

    Attributes:
        code: SKU part for the size (``330``, ``2L``, ``BAG``).
        zh: Size as printed in Chinese (``330毫升``).
        en: Size as printed in English (``330ml``).
        pack: Items per unit.
        unit: Chinese unit key of :data:`UNITS`.
        price: CNY per unit, as a string to keep it exact.
    """

    code: str
    zh: str
    en: str
    pack: int
    unit: str
    price: str


def size(code: str, zh: str, en: str, pack: int, unit: str, price: str) -> Size:
    """Shorthand constructor used by the data tables."""
    return Size(code, zh, en, pack, unit, price)


def ml(volume: int, pack: int, price: str, unit: str = "箱") -> Size:
    """A size in millilitres, e.g. ``ml(330, 24, "48")`` → 330毫升 ×24 per case."""
    return Size(str(volume), f"{volume}毫升", f"{volume}ml", pack, unit, price)


def litres(volume: str, pack: int, price: str, unit: str = "箱") -> Size:
    """A size in litres, e.g. ``litres("2", 6, "42")`` → 2升 ×6 per case."""
    return Size(f"{volume}L", f"{volume}升", f"{volume}L", pack, unit, price)


def grams(weight: int, pack: int, price: str, unit: str = "箱") -> Size:
    """A size in grams, e.g. ``grams(70, 22, "98")`` → 70克 ×22 per case."""
    return Size(f"{weight}G", f"{weight}克", f"{weight}g", pack, unit, price)


def kilos(weight: str, pack: int, price: str, unit: str = "袋") -> Size:
    """A size in kilograms, e.g. ``kilos("5", 1, "45")`` → 5公斤, one bag."""
    return Size(f"{weight}KG", f"{weight}公斤", f"{weight}kg", pack, unit, price)


def line(
    brand: Brand,
    code: str,
    zh: str,
    en: str,
    category: str,
    sizes: Iterable[Size],
    aliases: Iterable[str] = (),
) -> list[CatalogEntry]:
    """Expand one product line into an entry per size.

    The first size is the line's standard one: the resolver picks it when the owner
    names no size.

    Args:
        brand: The brand.
        code: SKU part naming the product within the brand (``COLA``).
        zh: Chinese product name after the brand ('' when the brand is the name).
        en: English product name after the brand.
        category: Catalog category.
        sizes: Sizes sold.
        aliases: Colloquial names shared by every size.

    Returns:
        One entry per size, in the given order.
    """
    entries = []
    for s in sizes:
        name_zh = f"{brand.zh}{zh} {s.zh}".strip()
        name_en = " ".join(part for part in (brand.en, en, s.en) if part)
        entries.append(
            CatalogEntry(
                sku=f"{brand.code}-{code}-{s.code}-{s.pack}",
                name_zh=name_zh,
                name_en=name_en,
                brand_zh=brand.zh,
                brand_en=brand.en,
                category=category,
                pack_size=s.pack,
                unit_zh=s.unit,
                unit_en=UNITS[s.unit],
                price=Decimal(s.price).quantize(Decimal("0.01")),
                aliases=tuple(dict.fromkeys(aliases)),
            )
        )
    return entries


Row = tuple[Brand, str, str, str, tuple[Size, ...], tuple[str, ...]]
"""(brand, code, Chinese name, English name, sizes, aliases) — one product line."""


def lines(category: str, rows: Iterable[Row]) -> tuple[CatalogEntry, ...]:
    """Expand a table of product lines of one category (see :func:`line`)."""
    return tuple(
        entry
        for brand, code, zh, en, sizes, aliases in rows
        for entry in line(brand, code, zh, en, category, sizes, aliases)
    )
