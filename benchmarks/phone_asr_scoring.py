"""Scoring recognition: words, word errors, and the tally per condition.

Part of the phone recognition benchmark (``phone_asr_bench.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", " "))


def normal(text: str) -> str:
    return " ".join(words(text))


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (r != h)),
            )
    return row[-1]


@dataclass
class Utterance:
    source: str  # "fixture" or "owner set"
    reference: str
    pcm: bytes  # 16 kHz pcm16
    in_corpus: bool = False


@dataclass
class Tally:
    edits: int = 0
    ref_words: int = 0
    exact: int = 0
    count: int = 0
    audio_s: float = 0.0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    misses: list[tuple[str, str]] = field(default_factory=list)

    def add(self, utterance: Utterance, hyp: str, audio_s: float, wall, cpu) -> None:
        ref = words(utterance.reference)
        errors = edit_distance(ref, words(hyp))
        self.edits += errors
        self.ref_words += len(ref)
        self.exact += errors == 0
        self.count += 1
        self.audio_s += audio_s
        self.wall_s += wall
        self.cpu_s += cpu
        if errors:
            self.misses.append((utterance.reference, hyp))

    def line(self) -> str:
        wer = self.edits / self.ref_words if self.ref_words else 0.0
        return (
            f"WER {wer:6.1%} ({self.edits:3d}/{self.ref_words} words)  "
            f"exact {self.exact:2d}/{self.count:<2d} ({self.exact / self.count:4.0%})  "
            f"RTF wall {self.wall_s / self.audio_s:.3f} "
            f"CPU {self.cpu_s / self.audio_s:.3f}"
        )
