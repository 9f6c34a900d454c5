"""The PIN: asked only when a money operation needs it, once per session."""

from __future__ import annotations

from datetime import datetime, timedelta

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import Turn, heard_digits
from actions.clients.errors import Locked, Unauthorized
from actions.clients.identity import parse_instant
from actions.handoff import HANDOFF
from actions.shop_time import SHOP_TIME
from actions.speech_text import chinese_number, english_number
from common.languages import is_english
from common.vocabulary import PIN_DIGITS as PIN_LENGTH


def heard_pin(tracker: Tracker) -> str | None:
    """Return the four PIN digits the owner said, or None."""
    return heard_digits(tracker, PIN_LENGTH, "pin")


def until_words(locked_until: str, language: str) -> str:
    """Word the end of a lockout as a clock time: 十点二十分 / "10:20"."""
    try:
        moment = parse_instant(locked_until).astimezone(SHOP_TIME)
    except ValueError:
        return locked_until
    # Rounded up: at the minute said, the PIN works again (never still locked).
    if moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return _clock_words(moment, language)


def _clock_words(moment: datetime, language: str) -> str:
    if is_english(language):
        return moment.strftime("%H:%M")
    minute = "" if moment.minute == 0 else f"{chinese_number(moment.minute)}分"
    hour = "两" if moment.hour == 2 else chinese_number(moment.hour)
    return f"{hour}点{minute}"


async def verify_pin(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> tuple[str | None, list[EventType]]:
    """Check the PIN just said; return the new session token (or None) and events."""
    pin = heard_pin(tracker)
    if pin is None:
        dispatcher.utter_message(response="utter_pin_unclear")
        return None, []
    assert turn.owner_id is not None
    try:
        session = await clients().identity.open_pin_session(
            turn.shop, turn.owner_id, pin
        )
    except Locked as error:
        until = until_words(str(error.body.get("locked_until", "")), turn.language)
        dispatcher.utter_message(response="utter_pin_locked", until=until)
        return None, [SlotSet("awaiting", None), SlotSet("pin_for", None)]
    except Unauthorized as error:
        tries = int(error.body.get("tries_left", 0))
        if tries <= 0:
            dispatcher.utter_message(response="utter_pin_locked_now")
            return None, [SlotSet("awaiting", None), SlotSet("pin_for", None)]
        spoken = (
            english_number(tries)
            if is_english(turn.language)
            else chinese_number(tries)
        )
        dispatcher.utter_message(response="utter_pin_wrong", tries=spoken)
        return None, []
    return session.token, [
        SlotSet("owner_session", session.token),
        SlotSet("awaiting", None),
        SlotSet("pin_for", None),
    ]


class ActionForgotPin(Action):
    """A forgotten PIN: only a person can reset it; offer one."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_forgot_pin"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say how a PIN is reset and offer a call back."""
        dispatcher.utter_message(response="utter_forgot_pin")
        return [SlotSet("pin_for", None), *HANDOFF.asked()]
