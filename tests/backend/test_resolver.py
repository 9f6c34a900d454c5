"""The spoken-product resolver on the real catalog: Chinese, English, homophones."""

import dataclasses
import random

import pytest

from backend.catalog.lines import line_code
from backend.catalog.normalise import compact, fold, has_han, strip_spoken
from backend.catalog.resolver import (
    MAX_QUERY_LENGTH,
    CatalogIndex,
    QueryTooLongError,
    Resolution,
)
from backend.seed.catalog.data import BY_SKU, PRODUCTS, STANDARD_SKUS
from benchmarks.spoken_queries import generate


@pytest.fixture(scope="module")
def index() -> CatalogIndex:
    return CatalogIndex(PRODUCTS, STANDARD_SKUS)


def top(index: CatalogIndex, query: str, lang: str | None = None) -> Resolution:
    result = index.resolve(query, lang=lang)
    assert result.best is not None, f"{query!r} found nothing"
    return result


def lines_of(result: Resolution, count: int) -> set[str]:
    return {line_code(match.entry) for match in result.candidates[:count]}


@pytest.mark.parametrize(
    ("query", "sku"),
    [
        ("可口可乐", "KO-COLA-330-24"),
        ("百事可乐", "PEP-COLA-330-24"),
        ("康师傅红烧牛肉面", "KSF-BEEF-BAG-24"),
        ("康帅傅红烧牛肉面", "KSF-BEEF-BAG-24"),  # misheard brand
        ("康师傅红烧牛肉面桶装", "KSF-BEEF-CUP-12"),
        ("老坛酸菜", "UNI-SUANCAI-BAG-24"),
        ("统一老坛酸菜一箱", "UNI-SUANCAI-BAG-24"),  # 统一's 一 is not a number
        ("农夫山泉", "NF-WATER-550-24"),
        ("农夫三泉", "NF-WATER-550-24"),  # homophone 山/三
        ("龙夫山泉", "NF-WATER-550-24"),  # l/n confusion
        ("金龙鱼油", "JLY-BLEND-5L-1"),
        ("黑人牙膏", "HL-PASTE-140G-48"),
        ("今麦郎一桶半", "JML-YTB-BAG-24"),
        ("六个核桃", "YY-WALNUT-240-20"),
        ("五号电池", "NFU-AA-AA4-30"),
        ("王老吉", "WLJ-HERBAL-310-24"),
        ("红牛", "RB-ENERGY-250-24"),
        ("青岛啤酒", "TT-CLASSIC-330-24"),
        ("阿萨姆奶茶", "UNI-ASSAM-500-15"),
        ("零度可乐", "KO-ZERO-330-24"),
        ("嗯那个二十箱可口可乐吧", "KO-COLA-330-24"),
        ("来一箱雪碧", "SPR-LEMON-330-24"),
        ("给我来两箱怡宝谢谢", "CB-WATER-555-24"),
        ("嗯 那个 二 十 箱 可口 可乐", "KO-COLA-330-24"),  # recogniser's spaces
        ("康 师傅 红烧 牛肉面 两 箱", "KSF-BEEF-BAG-24"),
    ],
)
def test_chinese_queries(index: CatalogIndex, query: str, sku: str) -> None:
    result = top(index, query, "zh")
    assert result.best is not None and result.best.entry.sku == sku
    assert not result.ambiguous, [m.entry.sku for m in result.candidates]


@pytest.mark.parametrize(
    ("query", "sku"),
    [
        ("可口可乐两升", "KO-COLA-2L-6"),
        ("可口可乐 500毫升", "KO-COLA-500-24"),
        ("可口可乐五百毫升的", "KO-COLA-500-24"),
        ("雪碧一点二五升", "SPR-LEMON-1.25L-12"),
        ("农夫 山泉 三 百 八 十 毫升", "NF-WATER-380-24"),
        ("金龙鱼调和油1.8升", "JLY-BLEND-1.8L-6"),
        ("Coca-Cola 2 litres", "KO-COLA-2L-6"),
        ("two litres of pepsi", "PEP-COLA-2L-6"),
        ("Master Kong braised beef noodles bucket", "KSF-BEEF-CUP-12"),
    ],
)
def test_spoken_size_picks_that_size(index: CatalogIndex, query: str, sku: str) -> None:
    result = top(index, query)
    assert result.best is not None and result.best.entry.sku == sku


