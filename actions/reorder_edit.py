"""Editing the read-back draft: change a line's quantity, remove a line, undo.

"康师傅改成五箱", "雪碧不要了", "wait, change red bull to 4", "改回去". Every edit keeps
each quantity on its own product, reads the whole draft back again and waits for a
yes; nothing is ordered by an edit. The draft before the edit is kept, so that one
undo brings it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import (
    ShopAction,
    Turn,
    clear_context,
    entity_values,
    latest_intent,
    latest_text,
)
from actions.reorder import read_back
from actions.reorder_draft import Json, base_name, heard_quantity

CLOSE_ENOUGH = 80


def _terms(line: Json) -> list[str]:
    return [str(line.get(key) or "") for key in ("brand_zh", "brand_en")] + [
        base_name(str(line.get("name_zh") or "")),
        str(line.get("name_en") or ""),
    ]


def lines_named(lines: Sequence[Json], tracker: Tracker) -> list[int]:
    """Indexes of the draft lines the owner named (by brand, name or product words)."""
    said = latest_text(tracker).lower()
    products = [value.lower() for value in entity_values(tracker, "product")]
    named = []
    for index, line in enumerate(lines):
        terms = [term.lower() for term in _terms(line) if term]
        if any(len(term) >= 2 and term in said for term in terms) or any(
            product in term or fuzz.partial_ratio(product, term) >= CLOSE_ENOUGH
            for product in products
            for term in terms
        ):
            named.append(index)
    return named


def _target(lines: Sequence[Json], tracker: Tracker) -> int | None:
    named = lines_named(lines, tracker)
    if len(named) == 1:
        return named[0]
    return 0 if not named and len(lines) == 1 else None


def edited(lines: list[Json], intent: str, tracker: Tracker) -> list[Json] | None:
    """The draft after the owner's edit, or None when it is unclear what to edit."""
    index = _target(lines, tracker)
    if index is None:
        return None
    if intent == "remove_item":
        return lines[:index] + lines[index + 1 :]
    quantities = entity_values(tracker, "quantity")
    heard = heard_quantity(quantities[-1] if quantities else None, latest_text(tracker))
    if heard is None or heard.whole is None:
        return None
    return [
        {**line, "quantity": heard.whole} if n == index else line
        for n, line in enumerate(lines)
    ]


async def apply_edit(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
) -> list[EventType]:
    """Apply a change or removal to the draft and read what is left back."""
    lines = list(tracker.get_slot("reorder_items") or [])
    if not lines:
        dispatcher.utter_message(response="utter_no_draft_to_edit")
        return []
    changed = edited(lines, intent, tracker)
    if changed is None:
        dispatcher.utter_message(response="utter_which_line")
        return []
    keep = SlotSet("reorder_previous", lines)
    if not changed:
        dispatcher.utter_message(response="utter_draft_emptied")
        return [keep, SlotSet("reorder_items", None), *clear_context()]
    return [keep, *await read_back(turn, dispatcher, changed)]


class ActionEditDraft(ShopAction):
    """Change, remove or undo a line of the draft, then read it back again."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_edit_draft"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Apply the edit to the draft being confirmed."""
        intent = latest_intent(tracker)
        if intent == "undo":
            previous = tracker.get_slot("reorder_previous")
            if not previous:
                dispatcher.utter_message(response="utter_nothing_to_undo")
                return []
            return [
                SlotSet("reorder_previous", None),
                *await read_back(turn, dispatcher, previous),
            ]
        return await apply_edit(turn, dispatcher, tracker, intent)
