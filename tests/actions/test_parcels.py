"""Parcels through the actions: listing, paging, pickups by code, also in passing."""

import logging

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.parcels import ActionConfirmPickup, ActionListParcels
from tests.actions.conftest import (
    FORM_DOMAIN,
    backend_call,
    david,
    texts,
    tracker,
    weijun,
)
from tests.fixtures.backend import BackendServer


async def test_parcels_listed_overdue_first(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    await ActionListParcels().run(
        dispatcher, tracker("有哪些包裹", "list_parcels", slots=weijun()), {}
    )
    said = texts(dispatcher)
    assert said[0][0] == "utter_parcels_waiting"
    assert said[1][0] == "utter_parcels_overdue"
    assert "A1" in said[1][1]["slots"]
    everyone = [r for r, _ in said].count("utter_parcel_item")
    dispatcher = CollectingDispatcher()
    await ActionListParcels().run(
        dispatcher, tracker("有超期的吗", "list_parcels", slots=weijun()), {}
    )
    read = [args for r, args in texts(dispatcher) if r == "utter_parcel_item"]
    assert read and all(args["overdue"] for args in read)  # only the overdue ones
    assert len(read) < everyone


async def test_pickup_wrong_code_then_right_code(
    wired: Clients, backend_server: BackendServer
) -> None:
    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/2/parcels/check-ins",
        {"tracking_no": "SF-ACTIONS-1", "carrier": "SF Express",
         "recipient_name": "Ann Lee", "recipient_phone": "+8613912345678"},
    )  # fmt: skip
    code = parcel["pickup_code"]
    wrong = "000000" if code != "000000" else "111111"
    dispatcher = CollectingDispatcher()
    events = await ActionConfirmPickup().run(
        dispatcher,
        tracker(f"code {wrong}", "confirm_pickup",
                [{"entity": "pickup_code", "value": wrong}], slots=david()),
        {},
    )  # fmt: skip
    assert texts(dispatcher) == [("utter_pickup_wrong_code", {"code": " ".join(wrong)})]
    assert events == [SlotSet("awaiting", "pickup_code")]
    spoken = " ".join({"0": "zero", "1": "one", "2": "two", "3": "three",
                       "4": "four", "5": "five", "6": "six", "7": "seven",
                       "8": "eight", "9": "nine"}[d] for d in code)  # fmt: skip
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(
        dispatcher,
        tracker(spoken, "inform", slots=david(awaiting="pickup_code")),
        {},
    )
    assert texts(dispatcher) == [("utter_pickup_done", {"slot": parcel["shelf_slot"]})]


async def test_backend_down_gives_an_apology_and_nothing_half_done(
    dead_backend: Clients,
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionListParcels().run(
        dispatcher, tracker("包裹", "list_parcels", slots=weijun()), {}
    )
    assert texts(dispatcher) == [("utter_backend_down", {})]
    assert events == [SlotSet("confirming", None), SlotSet("awaiting", None)]


async def test_parcels_are_read_one_by_one_in_pages(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    from actions.answer import ActionAnswer

    for n in range(4):
        await backend_call(
            fresh_backend_server, "POST", "/v1/shops/3/parcels/check-ins",
            {"tracking_no": f"YT-PAGE-{n}", "carrier": "圆通", "recipient_name": "赵六",
             "recipient_phone": "+8613912340000"},
        )  # fmt: skip
    slots = {"owner_id": 3, "shop_id": 3}
    dispatcher = CollectingDispatcher()
    events = await ActionListParcels().run(
        dispatcher, tracker("都是谁的", "list_parcels", slots=slots), {}
    )
    said = texts(dispatcher)
    items = [args for response, args in said if response == "utter_parcel_item"]
    assert [item["position"] for item in items] == ["第一个", "第二个", "第三个"]
    assert all(item["name"] == "赵*" and item["carrier"] == "圆通" for item in items)
    assert said[-1] == ("utter_parcels_more", {"count": "一"})
    assert SlotSet("parcels_heard", 3) in events
    assert SlotSet("confirming", "more_parcels") in events
    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher,
        tracker("要", "affirm", slots={**slots, "confirming": "more_parcels",
                                       "parcels_heard": 3}),
        {},
    )  # fmt: skip
    said = texts(dispatcher)
    assert [args["position"] for _, args in said] == ["第四个"]
    assert SlotSet("confirming", None) in events


async def test_a_failed_backend_call_is_logged_with_the_conversation_not_the_token(
    dead_backend: Clients, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = "shop-token-that-must-stay-secret-0123456789"
    latest = tracker(
        "包裹", "list_parcels", slots=weijun(), sender="kiosk-0a1b2c3d4e",
        metadata={"shop_token": token},
    )  # fmt: skip
    await ActionListParcels().run(CollectingDispatcher(), latest, {})
    assert "conversation kiosk-0a1b2c3d4e: action_list_parcels" in caplog.text
    assert token not in caplog.text


async def test_a_pickup_code_said_by_its_name_is_taken_with_nothing_asked(
    wired: Clients, backend_server: BackendServer
) -> None:
    """ "the code is 1-1-7-0-8-4", NLU heard nothing and no code was asked for."""
    from actions.conversation import ActionMisunderstood

    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": "SF-NAMED-CODE-1", "carrier": "SF Express",
         "recipient_name": "赵六", "recipient_phone": "+8613912345673"},
    )  # fmt: skip
    spelled = "-".join(parcel["pickup_code"])
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher,
        tracker(f"the code is {spelled}", "nlu_fallback", slots=weijun()),
        {},
    )
    assert texts(dispatcher)[0] == ("utter_pickup_done", {"slot": parcel["shelf_slot"]})
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher, tracker("1 3 5 7 9 2 please", "nlu_fallback", slots=weijun()), {}
    )
    assert [r for r, _ in texts(dispatcher)] == ["utter_not_understood"]


