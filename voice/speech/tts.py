"""Text to speech for every channel: gTTS, neural Mandarin, espeak-ng, cached.

Engines are tried in that order (the neural voice speaks Mandarin only).

A failure to speak never loses the answer: :meth:`TextToSpeech.synthesize` returns None
and the text still reaches the screen or chat. Every step down the chain is logged
and counted in :attr:`TextToSpeech.stats`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from common.languages import LANGUAGES
from voice.metrics import TTS_CACHE_LOOKUPS
from voice.speech.audio import (
    mp3_bytes,
    mulaw_encode,
    pcm16_resample,
    wav_bytes,
)
from voice.speech.pieces import speech_pieces
from voice.speech.tts_cache import SpeechCache
from voice.speech.tts_engines import (
    EspeakEngine,
    GttsEngine,
    SpeechEngine,
    SynthesisError,
)

log = logging.getLogger(__name__)

OUTPUT_RATE = 16000
_LONG_NUMBER = re.compile(r"\d{4,}")
Format = Literal["wav", "mp3", "mulaw8k"]


@dataclass(frozen=True)
class Speech:
    """Synthesised speech as mono pcm16."""

    pcm16: bytes
    sample_rate: int
    engine: str
    cached: bool


@dataclass
class SpeechStats:
    """What the engines did since start: who spoke, who failed, who was skipped."""

    spoken: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    resting: Counter[str] = field(default_factory=Counter)
    fallbacks: Counter[str] = field(default_factory=Counter)
    text_only: int = 0

    def as_dict(self) -> dict[str, object]:
        """The counters as plain JSON-ready values (for ``/healthz`` and logs)."""
        return {
            "spoken": dict(self.spoken),
            "failed": dict(self.failed),
            "resting": dict(self.resting),
            "fallbacks": dict(self.fallbacks),
            "text_only": self.text_only,
        }


class TextToSpeech:
    """Speak text in Mandarin or English, trying each engine in turn."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        gtts_timeout_s: float = 4.0,
        espeak_path: str = "espeak-ng",
        engines: Sequence[SpeechEngine] | None = None,
        neural_zh: SpeechEngine | None = None,
        neural_en: SpeechEngine | None = None,
    ) -> None:
        self.cache = SpeechCache(cache_dir)
        self.stats = SpeechStats()
        # Identical requests at the same moment (a greeting on many lines) share one
        # synthesis instead of racing each other through the engines.
        self._in_flight: dict[tuple[str, str, bool], asyncio.Task[Speech | None]] = {}
        if engines is None:
            chain = [
                GttsEngine(gtts_timeout_s),
                neural_zh,
                neural_en,
                EspeakEngine(espeak_path),
            ]
            engines = [engine for engine in chain if engine is not None]
        self.engines: list[SpeechEngine] = list(engines)

    async def stream(
        self, text: str, language: str, slow: bool = False
    ) -> AsyncIterator[Speech | None]:
        """Speak ``text`` piece by piece: the first is ready before the rest.

        Yields one item per :func:`~voice.speech.pieces.speech_pieces` piece (a
        Mandarin clause, an English sentence; None where every engine failed).
        """
        for piece in speech_pieces(text):
            yield await self.synthesize(piece, language, slow)

    async def synthesize(
        self, text: str, language: str, slow: bool = False
    ) -> Speech | None:
        """Return speech for ``text``, from the cache when any engine spoke it before.

        Returns None when the text is empty or every engine failed.
        """
        text = " ".join(text.split())
        if not text:
            return None
        if language not in LANGUAGES:
            log.warning("no voice for language %r; answering in text only", language)
            return None
        flight = (text, language, slow)
        task = self._in_flight.get(flight)
        if task is None:
            task = asyncio.ensure_future(self._synthesize(text, language, slow))
            self._in_flight[flight] = task
            task.add_done_callback(lambda _: self._in_flight.pop(flight, None))
        # Shielded: one caller hanging up must not cancel the others' answer.
        return await asyncio.shield(task)

    async def _synthesize(self, text: str, language: str, slow: bool) -> Speech | None:
        rate_label = "slow" if slow else "normal"
        keys = [
            (
                engine,
                self.cache.key(engine.name, engine.voice(language), rate_label, text),
            )
            for engine in self.engines
            if language in getattr(engine, "languages", LANGUAGES)
        ]
        for engine, key in keys:
            hit = await asyncio.to_thread(self.cache.get, key)
            if hit is not None:
                TTS_CACHE_LOOKUPS.labels("hit").inc()
                pcm, rate = hit
                return Speech(
                    _to_output_rate(pcm, rate), OUTPUT_RATE, engine.name, True
                )
        # Texts with codes are never stored: not misses the cache could have saved.
        TTS_CACHE_LOOKUPS.labels("miss" if cacheable(text) else "not_cacheable").inc()
        passed: list[str] = []  # Engines that were tried or skipped, in order.
        for engine, key in keys:
            if not engine.available():
                self.stats.resting[engine.name] += 1
                passed.append(engine.name)
                continue
            try:
                pcm, rate = await engine.synthesize(text, language, slow)
                if not pcm:
                    raise SynthesisError("no audio")
            except SynthesisError as error:
                log.info("%s could not speak: %s", engine.name, error)
                self.stats.failed[engine.name] += 1
                passed.append(engine.name)
                continue
            self._count(engine.name, passed, language)
            pcm = _to_output_rate(pcm, rate)
            if cacheable(text):
                await asyncio.to_thread(self.cache.put, key, pcm, OUTPUT_RATE)
            return Speech(pcm, OUTPUT_RATE, engine.name, False)
        self.stats.text_only += 1
        log.warning(
            "tts fallback: every speech engine failed (%s); answering in text only",
            ", ".join(passed) or "none",
        )
        return None

    def _count(self, engine: str, passed: list[str], language: str) -> None:
        self.stats.spoken[engine] += 1
        if passed:
            step = f"{passed[0]}->{engine}"
            self.stats.fallbacks[step] += 1
            log.info(
                "tts fallback %s (%s): %s passed over; total %d",
                step,
                language,
                ", ".join(passed),
                self.stats.fallbacks[step],
            )


def cacheable(text: str) -> bool:
    """False for texts holding codes or phone numbers (four digits or more in a row).

    They are never repeated, and pickup codes or numbers must not sit on disk.
    """
    return not _LONG_NUMBER.search(text)


def render(speech: Speech, fmt: Format) -> bytes:
    """Encode speech as WAV or MP3 at its rate, or as 8 kHz μ-law for phones."""
    if fmt == "wav":
        return wav_bytes(speech.pcm16, speech.sample_rate)
    if fmt == "mp3":
        return mp3_bytes(speech.pcm16, speech.sample_rate)
    if fmt == "mulaw8k":
        return mulaw_encode(pcm16_resample(speech.pcm16, speech.sample_rate, 8000))
    raise ValueError(f"unknown audio format {fmt!r}; use wav, mp3 or mulaw8k")


def _to_output_rate(pcm: bytes, rate: int) -> bytes:
    return pcm16_resample(pcm, rate, OUTPUT_RATE)
