"""One wholesale catalog line: what an owner can reorder, priced per unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CatalogEntry:
    """A product as the wholesaler sells it.

    Attributes:
        sku: Stable unique code, e.g. ``KO-COLA-330-24``.
        name_zh: Chinese name as printed, size included (``可口可乐 330毫升``).
        name_en: English name as printed (``Coca-Cola 330ml``).
        brand_zh: Chinese brand (``可口可乐``).
        brand_en: English brand (``Coca-Cola``).
        category: The wholesaler's category (``drinks``, ``noodles``…).
        pack_size: Items in one unit (24 cans in one case).
        unit_zh: The unit ordered, in Chinese (箱/袋/桶/包/瓶/提/盒).
        unit_en: The unit ordered, in English (case/bag/tub/pack/bottle/bundle/box).
        price: Wholesale price in CNY for one unit.
        aliases: Colloquial and short names owners say (``可乐``, ``coke``).
    """

    sku: str
    name_zh: str
    name_en: str
    brand_zh: str
    brand_en: str
    category: str
    pack_size: int
    unit_zh: str
    unit_en: str
    price: Decimal
    aliases: tuple[str, ...] = ()


def line_code(entry: CatalogEntry) -> str:
    """The product line of an entry: its SKU without size and pack (``KO-COLA``).

    Every size of one product shares it; the resolver offers one size per line.
    """
    return entry.sku.rsplit("-", 2)[0]
