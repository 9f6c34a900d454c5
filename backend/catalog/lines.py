"""Turn catalog entries into the key tables the resolver searches.

Entries are grouped into product lines (the SKU without its size and pack parts); each
entry is then named by its printed name, its line name without the size, the product
name without the brand, its aliases and its brand, in Chinese characters, pinyin and
English.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from backend.catalog.choice_tables import KeyTable, KeyTableBuilder
from backend.catalog.entry import CatalogEntry, line_code
from backend.catalog.normalise import compact, fold, has_han, sound

# How much each kind of key says about one particular entry.
NAME_WEIGHT = 1.0
ALIAS_WEIGHT = 1.0
PRODUCT_WEIGHT = 0.9  # 红烧牛肉面 without the brand fits several brands' lines
BRAND_WEIGHT = 0.9  # a brand alone names a family of products
COMPOUND_WEIGHT = 0.95  # brand + short name: 海天酱油 (below a listed alias)

# The printed size at the end of an English name of a one-size line: "330ml", "12 pcs",
# "10 packs", "3-ply 100 sheets", "4-pack", "40-piece bottle".
_TRAILING_SIZE = re.compile(
    r"\s+\d[\d.]*(?:ml|l|g|kg|\s+(?:pcs|packs?|rolls|coils|pads)|-pack"
    r"|-ply \d+ sheets|-(?:piece|stick|coil) \w+)$",
    re.IGNORECASE,
)
BRAND_HIT = 80.0
"""Similarity at which the query is taken to name a brand."""


@dataclass(frozen=True)
class BrandTables:
    """Brand names in every form, to tell whether a query names a brand."""

    zh: tuple[str, ...]
    sound: tuple[str, ...]
    en: tuple[str, ...]
    brand_of: npt.NDArray[np.intp]
    """Brand number of each entry."""

    def named(
        self, candidates: npt.NDArray[np.bool_], text: str, heard: str | None
    ) -> npt.NDArray[np.float32]:
        """1.0 for each entry whose brand the query names, else 0.0.

        Args:
            candidates: Entries worth checking (the others get 0).
            text: The folded query name, Chinese compacted.
            heard: Its sound (:func:`~backend.catalog.normalise.sound`) for a Chinese
                query, None for an English one.
        """
        hits = [
            brand
            for brand in np.unique(self.brand_of[candidates])
            if (
                _contains(text, self.zh[brand] if heard is not None else self.en[brand])
                or (heard is not None and _contains(heard, self.sound[brand]))
                or (heard is None and _first_word_said(text, self.en[brand]))
            )
        ]
        return np.isin(self.brand_of, hits).astype(np.float32)


def _contains(query: str, brand: str) -> bool:
    # A brand is named when it fits inside the query; a query shorter than the brand
    # (可乐 against 可口可乐) must match it whole, else every short name "contains" it.
    if len(brand) <= len(query):
        return fuzz.partial_ratio(query, brand, score_cutoff=BRAND_HIT) > 0
    return fuzz.ratio(query, brand, score_cutoff=BRAND_HIT) > 0


def _first_word_said(query: str, brand: str) -> bool:
    # "nongfu water", "eastroc": owners say the first word of a two-word brand
    # ("Nongfu Spring", "Eastroc Super Drink") and leave the rest out.
    words = brand.split()
    return len(words) > 1 and len(words[0]) >= 4 and words[0] in query.split()


@dataclass(frozen=True)
class Tables:
    """Everything the resolver precomputes from the catalog."""

    zh: KeyTable
    sound: KeyTable
    en: KeyTable
    brands: BrandTables
    line_of: npt.NDArray[np.intp]
    is_default: npt.NDArray[np.bool_]
    sizes: tuple[str, ...]


def _common_prefix(names: Sequence[str]) -> str:
    # Word by word: "Coca-Cola 330ml" and "Coca-Cola 2L" share "Coca-Cola".
    first, *rest = (name.split() for name in names)
    common = 0
    while common < len(first) and all(
        len(words) > common and words[common] == first[common] for words in rest
    ):
        common += 1
    return " ".join(first[:common])


def _english_line_names(entries: Sequence[CatalogEntry]) -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(line_code(entry), []).append(entry.name_en)
    result = {}
    for line, names in groups.items():
        prefix = _common_prefix(names) if len(names) > 1 else ""
        result[line] = prefix or _TRAILING_SIZE.sub("", names[0])
    return result


def build_tables(
    entries: Sequence[CatalogEntry], standard_skus: Collection[str] = ()
) -> Tables:
    """Precompute every key of every entry.

    Args:
        entries: The catalog, in any order.
        standard_skus: The standard size of each line; a line with none of its SKUs
            listed has no standard size (no size of it is favoured).
    """
    zh, heard, en = KeyTableBuilder(), KeyTableBuilder(), KeyTableBuilder()
    en_lines = _english_line_names(entries)
    brand_numbers: dict[tuple[str, str], int] = {}
    lines: dict[str, int] = {}
    line_of, brand_of, is_default, sizes = [], [], [], []
    for index, entry in enumerate(entries):
        line = line_code(entry)
        is_default.append(entry.sku in standard_skus)
        line_of.append(lines.setdefault(line, len(lines)))
        brand_key = (entry.brand_zh, entry.brand_en)
        brand_of.append(brand_numbers.setdefault(brand_key, len(brand_numbers)))
        sizes.append(_add_keys(entry, index, en_lines[line], zh, heard, en))

    brand_list = list(brand_numbers)
    return Tables(
        zh=zh.build("chars", len(entries)),
        sound=heard.build("chars", len(entries)),
        en=en.build("words", len(entries)),
        brands=BrandTables(
            zh=tuple(compact(fold(b_zh)) for b_zh, _ in brand_list),
            sound=tuple(sound(compact(fold(b_zh))) for b_zh, _ in brand_list),
            en=tuple(fold(b_en) for _, b_en in brand_list),
            brand_of=np.array(brand_of, dtype=np.intp),
        ),
        line_of=np.array(line_of, dtype=np.intp),
        is_default=np.array(is_default, dtype=np.bool_),
        sizes=tuple(sizes),
    )


def _add_keys(
    entry: CatalogEntry,
    index: int,
    en_line: str,
    zh: KeyTableBuilder,
    heard: KeyTableBuilder,
    en: KeyTableBuilder,
) -> str:
    """Add every key of entry number ``index``; return its compact Chinese size."""

    def add_zh(text: str, weight: float) -> None:
        key = compact(fold(text))
        zh.add(key, index, weight)
        # Both readings: in context (番茄 fanqie) and char by char (茄 jia), because a
        # misheard query is read without the word it was meant to be part of.
        heard.add(sound(key), index, weight)
        heard.add(sound(key, context=False), index, weight)

    zh_line, _, zh_size = entry.name_zh.rpartition(" ")
    zh_line = zh_line or zh_size
    # The printed name with its size is not a key: the size is scored apart.
    add_zh(zh_line, NAME_WEIGHT)
    product_zh = zh_line.removeprefix(entry.brand_zh).strip()
    if len(product_zh) >= 2:
        add_zh(product_zh, PRODUCT_WEIGHT)
    add_zh(entry.brand_zh, BRAND_WEIGHT)

    en.add(fold(en_line), index, NAME_WEIGHT)
    product_en = fold(en_line.removeprefix(entry.brand_en))
    if len(product_en) >= 3:
        en.add(product_en, index, PRODUCT_WEIGHT)
    en.add(fold(entry.brand_en), index, BRAND_WEIGHT)

    for alias in entry.aliases:
        # Owners also put the brand before a short name: 海天酱油, 好丽友派.
        if has_han(alias):
            add_zh(alias, ALIAS_WEIGHT)
            if not alias.startswith(entry.brand_zh):
                add_zh(entry.brand_zh + alias, COMPOUND_WEIGHT)
        else:
            en.add(fold(alias), index, ALIAS_WEIGHT)
            en.add(fold(f"{entry.brand_en} {alias}"), index, COMPOUND_WEIGHT)
    return compact(fold(zh_size)) if zh_line != zh_size else ""
