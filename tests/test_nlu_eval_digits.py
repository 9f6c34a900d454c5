"""Entity F1 with the number extractor's ``digits`` counted as the code kind.

Beside ``tests/nlu/test_nlu_eval.py``; kept out of ``tests/nlu/``, which holds the
held-out sets and their gate.
"""

from __future__ import annotations

import pytest

from tools.nlu_eval import Prediction, Span, digits_as_kind, entity_f1


def prediction(gold: set[Span], found: set[Span]) -> Prediction:
    return Prediction("x", "a", "a", frozenset(gold), frozenset(found))


def test_digits_count_as_the_code_kind_on_the_same_span() -> None:
    gold = {("pin", 4, 8), ("product", 0, 2)}
    found = {("digits", 4, 8), ("product", 0, 2)}
    assert entity_f1([prediction(gold, found)]) == pytest.approx(0.5)
    assert entity_f1([prediction(gold, found)], digits_kind=True) == 1.0
    both = found | {("pin", 4, 8)}  # DIET and the number extractor agree
    assert entity_f1([prediction(gold, both)], digits_kind=True) == 1.0


@pytest.mark.parametrize(
    ("gold", "found"),
    [
        ({("pickup_code", 3, 9)}, {("digits", 3, 8)}),  # not the same span
        ({("quantity", 3, 5)}, {("digits", 3, 5)}),  # not a code kind
        (set(), {("digits", 0, 4)}),  # nothing annotated there
    ],
)
def test_digits_elsewhere_or_against_other_labels_stay_misses(
    gold: set[Span], found: set[Span]
) -> None:
    assert entity_f1([prediction(gold, found)], digits_kind=True) == 0.0
    assert digits_as_kind(frozenset(gold), frozenset(found)) == frozenset(found)
