"""Conversation: greet, repeat, slower, misunderstandings, handoff, language."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer import ActionAnswer, waits, yes_with_a_remark
from actions.base import ShopAction, Turn, entity_values, latest_text, on_phone
from actions.handoff import HANDOFF, record_handoff
from actions.loan_questions import (
    OFFER_QUESTIONS,
    ActionAskReason,
    ActionLoanRepayment,
)
from actions.loan_shape import shapes_loan
from actions.loans import ActionLoanEligibility
from actions.named_requests import RAMBLE_CHARS, last_request
from actions.numbers import parse_code
from actions.open_questions import QUESTIONS
from actions.orders import ActionCancelOrder, ActionOrderStatus
from actions.parcel_readout import GO_ON
from actions.parcels import ActionListParcels, heard_code
from actions.pin import heard_pin
from actions.pin_answer import CODE_WORDS
from actions.reorder import ActionStockSuggestions
from actions.reorder_edit import ActionEditDraft, edits_draft, undoes_edit
from common.languages import is_english, language_or_default, other_language

# A request named by its words in a message NLU could not place, answered as if asked.
NAMED_ANSWERS: dict[str, type[Action]] = {
    action().name(): action
    for action in (
        ActionStockSuggestions,
        ActionListParcels,
        ActionOrderStatus,
        ActionLoanEligibility,
        ActionCancelOrder,
    )
}
MISUNDERSTOOD = frozenset({"nlu_fallback", "out_of_scope"})
# "which ones?", "都是谁的" right after the parcels were counted: read them (again).
WHICH_PARCELS = re.compile(
    r"\bwhich (?:ones?|parcels?|packages?)\b|\bwhose\b|\bwho (?:are|is) (?:they|it)\b"
    r"|哪些|哪几个|哪几件|都是谁|是谁的|谁的",
    re.IGNORECASE,
)
REASON_WORDS = re.compile(
    r"为啥|为什么|多久|几天|还差|\bwhy\b|how (?:long|many more)", re.IGNORECASE
)
# Repayment questions NLU did not place: "how much a month?", "一个月还多少".
REPAYMENT_WORDS = re.compile(
    r"每个?月|一个月|月供|还款|几号还|"
    r"\b(?:a|per|every|each) month\b|\bmonthly\b|\brepay",
    re.IGNORECASE,
)
_ENGLISH = ("en", "english", "英文", "英语")
_CHINESE = ("zh", "chinese", "mandarin", "中文", "汉语", "普通话", "国语")


def _previous_turn(tracker: Tracker) -> list[dict]:
    """The bot's events of its previous turn (between the last two messages)."""
    events: list[dict] = []
    seen_latest_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_latest_user:
                break
            seen_latest_user = True
        elif seen_latest_user:
            events.append(event)
    return list(reversed(events))


def previous_bot_texts(tracker: Tracker) -> list[str]:
    """Return what the bot said in its previous turn (before the latest message)."""
    return [
        str(event["text"])
        for event in _previous_turn(tracker)
        if event.get("event") == "bot" and event.get("text")
    ]


def previous_actions(tracker: Tracker) -> list[str]:
    """Return the actions the bot ran in its previous turn."""
    return [
        str(event["name"])
        for event in _previous_turn(tracker)
        if event.get("event") == "action" and event.get("name")
    ]


def user_intents(tracker: Tracker) -> list[str]:
    """Return the intents of the owner's messages, latest last."""
    return [
        str((event.get("parse_data") or {}).get("intent", {}).get("name") or "")
        for event in tracker.events
        if event.get("event") == "user"
    ]


def wanted_language(tracker: Tracker) -> str:
    """Return the language asked for, or the other one when none was named."""
    said = " ".join([*entity_values(tracker, "language"), latest_text(tracker)]).lower()
    if any(word in said for word in _ENGLISH):
        return "en"
    if any(word in said for word in _CHINESE):
        return "zh"
    return other_language(tracker.get_slot("language"))


def phone_salutation(display_name: str, language: str) -> str:
    """How the phone greets the owner: 王维军 → 王老板, "David Chen" → David."""
    name = display_name.strip()
    if is_english(language):
        return name.split()[0] if name else name
    if name and "\u4e00" <= name[0] <= "\u9fff":
        return f"{name[0]}老板"  # the surname: 王维军 is 王老板 to his suppliers
    return name


class ActionGreet(Action):
    """Greet the owner by name when known; on the phone, the shop and the menu."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_greet"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say hello and what can be done."""
        name = tracker.get_slot("display_name")
        if not name:
            dispatcher.utter_message(response="utter_greet_anonymous")
            return []
        if not on_phone(tracker):
            dispatcher.utter_message(response="utter_greet", name=name)
            return []
        language = language_or_default(tracker.get_slot("language"))
        dispatcher.utter_message(
            response="utter_greet",
            name=phone_salutation(str(name), language),
            shop=tracker.get_slot("shop_name") or "",
        )
        dispatcher.utter_message(response="utter_keypad_menu")
        return []


