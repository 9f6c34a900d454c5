"""Questions in passing are answered, never turned into an order or a cancel."""

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.loan_questions import ActionLoanRepayment
from actions.pin import ActionForgotPin
from actions.product_info import ActionProductInfo
from tests.actions.conftest import texts, tracker, weijun


async def test_a_price_question_gets_the_price_and_pack(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionProductInfo().run(
        dispatcher,
        tracker("可口可乐多少钱一箱", "product_info", slots=weijun(),
                entities=[{"entity": "product", "value": "可口可乐"}]),
        {},
    )  # fmt: skip
    [(response, args)] = texts(dispatcher)
    assert response == "utter_product_info"
    assert args["name"].startswith("可口可乐") and args["unit"] == "箱"
    assert args["pack"] == "二十四" and "元" in args["price"]
    assert events == []


async def test_an_order_heard_as_a_price_question_is_an_order(
    wired: Clients,
) -> None:
    # "for box" is four cases, which NLU did not tag; a size is not a quantity.
    sprite = [{"entity": "product", "value": "雪碧"}]
    for said, ordered in (
        ("i want for box of sprite", True),
        ("i want sprite 330ml", False),
        ("sprite two cases how much", False),
    ):
        dispatcher = CollectingDispatcher()
        events = await ActionProductInfo().run(
            dispatcher,
            tracker(said, "product_info", sprite, slots=weijun(language="en")),
            {},
        )
        assert (events == [FollowupAction("reorder_form")]) is ordered, said


async def test_no_loan_means_nothing_to_repay(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"owner_id": 3, "shop_id": 3}
    await ActionLoanRepayment().run(
        dispatcher, tracker("每个月还多少", "loan_repayment", slots=slots), {}
    )
    assert texts(dispatcher) == [("utter_loan_nothing_to_repay", {})]


async def test_a_forgotten_pin_offers_a_person() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionForgotPin().run(
        dispatcher, tracker("我忘了密码", "forgot_pin", slots=weijun()), {}
    )
    assert texts(dispatcher) == [("utter_forgot_pin", {})]
    assert SlotSet("confirming", "handoff") in events


async def test_ok_good_price_to_the_read_back_is_a_yes(wired: Clients) -> None:
    # NLU heard "ok good price" as a price question; said to the read-back, a yes.
    line = {"sku": "KO-COLA-330-24", "name_zh": "可口可乐 330毫升", "quantity": 3}
    dispatcher = CollectingDispatcher()
    await ActionProductInfo().run(
        dispatcher,
        tracker("ok good price", "product_info",
                slots=weijun(language="en", confirming="order", reorder_items=[line])),
        {},
    )  # fmt: skip
    assert [response for response, _ in texts(dispatcher)] == ["utter_ask_pin"]
