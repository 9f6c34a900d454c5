"""Keys pressed on the phone answer the open question through the registry, as
words do; with nothing open they pick from the fixed menu; a silence asks again."""

from __future__ import annotations

import json
import logging

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.base import latest_text
from actions.conversation import ActionGreet, phone_salutation
from actions.keypad import ActionKeypad
from actions.keys import form_answer, key_position, pressed_keys
from actions.loan_words import wish_of
from actions.reorder_state import (
    AskQuantity,
    AskWhat,
    CheckQuantity,
    Choose,
    Suggest,
)
from tests.actions.conftest import backend_call, david, texts, tracker, weijun
from tests.actions.keypad_turns import COKE, keyed, press, silent
from tests.fixtures.backend import BackendServer


def test_keys_are_read_only_from_the_keys_entity() -> None:
    assert pressed_keys(keyed("2468")) == "2468"
    assert pressed_keys(keyed("*")) == "*"
    assert pressed_keys(keyed("12a")) is None
    assert pressed_keys(tracker("二四六八", "provide_pin")) is None
    assert [key_position(k) for k in ("1", "9", "0", "*", "12")] == [
        1, 9, None, None, None
    ]  # fmt: skip


def test_form_questions_take_the_keys_their_words_would() -> None:
    choose = Choose("十箱", ({}, {}, {}))
    assert form_answer(choose, "2") == ("第2个", "inform")
    assert form_answer(choose, "4") is None
    assert form_answer(CheckQuantity({}), "1") == ("", "affirm")
    assert form_answer(Suggest("可乐", {}, None), "2") == ("", "deny")
    assert form_answer(AskQuantity({}), "20") == ("20", "inform")
    assert form_answer(AskQuantity({}), "0") is None
    assert form_answer(AskWhat(), "1") is None
    assert form_answer(None, "1") is None


@pytest.mark.parametrize(
    ("display_name", "language", "said"),
    [("王维军", "zh", "王老板"), ("David Chen", "en", "David"), ("Amy", "zh", "Amy")],
)
def test_the_phone_greets_the_owner_as_a_supplier_would(
    display_name: str, language: str, said: str
) -> None:
    assert phone_salutation(display_name, language) == said


async def test_the_phone_greeting_names_owner_and_shop_then_the_menu() -> None:
    dispatcher = CollectingDispatcher()
    slots = weijun(shop_name="维军百货")
    await ActionGreet().run(
        dispatcher, tracker("/greet", "greet", slots=slots, input_channel="phone"), {}
    )
    assert texts(dispatcher) == [
        ("utter_greet", {"name": "王老板", "shop": "维军百货"}),
        ("utter_keypad_menu", {}),
    ]
    english = CollectingDispatcher()
    slots = david(display_name="David Chen", shop_name="Sunshine Mini Mart")
    await ActionGreet().run(
        english, tracker("/greet", "greet", slots=slots, input_channel="phone"), {}
    )
    assert texts(english)[0] == (
        "utter_greet", {"name": "David", "shop": "Sunshine Mini Mart"}
    )  # fmt: skip


async def test_other_channels_keep_their_greeting() -> None:
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, tracker("你好", "greet", slots=weijun()), {})
    assert texts(dispatcher) == [("utter_greet", {"name": "王维军"})]


async def test_menu_1_asks_which_kind_of_order(wired: Clients) -> None:
    events, said = await press("1", **weijun())
    assert said == ["utter_keypad_reorder_menu"]
    assert SlotSet("awaiting", "reorder_menu") in events


async def test_reorder_menu_1_reads_the_usual_order_back(wired: Clients) -> None:
    events, said = await press("1", **weijun(awaiting="reorder_menu"))
    assert said[0] == "utter_reorder_readback_item", said
    assert said[-1] == "utter_reorder_confirm"
    assert events[0] == SlotSet("awaiting", None)
    assert SlotSet("confirming", "order") in events


async def test_reorder_menu_2_says_what_runs_low(wired: Clients) -> None:
    _, said = await press("2", **weijun(awaiting="reorder_menu"))
    assert said[-1] in ("utter_suggestions_ask", "utter_suggestions_none"), said


async def test_menu_2_reads_parcels_then_waits_for_a_code(wired: Clients) -> None:
    events, said = await press("2", **weijun())
    assert said[0] == "utter_parcels_waiting", said
    if said[-1] == "utter_parcels_more":  # more than a page: 1 hears the rest
        assert SlotSet("confirming", "more_parcels") in events
        events, said = await press(
            "1", **weijun(confirming="more_parcels", parcels_heard=3)
        )
    assert said[-1] == "utter_ask_pickup_code", said
    assert SlotSet("awaiting", "pickup_code") in events


