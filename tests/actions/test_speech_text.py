from datetime import date
from decimal import Decimal

import pytest

from actions.speech_text import (
    chinese_number,
    date_words,
    english_number,
    item_words,
    join_words,
    money_words,
    months_words,
    quantity_words,
)


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        ("480.00", "四百八十元", "480 yuan"),
        ("32.00", "三十二元", "32 yuan"),
        ("32.50", "三十二元五角", "32 yuan 50 fen"),
        ("4360.05", "四千三百六十元零五分", "4,360 yuan 5 fen"),
        ("50000.00", "五万元", "50,000 yuan"),
        # A leading 2 of a sum is 两, as owners say it; 2 further in stays 二.
        ("20000.00", "两万元", "20,000 yuan"),
        ("2000.50", "两千元五角", "2,000 yuan 50 fen"),
        ("200.00", "二百元", "200 yuan"),  # 二百 and 两百 are both said
        ("2.00", "两元", "2 yuan"),
        ("22000.00", "两万二千元", "22,000 yuan"),
        ("12000.00", "一万二千元", "12,000 yuan"),
        ("20.00", "二十元", "20 yuan"),
    ],
)
def test_money(amount: str, zh: str, en: str) -> None:
    assert money_words(Decimal(amount), "zh") == zh
    assert money_words(Decimal(amount), "en") == en


def test_quantities_use_liang_for_two() -> None:
    assert quantity_words(20, "箱", "case", "zh") == "二十箱"
    assert quantity_words(2, "箱", "case", "zh") == "两箱"
    assert quantity_words(200, "箱", "case", "zh") == "两百箱"
    assert quantity_words(20, "箱", "case", "en") == "twenty cases"
    assert quantity_words(1, "箱", "box", "en") == "one box"


def test_english_numbers() -> None:
    assert english_number(0) == "zero"
    assert english_number(21) == "twenty-one"
    assert english_number(125) == "one hundred and twenty-five"
    assert english_number(2468) == "two thousand four hundred and sixty-eight"
    assert chinese_number(12) == "十二"


def test_items_and_lists() -> None:
    coke = item_words(20, "箱", "case", "可口可乐", "Coca-Cola", "zh")
    rice = item_words(10, "袋", "bag", "大米", "rice", "zh")
    assert join_words([coke, rice], "zh") == "二十箱可口可乐和十袋大米"
    assert (
        join_words(
            [item_words(20, "箱", "case", "可口可乐", "Coca-Cola", "en"), "a", "b"],
            "en",
        )
        == "twenty cases of Coca-Cola, a and b"
    )


def test_dates_relative_to_today() -> None:
    today = date(2026, 11, 22)
    assert date_words(date(2026, 11, 23), today, "zh") == "明天"
    assert date_words(date(2026, 11, 23), today, "en") == "tomorrow"
    assert date_words(date(2026, 11, 25), today, "zh") == "十一月二十五日"
    assert date_words(date(2026, 11, 25), today, "en") == "November 25"


def test_months() -> None:
    assert months_words(12, "zh") == "十二个月"
    assert months_words(12, "en") == "twelve months"


def test_a_lockout_ends_at_a_china_time_rounded_up() -> None:
    from actions.pin import until_words

    # 13:38:14 UTC is 21:38:14 in China: still locked at 21:38, free at 21:39.
    assert until_words("2026-11-30T13:38:14+00:00", "zh") == "二十一点三十九分"
    assert until_words("2026-11-30T13:38:14Z", "en") == "21:39"
    assert until_words("2026-11-30T02:00:00+00:00", "zh") == "十点"
    assert until_words("not a time", "en") == "not a time"


def test_choices_are_offered_by_what_tells_them_apart() -> None:
    from actions.speech_text import options_words

    chips = ["乐事薯片 原味 70克", "乐事薯片 烧烤味 70克", "乐事薯片 黄瓜味 70克"]
    assert options_words(chips, "zh") == "乐事薯片：原味、烧烤味还是黄瓜味"
    english = ["Lay's Chips Original 70g", "Lay's Chips BBQ 70g"]
    assert options_words(english, "en") == "Lay's Chips: Original or BBQ"
    colas = ["可口可乐 330毫升", "百事可乐 330毫升"]
    assert options_words(colas, "zh") == "可口可乐还是百事可乐"
