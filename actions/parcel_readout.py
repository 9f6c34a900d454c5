"""Waiting parcels read out one by one, overdue first, in pages a phone can speak.

Each parcel: its shelf, the masked recipient, the courier, how long it has waited and
whether it is overdue. After three, the owner is asked whether to hear the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import clients
from actions.base import Turn, clear_context, on_phone
from actions.clients.parcels import Parcel
from actions.questions import Question
from actions.speech_text import chinese_number, english_number, ordinal_words
from common.languages import is_english

PAGE = 3
GO_ON = re.compile(r"继续|接着|念|要听|听听|往下|\bgo on\b|\bcontinue\b|\bkeep going\b"
                   r"|\bmore\b|\bnext\b|\brest\b", re.IGNORECASE)  # fmt: skip


def _count(count: int, language: str) -> str:
    return english_number(count) if is_english(language) else chinese_number(count)


def parcel_words(position: int, parcel: Parcel, language: str) -> dict[str, str]:
    """The parts of one parcel's sentence, in the owner's language."""
    days = _count(parcel.days_waiting, language)
    if is_english(language):
        waited = f"{days} day{'s' if parcel.days_waiting != 1 else ''}"
        note = ", overdue" if parcel.overdue else ""
    else:
        waited = f"{days}天"
        note = "，已经超期" if parcel.overdue else ""
    if parcel.days_waiting == 0:  # Came in today: "waiting zero days" says nothing.
        waited = "less than a day" if is_english(language) else "不到一天"
    return {
        "position": ordinal_words(position, language),
        "slot": parcel.shelf_slot,
        "name": parcel.recipient_masked,
        "carrier": parcel.carrier,
        "days": waited,
        "overdue": note,
    }


def read_page(
    dispatcher: CollectingDispatcher,
    parcels: Sequence[Parcel],
    start: int,
    language: str,
    then_code: bool = False,
) -> list[EventType]:
    """Read parcels ``start``.. one by one; offer the rest if there are more.

    ``then_code``: after the last one, wait for a pickup code (on the phone, where
    the owner keys it in next).
    """
    page = parcels[start : start + PAGE]
    for offset, parcel in enumerate(page):
        words = parcel_words(start + offset + 1, parcel, language)
        dispatcher.utter_message(response="utter_parcel_item", **words)
    heard = start + len(page)
    left = len(parcels) - heard
    if left <= 0:
        if then_code:
            dispatcher.utter_message(response="utter_ask_pickup_code")
            return [SlotSet("parcels_heard", None), *AWAIT_CODE]
        return [SlotSet("parcels_heard", None), *clear_context()]
    more = _count(left, language)
    dispatcher.utter_message(response="utter_parcels_more", count=more)
    return [SlotSet("parcels_heard", heard), *MORE.asked()]


async def read_more(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The owner wants the rest of the list."""
    waiting = await clients().parcels.waiting(turn.shop)
    start = int(tracker.get_slot("parcels_heard") or 0)
    return read_page(
        dispatcher, waiting, min(start, len(waiting)), turn.language, on_phone(tracker)
    )


async def stop_reading(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Enough parcels heard: on the phone the owner keys a code next."""
    if on_phone(tracker):
        dispatcher.utter_message(response="utter_ask_pickup_code")
        return [SlotSet("parcels_heard", None), *AWAIT_CODE]
    dispatcher.utter_message(response="utter_anything_else")
    return [SlotSet("parcels_heard", None), SlotSet("pin_for", None), *clear_context()]


MORE = Question(
    "more_parcels", on_yes=read_more, on_no_do=stop_reading, reask="utter_press_go_on"
)
AWAIT_CODE = (SlotSet("awaiting", "pickup_code"), SlotSet("confirming", None))