async def test_enough_parcels_heard_on_the_phone_waits_for_a_code(
    wired: Clients,
) -> None:
    events, said = await press("2", **weijun(confirming="more_parcels"))
    assert said == ["utter_ask_pickup_code"], said
    assert SlotSet("awaiting", "pickup_code") in events
    assert SlotSet("confirming", None) in events


async def test_menu_3_asks_for_the_pin_before_the_offer(wired: Clients) -> None:
    events, said = await press("3", **weijun())
    assert said == ["utter_ask_pin"]
    assert SlotSet("pin_for", "loan_eligibility") in events


async def test_a_keyed_pin_opens_the_session_and_carries_on(wired: Clients) -> None:
    events, said = await press(
        "2468", **weijun(awaiting="pin", pin_for="loan_eligibility")
    )
    assert said[0] == "utter_loan_offer", said
    assert said[-1] == "utter_loan_ask_apply"
    session = [e for e in events if e.get("name") == "owner_session"]
    assert session and session[0]["value"]
    # The PIN is kept in no slot.
    assert "2468" not in json.dumps(events)


async def test_a_keyed_pin_is_never_logged(
    wired: Clients, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await press("2468", **weijun(awaiting="pin", pin_for="loan_eligibility"))
    await press("2468", **weijun(confirming="order"))  # a key that means nothing
    assert "2468" not in caplog.text


async def test_a_pin_keyed_short_is_asked_again(wired: Clients) -> None:
    events, said = await press("246", **weijun(awaiting="pin", pin_for="place_order"))
    assert said == ["utter_pin_unclear"]
    assert events == []


async def test_a_keyed_pickup_code_hands_the_parcel_out(
    wired: Clients, backend_server: BackendServer
) -> None:
    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": "SF-KEYPAD-1", "carrier": "SF Express",
         "recipient_name": "王五", "recipient_phone": "+8613912345672"},
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionKeypad().run(
        dispatcher, keyed(parcel["pickup_code"], **weijun(awaiting="pickup_code")), {}
    )
    assert texts(dispatcher) == [("utter_pickup_done", {"slot": parcel["shelf_slot"]})]


async def test_1_and_2_answer_a_yes_no_question(wired: Clients) -> None:
    lines = [{"sku": COKE, "quantity": 20}]
    events, said = await press("1", **weijun(confirming="order", reorder_items=lines))
    assert said == ["utter_ask_pin"]  # yes to the order: the PIN comes first
    assert SlotSet("pin_for", "place_order") in events
    events, said = await press("2", **weijun(confirming="order", reorder_items=lines))
    assert said == ["utter_order_not_placed"]
    assert SlotSet("reorder_items", None) in events


def test_a_keypad_turn_has_no_words_to_read_numbers_from() -> None:
    # The trigger '/keypad{"keys": "30000"}' holds digits: never an amount or a code.
    assert latest_text(keyed("30000")) == ""
    assert latest_text(silent()) == ""
    assert wish_of(keyed("30000", confirming="loan_offer")) is None
    assert latest_text(tracker("借三万", "apply_loan")) == "借三万"


async def test_a_key_to_the_loan_offer_reads_it_back(wired: Clients) -> None:
    offer = {"offer_id": "x", "amount": "30000.00", "term_months": 12,
             "monthly_repayment": "2616.00"}  # fmt: skip
    _, said = await press("1", **weijun(confirming="loan_offer", loan_offer=offer))
    assert said == ["utter_loan_readback", "utter_loan_confirm_apply"]


async def test_a_key_past_the_options_says_which_keys_work(wired: Clients) -> None:
    _, said = await press("3", **weijun(awaiting="reorder_menu"))
    assert said == ["utter_keypad_unknown", "utter_keypad_reorder_menu"]
    _, said = await press("7", **weijun())
    assert said == ["utter_keypad_unknown", "utter_keypad_menu"]
    _, said = await press("5", **weijun(confirming="order"))
    assert said == ["utter_keypad_unknown", "utter_press_yes_no"]
    _, said = await press("#", **weijun(awaiting="pin", pin_for="place_order"))
    assert said == ["utter_keypad_unknown", "utter_press_pin"]


async def test_0_hands_over_to_a_person(wired: Clients) -> None:
    _, said = await press("0", **weijun())
    assert said == ["utter_handoff_done"]


async def test_star_says_the_last_answer_again(wired: Clients) -> None:
    earlier = [
        {"event": "user", "text": "/greet", "parse_data": {}},
        {"event": "bot", "text": "王老板您好。"},
        {"event": "bot", "text": "订货请按1。"},
    ]
    dispatcher = CollectingDispatcher()
    turn = tracker(
        '/keypad{"keys": "*"}', "keypad", [{"entity": "keys", "value": "*"}],
        slots=weijun(), events=earlier, input_channel="phone",
    )  # fmt: skip
    await ActionKeypad().run(dispatcher, turn, {})
    assert [m["text"] for m in dispatcher.messages] == ["王老板您好。", "订货请按1。"]
