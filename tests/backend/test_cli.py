"""``python -m backend``: refuses unsafe settings, seeds once, issues pairing codes."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

from common.credentials import SERVICE_TOKENS
from tests.fixtures.backend import ROOT, BackendServer, backend_env, free_port
from tests.fixtures.metrics import sample


def _backend(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _post(server: BackendServer, path: str, body: Any) -> tuple[int, Any]:
    # Pairing and resolving identities are the channels' rights: the gateway's token.
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        headers={**server.headers_for("gateway"), "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.load(answer)


def test_demo_token_refused_in_production(tmp_path: Path) -> None:
    env = backend_env(f"sqlite:///{tmp_path}/x.db", free_port())
    env["ZHANGGUI_PROFILE"] = "production"
    real = {t.setting: f"real-{t.service}-secret-0123456789" for t in SERVICE_TOKENS}
    for spec in SERVICE_TOKENS:
        result = _backend("serve", env={**env, **real, spec.setting: spec.demo_value})
        assert result.returncode == 2
        assert "refuses to start" in result.stderr
        assert spec.setting in result.stderr


def test_seed_only_once_unless_reset(backend_server: BackendServer) -> None:
    env = backend_env(backend_server.database_url, free_port())
    result = _backend("seed", "--if-empty", env=env)
    assert result.returncode == 0 and "not seeding" in result.stdout
    result = _backend("seed", env=env)
    assert result.returncode == 1 and "--reset" in result.stdout
    result = _backend("migrate", env=env)
    assert result.returncode == 0


def test_pair_code_from_the_command_line_pairs_a_kiosk(
    backend_server: BackendServer,
) -> None:
    env = backend_env(backend_server.database_url, free_port())
    result = _backend("pair-code", "--shop", "2", env=env)
    assert result.returncode == 0, result.stderr
    code = re.search(r"\b(\d{6})\b", result.stdout)
    assert code, result.stdout
    status, body = _post(
        backend_server, "/v1/kiosks/pair", {"code": code.group(1), "device_name": "t"}
    )
    assert status == 201 and body["shop_id"] == 2 and body["language"] == "en"


def test_backend_server_fixture_serves_the_demo_world(
    backend_server: BackendServer,
) -> None:
    status, body = _post(
        backend_server,
        "/v1/identity/resolve",
        {"channel": "wechat", "id": "wx-demo-weijun"},
    )
    assert status == 200 and body["shop_name"] == "维军百货"
    log = backend_server.log_path.read_text()
    assert "13800000001" not in log  # phone numbers never reach the log


async def test_two_workers_share_the_port_and_still_order_once(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path}/workers.db"
    port = free_port()
    env = {**backend_env(database_url, port), "BACKEND_WORKERS": "2"}
    seeded = await asyncio.to_thread(_backend, "seed", "--reset", env=env)
    assert seeded.returncode == 0
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend", "serve", cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": "Bearer zhanggui-demo-operator-token"}
    try:
        async with aiohttp.ClientSession(headers=headers) as http:
            for _ in range(300):
                try:
                    async with http.get(f"{url}/healthz") as answer:
                        if answer.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.2)
            async with http.post(
                f"{url}/v1/owners/1/pin-sessions", json={"pin": "2468"}
            ) as answer:
                token = (await answer.json())["token"]
            key = uuid.uuid4().hex

            async def place() -> tuple[int, int]:
                # A fresh connection each, so both worker processes take requests.
                async with (
                    aiohttp.ClientSession(headers=headers) as own,
                    own.post(
                        f"{url}/v1/shops/1/orders",
                        json={"lines": [{"sku": "KO-COLA-330-24", "quantity": 4}]},
                        headers={"X-Owner-Session": token, "Idempotency-Key": key},
                    ) as answer,
                ):
                    return answer.status, (await answer.json())["id"]

            answers = await asyncio.gather(*(place() for _ in range(20)))

            async def scrape() -> str:
                # A fresh connection each: whichever worker answers counts for both.
                async with (
                    aiohttp.ClientSession() as own,
                    own.get(f"{url}/metrics") as answer,
                ):
                    return await answer.text()

            scrapes = [await scrape() for _ in range(6)]
        assert Counter(status for status, _ in answers) == {201: 1, 200: 19}
        assert len({order for _, order in answers}) == 1
        posted = {"method": "POST", "route": "/v1/shops/{shop_id}/orders"}
        requests = "zhanggui_backend_request_seconds_count"
        for text in scrapes:
            assert sample(text, "zhanggui_orders_placed_total") == 1
            assert sample(text, requests, **posted) == 20
    finally:
        server.terminate()
        assert await asyncio.wait_for(server.wait(), 30) == 0
