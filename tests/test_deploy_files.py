"""The orchestrator files: docker-compose.yml, deploy/k8s (and its demo overlay).

Nothing here builds an image or starts a container or a cluster: the files are read
as YAML and held against the project itself (the fixed ports, the settings the
services read, the health routes they serve, the secrets each may hold). The
migration job runs for real against the PostgreSQL server when there is one.
"""

from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from common.settings import PROJECT_ROOT
from tools.cluster_layout import AUDIOSOCKET_PORTS, SERVICES
from tools.cluster_stores import load_stores
from tools.least_privilege import SECRETS, SERVICE_SECRETS, USES

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
NGINX = PROJECT_ROOT / "deploy" / "compose" / "nginx.conf"
K8S = PROJECT_ROOT / "deploy" / "k8s"
DEMO = PROJECT_ROOT / "deploy" / "demo"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"

FIXED_PORTS = {s.name: s.public_port for s in SERVICES}  # backend 8080, rasa 5005...
AUDIOSOCKET = AUDIOSOCKET_PORTS[0]  # 9092
# Which compose/k8s workload runs which of the four services (and with what).
MODULES = {
    "backend": ["python", "-m", "backend", "serve"],
    "actions": ["python", "-m", "actions"],
    "rasa": ["python", "-m", "bot", "serve"],
    "voice": ["python", "-m", "voice", "serve"],
}
WORKLOAD_SERVICE = {
    "backend": "backend",
    "actions": "actions",
    "rasa": "rasa",
    "voice": "voice",
    "voice-pbx": "voice",
}
# The settings file each workload mounts, by the service whose secrets it holds.
SECRET_OF = {
    "backend": "backend",
    "migrate": "backend",  # compose's one-shot
    "zhanggui-migrate": "backend",  # the Kubernetes Job
    "actions": "actions",
    "rasa": "rasa",
    "voice": "voice",
    "voice-pbx": "voice",
    "partners": "partners",
}
# Rasa reads its SQL pool sizes from these itself (cluster mode sets them too).
RASA_OWN = {"SQL_POOL_SIZE", "SQL_MAX_OVERFLOW"}
# Where the stores are: secret in production (they carry the database password).
STORE_URLS = {"DATABASE_URL", "ZHANGGUI_TRACKER_URL"}


def documented_settings() -> set[str]:
    """Every variable named in the first column of docs/contract.md's settings table."""
    text = (PROJECT_ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    table = text.split("| variable | default | used by |", 1)[1].split("\n\n", 1)[0]
    names: set[str] = set()
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) > 2:
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[1]))
    return names


SETTINGS = documented_settings()


