from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.reorder import ActionReorderReadback, order_key
from actions.reorder_ask import ActionAskReorderItems
from actions.reorder_form import ValidateReorderForm
from tests.actions.conftest import (
    FORM_DOMAIN,
    SHOP_TOKENS,
    backend_call,
    texts,
    tracker,
    weijun,
)
from tests.fixtures.backend import BackendServer

COKE = "KO-COLA-330-24"


def _entities(*pairs: tuple[str, str]) -> list[dict]:
    out, start = [], 0
    for entity, value in pairs:
        out.append({"entity": entity, "value": value, "start": start})
        start += len(value)
    return out


async def _validate(text: str, entities: list[dict], **slots) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ValidateReorderForm().run(
        dispatcher,
        tracker(text, "reorder_stock", entities, slots=weijun(**slots)),
        FORM_DOMAIN,
    )
    return events, texts(dispatcher)


async def test_everything_in_one_sentence_fills_the_form(wired: Clients) -> None:
    events, said = await _validate(
        "我要二十箱可口可乐", _entities(("quantity", "二十箱"), ("product", "可口可乐"))
    )
    assert said == []
    items = events[0]["value"]
    assert events == [SlotSet("reorder_items", items), SlotSet("reorder_pending", None)]
    assert [(i["sku"], i["quantity"]) for i in items] == [(COKE, 20)]


async def test_the_form_learns_who_is_talking_before_taking_the_order(
    wired: Clients,
) -> None:
    # No shop in the slots yet, only the turn's token: the lines are found for it.
    heard = _entities(("quantity", "二十箱"), ("product", "可口可乐"))
    latest = tracker("我要二十箱可口可乐", "reorder_stock", heard,
                     metadata={"shop_token": SHOP_TOKENS[1]})  # fmt: skip
    form = ValidateReorderForm()
    events = await form.run(CollectingDispatcher(), latest, FORM_DOMAIN)
    assert [e["name"] for e in events] == [
        "owner_id", "shop_id", "display_name", "shop_name", "language",
        "reorder_items", "reorder_pending",
    ]  # fmt: skip
    assert SlotSet("shop_id", 1) in events
    assert [(i["sku"], i["quantity"]) for i in events[5]["value"]] == [(COKE, 20)]


async def test_two_products_in_one_sentence(wired: Clients) -> None:
    events, _ = await _validate(
        "二十箱可口可乐和十箱农夫山泉",
        _entities(
            ("quantity", "二十箱"), ("product", "可口可乐"),
            ("quantity", "十箱"), ("product", "农夫山泉"),
        ),
    )  # fmt: skip
    items = events[0]["value"]
    assert [(i["sku"][:2], i["quantity"]) for i in items] == [("KO", 20), ("NF", 10)]


async def test_missing_quantity_is_asked(wired: Clients) -> None:
    events, _ = await _validate("我要可口可乐", _entities(("product", "可口可乐")))
    assert events[0] == SlotSet("reorder_items", None)
    draft = events[1]["value"]
    assert draft["question"]["kind"] == "quantity"
    dispatcher = CollectingDispatcher()
    await ActionAskReorderItems().run(
        dispatcher, tracker(slots=weijun(reorder_pending=draft)), {}
    )
    ((response, args),) = texts(dispatcher)
    assert response == "utter_ask_reorder_quantity"
    assert args["unit"] == "箱"
    # The answer "二十箱" settles the line.
    events, _ = await _validate("二十箱", [], reorder_pending=draft)
    assert [(i["sku"], i["quantity"]) for i in events[0]["value"]] == [(COKE, 20)]


async def test_unusual_quantity_is_said_in_the_read_back(wired: Clients) -> None:
    events, _ = await _validate(
        "一百五十箱可口可乐",
        _entities(("quantity", "一百五十箱"), ("product", "可口可乐")),
    )
    items = events[0]["value"]
    assert [(i["sku"], i["quantity"]) for i in items] == [(COKE, 150)]
    dispatcher = CollectingDispatcher()
    await ActionReorderReadback().run(
        dispatcher, tracker(slots=weijun(reorder_items=items)), {}
    )
    said = texts(dispatcher)
    # Said last, right before the question: "…比平常多很多。确认下单吗？"
    assert [r for r, _ in said][-2:] == [
        "utter_reorder_more_than_usual", "utter_reorder_confirm"
    ]  # fmt: skip
    assert said[-2][1]["item"].startswith("一百五十箱可口可乐")
    # "不对，十五箱" corrects it and reads it back again, with no such note.
    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher,
        tracker("不对，十五箱", "deny",
                slots=weijun(confirming="order", reorder_items=items)),
        {},
    )  # fmt: skip
    assert SlotSet("reorder_items", [{**items[0], "quantity": 15}]) in events
    assert "utter_reorder_more_than_usual" not in [r for r, _ in texts(dispatcher)]


