"""Message bodies checked against declared JSON schemas, each problem a set answer.

A :class:`BodySchema` pairs a JSON schema with the refusal (status, code, message)
each part of it gives when broken, so a channel keeps its documented error answers
(docs/contract.md) while the checking itself is declared, not written by hand.
When a body breaks several rules, the refusal listed first wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend


def _whole_number(_checker: Any, instance: Any) -> bool:
    # JSON's 16000.0 is not a whole number here, nor is true.
    return isinstance(instance, int) and not isinstance(instance, bool)


StrictValidator = extend(
    Draft7Validator,
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("integer", _whole_number),
)
BODY = ""  # The ``where`` of a refusal about the body as a whole.


@dataclass(frozen=True)
class Refusal:
    """The answer to a body that breaks one rule of its schema."""

    status: int
    code: str
    message: str


@dataclass(frozen=True)
class Rule:
    """Where a problem is (a top-level property, or BODY) and which keyword broke."""

    where: str
    refusal: Refusal
    keyword: str | None = None  # None: any keyword at ``where``.


class BodySchema:
    """A JSON schema and, in order of precedence, the refusal for each broken part."""

    def __init__(self, schema: dict[str, Any], rules: Sequence[Rule]) -> None:
        StrictValidator.check_schema(schema)
        self.schema = schema
        self._validator = StrictValidator(schema)
        self._rules = tuple(rules)

    def refusal(self, body: Any) -> Refusal | None:
        """The refusal for the first-listed rule ``body`` breaks, or None if it fits."""
        ranks = [self._rank(error, body) for error in self._validator.iter_errors(body)]
        if not ranks:
            return None
        return self._rules[min(ranks)].refusal

    def _rank(self, error: ValidationError, body: Any) -> int:
        where = _where(error, body)
        exact = any_rule = None
        for index, rule in enumerate(self._rules):
            if rule.where != where:
                continue
            if rule.keyword == error.validator and exact is None:
                exact = index
            if rule.keyword is None and any_rule is None:
                any_rule = index
        found = exact if exact is not None else any_rule
        if found is None:
            raise LookupError(f"no refusal declared for {where!r} {error.validator}")
        return found


def _where(error: ValidationError, body: Any) -> str:
    if error.path:
        return str(error.path[0])
    if error.validator == "required" and isinstance(body, dict):
        required = error.validator_value
        return next((str(name) for name in required if name not in body), BODY)
    return BODY
