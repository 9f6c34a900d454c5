"""The error JSON every service answers with and reads: one shape, one builder.

docs/contract.md: ``{"error": {"code": "snake_case", "message": "English sentence",
...extra}}`` with a 4xx (or 5xx) status. Each web framework serialises the dict itself;
building it here keeps the shape, and the order of its keys, the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ERROR_KEY = "error"


def error_body(
    code: str,
    message: str,
    extra: Mapping[str, Any] | None = None,
    *,
    extra_first: bool = False,
) -> dict[str, dict[str, Any]]:
    """The contract's error body: ``{"error": {"code", "message", ...extra}}``.

    Args:
        code: A snake_case code clients branch on (``wrong_pin``).
        message: An English sentence for people reading logs.
        extra: More fields (``tries_left``...).
        extra_first: Put the extra fields before ``code`` and ``message``, which then
            win over extra fields of the same name (the backend's order).
    """
    fields = dict(extra or {})
    if extra_first:
        return {ERROR_KEY: {**fields, "code": code, "message": message}}
    return {ERROR_KEY: {"code": code, "message": message, **fields}}


def error_fields(body: object) -> dict[str, Any]:
    """The ``error`` object of an answer's body, or ``{}`` when there is none."""
    error = body.get(ERROR_KEY) if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def error_code(body: object, default: str) -> str:
    """The error code of an answer's body, or ``default`` when it carries none."""
    return str(error_fields(body).get("code", default))
