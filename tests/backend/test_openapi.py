"""The API document is valid, matches the live routes, and describes real answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate_spec

from backend.app import init_app
from backend.openapi import openapi_document
from tests.backend.conftest import Api, make_config, new_key


def _documented_routes() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in openapi_document()["paths"].items()
        for method in operations
    }


def _live_routes() -> set[tuple[str, str]]:
    app = init_app(make_config("sqlite+aiosqlite:////nonexistent/unused.db"))
    routes = set()
    for route in app.router.routes():
        if route.method == "HEAD":
            continue
        canonical = route.resource.canonical if route.resource else ""
        # aiohttp spells a typed placeholder {name:regex}; OpenAPI spells it {name}.
        routes.add((route.method, re.sub(r"\{(\w+):[^}]*\}", r"{\1}", canonical)))
    # Operational routes, outside the API the document describes.
    operational = {("GET", "/healthz"), ("GET", "/openapi.json"), ("GET", "/metrics")}
    return routes - operational


def test_document_is_valid_openapi() -> None:
    validate_spec(openapi_document())


def test_every_live_route_is_documented_and_vice_versa() -> None:
    assert _live_routes() == _documented_routes()


def _check(body: Any, schema_name: str) -> None:
    document = openapi_document()
    schema = {
        **document["components"]["schemas"][schema_name],
        "components": document["components"],
    }
    OAS30Validator(schema).validate(body)


def test_schema_check_can_fail() -> None:
    with pytest.raises(ValidationError):
        _check({"products": [{"sku": 1}]}, "ProductList")
    with pytest.raises(ValidationError):
        _check({"error": {"code": "x"}}, "Error")


async def test_answers_match_their_schemas(api: Api) -> None:
    status, body = await api.call("GET", "/openapi.json", headers={})
    assert status == 200 and body["openapi"].startswith("3.")
    session = await api.login(1)
    calls: list[tuple[str, str, Any, str]] = [
        ("POST", "/v1/identity/resolve", {"channel": "phone", "id": "+8613800000001"},
         "Identity"),
        ("GET", "/v1/catalog/products", None, "ProductList"),
        ("GET", "/v1/shops/1/catalog/resolve?q=cola&lang=en", None, "Resolution"),
        ("GET", "/v1/shops/1/usual-order", None, "LineList"),
        ("GET", "/v1/shops/1/reorder-suggestions", None, "SuggestionList"),
        ("POST", "/v1/shops/1/quotes",
         {"lines": [{"sku": "KO-COLA-330-24", "quantity": 1}]}, "Quote"),
        ("GET", "/v1/shops/1/orders", None, "OrderList"),
        ("GET", "/v1/shops/1/loan-eligibility", None, "Eligibility"),
        ("GET", "/v1/shops/3/loan-eligibility", None, "Eligibility"),
        ("GET", "/v1/shops/1/loan-applications", None, "ApplicationList"),
        ("GET", "/v1/shops/1/parcels", None, "ParcelList"),
        ("POST", "/v1/shops/1/parcels/pickups", {"code": "12345"}, "Error"),
        ("POST", "/v1/shops/1/handoffs",
         {"conversation_id": "c", "reason": "r", "channel": "phone"}, "Handoff"),
    ]  # fmt: skip
    sessions = {1: session, 3: await api.login(3)}
    for method, path, request, schema in calls:
        shop = int(path.split("/")[3]) if path.startswith("/v1/shops/") else 1
        status, body = await api.call(method, path, request, session=sessions[shop])
        assert status < 500, body
        _check(body, schema)
    status, order = await api.call(
        "POST",
        "/v1/shops/1/orders",
        {"lines": [{"sku": "KO-COLA-330-24", "quantity": 2}]},
        session=session,
        key=new_key(),
    )
    assert status == 201
    _check(order, "Order")
    status, parcel = await api.call(
        "POST",
        "/v1/shops/1/parcels/check-ins",
        {
            "tracking_no": f"JT{new_key()[:10]}",
            "carrier": "极兔速递",
            "recipient_name": "李四",
            "recipient_phone": "13800138000",
        },
    )
    assert status == 201
    _check(parcel, "Parcel")
    status, pin = await api.call("POST", "/v1/owners/2/pin-sessions", {"pin": "1357"})
    _check(pin, "PinSession")
    status, code = await api.call(
        "POST", "/v1/shops/1/kiosk-pairing-codes", session=session
    )
    _check(code, "PairingCode")
    status, paired = await api.call(
        "POST", "/v1/kiosks/pair", {"code": code["code"], "device_name": "tablet"}
    )
    _check(paired, "PairedKiosk")
