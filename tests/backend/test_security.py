"""Credentials, cross-shop isolation, PIN lockout and hostile input: never a 500."""

from __future__ import annotations

import pytest

from tests.backend.conftest import TOKEN, Api, new_key
from tests.fixtures.shops import MakeShop

WEIJUN = "/v1/shops/1"
COLA = "KO-COLA-330-24"


async def test_every_call_needs_the_service_token(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = await api.client.get("/v1/catalog/products", headers=headers)
        assert response.status == 401
        body = await response.json()
        assert body["error"]["code"] in {
            "service_token_required",
            "invalid_service_token",
        }
    response = await api.client.get("/healthz")
    assert response.status == 200


async def test_a_session_only_works_for_its_own_shop(api: Api) -> None:
    sunshine = await api.login(2)
    status, body = await api.call(
        "POST",
        f"{WEIJUN}/orders",
        {"lines": [{"sku": COLA, "quantity": 1}]},
        session=sunshine,
        key=new_key(),
    )
    assert status == 403 and body["error"]["code"] == "wrong_shop"
    status, body = await api.call("GET", f"{WEIJUN}/loan-eligibility", session=sunshine)
    assert status == 403
    status, body = await api.call(
        "POST", f"{WEIJUN}/kiosk-pairing-codes", session=sunshine
    )
    assert status == 403


async def test_another_shops_ids_are_not_found(api: Api) -> None:
    weijun = await api.login(1)
    status, orders = await api.call("GET", f"{WEIJUN}/orders")
    weijun_order = orders["orders"][0]["id"]
    status, body = await api.call("GET", f"/v1/shops/2/orders/{weijun_order}")
    assert status == 404 and body["error"]["code"] == "unknown_order"
    sunshine = await api.login(2)
    status, body = await api.call(
        "POST", f"/v1/shops/2/orders/{weijun_order}/cancel", session=sunshine
    )
    assert status == 404
    status, parcels = await api.call("GET", f"{WEIJUN}/parcels?status=waiting")
    weijun_parcel = parcels["parcels"][-1]["id"]
    status, body = await api.call("POST", f"/v1/shops/2/parcels/{weijun_parcel}/return")
    assert status == 404 and body["error"]["code"] == "unknown_parcel"
    status, body = await api.call("GET", "/v1/shops/2/loan-applications/1")
    assert status == 404  # application 1 is Weijun's
    assert weijun  # Weijun's own session is untouched by all of this
    status, body = await api.call("GET", f"{WEIJUN}/orders/{weijun_order}")
    assert status == 200


async def test_unknown_shop(api: Api) -> None:
    status, body = await api.call("GET", "/v1/shops/999999/orders")
    assert status == 404 and body["error"]["code"] == "unknown_shop"
    status, body = await api.call("GET", "/v1/shops/999999/parcels")
    assert status == 404


async def test_pin_lockout_after_five_wrong_tries(
    api: Api, make_shop: MakeShop
) -> None:
    owner = (await make_shop()).pin_sessions
    for left in (4, 3, 2, 1):
        status, body = await api.call("POST", owner, {"pin": "0000"})
        assert status == 401
        assert body["error"]["code"] == "wrong_pin"
        assert body["error"]["tries_left"] == left
    status, body = await api.call("POST", owner, {"pin": "0000"})
    assert status == 423 and body["error"]["code"] == "pin_locked"
    assert body["error"]["locked_until"]
    # Even the right PIN is refused while locked.
    status, body = await api.call("POST", owner, {"pin": "1234"})
    assert status == 423
    status, body = await api.call(
        "POST", "/v1/owners/999999/pin-sessions", {"pin": "1234"}
    )
    assert status == 404


async def test_a_right_pin_resets_the_count(api: Api, make_shop: MakeShop) -> None:
    shop = await make_shop()
    owner = shop.pin_sessions
    for _ in range(3):
        await api.call("POST", owner, {"pin": "0000"})
    status, body = await api.call("POST", owner, {"pin": "1234"})
    assert status == 201 and body["shop_id"] == shop.shop_id
    status, body = await api.call("POST", owner, {"pin": "0000"})
    assert body["error"]["tries_left"] == 4


async def test_malformed_and_oversized_bodies(api: Api) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for raw in (b"{bad", b"", b"\xff\xfe", b"[1, 2", b"[" * 50_000, b"NaN"):
        response = await api.client.post(f"{WEIJUN}/quotes", data=raw, headers=headers)
        assert response.status in (400, 422), raw
        body = await response.json()
        assert body["error"]["code"] in ("malformed_json", "invalid_request")
    response = await api.client.post(
        f"{WEIJUN}/quotes", data=b"[" + b"1," * 100_000 + b"1]", headers=headers
    )
    assert response.status == 413
    assert (await response.json())["error"]["code"] == "request_too_large"


@pytest.mark.parametrize(
    "body",
    [
        [],
        "lines",
        {"lines": "cola"},
        {"lines": []},
        {"lines": [{"sku": COLA}]},
        {"lines": [{"sku": COLA, "quantity": "2"}]},
        {"lines": [{"sku": COLA, "quantity": 2.5}]},
        {"lines": [{"sku": COLA, "quantity": True}]},
        {"lines": [{"sku": COLA, "quantity": 0}]},
        {"lines": [{"sku": COLA, "quantity": -3}]},
        {"lines": [{"sku": COLA, "quantity": 10**30}]},
        {"lines": [{"sku": COLA, "quantity": 1, "price": "0.01"}]},
        {"lines": [{"sku": COLA, "quantity": 1}], "discount": 100},
        {"lines": [{"sku": "NO-SUCH-SKU", "quantity": 1}]},
        {"lines": [{"sku": 42, "quantity": 1}]},
        {"lines": [{"sku": COLA, "quantity": 600}, {"sku": COLA, "quantity": 600}]},
    ],
)
async def test_bad_order_lines_get_a_clear_422(api: Api, body: object) -> None:
    status, answer = await api.call("POST", f"{WEIJUN}/quotes", body)
    assert status == 422, answer
    assert answer["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/shops/abc/orders",
        "/v1/shops/0/orders",
        "/v1/shops/-1/orders",
        "/v1/shops/99999999999999999999/orders",
        "/v1/shops/1/orders/1.5",
        "/v1/shops/1/orders/99999999999999",
        "/v1/nowhere",
    ],
)
async def test_bad_ids_are_404_not_500(api: Api, path: str) -> None:
    status, body = await api.call("GET", path)
    assert status == 404, body