class ActionRepeat(Action):
    """Say the previous answer again."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_repeat"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Repeat every bubble of the previous answer."""
        texts = previous_bot_texts(tracker)
        if not texts:
            dispatcher.utter_message(response="utter_nothing_to_repeat")
        for text in texts:
            dispatcher.utter_message(text=text)
        return []


class ActionSlower(Action):
    """Ask the voice layer to speak more slowly from now on."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_slower"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Set ``slow_speech``, say so, and say the last answer again, slowly."""
        dispatcher.utter_message(response="utter_slower")
        for text in previous_bot_texts(tracker):
            dispatcher.utter_message(text=text)
        return [SlotSet("slow_speech", True)]


class ActionSwitchLanguage(Action):
    """Switch between Mandarin and English mid-conversation."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_switch_language"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Set the language slot; the rule that follows confirms in the new one."""
        return [SlotSet("language", wanted_language(tracker))]


def answers_open_question(tracker: Tracker) -> bool:
    """Whether the owner just said the PIN or pickup code the bot asked for."""
    awaiting = tracker.get_slot("awaiting")
    confirming = tracker.get_slot("confirming")
    if confirming == "order" and edits_draft(tracker):
        return True  # "remove the toilet paper" during the read-back
    if yes_with_a_remark(tracker):
        return True  # "对 卖得快" to the read-back
    if waits(tracker, QUESTIONS.get(str(confirming))):
        return True  # "我再考虑考虑", whatever NLU made of it
    if confirming == "more_parcels" and GO_ON.search(latest_text(tracker)):
        return True  # "要 接着念" after "还有两个，要听吗？"
    if confirming in OFFER_QUESTIONS and shapes_loan(tracker):
        return True  # "make it 24 months", "6 then" after the offer
    if awaiting == "pin":
        # Four digits answer it; two or three are a PIN half heard: asked again.
        said = re.sub(r"\D", "", parse_code(latest_text(tracker)) or "")
        return heard_pin(tracker) is not None or 2 <= len(said) <= 5
    said_code = awaiting == "pickup_code" or CODE_WORDS.search(latest_text(tracker))
    # "the code is 1-1-7-0-8-4" with nothing asked: a pickup code, by its words.
    return bool(said_code) and heard_code(tracker) is not None


class ActionMisunderstood(Action):
    """Say what can be done; the second miss in a row offers a person."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_misunderstood"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Count consecutive misunderstandings from the owner's last two turns."""
        said = latest_text(tracker)
        asked = last_request(said) if tracker.get_slot("shop_id") is not None else None
        if len(said) > RAMBLE_CHARS:
            if asked is not None:
                return await NAMED_ANSWERS[asked]().run(dispatcher, tracker, domain)
            dispatcher.utter_message(response="utter_one_thing_at_a_time")
            return []
        if not tracker.get_slot("confirming") and entity_values(tracker, "product"):
            return [FollowupAction("reorder_form")]  # "won case nongfu spring"
        if REASON_WORDS.search(said) and tracker.get_slot("shop_id") is not None:
            # Answered here, not as a follow-up: the policies' fallback would speak
            # after a follow-up that no rule expects.
            return await ActionAskReason().run(dispatcher, tracker, domain)
        if undoes_edit(tracker):
            # "oops, put it back"
            return await ActionEditDraft().run(dispatcher, tracker, domain)
        if answers_open_question(tracker):
            # "三五七二四六" right after "what is the code?" is the answer, whatever
            # NLU made of a bare string of digits.
            return await ActionAnswer().run(dispatcher, tracker, domain)
        if WHICH_PARCELS.search(said) and "action_list_parcels" in previous_actions(
            tracker
        ):
            return await ActionListParcels().run(dispatcher, tracker, domain)
        if REPAYMENT_WORDS.search(said) and tracker.get_slot("shop_id") is not None:
            # "how much a month?"
            return await ActionLoanRepayment().run(dispatcher, tracker, domain)
        if asked is not None:  # "等等 我先问下 什么快卖完了"
            return await NAMED_ANSWERS[asked]().run(dispatcher, tracker, domain)
        intents = user_intents(tracker)
        latest = intents[-1] if intents else "nlu_fallback"
        if len(intents) >= 2 and intents[-2] in MISUNDERSTOOD:
            dispatcher.utter_message(response="utter_offer_handoff")
            return HANDOFF.asked()
        if latest == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_not_understood")
        return []


class ActionHandoff(ShopAction):
    """The owner asked for a person."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_handoff"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Record the handoff and tell the owner a person will call."""
        return await record_handoff(turn, dispatcher, tracker, "owner_asked")
