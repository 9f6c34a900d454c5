"""Digits said right after the bot asked for a PIN or a code answer that question,
whatever intent NLU gave them (a bare digit string is easily misread)."""

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.conversation import ActionMisunderstood
from actions.parcels import ActionConfirmPickup
from tests.actions.conftest import backend_call, texts, tracker, weijun
from tests.fixtures.backend import BackendServer

ZH_DIGITS = "零一二三四五六七八九"


async def test_code_read_as_fallback_still_hands_out_the_parcel(
    wired: Clients, backend_server: BackendServer
) -> None:
    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": "SF-OPEN-Q-1", "carrier": "SF Express",
         "recipient_name": "张三", "recipient_phone": "+8613912345670"},
    )  # fmt: skip
    spoken = "".join(ZH_DIGITS[int(d)] for d in parcel["pickup_code"])
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher,
        tracker(spoken, "nlu_fallback", slots=weijun(awaiting="pickup_code")),
        {},
    )
    assert texts(dispatcher) == [("utter_pickup_done", {"slot": parcel["shelf_slot"]})]


async def test_fallback_without_an_open_question_is_not_understood(
    wired: Clients,
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionMisunderstood().run(
        dispatcher, tracker("三五七二四六", "nlu_fallback", slots=weijun()), {}
    )
    assert texts(dispatcher) == [("utter_not_understood", {})]
    assert events == []


async def test_pin_read_as_a_pickup_code_opens_the_session(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    slots = weijun(awaiting="pin", pin_for="loan_eligibility")
    events = await ActionConfirmPickup().run(
        dispatcher, tracker("二四六八", "confirm_pickup", slots=slots), {}
    )
    said = [name for name, _ in texts(dispatcher)]
    assert said[0] == "utter_loan_offer", said
    assert any(e.get("name") == "owner_session" and e.get("value") for e in events), (
        events
    )


async def test_half_a_pin_is_asked_again_not_misunderstood(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher,
        tracker("one three five", "nlu_fallback",
                slots=weijun(awaiting="pin", pin_for="place_order")),
        {},
    )  # fmt: skip
    assert texts(dispatcher) == [("utter_pin_unclear", {})]


async def test_a_code_named_as_one_is_picked_up_whatever_nlu_said(
    wired: Clients, backend_server: BackendServer
) -> None:
    from actions.reorder_ask import ActionAskReorderItems

    parcel = await backend_call(
        backend_server, "POST", "/v1/shops/1/parcels/check-ins",
        {"tracking_no": "SF-OPEN-Q-2", "carrier": "SF Express",
         "recipient_name": "李四", "recipient_phone": "+8613912345671"},
    )  # fmt: skip
    spoken = " ".join(ZH_DIGITS[int(d)] for d in parcel["pickup_code"])
    dispatcher = CollectingDispatcher()
    events = await ActionAskReorderItems().run(
        dispatcher, tracker(f"取件码 {spoken}", "reorder_stock", slots=weijun()), {}
    )
    assert texts(dispatcher) == [("utter_pickup_done", {"slot": parcel["shelf_slot"]})]
    assert events[0] == {"event": "active_loop", "timestamp": None, "name": None}
