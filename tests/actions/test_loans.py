"""Loans through the actions: the PIN first, the offer, shaping it and applying once."""

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.loans import ActionLoanEligibility
from tests.actions.conftest import backend_call, david, texts, tracker, weijun
from tests.fixtures.backend import BackendServer
from tests.fixtures.shops import MakeShop


async def _pin_session(backend_server: BackendServer, owner: int, pin: str) -> str:
    body = await backend_call(
        backend_server, "POST", f"/v1/owners/{owner}/pin-sessions", {"pin": pin}
    )
    return str(body["token"])


async def test_eligibility_asks_for_the_pin_first(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionLoanEligibility().run(
        dispatcher,
        tracker("我能借多少钱", "check_loan_eligibility", slots=weijun()),
        {},
    )
    assert texts(dispatcher) == [("utter_ask_pin", {})]
    assert events == [
        SlotSet("awaiting", "pin"),
        SlotSet("pin_for", "loan_eligibility"),
    ]


async def test_pin_then_eligibility_then_apply_exactly_once(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    # A backend of its own: after applying, Weijun is no longer eligible.
    sender = "test-loan-weijun"
    slots = weijun(awaiting="pin", pin_for="loan_eligibility")
    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher, tracker("二四六八", "provide_pin", slots=slots, sender=sender), {}
    )
    said = texts(dispatcher)
    assert said[0][0] == "utter_loan_offer"
    assert said[0][1]["amount"].endswith("元")
    assert said[0][1]["term"].endswith("个月")
    assert said[-1] == ("utter_loan_ask_apply", {})
    assert all(r == "utter_loan_reason" for r, _ in said[1:-1]) and len(said) >= 3
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert values["confirming"] == "loan_offer"
    offer = values["loan_offer"]
    # Yes → read-back; yes again → the application, exactly once.
    slots = weijun(owner_session=values["owner_session"], loan_offer=offer)
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(
        dispatcher,
        tracker(
            "好", "affirm", slots={**slots, "confirming": "loan_offer"}, sender=sender
        ),
        {},
    )
    assert [r for r, _ in texts(dispatcher)] == [
        "utter_loan_readback", "utter_loan_confirm_apply"
    ]  # fmt: skip
    submit = tracker("确认", "affirm", slots={**slots, "confirming": "loan_apply"},
                     sender=sender)  # fmt: skip
    ids = set()
    for _ in range(2):
        dispatcher = CollectingDispatcher()
        await ActionAnswer().run(dispatcher, submit, {})
        ((response, args),) = texts(dispatcher)
        assert response == "utter_loan_submitted"
        ids.add(args["id"])
    assert len(ids) == 1
    listed = await backend_call(
        fresh_backend_server, "GET", "/v1/shops/1/loan-applications"
    )
    assert [a["id"] for a in listed["applications"]].count(int(ids.pop())) == 1


async def test_young_shop_is_told_why_not(
    wired: Clients, backend_server: BackendServer
) -> None:
    token = await _pin_session(backend_server, 3, "9753")
    dispatcher = CollectingDispatcher()
    slots = {"owner_id": 3, "shop_id": 3, "owner_session": token}
    events = await ActionLoanEligibility().run(
        dispatcher, tracker("能贷款吗", "check_loan_eligibility", slots=slots), {}
    )
    said = texts(dispatcher)
    assert said[0] == ("utter_loan_not_eligible", {})
    assert said[1][0] == "utter_loan_reason" and said[1][1]["reason"]
    assert SlotSet("loan_offer", None) in events


async def test_wrong_pin_says_tries_left(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    slots = david(awaiting="pin", pin_for="loan_eligibility")
    events = await ActionAnswer().run(
        dispatcher, tracker("one one one one", "provide_pin", slots=slots), {}
    )
    ((response, args),) = texts(dispatcher)
    assert response == "utter_pin_wrong"
    assert args["tries"] == "four"
    assert events == []


async def test_five_wrong_pins_lock_and_say_until_when(
    wired: Clients, backend_server: BackendServer, make_served_shop: MakeShop
) -> None:
    shop = await make_served_shop()
    owner = await backend_call(
        backend_server, "POST", "/v1/identity/resolve",
        {"channel": "phone", "id": shop.phone},
    )  # fmt: skip
    slots = {"owner_id": owner["owner_id"], "shop_id": owner["shop_id"],
             "awaiting": "pin", "pin_for": "loan_eligibility"}  # fmt: skip
    said = []
    for _ in range(5):
        dispatcher = CollectingDispatcher()
        events = await ActionAnswer().run(
            dispatcher, tracker("九九九九", "provide_pin", slots=slots), {}
        )
        said += texts(dispatcher)
    assert [r for r, _ in said[:4]] == ["utter_pin_wrong"] * 4
    assert [a["tries"] for _, a in said[:4]] == ["四", "三", "两", "一"]
    response, args = said[4]
    assert response == "utter_pin_locked"
    assert "点" in args["until"]
    assert events == [SlotSet("awaiting", None), SlotSet("pin_for", None)]


async def offer_open(
    server: BackendServer, owner_id: int, pin: str, owner: dict[str, Any]
) -> dict[str, Any]:
    """The owner's slots with a PIN session open and the loan offer just told."""
    session = await backend_call(
        server, "POST", f"/v1/owners/{owner_id}/pin-sessions", {"pin": pin}
    )
    slots = {**owner, "owner_session": session["token"]}
    events = await ActionLoanEligibility().run(
        CollectingDispatcher(),
        tracker("我能借多少", "check_loan_eligibility", slots=slots),
        {},
    )
    offer = next(e["value"] for e in events if e.get("name") == "loan_offer")
    return {**slots, "loan_offer": offer, "confirming": "loan_offer"}


async def test_the_owner_shapes_amount_and_term_before_the_yes(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    from actions.answer import ActionAnswer

    slots = await offer_open(fresh_backend_server, 1, "2468", weijun())

    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher, tracker("借三万就够了 分六个月还", "inform", slots=slots), {}
    )
    said = texts(dispatcher)
    assert said[0][0] == "utter_loan_readback"
    assert said[0][1]["amount"] == "三万元" and said[0][1]["term"] == "六个月"
    shaped = next(e["value"] for e in events if e.get("name") == "loan_offer")
    assert shaped["amount"] == "30000" and shaped["term_months"] == 6
    assert SlotSet("confirming", "loan_apply") in events

    too_much = {**slots, "loan_offer": shaped, "confirming": "loan_apply"}
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(
        dispatcher, tracker("不对 我要十万", "deny", slots=too_much), {}
    )
    assert texts(dispatcher)[0][0] == "utter_loan_amount_too_high"

    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, tracker("对", "affirm", slots=too_much), {})
    assert texts(dispatcher)[0][0] == "utter_loan_submitted"
    applications = await backend_call(
        fresh_backend_server, "GET", "/v1/shops/1/loan-applications"
    )
    newest = applications["applications"][0]
    assert (newest["amount"], newest["term_months"]) == ("30000.00", 6)


async def test_loan_words_nlu_missed_still_shape_the_offer_or_ask_the_monthly(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    """ "make it 24 months" and "how much a month?" heard as nothing by NLU."""
    from actions.conversation import ActionMisunderstood

    slots = await offer_open(fresh_backend_server, 2, "1357", david())

    dispatcher = CollectingDispatcher()
    events = await ActionMisunderstood().run(
        dispatcher, tracker("make it 24 months", "nlu_fallback", slots=slots), {}
    )
    ((response, args), *_) = texts(dispatcher)
    assert response == "utter_loan_readback" and "twenty-four" in args["term"]
    shaped = next(e["value"] for e in events if e.get("name") == "loan_offer")
    assert shaped["term_months"] == 24

    dispatcher = CollectingDispatcher()
    asked = {**slots, "loan_offer": shaped, "confirming": "loan_apply"}
    events = await ActionMisunderstood().run(
        dispatcher, tracker("how much a month?", "out_of_scope", slots=asked), {}
    )
    assert events == []
    ((response, args),) = texts(dispatcher)  # the offer's own monthly figure
    assert response == "utter_loan_readback" and "twenty-four" in args["term"]
    assert args["monthly"] and args["monthly"][0].isdigit()


async def test_a_term_not_offered_is_asked_again_and_the_amount_kept(
    wired_fresh: Clients, fresh_backend_server: BackendServer
) -> None:
    """ "borrow 10000 for 5 months": 6, 12 or 24? — "6 then" gives 10,000 over 6."""
    from actions.conversation import ActionMisunderstood

    session = await backend_call(
        fresh_backend_server, "POST", "/v1/owners/2/pin-sessions", {"pin": "1357"}
    )
    slots = david(owner_session=session["token"])
    dispatcher = CollectingDispatcher()
    asked = tracker("borrow 10000 for 5 months", "apply_loan", slots=slots)
    events = await ActionLoanEligibility().run(dispatcher, asked, {})
    assert [r for r, _ in texts(dispatcher)][-1] == "utter_loan_terms"
    assert SlotSet("confirming", "loan_offer") in events
    kept = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    dispatcher = CollectingDispatcher()
    answer = tracker("6 then", "nlu_fallback", slots={**slots, **kept})
    events = await ActionMisunderstood().run(dispatcher, answer, {})
    ((response, args), *_) = texts(dispatcher)
    assert response == "utter_loan_readback"
    assert (args["amount"], args["term"]) == ("10,000 yuan", "six months")
