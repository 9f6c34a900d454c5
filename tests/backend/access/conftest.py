"""The access tests' own demo world, and an API client on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from backend.app import init_app
from backend.config import normalise_database_url
from tests.backend.conftest import Api, _prepare, make_config


@pytest.fixture(scope="module")
def access_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A demo world of its own: the right credential really applies for a loan."""
    path: Path = tmp_path_factory.mktemp("access") / "access.db"
    url = normalise_database_url(f"sqlite:///{path}")
    asyncio.run(_prepare(url))
    return url


@pytest.fixture
async def api(access_db: str) -> AsyncIterator[Api]:
    client = TestClient(TestServer(init_app(make_config(access_db))))
    await client.start_server()
    try:
        yield Api(client)
    finally:
        await client.close()
