"""The ``phone`` Rasa channel: what it tells the gateway after a turn, and who may
post turns."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from actions.parcels import CODE_LENGTH
from actions.pin import PIN_LENGTH
from actions.reorder_state import (
    AskQuantity,
    AskWhat,
    CheckQuantity,
    Choose,
    Suggest,
    question_to_slot,
)
from bot.channels.phone import PhoneOutput
from bot.channels.phone_state import (
    AWAITED_DIGITS,
    NUMBER_QUESTIONS,
    KeypadEntry,
    keypad_entry,
    said_goodbye,
    this_turn,
)
from tests.e2e.conftest import WEIJUN
from tests.fixtures.rasa import RasaServer

SECRET_HEADER = "X-Zhanggui-Channel-Secret"
DIGITS_ANY_LENGTH = KeypadEntry("digits", None)


def test_phone_messages_are_generated_for_the_phone_channel() -> None:
    assert PhoneOutput.name() == "phone"


def test_digit_entries_have_the_lengths_the_actions_check() -> None:
    assert AWAITED_DIGITS == {"pin": PIN_LENGTH, "pickup_code": CODE_LENGTH}


def test_only_how_many_is_keyed_as_a_number_of_any_length() -> None:
    # The channel reads the form's question from the slot's "kind", not the types.
    asked = [AskWhat(), Suggest("可乐", {}, None), Choose(None, ({},)),
             AskQuantity({}), CheckQuantity({})]  # fmt: skip
    numbers = [q for q in asked if question_to_slot(q)["kind"] in NUMBER_QUESTIONS]
    assert numbers == [AskQuantity({})]


@pytest.mark.parametrize(
    ("awaiting", "loop", "pending", "entry"),
    [
        (None, None, None, KeypadEntry("menu")),
        ("pin", None, None, KeypadEntry("digits", 4)),
        ("pickup_code", None, None, KeypadEntry("digits", 6)),
        ("order_choice", None, None, KeypadEntry("menu")),
        ("reorder_menu", None, None, KeypadEntry("menu")),
        (None, "reorder_form", {"question": {"kind": "quantity"}}, DIGITS_ANY_LENGTH),
        (None, "reorder_form", {"question": {"kind": "choose"}}, KeypadEntry("menu")),
        # The form asks now; a code awaited before it is not what is open.
        ("pickup_code", "reorder_form", None, KeypadEntry("menu")),
    ],
)
def test_keypad_mode_follows_the_open_question(
    awaiting: Any, loop: Any, pending: Any, entry: KeypadEntry
) -> None:
    assert keypad_entry(awaiting, loop, pending) == entry


def test_the_call_ends_only_on_this_turns_goodbye() -> None:
    earlier = [UserUttered("再见"), ActionExecuted("utter_goodbye"), BotUttered("再见")]
    now = [UserUttered("/keypad"), ActionExecuted("action_keypad")]
    assert said_goodbye(this_turn(earlier))
    assert not said_goodbye(this_turn(earlier + now))


@pytest.mark.rasa
def test_phone_turns_need_the_channel_secret(rasa_server: RasaServer) -> None:
    body = {"sender": "p-1", "message": "/greet", "metadata": {"id": WEIJUN}}
    url = f"{rasa_server.url}/webhooks/phone/webhook"
    assert requests.post(url, json=body, timeout=60).status_code == 401
    wrong = requests.post(url, json=body, headers={SECRET_HEADER: "x"}, timeout=60)
    assert wrong.status_code == 403
