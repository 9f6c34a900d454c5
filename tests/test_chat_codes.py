"""A link code typed or said in a chat, however the phone wrote the digits."""

from __future__ import annotations

import pytest

from common.chat_codes import link_code_in


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("357246", "357246"),
        ("357 246", "357246"),
        ("３５７２４６", "357246"),
        ("三五七二四六", "357246"),
        ("三 五 七 二 四 六", "357246"),
        ("幺两三四五洞", "123450"),
        ("绑定码是 357-246。", "357246"),
        ("code: 357246", "357246"),
    ],
)
def test_six_digits_written_any_way_are_a_code(text: str, code: str) -> None:
    assert link_code_in(text) == code


@pytest.mark.parametrize(
    "text", ["", "35724", "3572461", "三十五万", "我要订可乐", "12a456", "再来二十箱"]
)
def test_anything_else_is_not_a_code(text: str) -> None:
    assert link_code_in(text) is None
