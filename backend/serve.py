"""Serving the API: one process, or several sharing the port (``SO_REUSEPORT``).

Each worker has its own engine and pool. On SQLite the workers' writes still queue
safely: write transactions start with ``BEGIN IMMEDIATE`` and wait on the busy timeout.
A scrape of ``/metrics`` reaches any one worker, so the workers keep their metrics
in files of one shared directory and each answers for all of them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
from types import FrameType

from aiohttp import web

from backend.app import init_app
from backend.config import BackendConfig
from common.metrics import MULTIPROCESS_VARIABLE

# Access lines carry method, path and status only; bodies (phone numbers) never.
ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'


def run_worker(config: BackendConfig, reuse_port: bool) -> None:
    """Run one server process until it is told to stop."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    web.run_app(
        init_app(config),
        host=config.host,
        port=config.port,
        reuse_port=reuse_port,
        access_log_format=ACCESS_LOG_FORMAT,
        print=lambda message: logging.getLogger("backend").info(message),
    )


def serve(config: BackendConfig) -> int:
    """Serve with ``config.workers`` processes; SIGTERM stops them all."""
    if config.workers == 1:
        run_worker(config, reuse_port=False)
        return 0
    # Read by prometheus-client when a spawned worker first imports it.
    metrics_dir = tempfile.mkdtemp(prefix="zhanggui-backend-metrics-")
    os.environ[MULTIPROCESS_VARIABLE] = metrics_dir
    try:
        return _run_workers(config)
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)


def _run_workers(config: BackendConfig) -> int:
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=run_worker, args=(config, True), name=f"backend-{n}")
        for n in range(config.workers)
    ]
    for worker in workers:
        worker.start()

    def forward(signum: int, _frame: FrameType | None) -> None:
        for worker in workers:
            if worker.is_alive() and worker.pid is not None:
                os.kill(worker.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for worker in workers:
        worker.join()
    return max((worker.exitcode or 0) for worker in workers)
