"""nginx's configuration for cluster mode: public ports in front of the replicas.

Routing:
- Rasa: by conversation. The key is the ``X-Conversation-Id`` header (the gateway
  and the tools set it to the sender id), else the id in ``/conversations/<id>/``.
  ``hash ... consistent`` keeps a conversation on one replica while it lives; when
  it refuses connections nginx moves on to the other one. A POST already sent is
  never replayed (nginx's default for non-idempotent requests): a turn is taken at
  most once by the cluster, and the Redis lock serialises a conversation's turns
  wherever they land.
- No keepalive to the replicas (see ``_upstream``).
- WebSockets (kiosk, phone streams) are upgraded and stay on the replica that
  accepted them; the client reconnects when it dies.
- The AudioSocket caller note goes to the first gateway replica, which also holds
  AudioSocket's port (the note and the call must meet in one process).
- ``/metrics`` is refused here: each replica counts only what it served, so one
  replica's numbers behind a balancer mislead. Prometheus scrapes every replica
  on its own port (5105/5106, 5155/5156, 8180/8181, 8100/8101; see the README).
"""

from __future__ import annotations

from pathlib import Path

from tools.cluster_layout import SERVICES, Layout

# A replica that failed is left alone this long, then tried again: a restarted one
# is back in the rotation at most 2 s after it serves.
FAIL_TIMEOUT_S = 2
FAIL = f"max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s"
PROXY_COMMON = """
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        add_header X-Zhanggui-Replica $upstream_addr always;"""


NO_METRICS = """
        location = /metrics {
            default_type text/plain;
            return 404 "Scrape each replica's own /metrics port, not the balancer.\\n";
        }"""


def _upstream(name: str, ports: tuple[int, ...], balance: str = "") -> str:
    # No keepalive to the replicas: on a cached connection to a replica killed a
    # moment ago nginx would send the POST before it learns, and then must not
    # replay it (502). A fresh loopback connection is refused at once instead, and
    # the other replica takes the request.
    servers = "".join(f"\n        server 127.0.0.1:{p} {FAIL};" for p in ports)
    head = f"\n        {balance};" if balance else ""
    return f"""
    upstream {name} {{{head}{servers}
    }}"""


def _server(port: int, locations: str) -> str:
    return f"""
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        client_body_buffer_size 1m;{NO_METRICS}{locations}
    }}"""


def _location(path: str, upstream: str, extra: str = "") -> str:
    return f"""
        location {path} {{
            proxy_pass http://{upstream};{PROXY_COMMON}{extra}
        }}"""


def render(layout: Layout, directory: Path, user: str | None = None) -> str:
    """Return nginx.conf for ``layout``; logs, pid and temp files in ``directory``.

    ``user``: who the workers run as when the master is root (they buffer large
    bodies, a Rasa tracker or a recording, into ``directory``, which that user owns).
    """
    upstreams, servers = _upstreams(layout), _servers(layout)
    user_line = f"user {user};\n" if user else ""
    return f"""# Written by `./zhanggui up --cluster` (tools/cluster_nginx.py).
{user_line}worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/logs/nginx-error.log warn;
events {{
    worker_connections 2048;
}}
http {{
    access_log {directory}/logs/nginx-access.log;
    client_body_temp_path {directory}/nginx-tmp/body;
    proxy_temp_path {directory}/nginx-tmp/proxy;
    fastcgi_temp_path {directory}/nginx-tmp/fastcgi;
    uwsgi_temp_path {directory}/nginx-tmp/uwsgi;
    scgi_temp_path {directory}/nginx-tmp/scgi;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    map $uri $conversation_in_path {{
        "~^/conversations/(?<id>[^/]+)" $id;
        default "";
    }}
    map $http_x_conversation_id $conversation {{
        "" $conversation_in_path;
        default $http_x_conversation_id;
    }}{upstreams}{servers}
}}
"""


def _upstreams(layout: Layout) -> str:
    """A pool per service; Rasa's keeps each conversation on one replica."""
    upstreams = "".join(
        _upstream(
            s.name,
            layout.replicas(s.name),
            "hash $conversation consistent" if s.name == "rasa" else "",
        )
        for s in SERVICES
    )
    first, second = layout.replicas("voice")
    upstreams += f"""
    upstream voice_first {{
        server 127.0.0.1:{first} {FAIL};
        server 127.0.0.1:{second} backup;
    }}"""
    return upstreams


def _servers(layout: Layout) -> str:
    """The public port of each service, in front of its pool."""
    websocket = """
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;"""
    servers = (
        _server(
            layout.public("rasa"),
            _location("/", "rasa", "\n            proxy_read_timeout 2m;"),
        )
        + _server(layout.public("actions"), _location("/", "actions"))
        + _server(layout.public("backend"), _location("/", "backend"))
        + _server(
            layout.public("voice"),
            _location("/phone/audiosocket/", "voice_first")
            + _location("/", "voice", websocket),
        )
    )
    return servers
