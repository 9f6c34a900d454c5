"""Where recognition hints come from: seed sentences, NLU examples, the catalog."""

from __future__ import annotations

from pathlib import Path

from voice.speech.corpus import (
    SEED_WEIGHT,
    catalog_phrases,
    english_corpus,
    english_seed,
    nlu_examples,
    phrase_hints,
)

NLU = """
version: "3.1"
nlu:
- intent: order
  examples: |
    - twenty [cases](unit) of [coke](product)
    - 我要[二十](quantity)箱[可乐]{"entity": "product"}
    - order 5 boxes
- lookup: product
  examples: |
    - Coca-Cola 330ml
- synonym: coke
  examples: |
    - coca cola
"""

PRODUCT = {
    "sku": "KO-COLA-330-24",
    "name_zh": "可口可乐 330毫升",
    "name_en": "Coca-Cola 330ml",
    "brand_zh": "可口可乐",
    "brand_en": "Coca-Cola",
    "unit_zh": "箱",
    "unit_en": "case",
    "aliases": ["可乐", "coke"],
}


def write_nlu(tmp_path: Path) -> Path:
    (tmp_path / "nlu").mkdir()
    (tmp_path / "nlu" / "reorder.yml").write_text(NLU, encoding="utf-8")
    return tmp_path / "nlu"


def test_nlu_examples_are_intent_sentences_without_annotations(tmp_path):
    nlu = write_nlu(tmp_path)
    assert nlu_examples(nlu, "en") == ["twenty cases of coke", "order 5 boxes"]
    assert nlu_examples(nlu, "zh") == ["我要二十箱可乐"]


def test_catalog_phrases_per_language():
    assert catalog_phrases([PRODUCT], "en") == [
        "Coca-Cola 330ml",
        "Coca-Cola",
        "case",
        "coke",
    ]
    assert catalog_phrases([PRODUCT], "zh") == [
        "可口可乐 330毫升",
        "可口可乐",
        "箱",
        "可乐",
    ]


def test_phrase_hints_hold_numbers_examples_and_products(tmp_path):
    nlu = write_nlu(tmp_path)
    zh = phrase_hints("zh", nlu, [PRODUCT])
    assert {"两", "十", "我要二十箱可乐", "可口可乐"} <= set(zh)
    en = phrase_hints("en", nlu, [PRODUCT])
    assert {"twenty five", "what parcels are waiting", "coke"} <= set(en)
    assert len(en) == len(set(en))


def test_the_english_corpus_weights_the_seed_and_drops_digits(tmp_path):
    corpus = english_corpus(write_nlu(tmp_path))
    assert "order 5 boxes" not in corpus
    assert corpus.count("what parcels are waiting") == SEED_WEIGHT
    assert corpus.count("twenty cases of coke") == SEED_WEIGHT + 1  # Seed and NLU.
    assert set(english_seed()) <= set(corpus)
