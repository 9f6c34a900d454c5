"""JSON schemas of response bodies, for the API document and the contract tests."""

from __future__ import annotations

from typing import Any

from backend.services.notices import KINDS as NOTICE_KINDS
from backend.services.notices import STATES as NOTICE_STATES

MONEY = {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$", "example": "480.00"}
RATE = {"type": "string", "pattern": "^[0-9]\\.[0-9]{4}$", "example": "0.0850"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(*required: str, **properties: Any) -> dict[str, Any]:
    """An object schema whose listed properties are all required unless named."""
    return {
        "type": "object",
        "required": list(required or properties),
        "properties": properties,
    }


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, also allowing null."""
    return {**schema, "nullable": True}


PRODUCT_FIELDS = {
    "sku": STR,
    "name_zh": STR,
    "name_en": STR,
    "brand_zh": STR,
    "brand_en": STR,
    "category": STR,
    "pack_size": INT,
    "unit_zh": STR,
    "unit_en": STR,
    "price": MONEY,
    "aliases": {"type": "array", "items": STR},
}
TOTALS = {
    "subtotal": MONEY,
    "delivery_fee": MONEY,
    "total": MONEY,
    "free_delivery": BOOL,
    "free_delivery_threshold": MONEY,
    "short_of_free_delivery": MONEY,
    "delivery_date": DATE,
}
QUOTE = {"lines": {"type": "array", "items": ref("Line")}, **TOTALS}
REASON = obj(code=STR, text_zh=STR, text_en=STR)

SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": obj(
        "error",
        error={
            **obj("code", "message", code=STR, message=STR),
            "additionalProperties": True,
        },
    ),
    "Identity": obj(
        owner_id=INT,
        shop_id=INT,
        display_name=STR,
        shop_name=STR,
        language={"type": "string", "enum": ["zh", "en"]},
    ),
    "ResolvedIdentity": obj(
        owner_id=INT,
        shop_id=INT,
        display_name=STR,
        shop_name=STR,
        language={"type": "string", "enum": ["zh", "en"]},
        shop_token=STR,
        expires_at=DATETIME,
    ),
    "ShopTokenInfo": obj(
        "owner_id", "shop_id", "display_name", "shop_name", "language",
        "channel", "expires_at",
        owner_id=INT,
        shop_id=INT,
        display_name=STR,
        shop_name=STR,
        language={"type": "string", "enum": ["zh", "en"]},
        channel=STR,
        conversation_id=nullable(STR),
        expires_at=DATETIME,
    ),
    "Revoked": obj(revoked=INT),
    "InboundReceipt": obj(
        state={"type": "string",
               "enum": ["pending", "answered", "deferred", "pushed"]},
        reply=nullable({"type": "object"}),
        new=BOOL,
    ),
    "InboundDelivery": obj(
        deliver={"type": "string", "enum": ["passive", "push", "done"]}
    ),
    "PlatformLease": obj(
        token=nullable(STR), expires_at=nullable(DATETIME), refresh=BOOL
    ),
    "PlatformTokenStored": obj(expires_at=DATETIME),
    "Notice": {
        **obj(
            id=INT, shop_id=INT, owner_id=INT,
            kind={"type": "string", "enum": list(NOTICE_KINDS)},
            facts={"type": "object"},
            state={"type": "string", "enum": list(NOTICE_STATES)},
            created_at=DATETIME, sent_at=nullable(DATETIME),
        ),
        "additionalProperties": True,
    },
    "ClaimedNotice": obj(
        id=INT, shop_id=INT, owner_id=INT, kind=STR, facts={"type": "object"},
        state=STR, created_at=DATETIME, sent_at=nullable(DATETIME),
        channel={"type": "string", "enum": ["wechat", "telegram"]}, account=STR,
        via={"type": "string", "enum": ["custom", "template", "message"]},
        language=STR,
    ),
    "NoticeClaims": obj(notices={"type": "array", "items": ref("ClaimedNotice")}),
    "NoticePreferences": obj(owner_id=INT, muted=BOOL),
    "LoanQuote": obj(
        offer_id=INT, amount=MONEY, term_months=INT, annual_rate=RATE,
        monthly_repayment=MONEY,
    ),
    "PinSession": obj(token=STR, expires_at=DATETIME, owner_id=INT, shop_id=INT),
    "PairingCode": obj(code=STR, expires_at=DATETIME),
    "LinkCode": obj(
        code={"type": "string", "pattern": "^[0-9]{6}$"}, expires_at=DATETIME
    ),
    "PairedKiosk": obj(device_token=STR, shop_id=INT, shop_name=STR, language=STR),
    "Handoff": obj(id=INT, status={"type": "string", "enum": ["open"]}),
    "Product": obj(**PRODUCT_FIELDS),
    "ProductList": obj(products={"type": "array", "items": ref("Product")}),
    "Candidate": obj(
        **PRODUCT_FIELDS,
        score={"type": "number", "minimum": 0, "maximum": 1},
    ),
    "Resolution": obj(
        query=STR,
        ambiguous=BOOL,
        candidates={"type": "array", "items": ref("Candidate")},
    ),
    "Line": obj(**PRODUCT_FIELDS, quantity=INT, line_total=MONEY),
    "LineList": obj(lines={"type": "array", "items": ref("Line")}),
    "Suggestion": obj(
        **PRODUCT_FIELDS,
        on_hand=INT,
        daily_sales={"type": "number"},
        days_left={"type": "number"},
        suggested_quantity=INT,
    ),
    "SuggestionList": obj(suggestions={"type": "array", "items": ref("Suggestion")}),
    "Quote": obj(**QUOTE),
    "Order": obj(
        **QUOTE,
        id=INT,
        status={
            "type": "string",
            "enum": ["placed", "dispatched", "delivered", "cancelled"],
        },
        created_at=DATETIME,
    ),
    "OrderList": obj(orders={"type": "array", "items": ref("Order")}),
    "Reason": REASON,
    "Eligibility": obj(
        eligible=BOOL,
        offer_id=nullable(INT),
        amount=nullable(MONEY),
        annual_rate=nullable(RATE),
        term_months=nullable(INT),
        monthly_repayment=nullable(MONEY),
        reasons={"type": "array", "items": ref("Reason")},
        improvements={"type": "array", "items": ref("Reason")},
    ),
    "Instalment": obj(due_date=DATE, principal=MONEY, interest=MONEY, amount=MONEY),
    "Application": obj(
        id=INT,
        status=STR,
        amount=MONEY,
        term_months=INT,
        annual_rate=RATE,
        monthly_repayment=MONEY,
        created_at=DATETIME,
        schedule={"type": "array", "items": ref("Instalment")},
    ),
    "ApplicationList": obj(applications={"type": "array", "items": ref("Application")}),
    "Parcel": obj(
        "id",
        "tracking_no",
        "carrier",
        "recipient_masked",
        "recipient_phone_masked",
        "shelf_slot",
        "status",
        "arrived_at",
        "days_waiting",
        "overdue",
        "picked_up_at",
        id=INT,
        tracking_no=STR,
        carrier=STR,
        recipient_masked=STR,
        recipient_phone_masked=STR,
        shelf_slot=STR,
        status={"type": "string", "enum": ["waiting", "picked_up", "returned"]},
        arrived_at=DATETIME,
        days_waiting=INT,
        overdue=BOOL,
        picked_up_at=nullable(DATETIME),
        pickup_code={"type": "string", "pattern": "^[0-9]{6}$"},
    ),
    "ParcelList": obj(parcels={"type": "array", "items": ref("Parcel")}),
}
