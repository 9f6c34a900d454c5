"""Editing the read-back draft: change a line's quantity, remove a line, undo.

"康师傅改成五箱", "雪碧不要了", "wait, change red bull to 4", "改回去". Every edit keeps
each quantity on its own product, reads the whole draft back again and waits for a
yes; nothing is ordered by an edit. The draft before the edit is kept, so that one
undo brings it back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import (
    ShopAction,
    Turn,
    clear_context,
    entity_values,
    latest_intent,
    latest_text,
)
from actions.pin import heard_pin
from actions.pin_answer import answer_pin, pin_awaited
from actions.reorder import read_back
from actions.reorder_draft import CONFIDENT_SCORE, base_name, heard_quantity, line_of
from actions.reorder_state import Json

CLOSE_ENOUGH = 80
SWAP_TARGET = re.compile(
    r"(?:\bwith|\bfor|\bto|换成|改成)\s*([^,，。.!?]{2,40})$", re.IGNORECASE
)
MORE_WORDS = re.compile(r"再加|加上|多加|\bmore\b|\banother\b|\bextra\b", re.I)
SWAP_WORDS = re.compile(
    r"换成|换|改成|改为|\bswap|\breplace|\binstead|\bchange\b", re.I
)


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
        words = {word for term in terms for word in term.split() if len(word) >= 4}
        if any(len(term) >= 2 and term in said for term in terms) or any(
            product in term
            or fuzz.partial_ratio(product, term) >= CLOSE_ENOUGH
            or words & set(product.split())  # "toilet paper" ~ "Toilet Roll"
            for product in products
            for term in terms
        ):
            named.append(index)
    return named


def new_products(lines: Sequence[Json], tracker: Tracker) -> list[str]:
    """Products the owner named that are not on the draft (a swap or an addition)."""
    out = []
    for product in entity_values(tracker, "product"):
        lowered = product.lower()
        if not any(
            lowered in term or term in lowered
            for line in lines
            for term in (t.lower() for t in _terms(line) if len(t) >= 2)
        ):
            out.append(product)
    return out


async def named_but_absent(
    turn: Turn, lines: Sequence[Json], tracker: Tracker
) -> str | None:
    """A catalog product the owner named for an edit that is not on the draft.

    Only when no line was named and it is no swap ("换成百事" names the new one);
    a word NLU took for a product ("不对") is not in the catalog, so it is ignored.
    """
    if lines_named(lines, tracker) or SWAP_WORDS.search(latest_text(tracker)):
        return None
    skus = {str(line["sku"]) for line in lines}
    for named in new_products(lines, tracker):
        found = await clients().catalog.resolve(turn.shop, named, turn.language, 1)
        best = found.candidates[0] if found.candidates else None
        if best is not None and best.score >= CONFIDENT_SCORE:
            if best.product.sku not in skus:
                return said_as(tracker, "product", named)
    return None


def said_as(tracker: Tracker, entity: str, value: str) -> str:
    """The words the owner said for an entity value: "sprite", not its synonym 雪碧."""
    text = latest_text(tracker)
    for item in tracker.latest_message.get("entities") or []:
        start, end = item.get("start"), item.get("end")
        if item.get("entity") == entity and str(item.get("value")) == value:
            if isinstance(start, int) and isinstance(end, int) and text[start:end]:
                return text[start:end]
    return value


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
    quantity = heard.whole
    if MORE_WORDS.search(latest_text(tracker)):
        quantity += int(lines[index].get("quantity") or 0)  # "雪碧再加一箱"
    return [
        {**line, "quantity": quantity} if n == index else line
        for n, line in enumerate(lines)
    ]


async def swapped(
    turn: Turn, lines: list[Json], tracker: Tracker
) -> list[Json] | None:
    """"把百事换成可口可乐", "swap the pepsi for coke": one line's product replaced."""
    index, wanted = _target(lines, tracker), new_products(lines, tracker)
    if not wanted:  # a brand NLU does not know: "replace red bull with eastroc"
        after = SWAP_TARGET.search(latest_text(tracker))
        named = after.group(1).strip() if after else ""
        # "change red bull to 4" names a quantity, not a product.
        wanted = [named] if named and heard_quantity(None, named) is None else []
    if index is None or len(wanted) != 1 or not SWAP_WORDS.search(latest_text(tracker)):
        return None
    found = await clients().catalog.resolve(turn.shop, wanted[0], turn.language, 3)
    if not found.candidates or found.ambiguous or found.candidates[0].score < 0.6:
        return None
    quantities = entity_values(tracker, "quantity")
    heard = heard_quantity(quantities[-1] if quantities else None, latest_text(tracker))
    quantity = heard.whole if heard and heard.whole else lines[index].get("quantity")
    line = line_of(found.candidates[0].product, int(quantity or 1))
    return [line if n == index else old for n, old in enumerate(lines)]


