"""Choice tables: the strings a query is compared with, and which entries they name.

One string (``可乐``) can name several entries (every cola), and one entry is named by
many strings (its printed name, short names, brand). A table keeps each string once so
rapidfuzz compares it once, plus flat ``(choice, entry, weight)`` arrays so that
per-entry scores are gathered with numpy instead of a Python loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

WHOLE_SCORERS: dict[str, Callable[..., float]] = {
    "chars": fuzz.ratio,
    "words": fuzz.token_sort_ratio,
}
"""How a whole query is compared with a whole choice: character by character (Chinese,
pinyin) or word by word in any order (English)."""

PARTIAL_BASE, PARTIAL_COVERAGE = 0.7, 0.2
"""One string exactly inside the other is worth 70 plus 20 times the share of the
longer string it covers: 可乐 inside 可口可乐 → 80, "pocket tissues" inside "hearttex
pocket tissues" beats "tissues"."""


@dataclass(frozen=True)
class KeyTable:
    """Deduplicated choice strings and the weighted entries each one names.

    A query's similarity to a choice is the best of the whole comparison and a strict
    partial one: one string inside the other scores by how much of the longer one it
    covers, and an approximate containment falls twice as fast as the plain partial
    ratio, so that a short query one letter off some word inside a long name ("kele"
    in "electrolyte") is no match. (WRatio is not used: it calls two strings that
    share any one word a perfect partial match.)
    """

    choices: tuple[str, ...]
    lengths: npt.NDArray[np.float32]
    pair_choice: npt.NDArray[np.intp]
    pair_entry: npt.NDArray[np.intp]
    pair_weight: npt.NDArray[np.float32]
    entry_starts: npt.NDArray[np.intp]
    whole: str

    def similarity(self, query: str, cutoff: float) -> npt.NDArray[np.float32]:
        """Similarity (0..100) of the query to every choice; 0 below ``cutoff``."""
        whole = process.cdist(
            [query], self.choices, scorer=WHOLE_SCORERS[self.whole],
            score_cutoff=cutoff, dtype=np.float32,
        )[0]
        partial = process.cdist(
            [query], self.choices, scorer=fuzz.partial_ratio,
            score_cutoff=(cutoff / (PARTIAL_BASE + PARTIAL_COVERAGE) + 100) / 2,
            dtype=np.float32,
        )[0]
        size = np.float32(len(query))
        coverage = np.minimum(self.lengths, size) / np.maximum(self.lengths, size)
        scale = PARTIAL_BASE + PARTIAL_COVERAGE * coverage
        best = np.maximum(whole, np.clip(2 * partial - 100, 0, None) * scale)
        if self.whole == "words":
            # All the words of one inside the other ("lays cucumber" in "lays potato
            # chips cucumber") counts like an exact containment.
            subset = process.cdist(
                [query], self.choices, scorer=fuzz.token_set_ratio, score_cutoff=100,
                dtype=np.float32,
            )[0]
            best = np.maximum(best, np.where(subset >= 100, 100 * scale, 0))
        return best.astype(np.float32)

    def scores(
        self, query: str, entry_count: int, cutoff: float
    ) -> npt.NDArray[np.float32]:
        """Best weighted similarity (0..100) of the query to each entry's strings.

        Args:
            query: Normalised query, comparable with the choices.
            entry_count: Number of catalog entries (length of the result).
            cutoff: Similarity below which a choice counts as no match.

        Returns:
            One score per entry; 0 where no string of the entry came close.
        """
        if not query or not self.choices:
            return np.zeros(entry_count, dtype=np.float32)
        weighted = self.similarity(query, cutoff)[self.pair_choice] * self.pair_weight
        # Pairs are sorted by entry, every entry has at least one: a segmented max.
        return np.maximum.reduceat(weighted, self.entry_starts)


class KeyTableBuilder:
    """Collects (string, entry, weight) triples; the best weight per pair wins."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._weights: dict[tuple[int, int], float] = {}

    def add(self, text: str, entry: int, weight: float) -> None:
        """Let ``text`` name entry number ``entry`` with the given weight."""
        if not text:
            return
        choice = self._index.setdefault(text, len(self._index))
        key = (choice, entry)
        self._weights[key] = max(weight, self._weights.get(key, 0.0))

    def build(self, whole: str, entry_count: int) -> KeyTable:
        """Freeze into arrays; ``whole`` is a key of :data:`WHOLE_SCORERS`.

        Raises:
            ValueError: Some entry has no string at all.
        """
        pairs = sorted(self._weights.items(), key=lambda item: item[0][::-1])
        entries = np.array([e for (_, e), _ in pairs], dtype=np.intp)
        if not np.array_equal(np.unique(entries), np.arange(entry_count)):
            raise ValueError("every catalog entry needs at least one key")
        return KeyTable(
            choices=tuple(self._index),
            lengths=np.array([len(c) for c in self._index], dtype=np.float32),
            pair_choice=np.array([c for (c, _), _ in pairs], dtype=np.intp),
            pair_entry=entries,
            pair_weight=np.array([w for _, w in pairs], dtype=np.float32),
            entry_starts=np.searchsorted(entries, np.arange(entry_count)),
            whole=whole,
        )
