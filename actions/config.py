"""Action-server settings, read once in ``actions/__main__.py`` and passed inward."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.settings import DEMO_PROFILES, port, profile_of, secret

DEMO_SERVICE_TOKEN = "zhanggui-demo-service-token"


@dataclass(frozen=True)
class ActionsConfig:
    """Everything the action server needs to know about its surroundings."""

    profile: str
    backend_url: str
    service_token: str
    port: int
    host: str = "127.0.0.1"
    timeout_seconds: float = 5.0

    @property
    def trusts_rest_identity(self) -> bool:
        """Whether metadata identity on the plain REST channel is honoured."""
        return self.profile in DEMO_PROFILES


def load_config(settings: Mapping[str, str]) -> ActionsConfig:
    """Build the action-server configuration from merged settings."""
    profile = profile_of(settings)
    return ActionsConfig(
        profile=profile,
        backend_url=settings.get(
            "ZHANGGUI_BACKEND_URL", "http://127.0.0.1:8080"
        ).rstrip("/"),
        service_token=secret(
            settings, "ZHANGGUI_SERVICE_TOKEN", DEMO_SERVICE_TOKEN, profile
        ),
        port=port(settings, "ACTIONS_PORT", 5055),
        host=settings.get("ACTIONS_HOST", "127.0.0.1"),
        timeout_seconds=float(settings.get("ZHANGGUI_BACKEND_TIMEOUT", "5")),
    )
