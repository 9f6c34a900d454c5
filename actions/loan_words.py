"""The amount and term an owner says for a loan (pure: reads the turn's words)."""

from __future__ import annotations

import re
from decimal import Decimal

from rasa_sdk import Tracker

from actions.base import entity_values, latest_intent, latest_text
from actions.numbers import parse_amount

SMALLEST_LOAN = Decimal(1000)
_TERM_TEXT = re.compile(
    r"([0-9一二两三六十]+)\s*(?:个)?月|(半年|一年|两年|二年)|(\d+)\s*months?", re.I
)
_YEARS = {"半年": 6, "一年": 12, "两年": 24, "二年": 24}
_ZH_MONTHS = {"六": 6, "十二": 12, "二十四": 24, "两": 2, "三": 3, "十": 10}


# "how much a month?", "每个月还多少": "a month" is how often, not a term.
_PER_MONTH = re.compile(r"\b(?:a|per|every|each) month\b|每个?月|一个月还|月供", re.I)


def heard_term(tracker: Tracker) -> int | None:
    """The loan term the owner said, in months (the number extractor's ``term``)."""
    said = latest_text(tracker).strip()
    for value in entity_values(tracker, "term"):
        if value.isdigit() and not (value == "1" and _PER_MONTH.search(said)):
            return int(value)
    bare = re.fullmatch(r"(6|12|24)(?:\s*then|\s*吧|\s*please)?", said, re.IGNORECASE)
    if bare:  # "6 then", answering "6, 12 or 24 months?"
        return int(bare.group(1))
    match = _TERM_TEXT.search(said)
    if not match:
        return None
    if match.group(2):
        return _YEARS[match.group(2)]
    raw = match.group(1) or match.group(3)
    return int(raw) if raw.isdigit() else _ZH_MONTHS.get(raw)


def heard_amount(tracker: Tracker) -> Decimal | None:
    """The sum the owner asked for, from NLU's ``amount`` or the words themselves."""
    for raw in entity_values(tracker, "amount"):
        amount = parse_amount(raw)
        # "make it 24 months": a bare small number is the term, not a sum.
        if amount and amount >= SMALLEST_LOAN:
            return amount
    text = re.sub(r"(?<=\d),(?=\d{3})", "", latest_text(tracker))  # 15,000
    if latest_intent(tracker) == "provide_pin" or re.fullmatch(r"\s*\d{4}\s*", text):
        return None  # four bare digits are a PIN
    if re.search(r"万|千|块|元|yuan|thousand|\d{4,}", text, re.IGNORECASE):
        amount = parse_amount(text)
        return amount if amount and amount >= SMALLEST_LOAN else None
    return None


def wish_of(tracker: Tracker) -> dict[str, str | int] | None:
    """The amount and term said in this turn, kept while the PIN is asked."""
    amount, term = heard_amount(tracker), heard_term(tracker)
    if amount is None and term is None:
        return None
    wish: dict[str, str | int] = {}
    if amount is not None:
        wish["amount"] = str(amount)
    if term is not None:
        wish["term"] = term
    return wish
