"""The orchestrator files: one workload per service, migrations before the services,
the shared stores, the image; the tools accept the files where they are installed.
The migration job runs for real against the PostgreSQL server when there is one.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.settings import PROJECT_ROOT
from tests.deploy.manifests import (
    COMPOSE,
    DEMO,
    DOCKERFILE,
    K8S,
    MODULES,
    NGINX,
    _app_services,
    _by_kind,
    _demo_secret,
    _pod,
    _workloads,
    compose,
)


def test_each_service_is_its_own_workload_with_its_own_replicas() -> None:
    services = _app_services()
    workloads = _workloads()
    for kind in MODULES:
        assert services[kind]["deploy"]["replicas"] >= 2, kind
        assert workloads[kind]["kind"] in ("Deployment", "StatefulSet"), kind
        assert workloads[kind]["spec"]["replicas"] >= 2, kind
    # The PBX's gateway holds in-process caller notes: exactly one, replaced whole.
    assert services["voice-pbx"]["deploy"]["replicas"] == 1
    assert workloads["voice-pbx"]["spec"]["replicas"] == 1
    assert workloads["voice-pbx"]["spec"]["strategy"]["type"] == "Recreate"


def _depends_on_migration(services: Mapping[str, Any], name: str) -> bool:
    needs = services[name].get("depends_on", {})
    if needs.get("migrate", {}).get("condition") == "service_completed_successfully":
        return True
    return any(_depends_on_migration(services, other) for other in needs)


def test_compose_migrates_once_before_the_services() -> None:
    services = compose()["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "-m", "tools.migrate_job"]
    assert migrate["restart"] == "no"
    for name in _app_services():
        if name != "migrate":
            assert _depends_on_migration(services, name), name


def test_k8s_migrates_in_a_job_the_backend_waits_for() -> None:
    (job,) = _by_kind("Job").values()
    (container,) = _pod(job)["containers"]
    assert container["command"] == ["python", "-m", "tools.migrate_job"]
    (init,) = _pod(_workloads()["backend"])["initContainers"]
    assert init["command"][:4] == ["python", "-m", "tools.migrate_job", "--wait"]


def test_rasa_uses_the_shared_stores_with_a_bounded_pool() -> None:
    rasa_secret = _demo_secret("rasa")
    assert rasa_secret["ZHANGGUI_TRACKER_URL"].startswith("postgresql://")
    (container,) = _pod(_workloads()["rasa"])["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    for pool in (env, _app_services()["rasa"]["environment"]):
        assert int(pool["SQL_POOL_SIZE"]) + int(pool["SQL_MAX_OVERFLOW"]) <= 20
    (common,) = _by_kind("ConfigMap").values()
    assert common["data"]["REDIS_URL"].startswith("redis://")
    assert common["data"]["ZHANGGUI_PROFILE"] == "production"


def test_the_image_is_built_as_the_front_door_sets_up() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.10-slim-bookworm AS base" in text
    assert "-r requirements.lock" in text and "pip check" in text
    assert "python -m tools.model_cache" in text
    door = (PROJECT_ROOT / "zhanggui").read_text(encoding="utf-8")
    (packages,) = re.findall(r"APT_PACKAGES=\(([^)]*)\)", door)
    installed = re.search(r"--no-install-recommends\s*\\\s*\n\s*([a-z0-9 .-]+)", text)
    assert installed is not None
    assert set(installed.group(1).split()) <= set(packages.split())
    assert {"espeak-ng", "sox"} <= set(installed.group(1).split())


# --- what the real tools say, where they are installed ---------------------------


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="no docker-compose")
def test_docker_compose_accepts_the_file() -> None:
    done = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "--quiet"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")
@pytest.mark.parametrize("directory", [K8S, DEMO], ids=["production", "demo"])
def test_kustomize_renders_the_manifests(directory: Path) -> None:
    done = subprocess.run(
        ["kubectl", "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    kinds = [d["kind"] for d in yaml.safe_load_all(done.stdout) if d]
    assert kinds.count("Job") == 1 and kinds.count("Deployment") >= 5


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_compose_proxy_configuration(tmp_path: Path) -> None:
    # The replicas' names resolve only on the compose network: loopback stands in.
    conf = re.sub(
        r"server (rasa|actions|backend|voice-pbx|voice):",
        "server 127.0.0.1:",
        NGINX.read_text(encoding="utf-8"),
    )
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    done = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path),
         "-e", str(tmp_path / "error.log"), "-g", f"pid {tmp_path}/nginx.pid;"],
        capture_output=True,
        text=True,
        timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


# --- the migration job itself, against the PostgreSQL server ---------------------

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _postgres_answers() -> bool:
    import asyncpg

    async def ping() -> None:
        connection = await asyncpg.connect(f"{PG_SERVER}/postgres", timeout=3)
        await connection.close()

    try:
        asyncio.run(ping())
    except Exception:
        return False
    return True


@pytest.mark.postgres
@pytest.mark.redis
def test_the_migration_job_makes_both_databases_and_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncpg
    import redis

    if not _postgres_answers():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    from tools import migrate_job

    name = f"deploy_{uuid.uuid4().hex[:10]}"
    url = f"{PG_SERVER}/{name}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("ZHANGGUI_PROFILE", "production")  # migrate, never seed
    for setting in ("GATEWAY", "ACTIONS", "COURIER", "WHOLESALE", "LENDER", "OPERATOR"):
        monkeypatch.setenv(f"ZHANGGUI_{setting}_TOKEN", f"{setting.lower()}-{name}")
    try:
        assert not migrate_job.wait_for_schema(url, timeout_s=0)  # nothing there yet
        assert migrate_job.main([]) == 0
        assert migrate_job.main(["--wait", "--timeout", "5"]) == 0

        async def shops_and_databases() -> tuple[int, set[str]]:
            connection = await asyncpg.connect(url, timeout=5)
            try:
                shops = await connection.fetchval("SELECT count(*) FROM shops")
                rows = await connection.fetch(
                    "SELECT datname FROM pg_database WHERE datname LIKE $1", f"{name}%"
                )
            finally:
                await connection.close()
            return int(shops), {r["datname"] for r in rows}

        shops, databases = asyncio.run(shops_and_databases())
        assert shops == 0  # production: the demo world is never seeded
        assert databases == {name, f"{name}_tracker"}
    finally:

        async def drop() -> None:
            connection = await asyncpg.connect(f"{PG_SERVER}/postgres", timeout=5)
            try:
                for db in (name, f"{name}_tracker"):
                    await connection.execute(f'DROP DATABASE IF EXISTS "{db}"')
            finally:
                await connection.close()

        asyncio.run(drop())