async def test_bad_query_and_fields(api: Api) -> None:
    status, body = await api.call("GET", f"{WEIJUN}/orders?status=lost")
    assert status == 422
    status, body = await api.call("GET", f"{WEIJUN}/parcels?status=1")
    assert status == 422
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {"channel": "fax", "id": "1"}
    )
    assert status == 422 and body["error"]["field"] == "channel"
    status, body = await api.call("POST", "/v1/owners/1/pin-sessions", {"pin": 2468})
    assert status == 422
    status, body = await api.call(
        "POST", f"{WEIJUN}/parcels/pickups", {"code": "12345"}
    )
    assert status == 422
    status, body = await api.call(
        "POST", f"{WEIJUN}/parcels/check-ins", {"tracking_no": "x" * 5000}
    )
    assert status == 422 and len(body["error"]["message"]) < 300
    status, body = await api.call("DELETE", f"{WEIJUN}/orders")
    assert status == 405


async def test_bad_loan_application_fields(api: Api) -> None:
    session = await api.login(1)
    for body in (
        {"offer_id": "1", "amount": "100.00", "term_months": 12, "consent": True},
        {"offer_id": 1, "amount": "-5", "term_months": 12, "consent": True},
        {"offer_id": 1, "amount": "100.00", "term_months": 7, "consent": True},
        {"offer_id": 1, "amount": "1e9", "term_months": 12, "consent": True},
    ):
        status, answer = await api.call(
            "POST", f"{WEIJUN}/loan-applications", body, session=session, key=new_key()
        )
        assert status == 422, answer
