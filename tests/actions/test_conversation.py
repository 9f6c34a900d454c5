from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.conversation import (
    ActionMisunderstood,
    ActionRepeat,
    ActionSlower,
    ActionSwitchLanguage,
)
from tests.actions.conftest import texts, tracker, weijun
from tests.fixtures.backend import BackendServer


def _user(intent: str) -> dict:
    return {"event": "user", "text": "x", "parse_data": {"intent": {"name": intent}}}


async def test_repeat_says_the_previous_answer_again() -> None:
    history = [
        _user("greet"),
        {"event": "bot", "text": "老王您好！"},
        {"event": "bot", "text": "要订货吗？"},
        {"event": "action", "name": "action_listen"},
    ]
    dispatcher = CollectingDispatcher()
    events = await ActionRepeat().run(
        dispatcher, tracker("再说一遍", "repeat", events=history), {}
    )
    assert [m["text"] for m in dispatcher.messages] == ["老王您好！", "要订货吗？"]
    assert events == []


async def test_nothing_to_repeat() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRepeat().run(dispatcher, tracker("再说一遍", "repeat"), {})
    assert texts(dispatcher) == [("utter_nothing_to_repeat", {})]


async def test_slower_sets_the_slot() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSlower().run(dispatcher, tracker("说慢点", "slower"), {})
    assert events == [SlotSet("slow_speech", True)]
    assert texts(dispatcher) == [("utter_slower", {})]


async def test_switch_language() -> None:
    switch = ActionSwitchLanguage()
    said_english = tracker("说英文", "switch_language",
                           [{"entity": "language", "value": "en"}])  # fmt: skip
    assert await switch.run(CollectingDispatcher(), said_english, {}) == [
        SlotSet("language", "en")
    ]
    back = tracker("Chinese please", "switch_language", slots={"language": "en"})
    assert await switch.run(CollectingDispatcher(), back, {}) == [
        SlotSet("language", "zh")
    ]
    toggle = tracker("换个语言", "switch_language", slots={"language": "en"})
    assert await switch.run(CollectingDispatcher(), toggle, {}) == [
        SlotSet("language", "zh")
    ]


async def test_second_misunderstanding_offers_a_person(
    wired: Clients, backend_server: BackendServer
) -> None:
    dispatcher = CollectingDispatcher()
    first = tracker("嗯嗯啊", "nlu_fallback")
    assert await ActionMisunderstood().run(dispatcher, first, {}) == []
    assert texts(dispatcher) == [("utter_not_understood", {})]
    dispatcher = CollectingDispatcher()
    second = tracker("啊啊", "nlu_fallback", events=[_user("nlu_fallback")])
    events = await ActionMisunderstood().run(dispatcher, second, {})
    assert texts(dispatcher) == [("utter_offer_handoff", {})]
    assert events == [SlotSet("confirming", "handoff"), SlotSet("awaiting", None)]
    # Yes: the handoff is recorded in the backend.
    dispatcher = CollectingDispatcher()
    sender = "test-handoff-1"
    events = await ActionAnswer().run(
        dispatcher,
        tracker("好", "affirm", slots=weijun(confirming="handoff"), sender=sender),
        {},
    )
    assert texts(dispatcher) == [("utter_handoff_done", {})]
    assert events == [SlotSet("confirming", None), SlotSet("awaiting", None)]


async def test_yes_with_nothing_to_confirm(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, tracker("好", "affirm", slots=weijun()), {})
    assert texts(dispatcher) == [("utter_nothing_to_confirm", {})]


async def test_unknown_owner_is_told(wired: Clients) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, tracker("好", "affirm"), {})
    assert texts(dispatcher) == [("utter_unknown_owner", {})]


async def test_doubtful_yes_to_an_order_is_asked_again(wired: Clients) -> None:
    doubtful = tracker("阿巴阿巴", "affirm", slots=weijun(confirming="order",
                       reorder_items=[{"sku": "X", "quantity": 1}]))  # fmt: skip
    doubtful.latest_message["intent"]["confidence"] = 0.6
    dispatcher = CollectingDispatcher()
    assert await ActionAnswer().run(dispatcher, doubtful, {}) == []
    assert texts(dispatcher) == [("utter_reorder_confirm", {})]


async def test_slower_says_the_last_answer_again_slowly() -> None:
    before = [
        {"event": "user", "text": "有包裹吗"},
        {"event": "bot", "text": "有三个包裹在等人取。"},
    ]
    dispatcher = CollectingDispatcher()
    events = await ActionSlower().run(
        dispatcher, tracker("说慢一点", "slower", events=before), {}
    )
    assert events == [SlotSet("slow_speech", True)]
    assert texts(dispatcher) == [("utter_slower", {}), ("有三个包裹在等人取。", {})]


async def test_a_long_ramble_is_asked_for_one_thing_not_a_callback() -> None:
    from actions.conversation import ActionMisunderstood

    ramble = "老板我跟你说啊 " * 60
    dispatcher = CollectingDispatcher()
    events = await ActionMisunderstood().run(
        dispatcher, tracker(ramble, "nlu_fallback"), {}
    )
    assert texts(dispatcher) == [("utter_one_thing_at_a_time", {})]
    assert events == []


async def test_a_ramble_is_answered_by_the_last_request_it_names(
    wired: Clients,
) -> None:
    chatter = "business is slow, the street is quiet, my wife says I talk a lot, " * 5
    ramble = chatter + "anyway are there parcels waiting, tell me, that is all"
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher,
        tracker(ramble, "nlu_fallback", slots=weijun(language="en")),
        {},
    )
    said = [response for response, _ in texts(dispatcher)]
    assert said[0] in ("utter_parcels_waiting", "utter_parcels_none"), said


