"""Catalog API: products and fuzzy product resolution for a shop."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess
from common.languages import is_english


@dataclass(frozen=True)
class Product:
    """A wholesale product."""

    sku: str
    name_zh: str
    name_en: str
    brand_zh: str
    brand_en: str
    unit_zh: str
    unit_en: str
    price: Decimal
    pack_size: int = 1
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """Return the product name in the owner's language."""
        return self.name_en if is_english(language) else self.name_zh

    def unit(self, language: str) -> str:
        """Return the selling unit in the owner's language."""
        return self.unit_en if is_english(language) else self.unit_zh


@dataclass(frozen=True)
class Candidate:
    """A product that may be what the owner meant, with a 0..1 score."""

    product: Product
    score: float


@dataclass(frozen=True)
class Resolution:
    """The catalog's answer to a spoken product name."""

    query: str
    ambiguous: bool
    candidates: tuple[Candidate, ...]


def decode_product(body: dict[str, Any]) -> Product:
    """Decode a product (also the product part of lines and suggestions)."""
    return Product(
        sku=str(body["sku"]),
        name_zh=str(body.get("name_zh") or body["sku"]),
        name_en=str(body.get("name_en") or body["sku"]),
        brand_zh=str(body.get("brand_zh") or ""),
        brand_en=str(body.get("brand_en") or ""),
        unit_zh=str(body.get("unit_zh") or "件"),
        unit_en=str(body.get("unit_en") or "unit"),
        price=Decimal(str(body.get("price", "0"))),
        pack_size=int(body.get("pack_size") or 1),
        aliases=tuple(str(alias) for alias in body.get("aliases") or ()),
    )


def resolve_request(
    shop: ShopAccess, query: str, language: str, limit: int = 5
) -> Request:
    """Build the request resolving a spoken product name."""
    return shop.request(
        "GET",
        "/catalog/resolve",
        params={"q": query, "lang": language, "limit": str(limit)},
    )


def decode_resolution(body: dict[str, Any]) -> Resolution:
    """Decode a resolution answer."""
    return Resolution(
        query=str(body.get("query", "")),
        ambiguous=bool(body.get("ambiguous")),
        candidates=tuple(
            Candidate(decode_product(item), float(item.get("score", 0)))
            for item in body.get("candidates") or ()
        ),
    )


class CatalogClient:
    """Look products up."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def resolve(
        self, shop: ShopAccess, query: str, language: str, limit: int = 5
    ) -> Resolution:
        """Return the products closest to ``query``, best first."""
        request = resolve_request(shop, query, language, limit)
        return decode_resolution(await self._http.send(request))
