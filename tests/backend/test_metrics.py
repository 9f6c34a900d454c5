"""The backend's ``/metrics``: real requests move its counters; nothing private."""

from __future__ import annotations

import uuid

import requests

from tests.fixtures.backend import BackendServer, entitled_service
from tests.fixtures.metrics import label_values, sample

ORDERS_ROUTE = "/v1/shops/{shop_id}/orders"


def _scrape(server: BackendServer) -> str:
    answer = requests.get(f"{server.url}/metrics", timeout=10)  # no token
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain")
    return answer.text


def _call(server: BackendServer, path: str, body: object, **headers: str) -> dict:
    sent = {**server.headers_for(entitled_service("POST", path)), **headers}
    answer = requests.post(server.url + path, json=body, headers=sent, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def test_an_order_and_a_pickup_move_the_counters(
    fresh_backend_server: BackendServer,
) -> None:
    # A backend of its own: the order and the pickup change the demo world.
    server = fresh_backend_server
    before = _scrape(server)

    session = _call(server, "/v1/owners/1/pin-sessions", {"pin": "2468"})["token"]
    order = {"lines": [{"sku": "KO-COLA-330-24", "quantity": 2}]}
    placed = {"X-Owner-Session": session, "Idempotency-Key": uuid.uuid4().hex}
    _call(server, "/v1/shops/1/orders", order, **placed)
    _call(server, "/v1/shops/1/orders", order, **placed)  # a replay: same order
    parcel = _call(
        server,
        "/v1/shops/1/parcels/check-ins",
        {"tracking_no": f"SF{uuid.uuid4().hex[:10]}", "carrier": "顺丰速运",
         "recipient_name": "陈小姐", "recipient_phone": "+8613912340000"},
    )  # fmt: skip
    _call(server, "/v1/shops/1/parcels/pickups", {"code": parcel["pickup_code"]})

    after = _scrape(server)
    for name in ("zhanggui_orders_placed_total", "zhanggui_parcel_pickups_total"):
        assert sample(after, name) - sample(before, name) == 1, name
    assert sample(after, "zhanggui_orders_placed_total", service="operator") >= 1
    posted = {"method": "POST", "route": ORDERS_ROUTE, "status": "2xx"}
    count = "zhanggui_backend_request_seconds_count"
    assert sample(after, count, **posted) - sample(before, count, **posted) == 2
    # Labels are templates, never a shop's path; no credential or code appears.
    assert ORDERS_ROUTE in label_values(after, "route")
    assert all("/v1/shops/1/" not in route for route in label_values(after, "route"))
    values = label_values(after)
    for private in (session, parcel["pickup_code"], "+8613912340000"):
        assert all(private not in value for value in values)
    assert session not in after


def test_metrics_needs_no_token_but_the_api_still_does(
    backend_server: BackendServer,
) -> None:
    assert requests.get(f"{backend_server.url}/metrics", timeout=10).status_code == 200
    refused = requests.get(f"{backend_server.url}/v1/catalog/products", timeout=10)
    assert refused.status_code == 401
    count = "zhanggui_backend_request_seconds_count"
    unmatched = {"route": "unmatched", "status": "4xx"}
    before = sample(_scrape(backend_server), count, **unmatched)
    requests.get(f"{backend_server.url}/no/such/path/42", timeout=10)
    text = _scrape(backend_server)
    assert sample(text, count, **unmatched) == before + 1
    assert "/no/such/path" not in text  # unknown paths share one label value
