"""Catalog products and name resolutions in the API's JSON shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.catalog.entry import CatalogEntry
from backend.services.catalog import entry_fields

if TYPE_CHECKING:  # the resolver is built only by the running service
    from backend.catalog.resolver import Resolution


def product_json(entry: CatalogEntry) -> dict[str, Any]:
    """The API's ``Product`` shape."""
    return {**entry_fields(entry), "price": f"{entry.price:.2f}"}


def resolution_json(query: str, resolution: Resolution) -> dict[str, Any]:
    """The API's ``Resolution`` shape: the candidates with their scores."""
    return {
        "query": query,
        "ambiguous": bool(resolution.ambiguous),
        "candidates": [
            {**product_json(match.entry), "score": round(float(match.score), 4)}
            for match in resolution.candidates
        ],
    }