def test_the_last_request_named_in_a_ramble_wins() -> None:
    from actions.named_requests import last_request

    assert last_request("我的快递到了吗 算了 先说说 哪些东西快卖完了") == (
        "action_stock_suggestions"
    )
    assert last_request("what is running low, no wait, where is my order") == (
        "action_order_status"
    )
    assert last_request("生意不好做啊 对面新开了一家店") is None
    assert last_request("please cancel order number 7 4 1") == "action_cancel_order"


async def test_a_short_message_nlu_missed_is_answered_by_the_request_it_names(
    wired: Clients,
) -> None:
    dispatcher = CollectingDispatcher()
    asks = tracker("等等 我先问下 有快递吗", "nlu_fallback", slots=weijun())
    await ActionMisunderstood().run(dispatcher, asks, {})
    said = [response for response, _ in texts(dispatcher)]
    assert said[0] in ("utter_parcels_waiting", "utter_parcels_none"), said
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher, tracker("阿巴阿巴", "nlu_fallback", slots=weijun()), {}
    )
    assert texts(dispatcher) == [("utter_not_understood", {})]


def test_a_bare_term_answers_the_term_question() -> None:
    from actions.loan_words import heard_amount, heard_term

    assert heard_term(tracker("6 then", "inform")) == 6
    assert heard_term(tracker("make it 24 months", "inform")) == 24
    assert heard_amount(tracker("borrow 15,000 for 12 months", "apply_loan")) == 15000
    assert heard_amount(tracker("1357", "provide_pin")) is None
    # "a month" is how often one pays, never a one-month term.
    per_month = [{"entity": "term", "value": "1", "start": 9, "end": 16}]
    assert heard_term(tracker("how much a month?", "inform", per_month)) is None
    assert heard_term(tracker("每个月还多少", "inform", per_month)) is None


async def test_which_ones_after_the_parcels_reads_them_and_only_then(
    wired: Clients,
) -> None:
    counted = [
        _user("list_parcels"),
        {"event": "action", "name": "action_list_parcels"},
        {"event": "bot", "text": "three parcels are waiting."},
        {"event": "action", "name": "action_listen"},
    ]
    slots = weijun(language="en")
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher, tracker("which ones?", "nlu_fallback", slots=slots, events=counted),
        {},
    )  # fmt: skip
    said = [response for response, _ in texts(dispatcher)]
    assert said[0] in ("utter_parcels_waiting", "utter_parcels_none"), said
    # The same words after anything else are not about parcels.
    dispatcher = CollectingDispatcher()
    await ActionMisunderstood().run(
        dispatcher, tracker("which ones?", "nlu_fallback", slots=slots), {}
    )
    assert texts(dispatcher) == [("utter_not_understood", {})]


async def test_a_yes_with_a_remark_is_a_yes_and_a_hesitation_is_not(
    wired: Clients,
) -> None:
    from actions.answer import yes_with_a_remark

    def said(text: str, intent: str = "stock_suggestions") -> bool:
        slots = weijun(confirming="order", reorder_items=[{"sku": "x"}])
        return yes_with_a_remark(tracker(text, intent, slots=slots))

    assert said("对 卖得快") and said("ok, those sell well", "nlu_fallback")
    for not_yes in ("行 我再想想", "对 卖得快吗", "好 但是先等等", "ok but wait",
                    "对卖得快", "卖得快"):  # fmt: skip
        assert not said(not_yes), not_yes
    # With nothing asked there is nothing to say yes to.
    nothing_asked = tracker("对 卖得快", "stock_suggestions", slots=weijun())
    assert not yes_with_a_remark(nothing_asked)


async def test_yes_with_a_remark_to_the_read_back_goes_on_to_the_pin(
    wired: Clients,
) -> None:
    from actions.reorder import ActionStockSuggestions

    line = {"sku": "KO-COLA-330-24", "name_zh": "可口可乐 330毫升", "quantity": 5}
    slots = weijun(confirming="order", reorder_items=[line])
    dispatcher = CollectingDispatcher()
    await ActionStockSuggestions().run(
        dispatcher, tracker("对 卖得快", "stock_suggestions", slots=slots), {}
    )
    said = [response for response, _ in texts(dispatcher)]
    assert said and "pin" in said[0] and "utter_suggestions" not in said, said


async def test_let_me_think_keeps_the_order_for_later(wired: Clients) -> None:
    for said, intent in (("行 我再想想", "deny"), ("行 我再想想", "affirm"),
                         ("let me think about it", "deny")):  # fmt: skip
        slots = weijun(confirming="order", reorder_items=[{"sku": "X", "quantity": 1}])
        dispatcher = CollectingDispatcher()
        events = await ActionAnswer().run(
            dispatcher, tracker(said, intent, slots=slots), {}
        )
        assert texts(dispatcher) == [("utter_draft_kept", {})], said
        assert SlotSet("confirming", None) in events
        assert not any(e.get("name") == "reorder_items" for e in events), said
    # A plain no still drops it.
    slots = weijun(confirming="order", reorder_items=[{"sku": "X", "quantity": 1}])
    events = await ActionAnswer().run(
        CollectingDispatcher(), tracker("不要了", "deny", slots=slots), {}
    )
    assert SlotSet("reorder_items", None) in events


async def test_a_wait_nlu_did_not_place_keeps_the_order_too(wired: Clients) -> None:
    slots = weijun(confirming="order", reorder_items=[{"sku": "X", "quantity": 1}])
    dispatcher = CollectingDispatcher()
    events = await ActionMisunderstood().run(
        dispatcher, tracker("我再考虑考虑", "out_of_scope", slots=slots), {}
    )
    assert texts(dispatcher) == [("utter_draft_kept", {})]
    assert not any(e.get("name") == "reorder_items" for e in events)
