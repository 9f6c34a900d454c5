from decimal import Decimal

from actions.clients.catalog import decode_resolution, resolve_request
from actions.clients.errors import (
    BadRequest,
    Conflict,
    Locked,
    NotFound,
    Rejected,
    Unauthorized,
    Unavailable,
    error_for,
)
from actions.clients.http import ShopAccess
from actions.clients.identity import decode_identity
from actions.clients.loans import apply_request, decode_eligibility
from actions.clients.orders import decode_order, place_request
from actions.clients.parcels import decode_parcel, pickup_request

PRODUCT = {
    "sku": "KO-COLA-330-24", "name_zh": "可口可乐 330毫升",
    "name_en": "Coca-Cola 330ml",
    "brand_zh": "可口可乐", "brand_en": "Coca-Cola", "category": "drinks",
    "pack_size": 24, "unit_zh": "箱", "unit_en": "case", "price": "48.00",
    "aliases": ["可乐", "coke"],
}  # fmt: skip

SHOP = ShopAccess(1, "shop-token-of-1")


def test_status_codes_map_to_one_hierarchy() -> None:
    body = {
        "error": {"code": "wrong_pin", "message": "The PIN is wrong.", "tries_left": 3}
    }
    error = error_for(401, body)
    assert isinstance(error, Unauthorized)
    assert (error.code, error.body["tries_left"]) == ("wrong_pin", 3)
    assert isinstance(error_for(400, {}), BadRequest)
    assert isinstance(error_for(404, {}), NotFound)
    assert isinstance(error_for(409, {}), Conflict)
    assert isinstance(error_for(422, {}), Rejected)
    assert isinstance(error_for(423, {}), Locked)
    assert isinstance(error_for(503, "not json"), Unavailable)
    assert error_for(500, None).code == "http_500"


def test_identity() -> None:
    identity = decode_identity(
        {"owner_id": 1, "shop_id": 1, "display_name": "王老板", "shop_name": "维军百货",
         "language": "fr"}
    )  # fmt: skip
    assert (identity.owner_id, identity.language) == (1, "zh")


def test_resolution() -> None:
    found = decode_resolution(
        {"query": "可乐", "ambiguous": True, "candidates": [{**PRODUCT, "score": 0.9}]}
    )
    assert found.ambiguous
    assert found.candidates[0].product.price == Decimal("48.00")
    assert found.candidates[0].product.name("en") == "Coca-Cola 330ml"
    request = resolve_request(SHOP, "可乐", "zh", 3)
    assert request.params == {"q": "可乐", "lang": "zh", "limit": "3"}
    assert request.path == "/v1/shops/1/catalog/resolve"
    assert request.shop_token == "shop-token-of-1"


def test_order_and_place_request() -> None:
    order = decode_order(
        {"id": 7, "status": "placed", "created_at": "2026-11-22T05:00:00Z",
         "lines": [{**PRODUCT, "quantity": 20, "line_total": "960.00"}],
         "subtotal": "960.00", "delivery_fee": "0.00", "total": "960.00",
         "free_delivery": True, "free_delivery_threshold": "288.00",
         "short_of_free_delivery": "0.00", "delivery_date": "2026-11-23"}
    )  # fmt: skip
    assert order.quote.lines[0].quantity == 20
    assert order.quote.total == Decimal("960.00")
    request = place_request(SHOP, [("KO-COLA-330-24", 20)], "tok", "key-1")
    assert request.json == {"lines": [{"sku": "KO-COLA-330-24", "quantity": 20}]}
    assert (request.owner_session, request.idempotency_key) == ("tok", "key-1")


def test_eligibility_and_consent() -> None:
    offer = decode_eligibility(
        {"eligible": True, "offer_id": 3, "amount": "50000.00", "annual_rate": "0.0850",
         "term_months": 12, "monthly_repayment": "4360.00",
         "reasons": [
             {"code": "steady", "text_zh": "生意稳定", "text_en": "Steady sales"}
         ],
         "improvements": []}
    )  # fmt: skip
    assert offer.reasons[0].text("en") == "Steady sales"
    request = apply_request(SHOP, offer, "tok", "key")
    assert request.json is not None
    assert request.json["consent"] is True
    assert request.json["offer_id"] == 3


def test_parcel() -> None:
    parcel = decode_parcel(
        {"id": 4, "tracking_no": "SF1", "carrier": "顺丰", "recipient_masked": "张*",
         "shelf_slot": "A3", "status": "waiting", "days_waiting": 9, "overdue": True}
    )  # fmt: skip
    assert parcel.overdue and parcel.shelf_slot == "A3"
    assert pickup_request(SHOP, "357246").json == {"code": "357246"}
