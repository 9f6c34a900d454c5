"""The words cue of end of turn: what plainly goes on, and what may be the end."""

from __future__ import annotations

import pytest

from voice.speech.unfinished_words import Words, judge_words


@pytest.mark.parametrize(
    "text",
    [
        "取件码是",  # 是 leads somewhere
        "取件码是三五七",  # half a pickup code
        "the code is 3 5 7",
        "我想订",  # a verb still waiting for its object
        "再来二十",  # a number waiting for its unit
        "帮我查一下我的",  # 我的 …
        "那个",  # a filler
        "雪碧和",
        "i want to order",
        "i want twenty",
        "two boxes of coke and",
        "um",
    ],
)
def test_words_that_plainly_go_on(text):
    assert judge_words(text) is Words.UNFINISHED


@pytest.mark.parametrize(
    "text",
    [
        "我想订十箱康师傅方便面",
        "取件码是三五七二四六",
        "二四六八",  # a PIN said alone
        "要",  # a one-word answer is a whole answer
        "五箱",
        "借三万",  # an amount
        "我的货什么时候到",  # a question ends on its verb
        "这是我的",
        "order",
        "the code is 3 5 7 2 4 6",
        "yes please",
        "i want twenty boxes of coke",
    ],
)
def test_words_that_may_be_the_end(text):
    assert judge_words(text) is Words.FINISHED


@pytest.mark.parametrize("text", ["", "   ", "안녕하세요", "123"])
def test_no_words_or_an_unknown_script_is_no_evidence(text):
    # The Korean test recogniser writes Hangul for Mandarin speech: no evidence.
    assert judge_words(text) is Words.UNKNOWN
