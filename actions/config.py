"""Action-server settings, read once in ``actions/__main__.py`` and passed inward."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.credentials import own_token
from common.settings import decimal_number, port, profile_of


@dataclass(frozen=True)
class ActionsConfig:
    """Everything the action server needs to know about its surroundings."""

    profile: str
    backend_url: str
    actions_token: str
    port: int
    host: str = "127.0.0.1"
    timeout_seconds: float = 5.0


def load_config(settings: Mapping[str, str]) -> ActionsConfig:
    """Build the action-server configuration from merged settings."""
    profile = profile_of(settings)
    return ActionsConfig(
        profile=profile,
        backend_url=settings.get(
            "ZHANGGUI_BACKEND_URL", "http://127.0.0.1:8080"
        ).rstrip("/"),
        actions_token=own_token(settings, "actions"),
        port=port(settings, "ACTIONS_PORT", 5055),
        host=settings.get("ACTIONS_HOST", "127.0.0.1"),
        timeout_seconds=decimal_number(
            settings, "ZHANGGUI_BACKEND_TIMEOUT", 5, 0.5, 60
        ),
    )
