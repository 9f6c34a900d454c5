"""What every gateway request handler shares: engines, clients and live counters."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from aiohttp import web

from common.callers import CallerResolver
from voice.config import VoiceConfig
from voice.gateway.backend_client import BackendClient
from voice.gateway.rasa_client import RasaClient
from voice.metrics import ASR_STREAMS_OPEN
from voice.phone.calls import CallBook
from voice.speech.stt import RecognitionStream, SpeechToText, Transcript
from voice.speech.tts import Speech


class Synthesizer(Protocol):
    """Text to speech (``voice.speech.tts.TextToSpeech``)."""

    async def synthesize(
        self, text: str, language: str, slow: bool = False
    ) -> Speech | None:
        """Speak ``text``; None when every engine failed."""
        ...

    def stream(
        self, text: str, language: str, slow: bool = False
    ) -> AsyncIterator[Speech | None]:
        """Speak ``text`` piece by piece (None for a piece not spoken)."""
        ...


class Engines(Protocol):
    """The loaded speech engines (``voice.speech.registry.SpeechEngines``)."""

    @property
    def tts(self) -> Synthesizer:
        """The synthesiser."""
        ...

    def stt_for(self, language: str) -> SpeechToText:
        """Return the recogniser for a language, or raise SpeechUnavailable."""
        ...


class StreamCounter:
    """Counts open recognition streams, so tests and ``/healthz`` can spot leaks."""

    def __init__(self) -> None:
        self.open = 0
        self.opened_total = 0

    def open_stream(
        self,
        stt: SpeechToText,
        sample_rate: int,
        phrase_hints: Sequence[str] | None = None,
    ) -> CountedStream:
        """Open a stream on ``stt`` that is counted until it is closed."""
        stream = CountedStream(stt.open_stream(sample_rate, phrase_hints), self)
        self.open += 1
        self.opened_total += 1
        ASR_STREAMS_OPEN.inc()
        return stream


class CountedStream:
    """A recognition stream that gives its count back exactly once on close."""

    def __init__(self, inner: RecognitionStream, counter: StreamCounter) -> None:
        self._inner = inner
        self._counter: StreamCounter | None = counter

    async def accept(self, pcm16: bytes) -> Transcript | None:
        """Feed audio (see RecognitionStream.accept)."""
        return await self._inner.accept(pcm16)

    async def finish(self) -> Transcript:
        """Flush and return the final transcript."""
        return await self._inner.finish()

    def close(self) -> None:
        """Free the recognizer; idempotent."""
        self._inner.close()
        if self._counter is not None:
            self._counter.open -= 1
            self._counter = None
            ASR_STREAMS_OPEN.dec()


class AttemptLimiter:
    """Allows at most ``limit`` attempts per key in a sliding window (pairing codes)."""

    def __init__(self, limit: int, window_s: float) -> None:
        self._limit = limit
        self._window = window_s
        self._attempts: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record an attempt; False when the key used up its attempts."""
        now = time.monotonic()
        attempts = self._attempts.setdefault(key, deque())
        while attempts and now - attempts[0] > self._window:
            attempts.popleft()
        if len(attempts) >= self._limit:
            return False
        attempts.append(now)
        return True


@dataclass
class Gateway:
    """Shared state of one gateway process."""

    config: VoiceConfig
    engines: Engines
    backend: BackendClient
    callers: CallerResolver
    rasa: RasaClient
    phrase_hints: Mapping[str, Sequence[str]] = field(default_factory=dict)
    streams: StreamCounter = field(default_factory=StreamCounter)
    pair_limiter: AttemptLimiter = field(
        default_factory=lambda: AttemptLimiter(limit=10, window_s=600)
    )
    sessions: int = 0
    phone_calls: CallBook = field(default_factory=CallBook)
    turn_tasks: set[asyncio.Task[None]] = field(default_factory=set)


GATEWAY = web.AppKey("gateway", Gateway)
