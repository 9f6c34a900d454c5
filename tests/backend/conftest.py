"""Backend fixtures: the app over a seeded SQLite file and a fresh PostgreSQL DB."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from backend.app import init_app
from backend.config import BackendConfig, normalise_database_url
from backend.db.database import Database
from backend.db.models import utc_now
from backend.seed.load import seed
from backend.services.notices import NoticeRules
from backend.services.tokens import ServiceCredentials
from common.credentials import SERVICES
from tests.fixtures.backend import entitled_service

# One token per service, as in a deployment; the operator acts on any shop.
TOKENS = {service: f"test-{service}-token-0123456789" for service in SERVICES}
TOKEN = TOKENS["operator"]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PINS = {1: "2468", 2: "1357", 3: "9753"}
OTHER_PIN = "1234"


async def _prepare(url: str) -> None:
    from backend.db.migrate import upgrade

    database = Database(url)
    try:
        await upgrade(database)
        await seed(database, utc_now())
    finally:
        await database.dispose()


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(f"{PG_SERVER}/test", timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("backend-sqlite") / "api.db"
    url = normalise_database_url(f"sqlite:///{path}")
    asyncio.run(_prepare(url))
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        asyncio.run(_admin("SELECT 1"))
    except Exception as error:  # any failure to connect means: no server to test on
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({error})")
    name = f"zg_backend_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = normalise_database_url(f"{PG_SERVER}/{name}")
    try:
        asyncio.run(_prepare(url))
        yield url
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


@dataclass
class Api:
    """A test client that speaks the backend's dialect."""

    client: TestClient

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        session: str | None = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
        service: str | None = None,
        shop_token: str | None = None,
    ) -> tuple[int, Any]:
        service = service or entitled_service(method, path)
        sent = {"Authorization": f"Bearer {TOKENS[service]}"}
        if shop_token:
            sent["X-Shop-Token"] = shop_token
        if session:
            sent["X-Owner-Session"] = session
        if key:
            sent["Idempotency-Key"] = key
        sent.update(headers or {})
        response = await self.client.request(method, path, json=body, headers=sent)
        assert response.content_type == "application/json", await response.text()
        return response.status, await response.json()

    async def resolve(self, phone: str, conversation: str | None = None) -> Any:
        """What a channel does: resolve the caller, get the conversation's token."""
        body: dict[str, str] = {"channel": "phone", "id": phone}
        if conversation:
            body["conversation_id"] = conversation
        status, found = await self.call(
            "POST", "/v1/identity/resolve", body, service="gateway"
        )
        assert status == 200, found
        return found

    async def login(self, owner_id: int) -> str:
        status, body = await self.call(
            "POST",
            f"/v1/owners/{owner_id}/pin-sessions",
            {"pin": PINS.get(owner_id, OTHER_PIN)},
        )
        assert status == 201, body
        return str(body["token"])


def make_config(database_url: str) -> BackendConfig:
    return BackendConfig(
        profile="test",
        credentials=ServiceCredentials(
            {service: [token] for service, token in TOKENS.items()}
        ),
        database_url=database_url,
        notice_rules=NoticeRules(quiet_hours=None),  # any hour in tests
    )


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    client = TestClient(TestServer(init_app(make_config(database_url))))
    await client.start_server()
    try:
        yield Api(client)
    finally:
        await client.close()


def new_key() -> str:
    return uuid.uuid4().hex
