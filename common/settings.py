"""Read a service's settings once at start: environment over an optional file.

Each service declares its settings as a :class:`SettingsModel` (pydantic): one typed
field per variable, named by its exact environment name (the field's alias), with
its default and its allowed range or choices. :func:`read_settings` checks the merged
mapping against it and turns every problem into one :class:`SettingsError` naming
the variable, the bad value and what is allowed; :func:`start_or_exit` prints that
and exits with status 2 (no traceback). The service's ``config.py`` then builds the
frozen dataclass it passes inward; nothing deeper reads ``os.environ``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, Extra, Field, ValidationError
from pydantic.fields import ModelField

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE_VARIABLE = "ZHANGGUI_CONFIG_FILE"
DEMO_PROFILES = frozenset({"demo", "test"})
PROFILES = DEMO_PROFILES | {"production"}
REFUSED_STATUS = 2  # The exit status of a service that refuses its settings.

# Problems a service's own validators raise (pydantic names them by their class).
_OWN_WORDS = frozenset({"value_error", "value_error.settings"})

Profile = Literal["demo", "test", "production"]
Model = TypeVar("Model", bound="SettingsModel")
Result = TypeVar("Result")


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe for the chosen profile."""


class SettingsModel(BaseModel):
    """A service's declared settings: typed fields aliased to their variable names."""

    class Config:
        """Unknown variables are other services'; values are fixed once read."""

        extra = Extra.ignore
        allow_mutation = False
        validate_all = True  # Defaults go through the same validators.


def setting(name: str, default: Any = None, **limits: Any) -> Any:
    """One declared setting: its variable ``name``, default and limits (ge, le...)."""
    return Field(default, alias=name, **limits)


def port_setting(name: str, default: int) -> Any:
    """A TCP port setting (1-65535)."""
    return Field(default, alias=name, ge=1, le=65535)


def read_settings(model: type[Model], settings: Mapping[str, str]) -> Model:
    """Check ``settings`` against ``model``; any problem is one clear SettingsError."""
    try:
        return model.parse_obj(settings)
    except ValidationError as error:
        raise SettingsError(_describe(model, error, settings)) from None


def start_or_exit(service: str, load: Callable[[], Result]) -> Result:
    """Run a service's settings loader; on a bad setting say why and exit (status 2)."""
    try:
        return load()
    except SettingsError as error:
        print(f"{service} refuses to start: {error}", file=sys.stderr)
        raise SystemExit(REFUSED_STATUS) from None


def _describe(
    model: type[SettingsModel], error: ValidationError, settings: Mapping[str, str]
) -> str:
    fields = {field.alias: field for field in model.__fields__.values()}
    problems = []
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else model.__name__
        field = fields.get(name)
        allowed = _allowed(field) if field is not None else None
        message = str(problem["msg"])
        if problem["type"] in _OWN_WORDS or name in message:
            # A validator's own words, with no value added: it may be a password.
            problems.append(message if name in message else f"{name}: {message}")
        elif allowed is None:
            problems.append(f"{name}: {problem['msg']}, not {settings.get(name)!r}")
        else:
            problems.append(f"{name} must be {allowed}, not {settings.get(name)!r}")
    return "; ".join(problems)


def _allowed(field: ModelField) -> str | None:
    """What a field accepts, in words, from its declared type and limits."""
    if get_origin(field.outer_type_) is Literal:
        return "one of " + ", ".join(map(str, get_args(field.outer_type_)))
    if field.type_ is bool:
        return "on or off (1/0, true/false, yes/no)"
    if not isinstance(field.type_, type) or not issubclass(field.type_, (int, float)):
        return None
    kind = "a whole number" if issubclass(field.type_, int) else "a number"
    info = field.field_info
    low = info.ge if info.ge is not None else info.gt
    high = info.le if info.le is not None else info.lt
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind} of at least {low}"
    return kind


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


class ProfileSettings(SettingsModel):
    """The deployment profile every service reads."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")


class BackendUrlSettings(SettingsModel):
    """Where a caller of the backend finds it (``ZHANGGUI_BACKEND_URL``)."""

    backend_url: str = setting("ZHANGGUI_BACKEND_URL", "http://127.0.0.1:8080")


def profile_of(settings: Mapping[str, str]) -> str:
    """Return the deployment profile (``demo``, ``test`` or ``production``)."""
    return read_settings(ProfileSettings, settings).profile


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


def resolve_path(raw: str) -> Path:
    """A path setting: absolute as given, else under the project root."""
    path = Path(raw)
    return path if path.is_absolute() else PROJECT_ROOT / path
