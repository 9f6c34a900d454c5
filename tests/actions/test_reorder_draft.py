from actions.reorder_draft import (
    Mention,
    base_name,
    is_unusual,
    pair_mentions,
    pick_candidate,
    prefer_usual,
)


def _ents(*items: tuple[str, str]) -> list[dict]:
    out, start = [], 0
    for entity, value in items:
        out.append({"entity": entity, "value": value, "start": start})
        start += len(value) + 1
    return out


def test_pairs_quantity_before_product() -> None:
    said = _ents(("quantity", "二十"), ("unit", "箱"), ("product", "可乐"),
                 ("quantity", "十袋"), ("product", "大米"))  # fmt: skip
    assert pair_mentions(said) == [Mention("可乐", "二十箱"), Mention("大米", "十袋")]


def test_pairs_english_with_unit_and_quantity_after_product() -> None:
    said = _ents(("quantity", "twenty"), ("unit", "cases"), ("product", "Coca-Cola"))
    assert pair_mentions(said) == [Mention("Coca-Cola", "twenty cases")]
    after = _ents(("product", "cola"), ("quantity", "five"))
    assert pair_mentions(after) == [Mention("cola", "five")]
    bare = _ents(("product", "cola"))
    assert pair_mentions(bare) == [Mention("cola", None)]


def test_unusual_quantities() -> None:
    assert is_unusual(100, None)
    assert is_unusual(25, 5)
    assert not is_unusual(20, 5)
    assert not is_unusual(99, None)


CANDIDATES = [
    {"sku": "KO", "name_zh": "可口可乐 1.25升", "name_en": "Coca-Cola 1.25L",
     "brand_zh": "可口可乐", "brand_en": "Coca-Cola"},
    {"sku": "PEP", "name_zh": "百事可乐 1.25升", "name_en": "Pepsi 1.25L",
     "brand_zh": "百事", "brand_en": "Pepsi"},
]  # fmt: skip


def test_pick_by_ordinal_or_name() -> None:
    assert pick_candidate(CANDIDATES, "第二个")["sku"] == "PEP"
    assert pick_candidate(CANDIDATES, "百事那个")["sku"] == "PEP"
    assert pick_candidate(CANDIDATES, "the Pepsi one")["sku"] == "PEP"
    assert pick_candidate(CANDIDATES, "the first one")["sku"] == "KO"
    assert pick_candidate(CANDIDATES, "嗯") is None


def test_prefers_the_usual_size_of_the_same_line() -> None:
    usual = [{"sku": "KO-330", "name_zh": "可口可乐 330毫升", "quantity": 5}]
    assert prefer_usual(CANDIDATES[0], usual)["sku"] == "KO-330"
    assert prefer_usual(CANDIDATES[1], usual)["sku"] == "PEP"
    assert base_name("可口可乐 330毫升") == "可口可乐"


BRAND = {"brand_zh": "乐事", "brand_en": "Lay's"}
LAYS = [
    {"sku": "LAY-BBQ", "name_zh": "乐事薯片 烧烤味 70克",
     "name_en": "Lay's Potato Chips Barbecue 70g", **BRAND},
    {"sku": "LAY-CLASSIC", "name_zh": "乐事薯片 原味 70克",
     "name_en": "Lay's Potato Chips Classic 70g", **BRAND},
    {"sku": "LAY-CUCUMBER", "name_zh": "乐事薯片 黄瓜味 70克",
     "name_en": "Lay's Potato Chips Cucumber 70g", **BRAND},
]  # fmt: skip


def test_a_choice_is_picked_by_what_tells_it_apart() -> None:
    assert pick_candidate(LAYS, "barbecue flavor")["sku"] == "LAY-BBQ"
    assert pick_candidate(LAYS, "the cucumber ones")["sku"] == "LAY-CUCUMBER"
    assert pick_candidate(LAYS, "烧烤的")["sku"] == "LAY-BBQ"
    assert pick_candidate(LAYS, "要原味")["sku"] == "LAY-CLASSIC"
    assert pick_candidate(LAYS, "the first one")["sku"] == "LAY-BBQ"
    assert pick_candidate(LAYS, "chips") is None  # all three are chips


def test_the_usual_swaps_the_size_never_the_flavour() -> None:
    usual = [{"sku": "LAY-CLASSIC-135", "name_zh": "乐事薯片 原味 135克"}]
    assert prefer_usual(LAYS[1], usual)["sku"] == "LAY-CLASSIC-135"
    assert prefer_usual(LAYS[0], usual)["sku"] == "LAY-BBQ"


def test_a_product_first_sentence_can_end_quantity_first() -> None:
    said = _ents(
        ("product", "百事可乐"), ("quantity", "两"), ("unit", "箱"),
        ("product", "雪碧"), ("quantity", "三箱"),
        ("product", "农夫山泉"), ("quantity", "五箱"),
        ("quantity", "两箱"), ("product", "红牛"),
    )  # fmt: skip
    assert pair_mentions(said) == [
        Mention("百事可乐", "两箱"), Mention("雪碧", "三箱"),
        Mention("农夫山泉", "五箱"), Mention("红牛", "两箱"),
    ]  # fmt: skip
    water = _ents(("product", "pepsi"), ("quantity", "2 dozen"),
                  ("product", "water"), ("quantity", "5 box"))  # fmt: skip
    assert pair_mentions(water) == [
        Mention("pepsi", "2 dozen"), Mention("water", "5 box")
    ]  # fmt: skip
