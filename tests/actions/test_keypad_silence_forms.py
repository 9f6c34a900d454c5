"""On the phone a silence asks again, shorter, with the keys; keys answer the
reorder form's question and pick from what was read out."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.keypad import ActionKeypad, ActionSilence
from actions.reorder_ask import ActionAskReorderItems
from actions.reorder_form import ValidateReorderForm
from tests.actions.conftest import FORM_DOMAIN, backend_call, texts, tracker, weijun
from tests.actions.keypad_turns import COKE, in_form, keyed, press, silent
from tests.fixtures.backend import BackendServer


@pytest.mark.parametrize(
    ("slots", "prompt"),
    [
        ({}, "utter_keypad_menu"),
        ({"awaiting": "pin", "pin_for": "place_order"}, "utter_press_pin"),
        ({"awaiting": "pickup_code"}, "utter_press_pickup_code"),
        ({"awaiting": "reorder_menu"}, "utter_keypad_reorder_menu"),
        ({"awaiting": "order_choice"}, "utter_press_choice"),
        ({"confirming": "order"}, "utter_press_yes_no"),
        ({"confirming": "loan_offer"}, "utter_press_apply"),
        ({"confirming": "more_parcels"}, "utter_press_go_on"),
    ],
)
async def test_a_silence_asks_again_shorter_with_the_keys(
    slots: dict[str, Any], prompt: str
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionSilence().run(dispatcher, silent(**weijun(**slots)), {})
    assert texts(dispatcher) == [(prompt, {})]


async def test_a_silence_in_the_reorder_form_asks_its_question_shorter(
    wired: Clients,
) -> None:
    question = {"kind": "quantity", "product": {"sku": COKE}}
    events = await ValidateReorderForm().run(
        CollectingDispatcher(), in_form(silent(**weijun()), question), FORM_DOMAIN
    )
    # Validated as nothing new, so the form goes on and asks again.
    assert [e["name"] for e in events] == ["reorder_pending"]
    dispatcher = CollectingDispatcher()
    await ActionAskReorderItems().run(
        dispatcher, in_form(silent(**weijun()), question), {}
    )
    assert texts(dispatcher) == [("utter_press_quantity", {})]


async def test_keys_answer_the_reorder_forms_question(wired: Clients) -> None:
    product = [{"entity": "product", "value": "可口可乐"}]
    events, _ = await _form_turn("我要可口可乐", "reorder_stock", product)
    draft = events[1]["value"]
    assert draft["question"]["kind"] == "quantity"
    dispatcher = CollectingDispatcher()
    turn = in_form(keyed("20", **weijun()), draft["question"])
    turn.slots["reorder_pending"] = draft
    events = await ValidateReorderForm().run(dispatcher, turn, FORM_DOMAIN)
    assert [(i["sku"], i["quantity"]) for i in events[0]["value"]] == [(COKE, 20)]


async def test_a_useless_key_in_the_form_is_rejected_to_action_keypad(
    wired: Clients,
) -> None:
    question = {"kind": "what"}
    events = await ValidateReorderForm().run(
        CollectingDispatcher(), in_form(keyed("5", **weijun()), question), FORM_DOMAIN
    )
    assert events == []  # the form rejects: the rule runs action_keypad
    _, said = await _keypad_in_form("5", question)
    assert said == ["utter_keypad_unknown"]


async def _form_turn(text: str, intent: str, entities: list) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ValidateReorderForm().run(
        dispatcher, tracker(text, intent, entities, slots=weijun()), FORM_DOMAIN
    )
    return events, texts(dispatcher)


async def _keypad_in_form(keys: str, question: dict) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ActionKeypad().run(
        dispatcher, in_form(keyed(keys, **weijun()), question), {}
    )
    return events, [name for name, _ in texts(dispatcher)]


async def test_a_key_picks_the_nth_order_read_out(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    session = await backend_call(
        fresh_backend_server, "POST", "/v1/owners/3/pin-sessions", {"pin": "9753"}
    )
    ids = []
    for sku in ("SPR-LEMON-330-24", COKE):
        order = await backend_call(
            fresh_backend_server, "POST", "/v1/shops/3/orders",
            {"lines": [{"sku": sku, "quantity": 2}]},
            **{"X-Owner-Session": session["token"], "Idempotency-Key": f"k-{sku}"},
        )  # fmt: skip
        ids.append(int(order["id"]))
    slots = {"owner_id": 3, "shop_id": 3, "display_name": "李新",
             "awaiting": "order_choice", "order_choices": ids,
             "order_choice_for": "cancel"}  # fmt: skip
    events, said = await press("2", **slots)
    assert said == ["utter_cancel_order_confirm"]
    assert SlotSet("order_to_cancel", ids[1]) in events
    _, said = await press("3", **slots)  # only two were read out
    assert said == ["utter_keypad_unknown", "utter_press_choice"]
