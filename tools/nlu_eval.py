"""Score a trained model on the held-out NLU file, overall and per language.

Used by ``tests/nlu/test_heldout.py`` (gate: intent macro-F1) and
``benchmarks/nlu_bench.py`` (figures per language). Rasa's own ``rasa test nlu``
produces the predictions; this module only splits them by language and scores them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.settings import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def language_of(text: str) -> str:
    """``zh`` when Chinese characters outnumber English words, else ``en``.

    "twenty cases of 可乐" is an English speaker naming a Chinese product;
    "我的PIN是4518" is a Chinese speaker.
    """
    return "zh" if len(_CJK.findall(text)) > len(_LATIN_WORD.findall(text)) else "en"


def run_rasa_test_nlu(model: Path, data: Path, out: Path) -> None:
    """Run ``rasa test nlu`` on ``data`` with ``model``, writing reports to ``out``.

    Raises:
        subprocess.CalledProcessError: Rasa failed.
    """
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "test", "nlu",
        "--model", str(model), "--nlu", str(data), "--out", str(out),
        "--successes", "--no-plot",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def intent_report(out: Path) -> dict[str, Any]:
    """Rasa's per-intent report (``intent_report.json``) from a test run."""
    report: dict[str, Any] = json.loads((out / "intent_report.json").read_text())
    return report


Span = tuple[str, int, int]
"""An entity as (type, start, end)."""


@dataclass(frozen=True)
class Prediction:
    """One held-out sentence: what was annotated and what the model said."""

    text: str
    intent: str
    predicted_intent: str
    entities: frozenset[Span]
    predicted_entities: frozenset[Span]


def _entity_set(entities: Iterable[Mapping[str, Any]]) -> frozenset[Span]:
    return frozenset((e["entity"], int(e["start"]), int(e["end"])) for e in entities)


def load_predictions(out: Path) -> list[Prediction]:
    """Join Rasa's intent and entity successes/errors files into one list."""
    entities: dict[str, tuple[frozenset[Any], frozenset[Any]]] = {}
    for name in ("DIETClassifier_successes.json", "DIETClassifier_errors.json"):
        path = out / name
        for item in json.loads(path.read_text()) if path.exists() else []:
            entities[item["text"]] = (
                _entity_set(item["entities"]),
                _entity_set(item["predicted_entities"]),
            )
    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out / name
        for item in json.loads(path.read_text()) if path.exists() else []:
            gold, predicted = entities.get(item["text"], (frozenset(), frozenset()))
            predictions.append(
                Prediction(
                    text=item["text"],
                    intent=item["intent"],
                    predicted_intent=item["intent_prediction"]["name"] or "",
                    entities=gold,
                    predicted_entities=predicted,
                )
            )
    return predictions


def _f1(true_positives: int, false_positives: int, false_negatives: int) -> float:
    if true_positives == 0:
        return 0.0 if false_positives or false_negatives else 1.0
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    return 2 * precision * recall / (precision + recall)


def intent_f1(predictions: Iterable[Prediction]) -> dict[str, float]:
    """F1 per annotated intent."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for p in predictions:
        if p.predicted_intent == p.intent:
            tp[p.intent] += 1
        else:
            fn[p.intent] += 1
            fp[p.predicted_intent] += 1
    intents = set(tp) | set(fn)
    return {i: _f1(tp[i], fp[i], fn[i]) for i in sorted(intents)}


def macro(scores: Mapping[str, float]) -> float:
    """Unweighted mean of per-label scores."""
    return sum(scores.values()) / len(scores) if scores else 0.0


CODE_KINDS = frozenset({"pin", "pickup_code", "order_id"})
"""Labels the held-out files give a digit string; the product decides which from
the question it asked, the NLU only says ``digits``."""

DIGITS = "digits"
"""The number extractor's label for a digit string (see ``bot/config.yml``)."""


def digits_as_kind(gold: frozenset[Span], found: frozenset[Span]) -> frozenset[Span]:
    """``found`` with ``digits`` spans relabelled as the code kind of ``gold``.

    A ``digits`` span takes the label of a ``pin``, ``pickup_code`` or ``order_id``
    span of ``gold`` with exactly the same start and end (so the same text); any
    other ``digits`` span keeps its label, and so stays a miss.
    """
    kinds = {(start, end): label for label, start, end in gold if label in CODE_KINDS}
    return frozenset(
        (kinds.get((start, end), label) if label == DIGITS else label, start, end)
        for label, start, end in found
    )


def entity_f1(predictions: Iterable[Prediction], digits_kind: bool = False) -> float:
    """Micro F1 over exact (entity type, start, end) matches.

    With ``digits_kind``, a ``digits`` span counts as the code kind annotated on
    the same span (:func:`digits_as_kind`); otherwise the match is strict.
    """
    tp = fp = fn = 0
    for p in predictions:
        found = p.predicted_entities
        if digits_kind:
            found = digits_as_kind(p.entities, found)
        tp += len(p.entities & found)
        fp += len(found - p.entities)
        fn += len(p.entities - found)
    return _f1(tp, fp, fn)
