"""supervisord's configuration for cluster mode: every replica, nginx, restarts.

supervisord (not honcho) because a replica that dies must be restarted on its own
while the others keep serving; honcho stops everything when one process exits.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from common.settings import PROJECT_ROOT
from tools.cluster_layout import Layout


@dataclass(frozen=True)
class Program:
    """One supervised process: its name, command line and own settings."""

    name: str
    command: str
    environment: Mapping[str, str]


def _guarded(service: str, module: str) -> str:
    # Each service gets only its own secrets, as in single-node mode (Procfile).
    python = sys.executable
    return f"{python} -m tools.least_privilege {service} {python} -m {module}"


def programs(
    layout: Layout,
    stores: Mapping[str, str],
    directory: Path,
    actions_backend: str | None = None,
) -> list[Program]:
    """Every process of the cluster; ``stores`` holds the Rasa store settings.

    ``actions_backend`` puts something (an egress proxy; the fault tests' holding
    proxy) between the action servers and the backend.
    """
    backend, actions, rasa = (layout.url(s) for s in ("backend", "actions", "rasa"))
    return [
        *_replicas(
            layout,
            "backend",
            f"{sys.executable} -m backend serve",
            lambda i, port: {"BACKEND_PORT": str(port)},
        ),
        *_replicas(
            layout,
            "actions",
            _guarded("actions", "actions"),
            lambda i, port: {
                "ACTIONS_PORT": str(port),
                "ZHANGGUI_BACKEND_URL": actions_backend or backend,
            },
        ),
        *_replicas(
            layout,
            "rasa",
            _guarded("rasa", "bot serve"),
            lambda i, port: {
                **stores,
                "RASA_PORT": str(port),
                "ZHANGGUI_ACTIONS_URL": f"{actions}/webhook",
                "ZHANGGUI_BACKEND_URL": backend,
            },
        ),
        *_replicas(
            layout,
            "voice",
            _guarded("voice", "voice serve"),
            lambda i, port: {
                "VOICE_PORT": str(port),
                "ZHANGGUI_AUDIOSOCKET_PORT": str(layout.audiosocket(i - 1)),
                "ZHANGGUI_RASA_URL": rasa,
                "ZHANGGUI_BACKEND_URL": backend,
            },
        ),
        Program(
            "partners",
            _guarded("partners", "tools.demo_partners"),
            {"ZHANGGUI_BACKEND_URL": backend},
        ),
        _nginx(directory),
    ]


def _replicas(
    layout: Layout,
    service: str,
    command: str,
    environment: Callable[[int, int], Mapping[str, str]],
) -> list[Program]:
    """``service-1``, ``service-2``…; ``environment`` gets the number and port."""
    return [
        Program(f"{service}-{i}", command, environment(i, port))
        for i, port in enumerate(layout.replicas(service), 1)
    ]


def _nginx(directory: Path) -> Program:
    nginx_conf = directory / "nginx.conf"
    error_log = directory / "logs" / "nginx-error.log"
    return Program(
        "nginx", f"nginx -c {nginx_conf} -p {directory} -e {error_log}", {}
    )


def _environment(values: Mapping[str, str]) -> str:
    # supervisord expands %(name)s in values: a literal % is written %%.
    quoted = (
        f'{key}="{value.replace("%", "%%").replace(chr(34), "")}"'
        for key, value in sorted(values.items())
    )
    return ",".join(quoted)


def render(found: list[Program], directory: Path) -> str:
    """Return supervisord.conf running ``found``; its files live in ``directory``."""
    sections = [
        f"""; Written by `./zhanggui up --cluster` (tools/cluster_supervisor.py).
[supervisord]
nodaemon=true
logfile={directory}/logs/supervisord.log
pidfile={directory}/supervisord.pid
childlogdir={directory}/logs

[unix_http_server]
file={directory}/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{directory}/supervisor.sock
"""
    ]
    for program in found:
        environment = _environment(program.environment)
        sections.append(
            f"""[program:{program.name}]
command={program.command}
directory={PROJECT_ROOT}
autostart=true
autorestart=true
startsecs=3
startretries=20
stopasgroup=true
killasgroup=true
stopwaitsecs=20
redirect_stderr=true
stdout_logfile={directory}/logs/{program.name}.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=2
"""
            + (f"environment={environment}\n" if environment else "")
        )
    return "\n".join(sections)
