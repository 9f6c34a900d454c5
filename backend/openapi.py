"""The OpenAPI 3 document of the backend API, served at ``/openapi.json``.

Every operation comes from the route table (``backend/api/routes.py``).
"""

from __future__ import annotations

import functools
from typing import Any

from backend.api.responses import SCHEMAS, ref
from backend.api.routes import ROUTES, Route
from backend.api.schemas import REQUESTS
from common.headers import (
    IDEMPOTENCY_HEADER,
    OWNER_SESSION_HEADER,
    SHOP_TOKEN_HEADER,
)

ERRORS = {
    "400": "Malformed JSON",
    "401": "Missing or wrong service token, shop token, owner session or PIN",
    "403": "This service may not call the route, or the credential is another shop's",
    "404": "Unknown shop or resource (another shop's ids are not found either)",
    "409": "Conflicts with the current state",
    "413": "Body too large",
    "422": "Invalid content",
    "423": "PIN locked",
    "429": "Too many wrong codes from one sender; wait and retry",
}


def _parameters(route: Route) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {
            "name": part[1:-1],
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
        for part in route.path.split("/")
        if part.startswith("{")
    ]
    params += [
        {"name": name, "in": "query", "required": required, "schema": schema}
        for name, schema, required in route.query
    ]
    if route.shop_token != "none":
        params.append(
            _header(
                SHOP_TOKEN_HEADER,
                "The conversation's shop token (from /v1/identity/resolve); "
                "required of the action server",
                required=route.shop_token == "own",
            )
        )
    if route.owner_session:
        params.append(_header(OWNER_SESSION_HEADER, "Token from a PIN session"))
    if route.idempotency_key:
        params.append(_header(IDEMPOTENCY_HEADER, "Retries with one key act once"))
    return params


def _header(name: str, description: str, required: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "description": description,
        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    }


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema)}},
    }


def _operation(route: Route) -> dict[str, Any]:
    responses = {str(route.status): _json(route.response, route.summary)}
    if route.idempotency_key:
        responses["200"] = _json(route.response, "The first result, for a retried key")
    responses.update({code: _json("Error", text) for code, text in ERRORS.items()})
    operation: dict[str, Any] = {
        "summary": route.summary,
        "description": "Services allowed: " + ", ".join(sorted(route.services)) + ".",
        "parameters": _parameters(route),
        "responses": responses,
    }
    if route.request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(route.request)}},
        }
    return operation


@functools.lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method] = _operation(route)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Zhanggui shop platform",
            "version": "1.0.0",
            "description": "Catalog, reorders, loans, parcels and identity for "
            "corner shops. Every call needs `Authorization: Bearer <service token>`; "
            "each service's token may call only the routes that list it.",
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "security": [{"serviceToken": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"serviceToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {**REQUESTS, **SCHEMAS},
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole API document (built once)."""
    return _document()
