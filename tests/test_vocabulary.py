"""The shared vocabulary covers every service's measure words.

Each service takes the measure words it needs from ``common.vocabulary``; this test
holds the shared one to be a superset of each service's set.
"""

from __future__ import annotations

import pytest

import actions.numbers
import backend.catalog.normalise
import backend.seed.catalog.build
import bot.components.segmentation
from common import vocabulary
from common.vocabulary import (
    EN_DIGIT_HOMOPHONES,
    EN_DOZEN,
    EN_MEASURE_WORDS,
    EN_MONEY_WORDS,
    UNITS,
    ZH_DIGITS,
    ZH_DOZEN,
    ZH_MEASURE_WORDS,
    ZH_MONEY_WORDS,
    canonical_unit,
    en_digit,
    zh_digit_string,
)

ZH_COUNTING = set(ZH_MEASURE_WORDS) | {ZH_DOZEN} | set(ZH_MONEY_WORDS)
EN_COUNTING = set(EN_MEASURE_WORDS) | set(EN_DOZEN)
# The catalog normaliser drops "x" as in "coke x5": a times sign, not a measure word.
EN_TIMES = {"x"}

COPIES: dict[str, tuple[set[str], set[str]]] = {
    "actions/numbers.py ZH_UNITS": (set(actions.numbers.ZH_UNITS), ZH_COUNTING),
    "actions/numbers.py EN_UNITS": (set(actions.numbers.EN_UNITS), EN_COUNTING),
    "bot/components/segmentation.py MEASURE_WORDS": (
        set(bot.components.segmentation.MEASURE_WORDS),
        ZH_COUNTING,
    ),
    "backend/catalog/normalise.py _COUNT_UNITS": (
        set(backend.catalog.normalise._COUNT_UNITS),
        ZH_COUNTING,
    ),
    "backend/catalog/normalise.py _EN_UNITS": (
        set(backend.catalog.normalise._EN_UNITS),
        EN_COUNTING | EN_TIMES,
    ),
    "backend/seed/catalog/build.py UNITS": (
        set(backend.seed.catalog.build.UNITS),
        ZH_COUNTING,
    ),
}


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_shared_vocabulary_covers_each_copy(copy: str) -> None:
    words, shared = COPIES[copy]
    missing = words - shared
    added = len(shared - words)
    print(f"{copy}: {len(words)} words; the shared vocabulary adds {added}")
    assert not missing, f"{copy} has measure words the shared vocabulary lacks"


def test_the_services_name_the_same_canonical_units() -> None:
    """Every service maps a measure word to the shared canonical unit.

    Decided when the copies were merged: a barrel is a 桶 (tub), a "unit" is the
    generic piece (actions/numbers.py used to keep "barrel" and "unit" of its own).
    """
    differ = {
        word: (theirs, EN_MEASURE_WORDS[word])
        for word, theirs in actions.numbers.EN_UNITS.items()
        if EN_MEASURE_WORDS[word] != theirs
    }
    assert differ == {}
    assert actions.numbers.EN_UNITS["barrel"] == "tub"
    assert actions.numbers.EN_UNITS["unit"] == "piece"


def test_catalog_units_keep_their_printed_english_names() -> None:
    for zh, en in backend.seed.catalog.build.UNITS.items():
        unit = UNITS[ZH_MEASURE_WORDS[zh]]
        assert (unit.zh, unit.name, unit.en) == (zh, en, en)


@pytest.mark.parametrize(
    ("word", "unit"),
    [("箱", "case"), ("boxes", "case"), ("Cartons", "case"), ("盒", "box"),
     ("听", "can"), ("个", "piece"), ("公斤", "kg"), ("bottles", "bottle"),
     ("打", None), ("可乐", None)],
)  # fmt: skip
def test_canonical_unit(word: str, unit: str | None) -> None:
    assert canonical_unit(word) == unit


def test_every_measure_word_names_a_known_unit() -> None:
    for word, name in {**ZH_MEASURE_WORDS, **EN_MEASURE_WORDS}.items():
        assert name in UNITS, word


@pytest.mark.parametrize(
    ("text", "digits"),
    [("三五七二四六", "357246"), ("幺三五洞", "1350"), ("两四六八", "2468"),
     ("〇零洞", "000"), ("三十", None), ("", None), ("三 五", None)],
)  # fmt: skip
def test_zh_digit_string(text: str, digits: str | None) -> None:
    assert zh_digit_string(text) == digits


def test_en_digit_homophones_only_when_asked() -> None:
    assert en_digit("Seven") == 7
    assert en_digit("won") is None
    assert en_digit("won", homophones=True) == 1
    assert en_digit("ate", homophones=True) == 8
    assert en_digit("cola", homophones=True) is None


def test_readings_cover_recogniser_spellings() -> None:
    assert {ZH_DIGITS[c] for c in "幺洞两〇"} == {1, 0, 2}
    assert {"won", "for", "to", "ate", "oh"} <= set(EN_DIGIT_HOMOPHONES)
    assert {"yuan", "rmb"} <= EN_MONEY_WORDS


def test_vocabulary_is_read_only() -> None:
    with pytest.raises(TypeError):
        vocabulary.ZH_MEASURE_WORDS["桶"] = "barrel"  # type: ignore[index]
