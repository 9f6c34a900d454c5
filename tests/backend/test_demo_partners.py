"""The demo wholesaler and lender move demo orders and applications along, each once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import requests

from tests.fixtures.backend import BackendServer
from tools.demo_partners import DemoPartners, PartnerSettings


def _partners(
    server: BackendServer, dispatch_s: float, deliver_s: float = 3600
) -> DemoPartners:
    settings = PartnerSettings(
        backend_url=server.url,
        wholesale_token=server.token("wholesale"),
        lender_token=server.token("lender"),
        dispatch_after=dt.timedelta(seconds=dispatch_s),
        deliver_after=dt.timedelta(seconds=deliver_s),
        decide_after=dt.timedelta(hours=1),
    )  # fmt: skip
    # Only Xinkai's shop: other tests' orders at the other demo shops stay put.
    return DemoPartners(settings, requests.Session(), shops=(3,))


def _call(server: BackendServer, method: str, path: str, **kwargs: Any) -> Any:
    response = requests.request(method, server.url + path, timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


def _place_order(server: BackendServer) -> int:
    operator = {"Authorization": f"Bearer {server.token('operator')}"}
    session = _call(server, "POST", "/v1/owners/3/pin-sessions", json={"pin": "9753"},
                    headers=operator)["token"]  # fmt: skip
    order = _call(
        server, "POST", "/v1/shops/3/orders",
        json={"lines": [{"sku": "KO-COLA-330-24", "quantity": 1}]},
        headers={**operator, "X-Owner-Session": session,
                 "Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    return int(order["id"])


def _status(server: BackendServer, order_id: int) -> str:
    headers = {"Authorization": f"Bearer {server.token('wholesale')}"}
    return str(_call(server, "GET", f"/v1/shops/3/orders/{order_id}",
                     headers=headers)["status"])  # fmt: skip


def test_an_order_is_dispatched_then_delivered_on_the_demo_clock(
    backend_server: BackendServer,
) -> None:
    order_id = _place_order(backend_server)
    now = dt.datetime.now(dt.timezone.utc)
    # Due an hour after it was placed: nothing moves yet.
    _partners(backend_server, dispatch_s=3600).tick(now)
    assert _status(backend_server, order_id) == "placed"
    # Dispatched at once; delivered an hour after that.
    _partners(backend_server, dispatch_s=0).tick(now)
    assert _status(backend_server, order_id) == "dispatched"
    _partners(backend_server, dispatch_s=0).tick(now + dt.timedelta(minutes=30))
    assert _status(backend_server, order_id) == "dispatched"
    partners = _partners(backend_server, dispatch_s=0, deliver_s=0)
    partners.tick(now)
    assert _status(backend_server, order_id) == "delivered"
    partners.tick(now)  # nothing left to move
    assert _status(backend_server, order_id) == "delivered"
