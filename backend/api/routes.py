"""Every route of the backend API in one table."""

from __future__ import annotations

from aiohttp import web

from backend.api import (
    views_catalog,
    views_identity,
    views_loans,
    views_orders,
    views_parcels,
)

ID = r"{%s:[1-9][0-9]{0,8}}"
SHOP = "/v1/shops/" + ID % "shop_id"


def setup_routes(app: web.Application) -> None:
    """Register the API's routes."""
    order = ID % "order_id"
    app.router.add_routes(
        [
            web.post("/v1/identity/resolve", views_identity.resolve_identity),
            web.post(
                "/v1/owners/" + ID % "owner_id" + "/pin-sessions",
                views_identity.open_pin_session,
            ),
            web.post(SHOP + "/kiosk-pairing-codes", views_identity.issue_pairing_code),
            web.post("/v1/kiosks/pair", views_identity.pair_kiosk),
            web.post(SHOP + "/handoffs", views_identity.open_handoff),
            web.get("/v1/catalog/products", views_catalog.list_products),
            web.get(SHOP + "/catalog/resolve", views_catalog.resolve_product),
            web.get(SHOP + "/usual-order", views_orders.usual_order),
            web.get(SHOP + "/reorder-suggestions", views_orders.reorder_suggestions),
            web.post(SHOP + "/quotes", views_orders.make_quote),
            web.post(SHOP + "/orders", views_orders.place_order),
            web.get(SHOP + "/orders", views_orders.list_orders),
            web.get(SHOP + "/orders/" + order, views_orders.get_order),
            web.post(SHOP + "/orders/" + order + "/cancel", views_orders.cancel_order),
            web.get(SHOP + "/loan-eligibility", views_loans.eligibility),
            web.post(SHOP + "/loan-applications", views_loans.apply),
            web.get(SHOP + "/loan-applications", views_loans.list_applications),
            web.get(
                SHOP + "/loan-applications/" + ID % "application_id",
                views_loans.get_application,
            ),
            web.get(SHOP + "/parcels", views_parcels.list_parcels),
            web.post(SHOP + "/parcels/check-ins", views_parcels.check_in),
            web.post(SHOP + "/parcels/pickups", views_parcels.pick_up),
            web.post(
                SHOP + "/parcels/" + ID % "parcel_id" + "/return",
                views_parcels.return_parcel,
            ),
        ]
    )
