"""Scoring helpers of the NLU evaluation (language split, F1)."""

from __future__ import annotations

import pytest

from tools.nlu_eval import Prediction, entity_f1, intent_f1, language_of, macro


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我要两箱可乐", "zh"),
        ("twenty cases of 可乐", "en"),
        ("please order some 康师傅 noodles", "en"),
        ("我的PIN是4518", "zh"),
        ("357246", "en"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language


def prediction(intent: str, predicted: str, gold=(), found=()) -> Prediction:
    return Prediction("x", intent, predicted, frozenset(gold), frozenset(found))


def test_intent_f1_counts_confusions_both_ways() -> None:
    scores = intent_f1(
        [prediction("greet", "greet"), prediction("greet", "help"),
         prediction("help", "help")]
    )  # fmt: skip
    assert scores["greet"] == pytest.approx(2 / 3)
    assert scores["help"] == pytest.approx(2 / 3)
    assert macro(scores) == pytest.approx(2 / 3)


def test_entity_f1_needs_exact_spans() -> None:
    gold = {("product", 0, 2), ("quantity", 3, 4)}
    found = {("product", 0, 2), ("quantity", 3, 5)}
    assert entity_f1([prediction("a", "a", gold, found)]) == pytest.approx(0.5)
    assert entity_f1([prediction("a", "a")]) == 1.0
