"""Parcels: what is waiting (overdue first), pickups by code, returns."""

from __future__ import annotations

import re

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
    heard_digits,
    latest_text,
    on_phone,
)
from actions.clients.errors import Conflict, NotFound
from actions.parcel_readout import read_page
from actions.pin_answer import answer_pin, pin_awaited
from actions.questions import Question
from actions.speech_text import chinese_number, code_words, english_number
from common.languages import is_english
from common.vocabulary import PICKUP_CODE_DIGITS as CODE_LENGTH


def count_words(count: int, language: str) -> str:
    """Word a count of parcels."""
    return english_number(count) if is_english(language) else chinese_number(count)


def heard_code(tracker: Tracker) -> str | None:
    """Return the pickup code the owner said, or None."""
    return heard_digits(tracker, CODE_LENGTH, "pickup_code")


async def pick_up(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Confirm a pickup by the code just said; a wrong code is asked again."""
    code = heard_code(tracker)
    if code is None:
        dispatcher.utter_message(response="utter_ask_pickup_code")
        return [SlotSet("awaiting", "pickup_code"), SlotSet("confirming", None)]
    try:
        parcel = await clients().parcels.pick_up(turn.shop, code)
    except NotFound:
        dispatcher.utter_message(
            response="utter_pickup_wrong_code", code=code_words(code, turn.language)
        )
        return [SlotSet("awaiting", "pickup_code")]
    except Conflict:
        dispatcher.utter_message(response="utter_pickup_already")
        return clear_context()
    dispatcher.utter_message(response="utter_pickup_done", slot=parcel.shelf_slot)
    if entity_values(tracker, "product"):
        # "先帮我取个快递 码是… 然后再订两箱雪碧": the second request is served too.
        return [*clear_context(), FollowupAction("reorder_form")]
    return clear_context()


async def return_parcels(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Return the overdue parcels that were read back (after a yes)."""
    ids = tracker.get_slot("parcels_to_return") or []
    returned = 0
    for parcel_id in ids:
        try:
            await clients().parcels.return_to_sender(turn.shop, int(parcel_id))
            returned += 1
        except Conflict:
            continue  # already handed out or returned meanwhile
    dispatcher.utter_message(
        response="utter_returned", count=count_words(returned, turn.language)
    )
    return [SlotSet("parcels_to_return", None), *clear_context()]


RETURN = Question("return_parcels", on_yes=return_parcels, on_no="utter_return_kept")


async def list_waiting(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Count waiting parcels, then read them out, overdue first."""
    waiting = await clients().parcels.waiting(turn.shop)
    if not waiting:
        dispatcher.utter_message(response="utter_parcels_none")
        return []
    language = turn.language
    dispatcher.utter_message(
        response="utter_parcels_waiting", count=count_words(len(waiting), language)
    )
    overdue = [parcel for parcel in waiting if parcel.overdue]
    if overdue:
        dispatcher.utter_message(
            response="utter_parcels_overdue",
            count=count_words(len(overdue), language),
            slots="、".join(p.shelf_slot for p in overdue[:3])
            if not is_english(language)
            else ", ".join(p.shelf_slot for p in overdue[:3]),
        )
    if overdue and OVERDUE_WORDS.search(latest_text(tracker)):
        # "有超期的吗": the overdue ones (first in the list), not every parcel.
        return read_page(dispatcher, overdue, 0, language, on_phone(tracker))
    return read_page(dispatcher, waiting, 0, language, on_phone(tracker))


OVERDUE_WORDS = re.compile(r"超期|过期|逾期|放太久|\boverdue\b|\btoo long\b", re.I)


class ActionListParcels(ShopAction):
    """Say how many parcels wait and which are overdue."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_list_parcels"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Count waiting parcels, then read them out, overdue first."""
        return await list_waiting(turn, dispatcher, tracker)


class ActionConfirmPickup(ShopAction):
    """Hand out a parcel by its pickup code."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_confirm_pickup"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Check the code (asking for it if none was said)."""
        if pin_awaited(tracker):
            # Digits said right after "what is your PIN?" are the PIN.
            return await answer_pin(turn, dispatcher, tracker)
        return await pick_up(turn, dispatcher, tracker)


class ActionReturnParcels(ShopAction):
    """Offer to return overdue parcels to their senders."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_return_parcels"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Read the overdue parcels back and ask for a yes."""
        overdue = [
            p for p in await clients().parcels.waiting(turn.shop) if p.overdue
        ]
        if not overdue:
            dispatcher.utter_message(response="utter_return_none")
            return []
        separator = ", " if is_english(turn.language) else "、"
        dispatcher.utter_message(
            response="utter_return_confirm",
            count=count_words(len(overdue), turn.language),
            slots=separator.join(p.shelf_slot for p in overdue[:3]),
        )
        return [
            SlotSet("parcels_to_return", [p.id for p in overdue]),
            *RETURN.asked(),
        ]
