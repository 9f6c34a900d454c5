"""The owner's answer to the reorder form's open question, one kind at a time."""

from __future__ import annotations

from dataclasses import replace

from actions.base import Turn
from actions.reorder_draft import heard_quantity, pick_candidate
from actions.reorder_lines import settle
from actions.reorder_state import (
    AskQuantity,
    CheckQuantity,
    Choose,
    Draft,
    DraftQuestion,
    Suggest,
)

# Intents that leave the form's open question rather than answer it.
NOT_AN_ANSWER = frozenset({
    "deny", "help", "repeat", "slower", "goodbye", "reorder_usual",
    "stock_suggestions", "order_status", "cancel_order", "check_loan_eligibility",
    "apply_loan", "loan_status", "list_parcels", "confirm_pickup", "human_handoff",
    "product_info",
})  # fmt: skip


async def answer_question(
    turn: Turn, draft: Draft, question: DraftQuestion, text: str, intent: str
) -> Draft | None:
    """The draft after the owner's answer to the open question; None if it was none."""
    match question:
        case Choose():
            return await _choose(turn, draft, question, text, intent)
        case Suggest():
            return await _suggest(turn, draft, question, text, intent)
        case CheckQuantity():
            return _check(draft, question, text, intent)
        case AskQuantity():
            if heard_quantity(None, text) is None:
                return None
            unasked = replace(draft, question=None)
            return await settle(turn, unasked, question.product, text, text)
    return None  # "what" with no product named


async def _choose(
    turn: Turn, draft: Draft, question: Choose, text: str, intent: str
) -> Draft | None:
    """"A还是B": a pick among the candidates."""
    picked = pick_candidate(question.candidates, text)
    if picked is None and intent == "affirm":
        # "对" to "A还是B": the first, which the read-back then names.
        picked = question.candidates[0]
    if picked is None:
        # Asking for something else leaves the question (data/rules/reorder.yml)
        # instead of hearing it again in place of an answer; anything else is
        # taken, and the same question is asked again.
        return None if intent in NOT_AN_ANSWER else draft
    unasked = replace(draft, question=None)
    return await settle(turn, unasked, picked, question.quantity, text)


async def _suggest(
    turn: Turn, draft: Draft, question: Suggest, text: str, intent: str
) -> Draft | None:
    """"Did you mean X?": yes settles it, no drops it."""
    if intent == "affirm":
        unasked = replace(draft, question=None)
        return await settle(turn, unasked, question.product, question.quantity, text)
    if intent == "deny":
        return replace(draft, question=None)
    return None


def _check(
    draft: Draft, question: CheckQuantity, text: str, intent: str
) -> Draft | None:
    """"Really that many?": yes, another number, or no (then ask how many)."""
    line = question.line
    if intent == "affirm":
        return replace(draft, lines=(*draft.lines, line), question=None)
    heard = heard_quantity(None, text)
    if heard is not None and heard.whole is not None:
        line = {**line, "quantity": heard.whole}
        return replace(draft, lines=(*draft.lines, line), question=None)
    if intent == "deny":
        return replace(draft, question=AskQuantity(line))
    return None
