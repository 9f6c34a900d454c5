"""Questions about loans after the offer: repayments, and why not / how long."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn
from actions.clients.loans import Application
from actions.loans import offer_from_slot, tell_eligibility
from actions.shop_time import today_in_shop
from actions.speech_text import (
    chinese_number,
    date_words,
    english_number,
    money_words,
    months_words,
)
from common.languages import is_english

OWING = ("approved", "active", "submitted")
OFFER_QUESTIONS = ("loan_offer", "loan_apply")


def repayment_words(
    application: Application, today: date, language: str
) -> dict[str, str] | None:
    """The next instalment, its day and what is left; None if nothing is due."""
    due = [
        (date.fromisoformat(item.due_date[:10]), item.amount)
        for item in application.schedule
        if item.due_date[:10] >= today.isoformat()
    ]
    if not due:
        return None
    (day, amount), left = due[0], len(due)
    count = english_number(left) if is_english(language) else chinese_number(left)
    return {
        "amount": money_words(amount, language),
        "date": date_words(day, today, language),
        "day": str(day.day) if is_english(language) else chinese_number(day.day),
        "left": count,
    }


class ActionLoanRepayment(ShopAction):
    """Answer "how much every month / when do I pay" from the repayment schedule."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_loan_repayment"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the next instalment of the loan being repaid, or that none is."""
        offer = offer_from_slot(tracker.get_slot("loan_offer"))
        if offer is not None and tracker.get_slot("confirming") in OFFER_QUESTIONS:
            # "一个月还多少" about the offer being discussed: its own figure.
            dispatcher.utter_message(
                response="utter_loan_readback",
                amount=money_words(offer.amount, turn.language),
                term=months_words(offer.term_months, turn.language),
                monthly=money_words(offer.monthly_repayment, turn.language),
            )
            return []
        applications = await clients().loans.applications(turn.shop)
        owing = [a for a in applications if a.status in OWING]
        words = (
            repayment_words(owing[0], today_in_shop(), turn.language) if owing else None
        )
        if words is not None:
            dispatcher.utter_message(response="utter_loan_repayment", **words)
        elif repaid := [a for a in applications if a.status == "repaid"]:
            due = repaid[0].schedule[0].due_date[8:10] if repaid[0].schedule else "1"
            day = int(due) if due.isdigit() else 1
            dispatcher.utter_message(
                response="utter_loan_repaid",
                day=str(day) if is_english(turn.language) else chinese_number(day),
            )
        elif any(a.status == "submitted" for a in applications):
            dispatcher.utter_message(response="utter_loan_repayment_not_started")
        else:
            dispatcher.utter_message(response="utter_loan_nothing_to_repay")
        return []


class ActionAskReason(ShopAction):
    """"Why not?" / "how long?" after a refusal: the plain reasons and what helps."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_ask_reason"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the eligibility again, with its reasons (the PIN is asked if needed)."""
        return await tell_eligibility(turn, dispatcher, tracker)
