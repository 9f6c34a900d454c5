"""The reorder form's draft as typed, frozen values, and its form in a slot.

A draft is the lines settled so far, the product mentions still to resolve and the
one open question for the owner. Values never change: a step of the form returns
a new draft (``dataclasses.replace``).

The ``reorder_pending`` slot keeps the JSON it has always had, so that a
conversation stored in a tracker before a deploy still loads after it::

    {"lines": [line...], "queue": [{"query": ..., "quantity": ...}...],
     "question": null | {"kind": "what"|"suggest"|"choose"|"quantity"|"check", ...}}

Order lines stay the JSON dicts of ``line_of`` (as in ``reorder_items``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

logger = logging.getLogger(__name__)

Json = dict[str, Any]


@dataclass(frozen=True)
class Mention:
    """A product named by the owner, with the quantity said next to it."""

    query: str
    quantity: str | None


@dataclass(frozen=True)
class AskWhat:
    """"What would you like to order?": nothing named yet."""


@dataclass(frozen=True)
class Suggest:
    """"Did you mean X?": the catalog's best match was not close enough."""

    query: str
    product: Json
    quantity: str | None


@dataclass(frozen=True)
class Choose:
    """"A, B or C?": several products match; the quantity said waits for the pick."""

    quantity: str | None
    candidates: tuple[Json, ...]


@dataclass(frozen=True)
class AskQuantity:
    """"How many?"; ``whole`` when a part was said ("半箱"): whole units are asked."""

    product: Json
    whole: bool = False


@dataclass(frozen=True)
class CheckQuantity:
    """"Really that many?": an unusual quantity read back before it is a line.

    No longer asked (the read-back says it instead); kept so that a conversation
    stored mid-question before that change still loads and is answered.
    """

    line: Json


DraftQuestion: TypeAlias = AskWhat | Suggest | Choose | AskQuantity | CheckQuantity


@dataclass(frozen=True)
class Draft:
    """The reorder form's working state."""

    lines: tuple[Json, ...] = ()
    queue: tuple[Mention, ...] = ()
    question: DraftQuestion | None = None


class MalformedDraftError(ValueError):
    """A slot value that is not a draft this code wrote."""


def draft_to_slot(draft: Draft) -> Json:
    """The slot value of a draft."""
    return {
        "lines": list(draft.lines),
        "queue": [{"query": m.query, "quantity": m.quantity} for m in draft.queue],
        "question": (
            None if draft.question is None else question_to_slot(draft.question)
        ),
    }


def question_to_slot(question: DraftQuestion) -> Json:
    """The slot value of a question: its fields under the "kind" it had on the wire."""
    match question:
        case AskWhat():
            return {"kind": "what"}
        case Suggest(query, product, quantity):
            return {"kind": "suggest", "query": query, "product": product,
                    "quantity": quantity}  # fmt: skip
        case Choose(quantity, candidates):
            return {"kind": "choose", "quantity": quantity,
                    "candidates": list(candidates)}  # fmt: skip
        case AskQuantity(product, whole):
            return {"kind": "quantity", "product": product, "whole": whole}
        case CheckQuantity(line):
            return {"kind": "check", "line": line}


def draft_from_slot(value: object) -> Draft | None:
    """The draft in a slot value; None when there is none or it is malformed.

    A value this code cannot read starts a fresh draft rather than failing the turn.
    """
    if not isinstance(value, Mapping):
        return None
    try:
        question = value.get("question")
        return Draft(
            lines=tuple(_dicts(value.get("lines"))),
            queue=tuple(_mention(m) for m in _dicts(value.get("queue"))),
            question=None if question is None else question_from_slot(question),
        )
    except MalformedDraftError as error:
        # Seen in the logs, since the owner only hears the form start over.
        logger.warning("reorder_pending is no draft (%s): starting afresh", error)
        return None


def question_from_slot(value: object) -> DraftQuestion:
    """The question in a slot value; ``MalformedDraftError`` for anything else."""
    if not isinstance(value, Mapping):
        raise MalformedDraftError("a question is an object")
    reader = _READERS.get(str(value.get("kind")))
    if reader is None:
        raise MalformedDraftError(f"no question of kind {value.get('kind')!r}")
    return reader(value)


def _suggest(value: Mapping[str, Any]) -> Suggest:
    return Suggest(
        _text(value.get("query")), _dict(value.get("product")),
        _said(value.get("quantity")),
    )  # fmt: skip


def _choose(value: Mapping[str, Any]) -> Choose:
    candidates = tuple(_dicts(value.get("candidates")))
    if not candidates:
        raise MalformedDraftError("a choice needs candidates")
    return Choose(_said(value.get("quantity")), candidates)


def _ask_quantity(value: Mapping[str, Any]) -> AskQuantity:
    # Written without "whole" after a "no" to "really that many?": not whole.
    whole = value.get("whole", False)
    if not isinstance(whole, bool):
        raise MalformedDraftError("whole is true or false")
    return AskQuantity(_dict(value.get("product")), whole)


_READERS: Mapping[str, Callable[[Mapping[str, Any]], DraftQuestion]] = {
    "what": lambda value: AskWhat(),
    "suggest": _suggest,
    "choose": _choose,
    "quantity": _ask_quantity,
    "check": lambda value: CheckQuantity(_dict(value.get("line"))),
}


def _mention(value: Json) -> Mention:
    return Mention(_text(value.get("query")), _said(value.get("quantity")))


def _dicts(value: object) -> list[Json]:
    if not isinstance(value, list):
        raise MalformedDraftError("a list was expected")
    return [_dict(item) for item in value]


def _dict(value: object) -> Json:
    if not isinstance(value, dict):
        raise MalformedDraftError("an object was expected")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise MalformedDraftError("a string was expected")
    return value


def _said(value: object) -> str | None:
    return None if value is None else _text(value)
