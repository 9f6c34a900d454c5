"""The orchestrator files set only settings the services read, and reference
secrets (each service only its own) without ever inlining them."""

from __future__ import annotations

import yaml

from tests.deploy.manifests import (
    COMPOSE,
    DEMO,
    K8S,
    RASA_OWN,
    SECRET_OF,
    SETTINGS,
    STORE_URLS,
    _app_services,
    _by_kind,
    _containers,
    _demo_secret,
    _pod,
    _workloads,
    compose,
)
from tools.cluster_stores import load_stores
from tools.least_privilege import SECRETS, SERVICE_SECRETS, USES


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
