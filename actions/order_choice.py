"""Which placed order the owner means: by number, by product, by day, or by asking.

Pure where it can be: the owner's words are read here, the orders come from the
caller. "取消745号订单", "cancel the sprite order", "昨天那个" all pick one order;
when several still fit and nothing tells them apart, the owner is asked which.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from rasa_sdk import Tracker

from actions.base import entity_values, latest_text
from actions.clients.orders import Order
from actions.numbers import parse_code, parse_ordinal
from actions.shop_time import SHOP_TIME
from common.vocabulary import ZH_DIGITS

MAX_CHOICES = 3
CANCEL_WORDS = re.compile(
    r"取消|退掉|退单|退订|退了|撤|作废|删|不要了|不订了|不想要|不想订|别送|不要送|别发"
    r"|\bcancel|\bcall\b.*\boff\b|\bscrap|\bwithdraw|\bdon'?t (?:send|ship|deliver)"
    r"|\bstop the delivery|\bkill\b|\bdelete\b|\bremove the order|\brevoke|\babort"
    r"|\bundo my order|\btake back|\bno longer need|\bforget the order"
    r"|\bdon'?t (?:need|want) (?:that|the|my) (?:order|delivery)",
    re.IGNORECASE,
)
_DIGIT_CHARS = "0-9" + "".join(ZH_DIGITS)
_ORDER_NUMBER = re.compile(
    r"(?:订单|单号|order(?:\s+(?:number|no\.?|#))?)\s*#?\s*"
    rf"([{_DIGIT_CHARS} ]{{2,12}})|([{_DIGIT_CHARS}]{{2,9}})\s*号",
    re.IGNORECASE,
)
_DAYS_AGO = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2}


def says_cancel(text: str) -> bool:
    """Whether the owner actually said to cancel (ordering words never cancel)."""
    return CANCEL_WORDS.search(text) is not None


def mentioned_order_ids(tracker: Tracker) -> list[int]:
    """Order numbers the owner said: "745号", "order 750", "订单七四五"."""
    found: list[int] = []
    text = latest_text(tracker)
    for match in _ORDER_NUMBER.finditer(text):
        digits = parse_code(match.group(1) or match.group(2) or "")
        if digits:
            found.append(int(digits))
    for value in entity_values(tracker, "digits") + entity_values(tracker, "order_id"):
        digits = parse_code(value)
        if digits and int(digits) not in found and len(digits) <= 9:
            found.append(int(digits))
    return found


def mentioned_day(text: str, today: date) -> date | None:
    """The day an order was placed, when the owner names one (today, yesterday)."""
    lowered = text.lower()
    for word, days in _DAYS_AGO.items():
        if word in lowered:
            return today - timedelta(days=days)
    return None


def placed_on(order: Order) -> date | None:
    """The shop's local date an order was placed on."""
    try:
        moment = datetime.fromisoformat(order.created_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(SHOP_TIME).date()


def by_position(choices: Sequence[int], tracker: Tracker) -> int | None:
    """The order picked from a list read out: "第二个", "the last one"."""
    position = parse_ordinal(latest_text(tracker))
    if position is None:
        return None
    index = len(choices) - 1 if position == -1 else position - 1
    return choices[index] if 0 <= index < len(choices) else None
