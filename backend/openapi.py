"""The OpenAPI 3 document of the backend API, served at ``/openapi.json``."""

from __future__ import annotations

import functools
from typing import Any

from backend.api.responses import SCHEMAS, ref
from backend.api.schemas import REQUESTS

SHOP = "/v1/shops/{shop_id}"
# (method, path, summary, request schema, success status, response schema, flags)
# flags: "session" = needs X-Owner-Session, "key" = needs Idempotency-Key.
OPERATIONS: tuple[tuple[str, str, str, str | None, int, str, str], ...] = (
    ("post", "/v1/identity/resolve", "Who is talking", "IdentityResolveRequest",
     200, "Identity", ""),
    ("post", "/v1/owners/{owner_id}/pin-sessions", "Open a PIN session",
     "PinSessionRequest", 201, "PinSession", ""),
    ("post", SHOP + "/kiosk-pairing-codes", "Issue a kiosk pairing code", None,
     201, "PairingCode", "session"),
    ("post", "/v1/kiosks/pair", "Pair a kiosk tablet", "KioskPairRequest",
     201, "PairedKiosk", ""),
    ("post", SHOP + "/handoffs", "Ask a person to call back", "HandoffRequest",
     201, "Handoff", ""),
    ("get", "/v1/catalog/products", "The whole catalog", None, 200, "ProductList", ""),
    ("get", SHOP + "/catalog/resolve", "Resolve a spoken product name", None,
     200, "Resolution", ""),
    ("get", SHOP + "/usual-order", "The shop's usual order", None, 200, "LineList", ""),
    ("get", SHOP + "/reorder-suggestions", "Products running low", None,
     200, "SuggestionList", ""),
    ("post", SHOP + "/quotes", "Price an order", "LinesRequest", 200, "Quote", ""),
    ("post", SHOP + "/orders", "Place an order (exactly once per key)",
     "LinesRequest", 201, "Order", "session key"),
    ("get", SHOP + "/orders", "The shop's orders, newest first", None,
     200, "OrderList", ""),
    ("get", SHOP + "/orders/{order_id}", "One order", None, 200, "Order", ""),
    ("post", SHOP + "/orders/{order_id}/cancel", "Cancel a placed order", None,
     200, "Order", "session"),
    ("get", SHOP + "/loan-eligibility", "Loan eligibility and offer", None,
     200, "Eligibility", "session"),
    ("post", SHOP + "/loan-applications", "Apply for a loan (consent: true)",
     "LoanApplicationRequest", 201, "Application", "session key"),
    ("get", SHOP + "/loan-applications", "The shop's loan applications", None,
     200, "ApplicationList", ""),
    ("get", SHOP + "/loan-applications/{application_id}", "One loan application",
     None, 200, "Application", ""),
    ("get", SHOP + "/parcels", "Parcels, overdue first", None, 200, "ParcelList", ""),
    ("post", SHOP + "/parcels/check-ins", "Shelve a parcel; returns its pickup code",
     "ParcelCheckInRequest", 201, "Parcel", ""),
    ("post", SHOP + "/parcels/pickups", "Hand over a parcel by pickup code",
     "PickupRequest", 200, "Parcel", ""),
    ("post", SHOP + "/parcels/{parcel_id}/return", "Return a parcel to the courier",
     None, 200, "Parcel", ""),
)  # fmt: skip
QUERY: dict[str, list[tuple[str, dict[str, Any], bool]]] = {
    SHOP + "/catalog/resolve": [
        ("q", {"type": "string", "minLength": 1, "maxLength": 100}, True),
        ("lang", {"type": "string", "enum": ["zh", "en"]}, False),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 20}, False),
    ],
    SHOP + "/orders": [
        (
            "status",
            {
                "type": "string",
                "enum": ["placed", "dispatched", "delivered", "cancelled"],
            },
            False,
        )
    ],
    SHOP + "/parcels": [
        (
            "status",
            {"type": "string", "enum": ["waiting", "picked_up", "returned"]},
            False,
        )
    ],
}
ERRORS = {
    "400": "Malformed JSON",
    "401": "Missing or wrong service token, owner session or PIN",
    "403": "The owner session is for another shop",
    "404": "Unknown shop or resource (another shop's ids are not found either)",
    "409": "Conflicts with the current state",
    "413": "Body too large",
    "422": "Invalid content",
    "423": "PIN locked",
}


def _parameters(path: str, flags: str) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {
            "name": part[1:-1],
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
        for part in path.split("/")
        if part.startswith("{")
    ]
    params += [
        {"name": name, "in": "query", "required": required, "schema": schema}
        for name, schema, required in QUERY.get(path, [])
    ]
    if "session" in flags:
        params.append(_header("X-Owner-Session", "Token from a PIN session"))
    if "key" in flags:
        params.append(_header("Idempotency-Key", "Retries with one key act once"))
    return params


def _header(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": True,
        "description": description,
        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    }


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema)}},
    }


def _operation(
    summary: str, path: str, request: str | None, status: int, response: str, flags: str
) -> dict[str, Any]:
    responses = {str(status): _json(response, summary)}
    if "key" in flags:
        responses["200"] = _json(response, "The first result, for a retried key")
    responses.update({code: _json("Error", text) for code, text in ERRORS.items()})
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": _parameters(path, flags),
        "responses": responses,
    }
    if request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(request)}},
        }
    return operation


@functools.lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for method, path, summary, request, status, response, flags in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(
            summary, path, request, status, response, flags
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Zhanggui shop platform",
            "version": "1.0.0",
            "description": "Catalog, reorders, loans, parcels and identity for "
            "corner shops. Every call needs `Authorization: Bearer <service token>`.",
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
