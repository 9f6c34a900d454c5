"""Build the ``rasa run`` command line and its environment from the settings."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from common.settings import DEMO_PROFILES, PROJECT_ROOT, SettingsError, port, profile_of

ENDPOINTS = PROJECT_ROOT / "bot" / "endpoints.yml"
CREDENTIALS = PROJECT_ROOT / "bot" / "credentials.yml"
DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "rasa_tracker.db"


@dataclass(frozen=True)
class RasaServerConfig:
    """How to run Rasa: ports, the action server, the tracker store, the API token."""

    profile: str
    host: str
    port: int
    actions_url: str
    tracker_db: Path
    auth_token: str | None
    model: Path | None


def load_config(settings: Mapping[str, str]) -> RasaServerConfig:
    """Read the Rasa server's settings (the model may be trained later)."""
    profile = profile_of(settings)
    actions_port = port(settings, "ACTIONS_PORT", 5055)
    token = settings.get("ZHANGGUI_RASA_TOKEN") or None
    if profile not in DEMO_PROFILES and not token:
        raise SettingsError(
            "ZHANGGUI_RASA_TOKEN must be set outside the demo profile: "
            "Rasa's HTTP API would otherwise be open to anyone"
        )
    model = settings.get("ZHANGGUI_MODEL")
    return RasaServerConfig(
        profile=profile,
        # Rasa's own default is every interface; its demo API has no token.
        host=settings.get("RASA_HOST", "127.0.0.1"),
        port=port(settings, "RASA_PORT", 5005),
        actions_url=settings.get(
            "ZHANGGUI_ACTIONS_URL", f"http://127.0.0.1:{actions_port}/webhook"
        ),
        tracker_db=Path(settings.get("ZHANGGUI_TRACKER_DB", str(DEFAULT_TRACKER_DB))),
        auth_token=None if profile in DEMO_PROFILES else token,
        model=Path(model) if model else None,
    )


def rasa_command(config: RasaServerConfig, model: Path) -> list[str]:
    """Return the ``rasa run`` command line for ``config``."""
    command = [
        sys.executable, "-m", "bot.run_rasa", "run",
        "--model", str(model),
        "--endpoints", str(ENDPOINTS),
        "--credentials", str(CREDENTIALS),
        "--interface", config.host,
        "--port", str(config.port),
        "--enable-api",
    ]  # fmt: skip
    if config.auth_token:
        command += ["--auth-token", config.auth_token]
    return command


def rasa_environment(
    config: RasaServerConfig, base: Mapping[str, str]
) -> dict[str, str]:
    """Return the environment endpoints.yml interpolates (``${...}``)."""
    env = dict(base)
    env["ZHANGGUI_ACTIONS_URL"] = config.actions_url
    env["ZHANGGUI_TRACKER_DB"] = str(config.tracker_db)
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (
        ":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env
