"""The backend's aiohttp application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from backend.api.access import access_middleware
from backend.api.app_keys import CATALOG, CONFIG, DATABASE
from backend.api.middleware import error_middleware
from backend.api.routes import setup_routes
from backend.api.views_notices import SCANNER
from backend.config import BackendConfig
from backend.db.database import Database
from backend.metrics import metrics_middleware
from backend.openapi import openapi_document
from backend.services.catalog import load_catalog
from backend.services.notices import Scanner
from common.metrics import METRICS_PATH, aiohttp_metrics


async def _database(app: web.Application) -> AsyncIterator[None]:
    database = Database(app[CONFIG].database_url)
    app[DATABASE] = database
    app[CATALOG] = await load_catalog(database)
    app[SCANNER] = Scanner()
    yield
    await database.dispose()


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _openapi(_request: web.Request) -> web.Response:
    return web.json_response(openapi_document())


def init_app(config: BackendConfig) -> web.Application:
    """Build the application; the database opens and closes with it."""
    app = web.Application(
        middlewares=[metrics_middleware, error_middleware, access_middleware],
        client_max_size=config.client_max_size,
    )
    app[CONFIG] = config
    app.cleanup_ctx.append(_database)
    app.router.add_get("/healthz", _health)
    app.router.add_get("/openapi.json", _openapi)
    app.router.add_get(METRICS_PATH, aiohttp_metrics)
    setup_routes(app)
    return app
