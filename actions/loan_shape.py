"""Loans shaped by the owner, in any order and changeable until the final yes.

Their own amount (up to the offer) and a term of 6, 12 or 24 months.

"借三万就够了 分六个月还", "不对 我只要三万", "make it 24 months". The monthly figure
comes from the backend (``POST .../loan-quotes``), the one place money is worked out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Turn, entity_values, latest_text
from actions.clients.errors import Rejected
from actions.loans import APPLY, offer_from_slot, offer_slot, read_back_application
from actions.numbers import parse_amount
from actions.services import services
from actions.speech_text import money_words, months_words

TERMS = (6, 12, 24)
_TERM_TEXT = re.compile(
    r"([0-9一二两三六十]+)\s*(?:个)?月|(半年|一年|两年|二年)|(\d+)\s*months?", re.I
)
_YEARS = {"半年": 6, "一年": 12, "两年": 24, "二年": 24}
_ZH_MONTHS = {"六": 6, "十二": 12, "二十四": 24, "两": 2, "三": 3, "十": 10}


def heard_term(tracker: Tracker) -> int | None:
    """The loan term the owner said, in months (the number extractor's ``term``)."""
    for value in entity_values(tracker, "term"):
        if value.isdigit():
            return int(value)
    match = _TERM_TEXT.search(latest_text(tracker))
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
        if amount:
            return amount
    text = latest_text(tracker)
    if re.search(r"万|千|块|元|yuan|thousand|\d{4,}", text, re.IGNORECASE):
        return parse_amount(text)
    return None


def shapes_loan(tracker: Tracker) -> bool:
    """Whether the owner said an amount or a term while a loan offer is open."""
    if offer_from_slot(tracker.get_slot("loan_offer")) is None:
        return False
    return heard_amount(tracker) is not None or heard_term(tracker) is not None


async def shape_loan(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Apply the owner's amount and term to the offer and read it back for a yes."""
    offer = offer_from_slot(tracker.get_slot("loan_offer"))
    if offer is None or offer.offer_id is None:
        return await read_back_application(turn, dispatcher, tracker)
    ceiling = Decimal(str((tracker.get_slot("loan_offer") or {}).get("ceiling")
                          or offer.amount))  # fmt: skip
    amount, term = heard_amount(tracker), heard_term(tracker)
    if amount is not None and amount > ceiling:
        dispatcher.utter_message(
            response="utter_loan_amount_too_high",
            amount=money_words(ceiling, turn.language),
        )
        return []
    if term is not None and term not in TERMS:
        dispatcher.utter_message(response="utter_loan_terms")
        return []
    shaped = replace(
        offer, amount=amount or offer.amount, term_months=term or offer.term_months
    )
    if not turn.session:
        return await read_back_application(turn, dispatcher, tracker)
    try:
        monthly = await services().loans.quote(
            turn.shop, offer.offer_id, shaped.amount, shaped.term_months, turn.session
        )
    except Rejected:
        dispatcher.utter_message(response="utter_loan_terms")
        return []
    shaped = replace(shaped, monthly_repayment=monthly)
    dispatcher.utter_message(
        response="utter_loan_readback",
        amount=money_words(shaped.amount, turn.language),
        term=months_words(shaped.term_months, turn.language),
        monthly=money_words(shaped.monthly_repayment, turn.language),
    )
    dispatcher.utter_message(response="utter_loan_confirm_apply")
    return [
        SlotSet("loan_offer", {**offer_slot(shaped), "ceiling": str(ceiling)}),
        *APPLY.asked(),
    ]
