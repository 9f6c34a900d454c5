"""Cluster mode's files: the fixed ports, nginx's configuration, supervisord's."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.server import CLUSTER_ENDPOINTS, ENDPOINTS, load_config, rasa_environment
from tools.cluster import ClusterConfig, write_files
from tools.cluster_layout import Layout
from tools.cluster_stores import load_stores

FIXED = {  # tools outside the project rely on these
    "rasa": (5005, (5105, 5106)),
    "actions": (5055, (5155, 5156)),
    "backend": (8080, (8180, 8181)),
    "voice": (8000, (8100, 8101)),
}


def test_the_ports_are_the_fixed_ones() -> None:
    layout = Layout()
    for service, (public, replicas) in FIXED.items():
        assert layout.public(service) == public
        assert layout.replicas(service) == replicas


def _written(tmp_path: Path) -> tuple[Path, configparser.RawConfigParser]:
    stores = load_stores({"DATABASE_URL": "postgresql://u:p%40ss@db:5433/shop"})
    config = ClusterConfig(tmp_path, Layout(), stores, "http://127.0.0.1:9999")
    parsed = configparser.RawConfigParser()
    parsed.read(write_files(config))
    return tmp_path, parsed


def test_supervisord_runs_each_replica_on_its_port(tmp_path: Path) -> None:
    _, conf = _written(tmp_path)
    programs = {s.split(":", 1)[1] for s in conf.sections() if s.startswith("program:")}
    assert programs == {
        "backend-1", "backend-2", "actions-1", "actions-2", "rasa-1", "rasa-2",
        "voice-1", "voice-2", "partners", "nginx",
    }  # fmt: skip
    rasa = conf.get("program:rasa-2", "environment")
    assert 'RASA_PORT="5106"' in rasa
    assert 'ZHANGGUI_ACTIONS_URL="http://127.0.0.1:5055/webhook"' in rasa
    assert 'ZHANGGUI_TRACKER_URL="postgresql://u:p%%40ss@db:5433/shop_tracker"' in rasa
    assert 'SQL_POOL_SIZE="5"' in rasa
    actions = conf.get("program:actions-1", "environment")
    assert 'ZHANGGUI_BACKEND_URL="http://127.0.0.1:9999"' in actions
    assert conf.get("program:voice-2", "autorestart") == "true"
    assert "least_privilege rasa" in conf.get("program:rasa-1", "command")


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_its_configuration(tmp_path: Path) -> None:
    directory, _ = _written(tmp_path)
    text = (directory / "nginx.conf").read_text()
    assert "hash $conversation consistent" in text
    assert "listen 127.0.0.1:5005;" in text and "server 127.0.0.1:5106" in text
    # Each public port refuses /metrics: Prometheus scrapes the replicas' own ports.
    assert text.count("location = /metrics {") == 4
    done = subprocess.run(
        ["nginx", "-t", "-c", str(directory / "nginx.conf"), "-p", str(directory),
         "-e", str(directory / "logs" / "nginx-error.log")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_rasa_uses_the_shared_stores_only_when_told() -> None:
    single = load_config({"ZHANGGUI_PROFILE": "test"})
    assert single.endpoints == ENDPOINTS
    shared = load_config(
        {
            "ZHANGGUI_PROFILE": "test",
            "ZHANGGUI_TRACKER_URL": "postgresql://rasa:secret@db:5433/t",
            "REDIS_URL": "redis://cache:6379/2",
        }
    )
    assert shared.endpoints == CLUSTER_ENDPOINTS
    env = rasa_environment(shared, {})
    assert env["ZHANGGUI_TRACKER_HOST"] == "db"
    assert env["ZHANGGUI_TRACKER_PORT"] == "5433"
    assert env["ZHANGGUI_TRACKER_NAME"] == "t"
    assert env["ZHANGGUI_TRACKER_USER"] == "rasa"
    assert env["ZHANGGUI_TRACKER_PASSWORD"] == "secret"
    assert env["REDIS_URL"] == "redis://cache:6379/2"


def test_cluster_mode_refuses_sqlite() -> None:
    from common.settings import SettingsError

    with pytest.raises(SettingsError):
        load_stores({"DATABASE_URL": "sqlite:///var/zhanggui.db"})