async def test_a_pickup_then_an_order_in_one_breath_serves_both(
    wired: Clients, backend_server: BackendServer
) -> None:
    from actions.reorder import ActionReorderReadback
    from actions.reorder_form import ValidateReorderForm
    from actions.speech_text import chinese_number

    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": "SF-THEN-ORDER-1", "carrier": "SF Express",
         "recipient_name": "钱七", "recipient_phone": "+8613912345674"},
    )  # fmt: skip
    code = "".join(
        chinese_number(int(d)).replace("〇", "零") for d in parcel["pickup_code"]
    )
    text = f"先帮我取个快递 码是{code} 然后再订两箱雪碧"
    at = text.index("两")
    entities = [
        {"entity": "pickup_code", "value": code, "start": 10, "end": 16},
        {"entity": "quantity", "value": "两", "start": at, "end": at + 1},
        {"entity": "unit", "value": "箱", "start": at + 1, "end": at + 2},
        {"entity": "product", "value": "雪碧", "start": at + 2, "end": at + 4},
    ]
    said = tracker(text, "confirm_pickup", entities, slots=weijun())
    dispatcher = CollectingDispatcher()
    events = await ActionConfirmPickup().run(dispatcher, said, {})
    assert texts(dispatcher)[0] == ("utter_pickup_done", {"slot": parcel["shelf_slot"]})
    assert events[-1] == FollowupAction("reorder_form")
    events = await ValidateReorderForm().run(CollectingDispatcher(), said, FORM_DOMAIN)
    items = events[0]["value"]
    assert [(i["sku"], i["quantity"]) for i in items] == [("SPR-LEMON-330-24", 2)]
    # The read-back that follows reads the order; the code is not served twice.
    after = tracker(text, "confirm_pickup", entities, slots=weijun(reorder_items=items))
    after.events.append({"event": "action", "name": "action_confirm_pickup"})
    dispatcher = CollectingDispatcher()
    await ActionReorderReadback().run(dispatcher, after, {})
    said_back = [r for r, _ in texts(dispatcher)]
    assert said_back[0].startswith("utter_reorder_readback"), said_back
    assert "utter_pickup_already" not in said_back


async def test_an_order_with_a_pickup_code_in_passing_serves_both(
    wired: Clients, backend_server: BackendServer
) -> None:
    """Heard as an order: the read-back also hands the parcel out, first."""
    from actions.reorder import ActionReorderReadback

    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/2/parcels/check-ins",
        {"tracking_no": "SF-IN-PASSING-1", "carrier": "SF Express",
         "recipient_name": "Bo Chen", "recipient_phone": "+8613912345675"},
    )  # fmt: skip
    spaced = " ".join(parcel["pickup_code"])
    text = f"first pick up a parcel, code {spaced}, then order two cases of sprite"
    sprite = {"sku": "SPR-LEMON-330-24", "name_zh": "雪碧 330毫升",
              "name_en": "Sprite 330ml", "brand_zh": "雪碧", "brand_en": "Sprite",
              "unit_zh": "箱", "unit_en": "case", "quantity": 2}  # fmt: skip
    digits = [{"entity": "digits", "value": parcel["pickup_code"]}]
    said = tracker(text, "reorder_stock", digits, slots=david(reorder_items=[sprite]))
    dispatcher = CollectingDispatcher()
    events = await ActionReorderReadback().run(dispatcher, said, {})
    responses = [r for r, _ in texts(dispatcher)]
    assert responses[0] == "utter_pickup_done"
    assert responses[1].startswith("utter_reorder_readback")
    assert SlotSet("confirming", "order") in events
