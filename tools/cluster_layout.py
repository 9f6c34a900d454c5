"""Cluster mode's shape: which replicas run, on which ports, behind which public port.

The replica ports are fixed (tools outside the project rely on them); tests move the
whole layout by ``ZHANGGUI_CLUSTER_PORT_OFFSET`` so they never collide with a running
system.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """A stateless service run as replicas behind one public port."""

    name: str
    public_port: int
    replica_ports: tuple[int, ...]
    port_setting: str  # the setting the service reads its own port from


SERVICES: tuple[Service, ...] = (
    Service("backend", 8080, (8180, 8181), "BACKEND_PORT"),
    Service("actions", 5055, (5155, 5156), "ACTIONS_PORT"),
    Service("rasa", 5005, (5105, 5106), "RASA_PORT"),
    Service("voice", 8000, (8100, 8101), "VOICE_PORT"),
)
# AudioSocket is raw TCP (Debian's nginx has no stream module by default): each
# gateway replica listens on its own port; the PBX dials the first, the second is
# its fallback.
AUDIOSOCKET_PORTS = (9092, 9093)


@dataclass(frozen=True)
class Layout:
    """Every port of one cluster, shifted by ``offset`` (0 in production)."""

    offset: int = 0

    def public(self, service: str) -> int:
        """The public port nginx serves for ``service``."""
        return _service(service).public_port + self.offset

    def replicas(self, service: str) -> tuple[int, ...]:
        """The replicas' ports of ``service``."""
        return tuple(p + self.offset for p in _service(service).replica_ports)

    def audiosocket(self, index: int) -> int:
        """The AudioSocket port of gateway replica ``index`` (0-based)."""
        return AUDIOSOCKET_PORTS[index] + self.offset

    def url(self, service: str) -> str:
        """How the services reach ``service``: through nginx."""
        return f"http://127.0.0.1:{self.public(service)}"


def _service(name: str) -> Service:
    for service in SERVICES:
        if service.name == name:
            return service
    raise KeyError(name)
