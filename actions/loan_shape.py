"""Loans shaped by the owner, in any order and changeable until the final yes.

Their own amount (up to the offer) and a term of 6, 12 or 24 months.

"借三万就够了 分六个月还", "不对 我只要三万", "make it 24 months". The monthly figure
comes from the backend (``POST .../loan-quotes``), the one place money is worked out.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import clients
from actions.base import Turn
from actions.clients.errors import Rejected
from actions.clients.loans import Eligibility
from actions.loan_words import heard_amount, heard_term
from actions.loans import (
    APPLY,
    OFFER,
    offer_from_slot,
    offer_slot,
    read_back_application,
)
from actions.speech_text import money_words, months_words

logger = logging.getLogger(__name__)
TERMS = (6, 12, 24)
def shapes_loan(tracker: Tracker) -> bool:
    """Whether the owner said an amount or a term while a loan offer is open."""
    if offer_from_slot(tracker.get_slot("loan_offer")) is None:
        return False
    return heard_amount(tracker) is not None or heard_term(tracker) is not None


async def shape_loan(
    turn: Turn,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kept: dict[str, Any] | None = None,
    wish: dict[str, Any] | None = None,
) -> list[EventType]:
    """Apply the owner's amount and term to the offer and read it back for a yes.

    ``kept`` is the offer slot (default: the tracker's); ``wish`` the amount and
    term (default: what this turn said).
    """
    kept = kept if kept is not None else tracker.get_slot("loan_offer") or {}
    offer = offer_from_slot(kept)
    if offer is None or offer.offer_id is None:
        return await read_back_application(turn, dispatcher, tracker)
    ceiling = Decimal(str(kept.get("ceiling") or offer.amount))
    amount, term = _wished(tracker, wish)
    # Asked again ("how much?", "6, 12 or 24?"): the offer stays open for the
    # answer, with the amount already said kept.
    still_open = [
        SlotSet("loan_offer", {**kept, "ceiling": str(ceiling)}),
        *OFFER.asked(),
    ]
    if amount is not None and amount > ceiling:
        dispatcher.utter_message(
            response="utter_loan_amount_too_high",
            amount=money_words(ceiling, turn.language),
        )
        return [*still_open, SlotSet("loan_wish", None)]
    if term is not None and term not in TERMS:
        dispatcher.utter_message(response="utter_loan_terms")
        wished = {"amount": str(amount)} if amount is not None else None
        return [*still_open, SlotSet("loan_wish", wished)]
    shaped = replace(
        offer, amount=amount or offer.amount, term_months=term or offer.term_months
    )
    if not turn.owner_session:
        return await read_back_application(turn, dispatcher, tracker)
    return await _quote_and_read_back(turn, dispatcher, shaped, ceiling)


def _wished(
    tracker: Tracker, wish: dict[str, Any] | None
) -> tuple[Decimal | None, int | None]:
    """The amount and term wished: ``wish`` if given, else this turn's words."""
    if wish is None:
        amount, term = heard_amount(tracker), heard_term(tracker)
        kept_wish = tracker.get_slot("loan_wish") or {}
        if amount is None and kept_wish.get("amount"):
            amount = Decimal(str(kept_wish["amount"]))  # "10000 for 5 months", "6 then"
    else:
        raw = wish.get("amount")
        amount = Decimal(str(raw)) if raw else None
        term = int(wish["term"]) if wish.get("term") else None
    return amount, term


async def _quote_and_read_back(
    turn: Turn, dispatcher: CollectingDispatcher, shaped: Eligibility, ceiling: Decimal
) -> list[EventType]:
    """Ask the backend for the monthly figure, then read the loan back for a yes."""
    assert shaped.offer_id is not None and turn.owner_session is not None
    try:
        monthly = await clients().loans.quote(
            turn.shop,
            shaped.offer_id,
            shaped.amount,
            shaped.term_months,
            turn.owner_session,
        )
    except Rejected as refused:
        logger.info("loan quote refused: %s", refused.code)
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
        SlotSet("loan_wish", None),
        *APPLY.asked(),
    ]
