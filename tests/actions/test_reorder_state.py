"""The reorder draft is typed in code and keeps its JSON in the ``reorder_pending``
slot: what trackers stored before still loads, and a value that is no draft starts
a fresh one."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, replace
from typing import Any

import pytest

from actions.keys import form_question, form_reask
from actions.reorder_form import load_draft
from actions.reorder_state import (
    AskQuantity,
    AskWhat,
    CheckQuantity,
    Choose,
    Draft,
    DraftQuestion,
    Mention,
    Suggest,
    draft_from_slot,
    draft_to_slot,
)
from tests.actions.conftest import tracker

COKE = {
    "sku": "KO-COLA-330-24", "name_zh": "可口可乐 330毫升",
    "name_en": "Coca-Cola 330ml", "brand_zh": "可口可乐", "brand_en": "Coca-Cola",
    "unit_zh": "箱", "unit_en": "case",
}  # fmt: skip
PEPSI = {**COKE, "sku": "PEP-COLA-330-24", "name_zh": "百事可乐 330毫升",
         "name_en": "Pepsi 330ml", "brand_zh": "百事", "brand_en": "Pepsi"}  # fmt: skip
LINE = {**COKE, "quantity": 20}

QUESTIONS: list[DraftQuestion] = [
    AskWhat(),
    Suggest("火星可乐", COKE, "十箱"),
    Suggest("火星可乐", COKE, None),
    Choose("十箱", (COKE, PEPSI)),
    Choose(None, (COKE, PEPSI)),
    AskQuantity(COKE),
    AskQuantity(COKE, whole=True),
    CheckQuantity({**COKE, "quantity": 150}),
]


@pytest.mark.parametrize("question", [*QUESTIONS, None])
def test_every_question_comes_back_from_the_slot_as_it_went(
    question: DraftQuestion | None,
) -> None:
    draft = Draft(
        lines=(LINE,), queue=(Mention("雪碧", "两箱"), Mention("红牛", None)),
        question=question,
    )  # fmt: skip
    slot = draft_to_slot(draft)
    # What a tracker stores is JSON: nothing typed survives but through the shape.
    assert draft_from_slot(json.loads(json.dumps(slot, ensure_ascii=False))) == draft


# The slot as the form wrote it before the draft was typed, kind by kind.
STORED = [
    {"lines": [], "queue": [], "question": {"kind": "what"}},
    {"lines": [LINE], "queue": [{"query": "红牛", "quantity": None}],
     "question": {"kind": "suggest", "query": "火星可乐", "product": COKE,
                  "quantity": "十箱"}},
    {"lines": [], "queue": [],
     "question": {"kind": "choose", "quantity": "十箱",
                  "candidates": [COKE, PEPSI]}},
    {"lines": [], "queue": [{"query": "雪碧", "quantity": "两箱"}],
     "question": {"kind": "quantity", "product": COKE, "whole": False}},
    {"lines": [], "queue": [],
     "question": {"kind": "quantity", "product": COKE, "whole": True}},
    {"lines": [], "queue": [],
     "question": {"kind": "check", "line": {**COKE, "quantity": 150}}},
    {"lines": [LINE], "queue": [], "question": None},
]  # fmt: skip


@pytest.mark.parametrize("stored", STORED)
def test_a_draft_stored_before_loads_and_is_stored_the_same(stored: Any) -> None:
    draft = draft_from_slot(stored)
    assert draft is not None
    assert draft_to_slot(draft) == stored


def test_the_shapes_stored_before_load_as_their_types() -> None:
    loaded = [draft_from_slot(stored) for stored in STORED]
    assert [d.question if d else "malformed" for d in loaded] == [
        AskWhat(),
        Suggest("火星可乐", COKE, "十箱"),
        Choose("十箱", (COKE, PEPSI)),
        AskQuantity(COKE, whole=False),
        AskQuantity(COKE, whole=True),
        CheckQuantity({**COKE, "quantity": 150}),
        None,
    ]
    assert loaded[1] is not None and loaded[1].queue == (Mention("红牛", None),)
    assert loaded[1].lines == (LINE,)


def test_how_many_after_a_no_to_that_many_loads_without_whole() -> None:
    # "Really 150?" "No": the question was stored without "whole".
    stored = {"lines": [], "queue": [],
              "question": {"kind": "quantity", "product": LINE}}  # fmt: skip
    draft = draft_from_slot(stored)
    assert draft is not None and draft.question == AskQuantity(LINE, whole=False)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "draft",
        [],
        {},
        {"question": {"kind": "quantity", "product": COKE}},  # no lines, no queue
        {"lines": {}, "queue": [], "question": None},
        {"lines": ["可乐"], "queue": [], "question": None},
        {"lines": [], "queue": [{"quantity": "两箱"}], "question": None},
        {"lines": [], "queue": [{"query": "雪碧", "quantity": 2}], "question": None},
        {"lines": [], "queue": [], "question": "what"},
        {"lines": [], "queue": [], "question": {"kind": "maybe"}},
        {"lines": [], "queue": [], "question": {}},
        {"lines": [], "queue": [], "question": {"kind": "choose", "candidates": []}},
        {"lines": [], "queue": [], "question": {"kind": "suggest", "product": COKE}},
        {"lines": [], "queue": [], "question": {"kind": "check", "line": None}},
        {"lines": [], "queue": [],
         "question": {"kind": "quantity", "product": COKE, "whole": "yes"}},
    ],
)  # fmt: skip
def test_a_value_that_is_no_draft_loads_as_none(value: Any) -> None:
    assert draft_from_slot(value) is None


def test_a_malformed_draft_starts_afresh_from_the_lines_read_back() -> None:
    slots = {"reorder_pending": {"lines": [], "queue": [], "question": {"kind": 7}},
             "reorder_items": [LINE]}  # fmt: skip
    assert load_draft(tracker(slots=slots)) == Draft(lines=(LINE,))
    assert form_question(tracker(slots=slots)) is None
    assert form_reask(form_question(tracker(slots=slots))) == "utter_say_what_to_order"


def test_a_draft_changes_only_into_a_new_draft() -> None:
    draft = Draft(question=AskWhat())
    with pytest.raises(FrozenInstanceError):
        draft.question = None  # type: ignore[misc]
    assert replace(draft, question=None) == Draft()
    assert draft.question == AskWhat()


@pytest.mark.parametrize(
    ("question", "reask"),
    [
        (Choose(None, (COKE, PEPSI)), "utter_press_choice"),
        (Suggest("火星可乐", COKE, None), "utter_press_yes_no"),
        (CheckQuantity(LINE), "utter_press_yes_no"),
        (AskQuantity(COKE), "utter_press_quantity"),
        (AskWhat(), "utter_say_what_to_order"),
        (None, "utter_say_what_to_order"),
    ],
)
def test_each_question_is_asked_again_with_its_keys(
    question: DraftQuestion | None, reask: str
) -> None:
    assert form_reask(question) == reask
