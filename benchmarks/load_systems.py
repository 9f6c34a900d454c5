"""The system under load, started on ports and stores of its own: cluster or single.

Part of the load benchmark (``load_bench.py``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from benchmarks.load_processes import process_tree
from tools.cluster_layout import Layout

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class System:
    mode: str
    rasa: str
    backend: str
    supervisor: psutil.Process
    count: Any  # (sql) -> int, on the backend's database
    tracker_count: Any  # (sql) -> int, on Rasa's tracker store
    nginx_log: Path | None = None
    pg_database: str | None = None


def _sqlite_counter(path: Path) -> Any:
    def count(sql: str) -> int:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            return int(db.execute(sql).fetchone()[0] or 0)

    return count


def _pg_counter(url: str) -> Any:
    def count(sql: str) -> int:
        import psycopg2

        with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
            return int(row[0] or 0) if row else 0

    return count


@contextlib.contextmanager
def cluster_system(model: Path, directory: Path) -> Iterator[System]:
    from tests.fixtures.cluster import cluster_process, cluster_unavailable, free_layout

    missing = cluster_unavailable()
    if missing:
        raise SystemExit(f"cluster mode cannot start: {missing}")
    layout = free_layout()
    with cluster_process(model, directory, layout) as started:
        yield System(
            "cluster",
            layout.url("rasa"),
            layout.url("backend"),
            psutil.Process(started.process.pid),
            _pg_counter(started.database_url),
            _pg_counter(started.database_url + "_tracker"),
            nginx_log=directory / "logs" / "nginx-access.log",
            pg_database=started.database_url.rsplit("/", 1)[1],
        )


def _single_env(
    layout: Layout, model: Path, directory: Path, database: Path
) -> dict[str, str]:
    """``./zhanggui up``'s environment: ``layout``'s ports, SQLite in ``directory``."""
    ports = {s: layout.public(s) for s in ("backend", "actions", "rasa", "voice")}
    env = {k: v for k, v in os.environ.items() if k != "ZHANGGUI_CONFIG_FILE"}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        ZHANGGUI_PROFILE="test",
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        ZHANGGUI_TRACKER_DB=str(directory / "tracker.db"),
        BACKEND_PORT=str(ports["backend"]),
        ACTIONS_PORT=str(ports["actions"]),
        RASA_PORT=str(ports["rasa"]),
        VOICE_PORT=str(ports["voice"]),
        ZHANGGUI_AUDIOSOCKET_PORT=str(layout.audiosocket(0)),
        ZHANGGUI_BACKEND_URL=layout.url("backend"),
        ZHANGGUI_RASA_URL=layout.url("rasa"),
        ZHANGGUI_MODEL=str(model),
        ZHANGGUI_QUIET_HOURS="off",
        ZHANGGUI_NOTICE_SCAN_S="0",
    )
    return env


@contextlib.contextmanager
def single_system(model: Path, directory: Path) -> Iterator[System]:
    """``./zhanggui up`` (honcho, SQLite) with every port shifted."""
    from tests.fixtures.cluster import _wait_http, free_layout

    layout = free_layout()
    database = directory / "zhanggui.db"
    env = _single_env(layout, model, directory, database)
    log = (directory / "up.log").open("wb")
    up = subprocess.Popen(
        [sys.executable, "-m", "tools.run", "up"], cwd=ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    everything: list[psutil.Process] = []
    try:
        for service, path in (("backend", "/healthz"), ("actions", "/health"),
                              ("voice", "/healthz"), ("rasa", "/status")):  # fmt: skip
            _wait_http(f"{layout.url(service)}{path}", 420, up)
        honcho = next(p for p in psutil.Process(up.pid).children()
                      if "honcho" in " ".join(p.cmdline()))  # fmt: skip
        everything = process_tree(psutil.Process(up.pid))
        yield System(
            "single",
            layout.url("rasa"),
            layout.url("backend"),
            honcho,
            _sqlite_counter(database),
            _sqlite_counter(directory / "tracker.db"),
        )
    finally:
        if not everything:
            with contextlib.suppress(psutil.NoSuchProcess):
                everything = process_tree(psutil.Process(up.pid))
        for process in everything:  # honcho stops its children on SIGTERM
            with contextlib.suppress(psutil.NoSuchProcess):
                if "honcho" in " ".join(process.cmdline()):
                    process.send_signal(signal.SIGTERM)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            pass
        for process in everything:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            up.wait(10)
        log.close()
