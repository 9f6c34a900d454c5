"""``./zhanggui up --cluster``: two replicas of each service behind nginx.

PostgreSQL (``DATABASE_URL``) holds the backend's data and, in a database of its own,
Rasa's conversations; Redis (``REDIS_URL``) holds the per-conversation locks.
supervisord runs every replica and restarts the one that dies. The files it runs
from are written to ``ZHANGGUI_CLUSTER_DIR`` (``var/cluster``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from common.settings import (
    PROJECT_ROOT,
    SettingsModel,
    load_settings,
    profile_of,
    read_settings,
    setting,
    start_or_exit,
)
from tools import cluster_nginx, cluster_supervisor
from tools.cluster_layout import Layout
from tools.cluster_stores import Stores, ensure_stores, load_stores


@dataclass(frozen=True)
class ClusterConfig:
    """Where the cluster's files go, its ports and its stores."""

    directory: Path
    layout: Layout
    stores: Stores
    actions_backend: str | None = None


class ClusterSettings(SettingsModel):
    """Cluster mode's declared settings (names and defaults: docs/contract.md)."""

    directory: str = setting("ZHANGGUI_CLUSTER_DIR", "var/cluster")
    port_offset: int = setting("ZHANGGUI_CLUSTER_PORT_OFFSET", 0, ge=0, le=50_000)
    actions_backend: str | None = setting("ZHANGGUI_CLUSTER_ACTIONS_BACKEND_URL")


def load_cluster_config(settings: Mapping[str, str]) -> ClusterConfig:
    """Read cluster mode's settings once."""
    declared = read_settings(ClusterSettings, settings)
    return ClusterConfig(
        directory=(PROJECT_ROOT / declared.directory).resolve(),
        layout=Layout(declared.port_offset),
        stores=load_stores(settings),
        actions_backend=declared.actions_backend or None,
    )


def write_files(config: ClusterConfig) -> Path:
    """Write nginx.conf and supervisord.conf; return the latter."""
    directory = config.directory
    for sub in ("logs", "nginx-tmp"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would drop to nobody, who cannot write our temp dir.
    user = pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else None
    (directory / "nginx.conf").write_text(
        cluster_nginx.render(config.layout, directory, user), encoding="utf-8"
    )
    found = cluster_supervisor.programs(
        config.layout,
        config.stores.rasa_settings(),
        directory,
        config.actions_backend,
    )
    conf = directory / "supervisord.conf"
    conf.write_text(cluster_supervisor.render(found, directory), encoding="utf-8")
    return conf


def up(rest: Sequence[str]) -> int:
    """Prepare the stores, the database and the model; then become supervisord."""
    from tools.model_cache import ensure_model
    from tools.run import prepare_database

    if shutil.which("nginx") is None:
        raise SystemExit("nginx is missing: sudo apt-get install -y nginx")
    settings = start_or_exit("cluster", load_settings)
    config = start_or_exit("cluster", lambda: load_cluster_config(settings))
    ensure_stores(config.stores)
    env = {**os.environ, **{k: v for k, v in settings.items() if k.isupper()}}
    env["DATABASE_URL"] = config.stores.database_url
    prepare_database(profile_of(settings), env)
    env["ZHANGGUI_MODEL"] = settings.get("ZHANGGUI_MODEL") or str(ensure_model())
    conf = write_files(config)
    print(f"[zhanggui] cluster files in {config.directory}", flush=True)
    supervisord = str(Path(sys.executable).parent / "supervisord")
    command = [supervisord, "-n", "-c", str(conf), *rest]
    os.execvpe(command[0], command, env)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(up(sys.argv[1:]))