@pytest.mark.parametrize(
    ("query", "sku"),
    [
        ("coke", "KO-COLA-330-24"),
        ("Coca-Cola", "KO-COLA-330-24"),
        ("Coca-Cola 330ml", "KO-COLA-330-24"),
        ("coca cola zero", "KO-ZERO-330-24"),
        ("pepsi", "PEP-COLA-330-24"),
        ("pepsi no sugar", "PEP-NOSUGAR-330-24"),
        ("red bull", "RB-ENERGY-250-24"),
        ("seven up", "7UP-LEMON-330-24"),
        ("7up", "7UP-LEMON-330-24"),
        ("want want milk", "WW-MILK-245-24"),
        ("Lay's cucumber", "LAY-CUCUMBER-70G-22"),
        ("nongfu spring", "NF-WATER-550-24"),
        ("um twenty cases of coke please", "KO-COLA-330-24"),
        ("can I get a case of red bull thanks", "RB-ENERGY-250-24"),
        ("lao gan ma", "LGM-DOUCHI-280G-24"),
    ],
)
def test_english_queries(index: CatalogIndex, query: str, sku: str) -> None:
    result = top(index, query, "en")
    assert result.best is not None and result.best.entry.sku == sku
    assert not result.ambiguous, [m.entry.sku for m in result.candidates]


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("可乐", "zh"),
        ("克乐", "zh"),
        ("嗯那个二十箱可乐", "zh"),
        ("cola", "en"),
        ("kele", "zh"),
        ("可乐两升", "zh"),
    ],
)
def test_cola_alone_is_ambiguous_between_the_two_brands(
    index: CatalogIndex, query: str, lang: str
) -> None:
    result = top(index, query, lang)
    assert result.ambiguous
    assert lines_of(result, 2) == {"KO-COLA", "PEP-COLA"}


def test_brand_alone_is_ambiguous_within_the_brand(index: CatalogIndex) -> None:
    result = top(index, "康师傅", "zh")
    assert result.ambiguous
    assert {match.entry.brand_zh for match in result.candidates} == {"康师傅"}


@pytest.mark.parametrize(
    ("query", "category"),
    [
        ("cooking oil", "oil"),
        ("instant noodles", "noodles"),
        ("方便面", "noodles"),
        ("啤酒", "drinks"),
        ("beer", "drinks"),
        ("纯牛奶", "dairy"),
        ("抽纸", "household"),
    ],
)
def test_generic_words_are_ambiguous_within_a_category(
    index: CatalogIndex, query: str, category: str
) -> None:
    result = top(index, query)
    assert result.ambiguous
    assert len(result.candidates) >= 2
    assert all(match.entry.category == category for match in result.candidates[:2])


@pytest.mark.parametrize(
    "query",
    [
        "ＣＯＫＥ",
        "ｃｏｋｅ",
        "Ｃｏｃａ－Ｃｏｌａ",
        "COCA-COLA",
        "可口可乐３３０ｍｌ",
        "可口可乐330ML",
        "  coke  ",
    ],
)
def test_width_and_case_do_not_matter(index: CatalogIndex, query: str) -> None:
    result = top(index, query)
    assert result.best is not None and result.best.entry.sku == "KO-COLA-330-24"


@pytest.mark.parametrize(
    "query",
    [
        "拖拉机",
        "tractor",
        "电脑",
        "computer",
        "手机",
        "hello",
        "飞机票",
        "piano",
        "水泥",
        "螺丝刀",
    ],
)
def test_unknown_products_give_no_candidates(index: CatalogIndex, query: str) -> None:
    result = index.resolve(query)
    assert result.candidates == ()
    assert result.best is None and not result.ambiguous


@pytest.mark.parametrize(
    "query", ["", "   ", "嗯", "嗯那个", "um please", "二十箱", "!!!"]
)
def test_empty_mentions_give_an_empty_result(index: CatalogIndex, query: str) -> None:
    result = index.resolve(query)
    assert result == Resolution(query, (), False)


