"""Every service speaks the shop's vocabulary the same way.

The action server words replies, the backend words loan reasons and builds errors, the
voice gateway normalises text for speech and biases recognition, and the Rasa
components segment what owners say. Each takes its words from ``common/``; this file
checks that what comes out of each service agrees.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import actions.numbers
import backend.catalog.normalise
import backend.seed.catalog.build
import bot.components.segmentation
from actions import speech_text
from backend.services import loan_rules
from common.error_json import error_body
from common.languages import EN, ZH
from common.spoken_numbers import en_integer, money_words, zh_count, zh_integer
from common.vocabulary import (
    EN_DOZEN,
    EN_MEASURE_WORDS,
    UNITS,
    ZH_DIGITS,
    ZH_DOZEN,
    ZH_MEASURE_WORDS,
    ZH_MONEY_WORDS,
)
from voice.speech import corpus, zh_text

ROOT = Path(__file__).resolve().parents[1]
AMOUNTS = ("0", "0.05", "0.5", "1", "2", "10", "12.3", "32.50", "100.07", "480",
           "1234.50", "10010", "30000", "50000", "123456", "2000000")  # fmt: skip
WHOLE_FEN = (0, 100, 200, 48_000, 3_000_000, 5_000_000, 12_345_600, 20_000_000)


# Measure words -------------------------------------------------------------------


def test_every_services_chinese_measure_words_are_the_shared_ones() -> None:
    shared = set(ZH_MEASURE_WORDS) | {ZH_DOZEN} | set(ZH_MONEY_WORDS)
    for words in (
        actions.numbers.ZH_UNITS,
        bot.components.segmentation.MEASURE_WORDS,
        backend.catalog.normalise._COUNT_UNITS,
        backend.seed.catalog.build.UNITS,
    ):
        assert set(words) <= shared


def test_every_services_english_measure_words_are_the_shared_ones() -> None:
    assert actions.numbers.EN_UNITS == EN_MEASURE_WORDS
    times = {"x"}  # "coke x5"
    assert backend.catalog.normalise._EN_UNITS <= {*EN_MEASURE_WORDS, *EN_DOZEN, *times}


def test_speech_reads_every_measure_word_as_a_count() -> None:
    for word in ZH_MEASURE_WORDS:
        assert zh_text.normalize(f"2{word}") == f"两{word}", word


def test_the_catalog_prints_the_shared_unit_names() -> None:
    for zh, en in backend.seed.catalog.build.UNITS.items():
        assert UNITS[ZH_MEASURE_WORDS[zh]].en == en


# Digits --------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["357246", "1350", "000000", "2468"])
def test_a_code_is_read_and_heard_the_same_way(code: str) -> None:
    said = speech_text.code_words(code, ZH)
    assert said == zh_text.digit_words(code)
    assert actions.numbers.parse_code(said) == code
    assert "".join(str(ZH_DIGITS[c]) for c in said) == code
    assert actions.numbers.parse_code(speech_text.code_words(code, EN)) == code


# Numbers and money ---------------------------------------------------------------


@pytest.mark.parametrize("amount", AMOUNTS)
def test_money_is_worded_the_same_by_replies_and_speech(amount: str) -> None:
    value = Decimal(amount)
    assert speech_text.money_words(value, ZH) == money_words(value, ZH)
    assert speech_text.money_words(value, EN) == money_words(value, EN)
    assert zh_text.money_words(amount) == money_words(value, ZH)
    assert zh_text.normalize(f"¥{amount}") == money_words(value, ZH)
    assert zh_text.normalize(f"{amount}元") == money_words(value, ZH)


@pytest.mark.parametrize("fen", WHOLE_FEN)
def test_loan_reasons_word_money_like_the_replies(fen: int) -> None:
    yuan = Decimal(fen // 100)
    assert loan_rules.yuan_zh(fen) == speech_text.money_words(yuan, ZH)
    assert loan_rules.yuan_en(fen) == speech_text.money_words(yuan, EN)


@pytest.mark.parametrize("number", [0, 1, 2, 10, 12, 20, 99, 200, 1234, 10010, 20000])
def test_numbers_are_worded_the_same_everywhere(number: int) -> None:
    assert speech_text.chinese_number(number) == zh_text.count_words(number)
    assert speech_text.chinese_number(number) == zh_count(number)
    assert loan_rules.zh_number(number) == zh_text.integer_words(number)
    assert loan_rules.zh_number(number) == zh_integer(number)
    assert speech_text.english_number(number) == en_integer(number)


def test_recognition_expects_the_numbers_replies_say() -> None:
    said = [speech_text.english_number(n).replace("-", " ") for n in range(1, 100)]
    assert corpus.ENGLISH_NUMBERS[:99] == said
    for number in range(0, 100_000, 37):
        assert set(zh_integer(number)) <= set(corpus.CHINESE_NUMBERS)


# Languages and errors ------------------------------------------------------------



def test_language_codes_are_compared_in_one_place() -> None:
    spelled = re.compile(r"[!=]= ['\"](?:en|zh)['\"]")
    found = {
        str(path.relative_to(ROOT))
        for folder in ("actions", "backend", "bot", "voice", "tools", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if spelled.search(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_one_error_shape() -> None:
    body = error_body("wrong_pin", "The PIN is not right.", {"tries_left": 2})
    assert list(body["error"].items()) == [
        ("code", "wrong_pin"), ("message", "The PIN is not right."), ("tries_left", 2)
    ]
    backend_order = error_body("x", "y", {"tries_left": 2}, extra_first=True)
    assert list(backend_order["error"]) == ["tries_left", "code", "message"]
