"""The catalog → NLU generator's pure part, on a small product list."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.generate_nlu import (
    LOOKUP_PATH,
    SYNONYMS_PATH,
    USERDICT_PATH,
    base_name,
    render,
    write,
)


def product(sku: str, zh: str, en: str, brand_zh: str, brand_en: str, *aliases: str):
    return {
        "sku": sku, "name_zh": zh, "name_en": en, "brand_zh": brand_zh,
        "brand_en": brand_en, "category": "drinks", "pack_size": 24,
        "unit_zh": "箱", "unit_en": "case", "price": "48.00", "aliases": list(aliases),
    }  # fmt: skip


PRODUCTS = [
    product("KO-COLA-330-24", "可口可乐 330毫升", "Coca-Cola 330ml", "可口可乐",
            "Coca-Cola", "可乐", "coke"),
    product("KO-COLA-2L-6", "可口可乐 2升", "Coca-Cola 2L", "可口可乐", "Coca-Cola",
            "可乐", "coke"),
    product("PEP-COLA-330-24", "百事可乐 330毫升", "Pepsi Cola 330ml", "百事", "Pepsi",
            "可乐", "pepsi"),
    product("SPR-LEMON-330-24", "雪碧 330毫升", "Sprite 330ml", "雪碧", "Sprite",
            "sprite"),
    product("JH-OIL-5L-4", "金龙鱼调和油 5升", "Arawana Blended Oil 5L", "金龙鱼",
            "Arawana", "cooking oil", "食用油"),
]  # fmt: skip


def test_base_name_drops_the_size() -> None:
    assert base_name("可口可乐 330毫升") == "可口可乐"
    assert base_name("Arawana Blended Oil 5L") == "Arawana Blended Oil"
    assert base_name("Nongfu Spring Water 1.5L") == "Nongfu Spring Water"


def test_lookup_holds_names_brands_and_aliases() -> None:
    data = yaml.safe_load(render(PRODUCTS)[LOOKUP_PATH])
    (table,) = data["nlu"]
    assert table["lookup"] == "product"
    entries = [line[2:] for line in table["examples"].splitlines()]
    for expected in ("可口可乐 330毫升", "可口可乐", "coke", "Coca-Cola", "cooking oil",
                     "食用油", "Sprite", "百事", "Arawana Blended Oil"):  # fmt: skip
        assert expected in entries
    assert entries == sorted(entries, key=lambda e: (e.casefold(), e))
    assert len(entries) == len(set(entries))


def test_synonyms_never_map_an_ambiguous_alias() -> None:
    data = yaml.safe_load(render(PRODUCTS)[SYNONYMS_PATH])
    table = {
        item["synonym"]: [line[2:] for line in item["examples"].splitlines()]
        for item in data["nlu"]
    }
    every_alias = [alias for aliases in table.values() for alias in aliases]
    assert "可乐" not in every_alias  # Coca-Cola or Pepsi: the owner must say which
    assert "cooking oil" in table["金龙鱼调和油"]
    assert "coke" in table["可口可乐"]
    assert "pepsi" in table["百事可乐"]
    assert not any(alias.endswith(("毫升", "ml", "5L")) for alias in every_alias)


def test_userdict_has_products_and_count_words() -> None:
    lines = render(PRODUCTS)[USERDICT_PATH].splitlines()
    words = {line.split()[0]: int(line.split()[1]) for line in lines}
    for expected in ("可口可乐", "百事可乐", "金龙鱼调和油", "食用油", "两箱", "二十箱",
                     "半箱", "一打", "一箱"):  # fmt: skip
        assert expected in words
    assert "coke" not in words  # Latin words never reach Jieba
    assert all(" " not in line.split(" ", 2)[0] for line in lines)
    assert words["二十箱"] > 10000


def test_render_is_deterministic(tmp_path: Path) -> None:
    first = render(PRODUCTS)
    assert render(list(reversed(PRODUCTS))) == first
    write(first, tmp_path)
    assert (tmp_path / LOOKUP_PATH).read_text(encoding="utf-8") == first[LOOKUP_PATH]
