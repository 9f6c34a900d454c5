"""A PIN said digit by digit after "your PIN?" never reaches the order as products."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.reorder_form import ValidateReorderForm
from tests.actions.conftest import FORM_DOMAIN, texts, tracker, weijun

READ_BACK = [{"sku": "KO-COLA-330-24", "quantity": 2, "name_zh": "可口可乐"}]


async def test_the_pin_asked_for_is_not_searched_as_products(wired: Clients) -> None:
    # NLU heard 二 四 六 八 as four product names; the form must leave them alone.
    digits = [
        {"entity": "product", "value": d, "start": i * 2, "end": i * 2 + 1}
        for i, d in enumerate("二四六八")
    ]
    slots = weijun(awaiting="pin", pin_for="place_order", confirming="order",
                   reorder_items=READ_BACK)  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ValidateReorderForm().run(
        dispatcher,
        tracker("二 四 六 八", "reorder_stock", digits, slots=slots),
        FORM_DOMAIN,
    )
    assert events == []  # rejected: the PIN's own rule answers it
    assert texts(dispatcher) == []  # never "没找到“二”"


async def test_the_pin_heard_as_an_edit_is_the_pin_not_a_quantity(
    wired: Clients,
) -> None:
    # NLU heard 二 四 六 八 as "change it to eight": the order must stay at two.
    from actions.reorder_edit import ActionEditDraft

    slots = weijun(awaiting="pin", pin_for="place_order", confirming="order",
                   reorder_items=READ_BACK)  # fmt: skip
    quantity = [{"entity": "quantity", "value": "八", "start": 6, "end": 7}]
    dispatcher = CollectingDispatcher()
    events = await ActionEditDraft().run(
        dispatcher, tracker("二 四 六 八", "change_item", quantity, slots=slots), {}
    )
    assert not any(
        e.get("name") == "reorder_items" and e.get("value") not in (None, READ_BACK)
        for e in events
    ), events  # placed as read back (two cases), then forgotten
    assert "utter_order_placed" in [response for response, _ in texts(dispatcher)]
