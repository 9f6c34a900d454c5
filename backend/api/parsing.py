"""Reading requests: JSON bodies checked against schemas, query parameters, headers."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

from backend.api.errors import MalformedJsonError
from backend.services.errors import InvalidRequestError

_VALIDATORS: dict[int, Draft7Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft7Validator:
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = _VALIDATORS[id(schema)] = Draft7Validator(schema)
    return validator


async def read_json(request: web.Request) -> Any:
    """The parsed body; 400 if it is not JSON, 413 if too large (raised by aiohttp)."""
    raw = await request.read()
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise MalformedJsonError("The request body is not valid JSON.") from error


def validate(body: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """Check a parsed body against a schema; the first problem becomes a 422."""
    error = best_match(_validator(schema).iter_errors(body))
    if error is not None:
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}"
            for part in error.absolute_path
        ).lstrip(".")
        message = error.message if len(error.message) <= 160 else "invalid value"
        raise InvalidRequestError(
            f"{where}: {message}" if where else message, field=where or None
        )
    assert isinstance(body, dict)
    return body


async def json_body(request: web.Request, schema: dict[str, Any]) -> dict[str, Any]:
    """Read and validate a JSON object body."""
    return validate(await read_json(request), schema)


def path_id(request: web.Request, name: str) -> int:
    """An integer id from the path (the route pattern already admits digits only)."""
    return int(request.match_info[name])


def query_int(
    request: web.Request, name: str, default: int, low: int, high: int
) -> int:
    """An integer query parameter within bounds."""
    raw = request.query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidRequestError(
            f"{name} must be a whole number from {low} to {high}.", field=name
        )
    return int(raw)


def query_choice(
    request: web.Request, name: str, choices: tuple[str, ...]
) -> str | None:
    """An optional query parameter restricted to a few values."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise InvalidRequestError(
            f"{name} must be one of {', '.join(choices)}.", field=name
        )
    return raw
