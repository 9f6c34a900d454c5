"""Deterministic spoken-style product queries generated from the catalog.

Each query says what the owner meant: the product line (SKU without size and pack) and,
when a size was said, the exact SKU. Queries that name nothing in the catalog expect no
candidates. Used by benchmarks/catalog_bench.py and by the resolver's accuracy test.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import cn2an
import jieba
from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from backend.catalog.entry import CatalogEntry
from backend.catalog.lines import line_code
from backend.catalog.normalise import has_han

ZH_FILLERS_BEFORE = ("", "嗯", "那个", "嗯那个", "我要", "给我来", "再来", "帮我订")
ZH_FILLERS_AFTER = ("", "吧", "啊", "谢谢", "就行")
ZH_QUANTITIES = ("一箱", "两箱", "三箱", "五箱", "十箱", "二十箱", "一提", "两件")
EN_BEFORE = ("", "um ", "I need ", "give me ", "can I get ", "uh, ")
EN_QUANTITIES = ("a case of ", "two cases of ", "twenty cases of ", "5 cases of ", "")
EN_AFTER = ("", " please", " thanks")
UNKNOWN = (
    "拖拉机",
    "电脑",
    "手机",
    "飞机票",
    "冰箱",
    "洗衣机",
    "自行车",
    "电视机",
    "房子",
    "汽车轮胎",
    "钢琴",
    "水泥",
    "螺丝刀",
    "课本",
    "医生",
    "天气预报",
    "股票",
    "猫粮",
    "tractor",
    "computer",
    "mobile phone",
    "bicycle",
    "television",
    "cement",
    "piano",
    "screwdriver",
    "aeroplane ticket",
    "weather",
    "cat food",
    "car tyres",
)


@dataclass(frozen=True)
class SpokenQuery:
    """A query and what the owner meant by it."""

    text: str
    kind: str
    line: str | None
    """Product line meant (``KO-COLA``); None when the catalog has no such product."""
    sku: str | None = None
    """Exact SKU meant when the query names a size."""


def _homophones() -> dict[str, list[str]]:
    """Common characters (GB2312 level 1) grouped by toneless pinyin."""
    groups: dict[str, list[str]] = defaultdict(list)
    for code in sorted(pinyin_dict):
        char = chr(code)
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if 0xB0 <= encoded[0] <= 0xD7:
            groups[lazy_pinyin(char, style=Style.NORMAL)[0]].append(char)
    return groups


def _mishear(text: str, rng: random.Random, homophones: dict[str, list[str]]) -> str:
    """Replace one Chinese character by another that sounds the same."""
    positions = [i for i, ch in enumerate(text) if has_han(ch)]
    rng.shuffle(positions)
    for i in positions:
        sound = lazy_pinyin(text[i], style=Style.NORMAL)[0]
        others = [ch for ch in homophones.get(sound, []) if ch != text[i]]
        if others:
            return text[:i] + rng.choice(others) + text[i + 1 :]
    return text


def _speak_numbers(text: str) -> str:
    """Digits as a Chinese speaker says them: 330毫升 → 三百三十毫升."""
    return re.sub(r"\d+(?:\.\d+)?", lambda m: cn2an.an2cn(m.group(0)), text)


def generate(entries: Sequence[CatalogEntry], seed: int = 7) -> list[SpokenQuery]:
    """Several spoken forms of every product line, plus unknown products."""
    rng = random.Random(seed)
    homophones = _homophones()
    lines: dict[str, list[CatalogEntry]] = defaultdict(list)
    for entry in entries:
        lines[line_code(entry)].append(entry)
    alias_lines: Counter[str] = Counter()
    for line_entries in lines.values():
        alias_lines.update(set(line_entries[0].aliases))
    queries: list[SpokenQuery] = []
    for line, line_entries in lines.items():
        said, sized = _zh_forms(line, line_entries, rng, homophones)
        queries += said
        queries += _en_and_alias_forms(line, sized, line_entries[0], rng, homophones,
                                       alias_lines)  # fmt: skip
    queries.extend(SpokenQuery(text, "unknown", None) for text in UNKNOWN)
    return queries


def _zh_forms(
    line: str,
    line_entries: list[CatalogEntry],
    rng: random.Random,
    homophones: dict[str, list[str]],
) -> tuple[list[SpokenQuery], CatalogEntry]:
    """The Mandarin name, misheard, with fillers, with its size (and that size)."""
    zh_name = line_entries[0].name_zh.rsplit(" ", 1)[0]
    queries = [
        SpokenQuery(zh_name, "zh_name", line),
        SpokenQuery(_mishear(zh_name, rng, homophones), "zh_homophone", line),
    ]
    spoken = (
        rng.choice(ZH_FILLERS_BEFORE)
        + rng.choice(ZH_QUANTITIES)
        + zh_name
        + rng.choice(ZH_FILLERS_AFTER)
    )
    queries.append(SpokenQuery(spoken, "zh_fillers", line))
    sized = rng.choice(line_entries)
    size_zh = sized.name_zh.rsplit(" ", 1)[-1]
    if re.match(r"\d", size_zh):
        said = zh_name + _speak_numbers(size_zh)
        queries.append(SpokenQuery(said, "zh_size", line, sized.sku))
        # As a recogniser writes it: words and numerals apart.
        spaced = " ".join(jieba.lcut(said.replace(" ", "")))
        queries.append(SpokenQuery(spaced, "zh_asr_spaced", line, sized.sku))
    return queries, sized


def _en_and_alias_forms(
    line: str,
    sized: CatalogEntry,
    first: CatalogEntry,
    rng: random.Random,
    homophones: dict[str, list[str]],
    alias_lines: Counter[str],
) -> list[SpokenQuery]:
    """The English name, with fillers, sized, full-width; each alias of one line."""
    en_name = re.sub(r"\s+\d[\w.]*$", "", first.name_en)
    queries = [SpokenQuery(en_name, "en_name", line)]
    filler = rng.choice(EN_BEFORE) + rng.choice(EN_QUANTITIES)
    queries.append(
        SpokenQuery(filler + en_name + rng.choice(EN_AFTER), "en_fillers", line)
    )
    size_en = sized.name_en.split()[-1]
    if re.match(r"\d", size_en):
        queries.append(SpokenQuery(f"{en_name} {size_en}", "en_size", line, sized.sku))
    wide = "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in en_name.upper()
    )
    queries.append(SpokenQuery(wide, "fullwidth", line))
    for alias in first.aliases:
        if alias_lines[alias] == 1:
            kind = "zh_alias" if has_han(alias) else "en_alias"
            queries.append(SpokenQuery(alias, kind, line))
            if has_han(alias):
                misheard = _mishear(alias, rng, homophones)
                queries.append(SpokenQuery(misheard, "zh_homophone", line))
    return queries
