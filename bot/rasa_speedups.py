"""A measured speed-up for Rasa 3.6, applied when ``python -m bot serve`` starts Rasa.

Rasa checks every action-server answer with ``jsonschema.validate``, which re-checks
the schema itself on each call: ~20 ms per custom action on this machine, most of
what a custom action adds to a turn (``benchmarks/dialogue_bench.py``). Building the
validator once gives the same verdicts and error messages in under 1 ms.
"""

from __future__ import annotations

from typing import Any

RASA_SERIES = "3.6."


def apply() -> bool:
    """Install the cached validator; return False (and change nothing) on other Rasa."""
    import rasa
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if not rasa.__version__.startswith(RASA_SERIES):
        return False
    spec = RemoteAction.action_response_format_spec()
    kind = validator_for(spec)
    kind.check_schema(spec)
    validator = kind(spec)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                "For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise
        return True

    RemoteAction._validate_action_result = validate_action_result
    return True
