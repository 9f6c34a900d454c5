"""The order the owner means is the one cancelled or tracked; ordering words never
cancel, and a cancelled order never promises a delivery."""

from typing import Any
from unittest.mock import ANY

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.orders import ActionCancelOrder, ActionOrderStatus
from tests.actions.conftest import backend_call, texts, tracker
from tests.fixtures.backend import BackendServer

SPRITE, COLA = "SPR-LEMON-330-24", "KO-COLA-330-24"


def xinkai(**slots: Any) -> dict[str, Any]:
    """李新's shop: no order history of its own in the demo world."""
    return {"owner_id": 3, "shop_id": 3, "display_name": "李新", **slots}


async def _order(server: BackendServer, sku: str, quantity: int) -> int:
    session = await backend_call(
        server, "POST", "/v1/owners/3/pin-sessions", {"pin": "9753"}
    )
    order = await backend_call(
        server, "POST", "/v1/shops/3/orders",
        {"lines": [{"sku": sku, "quantity": quantity}]},
        **{"X-Owner-Session": session["token"], "Idempotency-Key": f"t-{sku}"},
    )  # fmt: skip
    return int(order["id"])


async def _run(action: Any, text: str, intent: str, **slots: Any) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    latest = tracker(text, intent, slots=xinkai(**slots))
    events = await action.run(dispatcher, latest, {})
    return texts(dispatcher), events


