"""How one parcel is said: shelf, masked name, carrier, days waiting, overdue."""

from __future__ import annotations

import pytest

from actions.clients.parcels import Parcel
from actions.parcel_readout import parcel_words


def _parcel(days: int, overdue: bool = False) -> Parcel:
    return Parcel(1, "YT1", "圆通速递", "W*****", "A3", "waiting", days, overdue)


@pytest.mark.parametrize(
    ("days", "zh", "en"),
    [
        (0, "不到一天", "less than a day"),  # came in today: never "zero days"
        (1, "一天", "one day"),
        (8, "八天", "eight days"),
    ],
)
def test_days_waiting_are_said_as_people_say_them(days: int, zh: str, en: str) -> None:
    assert parcel_words(1, _parcel(days), "zh")["days"] == zh
    assert parcel_words(1, _parcel(days), "en")["days"] == en


def test_an_overdue_parcel_says_so() -> None:
    assert parcel_words(1, _parcel(8, overdue=True), "en")["overdue"] == ", overdue"
    assert parcel_words(1, _parcel(8, overdue=True), "zh")["overdue"] == "，已经超期"
