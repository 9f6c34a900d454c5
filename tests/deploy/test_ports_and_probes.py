"""The orchestrator files run each service on its fixed port, route and call it
where it listens, probe its real health routes and start modules that exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import urlsplit

from common.settings import PROJECT_ROOT
from tests.deploy.manifests import (
    AUDIOSOCKET,
    FIXED_PORTS,
    MODULES,
    NGINX,
    WORKLOAD_SERVICE,
    _app_services,
    _by_kind,
    _containers,
    _pod,
    _workloads,
    compose,
)
from tools.cluster_layout import SERVICES


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
