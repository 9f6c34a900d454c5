"""Answers to the bot's own questions: yes, no, a PIN, a code, a correction.

What a "yes" means depends on what was just asked, kept in the ``confirming`` and
``awaiting`` slots; this module routes the answer to the question the feature
declared (``actions/open_questions.py``).
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import loans, parcel_readout, parcels, reorder
from actions.base import (
    ShopAction,
    Turn,
    clear_context,
    entity_values,
    latest_intent,
    latest_text,
)
from actions.loan_shape import shape_loan, shapes_loan
from actions.open_questions import CHOICES, QUESTIONS
from actions.pin_answer import answer_pin, pin_instead_of_yes
from actions.questions import AFFIRM, DENY, Question
from actions.reorder_corrections import corrects_draft
from actions.reorder_edit import apply_edit, edit_kind, edits_draft

SURE_YES = 0.9
# A reply made of nothing but yes-words is a sure yes whatever NLU's confidence:
# "ya ok", "对对对", "好的 行". Anything more ("ok but…") is left to the confidence.
YES_WORDS = re.compile(
    r"(?:\s|[,.!，。！]|对|是|好|行|嗯|可以|没错|确认|的|吧|啊|"
    r"\b(?:ya|yah|yeah|yep|yes|ok|okay|sure|right|correct|confirm|please|go|ahead)\b)+",
    re.IGNORECASE,
)

# At least one word that is a yes on its own: a bare "嗯" or "go" is not.
STRONG_YES = re.compile(
    r"对|是|好|行|可以|没错|确认|"
    r"\b(?:ya|yah|yeah|yep|yes|ok|okay|sure|correct|confirm|go ahead)\b",
    re.IGNORECASE,
)


# "对 卖得快", "ok, those sell well": a yes first, then a remark that asks nothing.
YES_THEN_REMARK = re.compile(
    r"\s*(?:对|是的|好的|好|行|可以|没错|\byes\b|\byeah\b|\byep\b|\bok(?:ay)?\b|\bsure\b)"
    r"[\s,，。.!！]+(?P<remark>.+)",
    re.IGNORECASE,
)
REMARK_CHARS, REMARK_WORDS = 8, 5
# "行 我再想想", "let me think about it": not now, rather than no.
WAITS = re.compile(
    r"再想想|想一想|想想|考虑|回头再说|晚点再说|等会再说|过会再说|先不急|再看看"
    r"|\blet me think\b|\bthink about it\b|\blater\b|\bnot now\b|\bnot yet\b"
    r"|\bhold on\b|\bgive me a (?:minute|moment|second)\b",
    re.IGNORECASE,
)
HESITATES = re.compile(
    r"想|考虑|等|算了|再说|不|没|别|但|先|"
    r"\b(?:but|wait|think|later|not|no|don'?t|hold|maybe|cancel)\b",
    re.IGNORECASE,
)


def waits(tracker: Tracker, question: Question | None) -> bool:
    """Whether the owner put off the open question ("行 我再想想") that allows it."""
    return bool(question and question.on_wait) and bool(
        WAITS.search(latest_text(tracker))
    )


def yes_with_a_remark(tracker: Tracker) -> bool:
    """Whether the owner said yes to the open question and remarked on it.

    NLU hears "对 卖得快" as "what sells fast?"; said to a question, it is a yes.
    A remark that names a product, a number or asks something is not a yes.
    """
    if QUESTIONS.get(str(tracker.get_slot("confirming"))) is None:
        return False
    if any(entity_values(tracker, kind) for kind in ("product", "quantity", "digits")):
        return False
    found = YES_THEN_REMARK.fullmatch(latest_text(tracker))
    if found is None:
        return False
    remark = found.group("remark").strip()
    if re.search(r"[吗嘛呢?？]$|\b(?:what|which|how|why|when)\b", remark, re.I):
        return False
    if HESITATES.search(remark):
        return False  # "行 我再想想", "ok but wait": not a yes
    if re.search(r"[\u4e00-\u9fff]", remark):
        return len(remark.replace(" ", "")) <= REMARK_CHARS
    return len(remark.split()) <= REMARK_WORDS


async def answer_yes_with_a_remark(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Take "对 卖得快" as the yes it starts with; None when it is no such yes.

    For the actions NLU sends such a yes to instead (what sells fast, a price).
    """
    if not yes_with_a_remark(tracker):
        return None
    question = QUESTIONS[str(tracker.get_slot("confirming"))]
    answered = await answer_yes_no(turn, dispatcher, tracker, question, AFFIRM, True)
    return answered or []


