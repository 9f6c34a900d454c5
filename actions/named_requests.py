"""What a message NLU could not place asks for, found by its words.

A caller who talks for two minutes ("business is slow... anyway, what is running low
in my shop?") says the request somewhere in it, usually near the end, and NLU reads
only the end; a short one can be phrased as nobody trained (等等 我先问下 什么快卖完了,
"please cancel order number 7 4 1"). When NLU finds nothing, the last request named
by its words is served (a cancel only reads the order back and asks); with none, a
rambler is asked for one thing at a time.
"""

from __future__ import annotations

import re

RAMBLE_CHARS = 300
"""Longer than this, a message is a ramble (a sentence to the shop runs far shorter)."""

_ASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"快卖完|卖完了|该补|补什么|补点什么|补哪些|缺什么|缺货|进什么货"
            r"|running low|low on|almost (?:finished|gone|empty)|sold out"
            r"|what should i (?:buy|order|restock)|\brestock\b",
            re.IGNORECASE,
        ),
        "action_stock_suggestions",
    ),
    (
        re.compile(r"快递|包裹|取件|\bparcels?\b|\bpackages?\b|\bpickups?\b", re.I),
        "action_list_parcels",
    ),
    (
        re.compile(
            r"货到哪|货什么时候到|订单到哪|where is my (?:order|delivery|stock)"
            r"|when (?:will|does) my order",
            re.IGNORECASE,
        ),
        "action_order_status",
    ),
    (
        re.compile(r"贷款|借钱|借点钱|能借多少|\bloan\b|\bborrow\b", re.IGNORECASE),
        "action_loan_eligibility",
    ),
    (
        re.compile(r"取消|退单|退订|作废|\bcancel", re.IGNORECASE),
        "action_cancel_order",
    ),
)


def last_request(text: str) -> str | None:
    """The action for the request named last in ``text``, or None for none."""
    named = [
        (match.start(), action)
        for pattern, action in _ASKS
        for match in pattern.finditer(text)
    ]
    return max(named)[1] if named else None
