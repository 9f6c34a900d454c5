"""Edits of the read-back draft that NLU hears as a new order or as nothing."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.conversation import ActionMisunderstood
from actions.reorder_form import ValidateReorderForm
from tests.actions.conftest import FORM_DOMAIN, david, texts, tracker, weijun

PEPSI = {"sku": "PEP-COLA-330-24", "name_zh": "百事可乐 330毫升",
         "name_en": "Pepsi Cola 330ml", "brand_zh": "百事", "brand_en": "Pepsi",
         "unit_zh": "箱", "unit_en": "case", "quantity": 3}  # fmt: skip
SPRITE = {"sku": "SPR-LEMON-330-24", "name_zh": "雪碧 330毫升",
          "name_en": "Sprite 330ml", "brand_zh": "雪碧", "brand_en": "Sprite",
          "unit_zh": "箱", "unit_en": "case", "quantity": 2}  # fmt: skip


def product(value: str, text: str) -> dict[str, Any]:
    start = text.index(value) if value in text else 0
    return {"entity": "product", "value": value, "start": start,
            "end": start + len(value)}  # fmt: skip


async def validate(text: str, entities: list[dict[str, Any]], **slots: Any) -> list:
    return await ValidateReorderForm().run(
        CollectingDispatcher(),
        tracker(text, "reorder_stock", entities, slots=slots),
        FORM_DOMAIN,
    )


async def test_a_swap_heard_as_an_order_swaps_the_line(wired: Clients) -> None:
    said = "swap the pepsi for coke"
    slots = david(confirming="order", reorder_items=[PEPSI])
    events = await validate(said, [product("pepsi", said), product("可口可乐", said)],
                            **slots)  # fmt: skip
    items = next(e["value"] for e in events if e["name"] == "reorder_items")
    assert [(i["sku"], i["quantity"]) for i in items] == [("KO-COLA-330-24", 3)]
    assert SlotSet("reorder_previous", [PEPSI]) in events


async def test_add_it_back_heard_as_an_order_undoes_the_removal(
    wired: Clients,
) -> None:
    said = "算了 还是把雪碧加回来"
    slots = weijun(confirming="order", reorder_items=[PEPSI],
                   reorder_previous=[PEPSI, SPRITE])  # fmt: skip
    events = await validate(said, [product("雪碧", said)], **slots)
    assert SlotSet("reorder_items", [PEPSI, SPRITE]) in events


async def test_put_it_back_heard_as_nothing_undoes_the_removal(
    wired: Clients,
) -> None:
    slots = david(confirming="order", reorder_items=[PEPSI],
                  reorder_previous=[PEPSI, SPRITE])  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionMisunderstood().run(
        dispatcher, tracker("oops, put it back", "nlu_fallback", slots=slots), {}
    )
    assert SlotSet("reorder_items", [PEPSI, SPRITE]) in events
    said = [response for response, _ in texts(dispatcher)]
    assert said[0].startswith("utter_reorder_readback")
    assert "utter_not_understood" not in said


async def test_a_new_product_during_the_read_back_is_still_added(
    wired: Clients,
) -> None:
    said = "再来两箱雪碧"
    slots = weijun(confirming="order", reorder_items=[PEPSI])
    entities = [{"entity": "quantity", "value": "两箱", "start": 2, "end": 4},
                product("雪碧", said)]  # fmt: skip
    events = await validate(said, entities, **slots)
    items = next(e["value"] for e in events if e["name"] == "reorder_items")
    assert sorted(i["sku"] for i in items) == ["PEP-COLA-330-24", "SPR-LEMON-330-24"]


async def test_a_line_named_shorter_heard_as_an_order_changes_its_quantity(
    wired: Clients,
) -> None:
    milk = {"sku": "YL-PURE-250-24", "name_zh": "伊利纯牛奶 250毫升",
            "name_en": "Yili Pure Milk 250ml", "brand_zh": "伊利", "brand_en": "Yili",
            "unit_zh": "箱", "unit_en": "case", "quantity": 6}  # fmt: skip
    said = "牛奶少来点 四箱就行"
    entities = [product("牛奶", said),
                {"entity": "quantity", "value": "四", "start": 6, "end": 7},
                {"entity": "unit", "value": "箱", "start": 7, "end": 8}]  # fmt: skip
    slots = weijun(confirming="order", reorder_items=[milk])
    events = await validate(said, entities, **slots)
    items = next(e["value"] for e in events if e["name"] == "reorder_items")
    assert [(i["sku"], i["quantity"]) for i in items] == [("YL-PURE-250-24", 4)]


async def test_a_spaced_pin_heard_as_quantities_never_edits_the_draft(
    wired: Clients,
) -> None:
    """ "二 四 六 八" after "your PIN?", heard as an order: the read-back stays."""
    said = "二 四 六 八"
    quantities = [
        {"entity": "quantity", "value": digit, "start": 2 * n, "end": 2 * n + 1}
        for n, digit in enumerate(said.split())
    ]
    three = {**PEPSI, "quantity": 3}
    slots = weijun(confirming="order", reorder_items=[three], awaiting="pin",
                   pin_for="place_order")  # fmt: skip
    events = await validate(said, quantities, **slots)
    assert SlotSet("reorder_previous", [three]) not in events
    changed = [e["value"] for e in events if e.get("name") == "reorder_items"]
    assert all(value in (None, [three]) for value in changed)
    # Not even a bare quantity with nothing named and no PIN asked.
    slots = weijun(confirming="order", reorder_items=[three])
    events = await validate("六箱", [{"entity": "quantity", "value": "六箱",
                                      "start": 0, "end": 2}], **slots)  # fmt: skip
    assert SlotSet("reorder_previous", [three]) not in events


async def _answer(said: str, entities: list[dict[str, Any]], slots: dict) -> tuple:
    from actions.answer import ActionAnswer

    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher, tracker(said, "deny", entities, slots=slots), {}
    )
    return events, [response for response, _ in texts(dispatcher)]


async def test_a_no_with_its_own_quantity_corrects_the_one_line(
    wired: Clients,
) -> None:
    # The read-back of 25 cases; "不对，十五箱" means fifteen, not "cancel it all".
    slots = weijun(confirming="order", reorder_items=[{**PEPSI, "quantity": 25}])
    events, said = await _answer("不对，十五箱", [], slots)
    assert SlotSet("reorder_items", [{**PEPSI, "quantity": 15}]) in events
    assert said[0].startswith("utter_reorder_readback")


async def test_a_no_naming_a_line_removes_only_that_line(wired: Clients) -> None:
    slots = weijun(confirming="order", reorder_items=[PEPSI, SPRITE])
    said = "不对，雪碧不要了"
    events, _ = await _answer(said, [product("雪碧", said)], slots)
    assert SlotSet("reorder_items", [PEPSI]) in events


async def test_a_no_with_a_bare_number_or_nothing_stays_a_no(wired: Clients) -> None:
    # A PIN said after the no is not a quantity; a plain no drops the draft.
    for said, entities in (
        ("不对 2468", [{"entity": "digits", "value": "2468", "start": 3, "end": 7}]),
        ("no, 4", []),
        ("不对", []),
    ):
        slots = weijun(confirming="order", reorder_items=[PEPSI, SPRITE])
        events, heard = await _answer(said, entities, slots)
        assert not any(
            e.get("name") == "reorder_items" and e.get("value") for e in events
        ), (said, events)
        assert not any(r.startswith("utter_reorder_readback") for r in heard), said


async def test_a_no_with_a_quantity_heard_as_an_order_corrects_the_line(
    wired: Clients,
) -> None:
    # NLU hears "不对，十五箱" as fifteen cases of a product called "不对".
    said = "不对，十五箱"
    quantity = {"entity": "quantity", "value": "十五箱", "start": 3, "end": 6}
    entities = [product("不对", said), quantity]
    slots = weijun(confirming="order", reorder_items=[{**PEPSI, "quantity": 150}])
    events = await validate(said, entities, **slots)
    assert SlotSet("reorder_items", [{**PEPSI, "quantity": 15}]) in events


async def _sprite_during_pepsi_read_back(action: Any, intent: str) -> tuple:
    """Run ``action`` on "雪碧不要了" while a read-back of Pepsi alone is open."""
    said = "雪碧不要了"
    dispatcher = CollectingDispatcher()
    events = await action.run(
        dispatcher,
        tracker(said, intent, [product("雪碧", said)],
                slots=weijun(confirming="order", reorder_items=[PEPSI])),
        {},
    )  # fmt: skip
    return events, texts(dispatcher)


async def test_removing_a_product_not_on_the_order_says_so(wired: Clients) -> None:
    # The one line on the order is Pepsi: "雪碧不要了" must not remove it.
    from actions.reorder_edit import ActionEditDraft

    events, said = await _sprite_during_pepsi_read_back(
        ActionEditDraft(), "remove_item"
    )
    assert not any(e.get("name") == "reorder_items" for e in events), events
    assert said == [("utter_not_on_draft", {"product": "雪碧"})]


async def test_a_line_not_on_the_order_heard_as_a_cancel_cancels_nothing(
    wired: Clients,
) -> None:
    # NLU heard "雪碧不要了" as a cancel; with a read-back of Pepsi open, the owner
    # hears Sprite is not on it, and no placed order is offered for cancelling.
    from actions.orders import ActionCancelOrder

    events, said = await _sprite_during_pepsi_read_back(
        ActionCancelOrder(), "cancel_order"
    )
    assert said == [("utter_not_on_draft", {"product": "雪碧"})]
    assert not any(e.get("name") == "confirming" for e in events), events


async def test_an_undo_heard_as_a_cancel_puts_the_line_back(wired: Clients) -> None:
    # "还是把雪碧加回来" after "雪碧不要了", heard as a cancel of Sprite: the read-back
    # gets Sprite back, and no order is touched.
    from actions.orders import ActionCancelOrder

    said = "算了 还是把雪碧加回来"
    slots = weijun(
        confirming="order", reorder_items=[PEPSI], reorder_previous=[PEPSI, SPRITE]
    )
    dispatcher = CollectingDispatcher()
    events = await ActionCancelOrder().run(
        dispatcher,
        tracker(said, "cancel_order", [product("雪碧", said)], slots=slots),
        {},
    )
    assert SlotSet("reorder_previous", None) in events
    restored = [e["value"] for e in events if e.get("name") == "reorder_items"]
    assert restored and [line["sku"] for line in restored[-1]] == [
        PEPSI["sku"],
        SPRITE["sku"],
    ]
    assert not any(r == "utter_not_on_draft" for r, _ in texts(dispatcher))


async def test_a_product_not_on_the_order_is_named_as_the_owner_said_it(
    wired: Clients,
) -> None:
    # The synonym mapper turns "sprite" into 雪碧; the English owner hears "sprite".
    from actions.reorder_edit import ActionEditDraft

    said = "no wait sprite to cases only"
    sprite = {"entity": "product", "value": "雪碧", "start": 8, "end": 14}
    dispatcher = CollectingDispatcher()
    await ActionEditDraft().run(
        dispatcher,
        tracker(said, "change_item", [sprite],
                slots=david(confirming="order", reorder_items=[PEPSI])),
        {},
    )  # fmt: skip
    assert texts(dispatcher) == [("utter_not_on_draft", {"product": "sprite"})]
