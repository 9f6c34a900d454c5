"""A product tagged as two ("Lays" + "chips") is one line, through the real catalog."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.reorder_form import ValidateReorderForm
from actions.split_names import adjacent_products
from tests.actions.conftest import FORM_DOMAIN, david, texts, tracker, weijun


def spans(text: str, *tagged: tuple[str, str]) -> list[dict[str, Any]]:
    """Entities at the place each value is found in ``text``."""
    out, after = [], 0
    for entity, value in tagged:
        start = text.index(value, after)
        after = start + len(value)
        out.append({"entity": entity, "value": value, "start": start, "end": after})
    return out


async def _draft(text: str, entities: list[dict[str, Any]], **slots: Any) -> Any:
    dispatcher = CollectingDispatcher()
    events = await ValidateReorderForm().run(
        dispatcher, tracker(text, "reorder_stock", entities, slots=slots), FORM_DOMAIN
    )
    return events, texts(dispatcher)


def test_only_products_with_nothing_but_spaces_between_are_adjacent() -> None:
    text = "coke, sprite and lays chips"
    entities = spans(
        text, ("product", "coke"), ("product", "sprite"), ("product", "lays"),
        ("product", "chips"),
    )  # fmt: skip
    assert adjacent_products(entities, text) == [2]


async def test_brand_and_product_word_make_one_line(wired: Clients) -> None:
    text = "2 cases of lays chips"
    entities = spans(
        text, ("quantity", "2"), ("unit", "cases"), ("product", "lays"),
        ("product", "chips"),
    )  # fmt: skip
    events, _ = await _draft(text, entities, **david())
    draft = events[1]["value"]
    assert draft["queue"] == []  # nothing left to ask about again
    question = draft["question"]
    assert question["kind"] == "choose" and question["quantity"] == "2 cases"
    assert all(c["sku"].startswith("LAY-") for c in question["candidates"])


async def test_two_products_said_without_a_pause_stay_two(wired: Clients) -> None:
    text = "可口可乐雪碧各来两箱"
    entities = spans(
        text, ("product", "可口可乐"), ("product", "雪碧"), ("quantity", "两"),
        ("unit", "箱"),
    )  # fmt: skip
    events, _ = await _draft(text, entities, **weijun())
    lines = events[0]["value"]
    assert sorted((line["sku"][:3], line["quantity"]) for line in lines) == [
        ("KO-", 2), ("SPR", 2)
    ]  # fmt: skip


def test_a_unit_that_is_no_measure_word_is_a_product() -> None:
    from actions.split_names import units_that_name_products

    text = "来五箱红烧牛肉面"
    swallowed = spans(text, ("quantity", "五"), ("unit", "箱红烧牛肉面"))
    assert [(e["entity"], e["value"], text[e["start"]:e["end"]])
            for e in units_that_name_products(swallowed)] == [
        ("quantity", "五", "五"), ("unit", "箱", "箱"),
        ("product", "红烧牛肉面", "红烧牛肉面"),
    ]  # fmt: skip
    english = spans(
        "hearttex toilet paper, 2 dozen",
        ("unit", "hearttex"),
        ("product", "toilet paper"),
        ("quantity", "2"),
        ("unit", "dozen"),
    )
    kinds = [e["entity"] for e in units_that_name_products(english)]
    assert kinds == ["product", "product", "quantity", "unit"]
    bagged = spans("红烧牛肉面两袋装", ("product", "红烧牛肉面"), ("unit", "袋装"))
    assert units_that_name_products(bagged) == bagged


async def test_a_brand_tagged_as_a_unit_still_names_the_product(
    wired: Clients,
) -> None:
    text = "hearttex toilet paper, 2 packs"
    entities = spans(text, ("unit", "hearttex"), ("product", "toilet paper"),
                     ("quantity", "2"), ("unit", "packs"))  # fmt: skip
    events, _ = await _draft(text, entities, **david())
    items = events[0]["value"]
    assert [(i["sku"], i["quantity"]) for i in items] == [("XXY-ROLL-10R-10", 2)]


async def test_a_chinese_name_cut_short_is_widened_where_it_fits_better(
    wired: Clients,
) -> None:
    cases = {
        # said, what NLU tagged, the line wanted
        "洪牛来四箱": ([("product", "牛"), ("quantity", "四"), ("unit", "箱")],
                     ("RB-ENERGY-250-24", 4)),
        "呃 农夫三泉要六箱": ([("product", "农夫"), ("quantity", "三泉"),
                          ("quantity", "六"), ("unit", "箱")],
                         ("NF-WATER-550-24", 6)),
        "康师府红烧牛肉面订三箱": ([("product", "红烧牛肉面"), ("quantity", "三"),
                             ("unit", "箱")], ("KSF-BEEF-BAG-24", 3)),
    }  # fmt: skip
    for text, (tagged, wanted) in cases.items():
        events, _ = await _draft(text, spans(text, *tagged), **weijun())
        items = events[0]["value"]
        assert items and [(i["sku"], i["quantity"]) for i in items] == [wanted], text
