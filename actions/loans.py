"""Loans: what the shop can borrow and why; apply only after a read-back and a yes."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, clear_context
from actions.clients.errors import Conflict
from actions.clients.loans import Eligibility
from actions.loan_words import wish_of
from actions.questions import PinStep, Question, ask_for_pin
from actions.speech_text import money_words, months_words
from common.languages import is_english

STATUS_WORDS = {
    "submitted": ("已提交", "submitted"),
    "pending": ("审核中", "under review"),
    "approved": ("已批准", "approved"),
    "rejected": ("没通过", "declined"),
    "disbursed": ("已放款", "paid out"),
    "repaid": ("已还清", "repaid"),
}
MAX_REASONS = 2


def application_key(conversation_id: str, offer: Eligibility) -> str:
    """Derive the Idempotency-Key from the conversation and the confirmed offer."""
    raw = json.dumps(
        [conversation_id, offer.offer_id, str(offer.amount), offer.term_months]
    )
    return "loan-" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def offer_slot(offer: Eligibility) -> dict[str, str | int | None]:
    """Keep an offer in a slot as JSON."""
    return {
        "offer_id": offer.offer_id,
        "amount": str(offer.amount),
        "term_months": offer.term_months,
        "monthly_repayment": str(offer.monthly_repayment),
    }


def offer_from_slot(value: object) -> Eligibility | None:
    """Read an offer kept by :func:`offer_slot`."""
    if not isinstance(value, dict) or "amount" not in value:
        return None
    return Eligibility(
        eligible=True,
        offer_id=value.get("offer_id"),
        amount=Decimal(str(value["amount"])),
        annual_rate=Decimal(0),
        term_months=int(value.get("term_months") or 0),
        monthly_repayment=Decimal(str(value.get("monthly_repayment") or "0")),
        reasons=(),
        improvements=(),
    )


def _offer_words(offer: Eligibility, language: str) -> dict[str, str]:
    return {
        "amount": money_words(offer.amount, language),
        "term": months_words(offer.term_months, language),
        "monthly": money_words(offer.monthly_repayment, language),
    }


async def tell_eligibility(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Say how much the shop can borrow, what it costs a month, and why.

    An amount or term said with the question ("借三万 分六个月") is kept while the
    PIN is asked, then applied to the offer straight away.
    """
    kept_wish = tracker.get_slot("loan_wish")
    # On the PIN's own turn the digits are the PIN, never an amount.
    pin_turn = tracker.get_slot("awaiting") == "pin"
    wish = kept_wish if pin_turn else wish_of(tracker) or kept_wish
    if not turn.owner_session:
        kept = [SlotSet("loan_wish", wish)] if wish else []
        return [*kept, *ask_for_pin(dispatcher, ELIGIBILITY)]
    offer = await clients().loans.eligibility(turn.shop, turn.owner_session)
    if not offer.eligible:
        dispatcher.utter_message(response="utter_loan_not_eligible")
        for reason in (offer.reasons + offer.improvements)[: MAX_REASONS + 1]:
            dispatcher.utter_message(
                response="utter_loan_reason", reason=reason.text(turn.language)
            )
        return [SlotSet("loan_offer", None), *clear_context()]
    dispatcher.utter_message(
        response="utter_loan_offer", **_offer_words(offer, turn.language)
    )
    for reason in offer.reasons[:MAX_REASONS]:
        dispatcher.utter_message(
            response="utter_loan_reason", reason=reason.text(turn.language)
        )
    if wish:
        from actions.loan_shape import shape_loan  # it builds on this module

        return await shape_loan(turn, dispatcher, tracker, offer_slot(offer), wish)
    dispatcher.utter_message(response="utter_loan_ask_apply")
    return [
        SlotSet("loan_offer", offer_slot(offer)),
        *OFFER.asked(),
    ]


async def read_back_application(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Read amount, term and repayment back before applying."""
    offer = offer_from_slot(tracker.get_slot("loan_offer"))
    if offer is None:
        return await tell_eligibility(turn, dispatcher, tracker)
    dispatcher.utter_message(
        response="utter_loan_readback", **_offer_words(offer, turn.language)
    )
    dispatcher.utter_message(response="utter_loan_confirm_apply")
    return APPLY.asked()


async def submit_application(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Apply for the read-back offer (after an explicit yes) exactly once."""
    offer = offer_from_slot(tracker.get_slot("loan_offer"))
    if offer is None:
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return clear_context()
    if not turn.owner_session:
        return ask_for_pin(dispatcher, APPLY_WITH_PIN)
    try:
        application = await clients().loans.apply(
            turn.shop,
            offer,
            turn.owner_session,
            application_key(turn.conversation_id, offer),
        )
    except Conflict:
        dispatcher.utter_message(response="utter_loan_not_eligible")
        return [SlotSet("loan_offer", None), *clear_context()]
    dispatcher.utter_message(response="utter_loan_submitted", id=str(application.id))
    return [SlotSet("loan_offer", None), *clear_context()]


# Said to "confirm the application?", these are an explicit yes.
APPLY_WORDS = re.compile(r"申请吧|就申请|确认申请|\bapply\b|\bsubmit\b", re.I)
OFFER = Question(
    "loan_offer", on_yes=read_back_application, reask="utter_press_apply"
)
APPLY_WITH_PIN = PinStep("loan_apply", submit_application)
APPLY = Question(
    "loan_apply",
    on_yes=submit_application,
    on_no="utter_loan_not_submitted",
    ask_again="utter_loan_confirm_apply",
    pin_step=APPLY_WITH_PIN,
)
ELIGIBILITY = PinStep("loan_eligibility", tell_eligibility)


class ActionLoanEligibility(ShopAction):
    """Answer "can I borrow?": amount, monthly repayment and plain reasons."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_loan_eligibility"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Tell the eligibility (asking for the PIN first if needed)."""
        return await tell_eligibility(turn, dispatcher, tracker)


class ActionLoanApply(ShopAction):
    """Answer "I want to borrow": read the offer back and ask for a yes."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_loan_apply"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Read back the offer (checking eligibility first if needed)."""
        from actions.loan_shape import shape_loan, shapes_loan  # it builds on this

        if shapes_loan(tracker):
            return await shape_loan(turn, dispatcher, tracker)
        if tracker.get_slot("confirming") == APPLY.name:
            # "ok apply" to "submit the application?" is the explicit yes.
            return await submit_application(turn, dispatcher, tracker)
        return await read_back_application(turn, dispatcher, tracker)


class ActionLoanStatus(ShopAction):
    """Say where the latest loan application is."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_loan_status"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the latest application's status and amount."""
        applications = await clients().loans.applications(turn.shop)
        if not applications:
            dispatcher.utter_message(response="utter_loan_status_none")
            return []
        latest = applications[0]
        zh, en = STATUS_WORDS.get(latest.status, (latest.status, latest.status))
        dispatcher.utter_message(
            response="utter_loan_status",
            id=str(latest.id),
            status=en if is_english(turn.language) else zh,
            amount=money_words(latest.amount, turn.language),
        )
        return []
