"""Typed application keys shared by the app factory and the views."""

from __future__ import annotations

from aiohttp import web

from backend.config import BackendConfig
from backend.db.database import Database
from backend.services.catalog import Catalog

CONFIG = web.AppKey("config", BackendConfig)
DATABASE = web.AppKey("database", Database)
CATALOG = web.AppKey("catalog", Catalog)