async def test_the_right_order_is_cancelled_or_tracked(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    server = fresh_backend_server
    sprite = await _order(server, SPRITE, 3)
    cola = await _order(server, COLA, 12)

    said, events = await _run(ActionCancelOrder(), "我要订货", "cancel_order")
    assert said == [] and events == [FollowupAction("reorder_form")]

    cancel = ActionCancelOrder()
    said, events = await _run(cancel, f"取消{sprite}号订单", "cancel_order")
    assert said[0] == ("utter_cancel_order_confirm", {"id": str(sprite), "items": ANY})
    assert SlotSet("order_to_cancel", sprite) in events

    said, events = await _run(
        cancel, "cancel the coke order", "cancel_order", language="en"
    )
    assert said[0][1]["id"] == str(cola)

    # Two placed orders and nothing to tell them apart: which one?
    said, events = await _run(ActionCancelOrder(), "取消订单", "cancel_order")
    assert said[0][0] == "utter_which_order"
    assert SlotSet("order_choices", [cola, sprite]) in events
    said, events = await _run(
        ActionAnswer(), "第二个", "inform", awaiting="order_choice",
        order_choices=[cola, sprite], order_choice_for="cancel",
    )  # fmt: skip
    assert said[0] == ("utter_cancel_order_confirm", {"id": str(sprite), "items": ANY})
    # "雪碧那个" to "which one?", heard as a cancel: it picks, it never orders.
    said, events = await _run(
        ActionCancelOrder(), "雪碧那个", "cancel_order", awaiting="order_choice",
        order_choices=[cola, sprite], order_choice_for="cancel",
    )  # fmt: skip
    assert said[0] == ("utter_cancel_order_confirm", {"id": str(sprite), "items": ANY})
    assert FollowupAction("reorder_form") not in events

    said, _ = await _run(ActionCancelOrder(), "取消9999号订单", "cancel_order")
    assert said == [("utter_order_unknown", {})]

    session = await backend_call(server, "POST", "/v1/owners/3/pin-sessions",
                                 {"pin": "9753"})  # fmt: skip
    await backend_call(server, "POST", f"/v1/shops/3/orders/{sprite}/cancel",
                       **{"X-Owner-Session": session["token"]})  # fmt: skip
    said, _ = await _run(ActionOrderStatus(), f"{sprite}号订单到哪了", "order_status")
    assert said == [("utter_order_status_cancelled", {"id": str(sprite)})]
    said, _ = await _run(ActionOrderStatus(), "我的货到哪了", "order_status")
    assert said[0][0] == "utter_order_status" and said[0][1]["id"] == str(cola)

    await backend_call(server, "POST", f"/v1/shops/3/orders/{cola}/dispatch")
    said, _ = await _run(ActionCancelOrder(), "把可乐那单取消了", "cancel_order")
    assert said[0][0] == "utter_order_not_cancellable_now"
    await backend_call(server, "POST", f"/v1/shops/3/orders/{cola}/deliver")
    said, _ = await _run(ActionOrderStatus(), "我的货到哪了", "order_status")
    assert said[0] == ("utter_order_nothing_coming", {})
    assert said[1] == ("utter_order_status_delivered", {"id": str(cola)})


async def test_edits_while_the_draft_is_read_back(wired: Clients) -> None:
    from actions.reorder_edit import ActionEditDraft

    def line(sku: str, zh: str, en: str, brand: str, quantity: int) -> dict:
        return {"sku": sku, "name_zh": zh, "name_en": en, "brand_zh": brand,
                "brand_en": en.split()[0], "unit_zh": "箱", "unit_en": "case",
                "quantity": quantity}  # fmt: skip

    draft = [
        line(COLA, "可口可乐 330毫升", "Coca-Cola 330ml", "可口可乐", 5),
        line("KSF-BEEF-BAG-24", "康师傅红烧牛肉面 袋装", "Master Kong Beef Noodles",
             "康师傅", 3),
    ]  # fmt: skip
    confirming = {"reorder_items": draft, "confirming": "order"}

    said, events = await _run(ActionAnswer(), "康师傅改成五箱", "inform", **confirming)
    assert said[-1] == ("utter_reorder_confirm", {})
    changed = next(e["value"] for e in events if e.get("name") == "reorder_items")
    assert [(item["sku"], item["quantity"]) for item in changed] == [
        (COLA, 5),
        ("KSF-BEEF-BAG-24", 5),
    ]
    assert SlotSet("reorder_previous", draft) in events

    latest = tracker(
        "可乐不要了",
        "remove_item",
        slots=xinkai(**confirming),
        entities=[{"entity": "product", "value": "可乐", "start": 0}],
    )
    events = await ActionEditDraft().run(CollectingDispatcher(), latest, {})
    left = next(e["value"] for e in events if e.get("name") == "reorder_items")
    assert [item["sku"] for item in left] == ["KSF-BEEF-BAG-24"]

    latest = tracker(
        "把可口可乐换成百事可乐", "change_item", slots=xinkai(**confirming),
        entities=[{"entity": "product", "value": "可口可乐", "start": 1},
                  {"entity": "product", "value": "百事可乐", "start": 7}],
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionEditDraft().run(dispatcher, latest, {})
    swapped = next(e["value"] for e in events if e.get("name") == "reorder_items")
    assert swapped[0]["sku"].startswith("PEP-COLA") and swapped[0]["quantity"] == 5

    said, events = await _run(
        ActionEditDraft(), "改回去", "undo", reorder_previous=draft, **confirming
    )
    restored = next(e["value"] for e in events if e.get("name") == "reorder_items")
    assert restored == draft


async def test_a_day_with_no_order_says_so_then_what_is_coming(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    cola = await _order(fresh_backend_server, COLA, 7)
    said, _ = await _run(ActionOrderStatus(), "我昨天那单到哪了", "order_status")
    assert said[0] == ("utter_no_such_order", {})
    assert said[1][0] == "utter_order_status" and said[1][1]["id"] == str(cola)


async def test_apply_said_to_the_read_back_submits(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    from actions.loans import ActionLoanApply, ActionLoanEligibility

    session = await backend_call(
        fresh_backend_server, "POST", "/v1/owners/1/pin-sessions", {"pin": "2468"}
    )
    slots = {"owner_id": 1, "shop_id": 1, "owner_session": session["token"]}
    dispatcher = CollectingDispatcher()
    events = await ActionLoanEligibility().run(
        dispatcher, tracker("我能借多少", "check_loan_eligibility", slots=slots), {}
    )
    offer = next(e["value"] for e in events if e.get("name") == "loan_offer")
    dispatcher = CollectingDispatcher()
    await ActionLoanApply().run(
        dispatcher,
        tracker("ok apply", "apply_loan",
                slots={**slots, "loan_offer": offer, "confirming": "loan_apply"}),
        {},
    )  # fmt: skip
    assert texts(dispatcher)[0][0] == "utter_loan_submitted"
