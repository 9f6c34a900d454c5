"""aiohttp keys: what the app holds (config, database, catalog), what a request."""

from __future__ import annotations

from aiohttp import web

from backend.config import BackendConfig
from backend.db.database import Database
from backend.services.catalog import Catalog
from backend.services.shop_tokens import ShopGrant

CONFIG = web.AppKey("config", BackendConfig)
DATABASE = web.AppKey("database", Database)
CATALOG = web.AppKey("catalog", Catalog)

# Request keys (aiohttp 3.9 has typed keys for applications only).
SERVICE = "zhanggui.service"
GRANT = "zhanggui.grant"
OWNER = "zhanggui.owner"


def owner_of(request: web.Request) -> int:
    """The owner whose PIN session authorised this money request."""
    return int(request[OWNER])


def grant_of(request: web.Request) -> ShopGrant:
    """The shop token presented with this request (routes that need one)."""
    grant = request[GRANT]
    assert isinstance(grant, ShopGrant)
    return grant
