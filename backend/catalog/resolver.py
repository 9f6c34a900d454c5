"""Find the catalog product an owner means from what they said or typed.

Speech recognisers write homophones (克乐 for 可乐, 康帅傅 for 康师傅), owners use short
names (可乐, coke) and wrap the product in fillers and quantities (嗯那个二十箱可乐).
:class:`CatalogIndex` precomputes every comparable form of the catalog once; a query is
then folded, trimmed, turned into pinyin and compared with rapidfuzz's C-level ``cdist``
against prebuilt choice tables.

Scores are 0..1: 90% string similarity (the best of characters, pinyin and English),
5% for naming the product's brand, 5% for the size (the size the owner said, or the
line's standard size, as the catalog marks it, when they said none). Two different
product lines whose scores are within :data:`AMBIGUITY_MARGIN` make the answer
ambiguous (可乐 → 可口可乐 or 百事可乐).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backend.catalog.choice_tables import KeyTable
from backend.catalog.entry import CatalogEntry
from backend.catalog.lines import BrandTables, build_tables
from backend.catalog.normalise import (
    fold,
    has_han,
    sound,
    split_sizes,
    strip_spoken,
)

MAX_QUERY_LENGTH = 200
"""Longer queries are refused: no product mention is that long."""
MIN_SIMILARITY = 78.0
"""Raw similarity (0..100) below which an entry is not a candidate at all."""
AMBIGUITY_MARGIN = 0.03
"""Different lines scoring within this of the best make the answer ambiguous."""
PINYIN_WEIGHT = 0.95
"""Sounding alike counts slightly less than being written alike."""


class QueryTooLongError(ValueError):
    """The query exceeds :data:`MAX_QUERY_LENGTH` characters."""


@dataclass(frozen=True)
class Match:
    """A candidate product and how well it fits the query (0..1)."""

    entry: CatalogEntry
    score: float


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one query.

    Attributes:
        query: The query as given.
        candidates: Best first, one per product line (in the size the owner said,
            else the line's standard size); empty when nothing is reasonably close.
        ambiguous: True when different products fit about equally well and the owner
            should be asked which one they mean.
    """

    query: str
    candidates: tuple[Match, ...]
    ambiguous: bool

    @property
    def best(self) -> Match | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


class CatalogIndex:
    """A search index over catalog entries, built once and shared read-only."""

    def __init__(
        self,
        entries: Sequence[CatalogEntry],
        standard_skus: Collection[str] = (),
    ) -> None:
        """Precompute every key of every entry.

        Args:
            entries: The catalog, in any order (a database may sort it by SKU). SKUs
                must be unique and shaped ``BRAND-PRODUCT-SIZE-PACK``.
            standard_skus: The size picked when the owner names none, one per product
                line (the database's ``products.standard_size``); a line with none
                favours no size.
        """
        self.entries: tuple[CatalogEntry, ...] = tuple(entries)
        tables = build_tables(self.entries, frozenset(standard_skus))
        self._zh: KeyTable = tables.zh
        self._sound: KeyTable = tables.sound
        self._en: KeyTable = tables.en
        self._brands: BrandTables = tables.brands
        self._line_of: npt.NDArray[np.intp] = tables.line_of
        self._is_default: npt.NDArray[np.bool_] = tables.is_default
        self._sizes: tuple[str, ...] = tables.sizes

    def resolve(
        self, query: str, lang: str | None = None, limit: int = 5
    ) -> Resolution:
        """Rank the catalog entries the query may mean.

        Args:
            query: What the owner said or typed, in Chinese or English.
            lang: The owner's language (``zh``/``en``). Chinese characters are always
                read as Chinese; a Latin-letter query from a ``zh`` owner is also read
                as typed pinyin (``kele``).
            limit: Most candidates to return (at least 1).

        Returns:
            The ranked candidates; empty for an empty query or when nothing is close.

        Raises:
            QueryTooLongError: The query is longer than :data:`MAX_QUERY_LENGTH`.
            ValueError: ``limit`` below 1 or an unknown ``lang``.
        """
        if len(query) > MAX_QUERY_LENGTH:
            raise QueryTooLongError(f"query longer than {MAX_QUERY_LENGTH} characters")
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if lang not in (None, "zh", "en"):
            raise ValueError("lang must be 'zh' or 'en'")
        text = strip_spoken(fold(query))
        if not text:
            return Resolution(query, (), False)
        sizes, name = split_sizes(text)
        similarity, brand_hit = self._similarity(name, lang)
        if not similarity.any():
            return Resolution(query, (), False)
        size = self._size_fit(sizes)
        scores = 0.9 * similarity / 100 + 0.05 * brand_hit + 0.05 * size
        scores[similarity < MIN_SIMILARITY] = 0.0
        return self._rank(query, scores, limit)

    def _similarity(
        self, name: str, lang: str | None
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        count = len(self.entries)
        heard: str | None = None
        if has_han(name):
            heard = sound(name)
            similarity = np.maximum(
                self._zh.scores(name, count, MIN_SIMILARITY),
                PINYIN_WEIGHT * self._sound.scores(heard, count, MIN_SIMILARITY),
            )
        else:
            similarity = self._en.scores(name, count, MIN_SIMILARITY)
            if lang == "zh" or not (similarity >= MIN_SIMILARITY).any():
                # Latin letters from a Chinese speaker may be typed pinyin (kele).
                typed = self._sound.scores(sound(name), count, MIN_SIMILARITY)
                similarity = np.maximum(similarity, PINYIN_WEIGHT * typed)
        candidates = similarity >= MIN_SIMILARITY
        return similarity, self._brands.named(candidates, name, heard)

    def _size_fit(self, sizes: frozenset[str]) -> npt.NDArray[np.float32]:
        # The size the owner said, else the line's standard size.
        if not sizes:
            return self._is_default.astype(np.float32)
        return np.fromiter(
            (size in sizes for size in self._sizes), dtype=np.float32,
            count=len(self._sizes),
        )

    def _rank(
        self, query: str, scores: npt.NDArray[np.float64], limit: int
    ) -> Resolution:
        # Stable sort: equal scores keep catalog order. Only the best size of each
        # product line is a candidate; the owner's size (or the standard one) wins.
        order = np.argsort(-scores, kind="stable")
        chosen: list[int] = []
        seen: set[int] = set()
        for i in order:
            if scores[i] <= 0 or len(chosen) == limit + 1:
                break
            line = int(self._line_of[i])
            if line not in seen:
                seen.add(line)
                chosen.append(int(i))
        ambiguous = len(chosen) >= 2 and (
            scores[chosen[1]] >= scores[chosen[0]] - AMBIGUITY_MARGIN
        )
        candidates = tuple(
            Match(self.entries[i], round(min(float(scores[i]), 1.0), 4))
            for i in chosen[:limit]
        )
        return Resolution(query, candidates, bool(ambiguous))
