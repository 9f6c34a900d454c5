"""The owner's answer to the reorder form's open question, one kind at a time."""

from __future__ import annotations

from actions.base import Turn
from actions.reorder_draft import Json, heard_quantity, pick_candidate
from actions.reorder_lines import settle

# Intents that leave the form's open question rather than answer it.
NOT_AN_ANSWER = frozenset({
    "deny", "help", "repeat", "slower", "goodbye", "reorder_usual",
    "stock_suggestions", "order_status", "cancel_order", "check_loan_eligibility",
    "apply_loan", "loan_status", "list_parcels", "confirm_pickup", "human_handoff",
    "product_info",
})  # fmt: skip


async def answer_question(
    turn: Turn, draft: Json, question: Json, text: str, intent: str
) -> bool:
    """Apply the owner's answer to the open question; False if it was none."""
    kind = question["kind"]
    if kind == "choose":
        return await _choose(turn, draft, question, text, intent)
    if kind == "suggest":
        return await _suggest(turn, draft, question, text, intent)
    if kind == "check":
        return _check(draft, question, text, intent)
    if kind == "quantity":
        heard = heard_quantity(None, text)
        if heard is None:
            return False
        draft["question"] = None
        await settle(turn, draft, question["product"], text, text)
        return True
    return False  # "what" with no product named


async def _choose(
    turn: Turn, draft: Json, question: Json, text: str, intent: str
) -> bool:
    """"A还是B": a pick among the candidates."""
    picked = pick_candidate(question["candidates"], text)
    if picked is None and intent == "affirm":
        # "对" to "A还是B": the first, which the read-back then names.
        picked = question["candidates"][0]
    if picked is None:
        # Asking for something else leaves the question (data/rules/reorder.yml)
        # instead of hearing it again in place of an answer.
        return intent not in NOT_AN_ANSWER
    draft["question"] = None
    await settle(turn, draft, picked, question.get("quantity"), text)
    return True


async def _suggest(
    turn: Turn, draft: Json, question: Json, text: str, intent: str
) -> bool:
    """"Did you mean X?": yes settles it, no drops it."""
    if intent == "affirm":
        draft["question"] = None
        await settle(turn, draft, question["product"], question.get("quantity"), text)
        return True
    if intent == "deny":
        draft["question"] = None
        return True
    return False


def _check(draft: Json, question: Json, text: str, intent: str) -> bool:
    """"Really that many?": yes, another number, or no (then ask how many)."""
    line = question["line"]
    if intent == "affirm":
        draft["lines"].append(line)
        draft["question"] = None
        return True
    heard = heard_quantity(None, text)
    if heard is not None and heard.whole is not None:
        line = {**line, "quantity": heard.whole}
        draft["lines"].append(line)
        draft["question"] = None
        return True
    if intent == "deny":
        draft["question"] = {"kind": "quantity", "product": line}
        return True
    return False
