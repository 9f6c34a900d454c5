"""The open-question registry: every feature's questions answered through one
dispatcher, by voice or by keypad."""

import inspect
import re
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.backend_clients import Clients
from actions.open_questions import PIN_STEPS, QUESTIONS
from tests.actions.conftest import texts, tracker, weijun

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def test_every_question_and_pin_step_is_declared_once() -> None:
    assert len(QUESTIONS) == 8 and len(PIN_STEPS) == 5
    for question in QUESTIONS.values():
        assert inspect.iscoroutinefunction(question.on_yes), question.name
        assert question.answer_for_key("1") == "affirm"
        assert question.answer_for_key("2") == "deny"
        assert question.answer_for_key("7") is None
    for step in PIN_STEPS.values():
        assert inspect.iscoroutinefunction(step.resume), step.name
    # No feature opens a question by writing the slot itself: it asks through its
    # declaration, so the registry knows every question that can be open.
    for source in ACTIONS.glob("*.py"):
        text = source.read_text()
        assert not re.search(r'SlotSet\("confirming", "', text), source.name
        assert not re.search(r'ask_for_pin\(dispatcher, "', text), source.name


@pytest.mark.parametrize("name", sorted(QUESTIONS))
async def test_no_to_any_open_question_says_its_own_answer(
    wired: Clients, name: str
) -> None:
    question = QUESTIONS[name]
    dispatcher = CollectingDispatcher()
    events = await ActionAnswer().run(
        dispatcher,
        tracker("不要", "deny", slots=weijun(confirming=name, reorder_items=[])),
        {},
    )
    assert texts(dispatcher) == [(question.on_no, {})]
    assert SlotSet("confirming", None) in events
    for slot in question.forget_on_no:
        assert SlotSet(slot, None) in events


@pytest.mark.parametrize(
    "name", sorted(name for name, q in QUESTIONS.items() if q.ask_again)
)
async def test_a_doubtful_yes_to_money_is_asked_again(
    wired: Clients, name: str
) -> None:
    dispatcher = CollectingDispatcher()
    latest = tracker("嗯", "affirm", slots=weijun(confirming=name))
    latest.latest_message["intent"]["confidence"] = 0.6
    events = await ActionAnswer().run(dispatcher, latest, {})
    assert texts(dispatcher) == [(QUESTIONS[name].ask_again, {})]
    assert events == []


async def _unsure_answer_to_the_read_back(said: str) -> list[str]:
    """What the bot says to ``said`` after a read-back, NLU only 60 % sure."""
    lines = [{"sku": "KO-COLA-330-24", "quantity": 1}]
    latest = tracker(said, "affirm", slots=weijun(confirming="order",
                                                  reorder_items=lines))  # fmt: skip
    latest.latest_message["intent"]["confidence"] = 0.6
    dispatcher = CollectingDispatcher()
    await ActionAnswer().run(dispatcher, latest, {})
    return [response for response, _ in texts(dispatcher)]


@pytest.mark.parametrize("said", ["ya ok", "yeah sure", "好的 行", "对对对", "嗯 对"])
async def test_a_reply_of_only_yes_words_is_a_sure_yes(
    wired: Clients, said: str
) -> None:
    """NLU unsure of "ya ok": the words alone make it a yes (the PIN comes next)."""
    assert await _unsure_answer_to_the_read_back(said) == ["utter_ask_pin"]


@pytest.mark.parametrize("said", ["嗯", "ok but not the cola", "go"])
async def test_a_doubtful_reply_with_more_than_yes_is_asked_again(
    wired: Clients, said: str
) -> None:
    assert await _unsure_answer_to_the_read_back(said) == ["utter_reorder_confirm"]
