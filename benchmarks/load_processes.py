"""The processes of the system under load: who they are, their memory and CPU.

Part of the load benchmark (``load_bench.py``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class Sample:
    rss_mb: float
    cpu_s: float


def process_tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def sample(process: psutil.Process) -> Sample:
    """RSS and CPU seconds of a process and its children."""
    rss, cpu = 0, 0.0
    for one in process_tree(process):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            rss += one.memory_info().rss
            times = one.cpu_times()
            cpu += times.user + times.system
    return Sample(rss / 2**20, cpu)


SERVICE_OF = (
    ("bot serve", "rasa"), ("run_rasa", "rasa"), ("-m actions", "actions"),
    ("backend serve", "backend"), ("voice serve", "voice"),
    ("demo_partners", "partners"), ("nginx", "nginx"),
)  # fmt: skip


PORT_SETTINGS = {"backend": "BACKEND_PORT", "actions": "ACTIONS_PORT",
                 "rasa": "RASA_PORT", "voice": "VOICE_PORT"}  # fmt: skip


def label_children(
    supervisor: psutil.Process, replicas: bool
) -> dict[str, psutil.Process]:
    """The supervisor's children, named by service (and port, for replicas)."""
    found: dict[str, psutil.Process] = {}
    for child in supervisor.children():
        # honcho runs each service under a worker of its own and a shell.
        name, line = "", " ".join(child.cmdline())
        for one in process_tree(child):
            with contextlib.suppress(psutil.Error):
                words = one.cmdline()
                line = " ".join(words)
                name = next((n for key, n in SERVICE_OF if key in line), "")
                if name and Path(words[0]).name not in ("sh", "bash", "dash"):
                    child = one
                    break
        name = name or line[:30]
        if replicas and name in PORT_SETTINGS:
            with contextlib.suppress(psutil.Error, KeyError):
                name = f"{name}:{child.environ()[PORT_SETTINGS[name]]}"
        while name in found:
            name += "'"
        found[name] = child
    return dict(sorted(found.items()))
