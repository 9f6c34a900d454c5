"""The HTTP API end to end on a seeded database (SQLite and PostgreSQL): identity,
kiosk pairing, the catalog and handing over to a person."""

from __future__ import annotations

from tests.backend.conftest import Api
from tests.fixtures.shops import MakeShop

WEIJUN = "/v1/shops/1"
COLA = "KO-COLA-330-24"


async def test_identity_by_every_channel(api: Api) -> None:
    for channel, ident in [
        ("phone", "+8613800000001"),
        ("phone", "138 0000 0001"),
        ("wechat", "wx-demo-weijun"),
        ("telegram", "10000001"),
    ]:
        status, body = await api.call(
            "POST", "/v1/identity/resolve", {"channel": channel, "id": ident}
        )
        assert status == 200, body
        token, expires = body.pop("shop_token"), body.pop("expires_at")
        assert len(token) >= 40 and expires.endswith("+00:00")
        assert body == {
            "owner_id": 1,
            "shop_id": 1,
            "display_name": "王维军",
            "shop_name": "维军百货",
            "language": "zh",
        }
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {"channel": "telegram", "id": "10000002"}
    )
    assert body["language"] == "en" and body["shop_name"] == "Sunshine Mini Mart"
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {"channel": "phone", "id": "+8613999999999"}
    )
    assert status == 404 and body["error"]["code"] == "unknown_identity"


async def test_identity_keyed_from_another_phone_needs_the_pin(
    api: Api, make_shop: MakeShop
) -> None:
    shop = await make_shop()  # PIN 1234, keyed in without the country code
    keyed = {"channel": "phone", "id": shop.phone.removeprefix("+86")}
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {**keyed, "pin": "0000"}
    )
    assert status == 401 and body["error"]["code"] == "wrong_pin", body
    assert body["error"]["tries_left"] == 4 and "shop_token" not in body
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {**keyed, "pin": "1234"}
    )
    assert status == 200 and body["shop_id"] == shop.shop_id and body["shop_token"], (
        body
    )
    # The right PIN reset the count: four more wrong tries do not lock it...
    for _ in range(4):
        status, body = await api.call(
            "POST", "/v1/identity/resolve", {**keyed, "pin": "1111"}
        )
        assert status == 401, body
    # ...the fifth does, and then even the right PIN is refused.
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {**keyed, "pin": "1111"}
    )
    assert status == 423 and body["error"]["code"] == "pin_locked", body
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {**keyed, "pin": "1234"}
    )
    assert status == 423, body
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {**keyed, "pin": "12"}
    )
    assert status == 422 and body["error"]["field"] == "pin", body


async def test_kiosk_pairing_is_one_time_and_identifies_the_shop(api: Api) -> None:
    session = await api.login(1)
    status, issued = await api.call(
        "POST", f"{WEIJUN}/kiosk-pairing-codes", session=session
    )
    assert status == 201 and len(issued["code"]) == 6
    status, paired = await api.call(
        "POST", "/v1/kiosks/pair", {"code": issued["code"], "device_name": "counter"}
    )
    assert status == 201, paired
    assert paired["shop_id"] == 1 and paired["language"] == "zh"
    status, again = await api.call(
        "POST", "/v1/kiosks/pair", {"code": issued["code"], "device_name": "thief"}
    )
    assert status == 409 and again["error"]["code"] == "pairing_code_used"
    status, who = await api.call(
        "POST",
        "/v1/identity/resolve",
        {"channel": "kiosk", "id": paired["device_token"]},
    )
    assert status == 200 and who["shop_id"] == 1
    status, body = await api.call(
        "POST", "/v1/kiosks/pair", {"code": "000000", "device_name": "x"}
    )
    assert status == 404 and body["error"]["code"] == "unknown_pairing_code"


async def test_catalog_and_resolve(api: Api) -> None:
    status, body = await api.call("GET", "/v1/catalog/products")
    assert status == 200 and len(body["products"]) >= 300
    cola = next(p for p in body["products"] if p["sku"] == COLA)
    assert cola["price"] == "48.00" and cola["pack_size"] == 24
    status, body = await api.call("GET", f"{WEIJUN}/catalog/resolve?q=可口可乐&lang=zh")
    assert status == 200, body
    assert body["query"] == "可口可乐"
    assert body["candidates"], body
    assert body["candidates"][0]["brand_en"] == "Coca-Cola"
    assert 0 <= body["candidates"][0]["score"] <= 1
    status, body = await api.call("GET", f"{WEIJUN}/catalog/resolve?q=")
    assert status == 422
    status, body = await api.call("GET", f"{WEIJUN}/catalog/resolve?q=cola&limit=x")
    assert status == 422 and body["error"]["field"] == "limit"


async def test_handoff(api: Api) -> None:
    status, body = await api.call(
        "POST",
        f"{WEIJUN}/handoffs",
        {"conversation_id": "conv-1", "reason": "wants a person", "channel": "phone"},
    )
    assert status == 201 and body["status"] == "open" and body["id"] >= 1