def _yaml_docs(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [d for d in yaml.safe_load_all(handle) if d]


def compose() -> dict[str, Any]:
    """docker-compose.yml as YAML (anchors and merge keys resolved)."""
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def k8s_objects() -> list[dict[str, Any]]:
    """Every object of the production manifests (what kustomization.yaml lists)."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    found: list[dict[str, Any]] = []
    for name in kustomization["resources"]:
        found += _yaml_docs(K8S / name)
    return found


def _by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in k8s_objects() if o["kind"] == kind}


def _workloads() -> dict[str, dict[str, Any]]:
    return {
        name: o
        for o in k8s_objects()
        if o["kind"] in ("Deployment", "StatefulSet", "Job")
        for name in [o["metadata"]["name"]]
    }


def _pod(workload: Mapping[str, Any]) -> dict[str, Any]:
    pod: dict[str, Any] = workload["spec"]["template"]["spec"]
    return pod


def _containers(pod: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    yield from pod.get("initContainers", [])
    yield from pod["containers"]


def _app_services() -> dict[str, dict[str, Any]]:
    """The compose services that run our image."""
    return {
        name: s
        for name, s in compose()["services"].items()
        if str(s.get("image", "")).startswith("zhanggui")
    }


def _demo_secret(service: str) -> dict[str, str]:
    loaded = yaml.safe_load((DEMO / "secrets" / f"{service}.yml").read_text())
    return {str(k): str(v) for k, v in loaded.items()}


# --- the settings the files set are the ones the services read -------------------


def test_the_settings_table_is_parsed() -> None:
    # A guard for the guard: the table's format changing must not empty the list.
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "BACKEND_PORT",
        "ZHANGGUI_RASA_URL",
    } <= SETTINGS
    assert {"VOICE_PORT", "ACTIONS_PORT", "ZHANGGUI_TELEGRAM_API_BASE"} <= SETTINGS


def test_compose_sets_only_settings_the_services_read() -> None:
    for name, service in _app_services().items():
        unknown = set(service.get("environment", {})) - SETTINGS - RASA_OWN
        assert not unknown, f"{name} sets {unknown}, which no service reads"


def test_k8s_sets_only_settings_the_services_read() -> None:
    (common,) = _by_kind("ConfigMap").values()
    assert set(common["data"]) <= SETTINGS
    for name, workload in _workloads().items():
        for container in _containers(_pod(workload)):
            unknown = {e["name"] for e in container.get("env", [])} - SETTINGS
            if name == "rasa":
                unknown -= RASA_OWN
            assert not unknown, f"{name}/{container['name']} sets {unknown}"


def test_the_secret_files_hold_settings_and_only_their_services_secrets() -> None:
    for service in sorted(set(SECRET_OF.values())):
        values = _demo_secret(service)
        assert set(values) <= SETTINGS, f"{service}.yml: {set(values) - SETTINGS}"
        others = (set(values) & SERVICE_SECRETS) - USES[service]
        assert not others, f"{service}.yml holds another service's secret: {others}"


def test_rasa_keeps_its_conversations_beside_the_backends_database() -> None:
    # The migration job creates <DATABASE_URL's name>_tracker (tools/cluster_stores).
    stores = load_stores(_demo_secret("backend"))
    assert _demo_secret("rasa")["ZHANGGUI_TRACKER_URL"] == stores.tracker_url


# --- secrets come from the orchestrator, never written into the files -----------


def _secret_values() -> set[str]:
    values: set[str] = set()
    for service in set(SECRET_OF.values()):
        values |= {
            v for k, v in _demo_secret(service).items() if k in SECRETS | STORE_URLS
        }
    return values


def test_compose_references_secrets_and_never_inlines_them() -> None:
    declared = compose()["secrets"]
    text = COMPOSE.read_text(encoding="utf-8")
    for value in _secret_values():
        assert value not in text
    for name, service in _app_services().items():
        inline = set(service.get("environment", {})) & (SECRETS | STORE_URLS)
        assert not inline, f"{name} has {inline} inline"
        env = service["environment"]
        assert env["ZHANGGUI_CONFIG_FILE"] == "/run/secrets/zhanggui.yml", name
        (mounted,) = service["secrets"]
        assert mounted == {"source": SECRET_OF[name], "target": "zhanggui.yml"}, name
        assert "${ZHANGGUI_SECRETS_DIR" in str(declared[mounted["source"]]["file"])


def test_k8s_references_secrets_and_never_inlines_them() -> None:
    assert not _by_kind("Secret"), "the production manifests must not carry Secrets"
    texts = "".join(p.read_text() for p in K8S.glob("*.yaml"))
    for value in _secret_values():
        assert value not in texts
    for name, workload in _workloads().items():
        pod = _pod(workload)
        (volume,) = [v for v in pod["volumes"] if "secret" in v]
        assert volume["secret"]["secretName"] == f"zhanggui-{SECRET_OF[name]}", name
        for container in _containers(pod):
            env = {e["name"]: e for e in container.get("env", [])}
            assert not set(env) & (SECRETS | STORE_URLS), f"{name}: inline secret"
            assert env["ZHANGGUI_CONFIG_FILE"]["value"] == "/run/secrets/zhanggui.yml"
            mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
            mount = mounts["/run/secrets/zhanggui.yml"]
            assert (
                mount["name"] == volume["name"] and mount["subPath"] == "settings.yml"
            )


def test_the_demo_overlay_makes_every_secret_the_manifests_name() -> None:
    overlay = yaml.safe_load((DEMO / "kustomization.yaml").read_text())
    made = {g["name"]: g["files"] for g in overlay["secretGenerator"]}
    named = {
        v["secret"]["secretName"]
        for w in _workloads().values()
        for v in _pod(w)["volumes"]
        if "secret" in v
    }
    assert named <= set(made)
    for name in named:
        (file_spec,) = made[name]
        key, path = file_spec.split("=", 1)
        assert key == "settings.yml" and (DEMO / path).is_file()


# --- ports, commands and health routes are the services' own ---------------------


def test_compose_runs_each_service_on_its_fixed_port() -> None:
    services = _app_services()
    port_setting = {s.name: s.port_setting for s in SERVICES}
    for name, service in services.items():
        if name not in WORKLOAD_SERVICE:
            continue
        kind = WORKLOAD_SERVICE[name]
        assert service["command"] == MODULES[kind], name
        env = service["environment"]
        port = FIXED_PORTS[kind]
        assert env[port_setting[kind]] == str(port), name
        assert f"127.0.0.1:{port}/" in " ".join(service["healthcheck"]["test"]), name
    assert services["voice-pbx"]["environment"]["ZHANGGUI_AUDIOSOCKET_PORT"] == "9092"
    assert services["voice-pbx"]["ports"] == [f"127.0.0.1:{AUDIOSOCKET}:{AUDIOSOCKET}"]
    published = compose()["services"]["proxy"]["ports"]
    assert sorted(published) == sorted(
        f"127.0.0.1:{p}:{p}" for p in FIXED_PORTS.values()
    )


def test_compose_proxy_routes_each_public_port_to_its_service() -> None:
    conf = NGINX.read_text(encoding="utf-8")
    listens = {int(p) for p in re.findall(r"listen (\d+);", conf)}
    assert listens == set(FIXED_PORTS.values())
    servers = dict(re.findall(r"server ([a-z-]+):(\d+)", conf))
    for kind, port in FIXED_PORTS.items():
        assert servers[kind] == str(port)
    assert servers["voice-pbx"] == str(FIXED_PORTS["voice"])
    rasa = conf.split("upstream rasa {", 1)[1].split("}", 1)[0]
    assert "hash $conversation consistent;" in rasa
    assert "map $http_x_conversation_id $conversation" in conf
    audiosocket = conf.split("location /phone/audiosocket/", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://voice_pbx;" in audiosocket


def test_k8s_runs_each_service_on_its_fixed_port() -> None:
    workloads = _workloads()
    services = _by_kind("Service")
    for name, kind in WORKLOAD_SERVICE.items():
        (container,) = _pod(workloads[name])["containers"]
        assert container["command"] == MODULES[kind], name
        port = FIXED_PORTS[kind]
        env = {e["name"]: e.get("value") for e in container["env"]}
        port_setting = {s.name: s.port_setting for s in SERVICES}[kind]
        assert env[port_setting] == str(port), name
        assert port in {p["containerPort"] for p in container["ports"]}, name
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["port"] == port, (name, probe)
        service = services[name]
        assert (
            service["spec"]["selector"]
            == workloads[name]["spec"]["selector"]["matchLabels"]
        )
        assert port in {p["port"] for p in service["spec"]["ports"]}
        assert all(p["port"] == p["targetPort"] for p in service["spec"]["ports"])
    pbx = {p["port"] for p in services["voice-pbx"]["spec"]["ports"]}
    assert pbx == {FIXED_PORTS["voice"], AUDIOSOCKET}


def test_the_services_call_each_other_where_they_listen() -> None:
    # Every *_URL points at a Service (k8s) or at the proxy (compose) on the port of
    # the service it names.
    targets = {
        "ZHANGGUI_BACKEND_URL": "backend",
        "ZHANGGUI_RASA_URL": "rasa",
        "ZHANGGUI_ACTIONS_URL": "actions",
    }
    services = _by_kind("Service")
    for workload in _workloads().values():
        for container in _containers(_pod(workload)):
            for env in container.get("env", []):
                if env["name"] in targets:
                    url = urlsplit(env["value"])
                    kind = targets[env["name"]]
                    assert url.hostname == kind and url.hostname in services
                    assert url.port == FIXED_PORTS[kind]
    for service in _app_services().values():
        for name, value in service["environment"].items():
            if name in targets:
                url = urlsplit(value)
                assert url.hostname == "proxy"
                assert url.port == FIXED_PORTS[targets[name]]


def _installed_source(package: str, module: str) -> str:
    # Read, not imported: importing Rasa's server loads TensorFlow (seconds).
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations, package
    (directory,) = spec.submodule_search_locations
    return (Path(directory) / module).read_text(encoding="utf-8")


def _route_source() -> dict[str, str]:
    return {
        "backend": (PROJECT_ROOT / "backend" / "app.py").read_text(),
        "voice": (PROJECT_ROOT / "voice" / "gateway" / "app.py").read_text(),
        "actions": _installed_source("rasa_sdk", "endpoint.py"),
        "rasa": _installed_source("rasa", "server.py"),
    }


def test_probes_use_the_services_real_health_routes() -> None:
    sources = _route_source()

    def served(kind: str, path: str) -> bool:
        return re.search(rf"""(get|add_get)\(\s*["']{re.escape(path)}["']""",
                         sources[kind]) is not None  # fmt: skip

    workloads = _workloads()
    for name, kind in WORKLOAD_SERVICE.items():
        (container,) = _pod(workloads[name])["containers"]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if probe in container:
                path = container[probe]["httpGet"]["path"]
                assert served(kind, path), f"{name} {probe}: {kind} has no {path}"
    for name, service in _app_services().items():
        if name in WORKLOAD_SERVICE:
            test = " ".join(service["healthcheck"]["test"])
            path = re.search(r"127\.0\.0\.1:\d+(/[a-z]+)", test)
            assert path and served(WORKLOAD_SERVICE[name], path.group(1)), name


def test_every_command_names_a_module_that_exists() -> None:
    commands = [s["command"] for s in _app_services().values()]
    commands += [
        c["command"] for w in _workloads().values() for c in _containers(_pod(w))
    ]
    for command in commands:
        assert command[:2] == ["python", "-m"], command
        assert importlib.util.find_spec(command[2]) is not None, command


# --- each service scales on its own; the migration comes first ------------------


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