async def test_half_a_case_is_asked_in_whole_units(wired: Clients) -> None:
    events, _ = await _validate(
        "半箱可口可乐", _entities(("quantity", "半箱"), ("product", "可口可乐"))
    )
    question = events[1]["value"]["question"]
    assert (question["kind"], question["whole"]) == ("quantity", True)


async def test_ambiguous_product_offers_choices_and_takes_a_pick(
    wired: Clients,
) -> None:
    events, _ = await _validate(
        "来十箱可乐", _entities(("quantity", "十箱"), ("product", "可乐"))
    )
    draft = events[1]["value"]
    assert draft["question"]["kind"] == "choose"
    candidates = draft["question"]["candidates"]
    assert 2 <= len(candidates) <= 3
    # The question says the quantity it keeps: "十箱，您要哪一个：…".
    dispatcher = CollectingDispatcher()
    await ActionAskReorderItems().run(
        dispatcher, tracker(slots=weijun(reorder_pending=draft)), {}
    )
    ((response, args),) = texts(dispatcher)
    assert response == "utter_reorder_choose" and args["amount"] == "十箱，"
    events, _ = await _validate("第二个", [], reorder_pending=draft)
    items = events[0]["value"]
    assert [(i["sku"], i["quantity"]) for i in items] == [(candidates[1]["sku"], 10)]


async def test_unknown_product_is_said(wired: Clients) -> None:
    events, said = await _validate(
        "十箱火星石头", _entities(("quantity", "十箱"), ("product", "火星石头"))
    )
    responses = [r for r, _ in said]
    question = events[1]["value"]["question"]
    assert responses == ["utter_reorder_unknown"] or question["kind"] == "suggest"


async def test_not_an_answer_is_left_to_the_policies(wired: Clients) -> None:
    events, said = await _validate("帮帮我", [], reorder_pending={
        "lines": [], "queue": [], "question": {"kind": "what"}})  # fmt: skip
    assert (events, said) == ([], [])


async def test_read_back_then_yes_then_pin_places_exactly_once(
    wired: Clients, backend_server: BackendServer
) -> None:
    sender = "test-reorder-once"
    items = [
        {"sku": COKE, "quantity": 20, "name_zh": "可口可乐", "name_en": "Coke",
         "unit_zh": "箱", "unit_en": "case", "brand_zh": "", "brand_en": ""}
    ]  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionReorderReadback().run(
        dispatcher, tracker(slots=weijun(reorder_items=items), sender=sender), {}
    )
    said = texts(dispatcher)
    assert [r for r, _ in said] == [
        "utter_reorder_readback", "utter_reorder_free_delivery", "utter_reorder_confirm"
    ]  # fmt: skip
    assert said[0][1]["items"] == "二十箱可口可乐 330毫升"
    assert said[0][1]["total"] == "九百六十元"
    assert SlotSet("confirming", "order") in events
    # Yes: the PIN is needed first.
    dispatcher = CollectingDispatcher()
    slots = weijun(reorder_items=items, confirming="order")
    events = await ActionAnswer().run(
        dispatcher, tracker("对", "affirm", slots=slots, sender=sender), {}
    )
    assert texts(dispatcher) == [("utter_ask_pin", {})]
    assert events == [SlotSet("awaiting", "pin"), SlotSet("pin_for", "place_order")]
    # The PIN places the order.
    slots.update(awaiting="pin", pin_for="place_order")
    pin_turn = tracker("二四六八", "provide_pin", slots=slots, sender=sender)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(dispatcher, pin_turn, {})
    ((response, args),) = texts(dispatcher)
    assert response == "utter_order_placed"
    order_id = int(args["id"])
    token = next(e["value"] for e in events if e.get("name") == "owner_session")
    assert token
    # Rasa (or the channel) repeating the same turn finds the same order.
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, pin_turn, {})
    assert texts(dispatcher)[0][1]["id"] == str(order_id)
    order = await backend_call(backend_server, "GET", f"/v1/shops/1/orders/{order_id}")
    assert order["status"] == "placed"
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(COKE, 20)]