def test_too_long_query_is_refused(index: CatalogIndex) -> None:
    with pytest.raises(QueryTooLongError):
        index.resolve("可乐" * (MAX_QUERY_LENGTH // 2 + 1))
    assert issubclass(QueryTooLongError, ValueError)


def test_longest_allowed_queries_do_not_crash(index: CatalogIndex) -> None:
    hesitant = "嗯" * (MAX_QUERY_LENGTH - 4) + "可口可乐"
    english = "um " * ((MAX_QUERY_LENGTH - 4) // 3) + "coke"
    for query in (hesitant, english):
        assert len(query) <= MAX_QUERY_LENGTH
        result = index.resolve(query)
        assert result.best is not None and result.best.entry.sku == "KO-COLA-330-24"
    rambling = ("我想想看那天说的是什么来着" * 20)[:MAX_QUERY_LENGTH]
    assert index.resolve(rambling).candidates == ()


def test_arbitrary_input_never_crashes(index: CatalogIndex) -> None:
    rng = random.Random(5)
    alphabet = (
        "一二两三十百千点零半箱升毫克公斤号的嗯啊 abc0123456789.-_/\\'\"%#!~😀"
        "\u200b\u0301\u202e\t\n\x00ＡＢ可乐康师傅coke"
    )
    for _ in range(1500):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        result = index.resolve(query, lang=rng.choice([None, "zh", "en"]))
        assert result.query == query
        assert len(result.candidates) <= 5
        assert all(0 < match.score <= 1 for match in result.candidates)


def test_bad_arguments_raise_value_error(index: CatalogIndex) -> None:
    with pytest.raises(ValueError, match="limit"):
        index.resolve("可乐", limit=0)
    with pytest.raises(ValueError, match="lang"):
        index.resolve("可乐", lang="fr")


def test_limit_and_result_shape(index: CatalogIndex) -> None:
    result = index.resolve("康师傅", limit=3)
    assert len(result.candidates) == 3
    scores = [match.score for match in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    lines = [line_code(match.entry) for match in result.candidates]
    assert len(lines) == len(set(lines)), "one candidate per product line"
    assert len(index.resolve("康师傅", limit=1).candidates) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ambiguous = False  # type: ignore[misc]


def test_every_line_resolves_from_its_printed_names(index: CatalogIndex) -> None:
    standard: dict[str, str] = {}
    for entry in PRODUCTS:
        standard.setdefault(line_code(entry), entry.sku)
    for entry in PRODUCTS:
        if standard[line_code(entry)] != entry.sku:
            continue
        for name in (entry.name_zh.rsplit(" ", 1)[0], entry.name_en):
            result = index.resolve(name)
            assert result.best is not None, name
            assert line_code(result.best.entry) == line_code(entry), name


def test_trimming_fillers_never_eats_into_a_product_name() -> None:
    names = [entry.name_zh.rsplit(" ", 1)[0] for entry in PRODUCTS]
    names += [alias for entry in PRODUCTS for alias in entry.aliases]
    for name in names:
        folded = fold(name)
        expected = compact(folded) if has_han(folded) else folded
        assert strip_spoken(folded) == expected, name


def test_accuracy_on_generated_spoken_queries(index: CatalogIndex) -> None:
    queries = generate(PRODUCTS, seed=11)
    assert len(queries) >= 1000
    queries = queries[::3]  # the full set is benchmarks/catalog_bench.py's job
    known = [q for q in queries if q.line is not None]
    unknown = [q for q in queries if q.line is None]
    hits = 0
    for query in known:
        best = index.resolve(query.text).best
        if (
            best is not None
            and line_code(best.entry) == query.line
            and (query.sku is None or best.entry.sku == query.sku)
        ):
            hits += 1
    rejected = sum(index.resolve(q.text).best is None for q in unknown)
    assert hits / len(known) >= 0.97
    assert rejected / len(unknown) >= 0.9


def test_skus_in_cases_exist() -> None:
    # Guards the expectations above against catalog renames.
    for sku in ("KO-COLA-330-24", "PEP-COLA-330-24", "KSF-BEEF-CUP-12"):
        assert sku in BY_SKU


@pytest.mark.parametrize(
    ("query", "sku"),
    [("nongfu water", "NF-WATER-550-24"), ("eastroc energy", "ER-ENERGY-250-24")],
)
def test_the_first_word_of_a_two_word_brand_names_it(
    index: CatalogIndex, query: str, sku: str
) -> None:
    """"Nongfu Spring" said as "nongfu": water of that brand, not any water."""
    result = top(index, query, "en")
    assert result.best.entry.sku == sku and not result.ambiguous
