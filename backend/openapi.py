"""The OpenAPI 3 document of the backend API, served at ``/openapi.json``."""

from __future__ import annotations

from typing import Any


def openapi_document() -> dict[str, Any]:
    """The whole API document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Zhanggui", "version": "1"},
        "paths": {},
    }