async def test_the_pin_said_to_the_read_back_is_a_yes_checked_first(
    wired: Clients, backend_server: BackendServer
) -> None:
    """The PIN said to the read-back: a wrong one moves nothing, the right places."""
    sender = "test-reorder-pin-as-yes"
    items = [
        {"sku": COKE, "quantity": 7, "name_zh": "可口可乐", "name_en": "Coke",
         "unit_zh": "箱", "unit_en": "case", "brand_zh": "", "brand_en": ""}
    ]  # fmt: skip
    slots = weijun(reorder_items=items, confirming="order")
    dispatcher = CollectingDispatcher()
    wrong = tracker("一二三四", "provide_pin", slots=slots, sender=sender)
    events = await ActionAnswer().run(dispatcher, wrong, {})
    assert [r for r, _ in texts(dispatcher)] == ["utter_pin_wrong"]
    assert events == [SlotSet("awaiting", "pin"), SlotSet("pin_for", "place_order")]
    orders = await backend_call(backend_server, "GET", "/v1/shops/1/orders")
    assert not [o for o in orders["orders"] if o["lines"][0]["quantity"] == 7]
    dispatcher = CollectingDispatcher()
    slots.update(awaiting="pin", pin_for="place_order")
    right = tracker("二四六八", "provide_pin", slots=slots, sender=sender)
    await ActionAnswer().run(dispatcher, right, {})
    ((response, args),) = texts(dispatcher)
    assert response == "utter_order_placed"
    order = await backend_call(
        backend_server, "GET", f"/v1/shops/1/orders/{args['id']}"
    )
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(COKE, 7)]


async def test_the_pin_said_to_a_question_without_one_is_not_a_yes(
    wired: Clients,
) -> None:
    """Suggestions need no PIN: digits said to them place nothing and open no step."""
    dispatcher = CollectingDispatcher()
    slots = weijun(confirming="suggestions")
    events = await ActionAnswer().run(
        dispatcher, tracker("二四六八", "provide_pin", slots=slots), {}
    )
    assert SlotSet("pin_for", "place_order") not in events
    assert "utter_order_placed" not in [r for r, _ in texts(dispatcher)]


def test_order_key_depends_on_conversation_and_content() -> None:
    lines = [{"sku": "A", "quantity": 2}, {"sku": "B", "quantity": 1}]
    assert order_key("c1", lines) == order_key("c1", list(reversed(lines)))
    assert order_key("c1", lines) != order_key("c2", lines)
    assert order_key("c1", lines) != order_key("c1", [{"sku": "A", "quantity": 3}])


async def test_pick_by_brand_keeps_the_quantity(wired: Clients) -> None:
    events, _ = await _validate(
        "来十箱可乐", _entities(("quantity", "十箱"), ("product", "可乐"))
    )
    draft = events[1]["value"]
    pepsi = next(c for c in draft["question"]["candidates"] if c["brand_zh"] == "百事")
    events, _ = await _validate("百事那个", _entities(("product", "百事")),
                                reorder_pending=draft)  # fmt: skip
    items = events[0]["value"]
    assert [(i["sku"], i["quantity"]) for i in items] == [(pepsi["sku"], 10)]


async def test_untagged_product_is_still_looked_up(wired: Clients) -> None:
    quantity = {"entity": "quantity", "value": "十", "start": 0, "end": 1}
    unit = {"entity": "unit", "value": "箱", "start": 1, "end": 2}
    events, said = await _validate("十箱火星石头", [quantity, unit])
    assert said == [("utter_reorder_unknown", {"query": "火星石头"})]
    assert events[1]["value"]["question"] == {"kind": "what"}


async def test_backend_down_ends_the_form_with_one_apology(
    dead_backend: Clients,
) -> None:
    events, said = await _validate(
        "我要二十箱可口可乐", _entities(("quantity", "二十箱"), ("product", "可口可乐"))
    )
    assert said == [("utter_backend_down", {})]
    assert SlotSet("requested_slot", None) in events
    assert SlotSet("reorder_items", None) in events
