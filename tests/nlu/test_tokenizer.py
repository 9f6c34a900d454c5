"""The bilingual tokenizer: exact offsets, no whitespace, clean count/unit split."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.bilingual_tokenizer import BilingualTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> BilingualTokenizer:
    return BilingualTokenizer(BilingualTokenizer.get_default_config())


def words(tokenizer: BilingualTokenizer, text: str) -> list[str]:
    return [token.text for token in tokenizer.tokenize(Message({TEXT: text}), TEXT)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两箱", ["两", "箱"]),
        ("要二十瓶", ["要", "二十", "瓶"]),
        ("半箱老干妈", ["半", "箱", "老干妈"]),
        ("一打", ["一", "打"]),
        ("十来箱农夫山泉", ["十来", "箱", "农夫山泉"]),
        ("再来20箱coke", ["再来", "20", "箱", "coke"]),
        ("来二十箱Pepsi", ["来", "二十", "箱", "Pepsi"]),
        ("二十箱可乐和十箱雪碧", ["二十", "箱", "可乐", "和", "十", "箱", "雪碧"]),
        ("twenty cases of 可乐", ["twenty", "cases", "of", "可乐"]),
        ("取件码三五七二四六", ["取件码", "三五七二四六"]),
        ("幺三五七二四六", ["幺三五七二四六"]),
        ("借五万块钱", ["借", "五万", "块", "钱"]),
        ("I'd like 3 bags", ["I'd", "like", "3", "bags"]),
    ],
)
def test_words(tokenizer: BilingualTokenizer, text: str, expected: list[str]) -> None:
    assert words(tokenizer, text) == expected


def test_whitespace_and_punctuation_are_dropped(tokenizer: BilingualTokenizer) -> None:
    tokens = words(tokenizer, "  cooking oil ， 两桶 !! ")
    assert tokens == ["cooking", "oil", "两", "桶"]


def test_offsets_are_exact(tokenizer: BilingualTokenizer) -> None:
    text = "嗯 那个 再来 二十箱 Coca-Cola 和两箱康师傅红烧牛肉面 pickup code 357246"
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    assert tokens, "no tokens"
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.text.strip() == token.text and token.text
    starts = [token.start for token in tokens]
    assert starts == sorted(starts)


def test_english_entity_spans_whole_tokens(tokenizer: BilingualTokenizer) -> None:
    text = "order two bags of cooking oil"
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    start = text.index("cooking oil")
    inside = [t.text for t in tokens if t.start >= start and t.end <= len(text)]
    assert inside == ["cooking", "oil"]


def test_only_punctuation_still_gives_a_token(tokenizer: BilingualTokenizer) -> None:
    assert words(tokenizer, "？？") == ["？？"]


def test_process_training_data_sets_tokens(tokenizer: BilingualTokenizer) -> None:
    message = Message({TEXT: "来两箱雪碧", "intent": "reorder_stock"})
    tokenizer.process_training_data(TrainingData([message]))
    tokens = message.get(TOKENS_NAMES[TEXT])
    assert [t.text for t in tokens] == ["来", "两", "箱", "雪碧"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一万左右", ["一万", "左右"]),
        ("借两万五", ["借", "两万五"]),
    ],
)
def test_amounts(tokenizer: BilingualTokenizer, text: str, expected: list[str]) -> None:
    assert words(tokenizer, text) == expected


def test_product_names_with_numerals_stay_whole(tmp_path: Path) -> None:
    dictionary = tmp_path / "userdict.txt"
    dictionary.write_text("六个核桃 50000 nz\n一桶半 50000 nz\n", encoding="utf-8")
    config = {**BilingualTokenizer.get_default_config(), "dictionary_path": dictionary}
    custom = BilingualTokenizer(config)
    assert words(custom, "来两箱六个核桃") == ["来", "两", "箱", "六个核桃"]
    assert words(custom, "一桶半要三箱") == ["一桶半", "要", "三", "箱"]


def test_a_long_message_is_understood_by_its_end(tokenizer: BilingualTokenizer) -> None:
    chatter = "business is slow these days and the street is quiet " * 8
    text = chatter + "anyway what is running low in my shop"
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    assert tokens[-1].text == "shop" and tokens[-1].end == len(text)
    assert tokens[0].start >= len(text) - 200
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_a_message_up_to_the_limit_keeps_every_word(
    tokenizer: BilingualTokenizer,
) -> None:
    text = ("我跟你说 生意不好做 " * 40)[:300]
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    assert tokens[0].start == 0