def _sure(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    if float(intent.get("confidence") or 0.0) >= SURE_YES:
        return True
    said = latest_text(tracker).strip()
    return YES_WORDS.fullmatch(said) is not None and STRONG_YES.search(said) is not None


class ActionAnswer(ShopAction):
    """Route yes / no / PIN / code / correction to whatever was asked."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_answer"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Answer in the context of the open question."""
        awaiting = tracker.get_slot("awaiting")
        question = QUESTIONS.get(str(tracker.get_slot("confirming")))
        intent = latest_intent(tracker)
        if awaiting == "pin" and intent != "deny":
            return await answer_pin(turn, dispatcher, tracker)
        if pin_instead_of_yes(tracker, question):
            assert question is not None and question.pin_step is not None
            return await answer_pin(turn, dispatcher, tracker, question.pin_step)
        if awaiting == "pickup_code" and intent != "deny":
            return await parcels.pick_up(turn, dispatcher, tracker)
        choice = CHOICES.get(str(awaiting))
        if choice is not None and intent != "deny":
            chosen = await choice.on_answer(turn, dispatcher, tracker)
            if chosen is not None:
                return chosen
        if intent not in (AFFIRM, DENY):
            yes = await answer_yes_with_a_remark(turn, dispatcher, tracker)
            if yes is not None:
                return yes
        if question in (loans.OFFER, loans.APPLY) and shapes_loan(tracker):
            # "不对 我只要三万", "分六个月还": the owner's own amount and term.
            return await shape_loan(turn, dispatcher, tracker)
        if question is parcel_readout.MORE and parcel_readout.GO_ON.search(
            latest_text(tracker)
        ):
            intent = AFFIRM  # "接着念", "go on": yes to hearing the rest
        if question is loans.APPLY and loans.APPLY_WORDS.search(latest_text(tracker)):
            return await question.on_yes(turn, dispatcher, tracker)  # "那就申请吧"
        if question is reorder.ORDER and corrects_draft(tracker):
            # "不对，十五箱": the no says what the line should be; read back again.
            return await apply_edit(turn, dispatcher, tracker, edit_kind(tracker))
        answered = await answer_yes_no(
            turn, dispatcher, tracker, question, intent, _sure(tracker)
        )
        if answered is not None:
            return answered
        if question is reorder.ORDER and edits_draft(tracker):
            # "康师傅改成五箱", "make it ten", "雪碧不要了" while confirming.
            return await apply_edit(turn, dispatcher, tracker, edit_kind(tracker))
        if parcels.heard_code(tracker) is not None and intent != "provide_pin":
            return await parcels.pick_up(turn, dispatcher, tracker)
        if entity_values(tracker, "product") and not (question or awaiting):
            # "十箱可口可乐" heard as a bare detail: nothing was asked, so: an order.
            return [FollowupAction("reorder_form")]
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return clear_context()


async def answer_yes_no(
    turn: Turn,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: Question | None,
    answer: str,
    sure: bool,
) -> list[EventType] | None:
    """A yes or no (said, or keyed 1/2) to the open question; None if neither."""
    if question is not None and question.on_wait and waits(tracker, question):
        # "行 我再想想" is neither: the question closes and what it was about waits.
        dispatcher.utter_message(response=question.on_wait)
        return [SlotSet("pin_for", None), *clear_context()]
    if answer == AFFIRM and question is not None:
        if question.ask_again and not sure:
            # Money moves only on an explicit yes: a doubtful one is asked again.
            dispatcher.utter_message(response=question.ask_again)
            return []
        return await question.on_yes(turn, dispatcher, tracker)
    if answer == DENY and question is not None and question.on_no_do is not None:
        return await question.on_no_do(turn, dispatcher, tracker)
    if answer == DENY and (question is not None or tracker.get_slot("awaiting")):
        dispatcher.utter_message(
            response=question.on_no if question else "utter_anything_else"
        )
        forgotten = question.forget_on_no if question else ()
        forget = [SlotSet(name, None) for name in forgotten]
        return [*forget, SlotSet("pin_for", None), *clear_context()]
    return None
