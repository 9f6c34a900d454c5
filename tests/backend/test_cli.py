"""``python -m backend``: refuses unsafe settings, seeds once, issues pairing codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from tests.fixtures.backend import ROOT, BackendServer, backend_env, free_port


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
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        headers={**server.headers, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.load(answer)


def test_demo_token_refused_in_production(tmp_path: Path) -> None:
    env = backend_env(f"sqlite:///{tmp_path}/x.db", free_port())
    env["ZHANGGUI_PROFILE"] = "production"
    env["ZHANGGUI_SERVICE_TOKEN"] = "zhanggui-demo-service-token"
    result = _backend("serve", env=env)
    assert result.returncode == 2
    assert "refuses to start" in result.stderr
    assert "ZHANGGUI_SERVICE_TOKEN" in result.stderr


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
