"""What the access tests make to try routes on: orders, parcels, notices, loan
applications, codes and shop tokens in the access tests' own demo world."""

from __future__ import annotations

import uuid
from typing import Any

from tests.backend.conftest import Api

WEIJUN, SUNSHINE = 1, 2
WEIJUN_PHONE, SUNSHINE_PHONE = "+8613800000001", "+8613800000002"
COLA = "KO-COLA-330-24"
LINES = {"lines": [{"sku": COLA, "quantity": 2}]}


def _key() -> str:
    return uuid.uuid4().hex


async def _fresh_order(api: Api) -> int:
    session = await api.login(WEIJUN)
    status, order = await api.call(
        "POST", "/v1/shops/1/orders", {"lines": [{"sku": COLA, "quantity": 1}]},
        session=session, key=_key(),
    )  # fmt: skip
    assert status == 201, order
    return int(order["id"])


async def _fresh_parcel(api: Api) -> dict[str, Any]:
    status, parcel = await api.call(
        "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": f"SF{_key()[:12]}", "carrier": "顺丰", "recipient_name": "张三",
         "recipient_phone": "13900001111"},
    )  # fmt: skip
    assert status == 201, parcel
    return parcel


async def _fresh_notice(api: Api, holder: str | None) -> int:
    """A new notice of Weijun's (an order dispatched), claimed by ``holder`` if any."""
    order_id = await _fresh_order(api)
    status, _ = await api.call("POST", f"/v1/shops/1/orders/{order_id}/dispatch")
    assert status == 200
    status, found = await api.call(
        "POST", "/v1/notices/claims",
        {"holder": holder or "access-peek", "channels": ["telegram"], "limit": 100},
        service="gateway",
    )  # fmt: skip
    assert status == 200, found
    [notice] = [n for n in found["notices"] if n["facts"].get("order_id") == order_id]
    if holder is None:  # only wanted its id: put it back
        await api.call("POST", f"/v1/notices/{notice['id']}/outcome",
                       {"holder": "access-peek", "outcome": "unsent"},
                       service="gateway")  # fmt: skip
    return int(notice["id"])


async def _fresh_application(api: Api) -> int:
    """A submitted application of Weijun's (one open at a time: an earlier counts)."""
    _, listed = await api.call("GET", "/v1/shops/1/loan-applications", service="lender")
    submitted = [a for a in listed["applications"] if a["status"] == "submitted"]
    if submitted:
        return int(submitted[0]["id"])
    session = await api.login(WEIJUN)
    _, offer = await api.call("GET", "/v1/shops/1/loan-eligibility", session=session)
    status, application = await api.call(
        "POST", "/v1/shops/1/loan-applications",
        {"offer_id": offer["offer_id"], "amount": "10000.00", "term_months": 6,
         "consent": True},
        session=session, key=_key(),
    )  # fmt: skip
    assert status == 201, application
    return int(application["id"])


async def _pairing_code(api: Api) -> str:
    session = await api.login(WEIJUN)
    status, code = await api.call(
        "POST", "/v1/shops/1/kiosk-pairing-codes", session=session
    )
    assert status == 201, code
    return str(code["code"])


async def _link_code(api: Api) -> str:
    session = await api.login(WEIJUN)
    status, code = await api.call(
        "POST", "/v1/shops/1/link-codes", {"channel": "wechat"}, session=session
    )
    assert status == 201, code
    return str(code["code"])


async def _shop_token(api: Api, phone: str) -> str:
    resolved = await api.resolve(phone, conversation=f"conv-{phone[-1]}")
    return str(resolved["shop_token"])
