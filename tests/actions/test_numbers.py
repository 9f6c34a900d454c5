from decimal import Decimal

import pytest

from actions.numbers import parse_amount, parse_code, parse_ordinal, parse_quantity


@pytest.mark.parametrize(
    ("said", "whole", "unit"),
    [
        ("二十", 20, None),
        ("二十箱", 20, "箱"),
        ("两箱", 2, "箱"),
        ("十袋", 10, "袋"),
        ("一百五十箱", 150, "箱"),
        ("一打", 12, None),
        ("20", 20, None),
        ("20 cases", 20, "case"),
        ("twenty cases", 20, "case"),
        ("two cases of cola", 2, "case"),
        ("a dozen", 12, None),
        ("one hundred fifty cases", 150, "case"),
    ],
)
def test_whole_quantities(said: str, whole: int, unit: str | None) -> None:
    quantity = parse_quantity(said)
    assert quantity is not None
    assert quantity.whole == whole
    assert quantity.unit == unit


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("十来箱", Decimal(10)),  # "ten-ish": asked again
        ("半箱", Decimal("0.5")),
        ("half a case", Decimal("0.5")),
        ("about twenty", Decimal(20)),
        ("two and a half cases", Decimal("2.5")),
    ],
)
def test_vague_or_fractional_quantities_are_not_whole(
    said: str, value: Decimal
) -> None:
    quantity = parse_quantity(said)
    assert quantity is not None
    assert quantity.value == value
    assert quantity.whole is None


@pytest.mark.parametrize("said", ["", "可乐", "cola please"])
def test_no_quantity(said: str) -> None:
    assert parse_quantity(said) is None


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("三五七二四六", "357246"),
        ("幺洞幺", "101"),
        ("二四六八", "2468"),
        ("两四六八", "2468"),
        ("357246", "357246"),
        ("357 246", "357246"),
        ("three five seven two four six", "357246"),
        ("one three five seven", "1357"),
        ("oh one two", "012"),
        ("double five one", "551"),
        ("三十五万七千二百四十六", "357246"),
        ("取件码是三五七二四六", "357246"),
    ],
)
def test_codes(said: str, digits: str) -> None:
    assert parse_code(said) == digits


def test_no_code() -> None:
    assert parse_code("我不知道") is None


@pytest.mark.parametrize(
    ("said", "choice"),
    [("第二个", 2), ("第一个吧", 1), ("the second one", 2), ("the third", 3),
     ("最后一个", -1), ("百事那个", None)],
)  # fmt: skip
def test_ordinals(said: str, choice: int | None) -> None:
    assert parse_ordinal(said) == choice


def test_digits_said_one_by_one_are_not_a_quantity() -> None:
    assert parse_quantity("one three five seven") is None


def test_an_amount_said_in_digits_and_thousands() -> None:
    assert parse_amount("borrow 20 thousand") == Decimal(20_000)
    assert parse_amount("twenty thousand") == Decimal(20_000)
    assert parse_amount("50k") == Decimal(50_000)
    assert parse_amount("三万") == Decimal(30_000)
    assert parse_amount("30,000") == Decimal(30_000)
