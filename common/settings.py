"""Read a service's settings once at start: environment over an optional file.

Each service's ``config.py`` calls :func:`load_settings` at its edge and turns the
result into a frozen dataclass that it passes inward; nothing deeper reads
``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE_VARIABLE = "ZHANGGUI_CONFIG_FILE"
DEMO_PROFILES = frozenset({"demo", "test"})
PROFILES = DEMO_PROFILES | {"production"}


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe for the chosen profile."""


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Merge the optional YAML settings file with the environment (environment wins)."""
    env = dict(os.environ if environ is None else environ)
    merged: dict[str, str] = {}
    file_name = env.get(CONFIG_FILE_VARIABLE)
    if file_name:
        path = Path(file_name)
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise SettingsError(f"cannot read settings file {path}: {error}") from error
        if not isinstance(loaded, dict):
            raise SettingsError(f"settings file {path} must hold a mapping")
        merged.update({str(key): str(value) for key, value in loaded.items()})
    merged.update(env)
    return merged


def profile_of(settings: Mapping[str, str]) -> str:
    """Return the deployment profile (``demo``, ``test`` or ``production``)."""
    profile = settings.get("ZHANGGUI_PROFILE", "demo")
    if profile not in PROFILES:
        raise SettingsError(
            f"ZHANGGUI_PROFILE must be one of {sorted(PROFILES)}, not {profile!r}"
        )
    return profile


def secret(
    settings: Mapping[str, str], name: str, demo_default: str, profile: str
) -> str:
    """Return a secret setting; the demo default is refused outside demo profiles."""
    value = settings.get(name, demo_default)
    if profile not in DEMO_PROFILES and value == demo_default:
        raise SettingsError(
            f"{name} is the published demo value; set a real secret for the "
            f"{profile!r} profile"
        )
    if not value:
        raise SettingsError(f"{name} must not be empty")
    return value


def port(settings: Mapping[str, str], name: str, default: int) -> int:
    """Return a TCP port setting, checked to be in range."""
    raw = settings.get(name, str(default))
    try:
        value = int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a port number, not {raw!r}") from error
    if not 0 < value < 65536:
        raise SettingsError(f"{name} must be between 1 and 65535, not {value}")
    return value


def whole_number(
    settings: Mapping[str, str], name: str, default: int, low: int, high: int
) -> int:
    """Return a whole-number setting, checked to lie in ``low``..``high``."""
    raw = settings.get(name, str(default))
    try:
        value = int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from error
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def decimal_number(
    settings: Mapping[str, str], name: str, default: float, low: float, high: float
) -> float:
    """Return a number setting (fractions allowed) within ``low``..``high``."""
    raw = settings.get(name, str(default))
    try:
        value = float(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from error
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value
