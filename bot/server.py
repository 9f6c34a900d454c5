"""Build the ``rasa run`` command line and its environment from the settings."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from common.settings import (
    DEMO_PROFILES,
    PROJECT_ROOT,
    Profile,
    SettingsError,
    SettingsModel,
    port_setting,
    read_settings,
    setting,
)

ENDPOINTS = PROJECT_ROOT / "bot" / "endpoints.yml"
# PostgreSQL tracker store + the Redis lock store: for several replicas.
CLUSTER_ENDPOINTS = PROJECT_ROOT / "bot" / "endpoints.cluster.yml"
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
    # Set in cluster mode: conversations in PostgreSQL, turns locked in Redis.
    tracker_url: str | None = None
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "zhanggui:"

    @property
    def endpoints(self) -> Path:
        """The endpoints file: SQLite and no lock, or the shared stores."""
        return CLUSTER_ENDPOINTS if self.tracker_url else ENDPOINTS


class RasaSettings(SettingsModel):
    """The Rasa server's declared settings (names and defaults: docs/contract.md)."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")
    actions_port: int = port_setting("ACTIONS_PORT", 5055)
    host: str = setting("RASA_HOST", "127.0.0.1")
    port: int = port_setting("RASA_PORT", 5005)
    actions_url: str | None = setting("ZHANGGUI_ACTIONS_URL")
    tracker_db: str = setting("ZHANGGUI_TRACKER_DB", str(DEFAULT_TRACKER_DB))
    token: str | None = setting("ZHANGGUI_RASA_TOKEN")
    model: str | None = setting("ZHANGGUI_MODEL")
    tracker_url: str | None = setting("ZHANGGUI_TRACKER_URL")
    redis_url: str | None = setting("REDIS_URL")
    redis_prefix: str | None = setting("ZHANGGUI_REDIS_PREFIX")


def load_config(settings: Mapping[str, str]) -> RasaServerConfig:
    """Read the Rasa server's settings (the model may be trained later)."""
    declared = read_settings(RasaSettings, settings)
    profile = declared.profile
    token = declared.token or None
    if profile not in DEMO_PROFILES and not token:
        raise SettingsError(
            "ZHANGGUI_RASA_TOKEN must be set outside the demo profile: "
            "Rasa's HTTP API would otherwise be open to anyone"
        )
    actions_url = declared.actions_url
    return RasaServerConfig(
        profile=profile,
        # Rasa's own default is every interface; its demo API has no token.
        host=declared.host,
        port=declared.port,
        actions_url=f"http://127.0.0.1:{declared.actions_port}/webhook"
        if actions_url is None
        else actions_url,
        tracker_db=Path(declared.tracker_db),
        auth_token=None if profile in DEMO_PROFILES else token,
        model=Path(declared.model) if declared.model else None,
        tracker_url=declared.tracker_url or None,
        redis_url=declared.redis_url or "redis://127.0.0.1:6379/0",
        redis_prefix=declared.redis_prefix or "zhanggui:",
    )


def rasa_command(config: RasaServerConfig, model: Path) -> list[str]:
    """Return the ``rasa run`` command line for ``config``."""
    command = [
        sys.executable, "-m", "bot.run_rasa", "run",
        "--model", str(model),
        "--endpoints", str(config.endpoints),
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
    if config.tracker_url:
        env.update(_tracker_parts(config.tracker_url))
        env["REDIS_URL"] = config.redis_url
        env["ZHANGGUI_REDIS_PREFIX"] = config.redis_prefix
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (
        ":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env


def _tracker_parts(url: str) -> dict[str, str]:
    # Rasa's SQL tracker store takes host, port, database and user apart.
    parts = make_url(url)
    if not parts.drivername.startswith("postgres") or not parts.database:
        raise SettingsError("ZHANGGUI_TRACKER_URL must be postgresql://.../<db>")
    return {
        "ZHANGGUI_TRACKER_HOST": parts.host or "127.0.0.1",
        "ZHANGGUI_TRACKER_PORT": str(parts.port or 5432),
        "ZHANGGUI_TRACKER_NAME": parts.database,
        "ZHANGGUI_TRACKER_USER": parts.username or "postgres",
        "ZHANGGUI_TRACKER_PASSWORD": parts.password or "",
    }
