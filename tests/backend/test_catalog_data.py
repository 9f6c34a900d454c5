"""The wholesale catalog data is complete and consistent."""

from collections import Counter, defaultdict
from decimal import Decimal

from backend.catalog.entry import line_code
from backend.catalog.resolver import CatalogIndex
from backend.seed.catalog.data import BY_SKU, CATEGORIES, PRODUCTS, STANDARD_SKUS


def test_every_alias_finds_its_product_line():
    # What owners call a product: an alias of one line names that line; an alias
    # several lines share ("汽水", "cookies") offers at least one of them.
    index = CatalogIndex(PRODUCTS, STANDARD_SKUS)
    lines_by_alias: dict[str, set[str]] = defaultdict(set)
    for entry in PRODUCTS:
        for alias in entry.aliases:
            lines_by_alias[alias].add(line_code(entry))
    assert lines_by_alias
    for alias, lines in lines_by_alias.items():
        result = index.resolve(alias)
        assert result.best is not None, alias
        if len(lines) == 1:
            assert line_code(result.best.entry) in lines, alias
        else:
            offered = {line_code(match.entry) for match in result.candidates}
            assert offered & lines, (alias, lines, offered)


def test_skus_unique_and_indexed():
    counts = Counter(entry.sku for entry in PRODUCTS)
    assert [sku for sku, n in counts.items() if n > 1] == []
    assert len(BY_SKU) == len(PRODUCTS)


def test_printed_names_unique_in_both_languages():
    for field in ("name_zh", "name_en"):
        counts = Counter(getattr(entry, field) for entry in PRODUCTS)
        assert [name for name, n in counts.items() if n > 1] == [], field


def test_every_entry_is_complete():
    for entry in PRODUCTS:
        assert entry.name_zh.strip() and entry.name_en.strip(), entry.sku
        assert entry.brand_zh and entry.brand_en, entry.sku
        assert entry.name_zh.startswith(entry.brand_zh), entry.sku
        assert entry.category in CATEGORIES, entry.sku
        assert entry.pack_size >= 1, entry.sku
        assert entry.unit_zh and entry.unit_en, entry.sku
        assert entry.price > 0, entry.sku
        assert entry.price == entry.price.quantize(Decimal("0.01")), entry.sku
        assert all(alias.strip() for alias in entry.aliases), entry.sku


def test_every_category_covered():
    assert {entry.category for entry in PRODUCTS} == set(CATEGORIES)
    assert "tobacco" not in {entry.category for entry in PRODUCTS}


def test_both_colas_present_and_share_the_generic_alias():
    coke = BY_SKU["KO-COLA-330-24"]
    pepsi = BY_SKU["PEP-COLA-330-24"]
    assert coke.name_zh == "可口可乐 330毫升" and coke.name_en == "Coca-Cola 330ml"
    assert pepsi.name_zh.startswith("百事可乐")
    for cola in (coke, pepsi):
        assert "可乐" in cola.aliases and "cola" in cola.aliases
    assert "coke" in coke.aliases and "coke" not in pepsi.aliases


def test_realistic_reference_prices():
    assert BY_SKU["KO-COLA-330-24"].price == Decimal("48.00")
    assert BY_SKU["NF-WATER-550-24"].price == Decimal("30.00")
    noodles = BY_SKU["KSF-BEEF-BAG-24"]
    assert noodles.price == Decimal("60.00") and noodles.unit_zh == "箱"
    oil = BY_SKU["JLY-BLEND-5L-1"]
    assert oil.price == Decimal("75.00") and oil.unit_zh == "桶"


def test_brands_the_owners_ask_for_are_stocked():
    brands = {entry.brand_zh for entry in PRODUCTS}
    wanted = {
        "农夫山泉",
        "怡宝",
        "康师傅",
        "统一",
        "今麦郎",
        "白象",
        "金龙鱼",
        "鲁花",
        "福临门",
        "海天",
        "李锦记",
        "老干妈",
        "太太乐",
        "红牛",
        "东鹏特饮",
        "可口可乐",
        "百事",
        "雪碧",
        "芬达",
        "美年达",
        "王老吉",
        "加多宝",
        "元气森林",
        "娃哈哈",
        "旺旺",
        "乐事",
        "好丽友",
        "奥利奥",
        "蒙牛",
        "伊利",
        "青岛啤酒",
        "雪花啤酒",
        "百威啤酒",
        "立白",
        "蓝月亮",
        "心相印",
        "维达",
        "清风",
        "高露洁",
        "好来",
    }
    assert wanted - brands == set()


def test_sku_shape_groups_sizes_of_one_line():
    for entry in PRODUCTS:
        parts = entry.sku.split("-")
        assert len(parts) >= 4, entry.sku
        assert parts[-1] == str(entry.pack_size), entry.sku
