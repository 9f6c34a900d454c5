"""The orchestrator files read as YAML, and what the project says they must match:
docker-compose.yml, deploy/k8s (and its demo overlay), the Dockerfile."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from common.settings import PROJECT_ROOT
from tools.cluster_layout import AUDIOSOCKET_PORTS, SERVICES

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
