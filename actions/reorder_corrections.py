"""A no to the read-back that carries its own correction.

"不对，十五箱", "不对，雪碧不要了", "no, make it 4": the no says what the line should
be instead, so it is an edit of the draft rather than the end of it.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.base import entity_values, latest_intent, latest_text
from actions.reorder_draft import UNUSUAL_QUANTITY, heard_quantity
from actions.reorder_edit import REMOVE_WORDS, SWAP_WORDS, lines_named

# "不对，十五箱", "no, make it 4": a no that says what the line should be instead.
CORRECTION_WORDS = re.compile(
    r"改成|改为|换成|要|\bmake it\b|\bchange\b|\bonly\b", re.IGNORECASE
)


LEADING_NO = re.compile(
    r"\s*(?:不对|不是|错了|搞错了|\bno\b|\bnope\b|\bwrong\b)", re.IGNORECASE
)


def corrects_draft(tracker: Tracker) -> bool:
    """Whether a no to the read-back carries its own correction.

    "不对，十五箱" changes the one line (or the line it names) to fifteen;
    "不对，雪碧不要了" drops Sprite. A bare number after a no ("不对 2468") is
    not a quantity: without a measure word or a change word it stays a no.
    """
    lines = tracker.get_slot("reorder_items") or []
    said = latest_text(tracker)
    if not lines or not (latest_intent(tracker) == "deny" or LEADING_NO.match(said)):
        return False  # NLU may hear "不对，十五箱" as an order of "不对"
    if entity_values(tracker, "digits"):
        return False  # a PIN or a code, said after the no
    named = lines_named(lines, tracker)
    if named and (REMOVE_WORDS.search(said) or SWAP_WORDS.search(said)):
        return len(named) == 1
    quantity = heard_quantity(None, said)
    if quantity is None or quantity.whole is None or not (named or len(lines) == 1):
        return False
    corrected = quantity.unit is not None or bool(CORRECTION_WORDS.search(said))
    return corrected and quantity.whole < UNUSUAL_QUANTITY
