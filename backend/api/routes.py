"""Every route of the backend API in one table, with who may call it.

The router, the OpenAPI document and the access checks are all derived from
``ROUTES``. A route names the services allowed to call it; the access middleware
(``backend/api/access.py``) adds the rest: a conversation service (the action
server) reaches a shop only with that shop's token, and money routes also need the
owner's PIN session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from backend.api import (
    views_catalog,
    views_identity,
    views_link_codes,
    views_loans,
    views_messaging,
    views_notices,
    views_orders,
    views_parcels,
    views_shop_tokens,
)

SHOP = "/v1/shops/{shop_id}"
ID_PATTERN = "[1-9][0-9]{0,8}"

CHANNELS = frozenset({"gateway"})
CONVERSATION = frozenset({"actions", "operator"})
COURIER = frozenset({"courier", "operator"})
WHOLESALE = frozenset({"wholesale", "operator"})
LENDER = frozenset({"lender", "operator"})

# Query parameters: (name, JSON schema, required).
Query = tuple[tuple[str, dict[str, Any], bool], ...]
RESOLVE_QUERY: Query = (
    ("q", {"type": "string", "minLength": 1, "maxLength": 100}, True),
    ("lang", {"type": "string", "enum": ["zh", "en"]}, False),
    ("limit", {"type": "integer", "minimum": 1, "maximum": 20}, False),
)
ORDER_STATUS_QUERY: Query = (
    ("status", {"type": "string",
                "enum": ["placed", "dispatched", "delivered", "cancelled"]}, False),
)  # fmt: skip
PARCEL_STATUS_QUERY: Query = (
    ("status", {"type": "string", "enum": ["waiting", "picked_up", "returned"]},
     False),
)  # fmt: skip


@dataclass(frozen=True)
class Route:
    """One operation: its address, its view, who may call it and its documentation.

    ``shop_token`` says what the route needs from a conversation service: ``path``
    (a token for the shop or owner in the path), ``own`` (the route acts on the
    presented token itself, whoever calls) or ``none``. ``owner_session`` marks
    money routes (the owner's PIN session for the shop); ``request``/``response``
    name schemas and ``query`` the query parameters, for the API document.
    """

    method: str
    path: str
    view: Handler
    summary: str
    services: frozenset[str]
    owner_session: bool = False
    idempotency_key: bool = False
    request: str | None = None
    status: int = 200
    response: str = "Error"
    shop_token: str = "path"
    query: Query = ()

    @property
    def router_path(self) -> str:
        """The aiohttp path: every ``{name}`` is an id of one to nine digits."""
        return re.sub(r"\{(\w+)\}", rf"{{\1:{ID_PATTERN}}}", self.path)


R = Route
ROUTES: tuple[Route, ...] = (
    R("post", "/v1/identity/resolve", views_identity.resolve_identity,
      "Who is talking; issues the conversation's shop token", CHANNELS,
      request="IdentityResolveRequest", response="ResolvedIdentity", shop_token="none"),
    R("get", "/v1/shop-token", views_shop_tokens.describe,
      "The owner and shop a shop token stands for", frozenset({"gateway", "actions"}),
      response="ShopTokenInfo", shop_token="own"),
    R("delete", "/v1/shop-token", views_shop_tokens.revoke,
      "Revoke the presented shop token", frozenset({"gateway", "actions"}),
      response="Revoked", shop_token="own"),
    R("delete", SHOP + "/shop-tokens", views_shop_tokens.revoke_shop,
      "Revoke every live shop token of a shop", frozenset({"operator"}),
      response="Revoked"),
    R("post", "/v1/owners/{owner_id}/pin-sessions", views_identity.open_pin_session,
      "Open a PIN session", CONVERSATION,
      request="PinSessionRequest", status=201, response="PinSession"),
    R("post", SHOP + "/kiosk-pairing-codes", views_identity.issue_pairing_code,
      "Issue a kiosk pairing code", CONVERSATION, owner_session=True,
      status=201, response="PairingCode"),
    R("post", "/v1/kiosks/pair", views_identity.pair_kiosk,
      "Pair a kiosk tablet", CHANNELS,
      request="KioskPairRequest", status=201, response="PairedKiosk",
      shop_token="none"),
    R("post", SHOP + "/link-codes", views_link_codes.issue,
      "Issue a code that links the owner's WeChat or Telegram account",
      CONVERSATION, owner_session=True, request="LinkCodeRequest", status=201,
      response="LinkCode"),
    R("post", "/v1/link-codes/redeem", views_link_codes.redeem,
      "Link the chat account that sent a link code to its owner", CHANNELS,
      request="LinkCodeRedeemRequest", status=201, response="Identity",
      shop_token="none"),
    R("post", SHOP + "/handoffs", views_identity.open_handoff,
      "Ask a person to call back", CONVERSATION,
      request="HandoffRequest", status=201, response="Handoff"),
    R("post", "/v1/inbound-messages", views_messaging.claim,
      "Claim a chat message; a retry of it gets 200 and what is known",
      CHANNELS, request="InboundMessageRequest", status=201,
      response="InboundReceipt", shop_token="none"),
    R("post", "/v1/inbound-messages/answer", views_messaging.answer,
      "Keep a chat message's reply; says who delivers it", CHANNELS,
      request="InboundAnswerRequest", response="InboundDelivery", shop_token="none"),
    R("post", "/v1/inbound-messages/defer", views_messaging.defer,
      "Stop waiting for a chat message's reply (it will be pushed)", CHANNELS,
      request="InboundMessageRequest", response="InboundReceipt", shop_token="none"),
    R("post", "/v1/platform-tokens/leases", views_messaging.lease,
      "A chat platform's shared access token, or the lease to refresh it",
      CHANNELS, request="PlatformLeaseRequest", response="PlatformLease",
      shop_token="none"),
    R("put", "/v1/platform-tokens", views_messaging.store,
      "Keep the access token the lease holder fetched", CHANNELS,
      request="PlatformTokenRequest", response="PlatformTokenStored",
      shop_token="none"),
    R("post", "/v1/notices/claims", views_notices.claim,
      "Claim the notices that may go to owners now, with how each goes", CHANNELS,
      request="NoticeClaimRequest", response="NoticeClaims", shop_token="none"),
    R("post", "/v1/notices/{notice_id}/outcome", views_notices.settle,
      "How a claimed notice went: sent, unsent, window_closed or failed",
      CHANNELS, request="NoticeOutcomeRequest", response="Notice",
      shop_token="none"),
    R("get", SHOP + "/notices/{notice_id}", views_notices.get_notice,
      "One notice, for the assistant to word", CONVERSATION, response="Notice"),
    R("put", SHOP + "/notice-preferences", views_notices.set_preferences,
      "The owner turns notices off (不要提醒我) or on", frozenset({"actions"}),
      request="NoticePreferencesRequest", response="NoticePreferences"),
    R("get", "/v1/catalog/products", views_catalog.list_products,
      "The whole catalog", frozenset({"gateway", "operator"}),
      response="ProductList", shop_token="none"),
    R("get", SHOP + "/catalog/resolve", views_catalog.resolve_product,
      "Resolve a spoken product name", CONVERSATION, response="Resolution",
      query=RESOLVE_QUERY),
    R("get", SHOP + "/usual-order", views_orders.usual_order,
      "The shop's usual order", CONVERSATION, response="LineList"),
    R("get", SHOP + "/reorder-suggestions", views_orders.reorder_suggestions,
      "Products running low", CONVERSATION, response="SuggestionList"),
    R("post", SHOP + "/quotes", views_orders.make_quote,
      "Price an order", CONVERSATION, request="LinesRequest", response="Quote"),
    R("post", SHOP + "/orders", views_orders.place_order,
      "Place an order (exactly once per key)", CONVERSATION, owner_session=True,
      idempotency_key=True, request="LinesRequest", status=201, response="Order"),
    R("get", SHOP + "/orders", views_orders.list_orders,
      "The shop's orders, newest first", CONVERSATION | WHOLESALE,
      response="OrderList", query=ORDER_STATUS_QUERY),
    R("get", SHOP + "/orders/{order_id}", views_orders.get_order,
      "One order", CONVERSATION | WHOLESALE, response="Order"),
    R("post", SHOP + "/orders/{order_id}/cancel", views_orders.cancel_order,
      "Cancel a placed order", CONVERSATION, owner_session=True, response="Order"),
    R("post", SHOP + "/orders/{order_id}/dispatch", views_orders.dispatch_order,
      "The wholesaler sends the order out", WHOLESALE, response="Order"),
    R("post", SHOP + "/orders/{order_id}/deliver", views_orders.deliver_order,
      "The order reached the shop", WHOLESALE, response="Order"),
    R("get", SHOP + "/loan-eligibility", views_loans.eligibility,
      "Loan eligibility and offer", CONVERSATION, owner_session=True,
      response="Eligibility"),
    R("post", SHOP + "/loan-quotes", views_loans.make_quote,
      "What an amount and term under the offer cost a month", CONVERSATION,
      owner_session=True, request="LoanQuoteRequest", response="LoanQuote"),
    R("post", SHOP + "/loan-applications", views_loans.apply,
      "Apply for a loan (consent: true)", CONVERSATION, owner_session=True,
      idempotency_key=True, request="LoanApplicationRequest", status=201,
      response="Application"),
    R("get", SHOP + "/loan-applications", views_loans.list_applications,
      "The shop's loan applications", CONVERSATION | LENDER,
      response="ApplicationList"),
    R("post", SHOP + "/loan-applications/{application_id}/decision",
      views_loans.decide, "The lender approves or rejects a submitted application",
      LENDER, request="LoanDecisionRequest", response="Application"),
    R("get", SHOP + "/loan-applications/{application_id}", views_loans.get_application,
      "One loan application", CONVERSATION, response="Application"),
    R("get", SHOP + "/parcels", views_parcels.list_parcels,
      "Parcels, overdue first", CONVERSATION, response="ParcelList",
      query=PARCEL_STATUS_QUERY),
    R("post", SHOP + "/parcels/check-ins", views_parcels.check_in,
      "Shelve a parcel; returns its pickup code", COURIER,
      request="ParcelCheckInRequest", status=201, response="Parcel"),
    R("post", SHOP + "/parcels/pickups", views_parcels.pick_up,
      "Hand over a parcel by pickup code", CONVERSATION,
      request="PickupRequest", response="Parcel"),
    R("post", SHOP + "/parcels/{parcel_id}/return", views_parcels.return_parcel,
      "Return a parcel to the courier", CONVERSATION, response="Parcel"),
)  # fmt: skip

ROUTE_KEY = web.AppKey("routes", dict)


def setup_routes(app: web.Application) -> None:
    """Register every route and remember each one's rule for the access checks."""
    rules: dict[object, Route] = {}
    for route in ROUTES:
        registered = app.router.add_route(
            route.method.upper(), route.router_path, route.view
        )
        rules[registered] = route
    app[ROUTE_KEY] = rules


def route_of(request: web.Request) -> Route | None:
    """The table entry the request matched (None for unknown paths and methods)."""
    return request.app[ROUTE_KEY].get(request.match_info.route)