# "把雪碧加回来", "oops, put it back": the draft as it was before the last edit.
UNDO_WORDS = re.compile(
    r"加回来|改回来|改回去|恢复|还原|撤销"
    r"|\bundo\b|\b(?:put|bring|add) (?:it|them|\w+) back",
    re.IGNORECASE,
)


def undoes_edit(tracker: Tracker) -> bool:
    """Whether the owner takes back the last edit of the draft being read back."""
    if not tracker.get_slot("reorder_previous"):
        return False
    return latest_intent(tracker) == "undo" or bool(
        UNDO_WORDS.search(latest_text(tracker))
    )


REMOVE_WORDS = re.compile(
    r"不要了|不要|去掉|删|拿掉|别订|\bremove\b|\bdrop\b|\bno more\b|\bskip\b"
    r"|\btake (?:\w+ )?(?:off|out)\b|\bforget\b|\bdon'?t want\b", re.I
)


def edit_kind(tracker: Tracker) -> str:
    """``remove_item`` or ``change_item``, from the intent or else the words."""
    intent = latest_intent(tracker)
    if intent in ("remove_item", "change_item"):
        return intent
    return "remove_item" if REMOVE_WORDS.search(latest_text(tracker)) else "change_item"


def edits_draft(tracker: Tracker) -> bool:
    """Whether the owner's words change the draft being read back."""
    lines = tracker.get_slot("reorder_items") or []
    if not lines or latest_intent(tracker) in ("affirm", "deny", "provide_pin"):
        return False
    if latest_intent(tracker) in ("change_item", "remove_item"):
        return True
    said = latest_text(tracker)
    named = lines_named(lines, tracker)
    quantity = heard_quantity(None, said)
    return bool(named or len(lines) == 1) and bool(
        quantity is not None or REMOVE_WORDS.search(said) or SWAP_WORDS.search(said)
    )


async def draft_after_edit(
    turn: Turn, tracker: Tracker, intent: str
) -> list[Json] | None:
    """The draft being read back, after the owner's change, swap or removal.

    None when it is unclear which line is meant or what it becomes.
    """
    lines = list(tracker.get_slot("reorder_items") or [])
    swap = intent != "remove_item" or SWAP_WORDS.search(latest_text(tracker))
    # "王老吉不要了 换成加多宝": the "not" is about the old product, not the line.
    changed = await swapped(turn, lines, tracker) if swap else None
    return changed if changed is not None else edited(lines, intent, tracker)


def swaps_a_line(tracker: Tracker) -> bool:
    """Whether the owner swaps a line of the draft for another product."""
    lines = tracker.get_slot("reorder_items") or []
    return bool(lines) and bool(SWAP_WORDS.search(latest_text(tracker))) and bool(
        lines_named(lines, tracker)
    )


async def apply_edit(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
) -> list[EventType]:
    """Apply a change or removal to the draft and read what is left back."""
    lines = list(tracker.get_slot("reorder_items") or [])
    if not lines:
        if entity_values(tracker, "product"):
            return [FollowupAction("reorder_form")]  # a new order, not an edit
        dispatcher.utter_message(response="utter_no_draft_to_edit")
        return []
    absent = await named_but_absent(turn, lines, tracker)
    if absent is not None:
        # "雪碧不要了" with no Sprite on the order: never the one line that is.
        dispatcher.utter_message(response="utter_not_on_draft", product=absent)
        return []
    changed = await draft_after_edit(turn, tracker, intent)
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
        if pin_awaited(tracker) and heard_pin(tracker) is not None:
            # "二 四 六 八" after "your PIN?" is the PIN, never four or eight cases.
            return await answer_pin(turn, dispatcher, tracker)
        if tracker.get_slot("confirming") in ("loan_offer", "loan_apply"):
            from actions.loan_shape import shape_loan, shapes_loan

            if shapes_loan(tracker):  # "还是改成十二个月吧" is about the loan
                return await shape_loan(turn, dispatcher, tracker)
        intent = latest_intent(tracker)
        if undoes_edit(tracker) or intent == "undo":
            previous = tracker.get_slot("reorder_previous")
            if not previous:
                dispatcher.utter_message(response="utter_nothing_to_undo")
                return []
            return [
                SlotSet("reorder_previous", None),
                *await read_back(turn, dispatcher, previous),
            ]
        return await apply_edit(turn, dispatcher, tracker, intent)
