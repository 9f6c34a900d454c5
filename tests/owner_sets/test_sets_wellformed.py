"""The frozen owner sets parse and follow their schema (tests/owner_sets/README.md)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks import owner_conversations as runner

HERE = Path(__file__).parent
NLU = HERE / "nlu_heldout.yml"
CONVERSATIONS = HERE / "conversations"

INTENTS = {
    "reorder_stock", "reorder_usual", "stock_suggestions", "order_status",
    "cancel_order", "change_item", "remove_item", "undo", "product_info",
    "check_loan_eligibility", "apply_loan", "loan_status", "loan_repayment",
    "ask_reason", "list_parcels", "confirm_pickup", "return_parcel", "provide_pin",
    "forgot_pin", "affirm", "deny", "repeat", "slower", "help", "greet", "goodbye",
    "human_handoff", "out_of_scope", "switch_language", "inform",
}  # fmt: skip
ENTITIES = {
    "product", "quantity", "unit", "pickup_code", "pin", "amount", "term", "order_id",
    "ordinal", "language",
}  # fmt: skip
CLASSES = {
    "ordering", "draft_editing", "cancel_track", "loans", "parcels", "spoken_digits",
    "choices", "leave_question", "smaller",
}  # fmt: skip
OUTCOME_KEYS = {
    "orders_placed", "orders_cancelled", "pickups", "returns", "loan_applications",
    "nothing",
}  # fmt: skip
SETUP_KINDS = {"place_order", "cancel_order", "check_in_parcel", "apply_loan", "bind"}
ANNOTATION = re.compile(r"\[([^\[\]]+)\]\(([a-z_]+)\)")
HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_NLU_PER_LANGUAGE = 300
MIN_PER_INTENT = 8
MIN_CONVERSATIONS = 160
MIN_CONVERSATIONS_PER_LANGUAGE = 80


def _nlu_examples() -> list[tuple[str, str, str]]:
    """(intent, language, example text with annotations) for every example."""
    data = yaml.safe_load(NLU.read_text(encoding="utf-8"))
    assert str(data["version"]) == "3.1"
    out = []
    for block in data["nlu"]:
        assert set(block) <= {"intent", "metadata", "examples"}, block.keys()
        language = block["metadata"]["language"]
        assert language in ("zh", "en"), block
        lines = block["examples"].splitlines()
        for line in lines:
            assert line.startswith("- "), f"{block['intent']}: {line!r}"
            out.append((block["intent"], language, line[2:].strip()))
    return out


def test_nlu_labels_are_from_the_schema() -> None:
    for intent, language, text in _nlu_examples():
        assert intent in INTENTS, intent
        assert text, intent
        for span, entity in ANNOTATION.findall(text):
            assert entity in ENTITIES, (text, entity)
            assert span == span.strip() and span, text
        plain = ANNOTATION.sub(r"\1", text)
        assert not re.search(r"[\[\]]|\]\(", plain), f"broken annotation: {text}"
        if language == "zh":
            # Digits alone (a PIN as the recogniser wrote it) belong to no language.
            neutral = not re.search(r"[A-Za-z]", plain)
            assert HAN.search(plain) or neutral, f"zh example without Chinese: {text}"
        else:
            assert not HAN.search(plain), f"en example with Chinese: {text}"


def test_nlu_counts() -> None:
    examples = _nlu_examples()
    per_language = Counter(language for _, language, _ in examples)
    per_intent = Counter((intent, language) for intent, language, _ in examples)
    for language in ("zh", "en"):
        assert per_language[language] >= MIN_NLU_PER_LANGUAGE, per_language
        for intent in INTENTS:
            assert per_intent[(intent, language)] >= MIN_PER_INTENT, (intent, language)
    texts = [ANNOTATION.sub(r"\1", text) for _, _, text in examples]
    duplicates = [t for t, n in Counter(texts).items() if n > 1]
    assert not duplicates, duplicates


def _conversations() -> list[dict[str, Any]]:
    return runner.load_sets(CONVERSATIONS)


def test_conversation_counts_and_classes() -> None:
    conversations = _conversations()
    assert len(conversations) >= MIN_CONVERSATIONS
    languages = Counter(c["language"] for c in conversations)
    assert languages["zh"] >= MIN_CONVERSATIONS_PER_LANGUAGE, languages
    assert languages["en"] >= MIN_CONVERSATIONS_PER_LANGUAGE, languages
    seen = {(c["class"], c["language"]) for c in conversations}
    for cls in CLASSES:
        for language in ("zh", "en"):
            assert (cls, language) in seen, (cls, language)
    ids = Counter(c["id"] for c in conversations)
    assert not [i for i, n in ids.items() if n > 1]


def _bound_by(setup: list[dict[str, Any]]) -> dict[str, str]:
    """Placeholder values a setup binds, with stand-in digits."""
    bound = {}
    for step in setup:
        ((kind, spec),) = step.items()
        assert kind in SETUP_KINDS, kind
        if kind == "bind":
            bound.update({str(k): str(v) for k, v in spec.items()})
        elif kind == "cancel_order":
            assert spec in bound, f"cancel_order of unknown {spec}"
        else:
            bound[spec["as"]] = "302581" if kind == "check_in_parcel" else "832"
            if kind == "check_in_parcel":
                bound[spec["as"] + "_slot"] = "A6"
                bound[spec["as"] + "_recipient"] = "周*"
    return bound


def _regexes(expect: dict[str, Any]) -> list[str]:
    return [*expect.get("says", []), *expect.get("not_says", [])]


@pytest.mark.parametrize("conv", _conversations(), ids=lambda c: c["id"])
def test_conversation_is_wellformed(conv: dict[str, Any]) -> None:
    assert conv["class"] in CLASSES
    assert conv["language"] in ("zh", "en")
    assert re.fullmatch(r"\+86\d{11}", conv["owner"])
    assert conv["id"].split("-")[1] == conv["language"], conv["id"]
    bound = _bound_by(conv.get("setup") or [])
    assert conv["turns"], "no turns"
    for turn in conv["turns"]:
        assert set(turn) <= {"say", "expect", "when"}, turn.keys()
        # An unquoted yes/no is a YAML boolean, not what the owner said.
        assert isinstance(turn["say"], str), f"quote the turn {turn['say']!r}"
        runner.fill(str(turn["say"]), bound, as_regex=False)
        expect = turn.get("expect") or {}
        assert set(expect) <= {"says", "not_says", "slots", "checks"}, expect.keys()
        for check in expect.get("checks", []):
            assert check in {
                "distinct_choices",
                "at_most_three_choices",
                "lock_time_not_early",
            }
        for pattern in [*_regexes(expect), *([turn["when"]] if "when" in turn else [])]:
            re.compile(runner.fill(pattern, bound, as_regex=True))
    for pattern in _regexes(conv.get("transcript") or {}):
        re.compile(runner.fill(pattern, bound, as_regex=True))
    outcome = conv.get("outcome")
    assert isinstance(outcome, dict) and outcome, "every conversation has an outcome"
    assert set(outcome) <= OUTCOME_KEYS, outcome.keys()
    if outcome.get("nothing"):
        assert set(outcome) == {"nothing"}
    for order in outcome.get("orders_placed") or []:
        assert order["lines"]
        for line in order["lines"]:
            assert "quantity" in line
            assert {"sku", "product", "category"} & set(line), line
    for ref in outcome.get("orders_cancelled") or []:
        assert ref in bound, ref
    for key in ("pickups", "returns"):
        refs = outcome.get(key) or []
        if refs != "overdue":
            for ref in refs:
                assert isinstance(ref, dict) or ref in bound, ref
    for app in outcome.get("loan_applications") or []:
        assert int(app["term_months"]) in (6, 12, 24)
        assert int(app["amount"]) > 0


def test_spoken_forms() -> None:
    assert runner.spoken("357246", "zh") == "三五七二四六"
    assert runner.spoken("301058", "en_pairs") == "thirty ten fifty eight"
    assert runner.spoken("1057", "zh_yao") == "幺洞五七"
    assert re.fullmatch(runner.any_form_regex("832"), "八百三十二")
    assert runner.distinct_choices("Which one: Baixiang, Baixiang or Baixiang?")
    assert runner.distinct_choices("原味、黄瓜味还是番茄味？") is None
