"""Action-server settings, read once in ``actions/__main__.py`` and passed inward."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.credentials import own_token
from common.settings import (
    Profile,
    SettingsModel,
    port_setting,
    read_settings,
    setting,
)


@dataclass(frozen=True)
class ActionsConfig:
    """Everything the action server needs to know about its surroundings."""

    profile: str
    backend_url: str
    actions_token: str
    port: int
    host: str = "127.0.0.1"
    timeout_seconds: float = 5.0


class ActionsSettings(SettingsModel):
    """The action server's declared settings (names and defaults: docs/contract.md)."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")
    backend_url: str = setting("ZHANGGUI_BACKEND_URL", "http://127.0.0.1:8080")
    port: int = port_setting("ACTIONS_PORT", 5055)
    host: str = setting("ACTIONS_HOST", "127.0.0.1")
    timeout_seconds: float = setting("ZHANGGUI_BACKEND_TIMEOUT", 5.0, ge=0.5, le=60)


def load_config(settings: Mapping[str, str]) -> ActionsConfig:
    """Build the action-server configuration from merged settings."""
    declared = read_settings(ActionsSettings, settings)
    return ActionsConfig(
        profile=declared.profile,
        backend_url=declared.backend_url.rstrip("/"),
        actions_token=own_token(settings, "actions"),
        port=declared.port,
        host=declared.host,
        timeout_seconds=declared.timeout_seconds,
    )
